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
 * supply, a minor's consent with a legal representative).</li>
 * </ul>
 * Both have the same accounts ({@code admin/admin-password-1}, {@code yamada/physician-password-1},
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
     * The patient number with a consent in both fixtures, of the same patient (佐藤 花子, born 1954-03-15): on
     * template 1.0.0 in {@link #V1_0_0} (record 6f1c2a4e-…), on 1.1.0 in {@link #V1_1_0} ({@link #ADULT_JA_1_1_0}).
     */
    public static final String RETURNING_PATIENT = "P-000123";

    private PreviousRelease() {
    }

    /** Copies the 1.0.0 fixture ({@link #FIXTURE}) into {@code target} (created) and returns it. */
    public static Path copyTo(Path target) throws IOException {
        return copyTo(FIXTURE, target);
    }

    /**
     * Copies a fixture ({@link #V1_0_0}, {@link #V1_1_0}) into {@code target} (created), every file of it (its
     * README.md too, which the program ignores), and adds the empty folder {@code archive/.pending} the release
     * left, which git does not keep. Returns {@code target}.
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
