package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Choosing the store on the command line (issue 17 §1): {@code --store} and {@code $EXOCONSENT_STORE} beside
 * {@code --data-dir}; every command that uses the store opens a PostgreSQL store when one is named (here a port where
 * no server listens: each command says so, naming HOST:PORT, and never quietly uses a data directory), but those
 * that work only on a data directory, which refuse it saying why. CliOnPostgresTest runs them on a real server.
 */
class StoreLocationCliTest {
    private static final String URL = "postgresql://127.0.0.1:5999/exo?user=exo_app";
    private static final String UNREACHABLE = "cannot reach the PostgreSQL server at 127.0.0.1:5999 (Connection "
            + "refused; waited at most 5 s)";
    private static final String PG_PASSWORD = "Pg-S3cret-never-shown";
    /** Stands in a command's arguments for a prepared session file (not explained yet), written by {@link #line}. */
    private static final String PREPARED = "PREPARED-SESSION";

    @TempDir
    Path tmp;

    /**
     * Each command with the arguments it requires (values need not exist: the store is reached for first, but for
     * {@link #FILE_FIRST}).
     */
    private static final Map<String, List<String>> COMMANDS = new HashMap<>();

    static {
        add("templates list");
        add("templates import", "dir");
        add("templates activate", "id", "1");
        add("templates show", "id", "1");
        add("templates leaflet", "--language", "ja", "--out", "l.pdf");
        add("render", "--session", "s.json", "--out", "o.pdf");
        add("verify", "f.pdf");
        add("confirm", "--session", PREPARED);
        add("record", "--session", "s.json");
        add("records verify");
        add("records recall", "--lot", "L1");
        add("records accept-head", "--reason", "r");
        add("export", "--format", "csv", "--out", "o.csv");
        add("catalog show");
        add("catalog set-clinic", "--name", "n", "--address", "a", "--phone", "03-0000-0000",
                "--blood-donation-policy", "p");
        add("catalog add-physician", "--name", "n", "--licence", "1");
        add("catalog set-physician", "--licence", "1", "--active");
        add("catalog add-product", "--name", "n", "--manufacturer", "m", "--source-cells", "s", "--sterilisation",
                "s", "--origin", "o", "--supply", "s");
        add("catalog set-product", "--name", "n", "--origin", "autologous", "--supply", "unknown");
        add("catalog add-lot", "--product", "p", "--lot", "L1", "--expiry", "2030-01-01");
        add("catalog remove-demo");
        add("withdraw", "--record", "r", "--date", "2026-01-01", "--reason", "r", "--received-by", "n");
        add("correct", "--record", "r", "--field", "f", "--value", "v", "--reason", "r", "--received-by", "n");
        add("card", "--record", "r", "--out", "c.pdf");
        add("settings show");
        add("settings set", "name", "value");
        add("settings set-staff-pin");
        add("users add", "--name", "n", "--role", "physician");
        add("users list");
        add("users set-roles", "--name", "n", "--role", "physician");
        add("users disable", "--name", "n");
        add("users enable", "--name", "n");
        add("users set-password", "--name", "n");
        add("users set-language", "--name", "n", "--language", "ja");
        add("keys show");
        add("keys import", "--p12", "k.p12");
        add("keys register", "--label", "l");
        add("keys retire", "ab");
        add("audit export", "--out", "a.csv");
    }

    /** The commands that read their file first, and the store only for an intact document (verify). */
    private static final Set<String> FILE_FIRST = Set.of("verify");

    private static void add(String command, String... args) {
        COMMANDS.put(command, List.of(args));
    }

    record Run(int exit, String out, String err) {
    }

    private Run run(Map<String, String> env, Path settings, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ExoConsentCli.commandLine(env, Examples.CLOCK, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(err, true), settings).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path noSettings() {
        return tmp.resolve("no-settings.properties");
    }

    private String[] line(String command, String... more) {
        List<String> args = new ArrayList<>(COMMANDS.get(command));
        if (args.contains(PREPARED)) {
            com.fasterxml.jackson.databind.node.ObjectNode json = Examples.json("complete-ja");
            json.remove("confirmedBy");
            json.putArray("acknowledgements");
            json.putArray("quiz");
            json.putArray("signatures");
            Path prepared = tmp.resolve("prepared.json");
            try {
                Files.write(prepared, Examples.bytes(json));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            args.replaceAll(a -> a.equals(PREPARED) ? prepared.toString() : a);
        }
        return Stream.of(command.split(" "), args.toArray(String[]::new), more)
                .flatMap(Stream::of).toArray(String[]::new);
    }

    @Test
    void everyCommandThatUsesTheStoreReachesForThePostgresqlStoreAndTouchesNoDataDirectory() {
        Path data = tmp.resolve("data");
        Map<String, String> env = Map.of("EXOCONSENT_HOME", data.toString(), "EXOCONSENT_USER", "admin",
                "EXOCONSENT_PASSWORD", "pw", "PGPASSWORD", PG_PASSWORD, "PGPASSFILE", tmp.resolve("none").toString());
        for (String command : COMMANDS.keySet()) {
            Run r = run(env, noSettings(), line(command, "--store", URL));
            assertFalse(r.err().contains(PG_PASSWORD), command + ": the password is never shown");
            if (FILE_FIRST.contains(command)) {
                assertEquals("f.pdf: no such file", r.err().strip(), command);
            } else {
                assertEquals(ExitCodes.ENVIRONMENT, r.exit(), command + ": " + r.err());
                assertTrue(r.err().startsWith(UNREACHABLE), command + ": " + r.err());
            }
        }
        assertFalse(Files.exists(data), "no data directory was made or used");
    }

    @Test
    void everyCommandIsInThisTest() {
        List<String> leaves = new ArrayList<>();
        leaves(ExoConsentCli.commandLine(Map.of(), Examples.CLOCK, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())), "", leaves);
        TreeSet<String> expected = new TreeSet<>(COMMANDS.keySet());
        expected.add("templates check"); // uses no store
        expected.add("restore"); // only the data directory or PostgreSQL store its --to names
        expected.add("backup"); // of either kind of store (issue 17 §4: PostgresBackupRestoreTest)
        // StoreCommandTest, StoreMigrateTest
        expected.addAll(List.of("store init", "store upgrade", "store status", "store migrate"));
        assertEquals(expected, new TreeSet<>(leaves), "a new command needs a row in COMMANDS (or a reason it uses "
                + "no store)");
    }

    private static void leaves(CommandLine c, String path, List<String> out) {
        if (c.getSubcommands().isEmpty()) {
            out.add(path);
            return;
        }
        c.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) {
                leaves(sub, path.isEmpty() ? name : path + " " + name, out);
            }
        });
    }

    @Test
    void theEnvironmentAndTheDevicesSettingsFileNameThePostgresqlStoreToo() throws Exception {
        Run fromEnv = run(Map.of("EXOCONSENT_STORE", URL, "PGPASSWORD", PG_PASSWORD, "EXOCONSENT_USER", "admin"),
                noSettings(), "users", "list");
        assertEquals(ExitCodes.ENVIRONMENT, fromEnv.exit(), fromEnv.err());
        assertTrue(fromEnv.err().startsWith(UNREACHABLE), fromEnv.err());
        Path settings = tmp.resolve("store.properties");
        Files.writeString(settings, "store = " + URL + "\n");
        Run fromFile = run(Map.of("PGPASSWORD", PG_PASSWORD, "EXOCONSENT_USER", "admin"), settings, "users", "list");
        assertEquals(ExitCodes.ENVIRONMENT, fromFile.exit(), fromFile.err());
        assertTrue(fromFile.err().startsWith(UNREACHABLE), fromFile.err());
        // a backup of the store the settings file names: of the PostgreSQL store too (issue 17 §4), reached for
        Run backup = run(Map.of("PGPASSWORD", PG_PASSWORD, "EXOCONSENT_USER", "admin", "EXOCONSENT_PASSWORD", "pw",
                "EXOCONSENT_BACKUP_PASSPHRASE", "a long enough passphrase"), settings, "backup", "--out",
                tmp.resolve("b.zip").toString());
        assertEquals(ExitCodes.ENVIRONMENT, backup.exit(), backup.err());
        assertTrue(backup.err().startsWith(UNREACHABLE), backup.err());
        assertFalse(Files.exists(tmp.resolve("b.zip")), "nothing written");
    }

    @Test
    void aDevicesKeyFolderMustBeAWholePath() throws Exception {
        Path settings = tmp.resolve("store.properties");
        Files.writeString(settings, "store = " + URL + "\nkeys = relative/keys\n");
        Run r = run(Map.of("PGPASSWORD", PG_PASSWORD), settings, "users", "list");
        assertEquals(ExitCodes.INVALID_INPUT, r.exit());
        assertEquals(settings + ": keys = relative/keys: give the folder's whole path (it is read from wherever a "
                + "command runs)", r.err().strip());
    }

    @Test
    void aDataDirectoryOptionStillWinsOverTheDevicesStore() throws Exception {
        Path settings = tmp.resolve("store.properties");
        Files.writeString(settings, "store = " + URL + "\n");
        Run r = run(Map.of(), settings, "users", "list", "--data-dir", tmp.resolve("data").toString());
        assertEquals(ExitCodes.ACCESS_DENIED, r.exit(), r.err()); // a data directory, asked for a sign-in
        assertFalse(r.err().contains("PostgreSQL"), r.err());
    }

    @Test
    void storeAndDataDirTogetherAreAUsageError() {
        Run r = run(Map.of(), noSettings(), "users", "list", "--store", URL, "--data-dir", tmp.toString());
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().startsWith("exoconsent: give either --data-dir (a data directory) or --store (a PostgreSQL "
                + "server), not both"), r.err());
    }

    @Test
    void aRefusedAddressIsSaidBeforeAnyWorkWithExit3() {
        Run r = run(Map.of(), noSettings(), "templates", "check", "--store",
                "postgresql://exo_owner:Tr0ub4dor@db.clinic.lan/exo");
        assertEquals(ExitCodes.INVALID_INPUT, r.exit());
        assertTrue(r.err().startsWith("--store postgresql://exo_owner:***@db.clinic.lan/exo: a password does not "
                + "belong in the store's address"), r.err());
        assertFalse(r.err().contains("Tr0ub4dor"));
        Run both = run(Map.of("EXOCONSENT_STORE", URL, "EXOCONSENT_HOME", tmp.toString()), noSettings(), "users",
                "list");
        assertEquals(ExitCodes.INVALID_INPUT, both.exit());
        assertTrue(both.err().startsWith("EXOCONSENT_STORE and EXOCONSENT_HOME are both set"), both.err());
    }

    @Test
    void templatesCheckUsesNoStoreAndStillWorks() {
        Run r = run(Map.of("EXOCONSENT_STORE", URL), noSettings(), "templates", "check",
                Examples.TEMPLATES.resolve("exosome-therapy").toString());
        assertEquals(ExitCodes.OK, r.exit(), r.err());
    }
}
