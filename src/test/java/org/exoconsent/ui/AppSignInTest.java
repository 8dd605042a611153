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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The app itself, from an empty data directory: first administrator, sign-out, a wrong password, sign-in. */
class AppSignInTest {
    @TempDir
    Path tmp;

    private final FxRobot robot = new FxRobot();
    private javafx.application.Application app;

    @BeforeEach
    void useATemporaryDataDirectory() {
        System.setProperty("exoconsent.home", tmp.resolve("data").toString());
    }

    private void launch() throws Exception {
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(ExoConsentApp.class);
    }

    @AfterEach
    void stopTheApp() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        System.clearProperty("exoconsent.home");
    }

    private void waitFor(String query) throws InterruptedException {
        waitUntil(() -> robot.lookup(query).tryQuery().map(n -> n.isVisible()).orElse(false), query);
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        org.exoconsent.testing.FxWait.until(condition, what, 30);
    }

    private String text(String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    /** The root of the window on screen (the app replaces its root as screens change). */
    private javafx.scene.Parent shownRoot() {
        return robot.listWindows().stream().filter(javafx.stage.Window::isShowing).findFirst().orElseThrow()
                .getScene().getRoot();
    }

    /**
     * Clicks a node once it is on screen. The app swaps its screens from background tasks, and TestFX looks nodes
     * up from the test thread, so a lookup can meet a screen that was just replaced: look again then.
     */
    private org.testfx.api.FxRobotInterface click(String query) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            WaitForAsyncUtils.waitForFxEvents();
            try {
                return robot.clickOn(query);
            } catch (NullPointerException | org.testfx.api.FxRobotException e) {
                if (attempt == 5) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Signs in beside the running app, whose background work holds the data directory's writer lock for a few
     * milliseconds at a time (a second program is refused at once rather than kept waiting).
     */
    private static RecordStore signInWhenFree(DataDirectory dir, String name, String password) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return RecordStore.signIn(dir, Examples.CLOCK, name, password.toCharArray(), "test");
            } catch (org.exoconsent.records.StoreException e) {
                if (attempt == 50 || !e.getMessage().contains("is in use by another ExoConsent program")) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void theFirstAdministratorIsCreatedSignsOutAndSignsInAgain() throws Exception {
        launch();
        waitFor("#first-admin-name");
        org.exoconsent.testing.Screenshots.save(robot.capture(shownRoot()).getImage(), "7-first-run");
        click("#first-admin-name").write("admin");
        click("#first-admin-password").write("the admin password");
        click("#first-admin-password-again").write("the admin passwrd");
        click("#first-admin-create");
        assertEquals("The two passwords are not the same.", text("#first-admin-message"));
        robot.doubleClickOn("#first-admin-password-again").eraseText(20).write("the admin password");
        click("#first-admin-create");
        waitFor("#setup-later");
        click("#setup-later");
        waitFor("#signed-in-as");
        assertEquals("Signed in as admin [administrator]", text("#signed-in-as"));

        click("#sign-out");
        waitFor("#signin-user");
        click("#signin-user").write("admin");
        click("#signin-password").write("wrong password").type(KeyCode.ENTER);
        waitUntil(() -> !text("#signin-message").isEmpty(), "the refusal");
        assertEquals("admin: wrong user name or password", text("#signin-message"));
        org.exoconsent.testing.Screenshots.save(robot.capture(shownRoot()).getImage(), "8-sign-in");
        click("#signin-password").write("the admin password").type(KeyCode.ENTER);
        waitFor("#signed-in-as");

        // the store kept both: the administrator and the failed sign-in
        try (RecordStore store = signInWhenFree(new DataDirectory(tmp.resolve("data")), "admin",
                "the admin password")) {
            assertEquals(1, store.users().size());
            assertTrue(store.principal().has(org.exoconsent.records.Role.ADMINISTRATOR));
        }
    }

    @Test
    void anAdministratorAloneCannotStartAConsultation() throws Exception {
        launch();
        waitFor("#first-admin-name");
        click("#first-admin-name").write("admin");
        click("#first-admin-password").write("the admin password");
        click("#first-admin-password-again").write("the admin password");
        click("#first-admin-create");
        waitFor("#setup-later");
        click("#setup-later");
        waitFor("#signed-in-as");
        waitFor("#new-pin");
        click("#new-pin").write("2468");
        click("#set-pin");
        waitFor("#home-new-consultation");
        click("#home-new-consultation");
        waitUntil(() -> !text("#home-message").isEmpty(), "the message");
        assertEquals("Your roles do not include running consultations (physician or staff).",
                text("#home-message"));
        assertFalse(robot.lookup("#begin").tryQuery().isPresent(), "no consultation form");
    }

    @Test
    void fromPatientModeTheRecordsCannotBeReachedNorTheWindowClosed() throws Exception {
        // a consultation left in patient mode (the tablet crashed while the patient was signing)
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        org.exoconsent.records.TestAccounts.everyone(dir, Examples.CLOCK);
        new StaffPin(dir.root()).set("2468");
        org.exoconsent.consent.ConsentSession s = Examples.session("complete-ja");
        org.exoconsent.consent.ConsentSession unsigned = new org.exoconsent.consent.ConsentSession(s.schemaVersion(),
                "locked-1", s.template(), s.clinic(), s.physician(), s.patient(), s.representative(), s.treatment(),
                s.previousConsent(), s.startedAt(), s.acknowledgements(), s.quiz(), s.notes(), java.util.List.of());
        new org.exoconsent.records.DraftStore(dir).save(unsigned, true, Examples.CLOCK.instant());
        launch();
        waitFor("#signin-user");
        click("#signin-user").write(org.exoconsent.records.TestAccounts.NAME);
        click("#signin-password").write(org.exoconsent.records.TestAccounts.PASSWORD).type(KeyCode.ENTER);
        waitFor("#home-records");
        click("#resume-locked-1");
        waitFor("#patient-mode-banner");
        ExoConsentApp exo = (ExoConsentApp) app;
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
        waitFor("#first-admin-name");
        click("#first-admin-name").write("admin");
        click("#first-admin-password").write("the admin password");
        click("#first-admin-password-again").write("the admin password");
        click("#first-admin-create");
        waitFor("#setup-clinic-name");
        waitUntil(() -> !robot.lookup("#setup-policy").queryAs(javafx.scene.control.TextArea.class).getText()
                .isEmpty(), "the demo policy as a starting point");
        click("#setup-clinic-name").write("Sakura Skin Clinic");
        click("#setup-clinic-address").write("1-2-3 Sakura, Tokyo");
        click("#setup-clinic-phone").write("03-1234-5678");
        click("#setup-key-import");
        javafx.scene.control.TextField file = robot.lookup("#setup-key-file").queryAs(
                javafx.scene.control.TextField.class);
        robot.interact(() -> file.setText(p12.toString()));
        click("#setup-key-password").write("wrong");
        click("#setup-keep-demo");
        org.exoconsent.testing.Screenshots.save(robot.capture(shownRoot()).getImage(), "7b-first-run-set-up");
        click("#setup-finish");
        waitUntil(() -> !text("#setup-message").isEmpty(), "the refusal");
        assertTrue(text("#setup-message").contains("wrong password"), text("#setup-message"));
        click("#setup-key-password").eraseText(5).write("ca password");
        click("#setup-finish");
        waitUntil(() -> robot.lookup("#signed-in-as").tryQuery().isPresent() || !text("#setup-message")
                .contains("wrong password"), "the set-up to finish");
        waitFor("#signed-in-as");

        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore store = signInWhenFree(dir, "admin", "the admin password")) {
            RecordStore.CatalogView c = store.catalog();
            assertEquals("Sakura Skin Clinic", c.clinic().name());
            assertFalse(c.clinic().demo(), "no longer the demo clinic");
            assertTrue(c.clinic().bloodDonationPolicy().contains("献血"));
            assertEquals(java.util.List.of(), c.products(), "the practice products are gone");
            assertEquals(java.util.List.of(), c.physicians());
        }
        assertEquals(org.exoconsent.pdf.SigningKeys.fingerprint(org.exoconsent.pdf.SigningKeys.open(p12,
                "ca password".toCharArray()).certificate()), org.exoconsent.pdf.SigningKeys.fingerprint(
                org.exoconsent.pdf.SigningKeys.existingImported(dir.root()).certificate()),
                "the data directory now signs with the clinic's own key");
    }
}
