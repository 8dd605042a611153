package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Label;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 §4: the app on a clinic's data directory whose database was lost (its audit head and archive still there)
 * does not offer the first run of a new clinic: it says how to restore, and creates nothing.
 */
@UiTest
class AppLostDatabaseTest {
    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();

    @AfterEach
    void stopTheApp() throws Exception {
        app.close();
    }

    @Test
    void theAppRefusesALostDatabaseAndSaysHowToRestoreInsteadOfAFirstRun() throws Exception {
        Path data = tmp.resolve("data");
        TestAccounts.everyone(new DataDirectory(data), Examples.CLOCK);
        Files.createDirectories(data.resolve("archive/2026/11"));
        Files.write(data.resolve("archive/2026/11/some-consent.pdf"), new byte[] {'%', 'P', 'D', 'F'});
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(data.resolve(DataDirectory.DATABASE + suffix));
        }
        app.launch(data);
        org.exoconsent.testing.FxWait.until(() -> app.robot.lookup(n -> n instanceof Label
                && ((Label) n).getText().contains("exoconsent restore")).tryQuery().isPresent(),
                "the message saying how to restore", 30);
        String shown = app.robot.lookup(n -> n instanceof Label && ((Label) n).getText().contains(
                "exoconsent restore")).queryAs(Label.class).getText();
        assertTrue(shown.contains(data.resolve(DataDirectory.DATABASE) + ": is missing"), shown);
        assertFalse(app.robot.lookup("#first-admin-name").tryQuery().isPresent(), "no first run of a new clinic");
        assertFalse(Files.exists(data.resolve(DataDirectory.DATABASE)), "nothing created");
    }
}
