package org.exoconsent.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The accounts area, in SQL of either store ({@link SqlDialect}): the {@code account} table (SQLite migration V3; the
 * staff language V14), one row per account, its name the primary key compared regardless of the case of A–Z ({@code
 * COLLATE NOCASE} in SQLite), its roles as comma-separated labels ({@link Accounts#rolesText}).
 */
final class SqlAccounts implements AccountStore {
    private final Connection db;
    private final SqlDialect dialect;
    /** The WHERE clause that selects one account by its name, whatever the case of its A–Z. */
    private final String byName;
    /**
     * How a hash is read: the column itself (SQLite), or on PostgreSQL, where the devices' role may not read it (V19),
     * its shape: parameters and salt, the hash part masked ({@code exoconsent_password_shape}).
     */
    private final String hashColumn;

    SqlAccounts(Connection db, SqlDialect dialect) {
        this.db = db;
        this.dialect = dialect;
        this.byName = " WHERE " + dialect.equalsIgnoringCase("name");
        this.hashColumn = dialect == SqlDialect.POSTGRESQL ? "exoconsent_password_shape(name)" : "password_hash";
    }

    @Override
    public long count() throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM account")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public Accounts.Row find(String name) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT name, roles, physician_licence, active, "
                + "failed_sign_ins, locked_until, language, " + hashColumn + " FROM account" + byName)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Accounts.Row(account(rs), rs.getString(8)) : null;
            }
        }
    }

    @Override
    public List<Accounts.Account> list() throws SQLException {
        List<Accounts.Account> out = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT name, roles, "
                + "physician_licence, active, failed_sign_ins, locked_until, language, " + hashColumn + " FROM account "
                + "ORDER BY " + dialect.orderIgnoringCase("name"))) {
            while (rs.next()) {
                out.add(account(rs));
            }
        }
        return out;
    }

    private static Accounts.Account account(ResultSet rs) throws SQLException {
        // read defensively: a value changed outside the product is named in the account's damage, never thrown
        return Accounts.read(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1, rs.getInt(5),
                rs.getString(6), rs.getString(7), rs.getString(8)); // the hash: its parameters only, never shown
    }

    @Override
    public void insert(String name, Set<Role> roles, String licence, String passwordHash, Instant createdAt)
            throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO account (name, roles, password_hash, "
                + "physician_licence, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, Accounts.rolesText(roles));
            ps.setString(3, passwordHash);
            ps.setString(4, licence);
            ps.setString(5, createdAt.toString());
            ps.executeUpdate();
        }
    }

    @Override
    public boolean updateRoles(String name, Set<Role> roles, String licence) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("UPDATE account SET roles = ?, physician_licence = ? "
                + byName.strip())) {
            ps.setString(1, Accounts.rolesText(roles));
            ps.setString(2, licence);
            ps.setString(3, name);
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public boolean updateLanguage(String name, String language) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("UPDATE account SET language = ? " + byName)) {
            ps.setString(1, language);
            ps.setString(2, name);
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public boolean updateActive(String name, boolean active) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("UPDATE account SET active = ? " + byName)) {
            ps.setInt(1, active ? 1 : 0);
            ps.setString(2, name);
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public boolean updatePassword(String name, String passwordHash) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("UPDATE account SET password_hash = ? " + byName)) {
            ps.setString(1, passwordHash);
            ps.setString(2, name);
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public void writeSignInFailures(String name, int failuresInARow, Instant lockedUntil) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("UPDATE account SET failed_sign_ins = ?, locked_until = ? "
                + byName.strip())) {
            ps.setInt(1, failuresInARow);
            ps.setString(2, lockedUntil == null ? null : lockedUntil.toString());
            ps.setString(3, name);
            if (ps.executeUpdate() != 1) {
                throw new SQLException(name + ": the account's sign-in count was not written");
            }
        }
    }

    @Override
    public void clearSignInFailures(String name) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("UPDATE account SET failed_sign_ins = 0, locked_until = NULL "
                + byName.strip())) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }

    @Override
    public List<Stored> stored() throws SQLException {
        List<Stored> out = new ArrayList<>();
        boolean server = dialect == SqlDialect.POSTGRESQL; // the server gives the digest, never the hash (V19)
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT a.name, roles, "
                + "physician_licence, active, language, " + (server ? "d.digest FROM account a JOIN "
                + "exoconsent_password_digests() d ON d.name = a.name" : "password_hash FROM account a")
                + " ORDER BY " + dialect.orderIgnoringCase("a.name"))) {
            while (rs.next()) {
                String hash = rs.getString(6);
                out.add(new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                        server || hash == null ? hash : AccountsAgainstTrail.digest(hash)));
            }
        }
        return out;
    }
}
