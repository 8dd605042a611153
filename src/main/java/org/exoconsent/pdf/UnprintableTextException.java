package org.exoconsent.pdf;

import java.util.Locale;

/**
 * A text holds a character that none of the bundled fonts ({@link BundledFont}) can draw, so a PDF would show a
 * hole where it stands: nothing is written. The message names the field and the character, e.g.
 * {@code notes: U+1F600 '😀' cannot be printed (none of the bundled fonts has it)}.
 */
public final class UnprintableTextException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final int codePoint;

    /**
     * @param field     where the text comes from, as the session file names it (e.g. {@code patient.name})
     * @param codePoint the character no font has
     */
    public UnprintableTextException(String field, int codePoint) {
        super(message(field, codePoint));
        this.field = field;
        this.codePoint = codePoint;
    }

    /** The field the character is in. */
    public String field() {
        return field;
    }

    /** The character no bundled font has. */
    public int codePoint() {
        return codePoint;
    }

    /** {@code field: U+XXXX 'x' cannot be printed (none of the bundled fonts has it)}. */
    static String message(String field, int codePoint) {
        String shown = Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT
                ? "" : " '" + new String(Character.toChars(codePoint)) + "'";
        return field + ": U+" + String.format(Locale.ROOT, "%04X", codePoint) + shown
                + " cannot be printed (none of the bundled fonts has it)";
    }
}
