package org.exoconsent.cli;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.Role;
import org.exoconsent.records.StoreException;
import org.exoconsent.usecases.AccountAdministration;
import org.exoconsent.usecases.SignIn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

@Command(name = "users", mixinStandardHelpOptions = true,
        description = {"The people who may use ExoConsent and their roles (administrators only).",
    "On a data directory with no users, 'users add --role administrator' creates the first administrator."},
        subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.SetRoles.class,
            UsersCommand.Disable.class, UsersCommand.Enable.class, UsersCommand.SetPassword.class,
            UsersCommand.SetLanguage.class})
final class UsersCommand implements Runnable {
    @ParentCommand
    ExoConsentCli root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this),
                "name a command: users add, list, set-roles, disable, enable, set-password, set-language");
    }

    /** The new password: the first line of standard input with --password-stdin, else typed twice at a prompt. */
    static char[] newPassword(ExoConsentCli cli, String account) throws RefusedException {
        if (cli.passwordStdin) {
            try {
                String line = cli.stdinLine();
                if (line == null || line.isEmpty()) {
                    throw new RefusedException("--password-stdin: standard input gave no password for " + account);
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new RefusedException("--password-stdin: cannot read standard input: " + e.getMessage());
            }
        }
        java.io.Console console = System.console();
        if (console == null) {
            throw new RefusedException("no password for " + account + ": use --password-stdin (no terminal to "
                    + "prompt on)");
        }
        char[] a = console.readPassword("New password for %s: ", account);
        char[] b = console.readPassword("The same again: ");
        if (a == null || !java.util.Arrays.equals(a, b)) {
            throw new RefusedException("the two passwords for " + account + " differ; nothing was changed");
        }
        return a;
    }

    static Set<Role> roles(List<String> labels) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        labels.stream().flatMap(l -> java.util.Arrays.stream(l.split(","))).filter(l -> !l.isBlank())
                .map(Role::of).forEach(out::add);
        if (out.isEmpty()) { // before anyone is asked for a password (attack review: --role "" signed in first)
            throw new IllegalArgumentException("--role: give at least one of physician, staff, manager, "
                    + "administrator");
        }
        return out;
    }

    /**
     * Tells the administrator, on standard error, that account {@code name}'s {@code licence} is not an active
     * physician of the clinic's catalog (the change was made; the physician cannot confirm a treatment until the
     * catalog has them); nothing when {@code licence} is null. The {@code set-roles} it suggests keeps {@code roles}
     * (the command replaces them all).
     */
    static void sayOutsideCatalog(ExoConsentCli cli, String name, Set<Role> roles, String licence) {
        if (licence != null) {
            cli.err.println("Notice: licence " + licence + " is not an active physician of the clinic's catalog: "
                    + name + " cannot confirm a treatment until an administrator adds the physician (exoconsent "
                    + "catalog add-physician --name NAME --licence " + licence + ") or corrects the account's licence "
                    + "(exoconsent users set-roles --name " + name + " --role " + String.join(",",
                    roles.stream().map(Role::label).toList()) + " --licence NUMBER)");
        }
    }

    interface Work {
        void run(AccountAdministration accounts) throws StoreException;
    }

    /** Signs in an administrator (password from the environment or a prompt) and runs one change. */
    static int asAdministrator(ExoConsentCli cli, String what, String done, boolean stdinIsNewPassword, Work work) {
        try {
            // roles are read before anyone is asked for a password
            work.run(new AccountAdministration(new CommandOpening(cli, what, Permission.MANAGE_USERS,
                    cli.passwordStdin && !stdinIsNewPassword)));
            cli.out.println(done);
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            cli.err.println(e.getMessage());
            return ExitCodes.INVALID_INPUT;
        } catch (StoreException e) {
            cli.err.println(e.getMessage());
            return ExitCodes.of(e);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = {"Add a person with one or more roles.",
        "The new password comes from --password-stdin (first line) or is typed twice; the administrator who adds "
            + "signs in with --user and $EXOCONSENT_PASSWORD or a prompt. With no users yet, only an "
            + "administrator can be added, and no sign-in is needed."})
    static final class Add implements Callable<Integer> {
        @ParentCommand
        UsersCommand parent;

        @Option(names = "--name", required = true, description = "User name (letters, digits, . _ @ -).")
        String name;

        @Option(names = "--role", required = true, split = ",",
                description = "physician, staff, manager, administrator (repeat or separate with commas).")
        List<String> roles;

        @Option(names = "--licence", description = "For a physician: their licence number in the catalog.")
        String licence;

        @Option(names = "--language", paramLabel = "LANG", description = "The person's staff language, the "
                + "language of the screens they use: ja or en (without it, the computer's language).")
        String language;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            Set<Role> set;
            try {
                set = roles(roles);
                if (language != null) {
                    language = org.exoconsent.records.Accounts.checkLanguage("--language", language);
                }
                java.nio.file.Path local = cli.localDataDir();
                DataDirectory dir = local == null ? null : new DataDirectory(local);
                boolean any;
                if (dir == null) { // the clinic's PostgreSQL store (issue 17 §1)
                    any = RecordStore.hasAccounts(cli.postgresSource(), cli.clock);
                } else {
                    try {
                        any = new SignIn(dir, cli.clock).hasAccounts();
                    } finally {
                        StoreOptions.sayRepaired(cli, dir);
                    }
                }
                if (!any) {
                    if (!set.equals(EnumSet.of(Role.ADMINISTRATOR))) {
                        cli.err.println("this " + (dir == null ? "store" : "data directory") + " has no users yet: "
                                + "the first user must have exactly the role administrator (--role administrator); "
                                + "nothing was changed");
                        return ExitCodes.INVALID_INPUT;
                    }
                    char[] pw = newPassword(cli, name);
                    if (dir == null) {
                        try (RecordStore store = RecordStore.createFirstAdministrator(cli.postgresSource(), cli.clock,
                                name, pw, language)) {
                            cli.signedInOnServer(store.principal()); // its server session ends with the command
                            cli.out.println("Created the first administrator: " + store.principal().name());
                            if (store.createdNow()) {
                                cli.err.println(StoreOptions.newStoreNotice(store));
                            }
                        }
                        return ExitCodes.OK;
                    }
                    SignIn.FirstAdministrator first = new SignIn(dir, cli.clock).firstAdministrator(name, pw,
                            "users add (first administrator)", language);
                    cli.out.println("Created the first administrator: " + first.administrator().name());
                    if (first.createdNow()) {
                        cli.err.println(StoreOptions.newStoreNotice("a new data directory was created at "
                                + dir.root(), cli.dataDirOption == null ? "" : " --data-dir "
                                + org.exoconsent.records.ShellWords.quote(dir.root().toString())));
                    }
                    return ExitCodes.OK;
                }
            } catch (IllegalArgumentException | RefusedException e) {
                cli.err.println(e.getMessage() + (e.getMessage().contains("nothing was changed") ? ""
                        : "; nothing was changed"));
                return ExitCodes.INVALID_INPUT;
            } catch (StoreException e) {
                cli.err.println(e.getMessage());
                return ExitCodes.of(e);
            }
            return asAdministrator(cli, "users add", "Added " + name + " (" + String.join(",",
                    set.stream().map(Role::label).toList()) + ")", true, accounts -> sayOutsideCatalog(cli, name, set,
                            accounts.add(name, set, licence, language, () -> newPassword(cli, name))));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every user, their roles and state.")
    static final class ListUsers implements Callable<Integer> {
        @ParentCommand
        UsersCommand parent;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            return asAdministrator(cli, "users list", "", false, accounts -> {
                AccountAdministration.AccountList list = accounts.list();
                org.exoconsent.consent.ClinicClock clock = list.clock();
                list.accounts().forEach(u -> cli.out.printf("%-20s %-40s%s%s%s%s%n", u.name(), String.join(",",
                                u.roles().stream().map(Role::label).toList()),
                        u.physicianLicence() == null ? "" : "  licence " + u.physicianLicence(),
                        u.language() == null ? "" : "  language " + u.language(),
                        u.active() ? "" : "  DISABLED",
                        u.damage() != null ? "  DAMAGED: " + u.damage() // named, never formatted as a time
                                : u.lockedUntil() != null && u.lockedUntil().isAfter(clock.instant())
                                ? "  locked until " + clock.format(u.lockedUntil()) : ""));
            });
        }
    }

    @Command(name = "set-roles", mixinStandardHelpOptions = true, description = "Replace a user's roles.")
    static final class SetRoles implements Callable<Integer> {
        @ParentCommand
        UsersCommand parent;

        @Option(names = "--name", required = true, description = "The user whose roles are set.")
        String name;

        @Option(names = "--role", required = true, split = ",",
                description = "Every role the user keeps or gets: physician, staff, manager, administrator (repeat "
                        + "or separate with commas; the roles not named are taken away).")
        List<String> roles;

        @Option(names = "--licence", description = "For a physician: their licence number in the catalog.")
        String licence;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            Set<Role> set;
            try {
                set = roles(roles); // before anyone is asked for a password
            } catch (IllegalArgumentException e) {
                cli.err.println(e.getMessage() + "; nothing was changed");
                return ExitCodes.INVALID_INPUT;
            }
            return asAdministrator(cli, "users set-roles", "Roles of " + name + " set: " + String.join(",",
                    set.stream().map(Role::label).toList()), false,
                    accounts -> sayOutsideCatalog(cli, name, set, accounts.setRoles(name, set, licence)));
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable a user (kept, since the audit log names them).")
    static final class Disable implements Callable<Integer> {
        @ParentCommand
        UsersCommand parent;

        @Option(names = "--name", required = true)
        String name;

        @Override
        public Integer call() {
            return asAdministrator(parent.root, "users disable", "Disabled " + name, false,
                    accounts -> accounts.setActive(name, false));
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled user again.")
    static final class Enable implements Callable<Integer> {
        @ParentCommand
        UsersCommand parent;

        @Option(names = "--name", required = true)
        String name;

        @Override
        public Integer call() {
            return asAdministrator(parent.root, "users enable", "Enabled " + name, false,
                    accounts -> accounts.setActive(name, true));
        }
    }

    @Command(name = "set-language", mixinStandardHelpOptions = true,
            description = "Set a user's staff language, the language of the screens they use (ja or en).")
    static final class SetLanguage implements Callable<Integer> {
        @ParentCommand
        UsersCommand parent;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--language", required = true, paramLabel = "LANG", description = "ja or en.")
        String language;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            String lang;
            try {
                lang = org.exoconsent.records.Accounts.checkLanguage("--language", language);
            } catch (IllegalArgumentException e) {
                cli.err.println(e.getMessage() + "; nothing was changed");
                return ExitCodes.INVALID_INPUT;
            }
            return asAdministrator(cli, "users set-language", "Language of " + name + " set to " + lang, false,
                    accounts -> accounts.setLanguage(name, lang));
        }
    }

    @Command(name = "set-password", mixinStandardHelpOptions = true,
            description = "Set a new password for a user (also lifts a lockout).")
    static final class SetPassword implements Callable<Integer> {
        @ParentCommand
        UsersCommand parent;

        @Option(names = "--name", required = true)
        String name;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            return asAdministrator(cli, "users set-password", "Password of " + name + " set; a lock after wrong passwords, if any, "
                    + "is lifted", true,
                    accounts -> accounts.setPassword(name, () -> newPassword(cli, name)));
        }
    }
}
