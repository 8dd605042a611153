package org.exoconsent.ui.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.FxWait;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A record's row whose recording time was made unreadable with sqlite3 (its trigger dropped): the Japanese records
 * screen lists the record all the same, marked (attack review of 2026-12-01: one damaged row must not hide the
 * others), and says so in Japanese first (who to contact), then the store's English detail for the administrator,
 * naming the row, the column and the value — not an English-only sentence, not a Java exception.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class RecordsDamagedRowTest {
    @TempDir
    static Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private String id;

    @Start
    void start(Stage stage) throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data-" + System.nanoTime()));
        ConsentSession s = Examples.session("complete-ja");
        RecordStore.CatalogView catalog;
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "record it")) {
            id = TestAccounts.record(store, s, store.signingTemplate(s.template().id(), s.template().version()),
                    Examples.key(), "test").id();
            catalog = store.catalog();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             Statement st = c.createStatement()) {
            st.executeUpdate("DROP TRIGGER record_immutable");
            st.executeUpdate("UPDATE record SET recorded_at = 'garbage' WHERE id = '" + id + "'");
        }
        RecordsService service = new RecordsService(dir, Examples.CLOCK, TestAccounts.everyone(dir, Examples.CLOCK));
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.JAPANESE,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        RecordsViewModel vm = new RecordsViewModel(service, background, Platform::runLater);
        RecordsView view = new RecordsView(vm, ui, catalog, Map.of(), pdf -> true, () -> { },
                Examples.CLINIC_CLOCK);
        stage.setScene(new Scene(org.exoconsent.ui.controls.Stylesheet.install(view), 1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    void theJapaneseRecordsScreenSaysInJapaneseThatAStoredValueCannotBeReadThenTheDetail(FxRobot robot)
            throws InterruptedException {
        FxWait.until(() -> !robot.lookup("#records-message").queryAs(Label.class).getText().isEmpty(),
                "the records screen's message", 30);
        String shown = robot.lookup("#records-message").queryAs(Label.class).getText();
        String[] lines = shown.split("\n", 2);
        assertEquals("表示した記録のうち 1 件に、読めない値があります。その記録も一覧にあり、値は「読めません（損傷）」と表示して"
                + "います。ほかの記録はいつもどおりです。管理者に連絡してください。", lines[0], shown);
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableView<org.exoconsent.records.RecordRow> table = robot.lookup("#records-table")
                .queryAs(javafx.scene.control.TableView.class);
        assertEquals(java.util.List.of(id), table.getItems().stream().map(org.exoconsent.records.RecordRow::id)
                .toList(), "the record is listed");
        String date = String.valueOf(table.getColumns().get(0).getCellData(0));
        assertTrue(date.endsWith(" (読めません（損傷）)"), "the row is marked: " + date);
        assertTrue(lines[1].startsWith("管理者の方へ（英語）: record " + id + ": the database's record row '"),
                shown);
        assertTrue(lines[1].contains("the column recorded_at holds 'garbage', not an instant"), shown);
    }
}
