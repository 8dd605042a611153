package org.exoconsent.pdf;

/** A signing key that cannot be opened or created; the message names the file and the reason. */
public class KeyException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }

    public KeyException(String message) {
        super(message);
    }
}
