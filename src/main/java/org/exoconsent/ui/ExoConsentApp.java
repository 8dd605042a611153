package org.exoconsent.ui;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.scene.Group;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.MovedDataDirectory;
import org.exoconsent.ui.controls.StoreName;
import org.exoconsent.records.DeviceSettings;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.Principal;
import org.exoconsent.records.Settings;
import org.exoconsent.records.StoreException;
import org.exoconsent.records.StoreLocation;
import org.exoconsent.records.StoreLocationException;
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
import org.exoconsent.usecases.StoreOpenings;

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
    /**
     * The one background executor: store calls, template and font loading, PDFs; its thread is a daemon. Work handed
     * to it after {@link #stop} (a screen's task finishing while the window closes) is dropped: the app is ending, and
     * a refusal thrown on the FX thread then helped no one (a slow-lane test saw it under load, 2026-12-01).
     */
    private final ExecutorService background = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0L,
            java.util.concurrent.TimeUnit.MILLISECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "exoconsent-background");
        t.setDaemon(true);
        return t;
    }, new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());
    /**
     * Whether the background executor has nothing running or waiting: a screen it is about to fill (a notice above
     * the buttons, a list read from the store) is then filled. For the tests' driver, which clicks only then, as a
     * person clicks what they see still; returns at once, on any thread.
     */
    boolean backgroundIdle() {
        java.util.concurrent.ThreadPoolExecutor pool = (java.util.concurrent.ThreadPoolExecutor) background;
        return pool.getActiveCount() == 0 && pool.getQueue().isEmpty();
    }

    /** The clinic's clock for what the home screen shows; the wizard takes the store's own with each opening. */
    private volatile ClinicClock clinicClock;
    private Stage stage;
    /**
     * The staff language's messages (issue 16 §6): the signed-in person's language, else what this computer last
     * used, else the operating system's; every screen but a consultation's patient pages ({@link
     * org.exoconsent.ui.wizard.PageLanguage}) is shown in it. Changed only by {@link #useStaffLanguage}.
     */
    private ResourceBundle ui;
    /** Where the staff language last used on this computer is kept. */
    private ThisComputer thisComputer;
    private LockScreen lockScreen;
    private volatile String templateProblem;
    /** Said once on the next home screen (why a consultation could not open, for example). */
    private String notice;
    /** Whether the data directory has accounts yet (null until checked off the FX thread). */
    private Boolean hasAccounts;
    private String accountsProblem;
    /** Who signed in on this tablet, and what they may use; null when signed out. */
    private ConsultationServices services;
    /**
     * The store this device is set to (issue 17 §1: a data directory or the clinic's PostgreSQL store,
     * {@link AppStore#resolve}); every screen opens it through this. Null when the address it is set to was refused
     * ({@link #accountsProblem} says why).
     */
    private StoreOpenings store;
    /** The environment the app reads: {@code EXOCONSENT_STORE}, {@code EXOCONSENT_HOME}, {@code PGPASSWORD}... */
    private final Map<String, String> env;
    private WizardView wizard;
    /** This device as the store names it (issue 17 §3), read once from {@link ThisComputer}. */
    private org.exoconsent.records.Device device;
    /** The open wizard's hold of its draft; null when no wizard is open. */
    private volatile WizardHold wizardHold;
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
        this(clock, System.getenv());
    }

    /**
     * The app on {@code clock}, reading {@code env} instead of this process's environment (a test's store address
     * and {@code PGPASSWORD}).
     */
    ExoConsentApp(Clock clock, Map<String, String> env) {
        this.clock = clock;
        this.env = Map.copyOf(env);
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
        thisComputer = ThisComputer.forThisUser();
        ui = UiLanguage.bundle(UiLanguage.orSystem(thisComputer.language()));
        // the store this device is set to (AppStore: -Dexoconsent.home, used by the UI tests, first)
        String storeRefusal = null;
        try {
            store = StoreOpenings.of(storeLocation(home(), env, DeviceSettings.defaultFile(env),
                    thisComputer.store()), clock, env, deviceKeys(), draftCache());
        } catch (StoreLocationException e) { // opens nothing rather than another store (issue 17 §1)
            storeRefusal = MessageFormat.format(ui.getString("app.store.refused"), e.getMessage());
            store = StoreOpenings.of(new StoreLocation.InDataDirectory(DataDirectory.resolve(home(), env)), clock,
                    env, deviceKeys()); // never opened: the start screen says why and offers nothing else
        }
        device = thisComputer.device();
        signIn = new SignInViewModel(store);
        signInScreen = new SignInScreen(ui, signIn, background, language -> {
            useStaffLanguage(language);
            showHome();
        });
        home = new HomeScreen(ui, store, store.drafts(), device, clock, background, new HomeViewModel(store),
                navigation());
        home.openHere(id -> { // read on the background thread: the hold as last set
            WizardHold open = wizardHold;
            return open != null && open.id().equals(id);
        });
        // the bundled template is read and checked once per run: do it off the start-up path, before it is needed
        background.execute(() -> {
            try {
                BundledTemplates.all();
            } catch (IOException | TemplateException e) {
                templateProblem = e.getMessage();
            }
        });
        // sign-in or first run: whether there are accounts is known once the store is open (on PostgreSQL, a
        // server that cannot be reached is said within the connect timeout, with "try again")
        checkAccounts = () -> {
            Task<Boolean> accounts = new Task<>() {
                @Override
                protected Boolean call() throws StoreException {
                    return signIn.hasAccounts();
                }
            };
            accounts.setOnSucceeded(e -> {
                storeRefused = false;
                accountsProblem = null;
                hasAccounts = accounts.getValue();
                showHome();
            });
            accounts.setOnFailed(e -> {
                if (accounts.getException() instanceof MovedDataDirectory.Moved moved) {
                    // "try again" would change nothing: this computer must be pointed at the shared store
                    storeRefused = true;
                    movedTo = moved.store();
                    accountsProblem = movedText(moved);
                } else {
                    accountsProblem = org.exoconsent.ui.controls.StoreFailureText.of(ui, store.location(),
                            accounts.getException());
                }
                showHome();
            });
            background.execute(accounts);
        };
        if (storeRefusal == null) {
            checkAccounts.run();
        } else {
            storeRefused = true;
            accountsProblem = storeRefusal; // said on the start screen, instead of the sign-in
        }
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
        lockScreen = new LockScreen(ui, signIn, background, StoreName.of(ui, store.location()));
        idleLock = new IdleLock(scene, lockScreen, lockSession(),
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

    /** {@code -Dexoconsent.home} (the UI tests' data directory), or null. */
    private static java.nio.file.Path home() {
        String home = System.getProperty("exoconsent.home");
        return home == null ? null : java.nio.file.Path.of(home);
    }

    /**
     * The folder of this device's own signing key on a PostgreSQL store (issue 17 §2: each device that signs has its
     * own key): {@code -Dexoconsent.deviceKeys} (the UI tests), else the device's settings file's {@code keys}, else
     * {@code ~/.exoconsent-device/keys} of the operating-system user ({@link DeviceSettings#keyFolder}, as the command
     * line). A data directory keeps its key in its own {@code keys/}.
     */
    private java.nio.file.Path deviceKeys() {
        String p = System.getProperty("exoconsent.deviceKeys");
        return p != null ? java.nio.file.Path.of(p) : settingsOrNone().keyFolder();
    }

    /**
     * This device's own cache of drafts while the clinic's PostgreSQL server cannot be reached (issue 17 §3):
     * {@code -Dexoconsent.draftCache} (the UI tests), else {@value org.exoconsent.records.DeviceDraftCache#DEFAULT} of
     * the operating-system user. A data directory uses none.
     */
    private org.exoconsent.records.DeviceDraftCache draftCache() {
        String p = System.getProperty("exoconsent.draftCache");
        return p != null ? new org.exoconsent.records.DeviceDraftCache(java.nio.file.Path.of(p))
                : org.exoconsent.records.DeviceDraftCache.forThisAccount();
    }

    /**
     * The store the app opens on this computer (issue 17 §1; the order in {@link AppStore}): a data directory
     * ({@code -Dexoconsent.home}, {@code $EXOCONSENT_HOME}, {@code ~/.exoconsent}) or a PostgreSQL store
     * ({@code $EXOCONSENT_STORE}, the {@code store} of this device's settings file, the set-up's choice).
     *
     * @param chosen the store chosen in the app's set-up on this computer ({@link ThisComputer#store}), or null
     * @throws StoreLocationException for a settings file or an address refused (the start screen says it, and
     *                                nothing is opened)
     */
    static StoreLocation storeLocation(java.nio.file.Path home, Map<String, String> env,
                                       java.nio.file.Path settingsFile, String chosen) {
        return AppStore.resolve(home, env, DeviceSettings.read(settingsFile), chosen);
    }

    // --- navigation --------------------------------------------------------------------------------------------

    /** The start screen as things stand: sign-in or first run while signed out, else the home screen. */
    private Parent startScreen() {
        String once = notice;
        notice = null;
        if (services == null) {
            return home.signedOut(accountsProblem != null ? storeProblem(accountsProblem)
                    : hasAccounts == null ? new Label(ui.getString("home.opening"))
                    : hasAccounts ? signInScreen.signInForm(this::signedIn)
                    : offerStoreChoice() ? storeChoice()
                    : signInScreen.firstRunForm(admin -> {
                        hasAccounts = true;
                        show(new ClinicSetupScreen(ui, new FirstRunSetup(store, admin, ui), background,
                                () -> clinicClock, () -> signedIn(admin)).view());
                    }));
        }
        return home.signedIn(services.principal(), clinicClock, once, () -> templateProblem, this::settingsRead);
    }

    private void showHome() {
        show(startScreen());
    }

    /** Checks (again) whether the store has accounts: after the server could not be reached, or another store. */
    private Runnable checkAccounts;
    /** Whether the store's address was refused: nothing is opened, and "try again" would change nothing. */
    private boolean storeRefused;
    /** Whether the store was chosen in the set-up during this run (the choice is then not offered again). */
    private boolean storeChosen;

    /**
     * Whether the first run starts with the choice of store (issue 17 §1): nothing stronger than the set-up's choice
     * names a store ({@link AppStore#choiceCounts}), and none was chosen in this run.
     */
    private boolean offerStoreChoice() {
        return !storeChosen && AppStore.choiceCounts(home(), env, settingsOrNone());
    }

    /** This device's settings file, or none when it is refused (the start screen then says why). */
    private DeviceSettings settingsOrNone() {
        java.nio.file.Path file = DeviceSettings.defaultFile(env);
        try {
            return DeviceSettings.read(file);
        } catch (StoreLocationException e) {
            return DeviceSettings.none(file);
        }
    }

    /**
     * The address of the shared store the data directory this computer is set to was moved to (issue 17 §4), filled
     * in when another store is chosen; null when it was not moved.
     */
    private String movedTo;

    /**
     * What the start screen says of a moved data directory, in the staff language: where the clinic's records are
     * now, and how this computer is pointed at them (in the set-up when its choice counts, else by its administrator).
     */
    private String movedText(MovedDataDirectory.Moved moved) {
        String when = moved.movedAt() == null ? "?" : MovedDataDirectory.Moved.when(moved.movedAt());
        String what = MessageFormat.format(ui.getString("app.store.moved"), moved.dataDirectory(), when,
                moved.store());
        String how = AppStore.choiceCounts(home(), env, settingsOrNone())
                ? ui.getString("app.store.moved.choose")
                : MessageFormat.format(ui.getString("app.store.moved.ask"), moved.store(),
                DeviceSettings.defaultFile(env));
        return what + "\n\n" + how;
    }

    /** The set-up's choice of store ({@link StoreChoiceForm}); once chosen, the app opens that store. */
    private Parent storeChoice() {
        return StoreChoiceForm.form(ui, movedTo != null ? movedTo : thisComputer.store(), settingsOrNone(), chosen -> {
            storeChosen = true;
            useStore(StoreOpenings.of(chosen != null ? chosen
                    : new StoreLocation.InDataDirectory(DataDirectory.resolve(home(), env)), clock, env, deviceKeys(),
                    draftCache()));
        }, thisComputer::rememberStore);
    }

    /** Opens {@code chosen} from now on: every screen reaches it, and whether it has accounts is read again. */
    private void useStore(StoreOpenings chosen) {
        store = chosen;
        storeRefused = false;
        movedTo = null;
        signIn.use(chosen);
        home.use(chosen);
        lockScreen.store(StoreName.of(ui, chosen.location()));
        accountsProblem = null;
        hasAccounts = null;
        showHome();
        checkAccounts.run();
    }

    /**
     * Why the store cannot be used, where the sign-in would be (issue 17 §3: a server that cannot be reached is said
     * at once, within the connect timeout), with "try again" unless the address itself was refused.
     */
    private Parent storeProblem(String problem) {
        Label said = new Label(problem);
        said.setId("store-problem");
        said.setWrapText(true);
        said.setMaxWidth(720);
        javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(16, said);
        box.setAlignment(javafx.geometry.Pos.CENTER);
        if (!storeRefused) {
            javafx.scene.control.Button again = new javafx.scene.control.Button(ui.getString("app.store.tryAgain"));
            again.setId("store-try-again");
            again.setOnAction(e -> {
                accountsProblem = null;
                hasAccounts = null;
                showHome();
                checkAccounts.run();
            });
            box.getChildren().add(again);
        }
        if (AppStore.choiceCounts(home(), env, settingsOrNone())) { // chosen in the set-up: it may be chosen again
            javafx.scene.control.Button other = new javafx.scene.control.Button(ui.getString("store.choice.other"));
            other.setId("store-choose-other");
            other.setOnAction(e -> show(home.signedOut(storeChoice())));
            box.getChildren().add(other);
        }
        return box;
    }

    /** Back to the home screen, saying why the screen asked for could not open (a server unreachable: said so). */
    private void showHomeSaying(Throwable why) {
        notice = org.exoconsent.ui.controls.StoreFailureText.of(ui, store.location(), why);
        showHome();
    }

    private void show(Parent p) {
        shown = p;
        idleLock.show(p);
        if (patientWindow != null) {
            patientWindow.hold(inPatientMode()); // a screen other than the locked wizard's lets the window go
        }
    }

    /** The screen last asked to be shown (a loading screen is replaced only while it is still this one). */
    private Parent shown;

    /**
     * Puts up a loading screen at once (issue 16 §7: progress while a screen's data is read) and returns it; the
     * task's result is shown only while it is still up ({@link #stillLoading}).
     */
    private Parent loading(String titleKey) {
        Parent l = new org.exoconsent.ui.controls.LoadingScreen(ui, titleKey, this::showHome);
        show(l);
        return l;
    }

    /** Whether {@code l} is still shown: the person did not go back meanwhile. */
    private boolean stillLoading(Parent l) {
        return shown == l;
    }

    private void signedIn(Principal who) {
        services = new ConsultationServices(store, who);
        if (who.language() != null) { // else the language shown stays: the account has none (issue 16 §6)
            useStaffLanguage(who.language());
        }
        showHome();
    }

    /**
     * Shows every screen from now on in {@code language} ("ja" or "en"), the staff language (issue 16 §6), and
     * remembers it on this computer for the next sign-in screen. A consultation's patient pages stay in the
     * consultation's language.
     */
    private void useStaffLanguage(String language) {
        thisComputer.rememberLanguage(language);
        if (language.equals(UiLanguage.of(ui))) {
            return;
        }
        ui = UiLanguage.bundle(language);
        signInScreen.language(ui);
        home.language(ui);
        lockScreen.language(ui);
        stage.setTitle(ui.getString("app.title"));
    }

    private void signOut() {
        releaseHold();
        if (services != null && store != null) { // the person's session on the shared store's server ends
            StoreOpenings from = store;
            Principal who = services.principal();
            try {
                background.execute(() -> from.signOut(who));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the app is stopping: the session ends on its own 12 hours after its sign-in
            }
        }
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
                : Duration.ofMinutes(settings.damage(Settings.Key.IDLE_LOCK_MINUTES) != null
                        ? 1 // a stored idle time that cannot be used: the screen locks soonest (the safe side)
                        : settings.get(Settings.Key.IDLE_LOCK_MINUTES)));
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
        RecordsService rs = new RecordsService(store, services.principal());
        Task<RecordsService.Opening> load = new Task<>() {
            @Override
            protected RecordsService.Opening call() throws StoreException {
                return rs.opening();
            }
        };
        Parent waiting = loading("records.title");
        load.setOnSucceeded(e -> {
            if (!stillLoading(waiting)) {
                return;
            }
            ConsentTemplate template = load.getValue().template();
            LanguageText text = staffText(template);
            Map<String, String> indications = new LinkedHashMap<>();
            template.manifest().indications().forEach(i -> indications.put(i.id(), text.indications().get(i.id())));
            RecordsViewModel vm = new RecordsViewModel(rs, background, Platform::runLater);
            show(new RecordsView(vm, ui, load.getValue().catalog(), indications,
                    org.exoconsent.ui.copy.PdfOpener.desktop(),
                    this::showHome, new PatientCopyBar(ui, rs.patientCopies(), background,
                            PatientCopyBar.Hooks.desktop(() -> stage)),
                    load.getValue().clock()));
        });
        load.setOnFailed(e -> {
            if (stillLoading(waiting)) {
                showHomeSaying(load.getException());
            }
        });
        background.execute(load);
    }

    /** The administrator's screen (users, settings, clinic profile, backup). */
    void openAdmin() {
        refuseInPatientMode("administration");
        AdminViewModel vm = new AdminViewModel(store, services.principal(), background, Platform::runLater);
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
                return RecordQueries.asSignedIn(store, who).overview();
            }
        };
        Parent waiting = loading("overview.title");
        load.setOnSucceeded(e -> {
            if (!stillLoading(waiting)) {
                return;
            }
            ConsentTemplate template = load.getValue().template();
            LanguageText text = staffText(template);
            List<Map.Entry<String, String>> questions = new java.util.ArrayList<>();
            template.manifest().questions().forEach(q -> questions.add(Map.entry(q.id(),
                    text.question(q.id()).text())));
            show(new OverviewView(load.getValue().overview(), ui, questions, this::showHome));
        });
        load.setOnFailed(e -> {
            if (stillLoading(waiting)) {
                showHomeSaying(load.getException());
            }
        });
        background.execute(load);
    }

    /** Opens the wizard for a new consultation, or resumes a draft; the catalog is read off the FX thread. */
    private void openWizard(DraftStore.Draft draft) {
        org.exoconsent.usecases.DeviceDrafts.Saving[] saving = new org.exoconsent.usecases.DeviceDrafts.Saving[1];
        Task<ConsultationServices.Opening> load = new Task<>() {
            @Override
            protected ConsultationServices.Opening call() throws StoreException {
                if (draft != null) { // held here before it opens: refused while another device holds it
                    services.drafts().hold(draft.session().id(), device, services.clock().instant());
                }
                if (draft != null) { // saved as the wizard goes, kept on this device while the server is away
                    saving[0] = new org.exoconsent.usecases.DeviceDrafts(store, services.principal(), device)
                            .saving(draft.session().id(), draft.savedAt());
                }
                // catalog, settings and template version in one opening of the store
                return services.opening(draft == null ? null : draft.session());
            }
        };
        load.setOnSucceeded(e -> {
            ConsultationServices.Opening opening = load.getValue();
            Duration reflection = Duration.ofMinutes(opening.settings().get(Settings.Key.REFLECTION_MINUTES));
            // the clinic's clock as the store gives it: the consultation's times in the clinic's zone
            String draftId = opening.restartedFrom() != null ? opening.restartFrom().id()
                    : draft != null ? draft.session().id() : UUID.randomUUID().toString();
            WizardViewModel vm = draft == null
                    ? new WizardViewModel(opening.template(), opening.clock(), draftId,
                            reflection, services::staffPinMatches)
                    : opening.restartedFrom() != null
                    ? WizardViewModel.restart(opening.restartFrom(), opening.template(), opening.clock(), reflection,
                            services::staffPinMatches, services.principal().name())
                    : WizardViewModel.resume(draft.session(), draft.patientMode(), opening.template(),
                            opening.clock(), reflection, services::staffPinMatches);
            releaseHold(); // a wizard left without closing (signed out, locked) gives its draft back first
            org.exoconsent.usecases.DeviceDrafts.Saving draftSaving;
            try {
                draftSaving = saving[0] != null && saving[0].id().equals(draftId) ? saving[0]
                        : new org.exoconsent.usecases.DeviceDrafts(store, services.principal(), device)
                                .saving(draftId, draft == null ? null : draft.savedAt());
            } catch (StoreException ex) { // this device's cache cannot be read (a folder others may read: named)
                showHomeSaying(ex);
                return;
            }
            WizardHold[] holding = new WizardHold[1];
            java.util.function.Consumer<org.exoconsent.usecases.DeviceDrafts.Outcome> heard =
                    o -> Platform.runLater(() -> draftKept(vm, holding[0], o));
            WizardHold hold = new WizardHold(services.drafts(), draftSaving, device, services.clock(), background,
                    draftId, this::draftTakenOver, heard);
            holding[0] = hold;
            wizardHold = hold;
            java.util.function.BiConsumer<ConsentSession, Boolean> save = (s, locked) -> {
                if (hold.over()) {
                    return; // taken over by another device: nothing more is saved here
                }
                try {
                    heard.accept(draftSaving.save(s, locked));
                } catch (org.exoconsent.records.DraftHeldException ex) {
                    hold.lostTo(ex);
                } catch (org.exoconsent.usecases.DeviceDrafts.NotKept ex) {
                    // neither the server nor this device could keep it: said, with the reason
                    Platform.runLater(() -> vm.setDraftPlace(WizardViewModel.DraftPlace.NOWHERE, ex.getMessage()));
                } catch (StoreException ex) {
                    // the consultation goes on; the next change saves again
                }
            };
            vm.setAutosave((s, locked) -> background.execute(() -> save.accept(s, locked)));
            if (opening.restartedFrom() != null && vm.stepProperty().get() != WizardViewModel.Step.START) {
                // the restarted draft replaces the old one now, so it restarts (and is audited) only once
                ConsentSession restarted = vm.draft();
                background.execute(() -> save.accept(restarted, false));
            } else if (draft != null) {
                hold.renew(); // resumed: held from now on, renewed while open
            }
            vm.patientModeProperty().addListener((o, was, locked) -> patientWindow.hold(locked));
            services.wireUnlock(vm);
            wizard = new WizardView(vm, ui, services, opening.catalog(), background, () -> {
                releaseHold();
                wizard = null;
                showHome();
            });
            // recorded only from the draft this wizard holds as it last saw it (issue 17 §3)
            services.setHoldCheck(hold::checkBeforeRecording);
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
        load.setOnFailed(e -> {
            if (load.getException() instanceof org.exoconsent.records.DraftHeldException held) {
                // taken by another device meanwhile: said in the staff language, the home screen shows where
                notice = MessageFormat.format(ui.getString("wizard.heldElsewhere"), draft.session().patient().name(),
                        held.hold().device().label(), HomeViewModel.since(held.hold(), clinicClock));
                showHome();
            } else {
                showHomeSaying(load.getException());
            }
        });
        background.execute(load);
    }

    /**
     * What a save or heartbeat of the open wizard's draft did (issue 17 §3), on the FX thread: the wizard's notice
     * follows where the draft is kept; a copy kept on this device that the store's draft, changed meanwhile
     * elsewhere, must not be overwritten by was set aside there, so this wizard saves no more and closes, saying so.
     */
    private void draftKept(WizardViewModel vm, WizardHold hold, org.exoconsent.usecases.DeviceDrafts.Outcome o) {
        switch (o.kept()) {
            case IN_STORE, RESTORED -> vm.setDraftPlace(WizardViewModel.DraftPlace.STORE, null);
            case ON_DEVICE -> vm.setDraftPlace(WizardViewModel.DraftPlace.DEVICE, null);
            case SET_ASIDE -> {
                if (hold == null || wizardHold != hold || wizard == null) {
                    return;
                }
                hold.release();
                wizardHold = null;
                closeWizardTelling(MessageFormat.format(ui.getString("wizard.setAsideFromDevice"),
                        o.fromDevice().setAsideAs()), "draft-set-aside-from-device");
            }
            case CHANGED_ELSEWHERE -> {
                if (hold == null || wizardHold != hold || wizard == null) {
                    return;
                }
                hold.release();
                wizardHold = null;
                draftChangedElsewhere(o);
            }
            default -> throw new IllegalStateException(o.kept().name());
        }
    }

    /**
     * The open wizard's draft was saved on another device since this one last saved or opened it (its hold had
     * lapsed: issue 17 §3), so the store refused to save this wizard's copy over it: the wizard closes and staff are
     * told on which device and when, where this copy is kept (set aside, when a save brought one), and offered to
     * reopen the consultation from the store (not in patient mode: then to the sign-in screen, as for a takeover).
     */
    private void draftChangedElsewhere(org.exoconsent.usecases.DeviceDrafts.Outcome o) {
        org.exoconsent.records.DraftChangedElsewhereException changed = o.changed();
        String aside = o.fromDevice() == null ? null : o.fromDevice().setAsideAs();
        String text;
        if (changed.savedAt() == null) {
            text = MessageFormat.format(ui.getString("wizard.endedElsewhere"), aside);
        } else {
            String where = changed.savedBy() == null ? ui.getString("wizard.anotherDevice")
                    : changed.savedBy().label();
            String when = java.time.format.DateTimeFormatter.ofPattern("HH:mm").format(
                    clinicClock.at(changed.savedAt()));
            text = aside == null
                    ? MessageFormat.format(ui.getString("wizard.changedElsewhereNothingSaved"), where, when)
                    : MessageFormat.format(ui.getString("wizard.changedElsewhere"), where, when, aside);
        }
        boolean patient = inPatientMode();
        if (patient || changed.savedAt() == null) {
            closeWizardTelling(text, "draft-changed-elsewhere");
            return;
        }
        wizard = null;
        ButtonType reopen = new ButtonType(ui.getString("wizard.reopen"), ButtonBar.ButtonData.OK_DONE);
        Alert told = new Alert(Alert.AlertType.WARNING, text, reopen, ButtonType.CLOSE);
        told.getDialogPane().setId("draft-changed-elsewhere");
        showHome();
        Dialogs.over(stage, told);
        told.setOnHidden(e -> {
            if (told.getResult() == reopen) {
                reopenFromStore(changed.draft());
            }
        });
        told.show();
    }

    /** Opens the wizard on draft {@code id} as the store has it now (read off the FX thread). */
    private void reopenFromStore(String id) {
        Task<DraftStore.Draft> load = new Task<>() {
            @Override
            protected DraftStore.Draft call() throws StoreException {
                return services.drafts().load(id);
            }
        };
        load.setOnSucceeded(e -> openWizard(load.getValue()));
        load.setOnFailed(e -> showHomeSaying(load.getException()));
        background.execute(load);
    }

    /** Gives back the open wizard's hold of its draft (issue 17 §3), if one is open. */
    private void releaseHold() {
        if (wizardHold != null) {
            wizardHold.release();
            wizardHold = null;
        }
    }

    /**
     * Another device took over the draft the open wizard edits (issue 17 §3): nothing more is saved here; staff are
     * told by whom and when, and the wizard closes — to the home screen, which shows where the draft now is, or, in
     * patient mode, to the sign-in screen, so that the patient is not left on a staff screen.
     */
    private void draftTakenOver(org.exoconsent.records.DraftHeldException e) {
        if (wizardHold == null || wizard == null) {
            return;
        }
        wizardHold = null;
        closeWizardTelling(MessageFormat.format(ui.getString("wizard.takenOver"), e.hold().device().label(),
                HomeViewModel.since(e.hold(), clinicClock)), "draft-taken-over");
    }

    /**
     * Closes the open wizard, whose draft is no longer this device's to save, and tells staff why ({@code text},
     * in a warning whose pane has the id {@code id}): to the home screen, or in patient mode to the sign-in screen,
     * so that the patient is not left on a staff screen.
     */
    private void closeWizardTelling(String text, String id) {
        boolean patient = inPatientMode();
        wizard = null;
        Alert told = new Alert(Alert.AlertType.WARNING, text, ButtonType.OK);
        told.getDialogPane().setId(id);
        if (patient) {
            signOut();
        } else {
            showHome();
        }
        Dialogs.over(stage, told);
        told.show();
    }

    /** Stops the idle lock's timer and the background executor (work under way is interrupted). */
    @Override
    public void stop() {
        if (wizardHold != null) {
            wizardHold.releaseNow();
        }
        if (patientWindow != null) {
            patientWindow.release();
        }
        if (idleLock != null) {
            idleLock.stop();
        }
        background.shutdownNow();
    }
}
