package org.exoconsent.usecases;

import static org.exoconsent.usecases.UseCaseTesting.MANAGER;
import static org.exoconsent.usecases.UseCaseTesting.MANAGER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.ConflictException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RestoreOptions;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backing up and restoring through the use case alone (no process): a person who may not back up is refused before
 * a file is written, a backup restores into a new folder with its users, a short passphrase and a folder that holds
 * something are refused, naming them.
 */
class BackupRestoreTest {
    private static final char[] PASSPHRASE = "a long backup passphrase".toCharArray();

    @TempDir
    Path tmp;

    private DataDirectory dir;

    @BeforeEach
    void dataDirectory() throws Exception {
        dir = UseCaseTesting.withManager(tmp.resolve("data"));
    }

    @Test
    void aManagerIsRefusedTheBackupBeforeAnyFileIsWrittenAndTheRefusalIsAudited() throws Exception {
        Path out = tmp.resolve("backup.zip");
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> asManager().backup(out, PASSPHRASE.clone()));

        assertFalse(Files.exists(out), "no backup file");
        AdministrationTesting.assertRefusedAndAudited(e, dir, "backup");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(List.of(), TestAudit.entries(store, "backup"));
        }
    }

    @Test
    void aManagerIsRefusedTheAppsRestoreBeforeTheNewFolderIsMade() throws Exception {
        Path backup = tmp.resolve("backup.zip");
        asAdministrator().backup(backup, PASSPHRASE.clone());
        Path target = tmp.resolve("restored");

        assertThrows(AccessDeniedException.class, () -> asManager().restoreAsSignedIn(backup,
                new DataDirectory(target), RestoreOptions.of(PASSPHRASE.clone(), List.of())));

        assertFalse(Files.exists(target), "nothing restored");
    }

    @Test
    void aBackupIsWrittenAuditedAndRestoresIntoANewFolderWithItsAccounts() throws Exception {
        Path backup = tmp.resolve("backup.zip");
        RecordStore.BackupFile b = asAdministrator().backup(backup, PASSPHRASE.clone());

        assertTrue(Files.size(backup) > 0);
        assertEquals(Files.size(backup), b.bytes());
        assertEquals(RecordStore.sha256(Files.readAllBytes(backup)), b.sha256());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(1, TestAudit.entries(store, "backup").size());
        }

        Path target = tmp.resolve("restored");
        RecordStore.Restored r = asAdministrator().restoreAsSignedIn(backup, new DataDirectory(target),
                RestoreOptions.of(PASSPHRASE.clone(), List.of()));

        assertEquals(target.toAbsolutePath(), r.dataDirectory().toAbsolutePath());
        assertEquals(0L, r.records());
        assertTrue(r.verification().ok(), r.verification().problems().toString());
        // the restored data directory has the manager: its accounts came with it
        try (RecordStore store = RecordStore.signIn(new DataDirectory(target), Examples.CLOCK, MANAGER,
                MANAGER_PASSWORD.toCharArray(), "check")) {
            assertEquals(MANAGER, store.principal().name());
        }
    }

    @Test
    void aShortPassphraseIsRefusedNamingItsLengthAndNothingIsWritten() throws Exception {
        Path out = tmp.resolve("backup.zip");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> asAdministrator().backup(out, "short".toCharArray()));

        assertTrue(e.getMessage().contains("the backup passphrase is too short: 5 characters"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void aRestoreIntoAFolderThatHoldsSomethingIsRefusedAndTheFolderIsUntouched() throws Exception {
        Path backup = tmp.resolve("backup.zip");
        asAdministrator().backup(backup, PASSPHRASE.clone());
        Path target = Files.createDirectories(tmp.resolve("occupied"));
        Files.writeString(target.resolve("notes.txt"), "kept");

        ConflictException e = assertThrows(ConflictException.class, () -> BackupRestore.restore(backup,
                new DataDirectory(target), Examples.CLOCK, RestoreOptions.of(PASSPHRASE.clone(), List.of())));

        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertEquals("kept", Files.readString(target.resolve("notes.txt")));
        try (var files = Files.list(target)) {
            assertEquals(1L, files.count());
        }
    }

    private BackupRestore asManager() {
        return new BackupRestore(AdministrationTesting.manager(dir), Examples.CLOCK);
    }

    private BackupRestore asAdministrator() {
        return new BackupRestore(AdministrationTesting.administrator(dir), Examples.CLOCK);
    }
}
