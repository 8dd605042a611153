package org.exoconsent.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
    @TempDir
    Path dataDir;

    @Test
    void aSelfSignedKeyIsCreatedOnceAndThenReused() throws Exception {
        SigningKeys.Created first = SigningKeys.selfSigned(new org.exoconsent.records.DataDirectory(dataDir).keyFiles(), "テストクリニック", java.time.Instant.now());
        assertTrue(first.createdNow());
        assertTrue(first.key().selfSigned());
        assertTrue(first.key().certificate().getSubjectX500Principal().getName().contains("テストクリニック"));
        assertEquals(dataDir.resolve("keys/clinic-signing.p12"), first.file());
        SigningKeys.Created second = SigningKeys.selfSigned(new org.exoconsent.records.DataDirectory(dataDir).keyFiles(), "Another name", java.time.Instant.now());
        assertFalse(second.createdNow());
        assertEquals(first.key().certificate(), second.key().certificate());
    }

    @Test
    void theKeyAndItsPasswordAreReadableOnlyByTheOwner() throws Exception {
        SigningKeys.selfSigned(new org.exoconsent.records.DataDirectory(dataDir).keyFiles(), "Clinic", java.time.Instant.now());
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

    static final String JAPANESE_PASSWORD = org.exoconsent.testing.TestKeys.JAPANESE_PASSWORD;

    @ProcessTest
    @Test
    void aPkcs12WithAJapanesePasswordOpensAsTheJdkAloneCouldNot() throws Exception {
        SigningKey key = org.exoconsent.testing.TestKeys.make("CN=さくら皮膚科クリニック, O=Sakura, C=JP",
                java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.Instant.parse("2028-01-01T00:00:00Z"));
        Path p12 = org.exoconsent.testing.TestKeys.bouncyCastleP12(dataDir.resolve("from-the-ca.p12"), key, JAPANESE_PASSWORD);
        assertThrows(Exception.class, () -> {
            try (java.io.InputStream in = Files.newInputStream(p12)) {
                java.security.KeyStore.getInstance("PKCS12").load(in, JAPANESE_PASSWORD.toCharArray());
            }
        }, "the JDK's own reader refuses a non-ASCII password: the fault this guards against");
        SigningKey opened = SigningKeys.open(p12, JAPANESE_PASSWORD.toCharArray());
        assertEquals(SigningKeys.fingerprint(key.certificate()), SigningKeys.fingerprint(opened.certificate()));
        assertEquals(key.privateKey().getEncoded().length > 0, opened.privateKey() != null);
        KeyException wrong = assertThrows(KeyException.class, () -> SigningKeys.open(p12,
                "さくら皮膚科の鍵２０２５".toCharArray()));
        assertTrue(wrong.getMessage().endsWith("wrong password"), wrong.getMessage());

        // and one written by OpenSSL 3 (AES-256, PBKDF2, as a CA's tools write it today), when openssl is here
        Path pem = dataDir.resolve("k.pem");
        Path crt = dataDir.resolve("c.pem");
        Path pass = dataDir.resolve("pass.txt");
        Files.writeString(pass, JAPANESE_PASSWORD + "\n", java.nio.charset.StandardCharsets.UTF_8);
        Path made = dataDir.resolve("openssl.p12");
        boolean openssl;
        try {
            openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj",
                    "/CN=Sakura/C=JP", "-days", "30", "-keyout", pem.toString(), "-out", crt.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0
                    && new ProcessBuilder("openssl", "pkcs12", "-export", "-inkey", pem.toString(), "-in",
                    crt.toString(), "-out", made.toString(), "-passout", "file:" + pass).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            openssl = false;
        }
        if (openssl) {
            assertEquals("C=JP,CN=Sakura", SigningKeys.open(made, JAPANESE_PASSWORD.toCharArray()).certificate()
                    .getSubjectX500Principal().getName());
        } else {
            System.err.println("SigningKeysTest: openssl is not installed; only BouncyCastle's PKCS#12 was tried");
        }
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

    /**
     * Keys too weak to sign a clinic's consents are named with their size (issue 14 §2; NIST SP 800-57, FIPS 186-5);
     * RSA from 2048 bits and EC from 256 bits are accepted.
     */
    @Test
    void weakKeysAreNamedWithTheirSizeAndStrongOnesPass() throws Exception {
        java.time.Instant from = java.time.Instant.parse("2026-11-01T00:00:00Z");
        String subject = "CN=Clinic";
        assertEquals("the key is RSA of 1024 bits; a signing key must be RSA of at least 2048 bits or EC of at least "
                + "256 bits (ask the certification authority for a new certificate)", SigningKeys.weakKey(
                org.exoconsent.testing.TestKeys.make(subject, from, "RSA", 1024).certificate()));
        assertEquals(null, SigningKeys.weakKey(org.exoconsent.testing.TestKeys.make(subject, from, "RSA", 2048)
                .certificate()));
        assertEquals(null, SigningKeys.weakKey(org.exoconsent.testing.TestKeys.make(subject, from, "EC", 256)
                .certificate()));
        // an EC key over a 224-bit field (P-224, which the JDK no longer makes: BouncyCastle does)
        java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("EC",
                new org.bouncycastle.jce.provider.BouncyCastleProvider());
        gen.initialize(new java.security.spec.ECGenParameterSpec("secp224r1"));
        java.security.KeyPair pair = gen.generateKeyPair();
        javax.security.auth.x500.X500Principal name = new javax.security.auth.x500.X500Principal(subject);
        java.security.cert.X509Certificate cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).getCertificate(
                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.ONE,
                        java.util.Date.from(from), java.util.Date.from(from.plusSeconds(86_400)), name,
                        pair.getPublic()).build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(
                        "SHA256withECDSA").setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                        .build(pair.getPrivate())));
        assertEquals("the key is EC of 224 bits; a signing key must be RSA of at least 2048 bits or EC of at least "
                + "256 bits (ask the certification authority for a new certificate)", SigningKeys.weakKey(cert));
    }
}
