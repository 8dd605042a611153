package org.exoconsent.records;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Streams records out for the manager: Excel (xlsx, written with fastexcel: every cell typed — text as text, days and
 * times as date cells, numbers as numbers —, a bold frozen header row in the manager's language, set column widths),
 * CSV (UTF-8 with BOM so Excel on a Japanese Windows reads it, one header row, ISO dates, times in the clinic's zone
 * with their offset, every text cell quoted and a formula-like one prefixed with an apostrophe:
 * {@link SpreadsheetCells}), JSON (an array, each record with its full snapshot, as signed), or a ZIP bundle holding
 * the PDFs, the CSV, the Excel file, a README and a {@code SHA256SUMS} manifest of every other file that {@code sha256sum -c} checks
 * without ExoConsent, with the clinic's registered signing keys and the records' verification when the export was
 * made. The columns are {@link ExportColumn}'s. Rows are read and written one at a time, so memory stays flat however
 * many records there are.
 */
final class Exporter {
    private static final CsvMapper CSV = new CsvMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** fastexcel flushes rows written so far to the file every this many rows. */
    private static final int XLSX_FLUSH_ROWS = 1000;

    private final RecordsIndex index;
    /** What the export states beside the records, from the store's other areas. */
    private final Beside beside;
    /** The signed PDFs a ZIP bundle holds. */
    private final DocumentArchive archive;
    /** Shows the records' times in the clinic's zone. */
    private final org.exoconsent.consent.ClinicClock clock;
    /** The archive paths a ZIP holds so far (a patient's documents are put once). */
    private final java.util.Set<String> bundled = new java.util.HashSet<>();
    private RecordStore.Progress progress = (done, total) -> { };
    private java.util.function.BooleanSupplier cancelled = () -> false;
    private long total;
    /** The words of status, purpose and route in an Excel or CSV export with headings in a language. */
    private ExportWords words = ExportWords.CODES;

    /**
     * What an export states beside the records, read (when needed) in the export's own snapshot from the store's
     * other areas: the newest verification (Excel's second sheet), the registered signing keys and the audit trail's
     * newest entry (a ZIP's README.txt and SHA256SUMS).
     */
    interface Beside {
        /** The newest whole-store {@code records verify} of the audit trail. */
        LastVerification lastVerification() throws SQLException;

        /** The clinic's registered signing keys. */
        List<KeyRegistry.RegisteredKey> keys() throws SQLException;

        /** The audit trail's newest entry, or null when it is empty. */
        AuditHead.Head auditHead() throws SQLException;
    }

    /**
     * @param index   the records to export (read in the caller's snapshot)
     * @param archive the signed PDFs, by the index's archive names
     * @param clock   the clinic's clock: times shown in its zone
     */
    Exporter(RecordsIndex index, Beside beside, DocumentArchive archive, org.exoconsent.consent.ClinicClock clock) {
        this.index = index;
        this.beside = beside;
        this.archive = archive;
        this.clock = clock;
    }

    /** Export was cancelled between two records; the caller deletes what was written. */
    static final class Cancelled extends IOException {
        Cancelled() {
            super("cancelled");
        }
    }

    /** Reports each exported record against {@code total}, and stops when {@code cancelled} says so. */
    Exporter watched(long total, RecordStore.Progress progress, java.util.function.BooleanSupplier cancelled) {
        this.total = total;
        this.progress = progress;
        this.cancelled = cancelled;
        return this;
    }

    /** Writes status, purpose and route with {@code words} in an export whose headings are in a language. */
    Exporter words(ExportWords words) {
        this.words = words;
        return this;
    }

    /** What the export could not state as it should (e.g. a damaged active template version), said in it. */
    private List<String> warnings = List.of();

    /**
     * Writes {@code warnings} (each a sentence naming a damage) as a row of the Excel file's About sheet and at the
     * top of a ZIP's README.txt.
     */
    Exporter warnings(List<String> warnings) {
        this.warnings = List.copyOf(warnings);
        return this;
    }

    /** After each record of the main pass: report, and stop if asked to. */
    private void step(long done) throws Cancelled {
        progress.update(done, total);
        if (cancelled.getAsBoolean()) {
            throw new Cancelled();
        }
    }

    private final java.util.Set<String> damaged = new java.util.LinkedHashSet<>();

    interface RowHandler {
        void row(RecordRow row, String snapshot) throws IOException;
    }

    /**
     * Calls {@code handler} for each record of the filter, oldest consultation first; returns how many. A row whose
     * stored time cannot be read is written all the same, marked ({@link RecordRow#UNREADABLE}), and its damage kept
     * for {@link #damaged}.
     */
    long each(RecordFilter filter, boolean withSnapshot, RowHandler handler) throws SQLException, IOException {
        // the newest signed correction of a patient's detail is shown in place of the consent's value, named
        return index.each(filter, withSnapshot, clock, (row, snapshot) -> {
            damaged.addAll(row.damage());
            handler.row(row, snapshot);
        });
    }

    /** The damage of the rows written so far ({@link RecordRow#damage}), each once, in the order met. */
    List<String> damaged() {
        return List.copyOf(damaged);
    }

    /** The CSV of the filter's records with {@code headers}; returns how many records. */
    long csv(RecordFilter filter, OutputStream out, ExportHeaders headers) throws SQLException, IOException {
        return csv(filter, out, headers, true);
    }

    private long csv(RecordFilter filter, OutputStream out, ExportHeaders headers, boolean report)
            throws SQLException, IOException {
        CsvSchema.Builder schema = CsvSchema.builder();
        for (ExportColumn c : ExportColumn.values()) {
            schema.addColumn(c.heading(headers, clock.zone()), c.kind == ExportColumn.Kind.NUMBER
                    ? CsvSchema.ColumnType.NUMBER : CsvSchema.ColumnType.STRING);
        }
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write('\ufeff'); // BOM: Excel then reads UTF-8
        try (SequenceWriter seq = CSV.writer(schema.build().withHeader())
                .with(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS)
                .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValues(w)) {
            long[] n = {0};
            Object[] cells = new Object[ExportColumn.values().length];
            ExportWords said = headers == ExportHeaders.KEYS ? ExportWords.CODES : words; // keys: codes for tools
            return lines(filter, line -> {
                for (ExportColumn c : ExportColumn.values()) {
                    Object v = said.cell(c, c.raw(line));
                    cells[c.ordinal()] = v instanceof String t ? SpreadsheetCells.neutralised(t) : v;
                }
                seq.write(cells);
                if (report) {
                    step(++n[0]);
                }
            });
        } finally {
            w.flush();
        }
    }

    interface LineHandler {
        void line(ExportColumn.Line line) throws IOException;
    }

    /** Each record of the filter with the price its signed session states, and its withdrawal when withdrawn. */
    private long lines(RecordFilter filter, LineHandler handler) throws SQLException, IOException {
        return each(filter, true, (row, snapshot) -> handler.line(new ExportColumn.Line(row, price(snapshot),
                "withdrawn".equals(row.status()) ? withdrawn(row.id()) : null)));
    }

    /** The (first) withdrawal of consent {@code consentId}, or null when the index holds none. */
    private ExportColumn.Withdrawn withdrawn(String consentId) throws IOException {
        try {
            List<RecordsIndex.Indexed> ws = index.withdrawalsOf(consentId);
            if (ws.isEmpty()) {
                return null;
            }
            RecordsIndex.Indexed w = ws.get(0);
            String date = null;
            try {
                com.fasterxml.jackson.databind.JsonNode facts = JSON.readTree(w.snapshot() == null ? "" : w.snapshot());
                if (facts != null && facts.path("date").isTextual()
                        && facts.path("date").asText().matches("\\d{4}-\\d{2}-\\d{2}")) {
                    date = facts.path("date").asText();
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // an earlier release's row without its facts: the id alone
            }
            return new ExportColumn.Withdrawn(w.id(), date);
        } catch (SQLException e) {
            throw new IOException("the withdrawal of " + consentId + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** {@code treatment.priceYen} of a session snapshot, or null when it has none. */
    private static Long price(String snapshot) throws IOException {
        if (snapshot == null) {
            return null;
        }
        JsonNode p = JSON.readTree(snapshot).path("treatment").path("priceYen");
        return p.isIntegralNumber() ? p.asLong() : null;
    }

    /**
     * The Excel workbook (one sheet) of the filter's records: a bold header row with {@code headers}, frozen, with
     * a filter; text cells as text, days and times (the clinic's wall clock; the heading names the zone) as date
     * cells with a date format, numbers as numbers. Returns how many records.
     */
    long xlsx(RecordFilter filter, OutputStream out, ExportHeaders headers) throws SQLException, IOException {
        return xlsx(filter, out, headers, true);
    }

    private long xlsx(RecordFilter filter, OutputStream out, ExportHeaders headers, boolean report)
            throws SQLException, IOException {
        ExportColumn[] cols = ExportColumn.values();
        ExportWords w = headers == ExportHeaders.KEYS ? ExportWords.CODES : words;
        LastVerification last = beside.lastVerification();
        Workbook wb = new Workbook(new NonClosing(out), "ExoConsent", "1.0");
        Worksheet ws = wb.newWorksheet(headers == ExportHeaders.EN ? "Records" : "記録");
        // printed on A4 in landscape, every column on one page's width (as many pages tall as it takes), the
        // heading row repeated on each page: not US Letter portrait with 3–4 columns a page
        a4Landscape(ws);
        ws.repeatRows(0);
        for (ExportColumn c : cols) {
            String heading = c.heading(headers, clock.zone());
            ws.value(0, c.ordinal(), heading);
            ws.width(c.ordinal(), Math.max(c.width, displayWidth(heading) + 2));
        }
        ws.range(0, 0, 0, cols.length - 1).style().bold().fillColor("DDE4EE").set();
        ws.freezePane(0, 1);
        ws.setAutoFilter(0, 0, cols.length - 1);
        long[] n = {0};
        long count = lines(filter, line -> {
            int r = (int) ++n[0];
            for (ExportColumn c : cols) {
                cell(ws, r, c.ordinal(), w.cell(c, c.typed(line)), c);
            }
            if (r % XLSX_FLUSH_ROWS == 0) {
                ws.flush();
            }
            if (report) {
                step(r);
            }
        });
        about(wb.newWorksheet(headers == ExportHeaders.EN ? "About" : "この出力について"), headers, filter, count,
                last);
        wb.finish();
        return count;
    }

    /** Prints on A4 in landscape, one page wide and as many pages tall as it takes. */
    private static void a4Landscape(Worksheet ws) {
        ws.paperSize(org.dhatim.fastexcel.PaperSize.A4_PAPER);
        ws.pageOrientation("landscape");
        ws.setFitToPage(true);
        ws.fitToWidth((short) 1);
        ws.fitToHeight((short) 0);
    }

    /**
     * The workbook's second sheet: when the export was made (the clinic's zone), its filter and record count, and the
     * newest {@code records verify} of the audit trail ({@link LastVerification}), in red when it warns.
     */
    private void about(Worksheet ws, ExportHeaders headers, RecordFilter filter, long count, LastVerification last) {
        boolean ja = headers != ExportHeaders.EN;
        List<String[]> all = new ArrayList<>(List.of(
            new String[] {ja ? "出力日時" : "Exported", clock.format(clock.now()) + " " + clock.zone().getId()},
            new String[] {ja ? "条件" : "Filter", filter.describe(ja)},
            new String[] {ja ? "記録数" : "Records", Long.toString(count)},
            new String[] {ja ? "最後の検証" : "Last verification", last.line(clock, ja ? "ja" : "en")}));
        int lastRow = all.size() - 1;
        for (String w : warnings) { // a damaged active template version: purposes written as codes
            all.add(new String[] {ja ? "警告" : "Warning", (ja ? "警告：有効なテンプレートの版を読めないため、目的をコードで"
                    + "出力しました。" : "WARNING: ") + oneLine(w)});
        }
        String[][] rows = all.toArray(String[][]::new);
        for (int r = 0; r < rows.length; r++) {
            ws.value(r, 0, rows[r][0]);
            ws.value(r, 1, rows[r][1]);
        }
        ws.width(0, 20);
        ws.width(1, 100);
        a4Landscape(ws);
        ws.range(0, 0, rows.length - 1, 0).style().bold().set();
        if (last.warns()) {
            ws.style(lastRow, 1).bold().fontColor("C00000").set();
        }
        for (int r = lastRow + 1; r < rows.length; r++) {
            ws.style(r, 1).bold().fontColor("C00000").set();
        }
    }

    private static void cell(Worksheet ws, int r, int c, Object v, ExportColumn column) {
        if (v == null) {
            return;
        }
        if (v instanceof LocalDateTime t) {
            ws.value(r, c, t);
            ws.style(r, c).format("yyyy-mm-dd hh:mm:ss").set();
        } else if (v instanceof LocalDate d) {
            ws.value(r, c, d);
            ws.style(r, c).format("yyyy-mm-dd").set();
        } else if (v instanceof Number x) {
            ws.value(r, c, x);
            if (column == ExportColumn.PRICE_YEN) {
                ws.style(r, c).format("#,##0").set();
            }
        } else {
            ws.value(r, c, v.toString()); // a shared string: never a formula, whatever it begins with
        }
    }

    /** Columns a heading takes: East Asian characters count two. */
    private static int displayWidth(String s) {
        return s.codePoints().map(cp -> cp < 0x1100 ? 1 : 2).sum();
    }

    long json(RecordFilter filter, OutputStream out) throws SQLException, IOException {
        try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            long[] done = {0};
            long n = each(filter, true, (row, snapshot) -> {
                g.writeStartObject();
                g.writePOJOField("record", row);
                g.writeFieldName("session");
                g.writeRawValue(snapshot);
                g.writeEndObject();
                step(++done[0]);
            });
            g.writeEndArray();
            return n;
        }
    }

    /**
     * The ZIP bundle: {@code records.csv} (the CSV with its column keys), {@code records.xlsx} (the Excel file with
     * Japanese headings and words, for the manager), {@code pdf/…} (each consent's signed PDF,
     * its withdrawal and corrections beside it, stored as they are), {@code README.txt} and, last, {@code SHA256SUMS}:
     * the SHA-256 of every other file in the bundle (a PDF's as recorded when it was signed, so {@code sha256sum -c}
     * finds an archived file that changed), headed by {@code #} lines (which {@code sha256sum -c} skips) naming the
     * clinic's registered signing keys and the verification. A PDF missing from the archive is left out, named in
     * both files, and keeps its line, so that {@code sha256sum -c} reports it too. README.txt and SHA256SUMS state
     * the exact number of files and of each kind of document ({@link Contents}) and that a file not listed was added
     * after the export.
     *
     * @param verification the store's {@code records verify} when the export began; its problems are written at the
     *                     top of README.txt and SHA256SUMS
     * @return the records exported and the PDFs found missing
     */
    Bundled zip(RecordFilter filter, OutputStream out, RecordStore.Verification verification)
            throws SQLException, IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        StringBuilder sums = new StringBuilder();
        List<String> missing = new ArrayList<>();
        zip.putNextEntry(new ZipEntry("records.csv"));
        MessageDigest csvSha = sha256();
        try (DigestOutputStream csv = new DigestOutputStream(new NonClosing(zip), csvSha)) {
            csv(filter, csv, ExportHeaders.KEYS, false); // the PDFs below are the long part: progress counts them
        }
        zip.closeEntry();
        sums.append(HexFormat.of().formatHex(csvSha.digest())).append("  records.csv\n");
        // the manager's copy: typed cells keep 0012345 and dates, which a spreadsheet opening the CSV loses
        zip.putNextEntry(new ZipEntry("records.xlsx"));
        MessageDigest xlsxSha = sha256();
        try (DigestOutputStream xlsx = new DigestOutputStream(new NonClosing(zip), xlsxSha)) {
            xlsx(filter, xlsx, ExportHeaders.JA, false);
        }
        zip.closeEntry();
        sums.append(HexFormat.of().formatHex(xlsxSha.digest())).append("  records.xlsx\n");
        Contents pdfs = new Contents();
        long[] done = {0};
        long n = each(filter, false, (row, snapshot) -> {
            int put = putPdf(zip, row.pdfPath(), row.pdfSha256(), sums, missing);
            if ("refusal".equals(row.kind())) { // an informed refusal is no consent (README trial of issue 17)
                pdfs.refusals += put;
            } else {
                pdfs.consents += put;
            }
            if ("withdrawn".equals(row.status())) {
                pdfs.withdrawals += addWithdrawal(zip, row.id(), sums, missing);
            }
            if (row.correctedBy() != null) {
                pdfs.corrections += addCorrections(zip, row.id(), sums, missing);
            }
            step(++done[0]);
        });
        if (filter.patientNumber() != null && filter.equals(RecordFilter.ofPatient(filter.patientNumber()))) {
            // a patient's request to see their records (issue 16 §7): every document of theirs the index holds, of
            // whatever kind, not only those beside a consent
            for (RecordsIndex.PatientDocument d : index.patientDocuments(filter.patientNumber(), null)) {
                if (!bundled.contains(d.pdfPath())) {
                    pdfs.others.merge(d.kind(), (long) putPdf(zip, d.pdfPath(), d.pdfSha256(), sums, missing),
                            Long::sum);
                }
            }
        }
        List<KeyRegistry.RegisteredKey> keys = beside.keys();
        byte[] readme = readme(n, verification, keys, missing, pdfs).getBytes(StandardCharsets.UTF_8);
        zip.putNextEntry(new ZipEntry("README.txt"));
        zip.write(readme);
        zip.closeEntry();
        sums.append(HexFormat.of().formatHex(sha256().digest(readme))).append("  README.txt\n");
        zip.putNextEntry(new ZipEntry("SHA256SUMS"));
        zip.write((manifestHeading(n, verification, keys, missing, pdfs) + sums).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        zip.finish();
        return new Bundled(n, List.copyOf(missing));
    }

    /** The PDFs a bundle holds, by kind of document (those found in the archive; a missing one is not counted). */
    static final class Contents {
        long consents;
        /** Informed refusals (issue 16 §5), counted apart from the consents. */
        long refusals;
        long withdrawals;
        long corrections;
        /**
         * A patient's documents not beside one of the bundle's consents, by the kind the index gives them (a
         * withdrawal or correction of a consent not selected, or a kind a later release indexes).
         */
        final java.util.SortedMap<String, Long> others = new java.util.TreeMap<>();

        /** Every file in the ZIP: records.csv, records.xlsx, README.txt, the PDFs and SHA256SUMS. */
        long files() {
            return 4 + consents + refusals + withdrawals + corrections
                    + others.values().stream().mapToLong(x -> x).sum();
        }

        /** ", 1 signed informed-refusal PDF", or nothing when the bundle holds none. */
        String refused() {
            return refusals == 0 ? "" : ", " + refusals + " signed informed-refusal PDF" + (refusals == 1 ? "" : "s");
        }

        /** E.g. {@code 9 files: records.csv, records.xlsx, README.txt, 5 signed consent PDFs, …, and SHA256SUMS}. */
        String describe() {
            StringBuilder other = new StringBuilder();
            others.forEach((kind, k) -> other.append(", ").append(k).append(" other ").append(kind).append(" PDF")
                    .append(k == 1 ? "" : "s"));
            return files() + " files: records.csv, records.xlsx, README.txt, " + consents + " signed consent PDF"
                    + (consents == 1 ? "" : "s") + refused() + ", " + withdrawals + " withdrawal PDF" + (withdrawals == 1 ? ""
                    : "s") + ", " + corrections + " correction PDF" + (corrections == 1 ? "" : "s") + other
                    + " and SHA256SUMS";
        }
    }

    /** What {@link #zip} wrote: the records, and the archived PDFs that were missing (left out, named). */
    record Bundled(long records, List<String> missing) {
    }

    /** The {@code #} lines at the top of SHA256SUMS. */
    private String manifestHeading(long n, RecordStore.Verification v, List<KeyRegistry.RegisteredKey> keys,
                                   List<String> missing, Contents pdfs) {
        StringBuilder b = new StringBuilder();
        b.append("# ExoConsent export of ").append(n).append(" record").append(n == 1 ? "" : "s").append(", made ")
                .append(clock.iso(clock.now())).append(" (").append(clock.zone().getId()).append(")\n");
        b.append("# The SHA-256 of every other file in this ZIP; check: sha256sum -c SHA256SUMS\n");
        b.append("# This ZIP holds exactly ").append(pdfs.describe()).append(".\n");
        b.append("# Any file in it that is not listed below was added after the export (sha256sum -c does not see\n"
                + "# it: count the files). This manifest itself is not signed; each PDF is, by the clinic's key.\n");
        if (v.ok() && missing.isEmpty()) {
            b.append("# Verification when exported: passed (").append(v.checked()).append(", 0 problems)\n");
        } else {
            b.append("# VERIFICATION FAILED when exported: ").append(v.problems().size()).append(" problem")
                    .append(v.problems().size() == 1 ? "" : "s").append(missing.isEmpty() ? ""
                            : ", " + missing.size() + " archived PDF" + (missing.size() == 1 ? "" : "s") + " missing")
                    .append(" (listed in README.txt)\n");
        }
        for (KeyRegistry.RegisteredKey k : keys) {
            b.append("# Clinic signing key: SHA-256 ").append(k.fingerprint()).append(" (").append(oneLine(k.label()))
                    .append("; ").append(oneLine(k.subject())).append("; signs ").append(k.period(clock)).append(")\n");
        }
        if (keys.isEmpty()) {
            b.append("# Clinic signing key: none registered\n");
        }
        return b.toString();
    }

    private String readme(long n, RecordStore.Verification v, List<KeyRegistry.RegisteredKey> keys,
                          List<String> missing, Contents pdfs) throws SQLException {
        StringBuilder b = new StringBuilder();
        for (String w : warnings) {
            b.append("WARNING: ").append(oneLine(w)).append('\n');
        }
        if (!warnings.isEmpty()) {
            b.append('\n');
        }
        if (!v.ok() || !missing.isEmpty()) {
            b.append("!!! THE CLINIC'S RECORDS FAILED VERIFICATION WHEN THIS EXPORT WAS MADE: ")
                    .append(v.problems().size()).append(" problem").append(v.problems().size() == 1 ? "" : "s")
                    .append(" (records verify). !!!\n");
            b.append("Some files below may not be what was signed or recorded. The problems:\n");
            v.problems().forEach(p -> b.append("  PROBLEM: ").append(oneLine(p)).append('\n'));
            missing.forEach(p -> b.append("  MISSING from the archive, not in this export: ").append(p).append('\n'));
            b.append('\n');
        }
        AuditHead.Head head = beside.auditHead();
        b.append("ExoConsent export of ").append(n).append(" record").append(n == 1 ? "" : "s")
                .append(". This ZIP holds exactly ").append(pdfs.describe()).append(":\n")
                .append("  pdf/: ").append(pdfs.consents).append(" signed consent PDF").append(pdfs.consents == 1 ? ""
                        : "s").append(pdfs.refused()).append(", ").append(pdfs.withdrawals).append(" withdrawal document")
                .append(pdfs.withdrawals == 1 ? "" : "s").append(" (<id>-withdrawal.pdf, beside the consent it\n"
                        + "  withdraws) and ").append(pdfs.corrections).append(" correction document")
                .append(pdfs.corrections == 1 ? "" : "s").append(" of a patient's detail (<id>-correction-<n>.pdf)")
                .append(otherDocuments(pdfs)).append(";\n"
                        + "  records.xlsx: the records for a person (Excel or LibreOffice Calc; every cell typed, so\n"
                        + "  patient numbers keep their leading zeros and dates are dates): open this one;\n"
                        + "  records.csv: the same for other tools (UTF-8, column keys, the corrected values and\n"
                        + "  correctedBy); a spreadsheet opening it drops leading zeros and may read text as numbers;\n"
                        + "  this README, and SHA256SUMS: the SHA-256 of every other file in this ZIP (a PDF's as\n"
                        + "  recorded when it was signed).\n"
                        + "Any file in this ZIP that SHA256SUMS does not list was added after the export.\n"
                        + "SHA256SUMS itself is not signed (whoever changes a file can rewrite it); each PDF is signed\n"
                        + "with the clinic's key, and the key fingerprints below are those registered.\n"
                + "Check without ExoConsent: unzip, then run `sha256sum -c SHA256SUMS` in this folder;\n"
                + "each PDF's digital signature can be checked with any PDF reader or `pdfsig FILE`.\n"
                + "records.csv: times in the clinic's zone (").append(clock.zone().getId()).append(") with their offset; "
                + "a text cell that begins\nwith = + - @, a tab or a carriage return has an apostrophe put before it, "
                + "so that a spreadsheet\nnever runs it as a formula (OWASP, CSV injection).\n");
        if (v.ok() && missing.isEmpty()) {
            b.append("The clinic's records were verified when this export was made: ").append(v.checked())
                    .append(", 0 problems.\n");
        }
        b.append("The clinic's registered signing keys (a PDF signed by another key is not the clinic's):\n");
        for (KeyRegistry.RegisteredKey k : keys) {
            b.append("  SHA-256 ").append(k.fingerprint()).append("\n    ").append(oneLine(k.label())).append("; ")
                    .append(oneLine(k.subject())).append("; signs ").append(k.period(clock)).append('\n');
        }
        if (keys.isEmpty()) {
            b.append("  none registered\n");
        }
        b.append("The clinic's audit trail when this export was made: newest entry ").append(head == null ? 0
                : head.seq()).append(",\nSHA-256 ").append(head == null ? AuditLog.GENESIS : head.hash())
                .append(" (the clinic's anchor holds the same head,\nif it keeps one: see records verify).\n");
        return b.toString();
    }

    /** The README's words for a patient's documents of other kinds ({@link Contents#others}), or nothing. */
    private static String otherDocuments(Contents pdfs) {
        StringBuilder b = new StringBuilder();
        pdfs.others.forEach((kind, k) -> b.append(",\n  ").append(k).append(" other document").append(k == 1 ? "" : "s")
                .append(" of this patient of the kind '").append(kind).append("' (<id>.pdf)"));
        return b.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One archived PDF into the bundle with its recorded SHA-256; a missing one, or one that is not the clinic's file
     * (a link or another account's: {@link DocumentArchive#read}), is named and left out.
     */
    private int putPdf(ZipOutputStream zip, String rel, String sha, StringBuilder sums, List<String> missing)
            throws IOException {
        String name = "pdf/" + rel;
        bundled.add(rel);
        int put = 1;
        try {
            putStored(zip, name, archive.read(rel));
        } catch (NoSuchFileException | DocumentArchive.NotTheDocument | DocumentArchive.NotADocumentName e) {
            // NotADocumentName: an index row changed to name a file outside the archive, never read
            missing.add(name);
            put = 0;
        }
        sums.append(sha).append("  ").append(name).append('\n');
        return put;
    }

    /** The withdrawal document of a withdrawn consent goes into the bundle beside it. */
    private int addWithdrawal(ZipOutputStream zip, String consentId, StringBuilder sums, List<String> missing)
            throws IOException {
        int put = 0;
        try {
            for (RecordsIndex.Indexed w : index.withdrawalsOf(consentId)) {
                put += putPdf(zip, w.pdfPath(), w.pdfSha256(), sums, missing);
            }
            return put;
        } catch (SQLException e) {
            throw new IOException("the withdrawal of " + consentId + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The signed corrections of a consent's patient details go into the bundle beside it. */
    private int addCorrections(ZipOutputStream zip, String consentId, StringBuilder sums, List<String> missing)
            throws IOException {
        int put = 0;
        try {
            for (Corrections.Entry c : index.correctionsOf(consentId)) {
                put += putPdf(zip, c.pdfPath(), c.pdfSha256(), sums, missing);
            }
            return put;
        } catch (SQLException e) {
            throw new IOException("the corrections of " + consentId + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A PDF is compressed already: store it as it is (deflating it again costs time and saves nothing). */
    private static void putStored(ZipOutputStream zip, String name, byte[] pdf) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(pdf.length);
        CRC32 crc = new CRC32();
        crc.update(pdf);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(pdf);
        zip.closeEntry();
    }

    /** Lets the CSV writer close its stream without closing the ZIP. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
