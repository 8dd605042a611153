package org.exoconsent.ui.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.Settings;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The administrator adds a physician, refuses a weak password, changes a setting and backs up. */
@ExtendWith(ApplicationExtension.class)
class AdminViewTest {
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
        stage.setScene(new Scene(new AdminView(vm, ui, () -> { }), 1280, 800));
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

    @Test
    void usersSettingsAndABackup(FxRobot robot) throws Exception {
        waitUntil(() -> !robot.lookup("#admin-users").queryTableView().getItems().isEmpty(), "the users");
        robot.clickOn("#admin-user-name").write("yamada");
        robot.clickOn("#admin-role-physician");
        robot.clickOn("#admin-user-licence").write("123456");
        robot.clickOn("#admin-user-password").write("short");
        robot.clickOn("#admin-add-user");
        waitUntil(() -> !message(robot).isEmpty(), "the refusal");
        assertEquals("Not done: password for yamada: too short; use at least 10 characters", message(robot));
        robot.clickOn("#admin-user-password").write("a long password");
        robot.clickOn("#admin-add-user");
        waitUntil(() -> message(robot).equals("Added yamada."), "the new user");
        assertEquals(2, robot.lookup("#admin-users").queryTableView().getItems().size());
        org.exoconsent.testing.Screenshots.save(robot.capture(robot.lookup("#admin-users").query().getScene()
                .getRoot()).getImage(), "12-administration");

        robot.clickOn("#tab-settings");
        TextField reflection = robot.lookup("#admin-reflection").queryAs(TextField.class);
        robot.interact(() -> reflection.setText("abc"));
        robot.clickOn("#admin-save-settings");
        waitUntil(() -> message(robot).contains("reflection-minutes"), "the refusal");
        assertEquals("Not done: reflection-minutes: 'abc' is not a whole number of minutes", message(robot));
        robot.interact(() -> reflection.setText("1440"));
        robot.clickOn("#admin-save-settings");
        waitUntil(() -> message(robot).equals("The settings were saved."), "the settings");

        robot.clickOn("#tab-backup");
        Path zip = tmp.resolve("backup-" + System.nanoTime() + ".zip");
        TextField file = robot.lookup("#admin-backup-file").queryAs(TextField.class);
        robot.interact(() -> file.setText(zip.toString()));
        robot.clickOn("#admin-backup-now");
        waitUntil(() -> message(robot).startsWith("Backed up"), "the backup");
        assertTrue(Files.exists(zip));

        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertEquals(1440, store.settings().get(Settings.Key.REFLECTION_MINUTES));
            assertTrue(store.users().stream().anyMatch(a -> a.name().equals("yamada")
                    && a.roles().equals(java.util.Set.of(Role.PHYSICIAN)) && "123456".equals(a.physicianLicence())));
        }
    }
}
