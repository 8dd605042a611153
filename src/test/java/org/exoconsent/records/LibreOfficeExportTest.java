package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Issue 14 §3: the exports opened as a manager's spreadsheet opens them — LibreOffice Calc, headless, converting each
 * to a flat OpenDocument spreadsheet (fods) whose cells say what Calc made of them: text, number, date, or a
 * formula. Skipped on a developer machine without LibreOffice; required in CI (CI=true), where .ci/run installs
 * libreoffice-calc-nogui.
 */
@ProcessTest
class LibreOfficeExportTest {
    /** LibreOffice's first start in a new profile takes a few seconds; a hung one must not hang the build. */
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path tmp;
    RecordStore store;

    @BeforeAll
    static void libreOfficeIsThere() throws InterruptedException {
        boolean present;
        try {
            Process p = new ProcessBuilder("soffice", "--version").redirectErrorStream(true).start();
            present = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("soffice is missing: .ci/run must install libreoffice-calc-nogui");
        }
        assumeTrue(present, "LibreOffice (soffice) is not installed");
    }

    @BeforeEach
    void recordHostileDetails() throws Exception {
        store = HostileRecords.record(tmp.resolve("data"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A cell as Calc holds it: its value type (string, float, date…), the text shown, its formula or null. */
    record Cell(String type, String shown, String value, String formula) {
    }

    /**
     * {@code file} converted by LibreOffice Calc (its own profile under {@code tmp}, so parallel runs never share
     * one), read back as rows of cells. {@code filter} is the import filter, or null for the file's type.
     */
    private List<List<Cell>> openInCalc(Path file, String filter) throws Exception {
        Path outDir = Files.createDirectories(tmp.resolve("calc-" + file.getFileName()));
        List<String> cmd = new ArrayList<>(List.of("soffice",
                "-env:UserInstallation=" + tmp.resolve("lo-profile").toUri(), "--headless", "--norestore"));
        if (filter != null) {
            cmd.add("--infilter=" + filter);
        }
        cmd.addAll(List.of("--convert-to", "fods", "--outdir", outDir.toString(), file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("soffice.log")
                .toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("soffice did not finish within " + TIMEOUT_SECONDS + " s");
        }
        String name = file.getFileName().toString();
        Path fods = outDir.resolve(name.substring(0, name.lastIndexOf('.')) + ".fods");
        assertTrue(Files.exists(fods), "LibreOffice converted " + file + ": " + Files.readString(tmp.resolve(
                "soffice.log")));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        Document d = f.newDocumentBuilder().parse(fods.toFile());
        List<List<Cell>> rows = new ArrayList<>();
        NodeList rs = d.getElementsByTagName("table:table-row");
        for (int i = 0; i < rs.getLength(); i++) {
            List<Cell> row = new ArrayList<>();
            NodeList cs = ((Element) rs.item(i)).getElementsByTagName("table:table-cell");
            for (int j = 0; j < cs.getLength(); j++) {
                Element c = (Element) cs.item(j);
                int repeat = c.hasAttribute("table:number-columns-repeated")
                        ? Integer.parseInt(c.getAttribute("table:number-columns-repeated")) : 1;
                String value = c.hasAttribute("office:date-value") ? c.getAttribute("office:date-value")
                        : c.getAttribute("office:value");
                Cell cell = new Cell(c.getAttribute("office:value-type"), c.getTextContent().strip(), value,
                        c.hasAttribute("table:formula") ? c.getAttribute("table:formula") : null);
                for (int k = 0; k < Math.min(repeat, 64); k++) {
                    row.add(cell);
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static Cell at(List<List<Cell>> rows, int row, ExportColumn c) {
        return rows.get(row).get(c.ordinal());
    }

    private static void text(Cell c, String shown) {
        assertEquals("string", c.type(), "a text cell: " + c);
        assertEquals(shown, c.shown());
        assertNull(c.formula(), "no formula: " + c);
    }

    @Test
    void calcShowsTheExcelExportsValuesAsTheyWereRecorded() throws Exception {
        Path xlsx = tmp.resolve("records.xlsx");
        store.export(RecordStore.ExportFormat.XLSX, RecordFilter.ALL, xlsx, false);
        List<List<Cell>> rows = openInCalc(xlsx, null);
        assertEquals("患者番号", at(rows, 0, ExportColumn.PATIENT_NUMBER).shown());
        text(at(rows, 1, ExportColumn.PATIENT_NUMBER), HostileRecords.PATIENT_NUMBER);
        text(at(rows, 1, ExportColumn.PATIENT_PHONE), HostileRecords.LANDLINE);
        text(at(rows, 1, ExportColumn.PATIENT_ADDRESS), HostileRecords.HYPERLINK);
        text(at(rows, 1, ExportColumn.PATIENT_NAME), HostileRecords.JA_NAME);
        text(at(rows, 2, ExportColumn.PATIENT_PHONE), HostileRecords.INTERNATIONAL);
        text(at(rows, 2, ExportColumn.PATIENT_ADDRESS), HostileRecords.AT_FUNCTION);
        Cell consulted = at(rows, 1, ExportColumn.CONSULTATION_AT);
        assertEquals("date", consulted.type(), consulted.toString());
        assertEquals("2026-11-20T10:00:00", consulted.value(), "the clinic's time (Asia/Tokyo)");
        assertEquals("2026-11-20 10:00:00", consulted.shown());
        Cell birth = at(rows, 1, ExportColumn.PATIENT_BIRTH);
        assertEquals("date", birth.type());
        assertEquals("1954-03-15", birth.value());
        Cell price = at(rows, 1, ExportColumn.PRICE_YEN);
        assertEquals("float", price.type());
        assertEquals("330000", price.value());
        assertEquals("330,000", price.shown());
    }

    /**
     * Review of issue 14 §3: printed, the Excel file came out on US Letter portrait, 9 pages of 3–4 columns. Calc
     * prints it (to PDF) on A4 landscape with every column on the first page, the About sheet on the next.
     */
    @Test
    void calcPrintsTheExcelExportOnA4LandscapeWithEveryColumnOnOnePage() throws Exception {
        Path xlsx = tmp.resolve("print.xlsx");
        store.export(RecordStore.ExportFormat.XLSX, RecordFilter.ALL, xlsx, false);
        Path outDir = Files.createDirectories(tmp.resolve("pdf"));
        Process p = new ProcessBuilder("soffice", "-env:UserInstallation=" + tmp.resolve("lo-profile").toUri(),
                "--headless", "--norestore", "--convert-to", "pdf", "--outdir", outDir.toString(), xlsx.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("soffice.log").toFile()).start();
        assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "soffice finished");
        Path pdf = outDir.resolve("print.pdf");
        assertTrue(Files.exists(pdf), Files.readString(tmp.resolve("soffice.log")));
        String info = poppler("pdfinfo", "-f", "1", "-l", "9", pdf.toString());
        assertTrue(info.matches("(?s).*Pages:\\s+2\\n.*"), "the records on one page, the About sheet on one: " + info);
        assertTrue(info.matches("(?s).*Page\\s+1 size:\\s+841\\.[0-9]+ x 595\\.[0-9]+ pts \\(A4\\).*"),
                "A4 landscape: " + info);
        String first = poppler("pdftotext", "-f", "1", "-l", "1", "-layout", pdf.toString(), "-");
        for (String heading : List.of("文書番号", "患者番号", "ロット", "料金（円）")) {
            assertTrue(first.contains(heading), heading + " on the first page: " + first);
        }
    }

    private String poppler(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void calcShowsTheCsvsFormulaLikeCellsAsTextWithTheirApostropheAndRunsNone() throws Exception {
        Path csv = tmp.resolve("records.csv");
        store.export(RecordStore.ExportFormat.CSV, RecordFilter.ALL, csv, false);
        // Calc's text import as a person sets it for this file: comma, double quote, UTF-8 (76), from line 1
        List<List<Cell>> rows = openInCalc(csv, "CSV:44,34,76,1");
        text(at(rows, 1, ExportColumn.PATIENT_ADDRESS), "'" + HostileRecords.HYPERLINK);
        text(at(rows, 2, ExportColumn.PATIENT_PHONE), "'" + HostileRecords.INTERNATIONAL);
        text(at(rows, 2, ExportColumn.PATIENT_ADDRESS), "'" + HostileRecords.AT_FUNCTION);
        text(at(rows, 1, ExportColumn.PATIENT_NAME), HostileRecords.JA_NAME);
        assertEquals("date", at(rows, 1, ExportColumn.PATIENT_BIRTH).type(), "an ISO day is a date to Calc");
        for (List<Cell> row : rows) {
            for (Cell c : row) {
                assertNull(c.formula(), "Calc made no formula of the CSV: " + c);
            }
        }
    }

    @Test
    void theSameCellsWithoutTheApostropheWouldBeRunAsFormulasByCalc() throws Exception {
        // the judge is real: the CSV the product wrote before issue 14 gave Calc a live link
        Path raw = tmp.resolve("unprotected.csv");
        Files.write(raw, ("\ufeffid,patientAddress\nh-1,\"" + HostileRecords.HYPERLINK.replace("\"", "\"\"")
                + "\"\n").getBytes(StandardCharsets.UTF_8));
        List<List<Cell>> rows = openInCalc(raw, "CSV:44,34,76,1");
        Cell c = rows.get(1).get(1);
        assertNotNull(c.formula(), "Calc runs the unprotected cell as a formula: " + c);
        assertTrue(c.formula().contains("HYPERLINK"), c.toString());
    }
}
