package org.exoconsent.records;

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

/**
 * The facts of a store's database that a restore holds against what the administrator keeps outside the backup
 * ({@link Backups#documents}, {@link Backups#rolesGivenByTheTrail}, {@link Backups#accountRoles}, {@link
 * Backups#trailHolds}), in SQL of either store ({@link SqlDialect}); the copy itself ({@link Backups#snapshotTo}) is
 * each vendor's own ({@link SqliteBackups}).
 */
abstract class SqlBackups implements Backups {
    /** The connection to the database whose facts are read. */
    final Connection db;
    private final SqlDialect dialect;

    SqlBackups(Connection db, SqlDialect dialect) {
        this.db = db;
        this.dialect = dialect;
    }

    @Override
    public List<Document> documents() throws SQLException {
        boolean corrections; // a backup of a release before corrections (schema V11) has no such table
        corrections = dialect.hasTable(db, "correction");
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
