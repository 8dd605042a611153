package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 §2 attack: after a kill, {@code records verify} said "3 orphan files" and listed 2, and the temporary
 * files a killed write left ({@code .incoming-N.tmp}, in the archive or beside the intent markers) were neither
 * removed nor named. Now every orphan counted is listed, and those temporary files — written only in SQLite's write
 * lock, so stale when verify holds it — are removed and said.
 */
class VerifyLeftoversCliTest {
    @TempDir
    Path tmp;

    @Test
    void everyOrphanCountedIsListedAndAKilledWritesTemporaryFilesAreRemovedAndSaid() throws Exception {
        Path data = tmp.resolve("data");
        DataDirectory dir = new DataDirectory(data);
        TestAccounts.everyone(dir, Examples.CLOCK);
        Path year = Files.createDirectories(dir.archive().resolve("2026"));
        Path stray = Files.write(year.resolve("EXO-STRAY.pdf"), "%PDF-1.7 put here by hand".getBytes());
        Path partial = Files.write(year.resolve(".incoming-123456.tmp"), "half a PDF".getBytes());
        Path marker = Files.write(Files.createDirectories(dir.pending()).resolve(".incoming-987654.tmp"),
                "half a marker".getBytes());

        CliTest.Run v = CliTest.asTester(Map.of(), "records", "verify", "--data-dir", data.toString());

        assertTrue(v.out().contains(", 1 orphan file,"), v.out());
        assertEquals(1, v.out().lines().filter(l -> l.startsWith("ORPHAN FILE: ")).count(), v.out());
        assertTrue(v.out().contains("ORPHAN FILE: '2026/EXO-STRAY.pdf' in " + dir.archive()), v.out());
        assertTrue(v.out().contains("removed 2 temporary files left by an interrupted write"), v.out());
        assertTrue(v.out().contains(partial.toString()) && v.out().contains(marker.toString()), v.out());
        assertFalse(Files.exists(partial));
        assertFalse(Files.exists(marker));
        assertTrue(Files.exists(stray), "a file not provably ours is never removed");
    }
}
