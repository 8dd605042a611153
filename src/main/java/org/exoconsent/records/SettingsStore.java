package org.exoconsent.records;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneId;

/**
 * The settings area of the store (issue 15 §1): the clinic's settings by name ({@code setting}: a name and a text
 * value; a missing one means the default). Values are checked by {@link Settings} before they reach it. Runs in the
 * caller's transaction ({@link Transactions}).
 */
public interface SettingsStore {
    /**
     * Every stored setting.
     *
     * A stored number that cannot be used is not thrown: {@link Settings#damage} names it, {@link Settings#get} refuses it.
     */
    Settings read() throws SQLException;

    /** Stores one of the numbered settings (checked already: {@link Settings.Key#parse}). */
    void write(Settings.Key key, int value) throws SQLException;

    /** Stores the clinic's time zone (an IANA region id). */
    void writeTimeZone(ZoneId zone) throws SQLException;

    /** Stores the staff PIN's hash ({@link StaffPin#hash}, or as moved from an earlier release's file). */
    void writeStaffPin(String stored) throws SQLException;

    /** Stores the anchor file's absolute path, or removes the setting when {@code file} is null. */
    void writeAnchor(Path file) throws SQLException;

    /** The store's identity (a random UUID), made and kept the first time it is asked for (a write then). */
    String storeId() throws SQLException;

    /**
     * Every stored setting's text exactly as stored, by name (the store id and the staff PIN's hash among them), for
     * {@code records verify} to hold against the audit trail ({@link SettingsAgainstTrail}); nothing is parsed.
     */
    java.util.Map<String, String> stored() throws SQLException;
}
