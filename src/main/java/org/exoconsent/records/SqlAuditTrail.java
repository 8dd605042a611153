package org.exoconsent.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The audit trail area, in SQL both stores speak: the {@code audit} table (SQLite migration V1; its triggers refuse an
 * update or a delete), one row per entry, {@code seq} its primary key, {@code at} the time as {@link Instant#toString}
 * wrote it (UTC).
 */
final class SqlAuditTrail implements AuditTrailStore {
    private static final String COLUMNS = "seq, at, actor, action, subject, details, prev_hash, hash";

    private final Connection db;

    SqlAuditTrail(Connection db) {
        this.db = db;
    }

    @Override
    public AuditLog.Entry newest() throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT " + COLUMNS + " FROM audit ORDER BY seq DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? entry(rs) : null;
        }
    }

    @Override
    public void append(AuditLog.Entry e) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO audit (seq, at, actor, action, subject, details, "
                + "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, e.seq());
            ps.setString(2, e.at());
            ps.setString(3, e.actor());
            ps.setString(4, e.action());
            ps.setString(5, e.subject());
            ps.setString(6, e.details());
            ps.setString(7, e.prevHash());
            ps.setString(8, e.hash());
            ps.executeUpdate();
        }
    }

    @Override
    public void each(Predicate<AuditLog.Entry> each) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT " + COLUMNS + " FROM audit ORDER BY seq")) {
            hand(ps, each);
        }
    }

    @Override
    public void eachAfter(long seq, Predicate<AuditLog.Entry> each) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT " + COLUMNS + " FROM audit WHERE seq > ? ORDER BY "
                + "seq")) {
            ps.setLong(1, seq);
            hand(ps, each);
        }
    }

    @Override
    public void newestFirst(List<Kind> kinds, Predicate<AuditLog.Entry> each) throws SQLException {
        if (kinds.isEmpty()) {
            return;
        }
        List<String> params = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        for (Kind k : kinds) {
            where.append(where.length() == 0 ? "" : " OR ").append(k.subject() == null ? "action = ?"
                    : "(action = ? AND subject = ?)");
            params.add(k.action());
            if (k.subject() != null) {
                params.add(k.subject());
            }
        }
        try (PreparedStatement ps = db.prepareStatement("SELECT " + COLUMNS + " FROM audit WHERE " + where
                + " ORDER BY seq DESC")) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            hand(ps, each);
        }
    }

    @Override
    public void select(String action, String subject, Instant from, Instant until, Consumer<AuditLog.Entry> each)
            throws SQLException {
        List<String> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit WHERE 1=1");
        if (action != null) {
            sql.append(" AND action = ?");
            params.add(action);
        }
        if (subject != null) {
            sql.append(" AND subject = ?");
            params.add(subject);
        }
        // `at` is text as Instant.toString writes it (UTC, an optional fraction), which does not sort exactly as the
        // instants do: the bounds are widened by a second in SQL and held exactly below
        if (from != null) {
            sql.append(" AND at >= ?");
            params.add(from.minusSeconds(1).toString());
        }
        if (until != null) {
            sql.append(" AND at < ?");
            params.add(until.plusSeconds(1).toString());
        }
        sql.append(" ORDER BY seq");
        try (PreparedStatement ps = db.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            hand(ps, e -> {
                if (within(e.at(), from, until)) {
                    each.accept(e);
                }
                return true;
            });
        }
    }

    private static boolean within(String at, Instant from, Instant until) {
        if (from == null && until == null) {
            return true;
        }
        Instant t;
        try {
            t = Instant.parse(at);
        } catch (DateTimeParseException e) {
            return true; // damaged: handed on for the caller to say so
        }
        return (from == null || !t.isBefore(from)) && (until == null || t.isBefore(until));
    }

    @Override
    public String hash(long seq) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT hash FROM audit WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Override
    public Map<Long, String> hashes() throws SQLException {
        Map<Long, String> trail = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT seq, hash FROM audit");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                trail.put(rs.getLong(1), rs.getString(2));
            }
        }
        return trail;
    }

    /** Hands the rows of {@code ps} on, one at a time (the database steps the query as they are read), until false. */
    private static void hand(PreparedStatement ps, Predicate<AuditLog.Entry> each) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (!each.test(entry(rs))) {
                    return;
                }
            }
        }
    }

    private static AuditLog.Entry entry(ResultSet rs) throws SQLException {
        return new AuditLog.Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }
}
