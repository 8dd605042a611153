package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Which SQLite failures are a full disk (issue 14 §4); FullDiskSignInTest fills a real one. A damaged database stays
 * a damaged database: only the disk-full codes, and a failed write where the disk has no room left, are said full.
 */
class DiskFullTest {
    @TempDir
    Path roomy;

    private static SQLiteException sqlite(SQLiteErrorCode code) {
        return new SQLiteException("[" + code.name() + "] " + code.message, code);
    }

    @Test
    void sqliteFullAndTheSharedMemorySizeAreAFullDiskWhereverTheyAreWrapped() {
        assertTrue(DiskFull.is(sqlite(SQLiteErrorCode.SQLITE_FULL), roomy));
        assertTrue(DiskFull.is(sqlite(SQLiteErrorCode.SQLITE_IOERR_SHMSIZE), roomy));
        assertTrue(DiskFull.is(new StoreException("x", new RuntimeException("flyway", sqlite(
                SQLiteErrorCode.SQLITE_IOERR_SHMSIZE))), roomy), "through the causes");
        assertTrue(DiskFull.is(new RuntimeException("migration failed: [SQLITE_FULL] database or disk is full"),
                roomy), "the code rewrapped as text (Flyway)");
        assertTrue(DiskFull.is(new java.io.IOException("No space left on device"), roomy));
    }

    @Test
    void aFailedWriteIsAFullDiskOnlyWhereTheDiskHasNoRoomAndADamagedDatabaseNever() {
        assertFalse(DiskFull.is(sqlite(SQLiteErrorCode.SQLITE_IOERR_WRITE), roomy),
                "a failed write on a disk with room: said as it is");
        assertFalse(DiskFull.is(sqlite(SQLiteErrorCode.SQLITE_CORRUPT), roomy));
        assertFalse(DiskFull.is(sqlite(SQLiteErrorCode.SQLITE_NOTADB), roomy));
    }
}
