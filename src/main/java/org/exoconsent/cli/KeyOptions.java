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
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.usecases.KeySource;
import picocli.CommandLine.Option;

/**
 * Which key signs: the clinic's PKCS#12 ({@code --keystore} or {@code EXOCONSENT_KEYSTORE}, password from
 * {@code --keystore-password-file} or {@code EXOCONSENT_KEYSTORE_PASSWORD}), else the key imported into the data
 * directory ({@code keys import}), else the data directory's self-signed key, created (and registered) on first use
 * with a notice. Only a registered, current key signs a record or a withdrawal (the store checks; docs/SIGNING.md).
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

    /** The configured keystore ({@code --keystore} or {@code EXOCONSENT_KEYSTORE}), or null. */
    Path configured(Map<String, String> env) {
        return keystore != null ? keystore
                : env.get(ENV_KEYSTORE) != null && !env.get(ENV_KEYSTORE).isBlank() ? Path.of(env.get(ENV_KEYSTORE))
                : null;
    }

    /** How messages name the key that signs: its file, the data directory's key, or this device's own. */
    String what(ExoConsentCli root) {
        Path p12 = configured(root.env);
        return p12 != null ? "--keystore " + p12 : root.localDataDir() == null ? "this device's signing key (in "
                + root.deviceKeyFolder() + ")" : "the data directory's signing key";
    }

    /** Opens the configured keystore with its password; the configured file must exist. */
    SigningKey openConfigured(Map<String, String> env) throws KeyException {
        Path p12 = configured(env);
        if (p12 == null) {
            throw new KeyException("no keystore given: use --keystore FILE (or set " + ENV_KEYSTORE + ")");
        }
        return SigningKeys.open(p12, password(p12, env));
    }

    /**
     * Opens the configured key, else the data directory's (imported, else self-signed), creating and registering
     * the self-signed key (with a notice) when there is none. Whether the key may sign is checked by the store.
     */
    SigningKey load(RecordStore store, String clinicName, Map<String, String> env, PrintWriter err)
            throws KeyException, StoreException {
        if (configured(env) != null) {
            return openConfigured(env);
        }
        if (store.directory() == null) { // a shared store: this device's own key (issue 17 §2)
            SigningKeys.Created c = store.clinicSigningKey(clinicName, ExoConsentCli.deviceLabel());
            if (c.createdNow()) {
                String fp = SigningKeys.fingerprint(c.key().certificate());
                err.println("Notice: no signing key is configured, so a self-signed key was created for this device:");
                err.println("  " + c.file());
                err.println("  certificate SHA-256 " + fp);
                // never registered by the device itself, the first one's neither (attack review of issue 17, F2)
                err.println("  It signs nothing until an administrator registers it on this device with the database "
                        + "owner's login: exoconsent --store " + org.exoconsent.records.ShellWords.quote(
                        store.ownerAddress()) + " keys register --label " + org.exoconsent.records
                        .ShellWords.quote(ExoConsentCli.deviceLabel()) + " (see docs/SIGNING.md).");
            }
            return c.key();
        }
        SigningKeys.Created c = store.clinicSigningKey(clinicName);
        if (c.createdNow()) {
            err.println("Notice: no signing key is configured, so a self-signed key was created for this data "
                    + "directory and registered as one of the clinic's signing keys:");
            err.println("  " + c.file());
            err.println("  certificate SHA-256 " + SigningKeys.fingerprint(c.key().certificate()));
            err.println("  It proves that a document was not changed after signing, but no certification "
                    + "authority vouches for it.");
            err.println("  Keep a backup of this folder; configure the clinic's own key with --keystore "
                    + "(see docs/SIGNING.md).");
        }
        return c.key();
    }

    /** {@link #load} and how it is named, for a use case ({@link KeySource}). */
    KeySource source(ExoConsentCli root) {
        return new KeySource() {
            @Override
            public SigningKey load(RecordStore store, String clinicName) throws KeyException, StoreException {
                return KeyOptions.this.load(store, clinicName, root.env, root.err);
            }

            @Override
            public String what() {
                return KeyOptions.this.what(root);
            }

            @Override
            public Path file() {
                return configured(root.env);
            }
        };
    }

    private char[] password(Path p12, Map<String, String> env) throws KeyException {
        if (passwordFile != null) {
            try {
                return org.exoconsent.security.Secrets.fromFile(passwordFile);
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
