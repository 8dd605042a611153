package org.exoconsent.records;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.pdf.SigningKeys;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DamageStopsOnlyItsRowTest} on the shared store of a real PostgreSQL server: each value is changed by the
 * database's owner past the trigger that keeps the row (the devices' role may insert such a row, or change a lot's);
 * the backup is the store's own archive, and its restore into a new store names the same damage.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class DamageStopsOnlyItsRowOnPostgresTest {
    @TempDir
    Path tmp;

    private final PostgresContract postgres = new PostgresContract();

    /** Changes one stored value as the database's owner can, past the trigger that keeps the row. */
    private static DamageStopsOnlyItsRowTest.Damage byTheOwner(ClinicDatabase db) {
        return (table, column, value, where) -> {
            try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
                st.executeUpdate("ALTER TABLE " + table + " DISABLE TRIGGER USER");
                st.executeUpdate("UPDATE " + table + " SET " + column + " = '" + value + "' WHERE " + where);
                st.executeUpdate("ALTER TABLE " + table + " ENABLE TRIGGER USER");
            }
        };
    }

    @Test
    void theKnownPatientSearchFindsEveryPatientAndMarksTheDamagedOne() throws Exception {
        ClinicDatabase db = postgres.database();
        DamageStopsOnlyItsRowTest.patientSearchGoesOnPastADamagedRow(postgres::open, postgres::openAsOwner,
                db.storeUrl(db.app()), DataDirectory.keyFilesIn(tmp.resolve("device").resolve("keys")),
                Clock.systemUTC(), byTheOwner(db));
    }

    @Test
    void eachDamagedValueStopsOnlyItsRowAndTheBackupCarriesIt() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(tmp.resolve("device").resolve("keys"));
        Clock clock = Clock.systemUTC(); // the server's clock is the authority (issue 17 §2)
        Path out = Files.createDirectories(tmp.resolve("out"));
        DamageStopsOnlyItsRowTest.eachDamageStopsOnlyItsRow(postgres::open, postgres::openAsOwner, place, keys, clock,
                byTheOwner(db), out, (file, passphrase) -> {
                    try (RecordStore store = RecordStore.signIn(new RecordStore.Source(postgres.open(), place, keys),
                            clock, TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray())) {
                        return store.backup(file, passphrase).file();
                    }
                }, backup -> {
                    PostgresContract fresh = new PostgresContract();
                    ClinicDatabase to = fresh.database();
                    return DamageStopsOnlyItsRowTest.said(() -> RecordStore.restore(backup, fresh.openAsOwner(),
                            to.storeUrl(to.app()), clock, RestoreOptions.of(
                                    DamageStopsOnlyItsRowTest.PASSPHRASE.toCharArray(),
                                    List.of(SigningKeys.fingerprint(Examples.key().certificate())))));
                });
    }
}
