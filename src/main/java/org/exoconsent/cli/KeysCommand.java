package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.pdf.SigningKeys;
import org.exoconsent.records.KeyRegistry;
import org.exoconsent.records.Permission;
import org.exoconsent.records.StoreException;
import org.exoconsent.usecases.KeyAdministration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "The clinic's signing keys: which one signs, the registered keys, importing one from a CA, "
                + "registering and retiring keys.",
        subcommands = {KeysCommand.Show.class, KeysCommand.Import.class, KeysCommand.Register.class,
            KeysCommand.Retire.class})
final class KeysCommand implements Runnable {
    @ParentCommand
    ExoConsentCli root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: keys show, import, register, retire");
    }

    /** The key's certificate: subject, fingerprint and validity (in the clinic's time zone). */
    static void describe(ExoConsentCli cli, String what, SigningKey k, ClinicClock clock) {
        cli.out.printf("%s: %s%n  certificate SHA-256 %s%n  valid %s to %s%s%n", what,
                k.certificate().getSubjectX500Principal().getName(), SigningKeys.fingerprint(k.certificate()),
                clock.format(k.certificate().getNotBefore().toInstant()),
                clock.format(k.certificate().getNotAfter().toInstant()),
                k.selfSigned() ? "\n  self-signed: no certification authority vouches for it" : "");
    }

    /**
     * The registered keys, one a paragraph: label, fingerprint, subject, certificate validity and the period it
     * signs (in the clinic's time zone), flagged when retired, expired, or expiring within
     * {@value KeyRegistry#EXPIRY_WARNING_DAYS} days.
     *
     * @return how many current keys expire within that time (or have)
     */
    static int listRegistered(ExoConsentCli cli, List<KeyRegistry.RegisteredKey> keys, ClinicClock clock) {
        Instant now = clock.instant();
        int soon = 0;
        cli.out.printf("Registered signing keys (%d):%n", keys.size());
        for (KeyRegistry.RegisteredKey k : keys) {
            String flag = "";
            if (!k.current()) {
                flag = "  [retired]";
            } else if (now.isAfter(k.notAfter())) {
                flag = "  [EXPIRED on " + clock.format(k.notAfter()) + ": signs nothing; make or import a new key and "
                        + "register it]";
                soon++;
            } else if (k.expiresSoon(now)) {
                long days = java.time.Duration.between(now, k.notAfter()).toDays();
                flag = "  [EXPIRES in " + days + " day" + (days == 1 ? "" : "s") + ", on " + clock.format(k.notAfter())
                        + ": make or import a new key and register it before then]";
                soon++;
            }
            cli.out.printf("* %s%s%n  SHA-256 %s%n  subject %s%n  certificate valid %s to %s%n  signs %s%s%n",
                    k.label(), flag, k.fingerprint(), k.subject(), clock.format(k.notBefore()),
                    clock.format(k.notAfter()), k.period(clock), "upgrade".equals(k.registeredBy())
                            ? " (registered on upgrade)" : " (registered by " + k.registeredBy() + ")");
        }
        return soon;
    }

    /** The keys use case for {@code command}, which signs in needing {@code needs} (exit 5 when refused). */
    static KeyAdministration keys(ExoConsentCli cli, String command, Permission needs) {
        return new KeyAdministration(new CommandOpening(cli, command, needs));
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = {
        "Which key signs, and every registered signing key with its label, fingerprint, certificate validity and "
            + "period; a certificate that expires within 60 days is flagged."})
    static final class Show implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            try {
                KeyAdministration.Keys keys = keys(cli, "keys show", Permission.READ_CATALOG).keys();
                SigningKey imported = keys.imported();
                SigningKey self = keys.selfSigned();
                SigningKey signing = imported != null ? imported : self;
                if (imported != null) {
                    describe(cli, "Signing with the imported clinic key", imported, keys.clock());
                } else if (self != null) {
                    describe(cli, cli.localDataDir() == null ? "Signing with this device's self-signed key"
                            : "Signing with the data directory's self-signed key", self, keys.clock());
                } else if (cli.localDataDir() == null) {
                    cli.out.println("No key on this device yet (" + cli.deviceKeyFolder() + "): an administrator "
                            + "makes and registers it with the database owner's login: exoconsent --store "
                            + "'postgresql://HOST/DB?user=OWNER' keys register --label LABEL (or imports the "
                            + "clinic's key with keys import the same way); a key made by a first signature signs "
                            + "nothing until then.");
                } else {
                    cli.out.println("No key yet: a self-signed key is created (and registered) at the first "
                            + "signature, or import the clinic's key with 'keys import'.");
                }
                if (signing != null && cli.localDataDir() != null) {
                    // README trial of issue 17: after its only key was retired, nothing said how to sign again
                    String fp = org.exoconsent.pdf.SigningKeys.fingerprint(signing.certificate());
                    boolean current = keys.registered().stream().anyMatch(k -> k.fingerprint().equals(fp)
                            && k.current());
                    if (!current) {
                        cli.out.println("  THIS KEY SIGNS NO RECORD: it is " + (keys.registered().stream().anyMatch(
                                k -> k.fingerprint().equals(fp)) ? "retired" : "not registered") + ". Make or "
                                + "import a new key and register it (exoconsent keys import --p12 FILE "
                                + "--password-stdin stores and registers the clinic's key; docs/SIGNING.md)");
                    }
                }
                listRegistered(cli, keys.registered(), keys.clock());
                return ExitCodes.OK;
            } catch (StoreException e) {
                cli.err.println(e.getMessage());
                return ExitCodes.of(e);
            } catch (KeyException e) {
                cli.err.println(e.getMessage());
                return ExitCodes.ENVIRONMENT;
            }
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true, description = {
        "Register another key the clinic signs with (administrators), from now: a PKCS#12 given with --keystore "
            + "and its password (--keystore-password-file or $EXOCONSENT_KEYSTORE_PASSWORD); on a PostgreSQL store "
            + "without --keystore, this device's own key (its key folder; its self-signed key is made now when it has "
            + "none). On a PostgreSQL store only the database's owner registers keys: run it with "
            + "--store 'postgresql://HOST/DB?user=OWNER' (the owner's password from $PGPASSWORD or the password file), "
            + "signed in as an ExoConsent administrator. Only registered, "
            + "current keys sign records and withdrawals; records verify reports documents signed by any other."})
    static final class Register implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @picocli.CommandLine.Mixin
        KeyOptions keyOptions;

        @Option(names = "--label", required = true, paramLabel = "LABEL",
                description = "What the clinic calls the key: the device, or \"clinic key\".")
        String label;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            boolean deviceKey = keyOptions.configured(cli.env) == null;
            if (deviceKey && cli.localDataDir() != null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "keys register needs --keystore FILE "
                        + "(the data directory's own key is registered when it is made)");
            }
            try {
                java.nio.file.Path file = keyOptions.configured(cli.env);
                String again = "keys register" + (file == null ? "" : " --keystore " + org.exoconsent.records
                        .ShellWords.quote(file.toString())) + " --label " + org.exoconsent.records.ShellWords.quote(
                        label.strip());
                KeyAdministration admin = new KeyAdministration(new CommandOpening(cli, "keys register",
                        Permission.MANAGE_KEY, cli.passwordStdin, again));
                org.exoconsent.pdf.KeyFiles own = org.exoconsent.records.DataDirectory.keyFilesIn(
                        cli.deviceKeyFolder());
                boolean had = deviceKey && (java.nio.file.Files.exists(own.imported())
                        || java.nio.file.Files.exists(own.selfSigned()));
                KeyAdministration.Registered r = deviceKey ? admin.registerThisDevice(label)
                        : admin.register(() -> keyOptions.openConfigured(cli.env), label);
                if (deviceKey && !had) {
                    cli.out.println("This device had no signing key yet: its self-signed key was made in "
                            + own.folder() + ".");
                }
                KeyRegistry.RegisteredKey k = r.key();
                cli.out.printf("Registered '%s': certificate SHA-256 %s%n  subject %s%n  signs from %s%n", k.label(),
                        k.fingerprint(), k.subject(), r.clock().format(k.registeredFrom()));
                return ExitCodes.OK;
            } catch (StoreException e) {
                cli.err.println(e.getMessage());
                return ExitCodes.of(e);
            } catch (KeyException e) {
                cli.err.println(e.getMessage());
                return ExitCodes.ENVIRONMENT;
            }
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true, description = {
        "Retire a registered key (administrators): from now it signs nothing; what it signed before stays "
            + "covered. Give its certificate's SHA-256 fingerprint as keys show prints it (colons optional)."})
    static final class Retire implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @picocli.CommandLine.Parameters(paramLabel = "FINGERPRINT", description = "SHA-256 of the key's certificate.")
        String fingerprint;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            try {
                KeyAdministration.Registered r = keys(cli, "keys retire", Permission.MANAGE_KEY).retire(fingerprint);
                KeyRegistry.RegisteredKey k = r.key();
                cli.out.printf("Retired '%s' (certificate SHA-256 %s): it signed %s%n", k.label(), k.fingerprint(),
                        k.period(r.clock()));
                return ExitCodes.OK;
            } catch (StoreException e) {
                cli.err.println(e.getMessage());
                return ExitCodes.of(e);
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = {
        "Import the clinic's PKCS#12 (.p12/.pfx) from a certification authority (administrators).",
        "Its password comes from --password-stdin (first line) or a prompt; the administrator signs in with "
            + "--user and $EXOCONSENT_PASSWORD or a prompt. The key is stored in the data directory (on a "
            + "PostgreSQL store, this device's key folder) under a new random password; records signed before keep "
            + "their signatures. On a PostgreSQL store it is registered with the database owner's login only "
            + "(--store 'postgresql://HOST/DB?user=OWNER')."})
    static final class Import implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Option(names = "--p12", required = true, paramLabel = "FILE", description = "The PKCS#12 file.")
        Path p12;

        @Option(names = "--label", paramLabel = "LABEL", defaultValue = "imported clinic key",
                description = "What the clinic calls the key in the registered keys (default: ${DEFAULT-VALUE}).")
        String label;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            try {
                String again = "keys import --p12 " + org.exoconsent.records.ShellWords.quote(p12.toString())
                        + " --password-stdin --label " + org.exoconsent.records.ShellWords.quote(label.strip());
                KeyAdministration.Imported k = new KeyAdministration(new CommandOpening(cli, "keys import",
                        Permission.MANAGE_KEY, false, again)).importKey(p12, () -> keystorePassword(cli), label);
                describe(cli, "Imported; from now on signing with", k.key(), k.clock());
                cli.out.printf("  registered as one of the clinic's signing keys: '%s'%n", label.strip());
                return ExitCodes.OK;
            } catch (StoreException e) {
                cli.err.println(e.getMessage());
                return ExitCodes.of(e);
            } catch (KeyException e) {
                cli.err.println(e.getMessage());
                return ExitCodes.INVALID_INPUT;
            }
        }

        private char[] keystorePassword(ExoConsentCli cli) throws KeyException {
            if (cli.passwordStdin) {
                try {
                    String line = cli.stdinLine();
                    return line == null ? new char[0] : line.toCharArray();
                } catch (IOException e) {
                    throw new KeyException("--password-stdin: cannot read standard input: " + e.getMessage(), e);
                }
            }
            java.io.Console console = System.console();
            if (console == null) {
                throw new KeyException(p12 + ": no password: use --password-stdin (no terminal to prompt on)");
            }
            return console.readPassword("Password of %s: ", p12);
        }
    }
}
