package org.exoconsent.records;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;

/**
 * The drafts ({@link Drafts}) of the PostgreSQL store: the {@code draft} table, one row per consultation in progress
 * (its content the JSON {@link DraftStore#json} writes, as SQLite's store writes its file), and one row per abandoned
 * draft under its aside name ({@code ID-MILLIS}) with the time and reason, which the schema's trigger keeps from any
 * change or deletion. Every change is a write transaction of its own on the opening's connection (so it waits, as
 * every writer does, for the audit chain's head: issue 17 §3); call them outside a transaction of that opening,
 * except {@link #abandonInWrite} and {@link #takeOverInWrite}, which run in the caller's.
 *
 * <p>A draft's hold (issue 17 §3) is its row's {@code held_by} (the device's id) and {@code held_until} (an instant),
 * which every change checks on the row locked {@code FOR UPDATE} in its write transaction; the device's label and
 * since when it holds it are kept beside, in the content's {@code hold} as SQLite's store keeps it in the file.
 */
final class PostgresDrafts implements Drafts {
    private final String server;
    private final Connection db;
    private final Transactions tx;

    PostgresDrafts(String server, Connection db, Transactions tx) {
        this.server = server;
        this.db = db;
        this.tx = tx;
    }

    /** One change, in a write transaction of its own. */
    private interface Change<T> {
        T run() throws SQLException, StoreException;
    }

    private <T> T inWrite(String what, Change<T> change) throws StoreException {
        try {
            tx.beginWrite();
        } catch (SQLException e) {
            throw tx.failure(e);
        }
        try {
            T done = change.run();
            tx.commit();
            return done;
        } catch (SQLException e) {
            tx.rollback();
            throw failure(what, e);
        } catch (StoreException | RuntimeException e) {
            tx.rollback();
            throw e;
        }
    }

    /** A failure of the draft {@code what}, in the store's words, the draft named. */
    private StoreException failure(String what, SQLException e) {
        StoreException said = tx.failure(e);
        if (said instanceof BusyException) {
            return said;
        }
        return new StoreException("draft " + what + ": " + said.getMessage(), e);
    }

    @Override
    public void save(ConsentSession session, boolean patientMode, Device device, Drafts.Seen seen, Instant now)
            throws StoreException {
        String name = DraftStore.checkedName(session.id());
        inWrite(name, () -> {
            written(name, session, patientMode, device, seen, now);
            return null;
        });
    }

    @Override
    public void saveInWrite(ConsentSession session, boolean patientMode, Device device, Drafts.Seen seen,
                            Instant now) throws StoreException {
        String name = DraftStore.checkedName(session.id());
        try {
            written(name, session, patientMode, device, seen, now);
        } catch (SQLException e) {
            throw failure(name, e);
        }
    }

    /**
     * Writes draft {@code name} (its hold renewed for {@code device}) in the write under way, its row read
     * {@code FOR UPDATE} first and checked against {@code seen} ({@link DraftStore#refuseChangedElsewhere}).
     */
    private void written(String name, ConsentSession session, boolean patientMode, Device device, Drafts.Seen seen,
                         Instant now) throws SQLException, StoreException {
        Kept kept = kept(name);
        DraftStore.Hold hold = DraftStore.renewed(name, kept == null ? null : kept.hold, device, now);
        byte[] json;
        try {
            DraftStore.refuseChangedElsewhere(name, kept == null ? null : kept.content, device, seen,
                    server + ", draft " + name);
            json = DraftStore.json(session, patientMode, device, hold, now);
        } catch (IOException e) {
            throw new StoreException(server + ": draft " + name + " could not be saved: " + e.getMessage(), e);
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO draft (name, content, updated_at, held_by, "
                + "held_until) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET content = excluded.content, "
                + "updated_at = excluded.updated_at, held_by = excluded.held_by, held_until = "
                + "excluded.held_until")) {
            ps.setString(1, name);
            ps.setString(2, new String(json, StandardCharsets.UTF_8));
            ps.setString(3, now.toString());
            ps.setString(4, hold == null ? null : hold.device().id());
            ps.setString(5, hold == null ? null : hold.until().toString());
            ps.executeUpdate();
        }
    }

    @Override
    public String setAsideInWrite(ConsentSession session, boolean patientMode, String reason, Instant now)
            throws StoreException {
        String id = DraftStore.checkedName(session.id());
        try {
            String name = DraftStore.asideName(id, now, aside -> exists(aside, true));
            String json;
            try {
                json = new String(DraftStore.json(session, patientMode, null, null, now), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new StoreException(server + ": draft " + id + " could not be set aside: " + e.getMessage(), e);
            }
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO draft (name, content, updated_at, "
                    + "abandoned_at, abandoned_reason) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, json);
                ps.setString(3, now.toString());
                ps.setString(4, now.toString());
                ps.setString(5, reason);
                ps.executeUpdate();
            }
            return name;
        } catch (SQLException e) {
            throw failure(id, e);
        }
    }

    /** A draft's row as kept: its content (a tree of {@link DraftStore#json}) and its hold. */
    private record Kept(com.fasterxml.jackson.databind.node.ObjectNode content, DraftStore.Hold hold) {
    }

    /**
     * The row of draft {@code name} in progress, locked until the write's end ({@code FOR UPDATE}); null when there
     * is none. The hold is the row's {@code held_by}/{@code held_until} (what is checked), with the label and since
     * when from the content's hold of that device.
     */
    private Kept kept(String name) throws SQLException, StoreException {
        try (PreparedStatement ps = db.prepareStatement("SELECT content, held_by, held_until FROM draft WHERE name = ? "
                + "AND abandoned_at IS NULL FOR UPDATE")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String where = server + ", draft " + name;
                try {
                    var content = DraftStore.tree(rs.getString(1).getBytes(StandardCharsets.UTF_8));
                    String by = rs.getString(2);
                    if (by == null) {
                        return new Kept(content, null);
                    }
                    DraftStore.Hold said = DraftStore.holdOf(content, where);
                    Device device = said != null && said.device().id().equals(by) ? said.device() : new Device(by, by);
                    Instant until = Instant.parse(rs.getString(3));
                    return new Kept(content, new DraftStore.Hold(device, said != null && said.device().id().equals(by)
                            ? said.since() : until.minus(HOLD), until));
                } catch (IOException | RuntimeException e) {
                    throw new StoreException(where + ": the draft cannot be read: " + e.getMessage(), e);
                }
            }
        }
    }

    /** Writes draft {@code name}'s hold (its content's and its columns), the content otherwise untouched. */
    private void writeHold(String name, Kept kept, DraftStore.Hold hold) throws SQLException, StoreException {
        String json;
        try {
            json = new String(DraftStore.withHold(kept.content, hold), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException(server + ": draft " + name + ": its hold could not be written: "
                    + e.getMessage(), e);
        }
        try (PreparedStatement ps = db.prepareStatement("UPDATE draft SET content = ?, held_by = ?, held_until = ? "
                + "WHERE name = ? AND abandoned_at IS NULL")) {
            ps.setString(1, json);
            ps.setString(2, hold == null ? null : hold.device().id());
            ps.setString(3, hold == null ? null : hold.until().toString());
            ps.setString(4, name);
            ps.executeUpdate();
        }
    }

    @Override
    public DraftStore.Hold hold(String id, Device device, Drafts.Seen seen, Instant now) throws StoreException {
        java.util.Objects.requireNonNull(device, "device");
        String name = DraftStore.checkedName(id);
        return inWrite(name, () -> {
            Kept kept = kept(name);
            if (kept == null) {
                throw new RefusedException(id + ": no such draft");
            }
            DraftStore.Hold hold = DraftStore.renewed(name, kept.hold, device, now);
            try {
                DraftStore.refuseChangedElsewhere(name, kept.content, device, seen, server + ", draft " + name);
            } catch (IOException e) {
                throw new StoreException(e.getMessage(), e);
            }
            writeHold(name, kept, hold);
            return hold;
        });
    }

    @Override
    public DraftStore.Hold takeOver(String id, Device device, Instant now) throws StoreException {
        String name = DraftStore.checkedName(id);
        return inWrite(name, () -> takeOverInWrite(id, device, now));
    }

    @Override
    public DraftStore.Hold takeOverInWrite(String id, Device device, Instant now) throws StoreException {
        java.util.Objects.requireNonNull(device, "device");
        String name = DraftStore.checkedName(id);
        try {
            Kept kept = kept(name);
            if (kept == null) {
                throw new RefusedException(id + ": no such draft");
            }
            writeHold(name, kept, DraftStore.takenOver(kept.hold, device, now));
            return DraftStore.previous(kept.hold, device, now);
        } catch (SQLException e) {
            throw failure(name, e);
        }
    }

    @Override
    public void release(String id, Device device, Instant now) throws StoreException {
        String name = DraftStore.checkedName(id);
        inWrite(name, () -> {
            Kept kept = kept(name);
            if (kept != null && kept.hold != null && kept.hold.isBy(device)) {
                writeHold(name, kept, null);
            }
            return null;
        });
    }

    @Override
    public DraftStore.Draft load(String id) throws StoreException {
        String name = DraftStore.checkedName(id);
        try (PreparedStatement ps = db.prepareStatement("SELECT content FROM draft WHERE name = ? AND abandoned_at "
                + "IS NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new RefusedException(id + ": no such draft");
                }
                return read(name, rs.getString(1));
            }
        } catch (SQLException e) {
            throw failure(name, e);
        }
    }

    private DraftStore.Draft read(String name, String content) throws StoreException {
        String where = server + ", draft " + name;
        try {
            return DraftStore.read(content.getBytes(StandardCharsets.UTF_8), where);
        } catch (IOException | SessionException | RuntimeException e) {
            throw new StoreException(where + ": the draft cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public List<DraftStore.Draft> list() throws StoreException {
        List<DraftStore.Draft> drafts = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT name, content FROM draft WHERE abandoned_at IS NULL "
                + "ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                drafts.add(read(rs.getString(1), rs.getString(2)));
            }
        } catch (SQLException e) {
            throw failure("list", e);
        }
        drafts.sort((a, b) -> a.savedAt().compareTo(b.savedAt()));
        return drafts;
    }

    @Override
    public void remove(String id) throws StoreException {
        String name = DraftStore.checkedName(id);
        inWrite(name, () -> {
            try (PreparedStatement ps = db.prepareStatement("DELETE FROM draft WHERE name = ? AND abandoned_at IS "
                    + "NULL")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public String abandon(String id, String reason, Instant now) throws StoreException {
        String name = DraftStore.checkedName(id);
        return inWrite(name, () -> {
            String aside = asideName(id, now);
            if (aside == null) {
                throw new RefusedException(id + ": no such draft");
            }
            abandonInWrite(id, aside, reason, now);
            return aside;
        });
    }

    @Override
    public String asideName(String id, Instant now) throws StoreException {
        String name = DraftStore.checkedName(id);
        try {
            if (!exists(name, false)) {
                return null;
            }
            return DraftStore.asideName(name, now, aside -> exists(aside, true));
        } catch (SQLException e) {
            throw failure(name, e);
        }
    }

    /** Whether a row of that name is there: a draft in progress, or (when {@code abandoned}) any row. */
    private boolean exists(String name, boolean abandoned) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT 1 FROM draft WHERE name = ?"
                + (abandoned ? "" : " AND abandoned_at IS NULL"))) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void abandonInWrite(String id, String name, String reason, Instant now) throws StoreException {
        String draft = DraftStore.checkedName(id);
        try {
            if (!exists(draft, false)) {
                throw new RefusedException(id + ": no such draft");
            }
            if (name == null || !name.startsWith(id + "-") || exists(name, true)) {
                throw new RefusedException(id + ": '" + name + "' cannot name it among the abandoned drafts (taken, "
                        + "or not its name)");
            }
            try (PreparedStatement keep = db.prepareStatement("INSERT INTO draft (name, content, updated_at, "
                    + "abandoned_at, abandoned_reason) SELECT ?, content, updated_at, ?, ? FROM draft WHERE name = ?");
                 PreparedStatement remove = db.prepareStatement("DELETE FROM draft WHERE name = ?")) {
                keep.setString(1, name);
                keep.setString(2, now.toString());
                keep.setString(3, reason);
                keep.setString(4, draft);
                keep.executeUpdate();
                remove.setString(1, draft);
                remove.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure(draft, e);
        }
    }

    /**
     * The reason an abandoned draft was set aside with, and when ({@code INSTANT REASON}, as SQLite's store writes
     * beside the file); null when no draft was set aside under {@code name}.
     */
    String abandonedReason(String name) throws StoreException {
        try (PreparedStatement ps = db.prepareStatement("SELECT abandoned_at, abandoned_reason FROM draft WHERE name "
                + "= ? AND abandoned_at IS NOT NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + " " + rs.getString(2) : null;
            }
        } catch (SQLException e) {
            throw failure(name, e);
        }
    }
}
