package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * A stored time that parses but lies outside the years 1800 to 9999 is damage, named, never a raw exception later
 * (attack review of 2026-12-01: {@code +1000000000-12-31T23:59:59Z} in a record's consultation time, a key's
 * {@code not_after} or an account's {@code locked_until} ended commands in a Java exception, exit 2, because the
 * clinic's calendar cannot show it).
 */
class DamagedRowYearsTest {
    @Test
    void aTimeBeyondTheYear9999OrBefore1800IsNamedAsDamage() {
        for (String v : java.util.List.of("+1000000000-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
                "1799-12-31T23:59:59Z")) {
            DamagedRow d = assertThrows(DamagedRow.class, () -> DamagedRow.instant(v, "signing key AB", "signing_key",
                    "AB", "not_after", "restore"), v);
            assertTrue(d.getMessage().contains("the column not_after holds '" + v + "', not an instant"),
                    d.getMessage());
        }
        assertThrows(DamagedRow.class, () -> DamagedRow.date("+999999999-12-31", "lot X", "lot", "X", "expiry",
                "restore"));
        assertThrows(DamagedRow.class, () -> DamagedRow.offsetTime("+999999999-12-31T23:59:59-18:00", "record R",
                "record", "R", "consultation_at", "restore"));
    }

    @Test
    void theProductsOwnTimesAndTheEdgesOfTheRangeAreRead() throws Exception {
        assertEquals(Instant.parse("2026-12-01T03:00:00Z"), DamagedRow.instant("2026-12-01T03:00:00Z", "w", "t", "r",
                "c", "x"));
        assertEquals(LocalDate.of(9999, 12, 31), DamagedRow.date("9999-12-31", "w", "t", "r", "c", "x"));
        assertEquals(LocalDate.of(1800, 1, 1), DamagedRow.date("1800-01-01", "w", "t", "r", "c", "x"));
    }

    @Test
    void anAccountLockedUntilBeyondTheYear9999IsDamagedAndLockedNotAnExceptionLater() {
        Accounts.Account a = Accounts.read("yamada", "physician", "123456", true, 0, "+1000000000-12-31T23:59:59Z",
                "ja", null);
        assertEquals(Accounts.DAMAGED_LOCK, a.lockedUntil());
        assertTrue(a.damage() != null && a.damage().contains("locked_until"), String.valueOf(a.damage()));
    }
}
