package org.exoconsent.records;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.pdf.SigningKeys;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateLoader;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DamageStopsOnlyItsRowTest} on the shared store of a real PostgreSQL server: each value is changed by the
 * database's owner past the trigger that keeps the row (the devices' role, with an administrator's session since schema 20, may insert such a row);
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

    /** The files and the index row of {@code t}, as a program other than ExoConsent puts them in, without an entry. */
    private static void insertWithoutItsEntry(Connection c, ConsentTemplate t) throws Exception {
        new PostgresTemplateFiles("the test store", c).put(t);
        TemplateAddedOutsideTest.insertRow(c, t);
    }

    /**
     * Attack review of issue 17: a template version the devices' role inserted (its files and its row, in one
     * transaction, no 'template-added' audit entry) was trusted. Since schema 20 the role needs an administrator's
     * session for it, which an administrator holding a device's password has; since schema 23 not even that session
     * (a version only with its entry), only the database's owner. records verify and the backup name such a version,
     * the library's list marks it, and it is never read nor recorded with; the consents and the bundled version as
     * before.
     */
    @Test
    void aTemplateVersionTheDevicesRoleInsertedIsNamedAndNeverUsed() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(tmp.resolve("device").resolve("keys"));
        Clock clock = Clock.systemUTC();
        DamageStopsOnlyItsRowTest.twoConsentsRecorded(postgres::open, postgres::openAsOwner, place, keys, clock);
        ConsentTemplate forged = new TemplateLoader().load(Examples.templateCopy(tmp.resolve("forged"), "9.0.0"));
        try (Connection app = db.appConnection()) { // the role alone: refused since schema 20
            app.setAutoCommit(false);
            StoreException alone = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                    () -> new PostgresTemplateFiles("the test store", app).put(forged));
            assertTrue(alone.getMessage().contains("holds no signed-in session"), alone.getMessage());
            app.rollback();
        }
        String session; // an administrator's own session, with the device's password: still possible
        try (RecordStore admin = RecordStore.signIn(new RecordStore.Source(postgres.open(), place, keys), clock,
                TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray())) {
            session = admin.principal().session();
        }
        try (Connection app = db.appConnection()) {
            PostgresContract.holding(app, session);
            app.setAutoCommit(false);
            insertWithoutItsEntry(app, forged);
            // since schema 23 not even an administrator's session: a version only with its entry
            java.sql.SQLException refused = assertThrows(java.sql.SQLException.class, app::commit);
            assertTrue(refused.getMessage().contains("template version exosome-therapy 9.0.0 refused: a template "
                    + "version is stored only together with all its files, whose SHA-256 is the version's, and its "
                    + "audit entry (template-added)"), refused.getMessage());
            app.rollback();
        }
        try (Connection owner = db.ownerConnection()) { // what only the database's owner can still do with SQL
            owner.setAutoCommit(false);
            insertWithoutItsEntry(owner, forged);
            owner.commit();
        }
        String named = TemplateAddedOutsideTest.NAMED + " (" + forged.sha256() + "); it is never used";
        try (RecordStore store = RecordStore.signIn(new RecordStore.Source(postgres.open(), place, keys), clock,
                TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray())) {
            RecordStore.Verification v = store.verify((done, total) -> { });
            assertEquals(1, v.problems().size(), v.problems().toString());
            assertTrue(v.problems().get(0).startsWith(named), v.problems().get(0));

            List<TemplateLibrary.Version> listed = store.templates();
            assertEquals("9.0.0", listed.get(0).version());
            assertTrue(listed.get(0).damage().stream().anyMatch(d -> d.startsWith(named)),
                    listed.get(0).damage().toString());
            assertEquals(List.of(), listed.get(1).damage(), "the bundled version as before");

            DamagedStoreException read = assertThrows(DamagedStoreException.class,
                    () -> store.template("exosome-therapy", "9.0.0"));
            assertTrue(read.getMessage().startsWith(named), read.getMessage());
            DamagedStoreException recorded = assertThrows(DamagedStoreException.class,
                    () -> store.refuseUnusableTemplate(forged, "forged.json"));
            assertTrue(recorded.getMessage().startsWith(named), recorded.getMessage());
            assertEquals(2, store.list(RecordFilter.ALL, 0, 10).size(), "the consents as before");

            RecordStore.BackupFile b = store.backup(Files.createDirectories(tmp.resolve("out")).resolve("clinic.exo"),
                    DamageStopsOnlyItsRowTest.PASSPHRASE.toCharArray());
            assertTrue(Files.isRegularFile(b.file()), "the backup is written: the clinic's copy");
            assertEquals(1, b.damaged().size(), b.damaged().toString());
            assertTrue(b.damaged().get(0).startsWith(named), b.damaged().get(0));
            assertFalse(b.restores());
        }
    }
}
