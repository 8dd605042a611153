package org.exoconsent.usecases;

import java.time.Clock;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Device;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.Permission;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;

/**
 * A draft taken over from the device that holds it (issue 17 §3; docs/ARCHITECTURE.md "Draft holds"): staff on the
 * tablet resume the draft the physician prepared on the desk while the desk still holds it, told on which device it
 * is open and since when, and choose to take it over. The hold moves to their device and the takeover is audited
 * {@code draft-taken-over} with both devices, as the signed-in person, in the same write; the desk's next save is
 * refused and its screens say the draft is on the tablet.
 *
 * <p>Each call opens the store as the signed-in person and checks {@link Permission#CONSULT} before any work (a
 * refusal is audited {@code access-refused}).
 */
public final class DraftHolds {
    /** The audit action of a draft taken over from another device. */
    public static final String DRAFT_TAKEN_OVER = "draft-taken-over";

    private final StoreOpening opening;

    /** @param opening opens the store as the signed-in person */
    public DraftHolds(StoreOpening opening) {
        this.opening = opening;
    }

    /**
     * As the person signed in on this device ({@link StoreOpening#asSignedIn}).
     *
     * @param clock where the time comes from (the hold runs from its instant)
     */
    public static DraftHolds asSignedIn(DataDirectory dir, Clock clock, Principal who) {
        return new DraftHolds(StoreOpening.asSignedIn(dir, clock, who));
    }

    /** As {@link #asSignedIn(DataDirectory, Clock, Principal)}, on the store this device is set to (issue 17 §1). */
    public static DraftHolds asSignedIn(StoreOpenings store, Principal who) {
        return new DraftHolds(store.asSignedIn(who));
    }

    /**
     * Takes draft {@code draftId} over for {@code device}, whoever holds it.
     *
     * @return the hold taken over (audited), or null when the draft was free, its hold lapsed or already
     *         {@code device}'s (nothing audited)
     * @throws org.exoconsent.records.RefusedException      when there is no such draft
     * @throws org.exoconsent.records.AccessDeniedException when the signed-in person may not
     *                                                      {@link Permission#CONSULT}
     */
    public DraftStore.Hold takeOver(String draftId, Device device) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.CONSULT, "take over draft")) {
            return store.draftTakenOver(draftId, device);
        }
    }
}
