package org.exoconsent.ui.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.AuditTrail;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.template.Manifest;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.FxWait;
import org.exoconsent.testing.Screenshots;
import org.exoconsent.testing.UiTest;
import org.exoconsent.usecases.SignIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The wizard on a clinic's every day (issue 16 §7): a physician signed in finds themself chosen as the consultation's
 * physician; an existing patient found by number brings their legal representative, its relationship and the
 * language of their last consent, all still editable; after three wrong answers to one check question the
 * explanation page asks staff, in the staff's language, for the physician to explain the section again in person,
 * and the patient's "I have understood this" waits for the physician's password, which the store audits.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class EverydayWizardTest {
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

    private DataDirectory dir() {
        return new DataDirectory(tmp.resolve("data"));
    }

    private WizardViewModel show(FxRobot robot, Principal who) throws Exception {
        return show(robot, who, "en");
    }

    /** The wizard at its start, for {@code who}, with the staff screens in {@code staff} (en, ja). */
    private WizardViewModel show(FxRobot robot, Principal who, String staff) throws Exception {
        ConsultationServices services = new ConsultationServices(dir(), Examples.CLOCK, who);
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.forLanguageTag(staff),
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
    private static <T> ComboBox<T> combo(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(ComboBox.class);
    }

    @Test
    void aPhysicianSignedInIsTheConsultationsPhysicianAndStaffChooseOne(FxRobot robot) throws Exception {
        Principal everyone = TestAccounts.everyone(dir(), Examples.CLOCK); // a physician: licence 123456
        try (RecordStore store = TestAccounts.open(dir(), Examples.CLOCK, "catalog")) {
            store.addPhysician(new Catalog.Physician("佐々木 恵", "654321", true));
            store.addUser("suzuki", EnumSet.of(Role.STAFF), null, "staff password 42".toCharArray());
        }
        show(robot, everyone);
        Catalog.Physician chosen = this.<Catalog.Physician>combo(robot, "physician").getValue();
        assertEquals("123456", chosen == null ? null : chosen.licenceNumber(),
                "the signed-in physician, matched by the licence their account is linked to");
        assertEquals(2, this.<Catalog.Physician>combo(robot, "physician").getItems().size(), "another may be chosen");
        robot.interact(stage::close);

        Principal staff = new SignIn(dir(), Examples.CLOCK).signIn("suzuki", "staff password 42".toCharArray(),
                "test");
        show(robot, staff);
        assertNull(this.<Catalog.Physician>combo(robot, "physician").getValue(), "staff choose the physician");
    }

    @Test
    void anExistingPatientsRepresentativeRelationshipAndLanguageAreCarriedOverAndStayEditable(FxRobot robot)
            throws Exception {
        Principal everyone = TestAccounts.everyone(dir(), Examples.CLOCK);
        var json = Examples.json("complete-en");
        json.putObject("representative").put("name", "Sarah Clarke").put("relationship", "adult-guardian");
        try (RecordStore store = TestAccounts.open(dir(), Examples.CLOCK, "seed")) {
            TestAccounts.record(store, Examples.session(json), Examples.template(), Examples.key(), "seed");
        }
        show(robot, everyone);
        assertNull(combo(robot, "language").getValue(), "nothing chosen before the patient is found");
        robot.clickOn("#patient-search").write("p-000456").type(KeyCode.ENTER);
        FxWait.until(() -> robot.lookup("#patient-results").query().isVisible(), "the search results", 20);
        Labeled first = org.exoconsent.testing.FxWait.firstCell(robot, "#patient-results", 20);
        robot.clickOn(first);
        WaitForAsyncUtils.waitForFxEvents();
        TextField name = robot.lookup("#representative-name").queryAs(TextField.class);
        assertEquals("Sarah Clarke", name.getText());
        assertEquals(ConsentSession.Relationship.ADULT_GUARDIAN, combo(robot, "representative-relationship")
                .getValue());
        assertEquals("en", combo(robot, "language").getValue(), "the language of the last consent");
        Screenshots.save(robot.capture(view).getImage(), "38-start-carried-over");
        assertFalse(name.isDisabled() || !name.isEditable(), "editable");
        robot.interact(() -> {
            name.setText("Tom Clarke");
            this.<ConsentSession.Relationship>combo(robot, "representative-relationship")
                    .setValue(ConsentSession.Relationship.OTHER);
            this.<String>combo(robot, "language").setValue("ja");
        });
        assertEquals("ja", combo(robot, "language").getValue());
        assertEquals("Tom Clarke", name.getText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "ja"})
    void thePhysicianConfirmsTheSecondExplanationWithTheirPasswordBeforeThePatientAcknowledgesAgain(String staff,
            FxRobot robot) throws Exception {
        DataDirectory dir = dir();
        WizardViewModel vm = show(robot, TestAccounts.everyone(dir, Examples.CLOCK), staff);
        Manifest.QuestionDef[] q = new Manifest.QuestionDef[1];
        robot.interact(() -> {
            assertEquals(java.util.List.of(), vm.start(WizardViewModelTest.setup("complete-ja",
                    LocalDate.parse("1954-03-15"), null), TestAccounts.NAME));
            assertNull(vm.confirm(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD.toCharArray()));
            while (vm.stepProperty().get() == WizardViewModel.Step.EXPLANATION) {
                vm.acknowledge();
                vm.next();
            }
            q[0] = vm.currentQuestion();
            String wrong = q[0].options().stream().filter(o -> !o.equals(q[0].correct())).findFirst().orElseThrow();
            for (int i = 0; i < 3; i++) {
                vm.answer(wrong);
                if (i < 2) {
                    vm.acknowledge();
                    vm.next();
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#explain-again-panel").tryQuery().isPresent(), "the staff's panel");
        String title = robot.lookup("#explain-again-title").queryAs(Label.class).getText();
        String section = vm.currentSection().title();
        assertEquals(staff.equals("en") ? "Please explain the section \"" + section + "\" again in person"
                : "「" + section + "」を対面でもう一度ご説明ください", title);
        assertTrue(robot.lookup("#explain-again-info").queryAs(Label.class).getText()
                .contains(staff.equals("en") ? "3 wrong answers to question 1" : "問1の不正解が3回"));
        assertTrue(robot.lookup("#explain-again-info").queryAs(Label.class).getText()
                .contains(staff.equals("en") ? "The physician, 山田 太郎 (yamada), explains" : "医師 山田 太郎（yamada）が"));
        assertTrue(robot.lookup("#back").queryButton().isDisabled(), "Back does not leave the section");
        assertTrue(robot.lookup("#understood").queryButton().isDisabled(), "the patient waits for the physician");
        assertTrue(robot.lookup("#next").queryButton().isDisabled());
        assertFalse(robot.lookup("#understood-done").queryAs(Label.class).isVisible(), "no \"Understood ✓\"");
        Screenshots.save(robot.capture(view).getImage(), "38-explain-again-" + staff);

        PasswordField password = robot.lookup("#explain-again-password").queryAs(PasswordField.class);
        robot.interact(() -> password.setText("not the password"));
        robot.clickOn("#explain-again-confirm");
        FxWait.until(() -> !robot.lookup("#explain-again-message").queryAs(Label.class).getText().isEmpty(),
                "the refusal", 20);
        assertTrue(robot.lookup("#explain-again-panel").tryQuery().isPresent(), "still asked");

        robot.interact(() -> password.setText(TestAccounts.PHYSICIAN_PASSWORD));
        robot.clickOn("#explain-again-confirm");
        FxWait.until(() -> robot.lookup("#explain-again-panel").tryQuery().isEmpty(), "the panel gone", 20);
        assertFalse(robot.lookup("#understood").queryButton().isDisabled(), "now the patient acknowledges again");
        ConsentSession.ExplainedAgain e = vm.attempts(q[0].id()).get(2).explainedAgain();
        assertEquals(TestAccounts.PHYSICIAN, e.account());
        assertEquals(q[0].section(), e.section());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "audit")) {
            java.util.List<String> details = store.auditTrail(new AuditTrail.Filter(null, null,
                    "section-explained-again", null, "start-1"), 10).entries().stream()
                    .map(AuditTrail.Entry::details).toList();
            assertEquals(1, details.size(), "audited once: " + details);
            assertEquals("physician: yamada; section: " + q[0].section() + "; question: " + q[0].id(),
                    details.get(0));
        }
        robot.clickOn("#understood");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#understood-done").queryAs(Label.class).isVisible());
        assertFalse(robot.lookup("#next").queryButton().isDisabled());
    }
}
