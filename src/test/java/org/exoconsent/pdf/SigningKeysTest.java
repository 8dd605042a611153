package org.exoconsent.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
    @TempDir
    Path dataDir;

    @Test
    void aSelfSignedKeyIsCreatedOnceAndThenReused() throws Exception {
        SigningKeys.Created first = SigningKeys.selfSigned(dataDir, "テストクリニック", java.time.Instant.now());
        assertTrue(first.createdNow());
        assertTrue(first.key().selfSigned());
        assertTrue(first.key().certificate().getSubjectX500Principal().getName().contains("テストクリニック"));
        assertEquals(dataDir.resolve("keys/clinic-signing.p12"), first.file());
        SigningKeys.Created second = SigningKeys.selfSigned(dataDir, "Another name", java.time.Instant.now());
        assertFalse(second.createdNow());
        assertEquals(first.key().certificate(), second.key().certificate());
    }

    @Test
    void theKeyAndItsPasswordAreReadableOnlyByTheOwner() throws Exception {
        SigningKeys.selfSigned(dataDir, "Clinic", java.time.Instant.now());
        Set<PosixFilePermission> key = Files.getPosixFilePermissions(dataDir.resolve("keys/clinic-signing.p12"));
        Set<PosixFilePermission> pass = Files.getPosixFilePermissions(
                dataDir.resolve("keys/clinic-signing.p12.password"));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), key);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), pass);
    }

    @Test
    void aClinicKeystoreOpensWithItsPassword() throws Exception {
        Path p12 = dataDir.resolve("clinic.p12");
        Files.write(p12, TestAccess.createKeystore("Clinic A", "secret".toCharArray()));
        SigningKey key = SigningKeys.open(p12, "secret".toCharArray());
        assertTrue(key.certificate().getSubjectX500Principal().getName().contains("Clinic A"));
    }

    @Test
    void aWrongPasswordIsNamedWithTheFile() throws Exception {
        Path p12 = dataDir.resolve("clinic.p12");
        Files.write(p12, TestAccess.createKeystore("Clinic A", "secret".toCharArray()));
        KeyException e = assertThrows(KeyException.class, () -> SigningKeys.open(p12, "guess".toCharArray()));
        assertEquals(p12 + ": the signing key cannot be opened: wrong password", e.getMessage());
    }

    @Test
    void aFileThatIsNoKeystoreOrDoesNotExistIsNamed() throws Exception {
        Path junk = dataDir.resolve("junk.p12");
        Files.writeString(junk, "not a keystore");
        KeyException e = assertThrows(KeyException.class, () -> SigningKeys.open(junk, "x".toCharArray()));
        assertTrue(e.getMessage().startsWith(junk + ": the signing key cannot be opened"), e.getMessage());
        KeyException missing = assertThrows(KeyException.class,
                () -> SigningKeys.open(dataDir.resolve("none.p12"), "x".toCharArray()));
        assertEquals(dataDir.resolve("none.p12") + ": the signing key file does not exist", missing.getMessage());
    }
}
