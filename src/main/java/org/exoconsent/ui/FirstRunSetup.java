package org.exoconsent.ui;

import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Clock;
import java.util.ResourceBundle;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.Principal;
import org.exoconsent.records.StoreException;
import org.exoconsent.usecases.ClinicSetup;
import org.exoconsent.usecases.StoreOpenings;

/**
 * The store's side of the first run's set-up ({@link ClinicSetupScreen}), without a screen: the demo clinic's
 * blood-donation policy as a starting point, and the set-up itself in one opening of the store as the new
 * administrator. Both block; the screen calls them on the app's background executor.
 */
final class FirstRunSetup {
    private final ClinicSetup setup;
    private final Principal admin;
    private final ResourceBundle ui;

    /**
     * @param store the store this device is set to (issue 17 §1)
     * @param admin the first administrator, just created
     * @param ui    the screens' messages (a refused first product or lot is said in them)
     */
    FirstRunSetup(StoreOpenings store, Principal admin, ResourceBundle ui) {
        this.setup = new ClinicSetup(store.asSignedIn(admin));
        this.admin = admin;
        this.ui = ui;
        this.sharedStore = store.location() instanceof org.exoconsent.records.PostgresLocation p ? p.url() : null;
    }

    /** The shared store's address (never with a password), or null on a data directory. */
    private final String sharedStore;

    /**
     * On a shared store, what the set-up says of this device's signing key, in the staff language: it is made now
     * but registered only by an administrator with the database owner's login (attack review of issue 17, F2), with
     * the command to run (and the one that imports a certification authority's key instead); null on a data
     * directory, whose key is registered when it is made.
     */
    String sharedStoreKeyNote() {
        return sharedStoreKeyNote(null);
    }

    /**
     * As {@link #sharedStoreKeyNote()}, the commands naming {@code owner} (the database owner's role as the server
     * names it, {@link #databaseOwner()}) instead of the placeholder {@code OWNER}, so that they run as copied.
     */
    String sharedStoreKeyNote(String owner) {
        if (sharedStore == null) {
            return null;
        }
        String store = org.exoconsent.records.ShellWords.quote(org.exoconsent.records.RecordStore.ownerAddress(
                sharedStore, owner));
        return java.text.MessageFormat.format(ui.getString("setup.keyOnSharedStore"), "exoconsent --store " + store
                + " keys register --label \"Tablet 1\"", "exoconsent --store " + store
                + " keys import --p12 FILE --password-stdin --label \"Tablet 1\"");
    }

    /** The shared store's owner role ({@link ClinicSetup#databaseOwner}); blocks: call off the FX thread. */
    String databaseOwner() throws StoreException {
        return sharedStore == null ? null : setup.databaseOwner();
    }

    Principal admin() {
        return admin;
    }

    /** The clinic's blood-donation policy as stored (the demo clinic's until set up), or null without a clinic. */
    String currentPolicy() throws StoreException {
        return setup.currentPolicy();
    }

    /**
     * What the set-up saves ({@link ClinicSetup.Setup}).
     *
     * @param clinic          the clinic's profile (with its English texts, if given)
     * @param despiteWarning  whether the administrator confirmed a policy that states periods no rule supports
     * @param keyFile         the clinic's PKCS#12 to import, or null for a self-signed key made now
     * @param keyPassword     its password (wiped once the set-up has run, whatever the outcome)
     * @param keepDemo        whether the practice catalog stays
     * @param product         the clinic's first product, or null
     * @param lot             its first lot, or null
     */
    record Setup(Catalog.Clinic clinic, boolean despiteWarning, Path keyFile, char[] keyPassword, boolean keepDemo,
                 Catalog.Product product, Catalog.Lot lot) {
    }

    /**
     * Saves the set-up in one opening of the store ({@link ClinicSetup#save}): the signing key first (a wrong file
     * or password changes nothing else), then the clinic, the practice catalog removed unless kept, and the first
     * product with its lot.
     *
     * @throws StoreException the store's refusal; a refused first product or lot names the product
     *                        ({@code setup.productRefused}, {@code setup.lotRefused})
     */
    void save(Setup s) throws Exception {
        try {
            setup.save(new ClinicSetup.Setup(s.clinic(), s.despiteWarning(), s.keyFile(), s.keyPassword(),
                    s.keepDemo(), s.product(), s.lot()));
        } catch (ClinicSetup.StepRefused e) {
            throw new SetupRefused(e.step() == ClinicSetup.Step.PRODUCT
                    ? MessageFormat.format(ui.getString("setup.productRefused"), s.product().name(), e.getMessage())
                    : MessageFormat.format(ui.getString("setup.lotRefused"), s.product().name(), s.lot().number(),
                            e.getMessage()), e.getCause());
        }
    }

    /** A step of the set-up the store refused, said in the administrator's language. */
    static final class SetupRefused extends Exception {
        SetupRefused(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
