package org.exoconsent.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.exoconsent.records.BackupFormat;
import picocli.CommandLine.Option;

/**
 * Where a backup's passphrase comes from (issue 13 §5): {@code --passphrase-file FILE} (its first line), else
 * {@code $EXOCONSENT_BACKUP_PASSPHRASE}, else a prompt on the terminal; never an argument, so it is not seen in the
 * process list or the shell's history. Checked for its length before any work starts.
 */
final class BackupPassphrase {
    /** The environment variable a script may give the passphrase in. */
    static final String ENV = "EXOCONSENT_BACKUP_PASSPHRASE";

    @Option(names = "--passphrase-file", paramLabel = "FILE", description = {
        "Read the backup passphrase from the first line of FILE (keep it readable by you alone). Otherwise it comes "
            + "from $" + ENV + " or a prompt; never from an argument. At least "
            + BackupFormat.MIN_PASSPHRASE + " characters."})
    Path file;

    /** A passphrase the command cannot use: the message names where it came from; exit 3. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message);
        }
    }

    /**
     * The passphrase, checked for its length.
     *
     * @param confirm whether a prompt asks twice (a new backup: a typo would make it unrestorable)
     * @throws Problem when there is none, it cannot be read, or it is too short
     */
    char[] get(ExoConsentCli cli, String purpose, boolean confirm) throws Problem {
        char[] p;
        String source;
        if (file != null) {
            source = "--passphrase-file " + file;
            try {
                p = org.exoconsent.security.Secrets.fromFile(file);
            } catch (IOException e) {
                throw new Problem(source + ": cannot be read: " + e.getMessage() + "; nothing was done");
            }
        } else if (cli.env.get(ENV) != null && !cli.env.get(ENV).isEmpty()) {
            source = "$" + ENV;
            p = cli.env.get(ENV).toCharArray();
        } else {
            java.io.Console console = System.console();
            if (console == null) {
                throw new Problem(purpose + ": needs the backup passphrase: give --passphrase-file FILE or set $"
                        + ENV + " (no terminal to ask on); nothing was done");
            }
            source = "the prompt";
            p = console.readPassword("Backup passphrase (at least %d characters): ", BackupFormat.MIN_PASSPHRASE);
            if (p != null && confirm) {
                char[] again = console.readPassword("The same passphrase again: ");
                if (again == null || !java.util.Arrays.equals(p, again)) {
                    throw new Problem(purpose + ": the two passphrases differ; nothing was done");
                }
            }
        }
        String weak = BackupFormat.passphraseProblem(p);
        if (weak != null) {
            throw new Problem(source + ": " + weak + "; nothing was done");
        }
        return p;
    }
}
