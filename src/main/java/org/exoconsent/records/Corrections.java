package org.exoconsent.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.exoconsent.consent.Correction;
import org.exoconsent.pdf.EmbeddedFacts;

/**
 * The index side of corrections (issue 13 §1): the {@code correction} table (V11), the newest corrected value of each
 * field of a consent for the lists and exports, and the checks {@code records verify} makes of each correction: its
 * archived PDF (through the store's file check), its index row against the facts its signed PDF carries, its
 * {@code before} against the value it corrects, and its {@code corrected} audit entry.
 */
final class Corrections {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Corrections() {
    }

    /**
     * One correction as indexed.
     *
     * @param recordedAt an instant, ISO-8601 (UTC)
     */
    record Entry(String id, String refersTo, Correction.Field field, String before, String after, String reason,
                 String receivedBy, String recordedAt, String pdfPath, String pdfSha256, long pdfSize) {
    }

    private static final String COLUMNS = "id, refers_to, field, before, after, reason, received_by, recorded_at, "
            + "pdf_path, pdf_sha256, pdf_size";

    /** Every correction, oldest first (by the time it was recorded, then id). */
    static List<Entry> all(Connection db) throws SQLException {
        List<Entry> all = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT " + COLUMNS
                + " FROM correction ORDER BY recorded_at, length(id), id")) {
            while (rs.next()) {
                all.add(entry(rs));
            }
        }
        return all;
    }

    /** The corrections of one consent, oldest first. */
    static List<Entry> of(Connection db, String recordId) throws SQLException {
        List<Entry> found = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT " + COLUMNS + " FROM correction WHERE refers_to = ? "
                + "ORDER BY recorded_at, length(id), id")) {
            ps.setString(1, recordId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(entry(rs));
                }
            }
        }
        return found;
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        // a field name the CHECK constraint would refuse can only come from an edited row: kept as null, and named
        // by verify
        return new Entry(rs.getString(1), rs.getString(2), Correction.Field.of(rs.getString(3)).orElse(null),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getLong(11));
    }

    /** For each consent with corrections: each corrected field's newest correction. */
    static Map<String, Map<Correction.Field, Entry>> latest(Connection db) throws SQLException {
        Map<String, Map<Correction.Field, Entry>> latest = new HashMap<>();
        for (Entry e : all(db)) {
            if (e.field() != null) {
                latest.computeIfAbsent(e.refersTo(), k -> new EnumMap<>(Correction.Field.class)).put(e.field(), e);
            }
        }
        return latest;
    }

    /** The next correction's document id of a consent: {@code <id>-correction-<n>}, n counting from 1. */
    static String nextId(Connection db, String recordId) throws SQLException {
        return recordId + "-correction-" + (of(db, recordId).size() + 1);
    }

    /** The archive paths of every correction, for the orphan scan. */
    static List<String> pdfPaths(Connection db) throws SQLException {
        List<String> paths = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT pdf_path FROM correction")) {
            while (rs.next()) {
                paths.add(rs.getString(1));
            }
        }
        return paths;
    }

    /** Indexes a correction (inside the store's transaction). */
    static void insert(Connection db, Correction c, Instant recordedAt, Path rel, String sha, long size)
            throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO correction (id, refers_to, field, before, after, "
                + "reason, received_by, recorded_at, language, pdf_path, pdf_sha256, pdf_size) VALUES (?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            ps.setString(i++, c.id());
            ps.setString(i++, c.original().id());
            ps.setString(i++, c.field().key());
            ps.setString(i++, c.before());
            ps.setString(i++, c.after());
            ps.setString(i++, c.reason());
            ps.setString(i++, c.receivedBy());
            ps.setString(i++, recordedAt.toString());
            ps.setString(i++, c.original().template().language());
            ps.setString(i++, rel.toString().replace('\\', '/'));
            ps.setString(i++, sha);
            ps.setLong(i, size);
            ps.executeUpdate();
        }
    }

    /** The store's check of one archived file: its hash against the index, its signature and signer; null if intact. */
    interface FileCheck {
        String problem(String id, String rel, String sha256, long size);
    }

    /**
     * Every correction against its signed document and the value it corrects: the archived PDF ({@code files}); the
     * index row against the facts embedded in the signed PDF (document, refers-to, the consent's PDF SHA-256, field,
     * before, after, reason, received by, recorded at); that it refers to a consent in the index; and that its
     * {@code before} is the value it corrects: the consent's indexed value (which {@link SignedFactsCheck} holds
     * against the consent's own signed facts) or the previous correction's {@code after} of the same field.
     *
     * @return one problem per disagreement, naming the correction and the field
     */
    static List<String> verify(Connection db, Path archive, FileCheck files) throws SQLException {
        return verify(db, archive, files, null);
    }

    /**
     * As {@link #verify(Connection, Path, FileCheck)}, for the corrections of one consent only ({@code recordId}),
     * or of all when it is null.
     */
    static List<String> verify(Connection db, Path archive, FileCheck files, String recordId) throws SQLException {
        List<String> problems = new ArrayList<>();
        Map<String, String> current = new HashMap<>(); // consent id + field → the value the next correction corrects
        for (Entry e : recordId == null ? all(db) : of(db, recordId)) {
            String who = "correction " + e.id() + " (of record " + e.refersTo() + ")";
            String[] consent = consent(db, e.refersTo(), e.field());
            if (consent == null) {
                problems.add(who + ": refers to a record the index holds as no consent");
            }
            if (e.field() == null) {
                problems.add(who + ": field in the index is not one a correction may change");
            }
            String before = e.before();
            String after = e.after();
            String field = e.field() == null ? null : e.field().key();
            String problem = files.problem(e.id(), e.pdfPath(), e.pdfSha256(), e.pdfSize());
            if (problem != null) {
                problems.add(problem.replaceFirst("^record ", "correction "));
            } else {
                JsonNode f = facts(archive.resolve(e.pdfPath()), who, problems);
                if (f != null) {
                    compare(problems, who, "id", e.id(), text(f, "document"));
                    compare(problems, who, "refers_to", e.refersTo(), text(f, "refersTo"));
                    compare(problems, who, "field", field, text(f, "field"));
                    compare(problems, who, "before", e.before(), text(f, "before"));
                    compare(problems, who, "after", e.after(), text(f, "after"));
                    compare(problems, who, "reason", e.reason(), text(f, "reason"));
                    compare(problems, who, "received_by", e.receivedBy(), text(f, "receivedBy"));
                    if (!sameInstant(e.recordedAt(), text(f, "recordedAt"))) {
                        problems.add(who + ": recorded_at in the index is " + quote(e.recordedAt()) + ", the signed "
                                + "document says " + quote(text(f, "recordedAt")));
                    }
                    if (consent != null && !String.valueOf(text(f, "refersToSha256")).equalsIgnoreCase(consent[0])) {
                        problems.add(who + ": the signed document refers to the consent's PDF with SHA-256 "
                                + text(f, "refersToSha256") + ", the consent's is " + consent[0]);
                    }
                    before = text(f, "before");
                    after = text(f, "after");
                    field = text(f, "field");
                }
            }
            if (consent != null && field != null && Correction.Field.of(field).isPresent()) {
                String key = e.refersTo() + "\n" + field;
                String expected = current.containsKey(key) ? current.get(key)
                        : consent(db, e.refersTo(), Correction.Field.of(field).get())[1];
                if (!Objects.equals(before, expected)) {
                    problems.add(who + ": corrects " + field + " from " + quote(before) + ", but the value it "
                            + "corrects is " + quote(expected) + (current.containsKey(key)
                            ? " (the previous correction's)" : " (the consent's)"));
                }
                current.put(key, after);
            }
        }
        return problems;
    }

    /** A consent's PDF SHA-256 and its indexed value of {@code field}; null when the index holds no such consent. */
    private static String[] consent(Connection db, String id, Correction.Field field) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT pdf_sha256, " + (field == null ? "NULL"
                : field.column()) + " FROM record WHERE id = ? AND kind = 'consent'")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
            }
        }
    }

    private static JsonNode facts(Path pdf, String who, List<String> problems) {
        try {
            byte[] json = EmbeddedFacts.read(Files.readAllBytes(pdf), EmbeddedFacts.CORRECTION);
            if (json == null) {
                problems.add(who + ": the signed document carries no correction facts ("
                        + EmbeddedFacts.CORRECTION + "): it is not a correction");
                return null;
            }
            return JSON.readTree(json);
        } catch (IOException e) {
            problems.add(who + ": the facts embedded in the signed correction cannot be read (" + e.getMessage()
                    + ")");
            return null;
        }
    }

    /**
     * The corrections against the audit trail: each has its {@code corrected} entry with the SHA-256 the index holds
     * (the entries are taken out of {@code trail}, document id → SHA-256, so that what is left has no index row).
     */
    static void againstTrail(Connection db, Map<String, String> trail, List<String> problems) throws SQLException {
        for (Entry e : all(db)) {
            String inTrail = trail.remove(e.id());
            if (inTrail == null) {
                problems.add("correction " + e.id() + ": the index holds this correction but the audit trail never "
                        + "recorded it (no 'corrected' entry)");
            } else if (!inTrail.equalsIgnoreCase(e.pdfSha256())) {
                problems.add("correction " + e.id() + ": the index's SHA-256 " + e.pdfSha256() + " is not the one "
                        + "the audit trail recorded (" + inTrail + ")");
            }
        }
    }

    private static void compare(List<String> problems, String who, String field, String index, String signed) {
        if (!Objects.equals(index, signed)) {
            problems.add(who + ": " + field + " in the index is " + quote(index) + ", the signed document says "
                    + quote(signed));
        }
    }

    private static boolean sameInstant(String indexed, String signed) {
        try {
            return Instant.parse(indexed).equals(OffsetDateTime.parse(signed).toInstant());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String quote(String v) {
        return v == null ? "empty" : "'" + v + "'";
    }
}
