package org.exoconsent.usecases;

import java.nio.file.Path;
import java.util.List;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.pdf.SigningKeys;
import org.exoconsent.records.KeyRegistry;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;

/**
 * The clinic's signing keys (issue 15 §1; {@code exoconsent keys}): which key signs, the registered keys, registering
 * another, retiring one, importing the clinic's PKCS#12. Reading needs {@link Permission#READ_CATALOG} (anyone signed
 * in); changing needs {@link Permission#MANAGE_KEY} (administrators), checked before any work — before a key file is
 * opened or its password asked for (a refusal is audited {@code access-refused}); the store refuses an unusable key
 * naming it and audits each change ({@code key:registered}, {@code key:retired}, {@code key:imported}).
 */
public final class KeyAdministration {
    /** Opens the key to register, once the permission is checked. */
    @FunctionalInterface
    public interface KeyFile {
        /** @throws KeyException when the file cannot be opened (wrong password, unreadable) */
        SigningKey open() throws KeyException;
    }

    /** Asks the password of a PKCS#12 to import, once the permission is checked. */
    @FunctionalInterface
    public interface KeyPassword {
        /** @throws KeyException when no password can be read */
        char[] get() throws KeyException;
    }

    /**
     * The data directory's keys.
     *
     * @param imported   the imported clinic key, or null
     * @param selfSigned the data directory's self-signed key, or null (none is made here)
     * @param registered every registered key, with its period
     * @param clock      the clinic's clock, to show times and periods in its zone
     */
    public record Keys(SigningKey imported, SigningKey selfSigned, List<KeyRegistry.RegisteredKey> registered,
                       ClinicClock clock) {
    }

    /**
     * A registered key after a change, with the clinic's clock to show it.
     *
     * @param key   the key as registered now (its period, or its end when retired)
     * @param clock the clinic's clock
     */
    public record Registered(KeyRegistry.RegisteredKey key, ClinicClock clock) {
    }

    /**
     * The imported key, which signs from now.
     *
     * @param key   the key as stored in the data directory
     * @param clock the clinic's clock
     */
    public record Imported(SigningKey key, ClinicClock clock) {
    }

    private final StoreOpening opening;

    /** @param opening opens the store as the signed-in person */
    public KeyAdministration(StoreOpening opening) {
        this.opening = opening;
    }

    /**
     * Which key signs and every registered key; nothing is created.
     *
     * @throws KeyException when a key file of the data directory cannot be read
     */
    public Keys keys() throws StoreException, KeyException {
        try (RecordStore store = Permitted.open(opening, Permission.READ_CATALOG, "keys show")) {
            org.exoconsent.pdf.KeyFiles files = store.keyFiles();
            return new Keys(SigningKeys.existingImported(files), SigningKeys.existingSelfSigned(files),
                    store.signingKeys(), store.clinicClock());
        }
    }

    /**
     * Registers another key the clinic signs with, from now.
     *
     * @param label what the clinic calls it (the device, or "clinic key")
     * @throws KeyException   when the key file cannot be opened
     * @throws StoreException when refused (already registered, an unusable certificate) or failing
     */
    public Registered register(KeyFile file, String label) throws StoreException, KeyException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_KEY, "keys register")) {
            SigningKey key = file.open();
            return new Registered(store.registerSigningKey(key, label), store.clinicClock());
        }
    }

    /**
     * On a shared store, registers this device's own key (issue 17 §2; {@code keys register} without a keystore): the
     * one imported into its key folder, else its self-signed one, made now when the device has none yet — named for
     * the clinic's profile, as its first signature would make it — so that a device is registered right after the
     * store is set up (attack review of issue 17, F2: with the database owner's login).
     *
     * @param label what the clinic calls the device
     * @throws KeyException   when the device's key file cannot be opened or made
     * @throws StoreException when refused (a device's role, already registered, an unusable certificate) or failing
     */
    public Registered registerThisDevice(String label) throws StoreException, KeyException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_KEY, "keys register")) {
            org.exoconsent.pdf.KeyFiles files = store.keyFiles();
            SigningKey key = SigningKeys.existingImported(files);
            if (key == null) {
                key = store.clinicSigningKey(store.catalog().clinic().name(), label).key();
            }
            return new Registered(store.registerSigningKey(key, label), store.clinicClock());
        }
    }

    /**
     * Retires the registered key whose certificate has SHA-256 {@code fingerprint} (colons optional): from now it
     * signs nothing; what it signed before stays covered.
     *
     * @throws org.exoconsent.records.RefusedException naming a fingerprint no registered key has
     */
    public Registered retire(String fingerprint) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_KEY, "keys retire")) {
            return new Registered(store.retireSigningKey(fingerprint), store.clinicClock());
        }
    }

    /**
     * Imports the clinic's PKCS#12 from a certification authority; stored under a new random password, registered
     * as {@code label}, signing from now. The file's password is wiped after.
     *
     * @throws KeyException when the file or its password is unusable
     */
    public Imported importKey(Path p12, KeyPassword password, String label) throws StoreException, KeyException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_KEY, "keys import")) {
            char[] p = password.get();
            try {
                return new Imported(store.importSigningKey(p12, p, label), store.clinicClock());
            } finally {
                java.util.Arrays.fill(p, '\0');
            }
        }
    }
}
