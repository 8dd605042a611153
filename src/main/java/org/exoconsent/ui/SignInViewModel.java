package org.exoconsent.ui;

import org.exoconsent.records.Principal;
import org.exoconsent.records.StoreException;
import org.exoconsent.usecases.SignIn;
import org.exoconsent.usecases.StoreOpenings;

/**
 * What the sign-in and first-run screen and the idle lock ask of the store, without a screen: whether the data
 * directory has accounts yet, a sign-in, the first administrator, a signed-in person's password given again. Each
 * call opens the store once and closes it before it returns; each blocks (Argon2id takes a moment), so the screens
 * call it on the app's background executor. A password given is wiped once checked, whatever the outcome.
 */
final class SignInViewModel {
    private SignIn signIn;
    /** The store this device is set to. */
    private StoreOpenings store;

    /**
     * @param store the store this device is set to (a data directory or a PostgreSQL store, issue 17 §1); its
     *              clock's instant stamps the audit entries of sign-ins and failures
     */
    SignInViewModel(StoreOpenings store) {
        use(store);
    }

    /** From now on, signs in on {@code store} (the set-up chose another store, issue 17 §1). */
    void use(StoreOpenings store) {
        this.store = store;
        this.signIn = new SignIn(store);
    }

    /**
     * A failed sign-in as the screens say it: a PostgreSQL server that cannot be reached in the staff language
     * ({@link org.exoconsent.ui.controls.StoreFailureText#of}), a refusal as {@link org.exoconsent.ui.controls.SignInRefusalText} says it.
     */
    String said(java.util.ResourceBundle ui, Throwable failure) {
        if (org.exoconsent.ui.controls.StoreFailureText.unreachable(failure)) {
            return org.exoconsent.ui.controls.StoreFailureText.of(ui, store.location(), failure);
        }
        return org.exoconsent.ui.controls.SignInRefusalText.of(ui, failure);
    }

    /** Whether the store has accounts (else the first run creates the first administrator). */
    boolean hasAccounts() throws StoreException {
        return signIn.hasAccounts();
    }

    /**
     * Signs {@code name} in with {@code password} (audited by the store, failures counted towards the account's
     * lockout); {@code password} is wiped afterwards.
     *
     * @throws StoreException the store's refusal ({@link org.exoconsent.records.SignInRefusedException} for a wrong
     *                        name or password, a locked or disabled account) or a failure to open it
     */
    Principal signIn(String name, char[] password) throws StoreException {
        return signIn(name, password, null);
    }

    /**
     * As {@link #signIn(String, char[])}; {@code chosenLanguage} ("ja" or "en", chosen with the sign-in screen's
     * toggle; null: not chosen) becomes the person's staff language (issue 16 §6).
     *
     * @return who signed in, with their staff language as it is now (null: none; the computer's is kept)
     */
    Principal signIn(String name, char[] password, String chosenLanguage) throws StoreException {
        return signIn.signIn(name, password, "app: sign in", chosenLanguage);
    }

    /**
     * The signed-in person's password given again to open the idle lock: checked as a sign-in (audited, counted
     * towards the lockout), the session the app holds kept (the check's own is ended: {@link SignIn#checkPassword});
     * {@code password} is wiped afterwards.
     */
    Principal unlock(String name, char[] password) throws StoreException {
        return signIn.checkPassword(name, password, "app: unlock the screen");
    }

    /**
     * Creates the first administrator of a data directory that has no accounts (refused by the store once it has
     * one); {@code password} is wiped afterwards.
     */
    Principal createFirstAdministrator(String name, char[] password) throws StoreException {
        return createFirstAdministrator(name, password, null);
    }

    /** As {@link #createFirstAdministrator(String, char[])}, with the staff language chosen (null: none). */
    Principal createFirstAdministrator(String name, char[] password, String chosenLanguage) throws StoreException {
        return signIn.firstAdministrator(name, password, "app: first run", chosenLanguage).administrator();
    }
}
