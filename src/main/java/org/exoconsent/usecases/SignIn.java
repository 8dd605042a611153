package org.exoconsent.usecases;

import java.time.Clock;
import java.util.Arrays;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;

/**
 * Signing in, and the first administrator of a data directory that has no accounts (issue 15 §1; the app's sign-in
 * and first-run screens, {@code users add} on a new data directory). Every sign-in is audited by the store and a
 * failure counted towards the account's lockout ({@link RecordStore#signIn}); the passwords given are wiped.
 */
public final class SignIn {
    /**
     * The first administrator, made.
     *
     * @param administrator who was created (and is signed in)
     * @param createdNow    whether the data directory was created by this call (with its DEMO clinic)
     */
    public record FirstAdministrator(Principal administrator, boolean createdNow) {
    }

    private final StoreOpenings store;

    /**
     * @param dir   the data directory
     * @param clock the clock whose instant stamps the audit entries
     */
    public SignIn(DataDirectory dir, Clock clock) {
        this(StoreOpenings.of(dir, clock));
    }

    /** @param store the store this device is set to (a data directory or a PostgreSQL store, issue 17 §1) */
    public SignIn(StoreOpenings store) {
        this.store = store;
    }

    /** Whether the store has accounts (else only a first administrator can be made). */
    public boolean hasAccounts() throws StoreException {
        return store.hasAccounts();
    }

    /**
     * Signs {@code name} in; {@code password} is wiped afterwards.
     *
     * @param purpose what for, as the audit entry names it ({@code "app: sign in"})
     * @throws org.exoconsent.records.SignInRefusedException for a wrong name or password, a locked or disabled
     *                                                       account
     */
    public Principal signIn(String name, char[] password, String purpose) throws StoreException {
        return signIn(name, password, purpose, null);
    }

    /**
     * Signs {@code name} in and, when {@code chosenLanguage} is given, makes it their staff language (issue 16 §6:
     * the language toggle of the sign-in screen sets the signing-in person's own; audited
     * {@code user-language-set} when it changes). {@code password} is wiped afterwards.
     *
     * @param chosenLanguage "ja" or "en" as chosen on the sign-in screen, or null to keep the account's
     * @return who signed in, with their staff language as it is now
     * @throws IllegalArgumentException for a language other than ja or en (nobody is signed in)
     * @throws org.exoconsent.records.SignInRefusedException for a wrong name or password, a locked or disabled
     *                                                       account
     */
    public Principal signIn(String name, char[] password, String purpose, String chosenLanguage)
            throws StoreException {
        try (RecordStore opened = store.signIn(name, password, purpose)) {
            if (chosenLanguage != null) {
                opened.setLanguage(opened.principal().name(), chosenLanguage);
            }
            return opened.principal();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Checks {@code name}'s password again as a sign-in does (counted towards the lockout, audited, refused with the
     * same one answer), for a person who stays signed in: the idle lock's unlock, patient mode's staff password. On
     * the shared store the server session this check opened is ended at once (before, it stayed unused for the
     * server's 12 hours); the person goes on with the session they hold. {@code password} is wiped afterwards.
     *
     * @param purpose what for, as the audit entry names it ({@code "app: unlock the screen"})
     * @return who was checked (their session, if any, already ended)
     * @throws org.exoconsent.records.SignInRefusedException as {@link #signIn(String, char[], String)}
     */
    public Principal checkPassword(String name, char[] password, String purpose) throws StoreException {
        try (RecordStore opened = store.signIn(name, password, purpose)) {
            opened.endServerSession(); // on the check's own connection: no second opening to sign out
            return opened.principal();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Creates the first administrator, {@code name}, of a data directory with no accounts (creating the directory
     * with its DEMO clinic if needed); refused by the store once it has one. {@code password} is wiped afterwards.
     *
     * @throws StoreException when the directory has accounts, or the name or password is refused (named)
     */
    public FirstAdministrator firstAdministrator(String name, char[] password, String purpose)
            throws StoreException {
        return firstAdministrator(name, password, purpose, null);
    }

    /**
     * As {@link #firstAdministrator(String, char[], String)}, with the administrator's staff language (issue 16 §6;
     * null: none).
     *
     * @throws IllegalArgumentException for a language other than ja or en (nothing is created)
     */
    public FirstAdministrator firstAdministrator(String name, char[] password, String purpose, String language)
            throws StoreException {
        try (RecordStore opened = store.createFirstAdministrator(name, password, purpose, language)) {
            return new FirstAdministrator(opened.principal(), opened.createdNow());
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
