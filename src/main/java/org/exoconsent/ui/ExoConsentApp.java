package org.exoconsent.ui;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.stage.Stage;
import org.exoconsent.Version;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Settings;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.BundledTemplates;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;
import org.exoconsent.template.TemplateLoader;
import org.exoconsent.ui.wizard.ConsultationServices;
import org.exoconsent.ui.wizard.WizardView;
import org.exoconsent.ui.wizard.WizardViewModel;

/**
 * The desktop app: a start screen (staff PIN on first use, new consultation, drafts to resume) and the
 * consultation wizard. Patient mode fills the screen and the window cannot be closed until staff unlock it.
 * The one place where the app's parts are built and wired.
 */
public final class ExoConsentApp extends Application {
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "exoconsent-background");
        t.setDaemon(true);
        return t;
    });
    /** The sizes of icons/ (SVG source: icons/exoconsent.svg). */
    public static final int[] ICON_SIZES = {16, 24, 32, 48, 64, 128, 256, 512};
    private Stage stage;
    private ResourceBundle ui;
    private volatile ConsultationServices services;
    private volatile String templateProblem;
    private DataDirectory dir;
    private DraftStore drafts;
    private StaffPin pin;
    private WizardView wizard;

    public static void launchApp(String[] args) {
        Application.launch(ExoConsentApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        if (Boolean.getBoolean("exoconsent.startupProbe")) {
            System.out.println("toolkit ready after " + java.lang.management.ManagementFactory.getRuntimeMXBean()
                    .getUptime() + " ms");
        }
        Font.loadFont(ExoConsentApp.class.getResourceAsStream("/org/exoconsent/fonts/ipaexg.ttf"), 14);
        ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.getDefault(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        dir = DataDirectory.resolve(null, System.getenv());
        drafts = new DraftStore(dir);
        pin = new StaffPin(dir.root());
        // the template is needed only when a consultation starts: read and check it off the start-up path
        Task<ConsultationServices> prepare = new Task<>() {
            @Override
            protected ConsultationServices call() throws IOException, TemplateException {
                ConsentTemplate template = new TemplateLoader().load(BundledTemplates.root()
                        .resolve("exosome-therapy"));
                return new ConsultationServices(dir, template, Clock.systemDefaultZone());
            }
        };
        prepare.setOnSucceeded(e -> services = prepare.getValue());
        prepare.setOnFailed(e -> templateProblem = prepare.getException().getMessage());
        background.submit(prepare);
        stage.setTitle(ui.getString("app.title"));

        stage.setOnCloseRequest(e -> {
            if (wizard != null && !wizard.viewModel().mayLeave()) {
                e.consume(); // patient mode: only staff may leave
            }
        });
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        stage.setScene(new Scene(home(), 1280, 800));
        stage.show();
        // the icons after the first screen: decoding eight PNGs would delay it by some 0.15 s
        javafx.application.Platform.runLater(() -> {
            for (int size : ICON_SIZES) {
                stage.getIcons().add(new javafx.scene.image.Image(ExoConsentApp.class.getResourceAsStream(
                        "/org/exoconsent/icons/exoconsent-" + size + ".png")));
            }
        });
        if (Boolean.getBoolean("exoconsent.startupProbe")) {
            // bench/ui.sh: report when the first screen has been shown and laid out, then quit
            javafx.application.Platform.runLater(() -> {
                System.out.println("first screen after " + java.lang.management.ManagementFactory
                        .getRuntimeMXBean().getUptime() + " ms");
                javafx.application.Platform.exit();
            });
        }
    }

    private VBox home() {
        Label title = new Label("ExoConsent");
        title.setStyle("-fx-font-size: 40px; -fx-font-weight: bold;");
        Label subtitle = new Label("エクソソーム療法の説明と同意 / Informed consent for exosome therapy");
        Label message = new Label();
        message.setId("home-message");
        message.setWrapText(true);
        VBox box = new VBox(20, title, subtitle);
        if (!pin.isSet()) {
            PasswordField newPin = new PasswordField();
            newPin.setId("new-pin");
            newPin.setMaxWidth(240);
            newPin.setAccessibleText(ui.getString("unlock.title"));
            Button set = new Button(ui.getString("home.setPin"));
            set.setId("set-pin");
            set.setOnAction(e -> {
                try {
                    pin.set(newPin.getText());
                    stage.getScene().setRoot(home());
                } catch (IllegalArgumentException | IOException ex) {
                    message.setText(ex.getMessage());
                }
            });
            box.getChildren().addAll(new Label(ui.getString("home.pinFirst")), newPin, set, message);
        } else {
            Button start = new Button(ui.getString("home.newConsultation"));
            start.setId("home-new-consultation");
            start.getStyleClass().add("primary");
            start.setOnAction(e -> {
                if (services == null) {
                    message.setText(templateProblem != null ? templateProblem : ui.getString("home.preparing"));
                } else {
                    openWizard(null);
                }
            });
            box.getChildren().addAll(start, message);
            try {
                for (DraftStore.Draft d : drafts.list()) {
                    Button resume = new Button(ui.getString("home.resume") + ": " + d.session().patient().name()
                            + "（" + d.savedAt() + "）");
                    resume.setId("resume-" + d.session().id());
                    resume.setOnAction(e -> {
                        if (services != null) {
                            openWizard(d);
                        }
                    });
                    Button discard = new Button(ui.getString("home.discard"));
                    discard.setId("discard-" + d.session().id());
                    discard.setAccessibleText(ui.getString("home.discard") + ": " + d.session().patient().name());
                    discard.setOnAction(e -> discard(d));
                    box.getChildren().add(new javafx.scene.layout.HBox(12, resume, discard));
                }
            } catch (StoreException ex) {
                message.setText(ex.getMessage());
            }
        }
        box.getChildren().add(new Label(Version.get() + " · " + dir.root()));
        box.setAlignment(Pos.CENTER);
        box.setPadding(new Insets(48));
        box.getStylesheets().add(ExoConsentApp.class.getResource("/org/exoconsent/ui/wizard.css").toExternalForm());
        return box;
    }

    /** Abandoning a draft is explicit: staff confirm it, and the draft is moved aside with the reason, not deleted. */
    private void discard(DraftStore.Draft d) {
        javafx.scene.control.Alert confirm = new javafx.scene.control.Alert(
                javafx.scene.control.Alert.AlertType.CONFIRMATION, java.text.MessageFormat.format(
                        ui.getString("home.discardConfirm"), d.session().patient().name()),
                javafx.scene.control.ButtonType.OK, javafx.scene.control.ButtonType.CANCEL);
        confirm.initOwner(stage);
        confirm.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).ifPresent(b -> {
            try {
                drafts.abandon(d.session().id(), "abandoned by staff on the home screen (" + System.getProperty(
                        "user.name", "unknown") + ")", java.time.Instant.now());
            } catch (StoreException ex) {
                // shown on the home screen below
            }
            stage.getScene().setRoot(home());
        });
    }

    /** What the wizard needs from the store, read together off the FX thread. */
    private record Opening(RecordStore.CatalogView catalog, Settings settings) {
    }

    /** Opens the wizard for a new consultation, or resumes a draft; the catalog is read off the FX thread. */
    private void openWizard(DraftStore.Draft draft) {
        Task<Opening> load = new Task<>() {
            @Override
            protected Opening call() throws StoreException {
                return new Opening(services.catalog(), services.settings());
            }
        };
        load.setOnSucceeded(e -> {
            Duration reflection = Duration.ofMinutes(load.getValue().settings().get(Settings.Key.REFLECTION_MINUTES));
            WizardViewModel vm = draft == null
                    ? new WizardViewModel(services.template(), services.clock(), UUID.randomUUID().toString(),
                            reflection, pin::matches)
                    : WizardViewModel.resume(draft.session(), draft.patientMode(), services.template(),
                            services.clock(), reflection, pin::matches);
            vm.setAutosave((s, locked) -> background.submit(() -> {
                try {
                    services.drafts().save(s, locked, services.clock().instant());
                } catch (StoreException ex) {
                    // the consultation goes on; the next change saves again
                }
            }));
            vm.patientModeProperty().addListener((o, was, locked) -> stage.setFullScreen(locked));
            wizard = new WizardView(vm, ui, services, load.getValue().catalog(), background, () -> {
                wizard = null;
                stage.getScene().setRoot(home());
            });
            stage.getScene().setRoot(wizard);
            stage.setFullScreen(vm.patientModeProperty().get());
        });
        load.setOnFailed(e -> stage.getScene().setRoot(home()));
        background.submit(load);
    }

    @Override
    public void stop() {
        background.shutdownNow();
    }
}
