package org.exoconsent.records;

import java.sql.SQLException;

/**
 * The transactions of one opening of the store (issue 15 §2: readers beside the writer). A read transaction sees one
 * snapshot of the store however long it lasts, takes no lock and never makes a writer wait; a write transaction holds
 * the store's write lock from its beginning to its commit or rollback, so writers are serialised by the database
 * itself and by nothing anyone could delete. Not for use by two threads at once.
 */
public interface Transactions {
    /**
     * Begins a write transaction, waiting for another writer's lock up to the busy timeout.
     *
     * @throws BusyException when another program kept writing longer than the busy timeout: nothing was begun
     * @throws SQLException  when the database fails otherwise
     */
    void beginWrite() throws SQLException, StoreException;

    /** Begins a read transaction whose snapshot is taken at once (not at its first query). */
    void beginRead() throws SQLException;

    /** Commits the transaction under way (a read one: ends it). */
    void commit() throws SQLException;

    /** Rolls back the transaction under way, if any; a broken connection is left to discard it (never throws). */
    void rollback();

    /**
     * Says a database failure in the store's words: {@link BusyException} for a wait past the busy timeout, the
     * disk-full message for a full disk, otherwise the database's message after the store's name.
     */
    StoreException failure(SQLException e);
}
