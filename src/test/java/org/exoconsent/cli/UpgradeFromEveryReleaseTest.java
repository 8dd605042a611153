package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.testing.UpgradeChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The standing upgrade rehearsal (issue 15 §3): every data directory an earlier release made — each fixture folder
 * {@code src/test/resources/fixtures/datadir-*}, found on disk, so the fixture of the next release is covered as soon
 * as it is added — opens with this release as its administrator, is migrated to the schema a new data directory
 * gets today, and verifies: every record {@link PreviousRelease#records} says it holds, 0 problems, each of them
 * alone too (as the manager: an administrator does not see records), no signed document changed, every account signs in and the staff PIN still works. What is special to one release (its
 * template, its draft, its lots, its backup) is tested by its own {@code UpgradeFromXYZTest}.
 */
class UpgradeFromEveryReleaseTest {
    /** A few days after the newest fixture was made. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T01:00:00Z"), ZoneId.of("Asia/Tokyo"));
    static final Map<String, String> ADMIN = Map.of("EXOCONSENT_USER", "admin", "EXOCONSENT_PASSWORD",
            UpgradeChecks.ACCOUNTS.get("admin"));

    static List<Path> fixtures() throws Exception {
        return PreviousRelease.fixtures();
    }

    @Test
    void everyFixtureFolderIsFoundOldestFirst() throws Exception {
        assertEquals(List.of(PreviousRelease.V1_0_0, PreviousRelease.V1_1_0, PreviousRelease.V1_2_0,
                PreviousRelease.V1_3_0, PreviousRelease.V1_4_0, PreviousRelease.V1_5_0, PreviousRelease.V1_6_0),
                fixtures().subList(0, 7),
                "the fixtures named in PreviousRelease, in release order, come first");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void opensAsItsAdministratorMigratesToTheNewestSchemaAndVerifies(Path fixture, @TempDir Path tmp)
            throws Exception {
        List<String> records = PreviousRelease.records(fixture); // a fixture PreviousRelease does not describe fails
        FixtureCopy copy = new FixtureCopy(fixture, tmp, CLOCK);
        DataDirectory dir = copy.dir;
        Map<Path, String> before = UpgradeChecks.archiveHashes(dir.root());

        try (RecordStore admin = RecordStore.signIn(dir, CLOCK, "admin",
                UpgradeChecks.ACCOUNTS.get("admin").toCharArray(), "upgrade test")) {
            assertEquals("admin", admin.principal().name());
            assertTrue(admin.principal().roles().contains(Role.ADMINISTRATOR), admin.principal().roles().toString());
        }
        Path fresh = tmp.resolve("new");
        try (RecordStore made = RecordStore.createFirstAdministrator(new DataDirectory(fresh), CLOCK, "admin",
                UpgradeChecks.ACCOUNTS.get("admin").toCharArray(), "upgrade test")) {
            assertEquals("admin", made.principal().name());
        }
        int newest = schemaVersion(fresh);
        assertTrue(newest >= 12, "a new data directory of this release is at least at migration 12: " + newest);
        assertEquals(newest, schemaVersion(dir.root()), "migrated to the schema a new data directory gets");
        assertEquals(schema(fresh), schema(dir.root()),
                "the same tables, columns, indexes and triggers as a new data directory");

        FixtureCopy.Run verify = copy.cli(ADMIN, "records", "verify");
        assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains(UpgradeChecks.checked(records.size(), dir.root())
                + ", 0 problems, 0 orphan files"),
                verify.out());
        try (RecordStore manager = copy.signIn("suzuki", UpgradeChecks.ACCOUNTS.get("suzuki"))) { // sees records
            for (String id : records) {
                assertNull(manager.verifyOne(id), id);
            }
        }
        assertEquals(before, UpgradeChecks.archiveHashes(dir.root()), "no signed document was changed");
        UpgradeChecks.everyAccountSignsInAndThePinIsKept(dir, CLOCK);
    }

    /** The newest migration applied to the database of a data directory. */
    private static int schemaVersion(Path dataDir) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("exoconsent.db"));
             Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history "
                     + "WHERE success = 1")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Every table, index, trigger and view of a data directory's database with its SQL, by type and name. */
    private static List<String> schema(Path dataDir) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("exoconsent.db"));
             Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_master "
                     + "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " on " + rs.getString(3) + ": " + rs.getString(4));
            }
        }
        return out;
    }
}
