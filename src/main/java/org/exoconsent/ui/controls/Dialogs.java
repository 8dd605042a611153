package org.exoconsent.ui.controls;

import javafx.beans.value.ChangeListener;
import javafx.event.Event;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Dialog;
import javafx.scene.input.InputEvent;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * The one way the app builds a dialog or an alert over one of its windows: owned by that window (it stays above it,
 * on the same screen, and follows it), and modal for it without asking the window system to disable the window.
 *
 * <p>Why not JavaFX's own modality: on Linux (GTK glass, JavaFX 21) a {@link Modality#WINDOW_MODAL} or
 * {@link Modality#APPLICATION_MODAL} dialog disables its owner, and a disabled window gets a fixed size (its minimum
 * and maximum sizes set to the present one); a window manager that honours size hints (openbox; issue 16 §2) then
 * takes the maximised state away, and the window falls back to the size it had before it was maximised — 200×200
 * when the app opened. {@code WindowManagerTest} shows it under Xvfb with openbox. So the dialog is
 * {@link Modality#NONE} for the window system, and the owner's scene refuses every mouse, touch and key event (they
 * are consumed before any control sees them) while the dialog shows; clicking the owner brings the dialog back to
 * the front. {@code showAndWait()} still waits for the answer.
 *
 * <p>Dialogs keep JavaFX's own look (modena): the screens' stylesheet ({@link Stylesheet}) is not applied to them.
 */
public final class Dialogs {
    private Dialogs() {
    }

    /**
     * Makes {@code dialog} the dialog of {@code owner}'s window (see the class comment). Call it before the dialog is
     * shown, once.
     *
     * @param owner any node on the window the dialog belongs to; a node not (yet) in a window leaves the dialog
     *              without an owner, as JavaFX would
     * @return the dialog, for chaining
     * @throws IllegalStateException from JavaFX when the dialog has already been shown (its owner and modality can
     *                               no longer change)
     */
    public static <D extends Dialog<?>> D over(Node owner, D dialog) {
        Window window = owner.getScene() == null ? null : owner.getScene().getWindow();
        return over(window, dialog);
    }

    /**
     * Shows one of the system's own dialogs (a {@code FileChooser}, {@code DirectoryChooser} or print dialog) for
     * {@code owner} without disabling it: {@code show} must open the dialog with no owner ({@code null}); while it is
     * open {@code owner}'s scene refuses input, as under {@link #over}. Given an owner, JavaFX disables it on Linux and
     * openbox un-maximises it, as with JavaFX's own modal dialogs (tried by hand under Xvfb with openbox: the export
     * dialog's "Choose…").
     *
     * @param owner the window the dialog is for; null blocks nothing
     * @param show  opens the dialog with a null owner and returns its answer (a file, or null when cancelled)
     * @return what {@code show} returned
     */
    public static <T> T system(Window owner, java.util.function.Supplier<T> show) {
        Scene scene = owner == null ? null : owner.getScene();
        EventHandler<InputEvent> refuse = Event::consume;
        if (scene != null) {
            scene.addEventFilter(InputEvent.ANY, refuse);
        }
        try {
            return show.get();
        } finally {
            if (scene != null) {
                scene.removeEventFilter(InputEvent.ANY, refuse);
            }
        }
    }

    /**
     * Makes {@code dialog} the dialog of {@code owner} (see the class comment).
     *
     * @param owner the window it belongs to; null leaves it without an owner (then it blocks nothing)
     * @return the dialog, for chaining
     * @throws IllegalStateException from JavaFX when the dialog has already been shown
     */
    public static <D extends Dialog<?>> D over(Window owner, D dialog) {
        dialog.initModality(Modality.NONE);
        if (owner == null) {
            return dialog;
        }
        dialog.initOwner(owner);
        EventHandler<InputEvent> refuse = Event::consume;
        ChangeListener<Boolean> backToFront = (o, was, focused) -> {
            if (focused && dialog.isShowing()) {
                Window mine = dialog.getDialogPane().getScene().getWindow();
                if (mine != null) {
                    mine.requestFocus();
                }
            }
        };
        Scene[] blocked = new Scene[1];
        dialog.showingProperty().addListener((o, was, showing) -> {
            if (showing) {
                blocked[0] = owner.getScene();
                if (blocked[0] != null) {
                    blocked[0].addEventFilter(InputEvent.ANY, refuse);
                }
                owner.focusedProperty().addListener(backToFront);
            } else {
                if (blocked[0] != null) {
                    blocked[0].removeEventFilter(InputEvent.ANY, refuse);
                    blocked[0] = null;
                }
                owner.focusedProperty().removeListener(backToFront);
            }
        });
        return dialog;
    }
}
