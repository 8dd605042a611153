package org.exoconsent.ui.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.FxWait;
import org.exoconsent.testing.Screenshots;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The administrator keeps the catalog on screen, in Japanese: adds a physician and marks them inactive, adds a
 * product with its virus-test panel (one without tests is refused), adds a lot with a typed expiry (an unreadable
 * date and a duplicate are refused). Each time the table shows it and the store holds it.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class CatalogTabsTest {
    private static final String DEMO_PRODUCT = "デモ培養上清エクソソーム UC-10";

    @TempDir
    static Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private DataDirectory dir;
    private AdminView view;

    @Start
    void start(Stage stage) throws Exception {
        dir = new DataDirectory(tmp.resolve("data-" + System.nanoTime()));
        AdminViewModel vm = new AdminViewModel(dir, Examples.CLOCK, TestAccounts.everyone(dir, Examples.CLOCK),
                background, Platform::runLater);
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.JAPANESE,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        view = new AdminView(vm, ui, () -> { });
        stage.setScene(new Scene(org.exoconsent.ui.controls.Stylesheet.install(view), 1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        FxWait.until(condition, what, 30);
    }

    private static String message(FxRobot robot) {
        return robot.lookup("#admin-message").queryAs(Label.class).getText();
    }

    /** Clicks, then waits for the message the screen shows when the work is done. */
    private static void clickAndExpect(FxRobot robot, String button, String expected) throws InterruptedException {
        robot.clickOn(button);
        waitUntil(() -> message(robot).equals(expected), "the message: " + expected + " (shown: " + message(robot)
                + ")");
    }

    /** What the table shows in each column of the row (which must be one of its rows), as the user reads it. */
    private static <T> List<String> shown(TableView<T> table, T row) {
        assertTrue(table.getItems().contains(row), "the table shows " + row + ": " + table.getItems());
        return table.getColumns().stream().map(c -> String.valueOf(c.getCellData(row))).toList();
    }

    private static <T> TableView<T> table(FxRobot robot, String id) {
        return robot.lookup(id).queryTableView();
    }

    private RecordStore.CatalogView stored() throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            return store.catalog();
        }
    }

    private void screenshot(FxRobot robot, String name) {
        Screenshots.save(robot.capture(view).getImage(), name);
    }

    private static void type(FxRobot robot, String field, String text) {
        TextField f = robot.lookup(field).queryAs(TextField.class);
        robot.interact(f::clear);
        robot.clickOn(f).write(text);
    }

    /** Opens a choice box or combo box and clicks the entry with that text in its pop-up. */
    private static void choose(FxRobot robot, String box, String entry) throws InterruptedException {
        robot.clickOn(box);
        java.util.function.Predicate<Node> item = n -> n instanceof Labeled l && entry.equals(l.getText())
                && n.isVisible() && n.getScene().getRoot().getStyleClass().contains("popup");
        waitUntil(() -> robot.lookup(item).tryQuery().isPresent(), "the pop-up's entry " + entry);
        robot.clickOn(robot.lookup(item).<Node>query());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Issue 17: a lot whose expiry was changed with SQL into no date does not stop the screen (it failed to load);
     * the other lots are listed, and under the table the damaged one is named with its damage and repair.
     */
    @Test
    void aLotWhoseExpiryCannotBeReadIsNamedUnderTheTableAndTheOtherLotsAreListed(FxRobot robot) throws Exception {
        robot.clickOn("#tab-lots");
        TableView<Catalog.Lot> table = table(robot, "#catalog-lots");
        waitUntil(() -> table.getItems().size() == 2, "the demo lots");
        Label notice = robot.lookup("#catalog-lots-damaged").queryAs(Label.class);
        assertFalse(notice.isVisible(), "every lot can be read");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             java.sql.Statement st = c.createStatement()) { // as with sqlite3
            st.executeUpdate("UPDATE lot SET expiry = 'garbage' WHERE number = 'UC10-2611-04'");
        }
        clickAndExpect(robot, "#catalog-add-lot", "ロットの製剤を選んでください。"); // the screen reads the catalog again
        assertEquals(List.of("AD-2609-17"), table.getItems().stream().map(Catalog.Lot::number).toList());
        assertTrue(notice.isVisible());
        assertEquals("読めないロットが 1 件あります。有効期限が ExoConsent の外で変更されました。このロットは上の表になく、"
                + "診察では選べません。ほかのロットはいつもどおりです。\n" + DEMO_PRODUCT + " のロット UC10-2611-04："
                + "有効期限が読めません（損傷）。管理者の方へ（英語）: lot UC10-2611-04 of " + DEMO_PRODUCT + ": the "
                + "database's lot row 'UC10-2611-04' was changed outside the product: the column expiry holds "
                + "'garbage', not a date; no command rewrites a lot's expiry: the true value is in the audit trail's "
                + "'catalog:lot-added' entry of the lot (its details' expiry: exoconsent audit export --action "
                + "catalog:lot-added) and on the lot's packaging; an administrator of the database sets the column "
                + "back to it with SQL (as a date, e.g. 2027-05-31)", notice.getText());
        screenshot(robot, "admin-lots-damaged");
    }

    @Test
    void aPhysicianIsAddedThenMarkedInactiveAndNoLongerActiveInTheStore(FxRobot robot) throws Exception {
        robot.clickOn("#tab-physicians");
        TableView<Catalog.Physician> table = table(robot, "#catalog-physicians");
        waitUntil(() -> !table.getItems().isEmpty(), "the demo physician");
        Button toggle = robot.lookup("#catalog-physician-toggle").queryButton();
        assertTrue(toggle.isDisabled(), "nothing to mark before a physician is chosen");

        type(robot, "#catalog-physician-name", "佐々木 恵");
        clickAndExpect(robot, "#catalog-add-physician", "医師 佐々木 恵：医籍登録番号を入力してください。");
        type(robot, "#catalog-physician-licence", "654321");
        clickAndExpect(robot, "#catalog-add-physician", "医師 佐々木 恵（医籍登録番号 654321）を追加しました。");
        Catalog.Physician added = new Catalog.Physician("佐々木 恵", "654321", true);
        // the second column is the name in Latin letters (issue 12 §2): none written yet
        assertEquals(List.of("佐々木 恵", "", "654321", "有効"), shown(table, added));
        assertEquals(added, table.getSelectionModel().getSelectedItem(), "the new physician is chosen");
        assertEquals("無効にする", toggle.getText());

        clickAndExpect(robot, "#catalog-physician-toggle",
                "佐々木 恵（医籍登録番号 654321）を無効にしました。新しい説明では選べません。");
        Catalog.Physician inactive = new Catalog.Physician("佐々木 恵", "654321", false);
        assertEquals(List.of("佐々木 恵", "", "654321", "無効"), shown(table, inactive));
        assertEquals(inactive, table.getSelectionModel().getSelectedItem(), "still chosen, to be marked again");
        assertEquals("有効に戻す", toggle.getText());
        assertTrue(stored().physicians().contains(inactive));
        assertTrue(stored().physicians().contains(new Catalog.Physician("山田 太郎", "123456", true,
                java.util.Map.of("en", "Taro Yamada"))),
                "the other physician is untouched");
        screenshot(robot, "13-admin-physicians");

        type(robot, "#catalog-physician-name", "別の 医師");
        clickAndExpect(robot, "#catalog-add-physician",
                "医籍登録番号 654321 の医師はすでに登録されています。何も変更していません。");
        assertEquals(2, stored().physicians().size());
    }

    @Test
    void aProductNeedsItsVirusTestsAndIsShownWithThePanelAndNotSterilised(FxRobot robot) throws Exception {
        robot.clickOn("#tab-products");
        TableView<Catalog.Product> table = table(robot, "#catalog-products");
        waitUntil(() -> table.getItems().size() == 2, "the demo products");
        String name = "歯髄幹細胞培養上清 EP-5";
        type(robot, "#catalog-product-name", name);
        type(robot, "#catalog-product-manufacturer", "パルプバイオ株式会社（架空）");
        type(robot, "#catalog-product-source-cells", "ヒト歯髄由来幹細胞");
        choose(robot, "#catalog-product-sterilisation", "滅菌されていない");
        type(robot, "#catalog-product-storage", "-80℃で冷凍保管");

        clickAndExpect(robot, "#catalog-add-product", "製剤 " + name
                + "：実施したウイルス検査を1つ以上入力してください（例：HBV、HCV、HIV-1/2）。");
        assertEquals(2, table.getItems().size());
        assertFalse(stored().products().stream().anyMatch(p -> p.name().equals(name)), "nothing was added");

        type(robot, "#catalog-product-virus-tests", "HBV, HCV,, HIV-1/2");
        clickAndExpect(robot, "#catalog-add-product", "製剤 " + name + "：「HBV, HCV,, HIV-1/2」の 3 番目の検査名が空です。");

        type(robot, "#catalog-product-virus-tests", "HBV, HCV、HIV-1/2, HTLV-1, parvovirus B19");
        clickAndExpect(robot, "#catalog-add-product", "製剤 " + name
                + "：原料の由来を選んでください（製造元が示していなければ「不明」）。");
        choose(robot, "#catalog-product-origin", "ほかの人の細胞");
        clickAndExpect(robot, "#catalog-add-product", "製剤 " + name
                + "：クリニックへの流通の形を選んでください（分からなければ「不明」）。");
        choose(robot, "#catalog-product-supply", "化粧品原料");
        clickAndExpect(robot, "#catalog-add-product", "製剤 " + name
                + " を追加しました（ウイルス検査：HBV, HCV, HIV-1/2, HTLV-1, parvovirus B19）。");
        Catalog.Product expected = new Catalog.Product(name, "パルプバイオ株式会社（架空）", "ヒト歯髄由来幹細胞",
                List.of("HBV", "HCV", "HIV-1/2", "HTLV-1", "parvovirus B19"), "not-sterilised", "-80℃で冷凍保管",
                "allogeneic", "cosmetic-ingredient");
        assertEquals(List.of(name, "", "パルプバイオ株式会社（架空）", "ヒト歯髄由来幹細胞",
                "HBV, HCV, HIV-1/2, HTLV-1, parvovirus B19", "滅菌されていない", "-80℃で冷凍保管", "ほかの人の細胞",
                "化粧品原料"), shown(table, expected));
        assertEquals(expected, table.getSelectionModel().getSelectedItem());
        assertTrue(stored().products().contains(expected), stored().products().toString());
        screenshot(robot, "14-admin-products");

        clickAndExpect(robot, "#catalog-add-product", "製剤 " + name
                + " はすでに登録されています。何も変更していません。");
        assertEquals(3, stored().products().size());
    }

    @Test
    void aLotIsAddedWithATypedExpiryAndAnUnreadableDateOrADuplicateIsRefused(FxRobot robot) throws Exception {
        robot.clickOn("#tab-lots");
        TableView<Catalog.Lot> table = table(robot, "#catalog-lots");
        waitUntil(() -> table.getItems().size() == 2, "the demo lots");
        clickAndExpect(robot, "#catalog-add-lot", "ロットの製剤を選んでください。");
        choose(robot, "#catalog-lot-product", DEMO_PRODUCT);
        type(robot, "#catalog-lot-number", "UC10-2703-01");
        robot.clickOn("#catalog-lot-expiry").write("2027-13-45");
        clickAndExpect(robot, "#catalog-add-lot", DEMO_PRODUCT
                + " のロット UC10-2703-01：有効期限「2027-13-45」は日付として読めません。2027-01-31 の形で入力してください。");
        DatePicker expiry = robot.lookup("#catalog-lot-expiry").queryAs(DatePicker.class);
        assertEquals("2027-13-45", expiry.getEditor().getText(), "the refused text stays to be corrected");
        assertEquals(2, stored().lots().size());

        robot.interact(() -> expiry.getEditor().clear());
        robot.clickOn("#catalog-lot-expiry").write("2027-03-31");
        type(robot, "#catalog-lot-qc", "粒子数 1.0e10/mL");
        clickAndExpect(robot, "#catalog-add-lot", DEMO_PRODUCT + " のロット UC10-2703-01（有効期限 2027-03-31）を追加しました。");
        Catalog.Lot lot = new Catalog.Lot(DEMO_PRODUCT, "UC10-2703-01", LocalDate.parse("2027-03-31"),
                "粒子数 1.0e10/mL");
        assertEquals(List.of(DEMO_PRODUCT, "UC10-2703-01", "2027-03-31", "粒子数 1.0e10/mL"), shown(table, lot));
        assertEquals(lot, table.getSelectionModel().getSelectedItem());
        assertTrue(stored().lots().contains(lot), stored().lots().toString());

        robot.interact(() -> expiry.getEditor().clear());
        robot.clickOn("#catalog-lot-expiry").write("2028/1/31");
        clickAndExpect(robot, "#catalog-add-lot", "製剤 " + DEMO_PRODUCT
                + " のロット UC10-2703-01 はすでに登録されています。何も変更していません。");
        assertEquals(LocalDate.parse("2028-01-31"), expiry.getValue(), "a date with slashes is read too");
        assertEquals(List.of(lot), stored().lots().stream().filter(l -> l.number().equals("UC10-2703-01")).toList(),
                "the lot keeps its expiry");
        assertEquals(3, table.getItems().size());
        // issue 14 §5: the same number in full-width letters, as a Japanese input method types it, is that lot
        TextField number = robot.lookup("#catalog-lot-number").queryAs(TextField.class);
        robot.interact(() -> number.setText("ｕｃ１０－２７０３－０１"));
        clickAndExpect(robot, "#catalog-add-lot", "製剤 " + DEMO_PRODUCT + " のロット ｕｃ１０－２７０３－０１ は、書き方の"
                + "違う同じ番号 UC10-2703-01 としてすでに登録されています（全角・半角、大文字・小文字の違い）。何も変更していません。");
        assertEquals(3, table.getItems().size());
        // a lot that expired before today is registered (a recall finds it), and the administrator is told so
        robot.interact(() -> number.setText("UC10-2401-01"));
        robot.interact(() -> expiry.getEditor().clear());
        robot.clickOn("#catalog-lot-expiry").write("2025-01-31");
        clickAndExpect(robot, "#catalog-add-lot", DEMO_PRODUCT + " のロット UC10-2401-01 を追加しました。有効期限 2025-01-31 "
                + "は過ぎています（今日は 2026-11-21）。回収（リコール）の検索には出ますが、このロットで治療を確認することはできません。");
        assertEquals(4, table.getItems().size());
        screenshot(robot, "15-admin-lots");
    }

    @Test
    void everyControlOfTheCatalogTabsHasAName(FxRobot robot) {
        TabPane tabs = robot.lookup("#admin-tabs").queryAs(TabPane.class);
        List<String> ids = tabs.getTabs().stream().map(Tab::getId).toList();
        int clinic = ids.indexOf("tab-clinic");
        assertEquals(List.of("tab-clinic", "tab-physicians", "tab-products", "tab-lots"),
                ids.subList(clinic, clinic + 4), "the catalog follows the clinic profile: " + ids);
        for (String id : List.of("tab-physicians", "tab-products", "tab-lots")) {
            robot.clickOn("#" + id);
            WaitForAsyncUtils.waitForFxEvents();
            Tab tab = tabs.getSelectionModel().getSelectedItem();
            assertEquals(id, tab.getId());
            assertEquals(List.of(), org.exoconsent.testing.Accessibility.unnamedControls(tab.getContent()), "controls without a name on " + id);
        }
    }
}
