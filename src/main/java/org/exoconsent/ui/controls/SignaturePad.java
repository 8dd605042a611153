package org.exoconsent.ui.controls;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.GestureEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.TouchEvent;
import javafx.scene.input.TouchPoint;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import org.exoconsent.consent.Stroke;

/**
 * A signature pad for finger, pen or mouse, {@link #WIDTH} × {@link #HEIGHT} pixels. Every input event of the pointer
 * that draws becomes a point (in pad pixels, with its time in milliseconds from the pad's first point), drawn at
 * once as a smooth curve through the midpoints of successive points, so the line follows the hand at the device's
 * input rate. {@link #strokes()} gives what was written (the consent layer checks it and turns it into the PDF's
 * image); {@link #clear()} starts again.
 *
 * <p>Which events draw (issue 16 §3):
 * <ul>
 * <li><b>One pointer at a time.</b> Touch points are told apart by their touch id ({@link TouchPoint#getId()}). The
 * first pointer down owns the stroke until it is lifted; every other touch point pressed meanwhile — the side of
 * the hand resting on the screen, a second finger — is ignored until it is lifted, even after the owner is lifted
 * (palm rejection). Another touch never clears, ends or joins the stroke being drawn; the next stroke begins with
 * the next pointer pressed while none draws. A palm that touches the pad <em>before</em> the finger owns the next
 * stroke like any first touch; and a screen that reports a single pointer (a single-touch screen, or a pen
 * delivered as mouse events) cannot tell a palm from the finger. For these the ink check refuses the signature when
 * it is no hand's line ({@code SignatureInk.jumpProblem}, rule C9), and the wizard asks to sign again.</li>
 * <li><b>Each point once.</b> A touch screen delivers {@link TouchEvent}s and, for the first finger, mouse events
 * synthesised from them ({@link MouseEvent#isSynthesized()}). Once a touch event has reached this pad, synthesised
 * mouse events are ignored; should the synthesised press arrive before the first touch event, the touch replaces
 * the line it began. A real mouse, and a pen that the system delivers as mouse events, draw as before.</li>
 * <li><b>No pressure.</b> JavaFX 21 reports no pen or touch pressure, so every point's pressure is absent (null)
 * and the line has one width; docs/SESSION.md says so too.</li>
 * <li><b>The page stays still.</b> Scroll, zoom, rotate and swipe gestures made on the touch screen over the pad are
 * consumed, so a page that scrolls does not move under the signing hand; a mouse wheel still scrolls it.</li>
 * </ul>
 * Not thread-safe: the FX thread only.
 */
public final class SignaturePad extends Region {
    /** The pad's width in pixels, and the signature image's. */
    public static final double WIDTH = 720;
    /** The pad's height in pixels, and the signature image's. */
    public static final double HEIGHT = 240;
    private static final Color INK = Color.rgb(0x10, 0x18, 0x30);
    private static final double LINE = 3.4;
    /** Who draws: nobody. */
    private static final int NOBODY = Integer.MIN_VALUE;
    /** Who draws: the mouse, or a pen delivered as mouse events (touch ids are positive). */
    private static final int MOUSE = -1;

    private final Canvas canvas = new Canvas(WIDTH, HEIGHT);
    private final List<Stroke> strokes = new ArrayList<>();
    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper(true);
    private List<Stroke.Point> current;
    private long firstTouch = -1;
    /** The pointer that draws the current stroke: a touch id, {@link #MOUSE} or {@link #NOBODY}. */
    private int owner = NOBODY;
    /** Whether the mouse that draws is synthesised from touch (a touch event had not yet arrived). */
    private boolean ownerSynthesized;
    /** Touch points pressed while another pointer drew: ignored until they are lifted. */
    private final Set<Integer> ignored = new HashSet<>();
    /** Whether a touch event has reached the pad: from then on synthesised mouse events are ignored. */
    private boolean touchSeen;

    /** An empty pad with the line to sign on; its id is {@code signature-pad}. */
    public SignaturePad() {
        getStyleClass().add("signature-pad");
        setId("signature-pad");
        setAccessibleText("signature pad");
        getChildren().add(canvas);
        setPrefSize(WIDTH, HEIGHT);
        setMinSize(WIDTH, HEIGHT);
        setMaxSize(WIDTH, HEIGHT);
        clearCanvas();
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::mousePressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (isOwner(e)) {
                extend(e.getX(), e.getY());
            }
        });
        addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (isOwner(e)) {
                end();
            }
        });
        addEventHandler(TouchEvent.ANY, this::touch);
        addEventHandler(GestureEvent.ANY, e -> {
            if (e.isDirect()) { // made on the touch screen, not a mouse wheel or a touchpad
                e.consume();
            }
        });
    }

    /** True while nothing has been written. */
    public ReadOnlyBooleanProperty emptyProperty() {
        return empty.getReadOnlyProperty();
    }

    /**
     * What was written, in the order it was drawn: one {@link Stroke} per pointer from touch-down to lift (the one
     * being drawn included), points in pad pixels, pressure null.
     */
    public List<Stroke> strokes() {
        List<Stroke> all = new ArrayList<>(strokes);
        if (current != null && !current.isEmpty()) {
            all.add(new Stroke(current));
        }
        return List.copyOf(all);
    }

    /**
     * Wipes the pad. A pointer still down when it is wiped draws no more until it is lifted; touch points resting
     * on the pad stay ignored.
     */
    public void clear() {
        if (owner > 0) {
            ignored.add(owner);
        }
        owner = NOBODY;
        strokes.clear();
        current = null;
        firstTouch = -1;
        empty.set(true);
        clearCanvas();
    }

    private void mousePressed(MouseEvent e) {
        if (owner != NOBODY || (e.isSynthesized() && touchSeen)) {
            return;
        }
        owner = MOUSE;
        ownerSynthesized = e.isSynthesized();
        begin(e.getX(), e.getY());
    }

    private boolean isOwner(MouseEvent e) {
        return owner == MOUSE && e.isSynthesized() == ownerSynthesized;
    }

    private void touch(TouchEvent e) {
        e.consume();
        touchSeen = true;
        if (owner == MOUSE && ownerSynthesized) {
            // the synthesised press came first: the touch events now give this finger's points, once each
            current = null;
            owner = NOBODY;
            redraw();
        }
        Set<Integer> down = new HashSet<>();
        for (TouchPoint p : e.getTouchPoints()) {
            down.add(p.getId());
        }
        ignored.retainAll(down); // ids start again at 1 once every point is lifted
        if (owner > 0 && !down.contains(owner)) {
            end(); // its release never came
        }
        TouchPoint p = e.getTouchPoint();
        int id = p.getId();
        switch (p.getState()) {
            case PRESSED -> {
                if (owner == NOBODY) {
                    owner = id;
                    begin(p.getX(), p.getY());
                } else if (owner != id) {
                    ignored.add(id);
                }
            }
            case MOVED -> {
                if (owner == id) {
                    extend(p.getX(), p.getY());
                }
            }
            case RELEASED -> {
                if (owner == id) {
                    end();
                }
                ignored.remove(id);
            }
            case STATIONARY -> {
                // a point that did not move: nothing to draw
            }
        }
    }

    private void clearCanvas() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setStroke(Color.rgb(0xbb, 0xc4, 0xcc));
        g.setLineWidth(1);
        g.strokeLine(40, HEIGHT - 50, WIDTH - 40, HEIGHT - 50); // the line to sign on
        g.setStroke(INK);
        g.setFill(INK);
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineJoin(StrokeLineJoin.ROUND);
        g.setLineWidth(LINE);
    }

    /** Draws the kept strokes again on a clean pad. */
    private void redraw() {
        clearCanvas();
        for (Stroke s : strokes) {
            List<Stroke.Point> p = s.points();
            dot(p.get(0));
            for (int i = 1; i < p.size(); i++) {
                segment(p, i);
            }
            tail(p);
        }
        empty.set(strokes.isEmpty());
    }

    private long time() {
        long now = System.nanoTime() / 1_000_000;
        if (firstTouch < 0) {
            firstTouch = now;
        }
        return now - firstTouch;
    }

    private void begin(double x, double y) {
        current = new ArrayList<>();
        current.add(new Stroke.Point(x, y, time(), null));
        dot(current.get(0));
        empty.set(false);
    }

    private void extend(double x, double y) {
        if (current == null) {
            begin(x, y);
            return;
        }
        current.add(new Stroke.Point(x, y, time(), null));
        segment(current, current.size() - 1);
    }

    private void dot(Stroke.Point p) {
        canvas.getGraphicsContext2D().fillOval(p.x() - LINE / 2, p.y() - LINE / 2, LINE, LINE);
    }

    /** The curve from the midpoint before point {@code i - 1}, through it, to the midpoint after it. */
    private void segment(List<Stroke.Point> p, int i) {
        Stroke.Point a = p.get(i - 1);
        Stroke.Point b = p.get(i);
        Stroke.Point before = i > 1 ? p.get(i - 2) : a;
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.beginPath();
        g.moveTo((before.x() + a.x()) / 2, (before.y() + a.y()) / 2);
        g.quadraticCurveTo(a.x(), a.y(), (a.x() + b.x()) / 2, (a.y() + b.y()) / 2);
        g.stroke();
    }

    /** A finished stroke's last half segment, from the last midpoint to its last point, as the image draws it. */
    private void tail(List<Stroke.Point> p) {
        if (p.size() > 1) {
            Stroke.Point a = p.get(p.size() - 2);
            Stroke.Point b = p.get(p.size() - 1);
            canvas.getGraphicsContext2D().strokeLine((a.x() + b.x()) / 2, (a.y() + b.y()) / 2, b.x(), b.y());
        }
    }

    private void end() {
        if (current != null && !current.isEmpty()) {
            tail(current);
            strokes.add(new Stroke(current));
        }
        current = null;
        owner = NOBODY;
    }

    @Override
    protected void layoutChildren() {
        canvas.relocate(0, 0);
    }
}
