package org.exoconsent.ui;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.util.Duration;
import org.exoconsent.records.Device;
import org.exoconsent.records.DraftHeldException;
import org.exoconsent.records.Drafts;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.StoreException;

/**
 * The open wizard's hold of the draft it edits (issue 17 §3; docs/ARCHITECTURE.md "Draft holds"): renewed every
 * quarter of {@link Drafts#HOLD} (30 s; {@code -Dexoconsent.draftHeartbeatMillis} for tests) while the wizard is open,
 * as each autosave renews it too, and given back when the wizard closes; while the draft is kept on this device (the
 * server could not be reached, {@link org.exoconsent.usecases.DeviceDrafts}) a renewal tries to bring it to the store
 * instead. When a renewal or a save is refused because
 * another device took the draft over, {@code lost} is told once, on the FX thread, and renewing stops. A renewal that
 * finds the draft saved by another device since this wizard last saw it takes no hold back and is reported to
 * {@code heard} ({@code DeviceDrafts.Kept.CHANGED_ELSEWHERE}), as a refused save is. The store is reached on the
 * background executor, never on the FX thread.
 */
final class WizardHold {
    private final Drafts drafts;
    private final Device device;
    private final Clock clock;
    private final Executor background;
    private final Consumer<DraftHeldException> lost;
    private final org.exoconsent.usecases.DeviceDrafts.Saving saving;
    private final Consumer<org.exoconsent.usecases.DeviceDrafts.Outcome> heard;
    private final String id;
    private final Timeline beat;
    /** Whether the hold was lost or given back (no more renewals, {@code lost} told at most once). */
    private volatile boolean over;

    /**
     * Starts renewing the hold of draft {@code id} for {@code device}.
     *
     * @param saving the saving of the draft (issue 17 §3): each renewal is its {@code heartbeat}, which, while the
     *               draft is kept on this device, tries to bring it to the store instead
     * @param lost   told (on the FX thread) when another device took the draft over
     * @param heard  told (on the background thread) what each renewal did
     */
    WizardHold(Drafts drafts, org.exoconsent.usecases.DeviceDrafts.Saving saving, Device device, Clock clock,
               Executor background, String id, Consumer<DraftHeldException> lost,
               Consumer<org.exoconsent.usecases.DeviceDrafts.Outcome> heard) {
        this.drafts = drafts;
        this.saving = saving;
        this.heard = heard;
        this.device = device;
        this.clock = clock;
        this.background = background;
        this.id = id;
        this.lost = lost;
        long every = Long.getLong("exoconsent.draftHeartbeatMillis", Drafts.HOLD.toMillis() / 4);
        beat = new Timeline(new KeyFrame(Duration.millis(every), e -> renew()));
        beat.setCycleCount(Timeline.INDEFINITE);
        beat.play();
    }

    /** The draft it holds (the consultation's id). */
    String id() {
        return id;
    }

    /** The device the wizard saves as. */
    Device device() {
        return device;
    }

    /** Renews the hold now, off the FX thread; a draft not saved yet (a new consultation) has none to renew. */
    void renew() {
        if (over) {
            return;
        }
        background.execute(() -> {
            try {
                heard.accept(saving.heartbeat());
            } catch (DraftHeldException e) {
                lostTo(e);
            } catch (RefusedException e) {
                // not saved yet: the first autosave takes it
            } catch (StoreException e) {
                // renewed by the next beat or save
            }
        });
    }

    /**
     * Before the consultation is recorded (issue 17 §3; {@code ConsultationServices.HoldCheck}): renews the hold now,
     * on the calling thread (the background executor's, never the FX thread), as a renewal does. Once it passes, no
     * other device may save the draft for {@link Drafts#HOLD} (its saves are refused as held), so the consent is
     * recorded from the draft this wizard last saw. A draft not saved yet (a new consultation) passes; a draft kept on
     * this device is tried in the store first, as by a renewal.
     *
     * @throws DraftHeldException when another device took the draft over (told to {@code lost}, as a renewal's)
     * @throws org.exoconsent.records.DraftChangedElsewhereException when another device saved it since this wizard
     *                                last saw it (told to {@code heard}: the wizard closes saying so)
     */
    void checkBeforeRecording() throws StoreException {
        if (over) {
            throw new StoreException("this wizard no longer holds draft " + id + " (taken over by another device, or "
                    + "closed): nothing was recorded");
        }
        org.exoconsent.usecases.DeviceDrafts.Outcome o;
        try {
            o = saving.heartbeat();
        } catch (DraftHeldException e) {
            lostTo(e);
            throw e;
        } catch (RefusedException e) {
            return; // not saved yet: no other device can have it
        }
        heard.accept(o);
        if (o.kept() == org.exoconsent.usecases.DeviceDrafts.Kept.CHANGED_ELSEWHERE) {
            throw o.changed();
        }
    }

    /** A save or renewal was refused because another device holds the draft: told once, on the FX thread. */
    void lostTo(DraftHeldException e) {
        Platform.runLater(() -> {
            if (!over) {
                over = true;
                beat.stop();
                lost.accept(e);
            }
        });
    }

    /** Whether the hold was lost or given back: the wizard saves no more. */
    boolean over() {
        return over;
    }

    /** The wizard closed: renewing stops and the hold is given back (off the FX thread; lapses anyway if that fails). */
    void release() {
        if (over) {
            return;
        }
        over = true;
        beat.stop();
        background.execute(() -> {
            try {
                drafts.release(id, device, clock.instant());
            } catch (StoreException e) {
                // it lapses after Drafts.HOLD
            }
        });
    }

    /** As {@link #release}, at once on the calling thread (the app is stopping: its executor is going). */
    void releaseNow() {
        if (over) {
            return;
        }
        over = true;
        beat.stop();
        try {
            drafts.release(id, device, clock.instant());
        } catch (StoreException e) {
            // it lapses after Drafts.HOLD
        }
    }
}
