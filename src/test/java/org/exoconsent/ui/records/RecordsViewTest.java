package org.exoconsent.ui.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.SyntheticRecords;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The manager at work on 3,000 records: filter, a withdrawal, an export with its progress bar. */
@UiTest
@ExtendWith(ApplicationExtension.class)
class RecordsViewTest {
    @TempDir
    static Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final List<Double> progressSeen = new ArrayList<>();
    private DataDirectory dir;

    @Start
    void start(Stage stage) throws Exception {
        dir = new DataDirectory(tmp.resolve("data-" + System.nanoTime()));
        SyntheticRecords.build(dir, Examples.CLOCK, 3000);
        Manager m = manager(dir, background);
        RecordsView view = new RecordsView(m.vm(), m.ui(), m.catalog(), Map.of("skin", "Skin", "hair", "Hair",
                "knee", "Knee", "fatigue", "Fatigue"), pdf -> true, () -> { }, Examples.CLINIC_CLOCK);
        stage.setScene(new Scene(org.exoconsent.ui.controls.Stylesheet.install(view), 1280, 800));
        stage.show();
    }

    /** A manager ("office") added to {@code dir} and signed in: the records screen's service, catalog, words, model. */
    record Manager(RecordsService service, RecordStore.CatalogView catalog, ResourceBundle ui, RecordsViewModel vm) {
    }

    static Manager manager(DataDirectory dir, ExecutorService background) throws Exception {
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            admin.addUser("office", EnumSet.of(Role.MANAGER), null, "manager password".toCharArray());
        }
        RecordsService service;
        RecordStore.CatalogView catalog;
        try (RecordStore s = RecordStore.signIn(dir, Examples.CLOCK, "office", "manager password".toCharArray(),
                "test")) {
            service = new RecordsService(dir, Examples.CLOCK, s.principal());
            catalog = s.catalog();
        }
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.ENGLISH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return new Manager(service, catalog, ui, new RecordsViewModel(service, background, Platform::runLater));
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        org.exoconsent.testing.FxWait.until(condition, what, 60);
    }

    static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @SuppressWarnings("unchecked")
    static TableView<RecordRow> table(FxRobot robot) {
        return robot.lookup("#records-table").queryAs(TableView.class);
    }

    @Test
    void aManagerFiltersWithdrawsAndExportsWithProgress(FxRobot robot) throws Exception {
        waitUntil(() -> text(robot, "#records-page").equals("Page 1 of 60 (3,000 records)"), "the first page");
        assertEquals(50, table(robot).getItems().size());

        // the real consent, by its lot
        robot.clickOn("#filter-lot").write("UC10-2611-04");
        robot.clickOn("#records-search");
        waitUntil(() -> text(robot, "#records-page").equals("Page 1 of 1 (1 record)"), "the filtered page");
        org.exoconsent.testing.Screenshots.save(robot.capture(robot.lookup("#records-table").query().getScene()
                .getRoot()).getImage(), "10-records");
        javafx.scene.control.TableColumn<RecordRow, ?> version = table(robot).getColumns().stream()
                .filter(c -> c.getText().equals("Version")).findFirst().orElseThrow();
        assertEquals("1.3.0", version.getCellData(0), "the template version the patient signed");
        robot.clickOn("佐藤 花子");
        robot.clickOn("#records-withdraw");
        robot.clickOn("#withdraw-reason").write("Asked by telephone");
        javafx.scene.control.DatePicker date = robot.lookup("#withdraw-date").queryAs(
                javafx.scene.control.DatePicker.class);
        robot.interact(() -> date.setValue(java.time.LocalDate.now(Examples.CLOCK))); // the test's fixed "today"
        robot.clickOn("OK");
        // the message is set last, in the same FX event that refreshes the table: wait for it, then look
        waitUntil(() -> text(robot, "#records-message").contains("was recorded and signed"), "the withdrawal");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10: the withdrawal was recorded and signed.",
                text(robot, "#records-message"));
        assertEquals("withdrawn", table(robot).getItems().get(0).status(), "the table shows it");

        // every record, in the format the dialog offers first (Excel), watching the progress bar
        robot.clickOn("#records-clear");
        waitUntil(() -> text(robot, "#records-page").endsWith("(3,000 records)"), "all records again");
        ProgressBar bar = robot.lookup("#records-progress").queryAs(ProgressBar.class);
        robot.interact(() -> bar.progressProperty().addListener((o, was, now) -> progressSeen.add(
                now.doubleValue())));
        robot.clickOn("#records-export");
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<RecordStore.ExportFormat> format = robot.lookup("#export-format")
                .queryAs(javafx.scene.control.ComboBox.class);
        assertEquals(RecordStore.ExportFormat.XLSX, format.getValue(), "Excel first: the format a manager opens");
        TextField file = robot.lookup("#export-file").queryAs(TextField.class);
        assertTrue(file.getText().endsWith(".xlsx"), file.getText());
        String name = "export-" + System.nanoTime();
        Path xlsx = tmp.resolve(name + ".xlsx");
        // a name typed with another format's extension: the dialog writes the Excel file under .xlsx, not .csv
        robot.interact(() -> file.setText(tmp.resolve(name + ".csv").toString()));
        robot.clickOn("OK");
        waitUntil(() -> text(robot, "#records-message").startsWith("Exported"), "the export");
        // an Excel export does not verify: it says that no records verify has ever run
        assertEquals("Exported 3,000 records to " + xlsx + ". THE RECORDS HAVE NEVER BEEN VERIFIED: nothing shows "
                + "they are intact. Use Verify all.", text(robot, "#records-message"));
        assertTrue(!Files.exists(tmp.resolve(name + ".csv")), "nothing under the .csv name");
        org.exoconsent.testing.XlsxSheet sheet = org.exoconsent.testing.XlsxSheet.read(xlsx);
        assertEquals("Document", sheet.at("A1").text(), "headings in the app's language");
        assertTrue(sheet.at("A3001") != null && sheet.at("A3002") == null, "a header and 3,000 rows");
        assertTrue(progressSeen.stream().anyMatch(p -> p > 0 && p < 1), "the bar moved: " + progressSeen);
        assertTrue(!bar.isVisible(), "and went away");
    }

    /** Issue 14 §5: a lot typed in full-width letters finds its record; a mistyped one is said, with the nearest. */
    @Test
    void aLotTypedInFullWidthIsFoundAndAMistypedLotIsSaidInWordsWithTheNearestLotNumbers(FxRobot robot)
            throws Exception {
        waitUntil(() -> text(robot, "#records-page").equals("Page 1 of 60 (3,000 records)"), "the first page");
        TextField lot = robot.lookup("#filter-lot").queryAs(TextField.class);
        robot.interact(() -> lot.setText("ＵＣ１０－２６１１－０４")); // as a Japanese input method types it
        robot.clickOn("#records-search");
        waitUntil(() -> text(robot, "#records-page").equals("Page 1 of 1 (1 record)"), "the real consent");
        assertEquals("UC10-2611-04", table(robot).getItems().get(0).lotNumber(), "shown as it was recorded");

        robot.interact(() -> lot.setText("UC10-2611-O4"));
        robot.clickOn("#records-search");
        waitUntil(() -> text(robot, "#records-message").startsWith("No records match: no consent used lot"),
                "the words for a lot that found nothing");
        String said = text(robot, "#records-message");
        assertTrue(said.startsWith("No records match: no consent used lot UC10-2611-O4, and the catalog holds no "
                + "such lot. Check the number (a mistyped lot would hide every patient who received it). The "
                + "nearest lot numbers: UC10-2611-04 (デモ培養上清エクソソーム UC-10, 1 consent); "), said);
        assertEquals(0, table(robot).getItems().size());
    }
}
