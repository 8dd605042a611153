package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The home screen's four main buttons are in the same places for every role, with or without a draft to resume
 * (issue 16 §7; found by the review of issue 16: staff's two-line reasons widened their columns, and a draft's line
 * moved the row up).
 */
@UiTest
class HomeButtonPlacesTest {
    private static final List<String> BUTTONS = List.of("#home-new-consultation", "#home-records", "#home-overview",
            "#home-admin");

    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();

    @AfterEach
    void stopTheApp() throws Exception {
        app.close();
    }

    /** Each button's bounds in the scene, rounded to the pixel: "x,y w×h". */
    private List<String> places() {
        List<String> out = new ArrayList<>();
        for (String id : BUTTONS) {
            Node n = app.robot.lookup(id).query();
            Bounds b = n.localToScene(n.getLayoutBounds()); // without the focus ring the focused button has
            out.add(id + " " + Math.round(b.getMinX()) + "," + Math.round(b.getMinY()) + " " + Math.round(b.getWidth())
                    + "×" + Math.round(b.getHeight()));
        }
        return out;
    }

    private List<String> placesFor(String name, String password) throws Exception {
        app.waitFor("#signin-user");
        app.click("#signin-user").write(name);
        app.click("#signin-password").write(password).type(KeyCode.ENTER);
        app.waitFor("#home-new-consultation");
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300); // the notices read in the background
        WaitForAsyncUtils.waitForFxEvents();
        List<String> p = places();
        app.click("#sign-out");
        return p;
    }

    @Test
    void theFourButtonsAreInTheSamePlacesForEveryRoleWithOrWithoutADraft() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        TestAccounts.everyone(dir, Examples.CLOCK);
        TestAccounts.staffPin(dir, Examples.CLOCK, "2468");
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            admin.addUser("sato", EnumSet.of(Role.STAFF), null, "staff password 1".toCharArray());
            admin.addUser("kimura", EnumSet.of(Role.MANAGER), null, "manager password 1".toCharArray());
            admin.addUser("admin2", EnumSet.of(Role.ADMINISTRATOR), null, "admin password 1".toCharArray());
        }
        Map<String, String> people = new LinkedHashMap<>();
        people.put(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD);
        people.put("sato", "staff password 1");
        people.put("kimura", "manager password 1");
        people.put("admin2", "admin password 1");
        app.launch(dir.root());
        Map<String, List<String>> seen = new LinkedHashMap<>();
        for (var p : people.entrySet()) {
            seen.put(p.getKey(), placesFor(p.getKey(), p.getValue()));
        }
        new DraftStore(dir).save(Examples.session("complete-ja").withId("draft-1").withSignatures(List.of()), false,
                Examples.CLOCK.instant());
        for (var p : people.entrySet()) {
            seen.put(p.getKey() + " with a draft", placesFor(p.getKey(), p.getValue()));
        }
        List<String> first = seen.get(TestAccounts.PHYSICIAN);
        for (var e : seen.entrySet()) {
            assertEquals(first, e.getValue(), e.getKey() + " sees the buttons elsewhere than the physician: " + seen);
        }
        // four equal columns
        List<String> widths = first.stream().map(x -> x.substring(x.lastIndexOf(' ') + 1, x.indexOf('×'))).distinct()
                .toList();
        assertEquals(1, widths.size(), "the same width each: " + first);
    }
}
