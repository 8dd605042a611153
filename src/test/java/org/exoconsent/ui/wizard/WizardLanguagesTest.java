package org.exoconsent.ui.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.ConsentSession.SignatureRole;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.UiTest;
import org.exoconsent.ui.controls.UiLanguage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Who speaks which language (issue 16 §6): a consultation in English run by a Japanese-speaking staff member. The
 * patient's pages (explanation, check questions, the patient's signature) are in English, the consultation's
 * language; the staff's (confirmation, notes, hand-over, the staff PIN, the physician's signature, review) in
 * Japanese, the staff language — on the same consultation, as docs/SESSION.md's table says.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class WizardLanguagesTest {
    @TempDir
    Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    /** The staff member's language: Japanese. */
    private final ResourceBundle japanese = UiLanguage.bundle("ja");
    private ConsultationServices services;
    private WizardView view;
    private Stage stage;

    @AfterEach
    void stop(FxRobot robot) {
        background.shutdownNow();
        if (stage != null) {
            robot.interact(stage::close);
        }
    }

    private ConsultationServices services() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        org.exoconsent.records.TestAccounts.open(dir, Examples.CLOCK, "seed").close();
        return new ConsultationServices(dir, Examples.CLOCK,
                org.exoconsent.records.TestAccounts.everyone(dir, Examples.CLOCK));
    }

    /** The English example consultation, with what the wizard has done so far. */
    private static ConsentSession english(ConsentSession.ConfirmedBy confirmed,
                                          List<ConsentSession.Acknowledgement> acknowledged,
                                          List<ConsentSession.CheckQuestionAnswers> answered) {
        ConsentSession s = Examples.session("complete-en").withId("en-1");
        return new ConsentSession(s.schemaVersion(), s.id(), s.template(), s.clinic(), s.physician(), s.patient(),
                s.representative(), s.treatment(), s.previousConsent(), s.lastConsent(), s.startedAt(),
                s.preparedBy(), confirmed, acknowledged, answered, s.notes(), null, List.of());
    }

    private void show(FxRobot robot, WizardViewModel vm) throws Exception {
        RecordStore.CatalogView catalog = services.catalog();
        robot.interact(() -> {
            if (stage != null) {
                stage.close();
            }
            view = new WizardView(vm, japanese, services, catalog, background, () -> { });
            stage = new Stage();
            stage.setScene(new Scene(view, 1280, 800));
            stage.show();
            stage.toFront();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(javafx.scene.control.Labeled.class).getText();
    }

    private void shot(FxRobot robot, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        org.exoconsent.testing.Screenshots.save(robot.capture(view).getImage(), name);
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        org.exoconsent.testing.FxWait.until(condition, what, 20);
    }

    @Test
    void theStaffPagesAreInTheStaffLanguageAndThePatientsInTheConsultations(FxRobot robot) throws Exception {
        services = services();
        ConsentSession done = Examples.session("complete-en");

        // the physician's confirmation: staff's
        show(robot, WizardViewModel.resume(english(null, List.of(), List.of()), false, Examples.template(),
                Examples.CLINIC_CLOCK, Duration.ZERO, "2468"::equals));
        assertEquals("2. 医師による治療内容の確認", text(robot, "#step-title"));
        assertEquals("この治療内容を確認しました", text(robot, "#confirm-treatment"));
        shot(robot, "37-en-consultation-ja-staff-confirm");

        // the explanation: the patient's (English), but the physician's notes button is staff's
        show(robot, WizardViewModel.resume(english(done.confirmedBy(), List.of(), List.of()), false,
                Examples.template(), Examples.CLINIC_CLOCK, Duration.ZERO, "2468"::equals));
        assertEquals(WizardViewModel.Step.EXPLANATION, view.viewModel().stepProperty().get());
        assertEquals("3. Explanation", text(robot, "#step-title"));
        assertEquals("I have understood this", text(robot, "#understood"));
        assertEquals("Next", text(robot, "#next"));
        assertEquals("メモとご質問", text(robot, "#notes"), "the physician's button");
        shot(robot, "37-en-consultation-ja-staff-explanation");
        robot.clickOn("#notes");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup(n -> n instanceof Label l && "医師のメモ".equals(l.getText())).tryQuery().isPresent(),
                "the notes are the physician's: in the staff language");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();

        // the check questions: the patient's
        show(robot, WizardViewModel.resume(english(done.confirmedBy(), done.acknowledgements(), List.of()), false,
                Examples.template(), Examples.CLINIC_CLOCK, Duration.ZERO, "2468"::equals));
        assertEquals("4. Check questions", text(robot, "#step-title"));
        assertEquals(Examples.template().language("en").orElseThrow().question(Examples.template().manifest()
                .questions().get(0).id()).text(), text(robot, "#question"));

        // the hand-over: staff's
        WizardViewModel vm = WizardViewModel.resume(english(done.confirmedBy(), done.acknowledgements(),
                done.checkQuestions()), false, Examples.template(), Examples.CLINIC_CLOCK, Duration.ZERO,
                "2468"::equals);
        show(robot, vm);
        assertEquals(WizardViewModel.Step.HANDOVER, vm.stepProperty().get());
        assertEquals("5. お渡し", text(robot, "#step-title"));
        assertEquals("署名を始める", text(robot, "#handover"));
        shot(robot, "37-en-consultation-ja-staff-handover");
        robot.clickOn("#handover");

        // the patient's signature: the patient's
        assertEquals("6. Signatures", text(robot, "#step-title"));
        assertEquals("Patient: please sign here", text(robot, "#signer"));
        assertEquals("Patient mode: only staff can leave this screen", text(robot, "#patient-mode-banner"));
        shot(robot, "37-en-consultation-ja-staff-patient-signs");
        WizardScreensTest.drawAndConfirm(robot);

        // the staff PIN: staff's, its refusals too
        assertEquals(SignatureRole.PHYSICIAN, vm.nextSigner());
        assertEquals("6. 署名", text(robot, "#step-title"));
        assertEquals("職員：ロック解除", text(robot, "#unlock"));
        robot.clickOn("#pin").write("1111").type(KeyCode.ENTER);
        waitUntil(() -> !text(robot, "#sign-message").isEmpty(), "the wrong PIN refused");
        assertEquals("PINが正しくありません。", text(robot, "#sign-message"));
        shot(robot, "37-en-consultation-ja-staff-pin");
        robot.clickOn("#pin").write("2468").type(KeyCode.ENTER);
        waitUntil(() -> !vm.patientModeProperty().get(), "unlocked");

        // the physician's signature: staff's; the sentence above it is the document's, in its language
        assertEquals("医師：こちらに署名してください", text(robot, "#signer"));
        assertEquals(org.exoconsent.consent.SessionText.declaration(vm.draft(), vm.template(),
                SignatureRole.PHYSICIAN, vm.clock()), text(robot, "#signing-declaration"));
        shot(robot, "37-en-consultation-ja-staff-physician-signs");
        WizardScreensTest.drawAndConfirm(robot);
        robot.clickOn("#next");

        // the review: staff's
        assertEquals("7. 確認", text(robot, "#step-title"));
        assertEquals("署名して保存", text(robot, "#save"));
    }

    @Test
    void whileTheReflectionTimeRunsStaffReadItAndThePatientIsShownItInTheirLanguage(FxRobot robot)
            throws Exception {
        services = services();
        ConsentSession done = Examples.session("complete-en");
        show(robot, WizardViewModel.resume(english(done.confirmedBy(), done.acknowledgements(),
                done.checkQuestions()), false, Examples.template(), Examples.CLINIC_CLOCK, Duration.ofDays(2),
                "2468"::equals));
        assertTrue(text(robot, "#reflection-message").startsWith("当院では、説明のあと"),
                text(robot, "#reflection-message"));
        assertTrue(text(robot, "#reflection-message-patient").startsWith("The clinic asks patients"),
                text(robot, "#reflection-message-patient"));
        assertEquals("別の日に続ける", text(robot, "#continue-later"));
    }

    @Test
    void everyPageHasOneReaderAsTheTableSays() {
        for (WizardViewModel.Step step : WizardViewModel.Step.values()) {
            PageLanguage.Reader expected = switch (step) {
                case EXPLANATION, CHECK_QUESTIONS -> PageLanguage.Reader.PATIENT;
                case SIGNATURES -> null;
                default -> PageLanguage.Reader.STAFF;
            };
            if (expected != null) {
                assertEquals(expected, PageLanguage.reader(step, null), step.name());
            }
        }
        assertEquals(PageLanguage.Reader.PATIENT, PageLanguage.reader(WizardViewModel.Step.SIGNATURES,
                SignatureRole.PATIENT));
        assertEquals(PageLanguage.Reader.PATIENT, PageLanguage.reader(WizardViewModel.Step.SIGNATURES,
                SignatureRole.REPRESENTATIVE));
        assertEquals(PageLanguage.Reader.STAFF, PageLanguage.reader(WizardViewModel.Step.SIGNATURES,
                SignatureRole.PHYSICIAN));
        assertEquals(PageLanguage.Reader.STAFF, PageLanguage.reader(WizardViewModel.Step.SIGNATURES, null),
                "the staff PIN, or Next once everyone signed");
        PageLanguage languages = new PageLanguage(japanese, () -> "en");
        assertEquals("en", UiLanguage.of(languages.forPage(WizardViewModel.Step.EXPLANATION, null)));
        assertEquals("ja", UiLanguage.of(languages.forPage(WizardViewModel.Step.HANDOVER, null)));
    }
}
