package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.pdf.SignatureVerifier;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordStoreTest {
    @TempDir
    Path tmp;

    private RecordStore open() throws StoreException {
        return TestAccounts.open(new DataDirectory(tmp), Examples.CLOCK, "test");
    }

    private static RecordStore.Recorded record(RecordStore store, String example) throws Exception {
        return TestAccounts.record(store, Examples.session(example), Examples.template(), Examples.key(), example);
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<Path> archiveFiles() throws Exception {
        try (Stream<Path> files = Files.walk(tmp.resolve("archive"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** Opens the database behind the store's back, as someone with a SQLite tool would. */
    private Connection raw() throws SQLException {
        return java.sql.DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("exoconsent.db"));
    }

    @Test
    void aRecordedConsentIsArchivedIndexedAndAudited() throws Exception {
        try (RecordStore store = open()) {
            RecordStore.Recorded r = record(store, "complete-ja");
            assertEquals(tmp.resolve("archive/2026/11/" + r.id() + ".pdf"), r.pdf());
            byte[] pdf = Files.readAllBytes(r.pdf());
            assertEquals(r.sha256(), RecordStore.sha256(pdf));
            assertTrue(SignatureVerifier.verify(pdf).intact());
            Connection c = store.sqliteStores().connection();
            assertEquals(1, count(c, "SELECT count(*) FROM record WHERE status = 'active' AND lot_number = "
                    + "'UC10-2611-04' AND patient_number = 'P-000123'"));
            assertEquals(1, count(c, "SELECT count(*) FROM audit WHERE action = 'created' AND subject = '"
                    + r.id() + "'"));
            assertTrue(store.verify((d, t) -> { }).ok());
        }
    }

    @Test
    void theSnapshotKeepsEveryFactButNotTheSignatureImages() throws Exception {
        try (RecordStore store = open()) {
            RecordStore.Recorded r = record(store, "complete-en");
            try (Statement st = store.sqliteStores().connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT snapshot FROM record WHERE id = '" + r.id() + "'")) {
                rs.next();
                String snapshot = rs.getString(1);
                assertTrue(snapshot.contains("\"sterilisation\" : \"unknown\""), snapshot);
                assertTrue(snapshot.contains("Parvovirus B19"));
                assertFalse(snapshot.contains("iVBOR"), "no PNG in the snapshot");
            }
        }
    }

    @Test
    void aDocumentIsRecordedOnlyOnce() throws Exception {
        try (RecordStore store = open()) {
            record(store, "complete-ja");
            StoreException e = assertThrows(StoreException.class, () -> record(store, "complete-ja"));
            assertTrue(e.getMessage().contains("is already recorded; nothing was changed"), e.getMessage());
            assertEquals(1, store.count());
            assertEquals(1, archiveFiles().size());
        }
    }

    @Test
    void anIncompleteSessionLeavesNoFileAndNoRecord() throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        json.withArray("signatures").removeAll();
        ConsentSession s = Examples.session(json);
        try (RecordStore store = open()) {
            assertThrows(SessionException.class, () -> TestAccounts.record(store, s, Examples.template(), Examples.key(), "x"));
            assertEquals(0, store.count());
            assertEquals(List.of(), archiveFiles());
            assertEquals(0, count(store.sqliteStores().connection(), "SELECT count(*) FROM audit WHERE action NOT LIKE 'user-%' "
                    + "AND action NOT LIKE 'template-%' AND action NOT LIKE 'treatment-%' AND action NOT LIKE 'key-%'"),
                    "(besides the test user's, the test key's and the template library's set-up, and the physician's "
                            + "confirmations)");
        }
    }

    @Test
    void anIdThatCannotNameAFileIsRefused() throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        json.put("id", "../../etc/passwd");
        try (RecordStore store = open()) {
            SessionException e = assertThrows(SessionException.class,
                    () -> TestAccounts.record(store, Examples.session(json), Examples.template(), Examples.key(), "x"));
            assertTrue(e.getMessage().contains("cannot name a record"), e.getMessage());
        }
    }

    @Test
    void verifyNamesAnAlteredAndAMissingPdf() throws Exception {
        Path altered;
        Path missing;
        try (RecordStore store = open()) {
            altered = record(store, "complete-ja").pdf();
            missing = record(store, "complete-en").pdf();
        }
        byte[] b = Files.readAllBytes(altered);
        b[b.length / 2] ^= 1;
        Files.write(altered, b);
        Files.delete(missing);
        try (RecordStore store = open()) {
            RecordStore.Verification v = store.verify((d, t) -> { });
            assertFalse(v.ok());
            assertEquals(2, v.problems().size(), v.problems().toString());
            assertTrue(v.problems().stream().anyMatch(p -> p.contains(altered.toString())
                    && p.contains("was altered")), v.problems().toString());
            assertTrue(v.problems().stream().anyMatch(p -> p.contains(missing.toString())
                    && p.contains("is missing")), v.problems().toString());
        }
    }

    @Test
    void recordsAndTheAuditLogRefuseChangesThroughSql() throws Exception {
        try (RecordStore store = open()) {
            record(store, "complete-ja");
        }
        try (Connection c = raw(); Statement st = c.createStatement()) {
            SQLException update = assertThrows(SQLException.class,
                    () -> st.executeUpdate("UPDATE record SET lot_number = 'X'"));
            assertTrue(update.getMessage().contains("a signed record cannot be changed"), update.getMessage());
            assertThrows(SQLException.class, () -> st.executeUpdate("DELETE FROM record"));
            SQLException audit = assertThrows(SQLException.class,
                    () -> st.executeUpdate("UPDATE audit SET actor = 'someone else'"));
            assertTrue(audit.getMessage().contains("append-only"), audit.getMessage());
            assertThrows(SQLException.class, () -> st.executeUpdate("DELETE FROM audit"));
        }
    }

    @Test
    void verifyCatchesAnEditedAuditEntryEvenWhenTheTriggersWereRemoved() throws Exception {
        try (RecordStore store = open()) {
            record(store, "complete-ja");
            record(store, "complete-en");
        }
        try (Connection c = raw(); Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER audit_no_update");
            // entries 1 to 3 are the test users' set-up, 4 the test key's registration, 5 the physician's confirmation
            // of the first consultation, 6 the template library's (the bundled version added); 7 is the first consent
            st.executeUpdate("UPDATE audit SET actor = 'someone else' WHERE seq = 7");
        }
        try (RecordStore store = open()) {
            List<String> p = store.verify((d, t) -> { }).problems();
            assertEquals(List.of("audit log: entry 7 (created 6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10) was altered after "
                    + "it was written"), p);
        }
    }

    @Test
    void verifyCatchesDeletedAuditEntriesInTheMiddleAndAtTheEnd() throws Exception {
        try (RecordStore store = open()) {
            record(store, "complete-ja");
            record(store, "complete-en");
            store.audit("exported", "records", "{}");
        }
        try (Connection c = raw(); Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER audit_no_delete");
            // after the set-up (1 to 3), the test key's registration (4), a confirmation (5), the template library's (6)
            // and a consent (7): the second consultation's confirmation and consent and the export
            st.executeUpdate("DELETE FROM audit WHERE seq IN (8, 9, 10)");
        }
        try (RecordStore store = open()) {
            List<String> p = store.verify((d, t) -> { }).problems();
            assertTrue(p.stream().anyMatch(x -> x.startsWith("audit log: entries 8–10 were removed from the end")),
                    p.toString());
        }
        // the next entry keeps the gap visible instead of taking over the deleted numbers
        try (RecordStore store = open()) {
            List<String> p = store.verify((d, t) -> { }).problems();
            assertTrue(p.contains("audit log: entries 8–10 are missing (deleted)"), p.toString());
        }
    }

    @Test
    void twoStoresOpenInOneProgramReadAndWriteSideBySide() throws Exception {
        // issue 15 §2: the app opens the store several times at once (earlier: OverlappingFileLockException)
        try (RecordStore first = open(); RecordStore second = open()) {
            record(first, "complete-ja");
            assertEquals(1, second.count(), "the second sees what the first committed");
            record(second, "complete-en");
            assertEquals(2, first.count());
            assertEquals(List.of(), first.verify((d, t) -> { }).problems());
        }
        assertFalse(Files.exists(tmp.resolve(DataDirectory.LOCK)), "no lock file is made");
    }

    @Test
    void aFileLeftByAnInterruptedRecordingIsAnOrphanButOneNoRecordingLeftIsDamage() throws Exception {
        Path interrupted = tmp.resolve("archive/2026/11/interrupted.pdf");
        Path stray = tmp.resolve("archive/2026/11/stray.pdf");
        try (RecordStore store = open()) {
            record(store, "complete-en");
            // an interrupted recording wrote its intent marker, then its PDF, and died before indexing it
            Files.writeString(Files.createDirectories(tmp.resolve("archive/.pending")).resolve("interrupted"),
                    "2026/11/interrupted.pdf");
            Files.write(interrupted, new byte[] {1, 2, 3});
            RecordStore.Verification v = store.verify((d, t) -> { });
            assertTrue(v.ok(), "an orphan an interrupted recording left is not a damaged record: " + v.problems());
            assertEquals(List.of(shown(interrupted)), v.orphans());
            // issue 13 §3: a PDF no record points to and no recording left is a lost record (or planted): damage
            Files.write(stray, new byte[] {1, 2, 3});
            RecordStore.Verification bad = store.verify((d, t) -> { });
            assertEquals(List.of("document " + shown(stray) + ": this file is in the archive but no record points to it, and no "
                    + "interrupted recording left it (no intent marker): a record's index row was lost or removed "
                    + "(the database rolled back?), or the file was put there by hand"), bad.problems());
            assertEquals(List.of(shown(interrupted), shown(stray)), bad.orphans());
        }
    }

    @Test
    void startUpFindsTheFileOfARecordingThatDiedBeforeItWasIndexed() throws Exception {
        try (RecordStore store = open()) {
            record(store, "complete-ja");
        }
        // what a crash between "PDF written" and "index committed" leaves: the intent marker and the file
        Files.createDirectories(tmp.resolve("archive/.pending"));
        Files.writeString(tmp.resolve("archive/.pending/died-1"), "2026/11/died-1.pdf");
        Files.write(tmp.resolve("archive/2026/11/died-1.pdf"), new byte[] {1});
        // and a committed one whose marker was not yet removed
        Files.writeString(tmp.resolve("archive/.pending/6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10"),
                "2026/11/6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10.pdf");
        try (RecordStore store = open()) {
            assertEquals(List.of(tmp.resolve("archive/2026/11/died-1.pdf")), store.interrupted());
            assertFalse(Files.exists(tmp.resolve("archive/.pending/6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10")),
                    "the marker of a completed recording is cleared");
            assertEquals(List.of(shown(tmp.resolve("archive/2026/11/died-1.pdf"))), store.orphans());
        }
    }

    @Test
    void whenThePdfCannotBeWrittenNothingIsRecordedAndEarlierRecordsStayIntact() throws Exception {
        try (RecordStore store = open()) {
            record(store, "complete-en");
        }
        // the archive folder for the next PDF cannot be created (as on a full or failing disk)
        Path blocked = tmp.resolve("archive/2026/11");
        try (Stream<Path> files = Files.list(blocked)) {
            for (Path f : files.toList()) {
                Files.move(f, tmp.resolve(f.getFileName()));
            }
        }
        Files.delete(blocked);
        // the clinic's own file (0600): the opening finds nothing to repair (and audits nothing of it)
        org.exoconsent.files.OwnerOnly.write(blocked, "not a folder".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (RecordStore store = open()) {
            StoreException e = assertThrows(StoreException.class, () -> record(store, "complete-ja"));
            assertTrue(e.getMessage().contains("the signed PDF could not be written")
                    && e.getMessage().contains("nothing was recorded"), e.getMessage());
            assertEquals(1, store.count());
            assertEquals(1, count(store.sqliteStores().connection(), "SELECT count(*) FROM audit WHERE action NOT LIKE 'user-%' "
                    + "AND action NOT LIKE 'template-%' AND action NOT LIKE 'treatment-%' AND action NOT LIKE 'key-%'"),
                    "(besides the test user's, the test key's and the template library's set-up, and the physician's "
                            + "confirmations)");
            assertEquals(List.of(), store.interrupted(), "no marker is left behind");
        }
        Files.delete(blocked);
        Files.createDirectories(blocked);
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".pdf")).toList()) {
                Files.move(f, blocked.resolve(f.getFileName()));
            }
        }
        try (RecordStore store = open()) {
            assertTrue(store.verify((d, t) -> { }).ok(), "the earlier record is intact");
            record(store, "complete-ja");
            assertEquals(2, store.count());
        }
    }

    @Test
    void aNewDataDirectoryHasTheDemoClinicMarkedAsSuch() throws Exception {
        try (RecordStore store = open()) {
            assertEquals(1, count(store.sqliteStores().connection(), "SELECT count(*) FROM clinic WHERE demo = 1 AND name LIKE "
                    + "'%デモ%'"));
            assertEquals(2, count(store.sqliteStores().connection(), "SELECT count(*) FROM lot"));
        }
        try (RecordStore store = open()) {
            assertFalse(store.createdNow());
            assertEquals(1, count(store.sqliteStores().connection(), "SELECT count(*) FROM clinic"));
        }
    }

    @Test
    void anExistingPatientIsFoundByNumberNameOrReadingWithTheLatestDetails() throws Exception {
        try (RecordStore store = open()) {
            record(store, "complete-ja");
            ConsentSession s = Examples.session("complete-ja");
            List<RecordStore.KnownPatient> byNumber = store.findPatients("P-0001", 20);
            assertEquals(1, byNumber.size());
            RecordStore.KnownPatient p = byNumber.get(0);
            assertEquals(s.patient().patientNumber(), p.patientNumber());
            assertEquals(s.patient().name(), p.name());
            assertEquals(s.patient().kana(), p.kana());
            assertEquals(s.patient().dateOfBirth(), p.dateOfBirth());
            assertEquals(1, store.findPatients(s.patient().name().substring(0, 2), 20).size(), "by name");
            assertEquals(1, store.findPatients(s.patient().kana().substring(1, 3), 20).size(), "by reading");
            assertEquals(List.of(), store.findPatients("000123", 20), "numbers match from their start");
            assertEquals(List.of(), store.findPatients("%", 20), "a wildcard is taken literally");
            assertEquals(List.of(), store.findPatients("  ", 20), "an empty search shows no one");
            assertEquals(5, count(store.sqliteStores().connection(), "SELECT count(*) FROM audit WHERE action = 'patient-search'"),
                    "each search that could show patient data is audited");
        }
    }

    @Test
    void settingsHaveDefaultsAreRangeCheckedAndEveryChangeIsAudited() throws Exception {
        try (RecordStore store = open()) {
            assertEquals(0, store.settings().get(Settings.Key.REFLECTION_MINUTES), "same visit by default");
            assertTrue(store.settings().isDefault(Settings.Key.REFLECTION_MINUTES));
            store.setSetting(Settings.Key.REFLECTION_MINUTES, 60);
            assertEquals(60, store.settings().get(Settings.Key.REFLECTION_MINUTES));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.setSetting(Settings.Key.IDLE_LOCK_MINUTES, 0));
            assertEquals("idle-lock-minutes: 0 is outside 1 to 240 minutes", e.getMessage());
            assertEquals(Settings.Key.IDLE_LOCK_MINUTES.defaultValue(),
                    store.settings().get(Settings.Key.IDLE_LOCK_MINUTES), "a refused value changes nothing");
            assertEquals(1, count(store.sqliteStores().connection(), "SELECT count(*) FROM audit WHERE action = 'settings:changed' "
                    + "AND subject = 'reflection-minutes' AND details = '{\"from\":0,\"to\":60}'"));
        }
        try (RecordStore again = open()) {
            assertEquals(60, again.settings().get(Settings.Key.REFLECTION_MINUTES), "kept across openings");
        }
    }

    /** An archive file as verify names an orphan: its archive name quoted, then the archive's folder. */
    private String shown(Path file) {
        Path archive = tmp.resolve("archive");
        return "'" + archive.relativize(file).toString().replace('\\', '/') + "' in " + archive;
    }
}
