package org.exoconsent.records;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.exoconsent.files.OwnerOnly;

/**
 * Files given to the patient (their copy of a signed record, their take-home card): written outside the data
 * directory, complete or not at all. Such a file is the patient's, not the archive: the signed record stays in
 * the archive and only the archive's file is ever checked or exported.
 */
final class PatientCopies {
    private PatientCopies() {
    }

    /**
     * Refuses a file inside the data directory (whatever the path's spelling: symbolic links and {@code ..} are
     * resolved as far as the folders exist).
     *
     * @param what what would be written, for the message ("the patient's copy", "the take-home card")
     * @throws RefusedException naming the file and the data directory; nothing is written
     */
    static void refuseInsideDataDirectory(Path out, Path dataDirectory, String what) throws RefusedException {
        OutsideDataDirectory.requireForThePatient(out, dataDirectory, what);
    }

    /**
     * Writes {@code bytes} to a temporary file beside {@code out}, flushed to the device, for the store to move into
     * place with its audit entry ({@link FileForTheClinic}; replacing a file there only when {@code overwrite}). The
     * folder must exist: a mistyped folder is reported, not created.
     *
     * @throws RefusedException  when no file is named, or its folder does not exist
     * @throws ConflictException when the file exists and {@code overwrite} is false
     * @throws StoreException    when it cannot be written (the message says why); nothing is left behind
     */
    static FileForTheClinic prepare(Path out, byte[] bytes, boolean overwrite, String what) throws StoreException {
        if (out.toString().isBlank() || out.getFileName() == null) {
            throw new RefusedException("no file named for " + what + "; give a file name; nothing was written");
        }
        Path folder = out.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            throw new RefusedException(folder + ": no such folder; " + what + " was not written (choose an existing "
                    + "folder)");
        }
        if (!overwrite && Files.exists(out)) {
            throw new ConflictException(out + ": already exists; nothing was written (choose another file)", null);
        }
        Path tmp = null;
        try {
            tmp = OwnerOnly.createTempFile(folder, ".exoconsent-", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            FileForTheClinic made = new FileForTheClinic(tmp, out, overwrite, what);
            tmp = null;
            return made;
        } catch (IOException | RuntimeException e) {
            throw new StoreException(out + ": " + what + " cannot be written: " + RecordStore.describe(
                    e instanceof IOException io ? io : new IOException(e.getMessage(), e)) + "; nothing was written",
                    e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temporary file beside the patient's file holds nothing of the archive
                }
            }
        }
    }
}
