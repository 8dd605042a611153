package org.exoconsent.usecases;

import java.nio.file.Path;
import java.util.EnumSet;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.StoreException;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;

/** For the use cases' tests: a data directory with a manager (who may not consult), and a key that always signs. */
final class UseCaseTesting {
    /** A manager's account: may see records, may not run consultations (Permission.CONSULT). */
    static final String MANAGER = "office";
    static final String MANAGER_PASSWORD = "office manager pw 7";

    private UseCaseTesting() {
    }

    /**
     * A new data directory at {@code root} with the tests' accounts (TestAccounts) and {@link #MANAGER}: a copy of the
     * one this JVM set up first when {@code root} is new (TestAccounts#copied).
     */
    static DataDirectory withManager(Path root) throws StoreException {
        DataDirectory dir = new DataDirectory(root);
        if (!TestAccounts.copied(dir, "with manager", Examples.CLOCK, UseCaseTesting::addManager)) {
            addManager(dir);
        }
        return dir;
    }

    private static void addManager(DataDirectory dir) throws StoreException {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test set-up")) {
            store.addUser(MANAGER, EnumSet.of(Role.MANAGER), null, MANAGER_PASSWORD.toCharArray());
        }
    }

    /** Opens {@code dir} by signing in as {@code name} with {@code password}, on the tests' clock. */
    static StoreOpening signedIn(DataDirectory dir, String name, String password) {
        return purpose -> RecordStore.signIn(dir, Examples.CLOCK, name, password.toCharArray(), purpose);
    }

    /** A key source that gives {@code key}, named {@code what} in refusals, from no file. */
    static KeySource fixed(SigningKey key, String what) {
        return new KeySource() {
            @Override
            public SigningKey load(RecordStore store, String clinicName) {
                return key;
            }

            @Override
            public String what() {
                return what;
            }

            @Override
            public Path file() {
                return null;
            }
        };
    }
}
