package org.exoconsent.ui.controls;

import javafx.scene.Parent;

/**
 * The app's one stylesheet ({@code /org/exoconsent/ui/wizard.css}: the named colours on {@code .root}, the large
 * text, the buttons). The app's shell installs it, in one place, on every screen it puts in its window (and on the
 * idle lock over it); a test that mounts one screen installs it the same way. It goes on the screen, not on the
 * window's scene: JavaFX binds a dialog's stylesheets to its owner's scene, so a scene-wide stylesheet would restyle
 * every alert and dialog (larger text, other sizes) where the screens never styled them.
 */
public final class Stylesheet {
    /** The stylesheet's URL, as a list of stylesheets holds it. */
    public static final String URL = Stylesheet.class.getResource("/org/exoconsent/ui/wizard.css").toExternalForm();

    private Stylesheet() {
    }

    /**
     * Adds the stylesheet to {@code screen} unless it is already there (installing twice changes nothing).
     *
     * @return the screen, for chaining
     */
    public static <P extends Parent> P install(P screen) {
        if (!screen.getStylesheets().contains(URL)) {
            screen.getStylesheets().add(URL);
        }
        return screen;
    }
}
