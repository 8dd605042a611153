package org.exoconsent.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.SQLException;
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
 * The index side of corrections (issue 13 §1), over the corrections the {@link RecordsIndex} holds: the newest
 * corrected value of each field of a consent for the lists and exports, the next correction's id, and the checks
 * {@code records verify} makes of each correction: its archived PDF (through the store's file check), its index row
 * against the facts its signed PDF carries, its {@code before} against the value it corrects, and its
 * {@code corrected} audit entry.
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

    /** For each consent with corrections: each corrected field's newest correction. */
    static Map<String, Map<Correction.Field, Entry>> latest(RecordsIndex index) throws SQLException {
        Map<String, Map<Correction.Field, Entry>> latest = new HashMap<>();
        for (Entry e : index.corrections()) {
            if (e.field() != null) {
                latest.computeIfAbsent(e.refersTo(), k -> new EnumMap<>(Correction.Field.class)).put(e.field(), e);
            }
        }
        return latest;
    }

    /** The next correction's document id of a consent: {@code <id>-correction-<n>}, n counting from 1. */
    static String nextId(RecordsIndex index, String recordId) throws SQLException {
        return recordId + "-correction-" + (index.correctionsOf(recordId).size() + 1);
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
    static List<String> verify(RecordsIndex index, DocumentArchive archive, FileCheck files) throws SQLException {
        return verify(index, archive, files, null);
    }

    /**
     * As {@link #verify(RecordsIndex, DocumentArchive, FileCheck)}, for the corrections of one consent only ({@code recordId}),
     * or of all when it is null.
     */
    static List<String> verify(RecordsIndex index, DocumentArchive archive, FileCheck files, String recordId)
            throws SQLException {
        List<String> problems = new ArrayList<>();
        Map<String, String> current = new HashMap<>(); // consent id + field → the value the next correction corrects
        for (Entry e : recordId == null ? index.corrections() : index.correctionsOf(recordId)) {
            String who = "correction " + e.id() + " (of record " + e.refersTo() + ")";
            String[] consent = consent(index, e.refersTo(), e.field());
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
                JsonNode f = facts(archive, e.pdfPath(), who, problems);
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
                        : consent(index, e.refersTo(), Correction.Field.of(field).get())[1];
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
    private static String[] consent(RecordsIndex index, String id, Correction.Field field) throws SQLException {
        RecordsIndex.Indexed r = index.find(id);
        if (r == null || !"consent".equals(r.kind())) {
            return null;
        }
        return new String[] {r.pdfSha256(), field == null ? null : index.indexedValue(id, field)};
    }

    private static JsonNode facts(DocumentArchive archive, String pdf, String who, List<String> problems) {
        try {
            byte[] json = EmbeddedFacts.read(archive.read(pdf), EmbeddedFacts.CORRECTION);
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
    static void againstTrail(RecordsIndex index, Map<String, String> trail, List<String> problems)
            throws SQLException {
        for (Entry e : index.corrections()) {
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
