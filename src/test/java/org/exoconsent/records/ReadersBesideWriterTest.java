package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 §2, with real programs (separate JVMs running the command line): readers beside the writer, writers
 * serialised by SQLite's own write lock, which no file deleted by hand can take away.
 */
@ProcessTest
class ReadersBesideWriterTest {
    private static final Pattern CHECKED = Pattern.compile("(\\d+) records checked, (\\d+) problems?, (\\d+) orphan");

    @TempDir
    Path tmp;

    private record Run(int exit, String out, long endedNanos) {
    }

    /** The command line in a JVM of its own, signed in as the tests' person with every role. */
    private Process start(Path log, List<String> jvmOptions, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.exoconsent.cli.ExoConsentCli"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("EXOCONSENT_USER", TestAccounts.NAME);
        pb.environment().put("EXOCONSENT_PASSWORD", TestAccounts.PASSWORD);
        return pb.start();
    }

    private Run run(List<String> jvmOptions, String... args) throws Exception {
        Path log = Files.createTempFile(tmp, "run", ".txt");
        long t0 = System.nanoTime();
        Process p = start(log, jvmOptions, args);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), String.join(" ", args) + " did not end");
        System.out.printf("%s %s: %.1f s%n", args[0], args[1], (System.nanoTime() - t0) / 1e9);
        return new Run(p.exitValue(), Files.readString(log), System.nanoTime());
    }

    /**
     * Several programs started together (each its own JVM), as {@code user} with {@code stdin}; their results. Each
     * waits its turn up to 2 minutes ({@code exoconsent.busyTimeoutMillis}), not the product's 10 s: what is checked
     * is that they take turns and none fails, and on a loaded 2-core machine three JVMs starting beside a migration of
     * an old data directory took longer than 10 s (CI, 2026-11-30: "the data directory is busy"). Refusing after the
     * busy timeout is checked on its own (OpeningBesideOthersTest, and the busy recording below).
     */
    private List<Run> together(String user, String password, String stdin, List<List<String>> commands)
            throws Exception {
        List<Process> started = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (List<String> args : commands) {
            Path log = Files.createTempFile(tmp, "together", ".txt");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-D" + Schema.BUSY_TIMEOUT_PROPERTY + "=120000", "-cp",
                    System.getProperty("java.class.path"), "org.exoconsent.cli.ExoConsentCli"));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("EXOCONSENT_USER", user);
            pb.environment().put("EXOCONSENT_PASSWORD", password);
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            started.add(p);
            logs.add(log);
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < started.size(); i++) {
            assertTrue(started.get(i).waitFor(300, TimeUnit.SECONDS), commands.get(i) + " did not end");
            runs.add(new Run(started.get(i).exitValue(), Files.readString(logs.get(i)), System.nanoTime()));
        }
        return runs;
    }

    @Test
    void programsOpeningOneDataDirectoryAtOnceWaitTheirTurnAndANewOneIsSeededOnce() throws Exception {
        // three programs opening a copy of release 1.3.0's data directory at once: one migrates, the others wait
        // for it (or find nothing left to do); none fails, none shows SQLite's text
        Path old = org.exoconsent.testing.PreviousRelease.copyTo(org.exoconsent.testing.PreviousRelease.V1_3_0,
                tmp.resolve("old"));
        List<Run> three = together("admin", "admin-password-1", "", List.of(
                List.of("catalog", "show", "--data-dir", old.toString()),
                List.of("users", "list", "--data-dir", old.toString()),
                List.of("settings", "show", "--data-dir", old.toString())));
        for (Run r : three) {
            assertEquals(0, r.exit(), r.out());
            assertFalse(r.out().contains("SQLITE_BUSY") || r.out().contains("could not be brought up to date"),
                    r.out());
        }
        assertEquals(Schema.LATEST, count(old, "SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history "
                + "WHERE success = 1"));

        // two first administrators on a new path at once: one is made, the other refused in words; the new data
        // directory has its demo clinic, seeded once, and the winner said it was new
        Path fresh = tmp.resolve("fresh");
        List<Run> two = together("", "", "a-long-password-1\n", List.of(
                List.of("users", "add", "--name", "first-a", "--role", "administrator", "--password-stdin", "--data-dir",
                        fresh.toString()),
                List.of("users", "add", "--name", "first-b", "--role", "administrator", "--password-stdin", "--data-dir",
                        fresh.toString())));
        assertEquals(1, two.stream().filter(r -> r.exit() == 0).count(), two.toString());
        for (Run r : two) {
            assertFalse(r.out().contains("SQLITE_BUSY") || r.out().contains("database is locked"), r.out());
        }
        assertEquals(1, count(fresh, "SELECT count(*) FROM clinic"), "the demo clinic, once");
        assertEquals(1, count(fresh, "SELECT count(*) FROM account"), "one first administrator");
    }

    private Run run(String... args) throws Exception {
        return run(List.of(), args);
    }

    /** Session files with fresh ids, each confirmed by its physician through the store, as before a recording. */
    private List<String> sessions(Path data, String prefix, int n) throws Exception {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode json = Examples.json(i % 2 == 0 ? "complete-ja" : "complete-en");
            json.put("id", String.format("%s-%03d", prefix, i));
            Path f = tmp.resolve("sessions/" + prefix + "-" + i + ".json");
            Files.createDirectories(f.getParent());
            Files.write(f, Examples.bytes(json));
            files.add(f.toString());
        }
        TestAccounts.confirmFiles(new DataDirectory(data), Examples.CLOCK, files.stream().map(Path::of).toList());
        return files;
    }

    private static long count(Path data, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(DataDirectory.DATABASE));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long records(Path data) throws Exception {
        return count(data, "SELECT count(*) FROM record");
    }

    private static long[] checked(Run verify) {
        Matcher m = CHECKED.matcher(verify.out());
        assertTrue(m.find(), verify.out());
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    @Test
    void recordsVerifyOn2000RecordsRunsWhileAnotherProgramSignsInListsAndRecords() throws Exception {
        Path data = tmp.resolve("data");
        DataDirectory dir = new DataDirectory(data);
        long built = System.nanoTime();
        SyntheticRecords.build(dir, Examples.CLOCK, 2000); // real rows, signed PDFs and audit entries, made quickly
        TestAccounts.everyone(dir, Examples.CLOCK);
        List<String> toRecord = sessions(data, "beside", 4);
        System.out.printf("2,000 records built in %.1f s%n", (System.nanoTime() - built) / 1e9);
        long before = records(data);
        assertEquals(2000, before);

        Path verifyLog = tmp.resolve("verify.txt");
        Process verify = start(verifyLog, List.of(), "records", "verify", "--data-dir", data.toString());
        long verifyStarted = System.nanoTime();
        List<Run> beside = new ArrayList<>();
        int recorded = 0;
        // a second program, again and again while verify runs: signs in, reads the catalog, lists every record (an
        // export reads them all), and records a consent
        while (recorded < toRecord.size() && (recorded == 0 || verify.isAlive())) {
            beside.add(run("record", "--data-dir", data.toString(), "--session", toRecord.get(recorded)));
            recorded++;
            Path list = tmp.resolve("list-" + recorded + ".csv");
            beside.add(run("export", "--format", "csv", "--out", list.toString(), "--data-dir", data.toString()));
            beside.add(run("catalog", "show", "--data-dir", data.toString()));
            assertTrue(Files.readAllLines(list).size() > before, "the list holds every record: " + list);
        }
        for (Run r : beside) {
            assertEquals(0, r.exit(), "nothing refused or failed beside records verify: " + r.out());
        }
        long firstWriteEnded = beside.get(0).endedNanos();
        assertTrue(verify.waitFor(600, TimeUnit.SECONDS), "records verify did not end");
        long verifyEnded = System.nanoTime();
        Run v = new Run(verify.exitValue(), Files.readString(verifyLog), verifyEnded);
        System.out.printf("records verify on 2,000 records: %.1f s; %d commands beside it%n",
                (verifyEnded - verifyStarted) / 1e9, beside.size());
        assertTrue(firstWriteEnded < verifyEnded, "a consent was recorded while records verify ran (it ended after "
                + "the first recording): else this test proves nothing");
        long after = records(data);
        assertEquals(before + recorded, after);

        assertEquals(0, v.exit(), v.out());
        long[] c = checked(v);
        assertTrue(c[0] >= before && c[0] <= after, "the count of one snapshot, between " + before + " and "
                + after + ": " + v.out());
        assertEquals(0, c[1], v.out());
        assertEquals(0, c[2], "a record committed during the run is never an orphan: " + v.out());

        Run again = run("records", "verify", "--data-dir", data.toString());
        assertEquals(0, again.exit(), again.out());
        long[] all = checked(again);
        assertEquals(after, all[0], again.out());
        assertEquals(0, all[1], again.out());
        assertEquals(0, all[2], again.out());
    }

    @Test
    void twoProgramsRecordingAtOnceBothSucceedInTurnEvenWhenTheOldLockFileIsDeleted() throws Exception {
        Path data = tmp.resolve("data");
        TestAccounts.everyone(new DataDirectory(data), Examples.CLOCK);
        List<String> first = sessions(data, "first", 6);
        List<String> second = sessions(data, "second", 6);
        // a data directory of an earlier release still holds its lock file; deleting it by hand while programs
        // write must change nothing (earlier it let a second writer in)
        Files.writeString(data.resolve(DataDirectory.LOCK), "record, process 1, since 2026-01-01T00:00:00Z");
        List<String> a = new ArrayList<>(List.of("record", "--data-dir", data.toString(), "--session"));
        a.addAll(first);
        List<String> b = new ArrayList<>(List.of("record", "--data-dir", data.toString(), "--session"));
        b.addAll(second);
        // each waits its turn up to 2 minutes, as together() above: what is checked is that they take turns and
        // none fails (CI, 2026-12-01, two test JVMs at once: one waited past the product's 10 s on a loaded machine;
        // SQLite's busy wait polls, it is no queue). Refusing after the busy timeout is checked below on its own.
        List<String> waitLong = List.of("-D" + Schema.BUSY_TIMEOUT_PROPERTY + "=120000");
        Process pa = start(tmp.resolve("a.txt"), waitLong, a.toArray(String[]::new));
        Process pb = start(tmp.resolve("b.txt"), waitLong, b.toArray(String[]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (CrashTest.pdfs(data) < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Files.delete(data.resolve(DataDirectory.LOCK));
        assertTrue(pa.waitFor(300, TimeUnit.SECONDS) && pb.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, pa.exitValue(), Files.readString(tmp.resolve("a.txt")));
        assertEquals(0, pb.exitValue(), Files.readString(tmp.resolve("b.txt")));
        assertEquals(12, records(data));
        assertEquals(12, count(data, "SELECT count(*) FROM audit WHERE action = 'created'"));
        assertEquals(0, count(data, "SELECT count(*) FROM audit WHERE action = 'anchor-gap'"));
        assertFalse(Files.exists(data.resolve(DataDirectory.LOCK)), "no lock file is made again");
        try (Stream<Path> markers = Files.list(data.resolve("archive/.pending"))) {
            assertEquals(List.of(), markers.filter(m -> !m.getFileName().toString().startsWith(".")).toList(),
                    "every intent marker removed: no recording was taken for an interrupted one");
        }

        Run v = run("records", "verify", "--data-dir", data.toString());
        assertEquals(0, v.exit(), v.out());
        long[] c = checked(v);
        assertEquals(12, c[0]);
        assertEquals(0, c[1], "the audit chain, its head file and the index intact: " + v.out());
        assertEquals(0, c[2], v.out());
    }

    @Test
    void aWriterKeptWaitingLongerThanTheBusyTimeoutIsToldSoAndNothingIsChanged() throws Exception {
        Path data = tmp.resolve("data");
        DataDirectory dir = new DataDirectory(data);
        TestAccounts.everyone(dir, Examples.CLOCK);
        List<String> files = sessions(data, "busy", 1);
        long entries = count(data, "SELECT count(*) FROM audit");
        String property = Schema.BUSY_TIMEOUT_PROPERTY;
        String before = System.getProperty(property);
        // another program holds SQLite's write lock (as a long write would), here a plain SQLite connection
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(DataDirectory.DATABASE));
             Statement st = other.createStatement()) {
            st.execute("BEGIN IMMEDIATE");

            // the command line: exit 4 (the environment), the data directory named, nothing changed
            long t0 = System.nanoTime();
            Run r = run(List.of("-D" + property + "=700"), "record", "--data-dir", data.toString(), "--session",
                    files.get(0));
            assertEquals(4, r.exit(), r.out());
            assertTrue(r.out().contains(data + ": the data directory is busy (another program") && r.out().contains(
                    "nothing was changed, try again"), r.out());
            assertTrue(System.nanoTime() - t0 > TimeUnit.MILLISECONDS.toNanos(700), "it waited its turn first");

            st.execute("COMMIT");
        }
        assertEquals(entries, count(data, "SELECT count(*) FROM audit"), "no audit entry of the refused sign-in");

        // in a program: a signed-in store whose signed consent waits to be archived, then is refused; no PDF, no
        // marker, no row, no audit entry
        System.setProperty(property, "300");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test");
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(DataDirectory.DATABASE));
             Statement st = other.createStatement()) {
            org.exoconsent.consent.ConsentSession s = Examples.session("complete-ja");
            TestAccounts.confirm(store, s);
            RecordStore.Prepared prepared = store.prepare(s, Examples.template(), Examples.key(), "complete-ja");
            long now = count(data, "SELECT count(*) FROM audit");
            st.execute("BEGIN IMMEDIATE");
            BusyException e = assertThrows(BusyException.class, () -> store.commit(prepared));
            assertTrue(e.getMessage().startsWith(data + ": the data directory is busy (another program"), e.getMessage());
            st.execute("COMMIT");
            assertEquals(0, CrashTest.pdfs(data), "no PDF archived");
            assertFalse(Files.exists(data.resolve("archive/.pending/" + s.id())), "no intent marker left");
            assertEquals(now, count(data, "SELECT count(*) FROM audit"), "no audit entry");
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
        assertEquals(0, records(data));

        // once the other program is done, the same command records
        Run again = run("record", "--data-dir", data.toString(), "--session", files.get(0));
        assertEquals(0, again.exit(), again.out());
        assertEquals(1, records(data));
    }

    @Test
    void twoOpeningsOfAnOldDataDirectoryAtOnceMigrateItOnceAndRegisterItsKeysOnce() throws Exception {
        // the first release's data directory (schema V1..): both openings find the schema behind; the migration is
        // exclusive, the second finds nothing left to do; the keys found on upgrade are registered once
        Path data = org.exoconsent.testing.PreviousRelease.copyTo(tmp.resolve("clinic"));
        DataDirectory dir = new DataDirectory(data);
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-12-01T01:00:00Z"),
                java.time.ZoneId.of("Asia/Tokyo"));
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Long>> opened = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                opened.add(two.submit(() -> {
                    together.await();
                    try (RecordStore store = RecordStore.signIn(dir, clock, "admin", "admin-password-1".toCharArray(),
                            "test")) {
                        return (long) store.users().size();
                    }
                }));
            }
            for (java.util.concurrent.Future<Long> f : opened) {
                assertTrue(f.get(120, TimeUnit.SECONDS) > 0);
            }
        } finally {
            two.shutdownNow();
        }
        assertEquals(count(data, "SELECT count(DISTINCT version) FROM flyway_schema_history WHERE version IS NOT "
                + "NULL"), count(data, "SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL"),
                "each migration ran once");
        assertEquals(Schema.LATEST, count(data, "SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history "
                + "WHERE success = 1"));
        assertEquals(1, count(data, "SELECT count(*) FROM audit WHERE action = '" + KeyRegistry.REGISTRY_STARTED
                + "'"), "the keys found on upgrade registered once");
        try (RecordStore store = RecordStore.signIn(dir, clock, "admin", "admin-password-1".toCharArray(), "test")) {
            assertEquals(List.of(), new AuditLog(new SqlAuditTrail(store.sqliteStores().connection()), new AuditHeadFile(dir.auditHead())).verify(), "the trail whole");
        }
    }
}
