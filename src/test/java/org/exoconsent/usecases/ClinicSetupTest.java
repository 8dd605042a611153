package org.exoconsent.usecases;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-run set-up through the use case alone: a manager is refused before a key is made, the first
 * administrator's set-up stores the clinic, a self-signed key and the first product and lot, and a key file that
 * cannot be opened changes nothing else.
 */
class ClinicSetupTest {
    private static final Catalog.Clinic CLINIC = new Catalog.Clinic("テストクリニック", "東京都千代田区1-1",
            "03-0000-0000", "献血についての当院の方針", false, Map.of());

    @TempDir
    Path tmp;

    @Test
    void aManagerIsRefusedBeforeAnyKeyIsMade() throws Exception {
        DataDirectory dir = UseCaseTesting.withManager(tmp.resolve("data"));
        ClinicSetup office = new ClinicSetup(AdministrationTesting.manager(dir));
        char[] password = new char[0];

        assertThrows(AccessDeniedException.class, () -> office.save(new ClinicSetup.Setup(CLINIC, false, null,
                password, false, null, null)));

        assertFalse(Files.exists(dir.keyFiles().selfSigned()), "no key made");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertTrue(store.catalog().clinic().demo(), "the DEMO clinic stays");
            assertEquals(1, TestAudit.entries(store, "access-refused").size());
        }
    }

    @Test
    void theFirstAdministratorsSetUpStoresTheClinicAKeyAndTheFirstProductAndLot() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        new SignIn(dir, Examples.CLOCK).firstAdministrator("admin", "first admin password".toCharArray(), "test");
        ClinicSetup setup = new ClinicSetup(UseCaseTesting.signedIn(dir, "admin", "first admin password"));
        Catalog.Product product = new Catalog.Product("UC Exosome", "UC Labs", "adipose-derived MSC",
                List.of("HIV", "HBV"), Catalog.STERILISATION_STATUSES.get(0), null, Catalog.ORIGINS.get(0),
                Catalog.SUPPLIES.get(0), Map.of());
        Catalog.Lot lot = new Catalog.Lot("UC Exosome", "UC-001", LocalDate.of(2030, 6, 30), null);

        setup.save(new ClinicSetup.Setup(CLINIC, false, null, new char[0], false, product, lot));

        RecordStore.CatalogView c = new CatalogAdministration(UseCaseTesting.signedIn(dir, "admin", "first admin password")).catalog();
        assertEquals("テストクリニック", c.clinic().name());
        assertFalse(c.clinic().demo());
        assertEquals(List.of("UC Exosome"), c.products().stream().map(Catalog.Product::name).toList());
        assertEquals(List.of("UC-001"), c.lots().stream().map(Catalog.Lot::number).toList());
        assertTrue(Files.exists(dir.keyFiles().selfSigned()), "the self-signed key was made");
    }

    @Test
    void aKeyFileThatCannotBeOpenedChangesNothingElseAndItsPasswordIsWiped() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        new SignIn(dir, Examples.CLOCK).firstAdministrator("admin", "first admin password".toCharArray(), "test");
        ClinicSetup setup = new ClinicSetup(UseCaseTesting.signedIn(dir, "admin", "first admin password"));
        Path notAKey = Files.writeString(tmp.resolve("clinic.p12"), "not a PKCS#12");
        char[] password = "key password".toCharArray();

        KeyException e = assertThrows(KeyException.class, () -> setup.save(new ClinicSetup.Setup(CLINIC, false,
                notAKey, password, false, null, null)));

        assertTrue(e.getMessage().contains("clinic.p12"), e.getMessage());
        assertArrayEquals(new char[password.length], password, "wiped");
        assertTrue(new CatalogAdministration(UseCaseTesting.signedIn(dir, "admin", "first admin password")).catalog().clinic().demo(), "the clinic unchanged");
    }
}
