package org.exoconsent.ui.wizard;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.concurrent.Executor;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.exoconsent.consent.Consultation;

/**
 * "End consultation" (issue 16 §5): why staff end the consultation — postponed (the draft is kept, once there is
 * one: on the start form nothing is saved yet and the note says so, {@link WizardViewModel#endNote}), the patient
 * declined, not eligible, or another reason in words — and, while the patient holds the tablet, the staff PIN (or,
 * once it is blocked, the staff member's password). In the staff's language. The dialog stays open while the PIN is
 * checked (a wrong one is said in it) and closes once patient mode is left or at once outside it; the ending is then
 * recorded by the view model ({@link WizardViewModel#end}), and {@code ended} runs when it was, or the failure is
 * said in an alert and the consultation goes on.
 */
final class EndConsultationDialog {
    /** The radio buttons' ids: {@code end-postponed}, {@code end-declined}, {@code end-not-eligible}, {@code end-other}. */
    static String id(Consultation.EndReason r) {
        return "end-" + r.code();
    }

    private EndConsultationDialog() {
    }

    /**
     * Shows the dialog over {@code owner} (not waiting for it).
     *
     * @param staff  the staff's language
     * @param by            the signed-in account ending it
     * @param dataDirectory the store as messages name it, named when an unlock attempt cannot be recorded (its disk
     *                      needs room)
     * @param ended  runs on the FX thread once the ending was recorded
     */
    static Dialog<ButtonType> show(Window owner, ResourceBundle staff, WizardViewModel vm, String by,
                                   String dataDirectory, Executor background, Executor fx, Runnable ended) {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle(staff.getString("end.title"));
        org.exoconsent.ui.controls.Dialogs.over(owner, d);
        d.getDialogPane().setId("end-consultation-dialog");
        // the wizard's look (its error colour), in type large enough for a tablet held at arm's length
        d.getDialogPane().getStylesheets().add(EndConsultationDialog.class.getResource(
                "/org/exoconsent/ui/wizard.css").toExternalForm());
        d.getDialogPane().setStyle("-fx-font-size: 17px;");
        // never smaller than its content, whatever size a window manager first gives a dialog (issue 16 §2)
        d.getDialogPane().setMinSize(javafx.scene.layout.Region.USE_PREF_SIZE,
                javafx.scene.layout.Region.USE_PREF_SIZE);
        d.setOnShown(e -> {
            fit(d);
            d.getDialogPane().getScene().getWindow().centerOnScreen(); // also over a full-screen (patient-mode) window
        });
        Label intro = new Label(staff.getString("end.intro"));
        intro.setWrapText(true);
        intro.setMaxWidth(560);
        intro.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrapped, never cut short
        ToggleGroup reasons = new ToggleGroup();
        VBox box = new VBox(10, intro);
        // the PIN first, under the fixed intro (review F10): the notes below grow when a reason is chosen, and a field
        // under them would move away from a finger already on its way
        PasswordField secret = new PasswordField();
        secret.setId("end-pin");
        boolean patientMode = vm.patientModeProperty().get();
        if (patientMode) {
            String key = vm.pinBlockedProperty().get() ? "end.password" : "end.pin";
            Label pinLabel = new Label(staff.getString(key));
            pinLabel.setLabelFor(secret);
            secret.setAccessibleText(staff.getString(key));
            secret.setMaxWidth(240);
            box.getChildren().addAll(pinLabel, secret);
        }
        for (Consultation.EndReason r : Consultation.EndReason.values()) {
            RadioButton b = new RadioButton(staff.getString("end.reason." + r.name()));
            b.setId(id(r));
            b.setUserData(r);
            b.setToggleGroup(reasons);
            b.setWrapText(true);
            b.setMaxWidth(560);
            b.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            box.getChildren().add(b);
        }
        Label wordsLabel = new Label(staff.getString("end.words"));
        TextArea words = new TextArea();
        words.setId("end-words");
        words.setPrefRowCount(2);
        words.setWrapText(true);
        words.setAccessibleText(staff.getString("end.words"));
        wordsLabel.setLabelFor(words);
        Label draftNote = new Label();
        draftNote.setId("end-draft-note");
        draftNote.setWrapText(true);
        draftNote.setMaxWidth(560);
        draftNote.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        box.getChildren().addAll(wordsLabel, words, draftNote);
        Label problem = new Label();
        problem.setId("end-problem");
        problem.getStyleClass().add("field-error");
        problem.setWrapText(true);
        problem.setMaxWidth(560);
        problem.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        box.getChildren().add(problem);
        box.setPadding(new Insets(12));
        box.setPrefWidth(600);
        d.getDialogPane().setContent(box);
        ButtonType endType = new ButtonType(staff.getString("end.confirm"), ButtonBar.ButtonData.OK_DONE);
        ButtonType goOn = new ButtonType(staff.getString("end.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        d.getDialogPane().getButtonTypes().addAll(endType, goOn);
        Button end = (Button) d.getDialogPane().lookupButton(endType);
        end.setId("end-confirm");
        ((Button) d.getDialogPane().lookupButton(goOn)).setId("end-cancel");
        Runnable check = () -> {
            Consultation.EndReason r = reasons.getSelectedToggle() == null ? null
                    : (Consultation.EndReason) reasons.getSelectedToggle().getUserData();
            String p = vm.endProblem(r, words.getText());
            // "choose a reason" is not said before anything was chosen: the disabled button says it
            problem.setText(p == null || r == null ? "" : staff.getString(p));
            // nothing typed is no attempt: End waits for a PIN rather than count an empty one as wrong (review F10)
            end.setDisable(p != null || patientMode && secret.getText().isEmpty());
            String note = vm.endNote(r);
            draftNote.setText(note == null ? "" : staff.getString(note));
            fit(d);
        };
        reasons.selectedToggleProperty().addListener((o, a, b) -> check.run());
        words.textProperty().addListener((o, a, b) -> check.run());
        secret.textProperty().addListener((o, a, b) -> {
            if (patientMode && reasons.getSelectedToggle() != null) {
                end.setDisable(vm.endProblem((Consultation.EndReason) reasons.getSelectedToggle().getUserData(),
                        words.getText()) != null || b.isEmpty());
            }
        });
        check.run();
        end.addEventFilter(ActionEvent.ACTION, ev -> {
            ev.consume(); // the dialog stays open until the PIN is checked
            if (reasons.getSelectedToggle() == null || vm.patientModeProperty().get() && secret.getText().isEmpty()) {
                return; // no reason, or no PIN typed: nothing to check, nothing counted (review F10)
            }
            Consultation.EndReason r = (Consultation.EndReason) reasons.getSelectedToggle().getUserData();
            String said = words.getText().isBlank() ? null : words.getText();
            boolean locked = vm.patientModeProperty().get();
            end.setDisable(true);
            javafx.beans.value.ChangeListener<Boolean> unlocked = (o, was, now) -> {
                if (!now) {
                    close(d); // patient mode was left: the staff hold the tablet
                }
            };
            if (!locked) {
                close(d);
            } else {
                vm.patientModeProperty().addListener(unlocked);
            }
            char[] given = secret.getText().toCharArray();
            secret.clear();
            vm.end(r, said, by, given, background, fx, result -> {
                vm.patientModeProperty().removeListener(unlocked);
                if (result.ended()) {
                    close(d);
                    ended.run();
                } else if (result.unlock() != null) {
                    end.setDisable(secret.getText().isEmpty()); // the PIN field was emptied: a new one first
                    problem.setText(WizardView.unlockRefusal(staff, result.unlock(), result.failure(), by,
                            dataDirectory));
                    fit(d);
                } else {
                    close(d);
                    javafx.scene.control.Alert a = new javafx.scene.control.Alert(
                            javafx.scene.control.Alert.AlertType.ERROR, MessageFormat.format(
                                    staff.getString("end.failed"), result.failure().getMessage()), ButtonType.OK);
                    org.exoconsent.ui.controls.Dialogs.over(owner, a);
                    a.getDialogPane().setId("end-failed");
                    a.show();
                }
            });
        });
        d.show();
        return d;
    }

    /** The dialog's window as large as its content, which grows with the notes and problems said in it. */
    private static void fit(Dialog<ButtonType> d) {
        if (d.isShowing()) {
            d.getDialogPane().getScene().getWindow().sizeToScene();
        }
    }

    private static void close(Dialog<ButtonType> d) {
        if (d.isShowing()) {
            d.setResult(ButtonType.CANCEL);
            d.close();
        }
    }
}
