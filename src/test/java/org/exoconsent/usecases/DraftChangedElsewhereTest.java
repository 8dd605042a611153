package org.exoconsent.usecases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.AuditTrail;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Device;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.Drafts;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.MovingClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 §3, a stale save, on a data directory through the wizard's saving ({@link DeviceDrafts.Saving}): the
 * physician's desk sleeps in the middle of a consultation and its hold lapses; the tablet holds the draft, the patient
 * signs there, the tablet saves and closes it. When the desk wakes, its wizard's next save is refused (the store's
 * draft, with the patient's signature, stays as the tablet saved it), the desk's copy is set aside beside it, audited
 * {@code draft-changed-elsewhere}, and every later save of that wizard is refused the same way; its heartbeat takes
 * no hold back. The same on the real PostgreSQL server: {@code DeviceDraftsOnPostgresTest}.
 */
class DraftChangedElsewhereTest {
    @TempDir
    Path tmp;

    private static final Device DESK = new Device("desk-1", "診察室1");
    private static final Device TABLET = new Device("tablet-2", "Tablet 2");

    @Test
    void theDesksStaleSaveAfterItsHoldLapsedIsSetAsideAndThePatientsSignatureOnTheTabletStays() throws Exception {
        DataDirectory dir = UseCaseTesting.withManager(tmp.resolve("data"));
        MovingClock clock = new MovingClock();
        clock.advance(Duration.ofHours(3)); // after the tests' accounts were made (Examples.CLOCK)
        StoreOpenings store = StoreOpenings.of(dir, clock);
        Principal physician = new SignIn(store).signIn(TestAccounts.PHYSICIAN,
                TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), "test");
        ConsentSession complete = Examples.session("complete-ja");
        ConsentSession before = complete.withSignatures(List.of());
        ConsentSession patientSigned = complete.withSignatures(List.of(complete.signatures().get(0)));

        DeviceDrafts.Saving desk = new DeviceDrafts(store, physician, DESK).saving(before.id(), null);
        assertEquals(DeviceDrafts.Kept.IN_STORE, desk.save(before, false).kept());
        assertEquals(DeviceDrafts.Kept.IN_STORE, desk.save(before, false).kept(), "its own saves go on");
        clock.advance(Drafts.HOLD.plusSeconds(10)); // the desk sleeps: its hold lapses

        DraftStore.Draft opened = store.drafts().load(before.id());
        DeviceDrafts.Saving tablet = new DeviceDrafts(store, physician, TABLET).saving(before.id(), opened.savedAt());
        store.drafts().hold(before.id(), TABLET, clock.instant());
        clock.advance(Duration.ofSeconds(40));
        assertEquals(DeviceDrafts.Kept.IN_STORE, tablet.save(patientSigned, true).kept());
        store.drafts().release(before.id(), TABLET, clock.instant()); // the tablet's wizard closes

        clock.advance(Duration.ofSeconds(20)); // the desk wakes with the old consultation in memory
        DeviceDrafts.Outcome heartbeat = desk.heartbeat();
        assertEquals(DeviceDrafts.Kept.CHANGED_ELSEWHERE, heartbeat.kept());
        assertNull(heartbeat.fromDevice(), "a heartbeat brings no change of its own: nothing set aside");
        assertNull(store.drafts().load(before.id()).hold(), "the desk did not take the draft back");
        DeviceDrafts.Outcome saved = desk.save(before, false);

        assertEquals(DeviceDrafts.Kept.CHANGED_ELSEWHERE, saved.kept());
        assertEquals(TABLET, saved.changed().savedBy());
        DraftStore.Draft there = store.drafts().load(before.id());
        assertEquals(patientSigned.signatures(), there.session().signatures(),
                "the patient's signature captured on the tablet is kept");
        assertTrue(there.patientMode());
        assertEquals(TABLET, there.savedBy());
        String aside = saved.fromDevice().setAsideAs();
        assertTrue(aside.startsWith(before.id() + "-"), aside);
        Path kept = dir.abandonedDrafts().resolve(aside + ".json");
        assertTrue(Files.exists(kept), "the desk's copy is kept among the set-aside drafts");
        String reason = Files.readString(kept.resolveSibling(aside + ".json"
                + DataDirectory.ABANDONED_REASON_SUFFIX));
        assertTrue(reason.contains("open on device 診察室1; not saved over the store's draft: it was saved in the "
                + "store at " + there.savedAt() + " by Tablet 2"), reason);

        List<AuditTrail.Entry> entries;
        try (RecordStore s = TestAccounts.open(dir, clock, "check")) {
            entries = s.auditTrail(new AuditTrail.Filter(null, null, RecordStore.DRAFT_CHANGED_ELSEWHERE, null, null),
                    50).entries();
        }
        assertEquals(1, entries.size(), entries.toString());
        assertEquals(before.id(), entries.get(0).subject());
        assertTrue(entries.get(0).actor().startsWith(TestAccounts.PHYSICIAN + " ["), entries.get(0).actor());
        assertEquals("device: desk-1; device-label: 診察室1; last-seen: " + opened.savedAt() + "; saved-at: "
                + there.savedAt() + "; saved-by: tablet-2; saved-by-label: Tablet 2; signatures: 0; outcome: set "
                + "aside as " + aside, entries.get(0).details());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(DeviceDrafts.Kept.CHANGED_ELSEWHERE, desk.save(before, false).kept(),
                "every later save of the stale wizard is refused the same way");
        assertEquals(patientSigned.signatures(), store.drafts().load(before.id()).session().signatures());
    }

    @Test
    void aDraftOfAnEarlierReleaseWithNoSaverKeptIsSavedByTheDeviceThatOpenedItAndRefusedToAStaleOne()
            throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        Path fixture = Path.of("src/test/resources/fixtures/datadir-1.6.0/drafts/"
                + "5f2e8a61-0c4b-4d7e-9b3a-6e1f2d8c4a97.json");
        Files.createDirectories(dir.drafts());
        Files.copy(fixture, dir.drafts().resolve(fixture.getFileName()));
        DraftStore drafts = new DraftStore(dir);
        DraftStore.Draft old = drafts.load("5f2e8a61-0c4b-4d7e-9b3a-6e1f2d8c4a97");
        assertNull(old.savedBy(), "an earlier release kept no saver");

        java.time.Instant now = old.savedAt().plusSeconds(60);
        drafts.save(old.session(), false, DESK, new Drafts.Seen(old.savedAt()), now);
        assertEquals(DESK, drafts.load(old.session().id()).savedBy());
        drafts.release(old.session().id(), DESK, now);
        org.exoconsent.records.DraftChangedElsewhereException refused = org.junit.jupiter.api.Assertions.assertThrows(
                org.exoconsent.records.DraftChangedElsewhereException.class, () -> drafts.save(old.session(), false,
                        TABLET, new Drafts.Seen(old.savedAt()), now.plusSeconds(1)));
        assertEquals(DESK, refused.savedBy());
        assertEquals(now, drafts.load(old.session().id()).savedAt(), "the desk's save stays");
    }
}
