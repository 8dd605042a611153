package org.exoconsent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * For tests: a data directory set up once per test JVM and copied, with its files' owner-only permissions, into each
 * test that asks for the same set-up (issue 15 §4, the quick lane). Setting one up hashes each account's password with
 * Argon2id (some 0.1 s each, the production parameters, which tests must not lower) and registers keys; a copy costs
 * a few milliseconds. A copy is the same data directory as the one set up: the same store identity, audit trail,
 * password hashes and salts, so tests that use copies must not compare two copies' identities (none of the tests
 * that use it do: each works on its own directory).
 *
 * <p>Only set-ups that depend on nothing but their name and a fixed clock ({@link Clock#fixed}) are kept; a set-up
 * on any other clock (a moving one, the system's) is made in place each time, since what it writes depends on when.
 */
public final class DataDirectoryTemplates {
    private static final Class<?> FIXED_CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC).getClass();
    /** The set-ups made in this JVM, by name and clock, each in its own folder under {@link #home}. */
    private static final Map<List<Object>, Path> MADE = new HashMap<>();
    private static Path home;

    private DataDirectoryTemplates() {
    }

    /** Writes a data directory's set-up into the new, empty folder {@code root}. */
    @FunctionalInterface
    public interface SetUp {
        void into(Path root) throws Exception;
    }

    /**
     * Whether a set-up on {@code clock} can be kept and copied: only on a fixed clock, whose every reading is the
     * same.
     */
    public static boolean reusable(Clock clock) {
        return clock.getClass() == FIXED_CLOCK;
    }

    /**
     * Puts the data directory {@code setUp} makes (named {@code name}, on {@code clock}) at {@code root}: the first
     * time in this JVM {@code setUp} makes it in a folder of its own, kept until the JVM ends, and every time it is
     * copied to {@code root} with each file's and folder's permissions. Does nothing and returns false when
     * {@code root} is not new (it exists and is not an empty folder, or its parent folder does not exist) or the clock
     * is not fixed: the caller then sets up in place, as before.
     *
     * @param name what the set-up makes; one name, one set-up (a different set-up needs a different name)
     * @return whether {@code root} now holds a copy of the set-up
     * @throws Exception what {@code setUp} throws, or an {@link IOException} from copying
     */
    public static synchronized boolean copyInto(Path root, String name, Clock clock, SetUp setUp) throws Exception {
        if (!reusable(clock) || !isNew(root)) {
            return false;
        }
        List<Object> key = List.of(name, clock);
        Path made = MADE.get(key);
        if (made == null) {
            made = Files.createTempDirectory(home(), "set-up-").resolve("data");
            setUp.into(made);
            refuseNamingItself(made);
            MADE.put(key, made);
        }
        copy(made, root);
        return true;
    }

    /**
     * Refuses a set-up any of whose files names the set-up's own folder (a setting or audit entry holding an
     * absolute path): its copies would point back at it.
     */
    private static void refuseNamingItself(Path made) throws IOException {
        // the set-up's own folder, and the one it is in (where a set-up may write its input files)
        byte[] name = made.getParent().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (Stream<Path> all = Files.walk(made)) {
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                byte[] bytes = Files.readAllBytes(f);
                for (int i = 0; i + name.length <= bytes.length; i++) {
                    if (java.util.Arrays.equals(bytes, i, i + name.length, name, 0, name.length)) {
                        throw new IOException(f + ": names the folder it was set up in (" + made.getParent()
                                + "), so its copies would point there: this set-up cannot be copied");
                    }
                }
            }
        }
    }

    private static boolean isNew(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return root.toAbsolutePath().getParent() != null && Files.isDirectory(root.toAbsolutePath().getParent());
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Copies the tree {@code from} to {@code to} (new or empty), each file and folder with its permissions and times. */
    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) { // the empty root
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(dir));
                } else {
                    Files.copy(dir, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isSymbolicLink()) {
                    throw new IOException(file + ": a set-up holds no links");
                }
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** This JVM's folder of set-ups (owner-only, as the data directories in it), removed when the JVM ends. */
    private static Path home() throws IOException {
        if (home == null) {
            home = Files.createTempDirectory("exoconsent-test-set-ups",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path made = home;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(made)));
        }
        return home;
    }

    private static void delete(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println(folder + ": test set-ups not removed: " + e.getMessage());
        }
    }
}
