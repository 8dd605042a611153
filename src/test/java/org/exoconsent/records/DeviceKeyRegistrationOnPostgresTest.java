package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.pdf.SigningKeys;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PostgresServer;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who registers a device's key on a shared store (issue 17 §2; attack review F2 and F4): never the device itself, not
 * even a new store's first device; the database refuses the devices' role an INSERT into the registry, so a device's
 * password alone cannot add a key of an attacker's own; an administrator registers each key with the database
 * owner's login, and the audit entry names the administrator's account.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class DeviceKeyRegistrationOnPostgresTest {
    @TempDir
    Path tmp;

    private final PostgresContract postgres = new PostgresContract();

    @Test
    void theFirstDevicesKeyIsNotRegisteredByTheDeviceButByTheOwnerAndThenTheDeviceRecordsAndVerifiesClean()
            throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        Clock clock = Clock.systemUTC(); // the server's clock is the authority: the computer's is within 2 minutes
        KeyFiles desk = DataDirectory.keyFilesIn(tmp.resolve("desk/keys"));
        firstAdministrator(place, desk, clock);
        SigningKey first;
        try (RecordStore store = signIn(place, desk, clock)) {
            first = store.clinicSigningKey("テストクリニック", "Desk").key();
            assertEquals(List.of(), store.signingKeys(), "a new store's first device does not register itself");
            KeyRefusedException refused = assertThrows(KeyRefusedException.class,
                    () -> store.requireRegisteredSigner(first,
                            org.exoconsent.usecases.KeySource.clinicKey().what(), null));
            assertEquals("this device's signing key (in " + tmp.resolve("desk/keys") + "): is not registered in "
                    + "the clinic's shared store (certificate SHA-256 " + SigningKeys.fingerprint(first.certificate())
                    + ", subject " + first.certificate().getSubjectX500Principal().getName() + "), so this device "
                    + "signs nothing yet; nothing was signed. Each device signs with its own key, which an "
                    + "administrator registers once with the database owner's login (no device keeps it): on this "
                    + "device, signed in as an ExoConsent administrator, exoconsent --store '"
                    + place.replace("user=" + db.app(), "user=" + db.owner()) + "' keys register --label \"LABEL\" (LABEL: "
                    + "what the clinic calls this device, such as \"Tablet 2\"; the owner's password in PGPASSWORD "
                    + "for this one command, never kept in the device's password file). See docs/SIGNING.md, \"Keys on a shared store\".",
                    refused.getMessage());
            // the device's role, even signed in as an administrator, may not register it: refused before writing
            RefusedException notOwner = assertThrows(RefusedException.class,
                    () -> store.registerSigningKey(first, "Desk"));
            assertEquals(place + ": role " + db.app() + " cannot register a signing key: on a shared store only the "
                    + "database's owner registers keys, with a login no device keeps (docs/SIGNING.md, \"Keys on a "
                    + "shared store\"); nothing was changed. On this device, signed in as an ExoConsent "
                    + "administrator, run the same command with the owner's login: exoconsent --store '"
                    + place.replace("user=" + db.app(), "user=" + db.owner()) + "' keys register --label Desk (the "
                    + "owner's password in PGPASSWORD for this one command, never kept in the device's password "
                    + "file)", notOwner.getMessage());
            assertEquals(List.of(), store.signingKeys(), "nothing was registered");
        }
        assertEquals(List.of(), keyEntries(db), "no key-registered entry");

        KeyRegistry.RegisteredKey desks = OwnerKeys.register(db, desk, first, "Desk", clock);
        assertEquals("Desk", desks.label());
        assertEquals(List.of(TestAccounts.NAME + " " + desks.fingerprint()), keyEntries(db),
                "the entry names the administrator's account, not the database's owner");
        try (RecordStore store = signIn(place, desk, clock)) {
            store.requireRegisteredSigner(first, "the desk's key", null);
            RecordStore.Recorded r = TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(),
                    first, "complete-ja");
            assertTrue(r.id() != null && !r.id().isBlank(), "recorded");
            RecordStore.Verification v = store.verify((done, total) -> { });
            assertEquals(List.of(), v.problems(), "records verify: 0 problems");
            assertEquals(1, v.records());
        }
    }

    @Test
    void aDevicesLoginRoleCannotInsertAKeyOfItsOwnWithJdbcAndNothingIsStored() throws Exception {
        ClinicDatabase db = postgres.database();
        String group = db.app();
        String tablet = db.database() + "_tablet1";
        try (Connection su = PostgresServer.get().superuser("postgres"); Statement st = su.createStatement()) {
            // a device's login role in the clinic's group role, as the README makes it (the group: the app role)
            st.execute("CREATE ROLE " + tablet + " LOGIN PASSWORD 'tablet one pw' CONNECTION LIMIT 10 IN ROLE "
                    + group);
        }
        String place = db.storeUrl(db.app());
        Clock clock = Clock.systemUTC();
        firstAdministrator(place, DataDirectory.keyFilesIn(tmp.resolve("desk/keys")), clock);
        // the attacker holds only the device's password (its password file) and writes with JDBC: a key of their own
        // with a correctly chained key-registered entry and the head moved on, all in one transaction
        String cert = java.util.Base64.getEncoder().encodeToString(Examples.key().certificate().getEncoded());
        try (Connection attacker = DriverManager.getConnection(db.jdbcUrl(), tablet, "tablet one pw");
             Statement st = attacker.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute("INSERT INTO signing_key "
                    + "(fingerprint, label, subject, not_before, not_after, registered_from, retired_at, "
                    + "registered_by, certificate) VALUES ('" + SigningKeys.fingerprint(Examples.key().certificate())
                    + "', 'Tablet 2', 'CN=forged', '2026-01-01T00:00:00Z', '2031-01-01T00:00:00Z', "
                    + "'2026-01-01T00:00:00Z', NULL, '" + TestAccounts.NAME + "', '" + cert + "')"));
            assertEquals("42501", e.getSQLState(), "permission denied: " + e.getMessage());
            assertTrue(e.getMessage().contains("permission denied for table signing_key"), e.getMessage());
        }
        try (Connection c = db.ownerConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM signing_key")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "nothing is stored");
        }
        assertEquals(List.of(), keyEntries(db));
    }

    /**
     * A device's role may retire a key, at the present only (attack review of 2026-12-01): back-dated to its
     * registration (here: to before it, to ten minutes ago) it made every document the key had signed fail
     * verification; post-dated to 9999 it kept the key
     * signing and its real retirement could no longer be written. Each is refused by the server, with JDBC as the
     * attacker writes it; the product's own retirement then still works.
     */
    @Test
    void aDevicesRoleRetiresAKeyOnlyAtThePresentNeverBackDatedOrPostDated() throws Exception {
        ClinicDatabase db = postgres.database();
        String tablet = db.database() + "_tablet1";
        try (Connection su = PostgresServer.get().superuser("postgres"); Statement st = su.createStatement()) {
            st.execute("CREATE ROLE " + tablet + " LOGIN PASSWORD 'tablet one pw' CONNECTION LIMIT 10 IN ROLE "
                    + db.app());
        }
        String place = db.storeUrl(db.app());
        Clock clock = Clock.systemUTC();
        KeyFiles desk = DataDirectory.keyFilesIn(tmp.resolve("desk/keys"));
        firstAdministrator(place, desk, clock);
        SigningKey key;
        try (RecordStore store = signIn(place, desk, clock)) {
            key = store.clinicSigningKey("テストクリニック", "Desk").key();
        }
        OwnerKeys.register(db, desk, key, "Desk", clock);
        String fp = SigningKeys.fingerprint(key.certificate());
        String session; // an administrator's own session: without one the role retires nothing (schema 20)
        try (RecordStore admin = signIn(place, desk, clock)) {
            session = admin.principal().session();
        }
        try (Connection attacker = DriverManager.getConnection(db.jdbcUrl(), tablet, "tablet one pw");
             Statement st = attacker.createStatement()) {
            SQLException none = assertThrows(SQLException.class, () -> st.execute("UPDATE signing_key SET "
                    + "retired_at = '2026-01-01T00:00:00Z' WHERE fingerprint = '" + fp + "'"));
            assertTrue(none.getMessage().contains("signing_key update refused: this transaction holds no signed-in "
                    + "session"), none.getMessage());
            PostgresContract.holding(attacker, session);
            for (String when : List.of("'9999-12-31T00:00:00Z'", "'2026-01-01T00:00:00Z'",
                    "'zzzz'", "to_char(now() - interval '10 minutes', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute("UPDATE signing_key SET "
                        + "retired_at = " + when + " WHERE fingerprint = '" + fp + "'"), when);
                assertTrue(e.getMessage().contains("a signing key is retired at the present time"), e.getMessage());
            }
        }
        try (RecordStore store = signIn(place, desk, clock)) {
            assertTrue(store.signingKeys().stream().anyMatch(KeyRegistry.RegisteredKey::current),
                    "still current: " + store.signingKeys());
            store.retireSigningKey(fp); // the product's retirement, at the server's present
            assertTrue(store.signingKeys().stream().noneMatch(KeyRegistry.RegisteredKey::current),
                    "retired: " + store.signingKeys());
        }
    }

    @Test
    void aKeyRegisteredByTheOwnerIsRetiredByAnyDeviceAndTheNextDevicesKeyWaitsForTheOwnerToo() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        Clock clock = Clock.systemUTC();
        KeyFiles desk = DataDirectory.keyFilesIn(tmp.resolve("desk/keys"));
        KeyFiles tablet = DataDirectory.keyFilesIn(tmp.resolve("tablet/keys"));
        firstAdministrator(place, desk, clock);
        SigningKey first;
        try (RecordStore store = signIn(place, desk, clock)) {
            first = store.clinicSigningKey("テストクリニック", "Desk").key();
        }
        OwnerKeys.register(db, desk, first, "Desk", clock);
        try (RecordStore store = signIn(place, tablet, clock)) {
            // retiring only takes authority away: the devices' role may (a lost desk is retired from any device)
            store.retireSigningKey(SigningKeys.fingerprint(first.certificate()));
            SigningKey second = store.clinicSigningKey("テストクリニック", "Tablet 2").key();
            assertTrue(store.signingKeys().stream().noneMatch(KeyRegistry.RegisteredKey::current),
                    "no key registers itself: " + store.signingKeys());
            assertThrows(KeyRefusedException.class, () -> store.requireRegisteredSigner(second, "the tablet's key",
                    null));
            OwnerKeys.register(db, tablet, second, "Tablet 2", clock); // the administrator's decision
            store.requireRegisteredSigner(second, "the tablet's key", null);
        }
    }

    private void firstAdministrator(String place, KeyFiles keys, Clock clock) throws StoreException {
        try (RecordStore admin = RecordStore.createFirstAdministrator(new RecordStore.Source(postgres.open(), place,
                keys), clock, TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), null)) {
            admin.setRoles(TestAccounts.NAME, EnumSet.allOf(Role.class), TestAccounts.LICENCE);
            admin.addUser(TestAccounts.PHYSICIAN, EnumSet.of(Role.PHYSICIAN), TestAccounts.LICENCE,
                    TestAccounts.PHYSICIAN_PASSWORD.toCharArray());
        }
    }

    /** The audit trail's key-registered entries, as "ACTOR FINGERPRINT". */
    private static List<String> keyEntries(ClinicDatabase db) throws SQLException {
        List<String> entries = new ArrayList<>();
        try (Connection c = db.appConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT split_part(actor, ' ', 1) || ' ' || subject FROM audit WHERE action = "
                     + "'key-registered' ORDER BY seq")) {
            while (rs.next()) {
                entries.add(rs.getString(1));
            }
        }
        return entries;
    }

    private RecordStore signIn(String place, KeyFiles device, Clock clock) throws StoreException {
        return RecordStore.signIn(new RecordStore.Source(postgres.open(), place, device), clock, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray());
    }
}
