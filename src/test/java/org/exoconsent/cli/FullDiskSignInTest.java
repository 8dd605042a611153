package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in on a real full disk (issue 14 §4): a small tmpfs is mounted (root only; required when CI=true), a copy of a
 * data directory put on it and the rest filled with a file, leaving 0 to 64 KiB free. At no level may a right
 * password sign in while a wrong one goes uncounted, and {@code records verify} reports where its sign-in can be
 * recorded even when its own audit entry cannot. A full disk is said as such ("the disk of DIR is full: free space,
 * then try again; nothing was changed"), never as an unreadable database, nor with SQLite's codes or nested paths.
 */
@ProcessTest
class FullDiskSignInTest {
    @TempDir
    Path tmp;

    private static final String PASSWORD = "the admin password";
    private static final String WRONG = "not the password at all";
    private static final String UNRECORDABLE = "admin: sign-in refused: the attempt cannot be recorded, and nobody "
            + "can sign in until it can: ";

    private static ByteArrayInputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSignInThatCannotBeCountedIsRefusedWhateverThePasswordAndRecordsVerifyStillReports() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            if (ci) {
                fail("CI runs as root: this test mounts a small tmpfs to fill it");
            }
            Assumptions.abort("not root: a full disk needs a tmpfs mounted (mount -t tmpfs), which needs root");
        }
        Path data = tmp.resolve("data");
        assertEquals(0, CliTest.runRaw(Map.of(), stdin(PASSWORD + "\n"), "users", "add", "--data-dir",
                data.toString(), "--name", "admin", "--role", "administrator", "--password-stdin").exit());
        Map<String, String> right = Map.of("EXOCONSENT_PASSWORD", PASSWORD);
        Map<String, String> wrong = Map.of("EXOCONSENT_PASSWORD", WRONG);
        // once with room: the bundled templates are added to the library, so what follows writes only sign-ins
        assertEquals(0, CliTest.runRaw(right, stdin(""), "records", "verify", "--data-dir", data.toString(),
                "--user", "admin").exit());

        Path disk = Files.createDirectories(tmp.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (mount.waitFor() != 0) {
            if (ci) {
                fail("mount -t tmpfs failed: " + said);
            }
            Assumptions.abort("cannot mount a tmpfs here (" + said.strip() + ")");
        }
        List<String> seen = new ArrayList<>();
        boolean refusedAltogether = false;
        boolean reportedUnaudited = false;
        boolean saidFull = false;
        try {
            for (int freeKib = 0; freeKib <= 64; freeKib += 4) {
                Path copy = disk.resolve("data");

                fill(data, copy, freeKib);
                CliTest.Run guess = CliTest.runRaw(wrong, stdin(""), "catalog", "show", "--data-dir",
                        copy.toString(), "--user", "admin");
                Files.delete(disk.resolve("fill"));
                int counted = failedSignIns(copy);
                delete(copy);

                fill(data, copy, freeKib);
                CliTest.Run read = CliTest.runRaw(right, stdin(""), "catalog", "show", "--data-dir",
                        copy.toString(), "--user", "admin");
                Files.delete(disk.resolve("fill"));
                delete(copy);

                fill(data, copy, freeKib);
                CliTest.Run check = CliTest.runRaw(right, stdin(""), "records", "verify", "--data-dir",
                        copy.toString(), "--user", "admin");
                Files.delete(disk.resolve("fill"));
                delete(copy);

                String level = freeKib + " KiB free: guess exit " + guess.exit() + " [" + guess.err().strip()
                        + "], counted " + counted + "; verify exit " + check.exit() + " [" + check.err().strip() + "]";
                seen.add(level);
                String full = "the disk of " + copy + " is full: free space, then try again; nothing was changed";
                for (CliTest.Run run : List.of(guess, read, check)) {
                    String err = run.err();
                    // a whole database on a full disk is never said to be unreadable (a clinic might restore an
                    // old backup over it), nor in SQLite's codes, nor with paths nested in paths
                    assertTrue(!err.contains("not a readable") && !err.contains("SQLITE_")
                            && !err.contains("disk I/O error"), level + " | " + err);
                    for (String line : err.split("\n")) {
                        assertTrue(line.indexOf(copy.toString()) == line.lastIndexOf(copy.toString()),
                                "one path per message: " + line);
                    }
                    if (run.exit() == 4) {
                        assertEquals(full, err.strip(), level);
                        saidFull = true;
                    }
                    if (err.contains(UNRECORDABLE)) { // its count may be written: not "nothing was changed"
                        assertEquals(UNRECORDABLE + "the disk of " + copy + " is full: free space, then try again",
                                err.strip(), level);
                    }
                }
                // refused either way: as a wrong password (then counted), or because it cannot be recorded (or,
                // on a disk without even room for SQLite's shared-memory index, the database cannot be opened)
                assertTrue(guess.exit() != 0 && !guess.out().contains("Clinic:"), level);
                boolean answeredAsWrong = guess.err().startsWith("admin: wrong user name or password, or the "
                        + "account is locked or disabled");
                if (answeredAsWrong) {
                    assertEquals(5, guess.exit(), level);
                    assertEquals(1, counted, "a wrong password answered as such is counted: " + level);
                } else {
                    assertTrue(guess.err().contains(UNRECORDABLE) || guess.err().strip().equals(full), level);
                }
                if (read.out().contains("Clinic:")) {
                    assertEquals(1, counted, "the right password reads the catalog only where a wrong one is "
                            + "counted: " + level + "; catalog show [" + read.err().strip() + "]");
                }
                boolean signedIn = check.out().contains(" checked, ");
                if (signedIn) {
                    assertEquals(1, counted, "the right password signs in only where a wrong one is counted: "
                            + level);
                    assertEquals(0, check.exit(), level);
                    if (check.err().contains("Warning: this check's own audit entry could not be written")) {
                        reportedUnaudited = true;
                    }
                } else {
                    assertTrue(check.exit() != 0, level);
                    if (!answeredAsWrong && check.err().contains(UNRECORDABLE)) {
                        refusedAltogether = true;
                    }
                }
            }
        } finally {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
        }
        assertTrue(refusedAltogether, "at some level neither password signs in, each refused as unrecordable: "
                + String.join("\n", seen));
        assertTrue(saidFull, "at some level the disk is said to be full: " + String.join("\n", seen));
        assertTrue(reportedUnaudited, "at some level records verify reports and says its own entry could not be "
                + "written: " + String.join("\n", seen));
    }

    /** Copies the data directory onto the small disk, then fills the disk up to {@code freeKib} KiB. */
    private static void fill(Path data, Path copy, int freeKib) throws IOException {
        org.exoconsent.testing.PreviousRelease.copyTo(data, copy);
        // the clinic's data directory is its account's alone (issue 14 §1): no repair warning before the answer
        org.exoconsent.files.OwnerOnly.repair(copy);
        Path fill = copy.getParent().resolve("fill");
        try (FileChannel ch = FileChannel.open(fill, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer page = ByteBuffer.allocate(4096);
            try {
                while (true) {
                    page.clear();
                    ch.write(page);
                }
            } catch (IOException full) {
                // No space left on device: the disk is full
            }
            ch.truncate(Math.max(0, ch.size() / 4096 * 4096 - freeKib * 1024L));
        }
    }

    private static int failedSignIns(Path copy) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy.resolve("exoconsent.db"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT failed_sign_ins FROM account WHERE name = 'admin'")) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
