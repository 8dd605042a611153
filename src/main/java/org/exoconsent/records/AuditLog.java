package org.exoconsent.records;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The append-only audit log: who did what, when. Each entry's hash covers its fields and the previous entry's
 * hash, so an edited or deleted entry breaks the chain; the newest entry's number and hash are also kept apart
 * from the entries ({@link AuditHeadStore}: SQLite's {@code audit-head.txt}, PostgreSQL's {@code audit_head} row; see
 * {@link AuditHead}), so removing entries from the end is detected too, and outside the store by an {@link Anchor},
 * so a trail recomputed or rolled back as a whole is.
 *
 * <p>One log is one store's trail ({@link AuditTrailStore}, which keeps the entries) with its head
 * ({@link AuditHeadStore}): the chain ({@link #hash}) and its checks are defined here once, for every database vendor.
 * Every method runs in the caller's transaction; {@link #writeHead} and {@link #forceHead} work on the head alone.
 */
public final class AuditLog {
    static final String GENESIS = "0".repeat(64);

    private final AuditTrailStore trail;
    private final AuditHeadStore head;

    /** The log of {@code trail}, whose head {@code head} keeps (the store's {@link Stores#auditHead()}). */
    AuditLog(AuditTrailStore trail, AuditHeadStore head) {
        this.trail = trail;
        this.head = head;
    }

    /** One entry of the log. */
    public record Entry(long seq, String at, String actor, String action, String subject, String details,
                        String prevHash, String hash) {
    }

    /** The entries, as this log's store keeps them. */
    AuditTrailStore trail() {
        return trail;
    }

    /**
     * The chain's definition: lower-case hex SHA-256 of the previous entry's hash, the entry's number, time, actor,
     * action, subject and details, joined by the unit separator U+001F, in UTF-8.
     */
    static String hash(long seq, String at, String actor, String action, String subject, String details,
                       String prevHash) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String joined = String.join("\u001f", prevHash, Long.toString(seq), at, actor, action, subject, details);
            return HexFormat.of().formatHex(md.digest(joined.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Appends an entry inside the caller's transaction and returns it. If entries were removed from the end (the
     * head is ahead of the table), numbering and chaining continue from the head, so the gap stays visible.
     *
     * @param at when (stored as {@link Instant#toString}, UTC)
     */
    Entry append(Instant at, String actor, String action, String subject, String details) throws SQLException {
        long seq = 1;
        String prev = GENESIS;
        Entry newest = trail.newest();
        if (newest != null) {
            seq = newest.seq() + 1;
            prev = newest.hash();
        }
        AuditHead.Head kept = keptHead();
        if (kept != null && kept.seq() >= seq) {
            seq = kept.seq() + 1;
            prev = kept.hash();
        }
        String when = at.toString();
        Entry e = new Entry(seq, when, actor, action, subject, details, prev, hash(seq, when, actor, action, subject,
                details, prev));
        trail.append(e);
        return e;
    }

    /** The head's committed entry; null when there is none or it cannot be read (verification says why). */
    private AuditHead.Head keptHead() {
        try {
            AuditHead.Read r = head.read();
            return r == null ? null : r.committed();
        } catch (IOException e) {
            return null;
        }
    }

    /** The trail's newest entry as the head names it, or null when the trail is empty. */
    AuditHead.Head newest() throws SQLException {
        Entry e = trail.newest();
        return e == null ? null : new AuditHead.Head(e.seq(), e.hash());
    }

    /**
     * Appends an entry inside the caller's transaction, as {@link #append} does, and, when the head agrees
     * with the trail, writes the entry into it as the one being committed (before the caller commits). A head that
     * disagrees is left as it is: the damage stays visible to {@link #verify} and is never repaired silently.
     *
     * @throws SQLException also when the head cannot be written (the caller rolls back: nothing is changed
     *                      that the head could not record)
     */
    Entry appendTracked(Instant at, String actor, String action, String subject, String details) throws SQLException {
        AuditHead.Head last = newest();
        boolean agrees = AuditHead.problem(head, last) == null;
        Entry e = append(at, actor, action, subject, details);
        if (agrees) {
            // the committed line stays the newest entry known to be committed: when the trail's newest is the
            // head's "next" (an earlier entry of this same transaction), that is the head's committed line
            AuditHead.Head committed = last == null ? AuditHead.Head.EMPTY : last;
            try {
                AuditHead.Read r = head.read();
                if (r != null && last != null && last.equals(r.next())) {
                    committed = r.committed();
                }
            } catch (IOException x) {
                // agrees, so it was readable a moment ago; the write below says what is wrong
            }
            try {
                head.writeNext(committed, new AuditHead.Head(e.seq(), e.hash()));
            } catch (IOException x) {
                throw new SQLException(head.name() + ": the audit trail's head cannot be written (" + x.getMessage()
                        + "); nothing was changed", x);
            }
        }
        return e;
    }

    /**
     * Records the newest entry as the committed head, after the transaction that added it has committed: only when
     * {@link #appendTracked} wrote it as the entry being committed (so a damaged head is never overwritten). A head
     * changed with its entry ({@link AuditHeadStore#changedWithItsEntry}, the shared store's row) is not written again:
     * it names {@code newest} already when a program of ours committed it.
     *
     * @return whether the head now names {@code newest}, as a program of ours committed it (the anchor then takes it)
     */
    boolean writeHead(Entry newest) throws IOException {
        return writeHead(new AuditHead.Head(newest.seq(), newest.hash()));
    }

    /** As {@link #writeHead(Entry)}, for the trail's newest committed entry as the head names it. */
    boolean writeHead(AuditHead.Head h) throws IOException {
        AuditHead.Read r;
        try {
            r = head.read();
        } catch (IOException e) {
            return false; // unreadable (malformed, a folder in its place): damage verification reports
        }
        if (r == null) {
            return false;
        }
        if (head.changedWithItsEntry()) {
            // the head committed with its entry (the shared store's row): ours when it names the newest entry
            return h.equals(r.committed());
        }
        if (!h.equals(r.next())) {
            return false;
        }
        head.writeCommitted(h);
        return true;
    }

    /**
     * Writes the head as {@code newest}, whatever the file held: for an administrator accepting the trail as it is
     * ({@code records accept-head}, audited) and for a store filled by a tool in one transaction.
     */
    void forceHead(Entry newest) throws IOException {
        head.writeCommitted(new AuditHead.Head(newest.seq(), newest.hash()));
    }

    /** What is wrong with the head against the trail's newest entry, or null when they agree. */
    String headProblem() throws SQLException {
        return AuditHead.problem(head, newest());
    }

    /** Every break in the chain, in plain words; empty when the log is whole. */
    List<String> verify() throws SQLException {
        List<String> problems = verifyChain();
        String head = headProblem();
        if (head != null) {
            problems.add(head);
        }
        return problems;
    }

    /**
     * Every break in the chain as the caller's transaction sees it (one snapshot, in a read transaction), without the
     * head, which a reader beside a writer holds against a fresh read ({@code records verify}).
     */
    List<String> verifyChain() throws SQLException {
        List<String> problems = new ArrayList<>();
        long[] expectedSeq = {1};
        String[] prev = {GENESIS};
        TimeCheck times = new TimeCheck(problems);
        trail.each(e -> {
            long seq = e.seq();
            times.next(e);
            if (seq != expectedSeq[0]) {
                problems.add(seq - 1 > expectedSeq[0]
                        ? "audit log: entries " + expectedSeq[0] + "–" + (seq - 1) + " are missing (deleted)"
                        : "audit log: entry " + expectedSeq[0] + " is missing (deleted)");
            }
            String recomputed = hash(seq, e.at(), e.actor(), e.action(), e.subject(), e.details(), e.prevHash());
            if (!e.prevHash().equals(prev[0])) {
                problems.add("audit log: entry " + seq + " does not follow the entry before it (chain broken)");
            }
            if (!recomputed.equals(e.hash())) {
                problems.add("audit log: entry " + seq + " (" + e.action() + " " + e.subject()
                        + ") was altered after it was written");
            }
            prev[0] = e.hash();
            expectedSeq[0] = seq + 1;
            return true;
        });
        times.next(null);
        return problems;
    }

    /**
     * The entry's time as an instant ({@link DamagedRow#instant}: ISO-8601, UTC, of the years 1800 to 9999), or the
     * damage naming the entry, worded as {@link DamagedRow} words it. An entry chained correctly over a time that is
     * no instant verifies as a chain, but cannot be placed in a day (an export by date leaves it out), so it is a
     * problem of its own (attack review of 2026-12-01).
     *
     * @param repair where the true time may be found (the neighbouring entries' times)
     * @throws DamagedRow when {@code e.at()} is not such an instant
     */
    static Instant at(Entry e, String repair) throws DamagedRow {
        return DamagedRow.instant(e.at(), what(e), "audit", Long.toString(e.seq()), "at", repair);
    }

    /** The entry as a person names it: "audit entry 12 (catalog:lot-added AD-2609-17)". */
    static String what(Entry e) {
        return "audit entry " + e.seq() + " (" + e.action() + " " + e.subject() + ")";
    }

    /**
     * Names every entry whose time is not an instant, once the entry after it is known: the times of the readable
     * entries before and after it bound the true one.
     */
    private static final class TimeCheck {
        private final List<String> problems;
        private Entry lastReadable;
        private final List<Entry> unreadable = new ArrayList<>();

        TimeCheck(List<String> problems) {
            this.problems = problems;
        }

        /** Takes the next entry in the chain's order, null after the last. */
        void next(Entry e) {
            if (e != null) {
                try {
                    at(e, "");
                } catch (DamagedRow d) {
                    unreadable.add(e);
                    return;
                }
            }
            for (Entry u : unreadable) {
                String repair = "the entries before and after it bound its time: "
                        + (lastReadable == null ? "no entry before it" : "entry " + lastReadable.seq() + " at "
                        + lastReadable.at()) + ", " + (e == null ? "no entry after it" : "entry " + e.seq() + " at "
                        + e.at()) + "; the chain covers the time as stored, so no command rewrites it (restore a "
                        + "backup taken before the change, or keep the entry as evidence)";
                try {
                    at(u, repair);
                } catch (DamagedRow d) {
                    problems.add(d.getMessage());
                }
            }
            unreadable.clear();
            lastReadable = e;
        }
    }
}
