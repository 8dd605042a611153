package org.exoconsent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DeviceSettings;
import org.exoconsent.records.PostgresConnections;
import org.exoconsent.records.PostgresLocation;
import org.exoconsent.records.PostgresOpening;
import org.exoconsent.records.PostgresPassword;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreLocation;
import org.exoconsent.records.StoreLocationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The headless face of ExoConsent. Never touches JavaFX. Build a command line with {@link #commandLine} (tests
 * pass their own environment, clock and streams) or run {@link #main}.
 */
@Command(name = "exoconsent",
        mixinStandardHelpOptions = true,
        versionProvider = ExoConsentCli.Version.class,
        description = "Informed consent for exosome therapy: check templates, render and sign consent PDFs, "
                + "verify them.",
        subcommands = {TemplatesCommand.class, RenderCommand.class, VerifyCommand.class, ConfirmCommand.class,
            RecordCommand.class,
            RecordsCommand.class, ExportCommand.class, CatalogCommand.class,
            WithdrawCommand.class, CorrectCommand.class, CardCommand.class, SettingsCommand.class, UsersCommand.class, KeysCommand.class,
            BackupCommand.class, BackupCommand.Restore.class, AuditCommand.class, StoreCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:a document is not intact (changed, unsigned or unreadable) or not signed by one of the clinic's "
                + "registered keys, a value in the database was changed outside the product and cannot be read "
                + "(named with its repair), or a backup was refused",
            "2:the command line is wrong",
            "3:an input was refused (invalid template, malformed or incomplete session, a signing key that is not "
                + "registered or not current)",
            "4:the environment failed (signing key, file system)",
            "5:access refused (no users yet, wrong user or password, locked or disabled account, a sign-in that "
                + "cannot be recorded (a full disk), or a role that may not; a backup passphrase that does not open "
                + "the backup)"})
public final class ExoConsentCli implements Runnable {

    @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Data directory, the embedded SQLite store (default: $EXOCONSENT_HOME, else the store this "
                    + "device's settings file names, else ~/.exoconsent). Not with --store.")
    Path dataDirOption;

    @Option(names = "--store", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "A PostgreSQL store: postgresql://HOST[:PORT]/DATABASE?user=NAME[&sslmode=MODE]"
                    + "[&sslrootcert=FILE] (default: $EXOCONSENT_STORE). The password comes from $PGPASSWORD or the "
                    + "password file (~/.pgpass, $PGPASSFILE), never from the address. Not with --data-dir. Every "
                    + "command works on it.")
    String storeOption;

    @Option(names = "--user", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Sign in as NAME (default: $EXOCONSENT_USER). The password comes from a prompt, from "
                    + "--password-stdin, or from $EXOCONSENT_PASSWORD; never from an argument.")
    String user;

    @Option(names = "--password-stdin", scope = ScopeType.INHERIT,
            description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    final Map<String, String> env;
    java.io.InputStream in = System.in;
    final Clock clock;
    PrintWriter out;
    PrintWriter err;

    ExoConsentCli(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    /**
     * The first line of standard input, for --password-stdin (read once: a second call gets the next line), as
     * {@link org.exoconsent.security.Secrets#line} takes it: UTF-8, without a byte-order mark at its start (a pipe
     * from Windows PowerShell begins with one). Null at the end of input.
     */
    String stdinLine() throws java.io.IOException {
        if (stdinReader == null) {
            stdinReader = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                    java.nio.charset.StandardCharsets.UTF_8));
            return org.exoconsent.security.Secrets.line(stdinReader.readLine());
        }
        return stdinReader.readLine();
    }

    private java.io.BufferedReader stdinReader;

    /** This device's settings file ({@link DeviceSettings#defaultFile}; the tests give their own). */
    Path deviceSettingsFile;

    /**
     * Where this command's store is ({@link StoreLocation#resolve}: {@code --store} or {@code --data-dir}, the
     * environment, this device's settings file, {@code ~/.exoconsent}).
     *
     * @throws StoreLocationException (exit 3) for an address or settings file refused
     * @throws IllegalArgumentException for --store and --data-dir given together (refused as a usage error before
     *                                  any command runs: {@link #checkLocation})
     */
    StoreLocation location() {
        return StoreLocation.resolve(dataDirOption, storeOption, env, DeviceSettings.read(deviceSettingsFile));
    }

    /** What named this command's PostgreSQL store, as the refusals say it. */
    String storeSource() {
        if (storeOption != null) {
            return "--store";
        }
        String named = env.get(StoreLocation.STORE_ENV);
        return named != null && !named.isBlank() ? StoreLocation.STORE_ENV : "the store in " + deviceSettingsFile;
    }

    /**
     * The data directory of this command's store, or null when the store is on a PostgreSQL server (which has none:
     * nothing of the clinic's is kept in a folder of this computer then, so no file a command writes can land in it).
     */
    Path localDataDir() {
        StoreLocation location = location();
        return location instanceof StoreLocation.InDataDirectory d ? d.directory().root() : null;
    }

    /**
     * This command's store opened as the clinic's application role when it is on a PostgreSQL server (issue 17 §1:
     * the password from PGPASSWORD or the password file, {@link PostgresPassword#find}; connections with short
     * timeouts, a failure said naming HOST:PORT, never the password, {@link PostgresConnections}), with this device's
     * own signing key folder ({@link DeviceSettings#keyFolder}, issue 17 §2), opened as the app opens it
     * ({@link PostgresOpening#source}); null for a data directory.
     *
     * @throws org.exoconsent.records.StoreException when the server cannot be reached or refuses the role (exit 4 or
     *                                               5), or its schema is not this program's (exit 3)
     */
    RecordStore.Source postgresSource() throws org.exoconsent.records.StoreException {
        return postgresSource(org.exoconsent.records.PostgresStores.Role.APPLICATION);
    }

    /**
     * As {@link #postgresSource()}, accepting the roles {@code role} says (the database's owner too for registering a
     * signing key: attack review of issue 17, F2).
     */
    RecordStore.Source postgresSource(org.exoconsent.records.PostgresStores.Role role)
            throws org.exoconsent.records.StoreException {
        if (!(location() instanceof PostgresLocation p)) {
            return null;
        }
        // reached and signed in, or said plainly (HOST:PORT, what to check) before the store is opened
        return PostgresOpening.source(p, PostgresPassword.find(p, env), DataDirectory.keyFilesIn(deviceKeyFolder()),
                "ExoConsent " + version() + " (" + (leafCommand == null ? "command line" : leafCommand) + ")", p.url(),
                role);
    }

    /**
     * The folder of this device's own signing key on a PostgreSQL store (issue 17 §2): {@code keys} of this device's
     * settings file, else {@code ~/.exoconsent-device/keys}.
     */
    Path deviceKeyFolder() {
        return DeviceSettings.read(deviceSettingsFile).keyFolder();
    }

    /** This device's label as the key registry names its own key: the computer's host name. */
    static String deviceLabel() {
        try {
            String host = java.net.InetAddress.getLocalHost().getHostName();
            return host == null || host.isBlank() ? "this device" : host;
        } catch (java.io.IOException e) {
            return "this device";
        }
    }

    /** The command being run, as its refusals name it ({@code "backup"}); set before it runs. */
    String leafCommand;
    /** Who signed in on the shared store's server during this command ({@link #signedInOnServer}). */
    private final List<org.exoconsent.records.Principal> serverSignIns =
            java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /**
     * Notes that {@code who} signed in on the shared store for this command: the command is the whole of that
     * sign-in, so its server session (schema 19) is ended when the command ends ({@link #signOutOfServer}), not 12
     * hours later. Nothing to do on a data directory, whose sign-in keeps no session.
     */
    void signedInOnServer(org.exoconsent.records.Principal who) {
        serverSignIns.add(who);
    }

    /**
     * Ends the server sessions of this command's sign-ins, each through an opening of its own (the command's have
     * closed), once: when the command ends, or from the shutdown hook of {@link #run} when it is stopped (Ctrl-C).
     * A server that cannot be reached is not said: the session then ends on its own, 12 hours after its sign-in, and
     * the command's outcome stands.
     */
    private void signOutOfServer() {
        List<org.exoconsent.records.Principal> signedIn;
        synchronized (serverSignIns) { // the command's end and the shutdown hook's (Ctrl-C): each session once
            signedIn = List.copyOf(serverSignIns);
            serverSignIns.clear();
        }
        for (org.exoconsent.records.Principal who : signedIn) {
            try {
                RecordStore.signOut(postgresSource(org.exoconsent.records.PostgresStores.Role.APPLICATION_OR_OWNER),
                        who);
            } catch (org.exoconsent.records.StoreException | RuntimeException e) {
                // ends on its own at the server (12 hours after the sign-in)
            }
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command, e.g. 'exoconsent render'");
    }

    /** An option a person may try for a secret, which is never an argument: --passphrase, --password, --pin. */
    private static final java.util.regex.Pattern SECRET_OPTION =
            java.util.regex.Pattern.compile("--(passphrase|password|pin)(=.*)?");

    /**
     * A date option's value: ISO {@code YYYY-MM-DD}, e.g. {@code 2027-06-30}.
     *
     * @throws CommandLine.TypeConversionException naming the value and the form, for anything else (picocli then
     *                                            names the option; exit 2)
     */
    static java.time.LocalDate date(String value) {
        try {
            return java.time.LocalDate.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a date: give it as YYYY-MM-DD, "
                    + "e.g. 2027-06-30");
        }
    }

    public static CommandLine commandLine(Map<String, String> env, Clock clock, PrintWriter out, PrintWriter err) {
        return commandLine(env, clock, System.in, out, err);
    }

    public static CommandLine commandLine(Map<String, String> env, Clock clock, java.io.InputStream in,
                                          PrintWriter out, PrintWriter err) {
        return commandLine(env, clock, in, out, err, DeviceSettings.defaultFile(env));
    }

    /** {@link #commandLine(Map, Clock, java.io.InputStream, PrintWriter, PrintWriter)} with this device's settings
     * file at {@code deviceSettings} (the tests' own). */
    static CommandLine commandLine(Map<String, String> env, Clock clock, java.io.InputStream in,
                                   PrintWriter out, PrintWriter err, Path deviceSettings) {
        ExoConsentCli cli = new ExoConsentCli(env, clock);
        cli.deviceSettingsFile = deviceSettings;
        cli.in = in;
        cli.out = out;
        cli.err = err;
        CommandLine cl = new CommandLine(cli);
        // a date as a person types it wrongly is named in words, not as a Java exception (README trial of issue
        // 17: "cannot convert '2027/06/30' to class java.time.LocalDate (java.time.format.DateTimeParseException…")
        cl.registerConverter(java.time.LocalDate.class, ExoConsentCli::date);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            if (ex instanceof CommandLine.UnmatchedArgumentException u && u.getUnmatched().stream().anyMatch(a ->
                    SECRET_OPTION.matcher(a).matches())) {
                // README trial of issue 17: "Unknown options: '--passphrase', 'the passphrase'" repeated the secret
                // to the screen and said neither why nor what to use instead
                c.getErr().println("exoconsent: unknown option " + u.getUnmatched().stream().filter(a ->
                        SECRET_OPTION.matcher(a).matches()).map(a -> a.replaceAll("=.*", "")).findFirst()
                        .orElseThrow() + " (what followed it is not repeated here)");
                c.getErr().println("A password, passphrase or PIN is never a command-line argument (other programs "
                        + "on the computer can read arguments): a backup passphrase comes from --passphrase-file FILE, "
                        + "$EXOCONSENT_BACKUP_PASSPHRASE or the prompt, a password from --password-stdin, "
                        + "$EXOCONSENT_PASSWORD or the prompt.");
            } else {
                c.getErr().println("exoconsent: " + ex.getMessage());
            }
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        cl.setExecutionStrategy(parseResult -> {
            Integer help = CommandLine.executeHelpRequest(parseResult);
            if (help != null) {
                return help;
            }
            try {
                cli.checkLocation(parseResult);
            } catch (StoreLocationException e) {
                err.println(e.getMessage());
                err.flush();
                return ExitCodes.INVALID_INPUT;
            }
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } finally {
                cli.signOutOfServer();
            }
        });
        cl.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (e instanceof StoreLocationException) { // a use that checkLocation did not foresee: still refused
                err.println(e.getMessage());
                err.flush();
                return ExitCodes.INVALID_INPUT;
            }
            throw e;
        });
        return cl;
    }

    /**
     * Before any command runs: its store's location is resolved and checked (a refused address is said before any
     * work); every command then opens either kind of store as {@link CommandOpening} does (issue 17 §1, §4:
     * {@code backup} and {@code restore} too). {@code --data-dir} and {@code --store} together are refused.
     */
    private void checkLocation(CommandLine.ParseResult parseResult) {
        List<CommandLine> chain = parseResult.asCommandLineList();
        String leaf = chain.get(chain.size() - 1).getCommandSpec().qualifiedName(" ");
        leafCommand = leaf.startsWith("exoconsent ") ? leaf.substring("exoconsent ".length()) : leaf;
        if (dataDirOption != null && storeOption != null) {
            throw new CommandLine.ParameterException(chain.get(chain.size() - 1), "give either --data-dir (a data "
                    + "directory) or --store (a PostgreSQL server), not both");
        }
        location(); // resolved and checked now: a refused address is said before any work
    }

    public static int run(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        // only the instant counts: times are taken in the clinic's zone (the store's ClinicClock), never this machine's
        CommandLine line = commandLine(System.getenv(), Clock.systemUTC(), out, err);
        ExoConsentCli cli = line.getCommand();
        // a command stopped with Ctrl-C (at a password prompt, in a long verify) still ends its server session: the
        // JVM runs this hook on SIGINT and SIGTERM, where the command's own end never comes (new-clinic trial)
        Thread signOut = new Thread(cli::signOutOfServer, "exoconsent-sign-out");
        Runtime.getRuntime().addShutdownHook(signOut);
        try {
            return line.execute(args);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(signOut);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) already
            }
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ExoConsent " + version()};
        }
    }

    public static String version() {
        return org.exoconsent.about.Version.get();
    }
}
