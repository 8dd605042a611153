package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The app locks its screen after the idle time (2 seconds here) and only the signed-in person's password opens it. */
class AppIdleLockTest {
    @TempDir
    Path tmp;

    private final FxRobot robot = new FxRobot();
    private javafx.application.Application app;

    @BeforeEach
    void startTheApp() throws Exception {
        System.setProperty("exoconsent.home", tmp.resolve("data").toString());
        System.setProperty("exoconsent.idleLockSeconds", "2");
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(ExoConsentApp.class);
    }

    @AfterEach
    void stopTheApp() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        System.clearProperty("exoconsent.home");
        System.clearProperty("exoconsent.idleLockSeconds");
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        org.exoconsent.testing.FxWait.until(condition, what, 30);
    }

    /** Whether the node is on screen: it and every parent visible, and in the window's scene. */
    private boolean visible(String query) {
        return robot.lookup(query).tryQuery().map(n -> {
            for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
                if (!p.isVisible()) {
                    return false;
                }
            }
            return n.getScene() != null && n.getScene().getWindow() != null && n.getScene().getWindow().isShowing();
        }).orElse(false);
    }

    /** The root of the window on screen (the app replaces its root as screens change). */
    private javafx.scene.Parent shownRoot() {
        return robot.listWindows().stream().filter(javafx.stage.Window::isShowing).findFirst().orElseThrow()
                .getScene().getRoot();
    }

    /**
     * Clicks a node once it is on screen. The app swaps its screens from background tasks, and TestFX looks nodes
     * up from the test thread, so a lookup can meet a screen that was just replaced: look again then.
     */
    private org.testfx.api.FxRobotInterface click(String query) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            WaitForAsyncUtils.waitForFxEvents();
            try {
                return robot.clickOn(query);
            } catch (NullPointerException | org.testfx.api.FxRobotException e) {
                if (attempt == 5) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void anIdleScreenLocksAndHidesWhatWasOnItUntilThePasswordIsGiven() throws Exception {
        waitUntil(() -> visible("#first-admin-name"), "the first-run form");
        click("#first-admin-name").write("admin");
        click("#first-admin-password").write("the admin password");
        click("#first-admin-password-again").write("the admin password");
        click("#first-admin-create");
        waitUntil(() -> visible("#setup-later"), "the set-up");
        click("#setup-later");
        waitUntil(() -> visible("#signed-in-as"), "signed in");
        // no input for a while
        waitUntil(() -> visible("#lock-screen"), "the lock screen");
        assertFalse(visible("#signed-in-as"), "nothing behind the lock shows");
        org.exoconsent.testing.Screenshots.save(robot.capture(shownRoot()).getImage(), "9-idle-lock");
        click("#lock-secret").write("not the password").type(KeyCode.ENTER);
        waitUntil(() -> !robot.lookup("#lock-message").queryAs(Label.class).getText().isEmpty(), "the refusal");
        assertEquals("admin: wrong user name or password",
                robot.lookup("#lock-message").queryAs(Label.class).getText());
        assertFalse(visible("#signed-in-as"));
        click("#lock-secret").write("the admin password").type(KeyCode.ENTER);
        waitUntil(() -> visible("#signed-in-as"), "unlocked");
        assertFalse(robot.lookup("#lock-screen").tryQuery().isPresent());
    }
}
