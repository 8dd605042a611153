package org.exoconsent.records;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
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
        // exports are never written inside the data directory (issue 13 §4)
        Path out = Files.createTempDirectory("exoconsent-bench-out");
        System.out.println("data directory: " + dir);
        Clock clock = Clock.systemUTC();
        try (RecordStore store = TestAccounts.open(new DataDirectory(dir), clock, "bench")) {
            // one real signed PDF, archived once, hard-linked under every record's name
            RecordStore.Recorded real = TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(),
                    Examples.key(), "complete-ja");
            long t0 = System.nanoTime();
            SyntheticRecords.fill(store.sqliteStores().connection(), dir.resolve("archive"),
                    new DataDirectory(dir).auditHead(), real, RECORDS);
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
            for (RecordStore.ExportFormat f : List.of(RecordStore.ExportFormat.XLSX, RecordStore.ExportFormat.CSV)) {
                resetPeaks();
                long t = System.nanoTime();
                RecordStore.Exported x = store.export(f, tenThousand, out.resolve("x." + f.name().toLowerCase()),
                        false, ExportHeaders.JA, (done, all) -> { }, () -> false);
                System.out.printf("%s export of %,d records (headers ja): %.1f s, %,d KB, peak heap %.0f MB%n", f,
                        x.records(), (System.nanoTime() - t) / 1e9, x.bytes() / 1000, peakHeap() / 1e6);
            }
            resetPeaks();
            long t1 = System.nanoTime();
            RecordStore.Exported e = store.export(RecordStore.ExportFormat.ZIP, tenThousand, out.resolve("x.zip"),
                    false);
            double seconds = (System.nanoTime() - t1) / 1e9;
            // the ZIP export first verifies the whole store (issue 14 §3): the synthetic rows share one PDF, so
            // the verification counts them as problems, which the bundle then names
            System.out.printf("ZIP export of %,d records (after records verify of all %,d): %.1f s, %,d MB written, "
                    + "peak heap %.0f MB (max heap %.0f MB)%n", e.records(), RECORDS, seconds, e.bytes() / 1_000_000,
                    peakHeap() / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
        } finally {
            for (Path root : List.of(dir, out)) {
                try (var files = Files.walk(root)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        System.gc();
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
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

}
