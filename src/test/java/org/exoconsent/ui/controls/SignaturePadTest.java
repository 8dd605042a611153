package org.exoconsent.ui.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.SignatureInk;
import org.exoconsent.consent.Stroke;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The pad as a patient uses it, driven by the mouse (headless, Monocle). */
@UiTest
@ExtendWith(ApplicationExtension.class)
class SignaturePadTest {
    private SignaturePad pad;

    @Start
    void start(Stage stage) {
        pad = new SignaturePad();
        stage.setScene(new Scene(new StackPane(pad), 800, 320));
        stage.show();
    }

    private Point2D at(double x, double y) {
        Bounds b = pad.localToScreen(pad.getBoundsInLocal());
        return new Point2D(b.getMinX() + x, b.getMinY() + y);
    }

    /** Writes a wave across the pad, one small mouse move at a time. */
    private void write(FxRobot robot, int moves, double step) {
        robot.moveTo(at(60, 140)).press(MouseButton.PRIMARY);
        for (int i = 1; i <= moves; i++) {
            robot.moveTo(at(60 + i * step, 140 + 40 * Math.sin(i / 2.0)));
        }
        robot.release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aSignatureWrittenWithTheMouseIsKeptAsStrokesAndRendersAsARealSignature(FxRobot robot) {
        assertTrue(pad.emptyProperty().get());
        write(robot, 40, 14);
        assertFalse(pad.emptyProperty().get());
        assertEquals(1, pad.strokes().size());
        Stroke s = pad.strokes().get(0);
        assertTrue(s.points().size() >= 30, "points at the input rate: " + s.points().size());
        assertTrue(s.points().get(s.points().size() - 1).t() >= s.points().get(0).t(), "times increase");
        assertNull(SignatureInk.problem(pad.strokes()));
        String png = SignatureInk.toPng(pad.strokes(), (int) SignaturePad.WIDTH, (int) SignaturePad.HEIGHT);
        assertNull(CompletenessCheck.imageProblem(png));
    }

    @Test
    void aTapIsNotASignatureAndClearStartsAgain(FxRobot robot) {
        robot.clickOn(at(300, 120));
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(SignatureInk.problem(pad.strokes()), "a tap");
        robot.interact(pad::clear);
        assertTrue(pad.emptyProperty().get());
        assertEquals(0, pad.strokes().size());
    }
}
