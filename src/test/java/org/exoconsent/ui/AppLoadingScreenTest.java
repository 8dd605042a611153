package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.scene.input.KeyCode;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 16 §7: a screen whose data is read in the background shows progress at once — the loading screen with its
 * turning indicator, in the same moment the screen is asked for — and going back meanwhile is not undone when the
 * reading ends.
 */
@UiTest
class AppLoadingScreenTest {
    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();

    @AfterEach
    void stopTheApp() throws Exception {
        app.close();
    }

    @Test
    void theRecordsScreenShowsProgressAtOnceAndGoingBackMeanwhileStaysBack() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        TestAccounts.everyone(dir, Examples.CLOCK);
        TestAccounts.staffPin(dir, Examples.CLOCK, "2468");
        app.launch(dir.root());
        app.waitFor("#signin-user");
        app.click("#signin-user").write(TestAccounts.NAME);
        app.click("#signin-password").write(TestAccounts.PASSWORD).type(KeyCode.ENTER);
        app.waitFor("#home-records");
        ExoConsentApp exo = app.application();

        // in the very event that asks for the screen, before the background has read anything
        boolean loadingAtOnce = WaitForAsyncUtils.asyncFx(() -> {
            exo.openRecords();
            return app.shownRoot().lookup("#loading-progress") != null
                    && app.shownRoot().lookup("#records-table") == null;
        }).get();
        assertTrue(loadingAtOnce, "the loading screen with its indicator, not the home screen unchanged");
        app.waitFor("#records-table");
        assertFalse(app.visible("#loading-progress"), "replaced by the records screen once read");

        app.click("#records-back");
        app.waitFor("#home-records");
        WaitForAsyncUtils.asyncFx(() -> {
            exo.openOverview();
            ((javafx.scene.control.Button) app.shownRoot().lookup("#loading-back")).fire(); // back at once
        }).get();
        app.waitFor("#home-records");
        Thread.sleep(1500); // longer than the overview's reading takes here
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(app.visible("#home-records"), "still at home: the finished reading did not bring the overview");
        assertFalse(app.visible("#overview-per-month"));
    }
}
