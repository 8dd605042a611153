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
        v.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.append('\'').toString();
    }
}
