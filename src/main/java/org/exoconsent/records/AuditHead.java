package org.exoconsent.records;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The audit trail's head kept outside the database ({@code audit-head.txt}): the newest entry's sequence number and
 * hash, so that entries cut from the end of the trail, or a database rolled back to an earlier copy, do not go
 * unnoticed (issue 13 §3).
 *
 * <p>The file has one line {@code SEQ HASH} (the newest committed entry; {@code 0} and 64 zeros for an empty trail)
 * and, while an entry is being committed, a second line {@code next SEQ HASH}. The second line is written, flushed,
 * before the transaction that adds the entry commits, and the file is rewritten with the new entry alone after it
 * has committed. A crash between the two leaves a file whose second line is the trail's newest entry (the commit
 * happened) or whose first line still is (it did not): both are consistent. Anything else is damage that is reported
 * and never repaired silently: the head is not rewritten while it disagrees with the trail, until an administrator
 * accepts the trail as it is ({@code records accept-head}, audited).
 */
final class AuditHead {
    private AuditHead() {
    }

    /** One entry as the head file names it. */
    record Head(long seq, String hash) {
        static final Head EMPTY = new Head(0, AuditLog.GENESIS);

        String line() {
            return seq + " " + hash;
        }
    }

    /**
     * What the head file says: the committed entry and, while a commit is under way, the next one (else null).
     * {@code committed} is {@link Head#EMPTY} for a store whose trail was empty.
     */
    record Read(Head committed, Head next) {
    }

    /** A head file that cannot be read as the two lines above. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    /**
     * Reads the head file.
     *
     * @return null when there is no such file
     * @throws Malformed naming the file ("the head file …") when its content is not a head
     * @throws IOException when it cannot be read
     */
    static Read read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        } catch (java.nio.charset.MalformedInputException e) {
            throw new Malformed(where(file) + " is not a head file (it holds other characters than ASCII)");
        }
        String[] lines = text.strip().split("\n");
        if (lines.length < 1 || lines.length > 2) {
            throw new Malformed(where(file) + " is not a head file (" + lines.length + " lines)");
        }
        Head committed = parse(file, lines[0].strip(), "");
        Head next = lines.length == 2 ? parse(file, lines[1].strip(), "next ") : null;
        return new Read(committed, next);
    }

    private static Head parse(Path file, String line, String prefix) throws Malformed {
        if (!line.startsWith(prefix)) {
            throw new Malformed(where(file) + ": '" + abbreviate(line) + "' is not a head line");
        }
        String[] parts = line.substring(prefix.length()).split(" ");
        if (parts.length != 2 || !parts[1].matches("[0-9a-f]{64}")) {
            throw new Malformed(where(file) + ": '" + abbreviate(line) + "' is not a head line (SEQ SHA256)");
        }
        try {
            long seq = Long.parseLong(parts[0]);
            if (seq < 0) {
                throw new NumberFormatException();
            }
            return new Head(seq, parts[1]);
        } catch (NumberFormatException e) {
            throw new Malformed(where(file) + ": '" + abbreviate(parts[0]) + "' is not a sequence number");
        }
    }

    /** How a head file's messages name it. */
    static String where(Path file) {
        return "the head file " + file;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** As {@link #problem(AuditHeadStore, Head)} for the head file {@code file}. */
    static String problem(Path file, Head newest) {
        return problem(new AuditHeadFile(file), newest);
    }

    /**
     * Whether the kept head agrees with the trail's newest entry.
     *
     * @param newest the trail's newest entry, or null when the trail is empty
     * @return null when they agree (including a commit interrupted on either side of its head writes), else the
     *         damage in words, naming where the head is kept ({@link AuditHeadStore#name}) and the entries
     */
    static String problem(AuditHeadStore head, Head newest) {
        Read r;
        try {
            r = head.read();
        } catch (IOException e) {
            return "audit log: " + (e instanceof Malformed ? e.getMessage() : head.name()
                    + " cannot be read: " + e.getMessage());
        }
        Head last = newest == null ? Head.EMPTY : newest;
        if (r == null) {
            return last.seq() == 0 ? null : "audit log: " + head.name() + " is missing, so entries cut "
                    + "from the end of the trail (it ends at entry " + last.seq() + ") could go unnoticed";
        }
        if (r.committed().equals(last) || last.equals(r.next())) {
            return null;
        }
        Head c = r.committed();
        if (c.seq() > last.seq()) {
            return "audit log: entries " + (last.seq() + 1) + "–" + c.seq() + " were removed from the end ("
                    + head.name() + " records entry " + c.seq() + "; the trail ends at " + last.seq()
                    + "): the database was rolled back or the trail cut";
        }
        if (c.seq() == last.seq()) {
            return "audit log: the newest entry " + last.seq() + " differs from the one recorded in " + head.name()
                    + ": the trail was rewritten";
        }
        return "audit log: " + head.name() + " records entry " + c.seq() + ", but the trail goes on to "
                + "entry " + last.seq() + ": the head is an older copy, or entries were "
                + "added outside the product";
    }

    /** Writes the head with the entry about to be committed, flushed to the device, before the commit. */
    static void writeNext(Path file, Head committed, Head next) throws IOException {
        Durable.replace(file, (committed.line() + "\nnext " + next.line() + "\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes the head as the newest committed entry alone. */
    static void writeCommitted(Path file, Head committed) throws IOException {
        Durable.replace(file, (committed.line() + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
