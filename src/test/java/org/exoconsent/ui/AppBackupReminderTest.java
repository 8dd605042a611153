package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Screenshots;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * Issue 13 §5: the home screen tells an administrator when the last backup is older than the clinic's setting
 * ({@code backup-reminder-days}, 7 by default), counted from the audit trail's {@code backup-created} entry.
 */
@UiTest
class AppBackupReminderTest {
    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();
    private final FxRobot robot = app.robot;

    @AfterEach
    void stopTheApp() throws Exception {
        app.close();
    }

    @Test
    void anAdministratorIsRemindedWhenTheLastBackupIsEightDaysOld() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        // the clinic began 20 days ago and was last backed up 8 days ago (the app runs on the real clock)
        Clock began = Clock.offset(Clock.systemUTC(), Duration.ofDays(-20));
        Clock eightDaysAgo = Clock.offset(Clock.systemUTC(), Duration.ofDays(-8));
        TestAccounts.everyone(dir, began);
        TestAccounts.staffPin(dir, began, "2468");
        try (RecordStore store = TestAccounts.open(dir, eightDaysAgo, "test")) {
            store.backup(tmp.resolve("backup.zip"), "a long backup passphrase".toCharArray());
        }
        app.launch(dir.root());
        app.waitFor("#signin-user");
        app.click("#signin-user").write(TestAccounts.NAME);
        app.click("#signin-password").write(TestAccounts.PASSWORD).type(KeyCode.ENTER);
        app.waitFor("#backup-notice");
        assertEquals("The last backup was made 8 days ago (the clinic asks for one every 7 days). Please make a "
                + "backup under Administration → Backup.", robot.lookup("#backup-notice").queryAs(Label.class)
                .getText());
        Screenshots.save(robot.capture(app.shownRoot()).getImage(), "18c-backup-reminder");
    }
}
