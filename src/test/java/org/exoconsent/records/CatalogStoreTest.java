package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link CatalogStore} that every vendor's store keeps (issue 15 §1), through {@link Stores} only: a
 * fresh data directory is seeded once with the demo catalog; what is written is read back as written; a refused
 * change leaves the catalog as it was; a change is part of its caller's transaction (a rollback undoes it); a read
 * snapshot does not see a change committed after it began.
 */
class CatalogStoreTest extends StoreContract {
    CatalogStore catalog;

    @BeforeEach
    void area() {
        catalog = stores.catalog();
    }

    private static Catalog.Product product(String name) {
        return new Catalog.Product(name, "Maker KK", "dental pulp MSCs", List.of("HIV-1/2", "HBV"), "sterilised",
                null, "allogeneic", "research-reagent");
    }

    @Test
    void aNewStoreIsSeededOnceWithTheMarkedDemoCatalogInJapaneseAndEnglish() throws Exception {
        assertTrue(catalog.isNew());
        assertNull(catalog.clinic());
        assertTrue(Catalog.seedDemoIfNew(stores, data));
        assertFalse(catalog.isNew());
        assertFalse(Catalog.seedDemoIfNew(stores, data), "a store with a clinic is not seeded again");

        Catalog.Clinic clinic = catalog.clinic();
        assertTrue(clinic.demo(), "the practice clinic is marked as the demo");
        assertEquals("デモクリニック（練習用・架空）", clinic.name());
        assertEquals("Demo Clinic (practice data, fictitious)", clinic.text("en").name());
        Catalog.Physician physician = catalog.physician("123456");
        assertEquals("山田 太郎", physician.name());
        assertEquals("Taro Yamada", physician.name("en"));
        assertTrue(physician.active());
        assertEquals(List.of("Demo Adipose EV Concentrate", "デモ培養上清エクソソーム UC-10"),
                catalog.products().stream().map(Catalog.Product::name).toList(), "by name, in code point order");
        Catalog.Product uc = catalog.products().get(1);
        assertEquals(List.of("HIV-1/2", "HBV", "HCV", "HTLV-1", "パルボウイルスB19", "マイコプラズマ", "エンドトキシン",
                "無菌試験"), uc.virusTests());
        assertEquals("Sterility test", uc.text("en").virusTests().get(7));
        assertNull(catalog.products().get(0).text("en").storage(), "no storage text where the product has none");
        assertEquals(List.of(new Catalog.Lot("Demo Adipose EV Concentrate", "AD-2609-17", LocalDate.of(2027, 2, 28),
                null), new Catalog.Lot("デモ培養上清エクソソーム UC-10", "UC10-2611-04", LocalDate.of(2027, 5, 31), null)),
                catalog.lots().readable());
        assertEquals(List.of(), catalog.lotKeyProblems(), "every seeded lot carries its compared form");
    }

    @Test
    void removingTheDemoCatalogKeepsTheClinicsOwnPhysiciansAndAProductWithItsOwnLots() throws Exception {
        Catalog.seedDemoIfNew(stores, data);
        String uc = "デモ培養上清エクソソーム UC-10";
        write(() -> {
            catalog.addPhysician(new Catalog.Physician("佐藤 花子", "654321", true));
            catalog.addLot(new Catalog.Lot(uc, "UC10-OWN-1", LocalDate.of(2028, 1, 31), null));
        });
        write(catalog::removeDemo);
        assertEquals(List.of("654321"), catalog.physicians().stream().map(Catalog.Physician::licenceNumber).toList());
        assertEquals(List.of(uc), catalog.products().stream().map(Catalog.Product::name).toList(),
                "a demo product the clinic registered a lot of stays");
        assertEquals(List.of(new Catalog.Lot(uc, "UC10-OWN-1", LocalDate.of(2028, 1, 31), null)),
                catalog.lots().readable());
        write(catalog::removeDemo); // nothing left to remove: no failure
        assertEquals(1, catalog.physicians().size());
    }

    @Test
    void theClinicProfileIsReadBackAsWrittenAndTheDemoTextsGoWithTheDemoMark() throws Exception {
        Catalog.seedDemoIfNew(stores, data);
        write(() -> catalog.setClinic(new Catalog.Clinic("さくらクリニック", "東京都港区1-1", "03-1111-2222",
                "献血の前にお申し出ください。", true)));
        Catalog.Clinic c = catalog.clinic();
        assertEquals(new Catalog.Clinic("さくらクリニック", "東京都港区1-1", "03-1111-2222", "献血の前にお申し出ください。",
                false, Map.of()), c, "the demo mark and the demo clinic's English texts are gone");

        write(() -> catalog.setClinicText("en", new Catalog.ClinicText("  Sakura Clinic ", "1-1 Minato, Tokyo",
                "Tell the donation centre.")));
        assertEquals(new Catalog.ClinicText("Sakura Clinic", "1-1 Minato, Tokyo", "Tell the donation centre."),
                catalog.clinic().text("en"), "stored without the spaces around it");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> write(() ->
                catalog.setClinicText("en", new Catalog.ClinicText("さくら", "1-1 Minato", "Tell them."))));
        assertTrue(e.getMessage().startsWith("clinic: English name: 'さくら' contains"), e.getMessage());
        assertEquals("Sakura Clinic", catalog.clinic().text("en").name(), "a refused text changes nothing");
    }

    @Test
    void clinicTextsAreRefusedBeforeThereIsAProfile() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> write(() ->
                catalog.setClinicText("en", new Catalog.ClinicText("Sakura", "1-1 Minato", "Tell them."))));
        assertEquals("clinic: there is no clinic profile yet; set it first (its Japanese texts)", e.getMessage());
        assertNull(catalog.clinic());
    }

    @Test
    void physiciansAreReadBackByNameWithTheirNamesAndActiveState() throws Exception {
        write(() -> {
            catalog.addPhysician(new Catalog.Physician("鈴木 一郎", "200", true, Map.of("en", "Ichiro Suzuki")));
            catalog.addPhysician(new Catalog.Physician("佐藤 花子", "100", true));
        });
        assertEquals(List.of("佐藤 花子", "鈴木 一郎"), catalog.physicians().stream().map(Catalog.Physician::name)
                .toList());
        write(() -> catalog.setPhysicianName("100", "en", " Hanako Sato "));
        assertEquals("Hanako Sato", catalog.physician("100").name("en"));
        assertEquals("Ichiro Suzuki", catalog.physician("200").name("en"));

        write(() -> catalog.setPhysicianActive("200", false));
        assertFalse(catalog.physician("200").active());
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
                () -> write(() -> catalog.setPhysicianActive("200", false)));
        assertEquals("physician 鈴木 一郎 (licence 200): is already inactive", again.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> write(() -> catalog.setPhysicianName("999", "en", "Nobody")));
        assertEquals("physician: licence '999' is not in the catalog", unknown.getMessage());
        assertNull(catalog.physician("999"));
        assertThrows(SQLException.class, () -> write(() -> catalog.addPhysician(new Catalog.Physician("別人", "100",
                true))), "a licence number is the physician's: never twice");
        assertEquals("佐藤 花子", catalog.physician("100").name());
    }

    @Test
    void productsAndTheirTextsAreReadBackAndAWrongTextIsRefusedWithNothingChanged() throws Exception {
        write(() -> catalog.addProduct(product("Exo Test")));
        write(() -> catalog.setProductText("Exo Test", "en", new Catalog.ProductText("Exo Test EN", "Maker Inc.",
                "dental pulp MSCs", List.of(" HIV-1/2 ", "HBV"), null)));
        Catalog.Product p = catalog.products().get(0);
        assertEquals(List.of("HIV-1/2", "HBV"), p.virusTests());
        assertEquals(new Catalog.ProductText("Exo Test EN", "Maker Inc.", "dental pulp MSCs", List.of("HIV-1/2", "HBV"),
                null), p.text("en"));

        IllegalArgumentException tests = assertThrows(IllegalArgumentException.class, () -> write(() ->
                catalog.setProductText("Exo Test", "en", new Catalog.ProductText("Other", "Maker Inc.", "cells",
                        List.of("HIV-1/2"), null))));
        assertTrue(tests.getMessage().contains("virus tests: 1 given, but the product lists 2"), tests.getMessage());
        assertEquals("Exo Test EN", catalog.products().get(0).text("en").name(), "the refused texts were not stored");

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> write(() ->
                catalog.setProductOriginAndSupply("No Such", "autologous", "other")));
        assertEquals("product: 'No Such' is not in the catalog", unknown.getMessage());
        write(() -> catalog.setProductOriginAndSupply("Exo Test", "autologous", "clinic-prepared"));
        assertEquals("autologous", catalog.products().get(0).origin());
        assertEquals("clinic-prepared", catalog.products().get(0).supply());
        assertThrows(IllegalArgumentException.class, () -> write(() -> catalog.addProduct(new Catalog.Product("X",
                "M", "c", List.of("HIV"), "irradiated", null, "unknown", "unknown"))));
        assertEquals(1, catalog.products().size());
    }

    @Test
    void aLotIsFoundHoweverItsNumberIsWrittenAndNeverTwice() throws Exception {
        write(() -> {
            catalog.addProduct(product("Exo Test"));
            catalog.addLot(new Catalog.Lot("Exo Test", " LOT-2026-07A ", LocalDate.of(2027, 1, 31), "CD63+"));
        });
        Catalog.Lot stored = new Catalog.Lot("Exo Test", "LOT-2026-07A", LocalDate.of(2027, 1, 31), "CD63+");
        assertEquals(List.of(stored), catalog.lots().readable(), "stored without the spaces around it");
        assertEquals(stored, catalog.lot("Exo Test", "ＬＯＴ－２０２６－０７ａ"), "full-width, lower case: the same lot");
        assertNull(catalog.lot("Exo Test", "LOT-2026-07B"));
        assertNull(catalog.lot("Other", "LOT-2026-07A"), "a lot belongs to its product");
        assertThrows(SQLException.class, () -> write(() -> catalog.addLot(new Catalog.Lot("Exo Test",
                "lot-2026-07a", LocalDate.of(2028, 1, 31), null))), "a second spelling of one lot is refused");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> write(() ->
                catalog.addLot(new Catalog.Lot("No Such", "1", LocalDate.of(2028, 1, 31), null))));
        assertEquals("product: 'No Such' is not in the catalog", unknown.getMessage());
        assertEquals(List.of(stored), catalog.lots().readable());
        assertEquals(List.of(), catalog.lotKeyProblems());
    }

    @Test
    void aChangeIsPartOfItsCallersTransaction() throws Exception {
        tx.beginWrite();
        catalog.addProduct(product("Exo Test"));
        catalog.addPhysician(new Catalog.Physician("佐藤 花子", "100", true));
        assertEquals(1, catalog.products().size(), "seen inside its transaction");
        tx.rollback();
        assertEquals(List.of(), catalog.products(), "the store committed nothing by itself");
        assertEquals(List.of(), catalog.physicians());
    }

    @Test
    void aReadSnapshotDoesNotSeeAProductAddedAfterItBegan() throws Exception {
        try (Stores other = open(data)) {
            tx.beginRead();
            try {
                assertEquals(List.of(), catalog.products());
                other.transactions().beginWrite();
                other.catalog().addProduct(product("Exo Test"));
                other.transactions().commit();
                assertEquals(List.of(), catalog.products(), "the snapshot stays as it began");
            } finally {
                tx.commit();
            }
            assertEquals(List.of("Exo Test"), catalog.products().stream().map(Catalog.Product::name).toList());
        }
    }
}
