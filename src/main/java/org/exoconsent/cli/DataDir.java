package org.exoconsent.cli;

/**
 * Where ExoConsent keeps its data in a data directory: {@code --data-dir}, else {@code EXOCONSENT_HOME}, else
 * {@code ~/.exoconsent}. A command's store may instead be on a PostgreSQL server: {@link ExoConsentCli#location}.
 */
public final class DataDir {
    public static final String ENV = "EXOCONSENT_HOME";

    private DataDir() {
    }
}
