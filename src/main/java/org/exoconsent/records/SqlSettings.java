package org.exoconsent.records;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.Map;

/**
 * The settings area, in SQL both stores speak: the {@code setting} table (SQLite migration V2), one row per setting.
 */
final class SqlSettings implements SettingsStore {
    private final Connection db;

    SqlSettings(Connection db) {
        this.db = db;
    }

    @Override
    public Settings read() throws SQLException {
        Map<Settings.Key, Integer> m = new java.util.EnumMap<>(Settings.Key.class);
        Map<Settings.Key, String> damaged = new java.util.EnumMap<>(Settings.Key.class);
        String zone = null;
        String anchor = null;
        String staffPin = null;
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT key, value FROM setting")) {
            while (rs.next()) {
                String key = rs.getString(1);
                if (Settings.TIME_ZONE.equals(key)) {
                    zone = rs.getString(2);
                }
                if (Settings.ANCHOR.equals(key)) {
                    anchor = rs.getString(2);
                }
                if (Settings.STAFF_PIN.equals(key)) {
                    staffPin = rs.getString(2);
                }
                for (Settings.Key k : Settings.Key.values()) {
                    if (k.settingName().equals(key)) {
                        String text = rs.getString(2); // parsed defensively: a damaged value is named, not thrown
                        String damage = Settings.damage(k, text);
                        if (damage == null) {
                            m.put(k, k.parse(text));
                        } else {
                            damaged.put(k, damage);
                        }
                    }
                }
            }
        }
        return new Settings(m, damaged, zone, anchor, staffPin);
    }

    @Override
    public void write(Settings.Key key, int value) throws SQLException {
        write(key.settingName(), Integer.toString(value));
    }

    @Override
    public void writeTimeZone(ZoneId zone) throws SQLException {
        write(Settings.TIME_ZONE, zone.getId());
    }

    @Override
    public void writeStaffPin(String stored) throws SQLException {
        write(Settings.STAFF_PIN, stored);
    }

    @Override
    public void writeAnchor(Path file) throws SQLException {
        if (file == null) {
            try (PreparedStatement ps = db.prepareStatement("DELETE FROM setting WHERE key = ?")) {
                ps.setString(1, Settings.ANCHOR);
                ps.executeUpdate();
            }
            return;
        }
        write(Settings.ANCHOR, file.toString());
    }

    @Override
    public String storeId() throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT value FROM setting WHERE key = ?")) {
            ps.setString(1, Settings.STORE_ID);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO setting (key, value) VALUES (?, ?) "
                + "ON CONFLICT (key) DO NOTHING")) {
            ps.setString(1, Settings.STORE_ID);
            ps.setString(2, java.util.UUID.randomUUID().toString());
            ps.executeUpdate();
        }
        return storeId();
    }

    /** The text of the setting {@code key}, or null when it is not set (for a mark such as a move's). */
    String text(String key) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT value FROM setting WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Sets {@code key} to {@code value}, in the caller's transaction (for a mark such as a move's). */
    void writeText(String key, String value) throws SQLException {
        write(key, value);
    }

    private void write(String key, String value) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO setting (key, value) VALUES (?, ?) "
                + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    @Override
    public Map<String, String> stored() throws SQLException {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT key, value FROM setting")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }
}
