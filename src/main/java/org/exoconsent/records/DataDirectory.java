package org.exoconsent.records;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.exoconsent.files.OwnerOnly;

/**
 * The folder that holds a clinic's records: {@code exoconsent.db} (SQLite), {@code archive/} (signed PDFs, never
 * modified), {@code keys/}, and {@code exoconsent.lock}, which one writing program holds at a time.
 */
public final class DataDirectory {
    public static final String DATABASE = "exoconsent.db";
    public static final String ARCHIVE = "archive";
    public static final String LOCK = "exoconsent.lock";
    public static final String AUDIT_HEAD = "audit-head.txt";

    private final Path root;
    /** What openings through this object found open to other accounts, until a face has said so. */
    private final List<OwnerOnly.Repair> repairs = new CopyOnWriteArrayList<>();

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
     */
    public OwnerOnly.Repair keepPrivate() {
        // the archive's PDFs (100,000 take some 2 s to look at) are looked at only when anything else was found
        // open: each is made 0600 by the store, in month folders (which are looked at) that keep others out
        OwnerOnly.Repair quick = OwnerOnly.repair(root, this::isArchiveMonth);
        OwnerOnly.Repair r = quick;
        if (quick.found()) {
            OwnerOnly.Repair all = OwnerOnly.repair(root);
            r = new OwnerOnly.Repair(root, quick.repaired() + all.repaired(), all.failed());
        }
        if (r.found() && Files.exists(database())) { // a folder with no database yet holds no one's data: no alarm
            repairs.add(r);
        }
        return r;
    }

    /** archive/YYYY/MM: a folder of signed PDFs only. */
    private boolean isArchiveMonth(Path folder) {
        Path year = folder.getParent();
        return year != null && archive().equals(year.getParent())
                && folder.getFileName().toString().matches("\\d{2}") && year.getFileName().toString()
                .matches("\\d{4}");
    }

    /** What {@link #keepPrivate()} found through this object since the last call, to be said once (then cleared). */
    public List<OwnerOnly.Repair> takeRepairs() {
        List<OwnerOnly.Repair> out = List.copyOf(repairs);
        repairs.removeAll(out);
        return out;
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

    /** Held while a program writes to this data directory. */
    public interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the writer's lock, or refuses at once naming who holds it: two programs must never write the same
     * records at the same time.
     */
    public Lock lockForWriting(String what) throws StoreException {
        try {
            OwnerOnly.createDirectories(root);
            FileChannel ch = OwnerOnly.channel(root.resolve(LOCK), java.util.Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE));
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(root.resolve(LOCK), StandardCharsets.UTF_8).strip();
                ch.close();
                throw new StoreException(root + " is in use by another ExoConsent program"
                        + (holder.isEmpty() ? "" : " (" + holder + ")")
                        + "; nothing was changed. Try again when it has finished.");
            }
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap((what + ", process " + ProcessHandle.current().pid() + ", since "
                    + Instant.now()).getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
            FileLock held = lock;
            return () -> {
                try {
                    held.release();
                    ch.close();
                } catch (IOException e) {
                    // the lock goes with the process anyway
                }
            };
        } catch (IOException e) {
            throw new StoreException(root + ": cannot lock the data directory: " + e.getMessage(), e);
        }
    }
}
