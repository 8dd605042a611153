package org.exoconsent.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.Identifiers;
import org.exoconsent.consent.Ids;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.consent.Words;
import org.exoconsent.pdf.EmbeddedFacts;
import org.exoconsent.pdf.SignatureVerifier;

/**
 * The index against the signed documents (issue 13 §1): every indexed field of a record is compared with the facts
 * its intact, signed PDF carries ({@link EmbeddedFacts}), and a consent's status with the existence of a signed
 * withdrawal that refers to it. A value edited in place with {@code sqlite3} — a telephone number, a name, an
 * address, the physician, the consultation time, the status, the snapshot column — is named with the value in the
 * index and the value in the signed document. The compared forms of the lot and patient numbers ({@code lot_key},
 * {@code patient_key}) must be {@link Identifiers#key} of the row's numbers, for every row (also one that is not
 * cross-checkable).
 *
 * <p>Use: {@link #record} once per index row ({@link RecordsIndex#eachFactsRow}, in any order) with what
 * {@link SignatureVerifier#verifyWithFacts} found in its PDF (null when the PDF is missing, altered or its signature
 * is not intact: that is reported elsewhere), then {@link #finish}. A document signed before the facts were embedded is not cross-checkable: it is
 * listed in {@link #notCrossCheckable()}, neither intact nor damaged.
 */
final class SignedFactsCheck {
    /** The fields a withdrawal's index row copies from the consent it refers to. */
    private static final List<String> COPIED = List.of("patient_number", "patient_name", "patient_kana",
            "patient_birth", "patient_phone", "patient_address", "representative", "physician_licence", "indication",
            "route", "planned_date", "product_name", "lot_number", "lot_expiry", "template_id", "template_version",
            "template_sha256", "language");

    /** Keywords a withdrawal signed before its facts were embedded carries: "withdrawal ID; of ORIGINAL". */
    private static final Pattern OLD_WITHDRAWAL = Pattern.compile("withdrawal (\\S+); of (\\S+)");
    private static final Pattern TEMPLATE_SHA = Pattern.compile("; sha256 ([0-9a-fA-F]{64})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> catalogNames = new HashMap<>(); // licence → the catalog's name
    private final List<String> problems = new ArrayList<>();
    private final List<String> notCrossCheckable = new ArrayList<>();
    /** Consent id → the index values its signed session gives (only for cross-checkable consents). */
    private final Map<String, Map<String, String>> signedConsents = new HashMap<>();
    /** Consent id → its status in the index. */
    private final Map<String, String> consentStatus = new TreeMap<>();
    /** Consent id → the signed withdrawal that refers to it (its embedded refers-to or, before 1.3, its keywords). */
    private final Map<String, String> signedWithdrawals = new HashMap<>();
    /** Withdrawal rows with facts, to compare with their consent's signed values at the end. */
    private final List<Map<String, String>> withdrawalRows = new ArrayList<>();

    /**
     * With the catalog's physicians (their names in the index may be the catalog's, not the document's).
     *
     * @param physicians every physician of the catalog
     */
    SignedFactsCheck(List<Catalog.Physician> physicians) {
        for (Catalog.Physician p : physicians) {
            catalogNames.put(p.licenceNumber(), p.name());
        }
    }

    /**
     * The row's times as every listing reads them ({@code recorded_at}, {@code consultation_at}): one that cannot be
     * read named as {@link DamagedRow} names it, or null when both can (the backup names the same before it says
     * whether it will restore: attack review of 2026-12-01).
     *
     * @param row the row's columns ({@link RecordsIndex.FactsRow#columns})
     */
    static String timesDamage(Map<String, String> row) {
        String id = row.get("id");
        try {
            DamagedRow.instant(row.get("recorded_at"), "record " + id, "record", id, "recorded_at",
                    SqlRecordsIndex.RECORDED_AT_REPAIR);
            DamagedRow.offsetTime(row.get("consultation_at"), "record " + id, "record", id, "consultation_at",
                    SqlRecordsIndex.CONSULTATION_AT_REPAIR);
            return null;
        } catch (DamagedRow e) {
            return e.getMessage();
        }
    }

    /**
     * Compares one index row with its document's facts.
     *
     * @param row     the row's columns ({@link RecordsIndex.FactsRow#columns})
     * @param checked what the intact PDF carries, or null when the PDF itself failed its check
     */
    void record(Map<String, String> row, SignatureVerifier.Checked checked) {
        keys(row);
        String id = row.get("id");
        String damage = timesDamage(row);
        if (damage != null) {
            problems.add(damage);
        }
        boolean consent = "consent".equals(row.get("kind"));
        if (consent) {
            consentStatus.put(id, row.get("status"));
        }
        if (checked == null) {
            return; // the archived PDF is missing, altered or not intact: already a problem
        }
        if (checked.factsProblem() != null) {
            problems.add("record " + id + ": " + checked.factsProblem());
            return;
        }
        String signedKind = checked.session() != null ? "consent" : checked.withdrawal() != null ? "withdrawal"
                : checked.refusal() != null ? "refusal" : null;
        if (signedKind != null && !signedKind.equals(row.get("kind"))) {
            problems.add("record " + id + ": kind in the index is '" + row.get("kind") + "', the signed document is "
                    + (signedKind.equals("refusal") ? "an informed refusal" : "a " + signedKind));
            return;
        }
        if (consent) {
            consent(id, row, checked);
        } else if ("refusal".equals(row.get("kind"))) {
            refusal(id, row, checked);
        } else {
            withdrawal(id, row, checked);
        }
    }

    /**
     * An informed refusal's row (issue 16 §5) against the refusal its signed PDF carries: its id, the consultation's
     * columns (patient, physician, treatment, product, lot, template), no {@code refers_to}, the consultation time
     * and the snapshot. A refusal is always signed with its facts: one without is a problem, not "not
     * cross-checkable".
     */
    private void refusal(String id, Map<String, String> row, SignatureVerifier.Checked checked) {
        if (checked.refusal() == null) {
            problems.add("record " + id + ": the index holds an informed refusal, but the signed document carries "
                    + "none (" + EmbeddedFacts.REFUSAL + ")");
            return;
        }
        JsonNode embedded;
        org.exoconsent.consent.InformedRefusal r;
        try {
            embedded = EmbeddedFacts.withoutImageHashes(checked.refusal());
            r = org.exoconsent.consent.RefusalJson.read(JSON.writeValueAsBytes(embedded), EmbeddedFacts.REFUSAL);
        } catch (IOException | SessionException e) {
            problems.add("record " + id + ": the informed refusal embedded in the signed document cannot be read ("
                    + e.getMessage() + ")");
            return;
        }
        ConsentSession s = r.consultation();
        String who = "record " + id + " (informed refusal, patient " + (s == null || s.patient() == null ? "?"
                : s.patient().patientNumber()) + ")";
        if (!id.equals(r.id())) {
            problems.add(who + ": id in the index is '" + id + "', the signed document says '" + r.id() + "'");
        }
        if (s == null) {
            return;
        }
        Map<String, String> signed = indexValues(s, checked.keywords());
        signed.put("kind", "refusal");
        signed.put("refers_to", null);
        for (var e : signed.entrySet()) {
            compare(who, e.getKey(), row.get(e.getKey()), e.getValue());
        }
        compare(who, "status", row.get("status"), "active");
        consultation(who, row, s, embedded, "refusal");
    }

    /**
     * The columns a consent and an informed refusal take from their consultation that are not compared one to one:
     * the physician's name (the document's, or the catalog's for its licence), the consultation time (the same
     * instant), and the snapshot (the embedded {@code what}, signature image hashes left out).
     */
    private void consultation(String who, Map<String, String> row, ConsentSession s, JsonNode embedded,
                              String what) {
        String physician = row.get("physician_name");
        String listed = catalogNames.get(s.physician().licenceNumber());
        if (!Objects.equals(physician, s.physician().name()) && !Objects.equals(physician, listed)) {
            problems.add(who + ": physician_name in the index is " + quote(physician) + ", the signed document says "
                    + quote(s.physician().name()) + (listed == null || listed.equals(s.physician().name()) ? ""
                    : " (the catalog lists licence " + s.physician().licenceNumber() + " as " + quote(listed) + ")"));
        }
        if (!sameInstant(row.get("consultation_at"), s.startedAt())) {
            problems.add(who + ": consultation_at in the index is " + quote(row.get("consultation_at"))
                    + ", the signed document says " + quote(String.valueOf(s.startedAt())));
        }
        try {
            JsonNode column = row.get("snapshot") == null ? null : JSON.readTree(row.get("snapshot"));
            if (!embedded.equals(column)) {
                problems.add(who + ": snapshot in the index differs from the " + what + " the signed document "
                        + "carries");
            }
        } catch (IOException e) {
            problems.add(who + ": snapshot in the index is not JSON, the signed document carries the " + what);
        }
    }

    /**
     * The compared forms of the lot and patient numbers (migration 12) against the numbers the row holds, which are
     * held against the signed document below: so each key is the key of the signed number. An edited key would
     * hide the record from a recall of its lot or from a search for its patient (issue 14 §5).
     */
    private void keys(Map<String, String> row) {
        String who = "record " + row.get("id") + " (patient " + row.get("patient_number") + ")";
        String[][] pairs = {{"lot_key", "lot_number", "a recall of lot"},
            {"patient_key", "patient_number", "a search for patient"}};
        for (String[] p : pairs) {
            String expected = Identifiers.key(row.get(p[1]));
            if (!Objects.equals(row.get(p[0]), expected)) {
                problems.add(who + ": " + p[0] + " in the index is " + quote(row.get(p[0])) + ", but its " + p[1]
                        + " " + quote(row.get(p[1])) + " is compared as " + quote(expected) + " (" + p[2] + " "
                        + row.get(p[1]) + " would miss it)");
            }
        }
    }

    private void consent(String id, Map<String, String> row, SignatureVerifier.Checked checked) {
        if (checked.session() == null) {
            notCrossCheckable.add(id);
            return;
        }
        JsonNode embedded;
        ConsentSession s;
        try {
            embedded = EmbeddedFacts.withoutImageHashes(checked.session());
            s = SessionJson.read(JSON.writeValueAsBytes(embedded), EmbeddedFacts.SESSION);
        } catch (IOException | SessionException e) {
            problems.add("record " + id + ": the session embedded in the signed document cannot be read ("
                    + e.getMessage() + ")");
            return;
        }
        String who = "record " + id + " (patient " + (s.patient() == null ? "?" : s.patient().patientNumber()) + ")";
        if (!id.equals(s.id())) {
            problems.add(who + ": id in the index is '" + id + "', the signed document says '" + s.id() + "'");
        }
        Map<String, String> signed = indexValues(s, checked.keywords());
        for (var e : signed.entrySet()) {
            compare(who, e.getKey(), row.get(e.getKey()), e.getValue());
        }
        consultation(who, row, s, embedded, "session");
        signedConsents.put(id, signed);
    }

    /** What the index of a consent must hold, by column, from its signed session (see RecordStore's insert). */
    private static Map<String, String> indexValues(ConsentSession s, String keywords) {
        Map<String, String> v = new LinkedHashMap<>();
        ConsentSession.Patient p = s.patient();
        ConsentSession.Treatment t = s.treatment();
        v.put("kind", "consent");
        v.put("refers_to", s.previousConsent());
        v.put("patient_number", p.patientNumber());
        v.put("patient_name", p.name());
        v.put("patient_kana", p.kana());
        v.put("patient_birth", String.valueOf(p.dateOfBirth()));
        v.put("patient_phone", p.phone());
        v.put("patient_address", p.address());
        v.put("representative", s.representative() == null ? null : s.representative().name() + " ("
                + new Words(Catalog.CATALOG_LANGUAGE).relationship(s.representative()) + ")");
        v.put("physician_licence", s.physician().licenceNumber());
        v.put("indication", t.indication());
        v.put("route", t.route() == null ? null : Ids.of(t.route()));
        v.put("planned_date", String.valueOf(t.plannedDate()));
        v.put("product_name", t.product().listedAs());
        v.put("lot_number", t.lot().number());
        v.put("lot_expiry", String.valueOf(t.lot().expiry()));
        v.put("template_id", s.template().id());
        v.put("template_version", s.template().version());
        String sha = s.template().sha256();
        if (sha == null && keywords != null) { // the session did not name it; the signed keywords do
            Matcher m = TEMPLATE_SHA.matcher(keywords);
            sha = m.find() ? m.group(1) : null;
        }
        if (sha != null) {
            v.put("template_sha256", sha.toLowerCase(java.util.Locale.ROOT));
        }
        v.put("language", s.template().language());
        return v;
    }

    private void withdrawal(String id, Map<String, String> row, SignatureVerifier.Checked checked) {
        if (checked.withdrawal() == null) {
            notCrossCheckable.add(id);
            Matcher m = checked.keywords() == null ? null : OLD_WITHDRAWAL.matcher(checked.keywords());
            if (m != null && m.find() && m.group(1).equals(id)) {
                signedWithdrawals.putIfAbsent(m.group(2), id);
            }
            return;
        }
        JsonNode f;
        try {
            f = JSON.readTree(checked.withdrawal());
        } catch (IOException e) {
            problems.add("record " + id + ": the facts embedded in the signed withdrawal cannot be read ("
                    + e.getMessage() + ")");
            return;
        }
        String refersTo = text(f, "refersTo");
        String who = "record " + id + " (withdrawal of " + refersTo + ")";
        compare(who, "id", id, text(f, "document"));
        compare(who, "refers_to", row.get("refers_to"), refersTo);
        try {
            if (!sameInstant(row.get("consultation_at"), OffsetDateTime.parse(text(f, "recordedAt")).toInstant())) {
                problems.add(who + ": consultation_at in the index is " + quote(row.get("consultation_at"))
                        + ", the signed document says " + quote(text(f, "recordedAt")));
            }
        } catch (RuntimeException e) {
            problems.add(who + ": the signed document's recordedAt cannot be read (" + e.getMessage() + ")");
        }
        try {
            JsonNode snapshot = row.get("snapshot") == null ? null : JSON.readTree(row.get("snapshot"));
            String[][] pairs = {{"withdraws", "refersTo"}, {"date", "date"}, {"reason", "reason"},
                    {"receivedBy", "receivedBy"}};
            for (String[] pair : pairs) {
                compare(who, "snapshot." + pair[0], snapshot == null ? null : text(snapshot, pair[0]),
                        text(f, pair[1]));
            }
            boolean signed = snapshot != null && snapshot.path("signed").asBoolean(false);
            boolean signedFact = text(f, "signatureSha256") != null;
            if (signed != signedFact) {
                problems.add(who + ": snapshot.signed in the index is " + signed + ", the signed document "
                        + (signedFact ? "carries" : "carries no") + " patient's signature");
            }
        } catch (IOException e) {
            problems.add(who + ": snapshot in the index is not JSON");
        }
        if (refersTo != null) {
            String earlier = signedWithdrawals.put(refersTo, id);
            if (earlier != null && !earlier.equals(id)) {
                problems.add(who + ": consent " + refersTo + " is withdrawn by two signed documents, " + earlier
                        + " and " + id);
            }
        }
        Map<String, String> r = new LinkedHashMap<>(row);
        r.put("refers_to", refersTo); // the signed one
        withdrawalRows.add(r);
    }

    /**
     * The checks across records: a consent is withdrawn exactly when a signed withdrawal refers to it, and a
     * withdrawal's copied fields are its consent's signed ones.
     *
     * @return every problem found, naming the record and the field
     */
    List<String> finish() {
        for (var e : consentStatus.entrySet()) {
            String withdrawal = signedWithdrawals.get(e.getKey());
            boolean withdrawn = "withdrawn".equals(e.getValue());
            if (withdrawn != (withdrawal != null)) {
                problems.add("record " + e.getKey() + ": status in the index is " + quote(e.getValue()) + ", but "
                        + (withdrawal == null ? "no signed withdrawal refers to it"
                        : "the signed withdrawal " + withdrawal + " refers to it"));
            }
        }
        for (var e : signedWithdrawals.entrySet()) {
            if (!consentStatus.containsKey(e.getKey())) {
                problems.add("record " + e.getValue() + ": the signed withdrawal refers to " + e.getKey()
                        + ", which the index holds as no consent");
            }
        }
        for (Map<String, String> w : withdrawalRows) {
            Map<String, String> signed = signedConsents.get(w.get("refers_to"));
            if (signed == null) {
                continue; // its consent is not cross-checkable (or reported above)
            }
            String who = "record " + w.get("id") + " (withdrawal of " + w.get("refers_to") + ")";
            for (String c : COPIED) {
                if (signed.containsKey(c)) {
                    compare(who, c, w.get(c), signed.get(c));
                }
            }
        }
        return problems;
    }

    /** Records whose PDF carries no facts (signed before they were embedded), in the order seen. */
    List<String> notCrossCheckable() {
        return notCrossCheckable;
    }

    private void compare(String who, String field, String index, String signed) {
        if (!Objects.equals(index, signed)) {
            problems.add(who + ": " + field + " in the index is " + quote(index) + ", the signed document says "
                    + quote(signed));
        }
    }

    private static boolean sameInstant(String indexed, Instant signed) {
        if (indexed == null || signed == null) {
            return indexed == null && signed == null;
        }
        try {
            return OffsetDateTime.parse(indexed).toInstant().equals(signed);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean sameInstant(String indexed, OffsetDateTime signed) {
        return sameInstant(indexed, signed == null ? null : signed.toInstant());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String quote(String v) {
        return v == null ? "empty" : "'" + v + "'";
    }
}
