package org.exoconsent.records;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The audit trail area of the store (issue 15 §1): the append-only entries of the audit log ({@code audit}: number,
 * time, actor, action, subject, details, the previous entry's hash and the entry's own hash), stored and read exactly
 * as {@link AuditLog} made them. The hash chain, the head file beside the database and every check of them are
 * {@link AuditLog}'s (one definition for every vendor); this area only keeps the entries. Entries are never changed or
 * removed through it (the SQLite store's triggers refuse it too). Runs in the caller's transaction ({@link
 * Transactions}); every reading sees the caller's snapshot.
 */
public interface AuditTrailStore {
    /**
     * What a lookup selects: entries of {@code action} (exactly as recorded), on {@code subject} or, when it is null,
     * on any subject.
     */
    record Kind(String action, String subject) {
        /** @throws IllegalArgumentException when {@code action} is null */
        public Kind {
            if (action == null) {
                throw new IllegalArgumentException("an audit entry's kind needs an action");
            }
        }

        /** Entries of {@code action} on any subject. */
        public static Kind of(String action) {
            return new Kind(action, null);
        }
    }

    /** The newest entry (the highest number), or null when the trail is empty. */
    AuditLog.Entry newest() throws SQLException;

    /**
     * Stores {@code entry} exactly as given: its number, time and hashes are {@link AuditLog#append}'s to decide.
     *
     * @throws SQLException when the trail holds an entry with its number already (nothing is stored)
     */
    void append(AuditLog.Entry entry) throws SQLException;

    /** Every entry, oldest first (by number), handed to {@code each} until it returns false. */
    void each(Predicate<AuditLog.Entry> each) throws SQLException;

    /** The entries numbered after {@code seq}, oldest first, handed to {@code each} until it returns false. */
    void eachAfter(long seq, Predicate<AuditLog.Entry> each) throws SQLException;

    /** The entries of any of {@code kinds}, newest first, handed to {@code each} until it returns false. */
    void newestFirst(List<Kind> kinds, Predicate<AuditLog.Entry> each) throws SQLException;

    /** The newest entry of {@code kind}, or null when the trail has none. */
    default AuditLog.Entry newest(Kind kind) throws SQLException {
        AuditLog.Entry[] found = new AuditLog.Entry[1];
        newestFirst(List.of(kind), e -> {
            found[0] = e;
            return false;
        });
        return found[0];
    }

    /** The oldest entry (the lowest number), or null when the trail is empty. */
    default AuditLog.Entry first() throws SQLException {
        AuditLog.Entry[] found = new AuditLog.Entry[1];
        each(e -> {
            found[0] = e;
            return false;
        });
        return found[0];
    }

    /**
     * The entries a reading of the audit trail selects, oldest first, handed to {@code each}; every criterion may be
     * null (any). An entry whose recorded time is not an instant (a damaged trail) cannot be held to the bounds
     * exactly: it is handed on, for the caller to say so, unless the store's own comparison leaves it out.
     *
     * @param action an action exactly as recorded
     * @param subject a subject exactly as recorded
     * @param from   the first instant included (UTC)
     * @param until  the first instant no longer included (UTC)
     */
    void select(String action, String subject, Instant from, Instant until, Consumer<AuditLog.Entry> each)
            throws SQLException;

    /** The hash entry {@code seq} has, or null when the trail holds no such entry. */
    String hash(long seq) throws SQLException;

    /** Every entry's hash by its number. */
    Map<Long, String> hashes() throws SQLException;
}
