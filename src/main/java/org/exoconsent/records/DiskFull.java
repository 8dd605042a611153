package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A full disk, told from a broken database (issue 14 §4): said so, a clinic frees space instead of restoring an old
 * backup over a database that is whole. The message is "the disk of DIR is full: free space, then try again; nothing
 * was changed" (the database rolled the transaction back; it is never left half written). Which of a database's
 * failures are a full disk is its store's to tell (for SQLite: {@link SqliteFailures#diskFull}); the file system's
 * own "no space left" is told here.
 */
public final class DiskFull extends StoreException {
    private static final long serialVersionUID = 1L;
    /** Less room than this on the data directory's file system makes a failed write a full disk: 1 MiB. */
    static final long NEARLY_FULL_BYTES = 1024 * 1024;

    /** The full disk of the data directory {@code dir}, {@code cause} the database's or file system's failure. */
    DiskFull(Path dir, Throwable cause) {
        super(message(dir), cause);
    }

    /**
     * Whether {@code failure} (or any of its causes) is a full disk as any store says it: a {@link DiskFull}, or the
     * file system's "No space left on device" ({@code ENOSPC}).
     */
    static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DiskFull) {
                return true;
            }
            String m = String.valueOf(t.getMessage());
            if (m.contains("No space left on device") || m.contains("ENOSPC")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the file system of {@code dir} has less than {@link #NEARLY_FULL_BYTES} left (false: cannot tell). */
    static boolean nearlyFull(Path dir) {
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
        return whatToDo(dir.toString());
    }

    /** As {@link #whatToDo(Path)} for a store named {@code where} (the data directory, or another vendor's store). */
    static String whatToDo(String where) {
        return "the disk of " + where + " is full: free space, then try again";
    }
}
