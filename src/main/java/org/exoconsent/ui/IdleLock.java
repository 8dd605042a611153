package org.exoconsent.ui;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.InputEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.exoconsent.ui.controls.Stylesheet;
import org.exoconsent.ui.wizard.WizardViewModel;

/**
 * The idle lock, and what the window shows: every screen is put in the window here, with the app's stylesheet
 * ({@link Stylesheet}). Every key, mouse, touch or pen event on the scene counts as use; a check every 2 seconds
 * covers the screen with the {@link LockScreen} (nothing of the screen beneath shows through) once someone is signed
 * in and nothing was used for the clinic's idle time ({@code idle-lock-minutes}). The idle time is measured on a
 * monotonic ticker ({@link System#nanoTime}), not on the app's clock: a wall clock set back must not keep a screen
 * open.
 */
final class IdleLock {
    /** Who is at the screen, as the shell knows it. */
    interface Session {
        /** Whether someone is signed in (the screen locks only then). */
        boolean signedIn();

        /** The signed-in person's account name. */
        String name();

        /** The consultation's view model while in patient mode, else null. */
        WizardViewModel patientMode();

        /** Signs out from the lock screen (the consultation's draft was saved as it went). */
        void signOut();
    }

    private final Scene scene;
    private final LockScreen lockScreen;
    private final Session session;
    private final LongSupplier ticker;
    /** What is shown (under the lock screen while locked). */
    private Parent content;
    /** The lock screen over the content; null while unlocked. */
    private StackPane locked;
    private volatile long lastInput;
    private Timeline idleCheck;
    private volatile Duration limit;

    /**
     * @param scene      the window's scene (its root is what shows)
     * @param lockScreen the form over the screen while locked
     * @param session    who is at the screen
     * @param limit      the idle time until the clinic's setting is read
     * @param ticker     nanoseconds on a monotonic clock ({@code System::nanoTime}; a test's own)
     */
    IdleLock(Scene scene, LockScreen lockScreen, Session session, Duration limit, LongSupplier ticker) {
        this.scene = scene;
        this.lockScreen = lockScreen;
        this.session = session;
        this.limit = limit;
        this.ticker = ticker;
        this.content = scene.getRoot();
        this.lastInput = ticker.getAsLong();
    }

    /** Starts counting input and checking for idleness; {@link #stop} ends it. */
    void start() {
        scene.addEventFilter(InputEvent.ANY, e -> lastInput = ticker.getAsLong());
        idleCheck = new Timeline(new KeyFrame(javafx.util.Duration.seconds(2), e -> check()));
        idleCheck.setCycleCount(Animation.INDEFINITE);
        idleCheck.play();
    }

    void stop() {
        if (idleCheck != null) {
            idleCheck.stop();
        }
    }

    /** The clinic's idle time (read with the settings; {@code -Dexoconsent.idleLockSeconds} overrides it in tests). */
    void setLimit(Duration limit) {
        this.limit = limit;
    }

    /** Locks when someone is signed in, the screen is not locked and nothing was used for the idle time. */
    void check() {
        if (session.signedIn() && locked == null && ticker.getAsLong() - lastInput > limit.toNanos()) {
            lock();
        }
    }

    boolean isLocked() {
        return locked != null;
    }

    /**
     * Shows {@code p}: in the window, or under the lock screen while locked. Every screen the window shows comes
     * through here and gets the app's stylesheet here ({@link Stylesheet}).
     */
    void show(Parent p) {
        content = Stylesheet.install(p);
        if (locked != null) {
            p.setVisible(false); // a screen that arrives while locked (a task finished) does not show through either
            locked.getChildren().set(0, p);
        } else {
            scene.setRoot(p);
        }
    }

    /**
     * Covers the screen (nothing of the patient's data stays visible) until the signed-in person's password is
     * given again; in patient mode, the staff PIN. Failed passwords count towards the account's lockout.
     */
    void lock() {
        WizardViewModel patientMode = session.patientMode();
        VBox form = lockScreen.form(session.name(), patientMode, this::unlock, () -> {
            unlock();
            session.signOut();
        });
        locked = Stylesheet.install(new StackPane(content, form));
        // the lock over a patient's page reads as that page does: in its larger text and high contrast
        for (String mode : List.of("larger", "high-contrast")) {
            if (content.getStyleClass().contains(mode)) {
                locked.getStyleClass().add(mode);
            }
        }
        content.setVisible(false); // nothing of the consultation shows through
        scene.setRoot(locked);
        form.lookup("#lock-secret").requestFocus();
    }

    /** Takes the lock screen away and shows the content again. */
    void unlock() {
        if (locked == null) {
            return;
        }
        locked.getChildren().remove(content);
        locked = null;
        content.setVisible(true);
        scene.setRoot(content);
        lastInput = ticker.getAsLong();
    }
}
