package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 §4: the product's own commands never destroy or imitate evidence. Each attack of the issue, through the
 * command line as a clinic's script would run it: no command writes a named file inside the data directory, render
 * never signs a second document with a recorded id and marks its PDF on every page, and a data directory that lost
 * its database is never started again as a new clinic.
 */
class EvidenceCommandsTest {
    private static final String JA = "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10";
    private static final String EN = "a3e9b0c2-5d41-4f6a-8b27-91c4d0e6f538";
    private static final String MARK_JA = "見本・保存された記録ではありません";
    private static final String MARK_EN = "Specimen — not an archived record";

    @TempDir
    Path tmp;
    private Path data;
    private final Map<String, String> asTester = Map.of("EXOCONSENT_USER", TestAccounts.NAME, "EXOCONSENT_PASSWORD",
            TestAccounts.PASSWORD, "EXOCONSENT_BACKUP_PASSPHRASE", "a long enough passphrase");

    @BeforeEach
    void recordTheJapaneseExample() throws Exception {
        data = tmp.resolve("data");
        DataDirectory dir = new DataDirectory(data);
        // set up once per JVM, copied into each test (TestAccounts#copied)
        if (!TestAccounts.copied(dir, "EvidenceCommandsTest: the Japanese example recorded", Examples.CLOCK,
                this::recordTheJapaneseExampleIn)) {
            recordTheJapaneseExampleIn(dir);
        }
    }

    private void recordTheJapaneseExampleIn(DataDirectory dir) throws Exception {
        TestAccounts.everyone(dir, Examples.CLOCK);
        List<Path> sessions = List.of(Examples.sessionFile("complete-ja"));
        TestAccounts.confirmFiles(dir, Examples.CLOCK, sessions);
        CliTest.Run r = runIn(dir.root(), "record", "--session", sessions.get(0).toString());
        assertEquals(0, r.exit(), r.err());
    }

    private CliTest.Run run(String... args) {
        return runIn(data, args);
    }

    private CliTest.Run runIn(Path dataDir, String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--data-dir", dataDir.toString()))
                .toArray(String[]::new);
        return CliTest.runRaw(asTester, new ByteArrayInputStream(new byte[0]), all);
    }

    private Path archived(String id) throws IOException {
        try (Stream<Path> s = Files.walk(data.resolve("archive"))) {
            return s.filter(p -> p.getFileName().toString().equals(id + ".pdf")).findFirst().orElseThrow();
        }
    }

    /** Every file of the data directory with its bytes (the lock file left out: it says who last wrote). */
    private Map<String, byte[]> contents() throws IOException {
        Map<String, byte[]> all = new TreeMap<>();
        try (Stream<Path> s = Files.walk(data)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = data.relativize(p).toString();
                if (!rel.equals(DataDirectory.LOCK)) {
                    all.put(rel, Files.readAllBytes(p));
                }
            }
        }
        return all;
    }

    private void assertUnchanged(Map<String, byte[]> before) throws IOException {
        Map<String, byte[]> after = contents();
        assertEquals(before.keySet(), after.keySet(), "no file added to or removed from the data directory");
        for (Map.Entry<String, byte[]> e : before.entrySet()) {
            if (!e.getKey().startsWith("exoconsent.db")) { // SQLite may rewrite its own pages; see the audit below
                assertArrayEquals(e.getValue(), after.get(e.getKey()), e.getKey() + " unchanged");
            }
        }
    }

    private void assertRefusedInside(CliTest.Run r, Path out, String what) {
        assertEquals(3, r.exit(), out + ": " + r.out() + r.err());
        assertTrue(r.err().contains(out + ": is inside the data directory " + data + ". " + what),
                "the message names the file, the data directory and what was refused: " + r.err());
    }

    private static List<String> pageTexts(Path pdf) throws IOException {
        List<String> pages = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            PDFTextStripper stripper = new PDFTextStripper();
            for (int i = 1; i <= doc.getNumberOfPages(); i++) {
                stripper.setStartPage(i);
                stripper.setEndPage(i);
                pages.add(stripper.getText(doc));
            }
        }
        return pages;
    }

    private int auditCount(String action) throws Exception {
        try (RecordStore store = TestAccounts.open(new DataDirectory(data), Examples.CLOCK, "check")) {
            return TestAudit.entries(store, action).size();
        }
    }

    // --- no command writes inside the data directory ------------------------------------------------------------

    @ProcessTest
    @Test
    void anExportWithOverwriteNeverReplacesAPipeOrADevice() throws Exception {
        Path fifo = tmp.resolve("outside/pipe.csv");
        Files.createDirectories(fifo.getParent());
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CliTest.Run r = run("export", "--format", "csv", "--overwrite", "--out", fifo.toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains(fifo + ": is not a regular file"), r.err());
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "the pipe is still a pipe");
    }

    @Test
    void exportWithOverwriteOntoTheDatabaseIsRefusedAndTheDatabaseIsKept() throws Exception {
        Path db = data.resolve(DataDirectory.DATABASE);
        Map<String, byte[]> before = contents();
        CliTest.Run r = run("export", "--format", "csv", "--overwrite", "--out", db.toString());
        assertRefusedInside(r, db, "The export is never written there");
        assertUnchanged(before);
        assertEquals(0, auditCount("exported"), "nothing exported");
        CliTest.Run verify = run("records", "verify");
        assertEquals(0, verify.exit(), "the records are intact: " + verify.out() + verify.err());
    }

    @Test
    void renderWithOverwriteOntoAnArchivedSignedOriginalIsRefused() throws Exception {
        Path original = archived(JA);
        Map<String, byte[]> before = contents();
        CliTest.Run r = run("render", "--session", Examples.sessionFile("complete-en").toString(), "--overwrite",
                "--out", original.toString());
        assertRefusedInside(r, original, "The rendered PDF is never written there");
        assertUnchanged(before);
        assertEquals(0, auditCount("rendered"));
    }

    @Test
    void aPathIntoTheDataDirectoryIsRefusedHoweverItIsSpelled() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("link-to-data"), data);
        Map<String, byte[]> before = contents();
        List<Path> spellings = List.of(
                tmp.resolve("elsewhere/../data/exoconsent.db"),        // ..
                link.resolve("exoconsent.db"),                        // a symbolic link to the data directory
                data.resolve("new-folder/deeper/export.csv"),         // folders that do not exist yet
                link.resolve("not-yet/export.csv"),                   // both
                data);                                                // the data directory itself
        for (Path out : spellings) {
            CliTest.Run r = run("export", "--format", "csv", "--overwrite", "--out", out.toString());
            assertRefusedInside(r, out, "The export");
        }
        assertUnchanged(before);
        assertFalse(Files.exists(data.resolve("new-folder")), "no folder was created");
        // a folder beside the data directory whose name starts the same is outside it
        Path beside = tmp.resolve("data-exports/records.csv");
        CliTest.Run ok = run("export", "--format", "csv", "--out", beside.toString());
        assertEquals(0, ok.exit(), ok.err());
    }

    @Test
    void theDataDirectoryFoundThroughExoconsentHomeIsProtectedToo() throws Exception {
        Map<String, String> env = new HashMap<>(asTester);
        env.put(DataDir.ENV, data.toString());
        Path db = data.resolve(DataDirectory.DATABASE);
        Map<String, byte[]> before = contents();
        CliTest.Run r = CliTest.runRaw(env, new ByteArrayInputStream(new byte[0]), "export", "--format", "csv",
                "--overwrite", "--out", db.toString());
        assertRefusedInside(r, db, "The export");
        assertUnchanged(before);
    }

    @Test
    void cardLeafletBackupAndConfirmNeverWriteInsideTheDataDirectory() throws Exception {
        // made as the app makes them, the clinic's alone: no opening finds anything to repair (and audit)
        org.exoconsent.files.OwnerOnly.createDirectories(data.resolve("drafts"));
        Path draft = data.resolve("drafts/prepared.json");
        org.exoconsent.files.OwnerOnly.copy(Examples.sessionFile("complete-ja"), draft);
        Map<String, byte[]> before = contents();

        Path card = data.resolve("templates/card.pdf");
        assertRefusedInside(run("card", "--record", JA, "--overwrite", "--out", card.toString()), card,
                "The take-home card is the patient's");
        Path leaflet = data.resolve("audit-head.txt");
        assertRefusedInside(run("templates", "leaflet", "--language", "ja", "--overwrite", "--out",
                leaflet.toString()), leaflet, "The leaflet is never written there");
        Path backup = data.resolve("archive/backup.zip");
        assertRefusedInside(run("backup", "--out", backup.toString()), backup, "The backup is never written there");
        assertRefusedInside(run("confirm", "--session", draft.toString()), draft, "The session file");
        assertUnchanged(before);
        assertEquals(0, auditCount("card-issued"));
        assertEquals(0, auditCount("leaflet-printed"));
        assertEquals(0, auditCount("backup-created"));
        assertEquals(1, auditCount("treatment-confirmed"), "only the example's own confirmation, before");
    }

    @Test
    void theStoreRefusesAnExportLeafletOrBackupInsideTheDataDirectoryWhicheverFaceAsks() throws Exception {
        DataDirectory dir = new DataDirectory(data);
        Map<String, byte[]> before = contents();
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "the records screen")) {
            Path db = dir.database();
            org.exoconsent.records.RefusedException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.exoconsent.records.RefusedException.class, () -> store.export(RecordStore.ExportFormat.ZIP,
                            org.exoconsent.records.RecordFilter.ALL, db, true));
            assertTrue(e.getMessage().startsWith(db + ": is inside the data directory " + dir.root()), e.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(org.exoconsent.records.RefusedException.class,
                    () -> store.leaflet("exosome-therapy", null, "ja", null, null, archived(JA), true));
            org.junit.jupiter.api.Assertions.assertThrows(org.exoconsent.records.RefusedException.class,
                    () -> store.backup(dir.root().resolve("b.zip"), "a long enough passphrase".toCharArray()));
        }
        assertUnchanged(before);
    }

    // --- render never imitates a record --------------------------------------------------------------------------

    @Test
    void renderOfARecordedDocumentIdForAnotherPatientIsRefused() throws Exception {
        ObjectNode other = Examples.json("complete-ja"); // the recorded id, another patient's number and contact
        other.with("patient").put("patientNumber", "P-999999").put("phone", "090-9999-9999")
                .put("address", "大阪府大阪市北区デモ9-9");
        Path session = tmp.resolve("other-patient.json");
        Files.write(session, Examples.bytes(other));
        Path out = tmp.resolve("imitation.pdf");
        CliTest.Run r = run("render", "--session", session.toString(), "--out", out.toString());
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(session + ": document " + JA + " is already recorded"), r.err());
        assertTrue(r.err().contains("no PDF was written"), r.err());
        assertFalse(Files.exists(out), "no second signed document with the recorded id");
        assertEquals(0, auditCount("rendered"));
    }

    @Test
    void aRenderedPdfSaysOnEveryPageThatItIsNotAnArchivedRecordAndItsAuditEntryNamesIdAndSha256()
            throws Exception {
        Path out = tmp.resolve("en.pdf");
        CliTest.Run r = run("render", "--session", Examples.sessionFile("complete-en").toString(), "--out",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> pages = pageTexts(out);
        assertTrue(pages.size() >= 2, "a consent has several pages: " + pages.size());
        for (int i = 0; i < pages.size(); i++) {
            assertTrue(pages.get(i).contains(MARK_EN), "page " + (i + 1) + " carries the mark: " + pages.get(i));
            assertFalse(pages.get(i).contains(MARK_JA), "in the document's language only");
        }
        String sha = RecordStore.sha256(Files.readAllBytes(out));
        assertTrue(r.out().contains("SHA-256 " + sha), r.out());
        try (RecordStore store = TestAccounts.open(new DataDirectory(data), Examples.CLOCK, "check")) {
            List<String> rendered = TestAudit.entries(store, "rendered");
            assertEquals(1, rendered.size(), rendered.toString());
            assertTrue(rendered.get(0).startsWith("rendered " + EN + " "), "the subject is the document id: "
                    + rendered);
            assertTrue(rendered.get(0).contains("\"sha256\":\"" + sha + "\""), rendered.toString());
            assertTrue(rendered.get(0).contains("\"file\":\"" + out.toAbsolutePath() + "\""), rendered.toString());
        }

        // a Japanese session: the mark in Japanese, on every page
        Path ja = tmp.resolve("ja.pdf");
        ObjectNode fresh = Examples.json("complete-ja");
        fresh.put("id", "11111111-2222-4333-8444-555555555555");
        Path session = tmp.resolve("fresh-ja.json");
        Files.write(session, Examples.bytes(fresh));
        CliTest.Run jr = run("render", "--session", session.toString(), "--out", ja.toString());
        assertEquals(0, jr.exit(), jr.err());
        for (String page : pageTexts(ja)) {
            assertTrue(page.replaceAll("\\s+", "").contains(MARK_JA), "every Japanese page: " + page);
        }
    }

    @Test
    void aRecordedConsentsArchivedPdfDoesNotCarryTheMark() throws Exception {
        List<String> pages = pageTexts(archived(JA));
        assertTrue(pages.size() >= 2);
        for (String page : pages) {
            assertFalse(page.replaceAll("\\s+", "").contains(MARK_JA), page);
            assertFalse(page.contains("not an archived record"), page);
        }
        assertTrue(pages.get(0).contains("佐藤"), "the text layer is read: " + pages.get(0));
    }

    // --- a lost database is not a new clinic ---------------------------------------------------------------------

    private void loseTheDatabase() throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(data.resolve(DataDirectory.DATABASE + suffix));
        }
    }

    private static void assertSaysHowToRestore(CliTest.Run r, Path db) {
        assertNotEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(db + ": is missing, but "), r.err());
        assertTrue(r.err().contains("not started again as a new clinic; nothing was created"), r.err());
        assertTrue(r.err().contains("exoconsent restore --from BACKUP.zip --to NEW_FOLDER"), r.err());
    }

    @Test
    void aLostDatabaseBesideTheArchiveIsNotStartedAgainAsANewClinicByAnyCommand() throws Exception {
        loseTheDatabase();
        Path db = data.resolve(DataDirectory.DATABASE);
        Map<String, byte[]> before = contents();
        ByteArrayInputStream newPassword = new ByteArrayInputStream("a new long password\n".getBytes(
                StandardCharsets.UTF_8));
        CliTest.Run firstAdmin = CliTest.runRaw(Map.of("EXOCONSENT_PASSWORD", "whatever it is"), newPassword,
                "users", "add", "--name", "mallory", "--role", "administrator", "--password-stdin", "--data-dir",
                data.toString());
        assertSaysHowToRestore(firstAdmin, db);
        assertEquals(1, firstAdmin.exit(), "the records are not intact");
        assertTrue(firstAdmin.err().contains("its archive still holds signed PDFs (for example "
                + data.resolve("archive")), firstAdmin.err());
        for (String[] command : List.of(new String[] {"records", "verify"},
                new String[] {"export", "--format", "csv", "--out", tmp.resolve("x.csv").toString()},
                new String[] {"render", "--session", Examples.sessionFile("complete-en").toString(), "--out",
                    tmp.resolve("x.pdf").toString()},
                new String[] {"catalog", "show"}, new String[] {"users", "list"})) {
            CliTest.Run r = run(command);
            assertSaysHowToRestore(r, db);
            assertEquals(1, r.exit(), String.join(" ", command));
        }
        assertFalse(Files.exists(db), "no new database");
        assertUnchanged(before);
        assertFalse(Files.exists(tmp.resolve("x.csv")) || Files.exists(tmp.resolve("x.pdf")));
    }

    @Test
    void aLostDatabaseBesideOnlyTheAuditHeadIsRefusedToo() throws Exception {
        Path other = tmp.resolve("no-records");
        TestAccounts.everyone(new DataDirectory(other), Examples.CLOCK); // a clinic with no consent yet
        assertTrue(Files.exists(other.resolve(DataDirectory.AUDIT_HEAD)));
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(other.resolve(DataDirectory.DATABASE + suffix));
        }
        CliTest.Run r = runIn(other, "users", "list");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("its audit head " + other.resolve(DataDirectory.AUDIT_HEAD) + " is still there"),
                r.err());
        assertFalse(Files.exists(other.resolve(DataDirectory.DATABASE)));
    }

    @Test
    void theStoreRefusesEveryWayOfOpeningALostDatabase() throws Exception {
        loseTheDatabase();
        DataDirectory dir = new DataDirectory(data);
        Map<String, byte[]> before = contents();
        List<org.junit.jupiter.api.function.Executable> openings = List.of(
                () -> RecordStore.hasAccounts(dir, Examples.CLOCK),
                () -> RecordStore.createFirstAdministrator(dir, Examples.CLOCK, "mallory",
                        "a new long password".toCharArray(), "first run").close(),
                () -> RecordStore.signIn(dir, Examples.CLOCK, TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(),
                        "sign in").close(),
                () -> RecordStore.requireExisting(dir));
        for (org.junit.jupiter.api.function.Executable opening : openings) {
            org.exoconsent.records.LostDatabaseException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.exoconsent.records.LostDatabaseException.class, opening);
            assertTrue(e.getMessage().contains("exoconsent restore"), e.getMessage());
        }
        assertFalse(Files.exists(dir.database()));
        assertUnchanged(before);
        // an empty folder is still a new clinic's
        Path fresh = tmp.resolve("fresh");
        assertFalse(RecordStore.hasAccounts(new DataDirectory(fresh), Examples.CLOCK));
        RecordStore.createFirstAdministrator(new DataDirectory(fresh), Examples.CLOCK, "admin",
                "a new long password".toCharArray(), "first run").close();
        assertTrue(Files.exists(fresh.resolve(DataDirectory.DATABASE)));
    }
}
