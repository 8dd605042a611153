package org.exoconsent.records;

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
 */
public interface Drafts {
    /**
     * Saves the consultation so far, replacing its earlier draft whole (never half written).
     *
     * @param patientMode whether the tablet was in (locked) patient mode
     * @param now         when it is saved (an instant; shown in the clinic's zone)
     * @throws BusyException          when another program kept writing longer than the busy timeout: not saved
     * @throws StoreException         naming the draft when it cannot be written
     * @throws IllegalArgumentException when the session's id cannot name a draft
     */
    void save(ConsentSession session, boolean patientMode, Instant now) throws StoreException;

    /**
     * The draft of consultation {@code id}.
     *
     * @throws RefusedException when there is no such draft
     * @throws StoreException   naming the draft when it cannot be read
     */
    DraftStore.Draft load(String id) throws StoreException;

    /** Every draft, oldest saved first (the wizard offers to resume them). */
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
