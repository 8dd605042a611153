package org.exoconsent.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.exoconsent.files.IntoPlace;
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
            IntoPlace.move(tmp, target, replace); // refuses an existing target unless replace
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
