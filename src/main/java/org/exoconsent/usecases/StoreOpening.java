package org.exoconsent.usecases;

import java.time.Clock;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Principal;
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

    /**
     * The app's opening: as the person signed in on the tablet ({@link RecordStore#open}, purpose
     * {@code "app: …"}), opened for each call and closed after it, so that the command line can work beside the app.
     *
     * @param clock where the time comes from (only its instant counts; the clinic's zone comes from the store)
     */
    static StoreOpening asSignedIn(DataDirectory dir, Clock clock, Principal who) {
        return purpose -> RecordStore.open(dir, clock, who, "app: " + purpose);
    }
}
