package org.exoconsent.ui.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
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

/**
 * Review F8: the records screen of a physician (who sees records but may not export, recall, read the audit trail or
 * verify them) disables those actions with the reason under each, in the screen's language (here Japanese), as the
 * home screen does, instead of refusing in English after a file was chosen.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class RecordsViewRolesTest {
    @TempDir
    static Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @Start
    void start(Stage stage) throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data-" + System.nanoTime()));
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            admin.addUser("doc", EnumSet.of(Role.PHYSICIAN), "654321", "physician password".toCharArray());
        }
        RecordsService service;
        RecordStore.CatalogView catalog;
        try (RecordStore s = RecordStore.signIn(dir, Examples.CLOCK, "doc", "physician password".toCharArray(),
                "test")) {
            service = new RecordsService(dir, Examples.CLOCK, s.principal());
            catalog = s.catalog();
        }
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.JAPANESE,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        RecordsViewModel vm = new RecordsViewModel(service, background, Platform::runLater);
        RecordsView view = new RecordsView(vm, ui, catalog, Map.of(), pdf -> true, () -> { },
                Examples.CLINIC_CLOCK);
        stage.setScene(new Scene(org.exoconsent.ui.controls.Stylesheet.install(view), 1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    void aPhysiciansRecordsScreenDisablesWhatTheRoleMayNotDoAndSaysWhy(FxRobot robot) {
        for (String id : new String[] {"records-export-patient", "records-export", "records-recall",
                "records-audit"}) {
            assertTrue(robot.lookup("#" + id).queryAs(Button.class).isDisabled(), id);
            assertEquals("事務長（記録の管理）が使います", robot.lookup("#" + id + "-reason").queryAs(Label.class)
                    .getText(), id);
        }
        for (String id : new String[] {"records-verify", "records-verify-all"}) {
            assertTrue(robot.lookup("#" + id).queryAs(Button.class).isDisabled(), id);
            assertEquals("事務長（記録の管理）と管理者が使います", robot.lookup("#" + id + "-reason")
                    .queryAs(Label.class).getText(), id);
        }
        assertFalse(robot.lookup("#records-withdraw-reason").tryQuery().isPresent(),
                "a physician records a withdrawal: no reason to give");
        assertFalse(robot.lookup("#records-open-reason").tryQuery().isPresent());
        org.exoconsent.testing.Screenshots.save(robot.capture(robot.lookup("#records-table").query().getScene()
                .getRoot()).getImage(), "37-records-physician");
    }
}
