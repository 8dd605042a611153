package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The one check for every file a person names for ExoConsent to write (an export, a rendered PDF, a take-home card,
 * a leaflet, a backup, the patient's copy, the audit trail for an inspector): it must lie outside the data
 * directory. Only the store writes inside the data directory (issue 13 §4): a file written there by name could
 * replace the database, an archived signed original or the audit head.
 *
 * <p>Paths are compared as the file system sees them: symbolic links and {@code ..} are resolved, and for a file
 * (or folders) that does not exist yet, its nearest existing folder is resolved and the rest appended. The data
 * directory is compared the same way, so a data directory reached through a link is recognised too.
 */
public final class OutsideDataDirectory {
    private OutsideDataDirectory() {
    }

    /**
     * Refuses {@code out} when it is inside {@code dataDirectory} (or is the data directory itself).
     *
     * @param out           the file the person named
     * @param dataDirectory the data directory as given ({@code --data-dir}) or found ({@code $EXOCONSENT_HOME},
     *                      else {@code ~/.exoconsent}); it need not exist; null on a shared (PostgreSQL) store, which
     *                      keeps nothing in a folder here (issue 17): then only a file that is not a regular one is
     *                      refused
     * @param what          what would be written, capitalised, for the message ("The export", "The rendered PDF")
     * @throws RefusedException naming the file and the data directory; nothing is written
     */
    public static void require(Path out, Path dataDirectory, String what) throws RefusedException {
        require(out, dataDirectory, what, what + " is never written there: only the store writes inside the data "
                + "directory (the database, the signed records, the audit trail, the keys). Choose a file outside "
                + "it; nothing was written");
    }

    /**
     * As {@link #require(Path, Path, String)}, with the explanation after "OUT: is inside the data directory DIR. "
     * given by the caller.
     */
    public static void require(Path out, Path dataDirectory, String what, String explanation)
            throws RefusedException {
        if (dataDirectory != null && isInside(out, dataDirectory)) { // null: a shared store, no data directory here
            throw new RefusedException(out + ": is inside the data directory " + dataDirectory + ". " + explanation);
        }
        java.nio.file.LinkOption noFollow = java.nio.file.LinkOption.NOFOLLOW_LINKS;
        if (Files.exists(out, noFollow) && !Files.isRegularFile(out, noFollow) && !Files.isSymbolicLink(out)) {
            // a device (/dev/null), a pipe or a folder: "replacing" it would destroy it, or hang on it
            throw new RefusedException(out + ": is not a regular file (a device, a pipe or a folder); name a file; "
                    + "nothing was written");
        }
    }

    /**
     * As {@link #require(Path, Path, String)} for a file given to the patient (their copy, their take-home card),
     * explaining that such a file is the patient's, not the archive.
     */
    public static void requireForThePatient(Path out, Path dataDirectory, String what) throws RefusedException {
        require(out, dataDirectory, what, what + " is the patient's, not the archive (the signed record is already "
                + "archived there): save it outside the data directory, for example in Documents or on a USB stick; "
                + "nothing was written");
    }

    /** Whether {@code out}, resolved as above, is {@code dataDirectory} or lies inside it. */
    public static boolean isInside(Path out, Path dataDirectory) {
        return real(out).startsWith(real(dataDirectory));
    }

    /** The real path of the nearest existing folder of {@code p}, with the rest of {@code p} appended. */
    static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Deque<Path> rest = new ArrayDeque<>();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            rest.push(existing.getFileName());
            existing = existing.getParent();
        }
        Path real;
        try {
            real = existing == null ? abs.getRoot() : existing.toRealPath();
        } catch (IOException e) {
            real = existing;
        }
        while (!rest.isEmpty()) {
            real = real.resolve(rest.pop());
        }
        return real;
    }
}
