package org.exoconsent.usecases;

import java.nio.file.Path;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;

/** Which key signs: the clinic's registered key in the data directory, or a key file the command line was given. */
public interface KeySource {
    /**
     * The key that will sign for the clinic named {@code clinicName}; whether it may sign is checked by the store.
     *
     * @throws KeyException when a key file cannot be opened (wrong password, unreadable)
     */
    SigningKey load(RecordStore store, String clinicName) throws KeyException, StoreException;

    /**
     * How refusals name the key ("--keystore FILE", "the data directory's signing key"); on a shared store the store
     * names a key without a file as this device's own ({@link RecordStore#requireRegisteredSigner}).
     */
    String what();

    /** The key file, named in the command that registers it, or null for the data directory's key. */
    Path file();

    /**
     * The data directory's key (its imported key, else its self-signed key, created and registered on first use:
     * {@link RecordStore#clinicSigningKey}).
     */
    static KeySource clinicKey() {
        return new KeySource() {
            @Override
            public SigningKey load(RecordStore store, String clinicName) throws KeyException, StoreException {
                return store.clinicSigningKey(clinicName).key();
            }

            @Override
            public String what() {
                return "the data directory's signing key";
            }

            @Override
            public Path file() {
                return null;
            }
        };
    }
}
