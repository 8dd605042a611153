package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drafts' contract (issue 15 §1): a saved draft is read back and listed, removed when recorded, abandoned only
 * with a reason and then kept; and every change waits for the store's write lock, so two programs saving one draft
 * never interleave (issue 15 §2). A draft is held by one device at a time (issue 17 §3): another device is refused
 * and told who holds it and since when, takes it over only knowingly, and a device that disappears loses it after
 * {@link Drafts#HOLD}.
 */
class DraftsTest {
    /**
     * A fresh opening of the store of {@code dir}: SQLite's data directory here; a second vendor's subclass opens
     * its own store (a second call, a second opening of the same store).
     */
    Stores open(DataDirectory dir) throws StoreException {
        return SqliteStores.open(dir);
    }

    /** The drafts a screen with no opening of the store saves through (SQLite's: {@link DraftStore} of the folder). */
    Drafts screenDrafts(DataDirectory dir) throws StoreException {
        return new DraftStore(dir);
    }

    /**
     * What is kept of the draft set aside under {@code name} ({@code INSTANT REASON}), null when nothing is: SQLite's
     * store keeps the draft's file in the abandoned drafts' folder and the reason beside it.
     */
    String keptReason(DataDirectory dir, Stores stores, String name) throws Exception {
        Path file = dir.abandonedDrafts().resolve(name + ".json");
        Path why = file.resolveSibling(file.getFileName() + DataDirectory.ABANDONED_REASON_SUFFIX);
        return Files.exists(file) && Files.exists(why) ? Files.readString(why) : null;
    }

    @RegisterExtension
    final ShortBusyTimeout shortWait = new ShortBusyTimeout(1_000);

    @TempDir
    Path tmp;

    private static final Instant NOON = Instant.parse("2026-11-20T03:00:00Z");

    @Test
    void aSavedDraftIsReadBackListedRemovedAndAbandonedOnlyWithItsReasonKept() throws Exception {
        DataDirectory dir = new DataDirectory(Files.createDirectories(tmp.resolve("data")));
        try (Stores stores = open(dir)) {
            Drafts drafts = stores.drafts();
            ConsentSession a = Examples.session("complete-ja");
            ConsentSession b = Examples.session("complete-en");
            drafts.save(a, true, NOON);
            drafts.save(b, false, NOON.minusSeconds(60));
            DraftStore.Draft back = drafts.load(a.id());
            assertEquals(a.patient().name(), back.session().patient().name());
            assertTrue(back.patientMode());
            assertEquals(NOON, back.savedAt());
            assertEquals(List.of(b.id(), a.id()), drafts.list().stream().map(d -> d.session().id()).toList(),
                    "oldest saved first");

            drafts.remove(b.id());
            assertThrows(RefusedException.class, () -> drafts.load(b.id()));
            drafts.remove(b.id()); // gone already: no error

            String kept = drafts.abandon(a.id(), "the patient left", NOON.plusSeconds(60));
            assertEquals(List.of(), drafts.list());
            String reason = keptReason(dir, stores, kept);
            assertTrue(reason != null && reason.contains("the patient left"), "an abandoned draft is kept with its "
                    + "reason: " + kept + ": " + reason);
            assertThrows(RefusedException.class, () -> drafts.abandon(a.id(), "again", NOON));

            // the same consultation set aside again in the same millisecond (resumed, saved, ended): a name of its
            // own, the first one and its reason untouched (issue 16 §5)
            drafts.save(a, false, NOON);
            String again = drafts.abandon(a.id(), "declined", NOON.plusSeconds(60));
            assertEquals(kept + "-2", again);
            assertTrue(keptReason(dir, stores, kept).contains("the patient left"));
            assertTrue(keptReason(dir, stores, again).contains("declined"));
            drafts.save(a, false, NOON);
            assertThrows(RefusedException.class, () -> drafts.abandonInWrite(a.id(), kept, "x", NOON),
                    "a taken name is refused");
        }
    }

    @Test
    void aDraftIsSavedOnlyOnceTheWriterBeforeItHasCommitted() throws Exception {
        DataDirectory dir = new DataDirectory(Files.createDirectories(tmp.resolve("data")));
        ConsentSession s = Examples.session("complete-ja");
        try (Stores writer = open(dir)) {
            writer.transactions().beginWrite(); // another program writing
            CompletableFuture<Void> saved = CompletableFuture.runAsync(() -> {
                try {
                    screenDrafts(dir).save(s, false, NOON); // the screen's drafts, with no opening of their own
                } catch (StoreException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertFalse(saved.isDone(), "the save waits for the write lock");
            assertThrows(RefusedException.class, () -> screenDrafts(dir).load(s.id()), "nothing written meanwhile");
            writer.transactions().commit();
            saved.get(10, TimeUnit.SECONDS);
        }
        assertEquals(s.patient().name(), screenDrafts(dir).load(s.id()).session().patient().name());
    }

    @Test
    void aDraftKeptWaitingPastTheBusyTimeoutIsRefusedAndTheSavedOneStays() throws Exception {
        DataDirectory dir = new DataDirectory(Files.createDirectories(tmp.resolve("data")));
        ConsentSession s = Examples.session("complete-ja");
        try (Stores writer = open(dir)) {
            writer.drafts().save(s, true, NOON);
            writer.transactions().beginWrite();
            try (Stores other = open(dir)) {
                assertThrows(BusyException.class, () -> other.drafts().save(s, false, NOON.plusSeconds(1)));
                assertThrows(BusyException.class, () -> screenDrafts(dir).remove(s.id()));
            } finally {
                writer.transactions().rollback();
            }
        }
        DraftStore.Draft kept = screenDrafts(dir).load(s.id());
        assertTrue(kept.patientMode(), "the draft saved before stays as it was");
        assertEquals(NOON, kept.savedAt());
    }

    private static final Device DESK = new Device("desk-1", "診察室1");
    private static final Device TABLET = new Device("tablet-2", "Tablet 2");

    @Test
    void aDraftHeldByTheDeskIsRefusedToTheTabletWhichSeesWhoHoldsItAndSinceWhen() throws Exception {
        DataDirectory dir = new DataDirectory(Files.createDirectories(tmp.resolve("data")));
        ConsentSession s = Examples.session("complete-ja");
        try (Stores desk = open(dir); Stores tablet = open(dir)) {
            desk.drafts().save(s, false, DESK, NOON);
            DraftHeldException refused = assertThrows(DraftHeldException.class,
                    () -> tablet.drafts().save(s, true, TABLET, NOON.plusSeconds(30)));
            assertTrue(refused.getMessage().contains("診察室1") && refused.getMessage().contains(NOON.toString()),
                    "the refusal names the device and since when: " + refused.getMessage());
            assertEquals(DESK, refused.hold().device());
            assertThrows(DraftHeldException.class, () -> tablet.drafts().hold(s.id(), TABLET, NOON.plusSeconds(30)));
            assertThrows(DraftHeldException.class, () -> tablet.drafts().save(s, true, NOON.plusSeconds(30)),
                    "a save as no device is refused too");

            DraftStore.Draft seen = tablet.drafts().list().get(0);
            assertEquals(new DraftStore.Hold(DESK, NOON, NOON.plus(Drafts.HOLD)), seen.hold());
            assertEquals(seen.hold(), seen.heldElsewhere(TABLET, NOON.plusSeconds(30)), "on the desk, for the tablet");
            assertEquals(null, seen.heldElsewhere(DESK, NOON.plusSeconds(30)), "the desk's own");
            assertFalse(tablet.drafts().load(s.id()).patientMode(), "the tablet's refused save changed nothing");

            // the desk renews by saving and by its heartbeat: since when stays, the hold runs from the renewal
            desk.drafts().save(s, false, DESK, NOON.plusSeconds(60));
            DraftStore.Hold renewed = desk.drafts().hold(s.id(), DESK, NOON.plusSeconds(90));
            assertEquals(new DraftStore.Hold(DESK, NOON, NOON.plusSeconds(90).plus(Drafts.HOLD)), renewed);
            assertEquals(NOON.plusSeconds(60), screenDrafts(dir).load(s.id()).savedAt(), "a heartbeat is no save");
            assertThrows(DraftHeldException.class, () -> tablet.drafts().hold(s.id(), TABLET,
                    NOON.plusSeconds(60).plus(Drafts.HOLD)), "renewed at 90 s, still held at 60 s + HOLD");

            // released when the desk's wizard closes: the tablet takes it without taking it over
            tablet.drafts().release(s.id(), TABLET, NOON.plusSeconds(100)); // not its hold: nothing changes
            assertEquals(DESK, tablet.drafts().load(s.id()).hold().device());
            desk.drafts().release(s.id(), DESK, NOON.plusSeconds(100));
            assertEquals(null, tablet.drafts().load(s.id()).hold());
            tablet.drafts().save(s, true, TABLET, NOON.plusSeconds(110));
            assertEquals(new DraftStore.Hold(TABLET, NOON.plusSeconds(110), NOON.plusSeconds(110).plus(Drafts.HOLD)),
                    desk.drafts().load(s.id()).hold());
        }
    }

    @Test
    void aDeviceThatDisappearsLosesItsHoldAfterTheTimeout() throws Exception {
        DataDirectory dir = new DataDirectory(Files.createDirectories(tmp.resolve("data")));
        ConsentSession s = Examples.session("complete-ja");
        try (Stores desk = open(dir)) {
            desk.drafts().save(s, false, DESK, NOON); // then the desk crashes: no release
        }
        try (Stores tablet = open(dir)) {
            Instant lapses = NOON.plus(Drafts.HOLD);
            assertThrows(DraftHeldException.class, () -> tablet.drafts().hold(s.id(), TABLET, lapses.minusMillis(1)));
            DraftStore.Draft seen = tablet.drafts().load(s.id());
            assertEquals(null, seen.heldElsewhere(TABLET, lapses), "lapsed: shown as free");
            assertEquals(new DraftStore.Hold(TABLET, lapses, lapses.plus(Drafts.HOLD)),
                    tablet.drafts().hold(s.id(), TABLET, lapses));
            assertEquals(s.patient().name(), tablet.drafts().load(s.id()).session().patient().name(),
                    "the content stays");
        }
        try (Stores desk = open(dir)) {
            DraftHeldException refused = assertThrows(DraftHeldException.class,
                    () -> desk.drafts().save(s, false, DESK, NOON.plus(Drafts.HOLD).plusSeconds(5)));
            assertTrue(refused.getMessage().contains("Tablet 2"), refused.getMessage());
        }
    }

    @Test
    void theTabletTakesOverTheDraftTheDeskHoldsAndTheDesksNextSaveIsRefused() throws Exception {
        DataDirectory dir = new DataDirectory(Files.createDirectories(tmp.resolve("data")));
        ConsentSession s = Examples.session("complete-ja");
        try (Stores desk = open(dir); Stores tablet = open(dir)) {
            desk.drafts().save(s, false, DESK, NOON);
            Instant at = NOON.plusSeconds(40);
            assertEquals(new DraftStore.Hold(DESK, NOON, NOON.plus(Drafts.HOLD)),
                    tablet.drafts().takeOver(s.id(), TABLET, at), "the hold taken over is reported");
            assertEquals(new DraftStore.Hold(TABLET, at, at.plus(Drafts.HOLD)), desk.drafts().load(s.id()).hold());
            DraftHeldException refused = assertThrows(DraftHeldException.class,
                    () -> desk.drafts().save(s, true, DESK, at.plusSeconds(1)));
            assertEquals(TABLET, refused.hold().device());
            assertFalse(desk.drafts().load(s.id()).patientMode(), "the desk's late save changed nothing");
            assertEquals(null, tablet.drafts().takeOver(s.id(), TABLET, at.plusSeconds(2)), "its own: none taken");
            assertEquals(at, tablet.drafts().load(s.id()).hold().since());
            assertThrows(RefusedException.class, () -> tablet.drafts().takeOver("no-such-draft", TABLET, at));
            assertThrows(RefusedException.class, () -> tablet.drafts().hold("no-such-draft", TABLET, at));
            tablet.drafts().release("no-such-draft", TABLET, at); // none: no error
        }
    }

    /** The example consultation with only the first of its signatures (the patient's, captured on the tablet). */
    private static ConsentSession signedByThePatient() {
        ConsentSession complete = Examples.session("complete-ja");
        return complete.withSignatures(List.of(complete.signatures().get(0)));
    }

    @Test
    void theDesksStaleSaveAfterItsHoldLapsedIsRefusedAndThePatientsSignatureOnTheTabletStays() throws Exception {
        DataDirectory dir = new DataDirectory(Files.createDirectories(tmp.resolve("data")));
        ConsentSession before = Examples.session("complete-ja").withSignatures(List.of());
        try (Stores desk = open(dir); Stores tablet = open(dir)) {
            desk.drafts().save(before, false, DESK, Drafts.Seen.NONE, NOON); // then the desk sleeps: no renewal
            Instant lapsed = NOON.plus(Drafts.HOLD).plusSeconds(1);
            DraftStore.Draft onTablet = tablet.drafts().load(before.id());
            assertEquals(null, onTablet.heldElsewhere(TABLET, lapsed), "the hold lapsed: the tablet holds it freely");
            assertEquals(DESK, onTablet.savedBy());
            tablet.drafts().hold(before.id(), TABLET, new Drafts.Seen(onTablet.savedAt()), lapsed);
            Instant signed = lapsed.plusSeconds(60);
            tablet.drafts().save(signedByThePatient(), true, TABLET, new Drafts.Seen(onTablet.savedAt()), signed);
            tablet.drafts().release(before.id(), TABLET, signed.plusSeconds(5));

            // the desk wakes with the old consultation in memory: its next save and heartbeat are refused
            Instant woke = signed.plusSeconds(30);
            DraftChangedElsewhereException refused = assertThrows(DraftChangedElsewhereException.class,
                    () -> desk.drafts().save(before, false, DESK, new Drafts.Seen(NOON), woke));
            assertTrue(refused.getMessage().contains("Tablet 2") && refused.getMessage().contains(signed.toString())
                    && refused.getMessage().contains(NOON.toString()), refused.getMessage());
            assertEquals(TABLET, refused.savedBy());
            assertEquals(signed, refused.savedAt());
            assertEquals(NOON, refused.lastSeen());
            assertThrows(DraftChangedElsewhereException.class,
                    () -> desk.drafts().hold(before.id(), DESK, new Drafts.Seen(NOON), woke));
            DraftStore.Draft kept = screenDrafts(dir).load(before.id());
            assertEquals(signedByThePatient().signatures(), kept.session().signatures(),
                    "the patient's signature captured on the tablet is kept");
            assertTrue(kept.patientMode());
            assertEquals(signed, kept.savedAt());
            assertEquals(TABLET, kept.savedBy());
            assertEquals(null, kept.hold(), "the desk's refused heartbeat took no hold");

            // reopened from the store, the desk goes on from the tablet's draft
            desk.drafts().save(signedByThePatient(), false, DESK, new Drafts.Seen(kept.savedAt()), woke.plusSeconds(1));
            assertEquals(DESK, screenDrafts(dir).load(before.id()).savedBy());
        }
    }

    @Test
    void aDeviceGoesOnAfterItsOwnSavesANewDraftAsBeforeAndADraftEndedElsewhereIsNotBroughtBack() throws Exception {
        DataDirectory dir = new DataDirectory(Files.createDirectories(tmp.resolve("data")));
        ConsentSession s = Examples.session("complete-ja");
        try (Stores desk = open(dir); Stores tablet = open(dir)) {
            desk.drafts().save(s, false, DESK, Drafts.Seen.NONE, NOON);
            desk.drafts().save(s, false, DESK, new Drafts.Seen(NOON), NOON.plusSeconds(10));
            // its own saves since what it names (a save whose answer it lost): saved, as before
            desk.drafts().save(s, true, DESK, new Drafts.Seen(NOON), NOON.plusSeconds(20));
            assertTrue(tablet.drafts().load(s.id()).patientMode());
            desk.drafts().hold(s.id(), DESK, new Drafts.Seen(NOON), NOON.plusSeconds(25));
            desk.drafts().release(s.id(), DESK, NOON.plusSeconds(30));

            // another device that saw none of it (a new consultation of the same id) does not replace it
            DraftChangedElsewhereException refused = assertThrows(DraftChangedElsewhereException.class,
                    () -> tablet.drafts().save(s, false, TABLET, Drafts.Seen.NONE, NOON.plusSeconds(40)));
            assertEquals(DESK, refused.savedBy());
            assertTrue(tablet.drafts().load(s.id()).patientMode(), "nothing changed");

            // recorded (removed) on the desk: the tablet's copy of what it saw does not bring the draft back
            tablet.drafts().save(s, false, TABLET, new Drafts.Seen(NOON.plusSeconds(20)), NOON.plusSeconds(50));
            desk.drafts().remove(s.id());
            DraftChangedElsewhereException gone = assertThrows(DraftChangedElsewhereException.class,
                    () -> tablet.drafts().save(s, false, TABLET, new Drafts.Seen(NOON.plusSeconds(50)),
                            NOON.plusSeconds(60)));
            assertEquals(null, gone.savedAt());
            assertTrue(gone.getMessage().contains("no longer in progress"), gone.getMessage());
            assertThrows(RefusedException.class, () -> desk.drafts().load(s.id()), "not brought back");

            // a tool's save (no check) is as before
            tablet.drafts().save(s, false, NOON.plusSeconds(70));
            assertEquals(null, desk.drafts().load(s.id()).savedBy());
        }
    }
}
