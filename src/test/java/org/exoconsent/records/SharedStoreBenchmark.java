package org.exoconsent.records;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * For bench/shared-store.sh (issue 17 §5): the embedded SQLite data directory and the shared PostgreSQL store side by
 * side, in one run, each device a separate process (its own JVM and its own opening of the store, as the clinic's
 * devices are). PostgreSQL is the tests' {@link PostgresServer} started with durable settings ({@link
 * PostgresServer#DURABLE}: {@code fsync=on}), on loopback. Three parts:
 * <ol>
 *   <li>store-only commits: a Japanese and an English consent rendered and signed once per device, then each consent
 *       committed through {@link RecordStore#commit} (what {@code exoconsent record} does after rendering: the PDF,
 *       the index row and the {@code created} audit entry in one write transaction), 1 and 4 devices; how long each
 *       write transaction held the store's write lock (PostgreSQL: from the {@code audit_head} row's {@code FOR
 *       UPDATE} returning to the commit returning; SQLite: {@code BEGIN IMMEDIATE} returning to {@code COMMIT}
 *       returning), measured around {@link Transactions#beginWrite} and {@link Transactions#commit};</li>
 *   <li>end-to-end recording ({@link RecordStore#record}: the checks, render, sign and the same commit), 1 and 4
 *       devices, each consultation's treatment confirmed by its physician beforehand (not timed, as in
 *       bench/records.sh);</li>
 *   <li>on 100,000 records ({@link SyntheticRecords}), the records screen's first page (the default filter, {@link
 *       RecordFilter#ALL}, 50 rows and their count, as {@code RecordQueries.page} reads them) and a lot recall, first
 *       with no writer, then while another device keeps recording.</li>
 * </ol>
 *
 * <p>Usage: {@code java -cp CP org.exoconsent.records.SharedStoreBenchmark} (as root: the server runs as the
 * {@code postgres} account). Not a test: figures are for docs/BENCHMARKS.md.
 */
public final class SharedStoreBenchmark {
    private static final Clock CLOCK = Clock.systemUTC();
    /** Consents committed per device in part 1, and recorded per device in part 2. */
    private static final int COMMITS = Integer.getInteger("bench.commits", 200);
    private static final int RECORDS = Integer.getInteger("bench.records", 60);
    private static final int BIG = Integer.getInteger("bench.big", 100_000);
    private static final int SAMPLES = Integer.getInteger("bench.samples", 60);
    /**
     * Consents each device records (or commits) before the timed part, so that the JIT has compiled the recording's
     * code: with 10, a device's compiler threads still took half of its CPU while it was timed (JFR,
     * jdk.ThreadCPULoad); after 300 the timed part's CPU per consent no longer falls. The JIT's compile time during the
     * timed part (CompilationMXBean: elapsed time of the compiler threads, not their CPU) is printed beside it.
     */
    private static final int WARM_RECORD = Integer.getInteger("bench.warmup", 300);
    /**
     * After the fixed warm-up a device goes on warming up, in rounds of {@link #QUIET_ROUND} consents, until its JIT
     * is quiet: at most {@code bench.quietJit} ms of compile time per consent in a round (default 2; 0 turns this
     * off), or {@code bench.warmupMax} consents in all (default 3,000). JFR showed why (2026-12-02): after 300 or 800
     * warm-up consents the compiler threads were still compiling the PDF writer's and the templates' largest methods
     * at level 4 (100–430 ms each) in the timed part, 10–16 ms per consent with one device and 47–50 ms with four on
     * 2 cores, where they slow down what is measured. A device in a clinic runs for hours after one warm-up; the
     * timed part measures that steady state, and each device's READY line says how many consents it took. It
     * narrows the compiling in the timed part, does not end it (run 9 in docs/BENCHMARKS.md: still 10–27 ms per consent,
     * as methods run once per consent reach the compile thresholds only after thousands of consents).
     */
    private static final int QUIET_JIT = Integer.getInteger("bench.quietJit", 2);
    private static final int WARM_MAX = Integer.getInteger("bench.warmupMax", 3000);
    private static final int QUIET_ROUND = 25;
    /** The stores measured in parts 1 and 2 ({@code sqlite,postgresql}), and how many devices at once ({@code 1,4}). */
    private static final List<String> KINDS = List.of(System.getProperty("bench.stores", "sqlite,postgresql").split(","));
    private static final int[] DEVICES = Arrays.stream(System.getProperty("bench.devices", "1,4").split(","))
            .mapToInt(Integer::parseInt).toArray();
    /**
     * More JVM options for each device's process, split at spaces, e.g. {@code -XX:StartFlightRecording=...} to see
     * where a device's CPU goes ({@code %p} in them becomes the device's name, e.g. for a file per device; the JVM's
     * own log lines must go to a file or nowhere, {@code -Xlog:disable}, as the device's output is read); none by
     * default.
     */
    private static final String DEVICE_OPTIONS = System.getProperty("bench.deviceOptions", "");

    private SharedStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("worker")) {
            worker(args);
            return;
        }
        System.setProperty(PostgresServer.DURABLE, "true");
        Path work = Files.createTempDirectory("exoconsent-shared-bench");
        PostgresServer server = PostgresServer.get();
        try (Connection c = server.superuser("postgres"); var st = c.createStatement();
             var rs = st.executeQuery("SELECT current_setting('server_version') || ', fsync=' || "
                     + "current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')"
                     + " || ', full_page_writes=' || current_setting('full_page_writes')")) {
            rs.next();
            System.out.println("PostgreSQL " + rs.getString(1) + ", on 127.0.0.1 (TCP, SCRAM)");
        }
        for (String part : System.getProperty("bench.parts", "commit,record,big").split(",")) {
            switch (part) {
                case "commit", "record" -> throughput(part, work);
                case "big" -> big(work);
                default -> throw new IllegalArgumentException("bench.parts: unknown part " + part);
            }
        }
    }

    // ---- the stores under test -------------------------------------------------------------------------------------

    /** Where a device finds the store: a data directory, or a PostgreSQL database (the app role's password apart). */
    private record Place(String kind, String location, String appPassword) {
        Map<String, String> env() {
            return appPassword == null ? Map.of() : Map.of("BENCH_PG_PASSWORD", appPassword);
        }
    }

    /**
     * The database owner's JDBC address and password of the last PostgreSQL store made ({@link #postgres}), handed
     * to the devices' processes: each registers its own key with the owner's login (attack review of issue 17, F2).
     */
    private static Map<String, String> ownerLogin = Map.of();

    /** A new SQLite data directory with the tests' accounts (tester, physician yamada) and registered key. */
    private static Place sqlite(Path work, String name) throws Exception {
        DataDirectory dir = new DataDirectory(work.resolve(name));
        TestAccounts.open(dir, CLOCK, "bench set-up").close();
        return new Place("sqlite", dir.root().toString(), null);
    }

    /** A new PostgreSQL database, migrated by its owner, with the same accounts and key, set up as the app role. */
    private static Place postgres(Path work) throws Exception {
        PostgresServer.ClinicDatabase db = PostgresServer.get().newClinicDatabase();
        PostgresSchema.migrate(db.ownerDataSource(), db.app());
        Place place = new Place("postgresql", db.jdbcUrl() + "?user=" + db.app(), db.appPassword());
        try (RecordStore admin = RecordStore.createFirstAdministrator(source(place, deviceKeys(work), null), CLOCK,
                TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), null)) {
            admin.setRoles(TestAccounts.NAME, EnumSet.allOf(Role.class), TestAccounts.LICENCE);
            admin.addUser(TestAccounts.PHYSICIAN, EnumSet.of(Role.PHYSICIAN), TestAccounts.LICENCE,
                    TestAccounts.PHYSICIAN_PASSWORD.toCharArray());
        }
        OwnerKeys.registerTestKey(db, deviceKeys(work), CLOCK); // only the owner registers a key (F2)
        ownerLogin = Map.of("BENCH_PG_OWNER_URL", db.jdbcUrl() + "?user=" + db.owner(), "BENCH_PG_OWNER_PASSWORD",
                db.ownerPassword());
        return place;
    }

    private static KeyFiles deviceKeys(Path parent) throws IOException {
        return DataDirectory.keyFilesIn(Files.createTempDirectory(parent, "device").resolve("keys"));
    }

    /** An opening of the store, its transactions timed into {@code spans} when given. */
    private static RecordStore.Source source(Place place, KeyFiles keys, LockSpans spans) throws StoreException {
        Stores stores;
        String name;
        if (place.kind().equals("sqlite")) {
            stores = SqliteStores.open(new DataDirectory(Path.of(place.location())));
            name = place.location();
        } else {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(place.location());
            ds.setPassword(place.appPassword() != null ? place.appPassword() : System.getenv("BENCH_PG_PASSWORD"));
            name = place.location().replace("jdbc:", "");
            stores = PostgresStores.open(ds, name);
        }
        return new RecordStore.Source(spans == null ? stores : spans.around(stores), name, keys);
    }

    private static RecordStore signIn(Place place, KeyFiles keys, LockSpans spans, String who, String password)
            throws StoreException {
        return RecordStore.signIn(source(place, keys, spans), CLOCK, who, password.toCharArray());
    }

    // ---- parts 1 and 2: commits and recordings per second ----------------------------------------------------------

    private static void throughput(String mode, Path work) throws Exception {
        System.out.println();
        System.out.println(mode.equals("commit")
                ? "== 1. store-only commits (pre-rendered PDFs), " + COMMITS + " per device"
                : "== 2. end-to-end recording (checks, render, sign, store), " + RECORDS + " per device");
        for (String kind : KINDS) {
            double one = 0;
            for (int devices : DEVICES) {
                Place place = kind.equals("sqlite") ? sqlite(work, mode + "-" + devices) : postgres(work);
                Result r = runDevices(place, mode, devices, mode.equals("commit") ? COMMITS : RECORDS, work);
                double perSecond = r.count() / r.seconds();
                System.out.printf("%-10s %d device%s warmed up on %s consents%n", kind, devices,
                        devices == 1 ? " " : "s", String.join(", ", r.warmUps()));
                if (devices == 1) {
                    one = perSecond;
                }
                System.out.printf("%-10s %d device%s: %5d in %5.1f s = %6.1f /s%s; write lock held per consent: "
                                + "main transaction median %.1f ms, p95 %.1f ms; head/anchor transaction after it "
                                + "median %.1f ms, p95 %.1f ms%n", kind, devices,
                        devices == 1 ? " " : "s", r.count(), r.seconds(), perSecond,
                        devices == 1 || one == 0 ? "" : String.format(" (%.2f× one device)", perSecond / one),
                        percentile(r.main(), 50), percentile(r.main(), 95), percentile(r.after(), 50),
                        percentile(r.after(), 95));
                System.out.printf("%-10s   the machine's CPU busy meanwhile (every process, the server's too): "
                        + "%.0f %% of its %d cores, %.2f cores; per consent %.1f ms%n", kind, r.machineBusy() * 100,
                        Runtime.getRuntime().availableProcessors(), r.machineBusy() * Runtime.getRuntime()
                        .availableProcessors(), r.machineBusy() * Runtime.getRuntime().availableProcessors()
                        * r.seconds() * 1000 / r.count());
                System.out.printf("%-10s   refused as busy (waited past the 10 s busy timeout): %d; stored, their "
                        + "head's update left to the next write (busy): %d; CPU of the devices' JVMs: %.1f ms per "
                        + "consent (the server's own not counted); the JIT's compile time meanwhile %.1f ms per consent "
                        + "(elapsed, not CPU: it grows with the load); the machine's load average now %s%n", kind,
                        r.refused(), r.headLate(), r.cpuSeconds() * 1000 / r.count(), (double) r.jitMillis() / r.count(),
                        Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
                System.out.printf("%-10s   allocated by the recording threads: %.2f MB per consent; the collectors: "
                                + "%.2f ms per consent as they report it, their threads' CPU %.2f ms per consent%n", kind,
                        r.allocatedBytes() / 1e6 / r.count(), (double) r.gcMillis() / r.count(),
                        r.gcCpuNanos() / 1e6 / r.count());
            }
        }
    }

    /** What the devices of one run did together: how many, in how long, and the lock spans (ms). */
    private record Result(long count, double seconds, double[] main, double[] after, double cpuSeconds,
                          long refused, long headLate, long jitMillis, long allocatedBytes, long gcMillis,
                          long gcCpuNanos, List<String> warmUps, double machineBusy) {
    }

    /** Starts {@code devices} processes on the store, lets them warm up, starts them together, gathers what they did. */
    private static Result runDevices(Place place, String mode, int devices, int each, Path work) throws Exception {
        List<Device> started = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            started.add(Device.start(place, mode, each, "d" + d + "-" + System.nanoTime(), work));
        }
        List<String> warmUps = new ArrayList<>(); // per device: consents before the timed part, the last round's JIT
        for (Device d : started) {
            String[] ready = d.expect("READY").split(" ");
            warmUps.add(ready.length < 3 ? "?" : ready[1] + " (JIT " + String.format(java.util.Locale.ROOT, "%.1f",
                    Double.parseDouble(ready[2])) + " ms per consent in the last round)");
        }
        long[] cpu0 = machineJiffies();
        for (Device d : started) {
            d.say("GO");
        }
        long count = 0;
        long cpu = 0;
        long refused = 0;
        long headLate = 0;
        long jit = 0;
        long allocated = 0;
        long gcMillis = 0;
        long gcCpu = 0;
        Instant first = null;
        Instant last = null;
        List<Double> main = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        for (Device d : started) {
            String[] done = d.expect("DONE").split(" ");
            count += Long.parseLong(done[1]);
            cpu += Long.parseLong(done[4]);
            refused += Long.parseLong(done[5]);
            headLate += Long.parseLong(done[6]);
            jit += Long.parseLong(done[7]);
            allocated += Long.parseLong(done[8]);
            gcMillis += Long.parseLong(done[9]);
            gcCpu += Long.parseLong(done[10]);
            Instant from = Instant.parse(done[2]);
            Instant to = Instant.parse(done[3]);
            first = first == null || from.isBefore(first) ? from : first;
            last = last == null || to.isAfter(last) ? to : last;
            for (String s : d.expect("SPANS").split(" ")) {
                if (!s.equals("SPANS")) {
                    main.add(Double.parseDouble(s.split("/")[0]));
                    after.add(Double.parseDouble(s.split("/")[1]));
                }
            }
            d.end();
        }
        long[] cpu1 = machineJiffies();
        double busy = cpu1[1] == cpu0[1] ? Double.NaN : (cpu1[0] - cpu0[0]) / (double) (cpu1[1] - cpu0[1]);
        return new Result(count, Duration.between(first, last).toNanos() / 1e9,
                main.stream().mapToDouble(Double::doubleValue).toArray(),
                after.stream().mapToDouble(Double::doubleValue).toArray(), cpu / 1e9, refused, headLate, jit,
                allocated, gcMillis, gcCpu, warmUps, busy);
    }

    /**
     * The whole machine's CPU time so far from /proc/stat's first line, in clock ticks: {busy, total} (busy: every
     * column but idle and iowait); {0, 0} where there is no /proc/stat. Every process counts: the devices, the
     * PostgreSQL server, this coordinator and anything else running.
     */
    private static long[] machineJiffies() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            return new long[] {total - Long.parseLong(f[4]) - Long.parseLong(f[5]), total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** One device: a JVM of its own, told what to do on its command line and when to start on its standard input. */
    private static final class Device {
        private final Process process;
        private final BufferedReader out;
        private final PrintWriter in;

        private Device(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        static Device start(Place place, String mode, int count, String prefix, Path work) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m"));
            for (String option : DEVICE_OPTIONS.split(" ")) {
                if (!option.isBlank()) {
                    command.add(option.replace("%p", prefix));
                }
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), SharedStoreBenchmark.class.getName(),
                    "worker", place.kind(), place.location(), mode, String.valueOf(count), prefix, work.toString()));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(place.env());
            if (place.kind().equals("postgresql")) {
                pb.environment().putAll(ownerLogin);
            }
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            return new Device(pb.start());
        }

        /**
         * The device's next line, which must start with {@code word}; before READY, lines the JVM itself printed
         * (JFR's "Started recording", with {@code bench.deviceOptions}) are passed on to the standard error.
         */
        String expect(String word) throws IOException {
            String line = out.readLine();
            while (word.equals("READY") && line != null && !line.startsWith(word)) {
                System.err.println(line);
                line = out.readLine();
            }
            if (line == null || !line.startsWith(word)) {
                throw new IOException("a device said " + line + " where " + word + " was expected");
            }
            return line;
        }

        void say(String line) {
            in.println(line);
        }

        void end() throws InterruptedException {
            in.close();
            process.waitFor();
        }
    }

    /**
     * A device's work: {@code worker KIND LOCATION MODE COUNT PREFIX WORK}; MODE {@code commit} (store-only), {@code
     * record} (end-to-end) or {@code writer} (records until told STOP). Prints READY after its warm-up, waits for GO,
     * then DONE count start end and SPANS (ms of each write transaction's lock).
     */
    private static void worker(String[] a) throws Exception {
        Place place = new Place(a[1], a[2], null);
        String mode = a[3];
        int count = Integer.parseInt(a[4]);
        String prefix = a[5];
        LockSpans spans = new LockSpans();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        KeyFiles keys = deviceKeys(Path.of(a[6]));
        // each device signs with its own key (issue 17 §2; the tests' key is made per JVM), registered by an
        // administrator, on PostgreSQL with the database owner's login (attack review of issue 17, F2)
        RecordStore.Source registrar = source(place, keys, null);
        if (place.kind().equals("postgresql")) {
            registrar.stores().close();
            PGSimpleDataSource owner = new PGSimpleDataSource();
            owner.setURL(System.getenv("BENCH_PG_OWNER_URL"));
            owner.setPassword(System.getenv("BENCH_PG_OWNER_PASSWORD"));
            registrar = RecordStore.Source.postgres(owner, place.location().replace("jdbc:", ""), keys,
                    PostgresStores.Role.APPLICATION_OR_OWNER);
        }
        try (RecordStore admin = RecordStore.signIn(registrar, CLOCK, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray())) {
            TestAccounts.registerTestKey(admin);
        }
        // signed in as the example sessions' physician (yamada), who confirms them without a second password
        try (RecordStore store = signIn(place, keys, spans, TestAccounts.PHYSICIAN,
                TestAccounts.PHYSICIAN_PASSWORD)) {
            ConsentSession ja = Examples.session("complete-ja");
            ConsentSession en = Examples.session("complete-en");
            var template = Examples.template();
            var key = Examples.key();
            store.requireRegisteredSigner(key, "the tests' key", null); // as record does before it signs
            RecordStore.Prepared[] pre = {store.prepare(ja, template, key, "complete-ja"),
                    store.prepare(en, template, key, "complete-en")};
            ConsentSession[] base = {ja, en};
            int warm = mode.equals("commit") ? Math.max(30, WARM_RECORD / 3) : WARM_RECORD;
            List<ConsentSession> sessions = new ArrayList<>();
            for (int i = 0; i < warm + count; i++) { // a writer makes its own after the warm-up
                sessions.add(base[i % 2].withId(prefix + "-" + i));
            }
            // each consultation confirmed by its physician beforehand, not timed: since PostgreSQL schema 22 the server
            // takes a consent's entry only after its confirmation's, in every mode
            for (ConsentSession s : sessions) {
                store.confirmTreatmentAsSignedIn(s);
            }
            int next = 0;
            for (; next < warm; next++) {
                try {
                    one(store, mode, sessions.get(next), pre[next % 2], template, key);
                } catch (BusyException e) {
                    // the devices warm up together: one kept waiting past the busy timeout is not counted either
                } catch (StoreException e) {
                    if (!(e.getCause() instanceof BusyException)) {
                        throw e;
                    }
                }
            }
            int extra = 0; // consents after the fixed warm-up, until the JIT is quiet (bench.quietJit)
            double lastRound = Double.NaN;
            while (QUIET_JIT > 0 && !mode.equals("writer") && warm + extra < WARM_MAX) {
                long jit = compilingMillis();
                for (int i = 0; i < QUIET_ROUND; i++, extra++) {
                    ConsentSession s = base[extra % 2].withId(prefix + "-w" + extra);
                    try {
                        store.confirmTreatmentAsSignedIn(s);
                        one(store, mode, s, pre[extra % 2], template, key);
                    } catch (BusyException e) {
                        // as in the fixed warm-up: not counted
                    } catch (StoreException e) {
                        if (!(e.getCause() instanceof BusyException)) {
                            throw e;
                        }
                    }
                }
                lastRound = (compilingMillis() - jit) / (double) QUIET_ROUND;
                if (lastRound <= QUIET_JIT) {
                    break;
                }
            }
            spans.clear();
            System.out.println("READY " + (warm + extra) + " " + lastRound);
            String go = in.readLine();
            if (!"GO".equals(go)) {
                return;
            }
            AtomicBoolean stop = new AtomicBoolean();
            if (mode.equals("writer")) {
                Thread t = new Thread(() -> {
                    try {
                        in.readLine(); // STOP, or the end of the input
                    } catch (IOException ignored) {
                        // stop as well
                    }
                    stop.set(true);
                });
                t.setDaemon(true);
                t.start();
            }
            Instant start = Instant.now();
            long cpu0 = cpuNanos();
            long jit0 = compilingMillis();
            long alloc0 = allocatedBytes();
            long gc0 = collectingMillis();
            long gcCpu0 = collectorCpuNanos();
            int done = 0;
            int refused = 0;
            int headLate = 0;
            while (mode.equals("writer") ? !stop.get() : done + refused < count) {
                ConsentSession s = mode.equals("writer") ? base[next % 2].withId(prefix + "-" + next)
                        : sessions.get(next);
                int mark = spans.mark();
                next++;
                try {
                    if (mode.equals("writer")) {
                        store.confirmTreatmentAsSignedIn(s);
                    }
                    one(store, mode, s, pre[(next - 1) % 2], template, key);
                    done++;
                } catch (BusyException e) { // waited past the busy timeout: the user is told, nothing stored
                    refused++;
                } catch (StoreException e) {
                    if (!(e.getCause() instanceof BusyException)) {
                        throw e;
                    }
                    done++; // stored; the head's update was kept waiting past the busy timeout: the next write does it
                    headLate++;
                } finally {
                    spans.consent(mark);
                }
            }
            Instant end = Instant.now();
            System.out.println("DONE " + done + " " + start + " " + end + " " + (cpuNanos() - cpu0) + " " + refused + " "
                    + headLate + " " + (compilingMillis() - jit0) + " " + (allocatedBytes() - alloc0) + " "
                    + (collectingMillis() - gc0) + " " + (collectorCpuNanos() - gcCpu0));
            System.out.println(spans.line());
            System.out.flush();
            in.readLine(); // until the coordinator has read it all
        }
    }

    /** The bytes the calling (recording) thread has allocated on the heap so far. */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    /** The time this JVM's collectors report having spent so far (pauses and concurrent cycles), in milliseconds. */
    private static long collectingMillis() {
        long ms = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /**
     * The CPU time of this JVM's garbage collector threads so far (HotSpot's G1 names them "GC Thread#n", "G1 ...";
     * read from /proc/self/task/N/stat, Linux only; 0 elsewhere), in nanoseconds at the kernel's 100 Hz clock ticks.
     */
    private static long collectorCpuNanos() {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // f[0] is field 3
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime

                    }
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException notLinux) {
            return 0;
        }
        return ticks * 10_000_000L;
    }

    /** The time this JVM's JIT compilers have spent compiling so far, in milliseconds (all compiler threads). */
    private static long compilingMillis() {
        return java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** The CPU time this JVM has used so far (every thread, user and system), in nanoseconds. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** One consent: committed from its pre-rendered PDF, or recorded end to end. */
    private static void one(RecordStore store, String mode, ConsentSession s, RecordStore.Prepared pre,
                            org.exoconsent.template.ConsentTemplate t, org.exoconsent.pdf.SigningKey key)
            throws Exception {
        if (mode.equals("commit")) {
            store.commit(new RecordStore.Prepared(s, pre.template(), pre.pdf(), pre.source(), pre.signer()));
        } else {
            store.record(s, t, key, s.id());
        }
    }

    // ---- part 3: a records page and a recall on 100,000 records --------------------------------------------------

    private static void big(Path work) throws Exception {
        System.out.println();
        System.out.printf("== 3. records page (default filter, first %d and their count) and lot recall on %,d "
                + "records, %d of each%n", 50, BIG, SAMPLES);
        for (String kind : List.of("sqlite", "postgresql")) {
            long t0 = System.nanoTime();
            Place place;
            if (kind.equals("sqlite")) {
                DataDirectory dir = new DataDirectory(work.resolve("big"));
                SyntheticRecords.build(dir, CLOCK, BIG);
                place = new Place("sqlite", dir.root().toString(), null);
            } else {
                place = postgres(work);
                try (RecordStore store = signIn(place, deviceKeys(work), null, TestAccounts.NAME,
                        TestAccounts.PASSWORD)) {
                    TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(), Examples.key(),
                            "complete-ja");
                }
                // the synthetic records' audit entries have no session: written as the owner (schema 19)
                PGSimpleDataSource ds = new PGSimpleDataSource();
                ds.setURL(ownerLogin.get("BENCH_PG_OWNER_URL"));
                ds.setPassword(ownerLogin.get("BENCH_PG_OWNER_PASSWORD"));
                try (Connection owner = ds.getConnection()) {
                    SyntheticRecords.fillPostgres(owner, BIG);
                }
                // the planner's statistics, as autovacuum gathers them within a minute or so of such a load (the
                // application role may not ANALYZE the owner's tables: PostgreSQL skips them with a warning)
                String database = place.location().substring(place.location().lastIndexOf('/') + 1,
                        place.location().indexOf('?'));
                try (Connection su = PostgresServer.get().superuser(database); var st = su.createStatement()) {
                    st.execute("ANALYZE");
                }
            }
            System.out.printf("%-10s %,d records made in %.0f s%n", kind, BIG, (System.nanoTime() - t0) / 1e9);
            try (RecordStore reader = signIn(place, deviceKeys(work), null, TestAccounts.NAME,
                    TestAccounts.PASSWORD)) {
                measure(kind, "no writer", reader);
                Device writer = Device.start(place, "writer", 0, "w-" + System.nanoTime(), work);
                writer.expect("READY");
                writer.say("GO");
                Thread.sleep(1000);
                measure(kind, "one device recording", reader);
                writer.say("STOP");
                String[] done = writer.expect("DONE").split(" ");
                writer.expect("SPANS");
                writer.end();
                System.out.printf("%-10s   (the writer recorded %s consents end to end in %.1f s meanwhile, %s "
                                + "refused as busy)%n", kind, done[1], Duration.between(Instant.parse(done[2]),
                                Instant.parse(done[3])).toMillis() / 1e3, done[5]);
            }
        }
    }

    private static void measure(String kind, String while_, RecordStore reader) throws Exception {
        for (int i = 0; i < 5; i++) { // warm-up
            reader.list(RecordFilter.ALL, 0, 50);
            reader.count(RecordFilter.ALL);
            reader.recall("LOT-0042", null);
        }
        double[] page = new double[SAMPLES];
        double[] recall = new double[SAMPLES];
        int recalled = 0;
        int busy = 0;
        for (int i = 0; i < SAMPLES; i++) {
            long t = System.nanoTime();
            try {
                reader.list(RecordFilter.ALL, 0, 50); // audited: a write transaction, after any writer's
                reader.count(RecordFilter.ALL);
            } catch (BusyException e) { // the screen would say the store is busy: counted, its wait kept
                busy++;
            }
            page[i] = (System.nanoTime() - t) / 1e6;
            Thread.sleep(20);
            t = System.nanoTime();
            try {
                recalled = reader.recall("LOT-0042", null).size();
            } catch (BusyException e) {
                busy++;
            }
            recall[i] = (System.nanoTime() - t) / 1e6;
            Thread.sleep(20);
        }
        if (busy > 0) {
            System.out.printf("%-10s %-22s %d pages or recalls refused as busy%n", kind, while_ + ":", busy);
        }
        System.out.printf("%-10s %-22s page: median %5.1f ms, p95 %5.1f ms; recall (%d records): median %5.1f ms, "
                        + "p95 %5.1f ms%n", kind, while_ + ":", percentile(page, 50), percentile(page, 95), recalled,
                percentile(recall, 50), percentile(recall, 95));
    }

    /** The {@code p}th percentile (nearest rank) of {@code values}; NaN for none. */
    private static double percentile(double[] values, int p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    // ---- the lock's span, around an opening's transactions ---------------------------------------------------------

    /**
     * Times each write transaction of one opening from {@link Transactions#beginWrite} returning (PostgreSQL: the
     * head row's FOR UPDATE has returned; SQLite: BEGIN IMMEDIATE has) to {@link Transactions#commit} returning.
     */
    private static final class LockSpans {
        private final List<Double> spans = new ArrayList<>();
        /** Per consent: its main write transaction, and the one after it that settles the head and the anchor. */
        private final List<Double> main = new ArrayList<>();
        private final List<Double> after = new ArrayList<>();

        synchronized void clear() {
            spans.clear();
            main.clear();
            after.clear();
        }

        synchronized int mark() {
            return spans.size();
        }

        /** Groups the transactions since {@code mark} as one consent's: the first is its main one. */
        synchronized void consent(int mark) {
            if (spans.size() > mark) {
                main.add(spans.get(mark));
                after.add(spans.subList(mark + 1, spans.size()).stream().mapToDouble(Double::doubleValue).sum());
            }
        }

        synchronized String line() {
            StringBuilder b = new StringBuilder("SPANS");
            for (int i = 0; i < main.size(); i++) {
                b.append(' ').append(main.get(i)).append('/').append(after.get(i));
            }
            return b.toString();
        }

        synchronized void add(long nanos) {
            spans.add(nanos / 1e6);
        }

        Stores around(Stores s) {
            Transactions t = s.transactions();
            Transactions timed = new Transactions() {
                private long locked = -1;

                @Override
                public void beginWrite() throws SQLException, StoreException {
                    t.beginWrite();
                    locked = System.nanoTime();
                }

                @Override
                public void beginRead() throws SQLException {
                    t.beginRead();
                }

                @Override
                public void commit() throws SQLException {
                    t.commit();
                    if (locked >= 0) {
                        add(System.nanoTime() - locked);
                        locked = -1;
                    }
                }

                @Override
                public void rollback() {
                    t.rollback();
                    locked = -1;
                }

                @Override
                public StoreException failure(SQLException e) {
                    return t.failure(e);
                }
            };
            return new Stores() {
                @Override
                public Transactions transactions() {
                    return timed;
                }

                @Override
                public ServerSignIn serverSignIn() { // the server's sign-in and sessions (schema 19)
                    return s.serverSignIn();
                }

                @Override
                public java.time.Instant serverNow() throws SQLException { // the server's clock (issue 17 §2)
                    return s.serverNow();
                }

                @Override
                public SettingsStore settings() {
                    return s.settings();
                }

                @Override
                public AccountStore accounts() {
                    return s.accounts();
                }

                @Override
                public SigningKeyStore signingKeys() {
                    return s.signingKeys();
                }

                @Override
                public RecordsIndex recordsIndex() {
                    return s.recordsIndex();
                }

                @Override
                public DocumentArchive documents() {
                    return s.documents();
                }

                @Override
                public Drafts drafts() {
                    return s.drafts();
                }

                @Override
                public Backups backups() {
                    return s.backups();
                }

                @Override
                public AuditTrailStore auditTrail() {
                    return s.auditTrail();
                }

                @Override
                public AuditHeadStore auditHead() {
                    return s.auditHead();
                }

                @Override
                public CatalogStore catalog() {
                    return s.catalog();
                }

                @Override
                public TemplateVersionStore templateVersions() {
                    return s.templateVersions();
                }

                @Override
                public TemplateFileStore templateFiles() {
                    return s.templateFiles();
                }

                @Override
                public void close() {
                    s.close();
                }
            };
        }
    }
}
