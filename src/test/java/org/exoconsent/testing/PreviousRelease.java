package org.exoconsent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Data directories made by earlier releases, kept as fixtures so that every change is tested on what a clinic
 * already has; each fixture's README.md lists its users, passwords, records, draft and staff PIN, and says how it
 * was made. Opening a data directory changes it, so tests work on a copy ({@link #copyTo(Path, Path)}).
 * <ul>
 * <li>{@link #V1_0_0} ({@link #FIXTURE}): release 1.0.0, commit 85ff2f8 (schema migration 5, template 1.0.0);</li>
 * <li>{@link #V1_1_0}: release 1.1.0, commit 012c3ed (schema migration 7, template 1.1.0, products with origin and
 * supply, a minor's consent with a legal representative);</li>
 * <li>{@link #V1_2_0}: release 1.2.0, commit 85436fc (schema migration 7, template 1.2.0, sessions of schema 2
 * confirmed by the physician through the store, a minor's assent signed and one not signed, a returning patient
 * with {@code lastConsent}, a schema-2 draft);</li>
 * <li>{@link #V1_3_0}: release 1.3.0, commit e2b7a68 (schema migration 11, sessions of schema 3 with the clinic's
 * texts in the consultation's language, documents that carry their facts, a correction, registered signing keys,
 * and the data issue 14 needs: one lot typed in ASCII and in full-width form, a patient number with leading zeros,
 * texts that begin like a spreadsheet formula, a name outside the BMP; with an encrypted backup,
 * {@link #BACKUP_1_3_0}).</li>
 * </ul>
 * All have the same accounts ({@code admin/admin-password-1}, {@code yamada/physician-password-1},
 * {@code sato/staff-password-1}, {@code suzuki/manager-password-1}) and staff PIN {@code 2468}, and one patient
 * in common ({@link #RETURNING_PATIENT}).
 */
public final class PreviousRelease {
    /** The data directory made by release 1.0.0 (commit 85ff2f8): src/test/resources/fixtures/datadir-1.0.0. */
    public static final Path V1_0_0 = Path.of("src/test/resources/fixtures/datadir-1.0.0");
    /** The data directory made by the release before template 1.1.0 (the same as {@link #V1_0_0}). */
    public static final Path FIXTURE = V1_0_0;
    /** The draft of {@link #V1_0_0}, begun on template 1.0.0 (Japanese; 4 of 14 sections acknowledged). */
    public static final String DRAFT = "c4d8e2f0-7a61-4b3c-9e15-5f0a2b8d6c47";

    /** The data directory made by release 1.1.0 (commit 012c3ed): src/test/resources/fixtures/datadir-1.1.0. */
    public static final Path V1_1_0 = Path.of("src/test/resources/fixtures/datadir-1.1.0");
    /**
     * The draft of {@link #V1_1_0}, begun by yamada on template 1.1.0 (Japanese, patient P-000902; sections 1 to 3
     * of 14 acknowledged, a physician's note): resuming it continues at section 4, {@code infection}.
     */
    public static final String DRAFT_1_1_0 = "d7a3c1e9-2b45-4f86-9c0d-3e1f5a6b7c82";
    /** {@link #V1_1_0}: the Japanese consent of the adult P-000123 佐藤 花子, recorded by yamada; active. */
    public static final String ADULT_JA_1_1_0 = "6c155726-9470-416d-a826-812fddd36aaf";
    /** {@link #V1_1_0}: the English consent of the adult P-000903 Oliver Bennett, recorded by yamada; withdrawn. */
    public static final String ADULT_EN_1_1_0 = "12d7834b-0ebf-43bc-b528-5cfb4ed969e2";
    /**
     * {@link #V1_1_0}: the Japanese consent of the minor P-000904 伊藤 陽菜 (16 on the consultation day), signed
     * by her legal representative 伊藤 由美 (母) and the physician, not by the patient; recorded by sato; active.
     */
    public static final String MINOR_1_1_0 = "dea1aa29-ae52-4ae9-8867-c73c32009593";
    /** {@link #V1_1_0}: the withdrawal of {@link #ADULT_EN_1_1_0}, recorded by suzuki (dated 2026-11-28). */
    public static final String WITHDRAWAL_1_1_0 = ADULT_EN_1_1_0 + "-withdrawal";
    /** {@link #V1_1_0}: every record, in the order they were recorded (three consents and one withdrawal). */
    public static final List<String> RECORDS_1_1_0 = List.of(ADULT_JA_1_1_0, ADULT_EN_1_1_0, MINOR_1_1_0,
            WITHDRAWAL_1_1_0);
    /**
     * The patient number with a consent in every fixture, of the same patient (佐藤 花子, born 1954-03-15): on
     * template 1.0.0 in {@link #V1_0_0} (record 6f1c2a4e-…), on 1.1.0 in {@link #V1_1_0} ({@link #ADULT_JA_1_1_0}),
     * on 1.2.0 twice in {@link #V1_2_0} ({@link #FIRST_JA_1_2_0}, then {@link #RETURNING_JA_1_2_0}).
     */
    public static final String RETURNING_PATIENT = "P-000123";

    /**
     * The data directory made by release 1.2.0 (commit 85436fc, the release before issue 12):
     * src/test/resources/fixtures/datadir-1.2.0. Every consent was prepared as a schema-2 session, confirmed by
     * yamada with {@code exoconsent confirm} and recorded with {@code exoconsent record} on 2026-11-30 (Asia/Tokyo);
     * settings: idle-lock-minutes 15 (reflection-minutes the default 0).
     */
    public static final Path V1_2_0 = Path.of("src/test/resources/fixtures/datadir-1.2.0");
    /**
     * {@link #V1_2_0}: the Japanese consent of the adult P-000123 佐藤 花子 (anti-ageing drip, UC10-2611-04),
     * prepared, confirmed and recorded by yamada; active. Her first consent in this data directory.
     */
    public static final String FIRST_JA_1_2_0 = "3f6b9d2e-8c41-4a7e-b5d0-2e9a7c1f4b63";
    /**
     * {@link #V1_2_0}: the English consent of the adult P-000911 Oliver Bennett (hair, AD-2609-17), prepared,
     * confirmed and recorded by yamada; withdrawn ({@link #WITHDRAWAL_1_2_0}).
     */
    public static final String ADULT_EN_1_2_0 = "b81e4c07-5a3d-4f92-8e6b-0c7d2a9f1e54";
    /**
     * {@link #V1_2_0}: the Japanese consent of the minor P-000912 高橋 美咲 (16 on the consultation day), with her
     * legal representative 高橋 真由美, relationship the free text {@code 母}, who consented; the minor signed her own
     * assent. Prepared and recorded by sato, confirmed by yamada; active.
     */
    public static final String MINOR_JA_1_2_0 = "5c2a8e91-d4f7-4b36-a0e8-97b3f61c2d05";
    /**
     * {@link #V1_2_0}: the English consent of the minor P-000913 Charlotte Evans (15), with her legal representative
     * Rachel Evans, relationship the free text {@code mother}; the minor did not sign: {@code assentNotSigned} with
     * yamada's reason. Prepared and recorded by sato, confirmed by yamada; active.
     */
    public static final String MINOR_EN_1_2_0 = "e4d07b3a-61c9-4e85-9f2b-a8c5d3e70f16";
    /**
     * {@link #V1_2_0}: the second Japanese consent of P-000123 佐藤 花子 (knee, same day), whose {@code lastConsent}
     * names {@link #FIRST_JA_1_2_0} (template 1.2.0: no material change since, so no {@code changes-since}
     * section). Prepared and recorded by sato, confirmed by yamada; active.
     */
    public static final String RETURNING_JA_1_2_0 = "92a7f1c4-0e6b-4d38-b9a5-1f4e8c2d7a90";
    /** {@link #V1_2_0}: the withdrawal of {@link #ADULT_EN_1_2_0}, recorded by suzuki (dated 2026-11-30). */
    public static final String WITHDRAWAL_1_2_0 = ADULT_EN_1_2_0 + "-withdrawal";
    /** {@link #V1_2_0}: every record, in the order they were recorded (five consents and one withdrawal). */
    public static final List<String> RECORDS_1_2_0 = List.of(FIRST_JA_1_2_0, ADULT_EN_1_2_0, MINOR_JA_1_2_0,
            MINOR_EN_1_2_0, RETURNING_JA_1_2_0, WITHDRAWAL_1_2_0);
    /**
     * The draft of {@link #V1_2_0} (schema 2, template 1.2.0, Japanese, patient P-000914 小林 翔太): prepared by
     * sato, the treatment confirmed by yamada with his password, sections 1 to 3 of 14 acknowledged, a physician's
     * note; resuming it continues at section 4, {@code infection}.
     */
    public static final String DRAFT_1_2_0 = "7e5c9a13-4b82-4f6d-a0c7-d29e3b8f5164";

    /**
     * An unencrypted backup as releases up to 1.2.0 wrote them (a plain ZIP with SHA256SUMS; the writer is kept as
     * {@code records.LegacyBackup}), made of {@link #V1_2_0}: its six records, accounts, keys, draft and template.
     */
    public static final Path BACKUP_1_2_0 = Path.of("src/test/resources/fixtures/backup-1.2.0.zip");

    /**
     * The data directory made by release 1.3.0 (commit e2b7a68, the release before issue 14):
     * src/test/resources/fixtures/datadir-1.3.0. Every consent was prepared as a schema-3 session with the catalog's
     * texts in its language, confirmed by yamada with {@code exoconsent confirm} and recorded with
     * {@code exoconsent record} on 2026-11-30 (Asia/Tokyo), signed by the data directory's registered self-signed key;
     * settings: idle-lock-minutes 15, anchor none. The catalog is the demo catalog (with its English texts) plus two
     * lots of デモ培養上清エクソソーム UC-10 that are one lot typed twice: {@link #LOT_ASCII_1_3_0} and
     * {@link #LOT_FULL_WIDTH_1_3_0}.
     */
    public static final Path V1_3_0 = Path.of("src/test/resources/fixtures/datadir-1.3.0");
    /** {@link #V1_3_0}: a lot number of デモ培養上清エクソソーム UC-10 as typed in ASCII (expires 2027-07-31). */
    public static final String LOT_ASCII_1_3_0 = "LOT-2026-07A";
    /**
     * {@link #V1_3_0}: the same lot as {@link #LOT_ASCII_1_3_0}, entered again in the catalog in full-width
     * characters (U+FF2C U+FF2F U+FF34 U+FF0D U+FF12 ...; the same text after NFKC), which release 1.3.0 accepted
     * as another lot.
     */
    public static final String LOT_FULL_WIDTH_1_3_0 = "ＬＯＴ－２０２６－０７Ａ";
    /**
     * {@link #V1_3_0}: the Japanese consent of the adult P-000123 佐藤 花子 (anti-ageing drip, UC10-2611-04),
     * prepared, confirmed and recorded by yamada; active. Her only consent in this data directory.
     */
    public static final String FIRST_JA_1_3_0 = "dbcc9ecf-682a-47b6-9248-9554e3041ca6";
    /**
     * {@link #V1_3_0}: the English consent of the adult P-000931 Oliver Bennett (hair, AD-2609-17, tel
     * +44-7700-900111), prepared, confirmed and recorded by yamada; withdrawn ({@link #WITHDRAWAL_1_3_0}).
     */
    public static final String ADULT_EN_1_3_0 = "edb5b371-2670-44f8-9193-da97d496f2a3";
    /**
     * {@link #V1_3_0}: the Japanese consent of the minor P-000932 高橋 美咲 (16 on the consultation day), with her
     * legal representative 高橋 真由美 (relationship {@code mother}), who consented; the minor signed her own assent.
     * Prepared and recorded by sato, confirmed by yamada; active. Her telephone number was corrected from
     * 090-3333-0000 to 090-3333-0001 ({@link #CORRECTION_1_3_0}).
     */
    public static final String MINOR_JA_1_3_0 = "54b5dcc8-7cf2-4aa6-b72c-78186153744d";
    /**
     * {@link #V1_3_0}: the English consent of the minor P-000933 Charlotte Evans (15), with her legal representative
     * Daniel Evans (relationship {@code father}); the minor signed her own assent. Prepared and recorded by sato,
     * confirmed by yamada; active.
     */
    public static final String MINOR_EN_1_3_0 = "b78db9da-9c6b-4fdf-a95d-3ae66b72cccc";
    /**
     * {@link #V1_3_0}: the Japanese consent of patient number {@code 0012345} (leading zeros) 田中 一郎, telephone
     * {@code 0312345678}, lot {@link #LOT_ASCII_1_3_0} (knee). Prepared and recorded by sato, confirmed by yamada;
     * active.
     */
    public static final String LOT_ASCII_JA_1_3_0 = "8a81029d-e52e-47b5-9d54-431594a3453f";
    /**
     * {@link #V1_3_0}: the Japanese consent of P-000935 𠮷田 優子 (U+20BB7, outside the BMP; telephone 080-4444-0000),
     * lot {@link #LOT_FULL_WIDTH_1_3_0} (skin): the patient a recall of LOT-2026-07A must not miss. Prepared and
     * recorded by sato, confirmed by yamada; active.
     */
    public static final String LOT_FULL_WIDTH_JA_1_3_0 = "cc3fe94e-32b8-4df2-8e54-21c999e48ab9";
    /**
     * {@link #V1_3_0}: the English consent of P-000936 Grace Miller (hair, AD-2609-17), telephone
     * {@code +81-90-1234-5678}, whose address is {@link #FORMULA_1_3_0} and whose physician's note and patient
     * question begin with it. Prepared, confirmed and recorded by yamada; active.
     */
    public static final String FORMULA_EN_1_3_0 = "564a5c2c-2ce0-47b2-a841-9912b671d7d9";
    /** {@link #V1_3_0}: the text a spreadsheet would run as a formula, stored as typed. */
    public static final String FORMULA_1_3_0 = "=HYPERLINK(\"http://example.com\",\"x\")";
    /** {@link #V1_3_0}: the withdrawal of {@link #ADULT_EN_1_3_0}, recorded by suzuki (dated 2026-11-30). */
    public static final String WITHDRAWAL_1_3_0 = ADULT_EN_1_3_0 + "-withdrawal";
    /**
     * {@link #V1_3_0}: every record (table {@code record}), in the order they were recorded: seven consents and one
     * withdrawal. The correction ({@link #CORRECTION_1_3_0}) is a signed document of table {@code correction}, not a
     * record: the archive holds one PDF more.
     */
    public static final List<String> RECORDS_1_3_0 = List.of(FIRST_JA_1_3_0, ADULT_EN_1_3_0, MINOR_JA_1_3_0,
            MINOR_EN_1_3_0, LOT_ASCII_JA_1_3_0, LOT_FULL_WIDTH_JA_1_3_0, FORMULA_EN_1_3_0, WITHDRAWAL_1_3_0);
    /**
     * {@link #V1_3_0}: the correction of {@link #MINOR_JA_1_3_0}'s patient.phone (090-3333-0000 → 090-3333-0001),
     * recorded by suzuki with {@code exoconsent correct}; its PDF is archive/2026/11/{@code <id>}.pdf.
     */
    public static final String CORRECTION_1_3_0 = MINOR_JA_1_3_0 + "-correction-1";
    /**
     * The draft of {@link #V1_3_0} (schema 3, template 1.2.0, Japanese, patient P-000937 小林 翔太): prepared by
     * sato, the treatment confirmed by yamada with his password, sections 1 to 3 of 14 acknowledged, a physician's
     * note; resuming it continues at section 4, {@code infection}.
     */
    public static final String DRAFT_1_3_0 = "f9649cf2-5eb8-4cfb-99ec-b3abb2d33d6e";
    /**
     * An encrypted backup written by {@code exoconsent backup} of release 1.3.0 from {@link #V1_3_0} (before its last
     * {@code records verify}): every record, the accounts, the key, the draft; passphrase
     * {@link #BACKUP_PASSPHRASE_1_3_0}.
     */
    public static final Path BACKUP_1_3_0 = Path.of("src/test/resources/fixtures/backup-1.3.0.zip");
    /** The passphrase of {@link #BACKUP_1_3_0}. */
    public static final String BACKUP_PASSPHRASE_1_3_0 = "fixture-backup-passphrase-1.3.0";

    private PreviousRelease() {
    }

    /** Copies the 1.0.0 fixture ({@link #FIXTURE}) into {@code target} (created) and returns it. */
    public static Path copyTo(Path target) throws IOException {
        return copyTo(FIXTURE, target);
    }

    /**
     * Copies a fixture ({@link #V1_0_0}, {@link #V1_1_0}, {@link #V1_2_0}, {@link #V1_3_0}) into {@code target}
     * (created), every file of it (its README.md too, which the program ignores), and adds the empty folder
     * {@code archive/.pending} the release left, which git does not keep. Returns {@code target}.
     */
    public static Path copyTo(Path fixture, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(fixture)) {
            for (Path p : all.toList()) {
                Path to = target.resolve(fixture.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Files.createDirectories(target.resolve("archive/.pending")); // an empty folder, which git does not keep
        return target;
    }
}
