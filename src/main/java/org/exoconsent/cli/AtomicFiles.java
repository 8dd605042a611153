package org.exoconsent.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.exoconsent.files.OwnerOnly;
import org.exoconsent.records.OutsideDataDirectory;
import org.exoconsent.records.RefusedException;

/**
 * Writes a file the person named completely or not at all: a temporary file beside it, flushed to disk, then moved
 * into place. Never inside the data directory ({@link OutsideDataDirectory}): only the store writes there.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * @param dataDirectory the command's data directory; a target inside it is refused
     * @param what          what is written, capitalised, for the refusal ("The rendered PDF")
     * @throws RefusedException when the target is inside the data directory; nothing is written
     * @throws java.nio.file.FileAlreadyExistsException when it exists and {@code replace} is false
     */
    static void write(Path target, byte[] bytes, boolean replace, Path dataDirectory, String what)
            throws IOException, RefusedException {
        OutsideDataDirectory.require(target, dataDirectory, what);
        Path dir = target.toAbsolutePath().getParent();
        OwnerOnly.createDirectories(dir);
        Path tmp = OwnerOnly.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (replace) {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                // fails with FileAlreadyExistsException rather than replace what is there
                Files.createLink(target, tmp);
            }
        } catch (UnsupportedOperationException e) {
            Files.move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
