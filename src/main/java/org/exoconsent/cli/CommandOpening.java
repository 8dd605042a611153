package org.exoconsent.cli;

import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Permission;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.usecases.StoreOpening;

/**
 * How one command's use cases open the store: the first opening signs in as {@link StoreOptions#open} does (the
 * password once, the command's permission checked and refused with exit 5, the notices said), each later one opens
 * as the person signed in, asking no password again (a command such as {@code catalog set-physician} reads the
 * catalog, then changes it).
 */
final class CommandOpening implements StoreOpening {
    private final ExoConsentCli cli;
    private final String command;
    private final Permission needs;
    private final boolean passwordStdin;
    private Principal signedIn;

    /**
     * @param command the command, as the sign-in's refusal and audit entry name it ({@code "catalog add-lot"}), or
     *                null for the purpose the use case names at its first opening
     * @param needs   the permission the command needs, checked at sign-in
     */
    CommandOpening(ExoConsentCli cli, String command, Permission needs) {
        this(cli, command, needs, cli.passwordStdin);
    }

    /** @param passwordStdin whether the signing-in person's password is standard input's first line */
    CommandOpening(ExoConsentCli cli, String command, Permission needs, boolean passwordStdin) {
        this(cli, command, needs, passwordStdin, null);
    }

    /**
     * @param registersKey for a command that registers a signing key, the command as the person would type it again
     *                     ({@code keys register --label "Tablet 2"}): on a shared store the database's owner is then
     *                     accepted, and a device's role refused before the password is asked for (attack review of
     *                     issue 17, F2); else null
     */
    CommandOpening(ExoConsentCli cli, String command, Permission needs, boolean passwordStdin, String registersKey) {
        this.cli = cli;
        this.command = command;
        this.needs = needs;
        this.passwordStdin = passwordStdin;
        this.registersKey = registersKey;
    }

    private final String registersKey;

    @Override
    public RecordStore open(String purpose) throws StoreException {
        if (signedIn == null) {
            RecordStore store = StoreOptions.open(cli, command != null ? command : purpose, needs, passwordStdin,
                    registersKey);
            signedIn = store.principal();
            return store;
        }
        RecordStore.Source shared = cli.postgresSource(registersKey != null
                ? org.exoconsent.records.PostgresStores.Role.APPLICATION_OR_OWNER
                : org.exoconsent.records.PostgresStores.Role.APPLICATION);
        return shared != null ? RecordStore.open(shared, cli.clock, signedIn, purpose)
                : RecordStore.open(new DataDirectory(cli.localDataDir()), cli.clock, signedIn, purpose);
    }

    /** One change of a command, through its use case. */
    interface Change {
        void run() throws StoreException;
    }

    /**
     * Runs one change and says {@code done} (null: the caller says what was done); a value refused ({@link IllegalArgumentException}) exits 3 with
     * "…; nothing was changed", a refusal or failure of the store with its exit code ({@link ExitCodes#of}).
     */
    static int change(ExoConsentCli cli, String done, Change change) {
        try {
            change.run();
        } catch (IllegalArgumentException e) {
            cli.err.println(e.getMessage() + "; nothing was changed");
            return ExitCodes.INVALID_INPUT;
        } catch (StoreException e) {
            cli.err.println(e.getMessage());
            return ExitCodes.of(e);
        }
        if (done != null) {
            cli.out.println(done);
        }
        return ExitCodes.OK;
    }
}
