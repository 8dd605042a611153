package org.exoconsent.records;

/**
 * A value stored in the database cannot be read as the product wrote it (changed with SQL, or by a program other than
 * this one): the message names the table, the row or key, the column, the value (shortened by {@link #shown}) and the
 * repair. {@code records verify} reports the same damage as a problem; the command line exits 1 (not intact).
 */
public class DamagedStoreException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** At most this many characters of a damaged value are shown; the rest is elided. */
    static final int SHOWN_CHARACTERS = 40;

    public DamagedStoreException(String message) {
        super(message);
    }

    /**
     * A stored value as a message shows it: in single quotes, its control characters as {@code ?}, at most
     * {@value #SHOWN_CHARACTERS} characters followed by "…" (a hostile value can neither flood nor forge a line).
     */
    static String shown(String value) {
        if (value == null) {
            return "NULL";
        }
        String v = value.length() > SHOWN_CHARACTERS ? value.substring(0, SHOWN_CHARACTERS) + "…" : value;
        StringBuilder out = new StringBuilder("'");
        v.codePoints().forEach(c -> out.appendCodePoint(hidden(c) ? '?' : c));
        return out.append('\'').toString();
    }

    /**
     * Whether a character of a stored value could forge or hide what a line says: a control character (a line
     * break, ESC), an invisible formatting one (U+202E turns the line around, U+200B) or a line or paragraph
     * separator (U+2028, U+2029). Review of issue 17: a template version row put in with SQL under such a name.
     */
    static boolean hidden(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /**
     * A stored name (a template id or version, a fingerprint) as a line of text or a screen shows it, unquoted:
     * {@link #hidden} characters as {@code ?}, at most 120 characters followed by "…". Never null: null is "NULL".
     */
    public static String plain(String value) {
        return plain(value, 120);
    }

    /**
     * As {@link #plain(String)}, at most {@code max} characters ({@link Integer#MAX_VALUE}: a path the administrator
     * needs whole, its hidden characters still as {@code ?}).
     */
    public static String plain(String value, int max) {
        if (value == null) {
            return "NULL";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(max).forEach(c -> out.appendCodePoint(hidden(c) ? '?' : c));
        return value.codePointCount(0, value.length()) > max ? out.append('…').toString() : out.toString();
    }
}
