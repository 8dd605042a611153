package org.exoconsent.ui.controls;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.TouchEvent;
import javafx.scene.input.TouchPoint;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import org.exoconsent.consent.Stroke;

/**
 * A signature pad for finger, pen or mouse. Every input event the device delivers becomes a point (with its time
 * and, for touch, no pressure — JavaFX does not report it), drawn at once as a smooth curve through the midpoints
 * of successive points, so the line follows the hand at the device's input rate. {@link #strokes()} gives what was
 * written (the consent layer turns it into the PDF's image); {@link #clear()} starts again.
 */
public final class SignaturePad extends Region {
    public static final double WIDTH = 720;
    public static final double HEIGHT = 240;
    private static final Color INK = Color.rgb(0x10, 0x18, 0x30);

    private final Canvas canvas = new Canvas(WIDTH, HEIGHT);
    private final List<Stroke> strokes = new ArrayList<>();
    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper(true);
    private List<Stroke.Point> current;
    private long firstTouch = -1;

    public SignaturePad() {
        getStyleClass().add("signature-pad");
        setId("signature-pad");
        setAccessibleText("signature pad");
        getChildren().add(canvas);
        setPrefSize(WIDTH, HEIGHT);
        setMinSize(WIDTH, HEIGHT);
        setMaxSize(WIDTH, HEIGHT);
        clearCanvas();
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> begin(e.getX(), e.getY()));
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> extend(e.getX(), e.getY()));
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> end());
        canvas.addEventHandler(TouchEvent.TOUCH_PRESSED, e -> {
            TouchPoint p = e.getTouchPoint();
            begin(p.getX(), p.getY());
            e.consume();
        });
        canvas.addEventHandler(TouchEvent.TOUCH_MOVED, e -> {
            TouchPoint p = e.getTouchPoint();
            extend(p.getX(), p.getY());
            e.consume();
        });
        canvas.addEventHandler(TouchEvent.TOUCH_RELEASED, e -> {
            end();
            e.consume();
        });
    }

    /** True while nothing has been written. */
    public ReadOnlyBooleanProperty emptyProperty() {
        return empty.getReadOnlyProperty();
    }

    public List<Stroke> strokes() {
        List<Stroke> all = new ArrayList<>(strokes);
        if (current != null && !current.isEmpty()) {
            all.add(new Stroke(current));
        }
        return List.copyOf(all);
    }

    public void clear() {
        strokes.clear();
        current = null;
        firstTouch = -1;
        empty.set(true);
        clearCanvas();
    }

    private void clearCanvas() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setStroke(Color.rgb(0xbb, 0xc4, 0xcc));
        g.setLineWidth(1);
        g.strokeLine(40, HEIGHT - 50, WIDTH - 40, HEIGHT - 50); // the line to sign on
        g.setStroke(INK);
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineJoin(StrokeLineJoin.ROUND);
        g.setLineWidth(3.4);
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
        canvas.getGraphicsContext2D().fillOval(x - 1.7, y - 1.7, 3.4, 3.4);
        empty.set(false);
    }

    private void extend(double x, double y) {
        if (current == null) {
            begin(x, y);
            return;
        }
        Stroke.Point a = current.get(current.size() - 1);
        Stroke.Point before = current.size() > 1 ? current.get(current.size() - 2) : a;
        current.add(new Stroke.Point(x, y, time(), null));
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.beginPath();
        g.moveTo((before.x() + a.x()) / 2, (before.y() + a.y()) / 2);
        g.quadraticCurveTo(a.x(), a.y(), (a.x() + x) / 2, (a.y() + y) / 2);
        g.stroke();
    }

    private void end() {
        if (current != null && !current.isEmpty()) {
            strokes.add(new Stroke(current));
        }
        current = null;
    }

    @Override
    protected void layoutChildren() {
        canvas.relocate(0, 0);
    }
}
