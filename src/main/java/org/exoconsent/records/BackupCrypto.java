package org.exoconsent.records;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.io.CipherInputStream;
import org.bouncycastle.crypto.io.CipherOutputStream;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The encryption of a backup file (issue 13 §5): AES-256-GCM (BouncyCastle's lightweight API, streamed) under a
 * key derived from the administrator's passphrase with Argon2id (RFC 9106: 64 MiB, 3 passes, 1 lane, 16-byte
 * random salt). The file is a short header followed by the GCM ciphertext of the backup's ZIP and its 16-byte
 * tag:
 *
 * <pre>
 * "EXOCONSENT-BACKUP-2\n"   20 bytes, ASCII
 * kdf                      1 byte (1 = Argon2id v1.3)
 * memory KiB, passes, lanes  3 × 4 bytes, big-endian
 * salt                     16 bytes
 * nonce                    12 bytes (random; one key per file, since the salt is new for each file)
 * passphrase check         16 bytes: the first half of SHA-256 over the second 32 bytes Argon2id derived
 * ciphertext ‖ tag         the ZIP, AES-256-GCM, the whole header as associated data
 * </pre>
 *
 * The header is authenticated with the contents, so its parameters cannot be changed unnoticed; the passphrase
 * check tells a wrong passphrase (nothing is decrypted) from an altered file (the tag fails at the end). It costs an
 * attacker the same Argon2id work per guess as the tag does. GCM allows at most 64 GiB under one key and nonce; a
 * data directory that large is refused when written ({@link #MAX_PLAINTEXT}).
 */
final class BackupCrypto {
    static final byte[] MAGIC = "EXOCONSENT-BACKUP-2\n".getBytes(StandardCharsets.US_ASCII);
    /** The shortest passphrase accepted for a backup (an offline attacker may try guesses without limit). */
    static final int MIN_PASSPHRASE = 12;
    static final int MEMORY_KIB = 64 * 1024;
    static final int PASSES = 3;
    static final int LANES = 1;
    /** GCM's limit for one key and nonce (2^36 − 32 bytes), less a margin. */
    static final long MAX_PLAINTEXT = (1L << 36) - (1 << 20);
    private static final int KDF_ARGON2ID = 1;
    private static final int HEADER = MAGIC.length + 1 + 12 + 16 + 12 + 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupCrypto() {
    }

    /** The passphrase problem, or null when it is long enough (the passphrase itself is never in the message). */
    static String passphraseProblem(char[] passphrase) {
        if (passphrase == null || passphrase.length == 0) {
            return "a backup needs a passphrase (at least " + MIN_PASSPHRASE + " characters)";
        }
        if (passphrase.length < MIN_PASSPHRASE) {
            return "the backup passphrase is too short: " + passphrase.length + " characters; use at least "
                    + MIN_PASSPHRASE;
        }
        return null;
    }

    /** Whether {@code head} (the file's first bytes) starts an encrypted backup. */
    static boolean isEncrypted(byte[] head) {
        return head.length >= MAGIC.length && Arrays.equals(Arrays.copyOf(head, MAGIC.length), MAGIC);
    }

    /**
     * Writes the header to {@code file} and returns the stream to write the ZIP into; closing it writes the tag.
     * The stream refuses more than {@link #MAX_PLAINTEXT} bytes.
     */
    static OutputStream encrypt(OutputStream file, char[] passphrase) throws IOException {
        byte[] salt = random(16);
        byte[] nonce = random(12);
        byte[] derived = derive(passphrase, salt, MEMORY_KIB, PASSES, LANES);
        ByteArrayOutputStream h = new ByteArrayOutputStream(HEADER);
        try (DataOutputStream d = new DataOutputStream(h)) {
            d.write(MAGIC);
            d.writeByte(KDF_ARGON2ID);
            d.writeInt(MEMORY_KIB);
            d.writeInt(PASSES);
            d.writeInt(LANES);
            d.write(salt);
            d.write(nonce);
            d.write(check(derived));
        }
        byte[] header = h.toByteArray();
        file.write(header);
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(derived, 0, 32), 128, nonce, header));
        Arrays.fill(derived, (byte) 0);
        return new CipherOutputStream(new LimitedOutputStream(file), gcm);
    }

    /** Thrown when the passphrase does not open the backup (its check value differs). */
    static final class WrongPassphrase extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Reads the header from {@code file} (positioned at its start) and returns the stream of the decrypted ZIP. The
     * stream throws {@link org.bouncycastle.crypto.io.InvalidCipherTextIOException} when its end is reached and the
     * tag does not match (the file was altered or cut short); read it to its end before trusting anything in it.
     *
     * @throws WrongPassphrase when the passphrase does not open it
     * @throws IOException     naming what is wrong with the header (cut short, unknown key derivation, parameters
     *                         beyond what this release accepts: a forged header must not make it use a gigabyte)
     */
    static InputStream decrypt(InputStream file, char[] passphrase) throws IOException, WrongPassphrase {
        byte[] header = new byte[HEADER];
        try {
            new DataInputStream(file).readFully(header);
        } catch (EOFException e) {
            throw new IOException("the file ends inside its header");
        }
        DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(header, MAGIC.length,
                HEADER - MAGIC.length));
        int kdf = d.readUnsignedByte();
        int memory = d.readInt();
        int passes = d.readInt();
        int lanes = d.readInt();
        if (kdf != KDF_ARGON2ID) {
            throw new IOException("its key derivation (" + kdf + ") is not one this release knows");
        }
        if (memory < 8 * 1024 || memory > 1024 * 1024 || passes < 1 || passes > 16 || lanes < 1 || lanes > 8) {
            throw new IOException("its key derivation parameters (memory " + memory + " KiB, " + passes
                    + " passes, " + lanes + " lanes) are outside what this release accepts");
        }
        byte[] salt = d.readNBytes(16);
        byte[] nonce = d.readNBytes(12);
        byte[] expected = d.readNBytes(16);
        byte[] derived = derive(passphrase, salt, memory, passes, lanes);
        if (!MessageDigest.isEqual(expected, check(derived))) {
            Arrays.fill(derived, (byte) 0);
            throw new WrongPassphrase();
        }
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(false, new AEADParameters(new KeyParameter(derived, 0, 32), 128, nonce, header));
        Arrays.fill(derived, (byte) 0);
        return new CipherInputStream(file, gcm, 1 << 16);
    }

    private static byte[] check(byte[] derived) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOfRange(derived, 32, 64));
            return Arrays.copyOf(h, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 64 bytes: the AES key, then the bytes the passphrase check is made from. NFC first, so any keyboard agrees. */
    private static byte[] derive(char[] passphrase, byte[] salt, int memory, int passes, int lanes) {
        String normalized = Normalizer.normalize(CharBuffer.wrap(passphrase), Normalizer.Form.NFC);
        byte[] secret = normalized.getBytes(StandardCharsets.UTF_8);
        try {
            Argon2BytesGenerator g = new Argon2BytesGenerator();
            g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt).withMemoryAsKB(memory)
                    .withIterations(passes).withParallelism(lanes).build());
            byte[] out = new byte[64];
            g.generateBytes(secret, out);
            return out;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Refuses more ciphertext than GCM allows under one nonce. */
    private static final class LimitedOutputStream extends java.io.FilterOutputStream {
        private long written;

        LimitedOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count(len);
            out.write(b, off, len);
        }

        private void count(long n) throws IOException {
            written += n;
            if (written > MAX_PLAINTEXT + 16) {
                throw new IOException("the data directory is larger than one encrypted backup may hold ("
                        + MAX_PLAINTEXT + " bytes)");
            }
        }
    }
}
