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
import java.util.List;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values of the account and setting rows that the product cannot read, written behind its back (attack review of
 * issue 17): read defensively on either store, named as damage with their repair, never thrown. The same checks run
 * on the real PostgreSQL server in {@link DamagedRowsOnPostgresTest}.
 */
class DamagedRowsTest {
    @TempDir
    Path tmp;

    /**
     * After {@link AccountsAgainstTrailTest#aClinicsDay}: {@code locked_until} and two number settings made unreadable
     * with SQL; that account only is locked, the settings refused where needed, {@code records verify} names each, and
     * the administrator's repairs ({@code setPassword}, {@code setSetting}) leave a store that verifies clean.
     */
    static void malformedValuesAreNamedAndRepaired(RecordStoreOnStoresTest.Opening opening, String place,
                                                   KeyFiles keys, Clock clock,
                                                   AccountsAgainstTrailTest.BehindTheBack sql) throws Exception {
        sql.run("UPDATE account SET locked_until = 'garbage' WHERE name = 'yamada'");
        sql.run("UPDATE setting SET value = 'abc' WHERE key = 'idle-lock-minutes'");
        sql.run("INSERT INTO setting (key, value) VALUES ('reflection-minutes', '-5')");

        // the right password, yet refused as a locked account is (never a DateTimeParseException)
        assertThrows(SignInRefusedException.class, () -> RecordStore.signIn(new RecordStore.Source(opening.open(),
                place, keys), clock, TestAccounts.PHYSICIAN,
                AccountsAgainstTrailTest.YAMADA_NEW_PASSWORD.toCharArray()));
        RecordStore.signIn(new RecordStore.Source(opening.open(), place, keys), clock, AccountsAgainstTrailTest.SATO,
                AccountsAgainstTrailTest.SATO_PASSWORD.toCharArray()).close(); // another account: as before

        try (RecordStore admin = signIn(opening, place, keys, clock)) {
            Accounts.Account yamada = admin.users().stream().filter(a -> a.name().equals("yamada")).findFirst()
                    .orElseThrow();
            assertEquals(Accounts.DAMAGED_LOCK, yamada.lockedUntil());
            assertEquals("account yamada: the database's account row 'yamada' was changed outside the product: the "
                    + "column locked_until holds 'garbage', not an instant (the account is locked); an administrator "
                    + "repairs it: exoconsent users set-password --name yamada", yamada.damage());

            Settings s = admin.settings();
            assertEquals(7, s.get(Settings.Key.BACKUP_REMINDER_DAYS), "an intact setting reads as before");
            Settings.DamagedSettingException idle = assertThrows(Settings.DamagedSettingException.class,
                    () -> s.get(Settings.Key.IDLE_LOCK_MINUTES));
            assertEquals("setting idle-lock-minutes: the database's setting row 'idle-lock-minutes' holds 'abc' in its "
                    + "value column, not a whole number of minutes from 1 to 240: it was changed outside the product; "
                    + "an administrator sets it again: exoconsent settings set idle-lock-minutes 10", idle.getMessage());
            DamagedStoreException reflection = assertThrows(DamagedStoreException.class,
                    () -> s.intact(Settings.Key.REFLECTION_MINUTES));
            assertTrue(reflection.getMessage().startsWith("setting reflection-minutes: the database's setting row "
                    + "'reflection-minutes' holds '-5' in its value column, not a whole number of minutes from 0 to "
                    + "43200"), reflection.getMessage());

            List<String> p = admin.verify((done, total) -> { }).problems();
            assertTrue(p.contains(yamada.damage()), p.toString());
            assertTrue(p.contains(idle.getMessage()), p.toString());
            assertTrue(p.contains(reflection.getMessage()), p.toString());

            admin.setPassword("yamada", "repaired password 4444".toCharArray());
            admin.setSetting(Settings.Key.IDLE_LOCK_MINUTES, 15);
            admin.setSetting(Settings.Key.REFLECTION_MINUTES, 0);
        }
        RecordStore.signIn(new RecordStore.Source(opening.open(), place, keys), clock, TestAccounts.PHYSICIAN,
                "repaired password 4444".toCharArray()).close();
        try (RecordStore admin = signIn(opening, place, keys, clock)) {
            assertEquals(15, admin.settings().get(Settings.Key.IDLE_LOCK_MINUTES));
            assertEquals(0, admin.settings().get(Settings.Key.REFLECTION_MINUTES));
            List<String> p = admin.verify((done, total) -> { }).problems();
            assertEquals(List.of(), p, "repaired through the product: verifies clean");
        }
    }

    /** A password hash in PHC form asking for 4 GiB of memory (4194304 KiB), as one written with SQL could. */
    static final String GREEDY_HASH = "$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA"
            + "$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";

    /**
     * After {@link AccountsAgainstTrailTest#aClinicsDay}: yamada's {@code password_hash} replaced with SQL by one
     * asking for 4 GiB ({@link #GREEDY_HASH}): the right password is refused at once, with no Argon2id derivation
     * (no denial of service), and the audit trail names the damage; another account signs in; {@code records
     * verify} names the row; {@code setPassword} repairs it.
     */
    static void aHashBeyondTheCeilingIsNamedAndRepaired(RecordStoreOnStoresTest.Opening opening, String place,
                                                        KeyFiles keys, Clock clock,
                                                        AccountsAgainstTrailTest.BehindTheBack sql) throws Exception {
        sql.run("UPDATE account SET password_hash = '" + GREEDY_HASH + "' WHERE name = 'yamada'");
        String damage = "account yamada: the database's account row 'yamada' was changed outside the product: the "
                + "column password_hash holds a hash whose parameters '$argon2id$v=19$m=4194304,t=1,p=1' ask for "
                + "more than 65536 KiB of memory, 3 passes or 4 lanes (the account is locked; no password is checked "
                + "against it); an administrator repairs it: exoconsent users set-password --name yamada";

        long derivations = Passwords.derivations();
        long started = System.nanoTime();
        SignInRefusedException refused = assertThrows(SignInRefusedException.class, () -> RecordStore.signIn(
                new RecordStore.Source(opening.open(), place, keys), clock, TestAccounts.PHYSICIAN,
                AccountsAgainstTrailTest.YAMADA_NEW_PASSWORD.toCharArray()));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(0, Passwords.derivations() - derivations, "nothing derived from the stored hash's parameters");
        assertTrue(millis < 5_000, "refused at once, not after minutes: " + millis + " ms");
        assertEquals("yamada: wrong user name or password, or the account is locked or disabled (after 5 wrong "
                + "passwords in a row an account waits 15 minutes; an administrator can set a new password)",
                refused.getMessage(), "the one answer of every refused sign-in: the trail, not the keyboard, says why");
        // another account signs in as before; sato (a manager) reads the trail, which names the damage
        try (RecordStore sato = RecordStore.signIn(new RecordStore.Source(opening.open(), place, keys), clock,
                AccountsAgainstTrailTest.SATO, AccountsAgainstTrailTest.SATO_PASSWORD.toCharArray())) {
            List<AuditTrail.Entry> failed = sato.auditTrail(new AuditTrail.Filter(null, null, "sign-in-failed",
                    "yamada", null), 1).entries();
            assertTrue(failed.get(0).details().contains("locked") && failed.get(0).details().contains(
                    "m=4194304"), "the trail names the damage: " + failed.get(0).details());
        }

        try (RecordStore admin = signIn(opening, place, keys, clock)) {
            Accounts.Account yamada = admin.users().stream().filter(a -> a.name().equals("yamada")).findFirst()
                    .orElseThrow();
            assertEquals(Accounts.DAMAGED_LOCK, yamada.lockedUntil());
            assertEquals(damage, yamada.damage());
            List<String> p = admin.verify((done, total) -> { }).problems();
            assertTrue(p.contains(damage), p.toString());
            admin.setPassword("yamada", "repaired password 4444".toCharArray());
        }
        RecordStore.signIn(new RecordStore.Source(opening.open(), place, keys), clock, TestAccounts.PHYSICIAN,
                "repaired password 4444".toCharArray()).close();
        try (RecordStore admin = signIn(opening, place, keys, clock)) {
            List<String> p = admin.verify((done, total) -> { }).problems();
            assertEquals(List.of(), p, "repaired through the product: verifies clean");
        }
    }

    @Test
    void onSqliteAHashAskingForGigabytesLocksThatAccountOnlyWithoutDerivingAndIsRepaired() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        Files.createDirectories(dir.root());
        KeyFiles keys = DataDirectory.keyFilesIn(tmp.resolve("device").resolve("keys"));
        RecordStoreOnStoresTest.Opening opening = () -> SqliteStores.open(dir);
        AccountsAgainstTrailTest.aClinicsDay(opening, dir.root().toString(), keys, Examples.CLOCK);
        aHashBeyondTheCeilingIsNamedAndRepaired(opening, dir.root().toString(), keys, Examples.CLOCK, sql -> {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database());
                 Statement st = c.createStatement()) {
                st.executeUpdate(sql);
            }
        });
    }

    @Test
    void theProductsOwnAndEveryEarlierReleasesHashesCanBeCheckedAndNothingElseCan() throws Exception {
        // 19 MiB, 2 passes, 1 lane, a 16-byte salt and a 32-byte hash: today's and that of every release
        assertEquals(null, Passwords.unusable(Passwords.hash("a good password 1".toCharArray())));
        assertEquals(null, Passwords.unusable(Passwords.DECOY));
        int read = 0;
        for (String release : new String[] {"1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.6.0"}) {
            Path db = Path.of("src/test/resources/fixtures/datadir-" + release, "exoconsent.db");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db.toAbsolutePath() + "?mode=ro");
                 Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT name, password_hash FROM account")) {
                while (rs.next()) {
                    assertEquals(null, Passwords.unusable(rs.getString(2)), release + " " + rs.getString(1));
                    read++;
                }
            }
        }
        assertEquals(28, read, "every account of the seven releases' data directories (three or four each)");
        String salt = "c2FsdHNhbHRzYWx0c2FsdA"; // 16 bytes
        String hash = "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"; // 32 bytes
        assertEquals(null, Passwords.unusable("$argon2id$v=19$m=65536,t=3,p=4$" + salt + "$" + hash),
                "RFC 9106's second setting: the ceiling");
        for (String over : new String[] {"m=65537,t=2,p=1", "m=19456,t=4,p=1", "m=19456,t=2,p=5",
                "m=99999999999999999999,t=2,p=1"}) {
            String h = "$argon2id$v=19$" + over + "$" + salt + "$" + hash;
            assertTrue(Passwords.beyondCeiling(h) != null, over);
            assertTrue(Passwords.unusable(h).contains("ask for more than 65536 KiB of memory, 3 passes or 4 lanes"),
                    over);
            assertFalse(Passwords.matches("x".toCharArray(), h), over);
        }
        // written outside the product, within the ceiling (attack review of 2026-12-01): read as a wrong password
        // until now; now each says what is wrong and matches nothing, with nothing derived
        java.util.Map<String, String> malformed = new java.util.LinkedHashMap<>();
        malformed.put("$argon2id$v=19$m=0,t=2,p=1$" + salt + "$" + hash, "parameters 'm=0,t=2,p=1' are not ones "
                + "Argon2id allows (at least 1 pass, 1 lane and 8 KiB per lane)");
        malformed.put("$argon2id$v=19$m=19456,t=0,p=1$" + salt + "$" + hash, "parameters 'm=19456,t=0,p=1' are not");
        malformed.put("$argon2id$v=19$m=19456,t=2,p=1$" + hash, "text is not an Argon2id hash as the product writes "
                + "one ('$argon2id$v=19$m=…,t=…,p=…$SALT$HASH')");
        malformed.put("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$" + hash, "salt is shorter than 8 bytes");
        malformed.put("$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$aGFzaA", "hash is not 32 bytes long");
        malformed.put("$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + hash + "x", "hash is not 32 bytes long");
        malformed.put("$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$a", "salt or hash is not Base64");
        malformed.put("$argon2id$garbage", "text is not an Argon2id hash");
        long derivations = Passwords.derivations();
        for (var m : malformed.entrySet()) {
            String why = Passwords.unusable(m.getKey());
            assertTrue(why != null && why.startsWith("its " + m.getValue()), m.getKey() + " → " + why);
            assertFalse(why.contains(hash) || why.contains(salt), "never the salt or the hash: " + why);
            assertFalse(Passwords.matches("a good password 1".toCharArray(), m.getKey()), m.getKey());
        }
        assertEquals(0, Passwords.derivations() - derivations, "nothing derived from a hash that cannot be checked");
    }

    private static RecordStore signIn(RecordStoreOnStoresTest.Opening opening, String place, KeyFiles keys,
                                      Clock clock) throws Exception {
        return RecordStore.signIn(new RecordStore.Source(opening.open(), place, keys), clock, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray());
    }

    @Test
    void onSqliteMalformedAccountAndSettingValuesAreNamedAndRepaired() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        Files.createDirectories(dir.root());
        KeyFiles keys = DataDirectory.keyFilesIn(tmp.resolve("device").resolve("keys"));
        RecordStoreOnStoresTest.Opening opening = () -> SqliteStores.open(dir);
        AccountsAgainstTrailTest.aClinicsDay(opening, dir.root().toString(), keys, Examples.CLOCK);
        malformedValuesAreNamedAndRepaired(opening, dir.root().toString(), keys, Examples.CLOCK, sql -> {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database());
                 Statement st = c.createStatement()) {
                st.executeUpdate(sql);
            }
        });
    }
}
