package org.exoconsent.records;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.exoconsent.consent.ClinicClock;

/**
 * The clinic's settings, each with a default, a unit and a range. Stored in the {@code setting} table; a missing
 * row means the default. Values are checked here, so the app and the command line refuse the same things.
 *
 * <p>Besides the numbers ({@link Key}: minutes, and the days of the backup reminder), the clinic's time zone ({@value #TIME_ZONE}): an IANA region id, default
 * {@code Asia/Tokyo} ({@link ClinicClock#DEFAULT_ZONE}), in which every time the product records, computes and shows
 * is taken, whatever the device's own zone (see {@link ClinicClock}). A data directory made before this setting
 * existed has no row for it, and so the default.
 */
public final class Settings {
    /** The name of the clinic's time-zone setting, on the command line and in the database. */
    public static final String TIME_ZONE = "time-zone";
    /**
     * The name of the anchor setting: the absolute path of a file outside the data directory to which every audited
     * write appends the audit trail's head (see {@link Anchor}); no row means no anchor.
     */
    public static final String ANCHOR = "anchor";
    /**
     * The name of the staff PIN's setting: its salted hash ({@link StaffPin}), never the PIN; set through
     * {@link RecordStore#setStaffPin}, not {@code settings set}, and never shown. Moved here from the data directory's
     * {@link DataDirectory#SETTINGS_FILE} (issue 15 §1).
     */
    public static final String STAFF_PIN = "staff-pin";
    /** The store's identity in its anchor's lines: made once, never changed (not a setting anyone sets). */
    static final String STORE_ID = "store-id";

    /** One known setting. */
    public enum Key {
        /** Minutes between the end of the explanation and signing; 0 lets the patient sign at the same visit. */
        REFLECTION_MINUTES("reflection-minutes", 0, 0, 60 * 24 * 30, "minutes"),
        /** Minutes without input after which the app locks its screen. */
        IDLE_LOCK_MINUTES("idle-lock-minutes", 10, 1, 240, "minutes"),
        /**
         * Days after the last backup ({@code backup-created} in the audit trail) from which the home screen reminds
         * an administrator to make one (issue 13 §5).
         */
        BACKUP_REMINDER_DAYS("backup-reminder-days", 7, 1, 365, "days");

        private final String name;
        private final int defaultValue;
        private final int min;
        private final int max;
        private final String unit;

        Key(String name, int defaultValue, int min, int max, String unit) {
            this.name = name;
            this.defaultValue = defaultValue;
            this.min = min;
            this.max = max;
            this.unit = unit;
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
                    + String.join(", ", names()));
        }

        /** Parses and range-checks a value given as text, naming the setting and the value when it is wrong. */
        public int parse(String value) {
            int v;
            try {
                v = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number of " + unit);
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + ": " + v + " is outside " + min + " to " + max
                        + " " + unit);
            }
            return v;
        }
    }

    /** Every setting's name, as {@code settings show} lists them: the numbers, then {@value #TIME_ZONE}. */
    public static java.util.List<String> names() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Key k : Key.values()) {
            out.add(k.settingName());
        }
        out.add(TIME_ZONE);
        out.add(ANCHOR);
        return out;
    }

    /**
     * Parses a time-zone setting as typed, by {@link ClinicClock#zone}.
     *
     * @throws IllegalArgumentException naming the value when it is not a known region id (e.g. {@code JST},
     *                                  {@code +09:00}, {@code Asia/Tokio})
     */
    public static ZoneId parseTimeZone(String value) {
        return ClinicClock.zone(value);
    }

    /**
     * A number setting whose stored value cannot be used (not a whole number, or outside its range): refused where
     * the setting is needed, never replaced by a default (a safety setting silently changed is worse than a
     * refusal). {@code exoconsent settings set NAME VALUE} repairs it; {@code records verify} reports it.
     */
    public static final class DamagedSettingException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        DamagedSettingException(String message) {
            super(message);
        }
    }

    /**
     * The damage of one stored number setting, as a message: the table, key and column, the value shortened, why it
     * is refused and the repair.
     */
    static String damage(Key key, String stored) {
        if (stored != null) {
            try {
                key.parse(stored);
                return null;
            } catch (IllegalArgumentException e) {
                // named below
            }
        }
        String why = "not a whole number of " + key.unit + " from " + key.min + " to " + key.max;
        return "setting " + key.settingName() + ": the database's setting row '" + key.settingName() + "' holds "
                + DamagedStoreException.shown(stored) + " in its value column, " + why + ": it was changed outside "
                + "the product; an administrator sets it again: exoconsent settings set " + key.settingName() + " "
                + key.defaultValue();
    }

    private final Map<Key, Integer> values;
    /** The number settings whose stored value cannot be used, with their damage ({@link #damage(Key, String)}). */
    private final Map<Key, String> damaged;
    /** The stored time zone as written, or null for the default. */
    private final String timeZone;
    /** The anchor file as stored, or null when none is set. */
    private final String anchor;
    /** The staff PIN's stored hash ({@link StaffPin}), or null when none is set. */
    private final String staffPin;

    Settings(Map<Key, Integer> values, String timeZone, String anchor, String staffPin) {
        this(values, Map.of(), timeZone, anchor, staffPin);
    }

    /** @param damaged the number settings whose stored value cannot be used, with their damage */
    Settings(Map<Key, Integer> values, Map<Key, String> damaged, String timeZone, String anchor, String staffPin) {
        this.values = Map.copyOf(values);
        this.damaged = Map.copyOf(damaged);
        this.timeZone = timeZone;
        this.anchor = anchor;
        this.staffPin = staffPin;
    }

    /** Whether the clinic has set a staff PIN (patient mode cannot start without one). */
    public boolean hasStaffPin() {
        return staffPin != null;
    }

    /** The staff PIN's stored hash, or null; never shown. */
    String staffPinHash() {
        return staffPin;
    }

    /**
     * The anchor file (absolute), or null when the clinic set none.
     *
     * @throws DamagedSettingException when the stored value is no path ({@link #anchorDamage})
     */
    public java.nio.file.Path anchor() {
        if (anchorDamage() != null) {
            throw new DamagedSettingException(anchorDamage());
        }
        return anchor == null ? null : java.nio.file.Path.of(anchor);
    }

    /**
     * The damage of the stored anchor when it is no file's path (a NUL character, written outside the product): the
     * row, the value shortened and the repair; null when it is usable or not set.
     */
    public String anchorDamage() {
        if (anchor == null) {
            return null;
        }
        try {
            java.nio.file.Path.of(anchor);
            return null;
        } catch (java.nio.file.InvalidPathException e) {
            return "setting " + ANCHOR + ": the database's setting row '" + ANCHOR + "' holds "
                    + DamagedStoreException.shown(anchor) + " in its value column, not a file's path: it was changed "
                    + "outside the product and the audit trail's heads are not anchored; an administrator sets it "
                    + "again: exoconsent settings set " + ANCHOR + " FILE";
        }
    }

    /**
     * Every setting with its value (the default where none was set), in a stable order; a damaged one ({@link
     * #damage(Key)}) is left out.
     */
    public Map<Key, Integer> all() {
        Map<Key, Integer> out = new LinkedHashMap<>();
        for (Key k : Key.values()) {
            if (!damaged.containsKey(k)) {
                out.put(k, get(k));
            }
        }
        return out;
    }

    /**
     * The setting's value (its default when none is stored).
     *
     * @throws DamagedSettingException when its stored value cannot be used (the message names the row, the value
     *                                 and the repair)
     */
    public int get(Key key) {
        String d = damaged.get(key);
        if (d != null) {
            throw new DamagedSettingException(d);
        }
        return values.getOrDefault(key, key.defaultValue());
    }

    /** The damage of {@code key}'s stored value (naming the row, the value and the repair), or null when usable. */
    public String damage(Key key) {
        return damaged.get(key);
    }

    /**
     * This, when none of {@code keys} is damaged.
     *
     * @throws DamagedStoreException naming the first damaged one, its value and the repair
     */
    public Settings intact(Key... keys) throws DamagedStoreException {
        for (Key k : keys) {
            if (damaged.containsKey(k)) {
                throw new DamagedStoreException(damaged.get(k));
            }
        }
        return this;
    }

    public boolean isDefault(Key key) {
        return !values.containsKey(key);
    }

    /**
     * The clinic's time zone ({@link ClinicClock#DEFAULT_ZONE} unless an administrator set another).
     *
     * @throws IllegalStateException naming the stored value when it is no longer a known zone (edited by hand, or
     *                               gone from this Java's time-zone data); {@code settings set time-zone} repairs it
     */
    public ZoneId timeZone() {
        if (timeZone == null) {
            return ClinicClock.DEFAULT_ZONE;
        }
        try {
            return ClinicClock.zone(timeZone);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the stored setting " + e.getMessage() + "; an administrator sets it "
                    + "again: exoconsent settings set " + TIME_ZONE + " Asia/Tokyo", e);
        }
    }

    /** The time-zone setting as stored (null when it was never set: the default applies). */
    public String storedTimeZone() {
        return timeZone;
    }

    /** Whether the clinic never chose a time zone (the default, Asia/Tokyo, applies). */
    public boolean isDefaultTimeZone() {
        return timeZone == null;
    }
}
