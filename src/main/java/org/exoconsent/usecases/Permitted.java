package org.exoconsent.usecases;

import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;

/** The administration use cases' opening: the store opened as the signed-in person, the permission checked first. */
final class Permitted {
    private Permitted() {
    }

    /**
     * Opens the store with {@code opening} and checks {@code needs} before any work ({@link RecordStore#requireRole}:
     * a refusal names the person and {@code asked} and is audited {@code access-refused}); the store is closed when
     * refused.
     *
     * @param asked the command the work answers ({@code "users add"}), as refusals and the opening name it
     * @throws org.exoconsent.records.AccessDeniedException when the person lacks {@code needs}
     * @throws StoreException                                when the store cannot be opened
     */
    static RecordStore open(StoreOpening opening, Permission needs, String asked) throws StoreException {
        RecordStore store = opening.open(asked);
        try {
            store.requireRole(needs, asked);
            return store;
        } catch (StoreException | RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
