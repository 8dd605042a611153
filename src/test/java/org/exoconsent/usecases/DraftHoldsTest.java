package org.exoconsent.usecases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.AuditTrail;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Device;
import org.exoconsent.records.DraftHeldException;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 §3 through the use case: the tablet takes over the draft the desk holds; the takeover is audited
 * {@code draft-taken-over} with both devices as the signed-in person, and the desk's next save is refused naming the
 * tablet. Taking a draft nobody holds is no takeover and audits nothing.
 */
class DraftHoldsTest {
    @TempDir
    Path tmp;

    private static final Device DESK = new Device("desk-1", "診察室1");
    private static final Device TABLET = new Device("tablet-2", "Tablet 2");

    private List<AuditTrail.Entry> takeovers(DataDirectory dir) throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            return store.auditTrail(new AuditTrail.Filter(null, null, DraftHolds.DRAFT_TAKEN_OVER, null, null), 50)
                    .entries();
        }
    }

    @Test
    void theTabletTakesOverTheDesksDraftAuditedWithBothDevicesAndTheDesksSaveIsRefused() throws Exception {
        DataDirectory dir = UseCaseTesting.withManager(tmp.resolve("data"));
        ConsentSession draft = Examples.session("complete-ja");
        Instant since = Examples.CLOCK.instant().minusSeconds(30);
        new DraftStore(dir).save(draft, false, DESK, since);
        DraftHolds physician = new DraftHolds(UseCaseTesting.signedIn(dir, TestAccounts.PHYSICIAN,
                TestAccounts.PHYSICIAN_PASSWORD));

        DraftStore.Hold taken = physician.takeOver(draft.id(), TABLET);

        assertEquals(DESK, taken.device());
        Instant now = Examples.CLOCK.instant();
        assertEquals(new DraftStore.Hold(TABLET, now, now.plus(org.exoconsent.records.Drafts.HOLD)),
                new DraftStore(dir).load(draft.id()).hold());
        List<AuditTrail.Entry> entries = takeovers(dir);
        assertEquals(1, entries.size(), entries.toString());
        AuditTrail.Entry e = entries.get(0);
        assertEquals(draft.id(), e.subject());
        assertTrue(e.actor().startsWith(TestAccounts.PHYSICIAN + " ["), e.actor());
        assertEquals("from: desk-1; from-label: 診察室1; held-since: " + since + "; to: tablet-2; to-label: Tablet 2",
                e.details());
        DraftHeldException refused = assertThrows(DraftHeldException.class,
                () -> new DraftStore(dir).save(draft, false, DESK, now.plusSeconds(1)));
        assertEquals(TABLET, refused.hold().device());

        assertNull(physician.takeOver(draft.id(), TABLET), "its own already: nothing taken over");
        assertEquals(1, takeovers(dir).size(), "and nothing more audited");
    }
}
