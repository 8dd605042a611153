package org.exoconsent.records;

/**
 * The shared store's server could not be reached, or the connection to it was lost part-way (issue 17 §3): a fault
 * of the network or the server, not of what was asked. What was not committed was not stored. The command line
 * exits 4 (the environment), and a batch stops at it instead of counting each following file as refused.
 */
public class StoreUnreachableException extends StoreException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be reached or was lost, naming the server (never a password), and what to check
     * @param cause   the driver's failure
     */
    public StoreUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
