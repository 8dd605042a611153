package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PostgresServer;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on a PostgreSQL store of a real server (issue 17 §1, §2, §3): the same commands, run in-process
 * as a clinic runs them, give what they give on a data directory (one method run on both); two devices, each with its
 * own key folder, record into one store and both verify, the second only once its key is registered; and the server's
 * clock is the authority for recorded times, a device more than two minutes off it being refused to record.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class CliOnPostgresTest {
    private static final String LOT = "UC10-2611-04";

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    /** One store the commands run on: a data directory, or a PostgreSQL store with this device's settings file. */
    private interface Location {
        /** The options and environment naming the store, and the device's settings file. */
        List<String> options();

        Map<String, String> env();

        Path settings();

        /** Opens the store through the record store's seam as {@code user}, for the tests' set-up (confirmations). */
        RecordStore signIn(String user, String password) throws Exception;

        /**
         * Registers this device's own key as the set-up does, before its first signature: nothing on a data
         * directory (its key is registered when it is made); on a shared store {@code keys register --label LABEL}
         * with the database owner's login (attack review of issue 17, F2).
         */
        default void registerThisDevice(String label) {
        }
    }

    /**
     * {@code args} run on {@code device} (its settings file: its key folder) with the database OWNER's login
     * ({@code --store …?user=OWNER}, the owner's password in PGPASSWORD), signed in as the tests' administrator.
     */
    private Run asOwner(ClinicDatabase db, Location device, Clock clock, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("PGPASSWORD", db.ownerPassword(), "PGPASSFILE",
                tmp.resolve("none").toString(), "EXOCONSENT_USER", TestAccounts.NAME, "EXOCONSENT_PASSWORD",
                TestAccounts.PASSWORD));
        List<String> line = new java.util.ArrayList<>(List.of(args));
        line.addAll(List.of("--store", db.storeUrl(db.owner())));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ExoConsentCli.commandLine(env, clock, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(err, true), device.settings())
                .execute(line.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private Run run(Location where, Clock clock, String user, String password, String stdin, String... args) {
        Map<String, String> env = new HashMap<>(where.env());
        if (user != null) {
            env.put("EXOCONSENT_USER", user);
            env.put("EXOCONSENT_PASSWORD", password);
        }
        List<String> line = new java.util.ArrayList<>(List.of(args));
        line.addAll(where.options());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ExoConsentCli.commandLine(env, clock, new ByteArrayInputStream(stdin == null ? new byte[0]
                        : (stdin + "\n").getBytes(StandardCharsets.UTF_8)), new PrintWriter(out, true),
                new PrintWriter(err, true), where.settings()).execute(line.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private Run asTester(Location where, Clock clock, String... args) {
        return run(where, clock, TestAccounts.NAME, TestAccounts.PASSWORD, null, args);
    }

    private Location dataDirectory() {
        Path data = tmp.resolve("data");
        Path settings = tmp.resolve("no-settings.properties");
        return new Location() {
            @Override
            public List<String> options() {
                return List.of("--data-dir", data.toString());
            }

            @Override
            public Map<String, String> env() {
                return Map.of();
            }

            @Override
            public Path settings() {
                return settings;
            }

            @Override
            public RecordStore signIn(String user, String password) throws Exception {
                return RecordStore.signIn(new DataDirectory(data), Clock.systemUTC(), user, password.toCharArray(),
                        "test set-up");
            }
        };
    }

    /** A new database of the tests' server, set up with {@code store init} as its owner. */
    private ClinicDatabase newStore() throws Exception {
        ClinicDatabase db = PostgresServer.get().newClinicDatabase();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ExoConsentCli.commandLine(Map.of("PGPASSWORD", db.ownerPassword(), "PGPASSFILE",
                        tmp.resolve("none").toString()), Clock.systemUTC(), new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(err, true), tmp.resolve("no-settings.properties"))
                .execute("store", "init", "--store", db.storeUrl(db.owner()), "--app-role", db.app());
        assertEquals(ExitCodes.OK, exit, err.toString());
        return db;
    }

    /** One device of the clinic on {@code db}: its settings file names the store and its own key folder. */
    private Location device(ClinicDatabase db, String name) throws Exception {
        return device(db, name, db.storeUrl(db.app()));
    }

    /** As {@link #device(ClinicDatabase, String)}, the device reaching the store at {@code storeUrl}. */
    private Location device(ClinicDatabase db, String name, String storeUrl) throws Exception {
        Path folder = tmp.resolve(name);
        Files.createDirectories(folder);
        Path settings = folder.resolve("store.properties");
        Path keys = folder.resolve("keys");
        Files.writeString(settings, "store = " + storeUrl + "\nkeys = " + keys + "\n");
        return new Location() {
            @Override
            public List<String> options() {
                return List.of();
            }

            @Override
            public Map<String, String> env() {
                return Map.of("PGPASSWORD", db.appPassword(), "PGPASSFILE", tmp.resolve("none").toString());
            }

            @Override
            public Path settings() {
                return settings;
            }

            @Override
            public RecordStore signIn(String user, String password) throws Exception {
                return RecordStore.signIn(RecordStore.Source.postgres(db.appDataSource(), db.storeUrl(db.app()),
                        DataDirectory.keyFilesIn(keys)), Clock.systemUTC(), user, password.toCharArray());
            }

            @Override
            public void registerThisDevice(String label) {
                Run register = asOwner(db, this, Clock.systemUTC(), "keys", "register", "--label", label);
                assertEquals(ExitCodes.OK, register.exit(), register.out() + register.err());
                assertTrue(register.out().startsWith("This device had no signing key yet: its self-signed key was "
                        + "made in " + keys + ".\nRegistered '" + label + "': certificate SHA-256 "), register.out());
            }
        };
    }

    /** The first administrator, their other roles, and the physician, made with the commands. */
    private void firstUsers(Location where) {
        Run first = run(where, Clock.systemUTC(), null, null, TestAccounts.PASSWORD, "users", "add", "--name",
                TestAccounts.NAME, "--role", "administrator", "--password-stdin");
        assertEquals(ExitCodes.OK, first.exit(), first.err());
        assertEquals("Created the first administrator: tester", first.out().strip());
        assertTrue(first.err().contains("with a DEMO clinic for practice"), first.err());
        Run roles = asTester(where, Clock.systemUTC(), "users", "set-roles", "--name", TestAccounts.NAME, "--role",
                "administrator,physician,staff,manager", "--licence", TestAccounts.LICENCE);
        assertEquals(ExitCodes.OK, roles.exit(), roles.err());
        Run physician = run(where, Clock.systemUTC(), TestAccounts.NAME, TestAccounts.PASSWORD,
                TestAccounts.PHYSICIAN_PASSWORD, "users", "add", "--name", TestAccounts.PHYSICIAN, "--role",
                "physician", "--licence", TestAccounts.LICENCE, "--password-stdin");
        assertEquals(ExitCodes.OK, physician.exit(), physician.err());
    }

    /** The session's physician confirms its treatment through the store, as the app or 'exoconsent confirm' does. */
    private static void confirmed(Location where, String session) throws Exception {
        try (RecordStore physician = where.signIn(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD)) {
            TestAccounts.confirm(physician, Examples.session(session));
        }
    }

    private static final Pattern RECORDED = Pattern.compile(": recorded ([0-9a-f-]{36}) ");
    /** A time or date of today, which differ between two runs. */
    private static final Pattern TIMES = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}([ T]\\d{2}:\\d{2}(:\\d{2})?[^\\s\",]*)?");

    /** What the whole life of a consent on the command line printed, times aside, to compare two stores. */
    private String aConsentsLifeOnTheCommandLine(Location where) throws Exception {
        Clock clock = Clock.systemUTC();
        StringBuilder seen = new StringBuilder();
        firstUsers(where);
        Run catalog = asTester(where, clock, "catalog", "show");
        assertEquals(ExitCodes.OK, catalog.exit(), catalog.err());
        assertTrue(catalog.out().contains(LOT), catalog.out());
        seen.append(catalog.out());
        // a name or licence that is there already is refused alike on both stores, exit 3, naming it (attack review
        // of 2026-12-01: on PostgreSQL the server's raw unique-key message, exit 4)
        Run sameName = run(where, clock, TestAccounts.NAME, TestAccounts.PASSWORD, "another password 1",
                "users", "add", "--name", TestAccounts.NAME.toUpperCase(java.util.Locale.ROOT), "--role", "staff",
                "--password-stdin");
        assertEquals(ExitCodes.INVALID_INPUT, sameName.exit(), sameName.out() + sameName.err());
        assertEquals(TestAccounts.NAME.toUpperCase(java.util.Locale.ROOT) + ": an account of this name exists "
                + "already ('" + TestAccounts.NAME + "'; names are compared in their plain form, ignoring case); nothing "
                + "was changed", sameName.err().strip());
        seen.append(sameName.err());
        Run sameLicence = asTester(where, clock, "catalog", "add-physician", "--name", "Another Doctor", "--licence",
                TestAccounts.LICENCE);
        assertEquals(ExitCodes.INVALID_INPUT, sameLicence.exit(), sameLicence.out() + sameLicence.err());
        assertTrue(sameLicence.err().contains("is already in the catalog; nothing was changed"), sameLicence.err());
        seen.append(sameLicence.err());

        where.registerThisDevice("Desk");
        confirmed(where, "complete-ja");
        Run record = asTester(where, clock, "record", "--session", Examples.sessionFile("complete-ja").toString());
        assertEquals(ExitCodes.OK, record.exit(), record.err());
        Matcher m = RECORDED.matcher(record.out());
        assertTrue(m.find(), record.out());
        String id = m.group(1);
        seen.append(id).append('\n');

        Run verify = asTester(where, clock, "records", "verify");
        assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains("1 record checked, 0 problems"), verify.out());
        seen.append(verify.out().lines().filter(l -> l.contains(" checked, ")).findFirst().orElseThrow());

        Run recall = asTester(where, clock, "records", "recall", "--lot", LOT);
        assertEquals(ExitCodes.OK, recall.exit(), recall.err());
        assertTrue(recall.out().contains(id), recall.out());
        seen.append(TIMES.matcher(recall.out()).replaceAll("TIME"));

        Path outputs = Files.createTempDirectory(tmp, "out");
        Path csv = outputs.resolve("records.csv");
        Run export = asTester(where, clock, "export", "--format", "csv", "--out", csv.toString());
        assertEquals(ExitCodes.OK, export.exit(), export.err());
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(2, rows.size(), "the heading and the consent: " + rows);
        assertTrue(rows.get(1).contains(id) && rows.get(1).contains(LOT), rows.get(1));
        // the PDF's hash and size differ with its signing time; every other field is the same
        seen.append(TIMES.matcher(String.join("\n", rows)).replaceAll("TIME").replaceAll("\"[0-9a-f]{64}\",\\d+",
                "PDF")).append('\n');

        Path zip = outputs.resolve("records.zip");
        Run zipped = asTester(where, clock, "export", "--format", "zip", "--out", zip.toString());
        assertEquals(ExitCodes.OK, zipped.exit(), zipped.err());
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<String> names = z.stream().map(java.util.zip.ZipEntry::getName).sorted().toList();
            assertTrue(names.stream().anyMatch(n -> n.endsWith(".pdf")), "the signed PDF is in the zip: " + names);
            seen.append(TIMES.matcher(String.join("\n", names)).replaceAll("TIME")).append('\n');
            // the exported PDF verifies against the store's registered keys, without signing in
            Path pdf = outputs.resolve("consent.pdf");
            try (java.io.InputStream in = z.getInputStream(z.stream().filter(e -> e.getName().endsWith(id + ".pdf"))
                    .findFirst().orElseThrow())) {
                Files.copy(in, pdf);
            }
            Run verified = run(where, clock, null, null, null, "verify", pdf.toString());
            assertEquals(ExitCodes.OK, verified.exit(), verified.out() + verified.err());
            assertTrue(verified.out().contains("  key:         one of the clinic's registered signing keys: '"
                    + (where.options().isEmpty() ? "Desk'" : "self-signed key of ")), verified.out());
        }

        String today = LocalDate.now(ZoneId.of("Asia/Tokyo")).toString();
        Run withdraw = asTester(where, clock, "withdraw", "--record", id, "--date", today, "--reason",
                "家族と相談して、受けないことにした", "--received-by", "受付 鈴木");
        assertEquals(ExitCodes.OK, withdraw.exit(), withdraw.err());
        assertTrue(withdraw.out().startsWith(id + ": withdrawn; withdrawal recorded as " + id + "-withdrawal"),
                withdraw.out());
        Run again = asTester(where, clock, "records", "verify");
        assertEquals(ExitCodes.OK, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("1 record and 1 withdrawal checked, 0 problems"), again.out());

        Path audit = outputs.resolve("audit.csv");
        Run trail = asTester(where, clock, "audit", "export", "--out", audit.toString());
        assertEquals(ExitCodes.OK, trail.exit(), trail.err());
        assertTrue(trail.out().contains("the chain " ), trail.out());
        String auditCsv = Files.readString(audit, StandardCharsets.UTF_8);
        for (String action : List.of(",user-added,yamada,", ",created,\"" + id + "\",", ",withdrawn,\"" + id + "\",")) {
            assertTrue(auditCsv.contains(action), action + " in " + auditCsv);
        }
        // the trail's actions: the same on both stores; sorted, since a shared store's device key is registered
        // (with the owner's login, F2) before the confirmation, a data directory's at its first signature
        seen.append(auditCsv.lines().filter(l -> l.matches("\\d+,.*")).map(l -> l.split(",")[3] + " "
                + l.split(",")[4]).sorted().toList()).append('\n');
        seen.append(trail.out().lines().filter(l -> l.contains("the chain")).map(l -> l.replaceAll("SHA-256 \\S+",
                "SHA-256 HASH").replaceAll("entry \\d+", "entry N")).findFirst().orElseThrow());
        return seen.toString();
    }

    @Test
    void aConsentsWholeLifeGivesTheSameOnAPostgresqlStoreAsOnADataDirectory() throws Exception {
        String onDataDirectory = aConsentsLifeOnTheCommandLine(dataDirectory());
        ClinicDatabase db = newStore();
        Location desk = device(db, "desk");
        String onPostgres = aConsentsLifeOnTheCommandLine(desk);
        assertEquals(onDataDirectory, onPostgres);
        assertFalse(Files.exists(tmp.resolve("desk").resolve("archive")), "nothing of the clinic on the device");
        Path keys = tmp.resolve("desk").resolve("keys");
        assertTrue(Files.isRegularFile(keys.resolve("clinic-signing.p12")), "the device's own key, in its folder");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)),
                "owner-only, as a data directory's keys are");
        try (Connection app = db.appConnection(); Statement st = app.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM document")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "the consent's and the withdrawal's PDFs are in the database");
        }
    }

    @Test
    void aServerLostPartWayThroughABatchStopsItAsTheEnvironmentNotAsRefusedFiles() throws Exception {
        // review of issue 17: the server stopped while 'record' ran said "0 recorded, 1 refused" and exit 3, as if
        // the files were wrong; now the batch stops at the lost connection, exit 4, saying how many were recorded
        ClinicDatabase db = newStore();
        try (org.exoconsent.testing.ServerRelay relay = new org.exoconsent.testing.ServerRelay(
                PostgresServer.get().host(), PostgresServer.get().port())) {
            relay.accept();
            Location desk = device(db, "desk", db.storeUrl(db.app()).replace(":" + PostgresServer.get().port()
                    + "/", ":" + relay.port() + "/"));
            firstUsers(desk);
            desk.registerThisDevice("Desk");
            confirmed(desk, "complete-ja");
            confirmed(desk, "complete-en");
            Map<String, String> env = new HashMap<>(desk.env());
            env.put("EXOCONSENT_USER", TestAccounts.NAME);
            env.put("EXOCONSENT_PASSWORD", TestAccounts.PASSWORD);
            StringWriter err = new StringWriter();
            StringWriter seen = new StringWriter();
            // the server goes away the moment the first consent is said recorded
            PrintWriter out = new PrintWriter(seen, true) {
                @Override
                public void write(String text) {
                    super.write(text);
                    if (text.contains(": recorded ")) {
                        try {
                            relay.refuse();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
            };
            int exit = ExoConsentCli.commandLine(env, Clock.systemUTC(), new ByteArrayInputStream(new byte[0]), out,
                    new PrintWriter(err, true), desk.settings()).execute("record", "--session",
                    Examples.sessionFile("complete-ja").toString(), Examples.sessionFile("complete-en").toString());
            assertEquals(ExitCodes.ENVIRONMENT, exit, seen + "\n" + err);
            assertTrue(err.toString().contains("the connection to the PostgreSQL server was lost")
                    || err.toString().contains("cannot reach the PostgreSQL server at"), err.toString());
            assertTrue(err.toString().contains("1 recorded before the connection was lost; nothing more was "
                    + "recorded."), err.toString());
            assertFalse(seen.toString().contains("refused"), "no file is counted as refused: " + seen);
            assertFalse(err.toString().contains("demo clinic"), err.toString());

            relay.accept(); // the server is back: the second consent records, and the store is whole
            Run again = asTester(desk, Clock.systemUTC(), "record", "--session",
                    Examples.sessionFile("complete-en").toString());
            assertEquals(ExitCodes.OK, again.exit(), again.out() + again.err());
            Run verify = asTester(desk, Clock.systemUTC(), "records", "verify");
            assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
            assertTrue(verify.out().contains("2 records checked, 0 problems"), verify.out());
        }
    }

    @Test
    void twoDevicesRecordIntoOneStoreTheSecondOnceItsKeyIsRegistered() throws Exception {
        ClinicDatabase db = newStore();
        Location desk = device(db, "desk");
        Location tablet = device(db, "tablet");
        Clock clock = Clock.systemUTC();
        firstUsers(desk);
        desk.registerThisDevice("Desk"); // right after the set-up, with the owner's login (attack review F2)
        confirmed(desk, "complete-ja");
        Run first = asTester(desk, clock, "record", "--session", Examples.sessionFile("complete-ja").toString());
        assertEquals(ExitCodes.OK, first.exit(), first.err());
        assertFalse(first.err().contains("self-signed key was created"), "the key registered was used: "
                + first.err());

        confirmed(tablet, "complete-en");
        Path en = Examples.sessionFile("complete-en");
        Run refused = asTester(tablet, clock, "record", "--session", en.toString());
        assertEquals(ExitCodes.INVALID_INPUT, refused.exit(), refused.out() + refused.err());
        String ownerUrl = db.storeUrl(db.app()).replace("user=" + db.app(), "user=" + db.owner()) + "&sslmode=prefer";
        assertTrue(refused.err().contains("It signs nothing until an administrator registers it on this device with "
                + "the database owner's login: exoconsent --store '" + ownerUrl + "' keys register --label "),
                refused.err());
        assertTrue(refused.err().contains("this device's signing key (in " + tmp.resolve("tablet").resolve("keys")
                + "): is not registered in the clinic's shared store"), refused.err());
        assertTrue(refused.err().contains("an administrator registers once with the database owner's login (no "
                + "device keeps it): on this device, signed in as an ExoConsent administrator, exoconsent --store '"
                + ownerUrl + "' keys register --label \"LABEL\""), refused.err());
        assertFalse(refused.err().contains("--keystore"), "a device's own key is registered without --keystore: "
                + refused.err());
        Run list = asTester(tablet, clock, "records", "recall", "--lot", LOT);
        assertTrue(list.out().startsWith("Lot " + LOT + ": 1 record"), "nothing was recorded from the tablet: "
                + list.out());

        Run register = asOwner(db, tablet, clock, "keys", "register", "--label", "Tablet 2");
        assertEquals(ExitCodes.OK, register.exit(), register.err());
        assertTrue(register.out().startsWith("Registered 'Tablet 2': certificate SHA-256 "), register.out());
        Run second = asTester(tablet, clock, "record", "--session", en.toString());
        assertEquals(ExitCodes.OK, second.exit(), second.err());

        for (Location device : List.of(desk, tablet)) {
            Run verify = asTester(device, clock, "records", "verify");
            assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
            assertTrue(verify.out().contains("2 records checked, 0 problems"), verify.out());
        }
        Run keys = asTester(desk, clock, "keys", "show");
        assertTrue(keys.out().contains("Registered signing keys (2):"), keys.out());
        assertTrue(keys.out().contains("* Tablet 2"), keys.out());

        // a lost tablet: its key is retired, and it records nothing more (docs/SIGNING.md)
        String fp = register.out().lines().findFirst().orElseThrow().replaceAll(".*SHA-256 ", "").strip();
        Run retire = asTester(desk, clock, "keys", "retire", fp);
        assertEquals(ExitCodes.OK, retire.exit(), retire.err());
        com.fasterxml.jackson.databind.node.ObjectNode another = Examples.json("complete-en");
        another.put("id", "0b7f3c1e-2d4a-4e8b-9c6d-5a1f2e3d4c5b");
        Path anotherFile = tmp.resolve("another.json");
        Files.write(anotherFile, Examples.bytes(another));
        try (RecordStore physician = tablet.signIn(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD)) {
            TestAccounts.confirm(physician, Examples.session(another));
        }
        Run afterRetire = asTester(tablet, clock, "record", "--session", anotherFile.toString());
        assertEquals(ExitCodes.INVALID_INPUT, afterRetire.exit(), afterRetire.err());
        assertTrue(afterRetire.err().contains("the key 'Tablet 2' was retired on"), afterRetire.err());
    }

    /**
     * Attack review of issue 17, F2: a key is registered only with the database owner's login. With a device's role,
     * {@code keys register} and {@code keys import} are refused before anything is asked or written (exit 3),
     * saying to run the same command with the owner's login; with it, the key is registered, the entry names the
     * administrator's account, and the device records and verifies clean.
     */
    @Test
    void keysRegisterWithADevicesRoleIsRefusedWithExit3AndTheOwnersLoginRegistersTheKey() throws Exception {
        ClinicDatabase db = newStore();
        Location desk = device(db, "desk");
        Clock clock = Clock.systemUTC();
        firstUsers(desk);
        String before = auditTrail(db);
        String deviceUrl = db.storeUrl(db.app()) + "&sslmode=prefer"; // as the address is read on loopback
        // the refusal names the database's owner as the server does, so that its command runs as copied
        String ownerUrl = deviceUrl.replace("user=" + db.app(), "user=" + db.owner());

        Run register = asTester(desk, clock, "keys", "register", "--label", "Desk 1");
        assertEquals(ExitCodes.INVALID_INPUT, register.exit(), register.out() + register.err());
        assertEquals(deviceUrl + ": role " + db.app() + " cannot register a signing key: on a shared store only the "
                + "database's owner registers keys, with a login no device keeps (docs/SIGNING.md, \"Keys on a "
                + "shared store\"); nothing was changed. On this device, signed in as an ExoConsent administrator, "
                + "run the same command with the owner's login: exoconsent --store '" + ownerUrl + "' keys register "
                + "--label 'Desk 1' (the owner's password in PGPASSWORD for this one command, never kept in the device's "
                + "password file)",
                register.err().strip());
        assertEquals("", register.out());
        Path p12 = tmp.resolve("clinic.p12");
        Files.write(p12, new byte[] {1, 2, 3});
        Run imported = run(desk, clock, TestAccounts.NAME, TestAccounts.PASSWORD, "not read", "keys", "import",
                "--p12", p12.toString(), "--password-stdin", "--label", "Desk 1");
        assertEquals(ExitCodes.INVALID_INPUT, imported.exit(), imported.out() + imported.err());
        assertTrue(imported.err().contains("cannot register a signing key") && imported.err().contains(
                "exoconsent --store '" + ownerUrl + "' keys import --p12 " + p12 + " --password-stdin --label "
                        + "'Desk 1'"), imported.err());
        assertEquals(before, auditTrail(db), "nothing was written, not even a sign-in");
        assertFalse(Files.exists(tmp.resolve("desk").resolve("keys")), "no key file was made or stored");

        Run owner = asOwner(db, desk, clock, "keys", "register", "--label", "Desk 1");
        assertEquals(ExitCodes.OK, owner.exit(), owner.out() + owner.err());
        String fp = owner.out().lines().filter(l -> l.startsWith("Registered 'Desk 1'")).findFirst().orElseThrow()
                .replaceAll(".*SHA-256 ", "").strip();
        try (Connection app = db.appConnection(); Statement st = app.createStatement();
             ResultSet rs = st.executeQuery("SELECT split_part(actor, ' ', 1), subject, (SELECT split_part(registered_by, "
                     + "' ', 1) FROM signing_key) FROM audit WHERE action = 'key-registered'")) {
            assertTrue(rs.next());
            assertEquals(TestAccounts.NAME, rs.getString(1), "the entry names the administrator's account");
            assertEquals(fp, rs.getString(2));
            assertEquals(TestAccounts.NAME, rs.getString(3));
            assertFalse(rs.next(), "one key registered");
        }
        confirmed(desk, "complete-ja");
        Run record = asTester(desk, clock, "record", "--session", Examples.sessionFile("complete-ja").toString());
        assertEquals(ExitCodes.OK, record.exit(), record.err());
        Run verify = asTester(desk, clock, "records", "verify");
        assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains("1 record checked, 0 problems"), verify.out());
        // retiring stays with the devices' role: it only takes authority away
        Run retire = asTester(desk, clock, "keys", "retire", fp);
        assertEquals(ExitCodes.OK, retire.exit(), retire.err());
    }

    /** Every audit entry's number, action and hash, to tell that nothing was written. */
    private static String auditTrail(ClinicDatabase db) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection app = db.appConnection(); Statement st = app.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, action, hash FROM audit ORDER BY seq")) {
            while (rs.next()) {
                b.append(rs.getLong(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3))
                        .append('\n');
            }
        }
        return b.toString();
    }

    @Test
    void theServersClockIsTheAuthorityADeviceThreeMinutesOffIsRefusedOneMinuteOffRecordsTheServersTime()
            throws Exception {
        ClinicDatabase db = newStore();
        Location desk = device(db, "desk");
        firstUsers(desk);
        desk.registerThisDevice("Desk");
        Clock threeOff = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-3));
        confirmed(desk, "complete-ja");
        Run refused = asTester(desk, threeOff, "record", "--session", Examples.sessionFile("complete-ja")
                .toString());
        assertEquals(ExitCodes.INVALID_INPUT, refused.exit(), refused.out() + refused.err());
        assertTrue(Pattern.compile("this computer's clock says \\S+ \\S+ UTC but the store's server \\(postgresql://"
                + ".*\\) says \\S+ \\S+ UTC: a difference of (2 min 5\\d|3 min \\d+) s, more than the 2 minutes "
                + "allowed, so this device cannot sign or record until its clock is fixed").matcher(refused.err()).find(),
                refused.err());
        Run reading = asTester(desk, threeOff, "records", "recall", "--lot", LOT);
        assertEquals(ExitCodes.OK, reading.exit(), "reading still works: " + reading.err());
        assertTrue(reading.err().contains("Warning: this computer's clock says"), reading.err());
        try (Connection app = db.appConnection(); Statement st = app.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM record")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "nothing was recorded");
        }

        Clock oneOff = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-1));
        Run recorded = asTester(desk, oneOff, "record", "--session", Examples.sessionFile("complete-ja").toString());
        assertEquals(ExitCodes.OK, recorded.exit(), recorded.err());
        assertFalse(recorded.err().contains("Warning: this computer's clock"), recorded.err());
        try (Connection app = db.appConnection(); Statement st = app.createStatement();
             ResultSet rs = st.executeQuery("SELECT recorded_at, clock_timestamp() FROM record")) {
            rs.next();
            Instant recordedAt = java.time.OffsetDateTime.parse(rs.getString(1)).toInstant();
            Instant server = rs.getObject(2, java.time.OffsetDateTime.class).toInstant();
            Duration behindServer = Duration.between(recordedAt, server);
            assertTrue(!behindServer.isNegative() && behindServer.compareTo(Duration.ofSeconds(40)) < 0,
                    "recorded at the server's time (" + recordedAt + "), not the device's a minute behind; server "
                            + "now " + server);
        }
    }

    /**
     * A command is the whole of its sign-in: its server session (schema 19) ends when the command ends, refused or
     * not, instead of lasting the server's 12 hours, during which its token, kept nowhere, could still have written.
     */
    @Test
    void eachCommandEndsItsServerSessionWhenItEnds() throws Exception {
        ClinicDatabase db = newStore();
        Location desk = device(db, "desk");
        firstUsers(desk); // users add, users set-roles, users add
        assertEquals(List.of(), liveSessions(db), "no session of the set-up's commands is left");
        Run list = asTester(desk, Clock.systemUTC(), "users", "list");
        assertEquals(ExitCodes.OK, list.exit(), list.err());
        Run set = asTester(desk, Clock.systemUTC(), "settings", "set", "idle-lock-minutes", "15");
        assertEquals(ExitCodes.OK, set.exit(), set.err());
        Run refused = run(desk, Clock.systemUTC(), TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD, null,
                "settings", "set", "idle-lock-minutes", "20");
        assertEquals(ExitCodes.ACCESS_DENIED, refused.exit(), refused.out() + refused.err());
        assertEquals(List.of(), liveSessions(db), "each command signed out as it ended");
    }

    /**
     * New-clinic trial of schema 20: an administrator stopped {@code users set-password} with Ctrl-C at its prompt for
     * the new password, after signing in; the command never ended, and its session stayed for 12 hours. The command
     * runs as its own process here (the launcher's main), waits on standard input after its sign-in, and is stopped
     * with SIGTERM, as Ctrl-C's SIGINT stops it: the JVM's shutdown hook ends the session.
     */
    @Test
    void aCommandStoppedAfterItsSignInEndsItsServerSessionToo() throws Exception {
        ClinicDatabase db = newStore();
        Location desk = device(db, "desk");
        firstUsers(desk);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.exoconsent.cli.ExoConsentCli", "users", "set-password",
                "--name", TestAccounts.PHYSICIAN, "--password-stdin", "--store", db.storeUrl(db.app()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("stopped.log").toFile());
        pb.environment().putAll(Map.of("PGPASSWORD", db.appPassword(), "PGPASSFILE", tmp.resolve("none").toString(),
                "EXOCONSENT_USER", TestAccounts.NAME, "EXOCONSENT_PASSWORD", TestAccounts.PASSWORD,
                "HOME", tmp.toString()));
        Process p = pb.start(); // its standard input stays open: it waits for the new password, signed in
        try {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (liveSessions(db).isEmpty()) {
                assertTrue(p.isAlive(), "the command ended early: " + Files.readString(tmp.resolve("stopped.log")));
                assertTrue(System.nanoTime() < until, "no sign-in within 60 s");
                Thread.sleep(100);
            }
            assertEquals(List.of(TestAccounts.NAME), liveSessions(db), "signed in, waiting for the new password");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "stopped");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(List.of(), liveSessions(db), "the stopped command's session ended: "
                + Files.readString(tmp.resolve("stopped.log")));
    }

    /** The accounts of the server's live sessions, read by the owner. */
    private static List<String> liveSessions(ClinicDatabase db) throws Exception {
        return db.liveSessions();
    }
}
