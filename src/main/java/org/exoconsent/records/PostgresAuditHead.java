package org.exoconsent.records;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The audit chain's head of the shared PostgreSQL store: the one {@code audit_head} row (issue 17 §3), which every
 * write transaction locks first ({@link PostgresStores#beginWrite}). The row is changed in the transaction that
 * appends the entries, so it commits with them or not at all: the entry being committed ({@link #writeNext}) is
 * written as the committed head at once, and no {@code next} is ever kept (a crash between two writes, which the
 * head file's second line is for, cannot happen here). Works in the caller's transaction, on the store's connection.
 */
final class PostgresAuditHead implements AuditHeadStore {
    private final String server;
    private final Connection db;

    /**
     * @param server the store as messages name it (never a password)
     * @param db     the store's connection, in the caller's transaction
     */
    PostgresAuditHead(String server, Connection db) {
        this.server = server;
        this.db = db;
    }

    /** The row as the committed head; never a {@code next}. */
    @Override
    public AuditHead.Read read() throws IOException {
        try (PreparedStatement ps = db.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new AuditHead.Malformed(name() + " is missing (the schema was changed outside ExoConsent)");
            }
            String hash = rs.getString(2);
            if (rs.getLong(1) < 0 || hash == null || !hash.matches("[0-9a-f]{64}")) {
                throw new AuditHead.Malformed(name() + ": '" + rs.getLong(1) + " " + hash + "' is not a head");
            }
            return new AuditHead.Read(new AuditHead.Head(rs.getLong(1), hash), null);
        } catch (SQLException e) {
            throw new IOException(name() + ": " + e.getMessage(), e);
        }
    }

    /** Sets the row to {@code next}, in the transaction that appends it: it is committed with the entry. */
    @Override
    public void writeNext(AuditHead.Head committed, AuditHead.Head next) throws IOException {
        set(next);
    }

    @Override
    public void writeCommitted(AuditHead.Head committed) throws IOException {
        set(committed);
    }

    private void set(AuditHead.Head h) throws IOException {
        try (PreparedStatement ps = db.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
            ps.setLong(1, h.seq());
            ps.setString(2, h.hash());
            if (ps.executeUpdate() != 1) {
                throw new IOException(name() + " is missing (the schema was changed outside ExoConsent)");
            }
        } catch (SQLException e) {
            throw new IOException(name() + ": " + e.getMessage(), e);
        }
    }

    /** The row is set in the transaction that appends the entry it names: it commits with it or not at all. */
    @Override
    public boolean changedWithItsEntry() {
        return true;
    }

    @Override
    public String name() {
        return "the head row audit_head of " + server;
    }
}
