package org.exoconsent.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.testing.Examples;
import org.exoconsent.usecases.ExportRecords;
import org.exoconsent.usecases.KeySource;
import org.exoconsent.usecases.RecordConsent;
import org.exoconsent.usecases.RecordQueries;
import org.exoconsent.usecases.StoreOpening;
import org.exoconsent.usecases.TemplateSource;
import org.exoconsent.usecases.VerifyRecords;

/**
 * One device of {@link DevicesOnOneStoreTest} (issue 17 §5), run in a JVM of its own: a room's desktop recording
 * consents, the manager's records screen paging, or the front desk recalling, exporting and verifying, all through the
 * use cases the app and the command line use, on the store the command line would open with {@code --store URL}
 * (PostgreSQL; the database role's password from {@code PGPASSWORD}, never an argument) or {@code --data-dir DIR}
 * (SQLite). The person signs in with {@code EXOCONSENT_USER} and {@code EXOCONSENT_PASSWORD} (never arguments).
 *
 * <p>Usage: {@code DeviceProgram record|pages|checks (--store URL | --data-dir DIR) --keys DIR --folder DIR
 * --shared DIR [--device N --consents N]}. It prepares its work, writes {@code SHARED/ready-NAME}, waits for
 * {@code SHARED/go} (the start barrier), then works: {@code record} confirms and records {@code --consents} complete
 * consents (fresh ids and patient numbers, the Japanese example's lot on even numbers, the English one's on odd ones)
 * in rounds of {@value #ROUND}, each confirmed by the signed-in physician then recorded in one batch of
 * {@link RecordConsent#recordBatch} (as {@code exoconsent confirm} and {@code exoconsent record} do); {@code pages}
 * and {@code checks} loop until {@code SHARED/stop} exists. Its key folder is its own ({@code --keys}; on PostgreSQL
 * each device signs with its own key, registered by the administrator, issue 17 §2; on SQLite the programs share the data
 * directory's key, issue 15).
 *
 * <p>What it did, one line each on standard output (times: epoch milliseconds of this machine's clock, shared by the
 * devices; durations: {@link System#nanoTime}): {@code began MS}, {@code recorded ID MS}, {@code page START NANOS
 * ROWS TOTAL OPENING_NANOS}, {@code recall START END ID,ID…}, {@code csv START END RECORDS}, {@code zip START END
 * RECORDS FAILED}, {@code verify START END RECORDS PROBLEMS}, {@code ended MS}; a refusal or failure:
 * {@code refused …} or {@code failed …}. Exits 0 when nothing was refused or failed, else 1.
 */
public final class DeviceProgram {
    /** Consents confirmed, then recorded in one batch, at a time. */
    static final int ROUND = 10;
    /** The records screen's page (RecordsViewModel.PAGE_SIZE) and default filter (every record). */
    static final int PAGE_SIZE = org.exoconsent.ui.records.RecordsViewModel.PAGE_SIZE;
    /** How long the records screen's reader waits between two pages: a person paging quickly. */
    static final long PAGE_PAUSE_MILLIS = 50;
    /** How long the front desk waits between two rounds of recall, exports and verify. */
    static final long DESK_PAUSE_MILLIS = 1000;
    /** A reader stops after this many failed iterations (they are reported; the test fails on the first). */
    static final int MAX_FAILURES = 20;

    private final Map<String, String> options = new HashMap<>();
    private final String role;
    private final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);
    private final Clock clock = Clock.systemUTC(); // as the command line: only the instant counts
    private StoreLocation location;
    private javax.sql.DataSource app;

    private DeviceProgram(String[] args) {
        role = args[0];
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
    }

    /** Runs one device; exits 0 when nothing was refused or failed, else 1. */
    public static void main(String[] args) {
        DeviceProgram device = new DeviceProgram(args);
        int exit;
        try {
            exit = device.run();
        } catch (Exception | Error e) {
            device.out.println("failed " + e);
            e.printStackTrace(device.out);
            exit = 1;
        }
        device.out.flush();
        System.exit(exit);
    }

    private Path path(String option) {
        String v = options.get(option);
        if (v == null) {
            throw new IllegalArgumentException(option + " is missing");
        }
        return Path.of(v);
    }

    private int run() throws Exception {
        Map<String, String> env = System.getenv();
        location = StoreLocation.resolve(options.containsKey("--data-dir") ? path("--data-dir") : null,
                options.get("--store"), env, DeviceSettings.none(DeviceSettings.defaultFile(env)));
        if (location instanceof PostgresLocation pg) {
            app = PostgresConnections.dataSource(pg, PostgresPassword.find(pg, env), "ExoConsent test device "
                    + role + " " + options.getOrDefault("--device", ""));
        }
        return switch (role) {
            case "record" -> record();
            case "pages" -> pages();
            case "checks" -> checks();
            default -> throw new IllegalArgumentException(role + ": not record, pages or checks");
        };
    }

    /** A new opening of the store, as the command line and the app open it. */
    private RecordStore.Source source() throws StoreException {
        PostgresLocation pg = (PostgresLocation) location;
        return RecordStore.Source.postgres(app, pg.url(), DataDirectory.keyFilesIn(path("--keys")));
    }

    /** Signs in with EXOCONSENT_USER and EXOCONSENT_PASSWORD (a sign-in as the command line's), returns who. */
    private Principal signIn() throws StoreException {
        String name = System.getenv("EXOCONSENT_USER");
        char[] password = System.getenv("EXOCONSENT_PASSWORD").toCharArray();
        RecordStore store = location instanceof StoreLocation.InDataDirectory d
                ? RecordStore.signIn(d.directory(), clock, name, password, "device test")
                : RecordStore.signIn(source(), clock, name, password);
        try (store) {
            return store.principal();
        }
    }

    /** Openings as {@code who}, one per call, closed after it: as the app opens the store for each thing it does. */
    private StoreOpening as(Principal who) {
        if (location instanceof StoreLocation.InDataDirectory d) {
            return StoreOpening.asSignedIn(d.directory(), clock, who);
        }
        return purpose -> RecordStore.open(source(), clock, who, "app: " + purpose);
    }

    /** Says it is ready, then waits for the start barrier. */
    private void ready(String name) throws Exception {
        Path shared = path("--shared");
        Files.writeString(shared.resolve("ready-" + name), "ready");
        while (!Files.exists(shared.resolve("go"))) {
            Thread.sleep(2);
        }
    }

    private boolean stopped() {
        return Files.exists(path("--shared").resolve("stop"));
    }

    /** The session files of this device: complete examples with fresh ids and patient numbers. */
    private List<Path> sessions(int device, int consents) throws Exception {
        List<Path> files = new ArrayList<>();
        Path folder = Files.createDirectories(path("--folder").resolve("sessions"));
        for (int i = 0; i < consents; i++) {
            ObjectNode json = Examples.json(i % 2 == 0 ? "complete-ja" : "complete-en");
            String id = String.format("d%d-%03d", device, i);
            json.put("id", id);
            ((ObjectNode) json.get("patient")).put("patientNumber", String.format("P-%d%03d", device, i));
            Path f = folder.resolve(id + ".json");
            Files.write(f, Examples.bytes(json));
            files.add(f);
        }
        return files;
    }

    /** A room's desktop: the physician confirms and records its consents, ten at a time. */
    private int record() throws Exception {
        int device = Integer.parseInt(options.get("--device"));
        List<Path> files = sessions(device, Integer.parseInt(options.get("--consents")));
        ready("record-" + device);
        out.println("began " + System.currentTimeMillis());
        Principal who = signIn();
        StoreOpening opening = as(who);
        RecordConsent recording = new RecordConsent(opening, KeySource.clinicKey());
        Map<String, ConsentTemplate> loaded = new HashMap<>(); // as the command line: each version checked once
        TemplateSource library = TemplateSource.library();
        TemplateSource templates = (s, file, store) -> {
            String key = s.template().id() + " " + s.template().version();
            ConsentTemplate t = loaded.get(key);
            if (t == null) {
                t = library.forSession(s, file, store);
                loaded.put(key, t);
            }
            return t;
        };
        int refused = 0;
        for (int from = 0; from < files.size(); from += ROUND) {
            List<Path> round = files.subList(from, Math.min(files.size(), from + ROUND));
            try (RecordStore store = opening.open("confirm")) {
                for (Path f : round) {
                    store.confirmTreatmentAsSignedIn(SessionJson.read(f));
                }
            }
            try {
                RecordConsent.Tally tally = recording.recordBatch(round, templates, new RecordConsent.Outcomes() {
                    @Override
                    public void recorded(Path file, RecordStore.Recorded r) {
                        out.println("recorded " + r.id() + " " + System.currentTimeMillis());
                    }

                    @Override
                    public void refused(Path file, String message) {
                        out.println("refused " + message);
                    }
                });
                refused += tally.refused();
            } catch (RecordConsent.Stopped e) {
                out.println("refused the batch stopped after " + e.recorded() + ": " + e.getMessage());
                return 1;
            }
        }
        out.println("ended " + System.currentTimeMillis());
        return refused == 0 ? 0 : 1;
    }

    /**
     * The manager's records screen, open before the writes begin (signed in, its first page shown once, untimed):
     * its first page with the default filter, again and again, timed, with the store's opening apart.
     */
    private int pages() throws Exception {
        Principal who = signIn();
        StoreOpening app = as(who);
        long[] opening = new long[1];
        RecordQueries queries = new RecordQueries(purpose -> {
            long t0 = System.nanoTime();
            RecordStore store = app.open(purpose);
            opening[0] = System.nanoTime() - t0;
            return store;
        });
        queries.page(RecordFilter.ALL, 0, PAGE_SIZE);
        ready("pages");
        int failures = 0;
        while (!stopped() && failures < MAX_FAILURES) {
            long start = System.currentTimeMillis();
            long t0 = System.nanoTime();
            try {
                RecordQueries.Page page = queries.page(RecordFilter.ALL, 0, PAGE_SIZE);
                long nanos = System.nanoTime() - t0;
                out.println("page " + start + " " + nanos + " " + page.rows().size() + " " + page.total() + " "
                        + opening[0]);
            } catch (StoreException e) {
                failures++;
                out.println("failed page: " + e.getMessage());
            }
            Thread.sleep(PAGE_PAUSE_MILLIS);
        }
        return failures == 0 ? 0 : 1;
    }

    /** The front desk: a lot recall, a CSV and a ZIP export and {@code records verify}, again and again. */
    private int checks() throws Exception {
        Path exports = Files.createDirectories(path("--folder").resolve("exports"));
        Principal who = signIn();
        ready("checks");
        ExportRecords export = new ExportRecords(as(who));
        VerifyRecords verify = new VerifyRecords(as(who));
        int failures = 0;
        while (!stopped() && failures < MAX_FAILURES) {
            String step = "recall";
            try {
                long start = System.currentTimeMillis();
                ExportRecords.Recall recall = export.recall(DevicesOnOneStoreTest.LOT_JA, null,
                        RecordStore.NEAREST_LOTS);
                out.println("recall " + start + " " + System.currentTimeMillis() + " " + recall.rows().stream()
                        .map(RecordRow::id).collect(Collectors.joining(",")));
                for (RecordStore.ExportFormat format : List.of(RecordStore.ExportFormat.CSV,
                        RecordStore.ExportFormat.ZIP)) {
                    step = format.name().toLowerCase(java.util.Locale.ROOT);
                    start = System.currentTimeMillis();
                    ExportRecords.Export e = export.export(format, RecordFilter.ALL, exports.resolve("records."
                            + step), true, ExportHeaders.defaultFor(format), (done, total) -> { }, () -> false);
                    out.println(step + " " + start + " " + System.currentTimeMillis() + " " + e.exported().records()
                            + (format == RecordStore.ExportFormat.ZIP ? " " + e.exported().failedVerification()
                            : ""));
                }
                step = "verify";
                start = System.currentTimeMillis();
                RecordStore.Verification v = verify.all((done, total) -> { }, null);
                out.println("verify " + start + " " + System.currentTimeMillis() + " " + v.records() + " "
                        + v.problems().size());
                for (String p : v.problems()) {
                    out.println("  problem " + p);
                }
                Thread.sleep(DESK_PAUSE_MILLIS);
            } catch (StoreException e) {
                failures++;
                out.println("failed " + step + ": " + e.getMessage());
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
