package org.exoconsent.records;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The signing-keys area, in SQL of either store ({@link SqlDialect}): the {@code signing_key} table (SQLite migration
 * V10; its triggers refuse a change other than one retirement, and any deletion), times as ISO-8601 instants, the
 * certificate as base64 DER. Reads the {@code audit} table for the registry's own entries and the {@code record} table
 * for whether anything was signed (the checks of this area; to go behind the audit trail's and the records index's
 * interfaces).
 */
final class SqlSigningKeys implements SigningKeyStore {
    private static final String COLUMNS = "fingerprint, label, subject, not_before, not_after, registered_from, "
            + "retired_at, registered_by";

    private final Connection db;
    private final SqlDialect dialect;

    SqlSigningKeys(Connection db, SqlDialect dialect) {
        this.db = db;
        this.dialect = dialect;
    }

    @Override
    public boolean held() throws SQLException {
        return dialect.hasTable(db, "signing_key");
    }

    @Override
    public String registrationRefused() throws SQLException {
        if (dialect != SqlDialect.POSTGRESQL) {
            return null;
        }
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT has_table_privilege("
                + "'signing_key', 'INSERT'), current_user")) {
            rs.next();
            return rs.getBoolean(1) ? null : rs.getString(2);
        }
    }

    @Override
    public String databaseOwner() throws SQLException {
        if (dialect != SqlDialect.POSTGRESQL) {
            return null;
        }
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_get_userbyid(datdba) "
                + "FROM pg_database WHERE datname = current_database()")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** What repairs a signing key's row: none of the product's commands rewrites one. */
    static final String KEY_REPAIR = "no command rewrites a signing key's row: an administrator restores the clinic's "
            + "last backup made before the change, or compares the row with it";

    /** A row, its times read defensively: one that is not an instant is named ({@link DamagedRow}), never thrown raw. */
    private static KeyRegistry.RegisteredKey row(ResultSet rs) throws SQLException {
        String fp = rs.getString(1);
        String what = "signing key " + fp;
        return new KeyRegistry.RegisteredKey(fp, rs.getString(2), rs.getString(3),
                DamagedRow.instant(rs.getString(4), what, "signing_key", fp, "not_before", KEY_REPAIR),
                DamagedRow.instant(rs.getString(5), what, "signing_key", fp, "not_after", KEY_REPAIR),
                DamagedRow.instant(rs.getString(6), what, "signing_key", fp, "registered_from", KEY_REPAIR),
                DamagedRow.instant(rs.getString(7), what, "signing_key", fp, "retired_at", KEY_REPAIR),
                rs.getString(8));
    }

    @Override
    public KeyRegistry.RegisteredKey find(String fingerprint) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT " + COLUMNS + " FROM signing_key "
                + "WHERE fingerprint = ?")) {
            ps.setString(1, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    @Override
    public List<KeyRegistry.RegisteredKey> list() throws SQLException {
        List<KeyRegistry.RegisteredKey> keys = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT " + COLUMNS
                + " FROM signing_key ORDER BY registered_from, fingerprint")) {
            while (rs.next()) {
                keys.add(row(rs));
            }
        }
        return keys;
    }

    @Override
    public boolean anyEverRegistered() throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM "
                + "signing_key) OR EXISTS (SELECT 1 FROM audit WHERE action IN ('key-registered', '"
                + KeyRegistry.REGISTRY_STARTED + "'))")) { // not count(*): it read the whole trail
            return rs.next() && rs.getBoolean(1);
        }
    }

    @Override
    public boolean holdsRecords() throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM "
                + "record)")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    @Override
    public void insert(KeyRegistry.RegisteredKey k, X509Certificate certificate) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO signing_key (fingerprint, label, subject, "
                + "not_before, not_after, registered_from, retired_at, registered_by, certificate) VALUES "
                + "(?, ?, ?, ?, ?, ?, NULL, ?, ?)")) {
            ps.setString(1, k.fingerprint());
            ps.setString(2, k.label());
            ps.setString(3, k.subject());
            ps.setString(4, k.notBefore().toString());
            ps.setString(5, k.notAfter().toString());
            ps.setString(6, k.registeredFrom().toString());
            ps.setString(7, k.registeredBy());
            ps.setString(8, Base64.getEncoder().encodeToString(certificate.getEncoded()));
            ps.executeUpdate();
        } catch (CertificateEncodingException e) {
            throw new SQLException("the certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    @Override
    public void retire(String fingerprint, Instant at) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("UPDATE signing_key SET retired_at = ? WHERE fingerprint = ? "
                + "AND retired_at IS NULL")) {
            ps.setString(1, at.toString());
            ps.setString(2, fingerprint);
            if (ps.executeUpdate() != 1) {
                throw new SQLException(fingerprint + ": no current key to retire");
            }
        }
    }

    @Override
    public List<TrailEntry> trail() throws SQLException {
        List<TrailEntry> entries = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT action, subject, details "
                + "FROM audit WHERE action IN ('key-registered', 'key-retired') ORDER BY seq")) {
            while (rs.next()) {
                entries.add(new TrailEntry(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return entries;
    }

    @Override
    public Instant registryStartOnUpgrade() throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT at FROM audit WHERE "
                + "action = '" + KeyRegistry.REGISTRY_STARTED + "' ORDER BY seq LIMIT 1")) {
            return rs.next() ? Instant.parse(rs.getString(1)) : null;
        }
    }
}
