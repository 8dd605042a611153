package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The backup and restore area in SQLite: the copy is {@code VACUUM INTO} (a read of one snapshot, written as a
 * compact database file), taken while SQLite's write lock is held on a second connection ({@link
 * Schema#holdWriteLock}: {@code VACUUM INTO} cannot run in a transaction), so that the files {@code alsoThen} reads
 * beside the database are those of the same moment; readers go on (WAL mode).
 */
final class SqliteBackups implements Backups {
    private final DataDirectory dir;
    private final Connection db;

    SqliteBackups(DataDirectory dir, Connection db) {
        this.dir = dir;
        this.db = db;
    }

    @Override
    public Set<String> snapshotTo(Path file, AtTheMoment alsoThen) throws SQLException, StoreException, IOException {
        try (Connection hold = Schema.holdWriteLock(dir)) { // released (rolled back) when closed
            try (Statement st = db.createStatement()) {
                st.execute("VACUUM INTO '" + file.toString().replace("'", "''") + "'");
            }
            // no writer commits while the lock is held: this read sees what the copy holds
            Set<String> names = new TreeSet<>(new SqliteRecordsIndex(db).archivedPaths());
            alsoThen.run();
            return names;
        }
    }

    @Override
    public List<Document> documents() throws SQLException {
        boolean corrections; // a backup of a release before corrections (schema V11) has no such table
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT 1 FROM sqlite_master WHERE "
                + "type = 'table' AND name = 'correction'")) {
            corrections = rs.next();
        }
        List<Document> out = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT id, pdf_path, recorded_at FROM record" + (corrections ? " UNION ALL SELECT id, pdf_path, "
                        + "recorded_at FROM correction" : "") + " ORDER BY 3, 1")) {
            while (rs.next()) {
                out.add(new Document(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    @Override
    public Map<String, String> rolesGivenByTheTrail() throws SQLException {
        Map<String, String> roles = new LinkedHashMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT action, subject, details "
                + "FROM audit WHERE action IN ('user-added', 'user-roles-changed') ORDER BY seq")) {
            while (rs.next()) {
                com.fasterxml.jackson.databind.JsonNode d = Json.read(rs.getString(3));
                String name = rs.getString(2).toLowerCase(Locale.ROOT);
                String given = rs.getString(1).equals("user-added") ? d.path("roles").asText(null)
                        : d.path("to").asText(null);
                if (given != null) {
                    roles.put(name, given);
                }
            }
        }
        return roles;
    }

    @Override
    public Map<String, String> accountRoles() throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT name, roles FROM account ORDER BY name")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    @Override
    public boolean trailHolds(String hash) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT seq FROM audit WHERE lower(hash) = ?")) {
            ps.setString(1, hash.strip().toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
