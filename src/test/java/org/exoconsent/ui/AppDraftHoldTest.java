package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.AuditTrail;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Device;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.Drafts;
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

/**
 * Issue 17 §3, the whole app on the tests' clock (12:00 in Tokyo): a draft open on another device is listed "on
 * Tablet 2 since 11:58" and cannot be abandoned here; resuming it warns that taking it over closes it there, and
 * only "Take it over" moves it here (audited with both devices). The desk whose open draft the tablet takes over is
 * told so, its wizard closes, and its home screen shows the draft on the tablet.
 */
@UiTest
class AppDraftHoldTest {
    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();
    private final FxRobot robot = app.robot;
    private DataDirectory dir;
    private static final Device TABLET = new Device("tablet-2", "Tablet 2");
    private static final Instant NOW = Examples.CLOCK.instant();
    /** A consultation whose explanation has begun ({@link AppEndConsultationTest#explaining}). */
    private ConsentSession explaining;

    @BeforeEach
    void aClinicWithADraft() throws Exception {
        dir = new DataDirectory(tmp.resolve("data"));
        TestAccounts.everyone(dir, Examples.CLOCK);
        TestAccounts.staffPin(dir, Examples.CLOCK, "2468");
        explaining = AppEndConsultationTest.explaining();
    }

    @AfterEach
    void stopTheApp() throws Exception {
        app.close();
        System.clearProperty("exoconsent.draftHeartbeatMillis");
    }

    private void signIn() throws Exception {
        app.launch(tmp.resolve("data"), Examples.CLOCK);
        app.waitFor("#signin-user");
        app.click("#signin-user").write(TestAccounts.NAME);
        app.click("#signin-password").write(TestAccounts.PASSWORD).type(KeyCode.ENTER);
        app.waitFor("#home-new-consultation");
    }

    private String resumeLine() {
        return robot.lookup("#resume-explaining-1").queryAs(Button.class).getText();
    }

    private void screenshot(String name) {
        if (System.getProperty("exoconsent.screenshots") != null) {
            Screenshots.save(robot.capture(javafx.stage.Screen.getPrimary().getBounds()).getImage(), name);
        }
    }

    private List<AuditTrail.Entry> takeovers() throws Exception {
        try (RecordStore store = AppDriver.signInWhenFree(dir, TestAccounts.NAME, TestAccounts.PASSWORD)) {
            return store.auditTrail(new AuditTrail.Filter(null, null, "draft-taken-over", null, null), 10).entries();
        }
    }

    @Test
    void aDraftOnTheTabletIsShownSoAndIsResumedHereOnlyWhenTakenOverKnowingly() throws Exception {
        new DraftStore(dir).save(explaining, false, TABLET, NOW.minusSeconds(120 - 30));
        new DraftStore(dir).hold("explaining-1", TABLET, NOW.minusSeconds(30)); // renewed: since 11:58:30
        signIn();
        String line = resumeLine();
        assertTrue(line.contains("Tablet 2") && line.contains("11:58"), line);
        assertTrue(robot.lookup("#discard-explaining-1").queryAs(Button.class).isDisabled(),
                "open on the tablet: not abandoned from here");

        app.click("#resume-explaining-1");
        app.waitFor("#take-over-confirm");
        screenshot("60-take-over-confirm");
        String warning = robot.lookup("#take-over-confirm").queryAs(javafx.scene.control.DialogPane.class)
                .getContentText();
        assertTrue(warning.contains("Tablet 2") && warning.contains("11:58"), warning);
        Button cancel = (Button) robot.lookup("#take-over-confirm").queryAs(javafx.scene.control.DialogPane.class)
                .lookupButton(javafx.scene.control.ButtonType.CANCEL);
        robot.clickOn(cancel);
        FxWait.until(() -> !app.visible("#take-over-confirm"), "the warning closed", 10);
        assertEquals(TABLET, new DraftStore(dir).load("explaining-1").hold().device(), "cancelled: still there");
        assertEquals(List.of(), takeovers());

        app.click("#resume-explaining-1");
        app.waitFor("#take-over-confirm");
        javafx.scene.control.DialogPane pane = robot.lookup("#take-over-confirm")
                .queryAs(javafx.scene.control.DialogPane.class);
        Button take = pane.getButtonTypes().stream().filter(t -> t.getButtonData()
                == javafx.scene.control.ButtonBar.ButtonData.OK_DONE).map(t -> (Button) pane.lookupButton(t))
                .findFirst().orElseThrow();
        robot.clickOn(take);
        app.waitFor("#understood");

        DraftStore.Hold here = new DraftStore(dir).load("explaining-1").hold();
        assertNotEquals(TABLET, here.device(), "now held by this computer");
        assertEquals(NOW, here.since());
        List<AuditTrail.Entry> audited = takeovers();
        assertEquals(1, audited.size(), audited.toString());
        assertTrue(audited.get(0).details().startsWith("from: tablet-2; from-label: Tablet 2; held-since: "
                + NOW.minusSeconds(90) + "; to: " + here.device().id()), audited.get(0).details());
        assertTrue(audited.get(0).actor().startsWith(TestAccounts.NAME + " ["), audited.get(0).actor());
    }

    @Test
    void theDeskWhoseOpenDraftTheTabletTookOverIsToldAndShowsTheDraftOnTheTablet() throws Exception {
        System.setProperty("exoconsent.draftHeartbeatMillis", "300");
        new DraftStore(dir).save(explaining, false, NOW.minusSeconds(600));
        signIn();
        app.click("#resume-explaining-1");
        app.waitFor("#understood");
        FxWait.until(() -> {
            try {
                DraftStore.Hold h = new DraftStore(dir).load("explaining-1").hold();
                return h != null && !h.isBy(TABLET);
            } catch (org.exoconsent.records.StoreException e) {
                throw new IllegalStateException(e);
            }
        }, "the wizard holds its draft", 20);

        new DraftStore(dir).takeOver("explaining-1", TABLET, NOW); // the tablet takes it over
        app.waitFor("#draft-taken-over");
        screenshot("61-draft-taken-over");
        String told = robot.lookup("#draft-taken-over").queryAs(javafx.scene.control.DialogPane.class)
                .getContentText();
        assertTrue(told.contains("Tablet 2") && told.contains("12:00"), told);
        app.waitFor("#home-new-consultation");
        String line = resumeLine();
        assertTrue(line.contains("Tablet 2") && line.contains("12:00"), "the desk shows it on the tablet: " + line);
        assertEquals(TABLET, new DraftStore(dir).load("explaining-1").hold().device(), "the desk took nothing back");
        assertTrue(new DraftStore(dir).load("explaining-1").hold().until().equals(NOW.plus(Drafts.HOLD)));
    }

    @Test
    void theDeskWhoseDraftTheTabletSavedAfterItsHoldWentIsToldSavesNothingOverItAndReopensItFromTheStore()
            throws Exception {
        System.setProperty("exoconsent.draftHeartbeatMillis", "600000"); // only the resumption's own renewal
        new DraftStore(dir).save(explaining, false, NOW.minusSeconds(600));
        signIn();
        app.click("#resume-explaining-1");
        app.waitFor("#understood");
        Device desk = awaitHeldHere();

        // the desk's hold went (it slept); the tablet took the draft, saved it and closed it
        Instant seenByDesk = new DraftStore(dir).load("explaining-1").savedAt();
        new DraftStore(dir).takeOver("explaining-1", TABLET, NOW);
        new DraftStore(dir).save(explaining, false, TABLET, new Drafts.Seen(seenByDesk), NOW);
        new DraftStore(dir).release("explaining-1", TABLET, NOW);

        app.click("#understood"); // the desk's next change: its save is refused
        app.waitFor("#draft-changed-elsewhere");
        screenshot("62-draft-changed-elsewhere");
        javafx.scene.control.DialogPane pane = robot.lookup("#draft-changed-elsewhere")
                .queryAs(javafx.scene.control.DialogPane.class);
        String told = pane.getContentText();
        List<String> aside = abandonedNames();
        assertEquals(1, aside.size(), "the desk's copy is set aside: " + aside);
        assertTrue(told.contains("Tablet 2") && told.contains("12:00") && told.contains(aside.get(0))
                && told.contains("not saved over"), told);
        DraftStore.Draft there = new DraftStore(dir).load("explaining-1");
        assertEquals(TABLET, there.savedBy(), "the tablet's draft is the store's, untouched");
        assertEquals(NOW, there.savedAt());
        assertEquals(null, there.hold());

        Button reopen = pane.getButtonTypes().stream().filter(t -> t.getButtonData()
                == javafx.scene.control.ButtonBar.ButtonData.OK_DONE).map(t -> (Button) pane.lookupButton(t))
                .findFirst().orElseThrow();
        assertEquals("Reopen", reopen.getText());
        robot.clickOn(reopen);
        app.waitFor("#understood"); // the wizard again, on the store's draft
        assertEquals(desk, awaitHeldHere(), "reopened here: held by this computer again");
        app.click("#understood"); // and its saves go on from the tablet's draft
        FxWait.until(() -> {
            try {
                DraftStore.Draft d = new DraftStore(dir).load("explaining-1");
                return desk.equals(d.savedBy());
            } catch (org.exoconsent.records.StoreException e) {
                throw new IllegalStateException(e);
            }
        }, "the reopened wizard saves", 20);
        assertEquals(1, abandonedNames().size(), "nothing more set aside");
    }

    /** Waits until this computer's wizard holds draft explaining-1; its device. */
    private Device awaitHeldHere() throws Exception {
        Device[] here = new Device[1];
        FxWait.until(() -> {
            try {
                DraftStore.Hold h = new DraftStore(dir).load("explaining-1").hold();
                here[0] = h == null || h.isBy(TABLET) ? null : h.device();
                return here[0] != null;
            } catch (org.exoconsent.records.StoreException e) {
                throw new IllegalStateException(e);
            }
        }, "the wizard holds its draft", 20);
        return here[0];
    }

    /** The names of the set-aside drafts of the data directory. */
    private List<String> abandonedNames() throws Exception {
        if (!java.nio.file.Files.isDirectory(dir.abandonedDrafts())) {
            return List.of();
        }
        try (var files = java.nio.file.Files.list(dir.abandonedDrafts())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
        }
    }
}
