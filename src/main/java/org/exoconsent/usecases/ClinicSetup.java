package org.exoconsent.usecases;

import java.nio.file.Path;
import java.util.Arrays;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;

/**
 * The clinic's first-run set-up by its first administrator (issue 15 §1; the app's clinic set-up screen): the
 * signing key, the clinic profile, the practice catalog kept or removed, the first product and its lot.
 * {@link Permission#MANAGE_KEY} and {@link Permission#MANAGE_CATALOG} (administrators) are checked before any work
 * (a refusal is audited {@code access-refused}); each step is checked and audited by the store.
 */
public final class ClinicSetup {
    /**
     * What the set-up saves.
     *
     * @param clinic         the clinic's profile (with its English texts, if given)
     * @param despiteWarning whether the administrator confirmed a policy that states periods no rule supports
     * @param keyFile        the clinic's PKCS#12 to import, or null for a self-signed key made now
     * @param keyPassword    its password (wiped once the set-up has run, whatever the outcome), or empty
     * @param keepDemo       whether the practice catalog stays
     * @param product        the clinic's first product, or null
     * @param lot            its first lot, or null
     */
    public record Setup(Catalog.Clinic clinic, boolean despiteWarning, Path keyFile, char[] keyPassword,
                        boolean keepDemo, Catalog.Product product, Catalog.Lot lot) {
    }

    /** Which step of the first product was refused. */
    public enum Step { PRODUCT, LOT }

    /**
     * The store refused the first product or its lot (a database failure, a product someone else added meanwhile);
     * what came before it is saved. The cause is the store's refusal.
     */
    public static final class StepRefused extends Exception {
        private final Step step;

        StepRefused(Step step, Exception cause) {
            super(cause.getMessage(), cause);
            this.step = step;
        }

        /** The step refused. */
        public Step step() {
            return step;
        }
    }

    private final StoreOpening opening;

    /** @param opening opens the store as the signed-in administrator */
    public ClinicSetup(StoreOpening opening) {
        this.opening = opening;
    }

    /** The clinic's blood-donation policy as stored (the demo clinic's until set up), or null without a clinic. */
    public String currentPolicy() throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.READ_CATALOG, "catalog show")) {
            RecordStore.CatalogView catalog = store.catalog();
            return catalog.clinic() == null ? null : catalog.clinic().bloodDonationPolicy();
        }
    }

    /**
     * The role that owns the shared store's database as the server names it ({@link RecordStore#databaseOwner}), for
     * the key-registration command the set-up shows; null on a data directory or when it cannot be read.
     *
     * @throws StoreException when the store cannot be opened
     */
    public String databaseOwner() throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.READ_CATALOG, "catalog show")) {
            return store.databaseOwner();
        }
    }

    /**
     * Saves the set-up in one opening of the store: the signing key first (a wrong file or password changes nothing
     * else), then the clinic, the practice catalog removed unless kept, and the first product with its lot.
     * Finishing again skips a product or lot an earlier attempt already added, identical.
     *
     * @throws org.exoconsent.pdf.KeyException when the key file or its password is unusable (nothing is changed)
     * @throws StepRefused                     when the first product or its lot was refused
     * @throws StoreException                  the store's refusal (permission, the clinic's fields) or failure
     */
    public void save(Setup setup) throws StoreException, org.exoconsent.pdf.KeyException, StepRefused {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_CATALOG, "first-run set-up")) {
            store.requireRole(Permission.MANAGE_KEY, "first-run set-up");
            if (setup.keyFile() != null) { // first: a wrong file or password changes nothing else
                store.importSigningKey(setup.keyFile(), setup.keyPassword());
            } else {
                // created; registered at once on a data directory, on a shared store by an administrator with
                // the database owner's login (attack review of issue 17, F2)
                store.clinicSigningKey(setup.clinic().name());
            }
            store.setClinic(setup.clinic(), setup.despiteWarning());
            if (!setup.keepDemo()) {
                store.removeDemoCatalog();
            }
            if (setup.product() != null) {
                addFirstProduct(store, setup.product(), setup.lot());
            }
        } finally {
            if (setup.keyPassword() != null) {
                Arrays.fill(setup.keyPassword(), '\0');
            }
        }
    }

    private static void addFirstProduct(RecordStore store, Catalog.Product product, Catalog.Lot lot)
            throws StepRefused {
        RecordStore.CatalogView now;
        try {
            now = store.catalog();
            if (!now.products().contains(product)) {
                store.addProduct(product);
            }
        } catch (StoreException | RuntimeException ex) {
            throw new StepRefused(Step.PRODUCT, ex);
        }
        try {
            if (!now.lots().contains(lot)) {
                store.addLot(lot);
            }
        } catch (StoreException | RuntimeException ex) {
            throw new StepRefused(Step.LOT, ex);
        }
    }
}
