package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule by which a draft kept on a device comes back into the store (issue 17 §3), through the store's own drafts
 * and audit trail (the same {@link RecordStore} on every vendor; here a data directory's, whose {@link DraftStore}
 * implements the in-write save and set-aside; {@code DeviceDraftsOnPostgresTest} runs it on PostgreSQL): the device's
 * copy becomes the draft only when the store's draft is as the device last saved it; otherwise it is set aside beside
 * it, with the reason, and the store's draft stays as it is. Each is audited {@code draft-restored-from-device}.
 */
class DraftRestoredFromDeviceTest {
    @TempDir
    Path tmp;

    private static final Device DESK = new Device("desk-1", "診察室1");
    private static final Device TABLET = new Device("tablet-2", "Tablet 2");
    private static final String STORE = "postgresql://db.clinic.example:5432/clinic?user=exoconsent_app";

    @Test
    void theDevicesCopyBecomesTheDraftOnlyWhenTheStoresIsAsTheDeviceLastSavedItElseItIsSetAsideBesideIt()
            throws Exception {
        DataDirectory dir = new DataDirectory(Files.createDirectories(tmp.resolve("data")));
        ConsentSession complete = Examples.session("complete-ja");
        ConsentSession before = complete.withSignatures(List.of());
        Instant lastSaved = Examples.CLOCK.instant().minusSeconds(600);
        new DraftStore(dir).save(before, false, DESK, lastSaved);
        DeviceDraftCache.Cached kept = new DeviceDraftCache.Cached(STORE, complete, true,
                lastSaved.plusSeconds(30), lastSaved, DESK);

        RecordStore.FromDevice back;
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            back = store.draftRestoredFromDevice(kept, null);
        }

        assertTrue(back.asTheDraft(), back.toString());
        assertNull(back.why());
        DraftStore.Draft now = new DraftStore(dir).load(complete.id());
        assertEquals(complete.signatures(), now.session().signatures());
        assertTrue(now.patientMode());
        assertEquals(Examples.CLOCK.instant(), now.savedAt());
        assertNull(now.hold(), "restored from the home screen: held by nobody");

        // the tablet changes the draft; the desk's next copy (based on what it saw before) must not replace it
        new DraftStore(dir).save(before, false, TABLET, Examples.CLOCK.instant().plusSeconds(5));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            back = store.draftRestoredFromDevice(new DeviceDraftCache.Cached(STORE, complete, false,
                    Examples.CLOCK.instant(), Examples.CLOCK.instant(), DESK), DESK);
        }
        assertTrue(back.why().startsWith("it was changed in the store since this device last saved it (saved "
                + "there at " + Examples.CLOCK.instant().plusSeconds(5) + " by Tablet 2)"), back.why());
        assertEquals(List.of(), new DraftStore(dir).load(complete.id()).session().signatures(),
                "the tablet's draft, untouched");
        assertEquals(TABLET, new DraftStore(dir).load(complete.id()).hold().device());
        Path aside = dir.abandonedDrafts().resolve(back.setAsideAs() + ".json");
        assertTrue(Files.readString(aside).contains("\"signatures\""), "the desk's copy kept among the set-aside");
        assertTrue(Files.readString(aside.resolveSibling(aside.getFileName() + DataDirectory.ABANDONED_REASON_SUFFIX))
                .contains(" kept on device 診察室1 while the store could not be reached; not made the draft: it was "
                        + "changed in the store"));

        String asideAs = back.setAsideAs();
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            List<AuditTrail.Entry> entries = store.auditTrail(new AuditTrail.Filter(null, null,
                    RecordStore.DRAFT_RESTORED_FROM_DEVICE, null, null), 10).entries();
            assertEquals(2, entries.size());
            assertTrue(entries.stream().anyMatch(e -> e.details().endsWith("outcome: the draft")), entries.toString());
            assertTrue(entries.stream().anyMatch(e -> e.details().contains("outcome: set aside as "
                    + asideAs + "; why: it was changed")), entries.toString());
        }
    }
}
