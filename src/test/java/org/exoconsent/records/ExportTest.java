package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
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
        store = TestAccounts.open(new DataDirectory(tmp.resolve("data")), Examples.CLOCK, "test");
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

    private static List<Map<String, String>> readCsv(byte[] bytes) throws Exception {
        assertEquals((byte) 0xEF, bytes[0], "UTF-8 BOM");
        assertEquals((byte) 0xBB, bytes[1]);
        assertEquals((byte) 0xBF, bytes[2]);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            it.forEachRemaining(rows::add);
        }
        return rows;
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
        assertTrue(header.startsWith("\ufeffid,status,consultationAt,"), header);
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

    @Test
    void theZipBundleHoldsEveryPdfAndAManifestAnAuditorCanCheck() throws Exception {
        Path out = tmp.resolve("bundle.zip");
        String head = Files.readString(tmp.resolve("data/audit-head.txt")).strip().split("\n")[0];
        store.export(RecordStore.ExportFormat.ZIP, RecordFilter.ALL, out, false);
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(out))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        assertTrue(entries.containsKey("records.csv") && entries.containsKey("README.txt"), entries.keySet()
                .toString());
        String sums = new String(entries.get("SHA256SUMS"), StandardCharsets.US_ASCII);
        List<String> lines = sums.lines().toList();
        assertEquals(4, lines.size());
        for (String line : lines) {
            String[] parts = line.split("  ", 2);
            byte[] pdf = entries.get(parts[1]);
            assertEquals(parts[0], RecordStore.sha256(pdf), "the manifest matches " + parts[1]);
            assertTrue(org.exoconsent.pdf.SignatureVerifier.verify(pdf).intact());
        }
        assertArrayEquals(Files.readAllBytes(tmp.resolve("data/archive/2026/11/a-1.pdf")),
                entries.get("pdf/2026/11/a-1.pdf"));
        // issue 13 §3: the bundle names the audit trail's head when it was made, as the head file said
        String readme = new String(entries.get("README.txt"), StandardCharsets.UTF_8);
        String[] seqHash = head.split(" ");
        assertTrue(readme.contains("newest entry " + seqHash[0] + ",\nSHA-256 " + seqHash[1]), readme + "\n" + head);
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
        try (Statement st = store.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT details FROM audit WHERE action = 'exported'")) {
            assertTrue(rs.next());
            String details = rs.getString(1);
            assertTrue(details.contains("\"records\":4") && details.contains(ex.sha256()), details);
        }
    }

    @Test
    void aMissingPdfStopsAZipExportWithoutLeavingAFile() throws Exception {
        Files.delete(tmp.resolve("data/archive/2026/11/b-1.pdf"));
        Path out = tmp.resolve("broken.zip");
        StoreException e = assertThrows(StoreException.class,
                () -> store.export(RecordStore.ExportFormat.ZIP, RecordFilter.ALL, out, false));
        assertTrue(e.getMessage().contains("b-1.pdf") && e.getMessage().contains("nothing was exported"),
                e.getMessage());
        assertTrue(Files.notExists(out));
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
        try (Statement st = store.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM audit WHERE action = 'lot-recall'")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
    }
}
