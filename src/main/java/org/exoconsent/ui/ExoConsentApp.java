package org.exoconsent.ui;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.scene.Group;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.Principal;
import org.exoconsent.records.Settings;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.BundledTemplates;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.LanguageText;
import org.exoconsent.template.TemplateException;
import org.exoconsent.ui.admin.AdminView;
import org.exoconsent.ui.admin.AdminViewModel;
import org.exoconsent.ui.controls.Dialogs;
import org.exoconsent.ui.controls.ScreenFonts;
import org.exoconsent.ui.controls.UiLanguage;
import org.exoconsent.ui.copy.PatientCopyBar;
import org.exoconsent.ui.records.OverviewView;
import org.exoconsent.ui.records.RecordsService;
import org.exoconsent.ui.records.RecordsView;
import org.exoconsent.ui.records.RecordsViewModel;
import org.exoconsent.ui.wizard.ConsultationServices;
import org.exoconsent.ui.wizard.WizardView;
import org.exoconsent.ui.wizard.WizardViewModel;
import org.exoconsent.usecases.RecordQueries;

/**
 * The desktop app's shell, and the one place where its parts are built and wired: one window and one scene (every
 * screen is put in it by the {@link IdleLock}, which gives it the app's stylesheet), one clock, one background
 * executor (every store call and every slow job runs on it, off the FX thread; shut down when the app stops), and
 * the navigation between the screens: the start screen ({@link HomeScreen}, signed out around
 * {@link SignInScreen}), the first run's set-up ({@link ClinicSetupScreen}), the consultation wizard, the records,
 * the overview and administration, all under the {@link IdleLock}. The window opens maximised on a tablet, else at
 * the size it last had on this computer ({@link WindowPlacement}); in patient mode it fills the screen, stays on top,
 * comes back when iconified and cannot be closed until staff unlock it ({@link PatientWindow}).
 */
public final class ExoConsentApp extends Application {
    /** The sizes of icons/ (SVG source: icons/exoconsent.svg). */
    public static final int[] ICON_SIZES = {16, 24, 32, 48, 64, 128, 256, 512};

    /**
     * Where the app's time comes from; only its instant counts. The clinic's time zone comes from the store
     * ({@link #clinicClock}, read with the home screen's notices), never from this device's zone.
     */
    private final Clock clock;
    /** The one background executor: store calls, template and font loading, PDFs; its thread is a daemon. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "exoconsent-background");
        t.setDaemon(true);
        return t;
    });
    /** The clinic's clock for what the home screen shows; the wizard takes the store's own with each opening. */
    private volatile ClinicClock clinicClock;
    private Stage stage;
    private ResourceBundle ui;
    private volatile String templateProblem;
    /** Said once on the next home screen (why a consultation could not open, for example). */
    private String notice;
    /** Whether the data directory has accounts yet (null until checked off the FX thread). */
    private Boolean hasAccounts;
    private String accountsProblem;
    /** Who signed in on this tablet, and what they may use; null when signed out. */
    private ConsultationServices services;
    private DataDirectory dir;
    private WizardView wizard;
    private SignInViewModel signIn;
    private SignInScreen signInScreen;
    private HomeScreen home;
    private IdleLock idleLock;
    /** The window's rules in patient mode: full screen, on top, back at once when iconified. */
    private PatientWindow patientWindow;

    /** The app on this computer's clock (UTC: the clinic's zone comes from the store). */
    public ExoConsentApp() {
        this(Clock.systemUTC());
    }

    /**
     * The app on {@code clock} (a test's fixed clock): every screen, store opening and audit entry takes its time
     * from it.
     */
    public ExoConsentApp(Clock clock) {
        this.clock = clock;
        this.clinicClock = ClinicClock.of(clock, ClinicClock.DEFAULT_ZONE);
    }

    public static void launchApp(String[] args) {
        Application.launch(ExoConsentApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        if (Boolean.getBoolean("exoconsent.startupProbe")) {
            System.out.println("toolkit ready after " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
        }
        ScreenFonts.loadPrimary();
        ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.getDefault(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        // -Dexoconsent.home=DIR (used by the UI tests) before $EXOCONSENT_HOME and ~/.exoconsent
        String homeProperty = System.getProperty("exoconsent.home");
        dir = DataDirectory.resolve(homeProperty == null ? null : java.nio.file.Path.of(homeProperty),
                System.getenv());
        DraftStore drafts = new DraftStore(dir);
        signIn = new SignInViewModel(dir, clock);
        signInScreen = new SignInScreen(ui, signIn, background);
        home = new HomeScreen(ui, dir, drafts, clock, background, new HomeViewModel(dir, clock), navigation());
        // the bundled template is read and checked once per run: do it off the start-up path, before it is needed
        background.execute(() -> {
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
                return signIn.hasAccounts();
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
        background.execute(accounts);
        stage.setTitle(ui.getString("app.title"));

        stage.setOnCloseRequest(e -> {
            if (inPatientMode()) {
                e.consume(); // patient mode: only staff may leave
            } else if (wizard != null && wizard.viewModel().goesOn()) {
                e.consume(); // during a consultation: why it ends is asked first (issue 16 §5), then the window closes
                wizard.askToEnd(stage::close);
            }
        });
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        Scene scene = new Scene(new Group(), 1280, 800);
        stage.setScene(scene);
        idleLock = new IdleLock(scene, new LockScreen(ui, signIn, background, dir.root()), lockSession(),
                Duration.ofMinutes(Settings.Key.IDLE_LOCK_MINUTES.defaultValue()), System::nanoTime);
        show(startScreen());
        idleLock.start();
        // maximised on a tablet, else the size it had last time on this computer (WindowPlacement)
        patientWindow = new PatientWindow(stage, WindowPlacement.open(stage));
        // the icons after the first screen: decoding eight PNGs would delay it by some 0.15 s; the fallback fonts
        // too (reading 50 MB of fonts beside the start-up cost it about 0.14 s on two cores)
        Platform.runLater(() -> {
            for (int size : ICON_SIZES) {
                stage.getIcons().add(new Image(ExoConsentApp.class.getResourceAsStream(
                        "/org/exoconsent/icons/exoconsent-" + size + ".png")));
            }
            ScreenFonts.loadFallbacks(background);
        });
        if (Boolean.getBoolean("exoconsent.startupProbe")) {
            // bench/ui.sh: report when the first screen has been shown and laid out, then quit
            Platform.runLater(() -> {
                System.out.println("first screen after " + ManagementFactory.getRuntimeMXBean().getUptime()
                        + " ms");
                Platform.exit();
            });
        }
    }

    // --- navigation --------------------------------------------------------------------------------------------

    /** The start screen as things stand: sign-in or first run while signed out, else the home screen. */
    private Parent startScreen() {
        String once = notice;
        notice = null;
        if (services == null) {
            return home.signedOut(accountsProblem != null ? new Label(accountsProblem)
                    : hasAccounts == null ? new Label(ui.getString("home.opening"))
                    : hasAccounts ? signInScreen.signInForm(this::signedIn)
                    : signInScreen.firstRunForm(admin -> {
                        hasAccounts = true;
                        show(new ClinicSetupScreen(ui, new FirstRunSetup(dir, clock, admin, ui), background,
                                () -> clinicClock, () -> signedIn(admin)).view());
                    }));
        }
        return home.signedIn(services.principal(), clinicClock, once, () -> templateProblem, this::settingsRead);
    }

    private void showHome() {
        show(startScreen());
    }

    /** Back to the home screen, saying why the screen asked for could not open. */
    private void showHomeSaying(Throwable why) {
        notice = why.getMessage();
        showHome();
    }

    private void show(Parent p) {
        idleLock.show(p);
        if (patientWindow != null) {
            patientWindow.hold(inPatientMode()); // a screen other than the locked wizard's lets the window go
        }
    }

    private void signedIn(Principal who) {
        services = new ConsultationServices(dir, clock, who);
        showHome();
    }

    private void signOut() {
        services = null;
        wizard = null; // the draft was saved as the wizard went; it can be resumed after signing in
        showHome();
    }

    /**
     * The clinic's idle time and time zone, read with the home screen's notices each time it is shown (after
     * sign-in and after the administration screen); -Dexoconsent.idleLockSeconds overrides the idle time, for tests.
     */
    private void settingsRead(Settings settings) {
        Long override = Long.getLong("exoconsent.idleLockSeconds");
        idleLock.setLimit(override != null ? Duration.ofSeconds(override)
                : Duration.ofMinutes(settings.get(Settings.Key.IDLE_LOCK_MINUTES)));
        try {
            clinicClock = ClinicClock.of(clock, settings.timeZone());
        } catch (IllegalStateException ex) {
            notice = ex.getMessage(); // an unusable stored zone: said on the home screen; the store refuses too
        }
    }

    private HomeScreen.Navigation navigation() {
        return new HomeScreen.Navigation() {
            @Override
            public void newConsultation() {
                openWizard(null);
            }

            @Override
            public void resume(DraftStore.Draft draft) {
                openWizard(draft);
            }

            @Override
            public void records() {
                openRecords();
            }

            @Override
            public void overview() {
                openOverview();
            }

            @Override
            public void administration() {
                openAdmin();
            }

            @Override
            public void signOut() {
                ExoConsentApp.this.signOut();
            }

            @Override
            public void refresh() {
                showHome();
            }
        };
    }

    private IdleLock.Session lockSession() {
        return new IdleLock.Session() {
            @Override
            public boolean signedIn() {
                return services != null;
            }

            @Override
            public String name() {
                return services.principal().name();
            }

            @Override
            public WizardViewModel patientMode() {
                return inPatientMode() ? wizard.viewModel() : null;
            }

            @Override
            public void signOut() {
                ExoConsentApp.this.signOut();
            }
        };
    }

    private boolean inPatientMode() {
        return wizard != null && !wizard.viewModel().mayLeave();
    }

    /**
     * The patient holding the tablet never reaches other patients' data or the clinic's settings: these screens
     * are refused while patient mode is on (there is also no button to them then).
     */
    private void refuseInPatientMode(String screen) {
        if (inPatientMode()) {
            throw new IllegalStateException("patient mode: " + screen + " cannot be opened until staff unlock");
        }
    }

    /** The template's texts in the staff's language (else its first language), for the back-office screens. */
    private LanguageText staffText(ConsentTemplate template) {
        return template.languageOrFirst(UiLanguage.of(ui));
    }

    /**
     * The manager's records screen. Never from patient mode: the patient holding the tablet cannot reach other
     * patients' data (the store refuses roles that may not see records anyway).
     */
    void openRecords() {
        refuseInPatientMode("records");
        RecordsService rs = new RecordsService(dir, clock, services.principal());
        Task<RecordsService.Opening> load = new Task<>() {
            @Override
            protected RecordsService.Opening call() throws StoreException {
                return rs.opening();
            }
        };
        load.setOnSucceeded(e -> {
            ConsentTemplate template = load.getValue().template();
            LanguageText text = staffText(template);
            Map<String, String> indications = new LinkedHashMap<>();
            template.manifest().indications().forEach(i -> indications.put(i.id(), text.indications().get(i.id())));
            RecordsViewModel vm = new RecordsViewModel(rs, background, Platform::runLater);
            show(new RecordsView(vm, ui, load.getValue().catalog(), indications,
                    pdf -> background.execute(() -> WizardView.openPdf(pdf)),
                    this::showHome, new PatientCopyBar(ui, rs.patientCopies(), background,
                            PatientCopyBar.Hooks.desktop(() -> stage)),
                    load.getValue().clock()));
        });
        load.setOnFailed(e -> showHomeSaying(load.getException()));
        background.execute(load);
    }

    /** The administrator's screen (users, settings, clinic profile, backup). */
    void openAdmin() {
        refuseInPatientMode("administration");
        AdminViewModel vm = new AdminViewModel(dir, clock, services.principal(), background, Platform::runLater);
        // back home, where the settings are read again (the idle time may have changed)
        show(new AdminView(vm, ui, this::showHome));
    }

    /** The overview charts (consents and withdrawals per month, first-time-right answers), read off the FX thread. */
    void openOverview() {
        refuseInPatientMode("the overview");
        Principal who = services.principal();
        Task<RecordQueries.Overview> load = new Task<>() {
            @Override
            protected RecordQueries.Overview call() throws StoreException {
                return RecordQueries.asSignedIn(dir, clock, who).overview();
            }
        };
        load.setOnSucceeded(e -> {
            ConsentTemplate template = load.getValue().template();
            LanguageText text = staffText(template);
            List<Map.Entry<String, String>> questions = new java.util.ArrayList<>();
            template.manifest().questions().forEach(q -> questions.add(Map.entry(q.id(),
                    text.question(q.id()).text())));
            show(new OverviewView(load.getValue().overview(), ui, questions, this::showHome));
        });
        load.setOnFailed(e -> showHomeSaying(load.getException()));
        background.execute(load);
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
            vm.setAutosave((s, locked) -> background.execute(() -> {
                try {
                    services.drafts().save(s, locked, services.clock().instant());
                } catch (StoreException ex) {
                    // the consultation goes on; the next change saves again
                }
            }));
            if (opening.restartedFrom() != null && vm.stepProperty().get() != WizardViewModel.Step.START) {
                // the restarted draft replaces the old one now, so it restarts (and is audited) only once
                ConsentSession restarted = vm.draft();
                background.execute(() -> {
                    try {
                        services.drafts().save(restarted, false, services.clock().instant());
                    } catch (StoreException ex) {
                        // saved again with the next change
                    }
                });
            }
            vm.patientModeProperty().addListener((o, was, locked) -> patientWindow.hold(locked));
            services.wireUnlock(vm);
            wizard = new WizardView(vm, ui, services, opening.catalog(), background, () -> {
                wizard = null;
                showHome();
            });
            show(wizard);
            patientWindow.hold(vm.patientModeProperty().get());
            if (opening.restartedFrom() != null) {
                Alert restarted = new Alert(Alert.AlertType.INFORMATION, MessageFormat.format(
                        ui.getString(switch (opening.restartReason()) {
                            case NOT_CONFIRMED -> "wizard.restartedNotConfirmed";
                            case NOT_IN_LANGUAGE -> "wizard.restartedTexts";
                            default -> "wizard.restarted";
                        }),
                        opening.restartedFrom(),
                        opening.template().version()));
                Dialogs.over(stage, restarted);
                restarted.getDialogPane().setId("draft-restarted");
                restarted.show();
            }
        });
        load.setOnFailed(e -> showHomeSaying(load.getException()));
        background.execute(load);
    }

    /** Stops the idle lock's timer and the background executor (work under way is interrupted). */
    @Override
    public void stop() {
        if (patientWindow != null) {
            patientWindow.release();
        }
        if (idleLock != null) {
            idleLock.stop();
        }
        background.shutdownNow();
    }
}
