package org.exoconsent.records;

import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A stored time or date that cannot be read as the product wrote it (changed with SQL, or by a program other than this
 * one), found while a row is read behind the store interfaces, which answer in {@link SQLException}s: thrown as one,
 * and turned by each store's {@link Transactions#failure} into the {@link DamagedStoreException} it names (the command
 * line exits 1, never a raw {@code DateTimeParseException}, exit 2). The message is worded as the account and setting
 * damage is: the table, the row, the column, the value ({@link DamagedStoreException#shown}) and the repair.
 */
final class DamagedRow extends SQLException {
    private static final long serialVersionUID = 1L;

    private DamagedRow(String message) {
        super(message);
    }

    /**
     * The damage named, e.g. "signing key AB:…: the database's signing_key row 'AB:…' was changed outside the product:
     * the column retired_at holds 'garbage', not an instant; REPAIR".
     *
     * @param what   the thing as a person names it ("signing key AB:…", "record 2611-…")
     * @param table  the table
     * @param row    the row's key as stored
     * @param column the column
     * @param value  the value as stored (shown shortened, control characters as {@code ?})
     * @param kind   what it should be ("an instant", "a date")
     * @param repair what repairs it, or how to find the true value
     */
    static DamagedRow of(String what, String table, String row, String column, String value, String kind,
                         String repair) {
        return new DamagedRow(what + ": the database's " + table + " row " + DamagedStoreException.shown(row)
                + " was changed outside the product: the column " + column + " holds "
                + DamagedStoreException.shown(value) + ", not " + kind + "; " + repair);
    }

    /**
     * The years a stored time of the product may fall in, from 1800 to 9999: a time outside them parses, but the
     * clinic's calendar cannot show it ({@code ClinicClock} and the formatters throw), so it is damage as much as text
     * that is no time at all (attack review of 2026-12-01: {@code +1000000000-12-31T23:59:59Z} ended commands in a
     * raw exception).
     */
    static boolean plausibleYear(int year) {
        return year >= 1800 && year <= 9999;
    }

    /**
     * {@code value} as an ISO-8601 instant ({@code 2026-11-20T01:00:00Z}) in a year {@link #plausibleYear}; null
     * stays null.
     */
    static Instant instant(String value, String what, String table, String row, String column, String repair)
            throws DamagedRow {
        try {
            Instant at = value == null ? null : Instant.parse(value);
            if (at != null && !plausibleYear(at.atZone(java.time.ZoneOffset.UTC).getYear())) {
                throw of(what, table, row, column, value, "an instant of the years 1800 to 9999", repair);
            }
            return at;
        } catch (DateTimeException e) {
            throw of(what, table, row, column, value, "an instant", repair);
        }
    }

    /** {@code value} as an ISO-8601 time with its offset ({@code 2026-11-20T10:00:00+09:00}); null stays null. */
    static OffsetDateTime offsetTime(String value, String what, String table, String row, String column,
                                     String repair) throws DamagedRow {
        try {
            OffsetDateTime at = value == null ? null : OffsetDateTime.parse(value);
            if (at != null && !plausibleYear(at.getYear())) {
                throw of(what, table, row, column, value, "a time of the years 1800 to 9999", repair);
            }
            return at;
        } catch (DateTimeException e) {
            throw of(what, table, row, column, value, "a time with its offset", repair);
        }
    }

    /** {@code value} as an ISO-8601 date ({@code 2026-11-20}); null stays null. */
    static LocalDate date(String value, String what, String table, String row, String column, String repair)
            throws DamagedRow {
        try {
            LocalDate day = value == null ? null : LocalDate.parse(value);
            if (day != null && !plausibleYear(day.getYear())) {
                throw of(what, table, row, column, value, "a date of the years 1800 to 9999", repair);
            }
            return day;
        } catch (DateTimeException e) {
            throw of(what, table, row, column, value, "a date", repair);
        }
    }
}
