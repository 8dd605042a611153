package org.exoconsent.ui;

import java.util.ResourceBundle;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.concurrent.Task;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.exoconsent.records.Principal;
import org.exoconsent.records.StoreException;
import org.exoconsent.ui.controls.SignInRefusalText;

/**
 * The forms of the signed-out start screen: sign-in (name and password) or, on a data directory with no accounts,
 * the first administrator. Passwords are checked on the app's background executor through {@link SignInViewModel}
 * (Argon2id takes a moment; the button is disabled meanwhile) and forgotten afterwards; a refusal is said under the
 * form in the screen's language ({@link SignInRefusalText}). Failed sign-ins are audited by the store.
 */
final class SignInScreen {
    /** The screens' messages in the language shown ({@link #language}). */
    private ResourceBundle ui;
    private final SignInViewModel vm;
    private final Executor background;
    /** What the language toggle does: the app shows every screen in that language from now on. */
    private final Consumer<String> switchLanguage;
    /**
     * The language chosen with the toggle for the sign-in under way, or null: it becomes the account's own at sign-in
     * (issue 16 §6); untouched, the account keeps its own. It counts only for the sign-in it was made for: forgotten
     * after a refused attempt and when the user name is cleared or replaced (not when it is typed on or a typo is
     * taken back), so it never changes the language of the next person's account (review F5).
     */
    private String chosen;
    /** The user name typed so far, kept when the form is drawn again in the other language. */
    private String typedName = "";

    /**
     * @param ui             the screens' messages
     * @param vm             the store's side of signing in
     * @param background     the app's background executor
     * @param switchLanguage what the language toggle does ("ja" or "en"), on the FX thread
     */
    SignInScreen(ResourceBundle ui, SignInViewModel vm, Executor background, Consumer<String> switchLanguage) {
        this.ui = ui;
        this.vm = vm;
        this.background = background;
        this.switchLanguage = switchLanguage;
    }

    /** The forms from now on in {@code ui}'s language. */
    void language(ResourceBundle ui) {
        this.ui = ui;
    }

    /**
     * The small language toggle at the top of the signed-out forms (issue 16 §6): 日本語 | English, each named in
     * its own language; choosing one switches every screen at once and, at sign-in, becomes the account's language.
     */
    private javafx.scene.Node languageToggle() {
        javafx.scene.control.ToggleGroup group = new javafx.scene.control.ToggleGroup();
        javafx.scene.layout.HBox box = new javafx.scene.layout.HBox(0);
        String shown = org.exoconsent.ui.controls.UiLanguage.of(ui);
        for (String language : org.exoconsent.ui.controls.UiLanguage.LANGUAGES) {
            javafx.scene.control.ToggleButton b = new javafx.scene.control.ToggleButton(
                    ui.getString("signin." + language)); // each named in its own language
            b.setId("language-" + language);
            b.setToggleGroup(group);
            b.setSelected(language.equals(shown));
            b.setAccessibleText(ui.getString("signin.language") + ": " + b.getText());
            b.setOnAction(e -> {
                b.setSelected(true); // a toggle of two: pressing the one shown keeps it
                chosen = language; // the one shown pressed again is chosen too (e.g. after a refused attempt)
                if (!language.equals(shown)) {
                    switchLanguage.accept(language);
                }
            });
            box.getChildren().add(b);
        }
        Label label = new Label(ui.getString("signin.language"));
        label.getStyleClass().add("field-label");
        javafx.scene.layout.HBox row = new javafx.scene.layout.HBox(8, label, box);
        row.setAlignment(Pos.CENTER);
        row.setId("language-toggle");
        return row;
    }

    /** Name and password; {@code signedIn} gets who signed in, on the FX thread. */
    VBox signInForm(Consumer<Principal> signedIn) {
        TextField name = new TextField(typedName);
        name.setId("signin-user");
        name.textProperty().addListener((o, was, now) -> {
            typedName = now;
            if (now.isEmpty() || !(now.startsWith(was) || was.startsWith(now))) {
                chosen = null; // another person's name: the toggle was not theirs
            }
        });
        PasswordField password = new PasswordField();
        password.setId("signin-password");
        Label message = new Label();
        message.setId("signin-message");
        message.setWrapText(true);
        Button signIn = new Button(ui.getString("home.signIn"));
        signIn.setId("signin");
        signIn.getStyleClass().add("primary");
        Runnable attempt = () -> {
            String user = name.getText().strip();
            char[] pw = password.getText().toCharArray();
            password.clear();
            String language = chosen;
            chosen = null; // counts for this attempt only: a refused one forgets it (review F5)
            withPassword(() -> vm.signIn(user, pw, language), signIn, message, who -> {
                chosen = null; // the next person at the sign-in screen starts afresh
                typedName = "";
                signedIn.accept(who);
            });
        };
        signIn.setOnAction(e -> attempt.run());
        password.setOnAction(e -> attempt.run());
        Label title = new Label(ui.getString("home.signInTitle"));
        title.getStyleClass().add("section-title");
        VBox form = new VBox(12, languageToggle(), title, labelled("home.user", name),
                labelled("home.password", password), signIn, message);
        form.setAlignment(Pos.CENTER);
        form.getStyleClass().add("home-form");
        return form;
    }

    /**
     * A data directory with no accounts: the first administrator is created here (or with `users add`);
     * {@code created} gets the new administrator, on the FX thread.
     */
    VBox firstRunForm(Consumer<Principal> created) {
        TextField name = new TextField();
        name.setId("first-admin-name");
        PasswordField password = new PasswordField();
        password.setId("first-admin-password");
        PasswordField again = new PasswordField();
        again.setId("first-admin-password-again");
        Label message = new Label();
        message.setId("first-admin-message");
        message.setWrapText(true);
        Button create = new Button(ui.getString("home.createAdmin"));
        create.setId("first-admin-create");
        create.getStyleClass().add("primary");
        create.setOnAction(e -> {
            if (!password.getText().equals(again.getText())) {
                message.setText(ui.getString("home.passwordsDiffer"));
                return;
            }
            String user = name.getText().strip();
            char[] pw = password.getText().toCharArray();
            String language = chosen;
            withPassword(() -> vm.createFirstAdministrator(user, pw, language), create, message, who -> {
                chosen = null;
                created.accept(who);
            });
        });
        Label intro = new Label(ui.getString("home.firstRun"));
        intro.setWrapText(true);
        intro.setMaxWidth(720);
        VBox form = new VBox(12, languageToggle(), intro, labelled("home.user", name),
                labelled("home.password", password), labelled("home.passwordAgain", again), create, message);
        form.setAlignment(Pos.CENTER);
        form.getStyleClass().add("home-form");
        return form;
    }

    /** A check of a password that the store makes (it wipes the password whatever the outcome). */
    interface PasswordCheck {
        Principal check() throws StoreException;
    }

    /**
     * Runs {@code check} on {@code background}; while it runs {@code button} is disabled, and a refusal (wrong
     * password, locked account …) is shown in {@code message} in the screen's language; {@code then} gets the
     * principal on the FX thread.
     */
    static void withPassword(ResourceBundle ui, Executor background, PasswordCheck check, Button button,
                             Label message, Consumer<Principal> then) {
        withPassword(ui, background, check, button, message, then,
                failure -> org.exoconsent.ui.controls.SignInRefusalText.of(ui, failure));
    }

    /** As above, the failure said by {@code said} (a server that cannot be reached, issue 17 §3). */
    static void withPassword(ResourceBundle ui, Executor background, PasswordCheck check, Button button,
                             Label message, Consumer<Principal> then,
                             java.util.function.Function<Throwable, String> said) {
        button.setDisable(true);
        // issue 16 §7: the password's hash takes a moment (more on a busy tablet); say so while it is checked
        javafx.scene.control.ProgressIndicator checking = new javafx.scene.control.ProgressIndicator();
        checking.setId("password-checking");
        checking.setPrefSize(22, 22);
        checking.setAccessibleText(ui.getString("loading.checking"));
        checking.setTooltip(new javafx.scene.control.Tooltip(ui.getString("loading.checking")));
        message.setGraphic(checking); // beside the message, which stays the refusal's alone
        Task<Principal> task = new Task<>() {
            @Override
            protected Principal call() throws StoreException {
                return check.check();
            }
        };
        task.setOnSucceeded(e -> {
            message.setGraphic(null);
            then.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            message.setGraphic(null);
            button.setDisable(false);
            // a refused sign-in in the screen's language (issue 14 §4); any other failure as the store says it
            message.setText(said.apply(task.getException()));
        });
        background.execute(task);
    }

    private void withPassword(PasswordCheck check, Button button, Label message, Consumer<Principal> then) {
        withPassword(ui, background, check, button, message, then, failure -> vm.said(ui, failure));
    }

    /** A field with its label above it (a label stays visible while typing; a prompt text would vanish). */
    private VBox labelled(String key, Control field) {
        Label label = new Label(ui.getString(key));
        label.getStyleClass().add("field-label");
        label.setLabelFor(field);
        field.setAccessibleText(label.getText());
        field.setMaxWidth(360);
        VBox box = new VBox(4, label, field);
        box.setMaxWidth(360);
        return box;
    }
}
