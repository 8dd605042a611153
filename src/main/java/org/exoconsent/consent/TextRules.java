package org.exoconsent.consent;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a typed text may hold, whatever the font: single-line fields (names, kana, numbers, relationship) refuse
 * control characters and invisible formatting characters — among them the bidirectional overrides (U+202A–202E,
 * U+2066–2069, U+200E/200F, U+061C) that can make a name read differently from what is stored (Unicode Technical
 * Report #36, "Bidirectional Text Spoofing"); multi-line fields (address, notes, reasons) allow line breaks and tabs
 * and refuse the rest. And when two names are the same person.
 */
public final class TextRules {
    private TextRules() {
    }

    /**
     * The problem with a single-line field's value, or empty when it has none (also for null: whether a field is
     * required is checked elsewhere).
     *
     * @return e.g. {@code patient.name: contains U+202E (a bidirectional override, which can make text read
     *         differently from what is stored); names and other single-line fields cannot hold it}
     */
    public static Optional<String> singleLine(String field, String value) {
        return find(field, value, false);
    }

    /** As {@link #singleLine}, for a field that may hold line breaks and tabs (an address, a note, a reason). */
    public static Optional<String> multiLine(String field, String value) {
        return find(field, value, true);
    }

    /**
     * The first character a field refuses: a control or invisible formatting character (for a multi-line field,
     * line breaks and tabs excepted).
     *
     * @param lines whether the field may run over several lines
     * @return its code point, or empty (also for null)
     */
    public static OptionalInt firstRefused(String value, boolean lines) {
        if (value == null) {
            return OptionalInt.empty();
        }
        return value.codePoints().filter(c -> !(lines && (c == '\n' || c == '\r' || c == '\t'))).filter(c -> {
            int type = Character.getType(c);
            return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || c == 0xFFFD;
        }).findFirst();
    }

    private static Optional<String> find(String field, String value, boolean lines) {
        OptionalInt c = firstRefused(value, lines);
        if (c.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(field + ": contains U+" + String.format(Locale.ROOT, "%04X", c.getAsInt()) + " ("
                + describe(c.getAsInt(), Character.getType(c.getAsInt())) + "); "
                + (lines ? "this field" : "names and other single-line fields") + " cannot hold it");
    }

    private static String describe(int c, int type) {
        if (c == 0xFFFD) {
            return "the replacement character, left where text was damaged when it was copied";
        }
        if (isBidiControl(c)) {
            return "a bidirectional control, which can make text read differently from what is stored";
        }
        if (type == Character.CONTROL) {
            return c == '\n' || c == '\r' ? "a line break" : "a control character";
        }
        return "an invisible formatting character";
    }

    /** The Bidi_Control characters of Unicode (PropList.txt): U+061C, U+200E–200F, U+202A–202E, U+2066–2069. */
    static boolean isBidiControl(int c) {
        return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }

    /**
     * Whether a text has at least one character a reader sees: a letter, digit, punctuation mark or symbol, not only
     * spaces, combining marks, variation selectors, invisible formatting characters or the Hangul fillers (U+115F,
     * U+1160, U+3164, U+FFA0), which are letters that draw nothing. A required field needs one (a name of U+3164
     * alone prints as a blank).
     */
    public static boolean visible(String value) {
        return value != null && value.codePoints().anyMatch(c -> {
            if (c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800) {
                return false;
            }
            return switch (Character.getType(c)) {
                case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                     Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                     Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                     Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                     Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                     Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                     Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
                default -> false;
            };
        });
    }

    /**
     * Whether two names are the same person's as written: compared after Unicode normalisation NFKC (full-width
     * and half-width forms, compatibility characters) and with every run of white space (an ideographic space
     * U+3000 included) folded to one space and trimmed, and variation selectors left out (an input method does not
     * type them, so 辻 + U+E0100 in the patient's record and 辻 in a signature name are the same); so 山田　花子 and
     * 山田 花子 are the same. Letter case is kept.
     */
    public static boolean sameName(String a, String b) {
        return a != null && b != null && fold(a).equals(fold(b));
    }

    /** A name as {@link #sameName} compares it. */
    public static String fold(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC)
                .replaceAll("[\\x{FE00}-\\x{FE0F}\\x{E0100}-\\x{E01EF}]", "")
                .replaceAll("[\\s\\u3000]+", " ").strip();
    }
}
