package org.exoconsent.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.exoconsent.pdf.SigningKey;

/**
 * Signing keys made in a test with BouncyCastle, with the dates and subject the test chooses: an expired key, one
 * not valid yet, an attacker's self-signed key with the clinic's own name.
 */
public final class TestKeys {
    private TestKeys() {
    }

    /** A new RSA-2048 key with a self-signed certificate for {@code subject}, valid from {@code from} to {@code to}. */
    public static SigningKey make(String subject, Instant from, Instant to) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        X500Principal name = new X500Principal(subject);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                Date.from(from), Date.from(to), name, pair.getPublic());
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        return new SigningKey(pair.getPrivate(), List.of(cert), true);
    }

    /**
     * A new key of {@code algorithm} ("RSA", "DSA", "EC") and {@code bits} with a self-signed certificate for
     * {@code subject}, valid for a year from {@code from}: a key a certification authority should no longer issue
     * (RSA-1024, DSA) or one it does (RSA-2048, EC P-256).
     */
    public static SigningKey make(String subject, Instant from, String algorithm, int bits) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance(algorithm);
        gen.initialize(bits);
        KeyPair pair = gen.generateKeyPair();
        X500Principal name = new X500Principal(subject);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                Date.from(from), Date.from(from.plus(java.time.Duration.ofDays(365))), name, pair.getPublic());
        String signer = "SHA256with" + (algorithm.equals("EC") ? "ECDSA" : algorithm);
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(signer).build(pair.getPrivate())));
        return new SigningKey(pair.getPrivate(), List.of(cert), true);
    }

    /** Writes {@code key} as a PKCS#12 file with {@code password}; returns the file. */
    public static Path p12(Path file, SigningKey key, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("key", key.privateKey(), password.toCharArray(), key.chain().toArray(new Certificate[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, password.toCharArray());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, out.toByteArray());
        return file;
    }

    /** A password as a Japanese certification authority might issue it (not ASCII). */
    public static final String JAPANESE_PASSWORD = "さくら皮膚科の鍵２０２６";

    /**
     * Writes {@code key} as a PKCS#12 file with {@code password} through BouncyCastle's writer (the JDK's refuses a
     * password that is not ASCII); returns the file.
     */
    public static Path bouncyCastleP12(Path file, SigningKey key, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12", new org.bouncycastle.jce.provider.BouncyCastleProvider());
        ks.load(null, null);
        ks.setKeyEntry("clinic", key.privateKey(), password.toCharArray(), key.chain().toArray(new Certificate[0]));
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
        return file;
    }
}
