package org.exoconsent.pdf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.exoconsent.files.OwnerOnly;
import org.exoconsent.limits.InputLimits;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Opens the clinic's PKCS#12 signing key, or creates a self-signed one once in the data directory when the clinic
 * has configured none. The self-signed key proves the file was not changed after signing, but not who signed it
 * to an outsider: a clinic should import a certificate from a certification authority (docs/SIGNING.md).
 */
public final class SigningKeys {
    static final Duration VALIDITY = Duration.ofDays(3650);

    private SigningKeys() {
    }

    /** BouncyCastle's provider, for PKCS#12 files with a password the JDK's reader refuses. */
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    /**
     * Opens a PKCS#12 file; the only entry with a private key is used. A password of ASCII characters is read by the
     * JDK's PKCS#12 reader; any other (a Japanese password a certification authority issued, say) by BouncyCastle's,
     * which converts it as PKCS#12 says (RFC 7292 appendix B.1: the password as a BMPString for the PKCS#12 key
     * derivation; UTF-8 for PBES2), where the JDK refuses every non-ASCII password ("password is not ASCII").
     *
     * @throws KeyException when the file is missing, not PKCS#12, the password wrong, or it holds no private key
     */
    public static SigningKey open(Path p12, char[] password) throws KeyException {
        return open(p12, password, new java.nio.file.OpenOption[0]);
    }

    /**
     * A key the data directory keeps, and its password file beside it: never read through a symbolic link (issue
     * 14 §2; the key file is opened with {@code O_NOFOLLOW}, the password file refused when it is a link).
     */
    private static SigningKey openKept(Path p12, Path passwordFile) throws KeyException {
        if (Files.isSymbolicLink(passwordFile)) {
            throw new KeyException(passwordFile + ": is a symbolic link; the data directory's key files are never "
                    + "read through one");
        }
        return open(p12, readPassword(passwordFile), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    private static SigningKey open(Path p12, char[] password, java.nio.file.OpenOption... options)
            throws KeyException {
        KeyStore ks;
        try (InputStream in = Files.newInputStream(p12, options)) {
            ks = ascii(password) ? KeyStore.getInstance("PKCS12") : KeyStore.getInstance("PKCS12", BC);
            ks.load(in, password);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new KeyException(p12 + ": the signing key file does not exist");
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage())
                    .contains("password")) {
                throw new KeyException(p12 + ": the signing key cannot be opened: wrong password", e);
            }
            throw new KeyException(p12 + ": the signing key cannot be opened: " + e.getMessage()
                    + " (is it a PKCS#12 .p12/.pfx file?)", e);
        } catch (GeneralSecurityException e) {
            throw new KeyException(p12 + ": the signing key cannot be opened: " + e.getMessage(), e);
        }
        try {
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) ks.getKey(alias, password);
                    Certificate[] chain = ks.getCertificateChain(alias);
                    if (chain == null || chain.length == 0) {
                        throw new KeyException(p12 + ": the key '" + alias + "' has no certificate");
                    }
                    List<X509Certificate> certs = new ArrayList<>();
                    for (Certificate c : chain) {
                        certs.add((X509Certificate) c);
                    }
                    X509Certificate leaf = certs.get(0);
                    boolean self = certs.size() == 1
                            && leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
                    return new SigningKey(key, certs, self);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new KeyException(p12 + ": the private key cannot be read: " + e.getMessage(), e);
        }
        throw new KeyException(p12 + ": contains no private key");
    }

    private static boolean ascii(char[] password) {
        if (password == null) {
            return true;
        }
        for (char c : password) {
            if (c > 0x7e || c < 0x20) {
                return false;
            }
        }
        return true;
    }

    /**
     * Imports the clinic's own key (a PKCS#12 from a certification authority) into the data directory: it is
     * opened with its password and its certificate must be valid now; then it is stored again under a new random
     * password kept beside it, as the self-signed key is, so nobody has to type the CA password again. A key
     * imported earlier is kept, renamed with the time it was replaced. From then on the app and the commands sign
     * with it (an explicit --keystore still wins). Refused ({@link KeyException}, naming the file): a file over
     * {@link InputLimits#MAX_KEYSTORE_BYTES}, checked before it is read, and a key {@link #weakKey} names.
     */
    public static SigningKey importKey(KeyFiles files, Path p12, char[] password, Instant now) throws KeyException {
        try {
            long size = Files.size(p12);
            if (size > InputLimits.MAX_KEYSTORE_BYTES) { // before the keystore reader holds it in memory
                throw new KeyException(InputLimits.tooLarge(p12.toString(), size, InputLimits.MAX_KEYSTORE_BYTES,
                        "a PKCS#12 key file").getMessage() + "; nothing was imported");
            }
        } catch (IOException e) {
            // open names a missing or unreadable file
        }
        SigningKey key = open(p12, password);
        String weak = weakKey(key.certificate());
        if (weak != null) {
            throw new KeyException(p12 + ": " + weak + "; nothing was imported");
        }
        try {
            key.certificate().checkValidity(Date.from(now));
        } catch (java.security.cert.CertificateExpiredException e) {
            throw new KeyException(p12 + ": the certificate expired on " + key.certificate().getNotAfter()
                    .toInstant() + "; nothing was imported");
        } catch (java.security.cert.CertificateNotYetValidException e) {
            throw new KeyException(p12 + ": the certificate is valid only from " + key.certificate().getNotBefore()
                    .toInstant() + "; nothing was imported");
        }
        Path dir = files.folder();
        try {
            OwnerOnly.createDirectories(dir);
            OwnerOnly.restrict(dir);
            char[] newPassword = newPassword();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("clinic", key.privateKey(), newPassword, key.chain().toArray(new Certificate[0]));
            Path tmpKey = OwnerOnly.createTempFile(dir, "import", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmpKey)) {
                ks.store(out, newPassword);
            }
            Path tmpPass = OwnerOnly.createTempFile(dir, "import-password", ".tmp");
            Files.writeString(tmpPass, new String(newPassword), StandardCharsets.US_ASCII);
            Path target = files.imported();
            Path targetPass = files.importedPassword();
            if (Files.exists(target)) { // key material is never deleted silently
                move(target, files.replacedImported(now.toEpochMilli()));
                move(targetPass, files.replacedImportedPassword(now.toEpochMilli()));
            }
            move(tmpPass, targetPass);
            move(tmpKey, target);
            return open(target, newPassword);
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyException(dir + ": the key cannot be stored: " + e.getMessage(), e);
        }
    }

    /**
     * Why a certificate's key is too weak to sign the clinic's consents, or null when it is strong enough: an RSA key
     * shorter than {@link InputLimits#MIN_RSA_BITS} bits, an elliptic-curve key over a field shorter than
     * {@link InputLimits#MIN_EC_BITS} bits (NIST SP 800-57 Part 1 Rev. 5; SP 800-131A Rev. 2), a DSA key of any size
     * (FIPS 186-5, 2023, no longer approves DSA for making signatures), or a key of another kind, which the PDF
     * signature does not use.
     *
     * @return e.g. "the key is RSA of 1024 bits; a signing key must be RSA of at least 2048 bits or EC of at least
     *         256 bits (ask the certification authority for a new certificate)"
     */
    public static String weakKey(X509Certificate cert) {
        java.security.PublicKey k = cert.getPublicKey();
        String needed = "; a signing key must be RSA of at least " + InputLimits.MIN_RSA_BITS + " bits or EC of at "
                + "least " + InputLimits.MIN_EC_BITS + " bits (ask the certification authority for a new certificate)";
        if (k instanceof java.security.interfaces.RSAPublicKey r) {
            int bits = r.getModulus().bitLength();
            return bits >= InputLimits.MIN_RSA_BITS ? null : "the key is RSA of " + bits + " bits" + needed;
        }
        if (k instanceof java.security.interfaces.ECPublicKey e) {
            int bits = e.getParams().getCurve().getField().getFieldSize();
            return bits >= InputLimits.MIN_EC_BITS ? null : "the key is EC of " + bits + " bits" + needed;
        }
        if (k instanceof java.security.interfaces.DSAPublicKey d) {
            return "the key is DSA of " + d.getParams().getP().bitLength() + " bits, which is no longer approved for "
                    + "signing (FIPS 186-5)" + needed;
        }
        return "the key is " + k.getAlgorithm() + needed;
    }

    /** The clinic's imported key, or null when none was imported. */
    public static SigningKey existingImported(KeyFiles files) throws KeyException {
        Path p12 = files.imported();
        return Files.exists(p12, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                ? openKept(p12, files.importedPassword()) : null;
    }

    /**
     * The key the clinic signs with: its imported key, else the data directory's self-signed one (made once, its
     * certificate valid from five minutes before {@code now}, the clinic's clock).
     */
    public static Created clinicKey(KeyFiles files, String clinicName, Instant now) throws KeyException {
        SigningKey imported = existingImported(files);
        return imported != null ? new Created(imported, files.imported(), false)
                : selfSigned(files, clinicName, now);
    }

    /** The data directory's self-signed key, or null when none has been created yet. */
    public static SigningKey existingSelfSigned(KeyFiles files) throws KeyException {
        Path p12 = files.selfSigned();
        return Files.exists(p12, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                ? openKept(p12, files.selfSignedPassword()) : null;
    }

    /** The result of {@link #selfSigned}: the key, and whether it was created just now. */
    public record Created(SigningKey key, Path file, boolean createdNow) {
    }

    /**
     * Opens the data directory's self-signed key, creating it (once) if there is none, its certificate valid from
     * five minutes before {@code now} (the clinic's clock, not the computer's) for ten years. Creation writes a
     * temporary file and moves it into place, so two programs starting together end up with one key.
     */
    public static Created selfSigned(KeyFiles files, String clinicName, Instant now) throws KeyException {
        Path dir = files.folder();
        Path p12 = files.selfSigned();
        Path pass = files.selfSignedPassword();
        if (Files.exists(p12, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return new Created(openKept(p12, pass), p12, false);
        }
        try {
            OwnerOnly.createDirectories(dir);
            OwnerOnly.restrict(dir);
            char[] password = newPassword();
            byte[] keystore = createKeystore(clinicName, password, now.minus(Duration.ofMinutes(5)));
            Path tmpPass = OwnerOnly.createTempFile(dir, "password", ".tmp");
            Files.writeString(tmpPass, new String(password), StandardCharsets.US_ASCII);
            Path tmpKey = OwnerOnly.createTempFile(dir, "key", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmpKey)) {
                out.write(keystore);
            }
            move(tmpPass, pass);
            try {
                Files.move(tmpKey, p12, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmpKey); // another program created it first: use theirs
                return new Created(open(p12, readPassword(pass)), p12, false);
            }
            return new Created(open(p12, password), p12, true);
        } catch (IOException e) {
            throw new KeyException(dir + ": cannot create the signing key: " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The password of a key the data directory keeps, from its file beside it ({@link org.exoconsent.security.Secrets#fromFile}). */
    public static char[] readPassword(Path file) throws KeyException {
        try {
            return org.exoconsent.security.Secrets.fromFile(file);
        } catch (IOException e) {
            throw new KeyException(file + ": the password of the signing key cannot be read: " + e.getMessage(), e);
        }
    }

    private static char[] newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
    }

    static byte[] createKeystore(String clinicName, char[] password, Instant notBefore) throws KeyException {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(3072);
            KeyPair pair = gen.generateKeyPair();
            X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, clinicName + " (ExoConsent self-signed)")
                    .addRDN(BCStyle.O, clinicName)
                    .addRDN(BCStyle.C, "JP");
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name.build(),
                    new BigInteger(64, new SecureRandom()), Date.from(notBefore),
                    Date.from(notBefore.plus(VALIDITY)), name.build(), pair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return storeSelfSigned(pair.getPrivate(), cert, password);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new KeyException("cannot create a self-signed signing key: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the self-signed key as PKCS#12. Its password lies beside it in a file only the owner can read, so
     * the file system, not the password, protects it; a high PBKDF2 iteration count would add nothing but
     * start-up time (about 0.2 s per use on a cold JVM). The counts are therefore set to 1,000, and the
     * certificate, which is public, is stored unencrypted. A clinic's own PKCS#12 is read as it comes.
     */
    private static synchronized byte[] storeSelfSigned(PrivateKey key, X509Certificate cert, char[] password)
            throws GeneralSecurityException, IOException {
        String[][] settings = {
            {"keystore.pkcs12.certProtectionAlgorithm", "NONE"},
            {"keystore.pkcs12.macIterationCount", "1000"},
            {"keystore.pkcs12.keyPbeIterationCount", "1000"}};
        String[] before = new String[settings.length];
        for (int i = 0; i < settings.length; i++) {
            before[i] = System.setProperty(settings[i][0], settings[i][1]);
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("clinic-signing", key, password, new Certificate[] {cert});
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ks.store(out, password);
            return out.toByteArray();
        } finally {
            for (int i = 0; i < settings.length; i++) {
                if (before[i] == null) {
                    System.clearProperty(settings[i][0]);
                } else {
                    System.setProperty(settings[i][0], before[i]);
                }
            }
        }
    }

    /** SHA-256 fingerprint of a certificate, as people compare them ({@code AB:CD:…}). */
    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
