package org.exoconsent.records;

/**
 * A signing key that may not sign now: not one of the clinic's registered keys, retired, its certificate expired or
 * not yet valid, or the clinic's clock before its start. The message says which, with the dates, and what to do;
 * nothing was signed. Exit code 3 on the command line.
 */
public class KeyRefusedException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public KeyRefusedException(String message) {
        super(message);
    }
}
