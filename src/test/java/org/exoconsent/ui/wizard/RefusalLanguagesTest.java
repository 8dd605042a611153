package org.exoconsent.ui.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.exoconsent.consent.ConsentSession.SignatureRole;
import org.exoconsent.testing.FxWait;
import org.exoconsent.testing.Screenshots;
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
 * Who speaks which language on the informed refusal's pages (issue 16 §5, §6; docs/SESSION.md "Who reads each
 * page"): an English consultation declined mid-explanation, with Japanese staff signed in. The patient's signature
 * is in English, the consultation's language; staff's "End without this document", the physician's note, the
 * physician's signature, the review and the "recorded" page are in Japanese, the staff language. The template's
 * words (the title, the statements) stay in the document's language throughout.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class RefusalLanguagesTest {
    @TempDir
    Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final ResourceBundle japanese = UiLanguage.bundle("ja");
    private final ResourceBundle english = UiLanguage.bundle("en");
    private Stage stage;
    private WizardView wizardView;

    @AfterEach
    void stop(FxRobot robot) {
        background.shutdownNow();
        if (stage != null) {
            robot.interact(stage::close);
        }
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Labeled.class).getText();
    }

    private void shot(FxRobot robot, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(robot.capture(wizardView).getImage(), name);
    }

    @Test
    void thePatientsPageIsInTheirLanguageAndThePhysiciansInTheStaffLanguage(FxRobot robot) throws Exception {
        ConsultationServices services = RefusalViewTest.services(tmp);
        WizardViewModel wizard = RefusalViewTest.midExplanation(services, "complete-en", "r-en-ja");
        var catalog = services.catalog();
        RefusalView[] view = new RefusalView[1];
        robot.interact(() -> {
            wizardView = new WizardView(wizard, japanese, services, catalog, background, () -> { });
            view[0] = wizardView.declineAfterExplanation();
            view[0].setWithoutDocument(() -> { });
            stage = new Stage();
            stage.setScene(new Scene(wizardView, 1280, 800));
            stage.show();
            stage.toFront();
        });
        WaitForAsyncUtils.waitForFxEvents();
        RefusalViewModel vm = view[0].viewModel();

        // the patient's page: the document's words and the patient's signature in English ...
        assertEquals("Record of deciding not to have the treatment after the explanation",
                text(robot, "#refusal-title"));
        assertEquals(MessageFormat.format(english.getString("refusal.signer"),
                vm.signerName(vm.patientSideRole())), text(robot, "#refusal-signer"));
        assertEquals("Clear", text(robot, "#clear-signature"));
        assertEquals("This is my signature", text(robot, "#confirm-signature"));
        // ... staff's button and the physician's note on it in Japanese
        assertEquals("この記録を作らずに終える（患者さんが希望されない場合）", text(robot, "#refusal-without-document"));
        assertTrue(robot.lookup("#refusal-would-not-sign .label").queryAllAs(Labeled.class).stream()
                .anyMatch(l -> l.getText().equals("患者さんが署名を望まないとき：医師が記録します")),
                "the physician's note is the physician's: in the staff language");
        assertEquals("自分のパスワードで記録する", text(robot, "#save-refusal-note"));
        assertEquals("医師が記録すること（署名がない理由）",
                robot.lookup("#refusal-note").queryAs(TextArea.class).getPromptText());
        shot(robot, "37-en-refusal-ja-staff-patient");

        // a wrong physician's password: refused in the staff language, nothing recorded
        robot.interact(() -> {
            robot.lookup("#refusal-note").queryAs(TextArea.class).setText("Not today.");
            robot.lookup("#refusal-password").queryAs(PasswordField.class).setText("wrong password");
        });
        robot.interact(() -> robot.lookup(".scroll-pane").queryAllAs(javafx.scene.control.ScrollPane.class)
                .forEach(p -> p.setVvalue(1.0))); // the physician's note is below the patient's pad
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#save-refusal-note");
        FxWait.until(() -> !text(robot, "#refusal-message").isEmpty(), "the refusal of a wrong password", 20);
        String refused = text(robot, "#refusal-message");
        assertTrue(refused.codePoints().anyMatch(c -> Character.UnicodeScript.of(c)
                        == Character.UnicodeScript.HIRAGANA),
                "the physician's password refusal is in Japanese: " + refused);
        assertEquals(RefusalViewModel.Page.PATIENT, vm.pageProperty().get());

        // the physician's page, after the patient signed: Japanese, but the statement is the document's (English)
        RefusalViewTest.drawAndConfirm(robot);
        // the patient hands the tablet back (their language); staff unlock with the PIN (the staff language)
        assertEquals(RefusalViewModel.Page.STAFF_UNLOCK, vm.pageProperty().get());
        assertEquals(english.getString("refusal.handBack"), text(robot, "#refusal-hand-back"));
        assertEquals(japanese.getString("sign.unlock"), text(robot, "#unlock"));
        assertEquals(english.getString("sign.patientMode"), text(robot, "#patient-mode-banner"));
        robot.interact(() -> assertTrue(wizard.unlock("2468")));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(RefusalViewModel.Page.PHYSICIAN, vm.pageProperty().get());
        assertEquals(MessageFormat.format(japanese.getString("refusal.patientSigned"),
                vm.signerName(vm.patientSideRole())), text(robot, "#refusal-patient-side"));
        assertEquals(MessageFormat.format(japanese.getString("signer.physician"),
                vm.signerName(SignatureRole.PHYSICIAN)), text(robot, "#refusal-signer"));
        assertEquals("これが私の署名です", text(robot, "#confirm-signature"));
        assertEquals("戻る", text(robot, "#refusal-back"));
        assertEquals("Record of deciding not to have the treatment after the explanation",
                text(robot, "#refusal-title"), "the document's words stay in its language");
        shot(robot, "37-en-refusal-ja-staff-physician");

        // review and recorded: Japanese
        RefusalViewTest.drawAndConfirm(robot);
        assertEquals(RefusalViewModel.Page.REVIEW, vm.pageProperty().get());
        assertEquals("記録する", text(robot, "#record-refusal"));
        robot.clickOn("#record-refusal");
        FxWait.until(() -> vm.recorded() != null, "the recording", 30);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("r-en-ja-refusal として記録しました。", text(robot, "#refusal-recorded"));
        assertEquals("ホーム画面に戻る", text(robot, "#refusal-home"));
        shot(robot, "37-en-refusal-ja-staff-recorded");
    }
}
