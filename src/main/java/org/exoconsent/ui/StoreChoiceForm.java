package org.exoconsent.ui;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;
import org.exoconsent.records.DeviceSettings;
import org.exoconsent.records.PostgresLocation;
import org.exoconsent.records.StoreLocationException;

/**
 * The first step of the app's set-up on a computer (issue 17 §1): where this clinic's records are kept — "this
 * computer only (one room)", the data directory, as before and chosen by default, or "a shared store on the clinic's
 * PostgreSQL server" at an address {@code postgresql://HOST[:PORT]/DATABASE?user=NAME}. No password is typed here and
 * none is kept: it comes from PostgreSQL's own conventions ({@code PGPASSWORD}, the password file), which the form
 * explains. The address is checked ({@link PostgresLocation#parse}: a password in it, an unknown parameter, less than
 * {@code sslmode=verify-full} off this computer without the administrator's allowance are refused, named) before it
 * is kept for this operating-system user ({@link ThisComputer#store}); the app then opens it.
 */
final class StoreChoiceForm {
    private StoreChoiceForm() {
    }

    /**
     * The form.
     *
     * @param address  the address chosen before on this computer, shown again; null for none
     * @param settings this device's settings (what its administrator allows)
     * @param chosen   called with the PostgreSQL store chosen, checked, or with null for "this computer only"
     * @param keep     keeps the choice ({@link ThisComputer#rememberStore}); its {@link IllegalStateException} is said
     */
    static VBox form(ResourceBundle ui, String address, DeviceSettings settings, Consumer<PostgresLocation> chosen,
                     Consumer<String> keep) {
        Label title = new Label(ui.getString("store.choice.title"));
        title.getStyleClass().add("screen-title");
        title.setWrapText(true);
        ToggleGroup group = new ToggleGroup();
        RadioButton here = new RadioButton(ui.getString("store.choice.here"));
        here.setId("store-choice-here");
        here.setToggleGroup(group);
        here.setWrapText(true);
        RadioButton server = new RadioButton(ui.getString("store.choice.server"));
        server.setId("store-choice-server");
        server.setToggleGroup(group);
        server.setWrapText(true);
        TextField url = new TextField(address == null ? "" : address);
        url.setId("store-choice-address");
        url.setPromptText("postgresql://HOST[:PORT]/DATABASE?user=NAME");
        url.setMaxWidth(560);
        Label urlLabel = new Label(ui.getString("store.choice.address"));
        urlLabel.setLabelFor(url);
        url.setAccessibleText(urlLabel.getText());
        Label password = new Label(MessageFormat.format(ui.getString("store.choice.password"),
                String.valueOf(PostgresLocation.CONNECT_TIMEOUT_SECONDS)));
        password.setId("store-choice-password");
        password.setWrapText(true);
        password.setMaxWidth(720);
        VBox serverPart = new VBox(6, urlLabel, url, password);
        serverPart.setPadding(new javafx.geometry.Insets(0, 0, 0, 28));
        serverPart.disableProperty().bind(server.selectedProperty().not());
        (address == null ? here : server).setSelected(true);
        Label message = new Label();
        message.setId("store-choice-message");
        message.setWrapText(true);
        message.setMaxWidth(720);
        Button next = new Button(ui.getString("store.choice.next"));
        next.setId("store-choice-next");
        next.getStyleClass().add("primary");
        next.setOnAction(e -> {
            PostgresLocation location = null;
            if (server.isSelected()) {
                try {
                    location = PostgresLocation.parse(url.getText().strip(), AppStore.CHOSEN, settings);
                } catch (StoreLocationException refused) {
                    message.setText(refused.getMessage());
                    return;
                }
            }
            try {
                keep.accept(location == null ? null : location.url());
            } catch (IllegalStateException notKept) {
                message.setText(notKept.getMessage());
                return;
            }
            chosen.accept(location);
        });
        Label intro = new Label(ui.getString("store.choice.intro"));
        intro.setWrapText(true);
        intro.setMaxWidth(720);
        for (javafx.scene.control.Labeled l : new javafx.scene.control.Labeled[] {title, intro, here, server, password,
            message}) {
            l.setMaxWidth(720);
            l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // every line of it, never "…"
        }
        VBox form = new VBox(12, title, intro, here, server, serverPart, next, message);
        form.setAlignment(Pos.CENTER_LEFT);
        form.setMaxWidth(760);
        form.getStyleClass().add("home-form");
        return form;
    }
}
