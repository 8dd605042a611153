package org.exoconsent.cli;

/** What the command line's exit codes mean (also in README.md). */
public final class ExitCodes {
    public static final int OK = 0;
    /** A document failed verification: altered, unsigned or unreadable. */
    public static final int NOT_INTACT = 1;
    /** The command line itself was wrong (picocli's usage error). */
    public static final int USAGE = 2;
    /** An input was refused: invalid template, malformed or incomplete session. */
    public static final int INVALID_INPUT = 3;
    /** The environment failed: a key that cannot be opened, a file that cannot be written. */
    public static final int ENVIRONMENT = 4;
    /** Access refused: no users yet, not signed in, wrong password, locked account, or a role that may not. */
    public static final int ACCESS_DENIED = 5;

    /**
     * The exit code for a store failure: records not intact (a data directory whose database was lost beside its
     * archive, a stored value changed outside the product that cannot be read), access refused, an input the store refused, or the environment.
     */
    static int of(org.exoconsent.records.StoreException e) {
        return e instanceof org.exoconsent.records.LostDatabaseException
                || e instanceof org.exoconsent.records.DamagedStoreException ? NOT_INTACT
                : e instanceof org.exoconsent.records.AccessDeniedException ? ACCESS_DENIED
                : e instanceof org.exoconsent.records.RefusedException ? INVALID_INPUT : ENVIRONMENT;
    }

    private ExitCodes() {
    }
}
