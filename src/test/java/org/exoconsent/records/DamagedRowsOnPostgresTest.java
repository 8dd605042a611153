package org.exoconsent.records;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DamagedRowsTest} on the shared store of a real PostgreSQL server: what the application role, whose password
 * every device keeps, writes into the setting rows with plain SQL, and the owner into the account rows (the server
 * refuses them the role since schema 19), is named, never thrown.
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
        List<String> all = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        AccountsAgainstTrailTest.BehindTheBack roleElseOwner = PostgresContract.asTheRoleElseTheOwner(db, refused);

        AccountsAgainstTrailTest.aClinicsDay(postgres::open, place, keys, clock);
        DamagedRowsTest.malformedValuesAreNamedAndRepaired(postgres::open, place, keys, clock, sql -> {
            all.add(sql);
            roleElseOwner.run(sql);
        });
        PostgresContract.everyChangeWasRefused(all, refused);
    }

    @Test
    void aHashAskingForGigabytesWrittenByTheApplicationRoleLocksThatAccountOnlyWithoutDeriving() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(device.resolve("keys"));
        Clock clock = Clock.systemUTC(); // the server's clock is the authority (issue 17 §2)
        List<String> all = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        AccountsAgainstTrailTest.BehindTheBack roleElseOwner = PostgresContract.asTheRoleElseTheOwner(db, refused);

        AccountsAgainstTrailTest.aClinicsDay(postgres::open, place, keys, clock);
        DamagedRowsTest.aHashBeyondTheCeilingIsNamedAndRepaired(postgres::open, place, keys, clock, sql -> {
            all.add(sql);
            roleElseOwner.run(sql);
        });
        PostgresContract.everyChangeWasRefused(all, refused);
    }
}
