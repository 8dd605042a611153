package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.exoconsent.consent.InformedRefusal;
import org.exoconsent.consent.RefusalJson;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.Refusals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exoconsent record} and {@code render} take an informed refusal's file (issue 16 §5). */
class InformedRefusalCliTest {
    @TempDir
    Path tmp;
    @TempDir
    Path out;

    private static final Map<String, String> TESTER = Map.of("EXOCONSENT_USER", TestAccounts.NAME,
            "EXOCONSENT_PASSWORD", TestAccounts.PASSWORD);

    /** The refusal's file, its consultation confirmed by its physician as the wizard did before the explanation. */
    private Path file(DataDirectory dir, InformedRefusal r, String name) throws Exception {
        TestAccounts.everyone(dir, Examples.CLOCK);
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "confirm")) {
            TestAccounts.confirm(store, r.consultation());
        }
        Path f = out.resolve(name);
        Files.write(f, RefusalJson.write(r));
        return f;
    }

    @Test
    void recordTakesARefusalFileBesideSessionsAndRecordsVerifyChecksIt() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        Path refusal = file(dir, Refusals.signed("complete-ja"), "refusal.json");
        Path consent = Examples.sessionFile("complete-en");
        TestAccounts.confirmFiles(dir, Examples.CLOCK, java.util.List.of(consent));
        CliTest.Run r = CliTest.runRaw(TESTER, new java.io.ByteArrayInputStream(new byte[0]), "record",
                "--data-dir", dir.root().toString(), "--session", consent.toString(), refusal.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(refusal + ": recorded 6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10-refusal → "), r.out());
        assertTrue(r.out().contains("2 recorded, 0 refused"), r.out());
        CliTest.Run verify = CliTest.runRaw(TESTER, new java.io.ByteArrayInputStream(new byte[0]), "records",
                "verify", "--data-dir", dir.root().toString());
        assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains("2 records checked, 0 problems"), verify.out());
        // the export's bundle names the refusal's PDF as what it is, not a consent (README trial of issue 17)
        Path zip = tmp.resolve("export.zip");
        CliTest.Run export = CliTest.runRaw(TESTER, new java.io.ByteArrayInputStream(new byte[0]), "export",
                "--data-dir", dir.root().toString(), "--format", "zip", "--out", zip.toString());
        assertEquals(ExitCodes.OK, export.exit(), export.out() + export.err());
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            String readme = new String(z.getInputStream(z.getEntry("README.txt")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(readme.contains("This ZIP holds exactly 6 files: records.csv, records.xlsx, README.txt, 1 signed "
                    + "consent PDF, 1 signed informed-refusal PDF, 0 withdrawal PDFs, 0 correction PDFs and "
                    + "SHA256SUMS"), readme);
            assertEquals(6, java.util.Collections.list(z.entries()).size(), "as many files as it says");
        }
        CliTest.Run recall = CliTest.runRaw(TESTER, new java.io.ByteArrayInputStream(new byte[0]), "records",
                "recall", "--data-dir", dir.root().toString(), "--lot", "UC10-2611-04");
        assertEquals(ExitCodes.OK, recall.exit(), recall.out() + recall.err());
        // a refusal is listed but is not a consent: the count says the kinds (attack review F11)
        assertTrue(recall.out().startsWith("Lot UC10-2611-04: 1 record (0 consents, 1 informed refusal)\n"),
                recall.out());
        assertTrue(recall.out().contains("document 6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10-refusal  (informed refusal: "
                + "the patient declined this treatment after the explanation)"), recall.out());
    }

    @Test
    void aNoteThatThePatientWouldNotSignWithoutItsAuditedEntryIsRefusedWithExitThreeAndNothingIsStored()
            throws Exception {
        // the attack review's F2: a file naming yamada's note, written without yamada's password
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        Path refusal = file(dir, Refusals.notSignedByPatient("complete-ja", "署名を望みませんでした。"),
                "claimed.json");
        CliTest.Run r = CliTest.runRaw(TESTER, new java.io.ByteArrayInputStream(new byte[0]), "record",
                "--data-dir", dir.root().toString(), "--session", refusal.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.out() + r.err());
        assertTrue((r.out() + r.err()).contains("patientWouldNotSign: the audit trail records no note of "
                + "consultation"), r.out() + r.err());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(java.util.List.of(), store.list(org.exoconsent.records.RecordFilter.ALL, 0, 10),
                    "nothing was recorded");
        }
    }

    @Test
    void anIncompleteRefusalIsRefusedWithItsFieldsNamedAndExitThree() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        InformedRefusal signed = Refusals.signed("complete-ja");
        Path bad = file(dir, signed.withSignatures(java.util.List.of(signed.patientSide().orElseThrow())), "bad.json");
        CliTest.Run r = CliTest.runRaw(TESTER, new java.io.ByteArrayInputStream(new byte[0]), "record",
                "--data-dir", dir.root().toString(), "--session", bad.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(bad.toString()) && r.err().contains("signatures: the physician's signature is "
                + "missing"), r.err());
        assertTrue(r.out().contains("0 recorded, 1 refused"), r.out());
        assertFalse(Files.exists(dir.root().resolve("archive/2026/11/6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10-refusal.pdf")));
    }

    @Test
    void renderSignsARefusalMarkedAsNotAnArchivedRecord() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        Path refusal = file(dir, Refusals.notSignedByPatient("complete-en", "The patient did not want to sign."),
                "refusal-en.json");
        Path pdf = out.resolve("refusal-en.pdf");
        CliTest.Run r = CliTest.runRaw(TESTER, new java.io.ByteArrayInputStream(new byte[0]), "render",
                "--data-dir", dir.root().toString(), "--session", refusal.toString(), "--out", pdf.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(": signed informed refusal for Emily Clarke"), r.out());
        String text = FixtureCopy.pdfText(pdf);
        assertTrue(text.contains("Specimen"), "marked as not an archived record: " + text);
        assertTrue(text.contains("Recordofdecidingnottohavethetreatmentaftertheexplanation"), text);
        assertTrue(text.contains("Thepatientdidnotwanttosign."), text);
        String shots = System.getProperty("exoconsent.screenshots");
        if (shots != null) { // the PDF to look at (docs/screenshots/README.md)
            Files.createDirectories(Path.of(shots));
            Files.copy(pdf, Path.of(shots).resolve("informed-refusal-en.pdf"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
