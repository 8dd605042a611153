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
 * {@link #BACKUP_1_3_0});</li>
 * <li>{@link #V1_4_0}: release 1.4.0, commit f401905 (schema migration 12, the release before issue 15's redesign of
 * the store: every file its owner's alone, lot and patient keys, a lot typed in two spellings on consents of one
 * catalog lot, the settings issue 15 moves — the staff PIN in {@code settings.properties}, a time zone, a backup
 * reminder, an anchor; with an encrypted backup, {@link #BACKUP_1_4_0});</li>
 * <li>{@link #V1_5_0}: release 1.5.0, commit 6c25db6 (schema migration 12, after issue 15's redesign of the store,
 * the release before issue 16: the same kinds of record as 1.4.0, the staff PIN in the database; with an encrypted
 * backup, {@link #BACKUP_1_5_0});</li>
 * <li>{@link #V1_6_0}: release 1.6.0, commit 4784652 (schema migration 14, after issue 16, the release before issue
 * 17: the same kinds of record as 1.5.0 on template 1.3.0, and what 1.6.0 added — an informed refusal (record kind
 * {@code refusal}), a staff language per account, a consultation staff ended before it was recorded; with an
 * encrypted backup, {@link #BACKUP_1_6_0}).</li>
 * </ul>
 * All have the same accounts ({@code admin/admin-password-1}, {@code yamada/physician-password-1},
 * {@code sato/staff-password-1}, {@code suzuki/manager-password-1}) and staff PIN {@code 2468}, and one patient
 * in common ({@link #RETURNING_PATIENT}). {@link #fixtures()} finds every fixture folder, so a test run over all
 * of them covers the next one as soon as it is added; {@link #records(Path)} says what each holds.
 */
public final class PreviousRelease {
    /** The data directory made by release 1.0.0 (commit 85ff2f8): src/test/resources/fixtures/datadir-1.0.0. */
    public static final Path V1_0_0 = Path.of("src/test/resources/fixtures/datadir-1.0.0");
    /** The data directory made by the release before template 1.1.0 (the same as {@link #V1_0_0}). */
    public static final Path FIXTURE = V1_0_0;
    /** The draft of {@link #V1_0_0}, begun on template 1.0.0 (Japanese; 4 of 14 sections acknowledged). */
    public static final String DRAFT = "c4d8e2f0-7a61-4b3c-9e15-5f0a2b8d6c47";
    /**
     * {@link #V1_0_0}: every record, in the order they were recorded (three consents on template 1.0.0 and the
     * withdrawal of the third; see its README).
     */
    public static final List<String> RECORDS_1_0_0 = List.of("6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10",
            "a3e9b0c2-5d41-4f6a-8b27-91c4d0e6f538", "0b7d52e1-8c3a-4f0e-b6d9-2e4a7c19f305",
            "0b7d52e1-8c3a-4f0e-b6d9-2e4a7c19f305-withdrawal");

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

    /**
     * The data directory made by release 1.4.0 (commit f401905, schema V12, the release before issue 15's redesign of
     * the store): src/test/resources/fixtures/datadir-1.4.0, made with that release's command line (and, where it has
     * no command, the app's own classes: the staff PIN, the start page's snapshot, the draft) on 2026-11-30
     * (Asia/Tokyo); its README.md gives every command. Recipe, in short: {@code users add} ×4; {@code settings set}
     * idle-lock-minutes 15, backup-reminder-days 14, time-zone Asia/Tokyo, anchor {@link #ANCHOR_SETTING_1_4_0};
     * the staff PIN {@code 2468} ({@code StaffPin.set}, written to {@code settings.properties}); {@code catalog
     * add-lot} {@link #LOT_1_4_0} (and the same lot in full-width characters, refused by that release); for each
     * consent {@code confirm} by yamada, {@code render}, {@code record}, signed by the registered self-signed key
     * {@link #FINGERPRINT_1_4_0}; {@code withdraw} and {@code correct} by suzuki; {@code records recall} of the
     * full-width spelling; the draft; {@code backup} ({@link #BACKUP_1_4_0}); {@code records verify} (6 consents and
     * 1 withdrawal checked, 0 problems). Every file was written 0600 and every folder 0700, which
     * {@link #copyTo(Path, Path)} gives the copy again (git keeps neither).
     */
    public static final Path V1_4_0 = Path.of("src/test/resources/fixtures/datadir-1.4.0");
    /** {@link #V1_4_0}: the lot of デモ培養上清エクソソーム UC-10 added to the catalog in ASCII (expires 2027-08-31). */
    public static final String LOT_1_4_0 = "LOT-2026-08B";
    /**
     * {@link #V1_4_0}: {@link #LOT_1_4_0} as typed on a session file in full-width characters (the same key): release
     * 1.4.0 refused it as a second catalog lot but recorded a consent naming it, found by its key.
     */
    public static final String LOT_TYPED_1_4_0 = "ＬＯＴ－２０２６－０８Ｂ";
    /**
     * {@link #V1_4_0}: the Japanese consent of the adult P-000123 佐藤 花子 (anti-ageing drip, UC10-2611-04),
     * prepared, confirmed and recorded by yamada; active.
     */
    public static final String FIRST_JA_1_4_0 = "77ff69e8-2ec9-43de-bb87-e189fa98aef8";
    /**
     * {@link #V1_4_0}: the English consent of the adult P-000941 Oliver Bennett (hair, AD-2609-17), prepared,
     * confirmed and recorded by yamada; withdrawn ({@link #WITHDRAWAL_1_4_0}).
     */
    public static final String ADULT_EN_1_4_0 = "0ff08138-7eda-4a6e-beb1-785431d50d9e";
    /**
     * {@link #V1_4_0}: the Japanese consent of the minor P-000942 高橋 美咲 (16), with her legal representative
     * 高橋 真由美 (relationship {@code mother}), who consented; she signed her own assent. Prepared and recorded by
     * sato, confirmed by yamada; her telephone number corrected from 090-3333-0000 to 090-3333-0001
     * ({@link #CORRECTION_1_4_0}).
     */
    public static final String MINOR_JA_1_4_0 = "860aef77-d8b7-40f2-bca1-32c0e14ad08a";
    /**
     * {@link #V1_4_0}: the English consent of the minor P-000943 Charlotte Evans (15), with her legal representative
     * Daniel Evans (relationship {@code father}); she signed her own assent. Prepared and recorded by sato, confirmed
     * by yamada; active.
     */
    public static final String MINOR_EN_1_4_0 = "4d3f31b9-b682-48f3-af44-348c8fc6d83e";
    /** {@link #V1_4_0}: the Japanese consent of P-000944 田中 一郎, lot {@link #LOT_1_4_0} as the catalog spells it. */
    public static final String LOT_ASCII_JA_1_4_0 = "f894e339-376e-4b5c-b893-420cf74ae283";
    /**
     * {@link #V1_4_0}: the Japanese consent of P-000945 山本 健, lot {@link #LOT_TYPED_1_4_0} (the same lot, typed
     * full-width): a recall of either spelling must name both him and {@link #LOT_ASCII_JA_1_4_0}.
     */
    public static final String LOT_TYPED_JA_1_4_0 = "ca83ce99-1455-42c4-b6fb-201a8db34752";
    /** {@link #V1_4_0}: the withdrawal of {@link #ADULT_EN_1_4_0}, recorded by suzuki (dated 2026-11-30). */
    public static final String WITHDRAWAL_1_4_0 = ADULT_EN_1_4_0 + "-withdrawal";
    /** {@link #V1_4_0}: every record (table {@code record}) in the order recorded: six consents, one withdrawal. */
    public static final List<String> RECORDS_1_4_0 = List.of(FIRST_JA_1_4_0, ADULT_EN_1_4_0, MINOR_JA_1_4_0,
            MINOR_EN_1_4_0, LOT_ASCII_JA_1_4_0, LOT_TYPED_JA_1_4_0, WITHDRAWAL_1_4_0);
    /**
     * {@link #V1_4_0}: the correction of {@link #MINOR_JA_1_4_0}'s patient.phone, recorded by suzuki with
     * {@code exoconsent correct} (a signed document of table {@code correction}, not a record).
     */
    public static final String CORRECTION_1_4_0 = MINOR_JA_1_4_0 + "-correction-1";
    /**
     * {@link #V1_4_0}: the SHA-256 (lower-case hex) of every signed document as release 1.4.0 archived it, by
     * document id: the seven records and the correction.
     */
    public static final java.util.Map<String, String> DOCUMENTS_1_4_0 = java.util.Map.of(
            FIRST_JA_1_4_0, "0815a04bd903d403dec2bfd5fb5641acfd71601feb88fff4cb422e3abbfe5491",
            ADULT_EN_1_4_0, "8396816bfe33ab2f6d3aedfe9098d2887cc9bd0732485c81277bdfef5dd1d8c1",
            MINOR_JA_1_4_0, "bb62056a77aff18b59aad8cfaf441eec1195d5332a7b0635e67b5c589dab9da7",
            MINOR_EN_1_4_0, "fe0b9e1f0fda76b4b8889396e42f1888786f743c20ea566fa37f1b62fc1e0934",
            LOT_ASCII_JA_1_4_0, "edca6419e4098262bcc29a06abea6ba5516496e492742973ade82b4f61a0d8e1",
            LOT_TYPED_JA_1_4_0, "f4039b964f0487cfe37649c02163758813f72db9f4d39b31f691ff88965bc3ac",
            WITHDRAWAL_1_4_0, "455c7ad91f56374ff6d7455e8f7043f902475961610dd514b18c842c2a0833e3",
            CORRECTION_1_4_0, "18012e4d9fa8c0a78e48a83cf54e2dd9a603d4272264e85334d3258cd1388d6a");
    /**
     * The draft of {@link #V1_4_0} (schema 3, template 1.2.0, Japanese, patient P-000947 小林 翔太): prepared by
     * sato, the treatment confirmed by yamada with his password, sections 1 to 3 of 14 acknowledged, a physician's
     * note; resuming it continues at section 4, {@code infection}.
     */
    public static final String DRAFT_1_4_0 = "b2f93cb4-176d-44f8-b13d-7cc1aaff8301";
    /** {@link #V1_4_0}: the certificate SHA-256 of its registered self-signed key, as {@code keys show} gives it. */
    public static final String FINGERPRINT_1_4_0 =
            "5C:7F:4B:DC:57:D7:97:6F:9B:39:B2:BB:CB:B7:A6:B5:F3:6D:EA:BD:7B:65:29:F0:14:F1:D9:37:10:A2:0F:02";
    /**
     * {@link #V1_4_0}: the anchor its settings name, a file on a share that is gone since (a clinic whose anchor
     * disk is not mounted): {@code records verify} notes that it cannot be reached. Its folder must not exist where
     * the tests run ({@link #copyTo(Path, Path)} refuses then): the copies would all write to it.
     */
    public static final Path ANCHOR_SETTING_1_4_0 = Path.of("/mnt/clinic-share-1.4.0/exoconsent-anchor.txt");
    /** A copy of {@link #ANCHOR_SETTING_1_4_0} as the making left it (every head up to the last records verify). */
    public static final Path ANCHOR_1_4_0 = Path.of("src/test/resources/fixtures/anchor-1.4.0.txt");
    /**
     * An encrypted backup written by {@code exoconsent backup} of release 1.4.0 from {@link #V1_4_0} (before its last
     * {@code records verify}): every record, the correction, the accounts, the key, the settings, the draft;
     * passphrase {@link #BACKUP_PASSPHRASE_1_4_0}.
     */
    public static final Path BACKUP_1_4_0 = Path.of("src/test/resources/fixtures/backup-1.4.0.zip");
    /** The passphrase of {@link #BACKUP_1_4_0}. */
    public static final String BACKUP_PASSPHRASE_1_4_0 = "fixture-backup-passphrase-1.4.0";

    /**
     * The data directory made by release 1.5.0 (commit 6c25db6, after issue 15's redesign of the store, the release
     * before issue 16): src/test/resources/fixtures/datadir-1.5.0. The consultations of {@link #V1_4_0} made again with
     * new ids and patient numbers (P-000951 to P-000955; 佐藤 花子 keeps {@link #RETURNING_PATIENT}) on the clinic's
     * 2026-12-01 (Asia/Tokyo), and what 1.5.0 stores differently: the staff PIN in the database's settings (no
     * {@code settings.properties}), set and audited through the use case the home screen calls.
     */
    public static final Path V1_5_0 = Path.of("src/test/resources/fixtures/datadir-1.5.0");
    /** {@link #V1_5_0}: the Japanese consent of P-000123 佐藤 花子 (UC10-2611-04), by yamada; active. */
    public static final String FIRST_JA_1_5_0 = "ee39bac6-c725-4d5d-946c-89e24a709ce3";
    /** {@link #V1_5_0}: the English consent of P-000951 Oliver Bennett (AD-2609-17), by yamada; withdrawn. */
    public static final String ADULT_EN_1_5_0 = "b64b9b51-adf9-4d1a-af37-a1d7f4d81008";
    /**
     * {@link #V1_5_0}: the Japanese consent of the minor P-000952 高橋 美咲 with her legal representative 高橋 真由美
     * (母), who consented; the minor signed her assent; prepared and recorded by sato; her telephone number corrected
     * ({@link #CORRECTION_1_5_0}).
     */
    public static final String MINOR_JA_1_5_0 = "bb1b17dc-b1ed-4e0a-9fb1-4d0f85ae5772";
    /** {@link #V1_5_0}: the English consent of the minor P-000953 Charlotte Evans with Daniel Evans (父). */
    public static final String MINOR_EN_1_5_0 = "eb78ce87-06c3-4125-98ae-62363eb5534a";
    /** {@link #V1_5_0}: P-000954 田中 一郎, lot {@link #LOT_1_4_0} as the catalog spells it. */
    public static final String LOT_ASCII_JA_1_5_0 = "dbcffe4e-b7a0-4836-88ce-3161c2c8783f";
    /** {@link #V1_5_0}: P-000955 山本 健, the session naming the lot {@link #LOT_TYPED_1_4_0} (full-width). */
    public static final String LOT_TYPED_JA_1_5_0 = "c72831a9-f1a9-4cc5-a32f-33c179b7e8b0";
    /** {@link #V1_5_0}: the withdrawal of {@link #ADULT_EN_1_5_0}, by suzuki (dated 2026-12-01). */
    public static final String WITHDRAWAL_1_5_0 = ADULT_EN_1_5_0 + "-withdrawal";
    /** {@link #V1_5_0}: every record, in the order they were recorded (six consents and one withdrawal). */
    public static final List<String> RECORDS_1_5_0 = List.of(FIRST_JA_1_5_0, ADULT_EN_1_5_0, MINOR_JA_1_5_0,
            MINOR_EN_1_5_0, LOT_ASCII_JA_1_5_0, LOT_TYPED_JA_1_5_0, WITHDRAWAL_1_5_0);
    /** {@link #V1_5_0}: the correction of {@link #MINOR_JA_1_5_0}'s patient.phone, by suzuki. */
    public static final String CORRECTION_1_5_0 = MINOR_JA_1_5_0 + "-correction-1";
    /** {@link #V1_5_0}: the SHA-256 of every signed document as that release archived it (its README's file table). */
    public static final java.util.Map<String, String> DOCUMENTS_1_5_0 = java.util.Map.of(
            FIRST_JA_1_5_0, "300ecb3e3953a57a73653631abe784525d67c4fdea97f875e900e3c907609cd0",
            ADULT_EN_1_5_0, "458ff4e5fae6343fb3a070dcb98ee2dbe55b46fb4749ae6ed77c93cfbc95f6f2",
            MINOR_JA_1_5_0, "8d4ec0c507b408202394a835d5147fa2aacaa80270be70e2aed3c657cdd7b73b",
            MINOR_EN_1_5_0, "5a91fbf3e17ac40a4fc1589c36593438fb6b9b492b7c105f42a59fa461c7a0bd",
            LOT_ASCII_JA_1_5_0, "0121dfca1932317d4f3040b07d38d273e52dfc4e93d857affe8e003ec99f3312",
            LOT_TYPED_JA_1_5_0, "b0e974908d2ff3a933a08b9f626ecc1c4d43b91487ba120ad1f35fc7223e1ed2",
            WITHDRAWAL_1_5_0, "386ba566da2681f4e408be2359a1d5c7f38c9e3276a4c323c91dd15a9b7f4210",
            CORRECTION_1_5_0, "46fc2f1efa6a521999ebaeb4653efbf22865df95fa2994bc78a519fe5b265427");
    /**
     * The draft of {@link #V1_5_0} (schema 3, template 1.2.0, Japanese, patient P-000947 小林 翔太): prepared by sato,
     * confirmed by yamada, sections 1 to 3 of 14 acknowledged, a physician's note.
     */
    public static final String DRAFT_1_5_0 = "9f70d14b-a816-42c4-8e63-b46cd9a6f339";
    /** The certificate SHA-256 of {@link #V1_5_0}'s registered self-signed key. */
    public static final String FINGERPRINT_1_5_0 =
            "72:98:46:2D:7C:E8:A7:21:4D:97:3D:90:F0:5D:D7:20:F9:F5:B5:20:D5:BA:6D:92:93:E4:FC:D8:86:9C:97:0B";
    /** The anchor {@link #V1_5_0}'s settings name: a share that no longer exists (it must not exist here). */
    public static final Path ANCHOR_SETTING_1_5_0 = Path.of("/mnt/clinic-share-1.5.0/exoconsent-anchor.txt");
    /** The anchor file as the making of {@link #V1_5_0} left it (27 heads). */
    public static final Path ANCHOR_1_5_0 = Path.of("src/test/resources/fixtures/anchor-1.5.0.txt");
    /** The encrypted backup of {@link #V1_5_0}, made by admin before the last verification. */
    public static final Path BACKUP_1_5_0 = Path.of("src/test/resources/fixtures/backup-1.5.0.zip");
    /** The passphrase of {@link #BACKUP_1_5_0}. */
    public static final String BACKUP_PASSPHRASE_1_5_0 = "fixture-backup-passphrase-1.5.0";

    /**
     * The data directory made by release 1.6.0 (commit 4784652, schema V14, after issue 16 "The wizard on a real
     * clinic tablet", the release before issue 17): src/test/resources/fixtures/datadir-1.6.0. The consultations of
     * {@link #V1_5_0} made again with new ids and patient numbers (P-000961 to P-000965; 佐藤 花子 keeps
     * {@link #RETURNING_PATIENT}) on template 1.3.0, the one version a new data directory of that release has, on the
     * clinic's 2026-12-01 (Asia/Tokyo); and what 1.6.0 added: an informed refusal ({@link #REFUSAL_1_6_0}), a staff
     * language per account (sato {@code ja} when added, suzuki {@code en} set afterwards), a consultation staff
     * ended before it was recorded ({@link #ENDED_1_6_0}).
     */
    public static final Path V1_6_0 = Path.of("src/test/resources/fixtures/datadir-1.6.0");
    /** {@link #V1_6_0}: the Japanese consent of P-000123 佐藤 花子 (UC10-2611-04), by yamada; active. */
    public static final String FIRST_JA_1_6_0 = "1529dcc4-77d4-4e6c-93fb-02e23cbb9a10";
    /** {@link #V1_6_0}: the English consent of P-000961 Oliver Bennett (AD-2609-17), by yamada; withdrawn. */
    public static final String ADULT_EN_1_6_0 = "559dc747-b968-4042-b79b-3c4c2b557eb9";
    /**
     * {@link #V1_6_0}: the Japanese consent of the minor P-000962 高橋 美咲 with her legal representative 高橋 真由美
     * (母), who consented; the minor signed her assent; prepared and recorded by sato; her telephone number corrected
     * ({@link #CORRECTION_1_6_0}).
     */
    public static final String MINOR_JA_1_6_0 = "e2bd54bb-aef5-4ea3-b8fe-bd6c565ccbe6";
    /** {@link #V1_6_0}: the English consent of the minor P-000963 Charlotte Evans with Daniel Evans (父). */
    public static final String MINOR_EN_1_6_0 = "65f1ad84-a875-4fe6-a4af-9e03c956d1a0";
    /** {@link #V1_6_0}: P-000964 田中 一郎, lot {@link #LOT_1_4_0} as the catalog spells it. */
    public static final String LOT_ASCII_JA_1_6_0 = "f9093567-5c62-45a7-ba26-15a12a4a88ad";
    /** {@link #V1_6_0}: P-000965 山本 健, the session naming the lot {@link #LOT_TYPED_1_4_0} (full-width). */
    public static final String LOT_TYPED_JA_1_6_0 = "99e89b6f-c105-498d-9536-8d7ef08497ab";
    /**
     * {@link #V1_6_0}: the informed refusal (record kind {@code refusal}) of P-000966 渡辺 誠, who declined the knee
     * injection of lot {@link #LOT_1_4_0} after five of its sections, signed by him and by yamada; prepared and
     * recorded by sato, the treatment confirmed by yamada. A recall of the lot names it, marked, and never counts it
     * as a consent; it cannot be withdrawn.
     */
    public static final String REFUSAL_1_6_0 = "bccc8ddf-bd27-47c2-8f75-97b6d6c5e57b-refusal";
    /** {@link #V1_6_0}: the withdrawal of {@link #ADULT_EN_1_6_0}, by suzuki (dated 2026-12-01). */
    public static final String WITHDRAWAL_1_6_0 = ADULT_EN_1_6_0 + "-withdrawal";
    /**
     * {@link #V1_6_0}: every record, in the order they were recorded (six consents, the informed refusal and one
     * withdrawal).
     */
    public static final List<String> RECORDS_1_6_0 = List.of(FIRST_JA_1_6_0, ADULT_EN_1_6_0, MINOR_JA_1_6_0,
            MINOR_EN_1_6_0, LOT_ASCII_JA_1_6_0, LOT_TYPED_JA_1_6_0, REFUSAL_1_6_0, WITHDRAWAL_1_6_0);
    /** {@link #V1_6_0}: the correction of {@link #MINOR_JA_1_6_0}'s patient.phone, by suzuki. */
    public static final String CORRECTION_1_6_0 = MINOR_JA_1_6_0 + "-correction-1";
    /** {@link #V1_6_0}: the SHA-256 of every signed document as that release archived it (its README's file table). */
    public static final java.util.Map<String, String> DOCUMENTS_1_6_0 = java.util.Map.of(
            FIRST_JA_1_6_0, "59ae10844ce3060c84d6a4d533dca155206da6c68b08a24d1629d132c1785915",
            ADULT_EN_1_6_0, "2cdd41b070c3a46eba1e89dc2e84192f4899805d1cbf3193f593ed149678f196",
            MINOR_JA_1_6_0, "1c2fb6e47422abd4c97af544fd121d154229ac8c21d25fe8c438bb56d5e1d4e2",
            MINOR_EN_1_6_0, "fe9cbf1d7e321ce6e775e203510bf815df86a582a85dabf62681b3808572e724",
            LOT_ASCII_JA_1_6_0, "da0e5f68043b7c9b1e0b720ed5c3747226727fd748b939c0f1676488c86289f9",
            LOT_TYPED_JA_1_6_0, "2eab3decd0b3a41a278a9112c35ce00a6e9441b68215151eef58cd0dfffd3a3b",
            REFUSAL_1_6_0, "d4859c96f1035e98149af63392af412006fe4d25448521d40bea1327426782ae",
            WITHDRAWAL_1_6_0, "2ff72ce456a2800bca9f397b471856b86d862fe6773a0fb985caaafef1783a34",
            CORRECTION_1_6_0, "4b2037ae7d6aba95a06661f6544c970cec2267f2c2c42482d21faa2e3020952a");
    /**
     * The draft of {@link #V1_6_0} (schema 3, template 1.3.0, Japanese, patient P-000967 小林 翔太): prepared by sato,
     * confirmed by yamada, sections 1 to 3 of 14 acknowledged, a physician's note.
     */
    public static final String DRAFT_1_6_0 = "5f2e8a61-0c4b-4d7e-9b3a-6e1f2d8c4a97";
    /**
     * {@link #V1_6_0}: the consultation of P-000968 中村 陽子 that sato ended as not eligible after its first section
     * (audited {@code consultation-ended}); its draft is set aside in {@code drafts/abandoned}, not among the drafts.
     */
    public static final String ENDED_1_6_0 = "a3c9d0e2-7b41-4f65-8e2d-1c5b9f7a6d30";
    /** The certificate SHA-256 of {@link #V1_6_0}'s registered self-signed key. */
    public static final String FINGERPRINT_1_6_0 = "F0:6C:93:07:21:C2:DB:14:63:E5:47:AA:97:CF:94:12:69:48:AC:04:35:64:34:E6:D4:24:27:E3:72:2C:6B:3B";
    /** The anchor {@link #V1_6_0}'s settings name: a share that no longer exists (it must not exist here). */
    public static final Path ANCHOR_SETTING_1_6_0 = Path.of("/mnt/clinic-share-1.6.0/exoconsent-anchor.txt");
    /** The anchor file as the making of {@link #V1_6_0} left it (35 heads). */
    public static final Path ANCHOR_1_6_0 = Path.of("src/test/resources/fixtures/anchor-1.6.0.txt");
    /** The encrypted backup of {@link #V1_6_0}, made by admin before the last verification. */
    public static final Path BACKUP_1_6_0 = Path.of("src/test/resources/fixtures/backup-1.6.0.zip");
    /** The passphrase of {@link #BACKUP_1_6_0}. */
    public static final String BACKUP_PASSPHRASE_1_6_0 = "fixture-backup-passphrase-1.6.0";

    /** Where the fixtures are: src/test/resources/fixtures. */
    public static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    /** The first release that wrote every file of a data directory its owner's alone (issue 14 §1). */
    private static final List<Integer> OWNER_ONLY_SINCE = List.of(1, 4, 0);

    private PreviousRelease() {
    }

    /** Copies the 1.0.0 fixture ({@link #FIXTURE}) into {@code target} (created) and returns it. */
    public static Path copyTo(Path target) throws IOException {
        return copyTo(FIXTURE, target);
    }

    /**
     * Every fixture data directory: each folder {@code datadir-X.Y.Z} of {@link #FIXTURES}, oldest release first
     * (found on disk, not listed here, so that a fixture added later is in it at once).
     */
    public static List<Path> fixtures() throws IOException {
        try (Stream<Path> all = Files.list(FIXTURES)) {
            return all.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith("datadir-"))
                    .sorted(java.util.Comparator.comparing(PreviousRelease::release,
                            java.util.Comparator.comparingInt((List<Integer> v) -> v.get(0))
                                    .thenComparingInt(v -> v.get(1)).thenComparingInt(v -> v.get(2))))
                    .toList();
        }
    }

    /**
     * The release that made a fixture, from its folder's name ({@code datadir-1.4.0} → [1, 4, 0]).
     *
     * @throws IllegalArgumentException naming the folder when its name is not {@code datadir-} and three numbers
     */
    public static List<Integer> release(Path fixture) {
        String name = fixture.getFileName().toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("datadir-(\\d+)\\.(\\d+)\\.(\\d+)")
                .matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException(fixture + ": a fixture folder is named datadir-MAJOR.MINOR.PATCH");
        }
        return List.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /**
     * Every record (table {@code record}) a fixture holds, in the order they were recorded.
     *
     * @throws IllegalArgumentException naming the folder when this class does not describe it yet: a new fixture
     *                                  gets its constants here (and a README.md) when it is added
     */
    public static List<String> records(Path fixture) {
        return switch (fixture.getFileName().toString()) {
            case "datadir-1.0.0" -> RECORDS_1_0_0;
            case "datadir-1.1.0" -> RECORDS_1_1_0;
            case "datadir-1.2.0" -> RECORDS_1_2_0;
            case "datadir-1.3.0" -> RECORDS_1_3_0;
            case "datadir-1.4.0" -> RECORDS_1_4_0;
            case "datadir-1.5.0" -> RECORDS_1_5_0;
            case "datadir-1.6.0" -> RECORDS_1_6_0;
            default -> throw new IllegalArgumentException(fixture + ": PreviousRelease does not say which records "
                    + "this fixture holds; add its constants and a case to PreviousRelease.records");
        };
    }

    /**
     * Whether a fixture was made by a release before {@code release} ([major, minor, patch]), from its folder's name.
     *
     * @throws IllegalArgumentException naming the folder when its name is not {@code datadir-} and three numbers
     */
    public static boolean madeBefore(Path fixture, List<Integer> release) {
        List<Integer> v = release(fixture);
        for (int i = 0; i < 3; i++) {
            if (!v.get(i).equals(release.get(i))) {
                return v.get(i) < release.get(i);
            }
        }
        return false;
    }

    /**
     * Whether the release that made a fixture wrote every file 0600 and every folder 0700 (from 1.4.0, issue 14
     * §1), which a git checkout does not keep: {@link #copyTo(Path, Path)} gives them back. False for a folder not
     * named as a fixture (a data directory a test made).
     */
    public static boolean ownerOnly(Path fixture) {
        if (!fixture.getFileName().toString().matches("datadir-\\d+\\.\\d+\\.\\d+")) {
            return false; // a data directory a test made itself, copied as it is
        }
        return !madeBefore(fixture, OWNER_ONLY_SINCE);
    }

    /**
     * Copies a fixture ({@link #fixtures()}) into {@code target} (created), every file of it (its README.md too,
     * which the program ignores), and adds the empty folder {@code archive/.pending} the release left, which git
     * does not keep. For a release that wrote its files its owner's alone ({@link #ownerOnly}) every file of the
     * copy is made 0600 and every folder 0700, as that release left them (git keeps 0644 and 0755); the older ones
     * keep what the checkout gives, as their releases left them readable. Returns {@code target}.
     */
    public static Path copyTo(Path fixture, Path target) throws IOException {
        boolean ownerOnly = ownerOnly(fixture);
        for (java.util.Map.Entry<Path, Path> anchored : java.util.Map.of(V1_4_0, ANCHOR_SETTING_1_4_0, V1_5_0,
                ANCHOR_SETTING_1_5_0, V1_6_0, ANCHOR_SETTING_1_6_0).entrySet()) {
            if (fixture.getFileName().equals(anchored.getKey().getFileName())
                    && Files.exists(anchored.getValue().getParent())) {
                // every copy would append its heads to that one file, and each would then look rolled back to the next
                throw new IllegalStateException(anchored.getValue().getParent() + " exists on this computer: the "
                        + "anchor of " + anchored.getKey() + " must not be reachable from its copies; remove that "
                        + "folder");
            }
        }
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
        if (ownerOnly) {
            try (Stream<Path> all = Files.walk(target)) {
                for (Path p : all.toList()) {
                    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                            Files.isDirectory(p) ? "rwx------" : "rw-------"));
                }
            }
        }
        return target;
    }
}
