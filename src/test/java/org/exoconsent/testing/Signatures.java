package org.exoconsent.testing;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import org.exoconsent.ui.controls.SignaturePad;
import org.testfx.api.FxRobot;
import org.testfx.robot.MouseRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A signature drawn on the wizard's pad with the mouse, as a hand would: pressed, moved along a wave and released,
 * every move a real mouse event where the pad is on screen. The tests that sign through the wizard draw it here, so
 * that they draw the same stroke.
 */
public final class Signatures {
    private Signatures() {
    }

    /**
     * Draws one stroke on the pad shown ({@code #signature-pad}), not yet confirmed: from 80 px right of its left edge
     * and {@code top} px below its top edge, 45 moves of 12 px to the right along a wave 40 px high. The moves between
     * the first and the last are sent without waiting for JavaFX to handle each (they stay in order): the pad gets
     * every one, and a signature takes a fraction of a second instead of one wait per move.
     *
     * @param robot the test's robot
     * @param top   where the stroke starts, in pixels below the pad's top edge (the pad is at least 200 px high)
     * @throws org.testfx.service.query.EmptyNodeQueryException when no pad is shown
     */
    public static void draw(FxRobot robot, double top) {
        SignaturePad pad = robot.lookup("#signature-pad").queryAs(SignaturePad.class);
        Bounds b = pad.localToScreen(pad.getBoundsInLocal());
        MouseRobot mouse = robot.robotContext().getMouseRobot();
        mouse.move(new Point2D(b.getMinX() + 80, b.getMinY() + top));
        mouse.press(MouseButton.PRIMARY);
        for (int i = 1; i < 45; i++) {
            mouse.moveNoWait(point(b, top, i));
        }
        mouse.move(point(b, top, 45));
        mouse.release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Point2D point(Bounds b, double top, int i) {
        return new Point2D(b.getMinX() + 80 + i * 12, b.getMinY() + top + 40 * Math.sin(i / 2.0));
    }
}
