package org.exoconsent.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves forward, as a consultation takes its time; it starts at 2026-11-21T01:00:00Z (10:00 in
 * Tokyo). Only its instant counts: the clinic's zone comes with the {@code ClinicClock} over it.
 */
public class MovingClock extends Clock {
    private Instant now = Instant.parse("2026-11-21T01:00:00Z");

    /** Moves the clock on by {@code d}. */
    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.ofHours(9);
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
