package org.exoconsent.ui.controls;

import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;

/**
 * Where a screen says what an action found (the records screen's and the administration screen's message under
 * their content): the message wraps, and one taller than {@link #LINES} lines scrolls inside its area instead of
 * taking the screen's height from what it reports on. Seen on screen (2026-12-02): an export's message naming the
 * verification's problems and a damaged template (14–16 lines) shrank the records table to its header, no row left
 * visible, and pushed the patient-copy bar off the window; a backup's message naming the rows it left out cut off
 * the Backup tab's own controls.
 */
public final class MessageArea {
    /** The most lines of text the area shows before it scrolls. */
    public static final int LINES = 6;

    private MessageArea() {
    }

    /**
     * The area around {@code message} (which keeps its id, text and tooltip): as tall as the message up to
     * {@link #LINES} lines of its font, a vertical scroll bar beyond that, no frame of its own.
     *
     * @param message a wrapping label; its font decides the height of a line
     * @return the node to place where the label was
     */
    public static ScrollPane around(Label message) {
        message.setWrapText(true);
        ScrollPane area = new ScrollPane(message);
        area.setFitToWidth(true);
        area.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        area.setVbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        area.getStyleClass().add("message-area");
        area.maxHeightProperty().bind(Bindings.createDoubleBinding(() -> message.getFont().getSize() * 1.25 * LINES
                + 4, message.fontProperty())); // a line of the screens' fonts: about 1.2 times their size
        area.setMinHeight(0);
        // as tall as the message wrapped at the area's width (a scroll pane's own height is its content's at no
        // width: one line of a wrapping label, so that a message of two lines scrolled)
        Runnable fit = () -> {
            double width = area.getViewportBounds().getWidth() > 0 ? area.getViewportBounds().getWidth()
                    : area.getWidth();
            if (width > 0) {
                area.setPrefViewportHeight(Math.min(message.prefHeight(width), area.getMaxHeight()));
            }
        };
        message.textProperty().addListener(o -> fit.run());
        message.fontProperty().addListener(o -> fit.run());
        area.widthProperty().addListener(o -> fit.run());
        area.visibleProperty().bind(message.textProperty().isNotEmpty());
        area.managedProperty().bind(area.visibleProperty());
        return area;
    }
}
