package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import javafx.geometry.Rectangle2D;
import org.exoconsent.ui.WindowPlacement.Placement;
import org.junit.jupiter.api.Test;

/**
 * Where the main window opens (issue 16 §2): maximised on a tablet, else its remembered or designed size; the size
 * kept in {@link ThisComputer}'s node, which {@code -Dexoconsent.preferences} moves for tests.
 */
class WindowPlacementTest {
    private static final Rectangle2D TABLET = new Rectangle2D(0, 0, 1280, 800);
    /** A 1366×768 laptop less its task bar: wider than the designed size, not as high. */
    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 0, 1366, 728);
    private static final Rectangle2D DESKTOP = new Rectangle2D(0, 0, 1920, 1040);

    @Test
    void onATabletOrAnySmallerScreenItOpensMaximised() {
        assertEquals(new Placement(0, 0, 1280, 800, true), WindowPlacement.initial(TABLET, List.of(TABLET),
                Optional.empty()));
        assertEquals(new Placement(0, 0, 1366, 728, true), WindowPlacement.initial(LAPTOP, List.of(LAPTOP),
                Optional.empty()));
    }

    @Test
    void onALargerScreenItOpensAtTheDesignedSizeInTheMiddle() {
        assertEquals(new Placement(320, 120, 1280, 800, false), WindowPlacement.initial(DESKTOP, List.of(DESKTOP),
                Optional.empty()));
    }

    @Test
    void theRememberedSizeWinsWhereItStillFits() {
        Placement remembered = new Placement(100, 50, 1500, 950, false);
        assertEquals(remembered, WindowPlacement.initial(DESKTOP, List.of(DESKTOP), Optional.of(remembered)));
        Placement maximised = new Placement(100, 50, 1500, 950, true);
        assertEquals(maximised, WindowPlacement.initial(DESKTOP, List.of(DESKTOP), Optional.of(maximised)));
    }

    @Test
    void aRememberedSizeTooLargeForTheScreenNowIsShrunkToIt() {
        // remembered on the large screen, opened on the tablet
        assertEquals(new Placement(0, 0, 1280, 800, false), WindowPlacement.initial(TABLET, List.of(TABLET),
                Optional.of(new Placement(100, 50, 1500, 950, false))));
    }

    @Test
    void aRememberedPlaceOnAScreenNoLongerThereOrTooSmallToUseIsIgnored() {
        Rectangle2D second = new Rectangle2D(1920, 0, 1920, 1040);
        Placement onTheSecond = new Placement(2000, 100, 1400, 900, false);
        assertEquals(onTheSecond, WindowPlacement.initial(DESKTOP, List.of(DESKTOP, second),
                Optional.of(onTheSecond)));
        assertEquals(new Placement(320, 120, 1280, 800, false), WindowPlacement.initial(DESKTOP, List.of(DESKTOP),
                Optional.of(onTheSecond)), "the second screen was unplugged");
        assertEquals(new Placement(320, 120, 1280, 800, false), WindowPlacement.initial(DESKTOP, List.of(DESKTOP),
                Optional.of(new Placement(0, 0, 300, 200, false))), "200×200 is not remembered as a size to use");
    }

    /** The window's size in the real user's preferences, as a string to compare; null when there is none. */
    private static String theUsersOwn() throws java.util.prefs.BackingStoreException {
        java.util.prefs.Preferences root = java.util.prefs.Preferences.userRoot();
        if (!root.nodeExists("/org/exoconsent/window")) {
            return null;
        }
        java.util.prefs.Preferences own = root.node("/org/exoconsent/window");
        return own.get("x", "") + " " + own.get("y", "") + " " + own.get("width", "") + " " + own.get("height", "")
                + " " + own.get("maximized", "");
    }

    @Test
    void theSizeIsKeptUnderThisComputersNodeWhichTestsMoveAwayFromTheRealUsers() throws Exception {
        String node = "/org/exoconsent/test-window-" + java.util.UUID.randomUUID();
        String before = System.getProperty("exoconsent.preferences");
        java.util.prefs.Preferences real = java.util.prefs.Preferences.userRoot();
        String usersOwn = theUsersOwn();
        System.setProperty("exoconsent.preferences", node);
        try {
            assertEquals(Optional.empty(), WindowPlacement.remembered(), "nothing kept under a new node");
            Placement kept = new Placement(100, 50, 1500, 950, true);
            WindowPlacement.remember(ThisComputer.forThisUser(), kept);
            assertEquals(Optional.of(kept), WindowPlacement.remembered(), "read back through the same node");
            assertEquals(1500, real.node(node + "/window").getDouble("width", -1), "under the redirected node");
            assertEquals(usersOwn, theUsersOwn(), "the user's own preferences untouched");
            ThisComputer.forThisUser().rememberLanguage("ja");
            assertEquals("ja", real.node(node).get("staff-language", null), "the staff language: the same node");
            real.node(node + "/window").putDouble("width", -3);
            assertEquals(Optional.empty(), WindowPlacement.remembered(), "a size that is no size is not used");
        } finally {
            ThisComputerTest.removeNode(node);
            if (before == null) {
                System.clearProperty("exoconsent.preferences");
            } else {
                System.setProperty("exoconsent.preferences", before);
            }
        }
    }
}
