package org.exoconsent.testing;

import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** For UI tests: scrolls a node into view, as a person scrolls a form taller than the window before using a field. */
public final class Scrolling {
    private Scrolling() {
    }

    /**
     * Scrolls the scroll pane holding the node found by {@code query} so that the node is in the middle of it
     * (does nothing when no scroll pane holds it or the content fits).
     */
    public static void reveal(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        robot.interact(() -> {
            for (javafx.scene.Parent p = node.getParent(); p != null; p = p.getParent()) {
                if (p instanceof ScrollPane scroll) {
                    Node content = scroll.getContent();
                    javafx.geometry.Bounds b = content.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
                    double viewport = scroll.getViewportBounds().getHeight();
                    double extra = content.getBoundsInLocal().getHeight() - viewport;
                    if (extra > 0) {
                        double centre = (b.getMinY() + b.getMaxY()) / 2 - viewport / 2;
                        scroll.setVvalue(Math.max(0, Math.min(1, centre / extra)));
                    }
                    return;
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
