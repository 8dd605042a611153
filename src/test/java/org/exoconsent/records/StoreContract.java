package org.exoconsent.records;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the contract tests of the store interfaces share ({@link CatalogStoreTest}, {@link TemplateVersionStoreTest}):
 * a fresh store of a new data directory for each test, reached through {@link Stores} only, and its transactions. A
 * second vendor runs the same tests by opening its own store in {@link #open}.
 */
abstract class StoreContract {
    @TempDir
    Path tmp;
    /** The data directory's folder. */
    Path data;
    Stores stores;
    Transactions tx;

    /** A fresh store of a new data directory (a second vendor opens its own here). */
    Stores open(Path dir) throws StoreException {
        return SqliteStores.open(new DataDirectory(dir));
    }

    @BeforeEach
    void openAFreshStore() throws Exception {
        data = Files.createDirectories(tmp.resolve("data"));
        stores = open(data);
        tx = stores.transactions();
    }

    @AfterEach
    void closeTheStore() {
        stores.close();
    }

    /** Runs {@code work} in one write transaction, committed when it returns, rolled back when it throws. */
    void write(Work work) throws Exception {
        tx.beginWrite();
        try {
            work.run();
            tx.commit();
        } catch (Exception | Error e) {
            tx.rollback();
            throw e;
        }
    }

    /** Work on the store inside a transaction. */
    interface Work {
        void run() throws Exception;
    }
}
