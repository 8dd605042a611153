package org.exoconsent.ui.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exoconsent.pdf.SignatureVerifier;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole consultation driven with the mouse and keyboard, headless: create a patient, acknowledge every
 * section, answer one question wrongly then rightly, draw both signatures, unlock with the staff PIN, sign and
 * save; then the recorded PDF is read back.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class WizardFlowTest {
    @TempDir
    static Path tmp;

    private WizardView view;
    private ConsultationServices services;
    private org.exoconsent.records.Drafts drafts;
    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @Start
    void start(Stage stage) throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data-" + System.nanoTime()));
        org.exoconsent.records.TestAccounts.open(dir, Examples.CLOCK, "seed").close();
        ConsultationServices services = new ConsultationServices(dir, Examples.CLOCK,
                org.exoconsent.records.TestAccounts.everyone(dir, Examples.CLOCK));
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.ENGLISH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        WizardViewModel vm = new WizardViewModel(Examples.template(), Examples.CLINIC_CLOCK, "flow-1", Duration.ZERO,
                "2468"::equals);
        drafts = services.drafts();
        vm.setAutosave((s, locked) -> {
            try {
                drafts.save(s, locked, Examples.CLOCK.instant());
            } catch (org.exoconsent.records.StoreException e) {
                throw new IllegalStateException(e);
            }
        });
        services.wireUnlock(vm); // as the app does: attempts audited, the staff password checked by the store
        this.services = services;
        view = new WizardView(vm, ui, services, services.catalog(), background, () -> { });
        stage.setScene(new Scene(view, 1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    private void choose(FxRobot robot, String id, int downs) {
        org.exoconsent.testing.Scrolling.reveal(robot, id); // the form is taller than 1280×800 (issue 16 §4)
        robot.clickOn(id);
        for (int i = 0; i < downs; i++) {
            robot.type(KeyCode.DOWN);
        }
        robot.type(KeyCode.ENTER);
    }

    private void draw(FxRobot robot) {
        org.exoconsent.testing.Signatures.draw(robot, 140);
    }

    private void shot(FxRobot robot, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        org.exoconsent.testing.Screenshots.save(robot.capture(view.getScene().getRoot()).getImage(), name);
    }

    private String step(FxRobot robot) {
        return robot.lookup("#step-title").queryAs(Label.class).getText();
    }

    @Test
    void aWholeConsultationFromTheFirstScreenToTheSignedPdf(FxRobot robot) throws Exception {
        // 1. start: the physician fills in the patient and the treatment
        choose(robot, "#physician", 1);
        org.exoconsent.testing.Scrolling.reveal(robot, "#patient-name");
        robot.clickOn("#patient-name").write("Hanako Sato");
        org.exoconsent.testing.Scrolling.reveal(robot, "#patient-dateOfBirth");
        robot.clickOn("#patient-dateOfBirth").write("1954-03-15");
        org.exoconsent.testing.Scrolling.reveal(robot, "#patient-patientNumber");
        robot.clickOn("#patient-patientNumber").write("P-777");
        choose(robot, "#language", 1);          // ja
        choose(robot, "#treatment-indication", 1); // skin
        choose(robot, "#treatment-route", 3);   // topical
        choose(robot, "#treatment-lot", 2);     // the demo UC-10 lot
        org.exoconsent.testing.Scrolling.reveal(robot, "#treatment-plannedDate");
        robot.clickOn("#treatment-plannedDate").write("2026-12-01");
        org.exoconsent.testing.Scrolling.reveal(robot, "#treatment-sessions");
        robot.doubleClickOn("#treatment-sessions").write("3");
        org.exoconsent.testing.Scrolling.reveal(robot, "#treatment-priceYen");
        robot.clickOn("#treatment-priceYen").write("330000");
        choose(robot, "#treatment-coolingOff", 3);
        WaitForAsyncUtils.waitForFxEvents();
        org.exoconsent.testing.Scrolling.reveal(robot, "#begin");
        shot(robot, "1-start");
        assertFalse(robot.lookup("#begin").queryButton().isDisabled(), "every field is valid");
        robot.clickOn("#begin");

        // 2. the physician confirms the treatment with their own password (signed in here: only the password)
        assertEquals("2. The physician confirms the treatment", step(robot), "in the staff's language");
        assertEquals(org.exoconsent.records.TestAccounts.NAME,
                robot.lookup("#confirm-account").queryAs(javafx.scene.control.TextField.class).getText());
        robot.clickOn("#confirm-password").write("not my password");
        robot.clickOn("#confirm-treatment");
        org.exoconsent.testing.FxWait.until(() -> !robot.lookup("#confirm-message").queryAs(Label.class).getText()
                .isEmpty(), "the refusal of a wrong password", 20);
        assertEquals("tester: wrong user name or password, or the account is locked or disabled. After 5 wrong "
                + "passwords in a row an account waits 15 minutes; an administrator can set a new password.",
                robot.lookup("#confirm-message").queryAs(Label.class).getText());
        robot.clickOn("#confirm-password").write(org.exoconsent.records.TestAccounts.PASSWORD);
        shot(robot, "1c-physician-confirms");
        robot.clickOn("#confirm-treatment");
        org.exoconsent.testing.FxWait.until(() -> step(robot).startsWith("3."), "the explanation", 20);

        // 3. explanation: Next stays disabled until the patient understood the section
        assertEquals("3. 説明", step(robot), "the patient reads in the patient's language");
        assertEquals("flow-1", drafts.list().get(0).session().id(), "the draft is saved from the first step");
        robot.clickOn("#larger-text");
        assertTrue(view.getStyleClass().contains("larger"), "larger-text mode");
        robot.clickOn("#larger-text");
        robot.clickOn("#notes");
        robot.clickOn("#physician-notes").write("First session observed in the clinic for 60 minutes.");
        robot.clickOn("#patient-question").write("When will I see an effect?");
        javafx.scene.control.TextField answer = robot.lookup("#patient-answer").queryAs(
                javafx.scene.control.TextField.class);
        robot.interact(() -> answer.setText("No effect can be promised 🙂"));
        assertEquals("The character 🙂 (U+1F642) cannot be printed in the consent document: none of its fonts has it. "
                + "Write it another way.", robot.lookup("#notes-problem").queryAs(Label.class).getText(),
                "a character the PDF could not print is named as it is typed (the staff's language: English here)");
        assertTrue(robot.lookup("OK").queryButton().isDisabled(), "the notes cannot be kept with it");
        robot.interact(() -> answer.setText(""));
        assertEquals("", robot.lookup("#notes-problem").queryAs(Label.class).getText());
        robot.clickOn("#patient-answer").write("No effect can be promised.");
        robot.clickOn("OK");
        for (int i = 0; i < 14; i++) {
            if (i == 3) {
                shot(robot, "2-explanation");
            }
            assertTrue(robot.lookup("#next").queryButton().isDisabled(), "section " + (i + 1));
            robot.clickOn("#understood");
            robot.clickOn("#next");
        }

        // 3. check questions: the first one wrong, then back to its section and right
        assertEquals("4. 理解の確認", step(robot));
        shot(robot, "3-question");
        robot.clickOn("#option-yes");
        shot(robot, "3b-wrong-answer");
        assertTrue(robot.lookup("#wrong-answer-explanation").tryQuery().isPresent(), "the explanation is shown");
        assertTrue(robot.lookup("#next").queryButton().isDisabled(), "the section is acknowledged again first");
        robot.clickOn("#understood");
        robot.clickOn("#next"); // back to the question
        robot.clickOn("#option-no");
        for (String option : new String[] {"not-proven", "risk-remains", "no", "unknown", "tell-centre",
            "not-covered", "any-time"}) {
            robot.clickOn("#option-" + option);
        }

        // 4. hand-over and 5. signatures
        assertEquals("5. Hand-over", step(robot), "staff hand the tablet over: in the staff's language");
        shot(robot, "4-handover");
        robot.clickOn("#handover");
        assertTrue(view.viewModel().patientModeProperty().get());
        // the patient sees the sentence that will stand above their signature, in their language (issue 12 §3)
        assertEquals(org.exoconsent.consent.SessionText.declaration(view.viewModel().draft(),
                view.viewModel().template(), org.exoconsent.consent.ConsentSession.SignatureRole.PATIENT,
                view.viewModel().clock()),
                robot.lookup("#signing-declaration").queryAs(Label.class).getText());
        assertEquals("患者さん：Hanako Sato", robot.lookup("#signer-name").queryAs(Label.class).getText());
        draw(robot);
        shot(robot, "5-patient-signature");
        robot.clickOn("#confirm-signature");
        shot(robot, "5b-staff-unlock");
        // five wrong PINs: the PIN no longer unlocks, not even the right one; the staff member's password does
        for (int i = 1; i <= WizardViewModel.MAX_WRONG_PINS; i++) {
            robot.clickOn("#pin").write("111" + i).type(KeyCode.ENTER);
            int typed = i;
            org.exoconsent.testing.FxWait.until(() -> view.viewModel().failedUnlocks() == typed
                    && !robot.lookup("#unlock").queryButton().isDisabled(), "wrong PIN " + i + " refused", 20);
            assertTrue(view.viewModel().patientModeProperty().get(), "a wrong PIN keeps the patient mode");
        }
        assertEquals("The PIN was wrong 5 times in a row and no longer unlocks. tester: enter your own password (an "
                + "administrator can set a new one).", robot.lookup("#sign-message").queryAs(Label.class)
                .getText(), "in the staff's language: the unlock is theirs (issue 16 §6)");
        robot.clickOn("#pin").write("2468").type(KeyCode.ENTER); // now taken as a password: refused
        org.exoconsent.testing.FxWait.until(() -> robot.lookup("#sign-message").queryAs(Label.class).getText()
                .startsWith("tester: wrong user name or password"), "the PIN refused as a password", 20);
        assertTrue(view.viewModel().patientModeProperty().get());
        robot.clickOn("#pin").write(org.exoconsent.records.TestAccounts.PASSWORD).type(KeyCode.ENTER);
        org.exoconsent.testing.FxWait.until(() -> !view.viewModel().patientModeProperty().get(),
                "unlocked with the staff member's password", 20);
        try (org.exoconsent.records.RecordStore store = org.exoconsent.records.TestAccounts.open(
                services.store().dataDirectory().orElseThrow(), Examples.CLOCK, "test")) {
            assertEquals(java.util.List.of("patient-mode-unlock-failed", "patient-mode-unlock-failed",
                    "patient-mode-unlock-failed", "patient-mode-unlock-failed", "patient-mode-unlock-failed",
                    "patient-mode-unlocked"), store.auditTrail(org.exoconsent.records.AuditTrail.Filter.ALL, 100)
                    .entries().stream().map(e -> e.action()).filter(a -> a.startsWith("patient-mode"))
                    .sorted().toList(), "each attempt in the audit trail");
        }
        // the physician's page replaces the unlock once patient mode is left: draw on it, not on the page before
        org.exoconsent.testing.FxWait.until(() -> robot.lookup("#signer-name").tryQuery().map(n -> ((Label) n)
                .getText().contains(view.viewModel().draft().physician().name())).orElse(false),
                "the physician's signature page", 20);
        WaitForAsyncUtils.waitForFxEvents();
        draw(robot);
        robot.clickOn("#confirm-signature");
        org.exoconsent.testing.FxWait.until(() -> !robot.lookup("#next").queryButton().isDisabled(),
                "the physician's signature taken", 20);
        robot.clickOn("#next");

        // 6. review: sign and save in the background, then the PDF is checked
        assertEquals("7. Review", step(robot), "the review is for staff, in their language");
        robot.clickOn("#save");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!robot.lookup("#new-consultation").queryButton().isVisible() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            WaitForAsyncUtils.waitForFxEvents();
        }
        shot(robot, "6-review-saved");
        String result = robot.lookup("#result").queryAs(Label.class).getText();
        assertTrue(result.startsWith("Saved and signed"), result);
        Path pdf = Path.of(result.substring(result.indexOf(": ") + 2));
        byte[] bytes = Files.readAllBytes(pdf);
        assertTrue(SignatureVerifier.verify(bytes).intact());
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            assertTrue(text.contains("HanakoSato"), "the patient");
            assertTrue(text.contains("「はい、承認されています」—不正解"), "the wrong attempt is in the record");
            assertTrue(text.contains("「いいえ、承認されていません」—正解"));
            assertTrue(text.contains("Firstsessionobservedintheclinicfor60minutes."), "the physician's notes");
            assertTrue(text.contains("WhenwillIseeaneffect?"), "the patient's question");
        }
        assertEquals(java.util.List.of(), drafts.list(), "the draft was saved as the wizard went and removed once "
                + "the consent was recorded");
    }
}
