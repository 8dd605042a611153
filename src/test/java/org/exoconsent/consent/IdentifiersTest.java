package org.exoconsent.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 14 §5: one lot number or patient number, however a keyboard or an input method wrote it. */
class IdentifiersTest {
    @Test
    void aFullWidthLotNumberIsTheSameLotAsItsAsciiForm() {
        assertEquals("lot-2026-07a", Identifiers.key("LOT-2026-07A"));
        assertEquals("lot-2026-07a", Identifiers.key("ＬＯＴ－２０２６－０７Ａ"));
        assertTrue(Identifiers.same("ＬＯＴ－２０２６－０７Ａ", "LOT-2026-07A"));
        assertTrue(Identifiers.same("lot-2026-07a", "LOT-2026-07A"));
        assertTrue(Identifiers.same("  LOT-2026-07A\u3000", "LOT-2026-07A"), "spaces around, also ideographic");
    }

    @Test
    void aPatientNumberInFullWidthDigitsOrAnotherCaseIsTheSamePatient() {
        assertTrue(Identifiers.same("０００１２３", "000123"));
        assertTrue(Identifiers.same("p-000123", "P-000123"));
        assertTrue(Identifiers.same("Ｐ－０００１２３", "P-000123"));
        assertFalse(Identifiers.same("000123", "00123"), "a leading zero is part of the number");
        assertFalse(Identifiers.same("P-000123", "P-000124"));
    }

    @Test
    void theDashesAnInputMethodGivesForAHyphenAreAHyphen() {
        for (String dash : new String[] {"\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212",
            "\u30FC", "\uFF70", "\uFF0D", "\uFE63"}) {
            assertEquals("lot-2026-07a", Identifiers.key("LOT" + dash + "2026" + dash + "07A"),
                    String.format("U+%04X", (int) dash.charAt(0)));
        }
    }

    @Test
    void aDifferentLotIsNotTheSameAndNullIsNull() {
        assertFalse(Identifiers.same("LOT-2026-07A", "LOT-2026-07B"));
        assertFalse(Identifiers.same("LOT 2026-07A", "LOT2026-07A"), "only spaces around are trimmed");
        assertFalse(Identifiers.same(null, "LOT"));
        assertNull(Identifiers.key(null));
    }

    @Test
    void theDistanceCountsTypingSlipsBetweenKeys() {
        assertEquals(0, Identifiers.distance("lot-2026-07a", "lot-2026-07a"));
        assertEquals(1, Identifiers.distance("lot-2026-07a", "lot-2026-07b"), "one letter changed");
        assertEquals(1, Identifiers.distance("lot-2026-07a", "lot-2026-70a"), "two neighbours swapped");
        assertEquals(1, Identifiers.distance("lot-2026-07a", "lot-2026-7a"), "one left out");
        assertEquals(1, Identifiers.distance("lot-2026-07a", "lot-2026-077a"), "one typed twice");
        assertEquals(3, Identifiers.distance("abc", ""));
        assertEquals(1, Identifiers.distance("𠮷a", "𠮷b"), "counted in characters, not UTF-16 units");
    }
}
