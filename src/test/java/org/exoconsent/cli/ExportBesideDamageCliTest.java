package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.HostileRecords;
import org.exoconsent.records.RecordStore;
import org.exoconsent.testing.XlsxSheet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack review of issue 17: an export beside a damaged active template version (its row's time changed with
 * sqlite3, so the version cannot be read). The export is still written — the records are evidence — with the
 * purposes as their codes instead of the template's names, a WARNING on stderr naming the damage, a warning row on
 * the Excel file's About sheet and in a ZIP's README.txt, and exit 1.
 */
class ExportBesideDamageCliTest {
    /** The damage as it is named. */
    static final String DAMAGE = "template version exosome-therapy 1.3.0: the database's template_version row "
            + "'exosome-therapy 1.3.0' was changed outside the product: the column added_at holds 'yesterday'";

    @TempDir
    Path tmp;
    Path data;

    @BeforeEach
    void recordsBesideADamagedActiveVersion() throws Exception {
        data = tmp.resolve("data");
        try (RecordStore store = HostileRecords.record(data)) {
            // recorded: h-1 and h-2
        }
        DataDirectory dir = new DataDirectory(data);
        DamagedRowsCliTest.sql(dir, "DROP TRIGGER template_version_no_update"); // as with sqlite3
        DamagedRowsCliTest.sql(dir, "UPDATE template_version SET added_at = 'yesterday'");
    }

    private CliTest.Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(data.toString());
        return CliTest.asTester(Map.of(), all.toArray(String[]::new));
    }

    @Test
    void anExcelExportIsWrittenWithThePurposeCodesAWarningOnStderrAndOnItsAboutSheet() throws Exception {
        Path xlsx = tmp.resolve("records.xlsx");
        CliTest.Run r = run("export", "--format", "xlsx", "--out", xlsx.toString());
        assertEquals(ExitCodes.NOT_INTACT, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("2 records"), r.out());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("WARNING: ") && l.contains(DAMAGE)), r.err());
        XlsxSheet records = XlsxSheet.read(xlsx);
        assertEquals("目的", records.at("N1").text());
        List<String> purposes = List.of(records.at("N2").text(), records.at("N3").text());
        assertTrue(purposes.stream().allMatch(p -> p.matches("[a-z-]+")), "the codes: " + purposes);
        XlsxSheet about = XlsxSheet.read(xlsx, 2);
        String all = about.cells.values().stream().map(XlsxSheet.Cell::text).toList().toString();
        assertTrue(all.contains("警告") && all.contains(DAMAGE), all);
    }

    @Test
    void aZipExportIsWrittenWithTheWarningInItsReadme() throws Exception {
        Path zip = tmp.resolve("records.zip");
        CliTest.Run r = run("export", "--format", "zip", "--out", zip.toString());
        assertEquals(ExitCodes.NOT_INTACT, r.exit(), r.out() + r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("WARNING: ") && l.contains(DAMAGE)), r.err());
        String readme = null;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry z; (z = in.getNextEntry()) != null; ) {
                if (z.getName().equals("README.txt")) {
                    readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertTrue(readme.contains("WARNING: ") && readme.contains(DAMAGE), readme);
    }

    @Test
    void aCsvExportInJapaneseIsWrittenWithThePurposeCodes() throws Exception {
        Path csv = tmp.resolve("records.csv");
        CliTest.Run r = run("export", "--format", "csv", "--language", "ja", "--out", csv.toString());
        assertEquals(ExitCodes.NOT_INTACT, r.exit(), r.out() + r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("WARNING: ") && l.contains(DAMAGE)), r.err());
        assertFalse(Files.readString(csv, StandardCharsets.UTF_8).isEmpty());
    }

    /**
     * The newest {@code verified} audit entry changed with sqlite3 so that its time cannot be read: an export names
     * that entry, never "the records have never been verified" (attack review of issue 17).
     */
    @Test
    void aDamagedNewestVerificationEntryIsNamedNotTakenForNeverVerified() throws Exception {
        assertEquals(ExitCodes.NOT_INTACT, run("records", "verify").exit()); // the template version's damage
        DataDirectory dir = new DataDirectory(data);
        DamagedRowsCliTest.sql(dir, "DROP TRIGGER audit_no_update"); // as with sqlite3
        // text that is no time, and times that parse but that no calendar shows (they ended the export in a raw
        // DateTimeException, exit 4: review of the change)
        for (String at : List.of("yesterday", "+1000000000-01-01T00:00:00Z", "+999999999-12-31T23:00:00Z")) {
            DamagedRowsCliTest.sql(dir, "UPDATE audit SET at = '" + at + "' WHERE seq = (SELECT max(seq) FROM audit "
                    + "WHERE action = 'verified' AND subject = 'records')");
            Path csv = tmp.resolve("records-" + at.length() + ".csv");
            CliTest.Run r = run("export", "--format", "csv", "--out", csv.toString());
            // written, the warning said, as for a verification never run (a CSV with the keys as headers does not
            // use the damaged template)
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(Files.exists(csv), r.err());
            assertFalse(r.err().contains("NEVER BEEN VERIFIED"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertTrue(r.err().contains("WARNING: the newest records verify of the audit trail CANNOT BE READ (audit "
                    + "entry "), r.err());
            assertTrue(r.err().contains(" (verified records): its time '" + at + "' is not an instant of the years "
                    + "1800 to 9999)"), r.err());
        }
    }
}
