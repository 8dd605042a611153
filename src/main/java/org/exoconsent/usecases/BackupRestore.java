package org.exoconsent.usecases;

import java.nio.file.Path;
import java.time.Clock;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RestoreOptions;
import org.exoconsent.records.StoreException;

/**
 * Backing up the data directory and restoring a backup into a new one (issue 15 §1; {@code exoconsent backup},
 * {@code backup restore}, the administration screen's backup tab). A backup needs {@link Permission#BACKUP}
 * (administrators), checked before any work (a refusal is audited {@code access-refused}, nothing is written); the
 * store writes the encrypted file, reads it back, checks it and audits {@code backup} ({@link RecordStore#backup}).
 * A restore needs no sign-in on the command line — the backup's passphrase opens it and the target is a new, empty
 * folder ({@link RecordStore#restore(Path, DataDirectory, Clock, RestoreOptions)}: every entry, record, account and
 * the audit chain checked before anything is moved into place); the app asks it of its signed-in administrator
 * ({@link #restoreAsSignedIn}).
 */
public final class BackupRestore {
    private final StoreOpening opening;
    private final Clock clock;

    /**
     * @param opening opens the store as the signed-in person (for a backup, and for the app's restore)
     * @param clock   where the time comes from (the restore's audit entry in the restored directory)
     */
    public BackupRestore(StoreOpening opening, Clock clock) {
        this.opening = opening;
        this.clock = clock;
    }

    /**
     * Writes the whole data directory, encrypted under {@code passphrase}, to {@code out} (outside the data
     * directory), then reads it back and checks it before keeping it.
     *
     * @param passphrase at least 12 characters (the store refuses a shorter one, naming it); not wiped here
     * @return the file written: its entries, size in bytes, SHA-256 and the audit trail's head it holds
     * @throws org.exoconsent.records.AccessDeniedException when the person may not back up (checked first, audited)
     * @throws org.exoconsent.records.RefusedException      when {@code out} lies inside the data directory or the
     *                                                      passphrase is too short
     * @throws StoreException                                when the file cannot be written or read back
     */
    public RecordStore.BackupFile backup(Path out, char[] passphrase) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.BACKUP, "backup")) {
            return store.backup(out, passphrase);
        }
    }

    /**
     * Restores {@code from} into {@code to}, which must not exist or be empty; this data directory is not touched.
     * No sign-in is asked: the backup's passphrase (in {@code options}) opens it, and its own accounts come with it.
     *
     * @param clock where the time of the restore's audit entry (in the restored directory) comes from
     *
     * @return where it was restored, how many records, what could not be checked, what was lost (older than the anchor)
     * @throws org.exoconsent.records.ConflictException     when {@code to} holds anything (nothing is touched)
     * @throws org.exoconsent.records.RefusedException      naming the entry, record, key or account refused
     * @throws org.exoconsent.records.AccessDeniedException when the passphrase does not open the backup
     * @throws StoreException                                when a file cannot be read or written
     */
    public static RecordStore.Restored restore(Path from, DataDirectory to, Clock clock, RestoreOptions options)
            throws StoreException {
        return RecordStore.restore(from, to, clock, options);
    }

    /**
     * Restores {@code from} into a new, empty PostgreSQL store (issue 17 §4; {@code exoconsent restore --to
     * postgresql://…}): checked as into a data directory, then copied in one transaction ({@link
     * RecordStore#restore(Path, org.exoconsent.records.Stores, String, Clock, RestoreOptions)}); {@code target} is
     * closed. No sign-in, as for a data directory.
     *
     * @param target an opening of the new store as the clinic's application role
     * @param place  the store as messages name it (never a password)
     * @throws org.exoconsent.records.ConflictException when the store holds anything (nothing is touched)
     * @throws org.exoconsent.records.RefusedException  naming what the backup or the copy was refused for
     * @throws StoreException                            when a file cannot be read or the server fails
     */
    public static RecordStore.Restored restore(Path from, org.exoconsent.records.Stores target, String place,
                                               Clock clock, RestoreOptions options) throws StoreException {
        return RecordStore.restore(from, target, place, clock, options);
    }

    /**
     * As {@link #restore}, asked by the signed-in person of this data directory (the app): {@link Permission#BACKUP}
     * is checked first (a refusal is audited here, nothing is restored).
     */
    public RecordStore.Restored restoreAsSignedIn(Path from, DataDirectory to, RestoreOptions options)
            throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.BACKUP, "backup restore")) {
            store.principal(); // checked; the restore itself works on the backup and the new folder only
        }
        return restore(from, to, clock, options);
    }
}
