package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
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
            SessionException e = assertThrows(SessionException.class, () -> TestAccounts.record(store, Examples.session(json),
                    Examples.template(), Examples.key(), "typo.json"));
            assertTrue(e.getMessage().contains("treatment.lot.number: lot 'UC10-2611-40' of product 'デモ培養上清エクソソーム "
                    + "UC-10' is not in the clinic's catalog"), e.getMessage());
            assertEquals(0, store.count());
        }
    }

    /**
     * README trial of issue 17: a lot of another product, chosen with the wrong product, was refused with the advice to
     * register it, which put one lot number under two products. The refusal names the product that holds it.
     */
    @Test
    void aLotOfAnotherProductIsRefusedNamingTheProductThatHoldsIt() throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) json.get("treatment").get("lot")).put("number", "AD-2609-17");
        try (RecordStore store = open()) {
            SessionException e = assertThrows(SessionException.class, () -> TestAccounts.record(store,
                    Examples.session(json), Examples.template(), Examples.key(), "wrong-product.json"));
            assertTrue(e.getMessage().contains("treatment.lot.number: lot 'AD-2609-17' is in the clinic's catalog for "
                    + "product 'Demo Adipose EV Concentrate', not for 'デモ培養上清エクソソーム UC-10': check the product "
                    + "and the lot of the treatment"), e.getMessage());
            assertTrue(!e.getMessage().contains("add-lot"), "no advice to register it under a second product");
            assertEquals(0, store.count());
        }
    }

    @Test
    void anExpiryThatDisagreesWithTheCatalogIsRefused() throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) json.get("treatment").get("lot")).put("expiry", "2027-06-30");
        try (RecordStore store = open()) {
            SessionException e = assertThrows(SessionException.class, () -> TestAccounts.record(store, Examples.session(json),
                    Examples.template(), Examples.key(), "x.json"));
            assertTrue(e.getMessage().contains("differs from the catalog's expiry of lot UC10-2611-04 (2027-05-31)"),
                    e.getMessage());
        }
    }

    @Test
    void productsAndLotsAreAddedAuditedAndNeverDuplicated() throws Exception {
        try (RecordStore store = open()) {
            store.addProduct(new Catalog.Product("Exo Test", "Maker KK", "dental pulp MSCs",
                    List.of("HIV-1/2", "HBV"), "sterilised", null, "allogeneic", "research-reagent"));
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
                    List.of(), "irradiated", null, "unknown", "unknown")));
            try (Statement st = store.sqliteStores().connection().createStatement();
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

    /** The catalog's audit entries, oldest first, as "action subject details". */
    private static List<String> catalogAudit(RecordStore store) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = store.sqliteStores().connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT action, subject, details FROM audit WHERE action LIKE "
                     + "'catalog:%' ORDER BY seq")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        return out;
    }

    private static Catalog.Physician physician(RecordStore store, String licence) throws StoreException {
        return store.catalog().physicians().stream().filter(p -> p.licenceNumber().equals(licence)).findFirst()
                .orElseThrow();
    }

    @Test
    void aPhysicianIsMarkedInactiveAndActiveAgainAndEachChangeIsAudited() throws Exception {
        try (RecordStore store = open()) {
            store.addPhysician(new Catalog.Physician("佐々木 恵", "654321", true));
            store.setPhysicianActive("654321", false);
            assertEquals(new Catalog.Physician("佐々木 恵", "654321", false), physician(store, "654321"));
            assertTrue(physician(store, "123456").active(), "the other physician is untouched");
            store.setPhysicianActive("654321", true);
            assertTrue(physician(store, "654321").active());
            assertEquals(List.of("catalog:physician-added 佐々木 恵 {\"licence\":\"654321\"}",
                    "catalog:physician-deactivated 佐々木 恵 {\"licence\":\"654321\"}",
                    "catalog:physician-activated 佐々木 恵 {\"licence\":\"654321\"}"), catalogAudit(store));
            assertTrue(store.verify((d, t) -> { }).ok());
        }
    }

    @Test
    void anUnknownLicenceOrAPhysicianAlreadyInThatStateIsRefusedAndNothingChanges() throws Exception {
        try (RecordStore store = open()) {
            List<Catalog.Physician> before = store.catalog().physicians();
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> store.setPhysicianActive("999999", false));
            assertEquals("physician: licence '999999' is not in the catalog", unknown.getMessage());
            IllegalArgumentException already = assertThrows(IllegalArgumentException.class,
                    () -> store.setPhysicianActive("123456", true));
            assertEquals("physician 山田 太郎 (licence 123456): is already active", already.getMessage());
            assertEquals(before, store.catalog().physicians());
            assertEquals(List.of(), catalogAudit(store), "refusals are not audited as changes");
        }
    }

    @Test
    void aDuplicateLicenceIsRefusedNamingIt() throws Exception {
        try (RecordStore store = open()) {
            ConflictException dup = assertThrows(ConflictException.class,
                    () -> store.addPhysician(new Catalog.Physician("別の 医師", "123456", true)));
            assertEquals("physician with licence 123456: is already in the catalog; nothing was changed",
                    dup.getMessage());
            assertEquals("山田 太郎", physician(store, "123456").name());
        }
    }

    private static Catalog.Product product(String name, List<String> tests) {
        return new Catalog.Product(name, "Maker KK", "dental pulp MSCs", tests, "not-sterilised", "-80 °C",
                "allogeneic", "cosmetic-ingredient");
    }

    @Test
    void aProductNeedsANameAndAPanelOfNamedVirusTests() throws Exception {
        try (RecordStore store = open()) {
            List<Catalog.Product> before = store.catalog().products();
            assertEquals("product: name is required", assertThrows(IllegalArgumentException.class,
                    () -> store.addProduct(product(" ", List.of("HBV")))).getMessage());
            assertEquals("product 'Exo Test': virus tests: give at least one test performed on the product",
                    assertThrows(IllegalArgumentException.class,
                            () -> store.addProduct(product("Exo Test", List.of()))).getMessage());
            assertEquals("product 'Exo Test': virus tests: test 2 of 3 has no name",
                    assertThrows(IllegalArgumentException.class,
                            () -> store.addProduct(product("Exo Test", List.of("HBV", " ", "HCV")))).getMessage());
            assertEquals("product 'Exo Test': manufacturer is required", assertThrows(IllegalArgumentException.class,
                    () -> store.addProduct(new Catalog.Product("Exo Test", "", "cells", List.of("HBV"), "unknown",
                            null, "unknown", "unknown"))).getMessage());
            assertEquals("product 'Exo Test': origin: 'donor' is not one of allogeneic, autologous, non-human, "
                    + "unknown", assertThrows(IllegalArgumentException.class, () -> store.addProduct(
                    new Catalog.Product("Exo Test", "M", "cells", List.of("HBV"), "unknown", null, "donor",
                            "unknown"))).getMessage());
            assertEquals("product 'Exo Test': supply: 'sold' is not one of cosmetic-ingredient, research-reagent, "
                    + "clinic-prepared, other, unknown", assertThrows(IllegalArgumentException.class,
                    () -> store.addProduct(new Catalog.Product("Exo Test", "M", "cells", List.of("HBV"), "unknown",
                            null, "unknown", "sold"))).getMessage());
            assertEquals(before, store.catalog().products(), "nothing was added");
            assertEquals(List.of(), catalogAudit(store));
        }
    }

    @Test
    void aDuplicateProductNameIsRefusedNamingTheProductAndTheFirstStaysAsItWas() throws Exception {
        try (RecordStore store = open()) {
            store.addProduct(product("Exo Test", List.of("HBV", "HCV")));
            ConflictException dup = assertThrows(ConflictException.class, () -> store.addProduct(
                    new Catalog.Product("Exo Test", "Other KK", "adipose MSCs", List.of("HIV-1/2"), "sterilised",
                            null, "autologous", "clinic-prepared")));
            assertEquals("product 'Exo Test': is already in the catalog; nothing was changed", dup.getMessage());
            Catalog.Product kept = store.catalog().products().stream().filter(p -> p.name().equals("Exo Test"))
                    .findFirst().orElseThrow();
            assertEquals(product("Exo Test", List.of("HBV", "HCV")), kept);
            assertEquals(1, catalogAudit(store).size(), "only the first was audited: " + catalogAudit(store));
        }
    }

    @Test
    void aLotNeedsANumberAndADuplicateNamesTheProductAndTheLot() throws Exception {
        try (RecordStore store = open()) {
            store.addProduct(product("Exo Test", List.of("HBV")));
            store.addLot(new Catalog.Lot("Exo Test", "A-1", LocalDate.parse("2027-01-31"), null));
            assertEquals("lot of product 'Exo Test': number is required", assertThrows(
                    IllegalArgumentException.class, () -> store.addLot(new Catalog.Lot("Exo Test", "  ",
                            LocalDate.parse("2027-01-31"), null))).getMessage());
            assertEquals("lot A-2 of product 'Exo Test': expiry is required", assertThrows(
                    IllegalArgumentException.class, () -> store.addLot(new Catalog.Lot("Exo Test", "A-2", null,
                            null))).getMessage());
            ConflictException dup = assertThrows(ConflictException.class, () -> store.addLot(new Catalog.Lot(
                    "Exo Test", "A-1", LocalDate.parse("2028-06-30"), "other")));
            assertEquals("lot A-1 of product 'Exo Test': is already in the catalog; nothing was changed",
                    dup.getMessage());
            assertEquals(List.of(new Catalog.Lot("Exo Test", "A-1", LocalDate.parse("2027-01-31"), null)),
                    store.catalog().lots().stream().filter(l -> l.product().equals("Exo Test")).toList(),
                    "the first lot keeps its expiry");
            assertFalse(catalogAudit(store).stream().anyMatch(a -> a.contains("A-2")), catalogAudit(store).toString());
            assertEquals(2, catalogAudit(store).size(), catalogAudit(store).toString());
        }
    }

    /**
     * Issue 14 §5 review: the store's catalog changes — what the command line and the administration screen's tabs
     * both call — refuse a text that every consultation quoting it would refuse, naming the field and the session's
     * limit, and a lot number with a Cyrillic look-alike; nothing is stored.
     */
    @Test
    void catalogTextsAreHeldToTheLimitsAndCharacterRulesOfASession() throws Exception {
        try (RecordStore store = open()) {
            RecordStore.CatalogView before = store.catalog();
            String product = before.products().get(0).name();
            IllegalArgumentException lot = assertThrows(IllegalArgumentException.class, () -> store.addLot(
                    new Catalog.Lot(product, "長".repeat(201), LocalDate.parse("2027-01-31"), null)));
            assertTrue(lot.getMessage().contains("lot number: 201 characters; at most 200"), lot.getMessage());
            IllegalArgumentException cyrillic = assertThrows(IllegalArgumentException.class, () -> store.addLot(
                    new Catalog.Lot(product, "L\u041ET-1", LocalDate.parse("2027-01-31"), null)));
            assertTrue(cyrillic.getMessage().contains("U+041E '\u041E' CYRILLIC CAPITAL LETTER O"),
                    cyrillic.getMessage());
            IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> store.addPhysician(
                    new Catalog.Physician("長".repeat(300), "700001", true)));
            assertTrue(name.getMessage().contains("physician name: 300 characters; at most 200"), name.getMessage());
            IllegalArgumentException address = assertThrows(IllegalArgumentException.class, () -> store.setClinic(
                    new Catalog.Clinic("クリニック", "東".repeat(2001), "03-0000-0000", "献血の前にお申し出ください。",
                            false)));
            assertTrue(address.getMessage().contains("clinic address: 2001 characters; at most 2000"),
                    address.getMessage());
            IllegalArgumentException tests = assertThrows(IllegalArgumentException.class, () -> store.addProduct(
                    product("Exo Many", java.util.Collections.nCopies(51, "HBV"))));
            assertTrue(tests.getMessage().contains("virus tests: 51 tests; at most 50"), tests.getMessage());
            assertEquals(before, store.catalog());
        }
    }
}
