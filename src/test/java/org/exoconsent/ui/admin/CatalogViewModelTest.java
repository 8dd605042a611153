package org.exoconsent.ui.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @TempDir
    Path tmp;

    @Test
    void aListenerOnTheProductsIsKeptAfterAGarbageCollection() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        AdminViewModel admin = new AdminViewModel(dir, Examples.CLOCK, TestAccounts.everyone(dir, Examples.CLOCK),
                Runnable::run, Runnable::run);
        CatalogViewModel vm = new CatalogViewModel(admin);
        assertSame(vm.products(), vm.products(), "one view, not a new one each time");
        List<String> seen = new ArrayList<>();
        vm.products().addListener((ListChangeListener<Catalog.Product>) c -> seen.add("changed"));
        System.gc();
        admin.load();
        assertEquals(List.of("changed"), seen, "the lots form's product list follows the products");
        assertEquals(2, vm.products().size());
    }
}
