package org.exoconsent.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.exoconsent.files.OwnerOnly;

/**
 * The staff PIN that unlocks patient mode, kept only as a salted PBKDF2 hash (the JDK's implementation) in the
 * data directory's {@code settings.properties}. Accounts and passwords replace it in the back office (issue 5).
 */
public final class StaffPin {
    static final String FILE = "settings.properties";
    private static final int ITERATIONS = 210_000;

    private final Path settings;

    public StaffPin(Path dataDir) {
        this.settings = dataDir.resolve(FILE);
    }

    public boolean isSet() {
        return load().getProperty("staff.pin.hash") != null;
    }

    /** Sets the PIN (4 to 8 digits). */
    public void set(String pin) throws IOException {
        if (pin == null || !pin.matches("\\d{4,8}")) {
            throw new IllegalArgumentException("a staff PIN has 4 to 8 digits");
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Properties p = load();
        p.setProperty("staff.pin.salt", Base64.getEncoder().encodeToString(salt));
        p.setProperty("staff.pin.hash", Base64.getEncoder().encodeToString(hash(pin, salt)));
        OwnerOnly.createDirectories(settings.getParent());
        // a new file beside it, its owner's alone, moved over the old one (whatever the old one's mode was)
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        p.store(bytes, "ExoConsent settings");
        Path tmp = OwnerOnly.createTempFile(settings.getParent(), ".settings-", ".tmp");
        try {
            Files.write(tmp, bytes.toByteArray());
            Files.move(tmp, settings, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public boolean matches(String pin) {
        Properties p = load();
        String salt = p.getProperty("staff.pin.salt");
        String hash = p.getProperty("staff.pin.hash");
        if (salt == null || hash == null || pin == null) {
            return false;
        }
        return MessageDigest.isEqual(Base64.getDecoder().decode(hash), hash(pin, Base64.getDecoder().decode(salt)));
    }

    private Properties load() {
        Properties p = new Properties();
        if (Files.exists(settings)) {
            try (InputStream in = Files.newInputStream(settings)) {
                p.load(in);
            } catch (IOException e) {
                throw new IllegalStateException(settings + ": cannot be read: " + e.getMessage(), e);
            }
        }
        return p;
    }

    private static byte[] hash(String pin, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(pin.toCharArray(), salt, ITERATIONS, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
