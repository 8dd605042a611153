package org.exoconsent.ui.wizard;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.exoconsent.consent.ConsentSession.SignatureRole;
import org.exoconsent.consent.InformedRefusal;
import org.exoconsent.template.LanguageText;
import org.exoconsent.template.RenderedSection;
import org.exoconsent.ui.controls.SignaturePad;
import org.exoconsent.ui.controls.UiLanguage;

/**
 * The informed refusal's pages (issue 16 §5): what was explained (the sections' titles), the template's words, then
 * the patient's signature — or the physician's note, with their own password, that the patient would not sign — then
 * the physician's signature, then "record". Its rules are {@link RefusalViewModel}'s. Every control has an id and
 * accessible text; the words of the document itself come from the template, in the document's language. The
 * screens' own words follow docs/SESSION.md "Who reads each page" (issue 16 §6): the patient's signature in the
 * patient's language (the consultation's); the physician's note, the physician's signature, the review, the
 * "recorded" page and staff's "End without this document" in the staff language.
 */
public final class RefusalView extends BorderPane {
    private final RefusalViewModel vm;
    /** The patient's language: their signature (the statement above it is the template's). */
    private final ResourceBundle patient;
    /** The staff language: the physician's note and signature, review, recorded, "End without this document". */
    private final ResourceBundle staff;
    private final Executor background;
    private final Runnable toHome;
    private Runnable withoutDocument;
    private java.util.function.Function<Label, java.util.List<Node>> unlock = m -> java.util.List.of();
    private final Label message = new Label();

    /**
     * @param vm         the refusal's view model ({@link WizardViewModel#declineAfterExplanation()})
     * @param staff      the screens' messages in the signed-in person's staff language ({@link PageLanguage#staff()})
     * @param background where the password check and the recording run (never the FX thread)
     * @param toHome     back to the home screen once recorded
     */
    public RefusalView(RefusalViewModel vm, ResourceBundle staff, Executor background, Runnable toHome) {
        this.vm = vm;
        this.background = background;
        this.toHome = toHome;
        this.patient = UiLanguage.bundle(vm.language());
        this.staff = staff;
        getStylesheets().add(RefusalView.class.getResource("/org/exoconsent/ui/wizard.css").toExternalForm());
        getStyleClass().add("refusal");
        message.setId("refusal-message");
        message.getStyleClass().add("field-error");
        message.setWrapText(true);
        vm.pageProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    /** The view model shown (for tests and the wizard's hook). */
    public RefusalViewModel viewModel() {
        return vm;
    }

    /**
     * Offers staff, on the patient's page, to end the consultation without this document (the patient neither signs
     * nor wants it recorded): {@code end} then ends it as declined, audited {@code consultation-ended}, as the "End
     * consultation" dialog does. Without it (null) the button is not shown.
     */
    public void setWithoutDocument(Runnable end) {
        this.withoutDocument = end;
        refresh();
    }

    /**
     * How staff unlock patient mode on {@link RefusalViewModel.Page#STAFF_UNLOCK}: the wizard's own PIN controls (the
     * consent's signature page's), told the label where a refused unlock is said.
     */
    public void setUnlock(java.util.function.Function<Label, java.util.List<Node>> unlock) {
        this.unlock = unlock;
        refresh();
    }

    private void refresh() {
        message.setText("");
        LanguageText.Refusal words = vm.words();
        VBox page = new VBox(12);
        page.setPadding(new Insets(16, 32, 24, 32));
        page.setAlignment(Pos.TOP_CENTER);
        Label title = paragraph(words.title(), "step-title");
        title.setId("refusal-title");
        page.getChildren().add(title);
        switch (vm.pageProperty().get()) {
            case PATIENT -> {
                page.getChildren().addAll(paragraph(words.intro()), explained(words), paragraph(words.again()));
                page.getChildren().add(pad(vm.patientSideRole(), words.patient()));
                page.getChildren().add(wouldNotSign());
                if (withoutDocument != null) { // staff's choice before the tablet is handed over: at the top
                    Button skip = button(staff, "refusal-without-document", "refusal.withoutDocument", "secondary");
                    skip.setOnAction(e -> {
                        skip.setDisable(true);
                        withoutDocument.run();
                    });
                    page.getChildren().add(1, skip);
                }
            }
            case STAFF_UNLOCK -> {
                Label handBack = paragraph(patient.getString("refusal.handBack"), "section-title");
                handBack.setId("refusal-hand-back");
                page.getChildren().add(handBack);
                page.getChildren().addAll(unlock.apply(message).stream().filter(n -> n != message).toList());
            }
            case PHYSICIAN -> {
                page.getChildren().addAll(patientSide(words), explained(words));
                page.getChildren().add(pad(SignatureRole.PHYSICIAN, words.physician()));
                page.getChildren().add(back());
            }
            case REVIEW -> {
                page.getChildren().addAll(explained(words), patientSide(words),
                        paragraph(MessageFormat.format(staff.getString("refusal.physicianSigned"),
                                vm.signerName(SignatureRole.PHYSICIAN))));
                Button record = button(staff, "record-refusal", "refusal.record", "primary");
                record.setOnAction(e -> {
                    record.setDisable(true);
                    vm.record(background, Platform::runLater, (r, failure) -> {
                        record.setDisable(false);
                        if (failure != null) {
                            message.setText(MessageFormat.format(staff.getString("refusal.failed"),
                                    failure.getMessage()));
                        }
                    });
                });
                HBox buttons = new HBox(16, back(), record);
                buttons.setAlignment(Pos.CENTER);
                page.getChildren().add(buttons);
            }
            case RECORDED -> {
                Label done = paragraph(MessageFormat.format(staff.getString("refusal.recorded"), vm.recorded().id()),
                        "section-title");
                done.setId("refusal-recorded");
                Button home = button(staff, "refusal-home", "refusal.home", "primary");
                home.setOnAction(e -> toHome.run());
                page.getChildren().addAll(done, paragraph(words.again()), home);
            }
            default -> throw new IllegalStateException(vm.pageProperty().get().toString());
        }
        page.getChildren().add(message);
        ScrollPane scroll = new ScrollPane(page);
        scroll.setFitToWidth(true);
        setCenter(scroll);
    }

    /** The sections explained: the heading and their titles, as the document lists them. */
    private Node explained(LanguageText.Refusal words) {
        VBox list = new VBox(4);
        list.setId("refusal-explained");
        list.getStyleClass().add("explanation-box");
        list.setMaxWidth(900);
        list.getChildren().add(paragraph(words.explained(), "section-title"));
        for (RenderedSection s : vm.explained()) {
            list.getChildren().add(paragraph(s.title()));
        }
        return list;
    }

    /** What the patient's side gave: their signature, or the physician's note (for the physician: staff language). */
    private Node patientSide(LanguageText.Refusal words) {
        InformedRefusal r = vm.refusal();
        Label l;
        if (r.patientWouldNotSign() != null) {
            l = paragraph(words.notSigned() + "\n" + r.patientWouldNotSign().note());
        } else {
            l = paragraph(MessageFormat.format(staff.getString("refusal.patientSigned"),
                    vm.signerName(vm.patientSideRole())));
        }
        l.setId("refusal-patient-side");
        return l;
    }

    /** The statement, the signer's name, the pad and its buttons: in the language of whoever signs. */
    private Node pad(SignatureRole role, String statement) {
        ResourceBundle ui = role == SignatureRole.PHYSICIAN ? staff : patient;
        Label declaration = paragraph(statement, "large-text", "explanation-box");
        declaration.setId("refusal-declaration");
        declaration.setMaxWidth(720);
        Label name = paragraph(MessageFormat.format(ui.getString(role == SignatureRole.PHYSICIAN
                ? "signer.physician" : "refusal.signer"), vm.signerName(role)), "large-text");
        name.setId("refusal-signer");
        name.setMaxWidth(720);
        name.setPrefWidth(720);
        SignaturePad pad = new SignaturePad();
        pad.setAccessibleText(name.getText());
        Button clear = button(ui, "clear-signature", "sign.clear", "secondary");
        clear.setOnAction(e -> pad.clear());
        Button confirm = button(ui, "confirm-signature", "sign.confirm", "primary");
        confirm.disableProperty().bind(pad.emptyProperty());
        confirm.setOnAction(e -> {
            String problem = role == SignatureRole.PHYSICIAN
                    ? vm.signPhysician(pad.strokes(), (int) SignaturePad.WIDTH, (int) SignaturePad.HEIGHT)
                    : vm.signPatient(pad.strokes(), (int) SignaturePad.WIDTH, (int) SignaturePad.HEIGHT);
            if (problem != null) {
                message.setText(ui.getString(problem));
                pad.clear();
            }
        });
        HBox buttons = new HBox(16, clear, confirm);
        buttons.setAlignment(Pos.CENTER);
        VBox box = new VBox(8, declaration, name, pad, buttons);
        box.setAlignment(Pos.CENTER);
        return box;
    }

    /** The physician's note, with their own password, that the patient would not sign: in the staff language. */
    private Node wouldNotSign() {
        ResourceBundle ui = staff;
        Label heading = paragraph(ui.getString("refusal.wouldNotSign"), "section-title");
        TextArea note = new TextArea();
        note.setId("refusal-note");
        note.setPromptText(ui.getString("refusal.note"));
        note.setAccessibleText(ui.getString("refusal.note"));
        note.setPrefRowCount(2);
        note.setWrapText(true);
        note.setMaxWidth(720);
        PasswordField password = new PasswordField();
        password.setId("refusal-password");
        String account = vm.consultation().confirmedBy() == null ? "" : vm.consultation().confirmedBy().account();
        String prompt = MessageFormat.format(ui.getString("refusal.password"), account);
        password.setAccessibleText(prompt);
        password.setPrefWidth(260);
        Label passwordLabel = new Label(prompt);
        passwordLabel.setLabelFor(password);
        passwordLabel.setMinWidth(Region.USE_PREF_SIZE);
        Button save = button(ui, "save-refusal-note", "refusal.saveNote", "secondary");
        save.setOnAction(e -> {
            char[] typed = password.getText().toCharArray();
            password.clear();
            save.setDisable(true);
            vm.recordWouldNotSign(note.getText(), typed, background, Platform::runLater, key -> {
                save.setDisable(false);
                if (key != null) {
                    message.setText(ui.getString(key));
                }
            }, failure -> {
                save.setDisable(false);
                message.setText(org.exoconsent.ui.controls.SignInRefusalText.of(ui, failure));
            });
        });
        HBox row = new HBox(12, passwordLabel, password, save);
        row.setAlignment(Pos.CENTER);
        VBox box = new VBox(8, heading, note, row);
        box.setAlignment(Pos.CENTER);
        box.setId("refusal-would-not-sign");
        return box;
    }

    private Button back() {
        Button back = button(staff, "refusal-back", "refusal.back", "secondary");
        back.setOnAction(e -> vm.backToPatient());
        return back;
    }

    private static Button button(ResourceBundle ui, String id, String key, String style) {
        Button b = new Button(ui.getString(key));
        b.setId(id);
        b.getStyleClass().add(style);
        b.setAccessibleText(ui.getString(key));
        return b;
    }

    private static Label paragraph(String text, String... styles) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add("paragraph");
        l.getStyleClass().addAll(styles);
        l.setMaxWidth(1000);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }
}
