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
 * {@link RecordsIndex} turns it into its query ({@code SqliteRecordsIndex} into SQL).
 */
public record RecordFilter(LocalDate from, LocalDate to, String physician, String product, String lot,
                           String status, String indication) {

    public static final RecordFilter ALL = new RecordFilter(null, null, null, null, null, null, null);

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
        return parts.isEmpty() ? "all records" : String.join(", ", parts);
    }
}
