package org.exoconsent.ui.wizard;

import org.exoconsent.records.TestAccounts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The wizard's screens beyond the main flow (WizardFlowTest): an existing patient, the reflection time, and
 * keyboard-only use with an accessible name on every control.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class WizardScreensTest {
    @TempDir
    Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final ResourceBundle english = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.ENGLISH,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    private ConsultationServices services;
    private WizardView view;
    private final AtomicBoolean wentHome = new AtomicBoolean();

    private Stage stage;

    @AfterEach
    void stop(FxRobot robot) {
        background.shutdownNow();
        if (stage != null) {
            robot.interact(stage::close); // no window of this test stays behind for the next one's lookups
        }
    }

    /** A data directory holding the Japanese example consent, so its patient exists. */
    private ConsultationServices servicesWithOnePatient() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore store = org.exoconsent.records.TestAccounts.open(dir, Examples.CLOCK, "seed")) {
            TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(), Examples.key(), "seed");
        }
        return new ConsultationServices(dir, Examples.CLOCK,
                org.exoconsent.records.TestAccounts.everyone(dir, Examples.CLOCK));
    }

    private void show(FxRobot robot, WizardViewModel vm) throws Exception {
        show(robot, vm, english);
    }

    private void show(FxRobot robot, WizardViewModel vm, ResourceBundle ui) throws Exception {
        RecordStore.CatalogView catalog = services.catalog();
        robot.interact(() -> {
            view = new WizardView(vm, ui, services, catalog, background, () -> wentHome.set(true));
            stage = new Stage();
            stage.setScene(new Scene(view, 1280, 800));
            stage.show();
            stage.toFront();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        org.exoconsent.testing.FxWait.until(condition, what, 20);
    }

    @Test
    void anExistingPatientIsFoundAndFillsInThePatientsFields(FxRobot robot) throws Exception {
        services = servicesWithOnePatient();
        show(robot, new WizardViewModel(Examples.template(), Examples.CLINIC_CLOCK, "w-1", Duration.ZERO, "2468"::equals));
        robot.clickOn("#patient-search").write("P-0001").type(KeyCode.ENTER);
        waitUntil(() -> robot.lookup("#patient-results").query().isVisible(), "the search results");
        assertEquals("1 found. Choose one to fill in the patient's details.",
                robot.lookup("#patient-search-message").queryAs(Label.class).getText());
        Labeled first = org.exoconsent.testing.FxWait.firstCell(robot, "#patient-results", 20);
        // in the staff's language's typography: ASCII brackets on an English screen (issue 12 §2)
        assertEquals("佐藤 花子 (さとう はなこ)\nP-000123 · 1954-03-15", first.getText());
        org.exoconsent.testing.Screenshots.save(robot.capture(view).getImage(), "1b-existing-patient");
        robot.clickOn(first);
        assertEquals("佐藤 花子", robot.lookup("#patient-name").queryAs(TextField.class).getText());
        assertEquals("さとう はなこ", robot.lookup("#patient-kana").queryAs(TextField.class).getText());
        assertEquals("1954-03-15", robot.lookup("#patient-dateOfBirth").queryAs(TextField.class).getText());
        assertEquals("P-000123", robot.lookup("#patient-patientNumber").queryAs(TextField.class).getText());
        assertEquals("090-0000-0000", robot.lookup("#patient-phone").queryAs(TextField.class).getText());

        TextField search = robot.lookup("#patient-search").queryAs(TextField.class);
        robot.interact(search::clear);
        robot.clickOn(search).write("nobody").type(KeyCode.ENTER);
        waitUntil(() -> robot.lookup("#patient-search-message").queryAs(Label.class).getText().contains("nobody"),
                "the second search");
        assertEquals("No earlier consent found for: nobody",
                robot.lookup("#patient-search-message").queryAs(Label.class).getText());
        assertFalse(robot.lookup("#patient-results").query().isVisible(), "no stale results");
        assertEquals("佐藤 花子", robot.lookup("#patient-name").queryAs(TextField.class).getText(),
                "a search that finds no one leaves the form as it was");
    }

    /**
     * A data directory holding both example consents (佐藤 花子 P-000123 and Emily Clarke P-000456), the Japanese one's
     * birth date then changed with SQL to a date that does not exist.
     */
    private ConsultationServices servicesWithADamagedPatient() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore store = org.exoconsent.records.TestAccounts.open(dir, Examples.CLOCK, "seed")) {
            TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(), Examples.key(), "seed");
            TestAccounts.record(store, Examples.session("complete-en"), Examples.template(), Examples.key(), "seed");
        }
        TestAccounts.damage(dir, "record", "patient_birth", "1954-02-30", "patient_number = 'P-000123'");
        return new ConsultationServices(dir, Examples.CLOCK,
                org.exoconsent.records.TestAccounts.everyone(dir, Examples.CLOCK));
    }

    /** The search result whose text starts with {@code name} (waited for: the list may be laying its cells out). */
    private static Labeled result(FxRobot robot, String name) throws InterruptedException {
        java.util.function.Supplier<java.util.Optional<Labeled>> cell = () -> robot.lookup(
                "#patient-results .list-cell").queryAllAs(Labeled.class).stream()
                .filter(c -> c.getText() != null && c.getText().startsWith(name)).findFirst();
        waitUntil(() -> cell.get().isPresent(), "the result " + name);
        return cell.get().orElseThrow();
    }

    /**
     * One patient's stored birth date cannot be read: the search still finds both patients, lists the damaged one
     * marked "unreadable (damaged)" in place of the birth date, and says so with whom to ask; the other fills in the
     * form as usual; choosing the damaged one fills in nothing (and clears what the other filled in), naming the
     * damage for the administrator.
     */
    @Test
    void aPatientWhoseBirthDateCannotBeReadIsListedMarkedAndFillsInNothing(FxRobot robot) throws Exception {
        services = servicesWithADamagedPatient();
        show(robot, new WizardViewModel(Examples.template(), Examples.CLINIC_CLOCK, "w-6", Duration.ZERO,
                "2468"::equals));
        robot.clickOn("#patient-search").write("P-000").type(KeyCode.ENTER);
        waitUntil(() -> robot.lookup("#patient-results").query().isVisible(), "the search results");
        Label message = robot.lookup("#patient-search-message").queryAs(Label.class);
        assertEquals("2 found. Choose one to fill in the patient's details. 1 of them has a value that cannot be "
                + "read, marked \"unreadable (damaged)\", and fills in nothing when chosen. Please contact the "
                + "administrator (exoconsent records verify).", message.getText());
        assertEquals("佐藤 花子 (さとう はなこ)\nP-000123 · unreadable (damaged)", result(robot, "佐藤").getText());
        assertEquals("Emily Clarke (クラーク エミリー)\nP-000456 · 1968-09-02", result(robot, "Emily").getText());

        robot.clickOn(result(robot, "Emily"));
        assertEquals("Emily Clarke", robot.lookup("#patient-name").queryAs(TextField.class).getText());
        assertEquals("1968-09-02", robot.lookup("#patient-dateOfBirth").queryAs(TextField.class).getText());

        robot.clickOn(result(robot, "佐藤"));
        for (String field : List.of("#patient-name", "#patient-kana", "#patient-dateOfBirth",
                "#patient-patientNumber", "#patient-phone")) {
            assertEquals("", robot.lookup(field).queryAs(TextField.class).getText(),
                    field + ": nothing of the damaged patient, nor of the one chosen before");
        }
        assertTrue(message.getText().startsWith("The last consent of patient P-000123 has a value that cannot be "
                + "read (damaged), so nothing of it was filled in. Please contact the administrator (exoconsent "
                + "records verify).\nFor the administrator: record "), message.getText());
        assertTrue(message.getText().contains("the column patient_birth holds '1954-02-30', not a date; "),
                message.getText());
        org.exoconsent.testing.Screenshots.save(robot.capture(view).getImage(), "1c-existing-patient-damaged");
    }

    /** The same on a Japanese screen: the mark and the note in Japanese, the administrator's detail in English. */
    @Test
    void onAJapaneseScreenTheDamagedPatientIsMarkedInJapanese(FxRobot robot) throws Exception {
        services = servicesWithADamagedPatient();
        show(robot, new WizardViewModel(Examples.template(), Examples.CLINIC_CLOCK, "w-7", Duration.ZERO,
                "2468"::equals), ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.JAPANESE,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
        robot.clickOn("#patient-search").write("P-000").type(KeyCode.ENTER);
        waitUntil(() -> robot.lookup("#patient-results").query().isVisible(), "the search results");
        Label message = robot.lookup("#patient-search-message").queryAs(Label.class);
        assertEquals("2 件見つかりました。選ぶと、患者さんの欄に入ります。うち 1 件には読めない値があり、「読めません（損傷）」と"
                + "表示しています。この患者さんは欄に入りません。管理者に連絡してください（exoconsent records verify）。",
                message.getText());
        assertEquals("佐藤 花子（さとう はなこ）\nP-000123 · 読めません（損傷）", result(robot, "佐藤").getText());
        robot.clickOn(result(robot, "佐藤"));
        assertEquals("", robot.lookup("#patient-dateOfBirth").queryAs(TextField.class).getText());
        assertTrue(message.getText().startsWith("患者番号 P-000123 の前回の同意に、読めない値があります（損傷）。そのため、"
                + "欄には何も入れていません。管理者に連絡してください（exoconsent records verify）。\n管理者の方へ（英語）: "
                + "record "), message.getText());
    }

    @Test
    void anInactivePhysicianIsNotOfferedForANewConsultation(FxRobot robot) throws Exception {
        services = servicesWithOnePatient();
        try (RecordStore store = org.exoconsent.records.TestAccounts.open(new DataDirectory(tmp.resolve("data")),
                Examples.CLOCK, "catalog")) {
            store.addPhysician(new Catalog.Physician("佐々木 恵", "654321", true));
            store.setPhysicianActive(org.exoconsent.records.TestAccounts.LICENCE, false);
        }
        show(robot, new WizardViewModel(Examples.template(), Examples.CLINIC_CLOCK, "w-4", Duration.ZERO, "2468"::equals));
        ComboBox<Catalog.Physician> physician = robot.lookup("#physician").queryComboBox();
        assertEquals(List.of(new Catalog.Physician("佐々木 恵", "654321", true)), physician.getItems(),
                "山田 太郎 (123456) is inactive");
    }

    /** The example consultation, explained and checked the day before, not yet signed. */
    private static ConsentSession explainedYesterday() {
        ConsentSession s = Examples.session("complete-ja");
        return s.withId("w-2").withSignatures(List.of());
    }

    @Test
    void whileTheReflectionTimeRunsTheWizardSaysUntilWhenAndOffersToContinueLater(FxRobot robot)
            throws Exception {
        services = servicesWithOnePatient();
        WizardViewModel vm = WizardViewModel.resume(explainedYesterday(), false, Examples.template(),
                Examples.CLINIC_CLOCK, Duration.ofDays(2), "2468"::equals);
        show(robot, vm);
        assertEquals(WizardViewModel.Step.HANDOVER, vm.stepProperty().get());
        String message = robot.lookup("#reflection-message").queryAs(Label.class).getText();
        assertTrue(message.contains("You can sign from 2026-11-22 10:"), "in the staff's language, with the time: "
                + message);
        String forPatient = robot.lookup("#reflection-message-patient").queryAs(Label.class).getText();
        assertTrue(forPatient.contains("署名できるのは 2026-11-22 10:"), "and in the patient's, to show them: "
                + forPatient);
        assertFalse(robot.lookup("#handover").tryQuery().isPresent(), "no hand-over before the time");
        org.exoconsent.testing.Screenshots.save(robot.capture(view).getImage(), "4c-reflection-time");
        robot.clickOn("#continue-later");
        assertTrue(wentHome.get(), "back to the home screen; the draft stays to be resumed");
        assertFalse(vm.patientModeProperty().get());
    }

    /** Draws a signature on the pad, as a hand would, and confirms it (also WizardLanguagesTest's). */
    static void drawAndConfirm(FxRobot robot) {
        draw(robot);
        robot.clickOn("#confirm-signature");
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Draws a signature on the pad, as a hand would (not yet confirmed). */
    private static void draw(FxRobot robot) {
        org.exoconsent.testing.Signatures.draw(robot, 140);
    }

    /**
     * Issue 12 §3: on the pad's page the signer opens the whole document as it will be signed — in patient mode, which
     * stays on — reads it page by page as wide as the screen, makes it larger and smaller, and goes back to the pad,
     * where what they had drawn is still there and can be confirmed.
     */
    @Test
    void theSignerReadsTheWholeDocumentFromThePadAndComesBackToTheirStrokes(FxRobot robot) throws Exception {
        services = servicesWithOnePatient();
        WizardViewModel vm = WizardViewModel.resume(explainedYesterday(), false, Examples.template(),
                Examples.CLINIC_CLOCK, Duration.ZERO, "2468"::equals);
        show(robot, vm);
        robot.clickOn("#handover");
        assertTrue(vm.patientModeProperty().get());
        draw(robot);
        org.exoconsent.ui.controls.SignaturePad pad = robot.lookup("#signature-pad")
                .queryAs(org.exoconsent.ui.controls.SignaturePad.class);
        List<org.exoconsent.consent.Stroke> drawn = List.copyOf(pad.strokes());
        assertFalse(drawn.isEmpty(), "the patient has begun to sign");
        assertEquals("文書の全体を読む", robot.lookup("#read-document").queryAs(javafx.scene.control.Button.class)
                .getText(), "in the patient's language");

        robot.clickOn("#read-document");
        // the pages the PDF has, as PDFBox counts them, and the one where the signatures begin
        int expected;
        int signaturesPage = 0;
        try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(
                new org.exoconsent.pdf.ConsentPdfRenderer("test", Examples.CLINIC_CLOCK)
                        .renderForReading(vm.draft(), Examples.template()))) {
            expected = pdf.getNumberOfPages();
            org.apache.pdfbox.text.PDFTextStripper text = new org.apache.pdfbox.text.PDFTextStripper();
            for (int i = 1; i <= expected && signaturesPage == 0; i++) {
                text.setStartPage(i);
                text.setEndPage(i);
                signaturesPage = text.getText(pdf).contains("同意と署名") ? i : 0;
            }
        }
        assertTrue(expected >= 8, expected + " pages");
        waitUntil(() -> view.documentView() != null && view.documentView().pagesShown() == expected,
                "every page of the document");
        assertTrue(vm.patientModeProperty().get(), "still in patient mode");
        assertTrue(robot.lookup("#patient-mode-banner").queryAs(Label.class).isVisible());
        assertFalse(robot.lookup("#signature-pad").tryQuery().isPresent(), "the document covers the pad");
        javafx.scene.image.ImageView first = robot.lookup("#document-page-1")
                .queryAs(javafx.scene.image.ImageView.class);
        assertEquals(Math.round(595 * DocumentView.SCALE), Math.round(first.getImage().getWidth()),
                "an A4 page drawn at twice its size in points");
        double fit = first.getFitWidth();
        assertTrue(fit > 1100, "the page as wide as the screen (large type): " + fit);
        assertEquals(expected + " ページ中 1 ページ目", first.getAccessibleText(), "named for a screen reader");
        assertEquals("100%", robot.lookup("#document-zoom").queryAs(Label.class).getText());
        org.exoconsent.testing.Screenshots.save(robot.capture(view).getImage(), "5d-whole-document");
        javafx.scene.control.ScrollPane pages = robot.lookup("#document-pages")
                .queryAs(javafx.scene.control.ScrollPane.class);
        javafx.scene.Node withSignatures = robot.lookup("#document-page-" + signaturesPage).query();
        robot.interact(() -> pages.setVvalue((withSignatures.getBoundsInParent().getMaxY()  // the page's lower part
                - pages.getViewportBounds().getHeight()) / (pages.getContent().getBoundsInLocal().getHeight()
                - pages.getViewportBounds().getHeight())));
        org.exoconsent.testing.Screenshots.save(robot.capture(view).getImage(), "5e-whole-document-signatures");
        assertTrue(robot.lookup("#document-zoom-out").queryAs(javafx.scene.control.Button.class).isDisabled());
        robot.clickOn("#document-zoom-in");
        assertEquals("125%", robot.lookup("#document-zoom").queryAs(Label.class).getText());
        assertEquals(fit * 1.25, first.getFitWidth(), 2, "larger");
        robot.clickOn("#document-zoom-out");
        assertEquals(fit, first.getFitWidth(), 2, "back to the width of the screen");
        assertEquals(List.of(), org.exoconsent.testing.Accessibility.unnamedControls(view));

        robot.clickOn("#document-close");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.documentView() == null, "closed");
        org.exoconsent.ui.controls.SignaturePad again = robot.lookup("#signature-pad")
                .queryAs(org.exoconsent.ui.controls.SignaturePad.class);
        assertTrue(again == pad, "the same pad");
        assertEquals(drawn, again.strokes(), "the strokes are kept");
        assertTrue(vm.patientModeProperty().get());
        robot.clickOn("#confirm-signature");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.draft().signatures().stream().anyMatch(x -> x.role() == ConsentSession.SignatureRole.PATIENT
                && x.strokes().equals(drawn)), "the signature is what was drawn before reading");
    }

    /**
     * Issue 16 §3: a screen that reports two places touched at once as one pointer (a single-touch screen, or a pen
     * delivered as mouse events, with the side of the hand on it) joins finger and palm into one line of 391-pixel
     * jumps. The pad refuses it in the patient's language, asks them to sign again, and is wiped; nothing is signed.
     */
    @Test
    void aLineJumpingBetweenFingerAndPalmIsRefusedInThePatientsLanguageAndThePadAsksToSignAgain(FxRobot robot)
            throws Exception {
        services = servicesWithOnePatient();
        WizardViewModel vm = WizardViewModel.resume(explainedYesterday().withId("w-7"), false, Examples.template(),
                Examples.CLINIC_CLOCK, Duration.ZERO, "2468"::equals);
        show(robot, vm);
        robot.clickOn("#handover");
        org.exoconsent.ui.controls.SignaturePad pad = robot.lookup("#signature-pad")
                .queryAs(org.exoconsent.ui.controls.SignaturePad.class);
        Node canvas = pad.getChildrenUnmodifiable().get(0);
        robot.interact(() -> {
            javafx.event.EventType<javafx.scene.input.MouseEvent> type = javafx.scene.input.MouseEvent.MOUSE_PRESSED;
            for (int i = 0; i < 60; i++) {
                double x = i % 2 == 0 ? 60 + 4 * i : 60 + 4 * (i - 1) + 391; // the finger, then the palm
                javafx.geometry.Point2D scene = canvas.localToScene(x, 110 + 20 * Math.sin(i / 6.0));
                Event.fireEvent(canvas, new javafx.scene.input.MouseEvent(type, scene.getX(), scene.getY(), 0, 0,
                        javafx.scene.input.MouseButton.PRIMARY, 1, false, false, false, false, true, false, false,
                        false, false, false, null));
                type = javafx.scene.input.MouseEvent.MOUSE_DRAGGED;
            }
            Event.fireEvent(canvas, new javafx.scene.input.MouseEvent(javafx.scene.input.MouseEvent.MOUSE_RELEASED,
                    0, 0, 0, 0, javafx.scene.input.MouseButton.PRIMARY, 1, false, false, false, false, false, false,
                    false, false, false, false, null));
        });
        assertEquals(1, pad.strokes().size());
        robot.clickOn("#confirm-signature");
        WaitForAsyncUtils.waitForFxEvents();
        ResourceBundle japanese = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.JAPANESE,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        assertEquals(japanese.getString("sign.oneHand"), robot.lookup("#sign-message").queryAs(Label.class).getText(),
                "in the patient's language");
        assertTrue(japanese.getString("sign.oneHand").contains("もう一度署名してください"));
        assertTrue(pad.emptyProperty().get(), "the pad is wiped to sign again");
        assertEquals(List.of(), vm.draft().signatures(), "nothing was signed");
        org.exoconsent.testing.Screenshots.save(robot.capture(view).getImage(), "5f-sign-again-one-hand");
        drawAndConfirm(robot);
        assertTrue(vm.draft().signatures().stream().anyMatch(x -> x.role() == ConsentSession.SignatureRole.PATIENT),
                "signed again with one hand");
    }

    /** The example as a 16-year-old's consultation, explained and checked, with her father as legal representative. */
    private static ConsentSession minorExplained(String id) {
        ConsentSession s = explainedYesterday().withId(id);
        ConsentSession.Patient p = s.patient();
        return new ConsentSession(s.schemaVersion(), id, s.template(), s.clinic(), s.physician(),
                new ConsentSession.Patient(p.name(), p.kana(), java.time.LocalDate.parse("2010-04-01"),
                        p.patientNumber(), p.phone(), p.address()),
                new ConsentSession.Representative("佐藤 一郎", "さとう いちろう", ConsentSession.Relationship.FATHER, null, null), s.treatment(), null,
                null, s.startedAt(), s.preparedBy(), s.confirmedBy(), s.acknowledgements(), s.checkQuestions(), s.notes(), null,
                List.of());
    }

    @Test
    void aMinorsRepresentativeConsentsFirstThenTheMinorSignsTheirAssent(FxRobot robot) throws Exception {
        services = servicesWithOnePatient();
        WizardViewModel vm = WizardViewModel.resume(minorExplained("w-5"), false, Examples.template(),
                Examples.CLINIC_CLOCK, Duration.ZERO, "2468"::equals);
        show(robot, vm);
        assertEquals(WizardViewModel.Step.HANDOVER, vm.stepProperty().get());
        assertTrue(robot.lookup("#assent-info").queryAs(Label.class).getText().contains("under 18"),
                "the staff are told how a minor signs, in their language");
        assertEquals("The patient will sign their assent.", robot.lookup("#assent-state").queryAs(Label.class)
                .getText());
        assertEveryControlNamed(robot, "minor's hand-over");
        org.exoconsent.testing.Screenshots.save(robot.capture(view).getImage(), "4b-minor-hand-over");
        robot.clickOn("#handover");
        assertEquals("法定代理人の方：こちらに署名してください", robot.lookup("#signer").queryAs(Label.class).getText(),
                "the representative signs first");
        // the signer sees who signs and the very sentence the PDF will print above the signature (issue 12 §3)
        org.exoconsent.template.LanguageText.Declarations d = Examples.template().language("ja").orElseThrow()
                .declarations();
        assertEquals("法定代理人（父）：佐藤 一郎", robot.lookup("#signer-name").queryAs(Label.class).getText());
        assertEquals(d.representative(), robot.lookup("#signing-declaration").queryAs(Label.class).getText());
        drawAndConfirm(robot);
        assertEquals("患者さんご本人：賛成する場合は、ここに署名してください",
                robot.lookup("#signer").queryAs(Label.class).getText(), "then the minor's own assent");
        assertEquals("患者さんご本人（賛成）：佐藤 花子", robot.lookup("#signer-name").queryAs(Label.class).getText());
        assertEquals(d.assent(), robot.lookup("#signing-declaration").queryAs(Label.class).getText(),
                "the assent declaration, never the patient's consent");
        org.exoconsent.testing.Screenshots.save(robot.capture(view).getImage(), "5c-minor-assent");
    }

    @Test
    void thePhysicianRecordsWhyAMinorCannotSignAndThePadAsksOnlyTheRepresentative(FxRobot robot) throws Exception {
        services = servicesWithOnePatient();
        WizardViewModel vm = WizardViewModel.resume(minorExplained("w-6"), false, Examples.template(),
                Examples.CLINIC_CLOCK, Duration.ZERO, "2468"::equals);
        show(robot, vm);
        robot.clickOn("#assent-reason").write("Asleep after the procedure; cannot sign today");
        robot.clickOn("#assent-password").write("not the password");
        robot.clickOn("#save-assent-reason");
        waitUntil(() -> robot.lookup("#assent-state").queryAs(Label.class).getText().contains("wrong"),
                "the refusal of a wrong password");
        assertNull(vm.assentNotSigned(), "staff cannot record the physician's reason without the password");
        robot.clickOn("#assent-password").write(org.exoconsent.records.TestAccounts.PHYSICIAN_PASSWORD);
        robot.clickOn("#save-assent-reason");
        waitUntil(() -> vm.assentNotSigned() != null, "the physician's reason");
        assertEquals("The patient will not sign. Reason recorded: Asleep after the procedure; cannot sign today",
                robot.lookup("#assent-state").queryAs(Label.class).getText());
        assertEquals("yamada", vm.assentNotSigned().account());
        assertEquals("Asleep after the procedure; cannot sign today", vm.assentNotSigned().reason());
        robot.clickOn("#handover");
        drawAndConfirm(robot);
        assertTrue(vm.draft().signatures().stream().anyMatch(x -> x.role()
                == ConsentSession.SignatureRole.REPRESENTATIVE));
        assertTrue(robot.lookup("#pin").tryQuery().isPresent(), "no pad for the minor: staff unlock next");
    }

    // --- keyboard only --------------------------------------------------------------------------------------

    /** Presses Tab until the control is focused: proof that the keyboard reaches it. */
    private static void tabTo(FxRobot robot, String id) {
        for (int i = 0; i < 60; i++) {
            Node focused = robot.targetWindow(robot.window(0)).window(0).getScene().getFocusOwner();
            if (focused != null && id.equals(focused.getId())) {
                return;
            }
            robot.type(KeyCode.TAB);
        }
        fail("the keyboard cannot reach #" + id);
    }

    private static void tabAndType(FxRobot robot, String id, String text) {
        tabTo(robot, id);
        robot.write(text);
    }

    /** Opens a focused combo box with the keyboard and picks the n-th item. */
    private static void tabAndChoose(FxRobot robot, String id, int downs) {
        tabTo(robot, id);
        robot.type(KeyCode.SPACE);
        for (int i = 0; i < downs; i++) {
            robot.type(KeyCode.DOWN);
        }
        robot.type(KeyCode.ENTER);
    }

    private void assertEveryControlNamed(FxRobot robot, String page) {
        WaitForAsyncUtils.waitForFxEvents();
        List<String> unnamed = org.exoconsent.testing.Accessibility.unnamedControls(view);
        assertEquals(List.of(), unnamed, "controls without an accessible name on the " + page + " page");
    }

    @Test
    void theConsultationCanBeRunWithTheKeyboardAloneUpToTheSignaturesAndEveryControlHasAName(FxRobot robot)
            throws Exception {
        services = servicesWithOnePatient();
        WizardViewModel vm = new WizardViewModel(Examples.template(), Examples.CLINIC_CLOCK, "w-3", Duration.ZERO,
                "2468"::equals);
        show(robot, vm);
        assertEveryControlNamed(robot, "start");
        tabAndChoose(robot, "physician", 1);
        tabAndType(robot, "patient-name", "Keiko Ito");
        tabAndType(robot, "patient-dateOfBirth", "1950-01-02");
        tabAndType(robot, "patient-patientNumber", "P-900");
        tabAndChoose(robot, "language", 2); // en
        tabAndChoose(robot, "treatment-indication", 1);
        tabAndChoose(robot, "treatment-route", 1);
        tabAndChoose(robot, "treatment-lot", 1);
        tabAndType(robot, "treatment-plannedDate", "2026-12-01");
        tabAndType(robot, "treatment-priceYen", "200000");
        tabAndChoose(robot, "treatment-coolingOff", 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#begin").queryButton().isDisabled(), "the form is complete");
        tabTo(robot, "begin");
        robot.type(KeyCode.SPACE);
        assertEquals(WizardViewModel.Step.CONFIRMATION, vm.stepProperty().get());
        assertEveryControlNamed(robot, "confirmation");
        tabTo(robot, "confirm-password");
        robot.write(org.exoconsent.records.TestAccounts.PASSWORD);
        tabTo(robot, "confirm-treatment");
        robot.type(KeyCode.SPACE);
        org.exoconsent.testing.FxWait.until(() -> vm.stepProperty().get() == WizardViewModel.Step.EXPLANATION,
                "the explanation after the physician's confirmation", 20);

        for (int i = 0; i < vm.sections().size(); i++) {
            if (i == 0) {
                assertEveryControlNamed(robot, "explanation");
            }
            tabTo(robot, "understood");
            robot.type(KeyCode.SPACE);
            tabTo(robot, "next");
            robot.type(KeyCode.SPACE);
        }
        assertEquals(WizardViewModel.Step.CHECK_QUESTIONS, vm.stepProperty().get());
        assertEveryControlNamed(robot, "question");
        for (int i = 0; i < Examples.template().manifest().questions().size(); i++) {
            tabTo(robot, "option-" + vm.currentQuestion().correct());
            robot.type(KeyCode.SPACE);
        }
        assertEquals(WizardViewModel.Step.HANDOVER, vm.stepProperty().get());
        assertEveryControlNamed(robot, "hand-over");
        tabTo(robot, "handover");
        robot.type(KeyCode.SPACE);
        assertTrue(vm.patientModeProperty().get(), "patient mode by keyboard");
        assertEveryControlNamed(robot, "signature");
        assertEquals(Examples.template().manifest().questions().size(), vm.draft().checkQuestions().size());
        assertEquals("Keiko Ito", vm.draft().patient().name());
        assertEquals("en", vm.draft().template().language());
    }
}
