package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 §1: the clinic's files belong to the clinic's account only. The commands are run as a clinic runs them;
 * then another account of the computer ({@code nobody}, through {@code runuser}) tries to read every file and list
 * every folder of the data directory, of the restored data directories and of everything written outside, and
 * fails; and every mode is 0600 (files) or 0700 (folders).
 *
 * <p>Needs root (to become {@code nobody}); CI runs as root. Outside CI, a run that is not root is skipped, saying so;
 * with {@code CI=true} it must run.
 */
@ProcessTest
class FilePermissionsCliTest {
    private static final String PASSPHRASE = "a long enough passphrase";
    private static final String JA = "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10";

    /** A folder every account may enter (0755), as /tmp or a clinic's shared disk is: only our modes protect. */
    private Path base;
    private final Map<String, String> asTester = Map.of("EXOCONSENT_USER", TestAccounts.NAME, "EXOCONSENT_PASSWORD",
            TestAccounts.PASSWORD, "EXOCONSENT_BACKUP_PASSPHRASE", PASSPHRASE);

    @BeforeEach
    void aFolderEveryAccountMayEnter() throws Exception {
        boolean root = "0".equals(exec(List.of("id", "-u")).out.strip());
        if (!root) {
            assertFalse("true".equals(System.getenv("CI")), "CI must run this test as root (it becomes 'nobody' "
                    + "with runuser to try to read the clinic's files)");
            Assumptions.abort("not root: cannot try the files as another account (runuser -u nobody); skipped "
                    + "outside CI");
        }
        assertEquals(0, exec(List.of("id", "nobody")).exit, "the account 'nobody' exists");
        base = Files.createTempDirectory("exoconsent-perms-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void removeIt() throws IOException {
        if (base != null) {
            try (Stream<Path> s = Files.walk(base)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    record Exec(int exit, String out) {
    }

    private static Exec exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Exec(p.waitFor(), out);
    }

    /**
     * Which of {@code paths} the account {@code nobody} can read (a file: {@code cat}; a folder: {@code ls}), tried
     * one by one in one {@code runuser} shell.
     */
    private static List<Path> readableByNobody(List<Path> paths) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "nobody", "--", "sh", "-c",
                "for f; do if [ -d \"$f\" ]; then ls \"$f\" >/dev/null 2>&1 && echo \"$f\"; "
                        + "else cat \"$f\" >/dev/null 2>&1 && echo \"$f\"; fi; done; true", "sh"));
        paths.forEach(p -> cmd.add(p.toString()));
        Exec e = exec(cmd);
        assertEquals(0, e.exit, e.out);
        return e.out.lines().filter(l -> !l.isBlank()).map(Path::of).toList();
    }

    /**
     * Asserts that {@code err} is exactly the one warning of a data directory found open to other accounts and
     * repaired at its first opening: a data directory of the release before (SQLite made its files 0644, and git
     * checks the fixtures out 0644/0755 as well).
     */
    static void assertTheOneRepairWarning(Path dataDir, String err) {
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("Warning: " + dataDir + ": ") && err.contains(
                "could be read or changed by other accounts of this computer"), err);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** Every file and folder under {@code root} (itself included) with its mode. */
    private static Map<Path, String> modes(Path root) throws IOException {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                out.put(p, mode(p));
            }
        }
        return out;
    }

    /**
     * Runs a command; none may find anything to repair: what the product made, it made its owner's alone at once
     * (a file created open and narrowed at the next opening would be said here).
     */
    private CliTest.Run run(String stdin, String... args) {
        return nothingRepaired(CliTest.runRaw(asTester, new ByteArrayInputStream(stdin.getBytes(
                StandardCharsets.UTF_8)), args));
    }

    private static CliTest.Run nothingRepaired(CliTest.Run r) {
        assertFalse(r.err().contains("could be read or changed by other accounts"), "made open, repaired later: "
                + r.err());
        return r;
    }

    private CliTest.Run ok(String... args) {
        CliTest.Run r = run("", args);
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.out() + r.err());
        return r;
    }

    @Test
    void anotherAccountReadsNoFileTheCommandsWroteInTheDataDirectoryOrOutsideIt() throws Exception {
        // the check can fail: a file made 0644 in a 0755 folder beside the data directory is read by 'nobody'
        Path control = Files.createDirectory(base.resolve("control"));
        Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path controlFile = Files.writeString(control.resolve("readable.txt"), "anyone can read this");
        Files.setPosixFilePermissions(controlFile, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(List.of(control, controlFile), readableByNobody(List.of(control, controlFile)));
        assertTrue(exec(List.of("runuser", "-u", "nobody", "--", "cat", controlFile.toString())).out
                .contains("anyone can read this"));

        // the clinic made the folder itself (0755): it becomes the data directory, narrowed without an alarm
        Path data = Files.createDirectory(base.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        String d = data.toString();
        CliTest.Run created = run(TestAccounts.PASSWORD + "\n", "users", "add", "--data-dir", d, "--name",
                TestAccounts.NAME, "--role", "administrator", "--password-stdin");
        assertEquals(0, created.exit(), created.err());
        ok("users", "set-roles", "--data-dir", d, "--name", TestAccounts.NAME, "--role",
                "administrator,manager,physician,staff", "--licence", TestAccounts.LICENCE);
        assertEquals(0, run(TestAccounts.PHYSICIAN_PASSWORD + "\n", "users", "add", "--data-dir", d, "--name",
                TestAccounts.PHYSICIAN, "--role", "physician", "--licence", TestAccounts.LICENCE, "--password-stdin")
                .exit());

        // the clinic's own folder for what it takes out (a desktop, a USB disk), open to every account
        Path outside = Files.createDirectory(base.resolve("clinic-files"));
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<Path> outputs = new ArrayList<>();

        // render makes the data directory's self-signed key
        Path rendered = outside.resolve("rendered.pdf");
        ok("render", "--data-dir", d, "--session", Examples.sessionFile("complete-en").toString(), "--out",
                rendered.toString());
        outputs.add(rendered);
        assertTrue(Files.exists(data.resolve("keys/clinic-signing.p12")), "the self-signed key was made");
        // keys import: the clinic's own key, stored again with its password file
        Path p12 = base.resolve("from-the-ca.p12");
        Files.write(p12, org.exoconsent.pdf.TestAccess.createKeystore("さくら皮膚科クリニック",
                "ca password".toCharArray()));
        CliTest.Run imported = run("ca password\n", "keys", "import", "--data-dir", d, "--p12", p12.toString(),
                "--password-stdin");
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(Files.exists(data.resolve("keys/clinic-imported.p12.password")));

        // record a consent (the physician's confirmation first, as the wizard records it)
        Path session = Examples.sessionFile("complete-ja");
        TestAccounts.confirmFiles(new DataDirectory(data), Examples.CLOCK, List.of(session));
        ok("record", "--data-dir", d, "--session", session.toString());
        // confirm rewrites a session file the physician names
        ObjectNode prepared = Examples.json("complete-ja");
        prepared.remove("confirmedBy");
        prepared.put("id", "7d0c6a55-1f0e-4f5b-9a43-2b7e8c9d0a11");
        prepared.putArray("acknowledgements");
        prepared.putArray("quiz");
        prepared.putArray("signatures");
        Path preparedFile = outside.resolve("prepared.json");
        Files.write(preparedFile, Examples.bytes(prepared));
        CliTest.Run confirmed = nothingRepaired(CliTest.runRaw(Map.of("EXOCONSENT_USER", TestAccounts.PHYSICIAN,
                "EXOCONSENT_PASSWORD", TestAccounts.PHYSICIAN_PASSWORD), new ByteArrayInputStream(new byte[0]),
                "confirm", "--data-dir", d, "--session", preparedFile.toString()));
        assertEquals(0, confirmed.exit(), confirmed.err());
        outputs.add(preparedFile);

        // exports: into the clinic's folder, and into folders the export creates
        Path csv = outside.resolve("new/sub/records.csv");
        ok("export", "--data-dir", d, "--format", "csv", "--out", csv.toString());
        outputs.addAll(List.of(outside.resolve("new"), outside.resolve("new/sub"), csv));
        for (String format : List.of("json", "zip", "xlsx")) {
            Path out = outside.resolve("records." + format);
            ok("export", "--data-dir", d, "--format", format, "--out", out.toString());
            outputs.add(out);
        }
        Path audit = outside.resolve("audit-trail.pdf");
        ok("audit", "export", "--data-dir", d, "--out", audit.toString());
        Path card = outside.resolve("card.pdf");
        ok("card", "--data-dir", d, "--record", JA, "--out", card.toString());
        outputs.addAll(List.of(audit, card));
        // the app's own writers: the patient's copy, the staff PIN, a draft and an abandoned one
        Path copy = outside.resolve("patient-copy.pdf");
        try (RecordStore store = TestAccounts.open(new DataDirectory(data), Examples.CLOCK, "app: copy")) {
            store.savePatientCopy(JA, copy, false);
        }
        outputs.add(copy);
        TestAccounts.staffPin(new DataDirectory(data), Examples.CLOCK, "2468"); // in the database since issue 15
        DraftStore drafts = new DraftStore(new DataDirectory(data));
        Instant draftTime = Instant.parse("2026-11-20T01:00:00Z");
        drafts.save(SessionJson.read(Examples.sessionFile("complete-en")), false, draftTime);
        drafts.save(SessionJson.read(preparedFile), false, Instant.parse("2026-11-20T01:00:00Z"));
        drafts.abandon("7d0c6a55-1f0e-4f5b-9a43-2b7e8c9d0a11", "test", Instant.parse("2026-11-20T02:00:00Z"));

        // backup, and restore into a new folder and into an empty folder the administrator made
        Path backup = outside.resolve("backups/clinic.backup");
        ok("backup", "--data-dir", d, "--out", backup.toString());
        outputs.addAll(List.of(backup.getParent(), backup));
        Path restored = base.resolve("restored/clinic");
        CliTest.Run r1 = run("", "restore", "--from", backup.toString(), "--to", restored.toString());
        assertEquals(0, r1.exit(), r1.out() + r1.err());
        outputs.add(restored.getParent());
        Path empty = Files.createDirectory(base.resolve("empty"));
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rwxr-xr-x"));
        CliTest.Run r2 = run("", "restore", "--from", backup.toString(), "--to", empty.toString());
        assertEquals(0, r2.exit(), r2.out() + r2.err());

        // the modes as the writers left them (before any further opening, which would repair)
        Map<Path, String> modes = new TreeMap<>();
        for (Path tree : List.of(data, restored, empty)) {
            modes.putAll(modes(tree));
        }
        for (Path o : outputs) {
            modes.put(o, mode(o));
        }
        // while a store is open, SQLite's -wal and -shm files exist: they have the database file's mode
        try (RecordStore open = TestAccounts.open(new DataDirectory(data), Examples.CLOCK, "check")) {
            for (String f : List.of("exoconsent.db-wal", "exoconsent.db-shm")) {
                assertTrue(Files.exists(data.resolve(f)), f + " is there while the store is open");
                modes.put(data.resolve(f), mode(data.resolve(f)));
            }
            assertEquals(List.of(), readableByNobody(new ArrayList<>(modes.keySet())),
                    "another account reads none of them");
        }
        assertFalse(Files.exists(data.resolve(DataDirectory.LOCK)), "no lock file is made (issue 15 §2)");
        for (String kind : List.of("exoconsent.db", "exoconsent.db-wal", "exoconsent.db-shm",
                "audit-head.txt", "keys/clinic-signing.p12", "keys/clinic-signing.p12.password",
                "keys/clinic-imported.p12", "keys/clinic-imported.p12.password", "drafts", "drafts/abandoned",
                "templates", "archive")) {
            assertTrue(modes.containsKey(data.resolve(kind)), kind + " was made and checked: " + modes.keySet());
        }
        assertTrue(modes.keySet().stream().anyMatch(p -> p.startsWith(data.resolve("archive"))
                && p.toString().endsWith(JA + ".pdf")), "the archived consent was checked");
        assertTrue(modes.keySet().stream().anyMatch(p -> p.startsWith(data.resolve("templates"))
                && p.toString().endsWith("template.yaml")), "the template library was checked");
        Map<Path, String> wrong = new TreeMap<>();
        modes.forEach((p, m) -> {
            String wanted = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "rwx------" : "rw-------";
            if (!m.equals(wanted)) {
                wrong.put(p, m);
            }
        });
        assertEquals(Map.of(), wrong, "every file 0600 and every folder 0700");
        assertEquals("rwxr-xr-x", mode(outside), "a folder the clinic made is left as it was");
    }

    @Test
    void aDataDirectoryOpenToOtherAccountsIsRepairedOnOpeningWithOneWarningAndTheNextOpeningSaysNothing()
            throws Exception {
        Path data = PreviousRelease.copyTo(PreviousRelease.V1_2_0, base.resolve("clinic"));
        int open = 0;
        try (Stream<Path> s = Files.walk(data)) {
            for (Path p : s.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p)
                        ? "rwxr-xr-x" : "rw-r--r--"));
                open++;
            }
        }
        assertTrue(readableByNobody(List.of(data.resolve("exoconsent.db"))).contains(data.resolve("exoconsent.db")),
                "as found: another account reads the database");
        Map<String, String> manager = new HashMap<>(Map.of("EXOCONSENT_USER", "suzuki", "EXOCONSENT_PASSWORD",
                "manager-password-1"));
        CliTest.Run first = CliTest.runRaw(manager, new ByteArrayInputStream(new byte[0]), "catalog", "show",
                "--data-dir", data.toString());
        assertEquals(0, first.exit(), first.err());
        assertEquals(List.of("Warning: " + data + ": " + open + " file(s) and folder(s) could be read or changed by "
                        + "other accounts of this computer; " + open + " now belong to this account only. Patient "
                        + "data and the signing key may have been read: tell the administrator."),
                first.err().lines().filter(l -> l.contains("could be read")).toList(),
                "one warning naming the folder and how many: " + first.err());
        Map<Path, String> after = modes(data);
        after.forEach((p, m) -> assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", m, p.toString()));
        assertEquals(List.of(), readableByNobody(new ArrayList<>(after.keySet())));

        CliTest.Run second = CliTest.runRaw(manager, new ByteArrayInputStream(new byte[0]), "catalog", "show",
                "--data-dir", data.toString());
        assertEquals(0, second.exit(), second.err());
        assertFalse(second.err().contains("could be read"), "said once: " + second.err());

        // and the audit trail keeps it: the administrator learns of it later, not only whoever saw that warning
        Path trail = base.resolve("trail.csv");
        CliTest.Run exported = CliTest.runRaw(manager, new ByteArrayInputStream(new byte[0]), "audit", "export",
                "--data-dir", data.toString(), "--from", "2000-01-01", "--to", "2100-12-31", "--action",
                "permissions-repaired", "--out", trail.toString());
        assertEquals(0, exported.exit(), exported.err());
        List<String> entries = Files.readString(trail).lines().filter(l -> !l.startsWith("#") && l.contains("permissions-repaired"))
                .toList();
        assertEquals(1, entries.size(), "one entry, by the opening that repaired: " + Files.readString(trail));
        assertTrue(entries.get(0).contains(data.toString()) && entries.get(0).contains("suzuki [manager]")
                && entries.get(0).contains("repaired: " + open), "the folder, who opened it and how many: "
                + entries.get(0));
    }

    private static final Map<String, String> ADMIN = Map.of("EXOCONSENT_USER", "admin", "EXOCONSENT_PASSWORD",
            "admin-password-1");

    /** Runs {@code script} as the account {@code nobody} (in {@code sh -c}); it must succeed. */
    private static void asNobody(String script) throws Exception {
        Exec e = exec(List.of("runuser", "-u", "nobody", "--", "sh", "-c", script));
        assertEquals(0, e.exit, script + ": " + e.out);
    }

    private static String owner(Path p) throws IOException {
        return Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName();
    }

    /** A folder every account may create folders in, as /tmp is (1777). */
    private Path sharedFolder() throws Exception {
        Path shared = Files.createDirectory(base.resolve("w"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        exec(List.of("chmod", "1777", shared.toString()));
        return shared;
    }

    @Test
    void aDataDirectoryAnotherAccountMadeIsRefusedBeforeAnythingIsWrittenIntoIt() throws Exception {
        Path pre = sharedFolder().resolve("pre2");
        // another account prepares the folder, hoping the clinic's first administrator is created in it
        asNobody("mkdir " + pre + " && cd " + pre + " && : > exoconsent.db && : > exoconsent.db-wal && mkdir keys "
                + "archive");
        assertEquals("nobody", owner(pre.resolve("exoconsent.db")));
        CliTest.Run r = CliTest.runRaw(Map.of(), new ByteArrayInputStream((TestAccounts.PASSWORD + "\n").getBytes(
                StandardCharsets.UTF_8)), "users", "add", "--data-dir", pre.toString(), "--name", TestAccounts.NAME,
                "--role", "administrator", "--password-stdin");
        assertEquals(3, r.exit(), "refused as other refused input: " + r.out() + r.err());
        assertTrue(r.err().contains(pre + ": ") && r.err().contains(pre + " belongs to the account nobody")
                && r.err().contains("chown -R ACCOUNT " + pre), "names the folder, its owner and what to do: "
                + r.err());
        assertEquals(0, Files.size(pre.resolve("exoconsent.db")), "no schema, no password hash written into it");
        assertEquals(0, Files.size(pre.resolve("exoconsent.db-wal")));
        assertFalse(Files.exists(pre.resolve(DataDirectory.LOCK), LinkOption.NOFOLLOW_LINKS), "not even the lock");
        assertEquals("rwxr-xr-x", mode(pre), "its mode untouched: nothing was changed");
        try (Stream<Path> s = Files.list(pre)) {
            assertEquals(4, s.count(), "nothing added");
        }

        // the same when the folder is the clinic's but one file in it is another account's (copied in by them)
        Path data = PreviousRelease.copyTo(PreviousRelease.V1_2_0, base.resolve("clinic"));
        Path password = data.resolve("keys/clinic-signing.p12.password");
        assertTrue(Files.exists(password));
        exec(List.of("chown", "nobody", password.toString()));
        exec(List.of("chmod", "0644", data.resolve("exoconsent.db").toString()));
        CliTest.Run open = CliTest.runRaw(ADMIN, new ByteArrayInputStream(new byte[0]), "catalog", "show",
                "--data-dir", data.toString());
        assertEquals(3, open.exit(), open.err());
        assertTrue(open.err().contains(password + " belongs to the account nobody"), open.err());
        assertFalse(open.err().contains("now belong to this account only"), "no false reassurance: " + open.err());

        // a restore into an empty folder another account made is refused too: that account could read it all
        Path backup = base.resolve("clinic.backup");
        exec(List.of("chown", "root", password.toString()));
        CliTest.Run made = CliTest.runRaw(Map.of("EXOCONSENT_USER", "admin", "EXOCONSENT_PASSWORD",
                "admin-password-1", "EXOCONSENT_BACKUP_PASSPHRASE", PASSPHRASE), new ByteArrayInputStream(
                new byte[0]), "backup", "--data-dir", data.toString(), "--out", backup.toString());
        assertEquals(0, made.exit(), made.err());
        Path target = pre.resolveSibling("restore-here");
        asNobody("mkdir " + target);
        CliTest.Run restored = CliTest.runRaw(Map.of("EXOCONSENT_BACKUP_PASSPHRASE", PASSPHRASE),
                new ByteArrayInputStream(new byte[0]), "restore", "--from", backup.toString(), "--to",
                target.toString());
        assertEquals(3, restored.exit(), restored.out() + restored.err());
        assertTrue(restored.err().contains(target + ": belongs to the account nobody") && restored.err().contains(
                "nothing was restored"), restored.err());
        try (Stream<Path> s = Files.list(target)) {
            assertEquals(0, s.count(), "nothing restored into it");
        }
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains("restoring")).toList(),
                    "no staging folder left beside it");
        }
    }

    @Test
    void aSymbolicLinkPlantedInTheDataDirectoryIsNeverFollowedAndTheOpeningIsRefusedNamingIt() throws Exception {
        Path data = PreviousRelease.copyTo(PreviousRelease.V1_2_0, base.resolve("clinic"));
        // a root-owned file outside, which opening the lock file through a link would truncate
        Path precious = Files.writeString(base.resolve("precious.conf"), "keep me");
        Files.setPosixFilePermissions(precious, PosixFilePermissions.fromString("rw-r--r--"));
        Files.deleteIfExists(data.resolve(DataDirectory.LOCK));
        Files.createSymbolicLink(data.resolve(DataDirectory.LOCK), precious);
        // the database moved elsewhere, a link left in its place: the repair would narrow and SQLite use it
        Path elsewhere = base.resolve("elsewhere.db");
        Files.move(data.resolve("exoconsent.db"), elsewhere);
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.createSymbolicLink(data.resolve("exoconsent.db"), elsewhere);
        byte[] dbBefore = Files.readAllBytes(elsewhere);

        CliTest.Run r = CliTest.runRaw(ADMIN, new ByteArrayInputStream(new byte[0]), "catalog", "show",
                "--data-dir", data.toString());
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(data.resolve(DataDirectory.LOCK) + " is a symbolic link to " + precious)
                && r.err().contains(data.resolve("exoconsent.db") + " is a symbolic link to " + elsewhere), r.err());
        assertEquals("keep me", Files.readString(precious), "the file outside was not truncated");
        assertEquals("rw-r--r--", mode(precious), "nor its mode changed");
        assertEquals("rw-rw-rw-", mode(elsewhere), "the repair never changes what a link points to");
        assertTrue(java.util.Arrays.equals(dbBefore, Files.readAllBytes(elsewhere)), "nor is it opened");
        assertTrue(Files.isSymbolicLink(data.resolve("exoconsent.db")), "the links are left for the administrator");
    }

    /**
     * Attack review of issue 14: {@code --data-dir} naming an existing folder that is not a data directory (or a link
     * another account planted, pointing at one) made a new data directory there and narrowed every file in it.
     */
    @Test
    void aFolderThatIsNotADataDirectoryOrALinkOfAnotherAccountIsNeverTakenOver() throws Exception {
        Path etc = Files.createDirectories(base.resolve("fakeetc/sub"));
        Path passwd = Files.writeString(etc.getParent().resolve("passwd"), "x");
        Files.setPosixFilePermissions(passwd, PosixFilePermissions.fromString("rw-r--r--"));
        CliTest.Run r = CliTest.runRaw(Map.of(), new ByteArrayInputStream((TestAccounts.PASSWORD + "\n").getBytes(
                StandardCharsets.UTF_8)), "users", "add", "--data-dir", etc.getParent().toString(), "--name",
                TestAccounts.NAME, "--role", "administrator", "--password-stdin");
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(etc.getParent() + ": is not an ExoConsent data directory (it has no exoconsent.db) "
                + "and holds other files (passwd, sub)"), r.err());
        assertEquals("rw-r--r--", mode(passwd), "nothing in it narrowed");
        assertFalse(Files.exists(etc.getParent().resolve("exoconsent.db")), "no database made there");

        // a link another account made, pointing at an empty folder of the clinic's: not followed
        Path empty = Files.createDirectory(base.resolve("empty"));
        Path link = sharedFolder().resolve("clinic-link");
        asNobody("ln -s " + empty + " " + link);
        r = CliTest.runRaw(Map.of(), new ByteArrayInputStream((TestAccounts.PASSWORD + "\n").getBytes(
                StandardCharsets.UTF_8)), "users", "add", "--data-dir", link.toString(), "--name",
                TestAccounts.NAME, "--role", "administrator", "--password-stdin");
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(link + ": is a symbolic link made by the account nobody"), r.err());
        try (Stream<Path> in = Files.list(empty)) {
            assertEquals(0, in.count(), "nothing written through it");
        }
    }

    /** Attack review of issue 14: a PDF of a month folder replaced by a link, or by another account's file. */
    @Test
    void anArchivedPdfThatIsALinkOrAnotherAccountsFileIsAProblemOfRecordsVerify() throws Exception {
        Path data = PreviousRelease.copyTo(PreviousRelease.V1_3_0, base.resolve("clinic13"));
        org.exoconsent.files.OwnerOnly.repair(data);
        Path pdf = data.resolve("archive/2026/11/" + PreviousRelease.FIRST_JA_1_3_0 + ".pdf");
        Path moved = base.resolve("moved.pdf");
        Files.move(pdf, moved);
        Files.createSymbolicLink(pdf, moved);
        CliTest.Run linked = CliTest.runRaw(Map.of("EXOCONSENT_USER", "suzuki", "EXOCONSENT_PASSWORD",
                "manager-password-1"), new ByteArrayInputStream(new byte[0]), "records", "verify", "--data-dir",
                data.toString());
        assertEquals(1, linked.exit(), linked.out() + linked.err());
        assertTrue(linked.out().contains(pdf + "): is a symbolic link (to " + moved + ")"), linked.out());

        Files.delete(pdf);
        Files.move(moved, pdf);
        exec(List.of("chown", "nobody", pdf.toString()));
        CliTest.Run foreign = CliTest.runRaw(Map.of("EXOCONSENT_USER", "suzuki", "EXOCONSENT_PASSWORD",
                "manager-password-1"), new ByteArrayInputStream(new byte[0]), "records", "verify", "--data-dir",
                data.toString());
        assertEquals(1, foreign.exit(), foreign.out() + foreign.err());
        assertTrue(foreign.out().contains(pdf + "): belongs to the account nobody"), foreign.out());
    }
}
