package org.exoconsent.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts a complete temporary file into place under its target's name, the one way every file written whole is put in
 * place (the command line's outputs, the store's files for the clinic).
 */
public final class IntoPlace {
    private IntoPlace() {
    }

    /**
     * Moves {@code tmp} to {@code target}: atomically where the file system can when {@code replace}; otherwise by a
     * hard link, which refuses atomically a target that exists (a plain move would check, then replace a file that
     * appeared in between), or, where links are not supported, by a move that refuses an existing target.
     * {@code tmp} no longer exists afterwards when this returns.
     *
     * @param tmp     the complete file, flushed to the device, in {@code target}'s folder
     * @param replace whether an existing {@code target} may be replaced
     * @throws java.nio.file.FileAlreadyExistsException when {@code target} exists and {@code replace} is false
     */
    public static void move(Path tmp, Path target, boolean replace) throws IOException {
        if (replace) {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return;
        }
        try {
            Files.createLink(target, tmp);
        } catch (UnsupportedOperationException e) {
            Files.move(tmp, target);
            return;
        }
        Files.delete(tmp);
    }
}
