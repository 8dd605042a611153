package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.Screenshots;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * Issue 13 §3: the home screen says when the audit trail's anchor cannot be reached (its share not mounted) and when
 * the head file is missing, to whoever verifies the records or keeps the settings.
 */
@UiTest
class AppEvidenceNoticeTest {
    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();
    private final FxRobot robot = app.robot;

    @AfterEach
    void stopTheApp() throws Exception {
        app.close();
    }

    @Test
    void theHomeScreenSaysTheAnchorCannotBeReachedAndTheHeadFileIsMissing() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        TestAccounts.everyone(dir, Examples.CLOCK);
        TestAccounts.staffPin(dir, Examples.CLOCK, "2468");
        Path share = Files.createDirectories(tmp.resolve("nas"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            store.setAnchor(share.resolve("anchor.jsonl"));
        }
        Files.move(share, tmp.resolve("nas-unmounted"));
        Files.delete(dir.auditHead());
        app.launch(dir.root());
        app.waitFor("#signin-user");
        app.click("#signin-user").write(TestAccounts.NAME);
        app.click("#signin-password").write(TestAccounts.PASSWORD).type(KeyCode.ENTER);
        app.waitFor("#evidence-notice");
        String text = robot.lookup("#evidence-notice").queryAs(Label.class).getText();
        assertTrue(text.startsWith("The evidence of the records needs attention"), text);
        assertTrue(text.contains("・audit log: the head file " + dir.auditHead() + " is missing"), text);
        assertTrue(text.contains("・the anchor's folder " + share + " cannot be reached (is its disk or share "
                + "mounted?)"), text);
        Screenshots.save(robot.capture(app.shownRoot()).getImage(), "18d-evidence-notice");
    }
}
