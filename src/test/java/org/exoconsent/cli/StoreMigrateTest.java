package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.MovedDataDirectory;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.StoreException;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PostgresServer;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exoconsent store migrate --from DATA_DIR --to postgresql://…} (issue 17 §4) against a real PostgreSQL
 * server, run in-process as a clinic's administrator runs it: the data directory of the release before moved into a
 * new database made by {@code store init}, checked, and marked as moved; what is refused; a copy whose check fails
 * leaves nothing marked and the new database empty.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class StoreMigrateTest {
    private static final String MANAGER = "suzuki";
    private static final String MANAGER_PASSWORD = "manager-password-1";

    @TempDir
    Path tmp;

    private ClinicDatabase db;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void newDatabase() throws Exception {
        db = PostgresServer.get().newClinicDatabase();
        Run init = run(Map.of("PGPASSWORD", db.ownerPassword(), "PGPASSFILE", tmp.resolve("none").toString()),
                "store", "init", "--store", db.storeUrl(db.owner()), "--app-role", db.app());
        assertEquals(ExitCodes.OK, init.exit(), init.err());
    }

    private Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ExoConsentCli.commandLine(env, Examples.CLOCK, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(err, true), tmp.resolve("no-settings.properties"))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** {@code store migrate} with the database owner's login (it fills the key registry: attack review F2). */
    private Run migrate(Path dir) {
        return run(Map.of("PGPASSWORD", db.ownerPassword(), "PGPASSFILE", tmp.resolve("none").toString()),
                "store", "migrate", "--from", dir.toString(), "--to", db.storeUrl(db.owner()));
    }

    private String server() {
        return server(db.app());
    }

    /** The store as messages name it when reached as {@code role}. */
    private String server(String role) {
        return "the PostgreSQL store 127.0.0.1:" + db.port() + "/" + db.database() + " (user " + role + ")";
    }

    /** Every row of {@code sql}'s answer, each column as text, in order. */
    private static List<List<String>> rows(Connection c, String sql) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static Connection sqlite(Path dir) throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(DataDirectory.DATABASE));
    }

    private static final String RECORDS = "SELECT id, kind, status, refers_to, recorded_at, consultation_at, "
            + "patient_number, patient_name, lot_number, template_version, pdf_path, pdf_sha256, pdf_size, snapshot, "
            + "lot_key, patient_key FROM record ORDER BY id";
    private static final String AUDIT = "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit "
            + "ORDER BY seq";

    @Test
    void theReleaseBeforeMovesWholeAndEveryRecordListsRecallsAndVerifiesOnTheNewStore() throws Exception {
        Path dir = PreviousRelease.copyTo(PreviousRelease.V1_6_0, tmp.resolve("clinic"));
        DataDirectory data = new DataDirectory(dir);
        List<RecordRow> listed;
        List<RecordRow> recalled;
        try (RecordStore before = RecordStore.signIn(data, Examples.CLOCK, MANAGER, MANAGER_PASSWORD.toCharArray(),
                "before the move")) { // the usual opening: brought up to this release
            listed = before.list(RecordFilter.ALL, 0, 1000);
            recalled = before.recall(PreviousRelease.LOT_1_4_0, null);
        }
        assertFalse(recalled.isEmpty(), "the fixture's lot is recalled");
        List<List<String>> records;
        List<List<String>> trail;
        List<List<String>> accounts;
        try (Connection c = sqlite(dir)) {
            records = rows(c, RECORDS);
            trail = rows(c, AUDIT);
            accounts = rows(c, "SELECT name, roles, password_hash, active, failed_sign_ins, locked_until, created_at, "
                    + "language FROM account ORDER BY name");
        }

        Run r = migrate(dir);
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertTrue(r.out().startsWith("Moved " + dir + " to " + server(db.owner()) + ": " + records.size()
                + " records"),
                r.out());

        try (Connection app = db.ownerConnection()) { // the owner's: the devices' role may not read a hash (V19)
            assertEquals(records, rows(app, RECORDS), "every index row exactly as stored");
            assertEquals(accounts, rows(app, "SELECT name, roles, password_hash, active, failed_sign_ins, "
                    + "locked_until, created_at, language FROM account ORDER BY name"), "accounts with their hashes");
            List<List<String>> copied = rows(app, AUDIT);
            assertEquals(trail, copied.subList(0, trail.size()), "the audit trail identical up to the source's head");
            assertEquals("store-migrated", copied.get(trail.size()).get(3));
            assertEquals(trail.get(trail.size() - 1).get(7), copied.get(trail.size()).get(6),
                    "the migration entry follows the source's head");
            assertEquals("verified", copied.get(trail.size() + 1).get(3), "records verify ran on the new store");
            assertEquals(List.of(List.of("t", "consultation ended (not-eligible")), rows(app, "SELECT "
                    + "abandoned_at IS NOT NULL, split_part(abandoned_reason, ':', 1) FROM draft WHERE name LIKE '"
                    + PreviousRelease.ENDED_1_6_0 + "-%'"), "the draft set aside, with its reason");
            for (List<String> rec : records) {
                assertEquals(List.of(List.of(rec.get(11))), rows(app, "SELECT sha256 FROM document WHERE name = '"
                        + rec.get(10) + "'"), rec.get(10) + " byte for byte");
            }
        }

        try (RecordStore after = RecordStore.signIn(RecordStore.Source.postgres(db.appDataSource(), server(),
                DataDirectory.keyFilesIn(tmp.resolve("device-keys"))), Examples.CLOCK, MANAGER,
                MANAGER_PASSWORD.toCharArray())) {
            assertEquals(ids(listed), ids(after.list(RecordFilter.ALL, 0, 1000)), "every record listed");
            assertEquals(ids(recalled), ids(after.recall(PreviousRelease.LOT_1_4_0, null)), "the same recall");
            for (RecordRow row : listed) {
                assertEquals(null, after.verifyOne(row.id()), row.id() + " verifies on the new store");
            }
        }

        try (org.exoconsent.records.PostgresStores stores = org.exoconsent.records.PostgresStores.open(
                db.appDataSource(), server())) {
            assertEquals(List.of(PreviousRelease.DRAFT_1_6_0), stores.drafts().list().stream()
                    .map(d -> d.session().id()).toList(), "the draft in progress resumes from the new store");
        }

        Path mark = dir.resolve(DataDirectory.MOVED_TO);
        assertTrue(Files.readString(mark).contains("store: " + db.storeUrl("DEVICE_ROLE").split("\\?")[0]),
                Files.readString(mark));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mark)));

        Run again = migrate(dir);
        assertEquals(ExitCodes.INVALID_INPUT, again.exit(), again.out());
        assertTrue(again.err().contains("this data directory was moved to postgresql://127.0.0.1:" + db.port()),
                again.err());

        Run opened = run(Map.of("EXOCONSENT_PASSWORD", MANAGER_PASSWORD), "records", "verify", "--data-dir",
                dir.toString(), "--user", MANAGER);
        assertEquals(ExitCodes.INVALID_INPUT, opened.exit(), opened.out());
        assertTrue(opened.err().contains(dir + ": this data directory was moved to postgresql://127.0.0.1:"
                + db.port()), opened.err());
        assertTrue(opened.err().contains("open it with --store"), opened.err());
        RefusedException refused = org.junit.jupiter.api.Assertions.assertThrows(RefusedException.class,
                () -> RecordStore.signIn(data, Examples.CLOCK, MANAGER, MANAGER_PASSWORD.toCharArray(), "app"));
        assertTrue(refused.getMessage().contains("the clinic's records are kept there now"), refused.getMessage());
    }

    /**
     * The review of issue 17 (F7): the move is marked in the data directory's database too, in the migration's last
     * step, so deleting {@code moved-to.txt} does not reopen it: the command line and the app's first look are still
     * refused, naming the store (quoted for the shell), and nothing is written.
     */
    @Test
    void deletingMovedToTxtStillRefusesEveryOpeningOfTheMovedDataDirectory() throws Exception {
        Path dir = PreviousRelease.copyTo(PreviousRelease.V1_6_0, tmp.resolve("clinic"));
        Run r = migrate(dir);
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        String url = r.out().lines().filter(l -> l.startsWith("The data directory is marked as moved"))
                .findFirst().orElseThrow();
        assertTrue(url.endsWith("each with its own login role in the clinic's group role (README, 'A shared store "
                + "for several rooms'): --store '" + db.storeUrl("DEVICE_ROLE") + "&sslmode=prefer'."), url);
        Files.delete(dir.resolve(DataDirectory.MOVED_TO));
        byte[] database = Files.readAllBytes(dir.resolve(DataDirectory.DATABASE));

        Run opened = run(Map.of("EXOCONSENT_PASSWORD", MANAGER_PASSWORD), "records", "verify", "--data-dir",
                dir.toString(), "--user", MANAGER);
        assertEquals(ExitCodes.INVALID_INPUT, opened.exit(), opened.out());
        assertEquals(dir + ": this data directory was moved to " + db.storeUrl("DEVICE_ROLE") + "&sslmode=prefer on "
                + MovedDataDirectory.Moved.when(Examples.CLOCK.instant()) + " (exoconsent store migrate); the clinic's "
                + "records are kept there now: "
                + "open it with --store '" + db.storeUrl("DEVICE_ROLE") + "&sslmode=prefer' or EXOCONSENT_STORE. Nothing "
                + "is read or written here any more (the setting moved-to in " + dir.resolve(DataDirectory.DATABASE)
                + "; its file moved-to.txt was removed).", opened.err().strip());
        Run again = migrate(dir);
        assertEquals(ExitCodes.INVALID_INPUT, again.exit(), again.out());
        assertTrue(again.err().contains("this data directory was moved to"), again.err());
        DataDirectory data = new DataDirectory(dir);
        MovedDataDirectory.Moved app = org.junit.jupiter.api.Assertions.assertThrows(MovedDataDirectory.Moved.class,
                () -> RecordStore.hasAccounts(data, Examples.CLOCK), "the app's first look");
        assertEquals(db.storeUrl("DEVICE_ROLE") + "&sslmode=prefer", app.store());
        assertTrue(java.util.Arrays.equals(database, Files.readAllBytes(dir.resolve(DataDirectory.DATABASE))),
                "nothing written in the moved data directory");
    }

    @Test
    void aSecondClinicIsNeverMergedIntoAStoreThatHoldsOne() throws Exception {
        Path first = PreviousRelease.copyTo(PreviousRelease.V1_6_0, tmp.resolve("first"));
        // with a device's login: refused before anything is copied (the copy fills the key registry: F2)
        Run asDevice = run(Map.of("PGPASSWORD", db.appPassword(), "PGPASSFILE", tmp.resolve("none").toString()),
                "store", "migrate", "--from", first.toString(), "--to", db.storeUrl(db.app()));
        assertEquals(ExitCodes.INVALID_INPUT, asDevice.exit(), asDevice.out() + asDevice.err());
        assertEquals(server() + ": role " + db.app() + " does not own the database; this is done with the database "
                + "owner's login (user=" + db.owner() + " in the store's address, its password in PGPASSWORD for this "
                + "one command, never kept in the device's password file), as store init is", asDevice.err().strip());
        assertFalse(Files.exists(first.resolve(DataDirectory.MOVED_TO)), "nothing marked");
        // the owner's password wrong, or none given: the person's to fix (exit 5, naming PGPASSWORD), not an
        // unreachable server (attack review of 2026-12-01: exit 4, "cannot be reached")
        for (Map<String, String> env : List.of(Map.of("PGPASSWORD", "not the password", "PGPASSFILE",
                tmp.resolve("none").toString()), Map.of("PGPASSFILE", tmp.resolve("none").toString()))) {
            Run wrong = run(env, "store", "migrate", "--from", first.toString(), "--to", db.storeUrl(db.owner()));
            assertEquals(ExitCodes.ACCESS_DENIED, wrong.exit(), wrong.out() + wrong.err());
            assertTrue(wrong.err().contains("PGPASSWORD") && !wrong.err().contains("cannot be reached"),
                    wrong.err());
            assertFalse(Files.exists(first.resolve(DataDirectory.MOVED_TO)), "nothing marked");
        }
        Run r = migrate(first);
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        Path second = PreviousRelease.copyTo(PreviousRelease.V1_6_0, tmp.resolve("second"));
        Run refused = migrate(second);
        assertEquals(ExitCodes.INVALID_INPUT, refused.exit(), refused.out());
        assertTrue(refused.err().contains(server(db.owner()) + ": not moved: this database already holds "),
                refused.err());
        assertTrue(refused.err().contains("two clinics are never merged"), refused.err());
        assertFalse(Files.exists(second.resolve(DataDirectory.MOVED_TO)), "nothing marked");
    }

    @Test
    void aDocumentChangedAfterItWasIndexedFailsTheCheckAndNothingIsMarkedOrKept() throws Exception {
        Path dir = PreviousRelease.copyTo(PreviousRelease.V1_6_0, tmp.resolve("clinic"));
        Path pdf = dir.resolve("archive/2026/12/" + PreviousRelease.FIRST_JA_1_6_0 + ".pdf");
        byte[] bytes = Files.readAllBytes(pdf);
        bytes[bytes.length / 2] ^= 1;
        Files.write(pdf, bytes);
        Run r = migrate(dir);
        assertEquals(ExitCodes.NOT_INTACT, r.exit(), r.out());
        assertTrue(r.err().contains("rolled back (the new database is still empty) and nothing was marked"), r.err());
        assertTrue(r.err().contains(pdf + ": its SHA-256 is "), r.err());
        assertFalse(Files.exists(dir.resolve(DataDirectory.MOVED_TO)), "nothing marked");
        try (Connection app = db.appConnection()) {
            assertEquals(List.of(List.of("0", "0", "0")), rows(app, "SELECT (SELECT count(*) FROM record), "
                    + "(SELECT count(*) FROM audit), (SELECT count(*) FROM document)"), "the new database is empty");
        }
        try (RecordStore still = RecordStore.signIn(new DataDirectory(dir), Examples.CLOCK, MANAGER,
                MANAGER_PASSWORD.toCharArray(), "after a failed move")) {
            assertFalse(still.list(RecordFilter.ALL, 0, 10).isEmpty(), "the data directory is still the clinic's");
        } catch (StoreException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /**
     * Attack review of issue 17: an orphan with a hostile name (a newline forging a line, an escape sequence, 200
     * more characters) in the data directory's archive: the move ends in no exception and prints nothing of it raw;
     * whatever it decides, the orphan is not copied into the new store.
     */
    @Test
    void aHostileOrphanInTheArchiveIsNeitherCopiedNorPrintedRaw() throws Exception {
        Path dir = PreviousRelease.copyTo(PreviousRelease.V1_6_0, tmp.resolve("clinic"));
        Files.write(Files.createDirectories(dir.resolve("archive/2026/12")).resolve(OrphanNamesCliTest.HOSTILE),
                "%PDF-1.7 put here by hand".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Run r = migrate(dir);
        String all = r.out() + r.err();
        assertFalse(all.contains("Exception") || all.contains("\tat "), all);
        assertFalse(all.chars().anyMatch(c -> c < 0x20 && c != '\n' || c == 0x7f), "a raw control character: " + all);
        assertFalse(all.lines().anyMatch(l -> l.startsWith(" PROBLEM: none")), all);
        try (Connection app = db.appConnection()) {
            assertEquals(List.of(List.of("0")), rows(app, "SELECT count(*) FROM document WHERE name LIKE '%EVIL%'"),
                    "the orphan is not copied");
        }
    }

    /** Runs {@code update} on the data directory's database, as with sqlite3 ({@link DamagedRowsCliTest#sql}). */
    private static void sql(Path dir, String update) throws Exception {
        DamagedRowsCliTest.sql(new DataDirectory(dir), update);
    }

    /** The one value {@code query} answers on the data directory's database. */
    private static String value(Path dir, String query) throws Exception {
        try (Connection c = sqlite(dir)) {
            return rows(c, query).get(0).get(0);
        }
    }

    /**
     * Attack review of issue 17: a data directory (release 1.6.0's, brought up to this release) holding a template
     * version put in with sqlite3 and cp (files and row, no 'template-added' audit entry) is refused before anything
     * is copied, the version named, exit 1; release 1.6.0's own version, added with its entry, is not.
     */
    @Test
    void aDataDirectoryHoldingATemplateVersionAddedOutsideIsRefusedNamingIt() throws Exception {
        Path dir = PreviousRelease.copyTo(PreviousRelease.V1_6_0, tmp.resolve("clinic"));
        Run intact = run(Map.of("EXOCONSENT_PASSWORD", MANAGER_PASSWORD), "records", "verify", "--data-dir",
                dir.toString(), "--user", MANAGER); // brought up to this release, and intact
        assertEquals(ExitCodes.OK, intact.exit(), intact.out() + intact.err());
        org.exoconsent.records.TemplateAddedOutsideTest.forge(new DataDirectory(dir), tmp);

        Run refused = migrate(dir);
        assertEquals(ExitCodes.NOT_INTACT, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().startsWith(dir + ": not moved: the data directory holds 1 problem records verify "
                + "names"), refused.err());
        assertTrue(refused.err().contains(org.exoconsent.records.TemplateAddedOutsideTest.NAMED), refused.err());
        assertFalse(Files.exists(dir.resolve(DataDirectory.MOVED_TO)), "nothing marked");
    }

    /**
     * Brief C of issue 17: a data directory holding rows changed with sqlite3 (a record's time, a lot's expiry, an
     * audit entry's time, a template version's time) is refused BEFORE anything is copied, each damage named with its
     * repair, exit 1: the data directory is not marked and still opens, the new database stays empty (store migrate
     * can be run into it again). Once the values are put back, as the repairs say, the move succeeds.
     */
    @Test
    void aDataDirectoryWithDamagedRowsIsRefusedBeforeAnythingIsCopiedAndMovesOnceRepaired() throws Exception {
        Path dir = PreviousRelease.copyTo(PreviousRelease.V1_6_0, tmp.resolve("clinic"));
        Run intact = run(Map.of("EXOCONSENT_PASSWORD", MANAGER_PASSWORD), "records", "verify", "--data-dir",
                dir.toString(), "--user", MANAGER); // brought up to this release, and intact
        assertEquals(ExitCodes.OK, intact.exit(), intact.out() + intact.err());
        String record = PreviousRelease.ADULT_EN_1_6_0;
        String recordedAt = value(dir, "SELECT recorded_at FROM record WHERE id = '" + record + "'");
        String expiry = value(dir, "SELECT expiry FROM lot WHERE number = 'AD-2609-17'");
        String auditAt = value(dir, "SELECT at FROM audit WHERE seq = 3");
        String addedAt = value(dir, "SELECT added_at FROM template_version WHERE version = '1.3.0'");
        sql(dir, "DROP TRIGGER record_immutable"); // as with sqlite3: each row's trigger set aside
        sql(dir, "DROP TRIGGER audit_no_update");
        sql(dir, "DROP TRIGGER template_version_no_update");
        sql(dir, "UPDATE record SET recorded_at = 'garbage' WHERE id = '" + record + "'");
        sql(dir, "UPDATE lot SET expiry = '2027-02-30x' WHERE number = 'AD-2609-17'");
        sql(dir, "UPDATE audit SET at = 'tuesday' WHERE seq = 3");
        sql(dir, "UPDATE template_version SET added_at = 'yesterday' WHERE version = '1.3.0'");
        byte[] database = Files.readAllBytes(dir.resolve(DataDirectory.DATABASE));

        Run refused = migrate(dir);
        String said = refused.out() + refused.err();
        for (String raw : new String[] {"DateTimeParseException", "\tat ", "java.lang."}) {
            assertFalse(said.contains(raw), said);
        }
        assertEquals(ExitCodes.NOT_INTACT, refused.exit(), said);
        assertTrue(refused.err().startsWith(dir + ": not moved: the data directory holds 5 problems records verify "
                + "names (values changed outside ExoConsent), which the copy would carry; nothing was copied and "
                + "nothing was marked (the new database is still empty, the data directory is still the clinic's)"),
                refused.err());
        assertTrue(refused.err().contains("\n  audit log: entry 3 (user-added yamada) was altered after it was "
                + "written"), "the chain covers the time: " + refused.err());
        for (String damage : new String[] {
            "record " + record + ": the database's record row '" + record + "' was changed outside the product: the "
                    + "column recorded_at holds 'garbage', not an instant; no command rewrites a signed record's row: "
                    + "the true value is the time of the audit trail's entry that recorded the document",
            "lot AD-2609-17 of ", "the database's lot row 'AD-2609-17' was changed outside the product: the column "
                    + "expiry holds '2027-02-30x', not a date",
            "audit entry 3 (user-added yamada): the database's audit row '3' was changed outside the product: the "
                    + "column at holds 'tuesday', not an instant; the entries before and after it bound its time",
            "template version exosome-therapy 1.3.0: the database's template_version row 'exosome-therapy 1.3.0' was "
                    + "changed outside the product: the column added_at holds 'yesterday', not an instant; no "
                    + "command rewrites a template version's row: the true values are in the audit trail's "
                    + "'template-added' entry"}) {
            assertTrue(refused.err().contains(damage), damage + " named in: " + refused.err());
        }
        assertTrue(refused.err().contains("repair each as its line says, then run store migrate again"),
                refused.err());
        assertFalse(Files.exists(dir.resolve(DataDirectory.MOVED_TO)), "nothing marked");
        assertTrue(java.util.Arrays.equals(database, Files.readAllBytes(dir.resolve(DataDirectory.DATABASE))),
                "nothing written in the data directory");
        try (Connection app = db.appConnection()) {
            assertEquals(List.of(List.of("0", "0", "0", "0", "0", "0")), rows(app, "SELECT (SELECT count(*) FROM "
                    + "record), (SELECT count(*) FROM audit), (SELECT count(*) FROM document), (SELECT count(*) FROM "
                    + "template_version), (SELECT count(*) FROM account), (SELECT count(*) FROM lot)"),
                    "nothing copied: the new database is empty");
        }
        Run stillOpens = run(Map.of("EXOCONSENT_PASSWORD", MANAGER_PASSWORD), "records", "recall", "--lot",
                "UC10-2611-04", "--data-dir", dir.toString(), "--user", MANAGER);
        assertEquals(ExitCodes.OK, stillOpens.exit(), "the data directory is still the clinic's: "
                + stillOpens.out() + stillOpens.err());

        // the repairs: each value put back (the audit trail and the signed PDF hold them, as the lines say)
        sql(dir, "UPDATE record SET recorded_at = '" + recordedAt + "' WHERE id = '" + record + "'");
        sql(dir, "UPDATE lot SET expiry = '" + expiry + "' WHERE number = 'AD-2609-17'");
        sql(dir, "UPDATE audit SET at = '" + auditAt + "' WHERE seq = 3");
        sql(dir, "UPDATE template_version SET added_at = '" + addedAt + "' WHERE version = '1.3.0'");
        Run moved = migrate(dir);
        assertEquals(ExitCodes.OK, moved.exit(), moved.out() + moved.err());
        assertTrue(moved.out().startsWith("Moved " + dir + " to "), moved.out());
        assertTrue(Files.exists(dir.resolve(DataDirectory.MOVED_TO)), "marked once moved");
    }

    private static List<String> ids(List<RecordRow> rows) {
        return rows.stream().map(RecordRow::id).sorted().toList();
    }
}
