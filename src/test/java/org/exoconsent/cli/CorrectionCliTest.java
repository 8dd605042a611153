package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.exoconsent.pdf.EmbeddedFacts;
import org.exoconsent.pdf.SignatureVerifier;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 §1, corrections, through the command line: a mistyped telephone number or name is corrected by a new
 * signed document that refers to the consent; the index shows the corrected value with the correction's id; the
 * consent's row and PDF stay byte for byte as they were; {@code records verify} holds each correction against its
 * signed facts, and names a correction edited in the index with {@code sqlite3}.
 */
class CorrectionCliTest {
    private static final String EN = "a3e9b0c2-5d41-4f6a-8b27-91c4d0e6f538";
    private static final String JA = "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10";
    private static final String LOT = "UC10-2611-04";

    @TempDir
    Path tmp;
    String data;

    private CliTest.Run run(String... args) {
        return runAs(TestAccounts.NAME, TestAccounts.PASSWORD, args);
    }

    /** As CliTest: runs a command as {@code user}; "tester" holds every role. */
    private CliTest.Run runAs(String user, String password, String... args) {
        try {
            TestAccounts.everyone(new DataDirectory(Path.of(data)), Examples.CLOCK);
            if (args[0].equals("record")) {
                TestAccounts.confirmFiles(new DataDirectory(Path.of(data)), Examples.CLOCK,
                        List.of(Examples.sessionFile("complete-ja"), Examples.sessionFile("complete-en")));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("EXOCONSENT_USER", user);
        env.put("EXOCONSENT_PASSWORD", password);
        return CliTest.runRaw(env, new java.io.ByteArrayInputStream(new byte[0]), args);
    }

    @BeforeEach
    void twoConsentsAndAWithdrawal() throws Exception {
        data = tmp.resolve("store").toString();
        // set up once per JVM, copied into each test (TestAccounts#copied)
        CliTest.setUpOnce(data, "CorrectionCliTest: two consents and a withdrawal", d -> data = d,
                this::twoConsentsAndAWithdrawalHere);
    }

    private void twoConsentsAndAWithdrawalHere() {
        CliTest.Run r = run("record", "--data-dir", data, "--session", Examples.sessionFile("complete-ja").toString(),
                Examples.sessionFile("complete-en").toString());
        assertEquals(0, r.exit(), r.err());
        CliTest.Run w = run("withdraw", "--data-dir", data, "--record", EN, "--date", "2026-11-21", "--reason",
                "telephoned", "--received-by", "reception");
        assertEquals(0, w.exit(), w.err());
    }

    private CliTest.Run correct(String record, String field, String value) {
        return run("correct", "--data-dir", data, "--record", record, "--field", field, "--value", value, "--reason",
                "digits swapped when typed", "--received-by", "reception");
    }

    private List<List<String>> rows(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + Path.of(data, "exoconsent.db"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<List<String>> all = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                all.add(row);
            }
            return all;
        }
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + Path.of(data, "exoconsent.db"));
             Statement st = c.createStatement()) {
            for (String s : statements) {
                st.executeUpdate(s);
            }
        }
    }

    private List<Path> archive() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of(data, "archive"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void says(CliTest.Run run, String problem) {
        assertTrue(run.out().contains("PROBLEM: " + problem), "expected «" + problem + "» in:\n" + run.out());
    }

    @Test
    void aCorrectedPhoneNumberIsShownWithItsCorrectionAndTheConsentStaysAsItWas() throws Exception {
        List<List<String>> before = rows("SELECT * FROM record WHERE id = '" + JA + "'");
        Path pdf = Path.of(data, "archive").resolve(rows("SELECT pdf_path FROM record WHERE id = '" + JA + "'")
                .get(0).get(0));
        byte[] pdfBefore = Files.readAllBytes(pdf);

        CliTest.Run c = correct(JA, "patient.phone", "090-1234-5678");
        assertEquals(0, c.exit(), c.err());
        String id = JA + "-correction-1";
        assertTrue(c.out().contains(JA + ": patient.phone corrected; correction recorded as " + id), c.out());

        CliTest.Run recall = run("records", "recall", "--data-dir", data, "--lot", LOT);
        assertEquals(0, recall.exit(), recall.err());
        String line = recall.out().lines().filter(l -> l.contains("document " + JA)).findFirst().orElseThrow();
        assertTrue(line.contains("tel 090-1234-5678"), line);
        assertTrue(line.contains("(corrected by " + id + " (patient.phone))"), line);
        assertFalse(recall.out().contains("090-0000-0000"), "the mistyped number is not offered for a recall");

        // the consent's index row and its signed PDF are untouched
        assertEquals(before, rows("SELECT * FROM record WHERE id = '" + JA + "'"));
        assertArrayEquals(pdfBefore, Files.readAllBytes(pdf));

        // the correction is a signed document carrying its facts, audited with its SHA-256
        List<String> row = rows("SELECT refers_to, field, before, after, pdf_path, pdf_sha256 FROM correction").get(0);
        assertEquals(List.of(JA, "patient.phone", "090-0000-0000", "090-1234-5678"), row.subList(0, 4));
        byte[] signed = Files.readAllBytes(Path.of(data, "archive").resolve(row.get(4)));
        assertTrue(SignatureVerifier.verify(signed).intact());
        String facts = new String(EmbeddedFacts.read(signed, EmbeddedFacts.CORRECTION), StandardCharsets.UTF_8);
        assertTrue(facts.contains("\"before\" : \"090-0000-0000\"") && facts.contains("\"after\" : \"090-1234-5678\"")
                && facts.contains("\"refersTo\" : \"" + JA + "\""), facts);
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(signed)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            for (String shown : new String[] {"記載事項訂正書", "患者さんの電話番号", "訂正前", "090-0000-0000", "訂正後",
                    "090-1234-5678", "digits swapped when typed", "reception", id}) {
                assertTrue(text.contains(shown), "the correction, in the consent's language, shows «" + shown
                        + "»: " + text);
            }
        }
        List<List<String>> audit = rows("SELECT subject, details FROM audit WHERE action = 'corrected'");
        assertEquals(1, audit.size());
        assertEquals(JA, audit.get(0).get(0));
        assertTrue(audit.get(0).get(1).contains(row.get(5)), audit.get(0).get(1));

        // a second correction of the same field corrects the first one's value
        CliTest.Run again = correct(JA, "patient.phone", "090-1234-5679");
        assertEquals(0, again.exit(), again.err());
        assertEquals(List.of(List.of("090-1234-5678", "090-1234-5679")), rows("SELECT before, after FROM correction "
                + "WHERE id = '" + JA + "-correction-2'"));
        CliTest.Run name = correct(EN, "patient.name", "Emily Clarke-Smith");
        assertEquals(0, name.exit(), "a withdrawn consent's details can still be corrected: " + name.err());

        Path csv = tmp.resolve("records.csv");
        CliTest.Run export = run("export", "--data-dir", data, "--format", "csv", "--out", csv.toString());
        assertEquals(0, export.exit(), export.err());
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertTrue(lines.get(0).endsWith(",\"correctedBy\",\"priceYen\",\"kind\",\"withdrawnBy\",\"withdrawalDate\""),
                lines.get(0));
        String ja = lines.stream().filter(l -> l.startsWith("\"" + JA + "\",")).findFirst().orElseThrow(() ->
                new AssertionError(lines.toString()));
        assertTrue(ja.contains("090-1234-5679") && ja.contains(",\"" + JA + "-correction-2 (patient.phone)\","), ja);
        String en = lines.stream().filter(l -> l.startsWith("\"" + EN + "\",")).findFirst().orElseThrow(() ->
                new AssertionError(lines.toString()));
        assertTrue(en.contains("Emily Clarke-Smith") && en.contains(",\"" + EN + "-correction-1 (patient.name)\","), en);
        Path json = tmp.resolve("records.json");
        assertEquals(0, run("export", "--data-dir", data, "--format", "json", "--out", json.toString()).exit());
        assertTrue(Files.readString(json).contains("\"correctedBy\" : \"" + JA + "-correction-2 (patient.phone)\""));

        Path zip = tmp.resolve("records.zip");
        assertEquals(0, run("export", "--data-dir", data, "--format", "zip", "--out", zip.toString()).exit());
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            String sums = new String(z.getInputStream(z.getEntry("SHA256SUMS")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(sums.contains(row.get(5) + "  pdf/" + row.get(4)), "the correction beside its consent: " + sums);
            assertTrue(z.getEntry("pdf/" + row.get(4)) != null);
        }

        // the records screen's list (RecordStore.list) shows the corrected values and names the corrections
        try (RecordStore store = TestAccounts.open(new DataDirectory(Path.of(data)), Examples.CLOCK, "test")) {
            var listed = store.list(org.exoconsent.records.RecordFilter.ALL, 0, 10).stream()
                    .filter(r -> r.id().equals(JA)).findFirst().orElseThrow();
            assertEquals("090-1234-5679", listed.patientPhone());
            assertEquals(JA + "-correction-2 (patient.phone)", listed.correctedBy());
            org.junit.jupiter.api.Assertions.assertNull(store.verifyOne(JA), "the screen's Verify of one record");
            // an existing patient found for a new consultation starts from the corrected details
            var known = store.findPatients("P-000123", 5);
            assertEquals(List.of("090-1234-5679"), known.stream().map(RecordStore.KnownPatient::phone).toList());
        }

        CliTest.Run verify = run("records", "verify", "--data-dir", data);
        assertEquals(0, verify.exit(), verify.out());
        assertTrue(verify.out().contains("0 problems, 0 orphan files"), verify.out());
    }

    @Test
    void aCorrectionsValueEditedInTheIndexIsNamedAgainstTheSignedDocument() throws Exception {
        assertEquals(0, correct(JA, "patient.phone", "090-1234-5678").exit());
        String id = JA + "-correction-1";
        java.sql.SQLException refused = assertThrows(java.sql.SQLException.class,
                () -> sql("UPDATE correction SET after = '080-9999-9999'"));
        assertTrue(refused.getMessage().contains("a signed correction cannot be changed"), refused.getMessage());
        assertThrows(java.sql.SQLException.class, () -> sql("DELETE FROM correction"));

        sql("DROP TRIGGER correction_immutable", "UPDATE correction SET after = '080-9999-9999'");
        CliTest.Run recall = run("records", "recall", "--data-dir", data, "--lot", LOT);
        assertTrue(recall.out().contains("tel 080-9999-9999"), "the attacker's number reaches the index: "
                + recall.out());
        CliTest.Run bad = run("records", "verify", "--data-dir", data);
        assertEquals(1, bad.exit(), bad.out());
        says(bad, "correction " + id + " (of record " + JA + "): after in the index is '080-9999-9999', the signed "
                + "document says '090-1234-5678'");
        try (RecordStore store = TestAccounts.open(new DataDirectory(Path.of(data)), Examples.CLOCK, "test")) {
            String one = store.verifyOne(JA);
            assertTrue(one != null && one.contains("after in the index is '080-9999-9999'"), "the records screen's "
                    + "Verify of the consent names its edited correction: " + one);
        }
    }

    @Test
    void aCorrectionRemovedFromTheIndexOrPointedAtAnotherRecordIsNamed() throws Exception {
        assertEquals(0, correct(JA, "patient.phone", "090-1234-5678").exit());
        String id = JA + "-correction-1";
        sql("DROP TRIGGER correction_immutable", "UPDATE correction SET refers_to = '" + EN + "', before = "
                + "(SELECT patient_phone FROM record WHERE id = '" + EN + "')");
        CliTest.Run moved = run("records", "verify", "--data-dir", data);
        assertEquals(1, moved.exit(), moved.out());
        says(moved, "correction " + id + " (of record " + EN + "): refers_to in the index is '" + EN + "', the signed "
                + "document says '" + JA + "'");

        sql("DROP TRIGGER correction_no_delete", "DELETE FROM correction");
        CliTest.Run lost = run("records", "verify", "--data-dir", data);
        assertEquals(1, lost.exit(), lost.out());
        says(lost, id + ": the audit trail recorded this document, but the index has no record of it");
        assertTrue(lost.out().contains("1 orphan file"), lost.out());
        CliTest.Run recall = run("records", "recall", "--data-dir", data, "--lot", LOT);
        assertTrue(recall.out().contains("tel 090-0000-0000"), recall.out());
    }

    @Test
    void aCorrectionWithoutItsAuditEntryIsNamed() throws Exception {
        assertEquals(0, correct(JA, "patient.phone", "090-1234-5678").exit());
        String id = JA + "-correction-1";
        // a second row for the same signed PDF, never audited
        sql("INSERT INTO correction (id, refers_to, field, before, after, reason, received_by, recorded_at, "
                + "language, pdf_path, pdf_sha256, pdf_size) SELECT '" + JA + "-correction-9', refers_to, field, "
                + "after, '080-9999-9999', reason, received_by, recorded_at, language, pdf_path || '.x', pdf_sha256, "
                + "pdf_size FROM correction WHERE id = '" + id + "'");
        CliTest.Run bad = run("records", "verify", "--data-dir", data);
        assertEquals(1, bad.exit(), bad.out() + bad.err());
        says(bad, "correction " + JA + "-correction-9: the index holds this correction but the audit trail never "
                + "recorded it (no 'corrected' entry)");
        says(bad, "correction " + JA + "-correction-9 (");
        // a recall, an export and the records list never show its value: the audited correction's is shown, and
        // the forged one is named, exit 1 (attack review of 2026-12-01, finding 7: recall showed 080-9999-9999,
        // exit 0)
        CliTest.Run recall = run("records", "recall", "--data-dir", data, "--lot", LOT);
        assertEquals(1, recall.exit(), recall.out() + recall.err());
        assertTrue(recall.out().contains("tel 090-1234-5678"), recall.out());
        assertFalse((recall.out() + recall.err()).contains("080-9999-9999"), recall.out() + recall.err());
        assertTrue(recall.err().contains("correction " + JA + "-correction-9 (of record " + JA + ", patient.phone): "
                + "the audit trail never recorded it (no 'corrected' entry): it was added outside the product, so "
                + "its value is not shown"), recall.err());
        CliTest.Run list = run("records", "list", "--data-dir", data);
        assertFalse((list.out() + list.err()).contains("080-9999-9999"), list.out() + list.err());
        Path csv = tmp.resolve("forged.csv");
        CliTest.Run export = run("export", "--data-dir", data, "--format", "csv", "--out", csv.toString());
        assertEquals(1, export.exit(), export.out() + export.err());
        String exported = java.nio.file.Files.readString(csv);
        assertTrue(exported.contains("090-1234-5678") && !exported.contains("080-9999-9999"), exported);
    }

    @Test
    void refusedCorrectionsAreNamedAndWriteNothing() throws Exception {
        List<Path> archive = archive();
        long audits = Long.parseLong(rows("SELECT count(*) FROM audit WHERE action = 'corrected'").get(0).get(0));
        String[][] cases = {
            {"no-such-id", "patient.phone", "090-1", "no-such-id: no such record; nothing was changed"},
            {EN + "-withdrawal", "patient.phone", "090-1", EN + "-withdrawal: is a withdrawal document, not a "
                    + "consent"},
            {JA, "patient.phone", "090-0000-0000", "patient.phone: '090-0000-0000' is the value the record already "
                    + "holds; there is nothing to correct"},
            {JA, "treatment.lot", "UC10-0000", "field 'treatment.lot' cannot be corrected; a correction changes one of "
                    + "patient.name, patient.kana, patient.phone, patient.address (a mistyped name or contact detail; "
                    + "a wrong date of birth, treatment, product, lot or physician changes what was signed: record a "
                    + "withdrawal and a new consent)"},
            {JA, "patient.name", "佐藤\u202e花子", "patient.name:"},
            {JA, "patient.name", "佐藤\n花子", "patient.name:"},
            {JA, "patient.phone", "0".repeat(41), "patient.phone: 41 characters; at most 40"},
            {JA, "patient.name", "  ", "patient.name: missing"},
        };
        for (String[] c : cases) {
            CliTest.Run r = correct(c[0], c[1], c[2]);
            assertEquals(3, r.exit(), c[2] + ": " + r.err());
            assertTrue(r.err().contains(c[3]), "expected «" + c[3] + "» in: " + r.err());
        }
        CliTest.Run noReason = run("correct", "--data-dir", data, "--record", JA, "--field", "patient.phone",
                "--value", "090-1", "--reason", " ", "--received-by", "reception");
        assertEquals(3, noReason.exit());
        assertTrue(noReason.err().contains("reason: missing"), noReason.err());
        assertEquals(archive, archive(), "no file was written");
        assertEquals(List.of(List.of("0")), rows("SELECT count(*) FROM correction"));
        assertEquals(audits, Long.parseLong(rows("SELECT count(*) FROM audit WHERE action = 'corrected'").get(0)
                .get(0)));
        String trail = rows("SELECT seq, action, subject, details FROM audit").toString();
        CliTest.Run verify = run("records", "verify", "--data-dir", data);
        assertEquals(0, verify.exit(), verify.out() + trail);
    }

    @Test
    void aPhysicianCorrectsOnlyTheirOwnPatientsRecords() throws Exception {
        try (RecordStore store = TestAccounts.open(new DataDirectory(Path.of(data)), Examples.CLOCK, "test")) {
            store.addUser("sasaki", EnumSet.of(Role.PHYSICIAN), "654321", "sasaki's password".toCharArray());
        }
        CliTest.Run other = runAs("sasaki", "sasaki's password", "correct", "--data-dir", data, "--record", JA,
                "--field", "patient.phone", "--value", "090-1234-5678", "--reason", "typo", "--received-by", "x");
        assertEquals(5, other.exit(), other.err());
        assertTrue(other.err().contains(JA + " is another physician's: that physician or a manager does this. "
                + "Nothing was changed"), other.err());
        assertEquals(List.of(List.of("0")), rows("SELECT count(*) FROM correction"));
        CliTest.Run own = runAs(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD, "correct", "--data-dir",
                data, "--record", JA, "--field", "patient.kana", "--value", "さとう はなこ。", "--reason", "typo",
                "--received-by", "reception");
        assertEquals(0, own.exit(), own.err());
    }

    @Test
    void aCorrectionTravelsInTheBackupAndIsHeldAgainstTheConfirmedFingerprintsOnRestore() throws Exception {
        assertEquals(0, correct(JA, "patient.phone", "090-1234-5678").exit());
        Map<String, String> passphrase = Map.of("EXOCONSENT_BACKUP_PASSPHRASE", "a long backup passphrase");
        Path zip = tmp.resolve("backup.zip");
        Map<String, String> env = new HashMap<>(passphrase);
        env.put("EXOCONSENT_USER", TestAccounts.NAME);
        env.put("EXOCONSENT_PASSWORD", TestAccounts.PASSWORD);
        CliTest.Run b = CliTest.runRaw(env, new java.io.ByteArrayInputStream(new byte[0]), "backup", "--data-dir",
                data, "--out", zip.toString());
        assertEquals(0, b.exit(), b.err());
        String other = String.join(":", java.util.Collections.nCopies(32, "AB"));
        CliTest.Run r = CliTest.runRaw(env, new java.io.ByteArrayInputStream(new byte[0]), "restore", "--from",
                zip.toString(), "--to", tmp.resolve("restored").toString(), "--expect-fingerprint", other);
        assertTrue(r.exit() != 0, r.out());
        assertTrue((r.out() + r.err()).contains(JA + "-correction-1: signed by a key you did not confirm"),
                "the correction's signer is held against the confirmed fingerprints too:\n" + r.out() + r.err());
    }

    /**
     * records verify, an export and a restore count the same store the same way: two consents (records), one
     * withdrawal and one correction (README trial of issue 17: verify said "3 records and 1 correction", the export
     * "2 records", the restore "3 records").
     */
    @Test
    void verifyAnExportAndARestoreCountTheRecordsTheWithdrawalAndTheCorrectionAlike() throws Exception {
        assertEquals(0, correct(JA, "patient.phone", "090-1234-5678").exit());
        String counted = "2 records, 1 withdrawal and 1 correction";

        CliTest.Run verify = run("records", "verify", "--data-dir", data);
        assertEquals(0, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains(counted + " checked, 0 problems, 0 orphan files"), verify.out());

        Path zip = tmp.resolve("export.zip");
        CliTest.Run export = run("export", "--data-dir", data, "--format", "zip", "--out", zip.toString());
        assertEquals(0, export.exit(), export.err());
        assertTrue(export.out().startsWith(zip + ": 2 records ("), export.out());
        CliTest.Run again = run("export", "--data-dir", data, "--format", "zip", "--out", zip.toString());
        assertEquals(4, again.exit(), again.err());
        assertEquals(zip + ": already exists; nothing was written (choose another file or pass --overwrite)\n",
                again.err());
        String sums;
        String readme;
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            sums = new String(z.getInputStream(z.getEntry("SHA256SUMS")).readAllBytes(), StandardCharsets.UTF_8);
            readme = new String(z.getInputStream(z.getEntry("README.txt")).readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(sums.startsWith("# ExoConsent export of 2 records, made "), sums);
        assertTrue(sums.contains("# Verification when exported: passed (" + counted + " checked, 0 problems)"), sums);
        assertTrue(readme.contains("verified when this export was made: " + counted + " checked, 0 problems."),
                readme);

        // the withdrawn consent's row says by which document and on which day (README trial: only "withdrawn")
        Path csv = tmp.resolve("records.csv");
        assertEquals(0, run("export", "--data-dir", data, "--format", "csv", "--out", csv.toString()).exit());
        List<Map<String, String>> rows = org.exoconsent.testing.CsvFiles.read(Files.readAllBytes(csv));
        Map<String, String> withdrawn = rows.stream().filter(r -> r.get("id").equals(EN)).findFirst().orElseThrow();
        assertEquals("withdrawn", withdrawn.get("status"));
        assertEquals(EN + "-withdrawal", withdrawn.get("withdrawnBy"));
        assertEquals("2026-11-21", withdrawn.get("withdrawalDate"));
        Map<String, String> active = rows.stream().filter(r -> r.get("id").equals(JA)).findFirst().orElseThrow();
        assertEquals("", active.get("withdrawnBy") + active.get("withdrawalDate"));

        Map<String, String> env = new HashMap<>(Map.of("EXOCONSENT_BACKUP_PASSPHRASE", "a long backup passphrase",
                "EXOCONSENT_USER", TestAccounts.NAME, "EXOCONSENT_PASSWORD", TestAccounts.PASSWORD));
        Path backup = tmp.resolve("backup.zip");
        CliTest.Run b = CliTest.runRaw(env, new java.io.ByteArrayInputStream(new byte[0]), "backup", "--data-dir",
                data, "--out", backup.toString());
        assertEquals(0, b.exit(), b.err());
        Path restored = tmp.resolve("restored");
        CliTest.Run r = CliTest.runRaw(env, new java.io.ByteArrayInputStream(new byte[0]), "restore", "--from",
                backup.toString(), "--to", restored.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("Restored " + counted + " into " + restored + " from an encrypted backup.\n"
                + "records verify on the restored data directory: " + counted + " checked, 0 problems, 0 orphan "
                + "files.\n"), r.out());
    }
}
