package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Which SQLite failures are a full disk (issue 14 §4; {@link SqliteFailures}); FullDiskSignInTest fills a real one. A
 * damaged database stays a damaged database: only the disk-full codes, and a failed write where the disk has no room
 * left, are said full. What any store says ({@link DiskFull}) keeps its words wherever it is wrapped.
 */
class DiskFullTest {
    @TempDir
    Path roomy;

    private static SQLiteException sqlite(SQLiteErrorCode code) {
        return new SQLiteException("[" + code.name() + "] " + code.message, code);
    }

    @Test
    void sqliteFullAndTheSharedMemorySizeAreAFullDiskWhereverTheyAreWrapped() {
        assertTrue(SqliteFailures.diskFull(sqlite(SQLiteErrorCode.SQLITE_FULL), roomy));
        assertTrue(SqliteFailures.diskFull(sqlite(SQLiteErrorCode.SQLITE_IOERR_SHMSIZE), roomy));
        assertTrue(SqliteFailures.diskFull(new StoreException("x", new RuntimeException("flyway", sqlite(
                SQLiteErrorCode.SQLITE_IOERR_SHMSIZE))), roomy), "through the causes");
        assertTrue(SqliteFailures.diskFull(new RuntimeException("migration failed: [SQLITE_FULL] database or disk is full"),
                roomy), "the code rewrapped as text (Flyway)");
        assertTrue(SqliteFailures.diskFull(new java.io.IOException("No space left on device"), roomy));
    }

    @Test
    void aFailedWriteIsAFullDiskOnlyWhereTheDiskHasNoRoomAndADamagedDatabaseNever() {
        assertFalse(SqliteFailures.diskFull(sqlite(SQLiteErrorCode.SQLITE_IOERR_WRITE), roomy),
                "a failed write on a disk with room: said as it is");
        assertFalse(SqliteFailures.diskFull(sqlite(SQLiteErrorCode.SQLITE_CORRUPT), roomy));
        assertFalse(SqliteFailures.diskFull(sqlite(SQLiteErrorCode.SQLITE_NOTADB), roomy));
    }

    @Test
    void aFullDiskSaidByTheStoreOrTheFileSystemIsOneWhateverWrapsItAndSaysWhatToDo() {
        StoreException said = new DiskFull(roomy, sqlite(SQLiteErrorCode.SQLITE_FULL));
        assertEquals("the disk of " + roomy + " is full: free space, then try again; nothing was changed",
                said.getMessage());
        assertTrue(DiskFull.is(new StoreException("x was not written: " + said.getMessage(), said)));
        assertTrue(DiskFull.is(new java.io.IOException("write failed: No space left on device")));
        assertFalse(DiskFull.is(new java.io.IOException("Permission denied")));
    }

    @Test
    void onlyTheBusyCodesAreBusy() {
        assertTrue(SqliteFailures.busy(new StoreException("x", sqlite(SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT))));
        assertTrue(SqliteFailures.busy(new java.sql.SQLException("[SQLITE_BUSY] The database file is locked "
                + "(database is locked)")));
        assertFalse(SqliteFailures.busy(sqlite(SQLiteErrorCode.SQLITE_FULL)));
        assertFalse(SqliteFailures.busy(sqlite(SQLiteErrorCode.SQLITE_CORRUPT)));
    }
}
