package org.exoconsent.records;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import org.exoconsent.testing.Examples;

/**
 * Benchmark of the records store at clinic scale (not a test: run by bench/records.sh). Builds an index of
 * 100,000 consents (rows written directly; every row points at a real signed PDF through a hard link, so the
 * archive is real without rendering 100,000 documents), then measures lot recall, a filtered page for the
 * manager's table, and a ZIP export of 10,000 records with the peak heap. Run it with -Xmx256m.
 */
public final class RecordsBenchmark {
    private static final int RECORDS = 100_000;
    private static final int EXPORTED = 10_000;

    private RecordsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("exoconsent-bench");
        System.out.println("data directory: " + dir);
        Clock clock = Clock.systemUTC();
        try (RecordStore store = TestAccounts.open(new DataDirectory(dir), clock, "bench")) {
            // one real signed PDF, archived once, hard-linked under every record's name
            RecordStore.Recorded real = store.record(Examples.session("complete-ja"), Examples.template(),
                    Examples.key(), "complete-ja");
            long t0 = System.nanoTime();
            fill(store.connection(), dir.resolve("archive"), real);
            System.out.printf("built an index of %,d records in %.1f s%n", store.count(),
                    (System.nanoTime() - t0) / 1e9);

            double[] recall = time(20, () -> store.recall("LOT-0042", null).size());
            int recalled = store.recall("LOT-0042", null).size();
            System.out.printf("lot recall (%d patients of %,d records): median %.1f ms, p90 %.1f ms%n", recalled,
                    RECORDS, recall[0], recall[1]);

            RecordFilter filter = new RecordFilter(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-06-30"),
                    "医師 3", null, null, "active");
            double[] page = time(20, () -> store.list(filter, 0, 100).size());
            double[] count = time(20, () -> (int) store.count(filter));
            System.out.printf("filtered list (physician + half a year + status; %,d matches): first page of 100 "
                    + "median %.1f ms, count median %.1f ms%n", store.count(filter), page[0], count[0]);

            RecordFilter tenThousand = new RecordFilter(null, null, "医師 1", null, null, null);
            System.out.printf("export selection: %,d records%n", store.count(tenThousand));
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            System.gc();
            long t1 = System.nanoTime();
            RecordStore.Exported e = store.export(RecordStore.ExportFormat.ZIP, tenThousand, dir.resolve("x.zip"),
                    false);
            double seconds = (System.nanoTime() - t1) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf("ZIP export of %,d records: %.1f s, %,d MB written, peak heap %.0f MB (max heap %.0f MB)%n",
                    e.records(), seconds, e.bytes() / 1_000_000, peak / 1e6,
                    Runtime.getRuntime().maxMemory() / 1e6);
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    interface Work {
        int run() throws Exception;
    }

    private static double[] time(int runs, Work w) throws Exception {
        w.run();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            w.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[runs / 2], ms[runs * 9 / 10]};
    }

    /** 100,000 plausible rows: 10 physicians, 5 products, 500 lots, three years of consultations. */
    private static void fill(Connection c, Path archive, RecordStore.Recorded real) throws Exception {
        Random r = new Random(42);
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO record (id, kind, status, refers_to, recorded_at, "
                + "consultation_at, patient_number, patient_name, patient_kana, patient_birth, patient_phone, "
                + "patient_address, representative, physician_name, physician_licence, indication, route, "
                + "planned_date, product_name, lot_number, lot_expiry, template_id, template_version, "
                + "template_sha256, language, pdf_path, pdf_sha256, pdf_size, snapshot) VALUES (?, 'consent', ?, "
                + "NULL, ?, ?, ?, ?, ?, '1960-01-01', '090-0000-0000', '東京都', NULL, ?, '100000', 'skin', 'iv', "
                + "?, ?, ?, '2027-12-31', 'exosome-therapy', '1.0.0', ?, 'ja', ?, ?, ?, '{}')")) {
            OffsetDateTime start = OffsetDateTime.of(2024, 1, 1, 9, 0, 0, 0, ZoneOffset.ofHours(9));
            Path source = real.pdf();
            for (int i = 1; i < RECORDS; i++) {
                OffsetDateTime at = start.plusMinutes(r.nextInt(3 * 365 * 24 * 60));
                String id = String.format("b%06d", i);
                String rel = at.getYear() + "/" + String.format("%02d", at.getMonthValue()) + "/" + id + ".pdf";
                int physician = r.nextInt(10);
                int lot = r.nextInt(500);
                int k = 1;
                ps.setString(k++, id);
                ps.setString(k++, r.nextInt(50) == 0 ? "withdrawn" : "active");
                ps.setString(k++, at.toInstant().toString());
                ps.setString(k++, at.toString());
                ps.setString(k++, "P-" + r.nextInt(30_000));
                ps.setString(k++, "患者 " + i);
                ps.setString(k++, "かんじゃ " + i);
                ps.setString(k++, "医師 " + physician);
                ps.setString(k++, at.toLocalDate().plusDays(7).toString());
                ps.setString(k++, "製品 " + lot % 5);
                ps.setString(k++, String.format("LOT-%04d", lot));
                ps.setString(k++, "0".repeat(64));
                ps.setString(k++, rel);
                ps.setString(k++, real.sha256());
                ps.setLong(k, real.size());
                ps.addBatch();
                Path f = archive.resolve(rel);
                Files.createDirectories(f.getParent());
                if (i % 50_000 == 0) { // a file system allows some 65,000 links to one file
                    source = archive.resolve("bench-source-" + i + ".bin");
                    Files.copy(real.pdf(), source);
                }
                Files.createLink(f, source);
                if (i % 5000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }
}
