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
 * {@link AccountsAgainstTrailTest} on the shared store of a real PostgreSQL server (attack review of issue 17, F1 and
 * F8): the clinic's day verifies clean; what the application role — whose password every device keeps — tries with
 * plain SQL on the accounts and settings the server refuses (schema 19 and 20: no session that may), and what
 * the owner then changes, is named by {@code records verify}.
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
        List<String> all = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        AccountsAgainstTrailTest.BehindTheBack roleElseOwner = PostgresContract.asTheRoleElseTheOwner(db, refused);

        AccountsAgainstTrailTest.aClinicsDay(postgres::open, place, keys, clock);
        AccountsAgainstTrailTest.changesBehindTheProductsBackAreNamed(postgres::open, place, keys, clock, sql -> {
            all.add(sql);
            roleElseOwner.run(sql);
        });
        PostgresContract.everyChangeWasRefused(all, refused);
    }
}
