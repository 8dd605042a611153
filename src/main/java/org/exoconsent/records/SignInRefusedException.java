package org.exoconsent.records;

/**
 * A refused sign-in, with the kind of refusal, so that a screen can say it in its own language
 * (ui/messages*.properties {@code signin.refused}, {@code signin.disabled}, {@code signin.unrecordable}) rather than
 * show the English message. The message is the command line's answer; it never says whether a name exists.
 */
public final class SignInRefusedException extends AccessDeniedException {
    private static final long serialVersionUID = 1L;

    /** Which answer was given. */
    public enum Kind {
        /**
         * The one answer to every failed sign-in: an unknown or over-long name, a wrong password, a locked account,
         * a disabled account with a wrong password (issue 14 §4).
         */
        REFUSED,
        /** The right password of a disabled account. */
        DISABLED,
        /** The attempt could not be recorded (a full disk, a read-only folder): nobody signs in until it can. */
        UNRECORDABLE
    }

    private final Kind kind;
    private final String name;
    private final String place;

    /**
     * @param kind    which answer
     * @param name    the name as the answer shows it (cut to the account-name limit, see {@link RecordStore#shownName})
     * @param place   the store whose disk must have room ({@code UNRECORDABLE}: the data directory, or another
     *                vendor's store as messages name it), or null
     * @param message the answer in English, for the command line
     */
    SignInRefusedException(Kind kind, String name, String place, String message) {
        super(message);
        this.kind = kind;
        this.name = name;
        this.place = place;
    }

    /**
     * The store whose disk must have room ({@link Kind#UNRECORDABLE}): the data directory's folder, or another
     * vendor's store as messages name it; null otherwise.
     */
    public String place() {
        return place;
    }

    /** Which answer was given. */
    public Kind kind() {
        return kind;
    }

    /** The user name as typed, cut to the account-name limit with its length when longer (for the screen's text). */
    public String name() {
        return name;
    }
}
