package org.exoconsent.ui;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * The window's rules in patient mode (issue 16 §1): while the patient holds the tablet the window fills the screen,
 * stays above every other window, and comes back at once when anything — the window manager's menu (Alt+Space,
 * "Iconify"), a minimise request from another program — iconifies it or takes it out of full screen; when it loses
 * the keyboard to another program for {@link #REFOCUS_AFTER} (the window manager's "show desktop" hides it without
 * iconifying it) it takes the keyboard back, unless a dialog of the app's own is showing. Closing it is refused elsewhere ({@code ExoConsentApp}'s close handler); the keys that would leave
 * (Escape, Alt+F4, Ctrl+W, Ctrl+Q) are the wizard's.
 *
 * <p>An application cannot stop the operating system itself: Ctrl+Alt+Del, the power button, switching users, or a
 * window manager that ignores a window's requests. docs/KIOSK.md says how a clinic locks the tablet for that.
 *
 * <p>Tested under Xvfb with openbox ({@code WindowManagerTest}): {@code xdotool windowminimize}, openbox's own menu,
 * and a window that opens over the app.
 */
final class PatientWindow {
    /** How long the window may be without the keyboard before it takes it back (another program's dialog flashes). */
    static final Duration REFOCUS_AFTER = Duration.millis(300);
    private final Stage stage;
    private final WindowPlacement placement;
    private boolean held;

    /**
     * Watches {@code stage} from now on; it holds nothing until {@link #hold(boolean)} says so.
     *
     * @param placement the window's placement, to go back to when patient mode ends (null: left as full screen
     *                  leaves it)
     */
    PatientWindow(Stage stage, WindowPlacement placement) {
        this.stage = stage;
        this.placement = placement;
        stage.iconifiedProperty().addListener((o, was, iconified) -> {
            if (iconified && held) {
                Platform.runLater(this::comeBack);
            }
        });
        stage.fullScreenProperty().addListener((o, was, full) -> {
            if (!full && held) {
                Platform.runLater(this::comeBack);
            }
        });
        stage.alwaysOnTopProperty().addListener((o, was, above) -> {
            if (!above && held) {
                Platform.runLater(this::comeBack);
            }
        });
        // a window manager that hides every window ("show desktop", another desktop) tells the app nothing but
        // that its window lost the keyboard: take it back, unless one of the app's own dialogs has it
        stage.focusedProperty().addListener((o, was, focused) -> {
            if (!focused && held) {
                PauseTransition wait = new PauseTransition(REFOCUS_AFTER);
                wait.setOnFinished(e -> {
                    if (held && !stage.isFocused() && !aDialogShows()) {
                        comeBack();
                    }
                });
                wait.play();
            }
        });
    }

    /** Whether one of the app's own windows other than the main one (a dialog over it) is on screen. */
    private boolean aDialogShows() {
        return Window.getWindows().stream().anyMatch(w -> w != stage && w.isShowing() && w instanceof Stage);
    }

    /** Whether patient mode holds the window now. */
    boolean held() {
        return held;
    }

    /**
     * Patient mode on: full screen, above every other window, back at once when iconified or taken out of full
     * screen. Off: an ordinary window again, as it was before (maximised or at its size).
     */
    void hold(boolean on) {
        if (on == held) {
            if (on) {
                comeBack();
            }
            return;
        }
        held = on;
        if (on) {
            comeBack();
        } else {
            stage.setAlwaysOnTop(false);
            stage.setFullScreen(false);
            if (placement != null) {
                placement.restore();
            }
        }
    }

    /**
     * Lets the window go for good, leaving it as it is: the app stops (a test's next app may use the same window).
     */
    void release() {
        held = false;
    }

    /** Back to full screen, above everything, in front and with the keyboard, if patient mode still holds. */
    private void comeBack() {
        if (!held) {
            return;
        }
        if (stage.isIconified()) {
            stage.setIconified(false);
        }
        if (!stage.isFullScreen()) {
            stage.setFullScreen(true);
        }
        if (!stage.isAlwaysOnTop()) {
            stage.setAlwaysOnTop(true);
        }
        stage.toFront();
        stage.requestFocus();
    }
}
