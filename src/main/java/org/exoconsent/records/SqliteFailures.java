package org.exoconsent.records;

import java.nio.file.Path;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Which SQLite failures are a wait past the busy timeout ({@link BusyException}) and which a full disk ({@link
 * DiskFull}): the SQLite store's reading of its driver's result codes (https://sqlite.org/rescode.html), for {@link
 * SqliteStores#failure}, {@link SqliteStores#beginWrite} and {@link Schema}. Everything above them sees only the two
 * exceptions.
 */
final class SqliteFailures {
    /** SQLite's full disk: {@code SQLITE_FULL}, or its shared-memory index ({@code -shm}) that cannot grow. */
    private static final Set<SQLiteErrorCode> FULL = Set.of(SQLiteErrorCode.SQLITE_FULL,
            SQLiteErrorCode.SQLITE_IOERR_SHMSIZE);
    /** A failed write, sync or truncation ("disk I/O error"): a full disk only where the disk has no room left. */
    private static final Set<SQLiteErrorCode> FAILED_WRITE = Set.of(SQLiteErrorCode.SQLITE_IOERR,
            SQLiteErrorCode.SQLITE_IOERR_WRITE, SQLiteErrorCode.SQLITE_IOERR_FSYNC,
            SQLiteErrorCode.SQLITE_IOERR_DIR_FSYNC, SQLiteErrorCode.SQLITE_IOERR_TRUNCATE,
            SQLiteErrorCode.SQLITE_IOERR_SHMMAP, SQLiteErrorCode.SQLITE_IOERR_SHMOPEN,
            SQLiteErrorCode.SQLITE_IOERR_MMAP);

    private SqliteFailures() {
    }

    /**
     * Whether a failure is SQLite's "busy" (SQLITE_BUSY or one of its extended codes; "database is locked"): another
     * connection held the lock this one needed for longer than the busy timeout.
     */
    static boolean busy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s && (s.getResultCode().code & 0xff) == 5) {
                return true;
            }
            String m = String.valueOf(t.getMessage());
            if (m.contains("SQLITE_BUSY") || m.contains("database is locked")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code failure} (or any of its causes) is the disk of {@code dir} being full (issue 14 §4): what {@link
     * DiskFull#is} tells from any store, {@code SQLITE_FULL} or {@code SQLITE_IOERR_SHMSIZE} (also as sqlite-jdbc
     * writes them in a message rewrapped by Flyway), or a failed write ({@code SQLITE_IOERR_WRITE} and its kin) where
     * the data directory's file system has less than {@link DiskFull#NEARLY_FULL_BYTES} left. A damaged database is
     * never a full disk.
     *
     * @param dir the data directory, whose file system's free space decides a failed write
     */
    static boolean diskFull(Throwable failure, Path dir) {
        if (DiskFull.is(failure)) {
            return true;
        }
        boolean failedWrite = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("database or disk is full")) {
                return true;
            }
            if (t instanceof SQLiteException e) {
                if (FULL.contains(e.getResultCode())) {
                    return true;
                }
                failedWrite |= FAILED_WRITE.contains(e.getResultCode());
            } else if (m.contains("[SQLITE_FULL]") || m.contains("[SQLITE_IOERR_SHMSIZE]")) {
                return true; // the code as sqlite-jdbc writes it, the exception rewrapped (Flyway)
            } else if (m.contains("(disk I/O error)")) {
                failedWrite = true;
            }
        }
        return failedWrite && DiskFull.nearlyFull(dir);
    }
}
