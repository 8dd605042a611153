package org.exoconsent.records;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Which records a list, recall or export covers. Every criterion is optional; dates are consultation days,
 * both ends included, of the clinic's calendar: the index keeps each consultation's time in the clinic's zone as it
 * was when the record was made (a record made before under another offset counts by that offset's day). The lot is
 * compared by {@link org.exoconsent.consent.Identifiers#key} (full-width forms, case and spaces around it do not
 * matter); the other names exactly, as the catalog lists them. A value only: each database vendor's
 * {@link RecordsIndex} turns it into its query ({@code SqlRecordsIndex} into SQL).
 *
 * <p>The patient (issue 16 §7), two ways: {@code patient} is what the records screen's patient field holds, a part of
 * the patient's name, reading (kana) or number — the name and reading compared by
 * {@link org.exoconsent.consent.Identifiers#textKey} (さとう finds サトウ ハナコ, 佐藤花子 finds 佐藤 花子), the number by
 * {@link org.exoconsent.consent.Identifiers#key} (ｐ－０００１２３ finds P-000123), a signed correction's new name or
 * reading included; {@code patientNumber} is one patient exactly, by the key of their number (a patient's request
 * to see their records: never another patient whose number merely contains it).
 */
public record RecordFilter(LocalDate from, LocalDate to, String physician, String product, String lot,
                           String status, String indication, String patient, String patientNumber) {

    public static final RecordFilter ALL = new RecordFilter(null, null, null, null, null, null, null);

    /** Without a patient criterion. */
    public RecordFilter(LocalDate from, LocalDate to, String physician, String product, String lot, String status,
                        String indication) {
        this(from, to, physician, product, lot, status, indication, null, null);
    }

    /**
     * Every record of one patient, by the compared form of their number (see the class comment).
     *
     * @throws IllegalArgumentException when the number is blank
     */
    public static RecordFilter ofPatient(String patientNumber) {
        return new RecordFilter(null, null, null, null, null, null, null, null, patientNumber);
    }

    /** Without an indication (purpose) criterion. */
    public RecordFilter(LocalDate from, LocalDate to, String physician, String product, String lot, String status) {
        this(from, to, physician, product, lot, status, null);
    }

    public RecordFilter {
        if (status != null && !List.of("active", "withdrawn").contains(status)) {
            throw new IllegalArgumentException("status: '" + status + "' is not one of active, withdrawn");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        if (patientNumber != null && patientNumber.isBlank()) {
            throw new IllegalArgumentException("--patient: give the patient number; nothing was given");
        }
        if (patient != null && patient.isBlank()) {
            patient = null;
        }
    }

    /** For the audit log and messages. */
    public String describe() {
        return describe(false);
    }

    /**
     * The filter in words for a Japanese reader (「全記録」, 「ロット LOT-2026-07A、状態 withdrawn」): the values as given,
     * the names of the conditions in Japanese; as {@link #describe()} otherwise.
     *
     * @param japanese true for the Japanese words
     */
    public String describe(boolean japanese) {
        if (japanese) {
            List<String> parts = new ArrayList<>();
            if (from != null) {
                parts.add(from + " から");
            }
            if (to != null) {
                parts.add(to + " まで");
            }
            if (physician != null) {
                parts.add("医師 " + physician);
            }
            if (product != null) {
                parts.add("製品 " + product);
            }
            if (lot != null) {
                parts.add("ロット " + lot);
            }
            if (status != null) {
                parts.add("状態 " + status);
            }
            if (indication != null) {
                parts.add("目的 " + indication);
            }
            if (patient != null) {
                parts.add("患者 " + patient);
            }
            if (patientNumber != null) {
                parts.add("患者番号 " + patientNumber);
            }
            return parts.isEmpty() ? "全記録" : String.join("、", parts);
        }
        List<String> parts = new ArrayList<>();
        if (from != null) {
            parts.add("from " + from);
        }
        if (to != null) {
            parts.add("to " + to);
        }
        if (physician != null) {
            parts.add("physician " + physician);
        }
        if (product != null) {
            parts.add("product " + product);
        }
        if (lot != null) {
            parts.add("lot " + lot);
        }
        if (status != null) {
            parts.add("status " + status);
        }
        if (indication != null) {
            parts.add("purpose " + indication);
        }
        if (patient != null) {
            parts.add("patient " + patient);
        }
        if (patientNumber != null) {
            parts.add("patient number " + patientNumber);
        }
        return parts.isEmpty() ? "all records" : String.join(", ", parts);
    }
}
