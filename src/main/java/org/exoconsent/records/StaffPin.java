package org.exoconsent.records;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The staff PIN that unlocks patient mode, kept in the settings table ({@value Settings#STAFF_PIN}) only as a salted
 * PBKDF2-HMAC-SHA256 hash (the JDK's implementation; 210,000 iterations, OWASP's password storage cheat sheet for
 * PBKDF2-HMAC-SHA256), written {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in Base64), never in clear.
 * Releases up to 1.3.0 kept the same hash in the data directory's {@link DataDirectory#SETTINGS_FILE}
 * ({@code staff.pin.salt}, {@code staff.pin.hash}); {@link #fromSettingsFile} reads it for the move into the table.
 */
final class StaffPin {
    static final String ALGORITHM = "pbkdf2-sha256";
    static final int ITERATIONS = 210_000;
    /** The hash's length of releases up to 1.3.0 and of this one: 256 bits. */
    private static final int HASH_BYTES = 32;

    private StaffPin() {
    }

    /**
     * Checks a PIN as typed: 4 to 8 digits (ASCII).
     *
     * @throws IllegalArgumentException "a staff PIN has 4 to 8 digits"
     */
    static void check(String pin) {
        if (!wellFormed(pin)) {
            throw new IllegalArgumentException("a staff PIN has 4 to 8 digits");
        }
    }

    /** Whether {@code pin} is a staff PIN's form: 4 to 8 ASCII digits (null: no). */
    static boolean wellFormed(String pin) {
        return pin != null && pin.matches("[0-9]{4,8}");
    }

    /** The stored form of {@code pin} (checked by {@link #check}), with a new random 16-byte salt. */
    static String hash(String pin) {
        check(pin);
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return stored(salt, ITERATIONS, derive(pin, salt, ITERATIONS));
    }

    private static String stored(byte[] salt, int iterations, byte[] hash) {
        Base64.Encoder b64 = Base64.getEncoder();
        return ALGORITHM + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Whether {@code pin} is the PIN of the stored form {@code stored}; false when either is null or malformed. */
    static boolean matches(String stored, String pin) {
        if (stored == null || pin == null) {
            return false;
        }
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(ALGORITHM) || !parts[1].matches("[1-9][0-9]{0,8}")) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(hash, derive(pin, salt, Integer.parseInt(parts[1])));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(String pin, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(pin.toCharArray(), salt, iterations, HASH_BYTES * 8);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The staff PIN of an earlier release's {@link DataDirectory#SETTINGS_FILE} in the stored form (the same salt and
     * hash: the clinic keeps its PIN), or null when the file holds none.
     *
     * @throws StoreException naming the file when it cannot be read, or holds a salt without a hash (or the
     *                        reverse) or either not in Base64 or a hash of another length: nothing is moved or
     *                        removed, so the PIN is never lost
     */
    static String fromSettingsFile(Path file) throws StoreException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw unreadable(file, e.getMessage());
        }
        String salt = p.getProperty("staff.pin.salt");
        String hash = p.getProperty("staff.pin.hash");
        if (salt == null && hash == null) {
            return null;
        }
        if (salt == null || hash == null) {
            throw unreadable(file, "it holds " + (salt == null ? "staff.pin.hash without staff.pin.salt"
                    : "staff.pin.salt without staff.pin.hash"));
        }
        byte[] s;
        byte[] h;
        try {
            s = Base64.getDecoder().decode(salt.strip());
            h = Base64.getDecoder().decode(hash.strip());
        } catch (IllegalArgumentException e) {
            throw unreadable(file, "staff.pin.salt or staff.pin.hash is not Base64");
        }
        if (s.length == 0 || h.length != HASH_BYTES) {
            throw unreadable(file, "staff.pin.hash is not a hash of " + HASH_BYTES + " bytes, or the salt is empty");
        }
        return stored(s, ITERATIONS, h);
    }

    private static StoreException unreadable(Path file, String why) {
        return new StoreException(file + ": the staff PIN of an earlier release cannot be read (" + why + "); it is "
                + "moved into the database when this release first opens the data directory. Nothing was changed: "
                + "restore the file from a backup, or remove it and set a new staff PIN on the home screen");
    }
}
