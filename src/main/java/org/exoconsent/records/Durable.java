package org.exoconsent.records;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.exoconsent.files.OwnerOnly;

/** Files that are either completely on disk or not there at all. */
final class Durable {
    private Durable() {
    }

    /**
     * Writes a new file: temporary file in the same folder, flushed to the device, moved into place without
     * replacing anything, and the folder flushed so the name survives a power cut.
     */
    static void createNew(Path target, byte[] bytes) throws IOException {
        Path tmp = written(target, bytes);
        try {
            Files.createLink(target, tmp); // fails if the target exists: nothing is ever replaced
            syncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Replaces a small bookkeeping file atomically. */
    static void replace(Path target, byte[] bytes) throws IOException {
        Path tmp = written(target, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp); // gone once moved; left by a failed move, it is removed here
        }
        syncDirectory(target.getParent());
    }

    /**
     * A temporary file of the clinic's own beside {@code target} holding all of {@code bytes}, flushed to the device;
     * removed again when the writing fails.
     */
    private static Path written(Path target, byte[] bytes) throws IOException {
        Path dir = target.getParent();
        OwnerOnly.createDirectories(dir);
        Path tmp = OwnerOnly.createTempFile(dir, ".incoming-", ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /** Flushes a written file to the device. */
    static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Removes a folder and everything in it (staging folders only: nothing here removes a record). */
    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory for syncing; the rename is still atomic there
        }
    }
}
