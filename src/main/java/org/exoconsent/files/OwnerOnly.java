package org.exoconsent.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Files and folders that belong to the account running ExoConsent alone (issue 14 §1): every file and folder the
 * product creates for the clinic — in the data directory and outside it (backups, exports, copies, restored data
 * directories) — is made through this class, with its permissions given at creation so that there is no moment in
 * which another account could open it.
 * <ul>
 * <li>On a POSIX file system (Linux, macOS): files {@code 0600} ({@code rw-------}), folders {@code 0700}
 * ({@code rwx------}), passed to {@code open(2)}/{@code mkdir(2)} ({@link PosixFilePermissions#asFileAttribute});
 * the process's umask can only narrow them.</li>
 * <li>Elsewhere (Windows, whose file systems have ACLs): an ACL with one entry, full control for the account
 * running the program, given at creation ({@code acl:acl}); an existing file's ACL is replaced by the owner's entry
 * alone when it holds any other. Whether Windows adds the parent folder's inheritable entries to a file created so
 * is not known here (no Windows in CI, untested): the opening's {@link #repair} removes any it finds. See
 * docs/ARCHITECTURE.md.</li>
 * </ul>
 * Files that exist already are narrowed by {@link #restrict(Path)} and, for a whole tree, {@link #repair(Path)}.
 */
public final class OwnerOnly {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static boolean acl(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("acl");
    }

    /** The attributes that give a new file at {@code p} to its owner alone (none on a file system with neither). */
    static FileAttribute<?>[] file(Path p) throws IOException {
        if (posix(p)) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)};
        }
        return acl(p) ? new FileAttribute<?>[] {aclAttribute(currentUser(p), false)} : new FileAttribute<?>[0];
    }

    /** The attributes that give a new folder at {@code p} to its owner alone. */
    static FileAttribute<?>[] folder(Path p) throws IOException {
        if (posix(p)) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FOLDER)};
        }
        return acl(p) ? new FileAttribute<?>[] {aclAttribute(currentUser(p), true)} : new FileAttribute<?>[0];
    }

    private static UserPrincipal currentUser(Path p) throws IOException {
        return p.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
    }

    private static List<AclEntry> ownerAcl(UserPrincipal owner, boolean folder) {
        AclEntry.Builder b = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class));
        if (folder) {
            b.setFlags(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT);
        }
        return List.of(b.build());
    }

    private static FileAttribute<List<AclEntry>> aclAttribute(UserPrincipal owner, boolean folder) {
        List<AclEntry> entries = ownerAcl(owner, folder);
        return new FileAttribute<>() {
            @Override
            public String name() {
                return "acl:acl";
            }

            @Override
            public List<AclEntry> value() {
                return entries;
            }
        };
    }

    /**
     * Creates {@code dir} and every missing folder above it, each new one its owner's alone; folders that exist are
     * left as they are. Returns {@code dir}.
     *
     * @throws java.nio.file.FileAlreadyExistsException when {@code dir} exists and is not a folder
     */
    public static Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return dir;
        }
        Files.createDirectories(absolute, folder(absolute));
        return dir;
    }

    /** Creates a new folder, its owner's alone; fails when anything is there. */
    public static Path createDirectory(Path dir) throws IOException {
        return Files.createDirectory(dir, folder(dir.toAbsolutePath()));
    }

    /** Creates a new, empty file, its owner's alone; fails when anything is there. */
    public static Path createFile(Path file) throws IOException {
        return Files.createFile(file, file(file.toAbsolutePath()));
    }

    /** A new temporary file in {@code dir} (named {@code prefix…suffix}), its owner's alone. */
    public static Path createTempFile(Path dir, String prefix, String suffix) throws IOException {
        return Files.createTempFile(dir, prefix, suffix, file(dir.toAbsolutePath()));
    }

    /** A new temporary folder in {@code dir} (named {@code prefix…}), its owner's alone. */
    public static Path createTempDirectory(Path dir, String prefix) throws IOException {
        return Files.createTempDirectory(dir, prefix, folder(dir.toAbsolutePath()));
    }

    /**
     * Opens a file for writing, creating it its owner's alone when the options create it ({@code CREATE_NEW} when
     * none are given: nothing is ever replaced by default). A file that exists keeps its permissions.
     */
    public static OutputStream newOutputStream(Path file, OpenOption... options) throws IOException {
        return Channels.newOutputStream(channel(file, options.length == 0
                ? Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE) : withWrite(options)));
    }

    /** Opens a file channel with {@code options}; a file it creates is its owner's alone. */
    public static FileChannel channel(Path file, Set<? extends OpenOption> options) throws IOException {
        return FileChannel.open(file, options, file(file.toAbsolutePath()));
    }

    private static Set<OpenOption> withWrite(OpenOption... options) {
        Set<OpenOption> set = new HashSet<>(List.of(options));
        if (!set.contains(StandardOpenOption.APPEND)) {
            set.add(StandardOpenOption.WRITE);
        }
        return set;
    }

    /** Writes {@code bytes} to a new file, its owner's alone (fails when the file exists). */
    public static void write(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = newOutputStream(file)) {
            out.write(bytes);
        }
    }

    /**
     * Copies {@code from} into a new file {@code to}, its owner's alone, whatever the permissions of {@code from}
     * ({@link Files#copy(Path, Path, java.nio.file.CopyOption...)} would give the copy those of its source).
     */
    public static void copy(Path from, Path to) throws IOException {
        try (InputStream in = Files.newInputStream(from); OutputStream out = newOutputStream(to)) {
            in.transferTo(out);
        }
    }

    /**
     * Takes every other account's access away from an existing file or folder (a symbolic link is left alone):
     * on POSIX the group's and others' permission bits are cleared, the owner's kept; with ACLs the ACL becomes one
     * entry for the file's owner. Returns whether anything was changed.
     */
    public static boolean restrict(Path p) throws IOException {
        if (posix(p)) {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return !a.isSymbolicLink() && narrow(p, a);
        }
        if (acl(p) && !Files.isSymbolicLink(p)) {
            AclFileAttributeView view = Files.getFileAttributeView(p, AclFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            UserPrincipal owner = view.getOwner();
            boolean others = view.getAcl().stream().anyMatch(e -> !e.principal().equals(owner));
            if (others) {
                view.setAcl(ownerAcl(owner, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)));
            }
            return others;
        }
        return false;
    }

    /** Narrows {@code p} as {@code a} (read before) shows it; never follows a link found there now. */
    static boolean narrow(Path p, PosixFileAttributes a) throws IOException {
        Set<PosixFilePermission> perms = a.permissions();
        if (perms.stream().noneMatch(OTHERS::contains)) {
            return false;
        }
        Set<PosixFilePermission> mine = EnumSet.noneOf(PosixFilePermission.class);
        perms.stream().filter(x -> !OTHERS.contains(x)).forEach(mine::add);
        // never through a link swapped in since the attributes were read: the JDK opens the file with O_NOFOLLOW
        // and changes the mode of what it opened (fchmod), so a link is refused (ELOOP), its target untouched
        Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setPermissions(mine);
        return true;
    }

    /** The account this program runs as, as the file system names owners (found once; see {@link #currentOwner}). */
    private static volatile UserPrincipal self;

    /**
     * The owner the file system gives the files this process creates: on POSIX the user whose name the JDK reports
     * ({@code user.name}, from the process's user id), looked up as the file system's principal (compared by user
     * id); when that name is not known to the system, or on a file system without POSIX attributes (Windows, where
     * an elevated program's files belong to the Administrators group), the owner of an empty temporary file this
     * process creates (and deletes at once) in the JDK's temporary folder.
     *
     * @throws IOException when neither way gives an owner
     */
    public static UserPrincipal currentOwner() throws IOException {
        UserPrincipal known = self;
        if (known != null) {
            return known;
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (posix(tmp)) {
            try {
                known = currentUser(tmp);
            } catch (IOException | UnsupportedOperationException e) {
                known = null; // a user id without a name: the probe below
            }
        }
        if (known == null) {
            Path probe = createTempFile(tmp, "exoconsent-owner-", ".tmp");
            try {
                known = Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS);
            } finally {
                Files.deleteIfExists(probe);
            }
        }
        self = known;
        return known;
    }

    /**
     * What {@link #repair(Path)} found: the folder, how many of its files and folders other accounts could open
     * (and were narrowed), those that could not be changed (path and reason), and those it refused to touch
     * ({@code refused}: a symbolic link, or a file or folder that belongs to another account, each with what it is).
     */
    public record Repair(Path folder, int repaired, List<String> failed, List<String> refused) {
        public Repair {
            failed = List.copyOf(failed);
            refused = List.copyOf(refused);
        }

        /** A repair that refused nothing. */
        public Repair(Path folder, int repaired, List<String> failed) {
            this(folder, repaired, failed, List.of());
        }

        /** Whether anything was found open to other accounts. */
        public boolean found() {
            return repaired > 0 || !failed.isEmpty();
        }

        /** The warning to give, in English (the command line's). */
        public String warning() {
            StringBuilder s = new StringBuilder(folder + ": " + (repaired + failed.size())
                    + " file(s) and folder(s) could be read or changed by other accounts of this computer");
            if (repaired > 0) {
                s.append("; ").append(repaired).append(" now belong to this account only");
            }
            if (!failed.isEmpty()) {
                s.append("; ").append(failed.size()).append(" could not be changed (")
                        .append(String.join(", ", failed.subList(0, Math.min(3, failed.size()))))
                        .append(failed.size() > 3 ? ", …" : "").append("): take other accounts' access away by hand");
            }
            return s.append(". Patient data and the signing key may have been read: tell the administrator.")
                    .toString();
        }

        /**
         * Why the folder is refused, in English, or null when nothing was: every symbolic link and every file or
         * folder of another account (the first ten named, with the count), and what an administrator does.
         */
        public String refusal() {
            if (refused.isEmpty()) {
                return null;
            }
            return folder + ": " + refused.size() + " file(s) or folder(s) in it are not this account's own ("
                    + String.join("; ", refused.subList(0, Math.min(10, refused.size())))
                    + (refused.size() > 10 ? "; …" : "") + "): another account could read or replace the clinic's "
                    + "data through them, so nothing was read or changed. An administrator must remove the "
                    + "symbolic links and give every file and folder of it to the account that runs ExoConsent ("
                    + "chown -R ACCOUNT " + folder + "), after checking that nothing was put there, or use another "
                    + "folder.";
        }
    }

    /**
     * Takes other accounts' access away from {@code root} and everything in it, the folder itself first. Symbolic
     * links are never followed nor changed: each is named in {@link Repair#refused()}, as is every file or folder
     * owned by another account (narrowing its mode would not keep its owner out: an owner can widen it again),
     * and nothing under a refused folder is looked at. A file that cannot be changed is reported, not fatal.
     * Nothing is done when {@code root} does not exist. {@code root} itself is looked at where it leads (a data
     * directory may be reached through a link its owner made).
     */
    public static Repair repair(Path root) {
        return repair(root, folder -> false);
    }

    /**
     * As {@link #repair(Path)}, but the files directly in a folder {@code skipFilesIn} accepts are not looked at
     * (the folder itself is): for folders of many files that the product alone writes, each its owner's from
     * creation, whose folder already keeps every other account out.
     */
    public static Repair repair(Path root, java.util.function.Predicate<Path> skipFilesIn) {
        int[] repaired = {0};
        List<String> failed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return new Repair(root, 0, failed, refused);
        }
        try {
            walk(root.toRealPath(), currentOwner(), skipFilesIn, repaired, failed, refused);
        } catch (IOException e) {
            failed.add(root + " (" + e.getMessage() + ")");
        }
        return new Repair(root, repaired[0], failed, refused);
    }

    /**
     * One file or folder: a link or another account's is refused; else narrowed, and a folder's entries are listed
     * only after it was narrowed (no other account can add one while they are looked at).
     */
    private static void walk(Path p, UserPrincipal me, java.util.function.Predicate<Path> skipFilesIn,
                             int[] repaired, List<String> failed, List<String> refused) {
        boolean folder;
        try {
            BasicFileAttributes a;
            UserPrincipal owner;
            if (posix(p)) {
                PosixFileAttributes pa = Files.readAttributes(p, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                a = pa;
                owner = pa.owner();
            } else {
                a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                owner = Files.getOwner(p, LinkOption.NOFOLLOW_LINKS);
            }
            if (a.isSymbolicLink()) {
                refused.add(p + " is a symbolic link to " + Files.readSymbolicLink(p));
                return;
            }
            if (!owner.equals(me)) {
                refused.add(p + " belongs to the account " + owner.getName());
                return;
            }
            if (a instanceof PosixFileAttributes pa ? narrow(p, pa) : restrict(p)) {
                repaired[0]++;
            }
            folder = a.isDirectory();
        } catch (IOException | RuntimeException e) {
            failed.add(p + " (" + e.getMessage() + ")");
            return;
        }
        if (!folder || skipFilesIn.test(p)) {
            return;
        }
        List<Path> entries = new ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
            s.forEach(entries::add);
        } catch (IOException | RuntimeException e) {
            failed.add(p + " (" + e.getMessage() + ")");
            return;
        }
        entries.sort(null);
        for (Path e : entries) {
            walk(e, me, skipFilesIn, repaired, failed, refused);
        }
    }
}
