package org.exoconsent.ui;

import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Clock;
import java.util.Arrays;
import java.util.ResourceBundle;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;

/**
 * The store's side of the first run's set-up ({@link ClinicSetupScreen}), without a screen: the demo clinic's
 * blood-donation policy as a starting point, and the set-up itself in one opening of the store as the new
 * administrator. Both block; the screen calls them on the app's background executor.
 */
final class FirstRunSetup {
    private final DataDirectory dir;
    private final Clock clock;
    private final Principal admin;
    private final ResourceBundle ui;

    /**
     * @param dir   the data directory
     * @param clock the app's clock
     * @param admin the first administrator, just created
     * @param ui    the screens' messages (a refused first product or lot is said in them)
     */
    FirstRunSetup(DataDirectory dir, Clock clock, Principal admin, ResourceBundle ui) {
        this.dir = dir;
        this.clock = clock;
        this.admin = admin;
        this.ui = ui;
    }

    Principal admin() {
        return admin;
    }

    /** The clinic's blood-donation policy as stored (the demo clinic's until set up), or null without a clinic. */
    String currentPolicy() throws StoreException {
        try (RecordStore store = RecordStore.open(dir, clock, admin, "app: set-up")) {
            RecordStore.CatalogView catalog = store.catalog();
            return catalog.clinic() == null ? null : catalog.clinic().bloodDonationPolicy();
        }
    }

    /**
     * What the set-up saves.
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
     * Saves the set-up in one opening of the store: the signing key first (a wrong file or password changes nothing
     * else), then the clinic, the practice catalog removed unless kept, and the first product with its lot.
     *
     * @throws StoreException the store's refusal; a refused first product or lot names the product
     *                        ({@code setup.productRefused}, {@code setup.lotRefused})
     */
    void save(Setup setup) throws Exception {
        try (RecordStore store = RecordStore.open(dir, clock, admin, "app: first-run set-up")) {
            if (setup.keyFile() != null) { // first: a wrong file or password changes nothing else
                store.importSigningKey(setup.keyFile(), setup.keyPassword());
            } else {
                store.clinicSigningKey(setup.clinic().name()); // created and registered
            }
            store.setClinic(setup.clinic(), setup.despiteWarning());
            if (!setup.keepDemo()) {
                store.removeDemoCatalog();
            }
            if (setup.product() != null) {
                addFirstProduct(store, setup.product(), setup.lot());
            }
        } finally {
            Arrays.fill(setup.keyPassword(), '\0');
        }
    }

    /**
     * Adds the set-up's first product and its lot through the store (its checks and audit entries, as in the
     * Products and Lots tabs). The form checked both before anything was saved, so a refusal here is the store's
     * own (a database failure, a product someone else added meanwhile); it is said naming the product, and the form
     * stays. Finishing again skips what an earlier attempt already added, identical, rather than refusing it as a
     * duplicate.
     */
    private void addFirstProduct(RecordStore store, Catalog.Product product, Catalog.Lot lot) throws SetupRefused {
        RecordStore.CatalogView now;
        try {
            now = store.catalog();
            if (!now.products().contains(product)) {
                store.addProduct(product);
            }
        } catch (StoreException | RuntimeException ex) {
            throw new SetupRefused(MessageFormat.format(ui.getString("setup.productRefused"),
                    product.name(), ex.getMessage()), ex);
        }
        try {
            if (!now.lots().contains(lot)) {
                store.addLot(lot);
            }
        } catch (StoreException | RuntimeException ex) {
            throw new SetupRefused(MessageFormat.format(ui.getString("setup.lotRefused"), product.name(),
                    lot.number(), ex.getMessage()), ex);
        }
    }

    /** A step of the set-up the store refused, said in the administrator's language. */
    static final class SetupRefused extends Exception {
        SetupRefused(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
