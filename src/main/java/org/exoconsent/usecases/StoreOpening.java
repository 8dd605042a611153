package org.exoconsent.usecases;

import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;

/** How the store is opened as the signed-in person; the opening may already refuse (sign-in, permission). */
@FunctionalInterface
public interface StoreOpening {
    /**
     * @param purpose what the opening is for ({@code "sign and save"}, {@code "record"}), as the store's
     *                refusals and audit entries name it
     * @throws StoreException when the store cannot be opened or the person is refused
     */
    RecordStore open(String purpose) throws StoreException;
}
