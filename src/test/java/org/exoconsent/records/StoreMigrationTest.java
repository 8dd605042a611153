package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StoreMigration} (issue 17 §4) of a data directory whose records are made in the test: a consent, its
 * withdrawal and a correction recorded on SQLite, moved into a new PostgreSQL store of a real server, then listed,
 * recalled and verified there, with the audit trail identical up to the data directory's head.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class StoreMigrationTest {
    @TempDir
    Path tmp;

    private final PostgresContract postgres = new PostgresContract();

    @Test
    void recordsMadeOnSqliteAreListedRecalledAndVerifiedOnTheNewStore() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("clinic"));
        try (RecordStore admin = RecordStore.createFirstAdministrator(dir, Examples.CLOCK, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray(), "set up")) {
            admin.setRoles(TestAccounts.NAME, EnumSet.allOf(Role.class), TestAccounts.LICENCE);
            admin.addUser(TestAccounts.PHYSICIAN, EnumSet.of(Role.PHYSICIAN), TestAccounts.LICENCE,
                    TestAccounts.PHYSICIAN_PASSWORD.toCharArray());
            TestAccounts.registerTestKey(admin);
        }
        List<RecordRow> listed;
        List<RecordRow> recalled;
        try (RecordStore store = RecordStore.signIn(dir, Examples.CLOCK, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray(), "record")) {
            String id = TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(),
                    Examples.key(), "complete-ja").id();
            store.correct(id, "patient.phone", "03-1111-2222", "moved", "reception", Examples.key());
            store.withdraw(id, LocalDate.parse("2026-11-21"), "家族と相談して、受けないことにした", "受付 鈴木", null,
                    Examples.key());
            listed = store.list(RecordFilter.ALL, 0, 10);
            recalled = store.recall(RecordStoreOnStoresTest.LOT, null);
        }
        assertEquals(1, recalled.size());
        List<List<String>> trail = rows(sqlite(dir), "SELECT seq, at, actor, action, subject, details, prev_hash, "
                + "hash FROM audit ORDER BY seq");

        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        // the copy fills the key registry, which only the owner may (attack review of issue 17, F2): a device's
        // role is refused before anything is copied
        RefusedException device = org.junit.jupiter.api.Assertions.assertThrows(RefusedException.class,
                () -> StoreMigration.migrate(dir, db.appDataSource(), place, place, Examples.CLOCK));
        assertEquals(place + ": role " + db.app() + " does not own the database; this is done with the database "
                + "owner's login (user=" + db.owner() + " in the store's address, its password in PGPASSWORD for this "
                + "one command, never kept in the device's password file), as store init is", device.getMessage());
        StoreMigration.Moved moved = StoreMigration.migrate(dir, db.ownerDataSource(), place, place, Examples.CLOCK);
        assertEquals(2L, moved.counts().get("record"), "the consent and its withdrawal");
        assertEquals(1L, moved.counts().get("correction"));
        assertEquals(3L, moved.counts().get("document"));
        assertEquals(trail.size(), moved.headSeq());

        try (Connection app = db.appConnection()) {
            List<List<String>> copied = rows(app, "SELECT seq, at, actor, action, subject, details, prev_hash, hash "
                    + "FROM audit ORDER BY seq");
            assertEquals(trail, copied.subList(0, trail.size()), "the trail identical up to the source's head");
            assertEquals(List.of(StoreMigration.MIGRATED, "verified"), copied.subList(trail.size(), copied.size())
                    .stream().map(e -> e.get(3)).toList(), "the move, then its records verify");
        }
        try (RecordStore after = RecordStore.signIn(RecordStore.Source.postgres(db.appDataSource(), place,
                DataDirectory.keyFilesIn(tmp.resolve("device"))), Examples.CLOCK, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray())) {
            assertEquals(rowIds(listed), rowIds(after.list(RecordFilter.ALL, 0, 10)), "every record listed");
            assertEquals(rowIds(recalled), rowIds(after.recall(RecordStoreOnStoresTest.LOT, null)));
            assertEquals("03-1111-2222", after.list(RecordFilter.ALL, 0, 10).get(0).patientPhone(),
                    "the correction applies on the new store");
            RecordStore.Verification v = after.verify((done, total) -> { });
            assertEquals(List.of(), v.problems(), "records verify on the new store: 0 problems");
            assertEquals("1 record, 1 withdrawal and 1 correction checked", v.checked(),
                    "the consent, its withdrawal and its correction");
        }
        assertTrue(Files.isRegularFile(dir.root().resolve(DataDirectory.MOVED_TO)));
        RefusedException refused = assertThrows(RefusedException.class, () -> RecordStore.createFirstAdministrator(
                dir, Examples.CLOCK, "another", "another long password".toCharArray(), "again"));
        assertTrue(refused.getMessage().contains("this data directory was moved to " + place), refused.getMessage());
    }

    private static List<String> rowIds(List<RecordRow> rows) {
        return rows.stream().map(RecordRow::id).sorted().toList();
    }

    private static Connection sqlite(DataDirectory dir) throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.database());
    }

    private static List<List<String>> rows(Connection c, String sql) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (c; Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
