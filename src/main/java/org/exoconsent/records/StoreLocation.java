package org.exoconsent.records;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a clinic's store is, for this device (issue 17 §1): the embedded SQLite store in a data directory, or a
 * PostgreSQL server ({@link PostgresLocation}). Which one is decided by {@link #resolve}, in this order: {@code --store
 * URL} or {@code --data-dir DIR} (given together: refused by the command line), then {@code $EXOCONSENT_STORE} or
 * {@code $EXOCONSENT_HOME} (both set: refused), then the {@code store} of this device's settings file
 * ({@link DeviceSettings}), then the data directory {@code ~/.exoconsent}. {@code --data-dir} and
 * {@code $EXOCONSENT_HOME} always mean a data directory, {@code --store} and {@code $EXOCONSENT_STORE} always a
 * PostgreSQL server.
 */
public sealed interface StoreLocation permits StoreLocation.InDataDirectory, PostgresLocation {
    /** The environment variable naming a PostgreSQL store: {@code postgresql://HOST[:PORT]/DATABASE?user=NAME}. */
    String STORE_ENV = "EXOCONSENT_STORE";
    /** The environment variable naming a data directory. */
    String HOME_ENV = "EXOCONSENT_HOME";

    /** The embedded SQLite store in a data directory. */
    record InDataDirectory(DataDirectory directory) implements StoreLocation {
        @Override
        public String describe() {
            return "the data directory " + directory.root();
        }
    }

    /** The store as a person is told about it: "the data directory DIR" or "the PostgreSQL store HOST:PORT/DB". */
    String describe();

    /**
     * Where this device's store is.
     *
     * @param dataDirOption {@code --data-dir}, or null
     * @param storeOption   {@code --store}, or null
     * @param env           the environment ({@code EXOCONSENT_STORE}, {@code EXOCONSENT_HOME})
     * @param settings      this device's settings file (its {@code store}, and what its administrator allows)
     * @return the location; a PostgreSQL one is parsed and checked ({@link PostgresLocation#parse}) but not connected
     * @throws StoreLocationException (exit 3) for an address refused, or both environment variables set, naming the
     *                                value and where it came from
     * @throws IllegalArgumentException when both options are given (the command line refuses that first)
     */
    static StoreLocation resolve(Path dataDirOption, String storeOption, Map<String, String> env,
                                 DeviceSettings settings) {
        if (dataDirOption != null && storeOption != null) {
            throw new IllegalArgumentException("give either --data-dir (a data directory) or --store (a PostgreSQL "
                    + "server), not both");
        }
        if (storeOption != null) {
            return PostgresLocation.parse(storeOption, "--store", settings);
        }
        if (dataDirOption != null) {
            return new InDataDirectory(DataDirectory.resolve(dataDirOption, env));
        }
        String store = env.get(STORE_ENV);
        String home = env.get(HOME_ENV);
        boolean storeSet = store != null && !store.isBlank();
        boolean homeSet = home != null && !home.isBlank();
        if (storeSet && homeSet) {
            throw new StoreLocationException(STORE_ENV + " and " + HOME_ENV + " are both set: unset one ("
                    + HOME_ENV + " names a data directory, " + STORE_ENV + " a PostgreSQL server), or give --data-dir "
                    + "or --store");
        }
        if (storeSet) {
            return PostgresLocation.parse(store.strip(), STORE_ENV, settings);
        }
        if (homeSet) {
            return new InDataDirectory(DataDirectory.resolve(null, env));
        }
        if (settings.store().isPresent()) {
            return PostgresLocation.parse(settings.store().get(), "store in " + settings.file(), settings);
        }
        return new InDataDirectory(DataDirectory.resolve(null, env));
    }
}
