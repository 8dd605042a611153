package org.exoconsent.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written whole is put in place once: an existing target is kept unless replacing was asked for. */
class IntoPlaceTest {
    @TempDir
    Path dir;

    @Test
    void aTargetThatExistsIsKeptUnlessReplacingWasAskedFor() throws Exception {
        Path target = Files.write(dir.resolve("records.csv"), "the manager's own file".getBytes());
        Path tmp = Files.write(dir.resolve(".records.csv.tmp"), "export".getBytes());

        assertThrows(FileAlreadyExistsException.class, () -> IntoPlace.move(tmp, target, false));
        assertArrayEquals("the manager's own file".getBytes(), Files.readAllBytes(target), "nothing replaced");

        IntoPlace.move(tmp, target, true);
        assertArrayEquals("export".getBytes(), Files.readAllBytes(target));
        assertFalse(Files.exists(tmp), "no temporary file is left");
    }

    @Test
    void aNewTargetIsWrittenAndNoTemporaryFileIsLeft() throws Exception {
        Path tmp = Files.write(dir.resolve(".card.pdf.tmp"), "card".getBytes());
        Path target = dir.resolve("card.pdf");

        IntoPlace.move(tmp, target, false);
        assertArrayEquals("card".getBytes(), Files.readAllBytes(target));
        assertFalse(Files.exists(tmp), "no temporary file is left");
    }
}
