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
 * never interleave (issue 15 §2).
 */
class DraftsTest {
    @RegisterExtension
    final ShortBusyTimeout shortWait = new ShortBusyTimeout(1_000);

    @TempDir
    Path tmp;

    private static final Instant NOON = Instant.parse("2026-11-20T03:00:00Z");

    @Test
    void aSavedDraftIsReadBackListedRemovedAndAbandonedOnlyWithItsReasonKept() throws Exception {
        DataDirectory dir = new DataDirectory(Files.createDirectories(tmp.resolve("data")));
        try (SqliteStores stores = SqliteStores.open(dir)) {
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
            Path file = dir.abandonedDrafts().resolve(kept + ".json");
            assertTrue(Files.exists(file), "an abandoned draft is kept: " + file);
            assertTrue(Files.readString(file.resolveSibling(file.getFileName() + DataDirectory
                    .ABANDONED_REASON_SUFFIX)).contains("the patient left"));
            assertThrows(RefusedException.class, () -> drafts.abandon(a.id(), "again", NOON));

            // the same consultation set aside again in the same millisecond (resumed, saved, ended): a name of its
            // own, the first one and its reason untouched (issue 16 §5)
            drafts.save(a, false, NOON);
            String again = drafts.abandon(a.id(), "declined", NOON.plusSeconds(60));
            assertEquals(kept + "-2", again);
            assertTrue(Files.readString(file.resolveSibling(file.getFileName() + DataDirectory
                    .ABANDONED_REASON_SUFFIX)).contains("the patient left"));
            assertTrue(Files.exists(dir.abandonedDrafts().resolve(again + ".json")));
            drafts.save(a, false, NOON);
            assertThrows(RefusedException.class, () -> drafts.abandonInWrite(a.id(), kept, "x", NOON),
                    "a taken name is refused");
        }
    }

    @Test
    void aDraftIsSavedOnlyOnceTheWriterBeforeItHasCommitted() throws Exception {
        DataDirectory dir = new DataDirectory(Files.createDirectories(tmp.resolve("data")));
        ConsentSession s = Examples.session("complete-ja");
        try (SqliteStores writer = SqliteStores.open(dir)) {
            writer.transactions().beginWrite(); // another program writing
            CompletableFuture<Void> saved = CompletableFuture.runAsync(() -> {
                try {
                    new DraftStore(dir).save(s, false, NOON); // the screen's drafts, with no opening of their own
                } catch (StoreException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertFalse(saved.isDone(), "the save waits for the write lock");
            assertFalse(Files.exists(dir.drafts().resolve(s.id() + ".json")), "nothing written meanwhile");
            writer.transactions().commit();
            saved.get(10, TimeUnit.SECONDS);
        }
        assertEquals(s.patient().name(), new DraftStore(dir).load(s.id()).session().patient().name());
    }

    @Test
    void aDraftKeptWaitingPastTheBusyTimeoutIsRefusedAndTheSavedOneStays() throws Exception {
        DataDirectory dir = new DataDirectory(Files.createDirectories(tmp.resolve("data")));
        ConsentSession s = Examples.session("complete-ja");
        try (SqliteStores writer = SqliteStores.open(dir)) {
            writer.drafts().save(s, true, NOON);
            writer.transactions().beginWrite();
            try (SqliteStores other = SqliteStores.open(dir)) {
                assertThrows(BusyException.class, () -> other.drafts().save(s, false, NOON.plusSeconds(1)));
                assertThrows(BusyException.class, () -> new DraftStore(dir).remove(s.id()));
            } finally {
                writer.transactions().rollback();
            }
        }
        DraftStore.Draft kept = new DraftStore(dir).load(s.id());
        assertTrue(kept.patientMode(), "the draft saved before stays as it was");
        assertEquals(NOON, kept.savedAt());
    }
}
