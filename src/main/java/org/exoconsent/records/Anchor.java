package org.exoconsent.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exoconsent.files.OwnerOnly;

/**
 * The audit trail's anchor: a file outside the data directory (another disk, a network share) to which every audited
 * write appends the trail's new head, so that a store whose whole trail was recomputed, cut and its head file
 * rewritten, or which was rolled back to an earlier copy or backup, disagrees with a head it can no longer change
 * (issue 13 §3).
 *
 * <p>The file holds one JSON object per line (UTF-8, {@code \n}): {@code {"store": ID, "seq": N, "hash": SHA256,
 * "at": INSTANT}}, where {@code store} is the store's identity (the {@code store-id} setting, made once), {@code seq}
 * and {@code hash} the newest audit entry and {@code at} the time it was anchored (UTC, ISO-8601). Lines are only ever
 * appended. A reader ignores members it does not know, so a time-stamping authority's token over the line (RFC 3161,
 * e.g. a member {@code "tsa"}) can be added later without changing the format. One anchor file belongs to one store;
 * a line of another store in it is refused.
 */
public final class Anchor {
    /** The most an anchor line may hold (a head is some 150 bytes); a longer one is not ours. */
    private static final int MAX_LINE = 8192;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Anchor() {
    }

    /** One anchored head: the store, the audit entry's number and hash, and when it was anchored. */
    public record Line(String store, long seq, String hash, String at, Long restoredFrom) {
    }

    /** What holding a trail against an anchor found: damage, and notes (entries lost with an accepted restore). */
    record Comparison(List<String> problems, List<String> notes) {
    }

    /** An anchor file that is not one: names the file and the line. */
    public static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    /**
     * Appends a head to the anchor, flushed to the device.
     *
     * @throws IOException when the file cannot be written (unreachable share, no permission); its folder is never
     *                     created here: an anchor whose disk is not mounted must fail, not write onto the local disk
     */
    static void append(Path file, String store, long seq, String hash, Instant now) throws IOException {
        write(file, Json.of("store", store, "seq", seq, "hash", hash, "at", now.toString()));
    }

    /**
     * Appends the head of a store restored from a backup, where its trail and the anchor's heads part at
     * {@code restoredFrom}: the anchored entries after that were lost when the restored copy took the clinic's data
     * directory's place, as the administrator accepted (audited {@code anchor-resumed}).
     * Comparisons from then on hold the trail against this line and those after it for those numbers.
     */
    static void appendRestored(Path file, String store, long seq, String hash, Instant now, long restoredFrom)
            throws IOException {
        write(file, Json.of("store", store, "seq", seq, "hash", hash, "at", now.toString(), "restoredFrom",
                restoredFrom));
    }

    /**
     * Refuses what an anchor must not be: a symbolic link (it could lead into the data directory) or anything but a
     * regular file (a pipe would hang every command, a device swallow every head).
     */
    static void requirePlainFile(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + " is a symbolic link; an anchor must be a plain file");
        }
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file,
                java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " is not a regular file (a device, a pipe or a folder)");
        }
    }

    private static void write(Path file, String json) throws IOException {
        requirePlainFile(file);
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = OwnerOnly.channel(file, java.util.Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND))) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    /**
     * The newest line of the anchor, read from its end (cheap whatever the file's length).
     *
     * @return null when the file does not exist or is empty
     * @throws Malformed when its last line is not an anchored head
     */
    static Line last(Path file) throws IOException {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        requirePlainFile(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            if (length == 0) {
                return null;
            }
            int n = (int) Math.min(length, MAX_LINE);
            byte[] tail = new byte[n];
            f.seek(length - n);
            f.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8).stripTrailing();
            String line = text.substring(text.lastIndexOf('\n') + 1);
            return parse(file, -1, line);
        }
    }

    /**
     * Every line of an anchor file, in order.
     *
     * @throws Malformed naming the file and the line number of the first line that is not an anchored head
     */
    public static List<Line> read(Path file) throws IOException {
        requirePlainFile(file);
        List<Line> lines = new ArrayList<>();
        int number = 0;
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    lines.add(parse(file, number, line));
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new Malformed(file + ": not an anchor file (not UTF-8 text)");
        }
        return lines;
    }

    private static Line parse(Path file, int number, String line) throws Malformed {
        String where = file + (number > 0 ? ", line " + number : ", last line");
        if (line.length() > MAX_LINE) {
            throw new Malformed(where + ": not an anchored head (longer than " + MAX_LINE + " characters)");
        }
        JsonNode o;
        try {
            o = MAPPER.readTree(line);
        } catch (IOException e) {
            throw new Malformed(where + ": not an anchored head (not JSON)");
        }
        if (o == null || !o.isObject() || !o.path("store").isTextual() || !o.path("seq").canConvertToLong()
                || o.path("seq").asLong() < 1 || !o.path("hash").asText("").matches("[0-9a-f]{64}")
                || !o.path("at").isTextual()) {
            throw new Malformed(where + ": not an anchored head (it needs store, seq ≥ 1, a SHA-256 hash and at)");
        }
        JsonNode from = o.path("restoredFrom");
        if (!from.isMissingNode() && (!from.canConvertToLong() || from.asLong() < 0)) {
            throw new Malformed(where + ": not an anchored head (restoredFrom is not an entry number)");
        }
        return new Line(o.path("store").asText(), o.path("seq").asLong(), o.path("hash").asText(),
                o.path("at").asText(), from.isMissingNode() ? null : from.asLong());
    }

    private static Instant parseInstant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The anchor file the audit trail's newest change of the anchor setting names ({@code settings:changed anchor},
     * {@code anchor-resumed}, or a {@code restored} entry that cleared it), or null when the trail never set one or
     * removed it: what the setting must say.
     */
    static Path namedByTrail(AuditTrailStore trail) throws SQLException {
        Path[] named = {null};
        trail.newestFirst(List.of(new AuditTrailStore.Kind("settings:changed", "anchor"),
                AuditTrailStore.Kind.of("anchor-resumed"), AuditTrailStore.Kind.of("restored")), e -> {
                    JsonNode d = Json.read(e.details());
                    switch (e.action()) {
                        case "restored":
                            // a restored copy does not write the anchor until it is resumed
                            return !d.hasNonNull("anchorSettingCleared");
                        case "anchor-resumed":
                            named[0] = d.hasNonNull("anchor") ? Path.of(d.path("anchor").asText()) : null;
                            return false;
                        default:
                            named[0] = d.hasNonNull("to") ? Path.of(d.path("to").asText()) : null;
                            return false;
                    }
                });
        return named[0];
    }

    /**
     * The heads an anchor still holds the trail to, in order: a line written when the anchor was resumed after a
     * restore ({@code restoredFrom}) sets aside the heads before it anchored after that entry (lost with the
     * restore).
     */
    static List<Line> held(List<Line> lines) {
        List<Line> held = new ArrayList<>();
        for (Line l : lines) {
            if (l.restoredFrom() != null) {
                long from = l.restoredFrom();
                held.removeIf(h -> h.seq() > from);
            }
            held.add(l);
        }
        return held;
    }

    /**
     * Where a store's trail and an anchor's heads part: the newest anchored entry the trail holds with the same hash
     * ({@code common}), and the newest anchored entry ({@code anchoredUpTo}, anchored {@code anchoredAt}).
     */
    record Fork(long common, long anchoredUpTo, String anchoredAt) {
    }

    /**
     * Whether an anchor holds heads of this store that its trail does not (a missing entry or another hash), as a
     * restored or older copy's does; null when the trail holds every anchored head.
     */
    static Fork fork(AuditTrailStore entries, List<Line> lines, String store) throws SQLException {
        List<Line> held = held(lines);
        Map<Long, String> trail = entries.hashes();
        long common = 0;
        Line furthest = null;
        boolean parted = false;
        for (Line l : held) {
            if (!l.store().equals(store)) {
                continue;
            }
            if (l.hash().equals(trail.get(l.seq()))) {
                common = Math.max(common, l.seq());
            } else {
                parted = true;
            }
            if (furthest == null || l.seq() > furthest.seq()) {
                furthest = l;
            }
        }
        return parted ? new Fork(common, furthest.seq(), furthest.at()) : null;
    }

    /**
     * Holds a store's audit trail against an anchor's heads. A line written when an anchor was resumed after a
     * restore ({@code restoredFrom}) sets aside the heads anchored before it after that entry: they were lost with the
     * restore, said in a note.
     *
     * @param anchor the anchor file, named in the problems
     * @param store  this store's identity
     * @return one problem per kind of disagreement: a line of another store, an anchored entry the trail no longer
     *         has (the store was rolled back, or its trail cut), an anchored entry whose hash the trail's entry does
     *         not have (the trail was rewritten); none when the trail holds every anchored head
     */
    static Comparison compare(AuditTrailStore entries, Path anchor, List<Line> lines, String store)
            throws SQLException {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<Long, String> trail = entries.hashes();
        long newest = 0;
        for (long seq : trail.keySet()) {
            newest = Math.max(newest, seq);
        }
        List<Line> held = new ArrayList<>();
        for (Line l : lines) {
            if (!l.store().equals(store)) {
                problems.add("anchor " + anchor + ": it holds the heads of another store (" + l.store()
                        + "), not of this one (" + store + ")");
                return new Comparison(problems, notes);
            }
            if (l.restoredFrom() != null) {
                long from = l.restoredFrom();
                List<Line> lost = held.stream().filter(h -> h.seq() > from).toList();
                if (!lost.isEmpty()) {
                    notes.add("entries " + (from + 1) + "–" + lost.stream().mapToLong(Line::seq).max().orElse(from)
                            + " the anchor recorded until " + lost.get(lost.size() - 1).at() + " were lost when a "
                            + "restored copy of the data directory took its place on " + l.at() + " (an "
                            + "administrator resumed the anchor after the restore: entry " + l.seq() + ", "
                            + "'anchor-resumed')");
                }
                held.removeIf(h -> h.seq() > from);
            }
            held.add(l);
        }
        Line furthest = null;
        int rewritten = 0;
        Line firstRewritten = null;
        for (Line l : held) {
            String hash = trail.get(l.seq());
            if (hash == null) {
                if (furthest == null || l.seq() > furthest.seq()) {
                    furthest = l;
                }
            } else if (!hash.equals(l.hash())) {
                rewritten++;
                if (firstRewritten == null) {
                    firstRewritten = l;
                }
            }
        }
        if (furthest != null) {
            problems.add("audit log: the anchor " + anchor + " recorded entry " + furthest.seq() + " on "
                    + furthest.at() + ", but the trail ends at entry " + newest + ": the store was rolled back to "
                    + "an earlier copy, or its trail cut");
        }
        Line newestAnchored = null;
        for (Line l : held) {
            if (newestAnchored == null || l.seq() > newestAnchored.seq()) {
                newestAnchored = l;
            }
        }
        if (newestAnchored != null && furthest == null) {
            // entries after the newest anchored head: written while the anchor could not be reached, or added to
            // the trail outside the product; one dated before that head was anchored was added afterwards
            Instant anchoredAt = parseInstant(newestAnchored.at());
            long[] after = {0};
            long[] first = {0};
            Line anchoredHead = newestAnchored;
            entries.eachAfter(newestAnchored.seq(), e -> {
                after[0]++;
                first[0] = first[0] == 0 ? e.seq() : first[0];
                Instant at = parseInstant(e.at());
                if (anchoredAt != null && at != null && at.isBefore(anchoredAt.minusSeconds(2))) {
                    problems.add("audit log: entry " + e.seq() + " (" + e.action() + " " + e.subject() + ") is dated "
                            + e.at() + ", before the anchor " + anchor + " recorded entry " + anchoredHead.seq() + " ("
                            + anchoredHead.at() + "): it was added to the trail afterwards, backdated");
                }
                return true;
            });
            if (after[0] > 0) {
                notes.add("entries " + first[0] + "–" + (first[0] + after[0] - 1) + " of the audit trail are not in "
                        + "the anchor " + anchor + " yet (written while it could not be reached, or added outside the "
                        + "product): read them with exoconsent audit export --from DATE");
            }
        }
        if (firstRewritten != null) {
            problems.add("audit log: entry " + firstRewritten.seq() + " is not the one the anchor " + anchor
                    + " recorded on " + firstRewritten.at() + (rewritten > 1 ? " (and " + (rewritten - 1)
                    + " more anchored entries differ)" : "") + ": the trail was rewritten, or the store rolled back "
                    + "to an earlier copy and continued");
        }
        return new Comparison(problems, notes);
    }
}
