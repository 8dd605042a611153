package org.exoconsent.ui;

import org.exoconsent.testing.FxWait;
import org.testfx.api.FxRobot;
import org.testfx.api.FxRobotInterface;
import org.testfx.util.WaitForAsyncUtils;

/** Drives the whole app in tests, as a user would: wait for a screen, click, fill in the first run. */
final class AppDriver {
    /**
     * Signs in beside the running app, whose background work may be writing at that moment: a write waits its turn
     * (issue 15 §2), so nothing is retried.
     */
    static org.exoconsent.records.RecordStore signInWhenFree(org.exoconsent.records.DataDirectory dir, String name,
                                                            String password) throws Exception {
        return org.exoconsent.records.RecordStore.signIn(dir, org.exoconsent.testing.Examples.CLOCK, name,
                password.toCharArray(), "test");
    }

    final FxRobot robot = new FxRobot();
    private javafx.application.Application application;

    /** The preferences node {@link #launch} gave this run (removed by {@link #close}); null when the test gave one. */
    private String preferences;

    /**
     * The app remembers the staff language on this computer ({@code ThisComputer}): each run gets a node of its own,
     * so that no test starts in the language another chose, unless the test set {@code exoconsent.preferences}.
     */
    private void ownPreferences() {
        if (System.getProperty("exoconsent.preferences") == null) {
            preferences = "/org/exoconsent/test-" + java.util.UUID.randomUUID();
            System.setProperty("exoconsent.preferences", preferences);
        }
    }

    /** Removes a preferences node and everything under it (a test's). */
    static void removePreferences(String node) throws java.util.prefs.BackingStoreException {
        ThisComputerTest.removeNode(node);
    }

    /** Starts the whole app on the data directory {@code home} (as {@code -Dexoconsent.home} does). */
    void launch(java.nio.file.Path home) throws Exception {
        ownPreferences();
        System.setProperty("exoconsent.home", home.toString());
        org.testfx.api.FxToolkit.registerPrimaryStage();
        application = org.testfx.api.FxToolkit.setupApplication(ExoConsentApp.class);
    }

    /** Starts the whole app on the data directory {@code home}, on {@code clock} instead of this computer's. */
    void launch(java.nio.file.Path home, java.time.Clock clock) throws Exception {
        ownPreferences();
        System.setProperty("exoconsent.home", home.toString());
        org.testfx.api.FxToolkit.registerPrimaryStage();
        application = org.testfx.api.FxToolkit.setupApplication(() -> new ExoConsentApp(clock));
    }

    /**
     * Starts the whole app as {@code app} makes it, without {@code -Dexoconsent.home}: on the store its environment
     * names (a PostgreSQL store, issue 17), this device's own signing key in {@code deviceKeys}
     * ({@code -Dexoconsent.deviceKeys}).
     */
    void launchOn(java.util.function.Supplier<javafx.application.Application> app, java.nio.file.Path deviceKeys)
            throws Exception {
        ownPreferences();
        System.clearProperty("exoconsent.home");
        System.setProperty("exoconsent.deviceKeys", deviceKeys.toString());
        // this device's draft cache beside its key folder, never the cache of the account running the tests
        System.setProperty("exoconsent.draftCache", deviceKeys.resolveSibling("draft-cache").toString());
        org.testfx.api.FxToolkit.registerPrimaryStage();
        application = org.testfx.api.FxToolkit.setupApplication(app::get);
    }

    /** The running app, for a test that calls it directly (as a patient-mode escape would). */
    ExoConsentApp application() {
        return (ExoConsentApp) application;
    }

    /** Stops the app if it was started, closes its windows and forgets its data directory. */
    void close() throws Exception {
        if (application != null) {
            org.testfx.api.FxToolkit.cleanupApplication(application);
            application = null;
        }
        org.testfx.api.FxToolkit.cleanupStages();
        System.clearProperty("exoconsent.home");
        System.clearProperty("exoconsent.deviceKeys");
        System.clearProperty("exoconsent.draftCache");
        if (preferences != null) {
            removePreferences(preferences);
            System.clearProperty("exoconsent.preferences");
            preferences = null;
        }
    }

    /** Whether the node is on screen: it and every parent visible, in a showing window. */
    boolean visible(String query) {
        return robot.lookup(query).tryQuery().map(n -> {
            for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
                if (!p.isVisible()) {
                    return false;
                }
            }
            return n.getScene() != null && n.getScene().getWindow() != null && n.getScene().getWindow().isShowing();
        }).orElse(false);
    }

    void waitFor(String query) throws InterruptedException {
        FxWait.until(() -> visible(query), query, 30);
    }

    /** The root of the window on screen (the app replaces its root as screens change). */
    javafx.scene.Parent shownRoot() {
        return robot.listWindows().stream().filter(javafx.stage.Window::isShowing).findFirst().orElseThrow()
                .getScene().getRoot();
    }

    /**
     * Clicks a node once it is on screen. The app swaps its screens from background tasks, and TestFX looks nodes
     * up from the test thread, so a lookup can meet a screen that was just replaced: look again then.
     */
    FxRobotInterface click(String query) throws InterruptedException {
        settle(query);
        for (int attempt = 1; ; attempt++) {
            WaitForAsyncUtils.waitForFxEvents();
            try {
                return robot.clickOn(query);
            } catch (NullPointerException | org.testfx.api.FxRobotException e) {
                if (attempt == 5) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Waits (at most 5 s) until the app's background work is done and its results are on screen: a notice the home
     * screen fills in after reading the store moves the buttons under it, and a click aimed before it came landed
     * beside the button (a slow-lane run under load, 2026-12-03: "timed out waiting for #patient-mode-banner").
     * Work that goes on longer (a server being waited for) does not stop the click, and is said on the standard error,
     * so that a test slowed by it shows why. (The home screen now lists the drafts above its notices, so that a late
     * notice moves no button a person is about to press; this wait covers the other screens filled in late.)
     */
    private void settle(String query) throws InterruptedException {
        if (application instanceof ExoConsentApp exo) {
            long until = System.nanoTime() + 5_000_000_000L;
            do {
                WaitForAsyncUtils.waitForFxEvents();
                if (exo.backgroundIdle()) {
                    WaitForAsyncUtils.waitForFxEvents(); // the last task's result, shown
                    if (exo.backgroundIdle()) {
                        return;
                    }
                }
                Thread.sleep(20);
            } while (System.nanoTime() < until);
            System.err.println("AppDriver: the app's background work was still running 5 s before clicking " + query
                    + "; clicked anyway");
        }
    }

    /**
     * Scrolls the scroll pane holding the node (the set-up is taller than the screen) so that the node is in the
     * middle of it, as the administrator would scroll before clicking.
     */
    void reveal(String query) throws InterruptedException {
        waitFor(query);
        org.exoconsent.testing.Scrolling.reveal(robot, query);
    }

    /** Whether the whole node is within the window's height (not scrolled out of view). */
    boolean inView(String query) {
        javafx.scene.Node node = robot.lookup(query).query();
        javafx.geometry.Bounds b = node.localToScene(node.getBoundsInLocal());
        return b.getMinY() >= 0 && b.getMaxY() <= node.getScene().getHeight();
    }

    /** Scrolls to a text field (or a date picker's), clears it and types the text. */
    void fill(String query, String text) throws InterruptedException {
        reveal(query);
        javafx.scene.Node node = robot.lookup(query).query();
        javafx.scene.control.TextInputControl field = node instanceof javafx.scene.control.DatePicker d
                ? d.getEditor() : (javafx.scene.control.TextInputControl) node;
        robot.interact(field::clear);
        click(query).write(text);
    }

    /** Scrolls to a choice box, opens it and clicks the entry with that text in its pop-up. */
    void choose(String query, String entry) throws InterruptedException {
        reveal(query);
        click(query);
        java.util.function.Predicate<javafx.scene.Node> item = n -> n instanceof javafx.scene.control.Labeled l
                && entry.equals(l.getText()) && n.isVisible()
                && n.getScene().getRoot().getStyleClass().contains("popup");
        FxWait.until(() -> robot.lookup(item).tryQuery().isPresent(), "the pop-up's entry " + entry, 30);
        robot.clickOn(robot.lookup(item).<javafx.scene.Node>query());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** On an empty data directory: creates the first administrator and arrives at the set-up. */
    void createFirstAdministrator(String name, String password) throws InterruptedException {
        waitFor("#first-admin-name");
        click("#first-admin-name").write(name);
        click("#first-admin-password").write(password);
        click("#first-admin-password-again").write(password);
        click("#first-admin-create");
        waitFor("#setup-clinic-name");
    }
}
