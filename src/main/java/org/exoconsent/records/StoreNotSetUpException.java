package org.exoconsent.records;

/**
 * A PostgreSQL database that {@code exoconsent store init} has not set up yet (no ExoConsent schema): refused as
 * every store that is not set up is (exit 3 on the command line, {@link RefusedException}), saying to run {@code
 * store init} first. Nothing was read or written.
 */
public class StoreNotSetUpException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /**
     * @param server  the store as messages name it ({@link PostgresLocation#describe})
     * @param appRole the application role the command connected as, named in the {@code store init} to run
     */
    public StoreNotSetUpException(String server, String appRole) {
        super(server + " is not set up yet: run 'exoconsent store init --app-role " + appRole + "' first, as the "
                + "database's owner");
    }
}
