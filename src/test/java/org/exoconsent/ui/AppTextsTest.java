package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.testing.FxWait;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.testing.Screenshots;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The clinic's texts in English in the whole app (issue 12 §2): after an upgrade the administrator is told at sign-in
 * which texts English still lacks and where to add them; the first-run set-up takes the clinic's English texts.
 */
@UiTest
class AppTextsTest {
    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();
    private final FxRobot robot = app.robot;

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
    void afterTheUpgradeTheAdministratorIsToldWhichEnglishTextsAreMissing() throws Exception {
        app.launch(PreviousRelease.copyTo(PreviousRelease.V1_2_0, tmp.resolve("clinic")));
        signIn("admin", "admin-password-1");
        app.waitFor("#texts-notice");
        FxWait.until(() -> !text("#texts-missing").isEmpty(), "the list of missing texts", 30);
        assertEquals("The clinic has not yet written all its texts in English; a consultation in English is refused "
                + "until they are. Please add them under Administration → Clinic, Physicians, Products:",
                text("#texts-notice"));
        assertEquals("""
                ・Clinic: name, address, blood-donation policy
                ・Physician 山田 太郎 (licence 123456): name in Latin letters
                ・Product Demo Adipose EV Concentrate: name, manufacturer, source cells, tests
                ・Product デモ培養上清エクソソーム UC-10: name, manufacturer, source cells, tests, storage""",
                text("#texts-missing"));
        Screenshots.save(robot.capture(app.shownRoot()).getImage(), "18b-texts-notice");
    }

    @Test
    void theFirstRunTakesTheClinicsEnglishTexts() throws Exception {
        Path home = tmp.resolve("data");
        app.launch(home);
        app.createFirstAdministrator("admin", "the admin password");
        FxWait.until(() -> !robot.lookup("#setup-policy").queryAs(javafx.scene.control.TextArea.class).getText()
                .isEmpty(), "the demo policy as a starting point", 30);
        app.click("#setup-clinic-name").write("さくら皮膚科クリニック");
        app.click("#setup-clinic-address").write("東京都港区さくら1-1");
        app.click("#setup-clinic-phone").write("03-1111-2222");
        app.reveal("#setup-english");
        app.click("#setup-english .title");
        app.fill("#setup-clinic-name-en", "Sakura Skin Clinic");
        app.fill("#setup-clinic-address-en", "東京都港区さくら1-1");
        app.fill("#setup-policy-en", "Please tell the blood donation site about this treatment before you give "
                + "blood.");
        app.reveal("#setup-finish");
        app.click("#setup-finish");
        FxWait.until(() -> text("#setup-message").contains("U+6771"), "the refusal of Japanese in English", 30);
        assertEquals("'東京都港区さくら1-1' contains U+6771 '東'. Write it in English: Latin letters, and ( ) : , "
                + "rather than （ ）： 、.", text("#setup-message"));
        app.fill("#setup-clinic-address-en", "1-1 Sakura, Minato-ku, Tokyo");
        Screenshots.save(robot.capture(app.shownRoot()).getImage(), "7f-first-run-english");
        app.reveal("#setup-finish");
        app.click("#setup-finish");
        app.waitFor("#signed-in-as");
        assertFalse(app.visible("#texts-notice"), "the practice catalog and the clinic are written in English");
        DataDirectory dir = new DataDirectory(home);
        try (RecordStore store = AppDriver.signInWhenFree(dir, "admin", "the admin password")) {
            Catalog.Clinic c = store.catalog().clinic();
            assertEquals("さくら皮膚科クリニック", c.name());
            assertEquals(new Catalog.ClinicText("Sakura Skin Clinic", "1-1 Sakura, Minato-ku, Tokyo",
                    "Please tell the blood donation site about this treatment before you give blood."), c.text("en"));
            assertTrue(store.textNotices().isEmpty());
        }
    }
}
