package org.exoconsent.records;

import java.time.Clock;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;

/**
 * Registers signing keys on a test's PostgreSQL store as the clinic's administrator would (attack review of issue 17,
 * F2): with the database OWNER's login, signed in as the tests' administrator ({@link TestAccounts#NAME}); the devices'
 * application role cannot insert into the registry, and the tests never give it that right.
 */
public final class OwnerKeys {
    private OwnerKeys() {
    }

    /**
     * Signs the tests' administrator in on an opening of {@code db} as its owner ({@link
     * PostgresStores.Role#APPLICATION_OR_OWNER}, as {@code keys register} opens it).
     *
     * @param deviceKeys the key folder of the device the administrator is on (its own key is what it registers)
     */
    public static RecordStore signIn(ClinicDatabase db, KeyFiles deviceKeys, Clock clock) throws StoreException {
        return RecordStore.signIn(RecordStore.Source.postgres(db.ownerDataSource(), db.storeUrl(db.owner()),
                deviceKeys, PostgresStores.Role.APPLICATION_OR_OWNER), clock, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray());
    }

    /** Registers the tests' key ({@link TestAccounts#registerTestKey}) from its certificate's start, as the owner. */
    public static void registerTestKey(ClinicDatabase db, KeyFiles deviceKeys, Clock clock) throws StoreException {
        try (RecordStore owner = signIn(db, deviceKeys, clock)) {
            TestAccounts.registerTestKey(owner);
        }
    }

    /** Registers {@code key} under {@code label} from now ({@code keys register}), as the owner. */
    public static KeyRegistry.RegisteredKey register(ClinicDatabase db, KeyFiles deviceKeys, SigningKey key,
                                                     String label, Clock clock) throws StoreException {
        try (RecordStore owner = signIn(db, deviceKeys, clock)) {
            return owner.registerSigningKey(key, label);
        }
    }

    /**
     * Makes this device's self-signed key in {@code deviceKeys} when it has none (named for {@code clinicName}, as its
     * first signature would) and registers it under {@code label}, as the owner: what {@code keys register --label}
     * does on a new device right after the store is set up.
     */
    public static KeyRegistry.RegisteredKey registerDeviceKey(ClinicDatabase db, KeyFiles deviceKeys,
                                                              String clinicName, String label, Clock clock)
            throws StoreException, org.exoconsent.pdf.KeyException {
        try (RecordStore owner = signIn(db, deviceKeys, clock)) {
            return owner.registerSigningKey(owner.clinicSigningKey(clinicName, label).key(), label);
        }
    }
}
