package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory in one file, and back: checked when written, and checked before anything is restored. */
class BackupTest {
    @TempDir
    Path tmp;
    DataDirectory dir;

    @BeforeEach
    void aClinicWithTwoConsentsAndAWithdrawal() throws Exception {
        dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(), Examples.key(), "ja");
            RecordStore.Recorded en = TestAccounts.record(store, Examples.session("complete-en"), Examples.template(),
                    Examples.key(), "en");
            store.withdraw(en.id(), LocalDate.parse("2026-11-21"), "changed their mind", "reception", null,
                    Examples.key());
            store.addUser("reception", EnumSet.of(Role.STAFF), null, "reception password".toCharArray());
        }
    }

    private RecordStore.BackupFile backup(Path out) throws StoreException {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            return store.backup(out);
        }
    }

    @Test
    void aBackupRestoresIntoANewFolderWithEveryRecordAccountAndTheAuditChain() throws Exception {
        Path file = tmp.resolve("backup.zip");
        RecordStore.BackupFile b = backup(file);
        assertEquals(RecordStore.sha256(Files.readAllBytes(file)), b.sha256());
        assertEquals(List.of(), Backup.check(file));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertTrue(zip.getEntry("exoconsent.db") != null && zip.getEntry("audit-head.txt") != null
                    && zip.getEntry("keys/clinic-signing.p12") == null, "the test key is not in the data folder");
            assertEquals(3, zip.stream().filter(e -> e.getName().endsWith(".pdf")).count(), "2 consents, 1 withdrawal");
        }
        DataDirectory restored = new DataDirectory(tmp.resolve("restored"));
        RecordStore.Restored r = RecordStore.restore(file, restored, Examples.CLOCK);
        assertEquals(3, r.records());
        try (RecordStore store = RecordStore.signIn(restored, Examples.CLOCK, "reception",
                "reception password".toCharArray(), "test")) {
            assertEquals("reception", store.principal().name(), "the accounts came with it");
        }
        try (RecordStore store = TestAccounts.open(restored, Examples.CLOCK, "test")) {
            assertEquals(2, store.count(RecordFilter.ALL), "both consents (and the withdrawal, below)");
            assertTrue(store.verify((d, t) -> { }).ok(), "records, signatures and the audit chain");
            assertEquals(List.of("active", "withdrawn"), store.list(RecordFilter.ALL, 0, 10).stream()
                    .map(RecordRow::status).sorted().toList());
        }
        assertFalse(Files.exists(tmp.resolve("restored.restoring")), "no staging folder is left");
    }

    /** The backup with one entry's bytes changed but its sums left as they were. */
    private Path tampered(Path file, String entryEnding) throws IOException {
        Path out = tmp.resolve("tampered.zip");
        try (ZipFile zip = new ZipFile(file.toFile()); OutputStream os = Files.newOutputStream(out);
             ZipOutputStream z = new ZipOutputStream(os)) {
            boolean changed = false;
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                z.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] bytes = in.readAllBytes();
                    if (!changed && e.getName().endsWith(entryEnding)) {
                        bytes[bytes.length / 2] ^= 1;
                        changed = true;
                    }
                    z.write(bytes);
                }
                z.closeEntry();
            }
        }
        return out;
    }

    @Test
    void aDamagedBackupIsRefusedAndNothingIsRestored() throws Exception {
        Path file = tmp.resolve("backup.zip");
        backup(file);
        Path bad = tampered(file, ".pdf");
        List<String> problems = Backup.check(bad);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("was altered (its SHA-256 does not match)"), problems.get(0));
        DataDirectory target = new DataDirectory(tmp.resolve("restored"));
        RefusedException e = assertThrows(RefusedException.class, () -> RecordStore.restore(bad, target,
                Examples.CLOCK));
        assertTrue(e.getMessage().endsWith("Nothing was restored."), e.getMessage());
        assertFalse(Files.exists(target.root()));
        assertFalse(Files.exists(tmp.resolve("restored.restoring")));
    }

    @Test
    void nothingIsRestoredOverExistingDataNorWrittenOverAnExistingFile() throws Exception {
        Path file = tmp.resolve("backup.zip");
        backup(file);
        ConflictException over = assertThrows(ConflictException.class, () -> RecordStore.restore(file, dir,
                Examples.CLOCK));
        assertTrue(over.getMessage().contains("is not empty"), over.getMessage());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertTrue(store.verify((d, t) -> { }).ok(), "the existing data directory is untouched");
        }
        byte[] before = Files.readAllBytes(file);
        assertThrows(RefusedException.class, () -> backup(file));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)), "an existing file is kept");
    }

    @Test
    void onlyAnAdministratorMayBackUp() throws Exception {
        try (RecordStore staff = RecordStore.signIn(dir, Examples.CLOCK, "reception",
                "reception password".toCharArray(), "test")) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> staff.backup(tmp.resolve("mine.zip")));
            assertTrue(e.getMessage().contains("may not back up the data directory"), e.getMessage());
        }
        assertFalse(Files.exists(tmp.resolve("mine.zip")));
    }
}
