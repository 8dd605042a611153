package org.exoconsent.ui.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.exoconsent.records.Catalog;
import org.exoconsent.ui.admin.ProductValidation.FieldProblem;
import org.exoconsent.ui.admin.ProductValidation.FirstProduct;
import org.exoconsent.ui.admin.ProductValidation.ProductInput;
import org.junit.jupiter.api.Test;

/** The rules of a product and its lot as typed, shared by the catalog tabs and the first-run set-up (no toolkit). */
class ProductValidationTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-11-20");
    private static final ProductInput COMPLETE = new ProductInput(" 自家培養上清 AS-1 ", "さくら皮膚科クリニック",
            "患者さんご本人の脂肪由来幹細胞", "HBV、HCV, HIV-1/2", "not-sterilised", " ", "autologous", "clinic-prepared");

    private static List<String> fields(List<FieldProblem> problems) {
        return problems.stream().map(FieldProblem::field).toList();
    }

    @Test
    void aFirstProductLeftEmptyAsksForNothing() {
        FirstProduct nothing = new FirstProduct(new ProductInput("", " ", null, "", null, "", null, null), "", " ");
        assertTrue(nothing.isEmpty());
        assertEquals(List.of(), nothing.problems(TODAY));
    }

    @Test
    void anythingTypedAsksForTheWholeProductAndItsLotWithOriginAndSupplyNeverAssumed() {
        FirstProduct named = new FirstProduct(new ProductInput("Exo 1", "", "", "", null, "", null, null), "", "");
        assertEquals(List.of(ProductValidation.MANUFACTURER, ProductValidation.SOURCE_CELLS,
                ProductValidation.VIRUS_TESTS, ProductValidation.STERILISATION, ProductValidation.ORIGIN,
                ProductValidation.SUPPLY, ProductValidation.LOT_NUMBER, ProductValidation.LOT_EXPIRY),
                fields(named.problems(TODAY)));
        assertEquals(new FieldProblem(ProductValidation.ORIGIN, "catalog.originRequired", "Exo 1"),
                named.problems(TODAY).get(4));

        FirstProduct lotOnly = new FirstProduct(new ProductInput("", "", "", "", null, "", null, null), "L-1", "");
        assertEquals(new FieldProblem(ProductValidation.NAME, "catalog.productNameRequired"),
                lotOnly.problems(TODAY).get(0));
        assertTrue(!fields(lotOnly.problems(TODAY)).contains(ProductValidation.LOT_PRODUCT),
                "the lot's product is the one above, said once beside its name");
    }

    @Test
    void aFirstLotThatHasExpiredIsRefusedButTheLotsTabTakesAnyDate() {
        FirstProduct expired = new FirstProduct(COMPLETE, "AS1-0001", "2026-11-19");
        assertEquals(List.of(new FieldProblem(ProductValidation.LOT_EXPIRY, "catalog.expiryPast", "AS1-0001",
                "自家培養上清 AS-1", "2026-11-19")), expired.problems(TODAY));
        assertEquals(List.of(), new FirstProduct(COMPLETE, "AS1-0001", "2026/11/20").problems(TODAY),
                "a lot may be used on its expiry day");
        assertEquals(List.of(), expired.lot().problems(null), "the Lots tab registers an expired lot (for a recall)");
        assertEquals(List.of(new FieldProblem(ProductValidation.LOT_EXPIRY, "catalog.expiryInvalid", "AS1-0001",
                "自家培養上清 AS-1", "2027-02-30")), new FirstProduct(COMPLETE, "AS1-0001", "2027-02-30")
                .problems(TODAY));
    }

    @Test
    void aCompleteFirstProductGivesExactlyWhatWasTypedAndChosen() {
        FirstProduct first = new FirstProduct(COMPLETE, " AS1-0001 ", "2027-03-31");
        assertEquals(List.of(), first.problems(TODAY));
        assertEquals(new Catalog.Product("自家培養上清 AS-1", "さくら皮膚科クリニック", "患者さんご本人の脂肪由来幹細胞",
                List.of("HBV", "HCV", "HIV-1/2"), "not-sterilised", null, "autologous", "clinic-prepared"),
                first.product().product());
        assertEquals(new Catalog.Lot("自家培養上清 AS-1", "AS1-0001", LocalDate.parse("2027-03-31"), null),
                first.lot().lot());
    }

    @Test
    void theProductsTabSaysTheFirstProblemWithTheSameMessagesAsBefore() {
        ProductInput blankTest = new ProductInput("EP-5", "Maker", "pulp", "HBV,,HCV", "sterilised", null, null, null);
        assertEquals(new FieldProblem(ProductValidation.VIRUS_TESTS, "catalog.virusTestBlank", "EP-5", "2",
                "HBV,,HCV"), blankTest.problems().get(0));
        ProductInput unknownOrigin = new ProductInput("EP-5", "Maker", "pulp", "HBV", "sterilised", null, "unknown",
                null);
        assertEquals(List.of(new FieldProblem(ProductValidation.SUPPLY, "catalog.supplyRequired", "EP-5")),
                unknownOrigin.problems(), "unknown is a choice, and a valid one");
    }
}
