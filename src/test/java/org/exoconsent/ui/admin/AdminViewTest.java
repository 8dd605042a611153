package org.exoconsent.ui.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.Settings;
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

/** The administrator adds a physician, refuses a weak password, changes a setting and backs up. */
@UiTest
@ExtendWith(ApplicationExtension.class)
class AdminViewTest {
    /** The bundled template's effective date, as the administration screen shows it. */
    private static final String EFFECTIVE = Examples.template().manifest().effectiveDate().toString();

    @TempDir
    static Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private DataDirectory dir;
    private AdminViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        dir = new DataDirectory(tmp.resolve("data-" + System.nanoTime()));
        vm = new AdminViewModel(dir, Examples.CLOCK, TestAccounts.everyone(dir, Examples.CLOCK),
                background, Platform::runLater);
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.ENGLISH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        stage.setScene(new Scene(org.exoconsent.ui.controls.Stylesheet.install(new AdminView(vm, ui, () -> { })),
                1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        org.exoconsent.testing.FxWait.until(condition, what, 30);
    }

    private static String message(FxRobot robot) {
        return robot.lookup("#admin-message").queryAs(Label.class).getText();
    }

    @Test
    void usersSettingsAndABackup(FxRobot robot) throws Exception {
        waitUntil(() -> !robot.lookup("#admin-users").queryTableView().getItems().isEmpty(), "the users");
        robot.clickOn("#admin-user-name").write("kato");
        robot.clickOn("#admin-role-physician");
        robot.clickOn("#admin-user-licence").write("123456");
        robot.clickOn("#admin-user-password").write("short");
        robot.clickOn("#admin-add-user");
        waitUntil(() -> !message(robot).isEmpty(), "the refusal");
        assertEquals("Not done: password for kato: too short; use at least 10 characters", message(robot));
        robot.clickOn("#admin-user-password").write("a long password");
        robot.clickOn("#admin-add-user");
        waitUntil(() -> message(robot).equals("Added kato."), "the new user");
        assertEquals(3, robot.lookup("#admin-users").queryTableView().getItems().size(),
                "the tester, the demo physician's account (TestAccounts) and the new one");
        // a physician's account whose licence the catalog lacks is added, and the administrator is told what it
        // cannot do yet (README trial of issue 17: it was added without a word)
        robot.clickOn("#admin-user-name").eraseText(4).write("mori");
        robot.clickOn("#admin-user-licence").eraseText(6).write("999999");
        robot.clickOn("#admin-user-password").write("a long password");
        robot.clickOn("#admin-add-user");
        waitUntil(() -> message(robot).startsWith("Added mori."), "the new physician");
        assertEquals("Added mori. Licence 999999 is not an active physician on the Physicians tab: mori cannot "
                + "confirm a treatment until the physician is added there (or the account's licence is corrected).",
                message(robot));
        org.exoconsent.testing.Screenshots.save(robot.capture(robot.lookup("#admin-users").query().getScene()
                .getRoot()).getImage(), "12-administration");

        robot.clickOn("#tab-settings");
        TextField reflection = robot.lookup("#admin-reflection").queryAs(TextField.class);
        robot.interact(() -> reflection.setText("abc"));
        robot.clickOn("#admin-save-settings");
        waitUntil(() -> message(robot).contains("reflection-minutes"), "the refusal");
        assertEquals("Not done: reflection-minutes: 'abc' is not a whole number of minutes", message(robot));
        robot.interact(() -> reflection.setText("1440"));
        robot.clickOn("#admin-save-settings");
        waitUntil(() -> message(robot).equals("The settings were saved."), "the settings");

        robot.clickOn("#tab-backup");
        Path zip = tmp.resolve("backup-" + System.nanoTime() + ".zip");
        TextField file = robot.lookup("#admin-backup-file").queryAs(TextField.class);
        robot.interact(() -> file.setText(zip.toString()));
        robot.clickOn("#admin-backup-passphrase").write("too short");
        robot.clickOn("#admin-backup-now");
        waitUntil(() -> message(robot).startsWith("Not done"), "the refusal of a short passphrase");
        assertTrue(message(robot).contains("the backup passphrase is too short: 9 characters; use at least 12"),
                message(robot));
        assertFalse(Files.exists(zip));
        robot.clickOn("#admin-backup-passphrase").write(" but longer now");
        robot.clickOn("#admin-backup-now");
        waitUntil(() -> message(robot).startsWith("Backed up"), "the backup");
        assertTrue(Files.exists(zip));
        assertEquals(org.exoconsent.records.BackupFormat.Kind.ENCRYPTED, org.exoconsent.records.BackupFormat.of(zip));

        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertEquals(1440, store.settings().get(Settings.Key.REFLECTION_MINUTES));
            assertTrue(store.users().stream().anyMatch(a -> a.name().equals("kato")
                    && a.roles().equals(java.util.Set.of(Role.PHYSICIAN)) && "123456".equals(a.physicianLicence())));
        }
    }

    /**
     * Attack review of 2026-12-01: a backup holding a row a restore refuses (a template version's time set to
     * "yesterday" with sqlite3, past its trigger) is written, but the screen says it will not restore until the row
     * is repaired, naming it, and never "Backed up" alone.
     */
    @Test
    void aBackupOfADamagedStoreIsWrittenButSaysItWillNotRestoreNamingTheRow(FxRobot robot) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             java.sql.Statement st = c.createStatement()) { // as with sqlite3
            st.executeUpdate("DROP TRIGGER template_version_no_update");
            st.executeUpdate("UPDATE template_version SET added_at = 'yesterday'");
        }
        robot.clickOn("#tab-backup");
        Path zip = tmp.resolve("backup-" + System.nanoTime() + ".zip");
        TextField file = robot.lookup("#admin-backup-file").queryAs(TextField.class);
        robot.interact(() -> file.setText(zip.toString()));
        robot.clickOn("#admin-backup-passphrase").write("the clinic's backup passphrase");
        robot.clickOn("#admin-backup-now");
        try {
            waitUntil(() -> message(robot).startsWith("Backed up") || message(robot).startsWith("Not done"),
                    "the backup");
        } catch (AssertionError e) {
            throw new AssertionError("the screen says: " + message(robot), e);
        }
        assertTrue(message(robot).startsWith("Backed up, but this backup will not restore until what is named here "
                + "is repaired"), message(robot));
        assertTrue(message(robot).contains("the database's template_version row")
                && message(robot).contains("'yesterday'"), message(robot));
        assertTrue(Files.exists(zip), "the file is kept: the clinic's only copy");
    }

    /**
     * Attack review of issue 17: a template version put into the data directory with sqlite3 (its files copied in,
     * its row inserted, no 'template-added' audit entry) was listed as any other and could be activated. It is listed
     * all the same, named in its own words above the table, and Activate stays disabled when it is selected.
     */
    @Test
    void aTemplateVersionAddedOutsideIsNamedAndCannotBeActivated(FxRobot robot) throws Exception {
        robot.clickOn("#tab-templates");
        javafx.scene.control.TableView<?> table = robot.lookup("#admin-templates").queryTableView();
        waitUntil(() -> table.getItems().size() == 1, "the bundled version");
        org.exoconsent.records.TemplateAddedOutsideTest.forge(dir, tmp.resolve("forged-" + System.nanoTime()));
        robot.interact(vm::load);
        waitUntil(() -> table.getItems().size() == 2, "both versions listed");
        Label outside = robot.lookup("#admin-templates-added-outside").queryAs(Label.class);
        assertTrue(outside != null, "the version added outside is named");
        waitUntil(() -> !outside.getText().isEmpty(), "the version added outside named");
        assertTrue(outside.isVisible());
        assertEquals("1 template version was added outside ExoConsent (no audit entry records it): it is never used "
                + "and cannot be activated. Run \"Verify all\" on the records screen (or exoconsent records "
                + "verify); it names the repair: exosome-therapy 9.0.0",
                outside.getText());
        assertFalse(robot.lookup("#admin-templates-damaged").queryAs(Label.class).isVisible(),
                "no value that cannot be read");
        robot.interact(() -> table.getSelectionModel().select(0));
        assertEquals("9.0.0", String.valueOf(table.getColumns().get(2).getCellData(0)));
        assertTrue(robot.lookup("#admin-activate-template").queryButton().isDisabled(),
                "Activate is disabled for it");
    }

    /**
     * Brief C of issue 17: a template version whose time was changed with sqlite3 (past its trigger) emptied the whole
     * administration screen ("A value kept in the store of records cannot be read"). The version is listed, its time
     * marked "unreadable (damaged)", the damage named above the table with its repair; the rest of the screen as usual.
     */
    @Test
    void aTemplateVersionWhoseTimeCannotBeReadIsListedMarkedAndNamed(FxRobot robot) throws Exception {
        robot.clickOn("#tab-templates");
        javafx.scene.control.TableView<?> table = robot.lookup("#admin-templates").queryTableView();
        waitUntil(() -> table.getItems().size() == 1, "the bundled version");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             java.sql.Statement st = c.createStatement()) { // as with sqlite3
            st.executeUpdate("DROP TRIGGER template_version_no_update");
            st.executeUpdate("UPDATE template_version SET added_at = 'yesterday'");
        }
        robot.interact(vm::load);
        Label damaged = robot.lookup("#admin-templates-damaged").queryAs(Label.class);
        waitUntil(() -> !damaged.getText().isEmpty(), "the damage named");
        assertEquals(1, table.getItems().size(), "the version is still listed");
        assertTrue(damaged.isVisible());
        assertTrue(damaged.getText().startsWith("1 template version has a value that cannot be read (changed "
                + "outside ExoConsent): listed all the same, the value marked \"unreadable (damaged)\""),
                damaged.getText());
        assertTrue(damaged.getText().contains("template version exosome-therapy 1.3.0: the database's "
                + "template_version row 'exosome-therapy 1.3.0' was changed outside the product: the column added_at "
                + "holds 'yesterday', not an instant; no command rewrites a template version's row"),
                damaged.getText());
        java.util.List<String> row = table.getColumns().stream().map(col -> String.valueOf(col.getCellData(0)))
                .toList();
        assertTrue(row.stream().anyMatch(v -> v.startsWith("unreadable (damaged) · ")), "the time marked: " + row);
        assertTrue(row.contains(EFFECTIVE) && row.contains("1.3.0"), "what can be read is shown: " + row);
        assertEquals("New consultations use exosome-therapy version 1.3.0 (effective " + EFFECTIVE + ").",
                robot.lookup("#admin-template-active").queryAs(Label.class).getText());
        assertFalse(message(robot).startsWith("A value kept in the store"), message(robot));

        // the time it was chosen (not a column): marked beside the mark of the version in use, and named
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE template_active SET activated_at = 'last week'");
        }
        robot.interact(vm::load);
        waitUntil(() -> damaged.getText().contains("activated_at holds 'last week'"), "the activation's damage named");
        assertEquals("✔ (unreadable (damaged))", String.valueOf(table.getColumns().get(0).getCellData(0)));
    }

    /**
     * Issue 16 §6: an administrator sets a person's staff language on the people tab (listed with each account,
     * "not set" for one that has none) and gives one to a new account; the store audits it.
     */
    @Test
    void anAdministratorSetsAPersonsStaffLanguage(FxRobot robot) throws Exception {
        waitUntil(() -> !robot.lookup("#admin-users").queryTableView().getItems().isEmpty(), "the users");
        javafx.scene.control.TableView<?> table = robot.lookup("#admin-users").queryTableView();
        javafx.scene.control.TableColumn<?, ?> column = table.getColumns().stream()
                .filter(c -> c.getText().equals("Language")).findFirst().orElseThrow();
        assertEquals("Not set", column.getCellData(0), "an account without a language");
        robot.interact(() -> table.getSelectionModel().select(0));
        String name = robot.lookup("#admin-user-name").queryAs(TextField.class).getText();
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> language = robot.lookup("#admin-user-language")
                .queryAs(javafx.scene.control.ComboBox.class);
        assertTrue(robot.lookup("#admin-set-language").queryButton().isDisabled(), "nothing to set yet");
        robot.interact(() -> language.setValue("ja"));
        robot.clickOn("#admin-set-language");
        waitUntil(() -> message(robot).equals("The language of " + name + " was set."), "the language set");
        waitUntil(() -> "Japanese".equals(column.getCellData(0)), "listed again with it");

        robot.clickOn("#admin-user-name").eraseText(name.length()).write("brown");
        robot.interact(() -> language.setValue("en"));
        robot.clickOn("#admin-role-staff");
        robot.clickOn("#admin-user-password").write("a long password");
        robot.clickOn("#admin-add-user");
        waitUntil(() -> message(robot).equals("Added brown."), "the new user");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertEquals("ja", store.users().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow()
                    .language());
            assertEquals("en", store.users().stream().filter(a -> a.name().equals("brown")).findFirst()
                    .orElseThrow().language());
            assertEquals(1, org.exoconsent.records.TestAudit.entries(store, "user-language-set").size());
        }
    }

    /** Issue 16 §7: an administrator replaces a forgotten staff PIN, typed twice; a mismatch stores nothing. */
    @Test
    void anAdministratorChangesTheStaffPinTypedTwice(FxRobot robot) throws Exception {
        robot.clickOn("#tab-settings");
        boolean before;
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            before = store.hasStaffPin() && store.staffPinMatches("1357");
        }
        assertFalse(before);
        robot.clickOn("#admin-pin").write("1357");
        robot.clickOn("#admin-pin-again").write("1375");
        robot.clickOn("#admin-set-pin");
        waitUntil(() -> !message(robot).isEmpty(), "the refusal");
        assertEquals("The two PINs differ. Type the same PIN in both fields. Nothing was stored.", message(robot));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertFalse(store.staffPinMatches("1357"), "nothing was stored");
            assertTrue(org.exoconsent.records.TestAudit.entries(store, "settings:changed").stream()
                    .noneMatch(e -> e.contains("staff-pin")), "nor audited");
        }
        robot.clickOn("#admin-pin").write("1357");
        robot.clickOn("#admin-pin-again").write("1357");
        robot.clickOn("#admin-set-pin");
        waitUntil(() -> message(robot).equals("The staff PIN was changed."), "the PIN changed");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertTrue(store.staffPinMatches("1357"));
        }
    }

    /** Review F9: a PIN not of 4 to 8 digits is refused in the screen's words, before anything is stored. */
    @Test
    void aStaffPinWithALetterIsRefusedInTheScreensWords(FxRobot robot) throws Exception {
        robot.clickOn("#tab-settings");
        robot.clickOn("#admin-pin").write("12a4");
        robot.clickOn("#admin-pin-again").write("12a4");
        robot.clickOn("#admin-set-pin");
        waitUntil(() -> !message(robot).isEmpty(), "the refusal");
        assertEquals("A staff PIN has 4 to 8 digits (0 to 9 only). Type it again. Nothing was stored.",
                message(robot));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertTrue(org.exoconsent.records.TestAudit.entries(store, "settings:changed").stream()
                    .noneMatch(e -> e.contains("staff-pin")), "nothing stored nor audited");
        }
    }

    /** Issue 12 §5: the clinic's time zone, changed by an administrator; an unknown id is refused, naming it. */
    @Test
    void theClinicsTimeZoneIsSetHereAndAnUnknownOneIsRefused(FxRobot robot) throws Exception {
        robot.clickOn("#tab-settings");
        TextField zone = robot.lookup("#admin-time-zone").queryAs(TextField.class);
        waitUntil(() -> "Asia/Tokyo".equals(zone.getText()), "the default zone");
        assertEquals("Clinic time zone (region id)", zone.getAccessibleText());
        robot.interact(() -> zone.setText("Asia/Tokio"));
        robot.clickOn("#admin-save-settings");
        waitUntil(() -> message(robot).contains("Asia/Tokio"), "the refusal");
        assertTrue(message(robot).startsWith("Not done: time-zone: 'Asia/Tokio' is not a known time-zone id"),
                message(robot));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertTrue(store.settings().isDefaultTimeZone(), "nothing was saved");
        }
        robot.interact(() -> zone.setText("Europe/London"));
        robot.clickOn("#admin-save-settings");
        waitUntil(() -> message(robot).equals("The settings were saved."), "the settings");
        org.exoconsent.testing.Screenshots.save(robot.capture(zone.getScene().getRoot()).getImage(),
                "12b-settings-time-zone");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertEquals(java.time.ZoneId.of("Europe/London"), store.settings().timeZone());
            assertEquals(java.time.ZoneId.of("Europe/London"), store.clinicClock().zone());
            assertEquals(java.util.List.of("settings:changed time-zone {\"from\":\"Asia/Tokyo (default)\","
                    + "\"to\":\"Europe/London\"}"), org.exoconsent.records.TestAudit.entries(store,
                    "settings:changed"), "audited once; the unchanged minutes were not written");
        }
    }

    @Test
    void aLeafletIsSavedFromTheTemplatesTab(FxRobot robot) throws Exception {
        robot.clickOn("#tab-templates");
        waitUntil(() -> robot.lookup("#admin-leaflet-product").queryAs(javafx.scene.control.ChoiceBox.class)
                .getItems().size() > 1, "the catalog's products");
        Path out = tmp.resolve("leaflet-" + System.nanoTime() + ".pdf");
        TextField file = robot.lookup("#admin-leaflet-file").queryAs(TextField.class);
        robot.interact(() -> file.setText(out.toString()));
        robot.interact(() -> { // the administrator scrolls down to the leaflet
            for (javafx.scene.Node n = file; n != null; n = n.getParent()) {
                if (n instanceof javafx.scene.control.ScrollPane sp) {
                    sp.setVvalue(sp.getVmax());
                }
            }
        });
        robot.clickOn("#admin-leaflet-save");
        waitUntil(() -> message(robot).startsWith("The leaflet was saved"), "the leaflet");
        assertTrue(Files.size(out) > 10_000, "a PDF was written");
        org.exoconsent.testing.Screenshots.save(robot.capture(robot.lookup("#admin-leaflet-save").query()
                .getScene().getRoot()).getImage(), "20-admin-leaflet");
    }

    @Test
    void aBloodDonationPolicyStatingAPeriodIsSavedOnlyAfterTheWarningIsConfirmed(FxRobot robot) throws Exception {
        robot.clickOn("#tab-clinic");
        waitUntil(() -> !robot.lookup("#admin-clinic-name").queryAs(TextField.class).getText().isEmpty(),
                "the clinic profile");
        javafx.scene.control.TextArea policy = robot.lookup("#admin-clinic-policy")
                .queryAs(javafx.scene.control.TextArea.class);
        robot.interact(() -> policy.setText("治療後6か月は献血できません。"));
        robot.clickOn("#admin-save-clinic");
        waitUntil(() -> robot.lookup("#policy-warning").tryQuery().isPresent(), "the warning");
        javafx.scene.control.DialogPane warning = robot.lookup("#policy-warning")
                .queryAs(javafx.scene.control.DialogPane.class);
        assertTrue(warning.getContentText().contains("states a period: 6か月")
                && warning.getContentText().contains("no waiting period can be sourced"), warning.getContentText());
        robot.clickOn(warning.lookupButton(javafx.scene.control.ButtonType.CANCEL));
        Thread.sleep(300);
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertFalse(store.catalog().clinic().bloodDonationPolicy().contains("6か月"), "cancelled: not saved");
        }
        robot.clickOn("#admin-save-clinic");
        waitUntil(() -> robot.lookup("#policy-warning").tryQuery().isPresent(), "the warning again");
        robot.clickOn(robot.lookup("#policy-warning").queryAs(javafx.scene.control.DialogPane.class)
                .lookupButton(javafx.scene.control.ButtonType.OK));
        waitUntil(() -> message(robot).equals("The clinic profile was saved."), "saved despite the warning");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertEquals("治療後6か月は献血できません。", store.catalog().clinic().bloodDonationPolicy());
        }
    }

    /** A copy of the shipped template as a new version; an invalid one makes a mandatory section optional. */
    private static Path newVersion(String version, boolean valid) {
        Path folder = Examples.templateCopy(tmp.resolve("incoming-" + System.nanoTime()), version);
        if (!valid) {
            Examples.edit(folder.resolve("template.yaml"), m -> m.replace("  - id: privacy\n    mandatory: true",
                    "  - id: privacy\n    mandatory: false"));
        }
        return folder;
    }

    @Test
    void templateVersionsAreImportedCheckedAndActivatedAndABackupIsRestoredElsewhere(FxRobot robot)
            throws Exception {
        robot.clickOn("#tab-templates");
        waitUntil(() -> robot.lookup("#admin-templates").queryTableView().getItems().size() == 1,
                "the bundled version");
        Label active = robot.lookup("#admin-template-active").queryAs(Label.class);
        waitUntil(() -> !active.getText().isEmpty(), "the version in use");
        assertEquals("New consultations use exosome-therapy version 1.3.0 (effective " + EFFECTIVE + ").",
                active.getText());

        Path bad = newVersion("1.4.0", false);
        TextField folder = robot.lookup("#admin-template-folder").queryAs(TextField.class);
        robot.interact(() -> folder.setText(bad.toString()));
        robot.clickOn("#admin-import-template");
        waitUntil(() -> message(robot).startsWith("Not done"), "the refusal");
        assertTrue(message(robot).contains(bad.resolve("template.yaml").toString()) && message(robot)
                .contains("privacy"), message(robot));
        assertEquals(1, robot.lookup("#admin-templates").queryTableView().getItems().size());

        Path good = newVersion("1.4.0", true);
        robot.interact(() -> folder.setText(good.toString()));
        robot.clickOn("#admin-import-template");
        waitUntil(() -> message(robot).startsWith("Imported"), "the import");
        assertEquals("Imported exosome-therapy version 1.4.0. It is not used until you choose it for new "
                + "consultations.", message(robot));
        javafx.scene.control.TableView<?> table = robot.lookup("#admin-templates").queryTableView();
        assertEquals(2, table.getItems().size());
        assertTrue(active.getText().contains("version 1.3.0"), "importing changes nothing in use");

        robot.interact(() -> table.getSelectionModel().select(0)); // the highest version first
        robot.clickOn("#admin-activate-template");
        waitUntil(() -> message(robot).startsWith("New consultations now use"), "the activation");
        assertEquals("New consultations now use exosome-therapy version 1.4.0. Drafts and records keep their version. "
                + "Note: its effective date, " + EFFECTIVE + ", is later than today.", message(robot));
        assertEquals("New consultations use exosome-therapy version 1.4.0 (effective " + EFFECTIVE + ").",
                active.getText());
        org.exoconsent.testing.Screenshots.save(robot.capture(table.getScene().getRoot()).getImage(),
                "16-admin-templates");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertEquals("1.4.0", store.activeTemplate("exosome-therapy").version());
        }

        robot.clickOn("#tab-backup");
        Path zip = tmp.resolve("backup-" + System.nanoTime() + ".zip");
        TextField file = robot.lookup("#admin-backup-file").queryAs(TextField.class);
        robot.interact(() -> file.setText(zip.toString()));
        robot.clickOn("#admin-backup-passphrase").write("the clinic's backup passphrase");
        robot.clickOn("#admin-backup-now");
        waitUntil(() -> message(robot).startsWith("Backed up"), "the backup");
        robot.clickOn("#admin-restore-passphrase").write("the clinic's backup passphrase");
        Path target = tmp.resolve("restored-" + System.nanoTime());
        TextField from = robot.lookup("#admin-restore-from").queryAs(TextField.class);
        TextField to = robot.lookup("#admin-restore-to").queryAs(TextField.class);
        robot.interact(() -> {
            from.setText(zip.toString());
            to.setText(dir.root().toString()); // the data directory itself: refused, never restored over data
        });
        robot.clickOn("#admin-restore-now");
        waitUntil(() -> message(robot).startsWith("Not done"), "the refusal");
        assertTrue(message(robot).contains("is not empty"), message(robot));
        robot.interact(() -> to.setText(target.toString()));
        robot.clickOn("#admin-restore-now");
        waitUntil(() -> message(robot).startsWith("Restored"), "the restore");
        assertTrue(message(robot).startsWith("Restored and checked: 0 records in " + target + ". Not checked: the "
                + "backup's signing key was not confirmed by you"), message(robot));
        assertTrue(message(robot).endsWith(". Start ExoConsent with this folder to use it."), message(robot));
        org.exoconsent.testing.Screenshots.save(robot.capture(table.getScene().getRoot()).getImage(),
                "17-admin-backup-restore");
        try (RecordStore store = TestAccounts.open(new DataDirectory(target), Examples.CLOCK, "test")) {
            assertEquals("1.4.0", store.activeTemplate("exosome-therapy").version(), "the restored clinic");
        }
    }
}
