package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.exoconsent.testing.PreviousRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SQLite's schema 17 (issue 17 §5, V17__id_lookups.sql): the case-ignoring id lookup every recording makes twice
 * ({@link RecordStore#refuseIfRecorded}, {@link SqlRecordsIndex#exists}) and the audit trail's lookup by action and
 * subject ({@link SqlAuditTrail#newestFirst}) read an index, not the whole table, on a new data directory and on every
 * earlier release's data directory once migrated. The plans are SQLite's own ({@code EXPLAIN QUERY PLAN}: nothing
 * runs), for the SQL text the store itself sends.
 */
class SqliteLookupIndexesTest {
    /** The text {@link SqlRecordsIndex#exists} prepares on SQLite. */
    private static final String EXISTS = "SELECT 1 FROM record WHERE "
            + SqlDialect.SQLITE.equalsIgnoringCase("id") + " UNION ALL SELECT 1 FROM correction WHERE "
            + SqlDialect.SQLITE.equalsIgnoringCase("id") + " LIMIT 1";
    /** The text {@link SqlAuditTrail#newestFirst} prepares for one action and subject (its columns apart). */
    private static final String NEWEST_FIRST = "SELECT seq FROM audit WHERE (action = ? AND subject = ?) "
            + "ORDER BY seq DESC";

    @Test
    void theLookupsUseTheirIndexesOnAFilledDataDirectory(@TempDir Path tmp) throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("clinic"));
        SyntheticRecords.build(dir, Clock.systemUTC(), 3000);
        try (Connection c = Schema.open(dir.database())) {
            assertEquals(Schema.LATEST, version(c));
            assertUsesTheIndexes(c);
            String id;
            try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM record ORDER BY id "
                    + "LIMIT 1 OFFSET 1500")) {
                rs.next();
                id = rs.getString(1);
            }
            SqlRecordsIndex index = new SqlRecordsIndex(c, SqlDialect.SQLITE, new SqlAuditTrail(c));
            assertTrue(index.exists(id.toUpperCase(java.util.Locale.ROOT)), id);
            assertTrue(index.exists(id.toLowerCase(java.util.Locale.ROOT)), id);
            assertFalse(index.exists(id + "-not-recorded"), id);
        }
    }

    static List<Path> fixtures() throws Exception {
        return PreviousRelease.fixtures();
    }

    /** Each release's data directory (the last release's among them), migrated by this program's opening. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void anEarlierReleasesDataDirectoryGetsTheIndexes(Path fixture, @TempDir Path tmp) throws Exception {
        DataDirectory dir = new DataDirectory(PreviousRelease.copyTo(fixture, tmp.resolve("clinic")));
        List<String> recorded;
        try (Connection c = Schema.open(dir.database())) {
            assertEquals(17, version(c), "migrated to schema 17");
            assertUsesTheIndexes(c);
            recorded = PreviousRelease.records(fixture);
            SqlRecordsIndex index = new SqlRecordsIndex(c, SqlDialect.SQLITE, new SqlAuditTrail(c));
            for (String id : recorded) {
                assertTrue(index.exists(id.toUpperCase(java.util.Locale.ROOT)), fixture + ": " + id);
            }
            assertFalse(index.exists("not-recorded-" + System.nanoTime()));
        }
        assertFalse(recorded.isEmpty(), fixture + " holds records");
    }

    private static void assertUsesTheIndexes(Connection c) throws SQLException {
        String exists = plan(c, EXISTS, "B001234", "B001234");
        assertTrue(exists.contains("record_id_nocase"), exists);
        assertTrue(exists.contains("correction_id_nocase"), exists);
        assertFalse(exists.contains("SCAN record"), exists);
        assertFalse(exists.contains("SCAN correction"), exists);
        String audit = plan(c, NEWEST_FIRST, "treatment-confirmed", "b001234");
        assertTrue(audit.contains("audit_action_subject"), audit);
        assertFalse(audit.contains("SCAN audit"), audit);
    }

    private static int version(Connection c) throws SQLException {
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success = 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** SQLite's plan of {@code sql} with these parameters, one line per step ({@code EXPLAIN QUERY PLAN}). */
    private static String plan(Connection c, String sql, String... params) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append(rs.getString("detail")).append('\n');
                }
            }
        }
        return out.toString();
    }
}
