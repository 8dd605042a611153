package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportTest {
    @TempDir
    Path tmp;
    RecordStore store;

    /** Four consents: two lots, two days, two physicians. */
    @BeforeEach
    void recordFour() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        // set up once per JVM, copied into each test (TestAccounts#copied)
        if (!TestAccounts.copied(dir, "ExportTest: four consents", Examples.CLOCK, ExportTest::recordFourIn)) {
            recordFourIn(dir);
        }
        store = TestAccounts.open(dir, Examples.CLOCK, "test");
    }

    private static void recordFourIn(DataDirectory dir) throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            recordFour(store);
        }
    }

    private static void recordFour(RecordStore store) throws Exception {
        String[][] variants = {
            {"a-1", "complete-ja", "2026-11-18"}, {"a-2", "complete-ja", "2026-11-19"},
            {"b-1", "complete-en", "2026-11-19"}, {"b-2", "complete-en", "2026-11-20"}};
        for (String[] v : variants) {
            ObjectNode json = Examples.json(v[1]);
            json.put("id", v[0]);
            // move the whole consultation to the given day, keeping its times of day
            String day = v[2];
            String text = new ObjectMapper().writeValueAsString(json).replace("2026-11-20T", day + "T");
            TestAccounts.record(store, Examples.session((ObjectNode) new ObjectMapper().readTree(text)), Examples.template(),
                    Examples.key(), v[0]);
        }
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        store.close();
    }

    /** A CSV export read as another tool reads it ({@link org.exoconsent.testing.CsvFiles#read}). */
    static List<Map<String, String>> readCsv(byte[] bytes) throws Exception {
        return org.exoconsent.testing.CsvFiles.read(bytes);
    }

    @Test
    void csvOpensInExcelAndHoldsOneRowPerRecordOfTheFilter() throws Exception {
        Path out = tmp.resolve("lot.csv");
        RecordStore.Exported e = store.export(RecordStore.ExportFormat.CSV,
                new RecordFilter(null, null, null, null, "UC10-2611-04", null), out, false);
        assertEquals(2, e.records());
        List<Map<String, String>> rows = readCsv(Files.readAllBytes(out));
        assertEquals(List.of("a-1", "a-2"), rows.stream().map(r -> r.get("id")).toList());
        assertEquals("佐藤 花子", rows.get(0).get("patientName"));
        assertEquals("1954-03-15", rows.get(0).get("patientBirth"));
        assertEquals("090-0000-0000", rows.get(0).get("patientPhone"));
        String header = new String(Files.readAllBytes(out), StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        // the column keys as before (every text cell quoted since issue 14), the price then the document's kind
        // (issue 16 §5), then a withdrawn consent's withdrawal (issue 17's README trial) added at the end
        assertTrue(header.startsWith("\ufeff\"id\",\"status\",\"consultationAt\","), header);
        assertTrue(header.endsWith(",\"correctedBy\",\"priceYen\",\"kind\",\"withdrawnBy\",\"withdrawalDate\""),
                header);
        assertEquals("", rows.get(0).get("withdrawnBy"), "an active consent: no withdrawal");
        assertEquals("consent", rows.get(0).get("kind"));
    }

    @Test
    void filtersCombineByDatePhysicianAndStatus() throws Exception {
        Path out = tmp.resolve("day.csv");
        store.export(RecordStore.ExportFormat.CSV, new RecordFilter(LocalDate.parse("2026-11-19"),
                LocalDate.parse("2026-11-19"), null, null, null, "active"), out, false);
        assertEquals(List.of("a-2", "b-1"), readCsv(Files.readAllBytes(out)).stream().map(r -> r.get("id")).toList());
        Path byPhysician = tmp.resolve("physician.csv");
        // the index names the physician as the catalog does, whatever the consultation's language (issue 12 §2):
        // the English consents b-1 and b-2 print "Taro Yamada", and are found under the catalog's name with the others
        store.export(RecordStore.ExportFormat.CSV, new RecordFilter(null, null, "山田 太郎", null, null, null),
                byPhysician, false);
        assertEquals(List.of("a-1", "a-2", "b-1", "b-2"), readCsv(Files.readAllBytes(byPhysician)).stream()
                .map(r -> r.get("id")).toList());
        Path none = tmp.resolve("none.csv");
        assertEquals(0, store.export(RecordStore.ExportFormat.CSV, new RecordFilter(null, null, null, null, null,
                "withdrawn"), none, false).records());
        assertEquals(List.of(), readCsv(Files.readAllBytes(none)), "the header row only");
    }

    private static Map<String, byte[]> unzip(Path zipFile) throws Exception {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(zipFile))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    /** The manifest's lines of sums (its "#" lines left out): file name → SHA-256. */
    private static Map<String, String> sums(String manifest) {
        Map<String, String> sums = new java.util.LinkedHashMap<>();
        manifest.lines().filter(l -> !l.startsWith("#")).forEach(l -> {
            String[] parts = l.split("  ", 2);
            sums.put(parts[1], parts[0]);
        });
        return sums;
    }

    @Test
    void theZipBundleHoldsEveryPdfAndAManifestAnAuditorCanCheck() throws Exception {
        Path out = tmp.resolve("bundle.zip");
        RecordStore.Exported ex = store.export(RecordStore.ExportFormat.ZIP, RecordFilter.ALL, out, false);
        assertTrue(ex.verification() != null && ex.verification().ok() && !ex.failedVerification(),
                String.valueOf(ex.verification()));
        String head = Files.readString(tmp.resolve("data/audit-head.txt")).strip().split("\n")[0];
        Map<String, byte[]> entries = unzip(out);
        assertTrue(entries.containsKey("records.csv") && entries.containsKey("README.txt"), entries.keySet()
                .toString());
        String manifest = new String(entries.get("SHA256SUMS"), StandardCharsets.UTF_8);
        Map<String, String> sums = sums(manifest);
        // issue 14 §3: every other file of the bundle, the CSV and the README too, with its SHA-256
        java.util.Set<String> others = new java.util.TreeSet<>(entries.keySet());
        others.remove("SHA256SUMS");
        assertEquals(others, new java.util.TreeSet<>(sums.keySet()));
        assertEquals(7, sums.size(), "4 PDFs, records.csv, records.xlsx, README.txt");
        // the manager's copy beside the CSV: typed cells, Japanese headings
        Path sheet = tmp.resolve("records-from-zip.xlsx");
        Files.write(sheet, entries.get("records.xlsx"));
        assertEquals("文書番号", org.exoconsent.testing.XlsxSheet.read(sheet).at("A1").text());
        for (var e : sums.entrySet()) {
            assertEquals(e.getValue(), RecordStore.sha256(entries.get(e.getKey())), "the manifest matches " + e
                    .getKey());
            if (e.getKey().endsWith(".pdf")) {
                assertTrue(org.exoconsent.pdf.SignatureVerifier.verify(entries.get(e.getKey())).intact());
            }
        }
        assertArrayEquals(Files.readAllBytes(tmp.resolve("data/archive/2026/11/a-1.pdf")),
                entries.get("pdf/2026/11/a-1.pdf"));
        // the clinic's registered signing keys, by fingerprint, in the manifest and the README
        String fingerprint = KeyRegistry.normalise(RecordStore.sha256(Examples.key().certificate().getEncoded()));
        assertTrue(manifest.contains("# Clinic signing key: SHA-256 " + fingerprint + " (test key;"), manifest);
        assertTrue(manifest.contains("# Verification when exported: passed (4 records checked, 0 problems)"),
                manifest);
        String readme = new String(entries.get("README.txt"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("SHA-256 " + fingerprint), readme);
        assertTrue(readme.contains("verified when this export was made: 4 records checked, 0 problems"), readme);
        // issue 13 §3: the bundle names the audit trail's head when it was made: the export's own verification,
        // audited just before (the head file now names the export's entry, which follows it)
        try (Statement st = store.sqliteStores().connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, hash, action FROM audit ORDER BY seq DESC LIMIT 2")) {
            rs.next();
            assertEquals("exported", rs.getString(3));
            assertEquals(rs.getLong(1) + " " + rs.getString(2), head);
            rs.next();
            assertEquals("verified", rs.getString(3));
            assertTrue(readme.contains("newest entry " + rs.getLong(1) + ",\nSHA-256 " + rs.getString(2)), readme);
        }
    }

    @ProcessTest
    @Test
    void sha256sumChecksEveryFileOfTheBundleWithTheManifestsCommentLines() throws Exception {
        Path out = tmp.resolve("bundle.zip");
        store.export(RecordStore.ExportFormat.ZIP, RecordFilter.ALL, out, false);
        Path folder = Files.createDirectories(tmp.resolve("unzipped"));
        for (var e : unzip(out).entrySet()) {
            Path f = folder.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
        Process p;
        try {
            p = new ProcessBuilder("sha256sum", "--strict", "-c", "SHA256SUMS").directory(folder.toFile())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "sha256sum (coreutils) is not installed");
            return;
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), said);
        assertTrue(said.contains("records.csv: OK") && said.contains("records.xlsx: OK")
                && said.contains("README.txt: OK"), said);
        assertEquals(7, said.lines().filter(l -> l.endsWith(": OK")).count(), said);
    }

    /**
     * Review of issue 14 §3: the manifest must say how many files the bundle holds (sha256sum -c does not see a file
     * added to it) and the README must count each kind of document right — a withdrawal and a correction are PDFs
     * too, not "signed consent PDFs".
     */
    @Test
    void theZipStatesHowManyFilesAndDocumentsOfEachKindItHoldsAndThatAnUnlistedFileWasAdded() throws Exception {
        store.withdraw("a-1", LocalDate.parse("2026-11-21"), "changed their mind", "reception", null, Examples.key());
        store.correct("b-1", "patient.phone", "03-1111-2222", "moved", "reception", Examples.key());
        store.correct("b-1", "patient.phone", "03-3333-4444", "moved again", "reception", Examples.key());
        Path out = tmp.resolve("bundle.zip");
        store.export(RecordStore.ExportFormat.ZIP, RecordFilter.ALL, out, false);
        Map<String, byte[]> entries = unzip(out);
        long pdfs = entries.keySet().stream().filter(n -> n.endsWith(".pdf")).count();
        assertEquals(7, pdfs, entries.keySet().toString());
        assertEquals(11, entries.size(), "7 PDFs, records.csv, records.xlsx, README.txt, SHA256SUMS");
        String said = "This ZIP holds exactly 11 files: records.csv, records.xlsx, README.txt, 4 signed consent PDFs, "
                + "1 withdrawal PDF, 2 correction PDFs and SHA256SUMS";
        String manifest = new String(entries.get("SHA256SUMS"), StandardCharsets.UTF_8);
        String readme = new String(entries.get("README.txt"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("# " + said + "."), manifest);
        assertTrue(readme.contains(said), readme);
        assertTrue(readme.contains("4 signed consent PDFs, 1 withdrawal document (") && readme.contains(
                "2 correction documents of a patient's detail"), readme);
        assertTrue(manifest.contains("not listed below was added after the export"), manifest);
        assertTrue(readme.contains("Any file in this ZIP that SHA256SUMS does not list was added after the export"),
                readme);
        assertTrue(readme.contains("SHA256SUMS itself is not signed"), readme);
        assertEquals(entries.size() - 1, sums(manifest).size(), "every file but the manifest is listed");
    }

    @Test
    void aZipExportOfRecordsThatFailVerificationIsWrittenAndSaysSoLoudly() throws Exception {
        // one archived PDF altered in place: records verify names it
        Path pdf = tmp.resolve("data/archive/2026/11/a-2.pdf");
        byte[] bytes = Files.readAllBytes(pdf);
        bytes[bytes.length / 2] ^= 1;
        Files.write(pdf, bytes);
        Path out = tmp.resolve("evidence.zip");
        RecordStore.Exported ex = store.export(RecordStore.ExportFormat.ZIP, RecordFilter.ALL, out, false);
        assertTrue(ex.failedVerification());
        int problems = ex.verification().problems().size();
        assertTrue(problems >= 1 && ex.verification().problems().stream().anyMatch(p -> p.contains("a-2")),
                ex.verification().problems().toString());
        Map<String, byte[]> entries = unzip(out);
        String readme = new String(entries.get("README.txt"), StandardCharsets.UTF_8);
        assertTrue(readme.startsWith("!!! THE CLINIC'S RECORDS FAILED VERIFICATION WHEN THIS EXPORT WAS MADE: "
                + problems + " problem"), readme);
        assertTrue(readme.contains("PROBLEM: ") && readme.contains("a-2"), readme);
        String manifest = new String(entries.get("SHA256SUMS"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("# VERIFICATION FAILED when exported: " + problems + " problem"), manifest);
        // the altered PDF is in the bundle as it is now; its line holds the SHA-256 recorded when it was signed
        assertTrue(!sums(manifest).get("pdf/2026/11/a-2.pdf").equals(RecordStore.sha256(entries.get(
                "pdf/2026/11/a-2.pdf"))));
        try (Statement st = store.sqliteStores().connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT details FROM audit WHERE action = 'exported'")) {
            assertTrue(rs.next());
            assertTrue(rs.getString(1).contains("\"verificationProblems\":" + problems), rs.getString(1));
        }
    }

    @Test
    void jsonCarriesEachRecordWithItsFullSnapshot() throws Exception {
        Path out = tmp.resolve("all.json");
        store.export(RecordStore.ExportFormat.JSON, RecordFilter.ALL, out, false);
        JsonNode all = new ObjectMapper().readTree(out.toFile());
        assertEquals(4, all.size());
        JsonNode first = all.get(0);
        assertEquals("a-1", first.get("record").get("id").asText());
        assertEquals("not-sterilised", first.get("session").get("treatment").get("product").get("sterilisation")
                .asText());
        assertTrue(!first.get("session").get("signatures").get(0).has("png"), "no image in the snapshot");
    }

    @Test
    void anExportIsAuditedAndNeverReplacesAFileUnasked() throws Exception {
        Path out = tmp.resolve("kept.csv");
        Files.writeString(out, "earlier");
        StoreException e = assertThrows(StoreException.class,
                () -> store.export(RecordStore.ExportFormat.CSV, RecordFilter.ALL, out, false));
        assertTrue(e.getMessage().contains("already exists; nothing was written"), e.getMessage());
        assertEquals("earlier", Files.readString(out));
        RecordStore.Exported ex = store.export(RecordStore.ExportFormat.CSV, RecordFilter.ALL, out, true);
        assertEquals(RecordStore.sha256(Files.readAllBytes(out)), ex.sha256());
        try (Statement st = store.sqliteStores().connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT details FROM audit WHERE action = 'exported'")) {
            assertTrue(rs.next());
            String details = rs.getString(1);
            assertTrue(details.contains("\"records\":4") && details.contains(ex.sha256()), details);
        }
    }

    @Test
    void aZipExportCancelledWhileTheRecordsAreVerifiedLeavesNoFileAndNoEntry() throws Exception {
        Path out = tmp.resolve("cancelled.zip");
        List<long[]> seen = new ArrayList<>();
        RecordStore.ExportCancelledException e = assertThrows(RecordStore.ExportCancelledException.class,
                () -> store.export(RecordStore.ExportFormat.ZIP, RecordFilter.ALL, out, false, ExportHeaders.KEYS,
                        (done, total) -> seen.add(new long[] {done, total}), () -> !seen.isEmpty()));
        assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
        assertEquals(1, seen.size(), "stopped at the first record verified");
        assertEquals(8, seen.get(0)[1], "4 records to verify and 4 to export, counted together");
        assertTrue(Files.notExists(out));
        try (Statement st = store.sqliteStores().connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM audit WHERE action IN ('exported', 'verified')")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void aMissingPdfIsLeftOutOfTheZipAndNamedAndSha256sumReportsItToo() throws Exception {
        Files.delete(tmp.resolve("data/archive/2026/11/b-1.pdf"));
        Path out = tmp.resolve("broken.zip");
        RecordStore.Exported ex = store.export(RecordStore.ExportFormat.ZIP, RecordFilter.ALL, out, false);
        assertEquals(List.of("pdf/2026/11/b-1.pdf"), ex.missing());
        assertTrue(ex.failedVerification());
        Map<String, byte[]> entries = unzip(out);
        assertTrue(!entries.containsKey("pdf/2026/11/b-1.pdf") && entries.containsKey("pdf/2026/11/b-2.pdf"));
        String readme = new String(entries.get("README.txt"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("MISSING from the archive, not in this export: pdf/2026/11/b-1.pdf"), readme);
        String manifest = new String(entries.get("SHA256SUMS"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("1 archived PDF missing"), manifest);
        assertTrue(sums(manifest).containsKey("pdf/2026/11/b-1.pdf"), "its line stays: sha256sum -c reports it");
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void aLotRecallListsEveryPatientWithContactDataAndIsAudited() throws Exception {
        List<RecordRow> rows = store.recall("AD-2609-17", null);
        assertEquals(List.of("b-1", "b-2"), rows.stream().map(RecordRow::id).toList());
        assertEquals("+44-7700-900000", rows.get(0).patientPhone());
        assertEquals(List.of(), store.recall("NO-SUCH-LOT", null));
        try (Statement st = store.sqliteStores().connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM audit WHERE action = 'lot-recall'")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
    }

    /**
     * Issue 16 §7: a patient's ZIP takes every document the index holds of the patient, of whatever kind — an informed
     * refusal, which another part of issue 16 indexes, included — rather than a fixed list of kinds; and no other
     * patient's. The index is the real one, giving one more document of a kind this class has never heard of.
     */
    @Test
    void aPatientsBundleHoldsEveryDocumentTheIndexHoldsOfThemWhateverItsKind() throws Exception {
        SqliteStores stores = store.sqliteStores();
        Path archived = tmp.resolve("data/archive/2026/11/a-1.pdf");
        byte[] bytes = Files.readAllBytes(archived);
        Path other = archived.resolveSibling("r-1.pdf");
        Files.write(other, bytes);
        Files.setPosixFilePermissions(other, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        RecordsIndex real = stores.recordsIndex();
        RecordsIndex withAnotherKind = (RecordsIndex) java.lang.reflect.Proxy.newProxyInstance(
                RecordsIndex.class.getClassLoader(), new Class<?>[] {RecordsIndex.class}, (proxy, m, args) -> {
                    if (m.getName().equals("patientDocuments")) {
                        List<RecordsIndex.PatientDocument> docs = new ArrayList<>(real.patientDocuments(
                                (String) args[0], (String) args[1]));
                        docs.add(new RecordsIndex.PatientDocument("r-1", "informed-refusal", null,
                                "2026-11-21T00:00:00Z", "2026/11/r-1.pdf", RecordStore.sha256(bytes), bytes.length));
                        return docs;
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Exporter.Beside beside = new Exporter.Beside() {
            @Override
            public LastVerification lastVerification() throws java.sql.SQLException {
                return LastVerification.read(stores.auditTrail());
            }

            @Override
            public List<KeyRegistry.RegisteredKey> keys() {
                return List.of();
            }

            @Override
            public AuditHead.Head auditHead() {
                return null;
            }
        };
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Exporter.Bundled b = new Exporter(withAnotherKind, beside, stores.documents(), Examples.CLINIC_CLOCK)
                .zip(RecordFilter.ofPatient("ｐ－０００１２３"), out, new RecordStore.Verification(2, 0, 0, List.of(),
                        List.of(), List.of(), List.of(), null));
        assertEquals(2, b.records(), "the patient's two consents");
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(out.toByteArray()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        assertEquals(java.util.Set.of("pdf/2026/11/a-1.pdf", "pdf/2026/11/a-2.pdf", "pdf/2026/11/r-1.pdf"),
                entries.keySet().stream().filter(n -> n.endsWith(".pdf")).collect(java.util.stream.Collectors.toSet()),
                "both consents and the document of another kind; not b-1 or b-2, another patient's");
        String sums = new String(entries.get("SHA256SUMS"), StandardCharsets.UTF_8);
        assertTrue(sums.contains(RecordStore.sha256(bytes) + "  pdf/2026/11/r-1.pdf"), sums);
        assertTrue(sums.contains("1 other informed-refusal PDF"), "the manifest counts it by its kind: " + sums);
        String readme = new String(entries.get("README.txt"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("1 other document of this patient of the kind 'informed-refusal'"), readme);
    }
}
