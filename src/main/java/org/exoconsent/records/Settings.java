package org.exoconsent.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The clinic's settings, each with a default, a unit and a range. Stored in the {@code setting} table; a missing
 * row means the default. Values are checked here, so the app and the command line refuse the same things.
 */
public final class Settings {

    /** One known setting. */
    public enum Key {
        /** Minutes between the end of the explanation and signing; 0 lets the patient sign at the same visit. */
        REFLECTION_MINUTES("reflection-minutes", 0, 0, 60 * 24 * 30),
        /** Minutes without input after which the app locks its screen. */
        IDLE_LOCK_MINUTES("idle-lock-minutes", 10, 1, 240);

        private final String name;
        private final int defaultValue;
        private final int min;
        private final int max;

        Key(String name, int defaultValue, int min, int max) {
            this.name = name;
            this.defaultValue = defaultValue;
            this.min = min;
            this.max = max;
        }

        /** The name used on the command line and in the database. */
        public String settingName() {
            return name;
        }

        public int defaultValue() {
            return defaultValue;
        }

        /** The setting with this name, or an exception that lists the known names. */
        public static Key of(String name) {
            for (Key k : values()) {
                if (k.name.equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("'" + name + "' is not a setting; known settings: "
                    + String.join(", ", java.util.Arrays.stream(values()).map(k -> k.name).toList()));
        }

        /** Parses and range-checks a value given as text, naming the setting and the value when it is wrong. */
        public int parse(String value) {
            int v;
            try {
                v = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number of minutes");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + ": " + v + " is outside " + min + " to " + max
                        + " minutes");
            }
            return v;
        }
    }

    private final Map<Key, Integer> values;

    Settings(Map<Key, Integer> values) {
        this.values = Map.copyOf(values);
    }

    /** Every setting with its value (the default where none was set), in a stable order. */
    public Map<Key, Integer> all() {
        Map<Key, Integer> out = new LinkedHashMap<>();
        for (Key k : Key.values()) {
            out.put(k, get(k));
        }
        return out;
    }

    public int get(Key key) {
        return values.getOrDefault(key, key.defaultValue());
    }

    public boolean isDefault(Key key) {
        return !values.containsKey(key);
    }

    static Settings read(Connection c) throws SQLException {
        Map<Key, Integer> m = new java.util.EnumMap<>(Key.class);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT key, value FROM setting")) {
            while (rs.next()) {
                for (Key k : Key.values()) {
                    if (k.settingName().equals(rs.getString(1))) {
                        m.put(k, Integer.parseInt(rs.getString(2)));
                    }
                }
            }
        }
        return new Settings(m);
    }

    static void write(Connection c, Key key, int value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO setting (key, value) VALUES (?, ?) "
                + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key.settingName());
            ps.setString(2, Integer.toString(value));
            ps.executeUpdate();
        }
    }
}
