package org.exoconsent.records;

import java.util.Locale;

/**
 * The header row of a records export: the manager's language (Japanese or English headings, times headed with the
 * clinic's zone) or the column keys other tools read ({@code id,status,consultationAt,…}, as before 1.4).
 */
public enum ExportHeaders {
    /** The column keys, e.g. {@code patientNumber}: what a tool reading the CSV expects. */
    KEYS,
    /** Japanese headings, e.g. 患者番号. */
    JA,
    /** English headings, e.g. Patient no. */
    EN;

    /**
     * The headings of a language code: {@code ja} or {@code en} (any case).
     *
     * @throws IllegalArgumentException for any other code, naming it
     */
    public static ExportHeaders language(String code) {
        String c = code == null ? "" : code.strip().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "ja" -> JA;
            case "en" -> EN;
            default -> throw new IllegalArgumentException("--language: '" + code + "' is not one of ja, en");
        };
    }

    /**
     * What a format gets when no language is asked for: the Excel file, which a clinic manager opens, has Japanese
     * headings (the clinic's language); the CSV, kept for other tools, has the column keys it always had. JSON and
     * ZIP (whose {@code records.csv} is the CSV) have keys.
     */
    public static ExportHeaders defaultFor(RecordStore.ExportFormat format) {
        return format == RecordStore.ExportFormat.XLSX ? JA : KEYS;
    }
}
