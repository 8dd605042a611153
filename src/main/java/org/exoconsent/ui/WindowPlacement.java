package org.exoconsent.ui;

import java.util.List;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * Where the app's window opens and at what size (issue 16 §2), and the size it remembers on this computer.
 *
 * <p>The rule ({@link #initial}): the size the window had when the app last closed on this computer, if it still fits
 * on one of the screens (at least {@link #MIN_WIDTH}×{@link #MIN_HEIGHT}, its top-left corner on a screen; larger
 * than the screen it is shrunk to the screen); else, on a screen whose visual bounds (the screen less the task bar)
 * are no larger than {@link #DESIGNED_WIDTH}×{@link #DESIGNED_HEIGHT} in either direction — a clinic tablet —
 * maximised; else {@link #DESIGNED_WIDTH}×{@link #DESIGNED_HEIGHT} (the size the screens are designed and tested at)
 * in the middle of the primary screen.
 *
 * <p>It is remembered with {@link Preferences} (the user's preferences of this computer: the registry under
 * HKEY_CURRENT_USER\Software\JavaSoft\Prefs on Windows, {@code ~/.java/.userPrefs} on Linux; the property
 * {@code java.util.prefs.userRoot} moves the latter), in the child {@code window} of {@link ThisComputer}'s node
 * ({@code /org/exoconsent/window}, or under {@code -Dexoconsent.preferences}, which the tests set): {@code x},
 * {@code y}, {@code width}, {@code height} (the window's size when neither maximised nor full screen, in JavaFX's
 * pixels) and {@code maximized}. It is a preference of the computer's user, not of the clinic's data: nothing in the
 * data directory changes. A preference that cannot be read or written is left alone (the window then opens by the rule
 * above): a window's size is not worth an error.
 *
 * <p>Under Linux's GTK glass (JavaFX 21) with a window manager (openbox) a size given before the window is first
 * shown is dropped and the window opens at GTK's default 200×200; so {@link #open} sets the size again once it is
 * shown.
 */
final class WindowPlacement {
    /** The size the screens are designed for (the tablets clinics use: 1280×800). */
    static final double DESIGNED_WIDTH = 1280;
    static final double DESIGNED_HEIGHT = 800;
    /** A remembered size smaller than this is not used (the screens cannot be used in less). */
    static final double MIN_WIDTH = 800;
    static final double MIN_HEIGHT = 600;

    /** A window's place: its bounds when neither maximised nor full screen, and whether it is maximised. */
    record Placement(double x, double y, double width, double height, boolean maximized) {
        Rectangle2D bounds() {
            return new Rectangle2D(x, y, width, height);
        }
    }

    /** The child of {@link ThisComputer}'s node where the placement is kept. */
    private static final String NODE = "window";

    private final Stage stage;
    /** The window's last bounds when neither maximised, full screen nor iconified: what is remembered. */
    private Rectangle2D normal;
    /** Whether the window was maximised the last time it was neither full screen nor iconified. */
    private boolean maximized;

    private WindowPlacement(Stage stage, Rectangle2D normal) {
        this.stage = stage;
        this.normal = normal;
    }

    /**
     * Where the window opens (see the class comment).
     *
     * @param primary    the visual bounds of the primary screen
     * @param screens    the visual bounds of every screen
     * @param remembered the placement remembered on this computer, if any
     */
    static Placement initial(Rectangle2D primary, List<Rectangle2D> screens, Optional<Placement> remembered) {
        if (remembered.isPresent()) {
            Placement r = remembered.get();
            if (r.width() >= MIN_WIDTH && r.height() >= MIN_HEIGHT) {
                for (Rectangle2D screen : screens) {
                    if (screen.contains(r.x(), r.y())) {
                        double w = Math.min(r.width(), screen.getWidth());
                        double h = Math.min(r.height(), screen.getHeight());
                        double x = Math.min(r.x(), screen.getMaxX() - w);
                        double y = Math.min(r.y(), screen.getMaxY() - h);
                        return new Placement(x, y, w, h, r.maximized());
                    }
                }
            }
        }
        if (primary.getWidth() <= DESIGNED_WIDTH || primary.getHeight() <= DESIGNED_HEIGHT) {
            return new Placement(primary.getMinX(), primary.getMinY(), primary.getWidth(), primary.getHeight(),
                    true);
        }
        return new Placement(primary.getMinX() + (primary.getWidth() - DESIGNED_WIDTH) / 2,
                primary.getMinY() + (primary.getHeight() - DESIGNED_HEIGHT) / 2, DESIGNED_WIDTH, DESIGNED_HEIGHT,
                false);
    }

    /**
     * Shows {@code stage} where it opens on this computer (see the class comment) and remembers its size when it is
     * hidden. Call on the FX thread, instead of {@code stage.show()}.
     *
     * @return the placement, which follows the window from now on
     */
    static WindowPlacement open(Stage stage) {
        List<Rectangle2D> screens = Screen.getScreens().stream().map(Screen::getVisualBounds).toList();
        Placement p = initial(Screen.getPrimary().getVisualBounds(), screens, remembered());
        WindowPlacement placement = new WindowPlacement(stage, p.bounds());
        placement.maximized = p.maximized();
        placement.apply(p); // before showing: on Windows and without a window manager this is enough
        stage.show();
        placement.apply(p); // and again: GTK under a window manager drops a size given before the first show
        Runnable follow = () -> {
            if (!stage.isMaximized() && !stage.isFullScreen() && !stage.isIconified() && stage.isShowing()) {
                placement.normal = new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
            }
        };
        stage.xProperty().addListener(o -> follow.run());
        stage.yProperty().addListener(o -> follow.run());
        stage.widthProperty().addListener(o -> follow.run());
        stage.heightProperty().addListener(o -> follow.run());
        stage.maximizedProperty().addListener((o, was, now) -> {
            if (!stage.isFullScreen() && !stage.isIconified()) {
                placement.maximized = now;
            }
        });
        stage.setOnHiding(e -> placement.remember());
        return placement;
    }

    private void apply(Placement p) {
        stage.setX(p.x());
        stage.setY(p.y());
        stage.setWidth(p.width());
        stage.setHeight(p.height());
        stage.setMaximized(p.maximized());
    }

    /** Puts the window back as it was before full screen (patient mode ends): maximised or at its last size. */
    void restore() {
        if (!maximized) {
            stage.setX(normal.getMinX());
            stage.setY(normal.getMinY());
            stage.setWidth(normal.getWidth());
            stage.setHeight(normal.getHeight());
        }
        stage.setMaximized(maximized);
    }

    /** Writes the window's size to this computer's preferences (see the class comment). */
    void remember() {
        remember(ThisComputer.forThisUser(), new Placement(normal.getMinX(), normal.getMinY(), normal.getWidth(),
                normal.getHeight(), maximized));
    }

    /** Writes {@code p} to {@code computer}'s preferences; best effort (see the class comment). */
    static void remember(ThisComputer computer, Placement p) {
        try {
            Preferences prefs = computer.child(NODE);
            prefs.putDouble("x", p.x());
            prefs.putDouble("y", p.y());
            prefs.putDouble("width", p.width());
            prefs.putDouble("height", p.height());
            prefs.putBoolean("maximized", p.maximized());
            prefs.flush();
        } catch (BackingStoreException | SecurityException | IllegalStateException e) {
            // not remembered: the window opens by the rule next time
        }
    }

    /** The placement remembered on this computer, if a whole one is there and can be read. */
    static Optional<Placement> remembered() {
        return remembered(ThisComputer.forThisUser());
    }

    /** The placement remembered in {@code computer}'s preferences, if a whole one is there and can be read. */
    static Optional<Placement> remembered(ThisComputer computer) {
        try {
            Optional<Preferences> node = computer.existing(NODE);
            if (node.isEmpty()) {
                return Optional.empty();
            }
            Preferences prefs = node.get();
            double w = prefs.getDouble("width", -1);
            double h = prefs.getDouble("height", -1);
            if (w <= 0 || h <= 0) {
                return Optional.empty();
            }
            return Optional.of(new Placement(prefs.getDouble("x", 0), prefs.getDouble("y", 0), w, h,
                    prefs.getBoolean("maximized", false)));
        } catch (BackingStoreException | SecurityException | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
