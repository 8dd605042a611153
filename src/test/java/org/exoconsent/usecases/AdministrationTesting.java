package org.exoconsent.usecases;

import static org.exoconsent.usecases.UseCaseTesting.MANAGER;
import static org.exoconsent.usecases.UseCaseTesting.MANAGER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;

/** For the administration use cases' tests: the manager's and the administrator's openings, a refusal's checks. */
final class AdministrationTesting {
    private AdministrationTesting() {
    }

    /** Opens {@code dir} as {@link UseCaseTesting#MANAGER}, signing in with the password (who may not administer). */
    static StoreOpening manager(DataDirectory dir) {
        return UseCaseTesting.signedIn(dir, MANAGER, MANAGER_PASSWORD);
    }

    /** Opens {@code dir} as the tests' person with every role (an administrator among them). */
    static StoreOpening administrator(DataDirectory dir) {
        return purpose -> TestAccounts.open(dir, Examples.CLOCK, purpose);
    }

    /**
     * Asserts that the manager was refused {@code asked}, named so, and that the refusal is the one
     * {@code access-refused} entry of the audit trail, naming what was asked.
     */
    static void assertRefusedAndAudited(AccessDeniedException e, DataDirectory dir, String asked) throws Exception {
        assertTrue(e.getMessage().startsWith(MANAGER + " (manager) may not run exoconsent " + asked),
                e.getMessage());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            List<String> refusals = TestAudit.entries(store, "access-refused");
            assertEquals(1, refusals.size(), refusals.toString());
            assertTrue(refusals.get(0).contains("\"asked\":\"" + asked + "\""), refusals.get(0));
        }
    }
}
