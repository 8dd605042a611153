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
        assertFalse(Identifiers.same("LOT 2026-07A", "LOT2026-07A"), "a separator is not nothing");
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

    @Test
    void everyDashLikeCharacterAndEveryInnerSpaceIsOneSeparator() {
        // the reviewers' examples: box drawing (the IME's offer for ー and －), the two-em dash, the modifier minus
        for (String typed : new String[] {"LOT\u25002026\u250007A", "LOT\u2E3A2026-07A", "LOT\u02D72026\u02D707A",
            "LOT 2026-07A", "LOT\u30002026-07A", "LOT - 2026 -07A", "LOT\u2E3B2026\u2501 07A", "LOTー2026ー07A",
            "LOTｰ2026ｰ07A", "LOT\u27962026\u254C07A", "LOT\u00A02026\u301C07A"}) {
            assertEquals("lot-2026-07a", Identifiers.key(typed), typed);
        }
        // every character of category Pd, whichever it is
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            if (Character.getType(c) == Character.DASH_PUNCTUATION) {
                String d = new String(Character.toChars(c));
                assertEquals("lot-2026-07a", Identifiers.key("LOT" + d + "2026" + d + "07A"), String.format("U+%04X", c));
            }
        }
        assertEquals("lot-2026-07a", Identifiers.key("\u3000LOT-2026-07A  "), "spaces around are removed, not kept");
        assertEquals("アーク-1", Identifiers.key("アーク-1"), "ー in katakana is a letter");
        assertEquals("lot2026-07a", Identifiers.key("LOT2026-07A"), "no separator stays none");
    }

    @Test
    void aNumberMixingLatinWithCyrillicOrGreekLettersIsRefusedNamingTheLookAlike() {
        String problem = Identifiers.mixedScriptProblem("lot number", "L\u041E\u0422-2026-07\u0410").orElseThrow();
        assertTrue(problem.startsWith("lot number: 'L\u041E\u0422-2026-07\u0410' mixes Latin letters with U+041E "
                + "'\u041E' CYRILLIC CAPITAL LETTER O (Cyrillic)"), problem);
        String greek = Identifiers.mixedScriptProblem("patient.patientNumber", "\u039F-12P").orElseThrow();
        assertTrue(greek.contains("mixes Latin letters with U+039F '\u039F' GREEK CAPITAL LETTER OMICRON (Greek)"), greek);
        assertTrue(Identifiers.mixedScriptProblem("lot number", "LOT-2026-07A").isEmpty());
        assertTrue(Identifiers.mixedScriptProblem("lot number", "ＬＯＴ－２０２６").isEmpty(), "full-width Latin is Latin");
        assertTrue(Identifiers.mixedScriptProblem("patient number", "山田-0012").isEmpty());
        assertTrue(Identifiers.mixedScriptProblem("lot number", "\u041B\u041E\u0422-7").isEmpty(),
                "one script, with a letter (Л) no Latin one resembles");
        String whole = Identifiers.mixedScriptProblem("patient.patientNumber", "\u0420-000123").orElseThrow();
        assertTrue(whole.startsWith("patient.patientNumber: '\u0420-000123' is written with U+0420 '\u0420' CYRILLIC "
                + "CAPITAL LETTER ER (Cyrillic), which looks like a Latin letter"), whole);
        assertTrue(Identifiers.mixedScriptProblem("lot number", null).isEmpty());
    }

    /** Attack review of issue 14: spellings that had escaped both the key and the near lots of a recall. */
    @Test
    void aTildeOrLowLineIsASeparatorAndNumbersThatReadAlikeAreOneEditApart() {
        String lot = Identifiers.key("LOT-2026-07A");
        // ～ U+FF5E, which a Japanese input method gives for 〜, and an underscore: the same lot
        assertEquals(lot, Identifiers.key("LOT\uFF5E2026\uFF5E07A"));
        assertEquals(lot, Identifiers.key("LOT_2026_07A"));
        // no separators, or O typed for 0: another key, but one slip away, so a recall names it
        assertFalse(Identifiers.same("LOT202607A", "LOT-2026-07A"));
        assertEquals(1, Identifiers.distance(lot, Identifiers.key("LOT202607A")));
        assertEquals(1, Identifiers.distance(lot, Identifiers.key("LOT-2O26-O7A")));
        assertEquals(1, Identifiers.distance(lot, Identifiers.key("L0T-2026-07A")));
        assertEquals(0, Identifiers.distance(lot, lot));
        // a lot that differs in what it says stays as far as its edits
        assertEquals(4, Identifiers.distance(lot, Identifiers.key("LOT-2026-09C-1")));
        assertEquals(2, Identifiers.distance(Identifiers.key("LOT-0O42"), Identifiers.key("LOT-0040")),
                "a slip on top of a look-alike stays two");
    }
}
