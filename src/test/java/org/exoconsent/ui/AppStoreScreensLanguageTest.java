package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.MovedMarks;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.FxWait;
import org.exoconsent.testing.Screenshots;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The start screens about the store (issue 17 and its review), as a person at the computer sees them: a data
 * directory moved to the clinic's shared store says where the records are now and how this computer is pointed at
 * them, without "try again" — even when {@code moved-to.txt} was deleted —; and every text of the store's screens,
 * the footer included, is in the staff language (Japanese here).
 */
@UiTest
class AppStoreScreensLanguageTest {
    private static final String SHARED = "postgresql://db.clinic.lan:5432/exoconsent?user=exoconsent_app"
            + "&sslmode=verify-full";
    private static final Instant MOVED_AT = Instant.parse("2026-11-30T20:00:00Z");

    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();
    private final FxRobot robot = app.robot;
    private Locale before;
    private String userHome;

    @BeforeEach
    void remember() {
        before = Locale.getDefault();
        userHome = System.getProperty("user.home");
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        Locale.setDefault(before);
        System.setProperty("user.home", userHome);
    }

    /** The operating system's language (nothing remembered on this computer yet: the app starts in it). */
    private void osLanguage(Locale language) {
        Locale.setDefault(language);
    }

    private void launch(Map<String, String> env) throws Exception {
        app.launchOn(() -> new ExoConsentApp(Examples.CLOCK, env), tmp.resolve("device-keys"));
    }

    private String text(String query) {
        return robot.lookup(query).tryQuery().map(n -> ((Label) n).getText()).orElse("");
    }

    /** A clinic's data directory, moved to the shared store, whose moved-to.txt someone deleted. */
    private Path movedClinic(Path dir) throws Exception {
        try (RecordStore admin = RecordStore.createFirstAdministrator(new DataDirectory(dir), Examples.CLOCK,
                TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), "set up")) {
            assertTrue(admin.createdNow());
        }
        MovedMarks.mark(dir, SHARED, MOVED_AT);
        Files.delete(dir.resolve(DataDirectory.MOVED_TO));
        return dir;
    }

    private void shot(String name) {
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(robot.capture(app.shownRoot()).getImage(), name);
    }

    @Test
    void aMovedDataDirectorySaysInJapaneseWhereTheRecordsAreAndWhoPointsThisComputerThere() throws Exception {
        osLanguage(Locale.JAPANESE);
        Path dir = movedClinic(tmp.resolve("clinic"));
        launch(Map.of("EXOCONSENT_HOME", dir.toString()));
        FxWait.until(() -> !text("#store-problem").isEmpty(), "the start screen says why", 30);
        assertEquals("このクリニックの記録は、もうデータフォルダー " + dir + " には保存されていません。2026-11-30 20:00 UTC "
                + "に、クリニックの PostgreSQL サーバーの共有の保存先 " + SHARED + " に移されました。クリニックの記録を一つに"
                + "保つため、このフォルダーでは何も読み込み・保存しません。\n\n作業するには、このコンピューターを共有の保存先に"
                + "向けてください。このコンピューターの管理者が、設定ファイル "
                + org.exoconsent.records.DeviceSettings.defaultFile(Map.of())
                + " に store = " + SHARED + " と書くか、環境変数 EXOCONSENT_STORE にこのアドレスを設定します"
                + "（EXOCONSENT_HOME は削除します）。", text("#store-problem"));
        assertFalse(app.visible("#store-try-again"), "no \"try again\": it would change nothing");
        assertTrue(robot.lookup("#signin-user").tryQuery().isEmpty(), "no sign-in into the moved data directory");
        assertEquals("開発版 · " + dir, text("#footer"), "the footer in the staff language");
        shot("62-moved-data-directory-ja");
    }

    @Test
    void aMovedDataDirectoryOfTheSetUpsChoiceOffersTheSharedStoreFilledIn() throws Exception {
        osLanguage(Locale.ENGLISH);
        System.setProperty("user.home", tmp.resolve("home").toString()); // ~/.exoconsent: the set-up's default
        Path dir = movedClinic(tmp.resolve("home").resolve(".exoconsent"));
        launch(Map.of());
        FxWait.until(() -> !text("#store-problem").isEmpty(), "the start screen says why", 30);
        assertEquals("This clinic's records are no longer kept in the data directory " + dir + ": on 2026-11-30 "
                + "20:00 UTC they were moved to the clinic's shared store on its PostgreSQL server, " + SHARED
                + ". Nothing is read or saved in that folder any more, so that the clinic keeps one set of records."
                + "\n\nTo work, point this computer at the shared store: choose \"Choose another store\", then the "
                + "shared store (its address is filled in), and continue.", text("#store-problem"));
        assertFalse(app.visible("#store-try-again"));
        app.click("#store-choose-other");
        app.waitFor("#store-choice-address");
        assertTrue(robot.lookup("#store-choice-server").queryAs(RadioButton.class).isSelected());
        assertEquals(SHARED, robot.lookup("#store-choice-address").queryAs(TextField.class).getText());
    }

    @Test
    void theStoreChoiceAndAnUnreachableServerAreWhollyInJapaneseFooterIncluded() throws Exception {
        osLanguage(Locale.JAPANESE);
        System.setProperty("user.home", tmp.resolve("home").toString());
        launch(Map.of());
        app.waitFor("#store-choice-here");
        assertEquals("開発版 · " + tmp.resolve("home").resolve(".exoconsent"), text("#footer"));
        app.click("#store-choice-server");
        app.fill("#store-choice-address", "postgresql://127.0.0.1:1/clinic?user=clinic_app"); // nothing listens
        app.click("#store-choice-next");
        FxWait.until(() -> !text("#store-problem").isEmpty(), "the server said unreachable", 30);
        assertEquals("クリニックの PostgreSQL サーバー 127.0.0.1:1（データベース clinic）に接続できないため、何も読み込み・"
                + "保存していません。サーバーのコンピューターの電源が入り PostgreSQL が動いていること、この端末がクリニックの"
                + "ネットワークにつながっていること、アドレスが正しいことを確認してから、もう一度お試しください。（待った時間は"
                + "最大 5 秒。詳細: Connection refused）", text("#store-problem"),
                "in Japanese, the details being the system's own words, not the command line's English sentence");
        assertEquals("開発版 · PostgreSQL の保存先 127.0.0.1:1/clinic（ユーザー clinic_app）", text("#footer"),
                "the footer of a Japanese screen in Japanese (it said \"development build · the PostgreSQL store …\")");
        assertEquals("もう一度試す", robot.lookup("#store-try-again").queryButton().getText());
        shot("63-server-unreachable-ja");
    }
}
