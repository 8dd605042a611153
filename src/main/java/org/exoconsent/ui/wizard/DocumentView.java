package org.exoconsent.ui.wizard;

import java.awt.image.BufferedImage;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.exoconsent.pdf.PdfPages;

/**
 * "Read the whole document" (issue 12 §3): the document as it will be signed, without signatures, page after page
 * in a scrolling view, each page as wide as the screen (large type), with larger/smaller and a button back to the
 * signature pad. The pages are the PDF itself, drawn off the FX thread and shown as each is ready; closing stops the
 * drawing. The view is laid over the wizard's page: the wizard's state, patient mode and the strokes on the pad are
 * untouched.
 *
 * <p>Controls: {@code #document-view}, {@code #document-pages} (the scroll pane), {@code #document-page-list},
 * {@code #document-progress}, {@code #document-zoom-out}, {@code #document-zoom}, {@code #document-zoom-in},
 * {@code #document-close}.
 */
final class DocumentView extends BorderPane {
    /** Pixels per point the pages are drawn with: an A4 page 1190 pixels wide, sharp at the width of a tablet. */
    static final float SCALE = 2f;
    /** The same as a resolution: 144 dots per inch. */
    static final float DPI = 72 * SCALE;
    /** The zoom steps, 1 = the page as wide as the view. */
    static final double[] ZOOMS = {1.0, 1.25, 1.5, 2.0, 2.5};

    private final ResourceBundle ui;
    private final VBox list = new VBox(16);
    private final ScrollPane scroll = new ScrollPane(list);
    private final Label progress = new Label();
    private final ProgressIndicator busy = new ProgressIndicator();
    private final DoubleProperty zoom = new SimpleDoubleProperty(ZOOMS[0]);
    private final Label zoomLabel = new Label();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;

    /**
     * @param ui      the bundle of the page's language (the signer's)
     * @param onClose back to the signature pad
     */
    DocumentView(ResourceBundle ui, Runnable onClose) {
        this.ui = ui;
        this.onClose = onClose;
        setId("document-view");
        getStyleClass().add("document-view");
        Label title = new Label(ui.getString("document.title"));
        title.getStyleClass().add("section-title");
        title.setWrapText(true);
        HBox.setHgrow(title, Priority.ALWAYS);
        title.setMaxWidth(Double.MAX_VALUE);
        Button smaller = button("document-zoom-out", "document.zoomOut");
        Button larger = button("document-zoom-in", "document.zoomIn");
        Button close = button("document-close", "document.close");
        close.getStyleClass().add("primary");
        smaller.setOnAction(e -> step(-1));
        larger.setOnAction(e -> step(1));
        close.setOnAction(e -> close());
        zoomLabel.setId("document-zoom");
        zoomLabel.setMinWidth(Region.USE_PREF_SIZE);
        smaller.disableProperty().bind(zoom.lessThanOrEqualTo(ZOOMS[0]));
        larger.disableProperty().bind(zoom.greaterThanOrEqualTo(ZOOMS[ZOOMS.length - 1]));
        zoom.addListener((o, was, now) -> showZoom());
        showZoom();
        HBox bar = new HBox(12, title, smaller, zoomLabel, larger, close);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 16, 8, 16));
        setTop(bar);

        list.setId("document-page-list");
        list.setAlignment(Pos.TOP_CENTER);
        list.setPadding(new Insets(16));
        progress.setId("document-progress");
        progress.setText(ui.getString("document.preparing"));
        progress.setWrapText(true);
        busy.setMaxSize(48, 48);
        list.getChildren().addAll(busy, progress);
        scroll.setId("document-pages");
        scroll.setAccessibleText(ui.getString("document.title"));
        scroll.setPannable(true);
        scroll.setFitToWidth(false);
        scroll.getStyleClass().add("document-pages");
        setCenter(scroll);
        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                close();
            }
        });
    }

    private Button button(String id, String key) {
        Button b = new Button(ui.getString(key));
        b.setId(id);
        b.setAccessibleText(ui.getString(key));
        b.getStyleClass().add("secondary");
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    private void showZoom() {
        zoomLabel.setText(Math.round(zoom.get() * 100) + "%");
    }

    /** One zoom step larger (+1) or smaller (-1). */
    private void step(int direction) {
        int i = 0;
        while (i < ZOOMS.length - 1 && ZOOMS[i] < zoom.get()) {
            i++;
        }
        zoom.set(ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, i + direction))]);
    }

    /** The zoom: 1 shows each page as wide as the view. */
    DoubleProperty zoomProperty() {
        return zoom;
    }

    /** Back to the pad; the drawing of pages stops. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            list.getChildren().clear(); // the page images are large: let them go
            onClose.run();
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /**
     * Draws the PDF's pages on {@code background} and shows each as it is ready.
     *
     * @param pdf the document as it will be signed, without signatures (made on the same executor first)
     */
    void show(java.util.concurrent.Callable<byte[]> pdf, Executor background) {
        background.execute(() -> {
            try {
                byte[] bytes = pdf.call();
                try (PdfPages pages = PdfPages.open(bytes)) { // one page image at a time
                    int total = pages.count();
                    for (int i = 0; i < total && !closed.get(); i++) {
                        WritableImage page = toFx(pages.render(i, DPI));
                        int number = i + 1;
                        Platform.runLater(() -> addPage(page, number, total));
                    }
                }
            } catch (Exception e) {
                Platform.runLater(() -> failed(e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        });
    }

    /** A drawn page as a JavaFX image (made off the FX thread: it is not in a scene yet). */
    static WritableImage toFx(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        WritableImage out = new WritableImage(w, h);
        out.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return out;
    }

    private void addPage(WritableImage page, int number, int total) {
        if (closed.get()) {
            return;
        }
        list.getChildren().removeAll(busy);
        progress.setText(number < total ? MessageFormat.format(ui.getString("document.pagesShown"), number, total)
                : "");
        progress.setVisible(number < total);
        progress.setManaged(number < total);
        if (!list.getChildren().contains(progress)) {
            list.getChildren().add(progress);
        }
        ImageView view = new ImageView(page);
        view.setId("document-page-" + number);
        view.setPreserveRatio(true);
        view.setSmooth(true);
        view.setAccessibleText(MessageFormat.format(ui.getString("document.page"), number, total));
        view.getStyleClass().add("document-page");
        // as wide as the view (less its margins) times the zoom
        view.fitWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.max(200, (scroll.getViewportBounds().getWidth() - 40) * zoom.get()),
                scroll.viewportBoundsProperty(), zoom));
        list.getChildren().add(list.getChildren().indexOf(progress), view);
    }

    private void failed(String message) {
        list.getChildren().removeAll(busy);
        progress.setVisible(true);
        progress.setManaged(true);
        progress.setText(MessageFormat.format(ui.getString("document.failed"), message));
        progress.getStyleClass().add("field-error");
    }

    /** How many pages are shown so far. */
    int pagesShown() {
        return (int) list.getChildren().stream().filter(n -> n instanceof ImageView).count();
    }
}
