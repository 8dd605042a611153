package org.exoconsent.ui.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.FxWait;
import org.exoconsent.testing.Screenshots;
import org.exoconsent.testing.UiTest;
import org.exoconsent.usecases.SignIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The start form on a clinic's every day (issue 16 §7): a physician signed in finds themself chosen as the
 * consultation's physician, and an existing patient found by number brings their legal representative, its
 * relationship and the language of their last consent, all still editable.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class StartCarryOverTest {
    @TempDir
    Path tmp;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private Stage stage;
    private WizardView view;

    @AfterEach
    void stop(FxRobot robot) {
        background.shutdownNow();
        if (stage != null) {
            robot.interact(stage::close);
        }
    }

    private DataDirectory dir() {
        return new DataDirectory(tmp.resolve("data"));
    }

    private void show(FxRobot robot, Principal who) throws Exception {
        ConsultationServices services = new ConsultationServices(dir(), Examples.CLOCK, who);
        ResourceBundle ui = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.ENGLISH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        WizardViewModel vm = new WizardViewModel(Examples.template(), Examples.CLINIC_CLOCK, "start-1", Duration.ZERO,
                "2468"::equals);
        RecordStore.CatalogView catalog = services.catalog();
        robot.interact(() -> {
            view = new WizardView(vm, ui, services, catalog, background, () -> { });
            stage = new Stage();
            stage.setScene(new Scene(view, 1280, 800));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private static <T> ComboBox<T> combo(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(ComboBox.class);
    }

    @Test
    void aPhysicianSignedInIsTheConsultationsPhysicianAndStaffChooseOne(FxRobot robot) throws Exception {
        Principal everyone = TestAccounts.everyone(dir(), Examples.CLOCK); // a physician: licence 123456
        try (RecordStore store = TestAccounts.open(dir(), Examples.CLOCK, "catalog")) {
            store.addPhysician(new Catalog.Physician("佐々木 恵", "654321", true));
            store.addUser("suzuki", EnumSet.of(Role.STAFF), null, "staff password 42".toCharArray());
        }
        show(robot, everyone);
        Catalog.Physician chosen = this.<Catalog.Physician>combo(robot, "physician").getValue();
        assertEquals("123456", chosen == null ? null : chosen.licenceNumber(),
                "the signed-in physician, matched by the licence their account is linked to");
        assertEquals(2, this.<Catalog.Physician>combo(robot, "physician").getItems().size(), "another may be chosen");
        robot.interact(stage::close);

        Principal staff = new SignIn(dir(), Examples.CLOCK).signIn("suzuki", "staff password 42".toCharArray(),
                "test");
        show(robot, staff);
        assertNull(this.<Catalog.Physician>combo(robot, "physician").getValue(), "staff choose the physician");
    }

    @Test
    void anExistingPatientsRepresentativeRelationshipAndLanguageAreCarriedOverAndStayEditable(FxRobot robot)
            throws Exception {
        Principal everyone = TestAccounts.everyone(dir(), Examples.CLOCK);
        var json = Examples.json("complete-en");
        json.putObject("representative").put("name", "Sarah Clarke").put("relationship", "adult-guardian");
        try (RecordStore store = TestAccounts.open(dir(), Examples.CLOCK, "seed")) {
            TestAccounts.record(store, Examples.session(json), Examples.template(), Examples.key(), "seed");
        }
        show(robot, everyone);
        assertNull(combo(robot, "language").getValue(), "nothing chosen before the patient is found");
        robot.clickOn("#patient-search").write("p-000456").type(KeyCode.ENTER);
        FxWait.until(() -> robot.lookup("#patient-results").query().isVisible(), "the search results", 20);
        Labeled first = robot.lookup("#patient-results .list-cell").nth(0).queryAs(Labeled.class);
        robot.clickOn(first);
        WaitForAsyncUtils.waitForFxEvents();
        TextField name = robot.lookup("#representative-name").queryAs(TextField.class);
        assertEquals("Sarah Clarke", name.getText());
        assertEquals(ConsentSession.Relationship.ADULT_GUARDIAN, combo(robot, "representative-relationship")
                .getValue());
        assertEquals("en", combo(robot, "language").getValue(), "the language of the last consent");
        Screenshots.save(robot.capture(view).getImage(), "38-start-carried-over");
        assertFalse(name.isDisabled() || !name.isEditable(), "editable");
        robot.interact(() -> {
            name.setText("Tom Clarke");
            this.<ConsentSession.Relationship>combo(robot, "representative-relationship")
                    .setValue(ConsentSession.Relationship.OTHER);
            this.<String>combo(robot, "language").setValue("ja");
        });
        assertEquals("ja", combo(robot, "language").getValue());
        assertEquals("Tom Clarke", name.getText());
    }
}
