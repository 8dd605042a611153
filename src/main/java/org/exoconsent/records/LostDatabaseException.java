package org.exoconsent.records;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The data directory has lost its database ({@code exoconsent.db}) but still holds a clinic's evidence: signed PDFs
 * in {@code archive/}, or the audit head ({@code audit-head.txt}). Such a folder is never initialised again as a new
 * clinic (issue 13 §4): that would start a second, empty index and audit trail beside the first clinic's records.
 * The message names what was found and how to restore the clinic from a backup; nothing is created.
 */
public class LostDatabaseException extends StoreException {
    private static final long serialVersionUID = 1L;

    LostDatabaseException(String message) {
        super(message);
    }

    /**
     * Refuses a data directory whose database is missing while its archive holds a PDF or its audit head exists.
     * Does nothing when the database exists or when the folder holds no such evidence (a new data directory).
     * Reads only; creates nothing.
     *
     * @throws LostDatabaseException naming the database, what was found, and {@code exoconsent restore}
     */
    static void refuseLost(DataDirectory dir) throws LostDatabaseException {
        if (Files.exists(dir.database())) {
            return;
        }
        String found;
        Optional<Path> pdf = firstPdf(dir.archive());
        if (pdf.isPresent()) {
            found = "its archive still holds signed PDFs (for example " + pdf.get() + ")";
        } else if (Files.exists(dir.auditHead())) {
            found = "its audit head " + dir.auditHead() + " is still there";
        } else {
            return;
        }
        throw new LostDatabaseException(dir.database() + ": is missing, but " + found + ": this is a clinic's data "
                + "directory whose database was lost, not a new one, and it is not started again as a new clinic; "
                + "nothing was created. Restore the newest backup into a new folder (exoconsent restore --from "
                + "BACKUP.zip --to NEW_FOLDER) and use that folder (--data-dir NEW_FOLDER); keep this folder as it "
                + "is until the restored records are verified (exoconsent records verify)");
    }

    private static Optional<Path> firstPdf(Path archive) {
        if (!Files.isDirectory(archive)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(archive)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".pdf") && Files.isRegularFile(p))
                    .findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.of(archive); // an archive that cannot be read is no evidence of a new clinic either
        }
    }
}
