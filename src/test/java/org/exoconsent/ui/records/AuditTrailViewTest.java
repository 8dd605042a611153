package org.exoconsent.ui.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.exoconsent.records.AuditTrail;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.SyntheticRecords;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 13 §6 on screen: a manager opens the audit trail from the records screen, sees the chain's head, filters by
 * action and exports for an inspector; an export into the data directory is refused with the store's words.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class AuditTrailViewTest {
    @TempDir
    static Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private static DataDirectory dir;

    /** The records and the manager, once (the toolkit's set-up has a time limit). */
    @org.junit.jupiter.api.BeforeAll
    static void records() throws Exception {
        dir = new DataDirectory(tmp.resolve("data"));
        SyntheticRecords.build(dir, Examples.CLOCK, 5);
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            admin.addUser("office", EnumSet.of(Role.MANAGER), null, "manager password".toCharArray());
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        RecordsService service;
        RecordStore.CatalogView catalog;
        try (RecordStore s = RecordStore.signIn(dir, Examples.CLOCK, "office", "manager password".toCharArray(),
                "test")) {
            service = new RecordsService(dir, Examples.CLOCK, s.principal());
            catalog = s.catalog();
        }
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.ENGLISH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        RecordsViewModel vm = new RecordsViewModel(service, background, Platform::runLater);
        RecordsView view = new RecordsView(vm, ui, catalog, Map.of("skin", "Skin"), pdf -> true, () -> { },
                Examples.CLINIC_CLOCK);
        stage.setScene(new Scene(org.exoconsent.ui.controls.Stylesheet.install(view), 1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        org.exoconsent.testing.FxWait.until(condition, what, 60);
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @SuppressWarnings("unchecked")
    private static TableView<AuditTrail.Entry> table(FxRobot robot) {
        return robot.lookup("#audit-table").queryAs(TableView.class);
    }

    /** The newest entry of an action: its sequence number and the hash it follows. */
    private long[] newest(String action, String[] prevHash) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, prev_hash FROM audit WHERE action = '" + action
                     + "' ORDER BY seq DESC LIMIT 1")) {
            assertTrue(rs.next(), action);
            prevHash[0] = rs.getString(2);
            return new long[] {rs.getLong(1)};
        }
    }

    private long count(String action) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM audit WHERE action = '" + action + "'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Test
    void aManagerReadsTheTrailWithItsHeadFiltersItAndExportsItForAnInspector(FxRobot robot) throws Exception {
        waitUntil(() -> robot.lookup("#records-audit").tryQuery().isPresent(), "the records screen");
        robot.clickOn("#records-audit");
        waitUntil(() -> robot.lookup("#audit-head").tryQuery().isPresent()
                && !text(robot, "#audit-head").isEmpty(), "the trail and its head");
        WaitForAsyncUtils.waitForFxEvents();
        // the head shown is the one the viewing itself then continued from (audit-viewed follows it)
        String[] prev = new String[1];
        long viewed = newest("audit-viewed", prev)[0];
        assertEquals("Chain head: entry " + (viewed - 1) + ", SHA-256 " + prev[0] + ". The chain verifies.",
                text(robot, "#audit-head"));
        assertEquals(viewed - 1, table(robot).getItems().get(table(robot).getItems().size() - 1).seq(),
                "the newest entry is listed last");

        robot.clickOn("#audit-action").write("created");
        robot.clickOn("#audit-search");
        long created = count("created");
        waitUntil(() -> text(robot, "#audit-message").equals(created + " entries."), "the filtered trail");
        List<AuditTrail.Entry> rows = List.copyOf(table(robot).getItems());
        assertEquals(created, rows.size());
        assertTrue(rows.stream().allMatch(e -> e.action().equals("created")), rows.toString());
        assertTrue(rows.stream().allMatch(e -> e.time().endsWith("+09:00")), "times in the clinic's zone");

        // an export into the data directory is refused, naming both; then one outside it
        TextField file = robot.lookup("#audit-export-file").queryAs(TextField.class);
        Path inside = dir.root().resolve("audit.csv");
        robot.interact(() -> file.setText(inside.toString()));
        robot.clickOn("#audit-export");
        waitUntil(() -> text(robot, "#audit-message").startsWith("Not done"), "the refusal");
        assertTrue(text(robot, "#audit-message").contains(inside + ": is inside the data directory " + dir.root()),
                text(robot, "#audit-message"));
        assertFalse(Files.exists(inside));

        Path csv = tmp.resolve("inspection-" + System.nanoTime() + ".csv");
        robot.interact(() -> file.setText(csv.toString()));
        robot.clickOn("#audit-export");
        waitUntil(() -> text(robot, "#audit-message").startsWith("Exported"), "the export");
        assertEquals("Exported " + rows.size() + " entries to " + csv, text(robot, "#audit-message"));
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(rows.size(), lines.stream().filter(l -> l.contains(",created,")).count(), lines.toString());
        assertEquals(1, count("audit-exported"), "the export is audited (the refused one is not)");
    }

    @Test
    void datesOutOfOrderAreRefusedNamingBoth(FxRobot robot) throws Exception {
        waitUntil(() -> robot.lookup("#records-audit").tryQuery().isPresent(), "the records screen");
        robot.clickOn("#records-audit");
        waitUntil(() -> robot.lookup("#audit-head").tryQuery().isPresent()
                && !text(robot, "#audit-head").isEmpty(), "the trail");
        javafx.scene.control.DatePicker from = robot.lookup("#audit-from").queryAs(javafx.scene.control.DatePicker.class);
        javafx.scene.control.DatePicker to = robot.lookup("#audit-to").queryAs(javafx.scene.control.DatePicker.class);
        robot.interact(() -> {
            from.setValue(java.time.LocalDate.of(2026, 11, 22));
            to.setValue(java.time.LocalDate.of(2026, 11, 21));
        });
        robot.clickOn("#audit-search");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("The end date 2026-11-21 is before the start date 2026-11-22.", text(robot, "#audit-message"));
    }
}
