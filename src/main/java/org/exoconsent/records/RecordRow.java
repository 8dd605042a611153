package org.exoconsent.records;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.exoconsent.consent.ClinicClock;

/**
 * One record as listed and exported: the index columns, not the PDF. The patient's name, reading, telephone number
 * and address are the newest correction's values where a signed correction changed them, and {@code correctedBy}
 * names those corrections' document ids ("ID (patient.phone)", separated by "; "), else null; the consent's own row
 * is never changed (issue 13 §1). {@code consultationAt} and {@code recordedAt}
 * are ISO 8601 times in the clinic's zone ({@link ClinicClock#iso}); the other dates are ISO days. {@code kind} is the
 * document's kind in the index: {@code consent}, or {@code refusal} for an informed refusal (issue 16 §5, whose
 * columns are those of the consultation the patient declined).
 *
 * <p>A row whose stored time or date cannot be read (changed with SQL; {@link DamagedRow}) is still listed and
 * exported, never left out (a recall must reach every patient of the lot): the field shows {@link #UNREADABLE} and
 * {@code damage} names each such column (table, row, column, value, repair), which the caller reports after
 * writing everything else (exit 1 on the command line). {@code damage} is empty for an intact row and is not a
 * column of the exports (the marked field is).
 */
@JsonPropertyOrder({"id", "status", "consultationAt", "recordedAt", "patientNumber", "patientName", "patientKana",
        "patientBirth", "patientPhone", "patientAddress", "representative", "physicianName", "physicianLicence",
        "indication", "route", "plannedDate", "productName", "lotNumber", "lotExpiry", "templateId",
        "templateVersion", "language", "pdfPath", "pdfSha256", "pdfSize", "correctedBy", "kind"})
public record RecordRow(String id, String status, String consultationAt, String recordedAt, String patientNumber,
                        String patientName, String patientKana, String patientBirth, String patientPhone,
                        String patientAddress, String representative, String physicianName, String physicianLicence,
                        String indication, String route, String plannedDate, String productName, String lotNumber,
                        String lotExpiry, String templateId, String templateVersion, String language,
                        String pdfPath, String pdfSha256, long pdfSize, String correctedBy, String kind,
                        @com.fasterxml.jackson.annotation.JsonIgnore java.util.List<String> damage) {

    /** What a listed or exported field shows in place of a stored value that cannot be read. */
    public static final String UNREADABLE = "unreadable (damaged)";

    /** The damage as a list that cannot change; null reads as none. */
    public RecordRow {
        damage = damage == null ? java.util.List.of() : java.util.List.copyOf(damage);
    }

    /** Whether a stored value of this row could not be read ({@link #damage} names it). */
    public boolean damaged() {
        return !damage.isEmpty();
    }

    /** This row with {@code more} added to its damage. */
    RecordRow withDamage(java.util.List<String> more) {
        java.util.List<String> all = new java.util.ArrayList<>(damage);
        all.addAll(more);
        return new RecordRow(id, status, consultationAt, recordedAt, patientNumber, patientName, patientKana,
                patientBirth, patientPhone, patientAddress, representative, physicianName, physicianLicence, indication,
                route, plannedDate, productName, lotNumber, lotExpiry, templateId, templateVersion, language, pdfPath,
                pdfSha256, pdfSize, correctedBy, kind, all);
    }

    /**
     * This row with the newest corrections of its fields applied ({@code latest}: field → its newest correction, may
     * be null or empty: the row itself is returned).
     */
    RecordRow corrected(java.util.Map<org.exoconsent.consent.Correction.Field, Corrections.Entry> latest) {
        if (latest == null || latest.isEmpty()) {
            return this;
        }
        String name = patientName;
        String kana = patientKana;
        String phone = patientPhone;
        String address = patientAddress;
        java.util.List<String> by = new java.util.ArrayList<>();
        for (var e : latest.entrySet()) {
            String v = e.getValue().after();
            switch (e.getKey()) {
                case NAME -> name = v;
                case KANA -> kana = v;
                case PHONE -> phone = v;
                case ADDRESS -> address = v;
                default -> throw new IllegalStateException(e.getKey().toString());
            }
            by.add(e.getValue().id() + " (" + e.getKey().key() + ")");
        }
        return new RecordRow(id, status, consultationAt, recordedAt, patientNumber, name, kana, patientBirth, phone,
                address, representative, physicianName, physicianLicence, indication, route, plannedDate, productName,
                lotNumber, lotExpiry, templateId, templateVersion, language, pdfPath, pdfSha256, pdfSize,
                String.join("; ", by), kind, damage);
    }
}
