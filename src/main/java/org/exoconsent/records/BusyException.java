package org.exoconsent.records;

import java.nio.file.Path;

/**
 * A write that waited its turn longer than the busy timeout ({@code exoconsent.busyTimeoutMillis}, 10 s unless set)
 * while another ExoConsent program was writing the same data directory (issue 15 §2: writers are serialised by
 * SQLite's own write lock, never by a file anyone could delete). Nothing of this write was changed; the command line
 * exits 4 (the environment), the app says it and lets the person try again. Which of a database's failures is a wait
 * past the busy timeout is its store's to tell (for SQLite: {@link SqliteFailures#busy}).
 */
public final class BusyException extends StoreException {
    private static final long serialVersionUID = 1L;

    BusyException(Path dataDirectory, Throwable cause) {
        super(dataDirectory + ": " + busy() + "; nothing was changed, try again when it has finished", cause);
    }

    /** A write that would have put {@code notWritten} in place with its audit entry: neither was written. */
    BusyException(Path dataDirectory, Path notWritten, Throwable cause) {
        super(dataDirectory + ": " + busy() + "; nothing was changed and " + notWritten + " was not written, try "
                + "again when it has finished", cause);
    }

    /** An opening that needed the database (to read it, bring it up to date or seed it) and was kept waiting. */
    static BusyException opening(Path dataDirectory, Throwable cause) {
        return new BusyException(dataDirectory + ": " + busy() + "; it was not opened and nothing was changed, try "
                + "again when it has finished", cause, true);
    }

    private BusyException(String message, Throwable cause, boolean unused) {
        super(message, cause);
    }

    /** The holder may be any program: an ExoConsent recording, a backup's copy, a migration, a SQLite tool. */
    private static String busy() {
        return "the data directory is busy (another program has been writing to it for more than " + seconds()
                + ": a recording, a backup, an update of the database or a SQLite tool)";
    }

    private static String seconds() {
        int ms = Schema.busyTimeoutMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
