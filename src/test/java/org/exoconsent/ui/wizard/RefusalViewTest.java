package org.exoconsent.ui.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.Consultation;
import org.exoconsent.pdf.SignatureVerifier;
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
 * The informed refusal's pages (issue 16 §5), reached from the wizard's hook ({@link
 * WizardViewModel#declineAfterExplanation()}) in the middle of the explanation: the patient signs (or the physician
 * records with their password that the patient would not), the physician signs, and it is recorded as its own kind
 * of record, verified by the store; the consultation ends as declined.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class RefusalViewTest {
    @TempDir
    Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final AtomicBoolean wentHome = new AtomicBoolean();
    private Stage stage;
    private RefusalView view;

    @AfterEach
    void stop(FxRobot robot) {
        background.shutdownNow();
        if (stage != null) {
            robot.interact(stage::close);
        }
    }

    /** A consultation of the example patient stopped at its sixth section, its treatment confirmed in the store. */
    static WizardViewModel midExplanation(ConsultationServices services, String example, String id)
            throws Exception {
        ConsentSession s = Examples.session(example).withId(id).withSignatures(List.of());
        ConsentSession stopped = new ConsentSession(s.schemaVersion(), s.id(), s.template(), s.clinic(),
                s.physician(), s.patient(), s.representative(), s.treatment(), s.previousConsent(), s.lastConsent(),
                s.startedAt(), s.preparedBy(), s.confirmedBy(), s.acknowledgements().subList(0, 5), List.of(),
                s.notes(), s.assentNotSigned(), List.of());
        services.confirmTreatment(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), stopped);
        return WizardViewModel.resume(stopped, false, Examples.template(), Examples.CLINIC_CLOCK, Duration.ZERO,
                "2468"::equals);
    }

    /** The services of a new data directory at {@code tmp}, with the test signing key registered. */
    static ConsultationServices services(Path tmp) throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "seed")) {
            TestAccounts.registerTestKey(store);
        }
        return new ConsultationServices(dir, Examples.CLOCK, TestAccounts.everyone(dir, Examples.CLOCK));
    }

    private void show(FxRobot robot, RefusalViewModel vm, ConsultationServices services) {
        vm.setNoteRecorder(services::recordRefusalNote);
        vm.setSave(services::saveRefusal);
        robot.interact(() -> {
            view = new RefusalView(vm, org.exoconsent.ui.controls.UiLanguage.bundle("en"), background,
                    () -> wentHome.set(true));
            stage = new Stage();
            stage.setScene(new Scene(view, 1280, 800));
            stage.show();
            stage.toFront();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Draws a signature on the pad shown and confirms it. */
    static void drawAndConfirm(FxRobot robot) {
        org.exoconsent.ui.controls.SignaturePad pad = robot.lookup("#signature-pad")
                .queryAs(org.exoconsent.ui.controls.SignaturePad.class);
        robot.interact(() -> pad.getParent().getParent().requestLayout());
        robot.interact(() -> ((javafx.scene.control.ScrollPane) pad.getScene().lookup(".scroll-pane"))
                .setVvalue(1.0));
        WaitForAsyncUtils.waitForFxEvents();
        org.exoconsent.testing.Signatures.draw(robot, 120);
        robot.clickOn("#confirm-signature");
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void thePatientDeclinesMidExplanationBothSignAndTheRefusalIsRecordedAndVerified(FxRobot robot) throws Exception {
        ConsultationServices services = services(tmp);
        WizardViewModel wizard = midExplanation(services, "complete-ja", "r-ja-1");
        assertEquals(WizardViewModel.Step.EXPLANATION, wizard.stepProperty().get());
        assertTrue(wizard.explanationBegun());
        // through the wizard's hook, as the "End consultation" dialog calls it for "patient declined"
        RecordStore.CatalogView catalog = services.catalog();
        // Japanese staff: every page of a Japanese consultation is Japanese (mixed: RefusalLanguagesTest)
        java.util.ResourceBundle japanese = org.exoconsent.ui.controls.UiLanguage.bundle("ja");
        WizardView[] wizardView = new WizardView[1];
        robot.interact(() -> {
            wizardView[0] = new WizardView(wizard, japanese, services, catalog, background, () -> wentHome.set(true));
            view = wizardView[0].declineAfterExplanation();
            stage = new Stage();
            stage.setScene(new Scene(wizardView[0], 1280, 800));
            stage.show();
            stage.toFront();
        });
        WaitForAsyncUtils.waitForFxEvents();
        RefusalViewModel vm = view.viewModel();

        assertEquals("説明を受けたうえで治療を受けないことにした記録",
                robot.lookup("#refusal-title").queryAs(Label.class).getText());
        List<String> listed = robot.lookup("#refusal-explained .label").queryAllAs(Label.class).stream()
                .map(Label::getText).toList();
        assertEquals(7, listed.size(), "the heading and the six sections shown: " + listed);
        assertEquals("説明した項目", listed.get(0));
        assertTrue(listed.get(1).startsWith("1. "), listed.toString());
        assertTrue(listed.get(6).startsWith("6. "), "the section on screen when the patient declined: " + listed);
        assertEquals("私は、上の項目について説明を受けました。私は、自分の意思で、この治療を受けないことにしました。",
                robot.lookup("#refusal-declaration").queryAs(Label.class).getText());
        assertTrue(wizard.patientModeProperty().get(), "the patient holds the tablet: patient mode");
        assertTrue(robot.lookup("#patient-mode-banner").query().isVisible(), "the patient-mode banner");
        Screenshots.save(robot.capture(wizardView[0]).getImage(), "36-informed-refusal-patient-ja");

        drawAndConfirm(robot);
        // the physician's page only after staff unlock with their PIN, as on the consent's signature page
        assertEquals(RefusalViewModel.Page.STAFF_UNLOCK, vm.pageProperty().get());
        assertTrue(robot.lookup("#refusal-hand-back").query().isVisible());
        assertTrue(robot.lookup("#confirm-signature").tryQuery().isEmpty(), "no physician's pad before the PIN");
        robot.interact(() -> robot.lookup("#pin").queryAs(PasswordField.class).setText("1111"));
        robot.clickOn("#unlock");
        FxWait.until(() -> !robot.lookup("#refusal-message").queryAs(Label.class).getText().isEmpty(),
                "the wrong PIN said", 20);
        assertEquals(RefusalViewModel.Page.STAFF_UNLOCK, vm.pageProperty().get(), "a wrong PIN unlocks nothing");
        Screenshots.save(robot.capture(wizardView[0]).getImage(), "36-informed-refusal-staff-unlock-ja");
        assertTrue(wizard.patientModeProperty().get());
        robot.interact(() -> robot.lookup("#pin").queryAs(PasswordField.class).setText("2468"));
        robot.clickOn("#unlock");
        FxWait.until(() -> vm.pageProperty().get() == RefusalViewModel.Page.PHYSICIAN, "the physician's page", 20);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(wizard.patientModeProperty().get());
        assertFalse(robot.lookup("#patient-mode-banner").query().isVisible(), "patient mode left");
        assertEquals(RefusalViewModel.Page.PHYSICIAN, vm.pageProperty().get());
        assertEquals("佐藤 花子さんが署名しました。", robot.lookup("#refusal-patient-side").queryAs(Label.class).getText());
        Screenshots.save(robot.capture(wizardView[0]).getImage(), "36-informed-refusal-physician-ja");
        drawAndConfirm(robot);
        assertEquals(RefusalViewModel.Page.REVIEW, vm.pageProperty().get());
        assertEquals(List.of(), vm.problems());
        robot.clickOn("#record-refusal");
        FxWait.until(() -> vm.pageProperty().get() == RefusalViewModel.Page.RECORDED
 || vm.recorded() != null, "the recording", 30);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", robot.lookup("#refusal-message").queryAs(Label.class).getText());
        assertEquals("r-ja-1-refusal として記録しました。",
                robot.lookup("#refusal-recorded").queryAs(Label.class).getText());
        Screenshots.save(robot.capture(wizardView[0]).getImage(), "36-informed-refusal-recorded-ja");
        assertEquals(Consultation.Ending.Kind.DECLINED, wizard.ending().orElseThrow().kind(),
                "the consultation ended as declined");
        assertTrue(SignatureVerifier.verify(Files.readAllBytes(vm.recorded().pdf())).intact());
        try (RecordStore store = TestAccounts.open(new DataDirectory(tmp.resolve("data")), Examples.CLOCK, "check")) {
            assertEquals(List.of("refusal"), store.list(org.exoconsent.records.RecordFilter.ALL, 0, 10).stream()
                    .map(org.exoconsent.records.RecordRow::kind).toList());
            assertTrue(store.verify((d, t) -> { }).ok());
        }
        robot.clickOn("#refusal-home");
        assertTrue(wentHome.get());
    }

    @Test
    void whenThePatientWillNotSignThePhysicianRecordsItWithTheirOwnPassword(FxRobot robot) throws Exception {
        ConsultationServices services = services(tmp);
        WizardViewModel wizard = midExplanation(services, "complete-en", "r-en-1");
        RefusalViewModel vm = wizard.declineAfterExplanation();
        show(robot, vm, services);
        assertEquals("Record of deciding not to have the treatment after the explanation",
                robot.lookup("#refusal-title").queryAs(Label.class).getText());
        TextArea note = robot.lookup("#refusal-note").queryAs(TextArea.class);
        PasswordField password = robot.lookup("#refusal-password").queryAs(PasswordField.class);
        robot.interact(() -> {
            note.setText("The patient preferred not to sign anything today.");
            password.setText("wrong password");
        });
        robot.clickOn("#save-refusal-note");
        FxWait.until(() -> !robot.lookup("#refusal-message").queryAs(Label.class).getText().isEmpty(),
                "the refusal of a wrong password", 20);
        assertEquals(RefusalViewModel.Page.PATIENT, vm.pageProperty().get(), "a wrong password records nothing");
        Screenshots.save(robot.capture(view).getImage(), "36-informed-refusal-wrong-password-en");
        robot.interact(() -> password.setText(TestAccounts.PHYSICIAN_PASSWORD));
        robot.clickOn("#save-refusal-note");
        FxWait.until(() -> vm.pageProperty().get() == RefusalViewModel.Page.STAFF_UNLOCK, "the note kept", 20);
        robot.interact(() -> assertTrue(wizard.unlock("2468"), "staff unlock with the PIN"));
        FxWait.until(() -> vm.pageProperty().get() == RefusalViewModel.Page.PHYSICIAN, "the physician's page", 20);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("The patient did not sign this record. The physician recorded the following.\n"
                + "The patient preferred not to sign anything today.",
                robot.lookup("#refusal-patient-side").queryAs(Label.class).getText());
        assertEquals("yamada", vm.refusal().patientWouldNotSign().account());
        Screenshots.save(robot.capture(view).getImage(), "36-informed-refusal-not-signed-en");
        drawAndConfirm(robot);
        robot.clickOn("#record-refusal");
        FxWait.until(() -> vm.pageProperty().get() == RefusalViewModel.Page.RECORDED, "the recording", 30);
        assertFalse(vm.recorded().id().isEmpty());
    }
}
