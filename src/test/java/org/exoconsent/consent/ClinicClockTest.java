package org.exoconsent.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The clinic's clock on a device whose own time zone is UTC (issue 12 §5: "a tablet in UTC"). */
class ClinicClockTest {
    private TimeZone deviceZone;

    @BeforeEach
    void deviceInUtc() {
        deviceZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    @AfterEach
    void restore() {
        TimeZone.setDefault(deviceZone);
    }

    /** 01:00 UTC on 20 November 2026 is 10:00 in Tokyo. */
    private static final Instant TEN_IN_TOKYO = Instant.parse("2026-11-20T01:00:00Z");

    @Test
    void theClinicsTimeIsTakenInItsZoneWhateverTheDevicesZone() {
        assertEquals("UTC", ZoneId.systemDefault().getId(), "the device is set to UTC");
        ClinicClock tokyo = ClinicClock.of(Clock.fixed(TEN_IN_TOKYO, ZoneOffset.UTC), ZoneId.of("Asia/Tokyo"));
        assertEquals(OffsetDateTime.parse("2026-11-20T10:00+09:00"), tokyo.now());
        assertEquals("+09:00", tokyo.now().getOffset().getId(), "a session is written with the clinic's offset");
        assertEquals("2026-11-20 10:00 (+09:00)", tokyo.format(TEN_IN_TOKYO));
        assertEquals("2026-11-20 10:00 (+09:00)", tokyo.format(OffsetDateTime.parse("2026-11-20T01:00Z")),
                "a time an old device wrote in UTC is printed in the clinic's zone");
        assertEquals("2026-11-20T10:00:00+09:00", tokyo.iso(TEN_IN_TOKYO));
        assertEquals("2026-11-20 10:00", tokyo.onScreen(TEN_IN_TOKYO));
        assertEquals("10:00:00", tokyo.timeOfDay(OffsetDateTime.parse("2026-11-20T01:00Z")));
    }

    @Test
    void halfPastMidnightInTokyoIsTheClinicsDayThoughUtcIsStillOnThePreviousDay() {
        Instant halfPastMidnight = Instant.parse("2026-11-19T15:30:00Z"); // 2026-11-20 00:30 in Tokyo
        ClinicClock tokyo = ClinicClock.of(Clock.fixed(halfPastMidnight, ZoneOffset.UTC), ZoneId.of("Asia/Tokyo"));
        assertEquals(LocalDate.of(2026, 11, 20), tokyo.today());
        assertEquals(LocalDate.of(2026, 11, 20), tokyo.day(OffsetDateTime.parse("2026-11-19T15:30Z")));
        assertEquals(LocalDate.of(2026, 11, 19), LocalDate.now(Clock.fixed(halfPastMidnight,
                ZoneId.systemDefault())), "what the device alone would say");
        ClinicClock london = tokyo.withZone(ZoneId.of("Europe/London"));
        assertEquals(LocalDate.of(2026, 11, 19), london.today(), "a clinic in London is still on the 19th");
        assertEquals(halfPastMidnight, london.instant(), "the same instant: only the zone changed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Asia/Tokio", "JST", "+09:00", "UTC+9", "", "  ", "Tokyo", "Japan", "ROK", "EST5EDT",
        "SystemV/AST4", "Etc/GMT-9", "GMT0"})
    void anUnknownZoneIsRefusedNamingTheValue(String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClinicClock.zone(id));
        assertTrue(e.getMessage().startsWith("time-zone: '" + id + "' is not a known time-zone id"), e.getMessage());
        assertTrue(e.getMessage().contains("Asia/Tokyo"), "says what a valid one looks like: " + e.getMessage());
    }

    @Test
    void regionIdsAreAccepted() {
        assertEquals(ZoneId.of("Asia/Tokyo"), ClinicClock.zone("Asia/Tokyo"));
        assertEquals(ZoneId.of("Europe/London"), ClinicClock.zone(" Europe/London "));
        assertEquals(ZoneId.of("UTC"), ClinicClock.zone("UTC"));
        assertEquals(ZoneId.of("Asia/Tokyo"), ClinicClock.DEFAULT_ZONE);
    }

    @Test
    void theClockFollowsItsSourceAndKeepsTheClinicsZoneWhateverZoneTheSourceReports() {
        Instant[] now = {TEN_IN_TOKYO};
        Clock moving = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this; // a source that ignores zones
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        ClinicClock tokyo = ClinicClock.of(moving, ZoneId.of("Asia/Tokyo"));
        assertEquals(ZoneId.of("Asia/Tokyo"), tokyo.zone());
        assertEquals(ZoneId.of("Asia/Tokyo"), tokyo.clock().getZone());
        now[0] = now[0].plusSeconds(90);
        assertEquals(OffsetDateTime.parse("2026-11-20T10:01:30+09:00"), tokyo.now());
    }
}
