package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code records verify} holds every account and the clinic's settings against what the audit trail says of them
 * (attack review of issue 17, F1 and F8), on any vendor's store: a clinic's ordinary day — people added, roles
 * changed, a person disabled and enabled again, a staff language set, wrong passwords, a lock-out lifted by a new
 * password, settings changed — verifies with no problem; then rows changed behind the product's back with plain SQL
 * (as {@code sqlite3} on a data directory, or the application role's password on the shared store, allows) are each
 * named: a person given the administrator role, an account inserted with a copy of the administrator's password hash,
 * a password hash replaced, a licence changed, an account disabled, a setting changed, the staff PIN removed (and on
 * SQLite, whose {@code sqlite3} does not enforce foreign keys, the active template version pointed elsewhere). This class runs it on SQLite, through the
 * database file with the SQLite JDBC driver; {@link AccountsAgainstTrailOnPostgresTest} on a real PostgreSQL server as
 * the application role.
 */
class AccountsAgainstTrailTest {
    static final String SATO = "sato";
    static final String SATO_PASSWORD = "staff password 22";
    static final String YAMADA_NEW_PASSWORD = "a new password 333";

    @TempDir
    Path tmp;

    /** Runs one SQL statement on the store's database behind the product's back. */
    @FunctionalInterface
    interface BehindTheBack {
        void run(String sql) throws Exception;
    }

    /**
     * The clinic's day on the store {@code opening} opens (a new opening each time, as another device would), then
     * {@code records verify}: no problem, and no account whose password cannot be checked.
     */
    static void aClinicsDay(RecordStoreOnStoresTest.Opening opening, String place, KeyFiles keys, Clock clock)
            throws Exception {
        try (RecordStore admin = RecordStore.createFirstAdministrator(new RecordStore.Source(opening.open(), place,
                keys), clock, TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), null)) {
            admin.addUser(TestAccounts.PHYSICIAN, EnumSet.of(Role.PHYSICIAN), TestAccounts.LICENCE,
                    TestAccounts.PHYSICIAN_PASSWORD.toCharArray());
            admin.addUser(SATO, EnumSet.of(Role.STAFF), null, SATO_PASSWORD.toCharArray(), "ja");
            admin.setRoles(SATO, EnumSet.of(Role.STAFF, Role.MANAGER), null);
            admin.setActive(SATO, false);
            admin.setActive(SATO, true);
            admin.setLanguage(SATO, "en");
            admin.setSetting(Settings.Key.IDLE_LOCK_MINUTES, 15);
            admin.setTimeZone(ZoneId.of("Asia/Tokyo"));
            admin.setStaffPin("4321");
            assertFalse(admin.templates().isEmpty(), "the bundled template version is added and made active");
        }
        // the physician mistypes five times: locked (sign-in writes the count and the lock, audited as failures)
        for (int i = 0; i < Accounts.MAX_FAILURES; i++) {
            assertThrows(SignInRefusedException.class, () -> RecordStore.signIn(new RecordStore.Source(
                    opening.open(), place, keys), clock, TestAccounts.PHYSICIAN, "not my password".toCharArray()));
        }
        // staff mistypes once, then signs in (the count cleared without an entry)
        assertThrows(SignInRefusedException.class, () -> RecordStore.signIn(new RecordStore.Source(opening.open(),
                place, keys), clock, SATO, "not my password".toCharArray()));
        RecordStore.signIn(new RecordStore.Source(opening.open(), place, keys), clock, SATO,
                SATO_PASSWORD.toCharArray()).close();
        try (RecordStore admin = signIn(opening, place, keys, clock)) {
            admin.setPassword(TestAccounts.PHYSICIAN, YAMADA_NEW_PASSWORD.toCharArray()); // lifts the lock
        }
        RecordStore.signIn(new RecordStore.Source(opening.open(), place, keys), clock, TestAccounts.PHYSICIAN,
                YAMADA_NEW_PASSWORD.toCharArray()).close();

        List<String> added = new java.util.ArrayList<>();
        List<String> passwords = new java.util.ArrayList<>();
        List<String> pins = new java.util.ArrayList<>();
        try (Stores stores = opening.open()) {
            stores.auditTrail().each(e -> {
                (e.action().equals("user-added") ? added : e.action().equals("user-password-set") ? passwords
                        : e.subject().equals("staff-pin") ? pins
                        : new java.util.ArrayList<String>()).add(e.action() + " " + e.subject() + " " + e.details());
                return true;
            });
        }
        try (RecordStore admin = signIn(opening, place, keys, clock)) {
            assertEquals(3, added.size(), added.toString());
            assertEquals(1, passwords.size(), passwords.toString());
            assertTrue(pins.size() == 1 && pins.get(0).matches("(?s).*\"pinHashSha256\":\"[0-9a-f]{64}\".*"),
                    "the PIN's entry carries its hash's digest: " + pins);
            for (String e : concat(added, passwords)) {
                assertTrue(e.matches("(?s).*\"passwordHashSha256\":\"[0-9a-f]{64}\".*"), "the entry carries the new "
                        + "hash's digest: " + e);
                assertFalse(e.contains("$argon2id$"), "never the hash itself: " + e);
            }
            RecordStore.Verification v = admin.verify((done, total) -> { });
            assertEquals(List.of(), v.problems(), "an ordinary day verifies clean");
            assertTrue(v.notes().stream().noneMatch(n -> n.contains("password")), "every password is checked: "
                    + v.notes());
        }
    }

    /**
     * After {@link #aClinicsDay}: the accounts and a setting changed with plain SQL, and {@code records verify} names
     * each change, failing.
     */
    static void changesBehindTheProductsBackAreNamed(RecordStoreOnStoresTest.Opening opening, String place,
                                                     KeyFiles keys, Clock clock, BehindTheBack sql) throws Exception {
        sql.run("UPDATE account SET roles = 'staff,administrator' WHERE name = 'sato'");
        sql.run("INSERT INTO account (name, roles, password_hash, created_at) SELECT 'mallory', 'administrator', "
                + "password_hash, created_at FROM account WHERE name = 'tester'");
        sql.run("UPDATE account SET password_hash = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
                + "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g' WHERE name = 'yamada'");
        sql.run("UPDATE account SET physician_licence = '999999' WHERE name = 'yamada'");
        sql.run("UPDATE setting SET value = '240' WHERE key = 'idle-lock-minutes'");

        try (RecordStore admin = signIn(opening, place, keys, clock)) {
            RecordStore.Verification v = admin.verify((done, total) -> { });
            assertFalse(v.ok(), "verify fails");
            List<String> p = v.problems();
            assertHas(p, "account sato: holds the roles staff,administrator, but the audit trail gave it "
                    + "staff,manager (entry ");
            assertHas(p, "account mallory (administrator): the audit trail never added it (no 'user-added' entry): "
                    + "it was put into the database outside the product");
            assertHas(p, "account tester: holds the same password hash as account mallory");
            assertHas(p, "account yamada: its password hash is not the one the audit trail recorded (entry ");
            assertHas(p, "account yamada: holds the physician licence 999999, but the audit trail gave it 123456");
            assertHas(p, "setting idle-lock-minutes: is '240', but the audit trail last set it to '15' (entry ");
            assertEquals(6, p.size(), "nothing else: " + p);
        }
        // the staff PIN replaced by one of the intruder's own (a well-made hash of 0000): patient mode unlocked
        sql.run("UPDATE setting SET value = '" + StaffPin.hash("0000") + "' WHERE key = 'staff-pin'");
        try (RecordStore admin = signIn(opening, place, keys, clock)) {
            List<String> p = admin.verify((done, total) -> { }).problems();
            assertHas(p, "setting staff-pin: the stored staff PIN is not the one the audit trail set (entry ");
            assertEquals(7, p.size(), "the six above and the PIN: " + p);
        }
        // disabled behind the back, and the staff PIN removed
        sql.run("UPDATE account SET active = 0 WHERE name = 'sato'");
        sql.run("DELETE FROM setting WHERE key = 'staff-pin'");
        try (RecordStore admin = signIn(opening, place, keys, clock)) {
            List<String> p = admin.verify((done, total) -> { }).problems();
            assertHas(p, "account sato: is disabled, but the audit trail enabled it (entry ");
            assertHas(p, "setting staff-pin: a staff PIN is not set, but the audit trail last set one (entry ");
        }
        // who made the template version active, and when, rewritten (attack review of 2026-12-01, finding 9)
        sql.run("UPDATE template_active SET activated_by = 'sato [staff]' WHERE template_id = 'exosome-therapy'");
        sql.run("UPDATE template_active SET activated_at = '2020-01-01T00:00:00Z' WHERE template_id = "
                + "'exosome-therapy'");
        try (RecordStore admin = signIn(opening, place, keys, clock)) {
            List<String> p = admin.verify((done, total) -> { }).problems();
            assertHas(p, "template exosome-therapy: the active version ");
            assertTrue(p.stream().anyMatch(s -> s.contains("is stored as made active by 'sato [staff]', but the audit "
                    + "trail's entry ") && s.contains("who made it active was changed outside the product")), "" + p);
            assertTrue(p.stream().anyMatch(s -> s.contains("is stored as made active at '2020-01-01T00:00:00Z', but the "
                    + "audit trail's entry ")), "" + p);
        }
    }

    private static RecordStore signIn(RecordStoreOnStoresTest.Opening opening, String place, KeyFiles keys,
                                      Clock clock) throws Exception {
        return RecordStore.signIn(new RecordStore.Source(opening.open(), place, keys), clock, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray());
    }

    private static void assertHas(List<String> problems, String start) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(start)), "a problem starting '" + start + "' in "
                + problems);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void onSqliteAClinicsDayVerifiesCleanAndEachChangeMadeWithSqliteIsNamed() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        Files.createDirectories(dir.root());
        KeyFiles keys = DataDirectory.keyFilesIn(tmp.resolve("device").resolve("keys"));
        RecordStoreOnStoresTest.Opening opening = () -> SqliteStores.open(dir);

        aClinicsDay(opening, dir.root().toString(), keys, Examples.CLOCK);
        BehindTheBack sqlite3 = sql -> {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database());
                 Statement st = c.createStatement()) {
                st.executeUpdate(sql);
            }
        };
        changesBehindTheProductsBackAreNamed(opening, dir.root().toString(), keys, Examples.CLOCK, sqlite3);

        String active;
        try (Stores stores = opening.open()) {
            active = stores.templateVersions().active("exosome-therapy").version();
        }
        sqlite3.run("UPDATE template_active SET version = '0.9.0' WHERE template_id = 'exosome-therapy'");
        try (RecordStore admin = signIn(opening, dir.root().toString(), keys, Examples.CLOCK)) {
            assertHas(admin.verify((done, total) -> { }).problems(), "template exosome-therapy: new consultations "
                    + "use no version, but the audit trail last made version " + active + " active (entry ");
        }
    }
}
