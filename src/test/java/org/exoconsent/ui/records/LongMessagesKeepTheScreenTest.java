package org.exoconsent.ui.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.FxWait;
import org.exoconsent.testing.Screenshots;
import org.exoconsent.testing.UiTest;
import org.exoconsent.ui.controls.MessageArea;
import org.exoconsent.ui.copy.PatientCopyBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Seen on screen (2026-12-02): the records screen's message after an export of altered records beside a damaged
 * template version (14–16 lines, naming the verification's problems, a damaged value and the template) shrank the
 * records table to its header, no row visible, and pushed the patient-copy bar off the 1280×800 window. The message
 * now scrolls in its own area ({@link MessageArea}), in view under the actions, and the screen's lower part takes
 * at most 45 % of its height and scrolls to the patient-copy bar: the table keeps its rows, in English and Japanese.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class LongMessagesKeepTheScreenTest {
    @TempDir
    Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private Stage stage;

    @Start
    void start(Stage stage) {
        org.exoconsent.ui.controls.ScreenFonts.loadPrimary(); // as the app does: the Japanese screen's glyphs
        org.exoconsent.ui.controls.ScreenFonts.loadFallbacks(Runnable::run);
        this.stage = stage;
        stage.show();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "ja"})
    void anExportsLongMessageScrollsInItsAreaAndLeavesTheRecordsAndThePatientCopyBarInView(String language,
                                                                                           FxRobot robot)
            throws Exception {
        DataDirectory dir = RecordsExportBesideDamageTest.alteredRecordsBesideADamagedTemplate(tmp.resolve("data"),
                true);

        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.forLanguageTag(language),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        RecordsService service;
        RecordStore.CatalogView catalog;
        try (RecordStore s = RecordStore.signIn(dir, Examples.CLOCK, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray(), "test")) {
            service = new RecordsService(dir, Examples.CLOCK, s.principal());
            catalog = s.catalog();
        }
        RecordsViewModel vm = new RecordsViewModel(service, background, Platform::runLater);
        robot.interact(() -> {
            stage.setScene(new Scene(org.exoconsent.ui.controls.Stylesheet.install(new RecordsView(vm, ui, catalog,
                    Map.of("skin", "Skin", "hair", "Hair", "knee", "Knee", "fatigue", "Fatigue"), f -> true, () -> { },
                    new PatientCopyBar(ui, service.patientCopies(), background, PatientCopyBar.Hooks.desktop(
                            () -> stage)), Examples.CLINIC_CLOCK)), 1280, 800));
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        TableView<?> table = robot.lookup("#records-table").queryAs(TableView.class);
        FxWait.until(() -> table.getItems().size() == 2, "the two records listed", 30);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> Screenshots.save(stage.getScene().snapshot(null), "records-no-message-" + language));
        Path zip = Files.createDirectories(tmp.resolve("exports")).resolve("records.zip");
        robot.interact(() -> vm.export(RecordStore.ExportFormat.ZIP, zip));
        FxWait.until(() -> vm.messageProperty().get() != null
                && vm.messageProperty().get().key().equals("records.exportedThen"), "the export's message", 60);
        robot.interact(() -> table.getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();

        robot.interact(() -> Screenshots.save(stage.getScene().snapshot(null), "records-long-message-" + language));
        Label message = robot.lookup("#records-message").queryAs(Label.class);
        assertTrue(message.getText().length() >= 400, "a long message: " + message.getText());
        ScrollPane area = (ScrollPane) message.getParent().getParent().getParent(); // label, viewport content
        assertTrue(area.getStyleClass().contains("message-area"), "the message in its area: " + area);
        assertTrue(area.getHeight() <= area.getMaxHeight() + 0.5 && area.getMaxHeight() <= message.getFont().getSize()
                * 1.3 * (MessageArea.LINES + 1), "about " + MessageArea.LINES + " lines high at most: " + area.getHeight()
                + " (" + area.getMaxHeight() + ")");
        assertTrue(message.getHeight() > area.getHeight(), "the rest scrolls: " + message.getHeight() + " in "
                + area.getHeight());
        double rowsShown = table.getHeight() / 24.0;
        assertTrue(rowsShown >= 6, "the table keeps room for its rows: " + table.getHeight() + " px");
        Node row = robot.lookup(".table-row-cell").queryAll().stream().filter(Node::isVisible).findFirst()
                .orElseThrow();
        Bounds selected = row.localToScene(row.getBoundsInLocal());
        assertTrue(selected.getMaxY() < table.localToScene(table.getBoundsInLocal()).getMaxY(),
                "the first record's row is in view: " + selected);
        Bounds shown = area.localToScene(area.getBoundsInLocal());
        assertTrue(shown.getMaxY() <= stage.getScene().getHeight() + 0.5, "the message's area in the window: "
                + shown + " in " + stage.getScene().getHeight());
        ScrollPane lower = (ScrollPane) stage.getScene().lookup(".records-lower");
        assertTrue(lower.getHeight() <= stage.getScene().getHeight() * 0.45 + 0.5, "the lower part: "
                + lower.getHeight());
        Node copies = robot.lookup("#patient-copy").query();
        assertTrue(copies.isVisible(), "the patient-copy bar shown");
        robot.interact(() -> lower.setVvalue(lower.getVmax())); // the staff scroll down to it
        WaitForAsyncUtils.waitForFxEvents();
        Bounds bar = copies.localToScene(copies.getBoundsInLocal());
        assertTrue(bar.getMaxY() <= stage.getScene().getHeight() + 0.5, "the patient-copy bar in the window once "
                + "scrolled to: " + bar + " in " + stage.getScene().getHeight());
        robot.interact(() -> Screenshots.save(stage.getScene().snapshot(null), "records-long-message-scrolled-"
                + language));
    }
}
