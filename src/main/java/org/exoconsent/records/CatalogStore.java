package org.exoconsent.records;

import java.sql.SQLException;
import java.util.List;

/**
 * The catalog area of the store (issue 15 §1): the clinic's profile and its texts in other languages, the physicians
 * and their names in other languages, the products with their texts, and the lots ({@link Catalog} holds the values
 * and the rules). Every change is checked by {@link Catalog}'s rules before anything is written, and refused with an
 * {@link IllegalArgumentException} naming every problem, nothing changed; a change never alters a recorded consent
 * (a session keeps its own snapshot). Names are compared exactly as stored; lists come ordered by name in code point
 * order. Runs in the caller's transaction ({@link Transactions}): a read in its snapshot, a change in its write
 * transaction; never begins or commits one itself.
 */
public interface CatalogStore {
    /** The clinic's profile with its texts in other languages (by language code), or null before it is set. */
    Catalog.Clinic clinic() throws SQLException;

    /** Every physician, active or not, with their names in other languages, by name. */
    List<Catalog.Physician> physicians() throws SQLException;

    /** The physician with that licence number (compared exactly), or null when the catalog has none (or it is null). */
    Catalog.Physician physician(String licence) throws SQLException;

    /** Every product with its texts in other languages, by name. */
    List<Catalog.Product> products() throws SQLException;

    /**
     * Every lot, by product name and then number; the expiry is a calendar date (no time zone). A lot whose expiry
     * cannot be read as a date is not thrown ({@link DamagedRow}) but listed among {@link Catalog.Lots#damaged}, named,
     * so that it stops only itself: the other lots are read as before.
     */
    Catalog.Lots lots() throws SQLException;

    /**
     * The lot of that product whose number is {@code number} however it is written
     * ({@link org.exoconsent.consent.Identifiers#key}: full-width, case, spaces around), the one written exactly so
     * first (a data directory of an earlier release may hold two spellings of one lot); null when the clinic never
     * registered it.
     */
    Catalog.Lot lot(String product, String number) throws SQLException;

    /**
     * Replaces the clinic's profile (its Japanese texts and phone; the demo mark is dropped) and sets its texts in the
     * languages {@code clinic.texts()} gives; the texts of other languages are kept, except the demo clinic's, which go
     * with the demo mark.
     *
     * @throws IllegalArgumentException {@link Catalog#checkClinic}'s refusal, nothing changed
     */
    void setClinic(Catalog.Clinic clinic) throws SQLException;

    /**
     * Sets the clinic's texts in one language other than Japanese, replacing those it had (stored without the spaces
     * around them).
     *
     * @throws IllegalArgumentException with no clinic profile yet, or a text missing or not written in that language
     *                                  ({@link Catalog#checkClinicText}), nothing changed
     */
    void setClinicText(String language, Catalog.ClinicText text) throws SQLException;

    /**
     * Adds an active physician with their names in other languages.
     *
     * @throws IllegalArgumentException {@link Catalog#checkPhysician}'s refusal, nothing changed
     * @throws SQLException             also when the catalog already holds that licence number (it is unique)
     */
    void addPhysician(Catalog.Physician physician) throws SQLException;

    /**
     * Sets a physician's name in one language other than Japanese (in Latin letters for English), replacing it.
     *
     * @throws IllegalArgumentException for a licence the catalog does not hold, or a name blank or not written in that
     *                                  language ({@link Catalog#checkPhysicianName}), nothing changed
     */
    void setPhysicianName(String licence, String language, String name) throws SQLException;

    /**
     * Marks a physician inactive (no longer offered for a new consultation; their records stay as they are) or
     * active again.
     *
     * @throws IllegalArgumentException for a licence the catalog does not hold, or a physician already in that state
     */
    void setPhysicianActive(String licence, boolean active) throws SQLException;

    /**
     * Adds a product with its texts in other languages.
     *
     * @throws IllegalArgumentException {@link Catalog#checkProduct}'s refusal, nothing changed
     * @throws SQLException             also when the catalog already holds a product of that name (it is unique)
     */
    void addProduct(Catalog.Product product) throws SQLException;

    /**
     * Sets a product's texts in one language other than Japanese, replacing those it had.
     *
     * @throws IllegalArgumentException for a product the catalog does not hold, or with every problem of the texts
     *                                  ({@link Catalog#problems(Catalog.Product, String, Catalog.ProductText)})
     */
    void setProductText(String product, String language, Catalog.ProductText text) throws SQLException;

    /**
     * Says where a product's vesicles come from ({@link Catalog#ORIGINS}) and how it reaches the clinic
     * ({@link Catalog#SUPPLIES}).
     *
     * @throws IllegalArgumentException for a product the catalog does not hold or a value not listed, naming it
     */
    void setProductOriginAndSupply(String product, String origin, String supply) throws SQLException;

    /**
     * Adds a lot of a product, its number stored without the spaces around it and compared by its key
     * ({@link org.exoconsent.consent.Identifiers#key}).
     *
     * @throws IllegalArgumentException {@link Catalog#checkLot}'s refusal, or a product the catalog does not hold
     * @throws SQLException             also when the product already has a lot of that number or key
     */
    void addLot(Catalog.Lot lot) throws SQLException;

    /**
     * Every lot whose stored compared form is not {@link org.exoconsent.consent.Identifiers#key} of its number
     * ({@link Catalog#lotKeyProblem}), and every lot whose expiry cannot be read as a date ({@link DamagedRow}'s
     * message: table lot, the lot's number, column expiry, the value, the repair), for {@code records verify}; empty
     * when all are whole.
     */
    List<String> lotKeyProblems() throws SQLException;

    /** Whether the store is new: it holds neither a clinic profile nor an audit entry (nobody has used it yet). */
    boolean isNew() throws SQLException;

    /**
     * Adds the demo catalog ({@link Catalog#DEMO_CLINIC}, {@link Catalog#DEMO_PHYSICIAN}, {@link
     * Catalog#DEMO_PRODUCTS}, {@link Catalog#DEMO_LOTS}), the clinic marked as the demo; for a new store only
     * ({@link Catalog#seedDemoIfNew} decides in the write transaction).
     *
     * @throws SQLException when the catalog already holds one of its rows
     */
    void seedDemo() throws SQLException;

    /**
     * Removes the demo catalog's physician, products and lots, for a clinic that has set up its own: a demo product
     * that has a lot other than the demo's stays, as does the clinic profile (the clinic replaces it); nothing else
     * is touched. Does nothing when they are gone already.
     *
     * @return how many physicians, products and lots were removed, in that order (each 0 when none)
     */
    int[] removeDemo() throws SQLException;
}
