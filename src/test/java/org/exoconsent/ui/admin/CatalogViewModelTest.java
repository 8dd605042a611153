package org.exoconsent.ui.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the catalog form reads a typed virus-test panel and a typed expiry (no toolkit needed). */
class CatalogViewModelTest {
    @Test
    void aPanelIsSplitAtHalfAndFullWidthCommasAndAtTheJapaneseComma() {
        assertEquals(List.of("HBV", "HCV", "HIV-1/2", "HTLV-1", "parvovirus B19"),
                CatalogViewModel.panel(" HBV, HCV、HIV-1/2，HTLV-1 ,parvovirus B19 "));
        assertEquals(List.of(), CatalogViewModel.panel("  "));
        assertEquals(List.of("HBV", "", "HCV"), CatalogViewModel.panel("HBV,,HCV"), "the blank one is kept, to be "
                + "refused");
        assertEquals(List.of("HBV", ""), CatalogViewModel.panel("HBV,"));
    }

    @Test
    void anExpiryIsReadAsYearMonthDayWithDashesOrSlashesAndNothingElse() {
        assertEquals(LocalDate.parse("2027-01-31"), CatalogViewModel.date("2027-01-31"));
        assertEquals(LocalDate.parse("2027-01-31"), CatalogViewModel.date(" 2027/1/31 "));
        assertNull(CatalogViewModel.date("2027-02-30"), "no such day");
        assertNull(CatalogViewModel.date("2027-13-01"));
        assertNull(CatalogViewModel.date("31.01.2027"));
        assertNull(CatalogViewModel.date(""));
    }
}
