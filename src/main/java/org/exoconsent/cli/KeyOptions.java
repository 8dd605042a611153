package org.exoconsent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.pdf.SigningKeys;
import picocli.CommandLine.Option;

/**
 * Which key signs: the clinic's PKCS#12 ({@code --keystore} or {@code EXOCONSENT_KEYSTORE}, password from
 * {@code --keystore-password-file} or {@code EXOCONSENT_KEYSTORE_PASSWORD}), else the key imported into the data
 * directory ({@code keys import}), else the data directory's self-signed key, created on first use with a notice.
 */
final class KeyOptions {
    static final String ENV_KEYSTORE = "EXOCONSENT_KEYSTORE";
    static final String ENV_PASSWORD = "EXOCONSENT_KEYSTORE_PASSWORD";

    @Option(names = "--keystore", paramLabel = "FILE",
            description = "The clinic's PKCS#12 signing key (default: $" + ENV_KEYSTORE
                    + ", else a self-signed key in the data directory).")
    Path keystore;

    @Option(names = "--keystore-password-file", paramLabel = "FILE",
            description = "File holding the keystore password (default: $" + ENV_PASSWORD + ").")
    Path passwordFile;

    /** The configured keystore, if any. */
    private Path configured(Map<String, String> env) {
        return keystore != null ? keystore
                : env.get(ENV_KEYSTORE) != null && !env.get(ENV_KEYSTORE).isBlank() ? Path.of(env.get(ENV_KEYSTORE))
                : null;
    }

    /** Opens the configured key or the data directory's self-signed one; null when neither exists yet. */
    private SigningKey openExisting(Path dataDir, Map<String, String> env) throws KeyException {
        Path p12 = configured(env);
        if (p12 != null) {
            return SigningKeys.open(p12, password(p12, env));
        }
        SigningKey imported = SigningKeys.existingImported(dataDir);
        return imported != null ? imported : SigningKeys.existingSelfSigned(dataDir);
    }

    /** Opens the key, creating the data directory's self-signed key (with a notice) when there is none. */
    SigningKey load(Path dataDir, String clinicName, Map<String, String> env, PrintWriter err) throws KeyException {
        SigningKey existing = openExisting(dataDir, env);
        if (existing != null) {
            return existing;
        }
        SigningKeys.Created c = SigningKeys.selfSigned(dataDir, clinicName);
        if (c.createdNow()) {
            err.println("Notice: no signing key is configured, so a self-signed key was created for this data "
                    + "directory:");
            err.println("  " + c.file());
            err.println("  certificate SHA-256 " + SigningKeys.fingerprint(c.key().certificate()));
            err.println("  It proves that a document was not changed after signing, but no certification "
                    + "authority vouches for it.");
            err.println("  Keep a backup of this folder; configure the clinic's own key with --keystore "
                    + "(see docs/SIGNING.md).");
        }
        return c.key();
    }

    private char[] password(Path p12, Map<String, String> env) throws KeyException {
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
            } catch (IOException e) {
                throw new KeyException(passwordFile + ": the keystore password file cannot be read: "
                        + e.getMessage(), e);
            }
        }
        String pw = env.get(ENV_PASSWORD);
        if (pw == null) {
            throw new KeyException(p12 + ": no password given: use --keystore-password-file FILE or set "
                    + ENV_PASSWORD);
        }
        return pw.toCharArray();
    }
}
