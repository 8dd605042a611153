package org.exoconsent.consent;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one comparison of identifiers people type: lot numbers and patient numbers (issue 14 §5, "recall never misses
 * a patient"). Two spellings of one identifier have the same {@link #key}; the original as typed is kept for display
 * and in the signed record, and the key is what the index stores beside it ({@code record.lot_key},
 * {@code record.patient_key}, {@code lot.number_key}) and what every search, filter, recall and duplicate check
 * compares.
 *
 * <p>Why these steps: a Japanese input method in full-width mode types ＬＯＴ－２０２６－０７Ａ for LOT-2026-07A and
 * ０００１２３ for 000123; Unicode compatibility normalisation (NFKC, Unicode Standard Annex #15) folds full-width
 * and half-width forms, circled and other compatibility characters to their plain form. Case folding (upper, then
 * lower case, in the root locale, as Unicode's default caseless matching does for these scripts) makes
 * p-000123 and P-000123 one number. Leading and trailing white space (also the ideographic space) is removed.
 *
 * <p>Separators: every run of white space and dash-like characters inside the number becomes one ASCII hyphen-minus,
 * so LOT 2026-07A, LOT─2026─07A, LOT - 2026 -07A and LOT-2026-07A are one lot. Why: a printed lot number's groups are
 * read by a person as "a separator", and an input method offers many characters for it (the Japanese IME gives
 * ─ U+2500 for ー and －, a word processor – or —, a copied label U+2011 or a space); NFKC leaves most of them as
 * they are. No manufacturer tells two lots apart by the kind or number of separators, while a recall that misses a
 * patient because of one is the harm this class exists to prevent. A number typed without any separator
 * (LOT2026-07A) stays another key: {@link #distance} puts it one edit away, and a recall names it. Dash-like
 * characters ({@link #isDashLike}) are every character of Unicode category Pd (dash punctuation: ‐ ‑ ‒ – — ― ⸺ ⸻
 * 〜 ﹣ － …), the minus signs (− U+2212, ˗ U+02D7, ➖ U+2796, ⁻ ₋), the box-drawing and other horizontal lines
 * (─ ━ ┄ ┅ ┈ ┉ ╌ ╍ ╴ ╶ ╸ ╺ ⎯ ⁃), and the prolonged sound mark ー (and half-width ｰ) between two Latin letters or
 * digits (LOTー2026; in katakana, as in a patient number written in katakana, it is a letter and kept).
 *
 * <p>What the key does not fold: letters of other scripts that look like Latin ones (Cyrillic О, Greek Ο):
 * {@link #mixedScriptProblem} refuses a number mixing them with Latin letters where it is typed.
 */
public final class Identifiers {
    private Identifiers() {
    }

    /**
     * The form an identifier is compared in: NFKC, case folded, trimmed, and every inner run of white space and
     * dash-like characters as one '-' (see the class comment).
     *
     * @param typed a lot number or patient number as typed, or null
     * @return its key, or null for null
     */
    public static String key(String typed) {
        if (typed == null) {
            return null;
        }
        String s = Normalizer.normalize(typed, Normalizer.Form.NFKC);
        s = s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        int[] c = Normalizer.normalize(s, Normalizer.Form.NFKC).strip().codePoints().toArray();
        StringBuilder b = new StringBuilder(c.length);
        boolean inSeparator = false;
        for (int i = 0; i < c.length; i++) {
            boolean separator = isSpace(c[i]) || isDashLike(c[i])
                    || isProlongedSoundMark(c[i]) && i > 0 && i < c.length - 1 && latinOrDigit(c[i - 1])
                    && latinOrDigit(c[i + 1]);
            if (!separator) {
                b.appendCodePoint(c[i]);
            } else if (!inSeparator) {
                b.append('-');
            }
            inSeparator = separator;
        }
        return b.toString();
    }

    /**
     * The form a patient's name or its reading (kana) is searched in (issue 16 §7: the records screen's patient
     * filter): NFKC (full-width Ｓａｔｏ and half-width ｻﾄｳ become Sato and サトウ), case folded as {@link #key},
     * hiragana as katakana (さとう and サトウ are one reading: Unicode's hiragana block U+3041–U+3096 is the katakana
     * block U+30A1–U+30F6 shifted by 0x60), and without white space (also the ideographic space) or the middle dot
     * ・ that separate family and given names (佐藤 花子, 佐藤花子 and 佐藤　花子 are one name). Dashes are kept: in a
     * reading the prolonged sound mark ー is a letter.
     *
     * @param text a name or reading as typed or stored, or null
     * @return its searched form (empty for blank text), or null for null
     */
    public static String textKey(String text) {
        if (text == null) {
            return null;
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (isSpace(c) || c == 0x30FB || c == 0x00B7) {
                return; // between family and given name
            }
            b.appendCodePoint(c >= 0x3041 && c <= 0x3096 ? c + 0x60 : c);
        });
        return b.toString();
    }

    /** Whether two identifiers are the same once compared by {@link #key} (false when either is null). */
    public static boolean same(String a, String b) {
        return a != null && b != null && key(a).equals(key(b));
    }

    /**
     * Whether a character is one a person types or copies for a hyphen in a number: Unicode category Pd (dash
     * punctuation), a tilde or low line (~ ～ ∼ _ ＿), a minus sign (U+2212, U+02D7, U+2796, U+207B, U+208B), or a horizontal line (box drawing U+2500,
     * U+2501, U+2504, U+2505, U+2508, U+2509, U+254C, U+254D, U+2574, U+2576, U+2578, U+257A; U+23AF, U+2043). The
     * prolonged sound mark ー is one only between Latin letters or digits ({@link #key}).
     */
    public static boolean isDashLike(int c) {
        if (Character.getType(c) == Character.DASH_PUNCTUATION) {
            return true;
        }
        return switch (c) {
            // ~ and _ as NFKC leaves the full-width ～ U+FF5E (which a Japanese input method gives for 〜) and ＿;
            // ∼ U+223C, the tilde operator (attack review of issue 14)
            case 0x007E, 0x005F, 0x223C, 0x2212, 0x02D7, 0x2796, 0x207B, 0x208B, 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C,
                 0x254D, 0x2574, 0x2576, 0x2578, 0x257A, 0x23AF, 0x2043 -> true;
            default -> false;
        };
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** ー U+30FC (NFKC makes the half-width ｰ U+FF70 one). */
    private static boolean isProlongedSoundMark(int c) {
        return c == 0x30FC || c == 0xFF70;
    }

    private static boolean latinOrDigit(int c) {
        return c < 0x80 && Character.isLetterOrDigit(c)
                || Character.isLetter(c) && Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN;
    }

    /**
     * Why an identifier as typed may not be entered: it mixes letters of the Latin, Cyrillic and Greek scripts, whose
     * look-alikes (Cyrillic О U+041E, Greek Ο U+039F for O; А, В, Е, К, М, Н, Р, С, Т, Х …) make a number that reads
     * as another and is not the same key. A lot number is printed by its manufacturer in one script, and a patient
     * number is the clinic's own; such a number is almost surely a look-alike typed or pasted by mistake (Unicode
     * Technical Standard #39, "mixed-script confusables"). A number written only with Cyrillic or only with Greek
     * letters that all look like Latin ones (Р-000123, U+0420 for P: a "whole-script confusable") is refused too; a
     * number in Cyrillic or Greek with a letter no Latin one resembles (ЛОТ-7) is not. Only these three scripts are
     * compared; digits, dashes and Japanese are not letters of any of them.
     *
     * @param field what the number is, as the message starts ("lot number", "patient.patientNumber")
     * @return e.g. {@code lot number: 'LОТ-2026-07А' mixes Latin letters with U+041E 'О' CYRILLIC CAPITAL LETTER O
     *         (Cyrillic) …}, or empty (also for null)
     */
    public static java.util.Optional<String> mixedScriptProblem(String field, String typed) {
        java.util.OptionalInt odd = lookAlike(typed);
        if (odd.isEmpty()) {
            return java.util.Optional.empty();
        }
        int c = odd.getAsInt();
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        Character.UnicodeScript other = typed.codePoints().filter(Character::isLetter)
                .mapToObj(Character.UnicodeScript::of).filter(x -> x != script && SCRIPTS.contains(x)).findFirst()
                .orElse(null);
        String named = String.format(Locale.ROOT, "U+%04X '%s' %s", c, new String(Character.toChars(c)),
                Character.getName(c)) + " (" + scriptName(script) + ")";
        if (other == null) {
            return java.util.Optional.of(field + ": '" + typed + "' is written with " + named + ", which looks like "
                    + "a Latin letter, and every letter of it does: a number that reads as Latin is typed in Latin "
                    + "letters (type it again)");
        }
        return java.util.Optional.of(field + ": '" + typed + "' mixes " + scriptName(other) + " letters with "
                + named + "; a number is written in one script, and look-alike letters of two make it read as "
                + "another number: type it again in one script");
    }

    /**
     * The Cyrillic and Greek letters that look like Latin ones in the fonts a clinic uses (Unicode's confusables.txt,
     * UTS #39, where each maps to a Latin letter): a number written only with these reads as a Latin one.
     */
    private static final String LATIN_LOOK_ALIKES = "\u0410\u0412\u0415\u041A\u041C\u041D\u041E\u0420\u0421"
            + "\u0422\u0425\u0423\u0405\u0406\u0408\u051A\u051C\u0430\u0435\u043E\u0440\u0441\u0443"
            + "\u0445\u0456\u0458\u0455\u04BB\u0501\u051B\u051D"
            + "\u0391\u0392\u0395\u0396\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A5\u03A7"
            + "\u03BF\u03BD\u03B9\u03C1";

    private static final java.util.Set<Character.UnicodeScript> SCRIPTS = java.util.Set.of(
            Character.UnicodeScript.LATIN, Character.UnicodeScript.CYRILLIC, Character.UnicodeScript.GREEK);

    /**
     * The look-alike letter of an identifier that mixes Latin, Cyrillic and Greek letters (see
     * {@link #mixedScriptProblem}): its first letter that is not Latin when Latin is one of the scripts, else its
     * first letter of the second script met; for an identifier whose letters are all Cyrillic (or all Greek) and
     * all look like Latin ones (Р-000123 with U+0420), its first letter; empty otherwise (also for null).
     */
    public static java.util.OptionalInt lookAlike(String typed) {
        if (typed == null) {
            return java.util.OptionalInt.empty();
        }
        int[] letters = typed.codePoints().filter(c -> Character.isLetter(c)
                && SCRIPTS.contains(Character.UnicodeScript.of(c))).toArray();
        java.util.Set<Character.UnicodeScript> used = new java.util.HashSet<>();
        for (int c : letters) {
            used.add(Character.UnicodeScript.of(c));
        }
        if (used.size() == 1 && !used.contains(Character.UnicodeScript.LATIN)
                && java.util.Arrays.stream(letters).allMatch(c -> LATIN_LOOK_ALIKES.indexOf(c) >= 0)) {
            return java.util.OptionalInt.of(letters[0]); // Р-000123: Cyrillic, every letter a Latin look-alike
        }
        if (used.size() < 2) {
            return java.util.OptionalInt.empty();
        }
        Character.UnicodeScript first = Character.UnicodeScript.of(letters[0]);
        for (int c : letters) {
            Character.UnicodeScript s = Character.UnicodeScript.of(c);
            if (used.contains(Character.UnicodeScript.LATIN) ? s != Character.UnicodeScript.LATIN : s != first) {
                return java.util.OptionalInt.of(c);
            }
        }
        return java.util.OptionalInt.empty();
    }

    private static String scriptName(Character.UnicodeScript s) {
        return s.name().charAt(0) + s.name().substring(1).toLowerCase(Locale.ROOT);
    }

    /**
     * How far apart a typing slip puts two lot numbers: the number of single-character edits — insertion, deletion,
     * substitution, or swapping two neighbours — that turn one key into the other (the optimal string alignment
     * distance, Damerau's typing errors, in code points); and 1 for two different keys whose skeletons are
     * equal: the keys without their separators, with the letters o, i and l read as the digits 0, 1 and 1
     * (LOT202607A, LOT-2O26-O7A and LOT-2026-07A are one edit apart, so a recall names each beside the others; a
     * review of issue 14 found them two and three edits apart, named by nothing).
     *
     * @param a a key (see {@link #key}), not null
     * @param b a key, not null
     * @return 0 for equal keys, 1 for keys one slip or one skeleton apart; at most the longer key's length
     */
    public static int distance(String a, String b) {
        int plain = edits(a, b);
        return plain <= 1 || !skeleton(a).equals(skeleton(b)) ? plain : 1;
    }

    /** A key without separators, with o, i and l as 0, 1 and 1: what a number reads as, letter by letter. */
    private static String skeleton(String key) {
        StringBuilder b = new StringBuilder(key.length());
        key.codePoints().forEach(c -> {
            switch (c) {
                case '-' -> { }
                case 'o' -> b.append('0');
                case 'i', 'l' -> b.append('1');
                default -> b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private static int edits(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[][] d = new int[x.length + 1][y.length + 1];
        for (int i = 0; i <= x.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[x.length][y.length];
    }
}
