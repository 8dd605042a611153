package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record store opened on an opening of a store ({@link RecordStore.Source}: the seam of issue 17 through which the
 * app and the command line open the embedded SQLite data directory or a PostgreSQL store alike), with the device's
 * signing keys in a folder of its own. {@link #aSignedConsultationFromFirstRunToVerification} runs on any vendor's
 * store: a first administrator, users, a consent recorded with its signed PDF, listed, found by its lot's recall,
 * withdrawn, and {@code records verify} with no problem and the audit chain's head on the trail's newest entry.
 */
class RecordStoreOnStoresTest {
    static final String JA = WithdrawalTest.JA;
    static final String LOT = "UC10-2611-04";

    @TempDir
    Path tmp;

    /** Opens the store under test: a new opening each time (the record store closes the one it is given). */
    @FunctionalInterface
    interface Opening {
        Stores open() throws Exception;
    }

    /**
     * The whole life of a consent on the store {@code opening} opens, as a user checks it: on any vendor's store.
     *
     * @param place      how the store is named in messages
     * @param deviceKeys the device's own key folder (nothing in it yet)
     */
    static void aSignedConsultationFromFirstRunToVerification(Opening opening, String place, KeyFiles deviceKeys)
            throws Exception {
        aSignedConsultationFromFirstRunToVerification(opening, place, deviceKeys, Examples.CLOCK);
    }

    /**
     * @param clock this device's clock: on a shared store within two minutes of its server's, whose clock is the
     *              authority (issue 17 §2)
     */
    static void aSignedConsultationFromFirstRunToVerification(Opening opening, String place, KeyFiles deviceKeys,
                                                              java.time.Clock clock) throws Exception {
        aSignedConsultationFromFirstRunToVerification(opening, opening, place, deviceKeys, clock);
    }

    /**
     * @param registrar opens the store as whoever registers signing keys: the same opening on a data directory; on a
     *                  shared store the database's owner, whose login no device keeps (attack review of issue 17, F2)
     */
    static void aSignedConsultationFromFirstRunToVerification(Opening opening, Opening registrar, String place,
                                                              KeyFiles deviceKeys, java.time.Clock clock)
            throws Exception {
        try (RecordStore admin = RecordStore.createFirstAdministrator(new RecordStore.Source(opening.open(), place,
                deviceKeys), clock, TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), null)) {
            assertTrue(admin.createdNow(), "a new store gets the demo catalog once");
            admin.setRoles(TestAccounts.NAME, EnumSet.allOf(Role.class), TestAccounts.LICENCE);
            admin.addUser(TestAccounts.PHYSICIAN, EnumSet.of(Role.PHYSICIAN), TestAccounts.LICENCE,
                    TestAccounts.PHYSICIAN_PASSWORD.toCharArray());
        }
        try (RecordStore admin = RecordStore.signIn(new RecordStore.Source(registrar.open(), place, deviceKeys), clock,
                TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray())) {
            TestAccounts.registerTestKey(admin);
        }
        AccessDeniedException second = assertThrows(AccessDeniedException.class,
                () -> RecordStore.createFirstAdministrator(new RecordStore.Source(opening.open(), place, deviceKeys),
                        clock, "another", "another long password".toCharArray(), null));
        assertTrue(second.getMessage().contains("already has users"), second.getMessage());
        SignInRefusedException wrong = assertThrows(SignInRefusedException.class, () -> RecordStore.signIn(
                new RecordStore.Source(opening.open(), place, deviceKeys), clock, TestAccounts.NAME,
                "not the password".toCharArray()));
        assertEquals(SignInRefusedException.Kind.REFUSED, wrong.kind());

        Stores stores = opening.open();
        try (RecordStore store = RecordStore.signIn(new RecordStore.Source(stores, place, deviceKeys), clock,
                TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray())) {
            assertNull(store.directory(), "no data directory is reached through the seam");
            assertEquals(place, store.place());
            RecordStore.Recorded consent = TestAccounts.record(store, Examples.session("complete-ja"),
                    Examples.template(), Examples.key(), "complete-ja");
            assertEquals(JA, consent.id());

            List<RecordRow> listed = store.list(RecordFilter.ALL, 0, 10);
            assertEquals(List.of(JA), listed.stream().map(RecordRow::id).toList());
            assertEquals(List.of(JA), store.recall(LOT, null).stream().map(RecordRow::id).toList(),
                    "the lot's recall finds the consent");

            RecordStore.Recorded w = store.withdraw(JA, LocalDate.parse("2026-11-21"), "家族と相談して、受けないことにした",
                    "受付 鈴木", null, Examples.key());
            assertEquals(JA + "-withdrawal", w.id());
            assertEquals(List.of("withdrawn"), store.list(RecordFilter.ALL, 0, 10).stream().map(RecordRow::status)
                    .toList());

            RecordStore.Verification v = store.verify((done, total) -> { });
            assertEquals(List.of(), v.problems(), "records verify: 0 problems");
            assertEquals("1 record and 1 withdrawal checked", v.checked(), "the consent and its withdrawal");
            assertTrue(v.ok());

            // the chain's head, kept apart from the entries, names the trail's newest entry (issue 13 §3)
            AuditHead.Read head = stores.auditHead().read();
            AuditLog.Entry newest = stores.auditTrail().newest();
            assertNotNull(head, "the head is kept");
            assertEquals(new AuditHead.Head(newest.seq(), newest.hash()), head.committed());
            assertNull(head.next(), "no commit is under way");

            // the device's own key (issue 17 §2): made in the device's folder; it signs nothing until an
            // administrator registers it (on a shared store with the owner's login: attack review F2)
            org.exoconsent.pdf.SigningKey own = store.clinicSigningKey("テストクリニック", "Tablet 2").key();
            assertTrue(Files.isRegularFile(deviceKeys.selfSigned()), "the key is in the device's own folder");
            assertTrue(store.signingKeys().stream().noneMatch(k -> k.label().startsWith("self-signed key")),
                    store.signingKeys().toString());
            KeyRefusedException unregistered = assertThrows(KeyRefusedException.class,
                    () -> store.requireRegisteredSigner(own, "Tablet 2's key", null));
            assertTrue(unregistered.getMessage().startsWith("this device's signing key (in " + deviceKeys.folder()
                    + "): is not registered in the clinic's shared store"), unregistered.getMessage());
            if (stores instanceof PostgresStores) { // the device's role may not register it (attack review F2)
                RefusedException refused = assertThrows(RefusedException.class,
                        () -> store.registerSigningKey(own, "Tablet 2"));
                assertTrue(refused.getMessage().contains("cannot register a signing key"), refused.getMessage());
                assertTrue(store.signingKeys().stream().noneMatch(k -> k.label().equals("Tablet 2")));
            }
            try (RecordStore admin = RecordStore.signIn(new RecordStore.Source(registrar.open(), place, deviceKeys),
                    clock, TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray())) {
                admin.registerSigningKey(own, "Tablet 2");
            }
            store.requireRegisteredSigner(own, "Tablet 2's key", null); // registered: it signs

            if (!(stores instanceof PostgresStores)) { // a PostgreSQL store's backup: PostgresBackupRestoreTest
                StoreException backup = assertThrows(StoreException.class, () -> store.backup(
                        deviceKeys.folder().resolveSibling("backup.exo"), "a long enough passphrase 1".toCharArray()));
                assertTrue(backup.getMessage().startsWith(place + ": a backup of this store is not made"),
                        backup.getMessage());
            }
        }
    }

    @Test
    void anSqliteStoreOpenedThroughTheSeamRecordsAndVerifiesAsTheDataDirectoryDoes() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        Files.createDirectories(dir.root());
        KeyFiles device = DataDirectory.keyFilesIn(tmp.resolve("device").resolve("keys"));
        aSignedConsultationFromFirstRunToVerification(() -> SqliteStores.open(dir), dir.root().toString(), device);

        assertTrue(Files.isRegularFile(dir.auditHead()), "SQLite's chain head is the data directory's head file");
        assertFalse(Files.exists(dir.keyFiles().selfSigned()), "the device's key is not in the data directory");
        // the same records, opened the way the command line opens a data directory
        try (RecordStore store = RecordStore.signIn(dir, Examples.CLOCK, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray(), "test")) {
            RecordStore.Verification v = store.verify((done, total) -> { });
            assertEquals(List.of(), v.problems());
            assertEquals("1 record and 1 withdrawal checked", v.checked());
            assertEquals(List.of("withdrawn"), store.list(RecordFilter.ALL, 0, 10).stream().map(RecordRow::status)
                    .toList());
        }
    }
}
