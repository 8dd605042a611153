package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory marked as moved to a PostgreSQL store (issue 17 §4) never continues as a second clinic: every
 * opener of {@link RecordStore} for a data directory — the app's first look ({@code hasAccounts}), a sign-in, a first
 * run — refuses it, saying where the clinic's records are now, and nothing in it is written.
 */
class MovedDataDirectoryTest {
    private static final String STORE = "postgresql://db.clinic.lan:5432/exoconsent?user=exoconsent_app"
            + "&sslmode=verify-full";

    @TempDir
    Path tmp;

    @Test
    void everyOpeningOfAMovedDataDirectoryIsRefusedNamingTheStoreAndNothingIsWritten() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("clinic"));
        try (RecordStore admin = RecordStore.createFirstAdministrator(dir, Examples.CLOCK, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray(), "set up")) {
            assertTrue(admin.createdNow());
        }
        MovedDataDirectory.write(dir, STORE, Instant.parse("2026-11-30T20:00:00Z"), 7, "ab".repeat(32));
        Path mark = dir.root().resolve(DataDirectory.MOVED_TO);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mark)));
        byte[] database = Files.readAllBytes(dir.database());
        byte[] head = Files.readAllBytes(dir.auditHead());

        RefusedException app = assertThrows(RefusedException.class, () -> RecordStore.hasAccounts(dir,
                Examples.CLOCK));
        assertEquals(dir.root() + ": this data directory was moved to " + STORE + " on 2026-11-30 20:00 UTC "
                + "(exoconsent store migrate); the clinic's records are kept there now: open it with --store '" + STORE
                + "' or EXOCONSENT_STORE. Nothing is read or written here any more (" + mark + ").", app.getMessage());
        MovedDataDirectory.Moved moved = (MovedDataDirectory.Moved) app;
        assertEquals(STORE, moved.store(), "for the app's screen, in the staff language");
        assertEquals(Instant.parse("2026-11-30T20:00:00Z"), moved.movedAt());
        assertThrows(RefusedException.class, () -> RecordStore.signIn(dir, Examples.CLOCK, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray(), "sign in"));
        assertThrows(RefusedException.class, () -> RecordStore.createFirstAdministrator(dir, Examples.CLOCK,
                "another", "another long password".toCharArray(), "first run"));
        assertThrows(RefusedException.class, () -> RecordStore.requireExisting(dir));

        assertArrayEquals(database, Files.readAllBytes(dir.database()), "no sign-in attempt or entry written");
        assertArrayEquals(head, Files.readAllBytes(dir.auditHead()));
    }

    /**
     * The review of issue 17 (F7): deleting {@code moved-to.txt} reopened a moved data directory, and a second copy
     * of the clinic then diverged. The move is marked in the database too: every opening is still refused, naming
     * the store and that the file was removed, and nothing is written.
     */
    @Test
    void deletingTheFileMarkDoesNotReopenIt() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("clinic"));
        try (RecordStore admin = RecordStore.createFirstAdministrator(dir, Examples.CLOCK, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray(), "set up")) {
            assertTrue(admin.createdNow());
        }
        MovedDataDirectory.write(dir, STORE, Instant.parse("2026-11-30T20:00:00Z"), 7, "ab".repeat(32));
        Files.delete(dir.root().resolve(DataDirectory.MOVED_TO));
        byte[] database = Files.readAllBytes(dir.database());
        byte[] head = Files.readAllBytes(dir.auditHead());

        RefusedException app = assertThrows(RefusedException.class, () -> RecordStore.hasAccounts(dir,
                Examples.CLOCK));
        assertEquals(dir.root() + ": this data directory was moved to " + STORE + " on 2026-11-30 20:00 UTC "
                + "(exoconsent store migrate); the clinic's records are kept there now: open it with --store '" + STORE
                + "' or EXOCONSENT_STORE. Nothing is read or written here any more (the setting moved-to in "
                + dir.database() + "; its file moved-to.txt was removed).", app.getMessage());
        assertThrows(MovedDataDirectory.Moved.class, () -> RecordStore.signIn(dir, Examples.CLOCK, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray(), "sign in"));
        assertThrows(MovedDataDirectory.Moved.class, () -> RecordStore.createFirstAdministrator(dir, Examples.CLOCK,
                "another", "another long password".toCharArray(), "first run"));
        assertArrayEquals(database, Files.readAllBytes(dir.database()), "no sign-in attempt or entry written");
        assertArrayEquals(head, Files.readAllBytes(dir.auditHead()));
    }
}
