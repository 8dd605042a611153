package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.pdf.SigningKeys;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "The clinic's signing key: which one signs, and importing one from a CA.",
        subcommands = {KeysCommand.Show.class, KeysCommand.Import.class})
final class KeysCommand implements Runnable {
    @ParentCommand
    ExoConsentCli root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: keys show, import");
    }

    /** The key's certificate: subject, fingerprint and validity (in the clinic's time zone). */
    static void describe(ExoConsentCli cli, String what, SigningKey k, ClinicClock clock) {
        cli.out.printf("%s: %s%n  certificate SHA-256 %s%n  valid %s to %s%s%n", what,
                k.certificate().getSubjectX500Principal().getName(), SigningKeys.fingerprint(k.certificate()),
                clock.format(k.certificate().getNotBefore().toInstant()),
                clock.format(k.certificate().getNotAfter().toInstant()),
                k.selfSigned() ? "\n  self-signed: no certification authority vouches for it" : "");
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Which key signs, and its certificate.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            try (RecordStore store = StoreOptions.open(cli, "keys show", Permission.READ_CATALOG)) {
                Path data = store.directory().root();
                SigningKey imported = SigningKeys.existingImported(data);
                SigningKey self = SigningKeys.existingSelfSigned(data);
                if (imported != null) {
                    describe(cli, "Signing with the imported clinic key", imported, store.clinicClock());
                } else if (self != null) {
                    describe(cli, "Signing with the data directory's self-signed key", self,
                            store.clinicClock());
                } else {
                    cli.out.println("No key yet: a self-signed key is created at the first signature (or import the "
                            + "clinic's key with 'keys import').");
                }
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

    @Command(name = "import", mixinStandardHelpOptions = true, description = {
        "Import the clinic's PKCS#12 (.p12/.pfx) from a certification authority (administrators).",
        "Its password comes from --password-stdin (first line) or a prompt; the administrator signs in with "
            + "--user and $EXOCONSENT_PASSWORD or a prompt. The key is stored in the data directory under a new "
            + "random password; records signed before keep their signatures."})
    static final class Import implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Option(names = "--p12", required = true, paramLabel = "FILE", description = "The PKCS#12 file.")
        Path p12;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            try (RecordStore store = StoreOptions.open(cli, "keys import", Permission.MANAGE_KEY, false)) {
                char[] password = keystorePassword(cli);
                SigningKey k = store.importSigningKey(p12, password);
                describe(cli, "Imported; from now on signing with", k, store.clinicClock());
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
