package org.exoconsent.records;

/** The records store cannot do what was asked; the message says why, naming the file or record. */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
