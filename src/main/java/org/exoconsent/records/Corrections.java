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

    /**
     * The corrections the lists, recalls and exports apply: for each consent, each corrected field's newest
     * correction that the audit trail recorded; and, for each consent, the corrections it holds that the trail never
     * recorded with their SHA-256 (inserted outside the product), which are not applied and are named as the row's
     * damage, so that a recall shows the patient's signed details and says why (attack review of 2026-12-01, finding
     * 7: a forged correction's telephone number was shown by {@code records recall}, exit 0, until {@code records
     * verify} was run).
     *
     * @param applied    consent id → field → its newest audited correction
     * @param unaudited  consent id → one text per correction left out, naming it and the repair
     */
    record Latest(Map<String, Map<Correction.Field, Entry>> applied, Map<String, List<String>> unaudited) {
        /** {@code row} with its audited corrections applied and its unaudited ones named in its damage. */
        RecordRow apply(RecordRow row) {
            RecordRow corrected = row.corrected(applied.get(row.id()));
            List<String> left = unaudited.get(row.id());
            return left == null ? corrected : corrected.withDamage(left);
        }

        /** The field's value of consent {@code id}: its newest audited correction's, else {@code indexed}. */
        String value(String id, Correction.Field field, String indexed) {
            Entry e = applied.getOrDefault(id, Map.of()).get(field);
            return e == null ? indexed : e.after();
        }
    }

    /**
     * The corrections of {@code index} held against the {@code corrected} entries of {@code trail} (few: one per
     * correction, read through the trail's action index), as {@link Latest} describes.
     */
    static Latest latest(RecordsIndex index, AuditTrailStore trail) throws SQLException {
        List<Entry> all = index.corrections();
        Map<String, Map<Correction.Field, Entry>> applied = new HashMap<>();
        Map<String, List<String>> unaudited = new HashMap<>();
        if (all.isEmpty()) {
            return new Latest(applied, unaudited);
        }
        Map<String, String> audited = new HashMap<>(); // correction id → SHA-256 its entry recorded
        trail.newestFirst(List.of(AuditTrailStore.Kind.of("corrected")), e -> {
            JsonNode d = Json.read(e.details());
            String id = d.path("document").asText(null);
            if (id != null) {
                audited.putIfAbsent(id, d.path("sha256").asText(""));
            }
            return true;
        });
        for (Entry e : all) {
            if (e.field() == null) {
                continue;
            }
            String sha = audited.get(e.id());
            if (sha == null || !sha.equalsIgnoreCase(e.pdfSha256())) {
                unaudited.computeIfAbsent(e.refersTo(), k -> new ArrayList<>()).add("correction " + e.id()
                        + " (of record " + e.refersTo() + ", " + e.field().key() + "): "
                        + (sha == null ? "the audit trail never recorded it (no 'corrected' entry)"
                        : "its SHA-256 is not the one the audit trail recorded")
                        + ": it was added outside the product, so its value is not shown; the signed value is. "
                        + "Run records verify, and restore the store from a backup made before the change");
                continue;
            }
            applied.computeIfAbsent(e.refersTo(), k -> new EnumMap<>(Correction.Field.class)).put(e.field(), e);
        }
        return new Latest(applied, unaudited);
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
