package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Tells a full disk from a broken database (issue 14 §4): on a full disk SQLite answers {@code SQLITE_FULL}, or,
 * when it cannot even grow its shared-memory index ({@code exoconsent.db-shm}), {@code SQLITE_IOERR_SHMSIZE}; a
 * failed write, sync or truncation ({@code SQLITE_IOERR_WRITE} and its kin, SQLite's "disk I/O error") is a full disk
 * when the data directory's file system has less than {@link #NEARLY_FULL_BYTES} left. Said so, a clinic frees space
 * instead of restoring an old backup over a database that is whole. Result codes: https://sqlite.org/rescode.html.
 */
final class DiskFull {
    /** Less room than this on the data directory's file system makes a failed write a full disk: 1 MiB. */
    static final long NEARLY_FULL_BYTES = 1024 * 1024;
    private static final Set<SQLiteErrorCode> FULL = Set.of(SQLiteErrorCode.SQLITE_FULL,
            SQLiteErrorCode.SQLITE_IOERR_SHMSIZE);
    private static final Set<SQLiteErrorCode> FAILED_WRITE = Set.of(SQLiteErrorCode.SQLITE_IOERR,
            SQLiteErrorCode.SQLITE_IOERR_WRITE, SQLiteErrorCode.SQLITE_IOERR_FSYNC,
            SQLiteErrorCode.SQLITE_IOERR_DIR_FSYNC, SQLiteErrorCode.SQLITE_IOERR_TRUNCATE,
            SQLiteErrorCode.SQLITE_IOERR_SHMMAP, SQLiteErrorCode.SQLITE_IOERR_SHMOPEN, SQLiteErrorCode.SQLITE_IOERR_MMAP);

    private DiskFull() {
    }

    /**
     * Whether {@code failure} (or any of its causes) is the disk of {@code dir} being full.
     *
     * @param dir the data directory, whose file system's free space decides a failed write
     */
    static boolean is(Throwable failure, Path dir) {
        boolean failedWrite = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("No space left on device") || m.contains("ENOSPC")
                    || m.contains("database or disk is full")) {
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
        return failedWrite && nearlyFull(dir);
    }

    private static boolean nearlyFull(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace() < NEARLY_FULL_BYTES;
        } catch (IOException | RuntimeException e) {
            return false; // cannot tell: the failure is said as it is
        }
    }

    /**
     * The message a full disk gets, whatever was being done: "the disk of DIR is full: free space, then try again;
     * nothing was changed" (SQLite rolled the transaction back; a database is never left half written).
     */
    static String message(Path dir) {
        return whatToDo(dir) + "; nothing was changed";
    }

    /** "the disk of DIR is full: free space, then try again", where something may already have been written. */
    static String whatToDo(Path dir) {
        return "the disk of " + dir + " is full: free space, then try again";
    }

    /** A {@link StoreException} with {@link #message}, the SQLite failure as its cause. */
    static StoreException exception(Path dir, Throwable cause) {
        return new StoreException(message(dir), cause);
    }
}
