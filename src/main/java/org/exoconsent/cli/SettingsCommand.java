package org.exoconsent.cli;

import java.util.concurrent.Callable;
import org.exoconsent.records.Permission;
import org.exoconsent.records.Settings;
import org.exoconsent.records.StoreException;
import org.exoconsent.usecases.SettingsAdministration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

@Command(name = "settings", mixinStandardHelpOptions = true,
        description = "The clinic's settings: reflection time before signing, idle lock, time zone, staff PIN.",
        subcommands = {SettingsCommand.Show.class, SettingsCommand.Set.class, SettingsCommand.SetStaffPin.class})
final class SettingsCommand implements Runnable {
    @ParentCommand
    ExoConsentCli root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: settings show, set, "
                + "set-staff-pin");
    }

    /** The settings use case for {@code command}, which signs in needing {@code needs} (exit 5 when refused). */
    static SettingsAdministration settings(ExoConsentCli cli, String command, Permission needs) {
        return new SettingsAdministration(new CommandOpening(cli, command, needs));
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print every setting and its value.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        SettingsCommand parent;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            Settings s;
            try {
                s = settings(cli, "settings show", Permission.READ_CATALOG).settings();
            } catch (StoreException e) {
                cli.err.println(e.getMessage());
                return ExitCodes.of(e);
            }
            boolean damaged = false;
            for (Settings.Key k : Settings.Key.values()) {
                if (s.damage(k) != null) { // named with its repair; the command ends not intact (exit 1)
                    cli.out.printf("%-20s DAMAGED%n", k.settingName());
                    cli.err.println(s.damage(k));
                    damaged = true;
                } else {
                    cli.out.printf("%-20s %d%s%n", k.settingName(), s.get(k), s.isDefault(k) ? "  (default)" : "");
                }
            }
            cli.out.printf("%-20s %s%s%n", Settings.TIME_ZONE, s.isDefaultTimeZone()
                    ? s.timeZone().getId() : s.storedTimeZone(), s.isDefaultTimeZone() ? "  (default)" : "");
            if (s.anchorDamage() != null) {
                cli.out.printf("%-20s DAMAGED%n", Settings.ANCHOR);
                cli.err.println(s.anchorDamage());
                damaged = true;
            } else {
                cli.out.printf("%-20s %s%n", Settings.ANCHOR, s.anchor() == null ? "none" : s.anchor());
            }
            return damaged ? ExitCodes.NOT_INTACT : ExitCodes.OK;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = {"Change one setting (audited).",
        "reflection-minutes: minutes between the end of the explanation and signing (0 = same visit, up to 43200).",
        "idle-lock-minutes: minutes without input before the app locks its screen (1 to 240).",
        "backup-reminder-days: days after the last backup from which the home screen reminds administrators to make "
                + "one (1 to 365, default 7).",
        "time-zone: the clinic's time zone, an IANA region id (default Asia/Tokyo): every time is recorded, counted "
                + "and shown in it, whatever the device's own zone.",
        "anchor: the absolute path of a file outside the data directory (another disk or a network share) to which "
                + "every audited change appends the audit trail's head, or 'none'; records verify holds the trail "
                + "against it."})
    static final class Set implements Callable<Integer> {
        @ParentCommand
        SettingsCommand parent;

        @Parameters(index = "0", paramLabel = "NAME",
                description = "reflection-minutes, idle-lock-minutes, backup-reminder-days, time-zone or anchor")
        String name;

        @CommandLine.Option(names = "--after-restore", description = "anchor: this data directory was restored "
                + "from a backup and now replaces the clinic's; the heads the anchor holds that its trail does not are "
                + "recorded as lost (audited) and the anchor goes on from here.")
        boolean afterRestore;

        @Parameters(index = "1", paramLabel = "VALUE",
                description = "minutes (days for backup-reminder-days); for time-zone a region id; for anchor a "
                        + "file's absolute path or none")
        String value;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            return CommandOpening.change(cli, name + " = " + value, () -> settings(cli, "settings set",
                    Permission.MANAGE_SETTINGS).set(name, value, afterRestore));
        }
    }

    @Command(name = "set-staff-pin", mixinStandardHelpOptions = true, description = {
        "Set the staff PIN that unlocks patient mode on the tablet (4 to 8 digits): the first by anyone signed in "
                + "(on a PostgreSQL store by an administrator: its server takes a setting only from an administrator's "
                + "session), a change (a forgotten PIN) by administrators. Audited; kept only as a salted hash in the "
                + "database.",
        "The PIN comes from the next line of standard input with --pin-stdin (after the password, when "
                + "--password-stdin is given too), else from a prompt; never from an argument."})
    static final class SetStaffPin implements Callable<Integer> {
        @ParentCommand
        SettingsCommand parent;

        @CommandLine.Option(names = "--pin-stdin", description = "Read the PIN from the next line of standard input.")
        boolean pinStdin;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            // read once signed in: with --password-stdin the password is standard input's first line
            return CommandOpening.change(cli, "staff PIN set", () -> settings(cli, "settings set-staff-pin",
                    Permission.READ_CATALOG).setStaffPin(() -> pin(cli)));
        }

        private String pin(ExoConsentCli cli) {
            if (pinStdin) {
                try {
                    String line = cli.stdinLine();
                    if (line == null) {
                        throw new IllegalArgumentException("--pin-stdin: standard input holds no PIN");
                    }
                    return line.strip();
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException("--pin-stdin: cannot read standard input: " + e.getMessage());
                }
            }
            java.io.Console console = System.console();
            if (console == null) {
                throw new IllegalArgumentException("no PIN: use --pin-stdin (no terminal to prompt on)");
            }
            String first = new String(console.readPassword("New staff PIN: "));
            if (!org.exoconsent.usecases.SettingsAdministration.samePin(first,
                    new String(console.readPassword("The same PIN again: ")))) {
                throw new IllegalArgumentException("the two PINs differ; nothing was stored");
            }
            return first;
        }
    }
}
