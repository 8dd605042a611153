package org.exoconsent.records;

/** A request the store refuses because of what was asked (not because of a fault); nothing was changed. */
public class RefusedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public RefusedException(String message) {
        super(message);
    }

    public RefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
