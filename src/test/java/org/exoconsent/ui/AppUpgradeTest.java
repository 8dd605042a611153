package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.exoconsent.testing.FxWait;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.testing.Screenshots;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The app opening a clinic's data directory made by the release before template 1.2.0: the administrator is told
 * on the home screen that the active version contains errors and what was corrected; a physician's draft begun on
 * 1.0.0 starts again from the first section with 1.2.0, and says so (issue 10, section 4).
 */
@UiTest
class AppUpgradeTest {
    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();
    private final FxRobot robot = app.robot;

    @BeforeEach
    void openACopyOfThePreviousReleasesDataDirectory() throws Exception {
        app.launch(PreviousRelease.copyTo(tmp.resolve("clinic")));
    }

    @AfterEach
    void stopTheApp() throws Exception {
        app.close();
    }

    private String text(String query) {
        return robot.lookup(query).tryQuery().map(n -> ((Label) n).getText()).orElse("");
    }

    private void signIn(String user, String password) throws InterruptedException {
        app.waitFor("#signin-user");
        app.click("#signin-user").write(user);
        app.click("#signin-password").write(password).type(KeyCode.ENTER);
        app.waitFor("#signed-in-as");
    }

    @Test
    void theFirstScreenSaysThatTheDataDirectoryWasOpenToOtherAccountsAndHasBeenRepaired() throws Exception {
        // the release before left its files readable by every account (and git checks the fixture out so): the
        // app's first opening repairs them and says so to whoever is at the computer, and after signing in still
        app.waitFor("#permissions-notice");
        String home = System.getProperty("exoconsent.home");
        String notice = text("#permissions-notice");
        assertTrue(notice.contains(Path.of(home).toAbsolutePath().normalize().toString()), notice);
        assertTrue(notice.contains("administrator") || notice.contains("管理者"), notice);
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(Path.of(home))) {
            for (Path p : s.toList()) {
                String mode = java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(p));
                assertTrue(mode.endsWith("------"), p + " " + mode);
            }
        }
        signIn("sato", "staff-password-1");
        assertEquals(notice, text("#permissions-notice"), "still said after signing in, in this run");
        Screenshots.save(robot.capture(app.shownRoot()).getImage(), "18e-permissions-notice");
    }

    @Test
    void theAdministratorIsToldUntilTheCorrectionIsActivated() throws Exception {
        signIn("admin", "admin-password-1");
        app.waitFor("#template-notice");
        String notice = text("#template-notice");
        assertTrue(notice.contains("version 1.0.0") && notice.contains("corrected version 1.3.0"), notice);
        app.click("#template-corrections-pane");
        app.waitFor("#template-corrections");
        String corrections = text("#template-corrections");
        assertTrue(corrections.contains("Sepsis was reported in self-pay care abroad"), corrections);
        assertEquals(15, corrections.lines().count(), "every correction of 1.3.0: " + corrections);
        Screenshots.save(robot.capture(app.shownRoot()).getImage(), "18-template-notice");
    }

    @Test
    void aDraftBegunOnTheOldTemplateStartsAgainFromTheFirstSectionWithTheCorrection() throws Exception {
        signIn("yamada", "physician-password-1");
        app.click("#resume-" + PreviousRelease.DRAFT);
        FxWait.until(() -> robot.lookup("#draft-restarted").tryQuery().isPresent(), "the restart notice", 30);
        javafx.scene.control.DialogPane dialog = robot.lookup("#draft-restarted").queryAs(
                javafx.scene.control.DialogPane.class);
        assertTrue(dialog.getContentText().contains("version 1.0.0") && dialog.getContentText().contains(
                "version 1.3.0"), dialog.getContentText());
        Screenshots.save(robot.capture(dialog).getImage(), "19-draft-restarted");
        robot.clickOn(dialog.lookupButton(javafx.scene.control.ButtonType.OK));
        // the restarted consultation waits for the physician's confirmation (signed in here: only the password)
        app.waitFor("#confirm-password");
        assertEquals("yamada", robot.lookup("#confirm-account").queryAs(javafx.scene.control.TextField.class)
                .getText());
        robot.clickOn("#confirm-password").write("physician-password-1");
        robot.clickOn("#confirm-treatment");
        app.waitFor("#section-title");
        assertEquals("1. この治療について", text("#section-title"), "the patient hears every section again");
        org.exoconsent.records.DraftStore drafts = new org.exoconsent.records.DraftStore(
                new org.exoconsent.records.DataDirectory(Path.of(System.getProperty("exoconsent.home"))));
        FxWait.until(() -> {
            try {
                return drafts.list().stream().anyMatch(d -> d.session().id().equals(PreviousRelease.DRAFT)
                        && d.session().template().version().equals("1.3.0"));
            } catch (org.exoconsent.records.StoreException e) {
                return false;
            }
        }, "the restarted draft replacing the 1.0.0 one, so it restarts only once", 30);
        Screenshots.save(robot.capture(app.shownRoot()).getImage(), "19b-restarted-explanation");
    }
}
