package org.exoconsent.ui.controls;

import java.util.ResourceBundle;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The top line of a back-office screen: its title on the left, the way back to the start on the right. */
public final class ScreenHeader {
    private ScreenHeader() {
    }

    /**
     * @param backId the id of the back button (tests and the keyboard find it by that)
     */
    public static HBox of(ResourceBundle ui, String titleKey, String backId, Runnable back) {
        Label title = new Label(ui.getString(titleKey));
        title.getStyleClass().add("step-title");
        Button home = new Button(ui.getString("records.back"));
        home.setId(backId);
        home.setOnAction(e -> back.run());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        return new HBox(12, title, gap, home);
    }
}
