package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.exoconsent.records.PostgresSchema;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PostgresServer;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exoconsent store init | upgrade | status} against a real PostgreSQL server (issue 17 §1), run in-process as
 * a clinic's administrator runs them: the owner's password from PGPASSWORD or the password file.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class StoreCommandTest {
    @TempDir
    Path tmp;

    private ClinicDatabase db;

    record Run(int exit, String out, String err, long millis) {
    }

    @BeforeEach
    void database() throws SQLException {
        db = PostgresServer.get().newClinicDatabase();
    }

    private Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int exit = ExoConsentCli.commandLine(env, Examples.CLOCK, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(err, true), tmp.resolve("no-settings.properties"))
                .execute(args);
        return new Run(exit, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000);
    }

    /** The owner's password as PGPASSWORD; no password file of the person running the tests. */
    private Map<String, String> asOwner() {
        return Map.of("PGPASSWORD", db.ownerPassword(), "PGPASSFILE", tmp.resolve("none").toString());
    }

    private String ownerUrl() {
        return db.storeUrl(db.owner());
    }

    private Run init() {
        return run(asOwner(), "store", "init", "--store", ownerUrl(), "--app-role", db.app());
    }

    @Test
    void initSetsUpANewDatabaseAndTheAppRoleMayThenRecordButNotChangeTheAuditTrail() throws Exception {
        Run r = init();
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertEquals("Set up the PostgreSQL store 127.0.0.1:" + db.port() + "/" + db.database() + " (user "
                + db.owner() + "): schema version " + PostgresSchema.LATEST + "; role " + db.app()
                + " has the application's rights. Give each "
                + "device a login role of its own in it (CREATE ROLE tablet1 LOGIN CONNECTION LIMIT 10 IN ROLE " + db.app()
                + ", then its password with psql's \\password tablet1, which keeps it out of the history) and point "
                + "the device at the store with --store, EXOCONSENT_STORE or its settings file, as user "
                + "tablet1.", r.out().strip());
        try (Connection app = db.appConnection(); Statement st = app.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT has_table_privilege(current_user, 'audit', 'INSERT'), "
                    + "has_table_privilege(current_user, 'audit', 'UPDATE'), "
                    + "has_table_privilege(current_user, 'audit', 'DELETE')")) {
                rs.next();
                assertTrue(rs.getBoolean(1));
                assertFalse(rs.getBoolean(2));
                assertFalse(rs.getBoolean(3));
            }
        }
    }

    @Test
    void statusSaysReachableTheSchemaVersionAndWhichRoleYouAre() {
        Run before = run(asOwner(), "store", "status", "--store", ownerUrl());
        assertEquals(ExitCodes.OK, before.exit(), before.err());
        assertTrue(before.out().contains("Server:   reachable, PostgreSQL 1"), before.out());
        assertTrue(before.out().contains("Role:     " + db.owner() + ", the database's owner"), before.out());
        assertTrue(before.out().contains("Schema:   none yet (a new database): set it up with 'exoconsent store init "
                + "--app-role NAME' as its owner"), before.out());
        init();
        Run app = run(Map.of("PGPASSWORD", db.appPassword()), "store", "status", "--store", db.storeUrl(db.app()));
        assertEquals(ExitCodes.OK, app.exit(), app.err());
        assertTrue(app.out().contains("Role:     " + db.app() + ", the application role"), app.out());
        assertTrue(app.out().contains("Schema:   version " + PostgresSchema.LATEST + ", this program's"), app.out());
        assertTrue(app.out().contains("App role: " + db.app()), app.out());
    }

    @Test
    void upgradeSaysWhenNothingIsPendingAndKeepsTheAppRole() throws Exception {
        Run notYet = run(asOwner(), "store", "upgrade", "--store", ownerUrl());
        assertEquals(ExitCodes.INVALID_INPUT, notYet.exit());
        assertEquals("the PostgreSQL store 127.0.0.1:" + db.port() + "/" + db.database() + " (user " + db.owner()
                + ") is not set up yet; run 'exoconsent store init --app-role NAME' first", notYet.err().strip());
        init();
        Run r = run(asOwner(), "store", "upgrade", "--store", ownerUrl());
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertEquals("Nothing to upgrade: the PostgreSQL store 127.0.0.1:" + db.port() + "/" + db.database()
                + " (user " + db.owner() + ") is at schema version " + PostgresSchema.LATEST
                + ", this program's. The application role's rights "
                + "were set again.", r.out().strip());
        try (Connection app = db.appConnection(); Statement st = app.createStatement();
             ResultSet rs = st.executeQuery("SELECT has_table_privilege(current_user, 'record', 'INSERT')")) {
            rs.next();
            assertTrue(rs.getBoolean(1), "the application role kept its rights");
        }
    }

    /**
     * Attack review of issue 17, F2: a store set up before the fix, whose application role may INSERT into
     * {@code signing_key} (the old rights, given again here by hand as the earlier release gave them), loses that
     * right with {@code store upgrade}; retiring a key stays with it.
     */
    @Test
    void storeUpgradeTakesTheOldInsertRightOnSigningKeyAwayFromADatabaseMadeWithIt() throws Exception {
        assertEquals(ExitCodes.OK, init().exit());
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
            st.execute("GRANT INSERT ON signing_key TO " + db.app()); // the rights of schema 15 before the fix
        }
        assertEquals("true true", signingKeyRights());
        Run r = run(asOwner(), "store", "upgrade", "--store", ownerUrl());
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertTrue(r.out().contains("is at schema version " + PostgresSchema.LATEST
                + ", this program's. The application role's rights were set again."), r.out());
        assertEquals("false true", signingKeyRights(), "no INSERT any more; UPDATE (retired_at) kept");
        try (Connection app = db.appConnection(); Statement st = app.createStatement()) {
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> st.execute(
                    "INSERT INTO signing_key (fingerprint, label, subject, not_before, not_after, registered_from, "
                            + "retired_at, registered_by, certificate) VALUES ('AA:BB', 'forged', 'CN=x', "
                            + "'2026-01-01T00:00:00Z', '2031-01-01T00:00:00Z', '2026-01-01T00:00:00Z', NULL, "
                            + "'tester', 'MII=')"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
        }
    }

    /**
     * Rights given by hand to a device's own login role (or left to an earlier shared application role) survive
     * {@code store upgrade}, which sets the named application role's alone (attack review of 2026-12-01): status,
     * upgrade and init name every role other than the owner that may add a signing key or create objects, with the
     * statements that take it away; a store set up as the README says names none.
     */
    @Test
    void aDeviceRoleGivenTheRightToAddKeysByHandIsNamedByStatusAndUpgradeUntilTheRightIsTakenAway() throws Exception {
        Run set = init();
        assertEquals(ExitCodes.OK, set.exit(), set.err());
        assertEquals("", set.err(), "a store set up as the README says: no warning");
        String tablet = db.database() + "_tablet9";
        try (Connection su = PostgresServer.get().superuser("postgres"); Statement st = su.createStatement()) {
            st.execute("CREATE ROLE " + tablet + " LOGIN PASSWORD 'tablet nine pw' IN ROLE " + db.app());
        }
        Run clean = run(asOwner(), "store", "status", "--store", ownerUrl());
        assertEquals(ExitCodes.OK, clean.exit(), clean.err());
        assertEquals("", clean.err(), "a device's login role in the group: no warning");
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
            st.execute("GRANT INSERT ON signing_key TO " + tablet);
        }
        Run status = run(asOwner(), "store", "status", "--store", ownerUrl());
        assertEquals(ExitCodes.OK, status.exit(), status.err());
        assertTrue(status.err().startsWith("Warning: role(s) " + tablet + " may add a signing key to the store's "
                + "registry or create objects in its database, which only the owner (" + db.owner() + ") should"),
                status.err());
        Run upgrade = run(asOwner(), "store", "upgrade", "--store", ownerUrl());
        assertEquals(ExitCodes.OK, upgrade.exit(), upgrade.err());
        assertTrue(upgrade.err().contains("Warning: role(s) " + tablet + " may add a signing key"), upgrade.err());
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
            st.execute("REVOKE INSERT ON signing_key FROM " + tablet); // as the warning says
        }
        Run after = run(asOwner(), "store", "status", "--store", ownerUrl());
        assertEquals("", after.err(), "the right taken away: no warning");
    }

    /** Whether the application role may INSERT into signing_key, and UPDATE its retired_at. */
    private String signingKeyRights() throws SQLException {
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement();
             ResultSet rs = st.executeQuery("SELECT has_table_privilege('" + db.app() + "', 'signing_key', "
                     + "'INSERT') || ' ' || has_column_privilege('" + db.app() + "', 'signing_key', 'retired_at', "
                     + "'UPDATE')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void initRefusesADatabaseThatIsAlreadySetUpOrHasOtherTables() throws Exception {
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
            st.execute("CREATE TABLE patients (id int)");
        }
        Run other = init();
        assertEquals(ExitCodes.INVALID_INPUT, other.exit());
        assertEquals("the PostgreSQL store 127.0.0.1:" + db.port() + "/" + db.database() + " (user " + db.owner()
                + ") is not empty: it has the table(s) public.patients; store init sets up a new, empty database "
                + "(createdb -O " + db.owner() + " NAME); nothing was changed", other.err().strip());
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
            st.execute("DROP TABLE patients");
        }
        assertEquals(ExitCodes.OK, init().exit());
        Run again = init();
        assertEquals(ExitCodes.INVALID_INPUT, again.exit());
        assertTrue(again.err().contains("already holds ExoConsent's store (schema version " + PostgresSchema.LATEST
                + "); nothing was "
                + "changed"), again.err());
    }

    @Test
    void aStoreNewerThanTheProgramIsRefused() throws Exception {
        init();
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
            st.execute("INSERT INTO exoconsent_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, execution_time, success) VALUES (99, '99', 'future', 'SQL', "
                    + "'V99__future.sql', 0, current_user, 0, true)");
        }
        Run r = run(asOwner(), "store", "upgrade", "--store", ownerUrl());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit());
        assertEquals(db.database() + ": its schema is version 99, newer than this program's version "
                + PostgresSchema.LATEST + ": use the ExoConsent release that upgraded it, or a newer one", r.err().strip());
        Run status = run(asOwner(), "store", "status", "--store", ownerUrl());
        assertTrue(status.out().contains("Schema:   version 99, newer than this program's " + PostgresSchema.LATEST),
                status.out());
    }

    @Test
    void initAsARoleThatDoesNotOwnTheDatabaseIsRefused() {
        Run r = run(Map.of("PGPASSWORD", db.appPassword()), "store", "init", "--store", db.storeUrl(db.app()),
                "--app-role", db.app());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit());
        assertEquals("the PostgreSQL store 127.0.0.1:" + db.port() + "/" + db.database() + " (user " + db.app()
                + "): database " + db.database() + " is owned by role " + db.owner() + ", not by " + db.app()
                + "; run the store's set-up and upgrade as its owner (?user=" + db.owner() + ")", r.err().strip());
    }

    @Test
    void aWrongPasswordIsSaidClearlyWithoutThePassword() {
        Run r = run(Map.of("PGPASSWORD", "not-the-password"), "store", "status", "--store", ownerUrl());
        assertEquals(ExitCodes.ACCESS_DENIED, r.exit());
        assertEquals("the PostgreSQL server at 127.0.0.1:" + db.port() + " refused the password of role " + db.owner()
                + " for database " + db.database() + " (the password came from PGPASSWORD); check PGPASSWORD or the "
                + "password file", r.err().strip());
        assertFalse(r.err().contains("not-the-password"));
    }

    @Test
    void thePasswordFileGivesTheOwnersPasswordAndNoPasswordIsSaid() throws Exception {
        Path file = tmp.resolve("pgpass");
        Files.writeString(file, "127.0.0.1:" + db.port() + ":" + db.database() + ":" + db.owner() + ":"
                + db.ownerPassword() + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Run r = run(Map.of("PGPASSFILE", file.toString()), "store", "status", "--store", ownerUrl());
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        Run none = run(Map.of("PGPASSFILE", tmp.resolve("none").toString()), "store", "status", "--store", ownerUrl());
        assertEquals(ExitCodes.ACCESS_DENIED, none.exit());
        assertEquals("the PostgreSQL server at 127.0.0.1:" + db.port() + " asks role " + db.owner() + " for a "
                + "password, and there is no password (neither PGPASSWORD nor a password file " + tmp.resolve("none")
                + "); the database owner's password is typed for the one command that needs it (read -rsp 'Password: ' "
                + "PGPASSWORD; echo; PGPASSWORD=\"$PGPASSWORD\" bin/exoconsent …) and never kept in a device's "
                + "password file; a device's own role may have a line HOST:PORT:DATABASE:ROLE:PASSWORD in the "
                + "password file (only you may read it: chmod 0600)", none.err().strip());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Run open = run(Map.of("PGPASSFILE", file.toString()), "store", "status", "--store", ownerUrl());
        assertEquals(ExitCodes.INVALID_INPUT, open.exit());
        assertTrue(open.err().startsWith(file + ": the PostgreSQL password file may be read or changed by others"),
                open.err());
    }

    @Test
    void aServerThatIsDownIsSaidAtOnceNamingHostAndPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run r = run(Map.of("PGPASSWORD", "x"), "store", "status", "--store", "postgresql://127.0.0.1:" + port
                + "/exo?user=exo_owner");
        assertEquals(ExitCodes.ENVIRONMENT, r.exit());
        assertTrue(r.err().startsWith("cannot reach the PostgreSQL server at 127.0.0.1:" + port + " ("), r.err());
        assertTrue(r.err().contains("check that the server is running, that it listens on that address and port "
                + "(listen_addresses and port in postgresql.conf)"), r.err());
        assertTrue(r.millis() < 5_000, "said after " + r.millis() + " ms");
    }

    /**
     * On a clinic's computer set to Japanese the PostgreSQL driver speaks Japanese (「サーバはSSLをサポートしていま
     * せん。」): the failure must still be known for what it is. The program in a JVM of its own, as on that computer
     * (the driver chooses its language once per JVM, when it first speaks).
     */
    @Test
    void aServerWithoutTlsIsSaidAlsoOnAComputerSetToJapanese() throws Exception {
        Path log = tmp.resolve("ja.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.language=ja", "-Duser.country=JP", "-cp", System.getProperty("java.class.path"),
                ExoConsentCli.class.getName(), "store", "status", "--store", ownerUrl() + "&sslmode=verify-full")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(asOwner());
        pb.environment().remove("EXOCONSENT_STORE");
        Process p = pb.start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "store status did not end");
        String said = Files.readString(log).strip();
        assertEquals(ExitCodes.ENVIRONMENT, p.exitValue(), said);
        assertEquals("the PostgreSQL server at 127.0.0.1:" + db.port() + " does not offer encrypted connections, "
                + "which sslmode=verify-full requires; turn on ssl in the server's postgresql.conf", said);
    }

    @Test
    void aServerWithoutTlsIsSaidWhenTheAddressAsksForIt() {
        Run r = run(asOwner(), "store", "status", "--store", ownerUrl() + "&sslmode=verify-full");
        assertEquals(ExitCodes.ENVIRONMENT, r.exit(), r.err());
        assertEquals("the PostgreSQL server at 127.0.0.1:" + db.port() + " does not offer encrypted connections, "
                + "which sslmode=verify-full requires; turn on ssl in the server's postgresql.conf", r.err().strip());
    }

    @Test
    void aDatabaseThatDoesNotExistIsNamed() {
        Run r = run(asOwner(), "store", "status", "--store", "postgresql://127.0.0.1:" + db.port() + "/no_such_db"
                + "?user=" + db.owner());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.err());
        assertEquals("the PostgreSQL server at 127.0.0.1:" + db.port() + " has no database no_such_db; create it "
                + "first (createdb -O OWNER no_such_db), or check the name", r.err().strip());
    }

    @Test
    void offLoopbackWithoutVerifyFullIsRefusedBeforeConnecting() {
        Run r = run(asOwner(), "store", "init", "--store", "postgresql://db.clinic.invalid/exo?user=exo_owner"
                + "&sslmode=require", "--app-role", "exo_app");
        assertEquals(ExitCodes.INVALID_INPUT, r.exit());
        assertTrue(r.err().startsWith("--store postgresql://db.clinic.invalid/exo?user=exo_owner&sslmode=require: the "
                + "server db.clinic.invalid is not on this computer, so the connection must be encrypted and the "
                + "server's certificate checked (sslmode=verify-full); sslmode=require is refused."), r.err());
        assertFalse(r.err().contains("is not known"), "refused before any connection or lookup");
    }

    @Test
    void theStoreCommandsRefuseADataDirectory() {
        Map<String, String> env = new HashMap<>(asOwner());
        Run r = run(env, "store", "status", "--data-dir", tmp.resolve("data").toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit());
        assertEquals("store status: the store here is the data directory " + tmp.resolve("data") + " (SQLite, which "
                + "needs no set-up); store status is for a PostgreSQL store: give --store "
                + "'postgresql://HOST[:PORT]/DATABASE?user=NAME' or set EXOCONSENT_STORE", r.err().strip());
        assertFalse(Files.exists(tmp.resolve("data")));
    }

    /**
     * One login role per device, members of the clinic's group role (attack review of issue 17, F3): {@code store init
     * --app-role GROUP} with a NOLOGIN group grants its rights to the group, {@code store status} as a device's role
     * says whose member it is, and both devices record. Then the first device's role changes its own password and sets
     * its own sessions read-only by default (ALTER ROLE on itself, which any role may do), and sets the group's
     * defaults read-only too (as the group, after SET ROLE): the second device records on (a group's defaults reach no
     * member's session), and the first device's next opening of the store (with its new password) records and
     * verifies as before, its read-only default set aside by the opening.
     */
    @Test
    void eachDeviceHasItsOwnLoginRoleInTheGroupAndOneRolesOwnSettingsChangeNothingForTheOthersOrItsNextOpening()
            throws Exception {
        String group = db.database() + "_devices";
        String tablet1 = db.database() + "_tablet1";
        String tablet2 = db.database() + "_tablet2";
        try (Connection su = PostgresServer.get().superuser("postgres"); Statement st = su.createStatement()) {
            st.execute("CREATE ROLE " + group + " NOLOGIN");
            st.execute("CREATE ROLE " + tablet1 + " LOGIN PASSWORD 'tablet one pw' CONNECTION LIMIT 10 IN ROLE "
                    + group); // as the README gives it
            st.execute("CREATE ROLE " + tablet2 + " LOGIN PASSWORD 'tablet two pw' IN ROLE " + group);
        }
        Run init = run(asOwner(), "store", "init", "--store", ownerUrl(), "--app-role", group);
        assertEquals(ExitCodes.OK, init.exit(), init.err());
        assertTrue(init.out().contains("role " + group + " has the application's rights"), init.out());
        Run status = run(Map.of("PGPASSWORD", "tablet one pw", "PGPASSFILE", tmp.resolve("none").toString()),
                "store", "status", "--store", db.storeUrl(tablet1));
        assertEquals(ExitCodes.OK, status.exit(), status.err());
        assertTrue(status.out().contains("Role:     " + tablet1 + ", a device's login role in the application role "
                + group), status.out());
        assertTrue(status.out().contains("App role: " + group), status.out());

        java.time.Clock clock = java.time.Clock.systemUTC(); // the server's clock is the authority (issue 17 §2)
        org.exoconsent.pdf.KeyFiles keys1 = org.exoconsent.records.DataDirectory.keyFilesIn(tmp.resolve("t1/keys"));
        org.exoconsent.pdf.KeyFiles keys2 = org.exoconsent.records.DataDirectory.keyFilesIn(tmp.resolve("t2/keys"));
        try (org.exoconsent.records.RecordStore admin = org.exoconsent.records.RecordStore.createFirstAdministrator(
                source(tablet1, "tablet one pw", keys1), clock, org.exoconsent.records.TestAccounts.NAME,
                org.exoconsent.records.TestAccounts.PASSWORD.toCharArray(), null)) {
            admin.setRoles(org.exoconsent.records.TestAccounts.NAME, java.util.EnumSet.allOf(
                    org.exoconsent.records.Role.class), org.exoconsent.records.TestAccounts.LICENCE);
            admin.addUser(org.exoconsent.records.TestAccounts.PHYSICIAN, java.util.EnumSet.of(
                    org.exoconsent.records.Role.PHYSICIAN), org.exoconsent.records.TestAccounts.LICENCE,
                    org.exoconsent.records.TestAccounts.PHYSICIAN_PASSWORD.toCharArray());
        }
        // only the owner registers a key (attack review of issue 17, F2)
        org.exoconsent.records.OwnerKeys.registerTestKey(db, keys1, clock);
        try (org.exoconsent.records.RecordStore store = signIn(tablet1, "tablet one pw", keys1, clock)) {
            record(store, "complete-ja");
        }

        // tablet 1's role, with nothing but its own password, changes its own defaults and password
        try (Connection t1 = connect(tablet1, "tablet one pw"); Statement st = t1.createStatement()) {
            st.execute("ALTER ROLE " + tablet1 + " SET default_transaction_read_only = on");
            st.execute("ALTER ROLE " + tablet1 + " SET search_path = pg_temp");
            st.execute("ALTER ROLE " + tablet1 + " PASSWORD 'tablet one changed'");
            SQLException groups = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> st.execute("ALTER ROLE " + group + " SET default_transaction_read_only = on"));
            assertEquals("42501", groups.getSQLState(), "as itself, a member may not change the group's defaults: "
                    + groups.getMessage());
            // as the group (SET ROLE), it may: PostgreSQL lets a role set its own defaults; they apply only to
            // sessions that sign in as the group, which cannot sign in (NOLOGIN)
            st.execute("SET ROLE " + group);
            st.execute("ALTER ROLE " + group + " SET default_transaction_read_only = on");
        }
        try (Connection t2 = connect(tablet2, "tablet two pw"); Statement st = t2.createStatement();
             ResultSet rs = st.executeQuery("SHOW default_transaction_read_only")) {
            rs.next();
            assertEquals("off", rs.getString(1), "the group's defaults reach no member's session");
        }
        try (Connection t1 = connect(tablet1, "tablet one changed"); Statement st = t1.createStatement();
             ResultSet rs = st.executeQuery("SHOW default_transaction_read_only")) {
            rs.next();
            assertEquals("on", rs.getString(1), "the role's own default is in force for a plain session");
        }

        // tablet 2 records on
        try (org.exoconsent.records.RecordStore store = signIn(tablet2, "tablet two pw", keys2, clock)) {
            record(store, "complete-en");
        }
        // tablet 1's next opening, with its new password: its read-only default and search path set aside
        try (org.exoconsent.records.RecordStore store = signIn(tablet1, "tablet one changed", keys1, clock)) {
            store.addUser("sato", java.util.EnumSet.of(org.exoconsent.records.Role.STAFF), null,
                    "staff password 22".toCharArray());
            org.exoconsent.records.RecordStore.Verification v = store.verify((done, total) -> { });
            assertEquals(java.util.List.of(), v.problems());
            assertEquals(2, v.records(), "both devices' consents");
        }
        // the old password of tablet 1 is refused: only tablet 1 lost it; tablet 2 still signs in
        org.exoconsent.records.StoreException old = org.junit.jupiter.api.Assertions.assertThrows(
                org.exoconsent.records.StoreException.class, () -> signIn(tablet1, "tablet one pw", keys1, clock));
        assertTrue(old.getMessage().contains("refused the role's sign-in"), old.getMessage());
        signIn(tablet2, "tablet two pw", keys2, clock).close();
    }

    private Connection connect(String role, String password) throws SQLException {
        return java.sql.DriverManager.getConnection(db.jdbcUrl(), role, password);
    }

    private org.exoconsent.records.RecordStore.Source source(String role, String password,
                                                             org.exoconsent.pdf.KeyFiles keys)
            throws org.exoconsent.records.StoreException {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(db.jdbcUrl());
        ds.setUser(role);
        ds.setPassword(password);
        return new org.exoconsent.records.RecordStore.Source(org.exoconsent.records.PostgresStores.open(ds,
                db.storeUrl(role)), db.storeUrl(role), keys);
    }

    private org.exoconsent.records.RecordStore signIn(String role, String password, org.exoconsent.pdf.KeyFiles keys,
                                                      java.time.Clock clock) throws Exception {
        return org.exoconsent.records.RecordStore.signIn(source(role, password, keys), clock,
                org.exoconsent.records.TestAccounts.NAME, org.exoconsent.records.TestAccounts.PASSWORD.toCharArray());
    }

    private static void record(org.exoconsent.records.RecordStore store, String example) throws Exception {
        org.exoconsent.records.TestAccounts.record(store, Examples.session(example), Examples.template(),
                Examples.key(), example);
    }
}
