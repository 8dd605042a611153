package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.exoconsent.usecases.StoreOpenings;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.FxWait;
import org.exoconsent.testing.Readability;
import org.exoconsent.testing.Screenshots;
import org.exoconsent.testing.UiTest;
import org.exoconsent.ui.wizard.ConsultationServices;
import org.exoconsent.ui.wizard.WizardView;
import org.exoconsent.ui.wizard.WizardViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 16 §4: every screen readable on a clinic's screens. Each screen — the first run and its set-up, sign-in,
 * home, records, overview, every administration tab, and every step of the wizard (start form, the physician's
 * confirmation, each explanation section, a wrong answer's explanation, each check question, hand-over, the
 * signatures, the document read before signing, the staff unlock, review before and after saving) and the idle lock
 * (with and without patient mode) — is laid out at 1024×768, 1280×800, 1920×1080 and 1920×1080 at 150 % display
 * scaling, in normal and larger text (the wizard's and the idle lock's: the screens a patient sees), in Japanese and
 * in English; every label, button, check box, table cell and column heading must show its whole text (its skin's
 * text the same as its own: no "…", no line cut), the start form's fields must show a 20-character kanji name, a
 * 40-character kana reading and the lot chooser the longest lot number with its expiry. At 1280×800 every text's
 * contrast with its background, on the rendered pixels, must meet WCAG 2.1 AA (4.5:1), in the wizard in its normal
 * and its high-contrast mode.
 *
 * <p>150 % scaling: JavaFX lays a window out in logical pixels and measures text at its size in logical pixels; a
 * render scale of 1.5 (Windows' 150 %, {@code -Dglass.gtk.uiScale=1.5} under GTK) only draws those pixels 1.5
 * times larger. A 1920×1080 screen at 150 % is therefore a 1280×720 window to the layout, and which text is cut
 * there is exactly which is cut in a 1280×720 window at 100 %, which is what is tested here (Monocle's headless
 * screen has no render scale, and a scaled Xvfb run would measure the same logical layout).
 *
 * <p>One app per language: the sizes share it (the window is resized); the whole walk takes about two and a half
 * minutes per language on two cores (the pages after the first explanation section and the first question, and the
 * document read before signing, are laid out at the smallest size only).
 */
@UiTest
class ReadableScreensTest {
    /** A 20-character name in kanji (the longest the form must show whole). */
    static final String LONG_NAME = "長谷川勘解由小路左衛門三郎藤原朝臣太郎丸";
    /** A 40-character reading in kana. */
    static final String LONG_KANA = "はせがわかでのこうじさえもんさぶろうふじわらのあそんたろうまるのすけえもん";
    /** The longest lot number a clinic's products carry in our fixtures and the manufacturers' labels: 24 characters. */
    static final String LONG_LOT = "EXL-SUP-X-L-2026-11-0042";
    static final LocalDate LONG_LOT_EXPIRY = LocalDate.of(2027, 6, 30);
    static final String LONG_PATIENT_NUMBER = "P-2026-00012345";

    /** The screen sizes a clinic's tablets and desktops have; the last one is 1920×1080 at 150 % (see above). */
    record Size(String name, double width, double height) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Size> SIZES = List.of(new Size("1024x768", 1024, 768), new Size("1280x800", 1280, 800),
            new Size("1920x1080", 1920, 1080), new Size("1920x1080 at 150%", 1280, 720));

    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();
    private final FxRobot robot = app.robot;
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final List<String> elided = new ArrayList<>();
    private final List<String> lowContrast = new ArrayList<>();
    private Locale before;
    private String language;
    private Stage wizardStage;

    @AfterEach
    void stop() throws Exception {
        background.shutdownNow();
        if (wizardStage != null) {
            robot.interact(wizardStage::close);
        }
        app.close();
        if (before != null) {
            Locale.setDefault(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ja", "en"})
    void everyScreenShowsItsWholeTextAtEverySizeAndTextSizeWithEnoughContrast(String language) throws Exception {
        this.language = language;
        before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag(language));
        DataDirectory dir = clinicWithALongNamedPatient();

        firstRun();
        app.close();
        app.launch(dir.root(), Examples.CLOCK);
        signInAndTheBackOffice();
        app.close();
        wizard(dir);

        assertAll(() -> assertEquals(List.of(), elided, "text cut short:\n" + String.join("\n", elided)),
                () -> assertEquals(List.of(), lowContrast, "text below 4.5:1:\n" + String.join("\n", lowContrast)));
    }

    // --- the data ---------------------------------------------------------------------------------------------

    /**
     * A data directory with every role's account, the staff PIN 2468, a second lot of the demo product with the
     * longest lot number, and one consent of a patient with a 20-character name, a 40-character reading and that lot.
     */
    private DataDirectory clinicWithALongNamedPatient() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("clinic"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "readable screens")) {
            ConsentSession s = Examples.session("complete-ja");
            store.addLot(new Catalog.Lot(s.treatment().product().name(), LONG_LOT, LONG_LOT_EXPIRY, null));
            ConsentSession.Patient p = s.patient();
            ConsentSession.Treatment t = s.treatment();
            ConsentSession longNamed = new ConsentSession(s.schemaVersion(), "readable-1", s.template(), s.clinic(),
                    s.physician(), new ConsentSession.Patient(LONG_NAME, LONG_KANA, p.dateOfBirth(),
                    LONG_PATIENT_NUMBER, p.phone(), p.address()), s.representative(),
                    new ConsentSession.Treatment(t.indication(), t.route(), t.plannedDate(), t.sessions(),
                            t.priceYen(), t.coolingOff(), t.product(), new ConsentSession.Lot(LONG_LOT,
                            LONG_LOT_EXPIRY)), s.previousConsent(), s.lastConsent(), s.startedAt(), s.preparedBy(),
                    s.confirmedBy(), s.acknowledgements(), s.checkQuestions(), s.notes(), s.assentNotSigned(),
                    s.signatures().stream().map(g -> g.role() == ConsentSession.SignatureRole.PATIENT
                            ? new ConsentSession.Signature(g.role(), LONG_NAME, g.at(), g.png(), g.strokes()) : g)
                            .toList());
            TestAccounts.record(store, longNamed, Examples.template(), Examples.key(), "readable screens");
        }
        TestAccounts.staffPin(dir, Examples.CLOCK, "2468");
        return dir;
    }

    // --- checking one screen ------------------------------------------------------------------------------------

    private Stage shownStage() {
        return (Stage) robot.listWindows().stream().filter(Window::isShowing).filter(w -> w instanceof Stage)
                .reduce((a, b) -> b).orElseThrow();
    }

    /** Staff screens have one text size; the wizard's pages and the lock over them have the larger text too. */
    private void check(String screen, Stage stage) {
        check(screen, stage, null);
    }

    /**
     * Lays the screen out at every size (and in larger text when {@code textSize} is given: it sets the size),
     * collecting every cut text; then, at 1280×800 in normal text, its contrast (in the high-contrast mode too where
     * the screen offers it).
     */
    private void check(String screen, Stage stage, Consumer<Boolean> textSize) {
        List<Boolean> textSizes = textSize == null ? List.of(false) : List.of(false, true);
        for (boolean large : textSizes) {
            if (textSize != null) {
                robot.interact(() -> textSize.accept(large));
            }
            for (Size size : SIZES) {
                resize(stage, size.width(), size.height());
                robot.interact(() -> {
                    Parent root = stage.getScene().getRoot();
                    for (String p : Readability.elided(root)) {
                        elided.add(screen + ", " + size + ", " + (large ? "larger text" : "normal text") + ", "
                                + language + ": " + p);
                    }
                });
            }
        }
        if (textSize != null) {
            robot.interact(() -> textSize.accept(false));
        }
        resize(stage, 1280, 800);
        contrast(screen, stage, "");
        ToggleButton highContrast = robot.lookup("#high-contrast").tryQuery().map(n -> (ToggleButton) n)
                .filter(n -> n.getScene() == stage.getScene()).orElse(null);
        if (highContrast != null) {
            robot.interact(() -> highContrast.setSelected(true));
            contrast(screen, stage, " (high contrast)");
            robot.interact(() -> highContrast.setSelected(false));
        }
    }

    /**
     * For the pages that repeat a page already checked at every size (the sections after the first, the questions
     * after the first: the same layout, other text): at the smallest size only, in both text sizes, where a longer
     * title or option would be cut first.
     */
    private void checkSmallest(String screen, Stage stage, Consumer<Boolean> textSize) {
        Size smallest = SIZES.get(0);
        resize(stage, smallest.width(), smallest.height());
        for (boolean large : List.of(false, true)) {
            robot.interact(() -> textSize.accept(large));
            robot.interact(() -> {
                Parent root = stage.getScene().getRoot();
                root.applyCss();
                root.layout();
                for (String p : Readability.elided(root)) {
                    elided.add(screen + ", " + smallest + ", " + (large ? "larger text" : "normal text") + ", "
                            + language + ": " + p);
                }
            });
        }
        robot.interact(() -> textSize.accept(false));
        resize(stage, 1280, 800);
    }

    private void contrast(String screen, Stage stage, String mode) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            Parent root = stage.getScene().getRoot();
            root.applyCss();
            root.layout();
            javafx.scene.image.WritableImage shot = root.snapshot(null, null);
            for (String p : Readability.lowContrast(root, shot, Readability.AA_CONTRAST)) {
                lowContrast.add(screen + mode + ", " + language + ": " + p);
            }
        });
    }

    private void resize(Stage stage, double width, double height) {
        robot.interact(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            Parent root = stage.getScene().getRoot();
            root.applyCss();
            root.layout();
        });
    }

    private void shot(Stage stage, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(robot.capture(stage.getScene().getRoot()).getImage(), name);
    }

    // --- the app's screens --------------------------------------------------------------------------------------

    /** The first administrator and the set-up, on an empty data directory. */
    private void firstRun() throws Exception {
        app.launch(tmp.resolve("empty"), Examples.CLOCK);
        app.waitFor("#first-admin-name");
        check("first run", shownStage());
        app.createFirstAdministrator("admin", "the admin password");
        check("set-up", shownStage());
    }

    /** Sign-in, home, records, overview and every administration tab, on the clinic's data. */
    private void signInAndTheBackOffice() throws Exception {
        app.waitFor("#signin-user");
        check("sign-in", shownStage());
        app.click("#signin-user").write(TestAccounts.NAME);
        app.click("#signin-password").write(TestAccounts.PASSWORD);
        app.click("#signin");
        app.waitFor("#signed-in-as");
        check("home", shownStage());

        robot.interact(() -> app.application().openRecords());
        app.waitFor("#records-table");
        FxWait.until(() -> !robot.lookup("#records-table").queryTableView().getItems().isEmpty(), "the records", 30);
        Stage stage = shownStage();
        check("records", stage);
        resize(stage, 1024, 768);
        shot(stage, "40-records-1024x768-" + language);

        robot.interact(() -> app.application().openOverview());
        app.waitFor("#overview-per-month");
        check("overview", shownStage());

        robot.interact(() -> app.application().openAdmin());
        app.waitFor("#admin-tabs");
        everyTab(robot.lookup("#admin-tabs").queryAs(TabPane.class), "administration");
    }

    /** Each tab of the administration screen, and of the tab panes within a tab (the catalog's). */
    private void everyTab(TabPane tabs, String screen) throws InterruptedException {
        for (Tab tab : List.copyOf(tabs.getTabs())) {
            robot.interact(() -> tabs.getSelectionModel().select(tab));
            Thread.sleep(300); // a tab reads its data off the FX thread
            WaitForAsyncUtils.waitForFxEvents();
            String name = screen + ", tab " + tab.getId();
            check(name, shownStage());
            if (tab.getContent() != null) {
                List<TabPane> inner = new ArrayList<>();
                robot.interact(() -> tab.getContent().lookupAll(".tab-pane").forEach(n -> {
                    if (n != tabs && n instanceof TabPane t) {
                        inner.add(t);
                    }
                }));
                for (TabPane t : inner) {
                    everyTab(t, name);
                }
            }
        }
    }

    // --- the wizard, under the idle lock as the app shows it ------------------------------------------------------

    private void wizard(DataDirectory dir) throws Exception {
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.forLanguageTag(language),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        ConsultationServices services = new ConsultationServices(dir, Examples.CLOCK,
                TestAccounts.everyone(dir, Examples.CLOCK));
        RecordStore.CatalogView catalog = services.catalog();
        WizardViewModel vm = new WizardViewModel(Examples.template(), Examples.CLINIC_CLOCK, "readable-" + language,
                Duration.ZERO, "2468"::equals);
        WizardView[] view = new WizardView[1];
        IdleLock[] lock = new IdleLock[1];
        robot.interact(() -> {
            view[0] = new WizardView(vm, ui, services, catalog, background, () -> { });
            Scene scene = new Scene(new Group(), 1280, 800);
            lock[0] = new IdleLock(scene, new LockScreen(ui,
                    new SignInViewModel(StoreOpenings.of(dir, Examples.CLOCK)), background,
                    dir.root().toString()), new IdleLock.Session() {
                        @Override
                        public boolean signedIn() {
                            return true;
                        }

                        @Override
                        public String name() {
                            return TestAccounts.NAME;
                        }

                        @Override
                        public WizardViewModel patientMode() {
                            return vm.patientModeProperty().get() ? vm : null;
                        }

                        @Override
                        public void signOut() {
                        }
                    }, Duration.ofHours(1), System::nanoTime);
            lock[0].show(view[0]);
            wizardStage = new Stage();
            wizardStage.setScene(scene);
            wizardStage.show();
            wizardStage.toFront();
        });
        Stage stage = wizardStage;
        Consumer<Boolean> larger = on -> ((ToggleButton) view[0].lookup("#larger-text")).setSelected(on);

        // 1. the start form, with the longest name, reading and lot
        startForm(vm);
        check("start form", stage, larger);
        fieldsShowLongValues(stage, larger);
        lotChooserShowsLotAndExpiry(stage, larger);
        resize(stage, 1024, 768);
        shot(stage, "40-start-1024x768-" + language);
        resize(stage, 1920, 1080);
        shot(stage, "40-start-1920x1080-" + language);
        resize(stage, 1280, 800);
        fire("#begin");

        // 2. the physician's confirmation
        check("confirmation", stage, larger);
        robot.interact(() -> robot.lookup("#confirm-password").queryAs(javafx.scene.control.PasswordField.class)
                .setText(TestAccounts.PASSWORD));
        fire("#confirm-treatment");
        FxWait.until(() -> vm.stepProperty().get() == WizardViewModel.Step.EXPLANATION, "the explanation", 30);

        // 3. every section of the explanation, before and after "I have understood"
        for (int i = 0; i < vm.sections().size(); i++) {
            if (i == 0) {
                check("explanation, section 1", stage, larger);
            } else {
                checkSmallest("explanation, section " + (i + 1), stage, larger);
            }
            if (i == 0) {
                robot.interact(() -> larger.accept(true));
                resize(stage, 1024, 768);
                shot(stage, "40-explanation-1024x768-large-" + language);
                robot.interact(() -> larger.accept(false));
            }
            fire("#understood");
            if (i == 0) {
                check("explanation, section 1 understood", stage, larger);
            }
            fire("#next");
        }

        // 4. the check questions: a wrong answer's explanation first, then each question answered rightly
        String wrong = vm.currentQuestion().options().stream()
                .filter(o -> !o.equals(vm.currentQuestion().correct())).findFirst().orElseThrow();
        check("check question 1", stage, larger);
        fire("#option-" + wrong);
        check("a wrong answer's explanation", stage, larger);
        fire("#understood"); // after a wrong answer the section is acknowledged again (issue 16 §7)
        fire("#next");
        int questions = Examples.template().manifest().questions().size();
        for (int i = 0; i < questions; i++) {
            if (i > 0) {
                checkSmallest("check question " + (i + 1), stage, larger);
            }
            fire("#option-" + vm.currentQuestion().correct());
        }

        // 5. hand-over, the patient's signature, the whole document, the lock in patient mode
        assertEquals(WizardViewModel.Step.HANDOVER, vm.stepProperty().get());
        check("hand-over", stage, larger);
        fire("#handover");
        assertTrue(vm.patientModeProperty().get());
        check("patient's signature", stage, larger);
        robot.interact(() -> larger.accept(true));
        resize(stage, 1024, 768);
        shot(stage, "40-signature-1024x768-large-" + language);
        robot.interact(() -> larger.accept(false));
        resize(stage, 1280, 800);
        fire("#read-document");
        FxWait.until(() -> robot.lookup("#document-page-1").tryQuery().isPresent(), "the document's first page", 60);
        // its pages are images as wide as the window, redrawn at each size: the smallest only, then its contrast
        checkSmallest("the whole document", stage, larger);
        contrast("the whole document", stage, "");
        fire("#document-close");
        lockedScreen("idle lock in patient mode", stage, lock[0], larger);
        draw();
        fire("#confirm-signature");
        check("staff unlock", stage, larger);
        robot.interact(() -> robot.lookup("#pin").queryAs(javafx.scene.control.PasswordField.class).setText("2468"));
        fire("#unlock");
        FxWait.until(() -> !vm.patientModeProperty().get(), "the staff unlock", 30);
        check("physician's signature", stage, larger);
        draw();
        fire("#confirm-signature");
        fire("#next");

        // 6. review, before and after sign and save; the idle lock outside patient mode
        assertEquals(WizardViewModel.Step.REVIEW, vm.stepProperty().get());
        check("review", stage, larger);
        fire("#save");
        FxWait.until(() -> robot.lookup("#new-consultation").queryButton().isVisible(), "sign and save", 60);
        check("review, saved", stage, larger);
        lockedScreen("idle lock", stage, lock[0], larger);
    }

    private void lockedScreen(String screen, Stage stage, IdleLock lock, Consumer<Boolean> larger) {
        Consumer<Boolean> lockIn = on -> {
            lock.unlock();
            larger.accept(on);
            lock.lock();
        };
        robot.interact(lock::lock);
        check(screen, stage, lockIn);
        robot.interact(() -> {
            lock.unlock();
            larger.accept(false);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void fire(String query) throws InterruptedException {
        FxWait.until(() -> robot.lookup(query).tryQuery().filter(Node::isVisible)
                .filter(n -> !n.isDisabled()).isPresent(), query + " enabled", 30);
        robot.interact(() -> robot.lookup(query).queryAs(Button.class).fire());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void startForm(WizardViewModel vm) throws InterruptedException {
        robot.interact(() -> {
            first("#physician");
            text("#patient-name", LONG_NAME);
            text("#patient-kana", LONG_KANA);
            text("#patient-dateOfBirth", "1950-01-02");
            text("#patient-patientNumber", LONG_PATIENT_NUMBER);
            ComboBox<String> lang = robot.lookup("#language").queryComboBox();
            lang.getSelectionModel().select(language);
            first("#treatment-indication");
            first("#treatment-route");
            ComboBox<Catalog.Lot> lot = robot.lookup("#treatment-lot").queryComboBox();
            lot.getItems().stream().filter(l -> l.number().equals(LONG_LOT)).findFirst()
                    .ifPresent(l -> lot.getSelectionModel().select(l));
            text("#treatment-plannedDate", "2026-12-01");
            text("#treatment-sessions", "3");
            text("#treatment-priceYen", "330000");
            first("#treatment-coolingOff");
        });
        FxWait.until(() -> !robot.lookup("#begin").queryButton().isDisabled(), "a complete start form", 30);
    }

    private void first(String query) {
        robot.lookup(query).queryComboBox().getSelectionModel().select(0);
    }

    private void text(String query, String value) {
        robot.lookup(query).queryAs(TextField.class).setText(value);
    }

    /** The name and its reading show in full at every size and text size. */
    private void fieldsShowLongValues(Stage stage, Consumer<Boolean> larger) {
        for (boolean large : List.of(false, true)) {
            robot.interact(() -> larger.accept(large));
            for (Size size : SIZES) {
                resize(stage, size.width(), size.height());
                robot.interact(() -> {
                    for (String id : List.of("#patient-name", "#patient-kana", "#patient-patientNumber")) {
                        String cut = Readability.cutField(robot.lookup(id).queryAs(TextField.class));
                        if (cut != null) {
                            elided.add("start form, " + size + ", " + (large ? "larger" : "normal") + " text, "
                                    + language + ": " + cut);
                        }
                    }
                });
            }
        }
        robot.interact(() -> larger.accept(false));
        resize(stage, 1280, 800);
    }

    /** The lot chooser and its list name the lot number and its expiry, whole, so that two lots differ. */
    private void lotChooserShowsLotAndExpiry(Stage stage, Consumer<Boolean> larger) throws InterruptedException {
        ComboBox<Catalog.Lot> lot = robot.lookup("#treatment-lot").queryComboBox();
        String chosen = lot.getConverter().toString(lot.getValue());
        assertTrue(chosen.contains(LONG_LOT) && chosen.contains(LONG_LOT_EXPIRY.toString()), chosen);
        for (boolean large : List.of(false, true)) {
            robot.interact(() -> larger.accept(large));
            for (Size size : SIZES) {
                resize(stage, size.width(), size.height());
                robot.interact(lot::show);
                WaitForAsyncUtils.waitForFxEvents();
                robot.interact(() -> {
                    for (Window w : Window.getWindows()) {
                        if (w instanceof javafx.stage.PopupWindow && w.isShowing() && w.getScene() != null) {
                            for (String p : Readability.elided(w.getScene().getRoot())) {
                                elided.add("lot chooser's list, " + size + ", " + (large ? "larger" : "normal")
                                        + " text, " + language + ": " + p);
                            }
                        }
                    }
                });
                robot.interact(lot::hide);
            }
        }
        robot.interact(() -> larger.accept(false));
        resize(stage, 1280, 800);
    }

    /** A signature drawn on the pad with the mouse, as WizardScreensTest draws one. */
    private void draw() {
        org.exoconsent.testing.Signatures.draw(robot, 100);
    }
}
