package org.exoconsent.cli;

import java.util.concurrent.Callable;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.PostgresLocation;
import org.exoconsent.records.PostgresPassword;
import org.exoconsent.records.PostgresSchema;
import org.exoconsent.records.PostgresStoreSetUp;
import org.exoconsent.records.StoreException;
import org.exoconsent.records.StoreLocation;
import org.exoconsent.records.StoreMigration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code exoconsent store init | upgrade | status | migrate}: a clinic's PostgreSQL store set up, upgraded and looked
 * at (issue 17 §1), and a one-room clinic's data directory moved into a new one (issue 17 §4), with the role of the store's address ({@code --store}, {@code $EXOCONSENT_STORE} or this device's settings
 * file) and its password from {@code $PGPASSWORD} or the password file. Init and upgrade need the database's owner.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "A shared PostgreSQL store: set it up (init, as the database's owner), upgrade it, say how it "
                + "stands. The password comes from $PGPASSWORD or the password file (~/.pgpass, $PGPASSFILE).",
        subcommands = {StoreCommand.Init.class, StoreCommand.Upgrade.class, StoreCommand.Status.class,
                StoreCommand.Migrate.class})
final class StoreCommand implements Runnable {
    @ParentCommand
    ExoConsentCli root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: store init, upgrade, status");
    }

    /** One store command's work, given the store's location and password. */
    interface Work {
        int run(PostgresLocation location, PostgresPassword password, String applicationName) throws StoreException;
    }

    /**
     * Runs {@code work} on this command's PostgreSQL store; a data directory is refused (exit 3), a failure said with
     * its exit code ({@link ExitCodes#of}).
     */
    static int onPostgres(ExoConsentCli cli, String command, Work work) {
        StoreLocation location = cli.location();
        if (!(location instanceof PostgresLocation p)) {
            cli.err.println(command + ": the store here is " + location.describe() + " (SQLite, which needs no "
                    + "set-up); " + command + " is for a PostgreSQL store: give --store "
                    + "'postgresql://HOST[:PORT]/DATABASE?user=NAME' or set " + StoreLocation.STORE_ENV);
            return ExitCodes.INVALID_INPUT;
        }
        try {
            return work.run(p, PostgresPassword.find(p, cli.env), "ExoConsent " + ExoConsentCli.version() + " ("
                    + command + ")");
        } catch (StoreException e) {
            cli.err.println(e.getMessage());
            return ExitCodes.of(e);
        }
    }

    /**
     * Says on standard error which roles other than the owner may add a signing key or create objects (none should:
     * attack review of 2026-12-01), with the statements that take it away; nothing when none may.
     */
    static void warnBeyondDevices(ExoConsentCli cli, PostgresStoreSetUp.Status s) {
        String warning = PostgresStoreSetUp.beyondDevicesWarning(s);
        if (warning != null) {
            cli.err.println(warning);
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"Set up a new, empty database as the clinic's store: its schema, and the rights of the "
                    + "application role the app and the commands will use (least privilege: no UPDATE or DELETE of "
                    + "signed records or audit entries).",
                "The address's user must own the database. Refused for a database that already has tables."})
    static final class Init implements Callable<Integer> {
        @ParentCommand
        StoreCommand parent;

        @Option(names = "--app-role", required = true, paramLabel = "NAME",
                description = "The application role (an existing PostgreSQL role, not the owner, not a superuser): "
                        + "a group role (NOLOGIN) whose members are the devices' own login roles.")
        String appRole;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            return onPostgres(cli, "store init", (location, password, name) -> {
                PostgresSchema.Migration m = PostgresStoreSetUp.init(location, password, appRole, name);
                cli.out.println("Set up " + location.describe() + ": schema version " + m.after() + "; role "
                        + appRole + " has the application's rights. Give each device a login role of its own in "
                        + "it (CREATE ROLE tablet1 LOGIN CONNECTION LIMIT 10 IN ROLE " + appRole + ", then its "
                        + "password with psql's \\password tablet1, which keeps it out of the history) and point the "
                        + "device "
                        + "at the store with --store, " + StoreLocation.STORE_ENV + " or its settings file, as user "
                        + "tablet1.");
                warnBeyondDevices(cli, PostgresStoreSetUp.status(location, password, name));
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "upgrade", mixinStandardHelpOptions = true,
            description = "Bring the store to this program's schema (the migrations it lacks, said) and set the "
                    + "application role's rights again. The address's user must own the database.")
    static final class Upgrade implements Callable<Integer> {
        @ParentCommand
        StoreCommand parent;

        @Option(names = "--app-role", paramLabel = "NAME",
                description = "The application role (default: the one the store has).")
        String appRole;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            return onPostgres(cli, "store upgrade", (location, password, name) -> {
                PostgresSchema.Migration m = PostgresStoreSetUp.upgrade(location, password, appRole, name);
                cli.out.println(m.unchanged()
                        ? "Nothing to upgrade: " + location.describe() + " is at schema version " + m.after()
                        + ", this program's. The application role's rights were set again."
                        : "Upgraded " + location.describe() + " from schema version " + m.before() + " to "
                        + m.after() + "; the application role's rights were set again.");
                warnBeyondDevices(cli, PostgresStoreSetUp.status(location, password, name));
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Say whether the store's server is reachable, the store's schema version and the role "
                    + "connected as.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        StoreCommand parent;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            return onPostgres(cli, "store status", (location, password, name) -> {
                PostgresStoreSetUp.Status s = PostgresStoreSetUp.status(location, password, name);
                cli.out.println("Store:    " + location.describe());
                cli.out.println("Server:   reachable, PostgreSQL " + s.server() + ", sslmode="
                        + location.sslMode().value());
                cli.out.println("Role:     " + s.role() + (s.isOwner() ? ", the database's owner"
                        : s.appRoles().contains(s.role()) ? ", the application role" : s.deviceOf() != null
                        ? ", a device's login role in the application role " + s.deviceOf() : ", neither the owner "
                        + "nor an application role of this store"));
                cli.out.println("Schema:   " + (s.schemaVersion() == 0
                        ? "none yet (a new database): set it up with 'exoconsent store init --app-role NAME' as "
                        + "its owner"
                        : "version " + s.schemaVersion() + (s.schemaVersion() == PostgresSchema.LATEST
                        ? ", this program's" : s.schemaVersion() < PostgresSchema.LATEST
                        ? ", older than this program's " + PostgresSchema.LATEST + ": run 'exoconsent store upgrade' "
                        + "as its owner" : ", newer than this program's " + PostgresSchema.LATEST
                        + ": use the release that upgraded it")));
                if (s.schemaVersion() > 0) {
                    cli.out.println("App role: " + (s.appRoles().isEmpty() ? "none" : String.join(", ",
                            s.appRoles())));
                }
                warnBeyondDevices(cli, s);
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = {"Move a one-room clinic's data directory (SQLite) into a NEW PostgreSQL store made by "
                    + "'store init': everything is copied in one transaction, checked (every record, PDF, key and "
                    + "the audit chain), and only then the data directory is marked as moved.",
                "Refused for a database that already holds records, accounts or audit entries (two clinics are never "
                    + "merged), and for a data directory moved already; before anything is copied, for a data "
                    + "directory holding values changed outside ExoConsent that records verify names (exit 1, each "
                    + "named with its repair; nothing is copied or marked). The address's user is the database's owner "
                    + "(the signing-key registry is copied, which only the owner may fill); its password comes from "
                    + "$PGPASSWORD or the password file."})
    static final class Migrate implements Callable<Integer> {
        @ParentCommand
        StoreCommand parent;

        @Option(names = "--from", required = true, paramLabel = "DATA_DIR",
                description = "The clinic's data directory (of this release or an earlier one).")
        java.nio.file.Path from;

        @Option(names = "--to", required = true, paramLabel = "URL",
                description = "The new store: postgresql://HOST[:PORT]/DATABASE?user=OWNER")
        String to;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            try {
                PostgresLocation location = PostgresLocation.parse(to, "--to",
                        org.exoconsent.records.DeviceSettings.read(cli.deviceSettingsFile));
                PostgresPassword password = PostgresPassword.find(location, cli.env);
                javax.sql.DataSource app = org.exoconsent.records.PostgresConnections.dataSource(location, password,
                        "ExoConsent " + ExoConsentCli.version() + " (store migrate)");
                // run with the owner's login (attack review F2); the moved data directory names the store as the
                // devices reach it, each with its own login role, never with the owner's
                StoreMigration.Moved m = StoreMigration.migrate(new DataDirectory(from.toAbsolutePath().normalize()),
                        app, location.url().replaceFirst("([?&])user=[^&]*", "$1user=DEVICE_ROLE"),
                        location.describe(), cli.clock);
                java.util.Map<String, Long> n = m.counts();
                cli.out.println("Moved " + from + " to " + location.describe() + ": " + n.get("record")
                        + " records, " + n.get("correction") + " corrections, " + n.get("document") + " documents, "
                        + n.get("account") + " accounts, " + n.get("signing_key") + " signing keys, "
                        + n.get("template_version") + " template versions, " + n.get("draft") + " drafts, "
                        + n.get("audit") + " audit entries (head " + m.headSeq() + " " + m.headHash() + ", then "
                        + StoreMigration.MIGRATED + "); all checked: records verify found no problem.");
                cli.out.println("The data directory is marked as moved (" + DataDirectory.MOVED_TO + "): from now "
                        + "on, point every device at this store, each with its own login role in the clinic's group "
                        + "role (README, 'A shared store for several rooms'): --store " + org.exoconsent.records.ShellWords.quote(
                        m.movedTo().replaceFirst("([?&])user=[^&]*", "$1user=DEVICE_ROLE")) + ".");
                return ExitCodes.OK;
            } catch (org.exoconsent.records.StoreLocationException e) {
                cli.err.println(e.getMessage());
                return ExitCodes.INVALID_INPUT;
            } catch (StoreMigration.NotMoved e) {
                cli.err.println(e.getMessage());
                return ExitCodes.NOT_INTACT;
            } catch (StoreException e) {
                cli.err.println(e.getMessage());
                return ExitCodes.of(e);
            }
        }
    }
}
