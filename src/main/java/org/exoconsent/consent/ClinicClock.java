package org.exoconsent.consent;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The clinic's clock: where the time comes from (a {@link Clock}; only its instant is used) and the clinic's time
 * zone, in which every time the product records, computes and shows is taken — whatever the device's own time zone
 * (the JVM default zone) says. One object, passed to whatever makes, counts or prints a time; the records store
 * gives it (its zone is the clinic's setting {@code time-zone}, default {@link #DEFAULT_ZONE}), so a later shared
 * store can make its server's clock the authority without changing the callers.
 *
 * <p>What it answers: the present instant; the present as an offset time in the clinic's zone (what a session
 * stores, e.g. {@code 2026-11-20T10:00+09:00}); the clinic's day of any time, whatever offset it was written with
 * (the consultation day, and so a patient's age, is counted in it); and one way to print a time for people
 * ({@link #format}: {@code 2026-11-20 10:00 (+09:00)}), used by the consent PDF and {@code exoconsent verify}
 * alike.
 */
public final class ClinicClock {
    /** The zone of a clinic that has not chosen one (ExoConsent serves clinics in Japan). */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Tokyo");

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm (xxx)");
    private static final DateTimeFormatter SCREEN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    private final Clock source;
    private final ZoneId zone;
    private final Clock clock;

    private ClinicClock(Clock source, ZoneId zone) {
        this.source = source;
        this.zone = zone;
        this.clock = new InZone(source, zone);
    }

    /**
     * @param source where the instant comes from (its own zone is ignored)
     * @param zone   the clinic's time zone
     */
    public static ClinicClock of(Clock source, ZoneId zone) {
        return new ClinicClock(Objects.requireNonNull(source, "source"), Objects.requireNonNull(zone, "zone"));
    }

    /** The source's instants in the clinic's zone, whatever zone the source itself reports. */
    private static final class InZone extends Clock {
        private final Clock source;
        private final ZoneId zone;

        InZone(Clock source, ZoneId zone) {
            this.source = source;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new InZone(source, other);
        }

        @Override
        public Instant instant() {
            return source.instant();
        }
    }

    /**
     * The zone named by {@code id}, as a clinic's setting: an IANA region id such as {@code Asia/Tokyo} or
     * {@code UTC} (the ids {@link ZoneId#getAvailableZoneIds()} lists). Refused, naming the value: a blank id, an
     * abbreviation such as {@code JST} (ambiguous), an offset such as {@code +09:00} (it has no daylight-saving
     * rules), the legacy ids kept for old systems ({@code SystemV/AST4}, {@code EST5EDT}, {@code Japan}) and the
     * {@code Etc/} offsets, and any id this Java does not know.
     *
     * @throws IllegalArgumentException {@code time-zone: 'Asia/Tokio' is not a known time-zone id …}
     */
    public static ZoneId zone(String id) {
        String v = id == null ? "" : id.strip();
        // a region id (Area/Location) or UTC; not the legacy ids the database keeps for old systems (SystemV/AST4,
        // EST5EDT, Japan, ROK) nor the Etc/ offsets, whose signs are inverted (Etc/GMT-9 is UTC+9)
        boolean region = v.equals("UTC") || (v.contains("/") && !v.startsWith("SystemV/") && !v.startsWith("Etc/"));
        if (!region || !ZoneId.getAvailableZoneIds().contains(v)) {
            throw new IllegalArgumentException("time-zone: '" + (id == null ? "" : id) + "' is not a known time-zone "
                    + "id; give a region id such as Asia/Tokyo (IANA time-zone database), not an abbreviation "
                    + "or an offset");
        }
        try {
            return ZoneId.of(v);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("time-zone: '" + id + "' cannot be used: " + e.getMessage(), e);
        }
    }

    /** The clinic's time zone. */
    public ZoneId zone() {
        return zone;
    }

    /** A {@link Clock} in the clinic's zone, for APIs that take one (e.g. {@code LocalDate.now(clock)}). */
    public Clock clock() {
        return clock;
    }

    /** The same source of time with another zone (the clinic changed its setting). */
    public ClinicClock withZone(ZoneId zone) {
        return of(source, zone);
    }

    /** The present instant. */
    public Instant instant() {
        return clock.instant();
    }

    /** The present in the clinic's zone, with its offset (what the session records, e.g. {@code +09:00}). */
    public OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** Today in the clinic's calendar. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** {@code t} as an offset time in the clinic's zone (the same instant); null for null. */
    public OffsetDateTime at(Instant t) {
        return t == null ? null : t.atZone(zone()).toOffsetDateTime();
    }

    /** {@code t} in the clinic's zone (the same instant, whatever offset it was written with); null for null. */
    public OffsetDateTime at(OffsetDateTime t) {
        return t == null ? null : t.atZoneSameInstant(zone()).toOffsetDateTime();
    }

    /** The day of {@code t} in the clinic's calendar, whatever offset it was written with; null for null. */
    public LocalDate day(OffsetDateTime t) {
        return t == null ? null : t.atZoneSameInstant(zone()).toLocalDate();
    }

    /** The day of {@code t} in the clinic's calendar; null for null. */
    public LocalDate day(Instant t) {
        return t == null ? null : t.atZone(zone()).toLocalDate();
    }

    /** The offset of the clinic's zone at {@code t} (e.g. {@code +09:00} for Asia/Tokyo). */
    public ZoneOffset offsetAt(Instant t) {
        return zone().getRules().getOffset(t);
    }

    /**
     * A time as people read it, in the clinic's zone, with the offset so that it cannot be misread:
     * {@code 2026-11-20 10:00 (+09:00)}. The consent PDF and {@code exoconsent verify} print times this way.
     */
    public String format(OffsetDateTime t) {
        return SHOWN.format(at(t));
    }

    /** As {@link #format(OffsetDateTime)}, for an instant. */
    public String format(Instant t) {
        return SHOWN.format(at(t));
    }

    /**
     * A time on the app's screens, where every time is the clinic's: {@code 2026-11-20 10:00} in the clinic's zone,
     * without the offset; null for null.
     */
    public String onScreen(Instant t) {
        return t == null ? null : SCREEN.format(at(t));
    }

    /** As {@link #onScreen(Instant)}, for a time written with any offset. */
    public String onScreen(OffsetDateTime t) {
        return t == null ? null : SCREEN.format(at(t));
    }

    /** The time of day of {@code t} in the clinic's zone, {@code HH:mm:ss} (an attempt at a check question beside its date). */
    public String timeOfDay(OffsetDateTime t) {
        return TIME_OF_DAY.format(at(t));
    }

    /**
     * A machine-readable time in the clinic's zone, to the second: ISO 8601 with its offset,
     * {@code 2026-11-20T10:00:00+09:00} (exports and messages).
     */
    public String iso(Instant t) {
        return ISO.format(at(t));
    }

    /** As {@link #iso(Instant)}, for a time written with any offset. */
    public String iso(OffsetDateTime t) {
        return ISO.format(at(t));
    }

    @Override
    public String toString() {
        return "ClinicClock[" + zone + ", " + source + "]";
    }
}
