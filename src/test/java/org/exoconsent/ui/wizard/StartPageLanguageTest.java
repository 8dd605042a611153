package org.exoconsent.ui.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.FxWait;
import org.exoconsent.testing.Screenshots;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The start page and issue 12 §2: the legal representative's relationship is chosen from a list in the staff's
 * language (with the words for "other"), and a consultation in a language the clinic has not written its texts in
 * cannot begin; the page says which texts are missing and who adds them where. Issue 17: a lot whose expiry cannot be
 * read (changed with SQL) does not stop the page; it cannot be chosen, the page names it and asks the staff to
 * contact the administrator, and a consultation begins on another lot.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class StartPageLanguageTest {
    @TempDir
    Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private Stage stage;
    private WizardView view;

    @AfterEach
    void stop(FxRobot robot) {
        background.shutdownNow();
        if (stage != null) {
            robot.interact(stage::close);
        }
    }

    private WizardViewModel show(FxRobot robot, String bundleLanguage, boolean englishTexts) throws Exception {
        return show(robot, bundleLanguage, englishTexts, null);
    }

    /** As {@link #show(FxRobot, String, boolean)}, after {@code damage} (SQL, or null) changed the database. */
    private WizardViewModel show(FxRobot robot, String bundleLanguage, boolean englishTexts, String damage)
            throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            if (!englishTexts) { // the clinic's own profile, in Japanese only: the practice clinic's English goes
                store.setClinic(new Catalog.Clinic("さくら皮膚科クリニック", "東京都港区さくら1-1", "03-1111-2222",
                        "この治療を受けた方は、献血の前に献血会場で申し出てください。", false));
            }
        }
        if (damage != null) {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
                 java.sql.Statement st = c.createStatement()) { // as with sqlite3
                st.executeUpdate(damage);
            }
        }
        ConsultationServices services = new ConsultationServices(dir, Examples.CLOCK,
                TestAccounts.everyone(dir, Examples.CLOCK));
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages",
                Locale.forLanguageTag(bundleLanguage),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        WizardViewModel vm = new WizardViewModel(Examples.template(), Examples.CLINIC_CLOCK, "start-1", Duration.ZERO,
                "2468"::equals);
        RecordStore.CatalogView catalog = services.catalog();
        robot.interact(() -> {
            view = new WizardView(vm, ui, services, catalog, background, () -> { });
            stage = new Stage();
            stage.setScene(new Scene(view, 1280, 800));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return vm;
    }

    @SuppressWarnings("unchecked")
    private static <T> void choose(FxRobot robot, String id, T value) {
        ComboBox<T> box = robot.lookup("#" + id).queryAs(ComboBox.class);
        robot.interact(() -> box.setValue(value));
    }

    private static void type(FxRobot robot, String id, String text) {
        TextField f = robot.lookup("#" + id).queryAs(TextField.class);
        robot.interact(() -> f.setText(text));
    }

    /** Fills in a 16-year-old patient and a complete treatment, leaving the representative and the language. */
    private static void fillMinor(FxRobot robot) {
        fillMinor(robot, "UC10-2611-04");
    }

    /** As {@link #fillMinor(FxRobot)}, on the lot of that number. */
    private static void fillMinor(FxRobot robot, String lotNumber) {
        ComboBox<Catalog.Physician> physician = robot.lookup("#physician").queryAs(ComboBox.class);
        robot.interact(() -> physician.getSelectionModel().select(0));
        type(robot, "patient-name", "Emily Clarke");
        type(robot, "patient-dateOfBirth", "2010-04-01");
        type(robot, "patient-patientNumber", "P-000777");
        choose(robot, "treatment-indication", "hair");
        choose(robot, "treatment-route", ConsentSession.Route.INJECTION);
        ComboBox<Catalog.Lot> lot = robot.lookup("#treatment-lot").queryAs(ComboBox.class);
        robot.interact(() -> lot.getSelectionModel().select(lot.getItems().stream()
                .filter(l -> l.number().equals(lotNumber)).findFirst().orElseThrow()));
        type(robot, "treatment-plannedDate", "2026-12-03");
        type(robot, "treatment-sessions", "1");
        type(robot, "treatment-priceYen", "55000");
        choose(robot, "treatment-coolingOff", ConsentSession.CoolingOff.APPLIES);
        type(robot, "representative-name", "Sarah Clarke");
    }

    @Test
    void aConsultationInEnglishCannotBeginWhileTheClinicsEnglishTextsAreMissing(FxRobot robot) throws Exception {
        WizardViewModel vm = show(robot, "en", false);
        fillMinor(robot);
        choose(robot, "representative-relationship", ConsentSession.Relationship.MOTHER);
        choose(robot, "language", "ja");
        WaitForAsyncUtils.waitForFxEvents();
        Label notice = robot.lookup("#texts-missing-notice").queryAs(Label.class);
        assertFalse(notice.isVisible(), "Japanese is the catalog's own language");
        assertFalse(robot.lookup("#begin").queryButton().isDisabled(), "the form is complete in Japanese");

        choose(robot, "language", "en");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(notice.isVisible());
        assertEquals("The clinic has not written its texts in English, so a consultation in English cannot begin:\n"
                + "Clinic: name, address, blood-donation policy\n"
                + "An administrator adds them in Administration → Clinic.", notice.getText());
        assertTrue(robot.lookup("#begin").queryButton().isDisabled(), "never a document in two languages");
        Screenshots.save(robot.capture(view).getImage(), "1d-start-english-texts-missing");
        assertEquals(WizardViewModel.Step.START, vm.stepProperty().get());
    }

    @Test
    void theRelationshipIsChosenFromTheListWithTheWordsForOther(FxRobot robot) throws Exception {
        WizardViewModel vm = show(robot, "en", true);
        fillMinor(robot);
        choose(robot, "language", "en");
        ComboBox<ConsentSession.Relationship> relationship = robot.lookup("#representative-relationship")
                .queryAs(ComboBox.class);
        assertEquals(List.of(ConsentSession.Relationship.values()), relationship.getItems());
        assertEquals(List.of("Mother", "Father", "Guardian of a minor", "Adult guardian", "Other (write below)"),
                relationship.getItems().stream().map(r -> relationship.getConverter().toString(r)).toList(),
                "the list in the staff's language");
        TextField words = robot.lookup("#representative-relationshipText").queryAs(TextField.class);
        assertTrue(words.isDisabled(), "words only for 'other'");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#begin").queryButton().isDisabled(), "a minor's representative needs a relationship");

        choose(robot, "representative-relationship", ConsentSession.Relationship.OTHER);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(words.isDisabled());
        assertTrue(robot.lookup("#begin").queryButton().isDisabled(), "'other' needs the relationship in words");
        org.exoconsent.testing.Scrolling.reveal(robot, "#representative-relationshipText"); // the form scrolls at 1280×800
        robot.clickOn("#representative-relationshipText").write("Grandmother");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#texts-missing-notice").queryAs(Label.class).isVisible(),
                "the practice clinic is written in English");
        Screenshots.save(robot.capture(view).getImage(), "1e-start-relationship-other");
        assertFalse(robot.lookup("#begin").queryButton().isDisabled(), "the form is complete");
        org.exoconsent.testing.Scrolling.reveal(robot, "#begin"); // the form scrolls at 1280×800
        robot.clickOn("#begin");
        FxWait.until(() -> vm.stepProperty().get() == WizardViewModel.Step.CONFIRMATION, "the confirmation", 20);
        ConsentSession.Representative r = vm.draft().representative();
        assertEquals(ConsentSession.Relationship.OTHER, r.relationship());
        assertEquals("Grandmother", r.relationshipText());
        // the consultation's own texts are the clinic's English ones
        assertEquals("Demo Clinic (practice data, fictitious)", vm.draft().clinic().name());
        assertEquals("Taro Yamada", vm.draft().physician().name());
        assertEquals("Demo Culture-Supernatant Exosomes UC-10", vm.draft().treatment().product().name());
        assertEquals("デモ培養上清エクソソーム UC-10", vm.draft().treatment().product().catalogName());
        String summary = robot.lookup("#confirm-summary").queryAs(Label.class).getText();
        assertTrue(summary.contains("Plan: 1 session, starting 2026-12-03"), summary);
        assertTrue(robot.lookup("#confirm-patient").queryAs(Label.class).getText()
                .contains("Legal representative: Sarah Clarke (Grandmother)"), "the staff see the words given");
    }

    private static final String DAMAGE_UC_LOT = "UPDATE lot SET expiry = 'garbage' WHERE number = 'UC10-2611-04'";

    @Test
    void aLotWhoseExpiryCannotBeReadCannotBeChosenIsNamedAndAnotherLotBegins(FxRobot robot) throws Exception {
        WizardViewModel vm = show(robot, "ja", true, DAMAGE_UC_LOT);
        ComboBox<Catalog.Lot> lot = robot.lookup("#treatment-lot").queryAs(ComboBox.class);
        assertEquals(List.of("AD-2609-17"), lot.getItems().stream().map(Catalog.Lot::number).toList(),
                "the damaged lot cannot be chosen; the other can");
        Label notice = robot.lookup("#damaged-lots-notice").queryAs(Label.class);
        assertTrue(notice.isVisible());
        assertEquals("デモ培養上清エクソソーム UC-10 のロット UC10-2611-04 は選べません。有効期限が読めません（損傷）。"
                + "管理者に連絡してください。", notice.getText());

        fillMinor(robot, "AD-2609-17");
        choose(robot, "representative-relationship", ConsentSession.Relationship.MOTHER);
        choose(robot, "language", "ja");
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(robot.capture(view).getImage(), "1f-start-damaged-lot");
        assertFalse(robot.lookup("#begin").queryButton().isDisabled(), "the form is complete");
        org.exoconsent.testing.Scrolling.reveal(robot, "#begin"); // the form scrolls at 1280×800
        robot.clickOn("#begin");
        FxWait.until(() -> vm.stepProperty().get() == WizardViewModel.Step.CONFIRMATION, "the confirmation", 20);
        assertEquals("AD-2609-17", vm.draft().treatment().lot().number());
    }

    @Test
    void theDamagedLotIsNamedInTheStaffsLanguage(FxRobot robot) throws Exception {
        show(robot, "en", true, DAMAGE_UC_LOT);
        assertEquals("Lot UC10-2611-04 of デモ培養上清エクソソーム UC-10 cannot be chosen: its expiry is unreadable "
                + "(damaged). Please contact the administrator.",
                robot.lookup("#damaged-lots-notice").queryAs(Label.class).getText());
    }
}
