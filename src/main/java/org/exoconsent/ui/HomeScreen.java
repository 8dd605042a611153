package org.exoconsent.ui;

import java.text.MessageFormat;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.files.OwnerOnly;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Device;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.Drafts;
import org.exoconsent.records.Permission;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Settings;
import org.exoconsent.records.StoreException;
import org.exoconsent.ui.controls.MissingTextsText;
import org.exoconsent.ui.controls.UiLanguage;
import org.exoconsent.usecases.DraftHolds;
import org.exoconsent.usecases.StoreOpenings;

/**
 * The start screen: the app's name, what the openings of the data directory repaired, and the data directory's
 * path, around either the signed-out form ({@link SignInScreen}) or the home screen of whoever signed in: the staff
 * PIN on first use, a new consultation, the drafts to resume or discard, the records, overview and administration
 * their roles allow, the notices their roles call for (read with the clinic's settings in one opening of the store,
 * {@link HomeViewModel}), and sign-out.
 */
final class HomeScreen {
    /** Where the home screen's buttons lead; the app's shell decides (and refuses in patient mode). */
    interface Navigation {
        /** A new consultation (the signed-in person may run consultations and the template could be read). */
        void newConsultation();

        /** Resumes a draft (the signed-in person may run consultations). */
        void resume(DraftStore.Draft draft);

        void records();

        void overview();

        void administration();

        void signOut();

        /** Shows the home screen again (after the staff PIN was set or a draft discarded). */
        void refresh();
    }

    /** The staff language's messages ({@link #language}). */
    private ResourceBundle ui;
    private volatile StoreOpenings store;
    private volatile Drafts drafts;
    /** This device, as the store names it: which drafts are held here and which elsewhere (issue 17 §3). */
    private final Device device;
    /** Whom {@link #pinSet} was read for (the signed-in person; a new sign-in reads it again); null: nobody yet. */
    private Principal pinKnownFor;
    /** Whether the clinic has a staff PIN, as read for {@link #pinKnownFor}. */
    private boolean pinSet;
    /** Why it could not be read, said once on the PIN form; null when it was read. */
    private String pinProblem;
    private final Clock clock;
    private final Executor background;
    private final HomeViewModel vm;
    private final Navigation navigation;
    /** What the openings of the data directory repaired in this run ({@link #permissionsNotice()}). */
    private final List<OwnerOnly.Repair> permissionRepairs = new ArrayList<>();

    /**
     * @param ui         the screens' messages
     * @param store      the store this device is set to (issue 17 §1; a data directory's path, or the PostgreSQL
     *                   store's server and database, is shown at the bottom)
     * @param drafts     the drafts to resume (the store's own)
     * @param device     this device (a draft held by another is shown so, and resumed only when taken over)
     * @param clock      the app's clock (a discarded draft is stamped with it)
     * @param background the app's background executor
     * @param vm         the store's side
     * @param navigation where the buttons lead
     */
    HomeScreen(ResourceBundle ui, StoreOpenings store, Drafts drafts, Device device, Clock clock,
               Executor background, HomeViewModel vm, Navigation navigation) {
        this.ui = ui;
        this.store = store;
        this.drafts = drafts;
        this.device = device;
        this.clock = clock;
        this.background = background;
        this.vm = vm;
        this.navigation = navigation;
    }

    /** The draft open in this device's wizard, which brings its own copy kept on this device to the store. */
    private java.util.function.Predicate<String> openHere = id -> false;

    /** Says which draft is open in this device's wizard (its copy kept here is left to it, issue 17 §3). */
    void openHere(java.util.function.Predicate<String> openHere) {
        this.openHere = openHere;
    }

    /** From now on, on {@code store} and its drafts (the set-up chose another store, issue 17 §1). */
    void use(StoreOpenings store) {
        this.store = store;
        this.drafts = store.drafts();
        vm.use(store);
    }

    /** The screens shown from now on in the staff language {@code ui} (issue 16 §6). */
    void language(ResourceBundle ui) {
        this.ui = ui;
    }

    /** The start screen while nobody is signed in, around {@code form} (sign-in, first run, or a message). */
    Parent signedOut(Node form) {
        VBox box = masthead();
        box.getChildren().add(form);
        return finish(box);
    }

    /**
     * The home screen of {@code who}.
     *
     * @param clinicClock     the clinic's clock as last read (the drafts' times are shown in its zone)
     * @param notice          said once in the screen's message (why a screen could not open, for example), or null
     * @param templateProblem why the bundled template cannot be used, or null (asked when a consultation starts)
     * @param settingsRead    gets the clinic's settings once read with the notices, on the FX thread
     */
    Parent signedIn(Principal who, ClinicClock clinicClock, String notice, Supplier<String> templateProblem,
                    Consumer<Settings> settingsRead) {
        VBox box = masthead();
        Label message = new Label(notice == null ? "" : notice);
        message.setId("home-message");
        message.setWrapText(true);
        if (pinKnownFor != who) { // just signed in: whether the clinic has a staff PIN is read from the store first
            box.getChildren().addAll(new Label(ui.getString("home.opening")), message);
            Task<Boolean> read = new Task<>() {
                @Override
                protected Boolean call() throws StoreException {
                    return vm.hasStaffPin(who);
                }
            };
            read.setOnSucceeded(e -> pinRead(who, read.getValue(), null));
            read.setOnFailed(e -> pinRead(who, false, said(read.getException())));
            background.execute(read);
        } else if (!pinSet) {
            PasswordField newPin = new PasswordField();
            newPin.setId("new-pin");
            newPin.setMaxWidth(240);
            newPin.setAccessibleText(ui.getString("home.pinNew"));
            // the PIN twice (issue 16 §7): a typing slip would lock staff out of patient mode
            PasswordField again = new PasswordField();
            again.setId("new-pin-again");
            again.setMaxWidth(240);
            again.setAccessibleText(ui.getString("home.pinAgain"));
            Label newLabel = new Label(ui.getString("home.pinNew"));
            newLabel.setLabelFor(newPin);
            Label againLabel = new Label(ui.getString("home.pinAgain"));
            againLabel.setLabelFor(again);
            Button set = new Button(ui.getString("home.setPin"));
            set.setId("set-pin");
            if (pinProblem != null) {
                message.setText(pinProblem);
                pinProblem = null;
            }
            set.setOnAction(e -> {
                String typed = newPin.getText();
                String typedAgain = again.getText();
                // refused before anything is stored
                if (!org.exoconsent.usecases.SettingsAdministration.samePin(typed, typedAgain)) {
                    message.setText(ui.getString("home.pinsDiffer"));
                    newPin.clear();
                    again.clear();
                    newPin.requestFocus();
                    return;
                }
                if (!org.exoconsent.usecases.SettingsAdministration.pinWellFormed(typed)) { // review F9
                    message.setText(ui.getString("home.pinFormat"));
                    newPin.clear();
                    again.clear();
                    newPin.requestFocus();
                    return;
                }
                set.setDisable(true);
                Task<Void> store = new Task<>() {
                    @Override
                    protected Void call() throws StoreException {
                        vm.setStaffPin(who, typed, typedAgain); // hashed (slow) and audited by the store
                        return null;
                    }
                };
                store.setOnSucceeded(x -> {
                    pinSet = true;
                    navigation.refresh();
                });
                store.setOnFailed(x -> {
                    set.setDisable(false);
                    message.setText(said(store.getException()));
                });
                background.execute(store);
            });
            VBox first = new VBox(4, newLabel, newPin);
            VBox second = new VBox(4, againLabel, again);
            for (VBox field : new VBox[] {first, second}) {
                field.setMaxWidth(Region.USE_PREF_SIZE); // centred with the rest of the screen
            }
            box.getChildren().addAll(new Label(ui.getString("home.pinFirst")), first, second, set, message);
            again.setOnAction(e -> set.fire());
            readNotices(who, null, null, null, null, settingsRead);
        } else {
            java.util.Map<String, Button> buttons = mainButtons(who, box);
            Button start = buttons.get("home-new-consultation");
            start.getStyleClass().add("primary");
            start.setOnAction(e -> {
                if (!who.may(Permission.CONSULT)) {
                    message.setText(ui.getString("home.mayNotConsult"));
                } else if (templateProblem.get() != null) {
                    message.setText(templateProblem.get());
                } else {
                    navigation.newConsultation();
                }
            });
            buttons.get("home-admin").setOnAction(e -> navigation.administration());
            buttons.get("home-records").setOnAction(e -> navigation.records());
            buttons.get("home-overview").setOnAction(e -> navigation.overview());
            box.getChildren().add(message);
            TemplateNotice templates = who.may(Permission.MANAGE_TEMPLATES) ? new TemplateNotice() : null;
            TextsNotice texts = who.may(Permission.MANAGE_CATALOG) ? new TextsNotice() : null;
            Label backup = who.may(Permission.BACKUP) ? hiddenNotice("backup-notice") : null;
            Label evidence = who.may(Permission.VERIFY_RECORDS) || who.may(Permission.MANAGE_SETTINGS)
                    ? hiddenNotice("evidence-notice") : null;
            // the drafts first, then the notices: a notice is filled in after the store is read, and one above the
            // drafts moved their Resume and Discard buttons under a pointer already on its way (a slow-lane test's
            // click landed beside its button, 2026-12-03)
            if (store.dataDirectory().isPresent()) { // the data directory's folder: read at once, as before
                try {
                    showDrafts(drafts.list(), box, who, clinicClock, message);
                } catch (StoreException ex) {
                    message.setText(said(ex));
                }
            } else { // the PostgreSQL store's table: off the FX thread (a server down is said within its timeout)
                VBox draftLines = new VBox(20);
                draftLines.setAlignment(Pos.CENTER);
                box.getChildren().add(draftLines);
                // the drafts kept on this device while the server could not be reached go to it first (issue 17 §3)
                org.exoconsent.usecases.DeviceDrafts.Restoring[] restored =
                        new org.exoconsent.usecases.DeviceDrafts.Restoring[1];
                String[] notRestored = new String[1];
                Task<List<DraftStore.Draft>> listing = new Task<>() {
                    @Override
                    protected List<DraftStore.Draft> call() throws StoreException {
                        if (who.may(Permission.CONSULT)) { // a draft is written by those who run consultations
                            try {
                                restored[0] = new org.exoconsent.usecases.DeviceDrafts(store, who, device)
                                        .restoreAll(openHere);
                            } catch (StoreException e) {
                                if (org.exoconsent.records.PostgresConnections.unreachable(e)) {
                                    throw e; // the server away: said as before
                                }
                                notRestored[0] = e.getMessage(); // said; the store's drafts are listed anyway
                            }
                        }
                        return drafts.list();
                    }
                };
                listing.setOnSucceeded(e -> {
                    showDrafts(listing.getValue(), draftLines, who, clinicClock, message);
                    String said = (restored[0] == null ? "" : restoredSaid(restored[0])) + (notRestored[0] == null ? "" : "\n" + notRestored[0]);
                    if (!said.isBlank()) {
                        said = said.strip();
                        message.setText(message.getText().isEmpty() ? said : message.getText() + "\n" + said);
                    }
                });
                listing.setOnFailed(e -> message.setText(said(listing.getException())));
                background.execute(listing);
            }
            for (Node n : new Node[] {templates == null ? null : templates.box, texts == null ? null : texts.box,
                backup, evidence}) {
                if (n != null) {
                    box.getChildren().add(n);
                }
            }
            readNotices(who, templates, texts, backup, evidence, settingsRead);
        }
        Button signOut = new Button(ui.getString("home.signOut"));
        signOut.setId("sign-out");
        signOut.setOnAction(e -> navigation.signOut());
        Label signedInAs = new Label(MessageFormat.format(ui.getString("home.signedInAs"),
                UiLanguage.person(ui, who.name(), who.roles())));
        signedInAs.setId("signed-in-as");
        box.getChildren().add(new HBox(12, signedInAs, signOut));
        VBox shown = finish(box);
        // from the top, not centred: drafts and notices below the buttons do not move them (review of issue 16)
        shown.setAlignment(Pos.TOP_CENTER);
        return shown;
    }

    /**
     * The main buttons in one grid, in the same places for every role (issue 16 §7): a button this person may not use
     * is disabled and the reason is written under it (a disabled control shows no tooltip), so staff learn one screen
     * and see whom to ask. The grid has equal columns, at most {@link #BUTTONS_WIDTH} wide in all, each reason wrapping
     * under its button, so that the buttons are in the same places whatever the reasons' lengths (review of issue
     * 16: staff's two-line reasons widened their columns). Added to {@code box}; returned by id, for their actions.
     */
    private java.util.Map<String, Button> mainButtons(Principal who, VBox box) {
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
        grid.setId("home-buttons");
        grid.setHgap(12);
        grid.setVgap(4);
        // at most BUTTONS_WIDTH, narrower on a small screen (1024×768): the columns stay equal, labels wrap
        grid.setPrefWidth(BUTTONS_WIDTH);
        grid.setMaxWidth(BUTTONS_WIDTH);
        List<HomeViewModel.Action> actions = HomeViewModel.actions(who);
        for (int i = 0; i < actions.size(); i++) {
            javafx.scene.layout.ColumnConstraints c = new javafx.scene.layout.ColumnConstraints();
            c.setPercentWidth(100.0 / actions.size());
            c.setHgrow(javafx.scene.layout.Priority.ALWAYS);
            c.setFillWidth(true);
            grid.getColumnConstraints().add(c);
        }
        java.util.Map<String, Button> out = new java.util.HashMap<>();
        int column = 0;
        for (HomeViewModel.Action a : actions) {
            Button b = new Button(ui.getString(a.labelKey()));
            b.setId(a.id());
            b.setMaxWidth(Double.MAX_VALUE);
            b.setMinWidth(0); // the column's share, whatever the label: equal columns for every role
            b.setWrapText(true); // a long label wraps rather than being cut on a narrow screen
            b.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            b.setDisable(!a.allowed());
            Label why = new Label(a.allowed() ? "" : ui.getString(a.reasonKey()));
            why.setId(a.id() + "-reason");
            why.setWrapText(true);
            why.setMaxWidth(Double.MAX_VALUE);
            why.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrapped, never cut short
            javafx.scene.layout.GridPane.setValignment(why, javafx.geometry.VPos.TOP);
            why.getStyleClass().add("hint");
            b.setAccessibleText(a.allowed() ? ui.getString(a.labelKey())
                    : ui.getString(a.labelKey()) + ": " + ui.getString(a.reasonKey()));
            grid.add(b, column, 0);
            grid.add(why, column, 1);
            out.put(a.id(), b);
            column++;
        }
        box.getChildren().add(grid);
        return out;
    }

    /** The width of the main buttons' grid, in pixels: four equal columns (a button and its reason each). */
    static final double BUTTONS_WIDTH = 1040;

    /** The app's name and what the openings of the data directory repaired. */
    private VBox masthead() {
        Label title = new Label("ExoConsent");
        title.setStyle("-fx-font-size: 40px; -fx-font-weight: bold;");
        Label subtitle = new Label("エクソソーム療法の説明と同意 / Informed consent for exosome therapy");
        VBox box = new VBox(20, title, subtitle);
        Label repaired = permissionsNotice();
        if (repaired != null) {
            box.getChildren().add(repaired);
        }
        return box;
    }

    /** The drafts to resume or discard, one line each, into {@code lines}. */
    private void showDrafts(List<DraftStore.Draft> list, VBox lines, Principal who, ClinicClock clinicClock,
                            Label message) {
        for (DraftStore.Draft d : list) {
            DraftStore.Hold elsewhere = d.heldElsewhere(device, clinicClock.instant());
            Button resume = new Button(HomeViewModel.draftLine(ui, d, clinicClock, device));
            resume.setId("resume-" + d.session().id());
            resume.setOnAction(e -> {
                if (!who.may(Permission.CONSULT)) {
                    message.setText(ui.getString("home.mayNotConsult"));
                } else if (elsewhere != null) {
                    takeOver(d, elsewhere, clinicClock, resume, who, message);
                } else {
                    navigation.resume(d);
                }
            });
            Button discard = new Button(ui.getString("home.discard"));
            discard.setId("discard-" + d.session().id());
            discard.setAccessibleText(ui.getString("home.discard") + ": " + d.session().patient().name());
            discard.setOnAction(e -> discard(d, discard, who));
            if (elsewhere != null) { // open on another device: abandoned there, or here once taken over
                discard.setDisable(true);
                discard.setTooltip(new javafx.scene.control.Tooltip(ui.getString("home.heldNoDiscard")));
            }
            lines.getChildren().add(new HBox(12, resume, discard));
        }
    }

    /** A failure of the store as the screen says it (a PostgreSQL server that cannot be reached: said so). */
    /** What the home screen says of the drafts brought from this device's cache to the store; "" when none. */
    /**
     * What the restoring of the drafts kept on this device did (issue 17 §3): how many became drafts, which were set
     * aside, which files of the cache could not be read (named, left in place) and the drafts of other stores there.
     */
    private String restoredSaid(org.exoconsent.usecases.DeviceDrafts.Restoring restoring) {
        List<org.exoconsent.records.RecordStore.FromDevice> restored = restoring.restored();
        long asDrafts = restored.stream().filter(org.exoconsent.records.RecordStore.FromDevice::asTheDraft).count();
        List<String> aside = restored.stream().filter(f -> !f.asTheDraft())
                .map(org.exoconsent.records.RecordStore.FromDevice::setAsideAs).toList();
        String said = asDrafts == 0 ? "" : MessageFormat.format(ui.getString("home.restoredFromDevice"), asDrafts);
        if (!aside.isEmpty()) {
            said += (said.isEmpty() ? "" : "\n") + MessageFormat.format(ui.getString("home.setAsideFromDevice"),
                    aside.size(), String.join(", ", aside));
        }
        if (!restoring.notRead().isEmpty()) {
            said += (said.isEmpty() ? "" : "\n") + MessageFormat.format(ui.getString("home.notRestoredFromDevice"),
                    restoring.notRead().size(), String.join(", ", restoring.notRead().stream()
                            .map(n -> n.file().toString()).toList()));
        }
        for (org.exoconsent.records.DeviceDraftCache.OtherStore o : restoring.otherStores()) {
            said += (said.isEmpty() ? "" : "\n") + MessageFormat.format(ui.getString("home.otherStoreOnDevice"),
                    o.drafts(), o.store(), String.valueOf(restoring.folder()));
        }
        return said;
    }

    private String said(Throwable e) {
        return org.exoconsent.ui.controls.StoreFailureText.of(ui, store.location(), e);
    }

    /** The version and the data directory's path (or the PostgreSQL store, named) at the bottom. */
    private VBox finish(VBox box) {
        Label footer = new Label(org.exoconsent.ui.controls.StoreName.footer(ui, store.location()));
        footer.setId("footer");
        box.getChildren().add(footer);
        box.setAlignment(Pos.CENTER);
        box.setPadding(new Insets(48));
        return box;
    }

    /**
     * What the openings of the data directory found open to other accounts of this computer and repaired (issue 14
     * §1, {@link DataDirectory#keepPrivate()}), kept for the rest of this run: shown at the top of the first screen
     * and the home screen, to whoever is at the computer and to everyone who signs in after, since the next opening
     * finds nothing to repair and the fact would otherwise be lost. Null when nothing was found.
     */
    private Label permissionsNotice() {
        store.dataDirectory().ifPresent(d -> permissionRepairs.addAll(d.takeRepairs()));
        if (permissionRepairs.isEmpty()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        for (OwnerOnly.Repair r : permissionRepairs) {
            lines.add(MessageFormat.format(ui.getString("home.permissionsRepaired"), r.folder().toString(),
                    r.repaired() + r.failed().size()));
            if (!r.failed().isEmpty()) {
                lines.add(MessageFormat.format(ui.getString("home.permissionsNotRepaired"),
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

    /** Whether {@code who}'s clinic has a staff PIN was read (or could not be: {@code problem}); shows the screen. */
    private void pinRead(Principal who, boolean set, String problem) {
        pinKnownFor = who;
        pinSet = set;
        pinProblem = problem;
        navigation.refresh();
    }

    /**
     * Reads the settings and the notices in one opening of the store, off the FX thread, and fills the notices
     * given (null: not on this screen); each stays hidden while it has nothing to say.
     */
    private void readNotices(Principal who, TemplateNotice templates, TextsNotice texts, Label backup,
                             Label evidence, Consumer<Settings> settingsRead) {
        String language = UiLanguage.of(ui);
        Task<HomeViewModel.Notices> load = new Task<>() {
            @Override
            protected HomeViewModel.Notices call() throws StoreException {
                return vm.read(who, language);
            }
        };
        load.setOnSucceeded(e -> {
            HomeViewModel.Notices n = load.getValue();
            if (n.settings() != null) {
                settingsRead.accept(n.settings());
            }
            if (templates != null && n.templates() != null) {
                templates.fill(n.templates());
            }
            if (texts != null && n.texts() != null) {
                texts.fill(n.texts());
            }
            if (backup != null) {
                say(backup, n.backup() == null ? null : n.backup().lastBackup() == null
                        ? ui.getString("home.backupNever") : MessageFormat.format(ui.getString("home.backupDue"),
                        n.backup().days(), n.backup().everyDays()));
            }
            if (evidence != null) {
                say(evidence, n.evidence() == null || n.evidence().isEmpty() ? null
                        : ui.getString("home.evidenceWarning") + "\n・" + String.join("\n・", n.evidence()));
            }
        });
        background.execute(load);
    }

    /** A one-label notice, hidden until it has something to say. */
    private static Label hiddenNotice(String id) {
        Label notice = new Label();
        notice.setId(id);
        notice.setWrapText(true);
        notice.setMaxWidth(880);
        notice.getStyleClass().add("notice");
        notice.setVisible(false);
        notice.setManaged(false);
        return notice;
    }

    /** Shows a one-label notice's words; null leaves it hidden. */
    private static void say(Label notice, String words) {
        if (words == null) {
            return;
        }
        notice.setText(words);
        notice.setVisible(true);
        notice.setManaged(true);
    }

    /** A notice of a headline over a scrolling list of items, hidden until it has something to say. */
    private static class ListNotice {
        final Label headline = new Label();
        final Label list = new Label();
        final ScrollPane scroll = new ScrollPane(list);
        final VBox box = new VBox(8);

        /**
         * @param viewport the list's height in pixels (it scrolls beyond)
         * @param below    what holds the list under the headline: the scroll pane itself, or a folding pane
         *                 around it
         */
        ListNotice(String id, String headlineId, String listId, double viewport,
                   java.util.function.Function<ScrollPane, Node> below) {
            headline.setId(headlineId);
            headline.setWrapText(true);
            headline.setMinHeight(Region.USE_PREF_SIZE);
            list.setId(listId);
            list.setWrapText(true);
            scroll.setFitToWidth(true);
            scroll.setPrefViewportHeight(viewport);
            scroll.setMaxHeight(viewport + 20);
            box.getChildren().addAll(headline, below.apply(scroll));
            box.setId(id);
            box.getStyleClass().add("notice");
            box.setMaxWidth(880);
            box.setVisible(false);
            box.setManaged(false);
        }

        void show(List<String> headlines, List<String> items) {
            headline.setText(String.join("\n", headlines));
            list.setText(String.join("\n", items));
            box.setVisible(true);
            box.setManaged(true);
        }
    }

    /**
     * For an administrator: a notice while the active consent template version is one found to contain errors
     * (issue 10: 1.0.0, corrected by 1.1.0), with what was corrected in the screen's language; it stays on the home
     * screen until the correction is activated. Empty and hidden otherwise.
     */
    private final class TemplateNotice extends ListNotice {
        private final TitledPane corrections;

        TemplateNotice() {
            super("template-notice-box", "template-notice", "template-corrections", 150, scroll -> {
                TitledPane pane = new TitledPane("", scroll);
                pane.setId("template-corrections-pane");
                pane.setExpanded(false);
                pane.setAnimated(false);
                return pane;
            });
            corrections = (TitledPane) box.getChildren().get(1);
        }

        void fill(List<RecordStore.TemplateNotice> notices) {
            if (notices.isEmpty()) {
                return;
            }
            List<String> headlines = new ArrayList<>();
            List<String> items = new ArrayList<>();
            for (RecordStore.TemplateNotice n : notices) {
                headlines.add(MessageFormat.format(ui.getString(
                        n.kind() == RecordStore.TemplateNotice.Kind.NEWER_VERSION ? "home.templateNewer"
                                : "home.templateNotice"), n.templateId(), n.activeVersion(), n.correction())
                        + (n.activeLacksAssent() ? " " + MessageFormat.format(ui.getString(
                                "home.templateNoAssent"), n.activeVersion()) : ""));
                n.corrections().forEach(c -> items.add("・" + c));
                if (n.corrections().isEmpty() && n.kind() == RecordStore.TemplateNotice.Kind.NEWER_VERSION) {
                    headlines.add(ui.getString("home.templateNoPatientChanges")); // not an empty list (review F12)
                }
            }
            boolean onlyNewer = notices.stream().allMatch(n -> n.kind()
                    == RecordStore.TemplateNotice.Kind.NEWER_VERSION);
            // no empty "what changed" list (review F12): a newer version may change nothing material for patients
            corrections.setVisible(!items.isEmpty());
            corrections.setManaged(!items.isEmpty());
            corrections.setText(MessageFormat.format(ui.getString(onlyNewer ? "home.templateChanges"
                    : "home.templateCorrections"), items.size()));
            show(headlines, items);
        }
    }

    /**
     * For an administrator: which texts each language consultations may be held in still lacks (issue 12 §2; after
     * an upgrade, every English text), with where they are added; it stays on the home screen until every offered
     * language is complete. Empty and hidden otherwise.
     */
    private final class TextsNotice extends ListNotice {
        TextsNotice() {
            super("texts-notice-box", "texts-notice", "texts-missing", 110, scroll -> scroll);
        }

        void fill(List<RecordStore.MissingTexts> notices) {
            if (notices.isEmpty()) {
                return;
            }
            List<String> headlines = new ArrayList<>();
            List<String> items = new ArrayList<>();
            for (RecordStore.MissingTexts n : notices) {
                headlines.add(MessageFormat.format(ui.getString("home.textsMissing"),
                        MissingTextsText.language(ui, n.language()), MissingTextsText.where(ui, n.missing())));
                MissingTextsText.items(ui, n.missing()).forEach(i -> items.add("・" + i));
            }
            show(headlines, items);
        }
    }

    /**
     * Resuming a draft another device holds (issue 17 §3): staff are told on which device it is open and since when,
     * and that taking it over closes it there; only when they choose "Take it over" is it taken over
     * ({@link DraftHolds#takeOver}: audited {@code draft-taken-over} as {@code who}, with both devices), then resumed
     * here. A refusal is said in {@code message} and the draft stays where it was.
     */
    private void takeOver(DraftStore.Draft d, DraftStore.Hold elsewhere, ClinicClock clinicClock, Node from,
                          Principal who, Label message) {
        ButtonType take = new ButtonType(ui.getString("home.takeOver"), ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.WARNING, MessageFormat.format(ui.getString("home.takeOverConfirm"),
                d.session().patient().name(), elsewhere.device().label(), HomeViewModel.since(elsewhere,
                        clinicClock)), take, ButtonType.CANCEL);
        confirm.getDialogPane().setId("take-over-confirm");
        org.exoconsent.ui.controls.Dialogs.over(from, confirm);
        confirm.showAndWait().filter(b -> b == take).ifPresent(b -> {
            Task<DraftStore.Hold> taking = new Task<>() {
                @Override
                protected DraftStore.Hold call() throws StoreException {
                    return DraftHolds.asSignedIn(store, who).takeOver(d.session().id(), device);
                }
            };
            taking.setOnSucceeded(e -> navigation.resume(d));
            taking.setOnFailed(e -> message.setText(said(taking.getException())));
            background.execute(taking);
        });
    }

    /**
     * Abandoning a draft is explicit: staff confirm it, and the draft is moved aside, not deleted, audited
     * {@code draft-abandoned} as the signed-in person ({@code who}) in the same write (issue 16 §7).
     */
    private void discard(DraftStore.Draft d, Node from, Principal who) {
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, MessageFormat.format(
                ui.getString("home.discardConfirm"), d.session().patient().name()), ButtonType.OK, ButtonType.CANCEL);
        org.exoconsent.ui.controls.Dialogs.over(from, confirm);
        confirm.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            try {
                org.exoconsent.usecases.EndConsultation.asSignedIn(store, who).discardDraft(d.session().id());
            } catch (StoreException ex) { // not set aside, nothing audited: said, and the draft stays listed
                Alert refused = new Alert(Alert.AlertType.ERROR, said(ex), ButtonType.OK);
                org.exoconsent.ui.controls.Dialogs.over(from, refused);
                refused.getDialogPane().setId("discard-refused");
                refused.showAndWait();
            }
            navigation.refresh();
        });
    }
}
