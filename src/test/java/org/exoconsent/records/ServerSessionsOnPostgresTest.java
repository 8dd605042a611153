package org.exoconsent.records;

import static org.exoconsent.records.PostgresContract.chainedEntry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.PostgresServer;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack of finding F1 by F2's means (attack review of issue 17), on a real PostgreSQL server: with nothing but a
 * device's password (the clinic's application role, which every device keeps in its PGPASSFILE), a staff account
 * made administrator, or a treatment confirmed in a physician's name, with correctly chained audit entries that say
 * so, so that {@code records verify} found nothing. Since schema 19 the server decides: the role cannot read a password
 * hash, change an account, append an audit entry in a name it holds no session of, count wrong passwords down or read
 * a hash for a backup; a sign-in is checked by the server, which opens the session. Each try below is refused by the
 * database and nothing is stored; {@code records verify} then says 0 problems.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class ServerSessionsOnPostgresTest {
    /** SQLSTATE {@code insufficient_privilege}: a right the role lacks, or a trigger's refusal of V19. */
    private static final String REFUSED = "42501";

    @TempDir
    Path device;

    private final PostgresContract postgres = new PostgresContract();
    /** The server's clock is the authority (issue 17 §2). */
    private final Clock clock = Clock.systemUTC();
    /** The test's store ({@link #openStore}), its address as the devices' role, and this device's key files. */
    private ClinicDatabase db;
    private String place;
    private KeyFiles keys;

    /** Makes the test's store (the contract's database, migrated by its owner) and this device's key folder. */
    private void openStore() throws StoreException {
        db = postgres.database();
        place = db.storeUrl(db.app());
        keys = DataDirectory.keyFilesIn(device.resolve("keys"));
    }

    @Test
    void withOnlyADevicesPasswordNoAccountIsChangedNoEntryForgedAndNothingIsStored() throws Exception {
        openStore();
        aClinicsDay();
        List<String> before = snapshot(db);

        try (Connection app = db.appConnection()) {
            // the hashes are not readable: neither directly, nor through the backup's function without a session
            assertRefused(app, "SELECT password_hash FROM account");
            assertRefused(app, "SELECT exoconsent_password_hash('" + TestAccounts.NAME + "')");
            // the staff account made administrator, with the entry that would say so, correctly chained
            assertRefused(app, "UPDATE account SET roles = 'staff,manager,administrator' WHERE name = '"
                    + AccountsAgainstTrailTest.SATO + "'");
            String admin = TestAccounts.NAME + " [administrator,manager,physician,staff]";
            assertRefused(app, chainedEntry(app, admin, "user-roles-changed", AccountsAgainstTrailTest.SATO,
                    "{\"roles\":\"staff,manager,administrator\"}"));
            // a treatment confirmed in the physician's name; a first run's or a failed sign-in's actor
            assertRefused(app, chainedEntry(app, TestAccounts.PHYSICIAN + " [physician]", "treatment-confirmed",
                    "J-0001", "{}"));
            assertRefused(app, chainedEntry(app, "first-run", "user-added", "mallory", "{}"));
            // nor after every account row was rewritten in the same transaction, as if none existed before it
            app.setAutoCommit(false);
            try (Statement st = app.createStatement()) {
                st.executeUpdate("UPDATE account SET roles = roles, language = language");
            }
            assertRefused(app, chainedEntry(app, "first-run", "user-added", "mallory", "{}"));
            app.rollback();
            try (Statement st = app.createStatement()) {
                st.executeUpdate("UPDATE account SET roles = roles");
            }
            assertRefused(app, "INSERT INTO account (name, roles, password_hash, created_at) VALUES ('mallory', "
                    + "'administrator', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', '2026-12-02T00:00:00Z')");
            app.rollback();
            app.setAutoCommit(true);
            assertRefused(app, chainedEntry(app, "sign-in:mallory", "user-added", "mallory", "{}"));
            // an account added, a password or language set, the lock lifted, a session token guessed
            assertRefused(app, "INSERT INTO account (name, roles, password_hash, created_at) VALUES ('mallory', "
                    + "'administrator', '" + Passwords.hash("mallory's own password".toCharArray()) + "', "
                    + "'2026-12-02T00:00:00Z')");
            assertRefused(app, "UPDATE account SET password_hash = '" + Passwords.hash("mallory's own password"
                    .toCharArray()) + "' WHERE name = '" + TestAccounts.NAME + "'");
            assertRefused(app, "UPDATE account SET language = 'ja' WHERE name = '" + TestAccounts.NAME + "'");
            assertRefused(app, "UPDATE account SET failed_sign_ins = 4 WHERE name = '" + TestAccounts.NAME + "'");
            try (Statement st = app.createStatement()) {
                st.executeQuery("SELECT set_config('exoconsent.session', '" + "0".repeat(64) + "', false)").close();
            }
            assertRefused(app, chainedEntry(app, admin, "user-roles-changed", AccountsAgainstTrailTest.SATO,
                    "{\"roles\":\"staff,manager,administrator\"}"));
        }
        assertEquals(before, snapshot(db), "nothing stored: the accounts, the audit trail and its head as they were");
        try (RecordStore store = signIn(TestAccounts.NAME, TestAccounts.PASSWORD)) {
            assertEquals(List.of(), store.verify((done, total) -> { }).problems(), "records verify: 0 problems");
        }
    }

    @Test
    void theServerCountsWrongPasswordsLocksAtTheFifthAndTheRoleCannotLiftTheLock() throws Exception {
        openStore();
        aClinicsDay();

        try (Connection app = db.appConnection()) {
            String shape = shape(app, AccountsAgainstTrailTest.SATO);
            String right = Passwords.derivedHashPart(AccountsAgainstTrailTest.SATO_PASSWORD.toCharArray(), shape);
            assertNotNull(right);
            // the role reads the parameters and salt, never the hash: its hash part is masked
            assertTrue(shape.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]+\\$A{43}"), shape);
            for (int i = 1; i < Accounts.MAX_FAILURES; i++) {
                assertEquals("wrong false", signIn(app, AccountsAgainstTrailTest.SATO, "AAAA"), "attempt " + i);
            }
            String wrong = (right.charAt(0) == 'A' ? "B" : "A") + right.substring(1);
            assertEquals("wrong true", signIn(app, AccountsAgainstTrailTest.SATO, wrong),
                    "the fifth wrong password locks the account");
            assertEquals("locked false", signIn(app, AccountsAgainstTrailTest.SATO, right),
                    "the right password during the lock is checked and ignored");
            assertRefused(app, "UPDATE account SET failed_sign_ins = 0, locked_until = NULL WHERE name = '"
                    + AccountsAgainstTrailTest.SATO + "'");
            assertEquals("locked false", signIn(app, AccountsAgainstTrailTest.SATO, right), "still locked");
        }
        // through the product: the same one answer as every refused sign-in, and the lock stands
        assertThrows(SignInRefusedException.class, () -> signIn(AccountsAgainstTrailTest.SATO,
                AccountsAgainstTrailTest.SATO_PASSWORD));
        // an administrator's new password lifts it (the one change of the count a session may make: to none)
        try (RecordStore admin = signIn(TestAccounts.NAME, TestAccounts.PASSWORD)) {
            admin.setPassword(AccountsAgainstTrailTest.SATO, "a new password 1".toCharArray());
        }
        signIn(AccountsAgainstTrailTest.SATO, "a new password 1").close();
    }

    /**
     * The attack review of schema 19: a device's role rolled its attempts' count back (a transaction, a savepoint) and
     * guessed without limit; a REPEATABLE READ transaction begun before the first administrator was made still saw no
     * account and added one; a staff session wrote entries as an administrator. Each refused now, nothing stored.
     */
    @Test
    void theCountOfAnAttemptCannotBeRolledBackOrReadAndAStaleOrBorrowedViewChangesNothing() throws Exception {
        openStore();
        try (Connection early = db.appConnection()) {
            // begun before the first run: its snapshot holds no account
            early.setAutoCommit(false);
            try (Statement st = early.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                st.executeQuery("SELECT count(*) FROM account").close();
            }
            aClinicsDay();
            List<String> before = snapshot(db);
            assertRefused(early, "INSERT INTO account (name, roles, password_hash, created_at) VALUES ('mallory', "
                    + "'administrator', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', '2026-12-02T00:00:00Z')");
            early.rollback();
            assertEquals(before, snapshot(db), "nothing stored");
        }
        String sato = AccountsAgainstTrailTest.SATO;
        try (Connection app = db.appConnection()) {
            String right = Passwords.derivedHashPart(AccountsAgainstTrailTest.SATO_PASSWORD.toCharArray(),
                    shape(app, sato));
            int count = failures(app, sato);
            // an attempt's answer is never given in the transaction that counted it, nor after it was rolled back
            app.setAutoCommit(false);
            String inside = attempt(app, sato, "AAAA");
            assertEquals(count + 1, failures(app, sato), "a wrong password counted");
            assertRefused(app, "SELECT * FROM exoconsent_sign_in_outcome('" + inside + "')");
            app.rollback();
            attempt(app, sato, right);
            assertEquals(count + 1, failures(app, sato), "a right password counted alike: the count tells nothing");
            app.rollback();
            try (Statement st = app.createStatement()) {
                st.execute("SAVEPOINT guess");
            }
            String saved = attempt(app, sato, "AAAA");
            try (Statement st = app.createStatement()) {
                st.execute("ROLLBACK TO SAVEPOINT guess");
            }
            app.commit();
            app.setAutoCommit(true);
            assertRefused(app, "SELECT * FROM exoconsent_sign_in_outcome('" + inside + "')");
            assertRefused(app, "SELECT * FROM exoconsent_sign_in_outcome('" + saved + "')");
            assertEquals(count, failures(app, sato), "the rolled-back counts are gone, and so are their answers");
            // committed: answered once
            String counted = attempt(app, sato, right);
            String[] answer = outcome(app, counted);
            assertEquals("signed-in", answer[0]);
            assertRefused(app, "SELECT * FROM exoconsent_sign_in_outcome('" + counted + "')");
            // sato's own session (staff, manager) writes no entry as an administrator, nor in REPEATABLE READ
            PostgresContract.holding(app, answer[2]);
            assertRefused(app, chainedEntry(app, sato + " [administrator,manager,staff]", "user-roles-changed",
                    sato, "{}"));
            app.setAutoCommit(false);
            try (Statement st = app.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            }
            assertRefused(app, chainedEntry(app, sato + " [manager,staff]", "records-listed", "all", "{}"));
            app.rollback();
            app.setAutoCommit(true);
            // an attempt with the password of before, answered after an administrator set a new one, signs nothing in
            String old = attempt(app, sato, right);
            try (RecordStore admin = signIn(TestAccounts.NAME, TestAccounts.PASSWORD)) {
                admin.setPassword(sato, "sato's new password 9".toCharArray());
            }
            assertRefused(app, "SELECT * FROM exoconsent_sign_in_outcome('" + old + "')");
            assertTrue(!sessions(db).contains(sato), "the new password ended sato's session: " + sessions(db));
            answer = outcome(app, attempt(app, sato, Passwords.derivedHashPart("sato's new password 9".toCharArray(),
                    shape(app, sato))));
            assertEquals("signed-in", answer[0]);
            PostgresContract.holding(app, answer[2]);
            // disabled by an administrator: the session ends at once
            try (RecordStore admin = signIn(TestAccounts.NAME, TestAccounts.PASSWORD)) {
                admin.setActive(sato, false);
            }
            assertTrue(!sessions(db).contains(sato), sessions(db).toString());
            assertRefused(app, chainedEntry(app, sato + " [manager,staff]", "records-listed", "all", "{}"));
        }
    }

    @Test
    void aSignInOpensOneSessionThatLaterOpeningsHoldUntilTheSignOutAndARefusedOneNone() throws Exception {
        openStore();
        aClinicsDay();
        List<String> sessions = sessions(db);
        assertThrows(SignInRefusedException.class, () -> signIn(TestAccounts.PHYSICIAN,
                "not my password"));
        assertEquals(sessions, sessions(db), "a refused sign-in opens no session");
        Principal who;
        try (RecordStore admin = signIn(TestAccounts.NAME, TestAccounts.PASSWORD)) {
            List<String> now = sessions(db);
            assertEquals(sessions.size() + 1, now.size());
            assertTrue(now.contains(TestAccounts.NAME), now.toString());
            // the opening's writes hold it: an account changed and audited in the administrator's name
            admin.setLanguage(AccountsAgainstTrailTest.SATO, "ja");
            who = admin.principal();
        }
        // a later opening as the person signed in (the app's, for each of its calls) holds the same session
        try (RecordStore again = RecordStore.open(new RecordStore.Source(postgres.open(), place, keys), clock, who,
                "test")) {
            again.setLanguage(AccountsAgainstTrailTest.SATO, "en");
        }
        // signed out: the session ends, and what it would write in that name is refused, nothing stored
        RecordStore.signOut(new RecordStore.Source(postgres.open(), place, keys), who);
        assertEquals(sessions, sessions(db), "the administrator's session ended");
        List<String> before = snapshot(db);
        try (RecordStore stale = RecordStore.open(new RecordStore.Source(postgres.open(), place, keys), clock, who,
                "test")) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> stale.setLanguage(AccountsAgainstTrailTest.SATO, "ja"));
            // the account's trigger names the account, not the session: the server's reason, then what to do
            assertTrue(e.getMessage().contains("the server refused this change (account sato: only an "
                    + "administrator's or its own session changes its password or language); nothing of it was "
                    + "stored. If your sign-in has ended (a sign-in lasts 12 hours and ends when you sign out), sign "
                    + "in again"), e.getMessage());
            // a table whose trigger checks the session itself says plainly that the sign-in ended
            e = assertThrows(AccessDeniedException.class, () -> stale.setStaffPin("8642"));
            assertTrue(e.getMessage().endsWith("the server no longer holds your sign-in (a sign-in lasts 12 hours and "
                    + "ends when you sign out); nothing of this change was stored: sign in again"), e.getMessage());
        }
        assertEquals(before, snapshot(db), "nothing stored after the sign-out");
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM exoconsent_session WHERE expires_at > now() + "
                     + "interval '11 hours 59 minutes' AND expires_at <= now() + interval '12 hours'")) {
            rs.next();
            assertTrue(rs.getInt(1) >= 1, "a session lasts 12 hours from its sign-in");
        }
    }

    /**
     * The idle lock's unlock and patient mode's staff password check the password as a sign-in does, for a person who
     * stays signed in: each opened a second session that nothing held, left for the server's 12 hours. Now the
     * check's session ends at once and the person goes on with theirs.
     */
    @Test
    void aPasswordCheckedAgainToUnlockLeavesNoSecondSessionAndThePersonGoesOnWithTheirs() throws Exception {
        openStore();
        aClinicsDay();
        List<String> sessions = sessions(db);
        PostgresLocation location = PostgresLocation.parse(place, "test",
                DeviceSettings.none(device.resolve("no-settings.properties")));
        org.exoconsent.usecases.StoreOpenings store = org.exoconsent.usecases.StoreOpenings.of(location, clock,
                java.util.Map.of("PGPASSWORD", db.appPassword(), "PGPASSFILE", device.resolve("none").toString()),
                device.resolve("keys"));
        org.exoconsent.usecases.SignIn signIn = new org.exoconsent.usecases.SignIn(store);
        Principal who = signIn.signIn(TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), "app: sign in");
        List<String> signedIn = new ArrayList<>(sessions);
        signedIn.add(TestAccounts.NAME);
        signedIn.sort(null);
        assertEquals(signedIn, sessions(db));
        signIn.checkPassword(TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), "app: unlock the screen");
        signIn.checkPassword(TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), "app: unlock patient mode");
        assertEquals(signedIn, sessions(db), "no second session is left by the unlocks");
        assertThrows(SignInRefusedException.class, () -> signIn.checkPassword(TestAccounts.NAME,
                "not my password".toCharArray(), "app: unlock the screen"));
        try (RecordStore again = RecordStore.open(new RecordStore.Source(postgres.open(), place, keys), clock, who,
                "test")) {
            again.setLanguage(AccountsAgainstTrailTest.SATO, "ja"); // the person's own session still writes
        }
        store.signOut(who);
        assertEquals(sessions, sessions(db));
    }

    @Test
    void anAccountOfTheReleaseBeforeSignsInAfterTheUpgradeAndItsHashIsThenHidden() throws Exception {
        ClinicDatabase db = PostgresServer.get().newClinicDatabase();
        org.flywaydb.core.Flyway.configure().dataSource(db.ownerDataSource()).locations(PostgresSchema.MIGRATIONS)
                .table(PostgresSchema.HISTORY_TABLE).target("18").load().migrate(); // as the release before left it
        String hash = Passwords.hash(TestAccounts.PASSWORD.toCharArray());
        try (Connection owner = db.ownerConnection();
             PreparedStatement ps = owner.prepareStatement("INSERT INTO account (name, roles, password_hash, "
                     + "created_at) VALUES (?, 'administrator', ?, '2026-11-01T00:00:00Z')")) {
            ps.setString(1, TestAccounts.NAME);
            ps.setString(2, hash);
            ps.executeUpdate();
            // its clinic, as every store of the release before has one (seeded at its first opening)
            owner.createStatement().executeUpdate("INSERT INTO clinic (id, name, address, phone, "
                    + "blood_donation_policy) VALUES (1, 'テストクリニック', '東京都', '03-0000-0000', '献血はできません。')");
        }
        assertEquals(new PostgresSchema.Migration(18, PostgresSchema.LATEST), PostgresSchema.migrate(db.ownerDataSource(), db.app()));
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(device.resolve("keys"));
        try (RecordStore admin = RecordStore.signIn(new RecordStore.Source(PostgresStores.open(db.appDataSource(),
                place), place, keys), Clock.systemUTC(), TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray())) {
            assertEquals(TestAccounts.NAME, admin.principal().name());
        }
        try (Connection app = db.appConnection()) {
            assertRefused(app, "SELECT password_hash FROM account");
        }
    }

    /** {@link AccountsAgainstTrailTest#aClinicsDay} on the test's store: accounts made, changed, locked and set again. */
    private void aClinicsDay() throws Exception {
        AccountsAgainstTrailTest.aClinicsDay(postgres::open, place, keys, clock);
    }

    /** Signs in through the product, as the app and the command line do. */
    private RecordStore signIn(String name, String password) throws StoreException {
        return RecordStore.signIn(new RecordStore.Source(postgres.open(), place, keys), clock, name,
                password.toCharArray());
    }

    /** The server's sign-in called as the role could call it, each call committed: "OUTCOME LOCKS". */
    private static String signIn(Connection app, String name, String derived) throws SQLException {
        String[] outcome = outcome(app, attempt(app, name, derived));
        if (!"signed-in".equals(outcome[0])) {
            assertNull(outcome[2], "no session");
        }
        return outcome[0] + " " + outcome[1];
    }

    /** The sign-in's first call: the attempt counted, its id. */
    private static String attempt(Connection app, String name, String derived) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement("SELECT exoconsent_sign_in(?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, derived);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The sign-in's second call: outcome, locks, token. */
    private static String[] outcome(Connection app, String attempt) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement("SELECT outcome, locks, token FROM "
                + "exoconsent_sign_in_outcome(?)")) {
            ps.setString(1, attempt);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new String[] {rs.getString(1), String.valueOf(rs.getBoolean(2)), rs.getString(3)};
            }
        }
    }

    private static int failures(Connection app, String name) throws SQLException {
        try (Statement st = app.createStatement();
             ResultSet rs = st.executeQuery("SELECT failed_sign_ins FROM account WHERE name = '" + name + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String shape(Connection app, String name) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement("SELECT exoconsent_password_shape(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void assertRefused(Connection app, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Statement st = app.createStatement()) {
                st.execute(sql);
            }
        }, sql);
        assertEquals(REFUSED, e.getSQLState(), sql + ": " + e.getMessage());
    }

    /** The accounts (every column), the audit trail's entries and its head row, read by the owner. */
    private static List<String> snapshot(ClinicDatabase db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
            for (String sql : List.of("SELECT * FROM account ORDER BY name", "SELECT * FROM audit ORDER BY seq",
                    "SELECT * FROM audit_head")) {
                try (ResultSet rs = st.executeQuery(sql)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder b = new StringBuilder();
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

    /** The accounts of the live sessions, read by the owner. */
    private static List<String> sessions(ClinicDatabase db) throws SQLException {
        return db.liveSessions();
    }
}
