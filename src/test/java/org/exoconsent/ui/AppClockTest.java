package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app takes one clock, and everything its screens do is stamped with it: the first administrator's creation and
 * the sign-ins are in the audit trail at the clock's time, not this computer's.
 */
@UiTest
class AppClockTest {
    private static final Instant APP_TIME = Instant.parse("2031-05-06T07:08:09Z");

    @TempDir
    Path tmp;

    private final AppDriver app = new AppDriver();

    @AfterEach
    void stopTheApp() throws Exception {
        app.close();
    }

    @Test
    void whatTheFirstRunAndTheSignInWriteIsStampedWithTheClockTheAppWasGiven() throws Exception {
        app.launch(tmp.resolve("data"), Clock.fixed(APP_TIME, ZoneOffset.UTC));
        app.createFirstAdministrator("admin", "the admin password");
        app.click("#setup-later");
        app.waitFor("#signed-in-as");
        app.click("#sign-out");
        app.waitFor("#signin-user");
        app.click("#signin-user").write("admin");
        app.click("#signin-password").write("the admin password");
        app.click("#signin");
        app.waitFor("#signed-in-as");

        Set<Instant> stamped = new TreeSet<>();
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             ResultSet rs = c.createStatement().executeQuery("SELECT at FROM audit")) {
            while (rs.next()) {
                stamped.add(Instant.parse(rs.getString(1)));
            }
        }
        assertEquals(Set.of(APP_TIME), stamped, "every entry the app wrote is at the app's clock's time");
    }
}
