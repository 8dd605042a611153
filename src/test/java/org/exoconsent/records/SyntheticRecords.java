package org.exoconsent.records;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.exoconsent.testing.Examples;

/** Many records quickly, for benchmarks and for tests of screens that must stay fast with many rows. */
public final class SyntheticRecords {
    private static final String[] INDICATIONS = {"skin", "hair", "knee", "fatigue"};

    private SyntheticRecords() {
    }

    /** A data directory with the Japanese example consent and {@code records - 1} synthetic ones. */
    public static void build(DataDirectory dir, Clock clock, int records) throws Exception {
        try (RecordStore store = TestAccounts.open(dir, clock, "synthetic records")) {
            RecordStore.Recorded real = TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(),
                    Examples.key(), "complete-ja");
            fill(store.sqliteStores().connection(), dir.archive(), dir.auditHead(), real, records);
        }
    }

    /**
     * {@code records - 1} plausible rows besides the real one: 10 physicians ("医師 0" to "医師 9", licences 100000
     * to 100009), 5 products, 500 lots, three years of consultations; each row's PDF is a hard link to one signed
     * PDF that carries no facts, as a document signed before release 1.3 (issue 13 §1), so verification and export
     * work on them and {@code records verify} counts them as not cross-checkable (their rows could not agree with
     * one shared document's facts); each has its {@code created} audit entry, as a recorded consent has, so
     * {@code records verify} finds the index and the trail in agreement (all are active: a withdrawn one would need
     * its signed withdrawal).
     */
    public static void fill(Connection c, Path archive, Path auditHead, RecordStore.Recorded real, int records)
            throws Exception {
        Random r = new Random(42);
        AuditLog.Entry last = null;
        AuditLog log = new AuditLog(new SqlAuditTrail(c), new AuditHeadFile(auditHead));
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(INSERT_RECORD)) {
            byte[] unfacted = signedWithoutFacts();
            Path data = archive.toAbsolutePath().getParent(); // the source beside the data directory, not in it
            Path source = data.resolveSibling(data.getFileName() + "-synthetic-source.pdf");
            Files.write(source, unfacted);
            String sha = RecordStore.sha256(unfacted);
            for (int i = 1; i < records; i++) {
                Row row = bind(ps, r, i, sha, unfacted.length);
                ps.addBatch();
                Path f = archive.resolve(row.rel());
                Files.createDirectories(f.getParent());
                if (i % 50_000 == 0) { // a file system allows some 65,000 links to one file
                    source = data.resolveSibling(data.getFileName() + "-synthetic-source-" + i + ".pdf");
                    Files.write(source, unfacted);
                }
                Files.createLink(f, source);
                last = log.append(row.at(), "synthetic", "created", row.id(), Json.of("pdf", row.rel(),
                        "sha256", sha));
                if (i % 5000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
        if (last != null) {
            log.forceHead(last); // as the store does after its commit: the head names the newest entry
        }
    }

    /**
     * The same {@code records - 1} rows as {@link #fill} in a shared PostgreSQL store (issue 17 §5), inserted through
     * {@code app}, a connection of the clinic's application role (its INSERT rights are all it needs), in one
     * transaction that first locks the audit chain's head as every writer does: each row with its signed PDF in the
     * {@code document} table (one copy per record, as recording stores it) and its {@code created} audit entry in
     * the chain; the head row set to the newest entry before the commit.
     */
    public static void fillPostgres(Connection app, int records) throws Exception {
        Random r = new Random(42);
        AuditLog.Entry last = null;
        AuditLog log = new AuditLog(new SqlAuditTrail(app), new PostgresAuditHead("synthetic records", app));
        app.setAutoCommit(false);
        try (java.sql.Statement st = app.createStatement();
             PreparedStatement ps = app.prepareStatement(INSERT_RECORD);
             PreparedStatement doc = app.prepareStatement("INSERT INTO document (name, content, sha256, size, "
                     + "stored_at) VALUES (?, ?, ?, ?, ?)")) {
            st.executeQuery("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE").close();
            byte[] unfacted = signedWithoutFacts();
            String sha = RecordStore.sha256(unfacted);
            for (int i = 1; i < records; i++) {
                Row row = bind(ps, r, i, sha, unfacted.length);
                ps.addBatch();
                doc.setString(1, row.rel());
                doc.setBytes(2, unfacted);
                doc.setString(3, sha);
                doc.setLong(4, unfacted.length);
                doc.setString(5, row.at().toString());
                doc.addBatch();
                last = log.append(row.at(), "synthetic", "created", row.id(), Json.of("pdf", row.rel(),
                        "sha256", sha));
                if (i % 2000 == 0) {
                    doc.executeBatch();
                    ps.executeBatch();
                }
            }
            doc.executeBatch();
            ps.executeBatch();
            if (last != null) {
                try (PreparedStatement head = app.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? "
                        + "WHERE id = 1")) {
                    head.setLong(1, last.seq());
                    head.setString(2, last.hash());
                    head.executeUpdate();
                }
            }
            app.commit();
        } catch (Exception e) {
            app.rollback();
            throw e;
        } finally {
            app.setAutoCommit(true);
        }
    }

    private static final String INSERT_RECORD = "INSERT INTO record (id, kind, status, refers_to, recorded_at, "
            + "consultation_at, patient_number, patient_name, patient_kana, patient_birth, patient_phone, "
            + "patient_address, representative, physician_name, physician_licence, indication, route, "
            + "planned_date, product_name, lot_number, lot_expiry, template_id, template_version, "
            + "template_sha256, language, pdf_path, pdf_sha256, pdf_size, snapshot, lot_key, patient_key) "
            + "VALUES (?, 'consent', ?, "
            + "NULL, ?, ?, ?, ?, ?, '1960-01-01', '090-0000-0000', '東京都', NULL, ?, ?, ?, 'IV', "
            + "?, ?, ?, '2027-12-31', 'exosome-therapy', '1.0.0', ?, 'ja', ?, ?, ?, '{}', ?, ?)";
    private static final OffsetDateTime START = OffsetDateTime.of(2024, 1, 1, 9, 0, 0, 0, ZoneOffset.ofHours(9));

    /** One synthetic row: its document id, archive name and recording time. */
    private record Row(String id, String rel, java.time.Instant at) {
    }

    /** Sets {@link #INSERT_RECORD}'s parameters for synthetic row {@code i} (the same rows for the same {@code r}). */
    private static Row bind(PreparedStatement ps, Random r, int i, String sha, long size) throws java.sql.SQLException {
        OffsetDateTime at = START.plusMinutes(r.nextInt(3 * 365 * 24 * 60));
        String id = String.format("b%06d", i);
        String rel = at.getYear() + "/" + String.format("%02d", at.getMonthValue()) + "/" + id + ".pdf";
        int physician = r.nextInt(10);
        int lot = r.nextInt(500);
        int k = 1;
        ps.setString(k++, id);
        ps.setString(k++, "active");
        ps.setString(k++, at.toInstant().toString());
        ps.setString(k++, at.toString());
        String patient = "P-" + r.nextInt(30_000);
        ps.setString(k++, patient);
        ps.setString(k++, "患者 " + i);
        ps.setString(k++, "かんじゃ " + i);
        ps.setString(k++, "医師 " + physician);
        ps.setString(k++, String.valueOf(100_000 + physician));
        ps.setString(k++, INDICATIONS[i % INDICATIONS.length]);
        ps.setString(k++, at.toLocalDate().plusDays(7).toString());
        ps.setString(k++, "製品 " + lot % 5);
        String lotNumber = String.format("LOT-%04d", lot);
        ps.setString(k++, lotNumber);
        ps.setString(k++, "0".repeat(64));
        ps.setString(k++, rel);
        ps.setString(k++, sha);
        ps.setLong(k++, size);
        ps.setString(k++, org.exoconsent.consent.Identifiers.key(lotNumber));
        ps.setString(k, org.exoconsent.consent.Identifiers.key(patient));
        return new Row(id, rel, at.toInstant());
    }

    /** A one-page document signed with the example key and carrying no embedded facts (as before release 1.3). */
    static byte[] signedWithoutFacts() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        com.lowagie.text.Document d = new com.lowagie.text.Document();
        com.lowagie.text.pdf.PdfWriter.getInstance(d, out);
        d.open();
        d.add(new com.lowagie.text.Paragraph("Synthetic record for tests, signed without embedded facts"));
        d.close();
        return org.exoconsent.pdf.PdfSigner.sign(out.toByteArray(), Examples.key(),
                OffsetDateTime.of(2026, 11, 21, 12, 0, 0, 0, ZoneOffset.ofHours(9)), "Synthetic record", "test");
    }
}
