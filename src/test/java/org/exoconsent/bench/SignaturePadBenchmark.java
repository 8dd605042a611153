package org.exoconsent.bench;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.exoconsent.ui.controls.SignaturePad;

/**
 * Benchmark (not a test; run by bench/ui.sh) of the signature pad's event-to-paint time: from dispatching a drag
 * event to the pad until its segment is drawn into the canvas, for 3,000 events after a warm-up, on the FX thread
 * of a headless (Monocle, software) toolkit. The next frame's rasterisation is not included.
 */
public final class SignaturePadBenchmark {
    private SignaturePadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        double[] ms = new double[3000];
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            SignaturePad pad = new SignaturePad();
            Stage stage = new Stage();
            stage.setScene(new Scene(new StackPane(pad), 800, 320));
            stage.show();
            Node canvas = pad.getChildrenUnmodifiable().get(0);
            fire(canvas, MouseEvent.MOUSE_PRESSED, 40, 120);
            for (int i = 0; i < 2000; i++) { // warm-up
                fire(canvas, MouseEvent.MOUSE_DRAGGED, 40 + (i % 600), 120 + 40 * Math.sin(i / 5.0));
            }
            for (int i = 0; i < ms.length; i++) {
                long t = System.nanoTime();
                fire(canvas, MouseEvent.MOUSE_DRAGGED, 40 + (i % 600), 120 + 40 * Math.sin(i / 5.0));
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            fire(canvas, MouseEvent.MOUSE_RELEASED, 640, 120);
            done.countDown();
        });
        done.await();
        Arrays.sort(ms);
        System.out.printf("signature pad event-to-paint over %d drag events: median %.3f ms, p99 %.3f ms, max %.3f ms%n",
                ms.length, ms[ms.length / 2], ms[ms.length * 99 / 100], ms[ms.length - 1]);
        Platform.exit();
    }

    private static void fire(Node target, javafx.event.EventType<MouseEvent> type, double x, double y) {
        Event.fireEvent(target, new MouseEvent(type, x, y, x, y, MouseButton.PRIMARY, 1, false, false, false,
                false, true, false, false, false, false, false, null));
    }
}
