package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The app itself, from an empty data directory: first administrator, sign-out, a wrong password, sign-in. */
@UiTest
class AppSignInTest {
    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();
    private final FxRobot robot = app.robot;

    private void launch() throws Exception {
        app.launch(tmp.resolve("data"));
    }

    @AfterEach
    void stopTheApp() throws Exception {
        app.close();
    }


    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        org.exoconsent.testing.FxWait.until(condition, what, 30);
    }

    /** The label's text, or "" once the screen holding it has been replaced (the app moves on by itself). */
    private String text(String query) {
        return robot.lookup(query).tryQuery().map(n -> ((Label) n).getText()).orElse("");
    }



    private static RecordStore signInWhenFree(DataDirectory dir, String name, String password) throws Exception {
        return AppDriver.signInWhenFree(dir, name, password);
    }

    @Test
    void theFirstAdministratorIsCreatedSignsOutAndSignsInAgain() throws Exception {
        launch();
        app.waitFor("#first-admin-name");
        org.exoconsent.testing.Screenshots.save(robot.capture(app.shownRoot()).getImage(), "7-first-run");
        app.click("#first-admin-name").write("admin");
        app.click("#first-admin-password").write("the admin password");
        app.click("#first-admin-password-again").write("the admin passwrd");
        app.click("#first-admin-create");
        assertEquals("The two passwords are not the same.", text("#first-admin-message"));
        robot.doubleClickOn("#first-admin-password-again").eraseText(20).write("the admin password");
        app.click("#first-admin-create");
        app.waitFor("#setup-later");
        app.click("#setup-later");
        app.waitFor("#signed-in-as");
        assertEquals("Signed in as admin [administrator]", text("#signed-in-as"));

        app.click("#sign-out");
        app.waitFor("#signin-user");
        app.click("#signin-user").write("admin");
        app.click("#signin-password").write("wrong password").type(KeyCode.ENTER);
        waitUntil(() -> !text("#signin-message").isEmpty(), "the refusal");
        assertEquals("admin: wrong user name or password, or the account is locked or disabled. After 5 wrong "
                + "passwords in a row an account waits 15 minutes; an administrator can set a new password.",
                text("#signin-message"));
        org.exoconsent.testing.Screenshots.save(robot.capture(app.shownRoot()).getImage(), "8-sign-in");
        app.click("#signin-password").write("the admin password").type(KeyCode.ENTER);
        app.waitFor("#signed-in-as");

        // the store kept both: the administrator and the failed sign-in
        try (RecordStore store = signInWhenFree(new DataDirectory(tmp.resolve("data")), "admin",
                "the admin password")) {
            assertEquals(1, store.users().size());
            assertTrue(store.principal().has(org.exoconsent.records.Role.ADMINISTRATOR));
        }
    }

    @Test
    void inJapaneseTheRefusalsOfSignInAreInJapaneseWithTheNextStep() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore admin = RecordStore.createFirstAdministrator(dir, Examples.CLOCK, "admin",
                "the admin password".toCharArray(), "test")) {
            admin.addUser("suzuki", java.util.EnumSet.of(org.exoconsent.records.Role.STAFF), null,
                    "suzuki's password".toCharArray());
            admin.addUser("gone", java.util.EnumSet.of(org.exoconsent.records.Role.STAFF), null,
                    "a former employee".toCharArray());
            admin.setActive("gone", false);
        }
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.JAPAN);
        try {
            launch();
        } finally {
            java.util.Locale.setDefault(before); // the app read its language at start
        }
        app.waitFor("#signin-user");
        app.click("#signin-user").write("suzuki");
        app.click("#signin-password").write("a guess").type(KeyCode.ENTER);
        waitUntil(() -> !text("#signin-message").isEmpty(), "the refusal");
        assertEquals("suzuki：ユーザー名かパスワードが違うか、アカウントがロックまたは無効になっています。パスワードを5回続けて"
                + "間違えると、アカウントは15分間使えなくなります。管理者は新しいパスワードを設定できます。",
                text("#signin-message"));
        org.exoconsent.testing.Screenshots.save(robot.capture(app.shownRoot()).getImage(), "8b-sign-in-ja");
        robot.doubleClickOn("#signin-user").eraseText(10).write("gone");
        app.click("#signin-password").write("a former employee").type(KeyCode.ENTER);
        waitUntil(() -> text("#signin-message").startsWith("gone"), "the disabled account's answer");
        assertEquals("gone：このアカウントは無効になっています。管理者にお問い合わせください。", text("#signin-message"));
    }

    @Test
    void anAdministratorAloneCannotStartAConsultation() throws Exception {
        launch();
        app.createFirstAdministrator("admin", "the admin password");
        app.click("#setup-later");
        app.waitFor("#signed-in-as");
        app.waitFor("#new-pin");
        app.click("#new-pin").write("2468");
        app.click("#set-pin");
        app.waitFor("#home-new-consultation");
        // in its place, as for every role, but disabled with the reason under it (issue 16 §7)
        assertTrue(robot.lookup("#home-new-consultation").queryButton().isDisabled());
        assertEquals("For physicians and staff", text("#home-new-consultation-reason"));
        assertFalse(robot.lookup("#home-admin").queryButton().isDisabled(), "an administrator's own button");
        assertEquals("", text("#home-admin-reason"));
        org.exoconsent.testing.Screenshots.save(robot.capture(app.shownRoot()).getImage(), "38-home-administrator");
        app.click("#home-new-consultation");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#begin").tryQuery().isPresent(), "no consultation form");
    }

    @Test
    void fromPatientModeTheRecordsCannotBeReachedNorTheWindowClosed() throws Exception {
        // a consultation left in patient mode (the tablet crashed while the patient was signing)
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        org.exoconsent.records.TestAccounts.everyone(dir, Examples.CLOCK);
        org.exoconsent.records.TestAccounts.staffPin(dir, Examples.CLOCK, "2468");
        org.exoconsent.consent.ConsentSession s = Examples.session("complete-ja");
        org.exoconsent.consent.ConsentSession unsigned = s.withId("locked-1").withSignatures(java.util.List.of());
        new org.exoconsent.records.DraftStore(dir).save(unsigned, true, Examples.CLOCK.instant());
        launch();
        app.waitFor("#signin-user");
        app.click("#signin-user").write(org.exoconsent.records.TestAccounts.NAME);
        app.click("#signin-password").write(org.exoconsent.records.TestAccounts.PASSWORD).type(KeyCode.ENTER);
        app.waitFor("#home-records");
        // the draft's time as the clinic's screens show it, in its zone (issue 16 §7)
        assertEquals("Resume: 佐藤 花子 (saved 2026-11-21 12:00)", robot.lookup("#resume-locked-1").queryButton()
                .getText());
        org.exoconsent.testing.Screenshots.save(robot.capture(app.shownRoot()).getImage(), "38-home-draft");
        app.click("#resume-locked-1");
        app.waitFor("#patient-mode-banner");
        ExoConsentApp exo = app.application();
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> WaitForAsyncUtils.asyncFx(exo::openRecords).get());
        assertTrue(refused.getCause() instanceof IllegalStateException, refused.toString());
        assertFalse(robot.lookup("#records-table").tryQuery().isPresent(), "no records on screen");
        assertFalse(robot.lookup("#home-records").tryQuery().isPresent(), "no way there either");
        javafx.stage.Window window = robot.lookup("#patient-mode-banner").query().getScene().getWindow();
        robot.interact(() -> window.fireEvent(new javafx.stage.WindowEvent(window,
                javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        assertTrue(window.isShowing(), "the window stays open in patient mode");
    }

    @Test
    void theFirstRunSetsUpTheClinicItsKeyAndRemovesThePracticeCatalog() throws Exception {
        java.nio.file.Path p12 = tmp.resolve("from-the-ca.p12");
        java.nio.file.Files.write(p12, org.exoconsent.pdf.TestAccess.createKeystore("さくら皮膚科クリニック",
                "ca password".toCharArray()));
        launch();
        app.createFirstAdministrator("admin", "the admin password");
        waitUntil(() -> !robot.lookup("#setup-policy").queryAs(javafx.scene.control.TextArea.class).getText()
                .isEmpty(), "the demo policy as a starting point");
        app.click("#setup-clinic-name").write("Sakura Skin Clinic");
        app.click("#setup-clinic-address").write("1-2-3 Sakura, Tokyo");
        app.click("#setup-clinic-phone").write("03-1234-5678");
        app.click("#setup-key-import");
        javafx.scene.control.TextField file = robot.lookup("#setup-key-file").queryAs(
                javafx.scene.control.TextField.class);
        robot.interact(() -> file.setText(p12.toString()));
        app.click("#setup-key-password").write("wrong");
        app.click("#setup-keep-demo");
        org.exoconsent.testing.Screenshots.save(robot.capture(app.shownRoot()).getImage(), "7b-first-run-set-up");
        // without the practice catalog the first product's part shows (left empty here): the form scrolls
        app.reveal("#setup-finish");
        app.click("#setup-finish");
        waitUntil(() -> !text("#setup-message").isEmpty(), "the refusal");
        assertTrue(text("#setup-message").contains("wrong password"), text("#setup-message"));
        app.reveal("#setup-key-password");
        app.click("#setup-key-password").eraseText(5).write("ca password");
        app.reveal("#setup-finish");
        app.click("#setup-finish");
        waitUntil(() -> robot.lookup("#signed-in-as").tryQuery().isPresent() || !text("#setup-message")
                .contains("wrong password"), "the set-up to finish");
        app.waitFor("#signed-in-as");

        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore store = signInWhenFree(dir, "admin", "the admin password")) {
            RecordStore.CatalogView c = store.catalog();
            assertEquals("Sakura Skin Clinic", c.clinic().name());
            assertFalse(c.clinic().demo(), "no longer the demo clinic");
            assertTrue(c.clinic().bloodDonationPolicy().contains("献血"));
            assertEquals(java.util.List.of(), c.products(), "the practice products are gone, and no first product "
                    + "was given");
            assertEquals(java.util.List.of(), c.physicians());
        }
        assertEquals(org.exoconsent.pdf.SigningKeys.fingerprint(org.exoconsent.pdf.SigningKeys.open(p12,
                "ca password".toCharArray()).certificate()), org.exoconsent.pdf.SigningKeys.fingerprint(
                org.exoconsent.pdf.SigningKeys.existingImported(dir.keyFiles()).certificate()),
                "the data directory now signs with the clinic's own key");
    }
}
