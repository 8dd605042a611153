package org.exoconsent.usecases;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.DeviceDraftCache;
import org.exoconsent.records.Device;
import org.exoconsent.records.DraftHeldException;
import org.exoconsent.records.Drafts;
import org.exoconsent.records.Permission;
import org.exoconsent.records.PostgresConnections;
import org.exoconsent.records.PostgresLocation;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;

/**
 * Drafts kept on this device while the clinic's PostgreSQL server cannot be reached (issue 17 §3;
 * docs/ARCHITECTURE.md "Drafts kept on the device"). The wizard saves its draft through {@link Saving}: in the store
 * as before, or, when the server cannot be reached (only then: any other refusal is said as before), in this device's
 * own cache ({@link DeviceDraftCache}, owner-only), with the signatures captured so far. When the server is back the
 * cached draft is written to the store as a draft — never recorded: a physician records — by the wizard's next save
 * or heartbeat ({@link Saving#save}, {@link Saving#heartbeat}), or, for drafts whose wizard is closed, by the home
 * screen's next listing of the drafts after a sign-in or a return home ({@link #restoreAll}), with the audit entry
 * {@value RecordStore#DRAFT_RESTORED_FROM_DEVICE} ({@link RecordStore#draftRestoredFromDevice}, whose rule keeps a
 * draft changed meanwhile on another device from being overwritten); the local copy is deleted only after that
 * write was committed. A data directory has no cache: its drafts are saved as before.
 *
 * <p>Each store call opens the store as the signed-in person ({@link Permission#CONSULT} checked, a refusal
 * audited).
 */
public final class DeviceDrafts {
    private final StoreOpenings store;
    private final Principal who;
    private final Device device;
    private final DeviceDraftCache cache;
    private final String storeName;
    private final Clock clock;

    /**
     * @param store  the store this device is set to; its {@link StoreOpenings#draftCache} is the cache (none for a
     *               data directory)
     * @param who    the person signed in on this device
     * @param device this device
     */
    public DeviceDrafts(StoreOpenings store, Principal who, Device device) {
        this.store = store;
        this.who = who;
        this.device = device;
        this.cache = store.draftCache().orElse(null);
        this.storeName = store.location() instanceof PostgresLocation p ? DeviceDraftCache.storeOf(p) : null;
        this.clock = store.clock();
    }

    /** Whether drafts can be kept on this device (a PostgreSQL store with a cache). */
    public boolean cached() {
        return cache != null;
    }

    /** The drafts of this store kept on this device, oldest first (none without a cache). */
    public List<DeviceDraftCache.Cached> kept() throws StoreException {
        return cache == null ? List.of() : cache.of(storeName);
    }

    /**
     * What {@link #restoreAll} did, and what it left on this device.
     *
     * @param restored    what became of each draft of this store brought to it, in order
     * @param notRead     the cache's files that could not be read (too large, broken): not restored, left in place
     * @param otherStores drafts on this device that belong to another store (another server or database), counted
     * @param folder      the cache's folder, where they are
     */
    public record Restoring(List<RecordStore.FromDevice> restored, List<DeviceDraftCache.NotRead> notRead,
                            List<DeviceDraftCache.OtherStore> otherStores, java.nio.file.Path folder) {
        public Restoring {
            restored = List.copyOf(restored);
            notRead = List.copyOf(notRead);
            otherStores = List.copyOf(otherStores);
        }
    }

    /**
     * Writes every draft of this store kept on this device to the store ({@link RecordStore#draftRestoredFromDevice},
     * held by nobody), except those {@code skip} names (the draft open in this device's wizard, which restores its
     * own), deleting each local copy once its write was committed. A file of the cache that cannot be read (larger
     * than {@link DeviceDraftCache#MAX_FILE_BYTES}, broken) does not stop the others: it is left in place and named in
     * the result, as are the drafts of other stores. Stops at the first failure of the store, which it throws: what
     * was restored before stays restored, the rest stays on the device.
     *
     * @return what was restored and what was left on the device (nothing without a cache)
     * @throws StoreException when the store cannot be reached or refuses (nothing more is tried)
     */
    public Restoring restoreAll(Predicate<String> skip) throws StoreException {
        List<RecordStore.FromDevice> done = new ArrayList<>();
        if (cache == null) {
            return new Restoring(done, List.of(), List.of(), null);
        }
        DeviceDraftCache.Contents contents = cache.contents(storeName);
        for (DeviceDraftCache.Cached c : contents.drafts()) {
            if (!skip.test(c.draftId())) {
                done.add(restore(c, null));
            }
        }
        return new Restoring(done, contents.notRead(), contents.otherStores(), cache.folder());
    }

    /** One cached draft into the store, then its local copy deleted. */
    private RecordStore.FromDevice restore(DeviceDraftCache.Cached c, Device holder) throws StoreException {
        RecordStore.FromDevice f;
        try (RecordStore s = Permitted.open(store.asSignedIn(who), Permission.CONSULT,
                "restore a draft kept on this device")) {
            f = s.draftRestoredFromDevice(c, holder);
        }
        cache.remove(storeName, c.draftId()); // only after the store's write was committed
        return f;
    }

    /**
     * The draft of the consultation open in this device's wizard.
     *
     * @param id           the consultation's id
     * @param savedInStore when the draft was last saved in the store as this device knows it (a resumed draft's
     *                     {@code savedAt}), or null for a new consultation
     * @throws StoreException when a copy kept on this device cannot be read
     */
    public Saving saving(String id, Instant savedInStore) throws StoreException {
        Saving s = new Saving(id, savedInStore);
        if (cache != null) {
            Optional<DeviceDraftCache.Cached> left;
            try {
                left = cache.find(storeName, id);
            } catch (org.exoconsent.records.RefusedException e) {
                // a folder others may read is not read: the draft is saved in the store as before, and the refusal
                // is said if the draft ever has to be kept there (NotKept) and on the home screen
                left = Optional.empty();
            }
            if (left.isPresent()) { // kept here before (the app stopped while the server was away)
                s.savedInStore = left.get().savedInStore();
                s.onDevice = true;
            }
        }
        return s;
    }

    /**
     * The server could not be reached and this device could not keep the draft either (its cache refused: a folder
     * other accounts may read, named; or a full disk): the draft is nowhere new. The message says why.
     */
    public static final class NotKept extends StoreException {
        private static final long serialVersionUID = 1L;

        NotKept(StoreException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Puts {@code c} in the cache, a failure said as {@link NotKept}. */
    private void keep(DeviceDraftCache.Cached c) throws NotKept {
        try {
            cache.put(c);
        } catch (StoreException e) {
            throw new NotKept(e);
        }
    }

    /** Where the wizard's draft was saved. */
    public enum Kept {
        /** In the store. */
        IN_STORE,
        /** On this device: the server could not be reached. */
        ON_DEVICE,
        /** The copy kept on this device was written to the store as the draft (the server is back). */
        RESTORED,
        /**
         * The copy kept on this device was not made the draft: the store's draft was changed meanwhile on another
         * device (or recorded, ended, taken over); the copy is kept among the abandoned drafts and this wizard
         * saves no more.
         */
        SET_ASIDE,
        /**
         * Not saved: the store's draft was saved by another device since this wizard last saved or opened it (its hold
         * lapsed meanwhile: the desk slept while the tablet went on), or it is no longer in progress (issue 17 §3). The
         * store's draft is left as it is; the wizard's copy, when a save brought one, is kept among the abandoned
         * drafts ({@link RecordStore#draftChangedElsewhere}; none for a heartbeat, which brings no change). This
         * wizard saves no more: the physician reopens the consultation from the store.
         */
        CHANGED_ELSEWHERE
    }

    /**
     * What a save or heartbeat did: where the draft is, and, once brought to the store or set aside, what became of
     * this device's copy ({@code fromDevice}; null when it was simply saved, or a heartbeat found the draft changed
     * elsewhere); {@code changed} the store's refusal when {@link Kept#CHANGED_ELSEWHERE}, else null.
     */
    public record Outcome(Kept kept, RecordStore.FromDevice fromDevice,
                          org.exoconsent.records.DraftChangedElsewhereException changed) {
        /** An outcome with no refusal. */
        public Outcome(Kept kept, RecordStore.FromDevice fromDevice) {
            this(kept, fromDevice, null);
        }
    }

    /**
     * The saving of one consultation's draft, as the wizard goes (one at a time: its methods are synchronised).
     * A save that the server cannot take because it cannot be reached keeps the draft on this device; while it is
     * kept there, every save updates the local copy first and then tries to bring it to the store.
     */
    public final class Saving {
        private final String id;
        private Instant savedInStore;
        private boolean onDevice;

        private Saving(String id, Instant savedInStore) {
            this.id = id;
            this.savedInStore = savedInStore;
        }

        /** The consultation's id (the draft's name). */
        public String id() {
            return id;
        }

        /** Whether the draft is on this device now, waiting for the server. */
        public synchronized boolean onDevice() {
            return onDevice;
        }

        /**
         * Saves the consultation so far, held by this device.
         *
         * <p>The store refuses it when the draft was saved by another device since this one last saved or opened it
         * ({@link Drafts#save(ConsentSession, boolean, Device, Drafts.Seen, Instant)}): then this copy is kept among
         * the abandoned drafts, audited ({@link RecordStore#draftChangedElsewhere}), the outcome is
         * {@link Kept#CHANGED_ELSEWHERE}, and every later save of this saving is refused the same way (each copy set
         * aside, never saved over the store's draft).
         *
         * @throws DraftHeldException when another device holds it: not saved (the wizard says it was taken over)
         * @throws NotKept            when the server cannot be reached and the device's cache cannot keep it either
         * @throws StoreException     when the store refuses it for any reason but an unreachable server
         */
        public synchronized Outcome save(ConsentSession session, boolean patientMode) throws StoreException {
            Instant now = clock.instant();
            if (cache == null) {
                try {
                    store.drafts(who).save(session, patientMode, device, new Drafts.Seen(savedInStore), now);
                } catch (org.exoconsent.records.DraftChangedElsewhereException e) {
                    return setAside(session, patientMode, e);
                }
                savedInStore = now;
                return new Outcome(Kept.IN_STORE, null);
            }
            if (onDevice) {
                DeviceDraftCache.Cached c = new DeviceDraftCache.Cached(storeName, session, patientMode, now,
                        savedInStore, device);
                keep(c); // the newest on the device first: nothing is lost if the store fails
                return bringBack(c);
            }
            try {
                store.drafts(who).save(session, patientMode, device, new Drafts.Seen(savedInStore), now);
                savedInStore = now;
                return new Outcome(Kept.IN_STORE, null);
            } catch (DraftHeldException e) {
                throw e;
            } catch (org.exoconsent.records.DraftChangedElsewhereException e) {
                return setAside(session, patientMode, e);
            } catch (StoreException e) {
                if (!PostgresConnections.unreachable(e)) {
                    throw e;
                }
                keep(new DeviceDraftCache.Cached(storeName, session, patientMode, now, savedInStore, device));
                onDevice = true;
                return new Outcome(Kept.ON_DEVICE, null);
            }
        }

        /**
         * The wizard's heartbeat: renews this device's hold of the draft ({@link Drafts#hold}), or, while the draft
         * is kept on this device, tries to bring it to the store.
         *
         * <p>A draft saved by another device since this one last saved or opened it is not held again: the outcome is
         * {@link Kept#CHANGED_ELSEWHERE} (nothing set aside: a heartbeat brings no change of this device's).
         *
         * @throws DraftHeldException when another device holds it
         * @throws StoreException     when the store cannot renew the hold (no such draft yet: a new consultation)
         */
        public synchronized Outcome heartbeat() throws StoreException {
            if (onDevice) {
                Optional<DeviceDraftCache.Cached> c = cache.find(storeName, id);
                if (c.isPresent()) {
                    return bringBack(c.get());
                }
                onDevice = false; // deleted meanwhile (restored by the home screen): saved again by the next change
            }
            try {
                store.drafts(who).hold(id, device, new Drafts.Seen(savedInStore), clock.instant());
            } catch (org.exoconsent.records.DraftChangedElsewhereException e) {
                return new Outcome(Kept.CHANGED_ELSEWHERE, null, e);
            }
            return new Outcome(Kept.IN_STORE, null);
        }

        /**
         * This device's copy, which the store refused to save over its draft (changed elsewhere since), kept among the
         * abandoned drafts with the audit entry; the store's draft is left as it is.
         */
        private Outcome setAside(ConsentSession session, boolean patientMode,
                                 org.exoconsent.records.DraftChangedElsewhereException refused)
                throws StoreException {
            RecordStore.FromDevice f;
            try (RecordStore s = Permitted.open(store.asSignedIn(who), Permission.CONSULT,
                    "keep a draft changed on another device")) {
                f = s.draftChangedElsewhere(session, patientMode, device, refused);
            }
            return new Outcome(Kept.CHANGED_ELSEWHERE, f, refused);
        }

        /** The copy kept here into the store, held by this device; on an unreachable server it stays here. */
        private Outcome bringBack(DeviceDraftCache.Cached c) throws StoreException {
            RecordStore.FromDevice f;
            try {
                f = restore(c, device);
            } catch (StoreException e) {
                if (PostgresConnections.unreachable(e)) {
                    return new Outcome(Kept.ON_DEVICE, null);
                }
                throw e;
            }
            onDevice = false;
            if (!f.asTheDraft()) {
                return new Outcome(Kept.SET_ASIDE, f);
            }
            savedInStore = f.at();
            return new Outcome(Kept.RESTORED, f);
        }
    }
}
