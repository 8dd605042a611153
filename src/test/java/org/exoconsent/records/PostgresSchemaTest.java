package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.exoconsent.consent.Identifiers;
import org.exoconsent.testing.PostgresServer;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared store's schema on a real PostgreSQL server (issue 17 §1, §5): the migration, the application role's
 * least privilege and the triggers that refuse even the owner. One server for the JVM, a database per test.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class PostgresSchemaTest {
    /** PostgreSQL's SQLSTATE for a right the role lacks. */
    private static final String PERMISSION_DENIED = "42501";

    private ClinicDatabase db;

    @BeforeEach
    void database() throws SQLException {
        db = PostgresServer.get().newClinicDatabase();
    }

    private PostgresSchema.Migration migrate() throws StoreException {
        return PostgresSchema.migrate(db.ownerDataSource(), db.app());
    }

    @Test
    void aNewDatabaseIsBroughtToTheLatestSchemaAndTheAppRoleReadsTheVersion() throws Exception {
        assertEquals(new PostgresSchema.Migration(0, PostgresSchema.LATEST), migrate());
        try (Connection owner = db.ownerConnection(); Connection app = db.appConnection()) {
            assertEquals(PostgresSchema.LATEST, PostgresSchema.version(owner));
            assertEquals(PostgresSchema.LATEST, PostgresSchema.version(app));
            assertEquals(List.of("account", "audit", "audit_head", "clinic", "clinic_text", "correction", "document",
                    "draft", "exoconsent_bundled_template", "exoconsent_schema_history", "exoconsent_session", "exoconsent_sign_in_attempt", "lot",
                    "physician", "physician_text", "product", "product_text", "record", "setting", "signing_key",
                    "template_active", "template_correction", "template_file", "template_version"), strings(owner,
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"));
            assertEquals(List.of("1 0 " + "0".repeat(64)), strings(app, "SELECT id || ' ' || seq || ' ' || hash "
                    + "FROM audit_head"));
        }
    }

    @Test
    void migratingAgainChangesNothing() throws Exception {
        migrate();
        List<String> before;
        try (Connection owner = db.ownerConnection()) {
            before = schemaAndRights(owner);
        }
        PostgresSchema.Migration again = migrate();
        assertEquals(new PostgresSchema.Migration(PostgresSchema.LATEST, PostgresSchema.LATEST), again);
        assertTrue(again.unchanged());
        try (Connection owner = db.ownerConnection()) {
            assertEquals(before, schemaAndRights(owner));
            assertEquals(List.of("14", "15", "16", "18", "19", "20", "21", "22", "23"), strings(owner, "SELECT version FROM exoconsent_schema_history "
                    + "WHERE version IS NOT NULL"));
        }
    }

    /** Every column, index, trigger and right of the database, one line each. */
    private static List<String> schemaAndRights(Connection c) throws SQLException {
        List<String> all = new ArrayList<>();
        all.addAll(strings(c, "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable "
                + "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1"));
        all.addAll(strings(c, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"));
        all.addAll(strings(c, "SELECT tgname || ' ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal "
                + "ORDER BY 1"));
        all.addAll(strings(c, "SELECT relname || ' ' || coalesce(relacl::text, '') FROM pg_class WHERE relnamespace "
                + "= 'public'::regnamespace ORDER BY 1"));
        all.addAll(strings(c, "SELECT table_name || '.' || column_name || ' ' || grantee || ' ' || privilege_type "
                + "FROM information_schema.column_privileges WHERE table_schema = 'public' ORDER BY 1"));
        return all;
    }

    @Test
    void theAppRoleCannotChangeOrDeleteSignedRecordsAuditEntriesOrDocuments() throws Exception {
        migrate();
        try (Connection owner = db.ownerConnection()) {
            signedRows(owner);
        }
        try (Connection app = signedIn("admin")) {
            for (String sql : List.of(
                    "UPDATE record SET patient_name = '佐藤 次郎' WHERE id = 'C-1'",
                    "UPDATE record SET snapshot = '{}' WHERE id = 'C-1'",
                    "DELETE FROM record WHERE id = 'C-1'",
                    "UPDATE audit SET details = 'nothing happened' WHERE seq = 1",
                    "DELETE FROM audit WHERE seq = 1",
                    "UPDATE document SET content = 'forged'::bytea WHERE name = '2026/11/C-1.pdf'",
                    "DELETE FROM document WHERE name = '2026/11/C-1.pdf'",
                    "UPDATE correction SET after = 'someone else' WHERE id = 'C-1-correction-1'",
                    "DELETE FROM correction WHERE id = 'C-1-correction-1'",
                    "TRUNCATE audit",
                    "UPDATE template_file SET content = 'forged'::bytea",
                    "DELETE FROM template_file",
                    "DELETE FROM audit_head",
                    "INSERT INTO audit_head (id, seq, hash) VALUES (2, 0, 'x')",
                    // a key of the attacker's own (attack review of issue 17, F2): only the owner registers keys
                    "INSERT INTO signing_key (fingerprint, label, subject, not_before, not_after, registered_from, "
                            + "retired_at, registered_by, certificate) VALUES ('AA:BB', 'room 1', 'CN=x', "
                            + "'2026-01-01T00:00:00Z', '2031-01-01T00:00:00Z', '2026-01-01T00:00:00Z', NULL, 'admin', "
                            + "'MII=')")) {
                SQLException e = assertThrows(SQLException.class, () -> execute(app, sql), sql);
                assertEquals(PERMISSION_DENIED, e.getSQLState(), sql + ": " + e.getMessage());
            }
            assertEquals(List.of("佐藤 花子"), strings(app, "SELECT patient_name FROM record WHERE id = 'C-1'"));
            assertEquals(List.of("record-created"), strings(app, "SELECT action FROM audit"));
            assertEquals(List.of("%PDF-1.7 signed"), strings(app, "SELECT convert_from(content, 'UTF8') FROM document"));
        }
    }

    @Test
    void evenTheOwnerIsRefusedByTheTriggersWithSqlitesMessages() throws Exception {
        migrate();
        try (Connection owner = db.ownerConnection()) { // only the owner registers a key (attack review F2)
            signedRows(owner);
            execute(owner, "INSERT INTO signing_key (fingerprint, label, subject, not_before, not_after, "
                    + "registered_from, retired_at, registered_by, certificate) VALUES ('AA:BB', 'room 1', 'CN=x', "
                    + "'2026-01-01T00:00:00Z', '2031-01-01T00:00:00Z', '2026-01-01T00:00:00Z', NULL, 'admin', 'MII=')");
        }
        try (Connection owner = db.ownerConnection()) {
            // a version with its file as the owner puts them in (store migrate): a device's session adds a version
            // only with all its files and its entry since schema 23 (WritesBySessionOnPostgresTest)
            owner.setAutoCommit(false);
            execute(owner, "INSERT INTO template_file VALUES ('exosome-ja', '1.0', 'ja.yaml', 'x'::bytea)");
            execute(owner, "INSERT INTO template_version VALUES ('exosome-ja', '1.0', 'ab', '2026-01-01', 'ja', "
                    + "'bundled', '2026-01-01T00:00:00Z', 'admin')");
            owner.commit();
        }
        try (Connection app = signedIn("admin")) {
            execute(app, "INSERT INTO product (name, manufacturer, source_cells, virus_tests, sterilisation) VALUES "
                    + "('UC-MSC', 'maker', 'umbilical cord', '[]', 'unknown')");
            execute(app, "INSERT INTO lot (product_id, number, expiry, number_key) SELECT id, 'L-1', '2027-01', "
                    + "'l-1' FROM product");
        }
        try (Connection owner = db.ownerConnection()) {
            String[][] refusals = {
                    {"UPDATE record SET patient_name = '佐藤 次郎' WHERE id = 'C-1'", "a signed record cannot be changed"},
                    {"UPDATE record SET lot_key = 'other' WHERE id = 'C-1'", "a signed record cannot be changed"},
                    {"DELETE FROM record WHERE id = 'C-1'", "a signed record cannot be deleted"},
                    {"UPDATE audit SET details = 'x' WHERE seq = 1", "the audit log is append-only"},
                    {"DELETE FROM audit WHERE seq = 1", "the audit log is append-only"},
                    {"TRUNCATE audit", "the audit log is append-only"},
                    {"UPDATE document SET stored_at = 'x'", "a stored document cannot be changed"},
                    {"DELETE FROM document", "a stored document cannot be deleted"},
                    {"UPDATE correction SET after = 'x'", "a signed correction cannot be changed"},
                    {"DELETE FROM correction", "a signed correction cannot be deleted"},
                    {"UPDATE signing_key SET label = 'other'", "a registered signing key cannot be changed, only "
                            + "retired once"},
                    {"DELETE FROM signing_key", "a registered signing key cannot be deleted"},
                    {"UPDATE template_version SET sha256 = 'cd'", "a template version cannot be changed: import a "
                            + "new version"},
                    {"DELETE FROM template_version", "a template version cannot be deleted: records may have been "
                            + "signed with it"},
                    {"UPDATE template_file SET content = 'y'::bytea", "a template version's file cannot be changed"},
                    {"DELETE FROM template_file", "a template version's file cannot be deleted"},
                    {"TRUNCATE template_file", "a template version's file cannot be deleted"},
                    {"UPDATE lot SET number = 'L-2'", "a lot's number cannot be changed"},
                    {"INSERT INTO lot (product_id, number, expiry, number_key) SELECT id, 'L 1', '2027-01', 'l-1' "
                            + "FROM product", "UNIQUE: a lot of this product has this number"},
                    {"INSERT INTO lot (product_id, number, expiry) SELECT id, 'L-3', '2027-01' FROM product",
                            "a lot needs its number_key"},
                    {"DELETE FROM audit_head", "the audit chain's head cannot be deleted"}};
            for (String[] r : refusals) {
                SQLException e = assertThrows(SQLException.class, () -> execute(owner, r[0]), r[0]);
                assertTrue(e.getMessage().contains(r[1]), r[0] + ": " + e.getMessage());
            }
            // retired once: the second retirement is refused
            // ... at the server's present only (schema 16: never back-dated or post-dated)
            SQLException past = assertThrows(SQLException.class,
                    () -> execute(owner, "UPDATE signing_key SET retired_at = '2026-06-01T00:00:00Z'"));
            assertTrue(past.getMessage().contains("a signing key is retired at the present time"), past.getMessage());
            execute(owner, "UPDATE signing_key SET retired_at = to_char(now() AT TIME ZONE 'UTC', "
                    + "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
            SQLException again = assertThrows(SQLException.class,
                    () -> execute(owner, "UPDATE signing_key SET retired_at = '2026-07-01T00:00:00Z'"));
            assertTrue(again.getMessage().contains("only retired once"), again.getMessage());
            assertEquals(List.of("佐藤 花子 1"), strings(owner, "SELECT patient_name || ' ' || (SELECT count(*) FROM "
                    + "audit) FROM record"));
        }
    }

    @Test
    void aConsentIsWithdrawnOnlyWithItsWithdrawalAndNeverBack() throws Exception {
        migrate();
        try (Connection app = signedIn("admin"); Connection owner = db.ownerConnection()) {
            // the rows as the owner puts them in (store migrate): a device's session adds a record only with its
            // entry since schema 23 (WritesBySessionOnPostgresTest), which this test of the status alone leaves out
            insertRecord(owner, "C-1", "consent", null);
            String withdraw = "UPDATE record SET status = 'withdrawn' WHERE id = 'C-1'";
            SQLException early = assertThrows(SQLException.class, () -> execute(app, withdraw));
            assertTrue(early.getMessage().contains("a status changes only by a withdrawal document, and a withdrawal "
                    + "cannot be undone"), early.getMessage());
            insertRecord(owner, "W-1", "withdrawal", "C-1");
            execute(app, withdraw);
            assertEquals(List.of("withdrawn"), strings(app, "SELECT status FROM record WHERE id = 'C-1'"));
            SQLException back = assertThrows(SQLException.class,
                    () -> execute(app, "UPDATE record SET status = 'active' WHERE id = 'C-1'"));
            assertTrue(back.getMessage().contains("a withdrawal cannot be undone"), back.getMessage());
            SQLException withdrawal = assertThrows(SQLException.class,
                    () -> execute(app, "UPDATE record SET status = 'withdrawn' WHERE id = 'W-1'"));
            assertTrue(withdrawal.getMessage().contains("a status changes only by a withdrawal document"),
                    withdrawal.getMessage());
        }
    }

    @Test
    void theAppRoleCannotChangeTheSchema() throws Exception {
        migrate();
        try (Connection app = db.appConnection()) {
            for (String sql : List.of("CREATE TABLE mine (x integer)", "DROP TABLE record", "ALTER TABLE audit "
                    + "DISABLE TRIGGER audit_no_update", "CREATE FUNCTION f() RETURNS integer LANGUAGE sql RETURN 1",
                    "CREATE TEMPORARY TABLE t (x integer)", "CREATE SCHEMA mine", "TRUNCATE setting")) {
                SQLException e = assertThrows(SQLException.class, () -> execute(app, sql), sql);
                assertEquals(PERMISSION_DENIED, e.getSQLState(), sql + ": " + e.getMessage());
            }
            // a right it does not hold it cannot give (PostgreSQL only warns): the table's rights stay as they were
            String rights = "SELECT relacl::text FROM pg_class WHERE oid = 'record'::regclass";
            List<String> before = strings(app, rights);
            execute(app, "GRANT UPDATE ON record TO PUBLIC");
            assertEquals(before, strings(app, rights));
        }
    }

    @Test
    void theAppRoleCanMakeEveryChangeTheStoreMakes() throws Exception {
        migrate();
        try (Connection app = signedIn("admin")) { // an administrator's session: accounts are changed with one (V19)
            // the statements of the SQLite area classes that change rows, as they would run here
            execute(app, "INSERT INTO setting (key, value) VALUES ('a', '1') ON CONFLICT (key) DO UPDATE SET value = "
                    + "excluded.value");
            execute(app, "INSERT INTO setting (key, value) VALUES ('a', '2') ON CONFLICT (key) DO UPDATE SET value = "
                    + "excluded.value");
            execute(app, "INSERT INTO setting (key, value) VALUES ('a', '3') ON CONFLICT DO NOTHING");
            execute(app, "DELETE FROM setting WHERE key = 'b'");
            execute(app, "INSERT INTO account (name, roles, password_hash, created_at) VALUES ('Mori', "
                    + "'administrator', '$argon2id$v=19$x', '2026-01-01T00:00:00Z')");
            execute(app, "UPDATE account SET roles = 'manager', physician_licence = NULL, language = 'en', active = 0, "
                    + "password_hash = '$argon2id$v=19$y', failed_sign_ins = 0, locked_until = NULL "
                    + "WHERE exoconsent_nocase(name) = exoconsent_nocase('MORI')"); // counting: the server's sign-in
            execute(app, "INSERT INTO clinic (id, name, address, phone, blood_donation_policy, demo) VALUES (1, 'c', "
                    + "'a', 'p', 'b', 1) ON CONFLICT (id) DO UPDATE SET name = excluded.name, demo = 0");
            execute(app, "INSERT INTO clinic (id, name, address, phone, blood_donation_policy, demo) VALUES (1, 'c', "
                    + "'a', 'p', 'b', 0) ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = "
                    + "excluded.address, phone = excluded.phone, blood_donation_policy = "
                    + "excluded.blood_donation_policy, demo = 0");
            execute(app, "INSERT INTO clinic_text VALUES ('en', 'n', 'a', 'b') ON CONFLICT (language) DO UPDATE SET "
                    + "name = excluded.name, address = excluded.address, blood_donation_policy = "
                    + "excluded.blood_donation_policy");
            execute(app, "DELETE FROM clinic_text");
            execute(app, "INSERT INTO physician (name, licence_number, active) VALUES ('Dr', '123', 1)");
            execute(app, "INSERT INTO physician_text (physician_id, language, name) SELECT id, 'en', 'Dr' FROM "
                    + "physician WHERE licence_number = '123' ON CONFLICT (physician_id, language) DO UPDATE SET "
                    + "name = excluded.name");
            execute(app, "UPDATE physician SET active = 0 WHERE licence_number = '123'");
            execute(app, "INSERT INTO product (name, manufacturer, source_cells, virus_tests, sterilisation) VALUES "
                    + "('UC', 'm', 's', '[]', 'unknown')");
            execute(app, "UPDATE product SET origin = 'allogeneic', supply = 'other' WHERE name = 'UC'");
            execute(app, "INSERT INTO lot (product_id, number, expiry, qc, number_key) SELECT id, 'L', '2027', NULL, "
                    + "'l' FROM product WHERE name = 'UC'");
            execute(app, "DELETE FROM lot");
            execute(app, "DELETE FROM product WHERE name = 'UC'");
            execute(app, "DELETE FROM physician WHERE licence_number = '123'"); // its texts go with it
            try (Connection owner = db.ownerConnection()) {
                // as the owner: a device's session adds a version only with all its files and its entry in one
                // transaction since schema 23 (WritesBySessionOnPostgresTest, and the product's own in
                // …aBundledVersionFirstSeenByAStaffSessionIsAddedWithItsEntry)
                execute(owner, "INSERT INTO template_version VALUES ('t', '1', 'ab', '2026-01-01', 'ja', 'bundled', "
                        + "'2026-01-01T00:00:00Z', 'admin'), ('t', '2', 'cd', '2026-02-01', 'ja', 'imported', "
                        + "'2026-02-01T00:00:00Z', 'admin')");
            }
            execute(app, "INSERT INTO template_active VALUES ('t', '1', '2026-01-01T00:00:00Z', 'admin') ON CONFLICT "
                    + "(template_id) DO UPDATE SET version = excluded.version, activated_at = excluded.activated_at, "
                    + "activated_by = excluded.activated_by");
            execute(app, "INSERT INTO template_active VALUES ('t', '2', '2026-02-01T00:00:00Z', 'admin') ON CONFLICT "
                    + "(template_id) DO UPDATE SET version = excluded.version, activated_at = excluded.activated_at, "
                    + "activated_by = excluded.activated_by");
            execute(app, "INSERT INTO template_correction VALUES ('t', '1', '2', '2026-02-01T00:00:00Z') "
                    + "ON CONFLICT DO NOTHING");
            execute(app, "INSERT INTO draft (name, content, updated_at, held_by, held_until) VALUES ('C-9', '{}', "
                    + "'2026-01-01T00:00:00Z', 'room 1', '2026-01-01T00:05:00Z')");
            execute(app, "UPDATE draft SET content = '{\"a\":1}', updated_at = '2026-01-01T00:01:00Z', held_by = "
                    + "'tablet 1', held_until = '2026-01-01T00:06:00Z' WHERE name = 'C-9'");
            execute(app, "INSERT INTO draft (name, content, updated_at, abandoned_at, abandoned_reason) SELECT "
                    + "'C-9-1767225600000', content, updated_at, '2026-01-01T00:02:00Z', 'patient left' FROM draft "
                    + "WHERE name = 'C-9'");
            execute(app, "DELETE FROM draft WHERE name = 'C-9'");
            insertAudit(app, 1);
            app.setAutoCommit(false);
            execute(app, "SELECT seq, hash FROM audit_head FOR UPDATE");
            execute(app, "UPDATE audit_head SET seq = 1, hash = '" + H1 + "'");
            app.commit();
            app.setAutoCommit(true);
            assertEquals(List.of("a=2"), strings(app, "SELECT key || '=' || value FROM setting"));
            assertEquals(List.of("Mori manager en 0 0"), strings(app, "SELECT name || ' ' || roles || ' ' || "
                    + "language || ' ' || active || ' ' || failed_sign_ins FROM account WHERE name <> 'admin'"));
            assertEquals(List.of("t 2"), strings(app, "SELECT template_id || ' ' || version FROM template_active"));
            assertEquals(List.of("C-9-1767225600000 patient left"), strings(app, "SELECT name || ' ' || "
                    + "abandoned_reason FROM draft"));
            assertEquals(List.of("0"), strings(app, "SELECT count(*) FROM physician_text"));
            assertEquals(List.of("1 " + H1), strings(app, "SELECT seq || ' ' || hash FROM audit_head"));
            // what it may not: an abandoned draft is kept; account and setting rows are never deleted by the app
            SQLException kept = assertThrows(SQLException.class, () -> execute(app, "DELETE FROM draft"));
            assertTrue(kept.getMessage().contains("an abandoned draft is kept"), kept.getMessage());
            SQLException account = assertThrows(SQLException.class, () -> execute(app, "DELETE FROM account"));
            assertEquals(PERMISSION_DENIED, account.getSQLState(), account.getMessage());
            SQLException created = assertThrows(SQLException.class,
                    () -> execute(app, "UPDATE account SET created_at = 'x'"));
            assertEquals(PERMISSION_DENIED, created.getSQLState(), created.getMessage());
        }
    }

    @Test
    void accountNamesAreOneRegardlessOfLatinCaseOnly() throws Exception {
        migrate();
        try (Connection app = signedIn("root")) {
            String insert = "INSERT INTO account (name, roles, password_hash, created_at) VALUES ('%s', 'staff', "
                    + "'$argon2id$v=19$x', '2026-01-01T00:00:00Z')";
            execute(app, String.format(insert, "Sato"));
            SQLException twice = assertThrows(SQLException.class, () -> execute(app, String.format(insert, "SATO")));
            assertEquals("23505", twice.getSQLState(), twice.getMessage()); // unique_violation
            // SQLite's NOCASE folds A–Z only: É and é are two names there, and here
            execute(app, String.format(insert, "Émile"));
            execute(app, String.format(insert, "émile"));
            assertEquals(List.of("Sato"), strings(app, "SELECT name FROM account WHERE exoconsent_nocase(name) = "
                    + "exoconsent_nocase('sAtO')"));
            SQLException notArgon = assertThrows(SQLException.class, () -> execute(app, "INSERT INTO account (name, "
                    + "roles, password_hash, created_at) VALUES ('x', 'staff', 'plain', '2026-01-01T00:00:00Z')"));
            assertEquals("23514", notArgon.getSQLState(), notArgon.getMessage()); // check_violation
        }
    }

    @Test
    void thePatientFiltersTextKeyIsJavasOnTrickyNames() throws Exception {
        migrate();
        List<String> names = List.of("佐藤 花子", "佐藤　花子", "佐藤花子", "さとう はなこ", "サトウ　ハナコ", "ｻﾄｳ ﾊﾅｺ",
                "ぁぃぅぇぉっゃゅょゎ", "ァィゥェォッャュョヮ", "ゔぁいおりん", "ゕゖ", "ヴァイオリン", "ＳＡＴＯ　Ｈａｎａｋｏ",
                "１２３４５", "①②③", "㍻", "ｶﾞｷﾞｸﾞ", "がぎぐ", "ﾊﾟﾋﾟﾌﾟ", "Straße", "ΣΊΣΥΦΟΣ", "İstanbul",
                "Nguyễn Văn A", "sato\thanako\nx", "a\u00A0b\u2003c\u202Fd\u205Fe\u1680f\u2028g\u2029h\u001Fi",
                "サトウ・ハナコ", "Anne·Marie", "ー－―‐", "𠮷田 太郎", "髙橋", "", " ", "Ⅻ", "ﬁ", "ｱｲｳｴｵ　ﾜｦﾝ");
        try (Connection app = db.appConnection();
             PreparedStatement ps = app.prepareStatement("SELECT exoconsent_text_key(?)")) {
            for (String name : names) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(Identifiers.textKey(name), rs.getString(1), name);
                }
            }
            ps.setString(1, null);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(null, rs.getString(1));
            }
            // the patient filter's clause as SqlRecordsIndex writes it: instr, as SQLite's
            assertEquals(List.of("2"), strings(app, "SELECT instr(exoconsent_text_key('佐藤　はなこ'), "
                    + "exoconsent_text_key('藤ハナ'))"));
        }
    }

    @Test
    void twoWritersLockingTheChainHeadAreSerialised() throws Exception {
        migrate();
        try (Connection first = signedIn("admin"); Connection second = signedIn("admin")) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            assertEquals(List.of("0"), strings(first, "SELECT seq FROM audit_head FOR UPDATE"));
            CompletableFuture<List<String>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return strings(second, "SELECT seq || ' ' || hash FROM audit_head FOR UPDATE");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThrows(TimeoutException.class, () -> waiting.get(500, TimeUnit.MILLISECONDS),
                    "the second writer must wait for the first one's commit");
            insertAudit(first, 1);
            execute(first, "UPDATE audit_head SET seq = 1, hash = '" + H1 + "'");
            first.commit();
            // it then reads the head the first one committed, never the one both saw before
            assertEquals(List.of("1 " + H1), waiting.get(10, TimeUnit.SECONDS));
            second.rollback();
        }
    }

    /**
     * A store of the release before (schema 16, a document stored) upgraded to 18: the documents read back as the
     * same bytes, and a new one is stored as it is where the server compressed it before (V18: the signed PDFs,
     * compressed already, no longer pass through the server's compression inside the chain head's lock).
     */
    @Test
    void aStoreOfSchema16IsUpgradedItsDocumentsUnchangedAndNewOnesStoredUncompressed() throws Exception {
        org.flywaydb.core.Flyway.configure().dataSource(db.ownerDataSource()).locations(PostgresSchema.MIGRATIONS)
                .table(PostgresSchema.HISTORY_TABLE).target("16").load().migrate(); // as the release before left it
        byte[] compressible = "%PDF-1.7 a page of text that compresses well. ".repeat(2000)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (Connection owner = db.ownerConnection()) {
            assertEquals(16, PostgresSchema.version(owner));
            insertDocument(owner, "before.pdf", compressible);
            assertEquals(List.of("pglz"), strings(owner, "SELECT pg_column_compression(content) FROM document"),
                    "schema 16: the server compressed what it could");
        }

        assertEquals(new PostgresSchema.Migration(16, PostgresSchema.LATEST), migrate());
        try (Connection owner = db.ownerConnection()) { // a device adds one only with its record (schema 23)
            insertDocument(owner, "after.pdf", compressible);
        }
        try (Connection app = signedIn("admin")) {
            assertEquals(List.of("after.pdf null " + compressible.length, "before.pdf pglz " + compressible.length),
                    strings(app, "SELECT name || ' ' || coalesce(pg_column_compression(content), 'null') || ' ' || "
                            + "octet_length(content) FROM document ORDER BY name"));
            assertEquals(List.of("t"), strings(app, "SELECT bool_and(content = decode('"
                    + java.util.HexFormat.of().formatHex(compressible) + "', 'hex')) FROM document"),
                    "both read back as the same bytes");
        }
    }

    @Test
    void aDatabaseOfANewerProgramIsRefusedNamingBothVersions() throws Exception {
        migrate();
        try (Connection owner = db.ownerConnection()) {
            execute(owner, "INSERT INTO exoconsent_schema_history (installed_rank, version, description, type, "
                    + "script, checksum, installed_by, execution_time, success) VALUES (99, '99', 'future', 'SQL', "
                    + "'V99__future.sql', 0, 'x', 0, true)");
        }
        RefusedException e = assertThrows(RefusedException.class, this::migrate);
        assertTrue(e.getMessage().contains(db.database()) && e.getMessage().contains("version 99")
                && e.getMessage().contains("version " + PostgresSchema.LATEST), e.getMessage());
    }

    @Test
    void onlyTheOwnerMigratesAndTheAppRoleMustBeItsOwnLeastPrivilegedRole() throws Exception {
        RefusedException notOwner = assertThrows(RefusedException.class,
                () -> PostgresSchema.migrate(db.appDataSource(), db.app()));
        assertTrue(notOwner.getMessage().contains("owned by role " + db.owner()), notOwner.getMessage());
        RefusedException itself = assertThrows(RefusedException.class,
                () -> PostgresSchema.migrate(db.ownerDataSource(), db.owner()));
        assertTrue(itself.getMessage().contains("owner or a member of it"), itself.getMessage());
        RefusedException missing = assertThrows(RefusedException.class,
                () -> PostgresSchema.migrate(db.ownerDataSource(), "nobody_here"));
        assertTrue(missing.getMessage().contains("nobody_here does not exist"), missing.getMessage());
        try (Connection c = PostgresServer.get().superuser("postgres")) {
            execute(c, "GRANT " + db.owner() + " TO " + db.app());
        }
        RefusedException member = assertThrows(RefusedException.class, this::migrate);
        assertTrue(member.getMessage().contains("owner or a member of it"), member.getMessage());
        try (Connection c = PostgresServer.get().superuser("postgres")) {
            execute(c, "REVOKE " + db.owner() + " FROM " + db.app());
            execute(c, "ALTER ROLE " + db.app() + " SUPERUSER");
        }
        RefusedException superuser = assertThrows(RefusedException.class, this::migrate);
        assertTrue(superuser.getMessage().contains(db.app() + " is a superuser"), superuser.getMessage());
        try (Connection owner = db.ownerConnection()) {
            assertEquals(0, PostgresSchema.version(owner)); // nothing was migrated
        }
    }

    @Test
    void aDatabaseThatIsNotUtf8IsRefusedBeforeAnythingIsMigrated() throws Exception {
        String name = db.database() + "_ascii";
        try (Connection c = PostgresServer.get().superuser("postgres")) {
            execute(c, "CREATE DATABASE " + name + " OWNER " + db.owner() + " ENCODING 'SQL_ASCII' TEMPLATE template0");
        }
        org.postgresql.ds.PGSimpleDataSource ascii = new org.postgresql.ds.PGSimpleDataSource();
        ascii.setURL("jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + name);
        ascii.setUser(db.owner());
        ascii.setPassword(db.ownerPassword());
        RefusedException e = assertThrows(RefusedException.class, () -> PostgresSchema.migrate(ascii, db.app()));
        assertTrue(e.getMessage().startsWith(name + ": its encoding is SQL_ASCII; ExoConsent needs a UTF8 database"),
                e.getMessage());
        try (Connection c = ascii.getConnection()) {
            assertEquals(0, PostgresSchema.version(c));
        }
    }

    @Test
    void anotherRoleOfTheServerCannotEvenConnect() throws Exception {
        migrate();
        try (Connection c = PostgresServer.get().superuser("postgres")) {
            execute(c, "CREATE ROLE " + db.database() + "_other LOGIN PASSWORD 'other-password-1'");
        }
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", db.database() + "_other");
        p.setProperty("password", "other-password-1");
        SQLException e = assertThrows(SQLException.class,
                () -> java.sql.DriverManager.getConnection(db.jdbcUrl(), p).close());
        assertEquals(PERMISSION_DENIED, e.getSQLState(), e.getMessage());
    }

    /**
     * A consent C-1's rows, as the owner puts them in ({@code store migrate}): its row, an audit entry, document and a
     * correction. The application role's own recording, which since schema 23 must write each row with its entry, is
     * tested with the product's ({@code WritesBySessionOnPostgresTest}).
     */
    private static void signedRows(Connection owner) throws SQLException {
        insertRecord(owner, "C-1", "consent", null);
        insertAudit(owner, 1);
        insertDocument(owner, "2026/11/C-1.pdf");
        insertCorrection(owner, "C-1");
    }

    private static void insertRecord(Connection c, String id, String kind, String refersTo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO record (id, kind, status, refers_to, recorded_at, "
                + "consultation_at, patient_number, patient_name, patient_kana, patient_birth, patient_phone, "
                + "patient_address, representative, physician_name, physician_licence, indication, route, "
                + "planned_date, product_name, lot_number, lot_expiry, template_id, template_version, "
                + "template_sha256, language, pdf_path, pdf_sha256, pdf_size, snapshot, lot_key, patient_key) VALUES "
                + "(?, ?, 'active', ?, '2026-11-30T10:00:00Z', '2026-11-30T09:30:00Z', 'P-1', '佐藤 花子', 'サトウ ハナコ', "
                + "'1980-01-01', NULL, NULL, NULL, 'Dr', '123', 'skin', 'iv', '2026-12-01', 'UC-MSC', 'L-1', "
                + "'2027-01', 'exosome-ja', '1.0', 'ab', 'ja', ?, 'cd', 100, '{}', 'l-1', 'p-1')")) {
            ps.setString(1, id);
            ps.setString(2, kind);
            ps.setString(3, refersTo);
            ps.setString(4, "2026/11/" + id + ".pdf");
            ps.executeUpdate();
        }
    }

    /** The hash of the first entry {@link #insertAudit} writes, chained as {@link AuditLog#hash} chains it. */
    private static final String H1 = AuditLog.hash(1, "2026-11-30T10:00:00Z", "admin", "record-created", "C-1", "",
            AuditLog.GENESIS);

    /** The trail's first entry, by "admin", chained as the product chains it (schema 20 takes no other). */
    private static void insertAudit(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit (seq, at, actor, action, subject, details, "
                + "prev_hash, hash) VALUES (?, '2026-11-30T10:00:00Z', 'admin', 'record-created', 'C-1', '', ?, ?)")) {
            ps.setLong(1, seq);
            ps.setString(2, AuditLog.GENESIS);
            ps.setString(3, H1);
            ps.executeUpdate();
        }
    }

    private static void insertDocument(Connection c, String name) throws SQLException {
        insertDocument(c, name, "%PDF-1.7 signed".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void insertDocument(Connection c, String name, byte[] pdf) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO document (name, content, sha256, size, stored_at) "
                + "VALUES (?, ?, encode(sha256(?), 'hex'), ?, '2026-11-30T10:00:00Z')")) {
            ps.setString(1, name);
            ps.setBytes(2, pdf);
            ps.setBytes(3, pdf);
            ps.setLong(4, pdf.length);
            ps.executeUpdate();
        }
    }

    private static void insertCorrection(Connection c, String consent) throws SQLException {
        execute(c, "INSERT INTO correction VALUES ('" + consent + "-correction-1', '" + consent + "', 'patient.phone', "
                + "NULL, '03-0000-0000', 'moved', 'staff', '2026-11-30T11:00:00Z', 'ja', '2026/11/" + consent
                + "-correction-1.pdf', 'ef', 10)");
    }

    /**
     * A connection of the application role holding the server session (V19) of the administrator {@code account},
     * made by the owner as the server's sign-in makes one: audit entries in that name and account changes are then
     * allowed, as for the store's own signed-in writes.
     */
    private Connection signedIn(String account) throws SQLException {
        return PostgresContract.signedInConnection(db, account);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<String> strings(Connection c, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
