package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.exoconsent.usecases.StoreOpenings;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.UiTest;
import org.exoconsent.ui.controls.Stylesheet;
import org.exoconsent.ui.wizard.WizardViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The idle lock on its own, with a ticker the test moves: it locks only after the idle time and only while someone
 * is signed in, a screen that arrives while locked stays under the lock, and unlocking shows that screen.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class IdleLockTest {
    @TempDir
    static Path tmp;

    private final AtomicLong now = new AtomicLong();
    private boolean signedIn;
    private Scene scene;
    private IdleLock lock;

    @Start
    void start(Stage stage) {
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.ENGLISH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        scene = new Scene(new Group(), 1280, 800);
        lock = new IdleLock(scene, new LockScreen(ui,
                new SignInViewModel(StoreOpenings.of(dir, Examples.CLOCK)), Runnable::run,
                dir.root().toString()), new IdleLock.Session() {
                    @Override
                    public boolean signedIn() {
                        return signedIn;
                    }

                    @Override
                    public String name() {
                        return "admin";
                    }

                    @Override
                    public WizardViewModel patientMode() {
                        return null;
                    }

                    @Override
                    public void signOut() {
                        signedIn = false;
                    }
                }, Duration.ofMinutes(10), now::get);
        stage.setScene(scene);
        stage.show();
    }

    private static Label screen(String id) {
        Label l = new Label(id);
        l.setId(id);
        return l;
    }

    @Test
    void theScreenLocksAfterTheIdleTimeAndAScreenThatArrivesMeanwhileStaysUnderTheLock(FxRobot robot) {
        Label home = screen("home");
        Label records = screen("records");
        robot.interact(() -> {
            lock.show(home);
            assertTrue(home.getStylesheets().contains(Stylesheet.URL), "a screen shown gets the app's stylesheet");
            signedIn = true;
            now.set(Duration.ofMinutes(10).toNanos());
            lock.check();
            assertFalse(lock.isLocked(), "not before the idle time is over");
            now.set(Duration.ofMinutes(10).plusSeconds(1).toNanos());
            lock.check();
            assertTrue(lock.isLocked(), "after it");
            assertNotNull(scene.getRoot().lookup("#lock-screen"));
            assertFalse(home.isVisible(), "nothing of the screen beneath shows");
            lock.show(records); // a background task finished while nobody was there
            assertFalse(records.isVisible(), "nothing of the new screen shows beneath the lock either");
            assertNotNull(scene.getRoot().lookup("#lock-screen"));
            lock.unlock();
            assertSame(records, scene.getRoot(), "unlocking shows the screen that arrived");
            assertTrue(records.isVisible());
        });
    }

    @Test
    void nobodySignedInNothingToLock(FxRobot robot) {
        robot.interact(() -> {
            lock.show(screen("sign-in"));
            now.set(Duration.ofHours(5).toNanos());
            lock.check();
            assertFalse(lock.isLocked());
        });
    }
}
