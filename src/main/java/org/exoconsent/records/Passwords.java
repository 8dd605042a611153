package org.exoconsent.records;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashing with Argon2id (BouncyCastle's implementation), stored as a PHC string that carries its own
 * parameters, so stronger settings later never break older hashes. Parameters: 19 MiB, 2 passes, 1 lane (the
 * OWASP minimum for Argon2id), 16-byte random salt, 32-byte hash.
 */
final class Passwords {
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    /** The shortest password accepted. */
    static final int MIN_LENGTH = 10;
    /**
     * The most memory a stored hash may ask for, in KiB (64 MiB). A hash asks for its own parameters, so a hash
     * written into an account row with SQL could ask for gigabytes and minutes of work at each sign-in (a denial of
     * service). Every release so far (1.0.0 to today: git log of this file, the data directories of 1.0.0-1.6.0 under
     * src/test/resources/fixtures) writes 19 MiB, 2 passes, 1 lane; the ceiling is RFC 9106's second recommended
     * setting (section 4: 64 MiB, 3 passes, 4 lanes), so a stronger default within it still reads, and one check at
     * the ceiling does about 5 times the work of the product's own hash (64 MiB × 3 passes against 19 MiB × 2; with
     * the 10 passes of the ceiling until 2026-12-01, 17 times: seconds per attempt on a loaded 2-core machine, attack
     * review). A hash beyond it, or one that is not a hash the product can check, is damage ({@link #unusable}).
     */
    static final int MAX_MEMORY_KIB = 64 * 1024;
    /** The most passes a stored hash may ask for (see {@link #MAX_MEMORY_KIB}): 3, RFC 9106's second setting. */
    static final int MAX_ITERATIONS = 3;
    /** The most lanes a stored hash may ask for (see {@link #MAX_MEMORY_KIB}): 4, RFC 9106's recommendation. */
    static final int MAX_PARALLELISM = 4;
    /** The parameters of a stored Argon2id hash, whatever follows them: read before anything is derived. */
    private static final Pattern PARAMETERS = Pattern.compile("(\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+))\\$.*",
            Pattern.DOTALL);
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Argon2id derivations run in this JVM: lets a test see that an unknown name costs a real check. */
    private static final java.util.concurrent.atomic.AtomicLong DERIVATIONS =
            new java.util.concurrent.atomic.AtomicLong();

    private Passwords() {
    }

    /** Refuses a password that is too weak to protect patient data; the message never contains the password. */
    static void checkStrength(char[] password, String account) {
        if (password == null || password.length < MIN_LENGTH) {
            throw new IllegalArgumentException("password for " + account + ": too short; use at least "
                    + MIN_LENGTH + " characters");
        }
        String s = new String(password);
        if (s.strip().length() != s.length()) {
            throw new IllegalArgumentException("password for " + account + ": must not begin or end with a space");
        }
        if (s.equalsIgnoreCase(account)) {
            throw new IllegalArgumentException("password for " + account + ": must not be the account name");
        }
    }

    static String hash(char[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] h = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + b64.encodeToString(salt) + "$" + b64.encodeToString(h);
    }

    /**
     * What a stored hash asks for beyond the ceiling ({@link #MAX_MEMORY_KIB}, {@link #MAX_ITERATIONS}, {@link
     * #MAX_PARALLELISM}), read from its parameters only, nothing derived.
     *
     * @param phc the stored {@code password_hash} column (null or not an Argon2id PHC string: not this damage)
     * @return null when within the ceiling, else the parameters as stored and the ceiling, e.g. "its parameters
     *         '$argon2id$v=19$m=4194304,t=1,p=1' ask for more than 65536 KiB of memory, 3 passes or 4 lanes" (never
     *         the salt or the hash)
     */
    static String beyondCeiling(String phc) {
        Matcher m = PARAMETERS.matcher(phc == null ? "" : phc);
        if (!m.matches()) {
            return null;
        }
        if (within(m.group(2), MAX_MEMORY_KIB) && within(m.group(3), MAX_ITERATIONS)
                && within(m.group(4), MAX_PARALLELISM)) {
            return null;
        }
        return "its parameters " + DamagedStoreException.shown(m.group(1)) + " ask for more than " + MAX_MEMORY_KIB
                + " KiB of memory, " + MAX_ITERATIONS + " passes or " + MAX_PARALLELISM + " lanes";
    }

    /** The length of the hash every release writes and {@link #matches} derives, in bytes. */
    private static final int HASH_BYTES = 32;
    /** The shortest salt Argon2 takes (RFC 9106 section 3.1: 8 bytes); every release writes 16. */
    private static final int MIN_SALT_BYTES = 8;

    /**
     * Why a stored hash cannot be checked against any password, read from the text alone (nothing derived): not an
     * Argon2id PHC string as the product writes one ({@code $argon2id$v=19$m=M,t=T,p=P$SALT$HASH}, standard Base64
     * without padding), parameters Argon2id does not allow (at least 1 pass and 1 lane, at least 8 KiB of memory
     * per lane: RFC 9106 section 3.1), beyond the ceiling ({@link #beyondCeiling}), a salt shorter than 8 bytes, or a
     * hash that is not 32 bytes. Such a hash was written outside the product (attack review of issue 17: a malformed
     * hash read as a wrong password, counted towards the lockout, instead of as damage).
     *
     * @param phc the stored {@code password_hash} column
     * @return null when a password can be checked against it, else what is wrong, starting "its …" (never the salt
     *         or the hash)
     */
    static String unusable(String phc) {
        String beyond = beyondCeiling(phc);
        if (beyond != null) {
            return beyond;
        }
        Matcher m = PHC.matcher(phc == null ? "" : phc);
        if (!m.matches()) {
            return "its text is not an Argon2id hash as the product writes one ('$argon2id$v=19$m=…,t=…,p=…$SALT$HASH')";
        }
        long memory = Long.parseLong(m.group(1)); // within the ceiling: digits it has checked
        long passes = Long.parseLong(m.group(2));
        long lanes = Long.parseLong(m.group(3));
        if (passes < 1 || lanes < 1 || memory < 8 * lanes) {
            return "its parameters " + DamagedStoreException.shown("m=" + m.group(1) + ",t=" + m.group(2) + ",p="
                    + m.group(3)) + " are not ones Argon2id allows (at least 1 pass, 1 lane and 8 KiB per lane)";
        }
        try {
            if (Base64.getDecoder().decode(m.group(4)).length < MIN_SALT_BYTES) {
                return "its salt is shorter than " + MIN_SALT_BYTES + " bytes";
            }
            if (Base64.getDecoder().decode(m.group(5)).length != HASH_BYTES) {
                return "its hash is not " + HASH_BYTES + " bytes long";
            }
        } catch (IllegalArgumentException e) {
            return "its salt or hash is not Base64";
        }
        return null;
    }

    /** Whether a string of digits is at most {@code max} (however many digits it has). */
    private static boolean within(String digits, int max) {
        String d = digits.replaceFirst("^0+(?=.)", "");
        return d.length() <= 9 && Integer.parseInt(d) <= max;
    }

    /**
     * Whether {@code password} matches the stored hash {@code phc}. A hash that cannot be checked ({@link #unusable}:
     * not an Argon2id PHC string, parameters beyond the ceiling, checked before any work) matches nothing.
     */
    static boolean matches(char[] password, String phc) {
        Matcher m = PHC.matcher(phc == null ? "" : phc);
        if (password == null || !m.matches() || unusable(phc) != null) {
            return false;
        }
        try { // a stored hash changed outside the product (a number too large, Base64 cut short) matches nothing
            byte[] salt = Base64.getDecoder().decode(m.group(4));
            byte[] expected = Base64.getDecoder().decode(m.group(5));
            byte[] actual = derive(password, salt, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return false;
        }
    }

    /**
     * The hash part a stored hash would hold for {@code password}, derived with the parameters and salt of {@code
     * shape}, for the server to compare (PostgreSQL's sign-in, V19: the device never reads the stored hash, only its
     * shape, {@code exoconsent_password_shape}). A shape that cannot be checked ({@link #unusable}: parameters beyond
     * the ceiling are never derived with) gives null, which matches nothing, as {@link #matches} does.
     *
     * @param shape the stored hash with its hash part masked ({@code $argon2id$v=19$m=M,t=T,p=P$SALT$AAAA…})
     * @return the derived hash as standard Base64 without padding (as the stored hash writes it), or null
     */
    static String derivedHashPart(char[] password, String shape) {
        Matcher m = PHC.matcher(shape == null ? "" : shape);
        if (password == null || !m.matches() || unusable(shape) != null) {
            return null;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(m.group(4));
            return Base64.getEncoder().withoutPadding().encodeToString(derive(password, salt,
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return null;
        }
    }

    /** How many Argon2id derivations this JVM has run (hashing and checking alike); for tests. */
    static long derivations() {
        return DERIVATIONS.get();
    }

    /**
     * A hash no password matches, with the parameters of every new hash, checked when an account does not exist, so
     * that an unknown name costs exactly one Argon2id derivation, as a real account does, from the first attempt of
     * the process on: timing tells no names (issue 14 §4). A constant, never computed at run time.
     *
     * <p>How it was made (Nov 2026): {@code openssl rand -base64 16} for the salt and {@code openssl rand -base64 32}
     * for the "hash", padding removed, with today's {@link #MEMORY_KIB}, {@link #ITERATIONS} and
     * {@link #PARALLELISM}; random bytes rather than a derived hash, so that no password signs in as nobody. When
     * the parameters change, make a new one the same way (AccessTest checks they equal those of a new hash).
     */
    static final String DECOY = "$argon2id$v=19$m=19456,t=2,p=1$9D5elaQTm5YaS20i9wQZ4Q"
            + "$zbmVvCo/8EeGoTMnuRQpf2WopzoXn2D3z5b/gGxUaIk";

    /** The decoy hash ({@link #DECOY}): costs nothing to get. */
    static String decoy() {
        return DECOY;
    }

    private static byte[] derive(char[] password, byte[] salt, int memory, int iterations, int parallelism) {
        DERIVATIONS.incrementAndGet();
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(memory).withIterations(iterations).withParallelism(parallelism)
                .build());
        byte[] out = new byte[32];
        byte[] pw = new String(password).getBytes(StandardCharsets.UTF_8);
        g.generateBytes(pw, out);
        java.util.Arrays.fill(pw, (byte) 0);
        return out;
    }
}
