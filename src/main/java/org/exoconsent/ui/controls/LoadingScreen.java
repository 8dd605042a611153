package org.exoconsent.ui.controls;

import java.util.ResourceBundle;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * What a screen shows while the background executor reads what it needs (issue 16 §7: any screen that takes more
 * than a moment to open shows progress): its header with the way back, and a turning indicator with "Opening…". The
 * app puts it up at once when a screen is asked for and replaces it when the reading is done, unless the person went
 * back meanwhile.
 */
public final class LoadingScreen extends BorderPane {
    /**
     * @param titleKey the bundle key of the screen's title, e.g. {@code records.title}
     * @param back     returns to the home screen
     */
    public LoadingScreen(ResourceBundle ui, String titleKey, Runnable back) {
        setId("loading-screen");
        javafx.scene.layout.HBox top = ScreenHeader.of(ui, titleKey, "loading-back", back);
        top.setPadding(new Insets(12, 16, 8, 16));
        setTop(top);
        ProgressIndicator turning = new ProgressIndicator();
        turning.setId("loading-progress");
        Label text = new Label(ui.getString("loading.opening"));
        text.setId("loading-text");
        turning.setAccessibleText(text.getText());
        VBox centre = new VBox(12, turning, text);
        centre.setAlignment(Pos.CENTER);
        setCenter(centre);
    }
}
