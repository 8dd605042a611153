package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** The app locks its screen after the idle time (2 seconds here) and only the signed-in person's password opens it. */
@UiTest
class AppIdleLockTest {
    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();
    private final FxRobot robot = app.robot;

    @BeforeEach
    void startTheApp() throws Exception {
        System.setProperty("exoconsent.idleLockSeconds", "2");
        app.launch(tmp.resolve("data"));
    }

    @AfterEach
    void stopTheApp() throws Exception {
        app.close();
        System.clearProperty("exoconsent.idleLockSeconds");
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        org.exoconsent.testing.FxWait.until(condition, what, 30);
    }




    @Test
    void anIdleScreenLocksAndHidesWhatWasOnItUntilThePasswordIsGiven() throws Exception {
        app.createFirstAdministrator("admin", "the admin password");
        app.click("#setup-later");
        waitUntil(() -> app.visible("#signed-in-as"), "signed in");
        // no input for a while
        waitUntil(() -> app.visible("#lock-screen"), "the lock screen");
        assertFalse(app.visible("#signed-in-as"), "nothing behind the lock shows");
        org.exoconsent.testing.Screenshots.save(robot.capture(app.shownRoot()).getImage(), "9-idle-lock");
        app.click("#lock-secret").write("not the password").type(KeyCode.ENTER);
        waitUntil(() -> !robot.lookup("#lock-message").queryAs(Label.class).getText().isEmpty(), "the refusal");
        assertEquals("admin: wrong user name or password, or the account is locked or disabled. After 5 wrong "
                + "passwords in a row an account waits 15 minutes; an administrator can set a new password.",
                robot.lookup("#lock-message").queryAs(Label.class).getText());
        assertFalse(app.visible("#signed-in-as"));
        app.click("#lock-secret").write("the admin password").type(KeyCode.ENTER);
        waitUntil(() -> app.visible("#signed-in-as"), "unlocked");
        assertFalse(robot.lookup("#lock-screen").tryQuery().isPresent());
    }
}
