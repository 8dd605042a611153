package org.exoconsent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The data directory made by the release before template 1.1.0 (commit 85ff2f8), kept as a fixture: see
 * src/test/resources/fixtures/datadir-1.0.0/README.md for its users, passwords, records, draft and staff PIN.
 * Opening a data directory changes it, so tests work on a copy.
 */
public final class PreviousRelease {
    public static final Path FIXTURE = Path.of("src/test/resources/fixtures/datadir-1.0.0");
    /** The draft begun on template 1.0.0 (Japanese; 4 of 14 sections acknowledged). */
    public static final String DRAFT = "c4d8e2f0-7a61-4b3c-9e15-5f0a2b8d6c47";

    private PreviousRelease() {
    }

    /** Copies the fixture into {@code target} (created) and returns it. */
    public static Path copyTo(Path target) throws IOException {
        try (Stream<Path> all = Files.walk(FIXTURE)) {
            for (Path p : all.toList()) {
                Path to = target.resolve(FIXTURE.relativize(p).toString());
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
