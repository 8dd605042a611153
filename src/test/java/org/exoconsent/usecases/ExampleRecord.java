package org.exoconsent.usecases;

import java.nio.file.Path;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;

/**
 * For the tests of the use cases that read the records: a data directory with the manager of
 * {@link UseCaseTesting#withManager} and one recorded consent, the example {@code complete-ja} (patient P-000123,
 * lot UC10-2611-04 of the demo catalog).
 */
final class ExampleRecord {
    private ExampleRecord() {
    }

    /** The data directory at {@code root} and the consent recorded in it. */
    record Recorded(DataDirectory dir, ConsentSession session) {
    }

    /**
     * A new data directory at {@code root} with the manager and the example consent recorded, signed with the tests'
     * registered key: a copy of the one this JVM recorded first when {@code root} is new (TestAccounts#copied).
     */
    static Recorded in(Path root) throws Exception {
        DataDirectory dir = new DataDirectory(root);
        if (!TestAccounts.copied(dir, "example record", Examples.CLOCK, ExampleRecord::recordIn)) {
            recordIn(dir);
        }
        return new Recorded(dir, Examples.session("complete-ja"));
    }

    private static void recordIn(DataDirectory dir) throws Exception {
        UseCaseTesting.withManager(dir.root());
        ConsentSession s = Examples.session("complete-ja");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "record it")) {
            TestAccounts.record(store, s, store.signingTemplate(s.template().id(), s.template().version()),
                    Examples.key(), "test");
        }
    }
}
