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
 * {@link DamagedRowsTest} on the shared store of a real PostgreSQL server: what the application role, whose password
 * every device keeps, writes into the account and setting rows with plain SQL is named, never thrown.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class DamagedRowsOnPostgresTest {
    @TempDir
    Path device;

    private final PostgresContract postgres = new PostgresContract();

    @Test
    void malformedAccountAndSettingValuesWrittenByTheApplicationRoleAreNamedAndRepaired() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(device.resolve("keys"));
        Clock clock = Clock.systemUTC(); // the server's clock is the authority (issue 17 §2)

        AccountsAgainstTrailTest.aClinicsDay(postgres::open, place, keys, clock);
        DamagedRowsTest.malformedValuesAreNamedAndRepaired(postgres::open, place, keys, clock, sql -> {
            try (Connection app = db.appConnection(); Statement st = app.createStatement()) {
                st.executeUpdate(sql); // as the application role, as any device holding its password could
            }
        });
    }

    @Test
    void aHashAskingForGigabytesWrittenByTheApplicationRoleLocksThatAccountOnlyWithoutDeriving() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(device.resolve("keys"));
        Clock clock = Clock.systemUTC(); // the server's clock is the authority (issue 17 §2)

        AccountsAgainstTrailTest.aClinicsDay(postgres::open, place, keys, clock);
        DamagedRowsTest.aHashBeyondTheCeilingIsNamedAndRepaired(postgres::open, place, keys, clock, sql -> {
            try (Connection app = db.appConnection(); Statement st = app.createStatement()) {
                st.executeUpdate(sql); // as the application role, as any device holding its password could
            }
        });
    }
}
