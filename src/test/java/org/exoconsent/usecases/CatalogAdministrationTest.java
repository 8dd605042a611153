package org.exoconsent.usecases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.ConflictException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clinic's catalog through the use case alone: a manager is refused a change (nothing added, the refusal
 * audited), an administrator adds a physician and a lot and deactivates the physician (each audited), a duplicate
 * lot and a lot of an unknown product are refused.
 */
class CatalogAdministrationTest {
    @TempDir
    Path tmp;

    private DataDirectory dir;

    @BeforeEach
    void dataDirectory() throws Exception {
        dir = UseCaseTesting.withManager(tmp.resolve("data"));
    }

    @Test
    void aManagerIsRefusedAChangeAndNothingIsAdded() throws Exception {
        CatalogAdministration office = new CatalogAdministration(AdministrationTesting.manager(dir));

        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> office.addPhysician(new Catalog.Physician("鈴木 一郎", "998877", true, Map.of())));

        assertFalse(office.catalog().physicians().stream().anyMatch(p -> p.licenceNumber().equals("998877")),
                "a manager reads the catalog, and nothing was added");
        AdministrationTesting.assertRefusedAndAudited(e, dir, "catalog add-physician");
    }

    @Test
    void anAdministratorAddsAPhysicianAndALotEachAudited() throws Exception {
        CatalogAdministration admin = asAdministrator();
        String product = admin.catalog().products().get(0).name();
        admin.addPhysician(new Catalog.Physician("鈴木 一郎", "998877", true, Map.of()));
        admin.setPhysicianActive("998877", false);
        admin.addLot(new Catalog.Lot(product, "LOT-UC-1", LocalDate.of(2030, 1, 31), null));

        RecordStore.CatalogView c = admin.catalog();
        assertTrue(c.physicians().stream().anyMatch(p -> p.licenceNumber().equals("998877") && !p.active()));
        assertTrue(c.lots().stream().anyMatch(l -> l.number().equals("LOT-UC-1") && l.product().equals(product)));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            List<String> entries = TestAudit.entries(store, "catalog");
            assertTrue(entries.stream().anyMatch(x -> x.contains("998877")), entries.toString());
            assertTrue(entries.stream().anyMatch(x -> x.contains("LOT-UC-1")), entries.toString());
        }
    }

    @Test
    void aDuplicateLotAndALotOfAnUnknownProductAreRefused() throws Exception {
        CatalogAdministration admin = asAdministrator();
        String product = admin.catalog().products().get(0).name();
        admin.addLot(new Catalog.Lot(product, "LOT-UC-2", LocalDate.of(2030, 1, 31), null));

        assertThrows(ConflictException.class,
                () -> admin.addLot(new Catalog.Lot(product, "LOT-UC-2", LocalDate.of(2031, 1, 31), null)));
        Exception unknown = assertThrows(Exception.class,
                () -> admin.addLot(new Catalog.Lot("No Such Product", "LOT-UC-3", LocalDate.of(2030, 1, 31), null)));
        assertTrue(unknown.getMessage().contains("No Such Product"), unknown.getMessage());
        assertEquals(1L, admin.catalog().lots().stream().filter(l -> l.number().startsWith("LOT-UC")).count());
    }

    private CatalogAdministration asAdministrator() {
        return new CatalogAdministration(AdministrationTesting.administrator(dir));
    }
}
