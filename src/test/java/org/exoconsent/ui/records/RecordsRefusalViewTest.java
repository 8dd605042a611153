package org.exoconsent.ui.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TableColumn;
import javafx.stage.Stage;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.Refusals;
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
 * An informed refusal on the records screen (attack review F7): neither active nor withdrawn, and the actions that
 * are a consent's (withdrawal, take-home card) are disabled for it.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class RecordsRefusalViewTest {
    @TempDir
    static Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @Start
    void start(Stage stage) throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data-" + System.nanoTime()));
        TestAccounts.everyone(dir, Examples.CLOCK);
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            var r = Refusals.signed("complete-ja");
            TestAccounts.confirm(store, r.consultation());
            TestAccounts.registerTestKey(store);
            store.recordRefusal(r, Examples.template(), Examples.key(), "refusal");
        }
        RecordsViewTest.Manager m = RecordsViewTest.manager(dir, background);
        org.exoconsent.ui.copy.PatientCopyBar copies = new org.exoconsent.ui.copy.PatientCopyBar(m.ui(),
                new org.exoconsent.ui.copy.PatientCopyService(dir, Examples.CLOCK, m.service().principal()),
                background, org.exoconsent.ui.copy.PatientCopyBar.Hooks.desktop(() -> stage));
        RecordsView view = new RecordsView(m.vm(), m.ui(), m.catalog(), Map.of(), pdf -> true, () -> { }, copies,
                Examples.CLINIC_CLOCK);
        stage.setScene(new Scene(org.exoconsent.ui.controls.Stylesheet.install(view), 1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    void aRefusalIsNeitherActiveNorWithdrawnAndHasNoWithdrawalNorCard(FxRobot robot) throws Exception {
        RecordsViewTest.waitUntil(() -> RecordsViewTest.table(robot).getItems().size() == 1, "the refusal listed");
        TableColumn<RecordRow, ?> status = RecordsViewTest.table(robot).getColumns().stream()
                .filter(c -> c.getText().equals("Status")).findFirst().orElseThrow();
        assertEquals("—", status.getCellData(0), "an informed refusal is not an active consent");
        robot.interact(() -> RecordsViewTest.table(robot).getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#records-withdraw").queryAs(Button.class).isDisabled(), "no withdrawal of it");
        assertTrue(robot.lookup("#card-save").queryAs(Button.class).isDisabled(), "no take-home card");
        assertFalse(robot.lookup("#copy-save").queryAs(Button.class).isDisabled(), "its copy for the patient");
        assertFalse(robot.lookup("#records-verify").queryAs(Button.class).isDisabled());
    }
}
