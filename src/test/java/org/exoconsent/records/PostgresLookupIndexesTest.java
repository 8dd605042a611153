package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.exoconsent.testing.PostgresServer;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;

/**
 * Schema 16 of the shared store (issue 17 §5): the lookups every recording makes read an index, not the whole table,
 * so that a recording does not slow down as the store grows (before it, 0.8 s a consent on 100,000 records against
 * 0.06 s on an empty store). The plans are PostgreSQL's own, as the application role gets them, on 3,000 synthetic
 * records with the planner's statistics gathered (EXPLAIN without ANALYZE: no timing in the test).
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class PostgresLookupIndexesTest {

    @Test
    void aRecordingsLookupsUseTheirIndexesOnAFilledStore() throws Exception {
        ClinicDatabase db = PostgresServer.get().newClinicDatabase();
        PostgresSchema.migrate(db.ownerDataSource(), db.app());
        try (Connection owner = db.ownerConnection()) { // audit entries of no session: the owner's (V19)
            SyntheticRecords.fillPostgres(owner, 3000);
        }
        try (Connection su = PostgresServer.get().superuser(db.database()); var st = su.createStatement()) {
            st.execute("ANALYZE"); // as autovacuum does after such a load
        }
        try (Connection app = db.appConnection()) {
            // is this document id recorded? (SqlRecordsIndex.exists, as RecordStore.refuseIfRecorded asks it)
            String exists = plan(app, "SELECT 1 FROM record WHERE exoconsent_nocase(id) = exoconsent_nocase(?) "
                    + "UNION ALL SELECT 1 FROM correction WHERE exoconsent_nocase(id) = exoconsent_nocase(?) "
                    + "LIMIT 1", "B001234", "B001234");
            assertTrue(exists.contains("record_id_nocase"), exists);
            assertFalse(exists.contains("Seq Scan on record"), exists);
            // the treatment's confirmation of a consultation (SqlAuditTrail.newestFirst)
            String audit = plan(app, "SELECT seq, hash FROM audit WHERE (action = ? AND subject = ?) ORDER BY seq "
                    + "DESC", "treatment-confirmed", "b001234");
            assertTrue(audit.contains("audit_action_subject"), audit);
            assertFalse(audit.contains("Seq Scan on audit"), audit);
        }
        // and the store's own query finds a synthetic record whatever the case of its id
        try (Connection app = db.appConnection()) {
            String id;
            try (var st = app.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM record ORDER BY id "
                    + "LIMIT 1 OFFSET 1500")) {
                rs.next();
                id = rs.getString(1);
            }
            SqlRecordsIndex index = new SqlRecordsIndex(app, SqlDialect.POSTGRESQL, new SqlAuditTrail(app));
            assertTrue(index.exists(id.toUpperCase(java.util.Locale.ROOT)), id);
            assertFalse(index.exists(id + "-not-recorded"), id);
        }
    }

    /** PostgreSQL's plan of {@code sql} with these parameters, one text (EXPLAIN without ANALYZE: nothing runs). */
    private static String plan(Connection c, String sql, String... params) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
            }
        }
        return out.toString();
    }
}
