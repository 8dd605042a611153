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

    /** One bit of the archived PDF {@code name} flipped: records verify then names it. */
    private void alterArchived(String name) throws Exception {
        Path pdf;
        try (var files = Files.walk(data.resolve("archive"))) {
            pdf = files.filter(f -> f.getFileName().toString().equals(name)).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(pdf);
        bytes[bytes.length / 3] ^= 1;
        Files.write(pdf, bytes);
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

    /**
     * Review of issue 14 §3: {@code export --lot} of a lot nobody holds wrote an empty file and exited 0, where
     * {@code records recall} exits 3 for the same number. The same answer now; a lot the catalog holds with no
     * consent is an empty export, with the note.
     */
    @Test
    void anExportOfALotNeitherTheCatalogNorAnyConsentHoldsIsRefusedAsRecallRefusesIt() throws Exception {
        Path out = tmp.resolve("typo.csv");
        CliTest.Run typo = run("export", "--format", "csv", "--lot", "UC10-2611-4", "--out", out.toString());
        assertEquals(ExitCodes.INVALID_INPUT, typo.exit(), typo.out() + typo.err());
        assertTrue(typo.err().contains("Neither the catalog nor any consent holds lot UC10-2611-4")
                && typo.err().contains("UC10-2611-04"), "names the nearest lot: " + typo.err());
        assertFalse(Files.exists(out), "nothing written");
        CliTest.Run recall = run("records", "recall", "--lot", "UC10-2611-4");
        assertEquals(typo.exit(), recall.exit(), "the same answer as recall: " + recall.out());
        assertEquals(0, run("catalog", "add-lot", "--product", "デモ培養上清エクソソーム UC-10", "--lot",
                "UC10-2701-01", "--expiry", "2027-12-31").exit());
        Path none = tmp.resolve("unused.csv");
        CliTest.Run unused = run("export", "--format", "csv", "--lot", "UC10-2701-01", "--out", none.toString());
        assertEquals(0, unused.exit(), unused.err());
        assertTrue(unused.out().contains("0 records"), unused.out());
        assertTrue(unused.err().contains("The catalog holds this lot: no patient has received it."), unused.err());
        assertTrue(Files.exists(none));
        // the same lines as recall's, its list of lots indented as there (each line was prefixed "Note: ", stripped)
        CliTest.Run recallUnused = run("records", "recall", "--lot", "UC10-2701-01");
        assertEquals(0, recallUnused.exit(), recallUnused.err());
        assertTrue(recallUnused.out().contains("\n  UC10-2611-04  product '"), recallUnused.out());
        assertTrue(unused.err().contains(recallUnused.out()), unused.err() + " / " + recallUnused.out());
    }

    /** The names of a ZIP's entries. */
    private static java.util.List<String> entries(Path zip) throws Exception {
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            return z.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
    }

    /**
     * Issue 16 §7: a patient's request to see their records is one command, {@code export --patient NUMBER}, however
     * the number is typed; the ZIP holds every document of that patient (the consent, its withdrawal, its
     * correction) and no other patient's; a number no record holds is refused, nothing written.
     */
    @Test
    void aPatientsRequestExportsEveryDocumentOfThatPatientAndAnUnknownNumberIsRefused() throws Exception {
        CliTest.Run w = run("withdraw", "--record", "h-1", "--date", "2026-11-21", "--reason", "telephoned",
                "--received-by", "reception");
        assertEquals(0, w.exit(), w.err());
        CliTest.Run c = run("correct", "--record", "h-1", "--field", "patient.address", "--value", "東京都港区1-1",
                "--reason", "moved", "--received-by", "reception");
        assertEquals(0, c.exit(), c.err());
        Path zip = tmp.resolve("patient-0012345.zip");
        CliTest.Run r = run("export", "--format", "zip", "--patient", "００１２３４５", "--out", zip.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("1 record (patient number ００１２３４５)"), r.out());
        java.util.List<String> names = entries(zip);
        assertTrue(names.stream().anyMatch(n -> n.endsWith("/h-1.pdf")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.endsWith("/h-1-withdrawal.pdf")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.endsWith("/h-1-correction-1.pdf")), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.contains("h-2")), "no other patient's document: " + names);
        String sums;
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            sums = new String(z.getInputStream(z.getEntry("SHA256SUMS")).readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(sums.contains("1 signed consent PDF, 1 withdrawal PDF, 1 correction PDF"), sums);

        Path unknown = tmp.resolve("unknown.zip");
        CliTest.Run refused = run("export", "--format", "zip", "--patient", "0099999", "--out", unknown.toString());
        assertEquals(ExitCodes.INVALID_INPUT, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("patient number '0099999': no document of a patient with this number"),
                refused.err());
        assertFalse(Files.exists(unknown), "nothing written");
    }

    /**
     * Issue 16 §7: {@code export --physician} (or {@code --product}) with a name nobody holds wrote an empty file
     * with "0 records" and exit 0, which reads as "this physician recorded nothing". Refused now, naming the names held.
     */
    @Test
    void anExportOfAPhysicianOrProductNobodyHoldsIsRefusedNamingThoseHeld() throws Exception {
        Path out = tmp.resolve("physician.csv");
        CliTest.Run typo = run("export", "--format", "csv", "--physician", "山田太郎", "--out", out.toString());
        assertEquals(ExitCodes.INVALID_INPUT, typo.exit(), typo.out() + typo.err());
        assertTrue(typo.err().contains("physician '山田太郎': no physician of this name") && typo.err()
                .contains("山田 太郎"), "names the physicians held: " + typo.err());
        assertFalse(Files.exists(out), "nothing written");
        CliTest.Run product = run("export", "--format", "csv", "--product", "UC-10", "--out", out.toString());
        assertEquals(ExitCodes.INVALID_INPUT, product.exit(), product.err());
        assertTrue(product.err().contains("product 'UC-10': no product of this name"), product.err());
        CliTest.Run known = run("export", "--format", "csv", "--physician", "山田 太郎", "--out", out.toString());
        assertEquals(0, known.exit(), known.err());
        assertTrue(known.out().contains("2 records"), known.out());
    }

    /** Review of issue 14 §3: {@code --format xlsx --out m.csv} silently wrote an Excel file under a .csv name. */
    @Test
    void aFileNameWhoseExtensionContradictsTheFormatIsRefusedNamingBoth() {
        Path out = tmp.resolve("m.csv");
        CliTest.Run r = run("export", "--format", "xlsx", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("m.csv: the name ends in .csv but the format is xlsx"), r.err());
        assertFalse(Files.exists(out));
        assertEquals(0, run("export", "--format", "xlsx", "--out", tmp.resolve("m.xlsx").toString()).exit());
    }

    /**
     * Review of issue 14 §3: a CSV, Excel or JSON export of a store that fails verification said nothing. It now
     * says on stderr what the last records verify of the audit trail found, loudly when none ran or it failed.
     */
    @Test
    void anExportThatDoesNotVerifySaysWhatTheLastRecordsVerifyFound() throws Exception {
        CliTest.Run never = run("export", "--format", "json", "--out", tmp.resolve("a.json").toString());
        assertEquals(0, never.exit(), never.err());
        assertTrue(never.err().contains("WARNING: the records have NEVER BEEN VERIFIED"), never.err());
        assertEquals(0, run("records", "verify").exit());
        CliTest.Run ok = run("export", "--format", "csv", "--out", tmp.resolve("b.csv").toString());
        assertTrue(ok.err().matches("(?s).*Last records verify: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\(\\+09:00\\), "
                + "0 problems.*"), ok.err());
        alterArchived("h-1.pdf");
        assertEquals(ExitCodes.NOT_INTACT, run("records", "verify").exit());
        CliTest.Run bad = run("export", "--format", "xlsx", "--out", tmp.resolve("c.xlsx").toString());
        assertEquals(0, bad.exit(), "written: it did not verify itself");
        assertTrue(bad.err().contains("WARNING: the last records verify (") && bad.err().contains(
                "FOUND 1 PROBLEM"), bad.err());
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
        alterArchived("h-2.pdf");
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
