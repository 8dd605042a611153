package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.exoconsent.records.PostgresLocation;
import org.exoconsent.records.StoreLocation;
import org.exoconsent.records.StoreLocationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which store the app opens on this computer (issue 17 §1; docs/ARCHITECTURE.md "Choosing the store"): a data
 * directory as before, a PostgreSQL store named by the environment, the device's settings file or the set-up's choice,
 * in that order; and an address refused, said without its password, opens nothing.
 */
class AppStoreRefusalTest {
    @TempDir
    Path tmp;

    private Path none() {
        return tmp.resolve("store.properties");
    }

    private static final String CHOSEN = "postgresql://127.0.0.1:5433/chosen?user=exo_app";

    @Test
    void aDataDirectoryIsOpenedAsBefore() {
        assertEquals(tmp, ((StoreLocation.InDataDirectory) ExoConsentApp.storeLocation(tmp,
                Map.of("EXOCONSENT_STORE", "postgresql://h/x?user=u"), none(), CHOSEN)).directory().root(),
                "-Dexoconsent.home names a data directory, as --data-dir does, before everything else");
        assertEquals(tmp, ((StoreLocation.InDataDirectory) ExoConsentApp.storeLocation(null,
                Map.of("EXOCONSENT_HOME", tmp.toString()), none(), CHOSEN)).directory().root(),
                "EXOCONSENT_HOME before the set-up's choice");
        assertInstanceOf(StoreLocation.InDataDirectory.class, ExoConsentApp.storeLocation(null, Map.of(), none(),
                null), "nothing chosen: the data directory ~/.exoconsent");
    }

    @Test
    void aPostgresqlStoreFromTheEnvironmentTheSettingsFileOrTheSetUpIsOpenedInThatOrder() throws Exception {
        PostgresLocation env = (PostgresLocation) ExoConsentApp.storeLocation(null,
                Map.of("EXOCONSENT_STORE", "postgresql://127.0.0.1/exo?user=exo_app"), none(), CHOSEN);
        assertEquals("127.0.0.1:5432/exo exo_app", env.address() + "/" + env.database() + " " + env.user(),
                "EXOCONSENT_STORE before the set-up's choice");
        Files.writeString(none(), "store = postgresql://127.0.0.1/fromfile?user=exo_app\n");
        assertEquals("fromfile", ((PostgresLocation) ExoConsentApp.storeLocation(null, Map.of(), none(), CHOSEN))
                .database(), "the device's settings file before this user's choice");
        Files.delete(none());
        assertEquals("the PostgreSQL store 127.0.0.1:5433/chosen (user exo_app)", ExoConsentApp.storeLocation(null,
                Map.of(), none(), CHOSEN).describe(),
                "the set-up's choice when nothing stronger names a store");
    }

    @Test
    void aRefusedAddressIsSaidWithoutItsPassword() {
        StoreLocationException e = assertThrows(StoreLocationException.class, () -> ExoConsentApp.storeLocation(null,
                Map.of("EXOCONSENT_STORE", "postgresql://exo_app:Tr0ub4dor@127.0.0.1/exo"), none(), null));
        assertTrue(e.getMessage().startsWith("EXOCONSENT_STORE postgresql://exo_app:***@127.0.0.1/exo: a password "
                + "does not belong"), e.getMessage());
        StoreLocationException chosen = assertThrows(StoreLocationException.class, () -> ExoConsentApp
                .storeLocation(null, Map.of(), none(), "postgresql://db.clinic.lan/exo?user=exo_app&sslmode=require"));
        assertTrue(chosen.getMessage().startsWith(AppStore.CHOSEN + " postgresql://db.clinic.lan/exo"),
                chosen.getMessage());
    }
}
