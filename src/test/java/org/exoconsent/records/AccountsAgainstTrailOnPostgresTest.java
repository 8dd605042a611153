package org.exoconsent.records;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AccountsAgainstTrailTest} on the shared store of a real PostgreSQL server (attack review of issue 17, F1 and
 * F8): the clinic's day verifies clean, and what the application role — whose password every device keeps — changes
 * in the accounts and settings with plain SQL is named by {@code records verify}.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class AccountsAgainstTrailOnPostgresTest {
    @TempDir
    Path device;

    private final PostgresContract postgres = new PostgresContract();

    @Test
    void aClinicsDayVerifiesCleanAndEachChangeTheApplicationRoleMakesWithSqlIsNamed() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(device.resolve("keys"));
        Clock clock = Clock.systemUTC(); // the server's clock is the authority (issue 17 §2)

        AccountsAgainstTrailTest.aClinicsDay(postgres::open, place, keys, clock);
        AccountsAgainstTrailTest.changesBehindTheProductsBackAreNamed(postgres::open, place, keys, clock, sql -> {
            try (Connection app = db.appConnection(); Statement st = app.createStatement()) {
                st.executeUpdate(sql); // as the application role, as any device holding its password could
            }
        });
    }
}
