package org.exoconsent.ui.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.event.Event;
import javafx.event.EventType;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.TouchEvent;
import javafx.scene.input.TouchPoint;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
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

/**
 * The pad as a patient uses it (headless, Monocle): with the mouse, and with a touch screen whose events are made
 * here as JavaFX delivers them (issue 16 §3): one {@link TouchEvent} per touch point of each event set, each point
 * with its touch id, and — on screens that do so — the mouse event synthesised for the first finger after each set.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class SignaturePadTest {
    private static final int W = (int) SignaturePad.WIDTH;
    private static final int H = (int) SignaturePad.HEIGHT;
    private SignaturePad pad;
    private StackPane root;

    @Start
    void start(Stage stage) {
        pad = new SignaturePad();
        root = new StackPane(pad);
        stage.setScene(new Scene(root, 800, 320));
        stage.show();
    }

    /** A new pad in the window: a pad remembers that touch events reached it. */
    private void freshPad(FxRobot robot) {
        robot.interact(() -> {
            pad = new SignaturePad();
            root.getChildren().setAll(pad);
        });
        WaitForAsyncUtils.waitForFxEvents();
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

    /**
     * A touch screen over the pad. {@code synthesises}: after each event set, the mouse event the platform makes
     * for the primary touch point (the first one down while none was); {@code mouseFirst}: that mouse event comes
     * before the set's touch events instead of after.
     */
    private final class TouchScreen {
        private final FxRobot robot;
        private final boolean synthesises;
        private final boolean mouseFirst;
        private final Map<Integer, Point2D> down = new LinkedHashMap<>();
        private int primary = -1;
        private int set;

        TouchScreen(FxRobot robot, boolean synthesises, boolean mouseFirst) {
            this.robot = robot;
            this.synthesises = synthesises;
            this.mouseFirst = mouseFirst;
        }

        void press(int id, double x, double y) {
            if (down.isEmpty()) {
                primary = id;
            }
            send(id, TouchPoint.State.PRESSED, new Point2D(x, y));
        }

        void move(int id, double x, double y) {
            send(id, TouchPoint.State.MOVED, new Point2D(x, y));
        }

        void release(int id) {
            send(id, TouchPoint.State.RELEASED, down.get(id));
        }

        /** One finger along a path: pressed at its first point, moved through the rest, lifted. */
        void draw(int id, List<Point2D> path) {
            press(id, path.get(0).getX(), path.get(0).getY());
            for (Point2D p : path.subList(1, path.size())) {
                move(id, p.getX(), p.getY());
            }
            release(id);
        }

        private void send(int id, TouchPoint.State state, Point2D local) {
            down.put(id, local);
            Node canvas = pad.getChildrenUnmodifiable().get(0); // the node a touch on the pad picks
            robot.interact(() -> {
                List<TouchPoint> points = new ArrayList<>();
                for (Map.Entry<Integer, Point2D> e : down.entrySet()) {
                    Point2D scene = canvas.localToScene(e.getValue());
                    Point2D screen = canvas.localToScreen(e.getValue());
                    points.add(new TouchPoint(e.getKey(), e.getKey() == id ? state : TouchPoint.State.STATIONARY,
                            scene.getX(), scene.getY(), screen.getX(), screen.getY(), canvas, null));
                }
                set++;
                if (mouseFirst) {
                    synthesised(id, state, local, canvas);
                }
                for (TouchPoint p : points) {
                    Event.fireEvent(canvas, new TouchEvent(type(p.getState()), p, points, set, false, false, false,
                            false));
                }
                if (!mouseFirst) {
                    synthesised(id, state, local, canvas);
                }
            });
            if (state == TouchPoint.State.RELEASED) {
                down.remove(id);
            }
        }

        private void synthesised(int id, TouchPoint.State state, Point2D local, Node canvas) {
            if (!synthesises || id != primary) {
                return;
            }
            EventType<MouseEvent> type = switch (state) {
                case PRESSED -> MouseEvent.MOUSE_PRESSED;
                case MOVED -> MouseEvent.MOUSE_DRAGGED;
                case RELEASED -> MouseEvent.MOUSE_RELEASED;
                case STATIONARY -> null;
            };
            if (type == null) {
                return;
            }
            Point2D scene = canvas.localToScene(local);
            Point2D screen = canvas.localToScreen(local);
            Event.fireEvent(canvas, new MouseEvent(type, scene.getX(), scene.getY(), screen.getX(), screen.getY(),
                    MouseButton.PRIMARY, 1, false, false, false, false, state != TouchPoint.State.RELEASED, false,
                    false, true, false, false, null));
        }

        private EventType<TouchEvent> type(TouchPoint.State s) {
            return switch (s) {
                case PRESSED -> TouchEvent.TOUCH_PRESSED;
                case MOVED -> TouchEvent.TOUCH_MOVED;
                case STATIONARY -> TouchEvent.TOUCH_STATIONARY;
                case RELEASED -> TouchEvent.TOUCH_RELEASED;
            };
        }
    }

    /** A wave of {@code n} points from (x, y), 7 pixels apart across the pad. */
    private static List<Point2D> wave(double x, double y, int n) {
        List<Point2D> p = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            p.add(new Point2D(x + 7 * i, y + 25 * Math.sin(i / 3.0)));
        }
        return p;
    }

    private static List<Point2D> points(Stroke s) {
        return s.points().stream().map(p -> new Point2D(p.x(), p.y())).toList();
    }

    private static void assertSamePoints(List<Point2D> expected, Stroke actual, String what) {
        List<Point2D> got = points(actual);
        assertEquals(expected.size(), got.size(), what + ": " + got);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).getX(), got.get(i).getX(), 1e-3, what + ", point " + i);
            assertEquals(expected.get(i).getY(), got.get(i).getY(), 1e-3, what + ", point " + i);
        }
        for (int i = 1; i < got.size(); i++) {
            assertNotEquals(got.get(i - 1), got.get(i), what + ": point " + i + " recorded twice");
        }
        for (Stroke.Point p : actual.points()) {
            assertNull(p.pressure(), "JavaFX 21 reports no pressure");
        }
    }

    private Image snapshot(FxRobot robot) {
        AtomicReference<Image> img = new AtomicReference<>();
        robot.interact(() -> img.set(pad.snapshot(null, null)));
        return img.get();
    }

    private static boolean ink(Color c) {
        return c.getBrightness() < 0.5; // the ink is dark blue; the pad white, its line to sign on light grey
    }

    /** Whether ink lies within 2 pixels of (x, y). */
    private static boolean inkNear(Image img, double x, double y) {
        for (int dx = -2; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                int px = (int) Math.round(x) + dx;
                int py = (int) Math.round(y) + dy;
                if (px >= 0 && py >= 0 && px < img.getWidth() && py < img.getHeight()
                        && ink(img.getPixelReader().getColor(px, py))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The path of a finger is inked: at every midpoint between two of its points, which the curve passes. */
    private static void assertInkAlong(Image img, List<Point2D> path, String what) {
        for (int i = 1; i < path.size(); i++) {
            Point2D m = path.get(i - 1).midpoint(path.get(i));
            assertTrue(inkNear(img, m.getX(), m.getY()), what + ": no ink at " + m);
        }
    }

    private static int inkPixels(Image img, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int x = x0; x < x1; x++) {
            for (int y = y0; y < y1; y++) {
                if (ink(img.getPixelReader().getColor(x, y))) {
                    n++;
                }
            }
        }
        return n;
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
        assertNull(SignatureInk.jumpProblem(pad.strokes(), W, H));
        String png = SignatureInk.toPng(pad.strokes(), W, H);
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

    /**
     * Issue 16 §3: with one finger every point was recorded twice, from the touch event and from the mouse event
     * synthesised from it. Now each point is recorded once, whether the platform synthesises mouse events or not,
     * and whether its synthesised press comes before the first touch event or after; a real mouse still draws.
     */
    @Test
    void oneFingerRecordsEachPointOnce(FxRobot robot) {
        List<Point2D> path = wave(60, 110, 60);
        boolean[][] screens = {{false, false}, {true, false}, {true, true}};
        for (boolean[] kind : screens) {
            String what = kind[0] ? "touch and synthesised mouse" + (kind[1] ? ", mouse first" : "") : "touch only";
            freshPad(robot);
            TouchScreen screen = new TouchScreen(robot, kind[0], kind[1]);
            screen.draw(1, path);
            assertEquals(1, pad.strokes().size(), what + ": " + pad.strokes());
            assertSamePoints(path, pad.strokes().get(0), what);
            assertNull(SignatureInk.problem(pad.strokes()), what);
            assertNull(SignatureInk.jumpProblem(pad.strokes(), W, H), what);
            assertInkAlong(snapshot(robot), path, what);
            assertEquals(pad.strokes().get(0).points().size(), path.size());
        }
        // the mouse, or a pen the system delivers as mouse events, still draws on a pad that has seen touch
        write(robot, 20, 14);
        assertEquals(2, pad.strokes().size(), "the finger's stroke and the mouse's");
        assertTrue(pad.strokes().get(1).points().size() >= 15, pad.strokes().get(1).toString());
    }

    /**
     * Issue 16 §3: resting the side of the hand while signing threw away the strokes already drawn and joined finger
     * and palm into one stroke of 391-pixel jumps. Now the finger down first owns its stroke until it is lifted: the
     * palm, pressed, moved, lifted and pressed again meanwhile, neither ends, clears nor joins it, and adds no ink;
     * the next stroke begins with the finger while the palm still rests. With and without synthesised mouse events.
     */
    @Test
    void aPalmRestingWhileSigningKeepsTheEarlierStrokesAndAddsNoInk(FxRobot robot) {
        for (boolean synthesises : new boolean[] {false, true}) {
            String what = synthesises ? "touch and synthesised mouse" : "touch only";
            freshPad(robot);
            TouchScreen screen = new TouchScreen(robot, synthesises, false);
            List<Point2D> first = wave(60, 90, 35);
            screen.draw(1, first); // every point lifted: the next touch is id 1 again
            List<Point2D> second = wave(80, 150, 40);
            screen.press(1, second.get(0).getX(), second.get(0).getY());
            for (int i = 1; i < 10; i++) {
                screen.move(1, second.get(i).getX(), second.get(i).getY());
            }
            screen.press(2, 560, 180); // the palm comes down on the pad, 391 pixels and more from the finger
            for (int i = 10; i < 25; i++) {
                screen.move(1, second.get(i).getX(), second.get(i).getY());
                screen.move(2, 560 + 5 * (i - 10), 180 + 2 * (i - 10));
            }
            screen.release(2); // lifted, and down again while the finger still writes
            screen.press(3, 600, 200);
            for (int i = 25; i < second.size(); i++) {
                screen.move(1, second.get(i).getX(), second.get(i).getY());
                screen.move(3, 600 + 3 * (i - 25), 200 + (i - 25));
            }
            screen.release(1); // the finger lifts; the palm rests on
            List<Point2D> third = wave(420, 100, 12);
            screen.press(4, third.get(0).getX(), third.get(0).getY());
            for (int i = 1; i < third.size(); i++) {
                screen.move(4, third.get(i).getX(), third.get(i).getY());
                screen.move(3, 650 - i, 215);
            }
            screen.release(4);
            screen.release(3);

            List<Stroke> strokes = pad.strokes();
            assertEquals(3, strokes.size(), what + ": " + strokes);
            assertSamePoints(first, strokes.get(0), what + ", the stroke drawn before the palm");
            assertSamePoints(second, strokes.get(1), what + ", the stroke the palm came down on");
            assertSamePoints(third, strokes.get(2), what + ", the stroke drawn while the palm rested");
            assertNull(SignatureInk.jumpProblem(strokes, W, H), what);
            assertNull(SignatureInk.problem(strokes), what);
            Image img = snapshot(robot);
            assertInkAlong(img, first, what);
            assertInkAlong(img, second, what);
            assertInkAlong(img, third, what);
            assertEquals(0, inkPixels(img, 540, 170, W, H), what + ": no ink where the palm rested");
        }
    }

    /**
     * "Clear" pressed (or a refused signature wiped) while a finger is still on the pad: that finger draws no more
     * until it is lifted, and the next touch draws the first stroke of the new signature.
     */
    @Test
    void aFingerStillDownWhenThePadIsWipedDrawsNoMoreUntilLifted(FxRobot robot) {
        freshPad(robot);
        TouchScreen screen = new TouchScreen(robot, true, false);
        screen.press(1, 60, 100);
        screen.move(1, 70, 105);
        robot.interact(pad::clear);
        screen.move(1, 80, 110);
        screen.move(1, 90, 115);
        screen.release(1);
        assertEquals(List.of(), pad.strokes());
        assertTrue(pad.emptyProperty().get());
        List<Point2D> next = wave(100, 120, 20);
        screen.draw(1, next);
        assertEquals(1, pad.strokes().size());
        assertSamePoints(next, pad.strokes().get(0), "the stroke after the wipe");
        assertEquals(0, inkPixels(snapshot(robot), 55, 95, 95, 120), "nothing left of the wiped stroke");
    }

    /** A finger on the pad does not scroll the page it lies on; a mouse wheel over it still does. */
    @Test
    void aSwipeOnThePadDoesNotScrollThePageButAWheelDoes(FxRobot robot) {
        AtomicInteger reachedThePage = new AtomicInteger();
        robot.interact(() -> root.addEventHandler(ScrollEvent.ANY, e -> reachedThePage.incrementAndGet()));
        Node canvas = pad.getChildrenUnmodifiable().get(0);
        for (boolean direct : new boolean[] {true, false}) {
            robot.interact(() -> {
                Point2D scene = canvas.localToScene(300, 120);
                Event.fireEvent(canvas, new ScrollEvent(ScrollEvent.SCROLL, scene.getX(), scene.getY(), 0, 0, false,
                        false, false, false, direct, false, 0, -40, 0, -40, ScrollEvent.HorizontalTextScrollUnits.NONE,
                        0, ScrollEvent.VerticalTextScrollUnits.NONE, 0, direct ? 1 : 0, null));
            });
            assertEquals(direct ? 0 : 1, reachedThePage.get(), direct ? "a swipe on the touch screen" : "a wheel");
        }
    }
}
