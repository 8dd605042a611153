package org.exoconsent.records;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.exoconsent.consent.ConsentSession;

/**
 * The drafts area of the store (issue 15 §1): consultations in progress, saved as the wizard goes so that one
 * resumes where it stopped after a crash or a closed window; removed when the consent is recorded; abandoned only
 * explicitly, and then kept with the reason, never deleted. A draft is named by its consultation's id.
 *
 * <p>Every change (save, remove, abandon) is made while the store's write lock is held — taken by the drafts
 * themselves for the moment of the change, so call them outside a write transaction — so two programs saving one
 * draft never interleave, and a backup's copy of the drafts is of one moment. Reading takes no lock.
 * {@link DraftStore} keeps them as files in the data directory's {@code drafts/} folder.
 *
 * <p>A draft is held by one device at a time (issue 17 §3; docs/ARCHITECTURE.md "Draft holds"): the device that saves
 * it or asks to {@link #hold} it holds it for {@link #HOLD} from that moment, renewed by each save and hold (the
 * wizard renews every {@code HOLD}/4 while it is open), given back by {@link #release}; a device that disappears
 * loses it when the time runs out. While another device holds it, a save or hold is refused with a
 * {@link DraftHeldException} naming that device and since when; {@link #takeOver} takes it knowingly (staff on the
 * tablet, told on whose screen it is open), and is audited {@code draft-taken-over} when done through the store
 * ({@link RecordStore#draftTakenOver}). {@link #list} and {@link #load} give each draft's hold as it is kept, lapsed
 * or not ({@link DraftStore.Draft#heldElsewhere}). Times are the caller's instants from the store's clock.
 */
public interface Drafts {
    /** How long a hold lasts unless renewed by a save or a {@link #hold} (issue 17 §3): two minutes. */
    Duration HOLD = Duration.ofMinutes(2);

    /**
     * Saves the consultation so far held by no device (tools and tests; the app saves as its device), replacing its
     * earlier draft whole (never half written); as {@link #save(ConsentSession, boolean, Device, Instant)} with no
     * device: refused when a device holds it, and a lapsed hold is cleared.
     */
    default void save(ConsentSession session, boolean patientMode, Instant now) throws StoreException {
        save(session, patientMode, null, now);
    }

    /**
     * What a device last saw of a draft (issue 17 §3, a stale save): the {@code savedAt} of its own last save of it,
     * or of the draft as it loaded it (the instant the store keeps, exactly); null {@code savedAt}: none (a new
     * consultation, never saved). We compare this instant rather than add a revision number because it is already
     * what each store keeps and what a device's cache keeps ({@link DeviceDraftCache.Cached#savedInStore}), it changes
     * with every save and with nothing else (a hold's renewal, a takeover or a release leaves it), and the drafts'
     * content needs no new column or migration.
     */
    record Seen(Instant savedAt) {
        /** A consultation this device never saw saved (a new one). */
        public static final Seen NONE = new Seen(null);
    }

    /**
     * Saves the consultation so far, replacing its earlier draft whole (never half written), held by {@code device}
     * from {@code now} for {@link #HOLD} (its hold renewed: since when it holds it stays), with no check of what the
     * device saw before: whatever another device saved is replaced. For tools and tests; a wizard saves with
     * {@link #save(ConsentSession, boolean, Device, Seen, Instant)}.
     *
     * @throws DraftHeldException when another device holds it (not lapsed at {@code now}): not saved
     */
    default void save(ConsentSession session, boolean patientMode, Device device, Instant now) throws StoreException {
        save(session, patientMode, device, null, now);
    }

    /**
     * Saves the consultation so far, replacing its earlier draft whole (never half written), held by {@code device}
     * from {@code now} for {@link #HOLD} (its hold renewed: since when it holds it stays), and kept as saved by
     * {@code device} at {@code now} ({@link DraftStore.Draft#savedBy}). Refused, in the same write, when the draft
     * was changed since {@code seen} by anything but {@code device} (issue 17 §3: a desk whose hold lapsed while it
     * slept never writes its old copy over what the tablet saved since, the patient's signature included): when the
     * store's draft was saved at another instant than {@code seen.savedAt()} and not last by {@code device}, or when
     * {@code seen.savedAt()} is an instant and the draft is no longer in progress (recorded, ended or set aside). A
     * draft saved last by {@code device} itself is saved as before, as is a new one ({@link Seen#NONE}, none there).
     *
     * @param patientMode whether the tablet was in (locked) patient mode
     * @param device      the device saving it; null: none (the draft is left held by nobody)
     * @param seen        what {@code device} last saw of the draft; null: not checked (tools and tests)
     * @param now         when it is saved (an instant; shown in the clinic's zone)
     * @throws DraftHeldException            when another device holds it (not lapsed at {@code now}): not saved
     * @throws DraftChangedElsewhereException when it changed since {@code seen} as said above: not saved
     * @throws BusyException                 when another program kept writing longer than the busy timeout: not saved
     * @throws StoreException                naming the draft when it cannot be written
     * @throws IllegalArgumentException      when the session's id cannot name a draft
     */
    void save(ConsentSession session, boolean patientMode, Device device, Seen seen, Instant now)
            throws StoreException;

    /**
     * As {@link #save(ConsentSession, boolean, Device, Seen, Instant)}, for the store inside one of its write
     * transactions (a draft kept on a device written to the store with its audit entry in the same write,
     * {@link RecordStore#draftRestoredFromDevice}): takes no lock of its own. Not for a screen.
     *
     * @throws DraftHeldException            when another device holds it (not lapsed at {@code now}): not saved
     * @throws DraftChangedElsewhereException when it changed since {@code seen}: not saved
     */
    void saveInWrite(ConsentSession session, boolean patientMode, Device device, Seen seen, Instant now)
            throws StoreException;

    /**
     * Keeps {@code session} among the abandoned drafts under a new aside name ({@link #asideName}'s rule:
     * {@code ID-MILLIS}, never replacing one), with {@code reason} and the time, whether or not a draft of that id is in
     * progress (which is left as it is): a draft kept on a device that the store's own draft must not be overwritten
     * by (issue 17 §3). For the store inside one of its write transactions; takes no lock. Not for a screen.
     *
     * @return the name it is kept under among the abandoned drafts
     */
    String setAsideInWrite(ConsentSession session, boolean patientMode, String reason, Instant now)
            throws StoreException;

    /**
     * Takes or renews the hold of draft {@code id} for {@code device} (the wizard's heartbeat), its content
     * untouched: held from {@code now} for {@link #HOLD}; since when stays when {@code device} held it already.
     *
     * @return the hold now kept
     * @throws DraftHeldException when another device holds it (not lapsed at {@code now}): nothing changed
     * @throws RefusedException   when there is no such draft
     */
    default DraftStore.Hold hold(String id, Device device, Instant now) throws StoreException {
        return hold(id, device, null, now);
    }

    /**
     * As {@link #hold(String, Device, Instant)}, the open wizard's heartbeat, refused when the draft changed since
     * {@code seen} by anything but {@code device} (the rule of {@link #save(ConsentSession, boolean, Device, Seen,
     * Instant)}), so that a wizard left open on a stale copy does not take the draft back from the device that saved
     * it since.
     *
     * @param seen what {@code device} last saw of the draft; null: not checked
     * @throws DraftChangedElsewhereException when it changed since {@code seen}: nothing changed
     */
    DraftStore.Hold hold(String id, Device device, Seen seen, Instant now) throws StoreException;

    /**
     * Takes draft {@code id} over for {@code device} even while another device holds it (staff chose to, told
     * where it is open; issue 17 §3): {@code device} holds it from {@code now}, and the other device's next save
     * or hold is refused. Takes the store's write lock for its moment.
     *
     * @return the hold taken over (another device's, not lapsed at {@code now}), or null when none was
     * @throws RefusedException when there is no such draft
     */
    DraftStore.Hold takeOver(String id, Device device, Instant now) throws StoreException;

    /**
     * As {@link #takeOver}, for the store inside one of its write transactions (so that the takeover is audited in
     * the same write; {@link RecordStore#draftTakenOver}): takes no lock of its own. Not for a screen.
     */
    DraftStore.Hold takeOverInWrite(String id, Device device, Instant now) throws StoreException;

    /**
     * Gives back {@code device}'s hold of draft {@code id} (the wizard closed on it): held by nobody from then. No
     * error when there is no such draft or {@code device} does not hold it (then nothing changes).
     */
    void release(String id, Device device, Instant now) throws StoreException;

    /**
     * The draft of consultation {@code id}.
     *
     * @throws RefusedException when there is no such draft
     * @throws StoreException   naming the draft when it cannot be read
     */
    DraftStore.Draft load(String id) throws StoreException;

    /** Every draft, oldest saved first (the wizard offers to resume them), each with its hold as kept. */
    List<DraftStore.Draft> list() throws StoreException;

    /** Removes the draft of {@code id} (its consent was recorded); none there is no error. */
    void remove(String id) throws StoreException;

    /**
     * Abandons a draft explicitly: it is set aside with {@code reason} and the time, never deleted.
     *
     * @return the name it is kept under among the abandoned drafts ({@code ID-MILLIS})
     * @throws RefusedException when there is no such draft
     */
    String abandon(String id, String reason, Instant now) throws StoreException;

    /**
     * The name draft {@code id} would be kept under among the abandoned drafts if set aside at {@code now}:
     * {@code ID-MILLIS}, or {@code ID-MILLIS-2}, {@code -3} … when that is taken (an abandoned draft is never
     * replaced); null when there is no such draft. Reads only; for the store inside its write, with
     * {@link #abandonInWrite}.
     */
    String asideName(String id, Instant now) throws StoreException;

    /**
     * As {@link #abandon}, under the name {@link #asideName} gave, for the store itself inside one of its write
     * transactions, which already holds the write lock (so that the draft is set aside in the same write as the audit
     * entry that says so; issue 16 §5): takes no lock of its own. Not for a screen.
     *
     * @throws RefusedException when there is no such draft, or the name is taken
     */
    void abandonInWrite(String id, String name, String reason, Instant now) throws StoreException;
}
