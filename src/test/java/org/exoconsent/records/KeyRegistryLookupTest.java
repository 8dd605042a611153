package org.exoconsent.records;

import static org.exoconsent.records.SigningKeyStoreTest.certificate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.exoconsent.testing.PreviousRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exoconsent verify FILE}'s reading of a data directory's key registry ({@link KeyRegistry#lookup}, issue 13
 * §2): it finds a registered key in the database file and changes nothing of it, not even an earlier release's schema.
 * A data directory's own: a shared store has no database file to read ({@link SigningKeyStoreTest} is the registry's
 * contract on both stores).
 */
class KeyRegistryLookupTest {
    private static final Instant NOW = Instant.parse("2026-11-30T01:02:03.456Z");

    @TempDir
    Path root;

    @Test
    void verifyFileFindsARegisteredKeyInADataDirectoryWithoutChangingIt() throws Exception {
        DataDirectory dir = new DataDirectory(Files.createDirectories(root.resolve("data")));
        X509Certificate cert = certificate("CN=Sakura Clinic");
        KeyRegistry.RegisteredKey k;
        try (Stores stores = SqliteStores.open(dir)) {
            stores.transactions().beginWrite();
            k = KeyRegistry.insert(stores.signingKeys(), cert, "clinic key", NOW, "admin");
            stores.transactions().commit();
        }
        byte[] before = Files.readAllBytes(dir.database());
        KeyRegistry.Lookup found = KeyRegistry.lookup(dir, k.fingerprint().replace(":", "").toLowerCase());
        assertTrue(found.registry());
        assertEquals(k, found.key());
        KeyRegistry.Lookup unknown = KeyRegistry.lookup(dir, "ef".repeat(32));
        assertTrue(unknown.registry());
        assertNull(unknown.key());
        assertArrayEquals(before, Files.readAllBytes(dir.database()));
    }

    @Test
    void verifyFileReadsADataDirectoryOfAReleaseBeforeTheRegistryAsItIsWithoutUpgradingIt() throws Exception {
        Path old = PreviousRelease.copyTo(PreviousRelease.V1_2_0, root.resolve("release-1.2.0"));
        DataDirectory oldDir = new DataDirectory(old);
        int version = Schema.version(oldDir.database());
        assertTrue(version < KeyRegistry.SCHEMA_VERSION, "a fixture made before the registry: " + version);
        byte[] before = Files.readAllBytes(oldDir.database());
        KeyRegistry.Lookup l = KeyRegistry.lookup(oldDir, "ab".repeat(32));
        assertFalse(l.registry(), "no registry yet");
        assertNull(l.key());
        assertArrayEquals(before, Files.readAllBytes(oldDir.database()), "not migrated, nothing written");
        assertEquals(version, Schema.version(oldDir.database()));
    }
}
