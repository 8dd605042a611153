package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.exoconsent.pdf.SigningKeys;
import org.exoconsent.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link SigningKeyStore} (issue 13 §2, issue 15 §1) on a fresh data directory's store, opened
 * without signing in: a registered key is read back with its period, registered once only and retired once only,
 * and the registry is held against the audit trail. A second vendor's store runs the same checks
 * ({@link PostgresSigningKeyStoreTest}); {@code exoconsent verify FILE}'s reading of a data directory's database file
 * is {@link KeyRegistryLookupTest}'s.
 */
class SigningKeyStoreTest {
    /**
     * A fresh opening of the store of {@code dir}: SQLite's data directory here; a second vendor's subclass opens
     * its own store (a second call, a second opening of the same store).
     */
    Stores open(DataDirectory dir) throws StoreException {
        return SqliteStores.open(dir);
    }

    private static final Instant NOW = Instant.parse("2026-11-30T01:02:03.456Z");

    /**
     * The time a test retires a key at, given the time it would choose: that time on a data directory; on the shared
     * store the server's present, the only retirement time its trigger takes (schema 16).
     */
    Instant retirement(Instant wanted) {
        return wanted;
    }

    @TempDir
    Path root;
    private DataDirectory dir;
    private Stores stores;
    private SigningKeyStore keys;

    @BeforeEach
    void open() throws Exception {
        dir = new DataDirectory(root.resolve("data"));
        Files.createDirectories(dir.root());
        stores = open(dir);
        keys = stores.signingKeys();
    }

    @AfterEach
    void close() {
        stores.close();
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in one write transaction, as the store's callers do; rolled back when it fails. */
    private <T> T write(Work<T> work) throws Exception {
        stores.transactions().beginWrite();
        try {
            T made = work.run();
            stores.transactions().commit();
            return made;
        } catch (SQLException | RuntimeException e) {
            stores.transactions().rollback();
            throw e;
        }
    }

    /** A test certificate of {@code subject}, valid from the day before the tests' present. */
    static X509Certificate certificate(String subject) throws Exception {
        return TestKeys.make(subject, NOW.minus(Duration.ofDays(1)), "EC", 256).certificate();
    }

    private KeyRegistry.RegisteredKey register(X509Certificate cert, String label, Instant from) throws Exception {
        return write(() -> KeyRegistry.insert(keys, cert, label, from, "admin"));
    }

    @Test
    void aNewStoreHoldsAnEmptyRegistryThatHasNotBegun() throws Exception {
        assertTrue(keys.held());
        assertEquals(List.of(), keys.list());
        assertFalse(keys.anyEverRegistered());
        assertFalse(keys.holdsRecords());
        assertNull(keys.registryStartOnUpgrade());
        assertEquals(List.of(), keys.trail());
        assertNull(keys.find(KeyRegistry.normalise("ab".repeat(32))));
    }

    @Test
    void aRegisteredKeyIsReadBackCurrentWithItsCertificatesDatesAndItsPeriodToTheSecond() throws Exception {
        X509Certificate cert = certificate("CN=Sakura Clinic,O=Sakura,C=JP");
        KeyRegistry.RegisteredKey made = register(cert, "clinic key", NOW);
        KeyRegistry.RegisteredKey read = keys.find(SigningKeys.fingerprint(cert));
        assertEquals(made, read);
        assertEquals(SigningKeys.fingerprint(cert), read.fingerprint());
        assertEquals("clinic key", read.label());
        assertEquals(cert.getSubjectX500Principal().getName(), read.subject());
        assertEquals(cert.getNotBefore().toInstant(), read.notBefore());
        assertEquals(cert.getNotAfter().toInstant(), read.notAfter());
        assertEquals(Instant.parse("2026-11-30T01:02:03Z"), read.registeredFrom(), "kept to the second");
        assertTrue(read.current());
        assertEquals("admin", read.registeredBy());
        assertEquals(List.of(read), keys.list());
        assertTrue(keys.anyEverRegistered(), "a registered key begins the registry");
    }

    @Test
    void keysAreListedInTheOrderTheirPeriodsBegin() throws Exception {
        X509Certificate later = certificate("CN=Tablet 2");
        X509Certificate earlier = certificate("CN=Tablet 1");
        register(later, "tablet 2", NOW.plusSeconds(60));
        register(earlier, "tablet 1", NOW);
        assertEquals(List.of("tablet 1", "tablet 2"), keys.list().stream().map(KeyRegistry.RegisteredKey::label)
                .toList());
    }

    @Test
    void aKeyIsRegisteredOnceAndTheFirstRegistrationStays() throws Exception {
        X509Certificate cert = certificate("CN=Sakura Clinic");
        KeyRegistry.RegisteredKey first = register(cert, "clinic key", NOW);
        assertThrows(SQLException.class, () -> register(cert, "another name", NOW.plusSeconds(5)));
        assertEquals(List.of(first), keys.list());
    }

    @Test
    void aKeyIsRetiredOnceAndSignsNothingAfterward() throws Exception {
        X509Certificate cert = certificate("CN=Sakura Clinic");
        String fp = register(cert, "clinic key", NOW).fingerprint();
        Instant at = retirement(KeyRegistry.seconds(NOW.plus(Duration.ofHours(2))));
        write(() -> {
            keys.retire(fp, at);
            return null;
        });
        assertEquals(at, keys.find(fp).retiredAt());
        assertFalse(keys.find(fp).current());
        assertThrows(SQLException.class, () -> write(() -> {
            keys.retire(fp, at.plus(Duration.ofDays(1)));
            return null;
        }), "a retired key is not retired again");
        assertEquals(at, keys.find(fp).retiredAt(), "its period's end stays");
        assertThrows(SQLException.class, () -> write(() -> {
            keys.retire(KeyRegistry.normalise("cd".repeat(32)), at);
            return null;
        }), "no such key");
        String unregistered = SigningKeys.fingerprint(certificate("CN=Other"));
        assertThrows(SQLException.class, () -> write(() -> {
            keys.retire(unregistered, at);
            return null;
        }), "a key never registered");
    }

    @Test
    void aKeyTheAuditTrailNeverRegisteredOrRetiredIsNamedAgainstTheTrail() throws Exception {
        X509Certificate cert = certificate("CN=Sakura Clinic");
        KeyRegistry.RegisteredKey k = register(cert, "clinic key", NOW);
        List<String> problems = KeyRegistry.againstTrail(keys);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(k.fingerprint()) && problems.get(0).contains("never recorded its "
                + "registration"), problems.get(0));

        write(() -> new AuditLog(stores.auditTrail(), stores.auditHead()).appendTracked(NOW, "admin", "key-registered",
                k.fingerprint(), KeyRegistry.registeredDetails(k, false)));
        assertEquals(List.of(), KeyRegistry.againstTrail(keys), "registered as the trail says");
        assertEquals(List.of(new SigningKeyStore.TrailEntry("key-registered", k.fingerprint(),
                KeyRegistry.registeredDetails(k, false))), keys.trail());

        Instant at = retirement(KeyRegistry.seconds(NOW.plusSeconds(3600)));
        write(() -> {
            keys.retire(k.fingerprint(), at);
            return null;
        });
        problems = KeyRegistry.againstTrail(keys);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("the audit trail never retired it"), problems.get(0));
    }

    @Test
    void theUpgradesStartOfTheRegistryIsItsFirstEntry() throws Exception {
        Instant started = Instant.parse("2026-11-01T00:00:00Z");
        write(() -> new AuditLog(stores.auditTrail(), stores.auditHead()).appendTracked(started, "upgrade",
                KeyRegistry.REGISTRY_STARTED, "signing keys", Json.of("upgrade", true)));
        assertTrue(keys.anyEverRegistered(), "begun, though no key was found");
        assertEquals(started, keys.registryStartOnUpgrade());
    }
}
