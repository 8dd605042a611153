package org.exoconsent.records;

/**
 * A change of a draft refused because another device holds it (issue 17 §3): the message names the draft, the device
 * and since when (instants, UTC); {@link #hold()} gives them to a screen to say in the clinic's words and zone.
 * Nothing was changed.
 */
public final class DraftHeldException extends RefusedException {
    private static final long serialVersionUID = 1L;
    private final transient DraftStore.Hold hold;

    /**
     * @param draft the draft's name
     * @param hold  the other device's hold, not lapsed when the change was asked
     */
    DraftHeldException(String draft, DraftStore.Hold hold) {
        super("draft " + draft + " is held by device '" + hold.device().label() + "' (" + hold.device().id()
                + ") since " + hold.since() + " until " + hold.until() + " unless renewed; it was not changed (take "
                + "it over, or wait until the hold lapses)");
        this.hold = hold;
    }

    /** The other device's hold. */
    public DraftStore.Hold hold() {
        return hold;
    }
}
