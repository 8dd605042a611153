package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.exoconsent.files.OwnerOnly;

/**
 * The folder that holds a clinic's records, and the one place that knows its layout (issue 15 §1): every name in
 * it ({@link #LAYOUT}: {@code exoconsent.db} (SQLite), {@code archive/} (signed PDFs, never modified),
 * {@code keys/}, {@code drafts/}, {@code templates/}, {@code audit-head.txt}, {@code moved-to.txt} (a clinic moved onto
 * PostgreSQL, {@link MovedDataDirectory}), and {@code exoconsent.lock}, which
 * releases before issue 15 held and which is tolerated and never used), the path of each ({@link #keys()},
 * {@link #drafts()}, {@link #templates()}, {@link #keyFiles()} …), and what a backup does with each. What an opening
 * tolerates in a folder without a database, what a backup takes and what a restore accepts are derived from
 * {@link #LAYOUT}, never listed again. No lock file: writers are serialised by SQLite's own write lock (issue 15 §2,
 * {@link RecordStore}).
 */
public final class DataDirectory {
    public static final String DATABASE = "exoconsent.db";
    public static final String ARCHIVE = "archive";
    /** The lock file of releases before issue 15; a data directory may still hold one: known, never opened. */
    public static final String LOCK = "exoconsent.lock";
    public static final String AUDIT_HEAD = "audit-head.txt";
    /**
     * The mark of a data directory whose clinic was moved to a PostgreSQL store ({@link MovedDataDirectory}, issue 17
     * §4): written last by {@code exoconsent store migrate}, owner-only; every opening for work is then refused.
     */
    public static final String MOVED_TO = "moved-to.txt";
    /** The folder of the clinic's signing keys and their password files ({@link #keyFiles()}). */
    public static final String KEYS = "keys";
    /** The folder of unfinished consultations, one JSON file each ({@link #drafts()}). */
    public static final String DRAFTS = "drafts";
    /** The folder in {@link #DRAFTS} of drafts abandoned by staff, kept with the reason. */
    public static final String ABANDONED_DRAFTS = "abandoned";
    /** Added to an abandoned draft's file name for the file that says when, why and by whom it was abandoned. */
    public static final String ABANDONED_REASON_SUFFIX = ".reason.txt";
    /** The folder of the clinic's consent template versions, {@code templates/VERSION/ID/} ({@link #templates()}). */
    public static final String TEMPLATES = "templates";
    /**
     * The staff PIN's file of releases up to 1.3.0 ({@code staff.pin.salt}, {@code staff.pin.hash}): moved into the
     * settings table at the first opening of this release, then removed (issue 15 §1). Still tolerated in a data
     * directory and taken from a backup, because those of earlier releases hold it.
     */
    public static final String SETTINGS_FILE = "settings.properties";
    /** The data directory's own self-signed signing key, in {@link #KEYS}. */
    public static final String SELF_SIGNED_KEY = "clinic-signing.p12";
    /** The clinic's imported signing key (from a certification authority), in {@link #KEYS}. */
    public static final String IMPORTED_KEY = "clinic-imported.p12";
    /** Added to a key file's name for the file that holds its password. */
    public static final String PASSWORD_SUFFIX = ".password";
    /** Added, with the time in milliseconds, to an imported key's files when another key replaces it. */
    public static final String REPLACED_INFIX = "-replaced-";

    /** What a backup does with one name of the layout. */
    public enum InBackup {
        /** A consistent copy of the database ({@link Backups#snapshotTo}: writers held out for that moment only). */
        SNAPSHOT,
        /** SQLite's own file beside the database: what it holds is in the snapshot. */
        IN_SNAPSHOT,
        /**
         * The file, or each file of the folder a restore takes back ({@code BackupReader}), copied: read at the
         * moment of the database's copy, except the archive's PDFs, of which those the copy's index names are
         * copied afterwards (never changed once written).
         */
        COPIED,
        /** Never: it belongs to the running program, not to the clinic's data. */
        NEVER
    }

    /**
     * One name at the top of a data directory.
     *
     * @param name   the file or folder name
     * @param folder whether it is a folder
     * @param backup what a backup does with it
     * @param what   what it holds, for people
     */
    public record Entry(String name, boolean folder, InBackup backup, String what) {
    }

    /** Every name a data directory holds at its top level, and what a backup does with each. */
    public static final List<Entry> LAYOUT = List.of(
            new Entry(DATABASE, false, InBackup.SNAPSHOT, "the database (SQLite)"),
            new Entry(DATABASE + "-wal", false, InBackup.IN_SNAPSHOT, "SQLite's write-ahead log"),
            new Entry(DATABASE + "-shm", false, InBackup.IN_SNAPSHOT, "SQLite's shared memory index"),
            new Entry(DATABASE + "-journal", false, InBackup.IN_SNAPSHOT, "SQLite's rollback journal"),
            new Entry(ARCHIVE, true, InBackup.COPIED, "the signed PDFs, by year and month"),
            new Entry(AUDIT_HEAD, false, InBackup.COPIED, "the audit trail's head"),
            new Entry(KEYS, true, InBackup.COPIED, "the signing keys and their passwords"),
            new Entry(DRAFTS, true, InBackup.COPIED, "unfinished consultations"),
            new Entry(TEMPLATES, true, InBackup.COPIED, "the consent template versions"),
            new Entry(SETTINGS_FILE, false, InBackup.COPIED, "the staff PIN of an earlier release (moved at "
                    + "opening)"),
            new Entry(MOVED_TO, false, InBackup.NEVER, "the mark of a data directory moved to a PostgreSQL store "
                    + "(where its records are now)"),
            new Entry(LOCK, false, InBackup.NEVER, "the lock file of releases before issue 15, tolerated and never "
                    + "used"));

    /** The names of {@link #LAYOUT}. */
    public static java.util.Set<String> names() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        LAYOUT.forEach(e -> out.add(e.name()));
        return java.util.Collections.unmodifiableSet(out);
    }

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
    private static final java.util.Set<String> OWN_NAMES = names();

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

    /** The folder of the clinic's signing keys. */
    public Path keys() {
        return root.resolve(KEYS);
    }

    /** The signing keys' files in {@link #keys()}, as {@link org.exoconsent.pdf.SigningKeys} opens and writes them. */
    public org.exoconsent.pdf.KeyFiles keyFiles() {
        return keyFilesIn(keys());
    }

    /**
     * The signing keys' files in {@code k}, named as in a data directory's {@link #KEYS} folder: the files of a
     * device's own key (issue 17 §2: on a store shared by several devices, each device that signs keeps its key in a
     * folder of its own and registers it in the store).
     */
    public static org.exoconsent.pdf.KeyFiles keyFilesIn(Path k) {
        return new org.exoconsent.pdf.KeyFiles(k, k.resolve(SELF_SIGNED_KEY), k.resolve(SELF_SIGNED_KEY
                + PASSWORD_SUFFIX), k.resolve(IMPORTED_KEY), k.resolve(IMPORTED_KEY + PASSWORD_SUFFIX),
                REPLACED_INFIX);
    }

    /** The folder of unfinished consultations. */
    public Path drafts() {
        return root.resolve(DRAFTS);
    }

    /** The folder of abandoned drafts, in {@link #drafts()}. */
    public Path abandonedDrafts() {
        return drafts().resolve(ABANDONED_DRAFTS);
    }

    /** The folder of the clinic's consent template versions. */
    public Path templates() {
        return root.resolve(TEMPLATES);
    }

    /** {@value #SETTINGS_FILE}: the staff PIN of an earlier release, until the first opening moves it. */
    public Path settingsFile() {
        return root.resolve(SETTINGS_FILE);
    }
}
