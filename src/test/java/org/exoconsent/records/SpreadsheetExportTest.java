package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.exoconsent.testing.XlsxSheet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 §3: exports a spreadsheet cannot turn against the clinic. The Excel file is read back with the JDK's XML
 * parser (not the library that wrote it); the CSV with Jackson as another tool would.
 */
class SpreadsheetExportTest {
    @TempDir
    Path tmp;
    RecordStore store;

    @BeforeEach
    void recordHostileDetails() throws Exception {
        store = HostileRecords.record(tmp.resolve("data"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static int column(ExportColumn c) {
        return c.ordinal();
    }

    private static XlsxSheet.Cell cell(XlsxSheet sheet, ExportColumn c, int row) {
        return sheet.at(XlsxSheet.ref(column(c), row));
    }

    @Test
    void theExcelExportKeepsLeadingZerosAndFormulaLikeTextAsTextAndDatesAsDateCells() throws Exception {
        Path out = tmp.resolve("records.xlsx");
        RecordStore.Exported e = store.export(RecordStore.ExportFormat.XLSX, RecordFilter.ALL, out, false);
        assertEquals(2, e.records());
        XlsxSheet sheet = XlsxSheet.read(out);
        // row 2 is h-1 (consulted 20 November), row 3 h-2
        assertEquals("h-1", cell(sheet, ExportColumn.ID, 2).text());
        for (Object[] expected : new Object[][] {
            {ExportColumn.PATIENT_NUMBER, 2, HostileRecords.PATIENT_NUMBER},
            {ExportColumn.PATIENT_PHONE, 2, HostileRecords.LANDLINE},
            {ExportColumn.PATIENT_ADDRESS, 2, HostileRecords.HYPERLINK},
            {ExportColumn.PATIENT_PHONE, 3, HostileRecords.INTERNATIONAL},
            {ExportColumn.PATIENT_ADDRESS, 3, HostileRecords.AT_FUNCTION},
            {ExportColumn.PATIENT_NAME, 2, HostileRecords.JA_NAME}}) {
            XlsxSheet.Cell c = cell(sheet, (ExportColumn) expected[0], (Integer) expected[1]);
            assertEquals(expected[2], c.text(), expected[0] + " row " + expected[1]);
            assertTrue(c.type().equals("s") || c.type().equals("inlineStr"), "a text cell: " + c);
            assertNull(c.formula(), "never a formula: " + c);
        }
        assertFalse(sheet.sheetXml.contains("<f>") || sheet.sheetXml.contains("<f "), "no formula in the sheet");
        // the consultation, 2026-11-20 10:00 in Tokyo, is a date cell (a serial number with a date format)
        XlsxSheet.Cell at = cell(sheet, ExportColumn.CONSULTATION_AT, 2);
        assertEquals("n", at.type());
        assertEquals("yyyy-mm-dd hh:mm:ss", at.format());
        double serial = Double.parseDouble(at.text());
        LocalDateTime when = LocalDateTime.of(1899, 12, 30, 0, 0).plusSeconds(Math.round(serial * 86400));
        assertEquals(LocalDateTime.of(2026, 11, 20, 10, 0), when, "the clinic's wall clock, not UTC");
        XlsxSheet.Cell birth = cell(sheet, ExportColumn.PATIENT_BIRTH, 2);
        assertEquals("n", birth.type());
        assertEquals("yyyy-mm-dd", birth.format());
        // numbers are numbers: the price the patient was told and the PDF's size
        XlsxSheet.Cell price = cell(sheet, ExportColumn.PRICE_YEN, 2);
        assertEquals("n", price.type());
        assertEquals(330000, Double.parseDouble(price.text()));
        assertEquals("n", cell(sheet, ExportColumn.PDF_SIZE, 2).type());
        // a header row in Japanese (the default), times headed with the clinic's zone; frozen; widths set
        assertEquals("患者番号", cell(sheet, ExportColumn.PATIENT_NUMBER, 1).text());
        assertEquals("説明日時 (Asia/Tokyo)", cell(sheet, ExportColumn.CONSULTATION_AT, 1).text());
        assertEquals("料金（円）", cell(sheet, ExportColumn.PRICE_YEN, 1).text());
        assertTrue(sheet.sheetXml.matches("(?s).*<pane [^>]*ySplit=\"1\"[^>]*state=\"frozen\".*"), "header frozen");
        assertEquals(ExportColumn.values().length, sheet.columnWidths.size(), "a width for every column");
        assertEquals("記録", sheet.sheetName);
    }

    @Test
    void theExcelExportsHeadingsAreInTheManagersLanguage() throws Exception {
        Path out = tmp.resolve("records-en.xlsx");
        store.export(RecordStore.ExportFormat.XLSX, RecordFilter.ALL, out, false, ExportHeaders.EN, (d, t) -> { },
                () -> false);
        XlsxSheet sheet = XlsxSheet.read(out);
        assertEquals("Patient no.", cell(sheet, ExportColumn.PATIENT_NUMBER, 1).text());
        assertEquals("Consultation (Asia/Tokyo)", cell(sheet, ExportColumn.CONSULTATION_AT, 1).text());
        assertEquals("Legal representative", cell(sheet, ExportColumn.REPRESENTATIVE, 1).text());
        assertEquals("Records", sheet.sheetName);
    }

    private RecordStore.Exported export(RecordStore.ExportFormat format, ExportHeaders headers, Path out)
            throws Exception {
        return store.export(format, RecordFilter.ALL, out, false, headers, (d, t) -> { }, () -> false);
    }

    /**
     * Review of issue 14 §3: a Japanese Excel file showed {@code withdrawn}, {@code hair} and {@code injection}
     * while the records screen shows 撤回済み, 薄毛・脱毛: the export writes the screen's words in the headings'
     * language, and the CSV with column keys keeps the codes for tools.
     */
    @Test
    void statusPurposeAndRouteAreWrittenInTheHeadingsLanguageAsTheRecordsScreenShowsThem() throws Exception {
        store.withdraw("h-2", java.time.LocalDate.parse("2026-11-21"), "changed their mind", "reception", null,
                org.exoconsent.testing.Examples.key());
        XlsxSheet ja = XlsxSheet.read(export(RecordStore.ExportFormat.XLSX, ExportHeaders.JA, tmp.resolve("ja.xlsx"))
                .file());
        // h-1: an anti-ageing drip (iv), active; h-2: hair by injection, withdrawn
        assertEquals("有効", cell(ja, ExportColumn.STATUS, 2).text());
        assertEquals("若返り・アンチエイジング目的の点滴", cell(ja, ExportColumn.INDICATION, 2).text());
        assertEquals("点滴", cell(ja, ExportColumn.ROUTE, 2).text());
        assertEquals("撤回済み", cell(ja, ExportColumn.STATUS, 3).text());
        assertEquals("薄毛・脱毛", cell(ja, ExportColumn.INDICATION, 3).text());
        assertEquals("注射", cell(ja, ExportColumn.ROUTE, 3).text());
        // the records screen's words are these: it reads its status words from the same bundle
        org.exoconsent.consent.Words screen = new org.exoconsent.consent.Words("ja");
        assertEquals(screen.get("status.withdrawn"), cell(ja, ExportColumn.STATUS, 3).text());
        XlsxSheet en = XlsxSheet.read(export(RecordStore.ExportFormat.XLSX, ExportHeaders.EN, tmp.resolve("en.xlsx"))
                .file());
        assertEquals("Withdrawn", cell(en, ExportColumn.STATUS, 3).text());
        assertEquals("thinning hair and hair loss", cell(en, ExportColumn.INDICATION, 3).text());
        assertEquals("injection", cell(en, ExportColumn.ROUTE, 3).text());
        assertEquals("intravenous drip", cell(en, ExportColumn.ROUTE, 2).text());
        Map<String, String> jaCsv = csv(export(RecordStore.ExportFormat.CSV, ExportHeaders.JA,
                tmp.resolve("ja.csv")).file()).get(1);
        assertEquals("撤回済み", jaCsv.get("状態"));
        assertEquals("薄毛・脱毛", jaCsv.get("目的"));
        // the CSV for tools (column keys, the default) keeps the codes
        Map<String, String> keys = csv(export(RecordStore.ExportFormat.CSV, ExportHeaders.KEYS,
                tmp.resolve("keys.csv")).file()).get(1);
        assertEquals("withdrawn", keys.get("status"));
        assertEquals("hair", keys.get("indication"));
        assertEquals("injection", keys.get("route"));
    }

    /** Review of issue 14 §3: the Excel file printed on US Letter portrait, 9 pages of 3–4 columns, the id cut. */
    @Test
    void theExcelFilePrintsOnA4LandscapeOnePageWideWithTheWholeDocumentId() throws Exception {
        XlsxSheet sheet = XlsxSheet.read(export(RecordStore.ExportFormat.XLSX, ExportHeaders.JA,
                tmp.resolve("print.xlsx")).file());
        assertTrue(sheet.sheetXml.contains("paperSize=\"9\""), "A4 (paper size 9): " + sheet.sheetXml);
        assertTrue(sheet.sheetXml.contains("orientation=\"landscape\""), sheet.sheetXml);
        assertTrue(sheet.sheetXml.contains("fitToWidth=\"1\"") && sheet.sheetXml.contains("fitToHeight=\"0\""),
                "one page wide, as many tall as needed: " + sheet.sheetXml);
        assertTrue(sheet.sheetXml.matches("(?s).*<pageSetUpPr[^>]*fitToPage=\"(1|true)\".*"), sheet.sheetXml);
        // a document id (a UUID) is 36 characters: its column is wider
        double idWidth = Double.parseDouble(sheet.columnWidths.get(ExportColumn.ID.ordinal()));
        assertTrue(idWidth >= 37, "the id column is " + idWidth + " characters wide");
    }

    /**
     * Review of issue 14 §3: an Excel or CSV export does not verify (minutes on a large archive): it states the last
     * {@code records verify} of the audit trail — in the xlsx on a second sheet, loudly when there is none or it
     * found problems.
     */
    @Test
    void theExcelFileSaysWhenItWasMadeItsFilterAndWhatTheLastVerificationFound() throws Exception {
        XlsxSheet about = XlsxSheet.read(export(RecordStore.ExportFormat.XLSX, ExportHeaders.JA,
                tmp.resolve("never.xlsx")).file(), 2);
        assertEquals("この出力について", about.sheetName);
        assertEquals("出力日時", about.at("A1").text());
        assertTrue(about.at("B1").text().endsWith("Asia/Tokyo"), about.at("B1").text());
        assertEquals("全記録", about.at("B2").text(), "the filter, in the headings' language");
        assertEquals("2", about.at("B3").text());
        assertTrue(about.at("B4").text().startsWith("警告：記録の検証（records verify）はまだ一度も行われていません"),
                about.at("B4").text());
        assertTrue(store.lastVerification().warns());
        // a verification that passes, then one that finds an altered PDF
        assertTrue(store.verify((d, t) -> { }).ok());
        about = XlsxSheet.read(export(RecordStore.ExportFormat.XLSX, ExportHeaders.EN, tmp.resolve("ok.xlsx"))
                .file(), 2);
        assertEquals("About", about.sheetName);
        assertEquals("all records", about.at("B2").text());
        assertTrue(about.at("B4").text().matches("Last records verify: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d "
                + "\\(\\+09:00\\), 0 problems"), about.at("B4").text());
        Path pdf;
        try (var files = Files.walk(tmp.resolve("data/archive"))) {
            pdf = files.filter(f -> f.toString().endsWith(".pdf")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(pdf);
        bytes[bytes.length / 2] ^= 1;
        Files.write(pdf, bytes);
        assertFalse(store.verify((d, t) -> { }).ok());
        about = XlsxSheet.read(export(RecordStore.ExportFormat.XLSX, ExportHeaders.EN, tmp.resolve("bad.xlsx"))
                .file(), 2);
        assertTrue(about.at("B4").text().startsWith("WARNING: the last records verify (") && about.at("B4").text()
                .contains(") FOUND 1 PROBLEM"), about.at("B4").text());
        assertEquals(1, store.lastVerification().problems());
    }

    /** Review of issue 14 §3: {@code --format xlsx --out m.csv} wrote Excel under a .csv name. */
    @Test
    void aFileNameWhoseExtensionIsAnotherFormatsIsNamedAndTheDialogsNameIsFitted() {
        String why = ExportFileNames.contradiction(RecordStore.ExportFormat.XLSX, Path.of("m.csv"));
        assertTrue(why != null && why.contains("m.csv") && why.contains(".csv") && why.contains("xlsx"), why);
        assertNull(ExportFileNames.contradiction(RecordStore.ExportFormat.XLSX, Path.of("m.XLSX")));
        assertNull(ExportFileNames.contradiction(RecordStore.ExportFormat.CSV, Path.of("records-2026.11")));
        assertTrue(ExportFileNames.contradiction(RecordStore.ExportFormat.ZIP, Path.of("out.json")) != null);
        assertEquals(Path.of("dir/m.xlsx"), ExportFileNames.withExtension(RecordStore.ExportFormat.XLSX,
                Path.of("dir/m.csv")));
        assertEquals(Path.of("m.zip"), ExportFileNames.withExtension(RecordStore.ExportFormat.ZIP, Path.of("m")));
        assertEquals(Path.of("m.csv"), ExportFileNames.withExtension(RecordStore.ExportFormat.CSV,
                Path.of("m.csv")));
    }

    private static List<Map<String, String>> csv(Path file) throws Exception {
        return ExportTest.readCsv(Files.readAllBytes(file));
    }

    @Test
    void theCsvPutsAnApostropheBeforeFormulaLikeCellsAndKeepsTheColumnKeysForOtherTools() throws Exception {
        Path out = tmp.resolve("records.csv");
        store.export(RecordStore.ExportFormat.CSV, RecordFilter.ALL, out, false);
        List<Map<String, String>> rows = csv(out);
        assertEquals("'" + HostileRecords.HYPERLINK, rows.get(0).get("patientAddress"));
        assertEquals("'" + HostileRecords.INTERNATIONAL, rows.get(1).get("patientPhone"));
        assertEquals("'" + HostileRecords.AT_FUNCTION, rows.get(1).get("patientAddress"));
        // what is no formula is written as it is: the zeros are in the file
        assertEquals(HostileRecords.PATIENT_NUMBER, rows.get(0).get("patientNumber"));
        assertEquals(HostileRecords.LANDLINE, rows.get(0).get("patientPhone"));
        assertEquals(HostileRecords.JA_NAME, rows.get(0).get("patientName"));
        assertEquals("2026-11-20T10:00:00+09:00", rows.get(0).get("consultationAt"));
        assertEquals("330000", rows.get(0).get("priceYen"));
        // every text cell quoted (OWASP), so a semicolon cannot start a cell in a spreadsheet that splits on it
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(text.contains(",\"0012345\","), text);
        assertTrue(text.startsWith("\ufeff\"id\",\"status\",\"consultationAt\","), text);
    }

    @Test
    void theCsvHeadingsFollowTheLanguageAskedFor() throws Exception {
        Path out = tmp.resolve("records-ja.csv");
        store.export(RecordStore.ExportFormat.CSV, RecordFilter.ALL, out, false, ExportHeaders.JA, (d, t) -> { },
                () -> false);
        Map<String, String> first = csv(out).get(0);
        assertEquals(HostileRecords.PATIENT_NUMBER, first.get("患者番号"));
        assertEquals("2026-11-20T10:00:00+09:00", first.get("説明日時 (Asia/Tokyo)"));
    }

    @Test
    void everyTextThatBeginsAsAFormulaIsPrefixedAndNothingElse() {
        for (String f : new String[] {"=1+1", "+81-90", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"}) {
            assertEquals("'" + f, SpreadsheetCells.neutralised(f));
        }
        for (String plain : new String[] {"0012345", "佐藤 花子", "a=1", " =1", "'quoted", ""}) {
            assertEquals(plain, SpreadsheetCells.neutralised(plain));
        }
        assertNull(SpreadsheetCells.neutralised(null));
    }

    @Test
    void theAuditTrailsCsvPrefixesAFormulaTypedAsAReasonToo() throws Exception {
        store.audit("note", "=HYPERLINK(\"http://evil.example\")", Json.of("reason", "x"));
        Path out = tmp.resolve("trail.csv");
        store.exportAuditTrail(AuditTrail.Filter.ALL, out, false, "en");
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(text.contains("'=HYPERLINK("), text);
        assertFalse(text.contains(",\"=HYPERLINK") || text.contains(",=HYPERLINK"), text);
    }
}
