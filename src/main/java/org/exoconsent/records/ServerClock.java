package org.exoconsent.records;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The clock a store's recorded times come from (issue 17 §2): on a store shared by several devices the database
 * server's clock is the authority, so this computer's offset from it is measured when the store opens ({@link
 * Stores#serverNow}) and the times recorded are this computer's clock plus that offset; a device whose clock differs
 * from the server's by more than {@link #MAX_DIFFERENCE} may read but not sign or record until its clock is fixed. A
 * store with no server clock (the embedded SQLite data directory) keeps this computer's clock, unchanged.
 *
 * @param clock   the clock to record times with: this computer's plus the offset
 * @param offset  how far the server's clock is ahead of this computer's (negative: behind); zero without a server
 * @param refusal null when this device may sign and record; else why not, naming both times and the difference
 */
public record ServerClock(Clock clock, Duration offset, String refusal) {
    /** The largest difference between this computer's clock and the server's with which a device may sign. */
    public static final Duration MAX_DIFFERENCE = Duration.ofMinutes(2);

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /**
     * Measures this computer's clock ({@code local}) against the store's ({@link Stores#serverNow}): the server's time
     * is compared with the middle of the local times before and after asking it.
     *
     * @param place how messages name the store
     * @throws SQLException when the server cannot be asked
     */
    public static ServerClock measure(Stores stores, Clock local, String place) throws SQLException {
        Instant before = local.instant();
        Instant server = stores.serverNow();
        if (server == null) {
            return new ServerClock(local, Duration.ZERO, null);
        }
        Instant after = local.instant();
        Instant mine = before.plus(Duration.between(before, after).dividedBy(2));
        Duration offset = Duration.between(mine, server);
        String refusal = null;
        if (offset.abs().compareTo(MAX_DIFFERENCE) > 0) {
            refusal = "this computer's clock says " + SHOWN.format(mine) + " but the store's server ("
                    + place + ") says " + SHOWN.format(server) + ": a difference of " + words(offset.abs())
                    + ", more than the " + MAX_DIFFERENCE.toMinutes() + " minutes allowed, so this device cannot "
                    + "sign or record until its clock is fixed (set the computer's date and time, or let it take "
                    + "them from the network); reading still works";
        }
        return new ServerClock(Clock.offset(local, offset), offset, refusal);
    }

    private static String words(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? s / 3600 + " h " + s % 3600 / 60 + " min" : s >= 60 ? s / 60 + " min " + s % 60 + " s"
                : s + " s";
    }
}
