package org.exoconsent.records;

/**
 * What a text cell of a CSV file becomes so that a spreadsheet opening the file never takes it for a formula
 * (CSV injection, OWASP "CSV Injection": a cell beginning with {@code =}, {@code +}, {@code -}, {@code @}, a tab or
 * a carriage return is prefixed with a single quote). {@code +81-90-1234-5678} is written {@code '+81-90-1234-5678}
 * (Excel would compute it as a negative number) and {@code =HYPERLINK("http://…","…")} is written
 * {@code '=HYPERLINK(…)} (Excel would make it a live link). The apostrophe stays in the file: a tool reading the CSV
 * sees it, and so does a person in Excel or LibreOffice; docs/RECORDS.md says so. The other half of the OWASP
 * advice, every text cell in double quotes, is the CSV writer's ({@code ALWAYS_QUOTE_STRINGS}), so that a
 * semicolon in a cell cannot start a new cell in a spreadsheet set to split on semicolons. Neither stops Excel or
 * LibreOffice from reading some text as a number or date when they open a CSV ({@code 5%}, {@code 1,234},
 * {@code (5)}, {@code 12/31}, {@code 1E5}) — none becomes a formula — so a person opens the xlsx export instead.
 */
public final class SpreadsheetCells {
    private SpreadsheetCells() {
    }

    /**
     * The text as a CSV cell: with a leading {@code '} when it begins with {@code = + - @}, a tab or a carriage
     * return; otherwise (and null) unchanged. Numbers are not text cells and are never given to this method.
     */
    public static String neutralised(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return switch (text.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + text;
            default -> text;
        };
    }
}
