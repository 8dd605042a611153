package org.exoconsent.usecases;

import java.util.List;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;

/**
 * The clinic's catalog (issue 15 §1; {@code exoconsent catalog}, the administration screen's catalog tabs, the
 * first-run set-up): the clinic profile printed on every document, physicians, products and lots, and their texts in
 * other languages. Reading needs {@link Permission#READ_CATALOG} (anyone signed in); changing needs
 * {@link Permission#MANAGE_CATALOG} (administrators), checked before any work (a refusal is audited
 * {@code access-refused}); the store refuses a missing or unknown field naming it ({@link IllegalArgumentException}),
 * a duplicate ({@link org.exoconsent.records.ConflictException}), and audits each change in the transaction that
 * makes it.
 */
public final class CatalogAdministration {
    private final StoreOpening opening;

    /** @param opening opens the store as the signed-in person */
    public CatalogAdministration(StoreOpening opening) {
        this.opening = opening;
    }

    /** Physicians, products, lots and the clinic profile ({@link Permission#READ_CATALOG}). */
    public RecordStore.CatalogView catalog() throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.READ_CATALOG, "catalog show")) {
            return store.catalog();
        }
    }

    /**
     * Sets the clinic profile (replacing the demo clinic) and its texts in other languages.
     *
     * @param despiteWarning whether a blood-donation policy that states a period is kept despite the warning
     *                       ({@link org.exoconsent.records.PolicyWarningException} otherwise)
     * @throws IllegalArgumentException naming a missing or overlong field
     */
    public void setClinic(Catalog.Clinic clinic, boolean despiteWarning) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_CATALOG, "catalog set-clinic")) {
            store.setClinic(clinic, despiteWarning);
        }
    }

    /** The texts each offered language still lacks (for the notices of the catalog and the home screen). */
    public List<RecordStore.MissingTexts> textNotices() throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.READ_CATALOG, "catalog show")) {
            return store.textNotices();
        }
    }

    /** Sets the clinic's texts in {@code language} ({@code "en"}), checked as {@link #setClinic} checks them. */
    public void setClinicText(String language, Catalog.ClinicText text, boolean despiteWarning)
            throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_CATALOG, "catalog set-clinic")) {
            store.setClinicText(language, text, despiteWarning);
        }
    }

    /**
     * Adds a physician.
     *
     * @throws org.exoconsent.records.ConflictException when the licence number is already in the catalog
     */
    public void addPhysician(Catalog.Physician p) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_CATALOG, "catalog add-physician")) {
            store.addPhysician(p);
        }
    }

    /** Sets the name of the physician with {@code licenceNumber} in {@code language}, as its documents print it. */
    public void setPhysicianName(String licenceNumber, String language, String name) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_CATALOG, "catalog set-physician")) {
            store.setPhysicianName(licenceNumber, language, name);
        }
    }

    /** Marks a physician inactive (not offered for a new consultation) or active again. */
    public void setPhysicianActive(String licenceNumber, boolean active) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_CATALOG, "catalog set-physician")) {
            store.setPhysicianActive(licenceNumber, active);
        }
    }

    /**
     * Adds a product.
     *
     * @throws org.exoconsent.records.ConflictException when a product of that name is in the catalog
     */
    public void addProduct(Catalog.Product p) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_CATALOG, "catalog add-product")) {
            store.addProduct(p);
        }
    }

    /** Says where a product's vesicles come from and how it reaches the clinic ({@link Catalog#ORIGINS}…). */
    public void setProductOriginAndSupply(String product, String origin, String supply) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_CATALOG, "catalog set-product")) {
            store.setProductOriginAndSupply(product, origin, supply);
        }
    }

    /** Sets a product's texts in {@code language}. */
    public void setProductText(String product, String language, Catalog.ProductText text) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_CATALOG, "catalog set-product")) {
            store.setProductText(product, language, text);
        }
    }

    /**
     * Adds a lot of a product in the catalog. A lot whose expiry has passed is added all the same (an expired lot is
     * registered to be found in a recall), but no treatment can be confirmed on it ({@link
     * RecordStore#confirmTreatment} refuses it): the caller says so when the expiry is before the date returned.
     *
     * @return the clinic's date (its time zone, the store's clock) on which the lot was added
     * @throws org.exoconsent.records.ConflictException when the product has that lot (perhaps written differently)
     */
    public java.time.LocalDate addLot(Catalog.Lot lot) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_CATALOG, "catalog add-lot")) {
            store.addLot(lot);
            return store.clinicClock().today();
        }
    }

    /**
     * Removes the DEMO clinic's physicians, products and lots (the first-run set-up replaces them).
     *
     * @return what was removed (all zero: gone already, nothing written) and what is left for a consultation
     */
    public Catalog.DemoRemoved removeDemoCatalog() throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_CATALOG, "catalog remove-demo")) {
            return store.removeDemoCatalog();
        }
    }
}
