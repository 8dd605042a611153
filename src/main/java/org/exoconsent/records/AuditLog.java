package org.exoconsent.records;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The append-only audit log: who did what, when. Each entry's hash covers its fields and the previous entry's
 * hash, so an edited or deleted entry breaks the chain; the newest entry's number and hash are also kept in a file
 * beside the database ({@code audit-head.txt}, see {@link AuditHead}), so removing entries from the end is detected
 * too, and outside the data directory by an {@link Anchor}, so a trail recomputed or rolled back as a whole is.
 *
 * <p>One log is one store's trail ({@link AuditTrailStore}, which keeps the entries) with its head file: the chain
 * ({@link #hash}) and its checks are defined here once, for every database vendor. Every method runs in the caller's
 * transaction; {@link #writeHead} and {@link #forceHead} work on the head file alone.
 */
public final class AuditLog {
    static final String GENESIS = "0".repeat(64);

    private final AuditTrailStore trail;
    private final Path headFile;

    /**
     * The log of {@code trail}, whose head {@code headFile} keeps (the data directory's {@code audit-head.txt}).
     */
    AuditLog(AuditTrailStore trail, Path headFile) {
        this.trail = trail;
        this.headFile = headFile;
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
     * head file is ahead of the table), numbering and chaining continue from the head, so the gap stays visible.
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
        String[] head = readHead(headFile);
        if (head != null && Long.parseLong(head[0]) >= seq) {
            seq = Long.parseLong(head[0]) + 1;
            prev = head[1];
        }
        String when = at.toString();
        Entry e = new Entry(seq, when, actor, action, subject, details, prev, hash(seq, when, actor, action, subject,
                details, prev));
        trail.append(e);
        return e;
    }

    private static String[] readHead(Path file) {
        try {
            AuditHead.Read r = AuditHead.read(file);
            return r == null ? null : new String[] {Long.toString(r.committed().seq()), r.committed().hash()};
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
     * Appends an entry inside the caller's transaction, as {@link #append} does, and, when the head file agrees
     * with the trail, writes the entry into it as the one being committed (before the caller commits). A head that
     * disagrees is left as it is: the damage stays visible to {@link #verify} and is never repaired silently.
     *
     * @throws SQLException also when the head file cannot be written (the caller rolls back: nothing is changed
     *                      that the head could not record)
     */
    Entry appendTracked(Instant at, String actor, String action, String subject, String details) throws SQLException {
        AuditHead.Head last = newest();
        boolean agrees = AuditHead.problem(headFile, last) == null;
        Entry e = append(at, actor, action, subject, details);
        if (agrees) {
            // the committed line stays the newest entry known to be committed: when the trail's newest is the
            // head's "next" (an earlier entry of this same transaction), that is the head's committed line
            AuditHead.Head committed = last == null ? AuditHead.Head.EMPTY : last;
            try {
                AuditHead.Read r = AuditHead.read(headFile);
                if (r != null && last != null && last.equals(r.next())) {
                    committed = r.committed();
                }
            } catch (IOException x) {
                // agrees, so it was readable a moment ago; the write below says what is wrong
            }
            try {
                AuditHead.writeNext(headFile, committed, new AuditHead.Head(e.seq(), e.hash()));
            } catch (IOException x) {
                throw new SQLException(headFile + ": the audit trail's head cannot be written (" + x.getMessage()
                        + "); nothing was changed", x);
            }
        }
        return e;
    }

    /**
     * Records the newest entry outside the database, after the transaction that added it has committed: only when
     * {@link #appendTracked} wrote it as the entry being committed (so a damaged head is never overwritten).
     *
     * @return whether the head file now names {@code newest}
     */
    static boolean writeHead(Path file, Entry newest) throws IOException {
        return writeHead(file, new AuditHead.Head(newest.seq(), newest.hash()));
    }

    /** As {@link #writeHead(Path, Entry)}, for the trail's newest committed entry as the head names it. */
    static boolean writeHead(Path file, AuditHead.Head h) throws IOException {
        AuditHead.Read r;
        try {
            r = AuditHead.read(file);
        } catch (IOException e) {
            return false; // unreadable (malformed, a folder in its place): damage verification reports
        }
        if (r == null || !h.equals(r.next())) {
            return false;
        }
        AuditHead.writeCommitted(file, h);
        return true;
    }

    /**
     * Writes the head as {@code newest}, whatever the file held: for an administrator accepting the trail as it is
     * ({@code records accept-head}, audited) and for a store filled by a tool in one transaction.
     */
    static void forceHead(Path file, Entry newest) throws IOException {
        AuditHead.writeCommitted(file, new AuditHead.Head(newest.seq(), newest.hash()));
    }

    /** What is wrong with the head file against the trail's newest entry, or null when they agree. */
    String headProblem() throws SQLException {
        return AuditHead.problem(headFile, newest());
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
     * head file, which a reader beside a writer holds against a fresh read ({@code records verify}).
     */
    List<String> verifyChain() throws SQLException {
        List<String> problems = new ArrayList<>();
        long[] expectedSeq = {1};
        String[] prev = {GENESIS};
        trail.each(e -> {
            long seq = e.seq();
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
        return problems;
    }
}
