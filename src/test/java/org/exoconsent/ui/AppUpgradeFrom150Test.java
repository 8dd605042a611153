package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The app opening a copy of release 1.5.0's data directory (review F12): the program brings template 1.3.0, whose one
 * change is not material for patients; the administrator's notice says so instead of an empty "what changed" list,
 * and does not say that the active 1.2.0 (which has a minor's assent) cannot be used for a patient under 18.
 */
@UiTest
class AppUpgradeFrom150Test {
    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();
    private final FxRobot robot = app.robot;

    @AfterEach
    void stopTheApp() throws Exception {
        app.close();
    }

    private String text(String query) {
        return robot.lookup(query).tryQuery().map(n -> ((Label) n).getText()).orElse("");
    }

    @Test
    void theNoticeOfTheNewerTemplateHasNoEmptyListOfChanges() throws Exception {
        app.launch(PreviousRelease.copyTo(PreviousRelease.V1_5_0, tmp.resolve("clinic")));
        app.waitFor("#signin-user");
        app.click("#signin-user").write("admin");
        app.click("#signin-password").write("admin-password-1").type(KeyCode.ENTER);
        app.waitFor("#template-notice");
        String notice = text("#template-notice");
        assertTrue(notice.contains("version 1.3.0"), notice);
        assertTrue(notice.contains("Nothing material changed for patients."), notice);
        assertFalse(robot.lookup("#template-corrections-pane").query().isVisible(), "no empty list to open");
        assertFalse(notice.contains("under 18"), "1.2.0, active there, has a minor's assent: " + notice);
    }
}
