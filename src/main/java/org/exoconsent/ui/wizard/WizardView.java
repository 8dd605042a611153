package org.exoconsent.ui.wizard;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.ConsentSession.SignatureRole;
import org.exoconsent.records.RecordStore;
import org.exoconsent.template.LanguageText;
import org.exoconsent.template.Manifest;
import org.exoconsent.template.RenderedSection;
import org.exoconsent.ui.controls.SignaturePad;

/**
 * The consultation wizard on screen: one page per step over a {@link WizardViewModel}, large type, one idea per
 * page, Next enabled only when the page is done. The view holds no rules (the view model's {@code Consultation}
 * does) and shows what the view model says; the view model runs the password checks and sign and save on the
 * background executor.
 */
public final class WizardView extends BorderPane {
    private final WizardViewModel vm;
    /** The staff language and the patient's, and which page is whose (issue 16 §6; docs/SESSION.md). */
    private final PageLanguage languages;
    /** The staff language: the start form, confirmation, hand-over, unlock, physician, notes, review ... */
    private final ResourceBundle staff;
    /** ... and the language of the page being shown ({@link PageLanguage#forPage}). */
    private ResourceBundle ui;
    private final ConsultationServices services;
    private final ExecutorService background;
    private final Runnable toHome;
    private final Label stepTitle = new Label();
    private final Label progress = new Label();
    private final Label banner = new Label();
    /** The calm notice that the draft is kept on this device while the server cannot be reached (issue 17 §3). */
    private final Label kept = new Label();
    private WizardViewModel.AnswerResult lastWrong;
    private final StartPage startPage;
    /** The file chooser, print dialog and printers the patient's copy uses (tests replace them). */
    private org.exoconsent.ui.copy.PatientCopyBar.Hooks copyHooks = org.exoconsent.ui.copy.PatientCopyBar.Hooks
            .desktop(() -> getScene() == null ? null : getScene().getWindow());
    /** Larger text and high contrast: labelled in the language of the page, since the patient uses them too. */
    private final javafx.scene.control.ToggleButton larger;
    private final javafx.scene.control.ToggleButton contrast;
    /** True once the informed refusal's pages are shown in place of the wizard's (issue 16 §5). */
    private boolean refusing;

    public WizardView(WizardViewModel vm, ResourceBundle ui, ConsultationServices services,
                      RecordStore.CatalogView catalog, ExecutorService background, Runnable toHome) {
        this.vm = vm;
        this.languages = new PageLanguage(ui, () -> vm.draft().template().language());
        this.staff = languages.staff();
        this.ui = ui;
        this.services = services;
        this.background = background;
        this.toHome = toHome;
        // what the view model runs off the FX thread: the store's password checks, and sign and save
        vm.setConfirmer(services::confirmTreatment);
        vm.setAssentRecorder(services::recordAssentReason);
        vm.setExplanationRecorder(services::recordExplainedAgain);
        vm.setSignAndSave(services::signAndSave);
        vm.setEndRecorder(services::endConsultation);
        // "the patient declined" after the explanation began: the informed refusal's pages first (issue 16 §5); staff
        // may end without the document there, and a consultation the refusal cannot begin for ends as declined
        vm.setOnDeclinedAfterExplanation((explained, words, thenEnd) -> {
            try {
                // the patient holds the tablet on the refusal's page: ending there asks the staff PIN, as everywhere
                declineAfterExplanation().setWithoutDocument(() -> {
                    if (vm.patientModeProperty().get()) {
                        askToEnd(toHome);
                    } else {
                        thenEnd.run();
                    }
                });
            } catch (org.exoconsent.consent.Consultation.Refused r) {
                thenEnd.run();
            }
        });
        getStylesheets().add(WizardView.class.getResource("/org/exoconsent/ui/wizard.css").toExternalForm());
        stepTitle.setId("step-title");
        stepTitle.getStyleClass().add("step-title");
        progress.getStyleClass().add("step-progress");
        progress.setId("step-progress");
        banner.setId("patient-mode-banner");
        banner.getStyleClass().add("patient-mode-banner");
        banner.setMaxWidth(Double.MAX_VALUE);
        larger = new javafx.scene.control.ToggleButton(ui.getString("view.largerText"));
        larger.setId("larger-text");
        larger.setAccessibleText(ui.getString("view.largerText"));
        larger.selectedProperty().addListener((o, was, on) -> toggleStyle("larger", on));
        contrast = new javafx.scene.control.ToggleButton(ui.getString("view.highContrast"));
        contrast.setId("high-contrast");
        contrast.setAccessibleText(ui.getString("view.highContrast"));
        contrast.selectedProperty().addListener((o, was, on) -> toggleStyle("high-contrast", on));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox titleRow = new HBox(12, new VBox(4, stepTitle, progress), gap, larger, contrast, endButton());
        titleRow.setAlignment(Pos.CENTER_LEFT);
        // the step's name wraps beside the two switches, which keep their whole labels (issue 16 §4)
        stepTitle.setWrapText(true);
        stepTitle.setMinHeight(Region.USE_PREF_SIZE);
        larger.setMinWidth(Region.USE_PREF_SIZE);
        contrast.setMinWidth(Region.USE_PREF_SIZE);
        kept.setId("draft-kept-notice");
        kept.getStyleClass().add("draft-kept-notice");
        kept.setWrapText(true);
        kept.setMaxWidth(Double.MAX_VALUE);
        kept.setMinHeight(Region.USE_PREF_SIZE);
        showKept();
        vm.draftPlaceProperty().addListener((o, was, now) -> showKept());
        vm.signAndSaveRefusedProperty().addListener((o, was, now) -> showKept());
        VBox top = new VBox(4, banner, kept, titleRow);
        top.setPadding(new Insets(16, 32, 8, 32));
        setTop(top);
        startPage = new StartPage(ui, vm.template(), catalog,
                vm.clock().today(),
                services::findPatients, background, setup -> vm.start(setup, services.principal().name()));
        startPage.preselectPhysician(services.principal().physicianLicence()); // issue 16 §7
        vm.stepProperty().addListener((o, a, b) -> refresh());
        vm.sectionIndexProperty().addListener((o, a, b) -> refresh());
        vm.questionIndexProperty().addListener((o, a, b) -> refresh());
        vm.patientModeProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    // --- ending the consultation at any step (issue 16 §5) ---------------------------------------------------

    /**
     * "End consultation", in the wizard's frame on every page, in the staff's language (in patient mode it asks for
     * the staff PIN first).
     */
    private Button endButton() {
        Button end = new Button(staff.getString("end.button"));
        end.setId("end-consultation");
        end.getStyleClass().add("secondary");
        end.setAccessibleText(staff.getString("end.button"));
        end.setMinWidth(Region.USE_PREF_SIZE);
        end.setOnAction(e -> askToEnd(toHome));
        return end;
    }

    /**
     * Asks staff why the consultation ends ({@link EndConsultationDialog}); once the ending is recorded, runs
     * {@code afterEnded} (the home screen, or the window closes). A consultation that no longer goes on (recorded)
     * runs it at once.
     */
    public void askToEnd(Runnable afterEnded) {
        if (!vm.goesOn()) {
            afterEnded.run();
            return;
        }
        EndConsultationDialog.show(getScene().getWindow(), staff, vm, services.principal().name(),
                org.exoconsent.ui.controls.StoreName.of(staff, services.store().location()), background, javafx.application.Platform::runLater, afterEnded);
    }

    private void toggleStyle(String styleClass, boolean on) {
        if (on) {
            getStyleClass().add(styleClass);
        } else {
            getStyleClass().remove(styleClass);
        }
    }

    /**
     * Replaces the file chooser, print dialog and printer lookup of the review page's "for the patient" buttons
     * (a headless test cannot drive the system's dialogs). Takes effect on the next page shown.
     */
    public void setPatientCopyHooks(org.exoconsent.ui.copy.PatientCopyBar.Hooks hooks) {
        this.copyHooks = hooks;
    }

    public WizardViewModel viewModel() {
        return vm;
    }

    /**
     * The patient declined after the explanation began (issue 16 §5): the informed refusal's pages take the place of
     * the wizard's page (the larger-text and contrast switches stay), wired to the store as the consultation is. The
     * "End consultation" dialog calls this for "patient declined" when {@code viewModel().explanationBegun()}.
     *
     * @return the refusal's view, shown
     * @throws org.exoconsent.consent.Consultation.Refused as {@link WizardViewModel#declineAfterExplanation()}
     */
    public RefusalView declineAfterExplanation() {
        refusing = true; // patient mode begins with the refusal's page: refresh() keeps it
        RefusalViewModel refusal;
        try {
            refusal = vm.declineAfterExplanation();
        } catch (RuntimeException e) {
            refusing = false;
            throw e;
        }
        refusal.setNoteRecorder(services::recordRefusalNote);
        refusal.setSave(services::saveRefusal);
        RefusalView view = new RefusalView(refusal, staff, background, toHome); // pages by reader, as below
        view.setUnlock(m -> unlockControls(staff, m)); // staff unlock as on the consent's signature page
        stepTitle.setText(refusal.words().title());
        progress.setText("");
        setCenter(view);
        refresh();
        return view;
    }

    /**
     * The notice of where the draft is kept, in the language of the page shown: none while it is in the store; calm
     * while it is on this device (the wizard goes on: {@code wizard.keptOnDevice}), except at the review after a
     * refused "sign and save", when nothing was signed and the staff wait for the connection and press it again
     * ({@code wizard.keptOnDeviceNotSigned}); the reason when neither could keep it.
     */
    private void showKept() {
        WizardViewModel.DraftPlace place = vm.draftPlaceProperty().get();
        boolean shown = place != WizardViewModel.DraftPlace.STORE;
        boolean refused = vm.signAndSaveRefusedProperty().get()
                && vm.stepProperty().get() == WizardViewModel.Step.REVIEW;
        kept.setVisible(shown);
        kept.setManaged(shown);
        kept.setText(!shown ? "" : place == WizardViewModel.DraftPlace.DEVICE
                ? ui.getString(refused ? "wizard.keptOnDeviceNotSigned" : "wizard.keptOnDevice")
                : MessageFormat.format(ui.getString("wizard.notKept"), vm.draftProblem()));
        kept.setAccessibleText(kept.getText());
    }

    private void refresh() {
        if (refusing) { // the informed refusal's pages stay; the banner follows patient mode (issue 16 §5)
            banner.setText(org.exoconsent.ui.controls.UiLanguage.bundle(vm.draft().template().language())
                    .getString("sign.patientMode"));
            banner.setVisible(vm.patientModeProperty().get());
            banner.setManaged(vm.patientModeProperty().get());
            return;
        }
        if (document != null) { // the page is drawn anew: the document view goes
            document.close();
        }
        WizardViewModel.Step step = vm.stepProperty().get();
        ui = languages.forPage(step, step == WizardViewModel.Step.SIGNATURES ? signerShown() : null);
        banner.setText(ui.getString("sign.patientMode"));
        for (var t : new javafx.scene.control.ToggleButton[] {larger, contrast}) {
            String key = t == larger ? "view.largerText" : "view.highContrast";
            t.setText(ui.getString(key));
            t.setAccessibleText(ui.getString(key));
        }
        stepTitle.setText(ui.getString("step." + step.name()));
        showKept();
        // the start form is the staff's and keeps its size (issue 16 §4): the patient's pages offer the larger text
        larger.setVisible(step != WizardViewModel.Step.START);
        larger.setManaged(step != WizardViewModel.Step.START);
        banner.setVisible(vm.patientModeProperty().get());
        banner.setManaged(vm.patientModeProperty().get());
        progress.setText("");
        Node page = switch (step) {
            case START -> startPage;
            case CONFIRMATION -> confirmationPage();
            case EXPLANATION -> explanationPage();
            case CHECK_QUESTIONS -> checkQuestionsPage();
            case HANDOVER -> handoverPage();
            case SIGNATURES -> signaturePage();
            case REVIEW -> reviewPage();
        };
        setCenter(page);
    }

    /**
     * Who signs on the signature page now: the patient's side while one of them has yet to sign, else the physician
     * outside patient mode; null when the page asks no signature (the staff PIN, or Next).
     */
    private SignatureRole signerShown() {
        SignatureRole next = vm.nextSigner();
        if (next == null || next == SignatureRole.PHYSICIAN && vm.patientModeProperty().get()) {
            return null;
        }
        return next;
    }

    private LanguageText text() {
        return vm.template().language(vm.draft().template().language()).orElseThrow();
    }

    private Button button(String id, String key, String style) {
        Button b = new Button(ui.getString(key));
        b.setId(id);
        b.getStyleClass().add(style);
        b.setAccessibleText(ui.getString(key));
        b.setMinWidth(Region.USE_PREF_SIZE); // its whole label, never "…" (issue 16 §4)
        return b;
    }

    private Label paragraph(String text, String... styles) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add("paragraph");
        l.getStyleClass().addAll(styles);
        l.setMaxWidth(1000);
        l.setMinHeight(Region.USE_PREF_SIZE); // never cut to fewer lines (issue 16 §4)
        return l;
    }

    private Node explanationPage() {
        RenderedSection s = vm.currentSection();
        progress.setText(MessageFormat.format(ui.getString("explanation.progress"), vm.sectionIndexProperty().get() + 1,
                vm.sections().size()));
        VBox body = new VBox(14);
        body.setPadding(new Insets(8, 32, 16, 32));
        if (lastWrong != null) {
            VBox box = new VBox(8, paragraph(ui.getString("checkQuestions.wrong")), paragraph(lastWrong.explanation()));
            box.getStyleClass().add("explanation-box");
            box.setId("wrong-answer-explanation");
            body.getChildren().add(box);
        }
        RenderedSection explainAgain = vm.sectionToExplainAgain();
        if (explainAgain != null) {
            body.getChildren().add(0, explainAgainPanel(explainAgain));
        }
        Label title = paragraph(s.title(), "section-title");
        title.setId("section-title");
        body.getChildren().add(title);
        for (String p : s.paragraphs()) {
            body.getChildren().add(paragraph(p, "large-text"));
        }
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        Button understood = button("understood", "explanation.understood", "understood");
        Label done = new Label(ui.getString("explanation.done"));
        done.getStyleClass().add("understood-done");
        done.setId("understood-done");
        boolean acked = vm.isAcknowledged(s.id());
        understood.setVisible(!acked);
        understood.setManaged(!acked);
        done.setVisible(acked);
        understood.setDisable(explainAgain != null); // the physician explains first (rule C5)
        understood.setOnAction(e -> {
            vm.acknowledge();
            refresh();
        });
        Button back = button("back", "explanation.back", "secondary");
        back.setOnAction(e -> vm.back());
        back.setDisable(vm.sectionIndexProperty().get() == 0 || lastWrong != null || vm.readingAgain());
        Button next = button("next", lastWrong != null ? "checkQuestions.backToQuestion" : "explanation.next", "primary");
        next.disableProperty().bind(vm.canAdvanceProperty().not());
        next.setOnAction(e -> {
            lastWrong = null;
            vm.next();
        });
        Button notes = button("notes", "explanation.notes", "secondary");
        notes.setText(staff.getString("explanation.notes")); // the physician's: in the staff language
        notes.setAccessibleText(notes.getText());
        notes.setOnAction(e -> showNotes());
        // Back and "I have understood" at the left, Notes and Next at the right; on a narrow screen in larger text
        // the right ones go onto a second line rather than be cut (issue 16 §4)
        org.exoconsent.ui.controls.TwoSidedRow nav = new org.exoconsent.ui.controls.TwoSidedRow(16,
                java.util.List.of(back, understood, done), java.util.List.of(notes, next));
        nav.setPadding(new Insets(12, 32, 24, 32));
        VBox page = new VBox(scroll, nav);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        return page;
    }

    /**
     * For staff, in the staff's language, after every third wrong answer to a check question (rule C5, issue 16 §7):
     * "Please explain section X again in person"; the physician who confirmed the treatment confirms with their own
     * password that they did (printed in the PDF with the time), and only then may the patient acknowledge the
     * section again.
     */
    private Node explainAgainPanel(RenderedSection section) {
        Label title = paragraph(MessageFormat.format(staff.getString("explainAgain.title"), section.title()),
                "section-title");
        title.setId("explain-again-title");
        Label info = paragraph(MessageFormat.format(staff.getString("explainAgain.info"), vm.wrongAnswers(),
                vm.questionIndexProperty().get() + 1, MessageFormat.format(staff.getString("parenthetical"),
                        vm.explainingPhysicianName(), vm.explainingPhysician())));
        info.setId("explain-again-info");
        PasswordField password = new PasswordField();
        password.setId("explain-again-password");
        password.setAccessibleText(staff.getString("explainAgain.password"));
        password.setPromptText(staff.getString("explainAgain.password"));
        password.setPrefWidth(260);
        Label passwordLabel = new Label(staff.getString("explainAgain.password"));
        passwordLabel.setLabelFor(password);
        Button confirm = button("explain-again-confirm", "explainAgain.confirm", "primary");
        confirm.setText(staff.getString("explainAgain.confirm"));
        confirm.setAccessibleText(staff.getString("explainAgain.confirm"));
        confirm.disableProperty().bind(password.textProperty().isEmpty());
        Label message = new Label();
        message.setId("explain-again-message");
        message.getStyleClass().add("field-error");
        message.setWrapText(true);
        Runnable run = () -> {
            message.setText("");
            confirm.disableProperty().unbind();
            confirm.setDisable(true);
            vm.explainAgain(takePassword(password), background, javafx.application.Platform::runLater, problem -> {
                if (problem == null) {
                    refresh(); // the patient may now acknowledge the section again
                } else {
                    message.setText(staff.getString(problem));
                    confirm.disableProperty().bind(password.textProperty().isEmpty());
                }
            }, failure -> {
                message.setText(org.exoconsent.ui.controls.SignInRefusalText.of(staff, failure));
                confirm.disableProperty().bind(password.textProperty().isEmpty());
            });
        };
        confirm.setOnAction(e -> run.run());
        password.setOnAction(e -> {
            if (!confirm.isDisabled()) {
                run.run();
            }
        });
        HBox row = new HBox(12, passwordLabel, password, confirm);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(8, title, info, row, message);
        box.getStyleClass().addAll("explanation-box", "staff-panel");
        box.setId("explain-again-panel");
        box.setMaxWidth(1000);
        return box;
    }

    /** The physician's notes and the patient's questions, kept in the session and printed in the PDF. */
    private void showNotes() {
        javafx.scene.control.Dialog<javafx.scene.control.ButtonType> d = new javafx.scene.control.Dialog<>();
        d.setTitle(staff.getString("explanation.notes"));
        org.exoconsent.ui.controls.Dialogs.over(this, d); // modal over the wizard; focus returns to it afterwards
        javafx.scene.control.TextArea physician = new javafx.scene.control.TextArea(
                vm.draft().notes() == null ? "" : java.util.Objects.toString(vm.draft().notes().physician(), ""));
        physician.setId("physician-notes");
        physician.setPrefRowCount(4);
        javafx.scene.control.TextField question = new javafx.scene.control.TextField();
        question.setId("patient-question");
        javafx.scene.control.TextField answer = new javafx.scene.control.TextField();
        answer.setId("patient-answer");
        Label problem = new Label();
        problem.setId("notes-problem");
        problem.getStyleClass().add("field-error");
        problem.setWrapText(true);
        VBox box = new VBox(8, new Label(staff.getString("notes.physician")), physician,
                new Label(staff.getString("notes.question")), question, new Label(staff.getString("notes.answer")),
                answer, problem);
        box.setPadding(new Insets(12));
        d.getDialogPane().setContent(box);
        d.getDialogPane().getButtonTypes().addAll(javafx.scene.control.ButtonType.OK,
                javafx.scene.control.ButtonType.CANCEL);
        // a character the PDF could not print, or an invisible one, is named as it is typed; OK waits for it to go
        Runnable check = () -> {
            String m = StartValidation.characterMessage(staff, "notes.physician", physician.getText(), true);
            m = m != null ? m : StartValidation.characterMessage(staff, "notes.patientQuestions[0].question",
                    question.getText(), false);
            m = m != null ? m : StartValidation.characterMessage(staff, "notes.patientQuestions[0].answer",
                    answer.getText(), false);
            problem.setText(m == null ? "" : m);
            d.getDialogPane().lookupButton(javafx.scene.control.ButtonType.OK).setDisable(m != null);
        };
        physician.textProperty().addListener((o, a, b) -> check.run());
        question.textProperty().addListener((o, a, b) -> check.run());
        answer.textProperty().addListener((o, a, b) -> check.run());
        check.run();
        d.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).ifPresent(b -> {
            vm.setPhysicianNotes(physician.getText().isBlank() ? null : physician.getText().strip());
            if (!question.getText().isBlank()) {
                vm.addPatientQuestion(question.getText().strip(), answer.getText().strip());
            }
        });
    }

    /**
     * The physician confirms the prepared treatment with their own password (not the staff PIN) before the
     * explanation starts: the page shows what they confirm, in the staff's language.
     */
    private Node confirmationPage() {
        ConsultationSetup st = vm.setup();
        ConsentSession.Treatment t = st.treatment();
        LanguageText staffText = vm.template().languageOrFirst(org.exoconsent.ui.controls.UiLanguage.of(staff));
        VBox page = new VBox(12);
        page.setPadding(new Insets(16, 32, 24, 32));
        Label intro = paragraph(MessageFormat.format(staff.getString("confirm.intro"), st.physician().name(),
                st.physician().licenceNumber()), "section-title");
        intro.setId("confirm-intro");
        Label summary = paragraph(MessageFormat.format(staff.getString("confirm.summary"),
                st.patient().name(), st.patient().patientNumber(), staffText.indications().get(t.indication()),
                t.product().name(), t.lot().number(), staff.getString("route." + t.route().name()), t.sessions(),
                t.plannedDate()), "large-text");
        summary.setId("confirm-summary");
        Label prepared = paragraph(MessageFormat.format(staff.getString("confirm.preparedBy"),
                vm.draft().preparedBy().account()));
        // who the patient is for the decision: their age on the consultation day, and a minor's representative
        java.time.LocalDate day = org.exoconsent.consent.CompletenessCheck.consultationDay(vm.draft(), vm.clock());
        int age = java.time.Period.between(st.patient().dateOfBirth(), day).getYears();
        Label patient = paragraph(vm.isMinor() && st.representative() != null
                ? MessageFormat.format(staff.getString("confirm.minor"), age, st.representative().name(),
                        relationship(staff, st.representative()))
                : MessageFormat.format(staff.getString("confirm.age"), age), "large-text");
        patient.setId("confirm-patient");
        javafx.scene.control.TextField account = new javafx.scene.control.TextField();
        account.setId("confirm-account");
        account.setAccessibleText(staff.getString("confirm.account"));
        account.setMaxWidth(330);
        org.exoconsent.records.Principal me = services.principal();
        if (st.physician().licenceNumber().equals(me.physicianLicence())) {
            account.setText(me.name()); // the physician signed in on this device: only the password is asked
        }
        PasswordField password = new PasswordField();
        password.setId("confirm-password");
        password.setAccessibleText(staff.getString("confirm.password"));
        password.setMaxWidth(330);
        Label message = new Label();
        message.setId("confirm-message");
        message.getStyleClass().add("field-error");
        message.setWrapText(true);
        Button confirm = button("confirm-treatment", "confirm.button", "primary");
        confirm.disableProperty().bind(account.textProperty().isEmpty().or(password.textProperty().isEmpty()));
        Runnable run = () -> {
            message.setText(""); // a new attempt: the last refusal no longer stands
            String who = account.getText().strip();
            confirm.disableProperty().unbind();
            confirm.setDisable(true);
            vm.confirm(who, takePassword(password), background, javafx.application.Platform::runLater, failure -> {
                message.setText(org.exoconsent.ui.controls.SignInRefusalText.of(staff, failure));
                confirm.disableProperty().bind(account.textProperty().isEmpty()
                        .or(password.textProperty().isEmpty()));
            });
        };
        confirm.setOnAction(e -> run.run());
        password.setOnAction(e -> {
            if (!confirm.isDisabled()) {
                run.run();
            }
        });
        javafx.scene.layout.GridPane form = new javafx.scene.layout.GridPane();
        form.setHgap(12);
        form.setVgap(8);
        Label accountLabel = new Label(staff.getString("confirm.account"));
        accountLabel.setLabelFor(account);
        Label passwordLabel = new Label(staff.getString("confirm.password"));
        passwordLabel.setLabelFor(password);
        form.addRow(0, accountLabel, account);
        form.addRow(1, passwordLabel, password);
        Button back = button("confirm-back", "confirm.back", "secondary");
        back.setText(staff.getString("confirm.back"));
        back.setOnAction(e -> vm.backToPreparation());
        page.getChildren().addAll(intro, summary, patient, prepared, paragraph(staff.getString("confirm.why")), form,
                new HBox(16, confirm, back), message);
        ScrollPane scroll = new ScrollPane(page);
        scroll.setFitToWidth(true);
        return scroll;
    }

    /**
     * Takes the password out of its field, which is cleared at once; the view model checks it off the FX thread and
     * wipes it.
     */
    private static char[] takePassword(PasswordField field) {
        char[] pw = field.getText().toCharArray();
        field.clear();
        return pw;
    }

    private Node checkQuestionsPage() {
        Manifest.QuestionDef q = vm.currentQuestion();
        LanguageText.QuestionText qt = text().question(q.id());
        progress.setText(MessageFormat.format(ui.getString("checkQuestions.progress"), vm.questionIndexProperty().get() + 1,
                vm.template().manifest().questions().size()));
        VBox page = new VBox(18);
        page.setPadding(new Insets(16, 32, 24, 32));
        Label question = paragraph(qt.text(), "section-title");
        question.setId("question");
        page.getChildren().add(question);
        for (LanguageText.OptionText o : qt.options()) {
            Button option = new Button(o.text());
            option.setId("option-" + o.id());
            option.getStyleClass().add("option");
            option.setWrapText(true);
            option.setAccessibleText(o.text());
            option.setOnAction(e -> {
                WizardViewModel.AnswerResult r = vm.answer(o.id());
                lastWrong = r.correct() ? null : r;
                refresh();
            });
            page.getChildren().add(option);
        }
        return page;
    }

    private Node handoverPage() {
        if (!vm.reflectionRemaining().isZero()) {
            // the clinic's reflection time is not over: say from when signing is possible, offer another day
            Label wait = paragraph(MessageFormat.format(ui.getString("handover.reflection"),
                    vm.clock().onScreen(vm.signableFrom())), "large-text");
            wait.setId("reflection-message");
            Button later = button("continue-later", "handover.later", "primary");
            later.setOnAction(e -> toHome.run()); // the draft is saved; it resumes from the home screen
            Button again = button("check-again", "handover.checkAgain", "secondary");
            again.setOnAction(e -> refresh());
            VBox page = new VBox(24, wait);
            ResourceBundle patient = languages.patient();
            if (!org.exoconsent.ui.controls.UiLanguage.of(patient).equals(org.exoconsent.ui.controls.UiLanguage.of(
                    ui))) { // staff show the patient when they may sign, in the patient's language too
                Label forPatient = paragraph(MessageFormat.format(patient.getString("handover.reflection"),
                        vm.clock().onScreen(vm.signableFrom())), "large-text");
                forPatient.setId("reflection-message-patient");
                page.getChildren().add(forPatient);
            }
            page.getChildren().add(new HBox(16, later, again));
            page.setPadding(new Insets(32));
            page.setAlignment(Pos.TOP_LEFT);
            return page;
        }
        Button start = button("handover", "handover.start", "primary");
        start.setOnAction(e -> vm.handOver());
        VBox page = new VBox(24, paragraph(ui.getString("handover.title"), "section-title"));
        if (vm.isMinor()) {
            page.getChildren().add(assentReason());
        }
        page.getChildren().add(start);
        page.setPadding(new Insets(32));
        page.setAlignment(Pos.CENTER);
        return page;
    }

    /**
     * For a minor patient, in the staff's language before the hand-over: the minor signs their own assent after the
     * legal representative; when they cannot, the physician records why (printed in the PDF).
     */
    private Node assentReason() {
        Label info = paragraph(staff.getString("assent.info"));
        info.setId("assent-info");
        javafx.scene.control.TextField reason = new javafx.scene.control.TextField(
                vm.assentNotSigned() == null ? "" : vm.assentNotSigned().reason());
        reason.setId("assent-reason");
        reason.setAccessibleText(staff.getString("assent.reason"));
        reason.setPromptText(staff.getString("assent.reason"));
        reason.setPrefWidth(560);
        reason.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(reason, Priority.ALWAYS);
        Label state = new Label(vm.assentNotSigned() == null ? staff.getString("assent.willSign")
                : MessageFormat.format(staff.getString("assent.recorded"), vm.assentNotSigned().reason()));
        state.setId("assent-state");
        state.setWrapText(true);
        PasswordField password = new PasswordField();
        password.setId("assent-password");
        password.setAccessibleText(staff.getString("assent.password"));
        password.setPromptText(staff.getString("assent.password"));
        password.setPrefWidth(260);
        Button save = button("save-assent-reason", "assent.save", "secondary");
        save.setText(staff.getString("assent.save"));
        save.disableProperty().bind(reason.textProperty().isEmpty().or(password.textProperty().isEmpty()));
        Runnable show = () -> state.setText(vm.assentNotSigned() == null ? staff.getString("assent.willSign")
                : MessageFormat.format(staff.getString("assent.recorded"), vm.assentNotSigned().reason()));
        save.setOnAction(e -> {
            // the physician's own password: the reason is printed as their record (off the FX thread, then on it)
            vm.recordAssentReason(reason.getText(), takePassword(password), background,
                    javafx.application.Platform::runLater, problem -> {
                        if (problem != null) {
                            state.setText(staff.getString(problem));
                        } else {
                            show.run();
                        }
                    }, failure -> state.setText(failure.getMessage()));
        });
        Button withdraw = button("withdraw-assent-reason", "assent.withdraw", "secondary");
        withdraw.setText(staff.getString("assent.withdraw"));
        withdraw.setOnAction(e -> {
            String problem = vm.setAssentNotSigned(null);
            if (problem != null) {
                state.setText(staff.getString(problem));
            } else {
                reason.clear();
                show.run();
            }
        });
        VBox box = new VBox(8, info, reason, new HBox(12, password, save, withdraw), state);
        box.getStyleClass().add("explanation-box");
        box.setMaxWidth(900);
        return box;
    }

    private Node signaturePage() {
        SignatureRole nextSigner = vm.nextSigner(); // who signs in which order is the consultation's rule (C8)
        SignatureRole patientSide = nextSigner == SignatureRole.PHYSICIAN ? null : nextSigner;
        boolean consentingSigned = patientSide == null;
        boolean physicianSigned = vm.draft().signatures().stream().anyMatch(s -> s.role() == SignatureRole.PHYSICIAN);
        VBox page = new VBox(10); // the declaration, the pad and its buttons fit a 1280×800 tablet
        page.setPadding(new Insets(8, 32, 12, 32));
        page.setAlignment(Pos.TOP_CENTER);
        Label message = new Label();
        message.setId("sign-message");
        message.getStyleClass().add("field-error");
        message.setWrapText(true);
        if (!consentingSigned || (!vm.patientModeProperty().get() && !physicianSigned)) {
            SignatureRole role = consentingSigned ? SignatureRole.PHYSICIAN : patientSide;
            String whoKey = role == SignatureRole.PATIENT && vm.isMinor() ? "sign.assent"
                    : "sign." + role.name().toLowerCase(java.util.Locale.ROOT);
            Label who = paragraph(ui.getString(whoKey), "section-title");
            who.setId("signer");
            who.setAlignment(Pos.CENTER);
            who.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
            // who signs, and the exact sentence that will stand above the signature in the PDF (issue 12 §3)
            ConsentSession d = vm.draft();
            String signerName = switch (role) {
                case PATIENT -> MessageFormat.format(ui.getString(vm.isMinor() ? "signer.assent" : "signer.patient"),
                        d.patient().name());
                case REPRESENTATIVE -> MessageFormat.format(ui.getString("signer.representative"),
                        d.representative().name(), relationship(ui, d.representative()));
                case PHYSICIAN -> MessageFormat.format(ui.getString("signer.physician"), d.physician().name());
            };
            Label name = paragraph(signerName, "large-text");
            name.setId("signer-name");
            Label declaration = paragraph(org.exoconsent.consent.SessionText.declaration(d, vm.template(), role,
                    vm.clock()), "large-text");
            declaration.setId("signing-declaration");
            declaration.getStyleClass().add("explanation-box");
            declaration.setPrefWidth(900);
            declaration.setMaxWidth(900);
            declaration.setMinHeight(Region.USE_PREF_SIZE); // the whole sentence, wrapped, never cut short
            name.setPrefWidth(900);
            name.setMaxWidth(900);
            SignaturePad pad = new SignaturePad();
            // the page scrolls on a small screen (below); a stroke on the pad never scrolls it
            pad.addEventHandler(javafx.scene.input.ScrollEvent.ANY, javafx.event.Event::consume);
            pad.setAccessibleText(ui.getString(whoKey));
            Button clear = button("clear-signature", "sign.clear", "secondary");
            clear.setOnAction(e -> pad.clear());
            Button confirm = button("confirm-signature", "sign.confirm", "primary");
            confirm.disableProperty().bind(pad.emptyProperty());
            confirm.setOnAction(e -> {
                String problem = vm.sign(role, pad.strokes(), (int) SignaturePad.WIDTH, (int) SignaturePad.HEIGHT);
                if (problem != null) {
                    message.setText(ui.getString(problem));
                    pad.clear();
                } else {
                    refresh();
                }
            });
            // the whole document as it will be signed, to read before signing (issue 12 §3)
            Button read = button("read-document", "sign.readDocument", "secondary");
            read.setOnAction(e -> readWholeDocument(read));
            HBox buttons = new HBox(16, read, clear, confirm);
            buttons.setAlignment(Pos.CENTER);
            page.getChildren().addAll(who, declaration, name, pad, buttons, message);
        } else if (vm.patientModeProperty().get()) {
            page.getChildren().addAll(unlockControls(ui, message));
        }
        Button next = button("next", "explanation.next", "primary");
        next.disableProperty().bind(vm.canAdvanceProperty().not());
        next.setOnAction(e -> vm.next());
        page.getChildren().add(next);
        // on a small screen or in larger text the page is taller than the window: it scrolls (issue 16 §4)
        ScrollPane scroll = new ScrollPane(page);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("page-scroll"); // on the page's own paper, without a frame
        scroll.setFocusTraversable(false);
        return scroll;
    }

    /**
     * The staff PIN's title, field and "Unlock" button in {@code ui}'s language, leaving patient mode
     * ({@link WizardViewModel#unlock}); after {@link WizardViewModel#MAX_WRONG_PINS} wrong PINs the staff member's own
     * password. A refused unlock is said in {@code message}, which the caller places.
     */
    private java.util.List<Node> unlockControls(ResourceBundle ui, Label message) {
        {
            // the staff PIN; after WizardViewModel.MAX_WRONG_PINS wrong ones the staff member's own password
            PasswordField pin = new PasswordField();
            pin.setId("pin");
            pin.setAccessibleText(ui.getString(vm.pinBlockedProperty().get() ? "unlock.passwordTitle"
                    : "unlock.title"));
            pin.setMaxWidth(240);
            Button unlock = button("unlock", "sign.unlock", "primary");
            unlock.setText(ui.getString("sign.unlock")); // in the language asked, whatever the page's
            unlock.setAccessibleText(unlock.getText());
            Consumer<Object> tryUnlock = x -> {
                unlock.setDisable(true);
                java.util.function.BiConsumer<WizardViewModel.Unlock, Exception> then = (r, refusal) -> {
                    unlock.setDisable(false);
                    if (r != WizardViewModel.Unlock.UNLOCKED) {
                        message.setText(unlockRefusal(ui, r, refusal, services.principal().name(),
                                org.exoconsent.ui.controls.StoreName.of(ui, services.store().location())));
                        pin.setAccessibleText(ui.getString(vm.pinBlockedProperty().get() ? "unlock.passwordTitle"
                                : "unlock.title"));
                    }
                };
                if (vm.pinBlockedProperty().get()) {
                    vm.unlockWithPassword(pin.getText().toCharArray(), true, background,
                            javafx.application.Platform::runLater, then);
                } else {
                    vm.unlock(pin.getText(), true, background, javafx.application.Platform::runLater, then);
                }
                pin.clear();
            };
            unlock.setOnAction(e -> tryUnlock.accept(null));
            pin.setOnAction(e -> tryUnlock.accept(null));
            Label title = paragraph(ui.getString("unlock.title"), "section-title");
            title.setAlignment(Pos.CENTER);
            return java.util.List.of(title, pin, unlock, message);
        }
    }

    /**
     * Why an unlock in patient mode did not succeed, in the screen's language (the signature page and the app's
     * screen lock alike).
     *
     * @param staff who is signed in on the tablet (named when the PIN is blocked: their password is asked)
     * @param dir   the store ({@link org.exoconsent.usecases.StoreOpenings#describe}; named when the attempt cannot be
     *              recorded: its disk needs room)
     * @return "" for {@code UNLOCKED}
     */
    public static String unlockRefusal(ResourceBundle ui, WizardViewModel.Unlock r, Exception refusal, String staff,
                                       String dir) {
        return switch (r) {
            case WRONG_PIN -> ui.getString("unlock.wrong");
            case PIN_BLOCKED -> java.text.MessageFormat.format(ui.getString("unlock.blocked"),
                    String.valueOf(WizardViewModel.MAX_WRONG_PINS), staff);
            case NOT_RECORDED -> java.text.MessageFormat.format(ui.getString("unlock.notRecorded"), dir);
            case PASSWORD_REFUSED -> org.exoconsent.ui.controls.SignInRefusalText.of(ui, refusal);
            case UNLOCKED -> "";
        };
    }

    /** The document view over the signature page while it is open, else null. */
    private DocumentView document;

    /**
     * "Read the whole document" (issue 12 §3): the document as it will be signed, without signatures, laid over the
     * signature page — in patient mode too, which it does not leave — until the signer goes back to the pad, where
     * whatever they had drawn is still there. Laid out and drawn off the FX thread.
     */
    private void readWholeDocument(Button read) {
        Node padPage = getCenter();
        ConsentSession draft = vm.draft();
        org.exoconsent.template.ConsentTemplate template = vm.template();
        org.exoconsent.consent.ClinicClock clock = vm.clock();
        DocumentView view = new DocumentView(ui, () -> {
            document = null;
            setCenter(padPage);
            read.requestFocus();
        });
        document = view;
        setCenter(view);
        view.show(() -> new org.exoconsent.pdf.ConsentPdfRenderer("ExoConsent", clock).renderForReading(draft,
                template), background);
        view.requestFocus();
    }

    /** The document view, when it is open (for tests). */
    DocumentView documentView() {
        return document;
    }

    /**
     * A legal representative's relationship in a bundle's language: the list's name, or for "other" the words given
     * (issue 12 §2).
     */
    static String relationship(ResourceBundle bundle, ConsentSession.Representative r) {
        if (r.relationship() == null) {
            return "";
        }
        return r.relationship() == ConsentSession.Relationship.OTHER
                ? (r.relationshipText() == null ? bundle.getString("relationship.other") : r.relationshipText())
                : bundle.getString("relationship." + r.relationship().code());
    }

    private Node reviewPage() {
        ConsentSession s = vm.draft();
        VBox page = new VBox(14);
        page.setPadding(new Insets(16, 32, 24, 32));
        page.getChildren().addAll(
                paragraph(MessageFormat.format(ui.getString("parenthetical"), s.patient().name(),
                        s.patient().patientNumber()), "section-title"),
                paragraph(s.treatment().product().name() + " / " + s.treatment().lot().number()),
                paragraph(s.acknowledgements().size() + " / " + vm.sections().size() + " "
                        + ui.getString("explanation.done")));
        Button save = button("save", "review.save", "primary");
        ProgressIndicator busy = new ProgressIndicator();
        busy.setVisible(false);
        Label result = new Label();
        result.setId("result");
        result.setWrapText(true);
        // a refusal for the administrator carries a command to run: the staff copy it whole, nothing retyped
        org.exoconsent.ui.controls.CopyMessageButton copyResult = new org.exoconsent.ui.controls.CopyMessageButton(
                ui, "copy-result", result::getText);
        // for the patient, in Japanese and English whatever the staff language, when the server cannot be reached
        Label forPatient = new Label();
        forPatient.setId("kept-for-patient");
        forPatient.getStyleClass().add("draft-kept-notice");
        forPatient.setWrapText(true);
        forPatient.setVisible(false);
        forPatient.setManaged(false);
        Button open = button("open-pdf", "review.open", "secondary");
        open.setVisible(false);
        Button again = button("new-consultation", "review.newConsultation", "secondary");
        again.setVisible(false);
        again.setOnAction(e -> toHome.run());
        // once signed and saved: the patient's copy and take-home card, printed or saved for them
        org.exoconsent.ui.copy.PatientCopyBar copies = new org.exoconsent.ui.copy.PatientCopyBar(ui,
                services.patientCopies(), background, copyHooks);
        copies.setVisible(false);
        copies.setManaged(false);
        save.setOnAction(e -> {
            save.setDisable(true);
            busy.setVisible(true);
            result.setText(ui.getString("review.saving"));
            copyResult.show(false);
            // the view model signs and records off the FX thread, then tells the outcome on it
            vm.signAndSave(background, javafx.application.Platform::runLater, (recorded, failure) -> {
                busy.setVisible(false);
                if (failure != null) {
                    save.setDisable(false);
                    // a server that cannot be reached is said so (issue 17 §3): nothing was signed or recorded,
                    // the consultation is kept on this device, and the patient is told the record will be completed
                    boolean away = services.store().draftCache().isPresent()
                            && org.exoconsent.ui.controls.StoreFailureText.unreachable(failure);
                    result.setText(MessageFormat.format(ui.getString("review.failed"),
                            org.exoconsent.ui.controls.StoreFailureText.of(ui, services.store().location(),
                                    failure)) + (away ? "\n" + ui.getString("review.keptOnDevice") : ""));
                    copyResult.show(true);
                    forPatient.setText(away ? org.exoconsent.ui.controls.UiLanguage.bundle("ja")
                            .getString("review.keptForPatient") + "\n" + org.exoconsent.ui.controls.UiLanguage
                            .bundle("en").getString("review.keptForPatient") : "");
                    forPatient.setAccessibleText(forPatient.getText());
                    forPatient.setVisible(away);
                    forPatient.setManaged(away);
                    return;
                }
                forPatient.setVisible(false);
                forPatient.setManaged(false);
                result.setText(MessageFormat.format(ui.getString("review.saved"), recorded.pdf()));
                again.setVisible(true);
                open.setVisible(true);
                // without a PDF viewer (issue 16 §7) the page says so and points to saving the patient's copy
                open.setOnAction(o -> background.submit(() -> {
                    if (!org.exoconsent.ui.copy.PdfOpener.desktop().open(recorded.pdf())) {
                        javafx.application.Platform.runLater(() -> result.setText(MessageFormat.format(
                                ui.getString("review.noViewer"), recorded.pdf())));
                    }
                }));
                copies.recordIdProperty().set(recorded.id());
                copies.setVisible(true);
                copies.setManaged(true);
            });
        });
        page.getChildren().addAll(new HBox(16, save, busy), forPatient, result, copyResult, new HBox(16, open, again),
                copies);
        ScrollPane scroll = new ScrollPane(page); // with the patient's copy, or in larger text, it may not fit
        scroll.setFitToWidth(true);
        return scroll;
    }
}
