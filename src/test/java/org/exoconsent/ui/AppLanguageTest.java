package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The staff language in the whole app (issue 16 §6, §7): the sign-in screen's toggle switches every screen and
 * becomes the account's own language; an account's own language wins over the screen the last person left; this
 * computer remembers the last one for the next start; role names are said in it; and the staff PIN is typed twice.
 */
@UiTest
class AppLanguageTest {
    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();
    private final FxRobot robot = app.robot;
    /** This test's own "computer": its preferences node, kept across the app's restarts within the test. */
    private final String preferences = "/org/exoconsent/test-language-" + java.util.UUID.randomUUID();
    private Locale before;
    private DataDirectory dir;

    @BeforeEach
    void clinic() throws Exception {
        System.setProperty("exoconsent.preferences", preferences);
        before = Locale.getDefault();
        Locale.setDefault(Locale.ENGLISH); // the operating system's language: English
        dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore admin = RecordStore.createFirstAdministrator(dir, Examples.CLOCK, "admin",
                "the admin password".toCharArray(), "test")) {
            admin.addUser("sato", EnumSet.of(Role.STAFF), null, "sato's password".toCharArray());
            admin.addUser("brown", EnumSet.of(Role.STAFF, Role.MANAGER), null, "brown's password".toCharArray(),
                    "en");
        }
    }

    @AfterEach
    void stopTheApp() throws Exception {
        app.close();
        Locale.setDefault(before);
        System.clearProperty("exoconsent.preferences");
        AppDriver.removePreferences(preferences);
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        org.exoconsent.testing.FxWait.until(condition, what, 30);
    }

    private String text(String query) {
        return robot.lookup(query).tryQuery().map(n -> ((Labeled) n).getText()).orElse("");
    }

    private void signIn(String name, String password) throws InterruptedException {
        app.waitFor("#signin-user");
        robot.interact(() -> robot.lookup("#signin-user").queryAs(javafx.scene.control.TextField.class).clear());
        app.click("#signin-user").write(name);
        app.click("#signin-password").write(password).type(KeyCode.ENTER);
        app.waitFor("#signed-in-as");
    }

    private String languageOf(String name) throws Exception {
        try (RecordStore store = AppDriver.signInWhenFree(dir, "admin", "the admin password")) {
            return store.users().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().language();
        }
    }

    @Test
    void theToggleSwitchesTheSignInScreenAndBecomesTheAccountsLanguageRememberedOnThisComputer() throws Exception {
        app.launch(dir.root());
        app.waitFor("#signin-user");
        assertEquals("Sign in", text("#signin"), "before anything is remembered: the operating system's language");
        assertTrue(robot.lookup("#language-en").queryAs(javafx.scene.control.ToggleButton.class).isSelected());
        app.click("#signin-user").write("sato");
        app.click("#language-ja");
        waitUntil(() -> "サインイン".equals(text("#signin")), "the sign-in screen in Japanese");
        assertEquals("sato", robot.lookup("#signin-user").queryAs(javafx.scene.control.TextField.class).getText(),
                "what was typed stays");
        assertEquals("画面の言語", text("#language-toggle .label"));
        org.exoconsent.testing.Screenshots.save(robot.capture(app.shownRoot()).getImage(), "37-sign-in-language");
        assertNull(languageOf("sato"), "nothing is written before sign-in");

        app.click("#signin-password").write("sato's password").type(KeyCode.ENTER);
        app.waitFor("#signed-in-as");
        assertEquals("sato（職員）としてサインイン中", text("#signed-in-as"), "the role in the staff language");
        assertEquals("ja", languageOf("sato"), "the toggle set the account's language");

        app.click("#sign-out");
        app.waitFor("#signin-user");
        assertEquals("サインイン", text("#signin"), "the sign-in screen keeps the language last used");

        app.close(); // the next start of the app on this computer
        app.launch(dir.root());
        app.waitFor("#signin-user");
        assertEquals("サインイン", text("#signin"), "remembered on this computer");
    }

    @Test
    void anAccountsOwnLanguageWinsOverTheScreenTheLastPersonLeftAndAnAccountWithoutOneKeepsTheScreens()
            throws Exception {
        app.launch(dir.root());
        app.waitFor("#signin-user");
        app.click("#language-ja");
        waitUntil(() -> "サインイン".equals(text("#signin")), "the sign-in screen in Japanese");
        signIn("admin", "the admin password"); // chose Japanese: now the administrator's language
        assertEquals("admin（管理者）としてサインイン中", text("#signed-in-as"));
        app.click("#sign-out");

        signIn("brown", "brown's password"); // the toggle untouched: brown's own English
        assertEquals("Signed in as brown (Staff, Manager)", text("#signed-in-as"));
        assertEquals("en", languageOf("brown"));
        assertEquals("ja", languageOf("admin"), "the administrator's is unchanged");
        app.click("#sign-out");
        app.waitFor("#signin-user");
        assertEquals("Sign in", text("#signin"), "brown's English was the last used");

        signIn("sato", "sato's password"); // no language of their own: the screen's stays
        assertEquals("Signed in as sato (Staff)", text("#signed-in-as"));
        assertNull(languageOf("sato"), "nothing chosen, nothing written");
    }

    @Test
    void theStaffPinIsTypedTwiceAndAMismatchIsRefusedBeforeAnythingIsStored() throws Exception {
        app.launch(dir.root());
        signIn("sato", "sato's password");
        app.waitFor("#new-pin");
        app.click("#new-pin").write("2468");
        app.click("#new-pin-again").write("2486");
        app.click("#set-pin");
        waitUntil(() -> !text("#home-message").isEmpty(), "the refusal");
        assertEquals("The two PINs differ. Type the same PIN in both fields. Nothing was stored.",
                text("#home-message"));
        org.exoconsent.testing.Screenshots.save(robot.capture(app.shownRoot()).getImage(), "37-staff-pin-twice");
        try (RecordStore store = AppDriver.signInWhenFree(dir, "sato", "sato's password")) {
            assertFalse(store.hasStaffPin(), "nothing was stored");
        }
        assertEquals("", robot.lookup("#new-pin").queryAs(javafx.scene.control.PasswordField.class).getText(),
                "both fields emptied for a new try");
        app.click("#new-pin").write("2468");
        app.click("#new-pin-again").write("2468");
        app.click("#set-pin");
        app.waitFor("#home-new-consultation");
        try (RecordStore store = AppDriver.signInWhenFree(dir, "sato", "sato's password")) {
            assertTrue(store.staffPinMatches("2468"));
        }
    }

    /**
     * Review F5: a toggle counts only for the sign-in it was made for. sato chooses 日本語 and is refused; brown
     * (English) signs in next and keeps English; a toggle made and then the name replaced does not follow either.
     */
    @Test
    void theToggleNeverChangesTheLanguageOfTheNextPersonsAccount() throws Exception {
        app.launch(dir.root());
        app.waitFor("#signin-user");
        app.click("#language-ja");
        waitUntil(() -> "サインイン".equals(text("#signin")), "the sign-in screen in Japanese");
        app.click("#signin-user").write("sato");
        app.click("#signin-password").write("not sato's password").type(KeyCode.ENTER);
        waitUntil(() -> !text("#signin-message").isEmpty(), "the refusal");

        signIn("brown", "brown's password");
        assertEquals("en", languageOf("brown"), "the refused person's choice is not brown's");
        assertEquals("Signed in as brown (Staff, Manager)", text("#signed-in-as"));
        try (RecordStore store = AppDriver.signInWhenFree(dir, "admin", "the admin password")) {
            assertTrue(org.exoconsent.records.TestAudit.entries(store, "user-language-set").isEmpty(),
                    "no account's language was set");
        }
        app.click("#sign-out");
        app.waitFor("#signin-user");

        app.click("#signin-user").write("sato");
        app.click("#language-ja"); // sato's choice …
        waitUntil(() -> "サインイン".equals(text("#signin")), "the sign-in screen in Japanese");
        signIn("brown", "brown's password"); // … but brown replaces the name and signs in
        assertEquals("en", languageOf("brown"), "a toggle made for another name does not follow");
        app.click("#sign-out");
        app.waitFor("#signin-user");

        app.click("#language-ja"); // pressed again after a refusal: chosen again
        waitUntil(() -> "サインイン".equals(text("#signin")), "the sign-in screen in Japanese");
        app.click("#signin-user").write("sato");
        app.click("#signin-password").write("not sato's password").type(KeyCode.ENTER);
        waitUntil(() -> !text("#signin-message").isEmpty(), "the refusal");
        app.click("#language-ja");
        app.click("#signin-password").write("sato's password").type(KeyCode.ENTER);
        app.waitFor("#signed-in-as");
        assertEquals("ja", languageOf("sato"), "sato's own choice, made again, counts");
    }

    /** Review F9: a PIN with a letter is refused in the screen's language (here Japanese), nothing stored. */
    @Test
    void aStaffPinWithALetterIsRefusedInTheScreensLanguage() throws Exception {
        app.launch(dir.root());
        app.waitFor("#signin-user");
        app.click("#language-ja");
        waitUntil(() -> "サインイン".equals(text("#signin")), "the sign-in screen in Japanese");
        signIn("sato", "sato's password");
        app.waitFor("#new-pin");
        app.click("#new-pin").write("12a4");
        app.click("#new-pin-again").write("12a4");
        app.click("#set-pin");
        waitUntil(() -> !text("#home-message").isEmpty(), "the refusal");
        assertEquals("職員用PINは4〜8桁の数字（0〜9）です。もう一度入力してください。PINはまだ保存されていません。",
                text("#home-message"));
        try (RecordStore store = AppDriver.signInWhenFree(dir, "sato", "sato's password")) {
            assertFalse(store.hasStaffPin(), "nothing was stored");
        }
    }
}
