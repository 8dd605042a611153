package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.FxWait;
import org.exoconsent.testing.Screenshots;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The first-run set-up without the practice catalog asks for the clinic's first product and its first lot, with
 * the Products tab's fields and words: origin and supply are chosen, never assumed; what is refused is said beside
 * its field and nothing is saved; what is accepted is in the catalog, added and audited by the store.
 */
@UiTest
class AppFirstProductTest {
    private static final String PRODUCT = "自家培養上清 AS-1";
    private static final String LOT = "AS1-0001";

    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();
    private final FxRobot robot = app.robot;

    @AfterEach
    void stopTheApp() throws Exception {
        app.close();
    }

    /** The label's text, or "" once the screen holding it has been replaced. */
    private String text(String query) {
        return robot.lookup(query).tryQuery().map(n -> ((Label) n).getText()).orElse("");
    }

    /** Signs in beside the running app, whose background work holds the writer lock for moments at a time. */
    private RecordStore store() throws Exception {
        return AppDriver.signInWhenFree(new DataDirectory(tmp.resolve("data")), "admin", "the admin password");
    }

    /** From an empty data directory to the set-up with the clinic filled in and the practice catalog not kept. */
    private void setUpWithoutTheDemoCatalog() throws Exception {
        app.launch(tmp.resolve("data"));
        app.createFirstAdministrator("admin", "the admin password");
        FxWait.until(() -> !robot.lookup("#setup-policy").queryAs(javafx.scene.control.TextArea.class).getText()
                .isEmpty(), "the demo policy as a starting point", 30);
        app.click("#setup-clinic-name").write("Sakura Skin Clinic");
        app.click("#setup-clinic-address").write("1-2-3 Sakura, Tokyo");
        app.click("#setup-clinic-phone").write("03-1234-5678");
        assertFalse(app.visible("#setup-product-name"), "no product part while the practice catalog is kept");
        app.click("#setup-keep-demo");
        app.waitFor("#setup-product-name");
        assertNull(robot.lookup("#setup-product-origin").queryAs(ChoiceBox.class).getValue(), "origin: none chosen");
        assertNull(robot.lookup("#setup-product-supply").queryAs(ChoiceBox.class).getValue(), "supply: none chosen");
    }

    private void finish() throws InterruptedException {
        app.reveal("#setup-finish");
        app.click("#setup-finish");
    }

    @Test
    void theFirstRunAddsTheClinicsFirstProductWithItsOriginSupplyAndLot() throws Exception {
        setUpWithoutTheDemoCatalog();
        // the form is taller than the screen now; a field reached with the keyboard is scrolled into view
        assertFalse(app.inView("#setup-lot-expiry"), "below the first screen");
        robot.interact(() -> robot.lookup("#setup-lot-expiry").query().requestFocus());
        assertTrue(app.inView("#setup-lot-expiry"), "scrolled to, once it has the focus");
        LocalDate expiry = LocalDate.now().plusMonths(6);
        app.fill("#setup-product-name", PRODUCT);
        app.fill("#setup-product-manufacturer", "Sakura Skin Clinic (own processing room)");
        app.fill("#setup-product-source-cells", "the patient's own adipose-derived stem cells");
        app.fill("#setup-product-virus-tests", "HBV, HCV, HIV-1/2, HTLV-1");
        app.choose("#setup-product-sterilisation", "Not sterilised");
        app.fill("#setup-product-storage", "-80 C");
        app.choose("#setup-product-origin", "the patient's own cells");
        app.choose("#setup-product-supply", "prepared by the clinic");
        app.fill("#setup-lot-number", LOT);
        app.fill("#setup-lot-expiry", expiry.toString());
        Screenshots.save(robot.capture(app.shownRoot()).getImage(), "7c-first-run-first-product");
        finish();
        app.waitFor("#signed-in-as");

        try (RecordStore store = store()) {
            RecordStore.CatalogView c = store.catalog();
            assertEquals("Sakura Skin Clinic", c.clinic().name());
            assertEquals(List.of(new Catalog.Product(PRODUCT, "Sakura Skin Clinic (own processing room)",
                    "the patient's own adipose-derived stem cells", List.of("HBV", "HCV", "HIV-1/2", "HTLV-1"),
                    "not-sterilised", "-80 C", "autologous", "clinic-prepared")), c.products(),
                    "the clinic's product alone, the practice ones removed");
            assertEquals(List.of(new Catalog.Lot(PRODUCT, LOT, expiry, null)), c.lots());

            List<String> audit = TestAudit.entries(store, "catalog:");
            String added = audit.stream().filter(a -> a.startsWith("catalog:product-added " + PRODUCT + " "))
                    .findFirst().orElseThrow(() -> new AssertionError("no product-added entry: " + audit));
            assertTrue(added.contains("\"origin\":\"autologous\"") && added.contains("\"supply\":\"clinic-prepared\""),
                    added);
            int clinic = indexOf(audit, "catalog:clinic-updated Sakura Skin Clinic ");
            int demo = indexOf(audit, "catalog:demo-removed ");
            int product = audit.indexOf(added);
            int lot = indexOf(audit, "catalog:lot-added " + PRODUCT + " / " + LOT + " ");
            assertTrue(clinic >= 0 && clinic < demo && demo < product && product < lot,
                    "the clinic, the practice catalog removed, then the product and its lot: " + audit);
            assertTrue(store.verify((d, t) -> { }).ok(), "the audit chain holds");
        }
    }

    private static int indexOf(List<String> entries, String start) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).startsWith(start)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aRefusedFirstProductIsSaidBesideItsFieldsAndNothingIsSavedUntilItIsCorrected() throws Exception {
        setUpWithoutTheDemoCatalog();
        LocalDate yesterday = LocalDate.now().minusDays(1);
        app.fill("#setup-product-manufacturer", "Sakura Skin Clinic (own processing room)");
        app.fill("#setup-product-source-cells", "the patient's own adipose-derived stem cells");
        app.fill("#setup-product-virus-tests", "HBV, HCV");
        app.choose("#setup-product-sterilisation", "Unknown");
        app.choose("#setup-product-origin", "unknown");
        app.choose("#setup-product-supply", "unknown");
        app.fill("#setup-lot-number", LOT);
        app.fill("#setup-lot-expiry", yesterday.toString());
        finish();
        FxWait.until(() -> !text("#setup-message").isEmpty(), "the refusal", 30);
        assertEquals("The first product is not complete: each field to correct says why, under it. Nothing was saved yet.",
                text("#setup-message"));
        assertEquals("Product: enter the product name.", text("#setup-product-name-problem"));
        assertEquals("Lot " + LOT + " of (not entered): the expiry " + yesterday + " has passed; an expired lot "
                + "cannot be used for a treatment.", text("#setup-lot-expiry-problem"));
        assertTrue(app.visible("#setup-product-name-problem") && app.visible("#setup-lot-expiry-problem"));
        assertFalse(app.visible("#setup-product-manufacturer-problem"), "a field that is right says nothing");
        assertTrue(robot.lookup("#setup-product-name").queryAs(TextField.class).isFocused(),
                "the first field to correct has the focus");
        Screenshots.save(robot.capture(app.shownRoot()).getImage(), "7d-first-run-first-product-refused");

        // the form stays as it was, and nothing at all was saved: not the clinic, nor the product, nor the removal
        assertTrue(app.visible("#setup-finish"));
        assertEquals(LOT, robot.lookup("#setup-lot-number").queryAs(TextField.class).getText());
        try (RecordStore store = store()) {
            RecordStore.CatalogView c = store.catalog();
            assertTrue(c.clinic().demo(), "still the demo clinic");
            assertEquals(2, c.products().size(), "the practice products only");
            assertEquals(List.of(), TestAudit.entries(store, "catalog:"), "no catalog change was made");
        }

        // corrected, the problems follow the typing, and the set-up finishes
        app.fill("#setup-product-name", PRODUCT);
        FxWait.until(() -> !app.visible("#setup-product-name-problem"), "the name's problem to go", 30);
        assertTrue(text("#setup-lot-expiry-problem").startsWith("Lot " + LOT + " of " + PRODUCT + ":"),
                text("#setup-lot-expiry-problem"));
        LocalDate expiry = LocalDate.now().plusYears(1);
        app.fill("#setup-lot-expiry", expiry.toString());
        finish();
        app.waitFor("#signed-in-as");
        try (RecordStore store = store()) {
            RecordStore.CatalogView c = store.catalog();
            assertEquals(List.of(new Catalog.Product(PRODUCT, "Sakura Skin Clinic (own processing room)",
                    "the patient's own adipose-derived stem cells", List.of("HBV", "HCV"), "unknown", null, "unknown",
                    "unknown")), c.products(), "unknown, as chosen");
            assertEquals(List.of(new Catalog.Lot(PRODUCT, LOT, expiry, null)), c.lots());
            assertEquals(1, TestAudit.entries(store, "catalog:product-added").size());
        }
    }

    @Test
    void aProductTheStoreRefusesIsSaidNamingItAndTheFormStaysToBeCorrected() throws Exception {
        setUpWithoutTheDemoCatalog();
        LocalDate expiry = LocalDate.now().plusMonths(3);
        app.fill("#setup-product-name", PRODUCT);
        app.fill("#setup-product-manufacturer", "Sakura Skin Clinic");
        app.fill("#setup-product-source-cells", "the patient's own adipose-derived stem cells");
        app.fill("#setup-product-virus-tests", "HBV, HCV");
        app.choose("#setup-product-sterilisation", "Not sterilised");
        app.choose("#setup-product-origin", "the patient's own cells");
        app.choose("#setup-product-supply", "prepared by the clinic");
        app.fill("#setup-lot-number", LOT);
        app.fill("#setup-lot-expiry", expiry.toString());
        // meanwhile, someone adds a product of that name with the command line
        Catalog.Product theirs = new Catalog.Product(PRODUCT, "another maker", "cells", List.of("HBV"),
                "unknown", null, "unknown", "unknown");
        try (RecordStore store = store()) {
            store.addProduct(theirs);
        }
        finish();
        FxWait.until(() -> text("#setup-message").contains("was refused"), "the refusal", 30);
        assertEquals("The clinic was set up, but product " + PRODUCT + " was refused: product '" + PRODUCT
                + "': is already in the catalog; nothing was changed. Nothing of the product was added. Correct it "
                + "and finish the set-up again, or empty the product fields and add it later under Administration, "
                + "Products.", text("#setup-message"));
        assertTrue(app.visible("#setup-finish"), "the form stays");
        try (RecordStore store = store()) {
            RecordStore.CatalogView c = store.catalog();
            assertEquals("Sakura Skin Clinic", c.clinic().name(), "the clinic was saved before the product");
            assertEquals(List.of(theirs), c.products(), "theirs, unchanged; the practice ones removed");
            assertEquals(List.of(), c.lots(), "no lot of a product the set-up did not add");
        }

        app.fill("#setup-product-name", "自家培養上清 AS-2");
        finish();
        app.waitFor("#signed-in-as");
        try (RecordStore store = store()) {
            RecordStore.CatalogView c = store.catalog();
            assertEquals(List.of(theirs.name(), "自家培養上清 AS-2"), c.products().stream().map(Catalog.Product::name)
                    .toList());
            assertEquals(List.of(new Catalog.Lot("自家培養上清 AS-2", LOT, expiry, null)), c.lots());
        }
    }
}
