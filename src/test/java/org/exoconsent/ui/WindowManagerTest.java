package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.ProcessTest;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app under a real window manager (issue 16 §1 and §2): Xvfb with openbox, the app on it with the GTK glass in a
 * JVM of its own ({@link XSession}, {@link WindowDriver}). The window manager's own requests — {@code xdotool
 * windowminimize}, "Iconify" from its Alt+Space menu, "show desktop", another window opening — are sent to the app
 * in patient mode, and what the window is afterwards is read both from the X server ({@code xprop}, {@code xwininfo},
 * {@code xdotool}) and from the app. Skipped without Xvfb, openbox, xdotool, x11-utils and imagemagick on a
 * developer's machine; required in CI. With {@code -Dexoconsent.screenshots=DIR} it saves what the screen showed.
 */
@ProcessTest
@UiTest // the toolkit runs in the app's own JVM (WindowDriver), on the X server the test starts
class WindowManagerTest {
    /** A consultation left in patient mode: resuming it puts the tablet in patient mode at the patient's signature. */
    private static final String LOCKED = "locked-1";

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    private static XSession x;

    @BeforeAll
    static void aTabletScreenWithAWindowManager() throws Exception {
        XSession.requireTools();
        x = XSession.start(shared.resolve("x"), 1280, 800);
    }

    @AfterAll
    static void stopTheScreen() throws Exception {
        if (x != null) {
            x.close();
        }
    }

    private Path home;

    @BeforeEach
    void aConsultationLeftInPatientMode() throws Exception {
        home = tmp.resolve("data");
        DataDirectory dir = new DataDirectory(home);
        TestAccounts.everyone(dir, Examples.CLOCK);
        TestAccounts.staffPin(dir, Examples.CLOCK, "2468");
        ConsentSession unsigned = Examples.session("complete-ja").withId(LOCKED).withSignatures(List.of());
        new DraftStore(dir).save(unsigned, true, Examples.CLOCK.instant());
    }

    private XSession.App signedIn(XSession on) throws Exception {
        XSession.App app = on.app(home, tmp.resolve("prefs"));
        app.send("sign-in " + TestAccounts.NAME + " " + TestAccounts.PASSWORD);
        app.send("wait home-records");
        return app;
    }

    private XSession.App inPatientMode() throws Exception {
        XSession.App app = signedIn(x);
        app.send("press resume-" + LOCKED);
        app.send("wait patient-mode-banner");
        String w = app.window();
        x.until(() -> x.run("xprop", "-id", w, "_NET_WM_STATE").contains("_NET_WM_STATE_FULLSCREEN"),
                "the window full screen");
        return app;
    }

    /**
     * The window is back after the window manager took it away: mapped, full screen, above other windows, not
     * hidden, covering the screen, in front; and still in patient mode, with no staff screen reachable.
     */
    private void backInPatientMode(XSession.App app, int timesIconified) throws Exception {
        String w = app.window();
        x.until(() -> {
            Map<String, String> s = app.state();
            return Integer.parseInt(s.get("timesIconified")) >= timesIconified && "false".equals(s.get("iconified"))
                    && "true".equals(s.get("fullScreen"));
        }, "the window iconified " + timesIconified + " time(s), then back");
        x.until(() -> x.run("xwininfo", "-id", w).contains("Map State: IsViewable"), "the window mapped");
        x.until(() -> {
            String state = x.run("xprop", "-id", w, "_NET_WM_STATE", "WM_STATE");
            return state.contains("_NET_WM_STATE_FULLSCREEN") && state.contains("_NET_WM_STATE_ABOVE")
                    && !state.contains("_NET_WM_STATE_HIDDEN") && state.contains("window state: Normal");
        }, "the window manager's state: full screen, above, not hidden");
        String geometry = x.run("xdotool", "getwindowgeometry", w);
        assertTrue(geometry.contains("Position: 0,0") && geometry.contains("Geometry: 1280x800"), geometry);
        Map<String, String> s = app.state();
        assertEquals("true", s.get("patientMode"), "still the patient's signature page: " + s);
        assertEquals("true", s.get("alwaysOnTop"), s.toString());
        assertTrue(app.ask("records").startsWith("error refused"), "the records are still refused");
        assertEquals("true", app.state().get("patientMode"), "and nothing else opened");
    }

    @Test
    void inPatientModeTheWindowManagersMinimiseIsUndoneAtOnce() throws Exception {
        try (XSession.App app = inPatientMode()) {
            x.run("xdotool", "windowminimize", app.window());
            backInPatientMode(app, 1);
            screenshot("30-patient-mode-after-minimise");
        }
    }

    @Test
    void inPatientModeIconifyFromTheWindowManagersMenuIsUndoneAtOnce() throws Exception {
        try (XSession.App app = inPatientMode()) {
            String w = app.window();
            x.run("xdotool", "windowactivate", "--sync", w);
            // openbox's Alt+Space menu: Send to desktop, Layer, Restore, Move, Resize (these three greyed out for a
            // full-screen window, but the arrow keys stop on them), then Iconify
            x.run("xdotool", "key", "alt+space");
            Thread.sleep(400);
            x.run("xdotool", "key", "Down", "Down", "Down", "Down", "Down", "Down", "Return");
            backInPatientMode(app, 1);
        }
    }

    /**
     * Out of full screen as JavaFX reports it (openbox's default configuration has no key or menu entry for it; a
     * ToggleFullscreen bound by a user is not reported by JavaFX 21 on GTK at all: see docs/KIOSK.md).
     */
    @Test
    void inPatientModeLeavingFullScreenIsUndoneAtOnce() throws Exception {
        try (XSession.App app = inPatientMode()) {
            app.send("leave-full-screen");
            backInPatientMode(app, 0);
            assertTrue(Integer.parseInt(app.state().get("timesOutOfFullScreen")) >= 1);
        }
    }

    @Test
    void inPatientModeShowDesktopIsUndoneAtOnce() throws Exception {
        try (XSession.App app = inPatientMode()) {
            x.run("xdotool", "windowactivate", "--sync", app.window());
            x.run("xdotool", "key", "super+d"); // openbox's ToggleShowDesktop: hides every window, iconifies none
            x.until(() -> x.run("xprop", "-root", "_NET_SHOWING_DESKTOP").contains("= 0"),
                    "the desktop no longer shown");
            backInPatientMode(app, 0);
        }
    }

    /** Whether the app's window is above xmessage's in the window manager's stacking order (bottom to top). */
    private static boolean above(String app, String other) throws Exception {
        String stacking = x.run("xprop", "-root", "_NET_CLIENT_LIST_STACKING");
        // ids in hex there, in decimal from xdotool
        List<String> order = List.of(stacking.substring(stacking.indexOf('#') + 1).strip().split(",\\s*"));
        int a = order.indexOf(String.format("0x%x", Long.parseLong(app)));
        int o = order.indexOf(String.format("0x%x", Long.parseLong(other)));
        return o >= 0 && a > o;
    }

    @Test
    void inPatientModeAWindowThatOpensLaterStaysBelow() throws Exception {
        try (XSession.App app = inPatientMode()) {
            String w = app.window();
            Process other = x.launch("xmessage", "-center", "another program's window");
            try {
                x.until(() -> !x.run("xdotool", "search", "--onlyvisible", "--class", "xmessage").isBlank(),
                        "xmessage on screen");
                String message = x.run("xdotool", "search", "--onlyvisible", "--class", "xmessage").strip()
                        .split("\\s+")[0];
                x.run("xdotool", "windowactivate", message); // as a program that takes the focus would
                Thread.sleep(500);
                assertTrue(above(w, message), x.run("xprop", "-root", "_NET_CLIENT_LIST_STACKING"));
                backInPatientMode(app, 0);
                // openbox's Alt+Escape lowers the active window and takes the keyboard from it
                x.run("xdotool", "windowactivate", "--sync", w);
                x.run("xdotool", "key", "alt+Escape");
                Thread.sleep(500);
                assertTrue(above(w, message), x.run("xprop", "-root", "_NET_CLIENT_LIST_STACKING"));
                x.until(() -> "true".equals(app.state().get("focused")), "the keyboard back with the app");
                backInPatientMode(app, 0);
            } finally {
                other.destroy();
            }
        }
    }

    @Test
    void onATabletScreenTheWindowOpensMaximisedAndADialogLeavesItSo() throws Exception {
        try (XSession.App app = signedIn(x)) {
            String w = app.window();
            Map<String, String> s = app.state();
            assertEquals("true", s.get("maximized"), s.toString());
            assertEquals("1280", s.get("width"), s.toString());
            assertEquals("800", s.get("height"), s.toString());
            x.until(() -> x.run("xprop", "-id", w, "_NET_WM_STATE").contains("_NET_WM_STATE_MAXIMIZED_HORZ"),
                    "maximised for the window manager");
            String before = x.run("xdotool", "getwindowgeometry", w);
            app.send("press home-records");
            app.send("wait records-export");
            app.send("press records-export");
            app.send("wait export-format");
            Map<String, String> with = app.state();
            assertEquals("2", with.get("windows"), "the export dialog is open: " + with);
            assertEquals("true", with.get("maximized"), "a dialog does not take the maximised state away: " + with);
            assertEquals(before, x.run("xdotool", "getwindowgeometry", w), "nor resize the window");
            assertTrue(x.run("xprop", "-id", w, "_NET_WM_STATE").contains("_NET_WM_STATE_MAXIMIZED_VERT"));
            Path shot = x.screenshot(tmp.resolve("dialog.png"));
            assertDrawn(shot, with);
            screenshot("31-main-window-export-dialog");
            // the system's file chooser from the dialog ("Choose…") leaves it maximised too
            app.send("press-text Choose…");
            x.until(() -> x.run("xdotool", "search", "--onlyvisible", "--pid", Long.toString(app.pid())).strip()
                    .split("\\s+").length == 3, "the file chooser open");
            Thread.sleep(500);
            assertTrue(x.run("xprop", "-id", w, "_NET_WM_STATE").contains("_NET_WM_STATE_MAXIMIZED_HORZ"),
                    "the file chooser does not take the maximised state away");
            assertEquals(before, x.run("xdotool", "getwindowgeometry", w));
            x.run("xdotool", "key", "Escape");
            x.until(() -> x.run("xdotool", "search", "--onlyvisible", "--pid", Long.toString(app.pid())).strip()
                    .split("\\s+").length == 2, "the file chooser closed");
            app.send("close-dialogs");
            assertEquals("true", app.state().get("maximized"));
        }
    }

    /** With {@code -Dexoconsent.screenshots=DIR}: the whole X screen, as DIR/NAME.png. */
    private static void screenshot(String name) throws Exception {
        String dir = System.getProperty("exoconsent.screenshots");
        if (dir != null && !dir.isBlank()) {
            x.screenshot(Path.of(dir).resolve(name + ".png"));
        }
    }

    /** The dialog's area of the screen is drawn (light, as modena draws it), not left black. */
    private static void assertDrawn(Path png, Map<String, String> state) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        int x0 = Integer.parseInt(state.get("dialogX"));
        int y0 = Integer.parseInt(state.get("dialogY"));
        int w = Integer.parseInt(state.get("dialogWidth"));
        int h = Integer.parseInt(state.get("dialogHeight"));
        long sum = 0;
        int n = 0;
        for (int y = y0 + h / 4; y < y0 + h * 3 / 4; y += 2) {
            for (int xx = x0 + w / 4; xx < x0 + w * 3 / 4; xx += 2) {
                int rgb = image.getRGB(xx, y);
                sum += ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
                n++;
            }
        }
        double mean = sum / (3.0 * n);
        assertTrue(mean > 150, "the dialog's inside is drawn, not black: mean brightness " + mean + " of 255");
    }

    @Test
    void onALargerScreenTheWindowOpensAtItsDesignedSizeAndRemembersTheSizeItWasGiven() throws Exception {
        String[] width = new String[1];
        String[] height = new String[1];
        try (XSession large = XSession.start(tmp.resolve("x-large"), 1920, 1080)) {
            try (XSession.App app = signedIn(large)) {
                Map<String, String> s = app.state();
                assertEquals("false", s.get("maximized"), s.toString());
                assertEquals("1280", s.get("width"), s.toString());
                assertEquals("800", s.get("height"), s.toString());
                assertEquals(List.of("320", "140"), List.of(s.get("x"), s.get("y")), "in the middle: " + s);
                String w = app.window();
                // the person using it makes it larger (xdotool gives the size inside the window's frame)
                large.run("xdotool", "windowsize", "--sync", w, "1500", "950");
                large.until(() -> !"1280".equals(app.state().get("width")), "a new width");
                Map<String, String> resized = app.state();
                width[0] = resized.get("width");
                height[0] = resized.get("height");
                assertTrue(Integer.parseInt(width[0]) >= 1500 && Integer.parseInt(height[0]) >= 950, resized.toString());
                app.send("press home-records");
                app.send("wait records-export");
                app.send("press records-export");
                app.send("wait export-format");
                Map<String, String> with = app.state();
                assertEquals(List.of(width[0], height[0]), List.of(with.get("width"), with.get("height")),
                        "a dialog leaves the size alone: " + with);
                app.send("close-dialogs");
            }
            try (XSession.App again = signedIn(large)) {
                Map<String, String> s = again.state();
                assertEquals(List.of(width[0], height[0]), List.of(s.get("width"), s.get("height")),
                        "the size it had when it closed: " + s);
                assertEquals("false", s.get("maximized"), s.toString());
            }
        }
    }
}
