package org.exoconsent.usecases;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.records.AlreadyRecordedException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Drafts;
import org.exoconsent.records.KeyRefusedException;
import org.exoconsent.records.Permission;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;

/**
 * Recording a consent (issue 15 §1, docs/ARCHITECTURE.md "Use cases"): the one way the wizard's "sign and save" and
 * the command line's {@code record} check, render, sign, archive, index and audit a consent session. Each call opens
 * the store as the signed-in person, checks {@link Permission#CONSULT} before any work (a refusal is audited
 * {@code access-refused} by the store and nothing is rendered, signed or archived), then records; the archive write
 * is followed by the index row and its audit entry in one transaction ({@link RecordStore#commit}).
 *
 * <p>The faces give what differs between them: how the store is opened (the app: as the person signed in on the
 * tablet; the command line: a sign-in with a password and its notices), which key signs ({@link KeySource}), and, for
 * a batch, where a session's template comes from ({@link TemplateSource}).
 */
public final class RecordConsent {
    /**
     * Sessions rendered ahead of the one being stored: enough to keep both cores busy, few enough to stay small (each
     * holds a rendered, signed PDF in memory until it is stored).
     */
    static final int WINDOW = 4;

    /** Rendering threads: one per core, at most four (rendering is CPU-bound; the store is written by one thread). */
    static final int RENDER_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** Hears each file's outcome, in the order the files were given, from the calling thread. */
    public interface Outcomes {
        /** {@code file} was recorded: its document id, archived PDF and SHA-256. */
        void recorded(Path file, RecordStore.Recorded r);

        /** {@code file} was refused (or could not be recorded); {@code message} names the file and says why. */
        void refused(Path file, String message);
    }

    /**
     * What a batch did: how many files were recorded, how many refused, and how many of those refusals were the
     * store's damage ({@link org.exoconsent.records.DamagedStoreException}: a stored value changed outside the product
     * that the file needed, such as its lot's expiry), which the command line reports as records not intact (exit 1),
     * not as a bad input (exit 3).
     *
     * @param recorded files recorded
     * @param refused  files not recorded, the damaged ones included
     * @param damaged  of {@code refused}, those stopped by damage in the store
     */
    public record Tally(int recorded, int refused, int damaged) {
        /** A tally without damage. */
        public Tally(int recorded, int refused) {
            this(recorded, refused, 0);
        }
    }

    /**
     * A batch stopped before its end: by a refused signing key ({@link KeyRefusedException}), a key that cannot be
     * opened ({@link KeyException}), a template folder that cannot be read ({@link IOException}) or the store
     * ({@link StoreException}: the sign-in or the permission refused, the disk, an interruption). What was recorded
     * before stays recorded; nothing after it was.
     */
    public static final class Stopped extends Exception {
        private final int recorded;

        Stopped(Exception cause, int recorded) {
            super(cause.getMessage(), cause);
            this.recorded = recorded;
        }

        /** How many files were recorded before the stop. */
        public int recorded() {
            return recorded;
        }
    }

    private final StoreOpening opening;
    private final KeySource keys;

    /**
     * @param opening opens the store as the signed-in person
     * @param keys    which key signs
     */
    public RecordConsent(StoreOpening opening, KeySource keys) {
        this.opening = opening;
        this.keys = keys;
    }

    /**
     * Recording as the person signed in on a tablet, with the data directory's key: the store is opened (purpose
     * {@code "app: …"}) for each call and closed after it, so that the command line can work beside the app.
     *
     * @param clock where the time comes from (only its instant counts; the clinic's zone comes from the store)
     */
    public static RecordConsent asSignedIn(DataDirectory dir, Clock clock, Principal who) {
        return new RecordConsent(StoreOpening.asSignedIn(dir, clock, who), KeySource.clinicKey());
    }

    /** As {@link #asSignedIn(DataDirectory, Clock, Principal)}, on the store this device is set to (issue 17 §1). */
    public static RecordConsent asSignedIn(StoreOpenings store, Principal who) {
        return new RecordConsent(store.asSignedIn(who), KeySource.clinicKey());
    }

    /**
     * The wizard's "sign and save": checks, renders, signs, archives, indexes and audits one consent session with
     * exactly the template version the patient was shown, read and checked again from the clinic's library; then
     * the draft has served and is removed from {@code drafts}. Slow (rendering, signing): call off the FX thread.
     *
     * @throws org.exoconsent.records.AccessDeniedException when the person may not {@link Permission#CONSULT}
     *                                                       (audited; nothing is done, not even a key created)
     * @throws SessionException                              when the session is incomplete (named fields)
     * @throws StoreException                                when the store refuses it (a refused key, a recorded
     *                                                       id, an unknown lot, a corrected template…) or fails
     * @throws KeyException                                  when the clinic's key cannot be opened
     */
    public RecordStore.Recorded recordSession(ConsentSession session, Drafts drafts)
            throws SessionException, StoreException, KeyException {
        try (RecordStore store = opening.open("sign and save")) {
            store.requireRole(Permission.CONSULT, null); // before any work, audited when refused
            SigningKey key = keys.load(store, session.clinic().name()); // registered when made
            ConsentTemplate t = store.signingTemplate(session.template().id(), session.template().version());
            RecordStore.Recorded r = store.record(session, t, key, "consultation " + session.id());
            removeServed(drafts, session.id());
            return r;
        }
    }

    /**
     * Records session files, each on its own: read and pre-checked on the calling thread (which alone uses the
     * store), rendered and signed on {@link #RENDER_THREADS} threads at most {@link #WINDOW} ahead of the one being
     * stored, and stored in the order given. A bad file (unreadable, incomplete, already recorded, a template or a
     * lot the clinic does not have, a fault while rendering it) is reported to {@code out} with its message and
     * never stops the others (issue 14 §2). The key is loaded, and checked as registered and current, once, for the
     * first file that passes its checks (completeness included); a refused key stops the batch (issue 13 §2).
     *
     * @return how many were recorded and refused
     * @throws Stopped when the batch stopped (see {@link Stopped}); its cause says why, {@link Stopped#recorded()}
     *                 how many files were recorded before
     */
    public Tally recordBatch(List<Path> sessions, TemplateSource templates, Outcomes out) throws Stopped {
        int[] counts = new int[3]; // recorded, refused, of which the store's damage
        ExecutorService renderers = Executors.newFixedThreadPool(RENDER_THREADS, r -> {
            Thread t = new Thread(r, "exoconsent-render");
            t.setDaemon(true);
            return t;
        });
        try (RecordStore store = opening.open("record")) {
            store.requireRole(Permission.CONSULT, "record"); // before any work, audited when refused
            Deque<Pending> pending = new ArrayDeque<>();
            SigningKey key = null;
            for (Path file : sessions) {
                if (org.exoconsent.consent.RefusalJson.isRefusal(file)) {
                    // an informed refusal (issue 16 §5): recorded in its turn, after those before it
                    while (!pending.isEmpty()) {
                        finish(store, pending.poll(), counts, out);
                    }
                    key = recordRefusal(store, file, templates, key, counts, out);
                    continue;
                }
                try {
                    ConsentSession s = SessionJson.read(file);
                    ConsentTemplate t = templates.forSession(s, file, store);
                    store.refuseBeforeRecording(s, t, file.toString());
                    if (key == null) {
                        CompletenessCheck.require(s, t, store.clinicClock(), file.toString());
                        SigningKey loaded = keys.load(store, s.clinic().name());
                        // only a registered, current key signs a record (issue 13 §2): refused once, for the batch
                        store.requireRegisteredSigner(loaded, keys.what(), keys.file());
                        key = loaded;
                    }
                    SigningKey k = key;
                    pending.add(new Pending(file, renderers.submit(() -> store.prepare(s, t, k, file.toString()))));
                } catch (KeyRefusedException | org.exoconsent.records.StoreUnreachableException e) {
                    throw e; // stops the batch: the files after it are not refused one by one for the server's fault
                } catch (SessionException | TemplateException | StoreException | RuntimeException e) {
                    // one bad file never stops the others (issue 14 §2): it is reported when its turn comes
                    pending.add(new Pending(file, CompletableFuture.failedFuture(e)));
                }
                while (pending.size() >= WINDOW) {
                    finish(store, pending.poll(), counts, out);
                }
            }
            while (!pending.isEmpty()) {
                finish(store, pending.poll(), counts, out);
            }
        } catch (StoreException | KeyException | IOException e) {
            throw new Stopped(e, counts[0]);
        } finally {
            renderers.shutdownNow();
        }
        return new Tally(counts[0], counts[1], counts[2]);
    }

    private record Pending(Path file, Future<RecordStore.Prepared> prepared) {
    }

    /**
     * Records one informed refusal's file of a batch, on the calling thread; a refusal of it is reported and the
     * batch goes on. Returns the key, loaded and checked here when none was yet.
     */
    private SigningKey recordRefusal(RecordStore store, Path file, TemplateSource templates, SigningKey key,
                                     int[] counts, Outcomes out) throws StoreException, KeyException, IOException {
        try {
            org.exoconsent.consent.InformedRefusal r = org.exoconsent.consent.RefusalJson.read(file);
            if (r.consultation() == null) {
                throw new SessionException(file.toString(), List.of("consultation: missing (the consultation the "
                        + "patient declined)"));
            }
            ConsentTemplate t = templates.forSession(r.consultation(), file, store);
            if (key == null) {
                CompletenessCheck.requireRefusal(r, t, store.clinicClock(), file.toString());
                SigningKey loaded = keys.load(store, r.consultation().clinic().name());
                store.requireRegisteredSigner(loaded, keys.what(), keys.file());
                key = loaded;
            }
            RecordStore.Recorded recorded = store.recordRefusal(r, t, key, file.toString());
            counts[0]++;
            out.recorded(file, recorded);
        } catch (KeyRefusedException e) {
            throw e;
        } catch (SessionException | TemplateException | org.exoconsent.records.RefusedException
                 | org.exoconsent.records.DamagedStoreException e) {
            refused(file, e, counts, out);
        }
        return key;
    }

    /**
     * The wizard's informed refusal (issue 16 §5): checks, renders, signs, archives, indexes and audits it with
     * exactly the template version the patient was shown, read and checked again from the clinic's library; then the
     * consultation's draft has served and is removed. Slow: call off the FX thread.
     *
     * @throws org.exoconsent.records.AccessDeniedException when the person may not {@link Permission#CONSULT}
     * @throws SessionException                              when the refusal is incomplete (named fields)
     * @throws StoreException                                when the store refuses it or fails
     * @throws KeyException                                  when the clinic's key cannot be opened
     */
    public RecordStore.Recorded recordRefusal(org.exoconsent.consent.InformedRefusal refusal, Drafts drafts)
            throws SessionException, StoreException, KeyException {
        ConsentSession s = refusal.consultation();
        try (RecordStore store = opening.open("informed refusal")) {
            store.requireRole(Permission.CONSULT, null);
            SigningKey key = keys.load(store, s.clinic().name());
            ConsentTemplate t = store.signingTemplate(s.template().id(), s.template().version());
            RecordStore.Recorded r = store.recordRefusal(refusal, t, key, "informed refusal " + refusal.id());
            removeServed(drafts, s.id());
            return r;
        }
    }

    /**
     * Removes the draft of a consultation just recorded. The record is committed by then: a draft that cannot be
     * removed (the server went away in between, issue 17 §3) does not make the recording fail — the app would say
     * "not recorded" of a consent that is — and stays among the drafts, where signing it again is refused as
     * already recorded.
     */
    private static void removeServed(Drafts drafts, String id) {
        try {
            drafts.remove(id);
        } catch (StoreException e) {
            // see above
        }
    }

    /** Stores one rendered session, in the order given; a refusal is reported and the batch goes on. */
    /** Counts and reports one file that was not recorded; damage in the store counted as such. */
    private static void refused(Path file, Throwable why, int[] counts, Outcomes out) {
        counts[1]++;
        if (why instanceof org.exoconsent.records.DamagedStoreException) {
            counts[2]++;
        }
        out.refused(file, why.getMessage());
    }

    private static void finish(RecordStore store, Pending p, int[] counts, Outcomes out) throws StoreException {
        try {
            RecordStore.Recorded r = store.commit(p.prepared().get());
            counts[0]++;
            out.recorded(p.file(), r);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.exoconsent.records.StoreUnreachableException lost) {
                throw lost; // the server went away: the batch stops (exit 4), nothing more is counted as refused
            }
            if (cause instanceof SessionException || cause instanceof TemplateException
                    || cause instanceof StoreException) {
                refused(p.file(), cause, counts, out);
            } else if (cause instanceof RuntimeException) {
                // a fault of this file alone (the limits let no input exhaust memory): reported, the batch goes on
                counts[1]++;
                out.refused(p.file(), p.file() + ": could not be recorded: " + cause);
            } else {
                throw new StoreException(p.file() + ": could not be rendered: " + cause, cause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted; the records stored so far are complete", e);
        } catch (AlreadyRecordedException e) {
            counts[1]++;
            out.refused(p.file(), e.getMessage());
        }
    }
}
