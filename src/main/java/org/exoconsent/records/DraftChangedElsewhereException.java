package org.exoconsent.records;

import java.time.Instant;

/**
 * A save (or a hold's renewal) of a draft refused because the draft in the store is no longer the one the saving
 * device last saved or opened (issue 17 §3; docs/ARCHITECTURE.md "Draft holds"): another device saved it since (a
 * desk whose hold lapsed while it slept, the tablet having taken the draft, edited and released it), or it is no
 * longer in progress (recorded, ended or set aside meanwhile). Nothing was changed: the store's draft, with whatever
 * the patient signed there, stays as it is. The message names the draft, when it was last seen and by whom it was
 * saved since (instants, UTC); the getters give them to a screen to say in the clinic's words and zone.
 */
public final class DraftChangedElsewhereException extends ConflictException {
    private static final long serialVersionUID = 1L;
    private final String draft;
    private final transient Instant lastSeen;
    private final transient Instant savedAt;
    private final transient Device savedBy;

    /**
     * @param draft    the draft's name
     * @param lastSeen when the saving device last saw it saved ({@link Drafts.Seen#savedAt})
     * @param savedAt  when it was saved since in the store; null when it is no longer in progress there
     * @param savedBy  the device that saved it then; null when none is known (saved by a tool, or not in progress)
     */
    DraftChangedElsewhereException(String draft, Instant lastSeen, Instant savedAt, Device savedBy) {
        super(savedAt == null
                ? "draft " + draft + " is no longer in progress in the store (recorded, ended or set aside since this "
                        + "device last saw it, saved at " + lastSeen + "); it was not saved again"
                : "draft " + draft + " was saved at " + savedAt + " by " + (savedBy == null ? "another program"
                        : "device '" + savedBy.label() + "' (" + savedBy.id() + ")") + " since this device last saw "
                        + "it" + (lastSeen == null ? " (never)" : ", saved at " + lastSeen) + "; it was not saved "
                        + "over (reopen it from the store)", null);
        this.draft = draft;
        this.lastSeen = lastSeen;
        this.savedAt = savedAt;
        this.savedBy = savedBy;
    }

    /** The draft's name (the consultation's id). */
    public String draft() {
        return draft;
    }

    /** When the refused device last saw the draft saved; null when it never did. */
    public Instant lastSeen() {
        return lastSeen;
    }

    /** When the draft was saved since in the store; null when it is no longer in progress there. */
    public Instant savedAt() {
        return savedAt;
    }

    /** The device that saved it since; null when none is known or it is no longer in progress. */
    public Device savedBy() {
        return savedBy;
    }
}
