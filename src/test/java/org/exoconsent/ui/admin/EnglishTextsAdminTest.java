package org.exoconsent.ui.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.Screenshots;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The administrator writes the clinic's texts in English (issue 12 §2) on the administration screen: the clinic's
 * name, address and blood-donation policy, a physician's name in Latin letters, a product's texts; a text with
 * Japanese in it is refused in the screen's language, naming the character, and nothing is saved.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class EnglishTextsAdminTest {
    @TempDir
    static Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private DataDirectory dir;

    @Start
    void start(Stage stage) throws Exception {
        dir = new DataDirectory(tmp.resolve("data-" + System.nanoTime()));
        AdminViewModel vm = new AdminViewModel(dir, Examples.CLOCK, TestAccounts.everyone(dir, Examples.CLOCK),
                background, Platform::runLater);
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.ENGLISH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        stage.setScene(new Scene(org.exoconsent.ui.controls.Stylesheet.install(new AdminView(vm, ui, () -> { })),
                1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        org.exoconsent.testing.FxWait.until(condition, what, 30);
    }

    private static String message(FxRobot robot) {
        return robot.lookup("#admin-message").queryAs(Label.class).getText();
    }

    private static void set(FxRobot robot, String id, String text) {
        var field = robot.lookup("#" + id).queryAs(javafx.scene.control.TextInputControl.class);
        robot.interact(() -> field.setText(text));
    }

    private RecordStore store() throws Exception {
        return TestAccounts.open(dir, Examples.CLOCK, "check");
    }

    @Test
    void theClinicsEnglishTextsAreShownCheckedAndSaved(FxRobot robot) throws Exception {
        robot.clickOn("#tab-clinic");
        waitUntil(() -> !robot.lookup("#admin-clinic-name-en").queryAs(TextField.class).getText().isEmpty(),
                "the clinic's English texts");
        assertEquals("Demo Clinic (practice data, fictitious)", robot.lookup("#admin-clinic-name-en")
                .queryAs(TextField.class).getText());
        set(robot, "admin-clinic-name", "さくら皮膚科クリニック");
        set(robot, "admin-clinic-name-en", "Sakura Skin Clinic");
        set(robot, "admin-clinic-address-en", "東京都港区さくら1-1");
        robot.clickOn("#admin-save-clinic");
        waitUntil(() -> !message(robot).isEmpty(), "the refusal");
        assertEquals("'東京都港区さくら1-1' contains U+6771 '東'. Write it in English: Latin letters, and ( ) : , rather "
                + "than （ ）： 、.", message(robot));
        try (RecordStore store = store()) {
            assertEquals("デモクリニック（練習用・架空）", store.catalog().clinic().name(), "nothing was saved");
        }
        set(robot, "admin-clinic-address-en", "1-1 Sakura, Minato-ku, Tokyo");
        robot.interact(() -> robot.lookup("#admin-clinic-policy-en").queryAs(TextArea.class)
                .setText("Please tell the blood donation site about this treatment before you give blood."));
        robot.clickOn("#admin-save-clinic");
        waitUntil(() -> message(robot).equals("The clinic profile was saved."), "saved");
        Screenshots.save(robot.capture(robot.lookup("#admin-clinic-name-en").query().getScene().getRoot())
                .getImage(), "21-admin-clinic-english");
        try (RecordStore store = store()) {
            Catalog.Clinic c = store.catalog().clinic();
            assertEquals("さくら皮膚科クリニック", c.name());
            assertEquals(new Catalog.ClinicText("Sakura Skin Clinic", "1-1 Sakura, Minato-ku, Tokyo",
                    "Please tell the blood donation site about this treatment before you give blood."), c.text("en"));
        }
    }

    @Test
    void aPhysiciansNameInLatinLettersAndAProductsEnglishTexts(FxRobot robot) throws Exception {
        robot.clickOn("#tab-physicians");
        TableView<Catalog.Physician> physicians = robot.lookup("#catalog-physicians").queryTableView();
        waitUntil(() -> !physicians.getItems().isEmpty(), "the physicians");
        robot.interact(() -> physicians.getSelectionModel().select(0));
        assertEquals("Taro Yamada", robot.lookup("#catalog-physician-name-en").queryAs(TextField.class).getText(),
                "the selected physician's name in Latin letters, ready to be corrected");
        set(robot, "catalog-physician-name-en", "山田 太郎");
        robot.clickOn("#catalog-set-physician-name-en");
        waitUntil(() -> message(robot).contains("U+5C71"), "the refusal");
        set(robot, "catalog-physician-name-en", "Taro YAMADA");
        robot.clickOn("#catalog-set-physician-name-en");
        waitUntil(() -> message(robot).equals("Name of 山田 太郎 in Latin letters saved: Taro YAMADA."), "saved");

        robot.clickOn("#tab-products");
        TableView<Catalog.Product> products = robot.lookup("#catalog-products").queryTableView();
        waitUntil(() -> !products.getItems().isEmpty(), "the products");
        Catalog.Product uc10 = products.getItems().stream().filter(p -> p.name().startsWith("デモ培養上清"))
                .findFirst().orElseThrow();
        robot.interact(() -> products.getSelectionModel().select(uc10));
        assertEquals("Stored frozen at -20 °C or below", robot.lookup("#catalog-product-storage-en")
                .queryAs(TextField.class).getText());
        Screenshots.save(robot.capture(products.getScene().getRoot()).getImage(), "22-admin-product-english");
        set(robot, "catalog-product-virus-tests-en", "HIV-1/2, HBV");
        robot.interact(() -> robot.lookup("#catalog-set-product-english").queryButton().fire());
        waitUntil(() -> message(robot).startsWith("Give the 8 tests in English"), "the refusal");
        set(robot, "catalog-product-virus-tests-en", "HIV-1/2, HBV, HCV, HTLV-1, Parvovirus B19, Mycoplasma, "
                + "Endotoxin, Sterility test");
        set(robot, "catalog-product-storage-en", "Keep frozen at -20 °C or colder");
        robot.interact(() -> robot.lookup("#catalog-set-product-english").queryButton().fire());
        waitUntil(() -> message(robot).startsWith("English texts of デモ培養上清エクソソーム UC-10 saved"), "saved");
        try (RecordStore store = store()) {
            RecordStore.CatalogView c = store.catalog();
            assertEquals("Taro YAMADA", c.physicians().get(0).name("en"));
            Catalog.ProductText en = c.products().stream().filter(p -> p.name().equals(uc10.name())).findFirst()
                    .orElseThrow().text("en");
            assertEquals("Keep frozen at -20 °C or colder", en.storage());
            assertEquals(8, en.virusTests().size());
            assertEquals(List.of(), c.missingTexts("en"));
        }
    }
}
