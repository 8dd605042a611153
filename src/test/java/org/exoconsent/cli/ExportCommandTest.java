package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.exoconsent.records.HostileRecords;
import org.exoconsent.records.RecordStore;
import org.exoconsent.testing.XlsxSheet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 §3 on the command line: {@code export --format xlsx --language}, and a ZIP of records that fail. */
class ExportCommandTest {
    @TempDir
    Path tmp;
    Path data;

    @BeforeEach
    void hostileRecords() throws Exception {
        data = tmp.resolve("data");
        try (RecordStore store = HostileRecords.record(data)) {
            // recorded: h-1 and h-2
        }
    }

    private CliTest.Run run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = data.toString();
        return CliTest.asTester(Map.of(), all);
    }

    @Test
    void anExcelExportHasJapaneseHeadingsUnlessEnglishIsAskedFor() throws Exception {
        Path ja = tmp.resolve("records.xlsx");
        CliTest.Run r = run("export", "--format", "xlsx", "--out", ja.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("2 records"), r.out());
        XlsxSheet sheet = XlsxSheet.read(ja);
        assertEquals("患者番号", sheet.at("E1").text());
        assertEquals(HostileRecords.PATIENT_NUMBER, sheet.at("E2").text());
        assertEquals("説明日時 (Asia/Tokyo)", sheet.at("C1").text());
        Path en = tmp.resolve("records-en.xlsx");
        assertEquals(0, run("export", "--format", "xlsx", "--language", "en", "--out", en.toString()).exit());
        assertEquals("Patient no.", XlsxSheet.read(en).at("E1").text());
        Path csv = tmp.resolve("records-en.csv");
        assertEquals(0, run("export", "--format", "csv", "--language", "en", "--out", csv.toString()).exit());
        assertTrue(Files.readString(csv, StandardCharsets.UTF_8).startsWith("\ufeff\"Document\",\"Status\","
                + "\"Consultation (Asia/Tokyo)\","));
    }

    @Test
    void aLanguageThatIsNotOfferedOrAFormatWithoutHeadingsIsRefusedNamingIt() {
        CliTest.Run fr = run("export", "--format", "xlsx", "--language", "fr", "--out", tmp.resolve("a.xlsx")
                .toString());
        assertEquals(ExitCodes.USAGE, fr.exit());
        assertTrue(fr.err().contains("--language: 'fr' is not one of ja, en"), fr.err());
        CliTest.Run json = run("export", "--format", "json", "--language", "en", "--out", tmp.resolve("a.json")
                .toString());
        assertEquals(ExitCodes.USAGE, json.exit());
        assertTrue(json.err().contains("--language applies to xlsx and csv, not json"), json.err());
        assertFalse(Files.exists(tmp.resolve("a.xlsx")) || Files.exists(tmp.resolve("a.json")));
    }

    @Test
    void aZipOfRecordsThatFailVerificationIsWrittenWithAWarningAndExitsOne() throws Exception {
        Path pdf;
        try (var files = Files.walk(data.resolve("archive"))) {
            pdf = files.filter(f -> f.getFileName().toString().equals("h-2.pdf")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(pdf);
        bytes[bytes.length / 3] ^= 1;
        Files.write(pdf, bytes);
        Path zip = tmp.resolve("evidence.zip");
        CliTest.Run r = run("export", "--format", "zip", "--out", zip.toString());
        assertEquals(ExitCodes.NOT_INTACT, r.exit(), r.out() + r.err());
        assertTrue(Files.exists(zip), "the bundle is evidence: written all the same");
        assertTrue(r.out().contains("2 records"), r.out());
        assertTrue(r.err().contains("WARNING: the clinic's records FAILED VERIFICATION: "), r.err());
        assertTrue(r.err().contains("says so at the top of its README.txt and SHA256SUMS"), r.err());
        assertTrue(r.err().contains("PROBLEM: ") && r.err().contains("h-2"), r.err());
    }

    @Test
    void theHelpNamesTheExcelFormatAndTheLanguage() {
        CliTest.Run r = CliTest.runRaw(Map.of(), new java.io.ByteArrayInputStream(new byte[0]), "export", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("xlsx, csv, json or zip") && r.out().contains("--language=LANG"), r.out());
    }
}
