package org.exoconsent.ui.controls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A screen's message area: a message of a few lines is shown whole (seen 2026-12-02: a two-line message scrolled,
 * as a scroll pane is as tall as one line of a wrapping label), a long one scrolls within about
 * {@link MessageArea#LINES} lines, and an empty one takes no room.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class MessageAreaTest {
    private Label message;
    private ScrollPane area;

    @Start
    void start(Stage stage) {
        message = new Label();
        area = MessageArea.around(message);
        VBox screen = new VBox(area);
        screen.setPrefSize(600, 600);
        stage.setScene(new Scene(Stylesheet.install(screen), 600, 600));
        stage.show();
    }

    @Test
    void aShortMessageIsShownWholeALongOneScrollsAndNoneTakesNoRoom(FxRobot robot) {
        robot.interact(() -> message.setText("The backup was written. ".repeat(6))); // two or three lines at 600 px
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(message.getHeight() > message.getFont().getSize() * 1.5, "more than one line: " + message.getHeight());
        assertTrue(area.getViewportBounds().getHeight() >= message.getHeight() - 0.5, "shown whole: "
                + area.getViewportBounds().getHeight() + " for " + message.getHeight());

        robot.interact(() -> message.setText("A long message naming what was found. ".repeat(60)));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(area.getHeight() <= area.getMaxHeight() + 0.5 && area.getMaxHeight() <= message.getFont().getSize()
                * 1.3 * (MessageArea.LINES + 1), "about " + MessageArea.LINES + " lines at most: " + area.getHeight());
        assertTrue(message.getHeight() > area.getHeight(), "the rest scrolls");

        robot.interact(() -> message.setText(""));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!area.isVisible() && !area.isManaged(), "no message, no area");
    }
}
