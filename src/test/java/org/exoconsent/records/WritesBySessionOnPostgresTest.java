package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PostgresServer;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rest of the shared store after schema 19 (issue 17): with nothing but a device's password, psql changed what the
 * next patient is told (a product's virus tests, the clinic's blood-donation policy), added a lot or a physician, set
 * the staff PIN or the idle lock, retired the signing key, withdrew a consent or rewrote a prepared consultation,
 * without an entry and unseen by {@code records verify}, which does not hold the catalog, the settings or the drafts
 * against the trail. Since schema 20 the server takes those changes only from a signed-in session, and the catalog's,
 * the settings' and the keys' only from an administrator's: each try below is refused (SQLSTATE 42501) and nothing is
 * stored.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class WritesBySessionOnPostgresTest {
    private static final String REFUSED = "42501";
    /** Every table schema 20 guards, in the order the snapshot reads them. */
    private static final List<String> GUARDED = List.of("clinic", "clinic_text", "physician", "physician_text",
            "product", "product_text", "lot", "setting", "signing_key", "template_version", "template_active",
            "template_file", "template_correction", "record", "document", "correction", "draft", "audit",
            "audit_head");

    @TempDir
    Path device;

    private final PostgresContract postgres = new PostgresContract();
    private final Clock clock = Clock.systemUTC();

    /**
     * What each try would have changed, as SQL the devices' role has the rights for (its grants): the catalog, the
     * settings, a key, the templates, a record and a draft.
     */
    private static List<String> tries() {
        return List.of(
                "UPDATE product SET origin = origin",
                "UPDATE product_text SET virus_tests = '[\"HIV\",\"HBV\",\"HCV\",\"HTLV-1\",\"every known virus\"]'",
                "UPDATE clinic SET blood_donation_policy = 'Blood donation is possible the day after.'",
                "DELETE FROM clinic_text",
                "INSERT INTO lot (product_id, number, expiry, number_key) SELECT product_id, 'LOT-FORGED-1', "
                        + "'2099-12-31', 'LOT-FORGED-1' FROM lot LIMIT 1",
                "DELETE FROM lot",
                "INSERT INTO physician (name, licence_number) VALUES ('偽 医師', '999999')",
                "UPDATE physician SET active = 0",
                "UPDATE physician_text SET name = 'Dr Nobody'",
                "UPDATE setting SET value = '240' WHERE key = 'idle-lock-minutes'",
                "DELETE FROM setting WHERE key = 'staff-pin'",
                "INSERT INTO setting (key, value) VALUES ('anchor', '/tmp/not-the-clinics-anchor.txt')",
                "UPDATE signing_key SET retired_at = '2026-01-01T00:00:00Z' WHERE retired_at IS NULL",
                "UPDATE template_active SET activated_by = 'mallory'",
                "INSERT INTO template_version (template_id, version, sha256, effective_date, languages, source, "
                        + "added_at, added_by) SELECT template_id, '9.9.9', sha256, effective_date, languages, "
                        + "'imported', added_at, 'mallory' FROM template_version LIMIT 1",
                "UPDATE record SET status = 'withdrawn'",
                "UPDATE draft SET content = '{\"forged\":true}'",
                "DELETE FROM draft");
    }

    @Test
    void withOnlyADevicesPasswordNothingOfTheCatalogSettingsKeysTemplatesRecordsOrDraftsChanges() throws Exception {
        ClinicDatabase db = aClinic();
        List<String> before = snapshot(db);
        try (Connection app = db.appConnection()) {
            for (String sql : tries()) {
                assertRefused(app, sql, "this transaction holds no signed-in session");
            }
            // nor with a session token made up (a guess at one)
            PostgresContract.holding(app, "0".repeat(64));
            assertRefused(app, "UPDATE product_text SET storage = 'room temperature'", "no signed-in session");
        }
        assertEquals(before, snapshot(db), "nothing stored");
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD)) {
            assertEquals(List.of(), admin.verify((done, total) -> { }).problems(), "records verify: 0 problems");
        }
    }

    /**
     * The statements that put in, in one transaction, a PDF {@code 2026/12/ID.pdf}, an index row copied from record
     * {@code like} as {@code id} of {@code kind} (referring to {@code refersTo}, or to nothing when null), and the
     * chained audit entry {@code action} by {@code actor} on {@code subject} naming them, with {@code more} added to
     * its details (",\"key\":\"value\""…).
     */
    private static String[] forged(Connection app, String actor, String like, String id, String kind, String refersTo,
                                   String action, String subject, String more) throws Exception {
        String pdf = "2026/12/" + id + ".pdf";
        return new String[] {
            "INSERT INTO document (name, content, sha256, size, stored_at) VALUES ('" + pdf + "', 'x'::bytea, "
                    + "encode(sha256('x'), 'hex'), 1, '2026-12-03T00:00:00Z')",
            "INSERT INTO record SELECT (jsonb_populate_record(NULL::public.\"record\", to_jsonb(r) || "
                    + "jsonb_build_object('id', '" + id + "', 'kind', '" + kind + "', 'refers_to', "
                    + (refersTo == null ? "NULL" : "'" + refersTo + "'") + ", 'status', 'active', 'pdf_path', '" + pdf
                    + "', 'pdf_sha256', encode(sha256('x'), 'hex')))).* FROM record r WHERE id = '" + like + "'",
            PostgresContract.chainedEntry(app, actor, action, subject, "{\"document\":\""
                    + id + "\",\"pdf\":\"" + pdf + "\",\"sha256\":\"" + sha256Of("x") + "\"" + more + "}")};
    }

    /**
     * Attack review of schema 20, with a device's password alone: the chain's head set back to a made-up entry (every
     * program then warned of a cut trail until the owner repaired it), and the store's id planted before any program
     * made it (9,000 characters: every records verify then failed on the anchor's lines); then a failed sign-in's
     * entry planted far ahead of the trail. The head moves only forward to an entry of the trail, an entry must
     * continue the chain, and the id a program makes is always the server's random one.
     */
    @Test
    void theHeadMovesOnlyForwardToAnEntryAndTheStoresIdIsTheServers() throws Exception {
        ClinicDatabase db = aClinic();
        List<String> before = snapshot(db);
        try (Connection app = db.appConnection()) {
            assertRefused(app, "UPDATE audit_head SET seq = seq - 1, hash = repeat('0', 64)",
                    "the chain's head moves only forward");
            assertRefused(app, "UPDATE audit_head SET seq = a.seq, hash = a.hash FROM audit a WHERE a.seq = 2",
                    "the chain's head moves only forward");
            assertRefused(app, "UPDATE audit_head SET seq = seq + 1", "the chain's head moves only forward");
            // second review: a failed sign-in's entry (taken without a session) planted far ahead, to point the head
            // at and to break the chain of every later entry
            assertRefused(app, "INSERT INTO audit (seq, at, actor, action, subject, details, prev_hash, hash) VALUES "
                    + "(1000000, '2026-12-02T17:30:00Z', 'sign-in:ghost', 'sign-in-failed', 'ghost', '{}', "
                    + "'made-up', repeat('ab', 32))", "it does not continue the chain");
        }
        assertEquals(before, snapshot(db), "the head as it was");
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
            st.executeUpdate("DELETE FROM setting WHERE key = 'store-id'"); // a store no program made its id in yet
        }
        try (Connection app = db.appConnection(); Statement st = app.createStatement()) {
            st.executeUpdate("INSERT INTO setting (key, value) VALUES ('store-id', repeat('x', 9000))");
            try (ResultSet rs = st.executeQuery("SELECT value FROM setting WHERE key = 'store-id'")) {
                assertTrue(rs.next());
                assertTrue(rs.getString(1).matches("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"),
                        "the server's random id, not the caller's: " + rs.getString(1).length() + " characters");
            }
        }
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD)) {
            admin.setAnchor(device.resolve("anchor.txt").toAbsolutePath());
            assertEquals(List.of(), admin.verify((done, total) -> { }).problems(), "records verify: 0 problems");
        }
    }

    @Test
    void aStaffSessionRecordsAndHoldsDraftsButOnlyAnAdministratorsChangesTheCatalogSettingsKeysAndTemplates()
            throws Exception {
        ClinicDatabase db = aClinic();
        List<String> before = snapshot(db);
        try (RecordStore staff = signIn(db, AccountsAgainstTrailTest.SATO, AccountsAgainstTrailTest.SATO_PASSWORD);
             Connection app = db.appConnection()) {
            PostgresContract.holding(app, staff.principal().session());
            List<String> administrators = new ArrayList<>(tries().subList(0, 15));
            // attack review of schema 20: a "bundled" version with a forged text, its files, its correction mark;
            // a stray file under a stored version (every later use of that version refused as changed)
            administrators.addAll(List.of(
                    "INSERT INTO template_version (template_id, version, sha256, effective_date, languages, source, "
                            + "added_at, added_by) SELECT template_id, '1.3.1', repeat('9', 64), effective_date, "
                            + "languages, 'bundled', added_at, 'sato [staff]' FROM template_version LIMIT 1",
                    "INSERT INTO template_file (template_id, version, name, content) SELECT template_id, '1.3.1', "
                            + "name, content FROM template_file LIMIT 1",
                    "INSERT INTO template_correction (template_id, version, corrected_by, recorded_at) SELECT "
                            + "template_id, version, '1.3.1', added_at FROM template_version LIMIT 1",
                    "INSERT INTO template_file (template_id, version, name, content) SELECT template_id, version, "
                            + "'zz.yaml', 'a: 1'::bytea FROM template_version LIMIT 1",
                    "INSERT INTO template_active (template_id, version, activated_at, activated_by) VALUES "
                            + "('another-template', '1.3.1', '2026-12-02T00:00:00Z', 'sato')",
                    // second review: a mark the bundled version's manifest does not bring (here: corrected by itself,
                    // after which nothing could be signed)
                    "INSERT INTO template_correction (template_id, version, corrected_by, recorded_at) SELECT "
                            + "template_id, version, version, added_at FROM template_version LIMIT 1"));
            for (String sql : administrators) {
                assertRefused(app, sql, "only a session of an account with the role administrator");
            }
            assertEquals(before, snapshot(db), "nothing stored");
            // as a program says it: the server's reason, not only "sign in again", which would not lift it
            SQLException refusal = assertThrows(SQLException.class, () -> {
                try (Statement st = app.createStatement()) {
                    st.execute("DELETE FROM lot");
                }
            });
            assertEquals("clinic.example:5432/exoconsent: the server refused this change (lot delete refused: only a "
                    + "session of an account with the role administrator may make this change (this transaction "
                    + "holds sato's)); nothing of it was stored. If your sign-in has ended (a sign-in lasts 12 hours "
                    + "and ends when you sign out), sign in again; otherwise an administrator's account may make "
                    + "this change", PostgresStores.sessionRefused("clinic.example:5432/exoconsent", refusal)
                    .getMessage());
            // what the person signed in does through any program is theirs to do: a draft is held by a session
            try (Statement st = app.createStatement()) {
                assertEquals(1, st.executeUpdate("UPDATE draft SET updated_at = updated_at"));
            }
        }
        // an administrator's session changes the catalog, as the administration screens do
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD);
             Connection app = db.appConnection()) {
            PostgresContract.holding(app, admin.principal().session());
            try (Statement st = app.createStatement()) {
                assertEquals(1, st.executeUpdate("UPDATE clinic SET phone = phone"));
                st.executeUpdate("INSERT INTO setting (key, value) VALUES ('store-id', 'x') ON CONFLICT DO NOTHING");
            }
            // but not the store's id, which no program changes (second review: 9,000 characters stopped verify)
            assertRefused(app, "UPDATE setting SET value = repeat('x', 9000) WHERE key = 'store-id'",
                    "the store's id is made once and never changed");
            assertRefused(app, "DELETE FROM setting WHERE key = 'store-id'",
                    "the store's id is made once and never changed");
        }
        // after the sign-out the same token changes nothing
        String ended;
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD)) {
            ended = admin.principal().session();
            RecordStore.signOut(new RecordStore.Source(postgres.open(), db.storeUrl(db.app()),
                    DataDirectory.keyFilesIn(device.resolve("keys"))), admin.principal());
        }
        try (Connection app = db.appConnection()) {
            PostgresContract.holding(app, ended);
            assertRefused(app, "UPDATE clinic SET phone = phone", "no signed-in session");
        }
    }

    /**
     * Schema 21: an entry that records an administrator's change is taken only from a session that may make it. Before
     * it, a staff member's own session appended, correctly chained, a 'user-roles-changed' entry making the
     * administrator staff (records verify then named the administrator's account as damaged) or a 'template-added'
     * entry for a version nobody added. The account's own language, a bundled version added with its row, and every
     * entry of work any signed-in person does are still taken.
     */
    @Test
    void aStaffSessionWritesNoEntryOfAnAdministratorsChangeButItsOwnLanguageAndWhatAnyoneDoes() throws Exception {
        ClinicDatabase db = aClinic();
        String version;
        String sha256;
        String fingerprint;
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT template_id || ' ' || version, sha256 FROM template_version "
                    + "LIMIT 1")) {
                rs.next();
                version = rs.getString(1);
                sha256 = rs.getString(2);
            }
            try (ResultSet rs = st.executeQuery("SELECT fingerprint FROM signing_key LIMIT 1")) {
                rs.next();
                fingerprint = rs.getString(1);
            }
        }
        List<String> before = snapshot(db);
        String sato = AccountsAgainstTrailTest.SATO;
        try (RecordStore staff = signIn(db, sato, AccountsAgainstTrailTest.SATO_PASSWORD);
             Connection app = db.appConnection()) {
            PostgresContract.holding(app, staff.principal().session());
            String admins = "it is taken only from an administrator's session (this transaction holds sato's session)";
            String[][] refused = {
                {"user-roles-changed", TestAccounts.NAME, "{\"from\":\"administrator\",\"to\":\"staff\"}", admins},
                {"user-added", "mallory", "{\"roles\":\"administrator\"}", admins},
                {"user-disabled", TestAccounts.NAME, "{}", admins},
                {"settings:changed", "staff-pin", "{\"from\":\"set\",\"to\":\"set\"}", admins},
                {"anchor-resumed", "anchor", "{}", admins},
                {"key-retired", fingerprint, "{}", admins},
                {"template-activated", version, "{}", admins},
                {"catalog:lot-added", "Demo Adipose EV Concentrate / LOT-FORGED", "{}", admins},
                {"user-password-set", TestAccounts.NAME, "{}", "an administrator's session or the account's own"},
                {"user-language-set", TestAccounts.NAME, "{\"to\":\"ja\"}",
                    "an administrator's session or the account's own"},
                // attack review of schema 21: a key nobody registered (a false alarm nothing clears), the moved
                // settings, a restore, a backup (the home screen's reminder silenced), the head accepted, a whole
                // verification's result (which every export quotes) by an account that is not a manager
                {"key-registered", "AB:CD:EF", "{\"from\":\"2026-01-01T00:00:00Z\"}", admins},
                {"settings-moved", "settings", "{\"staffPin\":\"moved\"}", admins},
                {"restored", "backup.zip", "{\"anchorSettingCleared\":true}", admins},
                {"backup-created", "/tmp/backup.zip", "{}", admins},
                {"audit-head-accepted", "audit", "{}", admins},
                // the bundled version's own entry, its row not added with it (it was added before, by the
                // administrator's first look at the templates)
                {"template-added", version, "{\"source\":\"bundled\",\"sha256\":\"" + sha256 + "\"}",
                    "one that adds that bundled version in the same transaction"}};
            for (String[] entry : refused) {
                assertRefused(app, PostgresContract.chainedEntry(app, sato, entry[0], entry[1], entry[2]), entry[3]);
            }
            assertEquals(before, snapshot(db), "nothing stored");

            // taken: the account's own language, and the entries of work any signed-in person does (rolled back:
            // an entry alone would make the trail disagree with the account)
            app.setAutoCommit(false);
            try (Statement st = app.createStatement()) {
                assertEquals(1, st.executeUpdate(PostgresContract.chainedEntry(app, sato, "user-language-set", sato,
                        "{\"from\":\"en\",\"to\":\"ja\"}")));
                assertEquals(1, st.executeUpdate(PostgresContract.chainedEntry(app, sato, "records-viewed", "records",
                        "{}")));
            } finally {
                app.rollback();
                app.setAutoCommit(true);
            }
        }
        // an administrator's session writes them, as the administration screens do
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD);
             Connection app = db.appConnection()) {
            PostgresContract.holding(app, admin.principal().session());
            app.setAutoCommit(false);
            try (Statement st = app.createStatement()) {
                assertEquals(1, st.executeUpdate(PostgresContract.chainedEntry(app, TestAccounts.NAME,
                        "user-roles-changed", sato, "{\"from\":\"staff,manager\",\"to\":\"staff\"}")));
            } finally {
                app.rollback();
                app.setAutoCommit(true);
            }
            assertEquals(before, snapshot(db), "nothing stored");
        }
        // a session opened while its account was an administrator writes no such entry once the role is gone
        // (attack review of schema 21: it still made a physician's account disabled in the trail); a physician's
        // session writes no verification of the whole store
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD)) {
            admin.addUser("kato", EnumSet.of(Role.ADMINISTRATOR), null, "kato's password 12".toCharArray());
        }
        try (RecordStore kato = signIn(db, "kato", "kato's password 12");
             RecordStore physician = signIn(db, TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD);
             Connection app = db.appConnection()) {
            try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD)) {
                admin.setRoles("kato", EnumSet.of(Role.STAFF), null);
            }
            List<String> demoted = snapshot(db);
            PostgresContract.holding(app, kato.principal().session());
            assertRefused(app, PostgresContract.chainedEntry(app, "kato [administrator]", "user-disabled",
                    TestAccounts.PHYSICIAN, "{}"), "it is taken only from an administrator's session (this "
                    + "transaction holds kato's session)");
            PostgresContract.holding(app, physician.principal().session());
            assertRefused(app, PostgresContract.chainedEntry(app, TestAccounts.PHYSICIAN, "verified", "records",
                    "{\"records\":1,\"problems\":0}"), "a manager's or an administrator's session");
            assertEquals(demoted, snapshot(db), "nothing stored");
        }
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD)) {
            assertEquals(List.of(), admin.verify((done, total) -> { }).problems(), "records verify: 0 problems");
        }
    }

    /**
     * Schema 22: a staff member holding a device's password signs in and, with psql, appends correctly chained entries
     * that say the physician confirmed the treatment (or explained a section again, or recorded a minor's reason, or
     * that the patient would not sign the refusal) without the physician's password, and entries of documents nobody
     * signed. Each is refused and nothing is stored. A physician's password checked by the server backs one entry and
     * only for a few minutes; the product's own path (the physician's password typed at the staff member's device,
     * then the consent recorded) is taken, and records verify finds nothing.
     */
    @Test
    void aPhysiciansConfirmationNeedsTheirPasswordAndADocumentsEntryItsDocument() throws Exception {
        ClinicDatabase db = aClinic();
        String consent = first(db, "SELECT id FROM record WHERE kind = 'consent' LIMIT 1");
        List<String> before = snapshot(db);
        String sato = AccountsAgainstTrailTest.SATO;
        String physician = TestAccounts.PHYSICIAN;
        String sha = "ab".repeat(32);
        try (RecordStore staff = signIn(db, sato, AccountsAgainstTrailTest.SATO_PASSWORD);
             Connection app = db.appConnection()) {
            PostgresContract.holding(app, staff.principal().session());
            String noPassword = "it names physician " + physician + ", who neither is signed in here nor gave their "
                    + "password for it moments before";
            String noDocument = "it is taken only in the transaction that adds its document";
            String[][] refused = {
                {"treatment-confirmed", "consultation-1", "{\"physician\":\"" + physician + "\",\"licence\":\""
                        + TestAccounts.LICENCE + "\",\"indication\":\"skin\"}", noPassword},
                {"section-explained-again", "consultation-1", "{\"physician\":\"" + physician
                        + "\",\"section\":\"virus-testing\"}", noPassword},
                {"assent-reason-recorded", "consultation-1", "{\"physician\":\"" + physician
                        + "\",\"reason\":\"asleep\"}", noPassword},
                {"refusal-not-signed", "consultation-1", "{\"physician\":\"" + physician + "\",\"note\":\"\"}",
                    noPassword},
                {"treatment-confirmed", "consultation-1", "not json", "its details are not a JSON object"},
                {"created", "EXO-FORGED-1", "{\"pdf\":\"2026/12/EXO-FORGED-1.pdf\",\"sha256\":\"" + sha + "\"}",
                    noDocument},
                {"refusal-recorded", "EXO-FORGED-2", "{\"document\":\"EXO-FORGED-2\",\"pdf\":\"2026/12/EXO-FORGED-2.pdf\","
                        + "\"sha256\":\"" + sha + "\"}", noDocument},
                {"withdrawn", consent, "{\"document\":\"" + consent + "-withdrawal\",\"pdf\":\"2026/12/w.pdf\","
                        + "\"sha256\":\"" + sha + "\"}", noDocument},
                {"corrected", consent, "{\"document\":\"" + consent + "-correction-1\",\"pdf\":\"2026/12/c.pdf\","
                        + "\"sha256\":\"" + sha + "\",\"field\":\"patient.name\"}", noDocument}};
            for (String[] entry : refused) {
                assertRefused(app, PostgresContract.chainedEntry(app, sato, entry[0], entry[1], entry[2]), entry[3]);
            }
            assertEquals(before, snapshot(db), "nothing stored");

            // a whole consent, its PDF, its index row and its entry in one transaction, without the physician's
            // confirmation (attack review of schema 22: taken before, and verify takes it once the PDF is signed with a
            // device's key)
            app.setAutoCommit(false);
            try (Statement st = app.createStatement()) {
                st.executeUpdate("INSERT INTO document (name, content, sha256, size, stored_at) VALUES "
                        + "('2026/12/EXO-FORGED-9.pdf', 'x'::bytea, encode(sha256('x'), 'hex'), 1, '2026-12-03T00:00:00Z')");
                st.executeUpdate("INSERT INTO record SELECT (jsonb_populate_record(NULL::public.\"record\", to_jsonb(r) || "
                        + "jsonb_build_object('id', 'EXO-FORGED-9', 'pdf_path', '2026/12/EXO-FORGED-9.pdf', 'pdf_sha256', "
                        + "encode(sha256('x'), 'hex')))).* FROM record r WHERE id = '" + consent + "'");
                assertRefused(app, PostgresContract.chainedEntry(app, sato, "created", "EXO-FORGED-9",
                        "{\"pdf\":\"2026/12/EXO-FORGED-9.pdf\",\"sha256\":\"" + sha256Of("x") + "\",\"confirmedBy\":\""
                        + physician + "\"}"), "the audit trail holds no confirmation of consultation EXO-FORGED-9 by "
                        + "physician " + physician);
            } finally {
                app.rollback();
                app.setAutoCommit(true);
            }
            assertEquals(before, snapshot(db), "nothing stored");

            // the physician's password, checked by the server, backs one entry: a second with the same check is
            // refused, and so is one whose check is older than ten minutes
            String confirmation = "{\"physician\":\"" + physician + "\",\"section\":\"virus-testing\"}";
            try (RecordStore checked = signIn(db, physician, TestAccounts.PHYSICIAN_PASSWORD)) {
                vouching(app, checked.principal().session());
                try (Statement st = app.createStatement()) { // with the head moved on, as a device commits
                    st.execute(PostgresContract.chainedEntry(app, sato, "section-explained-again", "consultation-1",
                            confirmation) + "; UPDATE audit_head SET seq = a.seq, hash = a.hash FROM (SELECT seq, hash "
                            + "FROM audit ORDER BY seq DESC LIMIT 1) a WHERE audit_head.id = 1");
                }
                assertEquals(1, count(db, "SELECT count(*) FROM audit WHERE action = 'section-explained-again'"),
                        "taken with the physician's password checked for it");
                assertRefused(app, PostgresContract.chainedEntry(app, sato, "section-explained-again",
                        "consultation-1", confirmation), noPassword);
            }
            try (RecordStore checked = signIn(db, physician, TestAccounts.PHYSICIAN_PASSWORD)) {
                try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
                    st.executeUpdate("UPDATE exoconsent_session SET signed_in_at = signed_in_at - interval '11 "
                            + "minutes' WHERE account = '" + physician + "'");
                }
                vouching(app, checked.principal().session());
                assertRefused(app, PostgresContract.chainedEntry(app, sato, "section-explained-again",
                        "consultation-1", confirmation), noPassword);
            }
        }

        // the product's path: the physician types their password at the staff member's device, which confirms the
        // treatment and records the consent; the password's session is used up with its entry
        org.exoconsent.consent.ConsentSession next = Examples.session("complete-ja").withId("EXO-2026-SCHEMA22");
        String sessions = "SELECT count(*) FROM exoconsent_session WHERE account = '" + physician + "'";
        try (RecordStore staff = signIn(db, sato, AccountsAgainstTrailTest.SATO_PASSWORD)) {
            long open = count(db, sessions);
            staff.confirmTreatment(physician, TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), next);
            assertEquals(open, count(db, sessions), "the password's session ended with the confirmation's entry");
            assertEquals("EXO-2026-SCHEMA22", staff.record(next, Examples.template(), Examples.key(), "next").id());
        }
        assertEquals(1, count(db, "SELECT count(*) FROM audit WHERE action = 'treatment-confirmed' AND subject = "
                + "'EXO-2026-SCHEMA22' AND actor LIKE 'sato%'"), "confirmed at the staff member's device");
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD)) {
            assertEquals(List.of(), admin.verify((done, total) -> { }).problems(), "records verify: 0 problems");
        }
    }

    /**
     * Schema 23: a staff member's session adds no record, correction or document without its audit entry. Before it,
     * such a row put in with psql made records verify name damage for good ("the index holds this record but the
     * audit trail never recorded it"; an orphan document), which nothing could clear (attack review of schema 22). The
     * product's own recording, correction and withdrawal, each with its entry, are still taken.
     */
    @Test
    void aRecordACorrectionOrADocumentIsStoredOnlyWithItsEntry() throws Exception {
        ClinicDatabase db = aClinic();
        String consent = first(db, "SELECT id FROM record WHERE kind = 'consent' LIMIT 1");
        List<String> before = snapshot(db);
        String sha = "encode(sha256('x'), 'hex')";
        String document = "INSERT INTO document (name, content, sha256, size, stored_at) VALUES ('2026/12/%s.pdf', "
                + "'x'::bytea, " + sha + ", 1, '2026-12-03T00:00:00Z')";
        String record = "INSERT INTO record SELECT (jsonb_populate_record(NULL::public.\"record\", to_jsonb(r) || "
                + "jsonb_build_object('id', '%1$s', 'kind', '%2$s', 'refers_to', %3$s, 'status', 'active', 'pdf_path', "
                + "'2026/12/%1$s.pdf', 'pdf_sha256', " + sha + "))).* FROM record r WHERE id = '" + consent + "'";
        String correction = "INSERT INTO correction (id, refers_to, field, before, after, reason, received_by, "
                + "recorded_at, language, pdf_path, pdf_sha256, pdf_size) VALUES ('%1$s', '" + consent + "', "
                + "'patient.phone', NULL, '000', 'forged', 'sato', '2026-12-03T00:00:00Z', 'ja', '2026/12/%1$s.pdf', "
                + sha + ", 1)";
        try (RecordStore staff = signIn(db, AccountsAgainstTrailTest.SATO, AccountsAgainstTrailTest.SATO_PASSWORD);
             Connection app = db.appConnection()) {
            PostgresContract.holding(app, staff.principal().session());
            refusedAtCommit(app, "document 2026/12/EXO-ALONE-1.pdf refused: a signed document is stored only "
                    + "together with the record or correction that names it", String.format(document, "EXO-ALONE-1"));
            refusedAtCommit(app, "record EXO-ALONE-2 (consent) refused: a record is stored only together with its "
                    + "audit entry (created)", String.format(document, "EXO-ALONE-2"),
                    String.format(record, "EXO-ALONE-2", "consent", "NULL"));
            refusedAtCommit(app, "record EXO-ALONE-3 (refusal) refused: a record is stored only together with its "
                    + "audit entry (refusal-recorded)", String.format(record, "EXO-ALONE-3", "refusal", "NULL"));
            refusedAtCommit(app, "record " + consent + "-withdrawal (withdrawal) refused: a record is stored only "
                    + "together with its audit entry (withdrawn)", String.format(record, consent + "-withdrawal",
                    "withdrawal", "'" + consent + "'"));
            refusedAtCommit(app, "correction " + consent + "-correction-9 refused: a correction is stored only "
                    + "together with its audit entry (corrected)", String.format(document, consent + "-correction-9"),
                    String.format(correction, consent + "-correction-9"));
            // an entry of another record in the same transaction does not carry a second row
            refusedAtCommit(app, "record EXO-ALONE-5 (consent) refused", String.format(record, "EXO-ALONE-5",
                    "consent", "NULL"), "SELECT 1 FROM audit WHERE action = 'created'");
        }
        assertEquals(before, snapshot(db), "nothing stored");

        // the product's path, each with its entry in the transaction of its rows: taken, and verify finds nothing
        org.exoconsent.consent.ConsentSession next = Examples.session("complete-ja").withId("EXO-2026-SCHEMA23");
        try (RecordStore staff = signIn(db, AccountsAgainstTrailTest.SATO, AccountsAgainstTrailTest.SATO_PASSWORD)) {
            staff.confirmTreatment(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), next);
            assertEquals("EXO-2026-SCHEMA23", staff.record(next, Examples.template(), Examples.key(), "next").id());
        }
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD)) {
            admin.correct("EXO-2026-SCHEMA23", "patient.phone", "03-0000-0000", "moved", "sato", Examples.key());
            admin.withdraw("EXO-2026-SCHEMA23", java.time.LocalDate.parse("2026-12-03"), "申し出により", "受付",
                    null, Examples.key());
            assertEquals(List.of(), admin.verify((done, total) -> { }).problems(), "records verify: 0 problems");
        }
        assertEquals(1, count(db, "SELECT count(*) FROM correction WHERE refers_to = 'EXO-2026-SCHEMA23'"));
        assertEquals(1, count(db, "SELECT count(*) FROM record WHERE refers_to = 'EXO-2026-SCHEMA23'"));
    }

    /**
     * Schema 23: an informed refusal, like a consent, is taken by the server only after its consultation's
     * confirmation by the physician it names. The product's own refusal on the shared store (confirmed with the
     * physician's password at the staff member's device, then recorded) is taken and verifies; a refusal's PDF, row
     * and entry of a consultation nobody confirmed, put in by a staff session in one transaction, is refused.
     */
    @Test
    void anInformedRefusalIsTakenOnlyAfterItsConsultationsConfirmation() throws Exception {
        ClinicDatabase db = aClinic();
        org.exoconsent.consent.ConsentSession declined = Examples.session("complete-ja").withId("EXO-2026-DECLINED");
        org.exoconsent.consent.InformedRefusal refusal = org.exoconsent.testing.Refusals.signed(declined);
        try (RecordStore staff = signIn(db, AccountsAgainstTrailTest.SATO, AccountsAgainstTrailTest.SATO_PASSWORD)) {
            staff.confirmTreatment(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), declined);
            assertEquals("EXO-2026-DECLINED-refusal", staff.recordRefusal(refusal, Examples.template(),
                    Examples.key(), "refusal").id());
        }
        String consent = first(db, "SELECT id FROM record WHERE kind = 'consent' LIMIT 1");
        String refused = "EXO-2026-DECLINED-refusal";
        String sato = AccountsAgainstTrailTest.SATO;
        String physician = ",\"confirmedBy\":\"" + TestAccounts.PHYSICIAN + "\"";
        String oneEnd = " ends in one consent or one informed refusal";
        List<String> before = snapshot(db);
        try (RecordStore staff = signIn(db, AccountsAgainstTrailTest.SATO, AccountsAgainstTrailTest.SATO_PASSWORD);
             Connection app = db.appConnection()) {
            PostgresContract.holding(app, staff.principal().session());
            refusedAtCommit(app, "the audit trail holds no confirmation of consultation EXO-UNCONFIRMED by physician "
                    + TestAccounts.PHYSICIAN, forged(app, sato, refused, "EXO-UNCONFIRMED-refusal", "refusal", null,
                    "refusal-recorded", "EXO-UNCONFIRMED-refusal", ",\"consultation\":\"EXO-UNCONFIRMED\""
                    + physician));
            // attack review of schema 23: one confirmation covered any number of refusals, a consultation recorded
            // as a consent, another spelling of a refusal's id, and a consent of a consultation that ended declined
            refusedAtCommit(app, "consultation EXO-2026-DECLINED" + oneEnd, forged(app, sato, refused,
                    "EXO-NEVER-refusal", "refusal", null, "refusal-recorded", "EXO-NEVER-refusal",
                    ",\"consultation\":\"EXO-2026-DECLINED\"" + physician));
            refusedAtCommit(app, "consultation " + consent + oneEnd, forged(app, sato, refused, consent + "-refusal",
                    "refusal", null, "refusal-recorded", consent + "-refusal", ",\"consultation\":\"" + consent + "\""
                    + physician));
            refusedAtCommit(app, "consultation exo-2026-declined" + oneEnd, forged(app, sato, refused,
                    "exo-2026-declined-refusal", "refusal", null, "refusal-recorded", "exo-2026-declined-refusal",
                    ",\"consultation\":\"exo-2026-declined\"" + physician));
            refusedAtCommit(app, "consultation EXO-2026-DECLINED" + oneEnd, forged(app, sato, consent,
                    "EXO-2026-DECLINED", "consent", null, "created", "EXO-2026-DECLINED", physician));
        }
        // a staff member's session withdraws nothing (the product's withdrawal is a manager's or the physician's)
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD)) {
            admin.addUser("kimura", EnumSet.of(Role.STAFF), null, "staff password 33".toCharArray());
        }
        try (RecordStore staff = signIn(db, "kimura", "staff password 33"); Connection app = db.appConnection()) {
            PostgresContract.holding(app, staff.principal().session());
            refusedAtCommit(app, "withdrawal " + consent + "-withdrawal refused: only a manager, or the physician of "
                    + "consent " + consent + " (licence " + TestAccounts.LICENCE + "), records its withdrawal (this "
                    + "transaction holds kimura's session)", forged(app, "kimura", consent, consent + "-withdrawal",
                    "withdrawal", consent, "withdrawn", consent, ""));
        }
        before = snapshot(db);
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD);
             Connection app = db.appConnection()) {
            PostgresContract.holding(app, admin.principal().session());
            // nor does anyone withdraw or correct a refusal (an alarm of records verify nothing clears)
            refusedAtCommit(app, "withdrawal " + refused + "-withdrawal refused: it refers to " + refused + ", which "
                    + "is not a consent", forged(app, TestAccounts.NAME, consent, refused + "-withdrawal",
                    "withdrawal", refused, "withdrawn", refused, ""));
            String[] correction = {
                "INSERT INTO document (name, content, sha256, size, stored_at) VALUES ('2026/12/R-c.pdf', 'x'::bytea, "
                        + "encode(sha256('x'), 'hex'), 1, '2026-12-03T00:00:00Z')",
                "INSERT INTO correction (id, refers_to, field, before, after, reason, received_by, recorded_at, "
                        + "language, pdf_path, pdf_sha256, pdf_size) VALUES ('R-c', '" + refused + "', "
                        + "'patient.phone', NULL, '000', 'forged', 'sato', '2026-12-03T00:00:00Z', 'ja', "
                        + "'2026/12/R-c.pdf', encode(sha256('x'), 'hex'), 1)",
                PostgresContract.chainedEntry(app, TestAccounts.NAME, "corrected", refused, "{\"document\":\"R-c\","
                        + "\"pdf\":\"2026/12/R-c.pdf\",\"sha256\":\"" + sha256Of("x") + "\"}")};
            refusedAtCommit(app, "correction R-c refused: the correction of consent " + refused + " is named "
                    + refused + "-correction-N", correction);
            // a withdrawal under an id the product does not give takes an id a later record may need (second attack
            // review of schema 23: FUTURE-1, or another consent's id in other letter case)
            refusedAtCommit(app, "withdrawal FUTURE-1 refused: the withdrawal of consent " + consent + " is named "
                    + consent + "-withdrawal[-N]", forged(app, TestAccounts.NAME, consent, "FUTURE-1", "withdrawal",
                    consent, "withdrawn", consent, ""));
        }
        assertEquals(before, snapshot(db), "nothing stored");
        // a consent withdrawn through the product is not withdrawn a second time
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD);
             Connection app = db.appConnection()) {
            admin.withdraw(consent, java.time.LocalDate.now(), "申し出により", "受付", null, Examples.key());
            PostgresContract.holding(app, admin.principal().session());
            refusedAtCommit(app, "withdrawal " + consent + "-withdrawal-2 refused: consent " + consent + " was "
                    + "withdrawn already", forged(app, TestAccounts.NAME, consent, consent + "-withdrawal-2",
                    "withdrawal", consent, "withdrawn", consent, ""));
        }
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD)) {
            assertEquals(List.of(), admin.verify((done, total) -> { }).problems(), "records verify: 0 problems");
        }
    }

    /**
     * Runs {@code sql} in one transaction of {@code app} and asserts that it is refused for {@code why}, by a statement
     * or at its commit (the deferred checks of schema 23).
     */
    private static void refusedAtCommit(Connection app, String why, String... sql) throws SQLException {
        app.setAutoCommit(false);
        try {
            SQLException e = assertThrows(SQLException.class, () -> {
                try (Statement st = app.createStatement()) {
                    for (String s : sql) {
                        st.execute(s);
                    }
                }
                app.commit();
            }, String.join("; ", sql));
            assertEquals(REFUSED, e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains(why), e.getMessage());
        } finally {
            app.rollback();
            app.setAutoCommit(true);
        }
    }

    /** The SHA-256 of a text's UTF-8 bytes, lower-case hexadecimal. */
    private static String sha256Of(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** {@code app}, each of its later transactions holding {@code token} as a physician's password checked for it. */
    private static void vouching(Connection app, String token) throws SQLException {
        PostgresContract.withSetting(app, "exoconsent.vouched", token);
    }

    /**
     * Schema 21 beside the product: on a new store the first look at the templates is a staff member's, whose session
     * adds the bundled version with its row, files and 'template-added' entry in one transaction, which the server
     * takes; the administrator's changes and every person's work go on as before, and records verify finds nothing.
     */
    @Test
    void aBundledVersionFirstSeenByAStaffSessionIsAddedWithItsEntry() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(device.resolve("keys"));
        try (RecordStore admin = RecordStore.createFirstAdministrator(new RecordStore.Source(postgres.open(), place,
                keys), clock, TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), null)) {
            admin.addUser(AccountsAgainstTrailTest.SATO, EnumSet.of(Role.STAFF), null,
                    AccountsAgainstTrailTest.SATO_PASSWORD.toCharArray(), "ja");
        }
        assertEquals(0, count(db, "SELECT count(*) FROM audit WHERE action = 'template-added'"),
                "no program has looked at the templates yet");
        try (RecordStore staff = signIn(db, AccountsAgainstTrailTest.SATO, AccountsAgainstTrailTest.SATO_PASSWORD)) {
            assertTrue(!staff.templates().isEmpty(), "the bundled version is added and made active");
            staff.setLanguage(AccountsAgainstTrailTest.SATO, "en"); // the account's own
        }
        assertTrue(count(db, "SELECT count(*) FROM audit WHERE action = 'template-added' AND actor LIKE 'sato%'")
                > 0, "added in the staff member's session");
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD)) {
            admin.setRoles(AccountsAgainstTrailTest.SATO, EnumSet.of(Role.STAFF, Role.MANAGER), null);
            assertEquals(List.of(), admin.verify((done, total) -> { }).problems(), "records verify: 0 problems");
        }
    }

    /**
     * Schema 23: a template version, bundled or not, is stored only with all its files, whose SHA-256 is the version's,
     * and its entry, in one transaction; a file only with its version. Before it, schema 20's exception for a bundled
     * version took the row alone from a staff session (or stray files first): that version could never be completed
     * and records verify stopped on it (exit 4).
     */
    @Test
    void aTemplateVersionIsStoredOnlyWithAllItsFilesAndItsEntry() throws Exception {
        ClinicDatabase db = aClinic();
        String template = first(db, "SELECT template_id FROM template_version LIMIT 1");
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
            // as a newer program's store upgrade records the versions it brings (one file, "ja.yaml" holding "x")
            st.executeUpdate("INSERT INTO exoconsent_bundled_template (template_id, version, sha256, corrects, "
                    + "effective_date, languages) VALUES ('" + template + "', '9.9.9', '"
                    + sha256Of("ja.yaml\u00001\u0000x") + "', '', '2026-12-01', 'ja'), ('another-template', '1.0.0', '"
                    + sha256Of("ja.yaml\u00001\u0000x") + "', '', '2026-12-01', 'ja')");
        }
        List<String> before = snapshot(db);
        String actor = "sato [staff,manager]"; // as the product names the signed-in person (Principal.actor)
        String now = java.time.Instant.now().toString();
        String rowAs = "INSERT INTO template_version (template_id, version, sha256, effective_date, languages, source, "
                + "added_at, added_by) VALUES ('" + template + "', '9.9.9', '" + sha256Of("ja.yaml\u00001\u0000x")
                + "', '%s', 'ja', 'bundled', '%s', '" + actor + "')";
        String row = String.format(rowAs, "2026-12-01", now);
        String file = "INSERT INTO template_file (template_id, version, name, content) VALUES ('" + template
                + "', '9.9.9', '%s', '%s'::bytea)";
        try (RecordStore staff = signIn(db, AccountsAgainstTrailTest.SATO, AccountsAgainstTrailTest.SATO_PASSWORD);
             Connection app = db.appConnection()) {
            PostgresContract.holding(app, staff.principal().session());
            String version = "template version " + template + " 9.9.9 refused: a template version is stored only "
                    + "together with all its files, whose SHA-256 is the version's, and its audit entry "
                    + "(template-added)";
            String bundled = "template version " + template + " 9.9.9 refused: a bundled version added by a session "
                    + "that may not change the templates is added now, by that session's account, with the effective "
                    + "date and languages the database's owner recorded for it";
            refusedAtCommit(app, bundled, row);
            refusedAtCommit(app, bundled, String.format(file, "ja.yaml", "x"), row);
            String entry = PostgresContract.chainedEntry(app, actor, "template-added", template + " 9.9.9",
                    "{\"source\":\"bundled\",\"sha256\":\"" + sha256Of("ja.yaml\u00001\u0000x")
                    + "\",\"active\":false}", now);
            refusedAtCommit(app, version, String.format(file, "ja.yaml", "y"), row, entry);
            // attack reviews of schema 23: the right files, SHA-256 and entry, but dates that are no dates (every
            // consent was then refused, and the row cannot be changed), another effective date than the owner's, a
            // time other than its entry's, a leap second or ten digits of fraction (which the devices cannot read)
            refusedAtCommit(app, bundled, String.format(file, "ja.yaml", "x"), String.format(rowAs, "not-a-date",
                    now), entry);
            refusedAtCommit(app, bundled, String.format(file, "ja.yaml", "x"), String.format(rowAs, "2099-01-01",
                    now), entry);
            refusedAtCommit(app, bundled, String.format(file, "ja.yaml", "x"), String.format(rowAs, "2026-12-01",
                    "not-a-time"), entry);
            String odd = now.substring(0, 17) + "60Z";
            refusedAtCommit(app, bundled, String.format(file, "ja.yaml", "x"), String.format(rowAs, "2026-12-01",
                    odd), PostgresContract.chainedEntry(app, actor, "template-added", template + " 9.9.9",
                    "{\"source\":\"bundled\",\"sha256\":\"" + sha256Of("ja.yaml\u00001\u0000x")
                    + "\",\"active\":false}", odd));
            // a template with no active version yet made active without its entry saying so (records verify's
            // alarm "the audit trail never made a version of it active", which nothing clears)
            refusedAtCommit(app, "activation of another-template 1.0.0 refused: a template version is made active "
                    + "now, by the session's account, with its entry (template-added, active)",
                    String.format(file, "ja.yaml", "x").replace(template, "another-template").replace("9.9.9",
                            "1.0.0"),
                    row.replace(template, "another-template").replace("9.9.9", "1.0.0"),
                    PostgresContract.chainedEntry(app, actor, "template-added", "another-template 1.0.0",
                            "{\"source\":\"bundled\",\"sha256\":\"" + sha256Of("ja.yaml\u00001\u0000x")
                            + "\",\"active\":false}", now),
                    "INSERT INTO template_active VALUES ('another-template', '1.0.0', '" + now + "', '" + actor + "')");
        }
        // an administrator's session, which schema 20 lets change the templates, adds no stray file to a stored
        // version either (every later use of that version would be refused as changed)
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD);
             Connection app = db.appConnection()) {
            PostgresContract.holding(app, admin.principal().session());
            String stored = first(db, "SELECT version FROM template_version WHERE template_id = '" + template
                    + "' LIMIT 1");
            refusedAtCommit(app, "template file zz.yaml of " + template + " " + stored + " refused: a template's "
                    + "files are stored only together with its version", "INSERT INTO template_file (template_id, "
                    + "version, name, content) VALUES ('" + template + "', '" + stored + "', 'zz.yaml', "
                    + "'a: 1'::bytea)");
        }
        assertEquals(before, snapshot(db), "nothing stored");
    }

    /** The first column of the first row {@code sql} reads, as the owner. */
    private static String first(ClinicDatabase db, String sql) throws SQLException {
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(ClinicDatabase db, String sql) throws SQLException {
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aStoreOfTheReleaseBeforeIsUpgradedAndItsPeopleGoOnWorking() throws Exception {
        ClinicDatabase db = PostgresServer.get().newClinicDatabase();
        // the store as schema 22 (main before schema 23) left it, made and upgraded: 19 and 18 are upgraded by
        // ServerSessionsOnPostgresTest
        org.flywaydb.core.Flyway.configure().dataSource(db.ownerDataSource()).locations(PostgresSchema.MIGRATIONS)
                .table(PostgresSchema.HISTORY_TABLE).target("22").load().migrate();
        assertEquals(new PostgresSchema.Migration(22, PostgresSchema.LATEST),
                PostgresSchema.migrate(db.ownerDataSource(), db.app()));
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(device.resolve("keys"));
        // the first program to open the new store seeds its demo catalog before any account exists
        try (RecordStore admin = RecordStore.createFirstAdministrator(new RecordStore.Source(
                PostgresStores.open(db.appDataSource(), place), place, keys), clock, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray(), null)) {
            admin.setRoles(TestAccounts.NAME, EnumSet.allOf(Role.class), TestAccounts.LICENCE);
            admin.addUser(TestAccounts.PHYSICIAN, EnumSet.of(Role.PHYSICIAN), TestAccounts.LICENCE,
                    TestAccounts.PHYSICIAN_PASSWORD.toCharArray());
            admin.setSetting(Settings.Key.IDLE_LOCK_MINUTES, 15);
            admin.setStaffPin("4321");
            assertTrue(!admin.templates().isEmpty(), "the bundled template version is added and made active");
        }
        OwnerKeys.registerTestKey(db, keys, clock);
        try (RecordStore physician = RecordStore.signIn(new RecordStore.Source(PostgresStores.open(
                db.appDataSource(), place), place, keys), clock, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray())) {
            assertNotNull(TestAccounts.record(physician, Examples.session("complete-ja"), Examples.template(),
                    Examples.key(), "complete-ja").id());
            assertEquals(List.of(), physician.verify((done, total) -> { }).problems());
        }
    }

    /**
     * A store a clinic has used: the first administrator, a physician and a staff member (AccountsAgainstTrailTest's
     * day), the settings set, the bundled template, a registered key, one recorded consent and a prepared draft.
     */
    private ClinicDatabase aClinic() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(device.resolve("keys"));
        AccountsAgainstTrailTest.aClinicsDay(postgres::open, place, keys, clock);
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD)) {
            admin.setRoles(TestAccounts.NAME, EnumSet.allOf(Role.class), TestAccounts.LICENCE);
            // the physician confirms the treatment with the password the tests know (the day set another)
            admin.setPassword(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD.toCharArray());
        }
        OwnerKeys.registerTestKey(db, keys, clock);
        try (RecordStore admin = signIn(db, TestAccounts.NAME, TestAccounts.PASSWORD)) {
            TestAccounts.record(admin, Examples.session("complete-ja"), Examples.template(), Examples.key(),
                    "complete-ja");
        }
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
            st.execute("INSERT INTO draft (name, content, updated_at) VALUES ('prepared.json', '{}', "
                    + "'2026-12-02T09:00:00Z')");
        }
        return db;
    }

    private RecordStore signIn(ClinicDatabase db, String name, String password) throws StoreException {
        String place = db.storeUrl(db.app());
        return RecordStore.signIn(new RecordStore.Source(postgres.open(), place,
                DataDirectory.keyFilesIn(device.resolve("keys"))), clock, name, password.toCharArray());
    }

    private static void assertRefused(Connection app, String sql, String why) {
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Statement st = app.createStatement()) {
                st.execute(sql);
            }
        }, sql);
        assertEquals(REFUSED, e.getSQLState(), sql + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(why), sql + ": " + e.getMessage());
    }

    /** Every row of the guarded tables, read by the owner. */
    private static List<String> snapshot(ClinicDatabase db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
            for (String table : GUARDED) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder b = new StringBuilder(table).append(':');
                        for (int i = 1; i <= n; i++) {
                            b.append(rs.getString(i)).append('|');
                        }
                        out.add(b.toString());
                    }
                }
            }
        }
        return out;
    }
}
