package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.pdf.SigningKeys;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which device's key a shared store registers by itself (issue 17 §2; attack review F4): only a new store's first
 * device, whose registry holds no key at all. Once the clinic's keys were all retired (a lost tablet), a new device's
 * key signs nothing until an administrator registers it.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class DeviceKeyRegistrationOnPostgresTest {
    @TempDir
    Path tmp;

    private final PostgresContract postgres = new PostgresContract();

    @Test
    void aDevicesKeyRegistersItselfOnlyInAnEmptyRegistryNeverAfterEveryKeyWasRetired() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        Clock clock = Clock.systemUTC(); // the server's clock is the authority: the computer's is within 2 minutes
        KeyFiles desk = DataDirectory.keyFilesIn(tmp.resolve("desk/keys"));
        KeyFiles tablet = DataDirectory.keyFilesIn(tmp.resolve("tablet/keys"));
        try (RecordStore admin = RecordStore.createFirstAdministrator(new RecordStore.Source(postgres.open(), place,
                desk), clock, TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), null)) {
            admin.setRoles(TestAccounts.NAME, EnumSet.allOf(Role.class), TestAccounts.LICENCE);
        }
        try (RecordStore store = signIn(place, desk, clock)) {
            SigningKey first = store.clinicSigningKey("テストクリニック", "Desk").key();
            assertEquals(List.of("self-signed key of Desk"), store.signingKeys().stream()
                    .map(KeyRegistry.RegisteredKey::label).toList(), "the new store's first device registers itself");
            store.requireRegisteredSigner(first, "the desk's key", null);
            store.retireSigningKey(SigningKeys.fingerprint(first.certificate())); // the desk was lost
        }
        try (RecordStore store = signIn(place, tablet, clock)) {
            SigningKey second = store.clinicSigningKey("テストクリニック", "Tablet 2").key();
            assertTrue(store.signingKeys().stream().noneMatch(KeyRegistry.RegisteredKey::current),
                    "no key registers itself once the registry has held one: " + store.signingKeys());
            // as the app asks (its key source names no file): the refusal names this device's key and how an
            // administrator registers it, not a data directory's key or --keystore (review of issue 17)
            KeyRefusedException refused = assertThrows(KeyRefusedException.class,
                    () -> store.requireRegisteredSigner(second,
                            org.exoconsent.usecases.KeySource.clinicKey().what(), null));
            assertEquals("this device's signing key (in " + tmp.resolve("tablet/keys") + "): is not registered in "
                    + "the clinic's shared store (certificate SHA-256 " + SigningKeys.fingerprint(second.certificate())
                    + ", subject " + second.certificate().getSubjectX500Principal().getName() + "), so this device "
                    + "signs nothing yet; nothing was signed. Each device signs with its own key, which an "
                    + "administrator registers once: on this device, signed in as an administrator, exoconsent keys "
                    + "register --label \"LABEL\" (LABEL: what the clinic calls this device, such as \"Tablet 2\"), "
                    + "with this device's store (its settings file, EXOCONSENT_STORE or --store). See docs/SIGNING.md, "
                    + "\"Keys on a shared store\".", refused.getMessage());
            store.registerSigningKey(second, "Tablet 2"); // the administrator's decision
            store.requireRegisteredSigner(second, "the tablet's key", null);
        }
    }

    private RecordStore signIn(String place, KeyFiles device, Clock clock) throws StoreException {
        return RecordStore.signIn(new RecordStore.Source(postgres.open(), place, device), clock, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray());
    }
}
