package org.exoconsent.records;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Streams records out for the manager: CSV (UTF-8 with BOM so Excel on a Japanese Windows reads it, one header
 * row, ISO dates, times in the clinic's zone with their offset), JSON (an array, each record with its full
 * snapshot, as signed), or a ZIP bundle holding the PDFs, the CSV and a {@code SHA256SUMS} manifest that
 * {@code sha256sum -c} checks without ExoConsent. Rows are read and written one at a time, so memory stays flat
 * however many records there are.
 */
final class Exporter {
    enum Format { CSV, JSON, ZIP }

    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema SCHEMA = CSV.schemaFor(RecordRow.class).withHeader();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection db;
    private final Path archive;
    /** Shows the records' times in the clinic's zone. */
    private final org.exoconsent.consent.ClinicClock clock;
    private RecordStore.Progress progress = (done, total) -> { };
    private java.util.function.BooleanSupplier cancelled = () -> false;
    private long total;

    Exporter(Connection db, Path archive, org.exoconsent.consent.ClinicClock clock) {
        this.db = db;
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

    /** After each record of the main pass: report, and stop if asked to. */
    private void step(long done) throws Cancelled {
        progress.update(done, total);
        if (cancelled.getAsBoolean()) {
            throw new Cancelled();
        }
    }

    interface RowHandler {
        void row(RecordRow row, String snapshot) throws IOException;
    }

    /** Calls {@code handler} for each record of the filter, oldest consultation first; returns how many. */
    long each(RecordFilter filter, boolean withSnapshot, RowHandler handler) throws SQLException, IOException {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT " + RecordRow.COLUMNS + (withSnapshot ? ", snapshot" : "") + " FROM record"
                + filter.where(params) + " ORDER BY consultation_at, id";
        long n = 0;
        // the newest signed correction of a patient's detail is shown in place of the consent's value, named
        var corrections = Corrections.latest(db);
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RecordRow row = RecordRow.of(rs, clock);
                    handler.row(row.corrected(corrections.get(row.id())), withSnapshot ? rs.getString("snapshot") : null);
                    n++;
                }
            }
        }
        return n;
    }

    long csv(RecordFilter filter, OutputStream out) throws SQLException, IOException {
        return csv(filter, out, true);
    }

    private long csv(RecordFilter filter, OutputStream out, boolean report) throws SQLException, IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write('\ufeff'); // BOM: Excel then reads UTF-8
        try (SequenceWriter seq = CSV.writer(SCHEMA).without(com.fasterxml.jackson.core.JsonGenerator.Feature
                .AUTO_CLOSE_TARGET).writeValues(w)) {
            long[] n = {0};
            return each(filter, false, (row, snapshot) -> {
                seq.write(row);
                if (report) {
                    step(++n[0]);
                }
            });
        } finally {
            w.flush();
        }
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

    long zip(RecordFilter filter, OutputStream out) throws SQLException, IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        StringBuilder sums = new StringBuilder();
        zip.putNextEntry(new ZipEntry("records.csv"));
        csv(filter, new NonClosing(zip), false); // the PDFs below are the long part: progress counts them
        zip.closeEntry();
        long[] done = {0};
        long n = each(filter, false, (row, snapshot) -> {
            String name = "pdf/" + row.pdfPath();
            putStored(zip, name, archive.resolve(row.pdfPath()));
            sums.append(row.pdfSha256()).append("  ").append(name).append('\n');
            if ("withdrawn".equals(row.status())) {
                addWithdrawal(zip, row.id(), sums);
            }
            if (row.correctedBy() != null) {
                addCorrections(zip, row.id(), sums);
            }
            step(++done[0]);
        });
        zip.putNextEntry(new ZipEntry("SHA256SUMS"));
        zip.write(sums.toString().getBytes(StandardCharsets.US_ASCII));
        zip.closeEntry();
        AuditHead.Head head = AuditLog.newest(db);
        zip.putNextEntry(new ZipEntry("README.txt"));
        zip.write(("ExoConsent export: " + n + " signed consent PDFs (pdf/; a withdrawn consent's withdrawal document\n"
                + "beside it as <id>-withdrawal.pdf, and a correction of a patient's detail as\n"
                + "<id>-correction-<n>.pdf), their index (records.csv, UTF-8, the corrected values and correctedBy),\n"
                + "and SHA256SUMS, the SHA-256 of each PDF as recorded when it was signed.\n"
                + "Check without ExoConsent: unzip, then run `sha256sum -c SHA256SUMS` in this folder;\n"
                + "each PDF's digital signature can be checked with any PDF reader or `pdfsig FILE`.\n"
                + "The clinic's audit trail when this export was made: newest entry " + (head == null ? 0
                : head.seq()) + ",\nSHA-256 " + (head == null ? AuditLog.GENESIS : head.hash())
                + " (the clinic's anchor holds the same head,\nif it keeps one: see records verify).\n")
                .getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        zip.finish();
        return n;
    }

    /** The withdrawal document of a withdrawn consent goes into the bundle beside it. */
    private void addWithdrawal(ZipOutputStream zip, String consentId, StringBuilder sums) throws IOException {
        try (PreparedStatement ps = db.prepareStatement("SELECT pdf_path, pdf_sha256 FROM record WHERE refers_to = ? "
                + "AND kind = 'withdrawal'")) {
            ps.setString(1, consentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = "pdf/" + rs.getString(1);
                    putStored(zip, name, archive.resolve(rs.getString(1)));
                    sums.append(rs.getString(2)).append("  ").append(name).append('\n');
                }
            }
        } catch (SQLException e) {
            throw new IOException("the withdrawal of " + consentId + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The signed corrections of a consent's patient details go into the bundle beside it. */
    private void addCorrections(ZipOutputStream zip, String consentId, StringBuilder sums) throws IOException {
        try {
            for (Corrections.Entry c : Corrections.of(db, consentId)) {
                String name = "pdf/" + c.pdfPath();
                putStored(zip, name, archive.resolve(c.pdfPath()));
                sums.append(c.pdfSha256()).append("  ").append(name).append('\n');
            }
        } catch (SQLException e) {
            throw new IOException("the corrections of " + consentId + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A PDF is compressed already: store it as it is (deflating it again costs time and saves nothing). */
    private static void putStored(ZipOutputStream zip, String name, Path pdf) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(Files.size(pdf));
        entry.setCrc(crc(pdf));
        zip.putNextEntry(entry);
        Files.copy(pdf, zip);
        zip.closeEntry();
    }

    private static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                crc.update(buf, 0, n);
            }
        }
        return crc.getValue();
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
