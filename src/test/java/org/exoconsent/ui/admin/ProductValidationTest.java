package org.exoconsent.ui.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.exoconsent.ui.admin.ProductValidation.FieldProblem;
import org.exoconsent.ui.admin.ProductValidation.ProductInput;
import org.junit.jupiter.api.Test;

/** The rules of a product and its lot as typed, shared by the catalog tabs and the first-run set-up (no toolkit). */
class ProductValidationTest {
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
