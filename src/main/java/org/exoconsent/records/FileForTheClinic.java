package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.exoconsent.files.IntoPlace;

/**
 * A file written outside the archive for someone (an export, the audit trail's export, a patient's copy, a take-home
 * card, a leaflet) that must exist only with its audit entry (issue 15 §2, attack "export busy"): it is written to a
 * temporary file beside its target first; the store then, in SQLite's write lock, appends the audit entry, moves
 * this file into place ({@link #place}) and commits. A write refused as busy, or an audit entry that cannot be
 * written, deletes the temporary file ({@link #discard}), so "nothing was written" is true; a commit that fails
 * after the move deletes the file moved into place.
 */
final class FileForTheClinic {
    private final Path tmp;
    private final Path target;
    private final boolean replace;
    private final String what;
    private boolean placed;

    /**
     * @param tmp     the complete temporary file, flushed to the device, in {@code target}'s folder
     * @param target  where it goes
     * @param replace whether a file at {@code target} may be replaced (else the move refuses one that appeared)
     * @param what    what it is, for messages ("the export", "the patient's copy")
     */
    FileForTheClinic(Path tmp, Path target, boolean replace, String what) {
        this.tmp = tmp;
        this.target = target;
        this.replace = replace;
        this.what = what;
    }

    /**
     * Moves the temporary file into place (atomically where the file system can).
     *
     * @throws ConflictException when the target exists and may not be replaced
     * @throws StoreException    when it cannot be moved; nothing was written
     */
    void place() throws StoreException {
        try {
            IntoPlace.move(tmp, target, replace); // refuses a file that appeared meanwhile unless replace
            placed = true;
        } catch (FileAlreadyExistsException e) {
            throw new ConflictException(target + ": already exists; nothing was written (choose another file)", e);
        } catch (IOException e) {
            throw new StoreException(target + ": " + what + " cannot be written: " + RecordStore.describe(e)
                    + "; nothing was written", e);
        }
    }

    /**
     * Removes what this file left: the temporary file, or — when the audit entry was not committed after all — the
     * file already moved into place. Best effort; never throws.
     */
    void discard() {
        try {
            Files.deleteIfExists(placed ? target : tmp);
        } catch (IOException ignored) {
            // a file that cannot be deleted here cannot be written either; the message already says so
        }
    }

    /** The target's path. */
    Path target() {
        return target;
    }
}
