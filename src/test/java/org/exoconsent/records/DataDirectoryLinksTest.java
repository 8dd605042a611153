package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 §2: the database is opened without following a symbolic link, even past the opening's check (which
 * refuses a data directory holding any link: {@code FilePermissionsCliTest}); the old lock file is never opened.
 */
class DataDirectoryLinksTest {
    @TempDir
    Path tmp;

    @Test
    void theOldLockFileIsNeverOpenedEvenWhenALinkWasPlantedInItsPlace() throws Exception {
        // issue 15 §2: no lock file is taken any more; a data directory of an earlier release may hold one
        Path data = Files.createDirectory(tmp.resolve("data"));
        try (RecordStore store = TestAccounts.open(new DataDirectory(data), org.exoconsent.testing.Examples.CLOCK,
                "test")) {
            assertEquals(0, store.count());
        }
        assertTrue(Files.notExists(data.resolve(DataDirectory.LOCK)), "no lock file is made");
        Files.writeString(data.resolve(DataDirectory.LOCK), "record, process 1, since 2026-01-01T00:00:00Z");
        try (RecordStore store = TestAccounts.open(new DataDirectory(data), org.exoconsent.testing.Examples.CLOCK,
                "test")) {
            assertEquals(0, store.count(), "an old lock file is tolerated");
        }
        assertEquals("record, process 1, since 2026-01-01T00:00:00Z", Files.readString(data.resolve(
                DataDirectory.LOCK)), "and left as it was");
    }

    @Test
    void sqliteNeverOpensTheDatabaseThroughALink() throws Exception {
        Path elsewhere = Files.createFile(tmp.resolve("elsewhere.db"));
        Path data = Files.createDirectory(tmp.resolve("data"));
        Path db = Files.createSymbolicLink(data.resolve(DataDirectory.DATABASE), elsewhere);
        StoreException e = assertThrows(StoreException.class, () -> Schema.open(db));
        assertTrue(e.getMessage().contains("SYMLINK") || e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals(0, Files.size(elsewhere), "no schema written through the link");
    }

    @Test
    void theOpeningRefusesADataDirectoryHoldingALinkNamingIt() throws Exception {
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Path data = Files.createDirectory(tmp.resolve("data"));
        Files.createSymbolicLink(data.resolve("archive"), outside);
        DataDirectory.NotOwnedException e = assertThrows(DataDirectory.NotOwnedException.class,
                () -> TestAccounts.open(new DataDirectory(data), org.exoconsent.testing.Examples.CLOCK, "test"));
        assertTrue(e.getMessage().contains(data.toRealPath().resolve("archive") + " is a symbolic link to "
                + outside), e.getMessage());
        try (var s = Files.list(outside)) {
            assertEquals(0, s.count(), "nothing made through it");
        }
        assertTrue(Files.notExists(data.resolve(DataDirectory.LOCK)), "nothing written");
    }
}
