package org.exoconsent.ui.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executor;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.SyntheticRecords;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The records screen's rules on 2,000 records, without a toolkit (store work runs on the calling thread). */
class RecordsViewModelTest {
    @TempDir
    static Path tmp;
    static DataDirectory dir;
    static final Executor NOW = Runnable::run;

    @BeforeAll
    static void twoThousandRecordsAndAManager() throws Exception {
        dir = new DataDirectory(tmp.resolve("data"));
        SyntheticRecords.build(dir, Examples.CLOCK, 2000);
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            admin.addUser("office", EnumSet.of(Role.MANAGER), null, "manager password".toCharArray());
            admin.addUser("doctor3", EnumSet.of(Role.PHYSICIAN), "100003", "doctor password".toCharArray());
        }
    }

    private static RecordsViewModel as(String name, String password) throws Exception {
        try (RecordStore s = RecordStore.signIn(dir, Examples.CLOCK, name, password.toCharArray(), "test")) {
            return new RecordsViewModel(new RecordsService(dir, Examples.CLOCK, s.principal()), NOW, NOW);
        }
    }

    private static long count(String where) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM record WHERE kind = "
                     + "'consent'" + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * On a shared store whose server cannot be reached, the records screen says so in its own words, as the home
     * and sign-in screens do ({@code app.store.unreachable}: the server, the database, the wait), not the command
     * line's English text (new-clinic review of issue 17). Nothing listens on the port: refused at once.
     */
    @Test
    void aSharedStoreWhoseServerCannotBeReachedIsSaidInTheScreensWords() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        org.exoconsent.records.PostgresLocation p = org.exoconsent.records.PostgresLocation.parse(
                "postgresql://127.0.0.1:" + port + "/clinic?user=clinic_app", "test",
                org.exoconsent.records.DeviceSettings.none(tmp.resolve("no-settings.properties")));
        org.exoconsent.records.Principal who;
        try (RecordStore s = RecordStore.signIn(dir, Examples.CLOCK, "office", "manager password".toCharArray(),
                "test")) {
            who = s.principal();
        }
        RecordsViewModel vm = new RecordsViewModel(new RecordsService(org.exoconsent.usecases.StoreOpenings.of(p,
                Examples.CLOCK, java.util.Map.of("PGPASSWORD", "not used"), tmp.resolve("device-keys")), who), NOW,
                NOW);
        vm.search();
        RecordsViewModel.Message m = vm.messageProperty().get();
        assertEquals("app.store.unreachable", m.key(), String.valueOf(m));
        assertEquals(List.of("127.0.0.1:" + port, "clinic", "5"), m.args().subList(0, 3));
    }

    @Test
    void pagesOfFiftyOverTheFilteredRecords() throws Exception {
        RecordsViewModel vm = as("office", "manager password");
        vm.search();
        assertEquals(2000, vm.totalProperty().get());
        assertEquals(50, vm.rows().size());
        assertEquals(40, vm.pageCount());
        String newest = vm.rows().get(0).consultationAt();
        assertTrue(vm.rows().stream().allMatch(r -> r.consultationAt().compareTo(newest) <= 0), "newest first");
        vm.nextPage();
        assertEquals(1, vm.pageProperty().get());
        assertTrue(vm.rows().get(0).consultationAt().compareTo(vm.rows().get(49).consultationAt()) >= 0);
        vm.previousPage();
        vm.previousPage(); // stays on the first page
        assertEquals(0, vm.pageProperty().get());

        vm.physician.set("医師 3");
        vm.status.set("active");
        vm.indication.set("hair");
        vm.from.set(LocalDate.parse("2025-01-01"));
        vm.search();
        long expected = count(" AND physician_name = '医師 3' AND status = 'active' AND indication = 'hair' AND "
                + "consultation_at >= '2025-01-01'");
        assertTrue(expected > 0);
        assertEquals(expected, vm.totalProperty().get());
        assertTrue(vm.rows().stream().allMatch(r -> r.physicianName().equals("医師 3") && r.indication().equals("hair")));
        assertEquals("records.found", vm.messageProperty().get().key());

        vm.to.set(LocalDate.parse("2024-01-01"));
        vm.search();
        assertEquals("records.failed", vm.messageProperty().get().key(), "a reversed date range is refused");
        assertTrue(vm.messageProperty().get().args().get(0).toString().contains("is before"));
        vm.clearFilters();
        assertEquals(2000, vm.totalProperty().get());
    }

    @Test
    void aPhysicianSeesOnlyTheirOwnPatients() throws Exception {
        RecordsViewModel vm = as("doctor3", "doctor password");
        vm.search();
        assertEquals(count(" AND physician_licence = '100003'"), vm.totalProperty().get());
        assertTrue(vm.rows().stream().allMatch(r -> r.physicianLicence().equals("100003")));
    }

    /** What an export that does not verify says of the last records verify (issue 14 §3, review). */
    private static final java.util.Set<String> LAST_VERIFY_KEYS = java.util.Set.of("records.exportedNeverVerified",
            "records.exportedLastVerified", "records.exportedLastVerifyFailed");

    @Test
    void anExcelExportHasTheHeadingsTheScreenAsksForAndAZipOfRecordsThatFailVerificationSaysSo() throws Exception {
        RecordsViewModel vm = as("office", "manager password");
        vm.lot.set("LOT-0042");
        vm.search();
        Path xlsx = tmp.resolve("lot42.xlsx");
        vm.export(RecordStore.ExportFormat.XLSX, xlsx, org.exoconsent.records.ExportHeaders.JA);
        // an xlsx does not verify: it says what the audit trail's last records verify found (none yet, or another
        // test's)
        assertTrue(LAST_VERIFY_KEYS.contains(vm.messageProperty().get().key()), vm.messageProperty().get().toString());
        assertEquals("文書番号", org.exoconsent.testing.XlsxSheet.read(xlsx).at("A1").text());
        // an archived PDF altered (and put back afterwards: the other tests share this store)
        Path pdf;
        try (var files = Files.walk(dir.archive())) {
            pdf = files.filter(f -> f.toString().endsWith(".pdf")).findFirst().orElseThrow();
        }
        byte[] original = Files.readAllBytes(pdf);
        byte[] altered = original.clone();
        altered[altered.length / 2] ^= 1;
        Path zip = tmp.resolve("lot42.zip");
        try {
            Files.write(pdf, altered);
            vm.export(RecordStore.ExportFormat.ZIP, zip);
        } finally {
            Files.write(pdf, original);
        }
        var m = vm.messageProperty().get();
        assertEquals("records.exportedNotIntact", m.key(), m.toString());
        assertTrue(Files.exists(zip), "written all the same");
        // (the synthetic records share one file through hard links: each of them is now altered)
        assertTrue(((Number) m.args().get(2)).intValue() >= 1, "the problems are counted: " + m);
        // the next CSV export, which does not verify, says loudly that the last records verify (the ZIP's) failed
        vm.export(RecordStore.ExportFormat.CSV, tmp.resolve("lot42-after.csv"));
        m = vm.messageProperty().get();
        assertEquals("records.exportedLastVerifyFailed", m.key(), m.toString());
        assertTrue(((Number) m.args().get(3)).intValue() >= 1, "its problems are counted: " + m);
        assertTrue(m.args().get(2).toString().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d"),
                "when, in the clinic's zone: " + m);
    }

    @Test
    void anExportReportsProgressAndCanBeCancelledLeavingNoFile() throws Exception {
        RecordsViewModel vm = as("office", "manager password");
        vm.lot.set("LOT-0042");
        vm.search();
        List<Double> seen = new ArrayList<>();
        vm.progressProperty().addListener((o, was, now) -> seen.add(now.doubleValue()));
        Path csv = tmp.resolve("lot42.csv");
        vm.export(RecordStore.ExportFormat.CSV, csv);
        assertTrue(LAST_VERIFY_KEYS.contains(vm.messageProperty().get().key()), vm.messageProperty().get().toString());
        long lines = Files.readAllLines(csv).size();
        assertEquals(vm.totalProperty().get() + 1, lines, "a header and one line per record of the filter");
        assertTrue(seen.stream().anyMatch(p -> p > 0 && p < 1), "progress between 0 and 1: " + seen);
        assertTrue(seen.contains(1.0));
        assertEquals(-1, vm.progressProperty().get(), "the bar goes away at the end");

        vm.clearFilters();
        vm.progressProperty().addListener((o, was, now) -> {
            if (now.doubleValue() > 0.1) {
                vm.cancel();
            }
        });
        Path all = tmp.resolve("all.csv");
        vm.export(RecordStore.ExportFormat.CSV, all);
        assertEquals("records.exportCancelled", vm.messageProperty().get().key());
        assertFalse(Files.exists(all), "a cancelled export leaves no file");
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "nor a temporary one");
        }
    }

    @Test
    void verifyOneOrAllWithProgress() throws Exception {
        RecordsViewModel vm = as("office", "manager password");
        vm.search();
        RecordRow row = vm.rows().get(3);
        vm.verify(row);
        assertEquals("records.intact", vm.messageProperty().get().key());
        List<Double> seen = new ArrayList<>();
        vm.progressProperty().addListener((o, was, now) -> seen.add(now.doubleValue()));
        vm.verifyAll();
        // the synthetic rows share one signed PDF that carries no facts: no problem, but not cross-checkable; the
        // real example consent is held against the facts its PDF carries
        assertEquals("records.notCrossCheckable", vm.messageProperty().get().key(),
                vm.problemDetailsProperty().get());
        assertEquals(count(""), ((Number) vm.messageProperty().get().args().get(0)).longValue(),
                "every consent was checked");
        assertEquals(count(" OR kind = 'withdrawal'") - count(""), ((Number) vm.messageProperty().get().args()
                .get(3)).longValue(), "and every withdrawal, counted apart");
        assertEquals(count(" AND id LIKE 'b%'"), ((Number) vm.messageProperty().get().args().get(1)).longValue(),
                "every synthetic record, and only those, is not cross-checkable");
        assertTrue(vm.problemDetailsProperty().get().contains("b000001: not cross-checkable"),
                vm.problemDetailsProperty().get());
        assertTrue(seen.stream().filter(p -> p > 0 && p < 1).count() > 10, "progress as it goes");
    }

    @Test
    void lotRecallInOneClickAndAWithdrawal() throws Exception {
        RecordsViewModel vm = as("office", "manager password");
        vm.search();
        RecordRow synthetic = vm.rows().get(0);
        vm.recall(synthetic);
        assertEquals(count(" AND lot_number = '" + synthetic.lotNumber() + "'"), vm.totalProperty().get());
        // the real, signed example consent (the synthetic rows carry no session to withdraw)
        vm.clearFilters();
        vm.lot.set("UC10-2611-04");
        vm.search();
        RecordRow row = vm.rows().get(0);
        vm.recall(row);
        assertEquals(count(" AND lot_number = '" + row.lotNumber() + "' AND product_name = '" + row.productName()
                + "'"), vm.totalProperty().get());
        assertTrue(vm.rows().stream().allMatch(r -> r.lotNumber().equals(row.lotNumber())));
        assertEquals(row.lotNumber(), vm.lot.get(), "the filter shows what the table holds");

        RecordRow target = vm.rows().stream().filter(r -> r.status().equals("active")).findFirst().orElseThrow();
        vm.withdraw(target, LocalDate.parse("2026-11-21"), "申し出により", "office");
        assertEquals("records.withdrawn", vm.messageProperty().get().key(), vm.messageProperty().get().toString());
        assertEquals("withdrawn", vm.rows().stream().filter(r -> r.id().equals(target.id())).findFirst()
                .orElseThrow().status());
    }

    /** Issue 14 §5: the lot filter finds a lot however it is typed, and a lot that finds nothing is said in words. */
    @Test
    void aLotTypedInFullWidthFindsItsRecordsAndAMistypedLotNamesTheNearestLotNumbers() throws Exception {
        RecordsViewModel vm = as("office", "manager password");
        long lot42 = count(" AND lot_number = 'LOT-0042'");
        assertTrue(lot42 > 0);
        vm.lot.set(" ｌｏｔ－００４２ ");
        vm.search();
        assertEquals(lot42, vm.totalProperty().get());
        assertTrue(vm.rows().stream().allMatch(r -> r.lotNumber().equals("LOT-0042")));
        // the lots one slip away, which the table does not include, are named beside the count
        RecordsViewModel.Message found = vm.messageProperty().get();
        assertEquals("records.foundAlso", found.key(), found.toString());
        assertEquals(lot42, ((Number) found.args().get(0)).longValue());
        List<?> close = (List<?>) found.args().get(1);
        assertTrue(close.stream().map(m -> ((RecordsViewModel.Message) m).args().get(0)).toList()
                .containsAll(List.of("LOT-0041", "LOT-0043", "LOT-0142")), close.toString());
        assertFalse(close.stream().anyMatch(m -> ((RecordsViewModel.Message) m).args().get(0).equals("LOT-0042")),
                "not the lot shown");

        vm.lot.set("LOT-0O42"); // the letter O for the digit zero
        vm.search();
        assertEquals(0, vm.totalProperty().get());
        RecordsViewModel.Message m = vm.messageProperty().get();
        assertEquals("records.lotUnknown", m.key(), "no empty table without a word: " + m);
        assertEquals("LOT-0O42", m.args().get(0));
        List<?> nearest = (List<?>) m.args().get(1);
        assertEquals(RecordsViewModel.NEAREST_LOTS, nearest.size());
        RecordsViewModel.Message first = (RecordsViewModel.Message) nearest.get(0);
        assertEquals("records.nearLot", first.key());
        assertEquals(List.of("LOT-0042", "製品 2", lot42), first.args(), "the lot one slip away (SyntheticRecords: "
                + "product 製品 n for lot n mod 5), its product and its consents");
    }
}
