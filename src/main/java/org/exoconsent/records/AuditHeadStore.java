package org.exoconsent.records;

import java.io.IOException;

/**
 * Where the store keeps the audit chain's head (issue 13 §3; issue 17 §3): the newest committed entry's number and
 * hash, kept apart from the entries, so that entries cut from the end of the trail are noticed. {@link AuditLog}
 * defines the chain and its checks once, for every vendor, and reads and writes the head only through this area
 * ({@link AuditHead} says the two-step protocol: the entry being committed ({@code next}) written before the commit,
 * the committed one after it). SQLite: the data directory's {@code audit-head.txt} ({@link AuditHeadFile}); the
 * PostgreSQL store of issue 17: the one {@code audit_head} row, which every write transaction locks first.
 *
 * <p>Failures are {@link IOException}s (a database's head gives its failure as the cause); a head that cannot be
 * read as one is {@link AuditHead.Malformed}, whose message names where it is.
 */
public interface AuditHeadStore {
    /**
     * The head as kept.
     *
     * @return null when there is none (a data directory whose head file is missing)
     * @throws AuditHead.Malformed when what is kept is not a head (the message names where)
     * @throws IOException         when it cannot be read
     */
    AuditHead.Read read() throws IOException;

    /**
     * Keeps {@code next}, the entry about to be committed, beside {@code committed}, durably, before the commit (a
     * store whose head is changed in the committing transaction itself may keep {@code next} as the committed one).
     */
    void writeNext(AuditHead.Head committed, AuditHead.Head next) throws IOException;

    /** Keeps {@code committed} as the newest committed entry alone, durably. */
    void writeCommitted(AuditHead.Head committed) throws IOException;

    /** The head as messages name it, e.g. "the head file /…/audit-head.txt" (never with a password). */
    String name();

    /**
     * Whether the head is changed in the very transaction that appends its entry ({@link PostgresAuditHead}: the
     * {@code audit_head} row), so that a committed head naming the trail's newest entry was written with it by a
     * program of ours; false for a head kept apart and brought up to date after the commit (SQLite's head file,
     * whose {@code next} line says which entry a program of ours is committing).
     */
    default boolean changedWithItsEntry() {
        return false;
    }
}
