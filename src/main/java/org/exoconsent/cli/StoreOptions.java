package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.exoconsent.files.OwnerOnly;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.usecases.StoreOpening;

/**
 * Opening the records store from a command: sign in (--user, and the password from --password-stdin,
 * $EXOCONSENT_PASSWORD or a prompt), check the command's permission, and report leftovers of interrupted
 * recordings.
 */
final class StoreOptions {
    static final String USER_ENV = "EXOCONSENT_USER";
    static final String PASSWORD_ENV = "EXOCONSENT_PASSWORD";

    private StoreOptions() {
    }

    /** One command's work through a use case, given how the store is opened for it; returns its exit code. */
    interface UseCaseWork {
        int run(StoreOpening opening) throws StoreException;
    }

    /**
     * Runs a use case with this command's sign-in ({@link CommandOpening}: the password once, the purpose the use
     * case names, {@code needs} checked and its notices printed at the first opening); a refusal or failure is printed
     * and mapped to its exit code.
     */
    static int run(ExoConsentCli cli, Permission needs, UseCaseWork work) {
        try {
            return work.run(new CommandOpening(cli, null, needs));
        } catch (StoreException e) {
            cli.err.println(e.getMessage());
            return ExitCodes.of(e);
        }
    }

    /**
     * Signs in and opens the store; refused (exit 5) unless the person's roles allow {@code needs}.
     *
     * @param stdin whether the signing-in person's password comes from standard input (false for {@code users add},
     *              whose --password-stdin gives the new user's password)
     */
    static RecordStore open(ExoConsentCli cli, String purpose, Permission needs, boolean stdin)
            throws StoreException {
        return open(cli, purpose, needs, stdin, null);
    }

    /**
     * As {@link #open(ExoConsentCli, String, Permission, boolean)}; for a command that registers a signing key
     * ({@code registersKey}: the command as typed again, else null) the shared store is opened with the database's
     * owner accepted, and a device's role is refused (exit 3, naming the owner's login) before the password is asked
     * for and before anything is written (attack review of issue 17, F2).
     */
    static RecordStore open(ExoConsentCli cli, String purpose, Permission needs, boolean stdin, String registersKey)
            throws StoreException {
        Path local = cli.localDataDir();
        RecordStore store;
        if (local == null) { // the clinic's PostgreSQL store (issue 17 §1), reached before a password is asked for
            String user = user(cli);
            RecordStore.refuseOverlongName(user);
            RecordStore.Source source = cli.postgresSource(registersKey != null
                    ? org.exoconsent.records.PostgresStores.Role.APPLICATION_OR_OWNER
                    : org.exoconsent.records.PostgresStores.Role.APPLICATION);
            char[] password;
            try {
                if (registersKey != null) {
                    source.refuseKeyRegistration(registersKey);
                }
                password = password(cli, user, stdin);
            } catch (StoreException | RuntimeException e) {
                source.stores().close();
                throw e;
            }
            store = RecordStore.signIn(source, cli.clock, user, password);
            cli.signedInOnServer(store.principal()); // its server session ends with the command
        } else {
            DataDirectory dir = new DataDirectory(local);
            RecordStore.requireExisting(dir); // before asking anyone for a password
            String user = user(cli);
            RecordStore.refuseOverlongName(user); // before a password is asked for (issue 14 §4)
            try {
                store = RecordStore.signIn(dir, cli.clock, user, password(cli, user, stdin), purpose);
            } finally {
                sayRepaired(cli, dir); // the opening repaired them even when the sign-in then failed
            }
        }
        try {
            store.requireRole(needs, purpose); // refused before any work, and audited (access-refused)
            if (store.createdNow()) {
                cli.err.println(newStoreNotice(store));
            }
            if (store.clockRefusal() != null) { // reading still works; signing and recording are refused
                cli.err.println("Warning: " + store.clockRefusal());
            }
            if (store.principal().may(Permission.MANAGE_TEMPLATES)) {
                List<RecordStore.TemplateNotice> notices;
                try {
                    notices = store.templateNotices("en");
                } catch (org.exoconsent.records.DamagedStoreException e) {
                    // a notice only: a template version's row that cannot be read never stops a command that does
                    // not use it (the backup above all: attack review of 2026-12-01); named, and the command runs
                    cli.err.println("Warning: " + e.getMessage());
                    notices = List.of();
                }
                for (RecordStore.TemplateNotice n : notices) {
                    if (n.kind() == RecordStore.TemplateNotice.Kind.NEWER_VERSION) {
                        cli.err.println("Notice: this program brings consent template " + n.templateId()
                                + " version " + n.correction() + "; new consultations still use version "
                                + n.activeVersion() + ", the one chosen. Review it and activate it: exoconsent "
                                + "templates activate " + n.templateId() + " " + n.correction() + " (exoconsent "
                                + "templates show " + n.templateId() + " " + n.correction() + ")."
                                // no heading over nothing (review F12): a version may change nothing for patients
                                + (n.corrections().isEmpty() ? " Nothing material changed for patients."
                                : " What changed for patients:"));
                        n.corrections().forEach(c -> cli.err.println("  - " + c));
                        continue;
                    }
                    cli.err.println("Notice: consent template " + n.templateId() + " version " + n.activeVersion()
                            + ", the active one, contains errors; new consultations already use the corrected "
                            + "version " + n.correction() + ". Review it and activate it: exoconsent templates "
                            + "activate " + n.templateId() + " " + n.correction() + " (the list again: exoconsent "
                            + "templates show " + n.templateId() + " " + n.correction() + "). What was corrected:");
                    n.corrections().forEach(c -> cli.err.println("  - " + c));
                }
            }
            store.onAnchorProblem(problem -> cli.err.println("Warning: " + problem));
            for (String notice : store.headNotices()) {
                cli.err.println("Warning: " + notice);
            }
            List<Path> orphans = store.interrupted();
            if (!orphans.isEmpty()) {
                cli.err.println("Notice: " + orphans.size() + " file(s) in the archive belong to no record (left by "
                        + "an interrupted recording; they are not records):");
                orphans.forEach(o -> cli.err.println("  " + o));
            }
            return store;
        } catch (StoreException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The notice of a store made by this opening, with its demo clinic. */
    static String newStoreNotice(RecordStore store) {
        return newStoreNotice(store.directory() != null ? "a new data directory was created at "
                + store.directory().root() : "the new store " + store.place() + " was set up", "");
    }

    /**
     * The notice of a store just made, seeded with the demo clinic: what to replace, and how (README trial of issue
     * 17: it said to replace the profile without saying with which command).
     *
     * @param made  "a new data directory was created at DIR", or "the new store PLACE was set up"
     * @param where the option naming the store as the person gave it, " --data-dir DIR" (README trial: the command
     *              printed without it ran on $EXOCONSENT_HOME's folder, or none), or ""
     */
    static String newStoreNotice(String made, String where) {
        return "Notice: " + made + " with a DEMO clinic for practice (デモクリニック: its physician, products and "
                + "lots are examples); replace it with the clinic's own before real use: exoconsent" + where
                + " catalog set-clinic --name NAME --address ADDRESS --phone PHONE --blood-donation-policy TEXT (and --name-en, "
                + "--address-en, --blood-donation-policy-en for consents in English), then catalog add-physician, "
                + "add-product and add-lot, then catalog remove-demo (or, in the app, its \"Set up the clinic\" "
                + "screen).";
    }

    /**
     * Says on standard error, once, what the openings of {@code dir} found open to other accounts of this computer
     * and repaired ({@link DataDirectory#keepPrivate()}, issue 14 §1): one warning naming the folder and how many
     * files and folders.
     */
    static void sayRepaired(ExoConsentCli cli, DataDirectory dir) {
        for (OwnerOnly.Repair r : dir.takeRepairs()) {
            cli.err.println("Warning: " + r.warning());
        }
    }

    static String user(ExoConsentCli cli) throws AccessDeniedException {
        String user = cli.user != null ? cli.user : cli.env.get(USER_ENV);
        if (user == null || user.isBlank()) {
            throw new AccessDeniedException("sign in: give --user NAME (or set " + USER_ENV + ")");
        }
        return user.strip();
    }

    /** The password: standard input with --password-stdin, else the environment, else a prompt; never an argument. */
    static char[] password(ExoConsentCli cli, String user, boolean stdin) throws AccessDeniedException {
        if (stdin) {
            try {
                String line = cli.stdinLine();
                if (line == null || line.isEmpty()) {
                    throw new AccessDeniedException("--password-stdin: standard input gave no password");
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new AccessDeniedException("--password-stdin: cannot read standard input: " + e.getMessage());
            }
        }
        String env = cli.env.get(PASSWORD_ENV);
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        java.io.Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Password for %s: ", user);
            if (typed != null && typed.length > 0) {
                return typed;
            }
        }
        throw new AccessDeniedException("sign in as " + user + ": no password; type it at the prompt, or use "
                + "--password-stdin or " + PASSWORD_ENV);
    }
}
