package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.exoconsent.files.OwnerOnly;

/**
 * The folder that holds a clinic's records: {@code exoconsent.db} (SQLite), {@code archive/} (signed PDFs, never
 * modified), {@code keys/} and the audit head. No lock file: writers are serialised by SQLite's own write lock (issue
 * 15 §2, {@link RecordStore}); {@code exoconsent.lock}, which releases before issue 15 held, is tolerated and never used.
 */
public final class DataDirectory {
    public static final String DATABASE = "exoconsent.db";
    public static final String ARCHIVE = "archive";
    /** The lock file of releases before issue 15; a data directory may still hold one: known, never opened. */
    public static final String LOCK = "exoconsent.lock";
    public static final String AUDIT_HEAD = "audit-head.txt";

    private final Path root;
    /** What openings through this object found open to other accounts, until a face has said so. */
    private final List<OwnerOnly.Repair> repairs = new CopyOnWriteArrayList<>();
    /** What openings through this object narrowed and no audit entry says yet ({@code permissions-repaired}). */
    private final List<OwnerOnly.Repair> unaudited = new CopyOnWriteArrayList<>();

    public DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * Makes the data directory and everything in it its owner's alone (issue 14 §1: folders 0700, files 0600, or
     * the owner's ACL alone on Windows; {@link OwnerOnly#repair}), as every opening of the store does. The signed
     * PDFs in the archive's month folders are looked at only when anything else was found open (a data directory of
     * an earlier release, or copied): the store makes each 0600, and the month folders, which are looked at, keep
     * every other account out of them (100,000 PDFs would add some 2 s to every opening). What was found
     * open to other accounts is returned and, when the folder holds a database (a folder made for a new data
     * directory, 0755 by its maker, holds no one's data yet: narrowed without a word), kept for
     * {@link #takeRepairs()}, so that the command line or the app says it once. Nothing is done when the folder
     * does not exist.
     *
     * <p>Nothing in it is ever followed or changed through a symbolic link, and nothing of another account's is
     * used (issue 14 §1, §2): a link anywhere in it, or a file or folder (the data directory itself included) owned
     * by another account than the one running the program ({@link OwnerOnly#currentOwner()}), is refused, naming
     * each; the other account could widen its mode again, or read or replace what a link points to. A folder's
     * entries are looked at only after the folder itself is found ours and narrowed, so no other account can add
     * one meanwhile. The data directory itself may be reached through a link its owner made (its target is
     * checked).
     *
     * @throws NotOwnedException naming every link and every file or folder of another account, and what to do
     */
    public OwnerOnly.Repair keepPrivate() throws NotOwnedException {
        refuseForeignFolder();
        // the archive's PDFs (100,000 take some 2 s to look at) are looked at only when anything else was found
        // open: each is made 0600 by the store, in month folders (which are looked at) that keep others out
        Path archive;
        try {
            archive = Files.isDirectory(root) ? root.toRealPath().resolve(ARCHIVE) : archive();
        } catch (IOException e) {
            archive = archive();
        }
        Path realArchive = archive;
        OwnerOnly.Repair quick = OwnerOnly.repair(root, folder -> isArchiveMonth(folder, realArchive));
        OwnerOnly.Repair r = quick;
        if (quick.found() && quick.refused().isEmpty()) {
            OwnerOnly.Repair all = OwnerOnly.repair(root);
            r = new OwnerOnly.Repair(root, quick.repaired() + all.repaired(), all.failed(), all.refused());
        }
        if (r.refusal() != null) {
            throw new NotOwnedException(r.refusal());
        }
        if (r.found() && Files.exists(database())) { // a folder with no database yet holds no one's data: no alarm
            repairs.add(r);
            unaudited.add(r);
        }
        return r;
    }

    /** What a data directory holds (a folder with anything else and no database is not one; see below). */
    private static final java.util.Set<String> OWN_NAMES = java.util.Set.of(DATABASE, DATABASE + "-wal",
            DATABASE + "-shm", DATABASE + "-journal", ARCHIVE, LOCK, AUDIT_HEAD, "keys", "drafts", "templates",
            "settings.properties");

    /**
     * Refuses, before anything in it is looked at or narrowed, a folder that is not a data directory (attack review
     * of issue 14: {@code --data-dir} or {@code $EXOCONSENT_HOME} naming any existing folder — /etc, a home folder, or
     * a link another account planted pointing at one — made a new data directory there and narrowed every file in
     * it to 0600): a folder without a database may hold only what a data directory holds (so a folder made empty
     * for a new clinic, or one whose database was lost beside its archive, which the store then reports, passes);
     * and a data directory reached through a symbolic link must be reached through one of this account's.
     */
    private void refuseForeignFolder() throws NotOwnedException {
        try {
            if (Files.isSymbolicLink(root)) {
                java.nio.file.attribute.UserPrincipal owner = Files.getOwner(root, LinkOption.NOFOLLOW_LINKS);
                if (!owner.equals(OwnerOnly.currentOwner())) {
                    throw new NotOwnedException(root + ": is a symbolic link made by the account " + owner.getName()
                            + ", not by this one: another account could point it at another folder. Use the folder "
                            + "itself (" + root.toRealPath() + ") or a link of your own; nothing was read or changed");
                }
            }
            if (!Files.isDirectory(root) || Files.exists(database(), LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            List<String> foreign;
            try (java.util.stream.Stream<Path> entries = Files.list(root)) {
                foreign = entries.map(e -> e.getFileName().toString()).filter(n -> !OWN_NAMES.contains(n)).sorted()
                        .toList();
            }
            if (!foreign.isEmpty()) {
                throw new NotOwnedException(root + ": is not an ExoConsent data directory (it has no " + DATABASE
                        + ") and holds other files (" + String.join(", ", foreign.subList(0, Math.min(5,
                        foreign.size()))) + (foreign.size() > 5 ? ", and " + (foreign.size() - 5) + " more" : "")
                        + "): a new data directory is made in a new or empty folder. Check the path; nothing was "
                        + "read or changed");
            }
        } catch (IOException e) {
            throw new NotOwnedException(root + ": cannot be looked at (" + e.getMessage() + "); nothing was read or "
                    + "changed");
        }
    }

    /**
     * A data directory that holds a symbolic link, or a file or folder (itself included) that belongs to another
     * account of the computer (issue 14 §1, §2): refused before anything in it is read or written, naming each
     * and saying what an administrator does; exit 3 on the command line, as other refused input.
     */
    public static final class NotOwnedException extends RefusedException {
        private static final long serialVersionUID = 1L;

        NotOwnedException(String message) {
            super(message);
        }
    }

    /** archive/YYYY/MM: a folder of signed PDFs only. */
    private static boolean isArchiveMonth(Path folder, Path archive) {
        Path year = folder.getParent();
        return year != null && archive.equals(year.getParent())
                && folder.getFileName().toString().matches("\\d{2}") && year.getFileName().toString()
                .matches("\\d{4}");
    }

    /** What {@link #keepPrivate()} found through this object since the last call, to be said once (then cleared). */
    public List<OwnerOnly.Repair> takeRepairs() {
        List<OwnerOnly.Repair> out = List.copyOf(repairs);
        repairs.removeAll(out);
        return out;
    }

    /**
     * What openings through this object narrowed that no audit entry says yet, taken by the store that writes them
     * (then cleared); {@link #keepUnaudited} gives back one that could not be written.
     */
    List<OwnerOnly.Repair> takeUnaudited() {
        List<OwnerOnly.Repair> out = List.copyOf(unaudited);
        unaudited.removeAll(out);
        return out;
    }

    void keepUnaudited(OwnerOnly.Repair r) {
        unaudited.add(0, r);
    }

    /** {@code option} if given, else {@code $EXOCONSENT_HOME}, else {@code ~/.exoconsent}. */
    public static DataDirectory resolve(Path option, java.util.Map<String, String> env) {
        if (option != null) {
            return new DataDirectory(option);
        }
        String home = env.get("EXOCONSENT_HOME");
        if (home != null && !home.isBlank()) {
            return new DataDirectory(Path.of(home));
        }
        return new DataDirectory(Path.of(System.getProperty("user.home"), ".exoconsent"));
    }

    public Path root() {
        return root;
    }

    public Path database() {
        return root.resolve(DATABASE);
    }

    public Path archive() {
        return root.resolve(ARCHIVE);
    }

    /** Intent markers of recordings in progress (one small file per document being archived). */
    public Path pending() {
        return archive().resolve(".pending");
    }

    public Path auditHead() {
        return root.resolve(AUDIT_HEAD);
    }
}
