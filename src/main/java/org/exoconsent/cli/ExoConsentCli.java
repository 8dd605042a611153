package org.exoconsent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
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
            BackupCommand.class, BackupCommand.Restore.class, AuditCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:a document is not intact (changed, unsigned or unreadable) or not signed by one of the clinic's "
                + "registered keys, or a backup was refused",
            "2:the command line is wrong",
            "3:an input was refused (invalid template, malformed or incomplete session, a signing key that is not "
                + "registered or not current)",
            "4:the environment failed (signing key, file system)",
            "5:access refused (no users yet, wrong user or password, locked or disabled account, a sign-in that "
                + "cannot be recorded (a full disk), or a role that may not; a backup passphrase that does not open "
                + "the backup)"})
public final class ExoConsentCli implements Runnable {

    @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Data directory (default: $EXOCONSENT_HOME, else ~/.exoconsent).")
    Path dataDirOption;

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

    Path dataDir() {
        return DataDir.resolve(dataDirOption, env);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command, e.g. 'exoconsent render'");
    }

    public static CommandLine commandLine(Map<String, String> env, Clock clock, PrintWriter out, PrintWriter err) {
        return commandLine(env, clock, System.in, out, err);
    }

    public static CommandLine commandLine(Map<String, String> env, Clock clock, java.io.InputStream in,
                                          PrintWriter out, PrintWriter err) {
        ExoConsentCli cli = new ExoConsentCli(env, clock);
        cli.in = in;
        cli.out = out;
        cli.err = err;
        CommandLine cl = new CommandLine(cli);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("exoconsent: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        return cl;
    }

    public static int run(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        // only the instant counts: times are taken in the clinic's zone (the store's ClinicClock), never this machine's
        return commandLine(System.getenv(), Clock.systemUTC(), out, err).execute(args);
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
