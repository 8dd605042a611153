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
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.exoconsent.about.Version;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.Permission;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Settings;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.BundledTemplates;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;
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
    /**
     * Where the app's time comes from; only its instant counts. The clinic's time zone comes from the store
     * ({@link #clinicClock}, read at sign-in and after the administration screen), never from this device's zone.
     */
    private final Clock clock = Clock.systemUTC();
    /** The clinic's clock for what the home screen shows; the wizard takes the store's own with each opening. */
    private volatile ClinicClock clinicClock = ClinicClock.of(clock, ClinicClock.DEFAULT_ZONE);
    /** The sizes of icons/ (SVG source: icons/exoconsent.svg). */
    public static final int[] ICON_SIZES = {16, 24, 32, 48, 64, 128, 256, 512};
    private Stage stage;
    private ResourceBundle ui;
    private volatile String templateProblem;
    /** Said once on the next home screen (why a consultation could not open, for example). */
    private String notice;
    /** Whether the data directory has accounts yet (null until checked off the FX thread). */
    private Boolean hasAccounts;
    private String accountsProblem;
    /** What the openings of the data directory repaired in this run ({@link #permissionsNotice()}). */
    private final java.util.List<org.exoconsent.files.OwnerOnly.Repair> permissionRepairs =
            new java.util.ArrayList<>();
    /** Who signed in on this tablet, and what they may use; null when signed out. */
    private ConsultationServices services;
    private DataDirectory dir;
    private DraftStore drafts;
    /** Whether the clinic has a staff PIN, as read after the sign-in with the settings; null until then. */
    private Boolean staffPinSet;
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
        org.exoconsent.ui.controls.ScreenFonts.loadPrimary();
        ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.getDefault(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        // -Dexoconsent.home=DIR (used by the UI tests) before $EXOCONSENT_HOME and ~/.exoconsent
        String home = System.getProperty("exoconsent.home");
        dir = DataDirectory.resolve(home == null ? null : java.nio.file.Path.of(home), System.getenv());
        drafts = new DraftStore(dir);
        // the bundled template is read and checked once per run: do it off the start-up path, before it is needed
        background.submit(() -> {
            try {
                BundledTemplates.all();
            } catch (IOException | TemplateException e) {
                templateProblem = e.getMessage();
            }
        });
        // sign-in or first run: whether there are accounts is known once the database is open
        Task<Boolean> accounts = new Task<>() {
            @Override
            protected Boolean call() throws StoreException {
                return RecordStore.hasAccounts(dir, clock);
            }
        };
        accounts.setOnSucceeded(e -> {
            hasAccounts = accounts.getValue();
            showHome();
        });
        accounts.setOnFailed(e -> {
            accountsProblem = accounts.getException().getMessage();
            showHome();
        });
        background.submit(accounts);
        stage.setTitle(ui.getString("app.title"));

        stage.setOnCloseRequest(e -> {
            if (wizard != null && !wizard.viewModel().mayLeave()) {
                e.consume(); // patient mode: only staff may leave
            }
        });
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        content = home();
        stage.setScene(new Scene(content, 1280, 800));
        watchForIdle();
        stage.show();
        // the icons after the first screen: decoding eight PNGs would delay it by some 0.15 s; the fallback fonts
        // too (reading 50 MB of fonts beside the start-up cost it about 0.14 s on two cores)
        javafx.application.Platform.runLater(() -> {
            for (int size : ICON_SIZES) {
                stage.getIcons().add(new javafx.scene.image.Image(ExoConsentApp.class.getResourceAsStream(
                        "/org/exoconsent/icons/exoconsent-" + size + ".png")));
            }
            org.exoconsent.ui.controls.ScreenFonts.loadFallbacksInBackground();
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
        Label message = new Label(notice == null ? "" : notice);
        notice = null;
        message.setId("home-message");
        message.setWrapText(true);
        VBox box = new VBox(20, title, subtitle);
        Label repaired = permissionsNotice();
        if (repaired != null) {
            box.getChildren().add(repaired);
        }
        if (services == null) {
            box.getChildren().add(accountsProblem != null ? new Label(accountsProblem)
                    : hasAccounts == null ? new Label(ui.getString("home.opening"))
                    : hasAccounts ? signInForm() : firstRunForm());
        } else if (staffPinSet == null) {
            box.getChildren().add(new Label(ui.getString("home.opening"))); // the settings are being read
        } else if (!staffPinSet) {
            PasswordField newPin = new PasswordField();
            newPin.setId("new-pin");
            newPin.setMaxWidth(240);
            newPin.setAccessibleText(ui.getString("unlock.title"));
            Button set = new Button(ui.getString("home.setPin"));
            set.setId("set-pin");
            set.setOnAction(e -> {
                String typed = newPin.getText();
                ConsultationServices s = services;
                set.setDisable(true);
                Task<Void> store = new Task<>() {
                    @Override
                    protected Void call() throws StoreException {
                        s.setStaffPin(typed); // hashed (slow) and audited by the store
                        return null;
                    }
                };
                store.setOnSucceeded(x -> {
                    staffPinSet = true;
                    showHome();
                });
                store.setOnFailed(x -> {
                    set.setDisable(false);
                    message.setText(store.getException().getMessage());
                });
                background.submit(store);
            });
            box.getChildren().addAll(new Label(ui.getString("home.pinFirst")), newPin, set, message);
        } else {
            Button start = new Button(ui.getString("home.newConsultation"));
            start.setId("home-new-consultation");
            start.getStyleClass().add("primary");
            start.setOnAction(e -> {
                if (!services.principal().may(Permission.CONSULT)) {
                    message.setText(ui.getString("home.mayNotConsult"));
                } else if (templateProblem != null) {
                    message.setText(templateProblem);
                } else {
                    openWizard(null);
                }
            });
            box.getChildren().addAll(start, message);
            if (services.principal().may(Permission.MANAGE_TEMPLATES)) {
                box.getChildren().add(templateNotice());
            }
            if (services.principal().may(Permission.MANAGE_CATALOG)) {
                box.getChildren().add(textsNotice());
            }
            if (services.principal().may(Permission.BACKUP)) {
                box.getChildren().add(backupNotice());
            }
            if (services.principal().may(Permission.VERIFY_RECORDS)
                    || services.principal().may(Permission.MANAGE_SETTINGS)) {
                box.getChildren().add(evidenceNotice());
            }
            if (services.principal().may(Permission.MANAGE_USERS)) {
                Button admin = new Button(ui.getString("home.admin"));
                admin.setId("home-admin");
                admin.setOnAction(e -> openAdmin());
                box.getChildren().add(1, admin);
            }
            if (services.principal().may(Permission.VIEW_RECORDS)) {
                Button records = new Button(ui.getString("home.records"));
                records.setId("home-records");
                records.setOnAction(e -> openRecords());
                Button overview = new Button(ui.getString("home.overview"));
                overview.setId("home-overview");
                overview.setOnAction(e -> openOverview());
                box.getChildren().add(1, new javafx.scene.layout.HBox(12, records, overview));
            }
            try {
                for (DraftStore.Draft d : drafts.list()) {
                    Button resume = new Button(ui.getString("home.resume") + ": " + d.session().patient().name()
                            + "（" + clinicClock.onScreen(d.savedAt()) + "）");
                    resume.setId("resume-" + d.session().id());
                    resume.setOnAction(e -> {
                        if (services.principal().may(Permission.CONSULT)) {
                            openWizard(d);
                        } else {
                            message.setText(ui.getString("home.mayNotConsult"));
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
        if (services != null) {
            Button signOut = new Button(ui.getString("home.signOut"));
            signOut.setId("sign-out");
            signOut.setOnAction(e -> {
                services = null;
                showHome();
            });
            Label who = new Label(java.text.MessageFormat.format(ui.getString("home.signedInAs"),
                    services.principal().actor()));
            who.setId("signed-in-as");
            box.getChildren().add(new javafx.scene.layout.HBox(12, who, signOut));
        }
        box.getChildren().add(new Label(Version.get() + " · " + dir.root()));
        box.setAlignment(Pos.CENTER);
        box.setPadding(new Insets(48));
        box.getStylesheets().add(ExoConsentApp.class.getResource("/org/exoconsent/ui/wizard.css").toExternalForm());
        return box;
    }

    private void showHome() {
        show(home());
    }

    /**
     * What the openings of the data directory found open to other accounts of this computer and repaired (issue 14
     * §1, {@link DataDirectory#keepPrivate()}), kept for the rest of this run: shown at the top of the first screen
     * and the home screen, to whoever is at the computer and to everyone who signs in after, since the next opening
     * finds nothing to repair and the fact would otherwise be lost. Null when nothing was found.
     */
    private Label permissionsNotice() {
        permissionRepairs.addAll(dir.takeRepairs());
        if (permissionRepairs.isEmpty()) {
            return null;
        }
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (org.exoconsent.files.OwnerOnly.Repair r : permissionRepairs) {
            lines.add(java.text.MessageFormat.format(ui.getString("home.permissionsRepaired"), r.folder().toString(),
                    r.repaired() + r.failed().size()));
            if (!r.failed().isEmpty()) {
                lines.add(java.text.MessageFormat.format(ui.getString("home.permissionsNotRepaired"),
                        r.failed().size(), String.join(", ", r.failed())));
            }
        }
        Label notice = new Label(String.join("\n", lines));
        notice.setId("permissions-notice");
        notice.setWrapText(true);
        notice.setMaxWidth(880);
        notice.getStyleClass().add("notice");
        return notice;
    }

    /** Back to the home screen, saying why the screen asked for could not open. */
    private void showHomeSaying(Throwable why) {
        notice = why.getMessage();
        showHome();
    }

    // --- what is on screen, and the idle lock --------------------------------------------------------------

    /** What is shown (under the lock screen while locked). */
    private javafx.scene.Parent content;
    /** The lock screen over the content; null while unlocked. */
    private javafx.scene.layout.StackPane locked;
    private volatile long lastInput = System.nanoTime();
    private javafx.animation.Timeline idleCheck;
    private Duration idleLimit = Duration.ofMinutes(Settings.Key.IDLE_LOCK_MINUTES.defaultValue());

    private void show(javafx.scene.Parent p) {
        content = p;
        if (locked != null) {
            locked.getChildren().set(0, p);
        } else {
            stage.getScene().setRoot(p);
        }
    }

    /** Every key, mouse, touch or pen event counts as use; a check every few seconds locks after the idle time. */
    private void watchForIdle() {
        stage.getScene().addEventFilter(javafx.scene.input.InputEvent.ANY, e -> lastInput = System.nanoTime());
        idleCheck = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                javafx.util.Duration.seconds(2), e -> {
                    if (services != null && locked == null
                            && System.nanoTime() - lastInput > idleLimit.toNanos()) {
                        lock();
                    }
                }));
        idleCheck.setCycleCount(javafx.animation.Animation.INDEFINITE);
        idleCheck.play();
    }

    /**
     * The clinic's idle time and time zone, read once signed in and after the administration screen
     * (-Dexoconsent.idleLockSeconds overrides the idle time, for tests).
     */
    private void readSettings() {
        Long override = Long.getLong("exoconsent.idleLockSeconds");
        ConsultationServices s = services;
        Task<Settings> read = new Task<>() {
            @Override
            protected Settings call() throws StoreException {
                return s.settings();
            }
        };
        read.setOnFailed(e -> {
            if (staffPinSet == null && services == s) { // just signed in: the home screen waits; say why
                notice = read.getException().getMessage();
                staffPinSet = false; // asked for: setting it says again what is wrong with the store
                showHome();
            }
        });
        read.setOnSucceeded(e -> {
            boolean waiting = staffPinSet == null && services == s; // just signed in: the home screen waits
            if (waiting) {
                staffPinSet = read.getValue().hasStaffPin();
            }
            idleLimit = override != null ? Duration.ofSeconds(override)
                    : Duration.ofMinutes(read.getValue().get(Settings.Key.IDLE_LOCK_MINUTES));
            try {
                clinicClock = ClinicClock.of(clock, read.getValue().timeZone());
            } catch (IllegalStateException ex) {
                notice = ex.getMessage(); // an unusable stored zone: said on the home screen; the store refuses too
            }
            if (waiting) {
                showHome();
            }
        });
        background.submit(read);
    }

    /**
     * Covers the screen (nothing of the patient's data stays visible) until the signed-in person's password is
     * given again; in patient mode, the staff PIN. Failed passwords count towards the account's lockout.
     */
    private void lock() {
        boolean patientMode = wizard != null && !wizard.viewModel().mayLeave();
        Label title = new Label(ui.getString("lock.title"));
        title.getStyleClass().add("section-title");
        Label who = new Label(patientMode ? ui.getString("lock.pin")
                : java.text.MessageFormat.format(ui.getString("lock.password"), services.principal().name()));
        who.setWrapText(true);
        PasswordField secret = new PasswordField();
        secret.setId("lock-secret");
        secret.setAccessibleText(who.getText());
        secret.setMaxWidth(360);
        Label message = new Label();
        message.setId("lock-message");
        Button unlock = new Button(ui.getString("lock.unlock"));
        unlock.setId("lock-unlock");
        unlock.getStyleClass().add("primary");
        Runnable attempt = () -> {
            char[] given = secret.getText().toCharArray();
            secret.clear();
            if (patientMode) {
                WizardViewModel vm = wizard.viewModel();
                unlock.setDisable(true);
                java.util.function.BiConsumer<WizardViewModel.Unlock, Exception> then = (r, refusal) -> {
                    unlock.setDisable(false);
                    if (r == WizardViewModel.Unlock.UNLOCKED) {
                        unlockScreen();
                    } else {
                        message.setText(org.exoconsent.ui.wizard.WizardView.unlockRefusal(ui, r, refusal,
                                services.principal().name(), dir.root()));
                        secret.setAccessibleText(vm.pinBlockedProperty().get() ? message.getText() : who.getText());
                    }
                };
                if (vm.pinBlockedProperty().get()) {
                    vm.unlockWithPassword(given, false, background, javafx.application.Platform::runLater, then);
                } else {
                    vm.unlock(new String(given), false, background, javafx.application.Platform::runLater, then);
                    java.util.Arrays.fill(given, '\0');
                }
                return;
            }
            String name = services.principal().name();
            withPassword(given, pw -> RecordStore.signIn(dir, clock, name, pw,
                    "app: unlock the screen"), unlock, message, signedInAgain -> unlockScreen());
        };
        unlock.setOnAction(e -> attempt.run());
        secret.setOnAction(e -> attempt.run());
        VBox box = new VBox(16, title, who, secret, unlock, message);
        if (!patientMode) {
            Button signOut = new Button(ui.getString("home.signOut"));
            signOut.setId("lock-sign-out");
            signOut.setOnAction(e -> {
                services = null;
                wizard = null; // the draft was saved as the wizard went; it can be resumed after signing in
                unlockScreen();
                showHome();
            });
            box.getChildren().add(signOut);
        }
        box.setAlignment(Pos.CENTER);
        box.setId("lock-screen");
        box.getStyleClass().addAll("lock-screen", "home-form");
        locked = new javafx.scene.layout.StackPane(content, box);
        content.setVisible(false); // nothing of the consultation shows through
        locked.getStylesheets().add(ExoConsentApp.class.getResource("/org/exoconsent/ui/wizard.css")
                .toExternalForm());
        stage.getScene().setRoot(locked);
        secret.requestFocus();
    }

    private void unlockScreen() {
        if (locked == null) {
            return;
        }
        locked.getChildren().remove(content);
        locked = null;
        content.setVisible(true);
        stage.getScene().setRoot(content);
        lastInput = System.nanoTime();
    }

    /** Name and password; checked off the FX thread (Argon2id takes a moment); failures are audited by the store. */
    private VBox signInForm() {
        javafx.scene.control.TextField name = new javafx.scene.control.TextField();
        name.setId("signin-user");
        PasswordField password = new PasswordField();
        password.setId("signin-password");
        Label message = new Label();
        message.setId("signin-message");
        message.setWrapText(true);
        Button signIn = new Button(ui.getString("home.signIn"));
        signIn.setId("signin");
        signIn.getStyleClass().add("primary");
        Runnable attempt = () -> {
            String user = name.getText().strip();
            char[] pw = password.getText().toCharArray();
            password.clear();
            withPassword(pw, p -> RecordStore.signIn(dir, clock, user, p, "app: sign in"),
                    signIn, message, this::signedIn);
        };
        signIn.setOnAction(e -> attempt.run());
        password.setOnAction(e -> attempt.run());
        Label title = new Label(ui.getString("home.signInTitle"));
        title.getStyleClass().add("section-title");
        VBox form = new VBox(12, title, labelled("home.user", name), labelled("home.password", password), signIn,
                message);
        form.setAlignment(Pos.CENTER);
        form.getStyleClass().add("home-form");
        return form;
    }

    /** A data directory with no accounts: the first administrator is created here (or with `users add`). */
    private VBox firstRunForm() {
        javafx.scene.control.TextField name = new javafx.scene.control.TextField();
        name.setId("first-admin-name");
        PasswordField password = new PasswordField();
        password.setId("first-admin-password");
        PasswordField again = new PasswordField();
        again.setId("first-admin-password-again");
        Label message = new Label();
        message.setId("first-admin-message");
        message.setWrapText(true);
        Button create = new Button(ui.getString("home.createAdmin"));
        create.setId("first-admin-create");
        create.getStyleClass().add("primary");
        create.setOnAction(e -> {
            if (!password.getText().equals(again.getText())) {
                message.setText(ui.getString("home.passwordsDiffer"));
                return;
            }
            String user = name.getText().strip();
            char[] pw = password.getText().toCharArray();
            withPassword(pw, p -> RecordStore.createFirstAdministrator(dir, clock, user, p,
                    "app: first run"), create, message, admin -> {
                        hasAccounts = true;
                        show(setupForm(admin));
                    });
        });
        Label intro = new Label(ui.getString("home.firstRun"));
        intro.setWrapText(true);
        intro.setMaxWidth(720);
        VBox form = new VBox(12, intro, labelled("home.user", name), labelled("home.password", password),
                labelled("home.passwordAgain", again), create, message);
        form.setAlignment(Pos.CENTER);
        form.getStyleClass().add("home-form");
        return form;
    }

    /**
     * The rest of the first run, for the new administrator: the clinic's profile and blood-donation policy (printed
     * on every consent), the signing key (a self-signed one now, or the clinic's PKCS#12 from a certification
     * authority), whether to keep the practice catalog, and, when it is not kept, the clinic's first product with
     * its first lot (optional; checked before anything is saved, then added through the store after the clinic).
     * "Later" keeps the demo clinic for practice.
     */
    private javafx.scene.Parent setupForm(Principal admin) {
        javafx.scene.control.TextField name = new javafx.scene.control.TextField();
        name.setId("setup-clinic-name");
        javafx.scene.control.TextField address = new javafx.scene.control.TextField();
        address.setId("setup-clinic-address");
        javafx.scene.control.TextField phone = new javafx.scene.control.TextField();
        phone.setId("setup-clinic-phone");
        javafx.scene.control.TextArea policy = new javafx.scene.control.TextArea();
        policy.setId("setup-policy");
        policy.setWrapText(true);
        policy.setPrefRowCount(3);
        // the same texts in English (issue 12 §2), optional here: a consultation in English needs them
        javafx.scene.control.TextField nameEn = new javafx.scene.control.TextField();
        nameEn.setId("setup-clinic-name-en");
        javafx.scene.control.TextField addressEn = new javafx.scene.control.TextField();
        addressEn.setId("setup-clinic-address-en");
        javafx.scene.control.TextArea policyEn = new javafx.scene.control.TextArea();
        policyEn.setId("setup-policy-en");
        policyEn.setWrapText(true);
        policyEn.setPrefRowCount(2);
        javafx.scene.control.ToggleGroup keyChoice = new javafx.scene.control.ToggleGroup();
        javafx.scene.control.RadioButton selfSigned = new javafx.scene.control.RadioButton(
                ui.getString("setup.keySelfSigned"));
        selfSigned.setId("setup-key-self-signed");
        selfSigned.setToggleGroup(keyChoice);
        selfSigned.setSelected(true);
        selfSigned.setWrapText(true);
        selfSigned.setMaxWidth(640);
        javafx.scene.control.RadioButton imported = new javafx.scene.control.RadioButton(
                ui.getString("setup.keyImport"));
        imported.setId("setup-key-import");
        imported.setToggleGroup(keyChoice);
        imported.setWrapText(true);
        imported.setMaxWidth(640);
        javafx.scene.control.TextField p12 = new javafx.scene.control.TextField();
        p12.setId("setup-key-file");
        p12.setPrefColumnCount(40);
        p12.setPromptText(ui.getString("setup.keyFile"));
        PasswordField p12Password = new PasswordField();
        p12Password.setId("setup-key-password");
        p12Password.setPromptText(ui.getString("setup.keyPassword"));
        Button browse = new Button(ui.getString("records.browse"));
        browse.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("PKCS#12", "*.p12",
                    "*.pfx"));
            java.io.File f = chooser.showOpenDialog(stage);
            if (f != null) {
                p12.setText(f.getPath());
            }
        });
        for (javafx.scene.Node n : new javafx.scene.Node[] {p12, p12Password, browse}) {
            n.disableProperty().bind(imported.selectedProperty().not());
        }
        javafx.scene.control.CheckBox keepDemo = new javafx.scene.control.CheckBox(ui.getString("setup.keepDemo"));
        keepDemo.setId("setup-keep-demo");
        keepDemo.setSelected(true);
        // without the practice catalog the clinic would start with no product: its first one can be given here
        org.exoconsent.ui.admin.FirstProductForm firstProduct = new org.exoconsent.ui.admin.FirstProductForm(ui,
                () -> clinicClock.today());
        firstProduct.visibleProperty().bind(keepDemo.selectedProperty().not());
        firstProduct.managedProperty().bind(firstProduct.visibleProperty());
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane();
        Label message = new Label();
        message.setId("setup-message");
        message.setWrapText(true);
        Button finish = new Button(ui.getString("setup.finish"));
        finish.setId("setup-finish");
        finish.getStyleClass().add("primary");
        finish.disableProperty().bind(name.textProperty().isEmpty().or(address.textProperty().isEmpty())
                .or(phone.textProperty().isEmpty()).or(policy.textProperty().isEmpty()));
        Button later = new Button(ui.getString("setup.later"));
        later.setId("setup-later");
        later.setOnAction(e -> signedIn(admin));
        // the demo clinic's policy as a starting point, to be replaced by the clinic's own words
        Task<RecordStore.CatalogView> current = new Task<>() {
            @Override
            protected RecordStore.CatalogView call() throws StoreException {
                try (RecordStore store = RecordStore.open(dir, clock, admin, "app: set-up")) {
                    return store.catalog();
                }
            }
        };
        current.setOnSucceeded(e -> {
            if (policy.getText().isEmpty() && current.getValue().clinic() != null) {
                policy.setText(current.getValue().clinic().bloodDonationPolicy());
            }
        });
        background.submit(current);
        finish.setOnAction(e -> {
            message.setText("");
            Catalog.ClinicText english = new Catalog.ClinicText(nameEn.getText().strip(), addressEn.getText().strip(),
                    policyEn.getText().strip());
            org.exoconsent.ui.admin.AdminViewModel.Message englishProblem =
                    org.exoconsent.ui.admin.AdminViewModel.englishProblem(english);
            if (englishProblem != null) {
                message.setText(java.text.MessageFormat.format(ui.getString(englishProblem.key()),
                        englishProblem.args().toArray()));
                return;
            }
            boolean withEnglish = !english.name().isEmpty();
            boolean keep = keepDemo.isSelected();
            // the product first: a refused one is said beside its field, and nothing at all is saved
            java.util.List<org.exoconsent.ui.admin.ProductValidation.FieldProblem> productProblems = keep
                    ? java.util.List.of() : firstProduct.check();
            if (!productProblems.isEmpty()) {
                message.setText(ui.getString("setup.productProblems"));
                javafx.scene.control.Control first = firstProduct.control(productProblems.get(0).field());
                first.requestFocus();
                reveal(scroll, first);
                return;
            }
            org.exoconsent.ui.admin.ProductValidation.FirstProduct given = keep ? null : firstProduct.input();
            Catalog.Product product = given == null || given.isEmpty() ? null : given.product().product();
            Catalog.Lot lot = product == null ? null : given.lot().lot();
            finish.disableProperty().unbind();
            finish.setDisable(true);
            boolean importKey = imported.isSelected();
            java.nio.file.Path keyFile = importKey ? java.nio.file.Path.of(p12.getText().strip()) : null;
            char[] keyPassword = p12Password.getText().toCharArray();
            Catalog.Clinic clinic = new Catalog.Clinic(name.getText().strip(), address.getText().strip(),
                    phone.getText().strip(), policy.getText().strip(), false,
                    withEnglish ? java.util.Map.of("en", english) : java.util.Map.of());
            java.util.List<String> found = new java.util.ArrayList<>(org.exoconsent.records.BloodDonationPolicy
                    .periods(clinic.bloodDonationPolicy()));
            found.addAll(org.exoconsent.records.BloodDonationPolicy.periods(english.bloodDonationPolicy()));
            if (!found.isEmpty()) {
                javafx.scene.control.Alert ask = new javafx.scene.control.Alert(
                        javafx.scene.control.Alert.AlertType.CONFIRMATION, java.text.MessageFormat.format(
                                ui.getString("setup.policyWarning"), String.join("、", found)),
                        javafx.scene.control.ButtonType.OK, javafx.scene.control.ButtonType.CANCEL);
                ask.getDialogPane().setId("policy-warning");
                ask.initOwner(stage);
                if (ask.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).isEmpty()) {
                    finish.setDisable(false);
                    return;
                }
            }
            boolean despiteWarning = !found.isEmpty();
            Task<Void> setUp = new Task<>() {
                @Override
                protected Void call() throws Exception {
                    try (RecordStore store = RecordStore.open(dir, clock, admin,
                            "app: first-run set-up")) {
                        if (importKey) { // first: a wrong file or password changes nothing else
                            store.importSigningKey(keyFile, keyPassword);
                        } else {
                            store.clinicSigningKey(clinic.name()); // created and registered
                        }
                        store.setClinic(clinic, despiteWarning);
                        if (!keep) {
                            store.removeDemoCatalog();
                        }
                        if (product != null) {
                            addFirstProduct(store, product, lot);
                        }
                    } finally {
                        java.util.Arrays.fill(keyPassword, '\0');
                    }
                    return null;
                }
            };
            setUp.setOnSucceeded(x -> signedIn(admin));
            setUp.setOnFailed(x -> {
                finish.setDisable(false);
                message.setText(setUp.getException().getMessage());
            });
            background.submit(setUp);
        });
        Label title = new Label(ui.getString("setup.title"));
        title.getStyleClass().add("section-title");
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        int row = 0;
        for (Object[] f : new Object[][] {{"setup.clinicName", name}, {"setup.clinicAddress", address},
            {"setup.clinicPhone", phone}, {"setup.policy", policy}}) {
            Label l = new Label(ui.getString((String) f[0]));
            l.getStyleClass().add("field-label");
            l.setWrapText(true);
            l.setMaxWidth(260);
            javafx.scene.control.Control c = (javafx.scene.control.Control) f[1];
            l.setLabelFor(c);
            c.setAccessibleText(l.getText());
            c.setPrefWidth(640);
            grid.addRow(row++, l, c);
        }
        grid.add(policyHelp(), 1, row++);
        // the same texts in English (issue 12 §2): optional here, folded so that the set-up stays one screen
        GridPane englishGrid = new GridPane();
        englishGrid.setHgap(12);
        englishGrid.setVgap(8);
        int englishRow = 0;
        for (Object[] f : new Object[][] {{"setup.clinicNameEn", nameEn}, {"setup.clinicAddressEn", addressEn},
            {"setup.policyEn", policyEn}}) {
            Label l = new Label(ui.getString((String) f[0]));
            l.getStyleClass().add("field-label");
            l.setWrapText(true);
            l.setMaxWidth(260);
            javafx.scene.control.Control c = (javafx.scene.control.Control) f[1];
            l.setLabelFor(c);
            c.setAccessibleText(l.getText());
            c.setPrefWidth(640);
            englishGrid.addRow(englishRow++, l, c);
        }
        javafx.scene.control.TitledPane english = new javafx.scene.control.TitledPane(ui.getString("setup.english"),
                englishGrid);
        english.setId("setup-english");
        english.setExpanded(false);
        english.setAnimated(false);
        english.setMaxWidth(920);
        grid.add(english, 0, row++, 2, 1);
        Label keyLabel = new Label(ui.getString("setup.key"));
        keyLabel.getStyleClass().add("field-label");
        grid.addRow(row++, keyLabel, new VBox(6, selfSigned, imported, new javafx.scene.layout.HBox(8, p12, browse),
                p12Password));
        grid.addRow(row, new Label(), keepDemo);
        // the message above the buttons: in view with the button pressed, and with the first field to correct
        VBox box = new VBox(14, title, grid, firstProduct, message, new javafx.scene.layout.HBox(12, finish, later));
        box.setPadding(new Insets(32));
        scroll.setContent(box);
        // the form is taller than the screen once the product part shows: keep the focused field in view
        javafx.beans.value.ChangeListener<javafx.scene.Node> followFocus = (f, before, now) -> {
            if (now != null && isInside(now, box)) {
                reveal(scroll, now);
            }
        };
        scroll.sceneProperty().addListener((o, was, scene) -> { // and only while the set-up is shown
            if (was != null) {
                was.focusOwnerProperty().removeListener(followFocus);
            }
            if (scene != null) {
                scene.focusOwnerProperty().addListener(followFocus);
            }
        });
        scroll.getStylesheets().add(ExoConsentApp.class.getResource("/org/exoconsent/ui/wizard.css")
                .toExternalForm());
        scroll.setFitToWidth(true);
        scroll.setId("setup");
        return scroll;
    }

    /**
     * Adds the set-up's first product and its lot through the store (its checks and audit entries, as in the
     * Products and Lots tabs). The form checked both before anything was saved, so a refusal here is the store's
     * own (a database failure, a product someone else added meanwhile); it is said naming the product, and the form
     * stays. Finishing again skips what an earlier attempt already added, identical, rather than refusing it as a
     * duplicate.
     */
    private void addFirstProduct(RecordStore store, Catalog.Product product, Catalog.Lot lot) throws SetupRefused {
        RecordStore.CatalogView now;
        try {
            now = store.catalog();
            if (!now.products().contains(product)) {
                store.addProduct(product);
            }
        } catch (StoreException | RuntimeException ex) {
            throw new SetupRefused(java.text.MessageFormat.format(ui.getString("setup.productRefused"),
                    product.name(), ex.getMessage()), ex);
        }
        try {
            if (!now.lots().contains(lot)) {
                store.addLot(lot);
            }
        } catch (StoreException | RuntimeException ex) {
            throw new SetupRefused(java.text.MessageFormat.format(ui.getString("setup.lotRefused"), product.name(),
                    lot.number(), ex.getMessage()), ex);
        }
    }

    /** A step of the set-up the store refused, said in the administrator's language. */
    private static final class SetupRefused extends Exception {
        SetupRefused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static boolean isInside(javafx.scene.Node node, javafx.scene.Node container) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (n == container) {
                return true;
            }
        }
        return false;
    }

    /** Scrolls so that the node is in view, unless it already is (a field below the first screen, a problem). */
    private static void reveal(javafx.scene.control.ScrollPane scroll, javafx.scene.Node node) {
        javafx.scene.Node content = scroll.getContent();
        if (content == null || node.getScene() == null) {
            return;
        }
        javafx.geometry.Bounds b = content.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
        double viewport = scroll.getViewportBounds().getHeight();
        double extra = content.getBoundsInLocal().getHeight() - viewport;
        if (extra <= 0) {
            return;
        }
        double top = scroll.getVvalue() * extra;
        double margin = 48; // the field's label above it, the problem below it
        if (b.getMinY() - margin < top) {
            scroll.setVvalue(Math.max(0, (b.getMinY() - margin) / extra));
        } else if (b.getMaxY() + margin > top + viewport) {
            scroll.setVvalue(Math.min(1, (b.getMaxY() + margin - viewport) / extra));
        }
    }

    /** Opens the store with a password (signing in, or creating the first administrator). */
    private interface PasswordOpener {
        RecordStore open(char[] password) throws StoreException;
    }

    /**
     * Checks a password off the FX thread (Argon2id takes a moment) and forgets it afterwards; while it runs the
     * button is disabled, and a refusal (wrong password, locked account …) is shown in {@code message}. Failed
     * sign-ins are audited by the store.
     */
    private void withPassword(char[] password, PasswordOpener opener, Button button, Label message,
                              java.util.function.Consumer<Principal> then) {
        button.setDisable(true);
        Task<Principal> task = new Task<>() {
            @Override
            protected Principal call() throws StoreException {
                try (RecordStore store = opener.open(password)) {
                    return store.principal();
                } finally {
                    java.util.Arrays.fill(password, '\0');
                }
            }
        };
        task.setOnSucceeded(e -> then.accept(task.getValue()));
        task.setOnFailed(e -> {
            button.setDisable(false);
            // a refused sign-in in the screen's language (issue 14 §4); any other failure as the store says it
            message.setText(org.exoconsent.ui.controls.SignInRefusalText.of(ui, task.getException()));
        });
        background.submit(task);
    }

    /** What the clinic's blood-donation policy should say, and must not (FACTS.md: no deferral period is known). */
    private Label policyHelp() {
        Label help = new Label(ui.getString("setup.policyHelp"));
        help.setId("policy-help");
        help.setWrapText(true);
        help.setMaxWidth(880);
        return help;
    }

    /** A field with its label above it (a label stays visible while typing; a prompt text would vanish). */
    private VBox labelled(String key, javafx.scene.control.Control field) {
        Label label = new Label(ui.getString(key));
        label.getStyleClass().add("field-label");
        label.setLabelFor(field);
        field.setAccessibleText(label.getText());
        field.setMaxWidth(360);
        VBox box = new VBox(4, label, field);
        box.setMaxWidth(360);
        return box;
    }

    /**
     * For an administrator: a notice, filled off the FX thread, while the active consent template version is one
     * found to contain errors (issue 10: 1.0.0, corrected by 1.1.0), with what was corrected in the screen's
     * language; it stays on the home screen until the correction is activated. Empty and hidden otherwise.
     */
    private VBox templateNotice() {
        Label headline = new Label();
        headline.setId("template-notice");
        headline.setWrapText(true);
        headline.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label list = new Label();
        list.setId("template-corrections");
        list.setWrapText(true);
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(list);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(150);
        scroll.setMaxHeight(170);
        javafx.scene.control.TitledPane corrections = new javafx.scene.control.TitledPane("", scroll);
        corrections.setId("template-corrections-pane");
        corrections.setExpanded(false);
        corrections.setAnimated(false);
        VBox box = new VBox(8, headline, corrections);
        box.setId("template-notice-box");
        box.getStyleClass().add("notice");
        box.setMaxWidth(880);
        box.setVisible(false);
        box.setManaged(false);
        String language = org.exoconsent.ui.controls.UiLanguage.of(ui);
        Principal who = services.principal();
        Task<java.util.List<RecordStore.TemplateNotice>> load = new Task<>() {
            @Override
            protected java.util.List<RecordStore.TemplateNotice> call() throws StoreException {
                try (RecordStore store = RecordStore.open(dir, clock, who,
                        "app: template notices")) {
                    return store.templateNotices(language);
                }
            }
        };
        load.setOnSucceeded(e -> {
            java.util.List<RecordStore.TemplateNotice> notices = load.getValue();
            if (notices.isEmpty()) {
                return;
            }
            java.util.List<String> headlines = new java.util.ArrayList<>();
            java.util.List<String> items = new java.util.ArrayList<>();
            for (RecordStore.TemplateNotice n : notices) {
                headlines.add(java.text.MessageFormat.format(ui.getString(
                        n.kind() == RecordStore.TemplateNotice.Kind.NEWER_VERSION ? "home.templateNewer"
                                : "home.templateNotice"), n.templateId(), n.activeVersion(), n.correction()));
                n.corrections().forEach(c -> items.add("・" + c));
            }
            headline.setText(String.join("\n", headlines));
            list.setText(String.join("\n", items));
            boolean onlyNewer = notices.stream().allMatch(n -> n.kind()
                    == RecordStore.TemplateNotice.Kind.NEWER_VERSION);
            corrections.setText(java.text.MessageFormat.format(ui.getString(onlyNewer ? "home.templateChanges"
                    : "home.templateCorrections"),
                    items.size()));
            box.setVisible(true);
            box.setManaged(true);
        });
        background.submit(load);
        return box;
    }

    /**
     * For an administrator: which texts each language consultations may be held in still lacks (issue 12 §2; after
     * an upgrade, every English text), filled off the FX thread, with where they are added; it stays on the home
     * screen until every offered language is complete. Empty and hidden otherwise.
     */
    private VBox textsNotice() {
        Label headline = new Label();
        headline.setId("texts-notice");
        headline.setWrapText(true);
        headline.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label list = new Label();
        list.setId("texts-missing");
        list.setWrapText(true);
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(list);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(110);
        scroll.setMaxHeight(130);
        VBox box = new VBox(8, headline, scroll);
        box.setId("texts-notice-box");
        box.getStyleClass().add("notice");
        box.setMaxWidth(880);
        box.setVisible(false);
        box.setManaged(false);
        Principal who = services.principal();
        Task<java.util.List<RecordStore.MissingTexts>> load = new Task<>() {
            @Override
            protected java.util.List<RecordStore.MissingTexts> call() throws StoreException {
                try (RecordStore store = RecordStore.open(dir, Clock.systemDefaultZone(), who, "app: text notices")) {
                    return store.textNotices();
                }
            }
        };
        load.setOnSucceeded(e -> {
            java.util.List<RecordStore.MissingTexts> notices = load.getValue();
            if (notices.isEmpty()) {
                return;
            }
            java.util.List<String> headlines = new java.util.ArrayList<>();
            java.util.List<String> items = new java.util.ArrayList<>();
            for (RecordStore.MissingTexts n : notices) {
                headlines.add(java.text.MessageFormat.format(ui.getString("home.textsMissing"),
                        org.exoconsent.ui.controls.MissingTextsText.language(ui, n.language()),
                        org.exoconsent.ui.controls.MissingTextsText.where(ui, n.missing())));
                org.exoconsent.ui.controls.MissingTextsText.items(ui, n.missing()).forEach(i -> items.add("・" + i));
            }
            headline.setText(String.join("\n", headlines));
            list.setText(String.join("\n", items));
            box.setVisible(true);
            box.setManaged(true);
        });
        background.submit(load);
        return box;
    }

    /**
     * For an administrator: when the last backup (the audit trail's newest {@code backup-created}) is older than the
     * clinic's {@code backup-reminder-days} (issue 13 §5), how many days old it is and where one is made; read off the
     * FX thread. Empty and hidden otherwise.
     */
    private Label backupNotice() {
        return storeNotice("backup-notice", "app: backup reminder", RecordStore::backupReminder,
                r -> r == null ? null : r.lastBackup() == null ? ui.getString("home.backupNever")
                        : java.text.MessageFormat.format(ui.getString("home.backupDue"), r.days(), r.everyDays()));
    }

    /**
     * For whoever verifies records or keeps the settings: what is wrong with the audit trail's head file or the
     * clinic's anchor (issue 13 §3: a head missing or disagreeing, an anchor whose disk or share cannot be reached),
     * read off the FX thread ({@link RecordStore#headNotices}). Empty and hidden when nothing is.
     */
    private Label evidenceNotice() {
        return storeNotice("evidence-notice", "app: evidence notice", RecordStore::headNotices,
                notices -> notices.isEmpty() ? null
                        : ui.getString("home.evidenceWarning") + "\n・" + String.join("\n・", notices));
    }

    /** What a home-screen notice reads from the store, off the FX thread. */
    private interface StoreRead<T> {
        T read(RecordStore store) throws StoreException;
    }

    /**
     * A notice of the home screen: hidden until {@code read} (run off the FX thread, in its own opening of the store
     * as the signed-in person) gives something {@code text} words; hidden for good when {@code text} gives null.
     */
    private <T> Label storeNotice(String id, String purpose, StoreRead<T> read,
                                  java.util.function.Function<T, String> text) {
        Label notice = new Label();
        notice.setId(id);
        notice.setWrapText(true);
        notice.setMaxWidth(880);
        notice.getStyleClass().add("notice");
        notice.setVisible(false);
        notice.setManaged(false);
        Principal who = services.principal();
        Task<T> load = new Task<>() {
            @Override
            protected T call() throws StoreException {
                try (RecordStore store = RecordStore.open(dir, clock, who, purpose)) {
                    return read.read(store);
                }
            }
        };
        load.setOnSucceeded(e -> {
            String words = text.apply(load.getValue());
            if (words == null) {
                return;
            }
            notice.setText(words);
            notice.setVisible(true);
            notice.setManaged(true);
        });
        background.submit(load);
        return notice;
    }

    private void signedIn(Principal who) {
        services = new ConsultationServices(dir, clock, who);
        staffPinSet = null; // known once the settings are read
        readSettings();
        showHome();
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
                        "user.name", "unknown") + ")", clock.instant());
            } catch (StoreException ex) {
                // shown on the home screen below
            }
            show(home());
        });
    }

    /**
     * The manager's records screen. Never from patient mode: the patient holding the tablet cannot reach other
     * patients' data (the store refuses roles that may not see records anyway).
     */
    void openRecords() {
        refuseInPatientMode("records");
        org.exoconsent.ui.records.RecordsService rs = new org.exoconsent.ui.records.RecordsService(dir,
                clock, services.principal());
        Task<org.exoconsent.ui.records.RecordsService.Opening> load = new Task<>() {
            @Override
            protected org.exoconsent.ui.records.RecordsService.Opening call() throws StoreException {
                return rs.opening();
            }
        };
        load.setOnSucceeded(e -> {
            ConsentTemplate template = load.getValue().template();
            org.exoconsent.template.LanguageText text = staffText(template);
            java.util.Map<String, String> indications = new java.util.LinkedHashMap<>();
            template.manifest().indications().forEach(i -> indications.put(i.id(), text.indications().get(i.id())));
            org.exoconsent.ui.records.RecordsViewModel vm = new org.exoconsent.ui.records.RecordsViewModel(rs,
                    background, javafx.application.Platform::runLater);
            show(new org.exoconsent.ui.records.RecordsView(vm, ui, load.getValue().catalog(), indications,
                    pdf -> background.submit(() -> org.exoconsent.ui.wizard.WizardView.openPdf(pdf)),
                    this::showHome, new org.exoconsent.ui.copy.PatientCopyBar(ui, rs.patientCopies(), background,
                            org.exoconsent.ui.copy.PatientCopyBar.Hooks.desktop(() -> stage)),
                    load.getValue().clock()));
        });
        load.setOnFailed(e -> showHomeSaying(load.getException()));
        background.submit(load);
    }

    /** The administrator's screen (users, settings, clinic profile, backup). */
    void openAdmin() {
        refuseInPatientMode("administration");
        org.exoconsent.ui.admin.AdminViewModel vm = new org.exoconsent.ui.admin.AdminViewModel(dir,
                clock, services.principal(), background, javafx.application.Platform::runLater);
        show(new org.exoconsent.ui.admin.AdminView(vm, ui, () -> {
            readSettings(); // the idle time may have changed
            showHome();
        }));
    }

    /**
     * The patient holding the tablet never reaches other patients' data or the clinic's settings: these screens
     * are refused while patient mode is on (there is also no button to them then).
     */
    private void refuseInPatientMode(String screen) {
        if (wizard != null && !wizard.viewModel().mayLeave()) {
            throw new IllegalStateException("patient mode: " + screen + " cannot be opened until staff unlock");
        }
    }

    /** The template's texts in the staff's language (else its first language), for the back-office screens. */
    private org.exoconsent.template.LanguageText staffText(ConsentTemplate template) {
        return template.languageOrFirst(org.exoconsent.ui.controls.UiLanguage.of(ui));
    }

    /** The overview charts (consents and withdrawals per month, first-time-right answers), read off the FX thread. */
    void openOverview() {
        refuseInPatientMode("the overview");
        Principal who = services.principal();
        record Loaded(RecordStore.Overview overview, ConsentTemplate template) {
        }
        Task<Loaded> load = new Task<>() {
            @Override
            protected Loaded call() throws StoreException {
                try (RecordStore store = RecordStore.open(dir, clock, who, "app: overview")) {
                    return new Loaded(store.overview(), store.activeTemplate(BundledTemplates.EXOSOME_THERAPY));
                }
            }
        };
        load.setOnSucceeded(e -> {
            ConsentTemplate template = load.getValue().template();
            org.exoconsent.template.LanguageText text = staffText(template);
            java.util.List<java.util.Map.Entry<String, String>> questions = new java.util.ArrayList<>();
            template.manifest().questions().forEach(q -> questions.add(java.util.Map.entry(q.id(),
                    text.question(q.id()).text())));
            show(new org.exoconsent.ui.records.OverviewView(load.getValue().overview(), ui, questions,
                    this::showHome));
        });
        load.setOnFailed(e -> showHomeSaying(load.getException()));
        background.submit(load);
    }

    /** Opens the wizard for a new consultation, or resumes a draft; the catalog is read off the FX thread. */
    private void openWizard(DraftStore.Draft draft) {
        Task<ConsultationServices.Opening> load = new Task<>() {
            @Override
            protected ConsultationServices.Opening call() throws StoreException {
                // catalog, settings and template version in one opening of the store
                return services.opening(draft == null ? null : draft.session());
            }
        };
        load.setOnSucceeded(e -> {
            ConsultationServices.Opening opening = load.getValue();
            Duration reflection = Duration.ofMinutes(opening.settings().get(Settings.Key.REFLECTION_MINUTES));
            // the clinic's clock as the store gives it: the consultation's times in the clinic's zone
            WizardViewModel vm = draft == null
                    ? new WizardViewModel(opening.template(), opening.clock(), UUID.randomUUID().toString(),
                            reflection, services::staffPinMatches)
                    : opening.restartedFrom() != null
                    ? WizardViewModel.restart(opening.restartFrom(), opening.template(), opening.clock(), reflection,
                            services::staffPinMatches, services.principal().name())
                    : WizardViewModel.resume(draft.session(), draft.patientMode(), opening.template(),
                            opening.clock(), reflection, services::staffPinMatches);
            vm.setAutosave((s, locked) -> background.submit(() -> {
                try {
                    services.drafts().save(s, locked, services.clock().instant());
                } catch (StoreException ex) {
                    // the consultation goes on; the next change saves again
                }
            }));
            if (opening.restartedFrom() != null && vm.stepProperty().get() != WizardViewModel.Step.START) {
                // the restarted draft replaces the old one now, so it restarts (and is audited) only once
                org.exoconsent.consent.ConsentSession restarted = vm.draft();
                background.submit(() -> {
                    try {
                        services.drafts().save(restarted, false, services.clock().instant());
                    } catch (StoreException ex) {
                        // saved again with the next change
                    }
                });
            }
            vm.patientModeProperty().addListener((o, was, locked) -> stage.setFullScreen(locked));
            services.wireUnlock(vm);
            wizard = new WizardView(vm, ui, services, opening.catalog(), background, () -> {
                wizard = null;
                showHome();
            });
            show(wizard);
            stage.setFullScreen(vm.patientModeProperty().get());
            if (opening.restartedFrom() != null) {
                javafx.scene.control.Alert restarted = new javafx.scene.control.Alert(
                        javafx.scene.control.Alert.AlertType.INFORMATION, java.text.MessageFormat.format(
                                ui.getString(switch (opening.restartReason()) {
                                    case NOT_CONFIRMED -> "wizard.restartedNotConfirmed";
                                    case NOT_IN_LANGUAGE -> "wizard.restartedTexts";
                                    default -> "wizard.restarted";
                                }),
                                opening.restartedFrom(),
                                opening.template().version()));
                restarted.initOwner(stage);
                restarted.getDialogPane().setId("draft-restarted");
                restarted.show();
            }
        });
        load.setOnFailed(e -> showHomeSaying(load.getException()));
        background.submit(load);
    }

    @Override
    public void stop() {
        if (idleCheck != null) {
            idleCheck.stop();
        }
        background.shutdownNow();
    }
}
