package org.exoconsent.records;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.exoconsent.files.OwnerOnly;

/**
 * The mark of a data directory whose clinic was moved to a PostgreSQL store (issue 17 §4): the file {@value
 * DataDirectory#MOVED_TO} in it, written last by {@link StoreMigration} (owner-only), naming the store's URL without
 * a password, when, and the audit head at the move. Every opening of the data directory for work through
 * {@link RecordStore}'s data-directory openers (the app's and the command line's) is then refused, saying where the
 * clinic's records are now, so a moved data directory never silently continues as a second clinic. Reading it
 * through those openers is refused too: each opening may write (a sign-in is audited, an upgrade registers keys),
 * which would fork the clinic's audit trail; the signed PDFs stay in its archive folder, readable by any PDF reader
 * and checkable with {@code exoconsent verify FILE}, and the records verify on the new store.
 */
public final class MovedDataDirectory {
    private static final String STORE = "store: ";

    private MovedDataDirectory() {
    }

    /**
     * Refuses a moved data directory.
     *
     * @throws RefusedException naming the store its records were moved to and when (exit 3 on the command line)
     */
    public static void refuseMoved(DataDirectory dir) throws RefusedException {
        Path mark = dir.root().resolve(DataDirectory.MOVED_TO);
        if (!Files.exists(mark, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String store = "a PostgreSQL store (see " + mark + ")";
        String when = "";
        try {
            for (String line : Files.readAllLines(mark, StandardCharsets.UTF_8)) {
                if (line.startsWith(STORE)) {
                    store = line.substring(STORE.length()).strip();
                } else if (line.startsWith("moved-at: ")) {
                    when = " on " + line.substring("moved-at: ".length()).strip();
                }
            }
        } catch (IOException e) {
            // the mark is there: refused all the same, naming the file
        }
        throw new RefusedException(dir.root() + ": this data directory was moved to " + store + when
                + " (exoconsent store migrate); the clinic's records are kept there now: open it with --store "
                + store + " or EXOCONSENT_STORE. Nothing is read or written here any more (" + mark + ").");
    }

    /** Writes the mark, owner-only; the last step of a move. */
    static void write(DataDirectory dir, String url, Instant at, long headSeq, String headHash) throws IOException {
        String text = String.join("\n", List.of(
                "This ExoConsent data directory was moved to a PostgreSQL store; its records are kept there now.",
                "Do not record here: open the store below (--store or EXOCONSENT_STORE).",
                STORE + url,
                "moved-at: " + at,
                "audit-head-at-move: " + headSeq + " " + headHash,
                ""));
        OwnerOnly.write(dir.root().resolve(DataDirectory.MOVED_TO), text.getBytes(StandardCharsets.UTF_8));
    }
}
