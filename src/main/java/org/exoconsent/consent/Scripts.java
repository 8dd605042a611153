package org.exoconsent.consent;

import java.util.OptionalInt;

/**
 * Which characters belong to East Asian writing rather than to the Latin alphabet's: the test that keeps a document
 * in English free of Japanese (issue 12 §2, "never a mixed-language document"). A character is East Asian when its
 * Unicode script is Han, Hiragana, Katakana, Hangul or Bopomofo, or when it is East Asian punctuation or a
 * full-width form: the blocks CJK Symbols and Punctuation (「」、。 and the ideographic space), Halfwidth and
 * Fullwidth Forms (：（）！ …), CJK Compatibility (㎎ …), Enclosed CJK Letters and Months, Katakana Phonetic
 * Extensions, CJK Compatibility Forms and Vertical Forms. Symbols that English typography uses too (° ℃ ¥ – —) are
 * not.
 */
public final class Scripts {
    private Scripts() {
    }

    /** Whether {@code codePoint} is East Asian writing or punctuation, as the class comment defines it. */
    public static boolean isEastAsian(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        if (script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                || script == Character.UnicodeScript.BOPOMOFO) {
            return true;
        }
        Character.UnicodeBlock block = Character.UnicodeBlock.of(codePoint);
        return block == Character.UnicodeBlock.HIRAGANA || block == Character.UnicodeBlock.KATAKANA // ー ・ (Common)
                || block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS
                || block == Character.UnicodeBlock.CJK_COMPATIBILITY
                || block == Character.UnicodeBlock.ENCLOSED_CJK_LETTERS_AND_MONTHS
                || block == Character.UnicodeBlock.KATAKANA_PHONETIC_EXTENSIONS
                || block == Character.UnicodeBlock.CJK_COMPATIBILITY_FORMS
                || block == Character.UnicodeBlock.VERTICAL_FORMS;
    }

    /** The first East Asian character of {@code text} (a code point), or empty when it has none or is null. */
    public static OptionalInt firstEastAsian(CharSequence text) {
        return text == null ? OptionalInt.empty() : text.codePoints().filter(Scripts::isEastAsian).findFirst();
    }

    /** A character as messages name it: {@code U+6771 '東'}. */
    public static String describe(int codePoint) {
        return String.format("U+%04X '%s'", codePoint, new String(Character.toChars(codePoint)));
    }
}
