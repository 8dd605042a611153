package org.exoconsent.ui.wizard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.pdf.SignatureVerifier;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.FxWait;
import org.exoconsent.testing.UiTest;
import org.exoconsent.ui.copy.PatientCopyBar;
import org.exoconsent.ui.copy.Printing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The review page after signing, on a tablet with no printer, staff signed in: the patient's copy and take-home card
 * are saved where the (injected) file chooser says; the print buttons say there is no printer; a file inside the
 * data directory is refused on screen; everything given is in the audit trail.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class ReviewPatientCopyTest {
    private static final String ID = "a3e9b0c2-5d41-4f6a-8b27-91c4d0e6f538";

    @TempDir
    static Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    /** What the file chooser "answers", one per click; null is a cancel. */
    private final Deque<Path> answers = new ArrayDeque<>();
    private final List<PatientCopyBar.SaveRequest> asked = new ArrayList<>();
    private DataDirectory dir;
    private WizardView view;

    @Start
    void start(Stage stage) throws Exception {
        dir = new DataDirectory(tmp.resolve("data-" + System.nanoTime()));
        ConsentSession session = Examples.session("complete-en");
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            admin.addUser("reception", EnumSet.of(Role.STAFF), null, "reception password".toCharArray());
            TestAccounts.confirm(admin, session); // the physician confirmed it before the explanation
        }
        Principal staff;
        try (RecordStore s = RecordStore.signIn(dir, Examples.CLOCK, "reception", "reception password"
                .toCharArray(), "test")) {
            staff = s.principal();
        }
        ConsultationServices services = new ConsultationServices(dir, Examples.CLOCK, staff);
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.ENGLISH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        // the signed consultation, resumed at its signatures: the next page is the review
        WizardViewModel vm = WizardViewModel.resume(session, false, Examples.template(), Examples.CLINIC_CLOCK,
                Duration.ZERO, "2468"::equals);
        view = new WizardView(vm, ui, services, services.catalog(), background, () -> { });
        view.setPatientCopyHooks(new PatientCopyBar.Hooks(request -> {
            asked.add(request);
            return answers.poll();
        }, job -> {
            throw new AssertionError("no print dialog without a printer");
        }, () -> Printing.Availability.not(Printing.Availability.Problem.NO_PRINTER)));
        stage.setScene(new Scene(view, 1280, 800));
        stage.show();
        vm.next();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static String pdfText(Path pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            return doc.getNumberOfPages() + " page(s): " + new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
    }

    @Test
    void afterSigningStaffSaveThePatientsCopyAndCardAndThePrintButtonsSayThereIsNoPrinter(FxRobot robot)
            throws Exception {
        assertEquals("7. Review", robot.lookup("#step-title").queryAs(Label.class).getText());
        assertFalse(robot.lookup("#patient-copy").query().isVisible(), "nothing to give before it is signed");
        robot.clickOn("#save");
        FxWait.until(() -> robot.lookup("#patient-copy").query().isVisible(), "the signed consent", 60);

        // no printer: the print buttons are disabled and say so, and the bar explains what to do instead
        FxWait.until(() -> text(robot, "#copy-printer").startsWith("No printer is installed"), "the printer check",
                20);
        Button printCopy = robot.lookup("#copy-print").queryButton();
        Button printCard = robot.lookup("#card-print").queryButton();
        assertTrue(printCopy.isDisabled() && printCard.isDisabled());
        assertEquals("Print the patient's copy (no printer)", printCopy.getText());
        assertEquals("Print the take-home card (no printer)", printCard.getText());
        assertTrue(text(robot, "#copy-printer").contains("Save a copy for the patient instead"));
        assertFalse(robot.lookup("#copy-save").queryButton().isDisabled(), "saving always works");

        // the patient's copy: exactly the signed record, wherever the chooser says (outside the data directory)
        Path copy = java.nio.file.Files.createDirectories(tmp.resolve("usb-stick")).resolve("consent.pdf");
        answers.add(copy);
        robot.clickOn("#copy-save");
        FxWait.until(() -> text(robot, "#copy-message").startsWith("The patient's copy was saved"), "the copy", 20);
        assertEquals("The patient's copy was saved: " + copy, text(robot, "#copy-message"));
        assertEquals("consent-" + ID + ".pdf", asked.get(0).suggestedName());
        assertEquals("Save a copy for the patient", asked.get(0).title());
        Path archived;
        try (RecordStore s = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            archived = s.pdf(ID);
        }
        assertArrayEquals(Files.readAllBytes(archived), Files.readAllBytes(copy), "byte for byte the signed PDF");
        assertTrue(SignatureVerifier.verify(Files.readAllBytes(copy)).intact());

        // the take-home card
        Path card = tmp.resolve("usb-stick/card.pdf");
        answers.add(card);
        robot.clickOn("#card-save");
        FxWait.until(() -> text(robot, "#copy-message").startsWith("The take-home card was saved"), "the card", 20);
        assertEquals("take-home-card-" + ID + ".pdf", asked.get(1).suggestedName());
        String cardText = pdfText(card);
        assertTrue(cardText.startsWith("1 page(s): ") && cardText.contains("Emily Clarke")
                && cardText.contains("AD-2609-17") && cardText.contains("you may be refused as a blood donor"),
                cardText);

        // into the data directory: refused on screen, nothing written; a cancelled chooser does nothing
        Path inside = dir.root().resolve("copies/consent.pdf");
        answers.add(inside);
        robot.clickOn("#copy-save");
        FxWait.until(() -> text(robot, "#copy-message").startsWith("Not done"), "the refusal", 20);
        assertTrue(text(robot, "#copy-message").contains(inside + ": is inside the data directory"),
                text(robot, "#copy-message"));
        assertFalse(Files.exists(inside));
        org.exoconsent.testing.Screenshots.save(robot.capture(view.getScene().getRoot()).getImage(),
                "6b-review-patient-copy");
        String before = text(robot, "#copy-message");
        robot.clickOn("#card-save"); // the chooser answers null: cancelled
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, text(robot, "#copy-message"));
        assertEquals(4, asked.size());

        try (RecordStore s = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            List<String> saved = TestAudit.entries(s, "patient-copy-saved");
            assertEquals(1, saved.size(), saved.toString());
            assertTrue(saved.get(0).startsWith("patient-copy-saved " + ID + " {\"file\":\"" + copy + "\""), saved
                    .toString());
            List<String> cards = TestAudit.entries(s, "card-issued");
            assertEquals(List.of("card-issued " + ID + " {\"file\":\"" + card + "\",\"languages\":\"en,ja\","
                    + "\"withdrawn\":null}"), cards);
            assertEquals(List.of(), TestAudit.entries(s, "patient-copy-printed"), "nothing was printed");
        }
    }
}
