package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.pdf.SigningKeys;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup holds writers out only while the database is copied (issue 15 §2): a backup of a data directory with
 * many records runs while someone signs in (which writes the failed-attempt count) and records, and neither is
 * refused busy; the backup is of one moment (its index names no PDF it lacks) and restores and verifies. The busy
 * timeout is short here, so a backup that held the write lock for its whole copy would make the writers fail.
 */
class BackupBesideWritersTest {
    /** Far longer than the database's copy takes, far shorter than copying and encrypting the archive. */
    @RegisterExtension
    final ShortBusyTimeout shortWait = new ShortBusyTimeout(2_000);

    private static final int RECORDS = 2000;

    @TempDir
    Path tmp;

    @Test
    void aLongBackupRunsWhileAnotherSignsInAndRecordsAndRestoresIntact() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        SyntheticRecords.build(dir, Examples.CLOCK, RECORDS); // real rows, signed PDFs and audit entries
        TestAccounts.everyone(dir, Examples.CLOCK);
        Path file = tmp.resolve("backup.zip");

        CompletableFuture<RecordStore.BackupFile> backup = CompletableFuture.supplyAsync(() -> {
            try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "backup")) {
                return store.backup(file, BackupTest.PASSPHRASE);
            } catch (StoreException e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> recordedWhileBackingUp = new ArrayList<>();
        int n = 0;
        // beside it, again and again while it runs: a sign-in (a write: the attempt count) and a recording
        while (n == 0 || !backup.isDone()) {
            ObjectNode json = Examples.json(n % 2 == 0 ? "complete-ja" : "complete-en");
            json.put("id", String.format("beside-%03d", n++));
            ConsentSession s = Examples.session(json);
            try (RecordStore store = RecordStore.signIn(dir, Examples.CLOCK, TestAccounts.NAME,
                    TestAccounts.PASSWORD.toCharArray(), "beside the backup")) {
                TestAccounts.record(store, s, Examples.template(), Examples.key(), "beside");
            }
            if (!backup.isDone()) {
                recordedWhileBackingUp.add(s.id());
            }
        }
        RecordStore.BackupFile b = backup.get(600, TimeUnit.SECONDS);
        assertTrue(!recordedWhileBackingUp.isEmpty(), "a sign-in and a recording ended while the backup ran: else "
                + "this test proves nothing");

        DataDirectory restored = new DataDirectory(tmp.resolve("restored"));
        RecordStore.Restored r = RecordStore.restore(file, restored, Examples.CLOCK, RestoreOptions.of(
                BackupTest.PASSPHRASE, List.of(SigningKeys.fingerprint(Examples.key().certificate()))));
        assertEquals(List.of(), r.verification().problems(), "the backup is of one moment: every record's PDF, "
                + "the audit trail and its head agree");
        assertEquals(List.of(), r.verification().orphans());
        assertTrue(r.records() >= RECORDS && r.records() <= RECORDS + n, "the records of one moment: "
                + r.records());
        try (RecordStore store = RecordStore.signIn(restored, Examples.CLOCK, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray(), "check")) {
            RecordStore.Verification v = store.verify((done, total) -> { });
            assertEquals(List.of(), v.problems());
            assertEquals(r.records(), v.records());
        }
        assertTrue(b.entries() > RECORDS, "every PDF in the backup: " + b.entries());
    }
}
