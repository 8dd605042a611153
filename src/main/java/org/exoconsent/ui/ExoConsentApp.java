package org.exoconsent.ui;

import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.stage.Stage;
import org.exoconsent.Version;

/**
 * The desktop app. For now it shows a start screen; the consultation wizard (issue 4) and the back office
 * (issue 5) follow. Everything it will do already works headless through the command line.
 */
public final class ExoConsentApp extends Application {

    public static void launchApp(String[] args) {
        Application.launch(ExoConsentApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        Font.loadFont(ExoConsentApp.class.getResourceAsStream("/org/exoconsent/fonts/ipaexg.ttf"), 14);
        Label title = new Label("ExoConsent");
        title.setId("title");
        title.setStyle("-fx-font-family: 'IPAexGothic'; -fx-font-size: 36px; -fx-font-weight: bold;");
        Label subtitle = new Label("エクソソーム療法の説明と同意\nInformed consent for exosome therapy");
        subtitle.setId("subtitle");
        subtitle.setStyle("-fx-font-family: 'IPAexGothic'; -fx-font-size: 20px; -fx-text-alignment: center;");
        Label status = new Label("診察ウィザードは準備中です。現在はコマンドラインで同意書の作成・署名・検証ができます。\n"
                + "The consultation wizard is not built yet. Consent PDFs can be rendered, signed and verified "
                + "with the command line (see README).");
        status.setId("status");
        status.setWrapText(true);
        status.setStyle("-fx-font-family: 'IPAexGothic'; -fx-font-size: 15px; -fx-text-fill: #444;");
        Label version = new Label(Version.get());
        version.setStyle("-fx-font-family: 'IPAexGothic'; -fx-font-size: 12px; -fx-text-fill: #777;");
        VBox box = new VBox(24, title, subtitle, status, version);
        box.setAlignment(Pos.CENTER);
        box.setPadding(new Insets(48));
        box.setMaxWidth(900);
        stage.setTitle("ExoConsent");
        stage.setScene(new Scene(box, 1280, 800));
        stage.show();
    }
}
