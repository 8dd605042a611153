package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 §2: the lock file and the database are opened without following a symbolic link, even past the
 * opening's check (which refuses a data directory holding any link: {@code FilePermissionsCliTest}).
 */
class DataDirectoryLinksTest {
    @TempDir
    Path tmp;

    @Test
    void theLockIsNeverTakenThroughALinkWhichWouldTruncateTheFileItPointsTo() throws Exception {
        Path precious = Files.writeString(tmp.resolve("precious.conf"), "keep me");
        Path data = Files.createDirectory(tmp.resolve("data"));
        Files.createSymbolicLink(data.resolve(DataDirectory.LOCK), precious);
        StoreException e = assertThrows(StoreException.class, () -> new DataDirectory(data).lockForWriting("test"));
        assertTrue(e.getMessage().contains(data + ": cannot lock the data directory"), e.getMessage());
        assertEquals("keep me", Files.readString(precious));
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
        assertTrue(Files.notExists(data.resolve(DataDirectory.LOCK)), "nothing written, not even the lock");
    }
}
