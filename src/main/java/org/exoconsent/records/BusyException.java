package org.exoconsent.records;

import java.nio.file.Path;

/**
 * A write that waited its turn longer than the busy timeout ({@code exoconsent.busyTimeoutMillis}, 10 s unless set)
 * while another ExoConsent program was writing the same data directory (issue 15 §2: writers are serialised by
 * SQLite's own write lock, never by a file anyone could delete). Nothing of this write was changed; the command line
 * exits 4 (the environment), the app says it and lets the person try again. Which of a database's failures is a wait
 * past the busy timeout is its store's to tell (for SQLite: {@link SqliteFailures#busy}; for PostgreSQL: a lock
 * wait past its {@code lock_timeout}, {@link PostgresStores#failure}).
 */
public final class BusyException extends StoreException {
    private static final long serialVersionUID = 1L;

    BusyException(Path dataDirectory, Throwable cause) {
        super(dataDirectory + ": " + busy() + "; nothing was changed, try again when it has finished", cause);
    }

    /**
     * A write that would have put {@code notWritten} in place with its audit entry: neither was written.
     *
     * @param where the data directory, or the store as messages name it (another vendor's)
     */
    BusyException(String where, Path notWritten, Throwable cause) {
        super(where + ": " + busy() + "; nothing was changed and " + notWritten + " was not written, try "
                + "again when it has finished", cause);
    }

    /** An opening that needed the database (to read it, bring it up to date or seed it) and was kept waiting. */
    static BusyException opening(Path dataDirectory, Throwable cause) {
        return opening(dataDirectory.toString(), cause);
    }

    /** As {@link #opening(Path, Throwable)} for a store named {@code where} (the data directory, or another's). */
    static BusyException opening(String where, Throwable cause) {
        return new BusyException(where + ": " + busy() + "; it was not opened and nothing was changed, try "
                + "again when it has finished", cause, true);
    }

    /**
     * A write to a shared store that waited longer than the busy timeout for the lock of the audit chain's head (issue
     * 17 §3: every writer of every device takes it first), which another device or program held.
     *
     * @param store the store as its messages name it (the server and database, never a password)
     */
    static BusyException sharedStore(String store, Throwable cause) {
        return new BusyException(store + ": the store is busy (another device or program has been writing to it for "
                + "more than " + seconds() + ": a recording, a backup or an update of the database); nothing was "
                + "changed, try again when it has finished", cause, true);
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
