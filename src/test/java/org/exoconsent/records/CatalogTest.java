package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.exoconsent.consent.SessionException;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
    @TempDir
    Path tmp;

    private RecordStore open() throws StoreException {
        return TestAccounts.open(new DataDirectory(tmp), Examples.CLOCK, "test");
    }

    @Test
    void aSessionWithALotTheClinicNeverRegisteredIsRefused() throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) json.get("treatment").get("lot")).put("number", "UC10-2611-40");
        try (RecordStore store = open()) {
            SessionException e = assertThrows(SessionException.class, () -> store.record(Examples.session(json),
                    Examples.template(), Examples.key(), "typo.json"));
            assertTrue(e.getMessage().contains("treatment.lot.number: lot 'UC10-2611-40' of product 'デモ培養上清エクソソーム "
                    + "UC-10' is not in the clinic's catalog"), e.getMessage());
            assertEquals(0, store.count());
        }
    }

    @Test
    void anExpiryThatDisagreesWithTheCatalogIsRefused() throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) json.get("treatment").get("lot")).put("expiry", "2027-06-30");
        try (RecordStore store = open()) {
            SessionException e = assertThrows(SessionException.class, () -> store.record(Examples.session(json),
                    Examples.template(), Examples.key(), "x.json"));
            assertTrue(e.getMessage().contains("differs from the catalog's expiry of lot UC10-2611-04 (2027-05-31)"),
                    e.getMessage());
        }
    }

    @Test
    void productsAndLotsAreAddedAuditedAndNeverDuplicated() throws Exception {
        try (RecordStore store = open()) {
            store.addProduct(new Catalog.Product("Exo Test", "Maker KK", "dental pulp MSCs",
                    List.of("HIV-1/2", "HBV"), "sterilised", null));
            store.addLot(new Catalog.Lot("Exo Test", "ET-1", LocalDate.parse("2027-01-31"), "CD63+ 1.2e9/mL"));
            RecordStore.CatalogView c = store.catalog();
            assertTrue(c.clinic().demo());
            assertEquals(List.of("HIV-1/2", "HBV"), c.products().stream().filter(p -> p.name().equals("Exo Test"))
                    .findFirst().orElseThrow().virusTests());
            assertTrue(c.lots().contains(new Catalog.Lot("Exo Test", "ET-1", LocalDate.parse("2027-01-31"),
                    "CD63+ 1.2e9/mL")));
            assertThrows(ConflictException.class, () -> store.addLot(new Catalog.Lot("Exo Test", "ET-1",
                    LocalDate.parse("2028-01-31"), null)));
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> store.addLot(new Catalog.Lot("No Such", "1", LocalDate.parse("2028-01-31"), null)));
            assertEquals("product: 'No Such' is not in the catalog", unknown.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.addProduct(new Catalog.Product("X", "M", "c",
                    List.of(), "irradiated", null)));
            try (Statement st = store.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT action FROM audit WHERE action LIKE 'catalog:%' ORDER BY seq")) {
                rs.next();
                assertEquals("catalog:product-added", rs.getString(1));
                rs.next();
                assertEquals("catalog:lot-added", rs.getString(1));
                assertTrue(!rs.next(), "refused changes are not audited as changes");
            }
            assertTrue(store.verify((d, t) -> { }).ok());
        }
    }
}
