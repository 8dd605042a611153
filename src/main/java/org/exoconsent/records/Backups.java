package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The backup and restore area of the store (issue 15 §1): the consistent copy of the database a backup holds, and
 * the facts of a restored (staged) database that a restore holds against what the administrator keeps outside the
 * backup ({@link RestoreChecks}). The copy is vendor's own: the same vendor's store opens it again on restore.
 */
public interface Backups {
    /** Work done at the moment of the copy, while every writer is held out (reading the files beside the database). */
    interface AtTheMoment {
        void run() throws IOException, SQLException, StoreException;
    }

    /**
     * Writes a copy of the whole database, as of one moment, into {@code file} (an empty file of the caller's, which
     * keeps its owner-only permissions), and runs {@code alsoThen} at that same moment. Writers — of this program or
     * others — are held out only while the copy is taken and {@code alsoThen} runs; readers go on. Unlike the other
     * areas' methods this one takes the write lock itself: call it outside any transaction of this opening.
     *
     * @return the archive names ({@link DocumentArchive}) the copy's index points to, records and corrections: the
     *         documents a backup of that moment must hold (archived documents are never changed, so they are
     *         copied afterwards, outside the lock)
     * @throws BusyException when another program kept writing longer than the busy timeout: nothing was copied
     */
    Set<String> snapshotTo(Path file, AtTheMoment alsoThen) throws SQLException, StoreException, IOException;

    /** An archived document as the index names it: its document id and its archive name. */
    record Document(String id, String name) {
    }

    /** Every document the index names (consents, withdrawals and corrections), oldest recorded first. */
    List<Document> documents() throws SQLException;

    /**
     * The roles the audit trail last gave each account ({@code user-added}, then {@code user-roles-changed}), by
     * lower-case account name; the roles as the trail wrote them (comma-separated).
     */
    Map<String, String> rolesGivenByTheTrail() throws SQLException;

    /** Every account and its roles (comma-separated, as stored), by name. */
    Map<String, String> accountRoles() throws SQLException;


    /** Whether the audit trail holds an entry whose hash is {@code hash} (hex, any case). */
    boolean trailHolds(String hash) throws SQLException;
}
