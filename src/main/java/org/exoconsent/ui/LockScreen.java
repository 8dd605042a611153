package org.exoconsent.ui;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.ResourceBundle;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import org.exoconsent.ui.wizard.WizardView;
import org.exoconsent.ui.wizard.WizardViewModel;

/**
 * The idle lock's form ({@link IdleLock} puts it over the screen): the signed-in person's password again, checked
 * as a sign-in (failed ones count towards the account's lockout); in patient mode, the staff PIN, or once the PIN is
 * blocked the staff member's own password (the rules are the wizard's, {@link WizardViewModel#unlock}). Outside
 * patient mode the person may sign out instead.
 */
final class LockScreen {
    /** The staff language's messages ({@link #language}). */
    private ResourceBundle ui;
    private final SignInViewModel signIn;
    private final Executor background;
    private String dataDirectory;

    /**
     * @param ui            the screens' messages
     * @param signIn        the store's side of checking a password
     * @param background    the app's background executor
     * @param dataDirectory the store, as messages name it (named when an unlock could not be written to the audit trail)
     */
    LockScreen(ResourceBundle ui, SignInViewModel signIn, Executor background, String dataDirectory) {
        this.ui = ui;
        this.signIn = signIn;
        this.background = background;
        this.dataDirectory = dataDirectory;
    }

    /** The next form in the staff language {@code ui} (issue 16 §6: the person signed in changed it). */
    void language(ResourceBundle ui) {
        this.ui = ui;
    }

    /** The store as messages name it, from now on (the set-up chose another store, issue 17 §1). */
    void store(String described) {
        this.dataDirectory = described;
    }

    /**
     * The form for {@code name}.
     *
     * @param patientMode the consultation's view model while in patient mode (the PIN opens the lock), else null
     * @param unlocked    run on the FX thread once the lock may open
     * @param signOut     run when the person signs out from the lock (not offered in patient mode)
     */
    VBox form(String name, WizardViewModel patientMode, Runnable unlocked, Runnable signOut) {
        Label title = new Label(ui.getString("lock.title"));
        title.getStyleClass().add("section-title");
        Label who = new Label(patientMode != null ? ui.getString("lock.pin")
                : MessageFormat.format(ui.getString("lock.password"), name));
        who.setWrapText(true);
        PasswordField secret = new PasswordField();
        secret.setId("lock-secret");
        secret.setAccessibleText(who.getText());
        secret.setMaxWidth(360);
        Label message = new Label();
        message.setId("lock-message");
        Button unlock = new Button(ui.getString("lock.unlock"));
        unlock.setId("lock-unlock");
        unlock.getStyleClass().add("primary");
        Runnable attempt = () -> {
            char[] given = secret.getText().toCharArray();
            secret.clear();
            if (patientMode != null) {
                unlock.setDisable(true);
                BiConsumer<WizardViewModel.Unlock, Exception> then = (r, refusal) -> {
                    unlock.setDisable(false);
                    if (r == WizardViewModel.Unlock.UNLOCKED) {
                        unlocked.run();
                    } else {
                        message.setText(WizardView.unlockRefusal(ui, r, refusal, name, dataDirectory));
                        secret.setAccessibleText(patientMode.pinBlockedProperty().get() ? message.getText()
                                : who.getText());
                    }
                };
                if (patientMode.pinBlockedProperty().get()) {
                    patientMode.unlockWithPassword(given, false, background, Platform::runLater, then);
                } else {
                    patientMode.unlock(new String(given), false, background, Platform::runLater, then);
                    Arrays.fill(given, '\0');
                }
                return;
            }
            SignInScreen.withPassword(ui, background, () -> signIn.unlock(name, given), unlock, message,
                    signedInAgain -> unlocked.run());
        };
        unlock.setOnAction(e -> attempt.run());
        secret.setOnAction(e -> attempt.run());
        VBox box = new VBox(16, title, who, secret, unlock, message);
        if (patientMode == null) {
            Button out = new Button(ui.getString("home.signOut"));
            out.setId("lock-sign-out");
            out.setOnAction(e -> signOut.run());
            box.getChildren().add(out);
        }
        box.setAlignment(Pos.CENTER);
        box.setId("lock-screen");
        box.getStyleClass().addAll("lock-screen", "home-form");
        return box;
    }
}
