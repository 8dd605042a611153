package org.exoconsent.ui.admin;

import java.time.LocalDate;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.ConflictException;
import org.exoconsent.records.RecordStore;
import org.exoconsent.ui.admin.AdminViewModel.Message;
import org.exoconsent.usecases.CatalogAdministration;

/**
 * The catalog tabs without a screen: physicians (added, marked inactive or active again), products with their
 * virus-test panel and sterilisation status, and lots. What the form holds is checked here first, so that the
 * refusal names the field in the screen's language; the store checks again, audits and refuses a duplicate, which
 * is reported naming the licence, product or lot. The work runs through {@link AdminViewModel}, which reloads the
 * catalog after each change.
 */
public final class CatalogViewModel {
    private final AdminViewModel admin;
    private final ObservableList<Catalog.Physician> physicians = FXCollections.observableArrayList();
    private final ObservableList<Catalog.Product> products = FXCollections.observableArrayList();
    private final ObservableList<Catalog.Lot> lots = FXCollections.observableArrayList();
    // one read-only view of each, kept: a view listens to its list weakly, so a listener added to a view made
    // afresh on each call would be lost when that view is collected
    private final ObservableList<Catalog.Physician> physiciansView =
            FXCollections.unmodifiableObservableList(physicians);
    private final ObservableList<Catalog.Product> productsView = FXCollections.unmodifiableObservableList(products);
    private final ObservableList<Catalog.Lot> lotsView = FXCollections.unmodifiableObservableList(lots);
    private final ObservableList<Catalog.DamagedLot> damagedLots = FXCollections.observableArrayList();
    private final ObservableList<Catalog.DamagedLot> damagedLotsView =
            FXCollections.unmodifiableObservableList(damagedLots);

    public CatalogViewModel(AdminViewModel admin) {
        this.admin = admin;
        admin.catalogProperty().addListener((o, was, c) -> show(c));
        show(admin.catalogProperty().get());
    }

    private void show(RecordStore.CatalogView c) {
        if (c != null) {
            physicians.setAll(c.physicians());
            products.setAll(c.products());
            lots.setAll(c.lots());
            damagedLots.setAll(c.damagedLots());
        }
    }

    public ObservableList<Catalog.Physician> physicians() {
        return physiciansView;
    }

    public ObservableList<Catalog.Product> products() {
        return productsView;
    }

    public ObservableList<Catalog.Lot> lots() {
        return lotsView;
    }

    /**
     * The lots whose row cannot be read (their expiry changed outside the product), each with its damage and repair:
     * not among {@link #lots()}, shown as "unreadable (damaged)" (issue 17).
     */
    public ObservableList<Catalog.DamagedLot> damagedLots() {
        return damagedLotsView;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return admin.busyProperty();
    }

    /** A store change that answers with the message to show (a refusal the form already explains, or done). */
    private interface Change {
        Message apply(CatalogAdministration catalog) throws Exception;
    }

    private void run(String purpose, Change change) {
        admin.run(purpose, () -> change.apply(admin.catalogAdministration()), m -> m);
    }

    public void addPhysician(String name, String licence) {
        addPhysician(name, licence, null);
    }

    /**
     * Adds a physician with, optionally, their name in Latin letters for documents in English (issue 12 §2).
     *
     * @param nameEn the name in Latin letters, or blank for none yet
     */
    public void addPhysician(String name, String licence, String nameEn) {
        String n = strip(name);
        String l = strip(licence);
        String en = strip(nameEn);
        run("add a physician", catalog -> {
            if (n.isEmpty()) {
                return Message.of("catalog.physicianNameRequired");
            }
            if (l.isEmpty()) {
                return Message.of("catalog.licenceRequired", n);
            }
            Message foreign = notEnglish(en);
            if (foreign != null) {
                return foreign;
            }
            try {
                catalog.addPhysician(new Catalog.Physician(n, l, true, en.isEmpty() ? java.util.Map.of()
                        : java.util.Map.of(ProductValidation.ENGLISH, en)));
            } catch (ConflictException e) {
                return Message.of("catalog.licenceDuplicate", l);
            }
            return Message.of("catalog.physicianAdded", n, l);
        });
    }

    /**
     * Sets the physician's name in Latin letters, as documents in English print it (issue 12 §2).
     *
     * @param p the physician, or null when none is selected
     */
    public void setPhysicianName(Catalog.Physician p, String nameEn) {
        String en = strip(nameEn);
        run("set a physician's English name", catalog -> {
            if (p == null) {
                return Message.of("catalog.physicianNotSelected");
            }
            if (en.isEmpty()) {
                return Message.of("catalog.physicianNameEnRequired", p.name());
            }
            Message foreign = notEnglish(en);
            if (foreign != null) {
                return foreign;
            }
            catalog.setPhysicianName(p.licenceNumber(), ProductValidation.ENGLISH, en);
            return Message.of("catalog.physicianNameEnSaved", p.name(), en);
        });
    }

    /** The refusal of a text meant to be English that holds Japanese (or other East Asian) characters, or null. */
    public static Message notEnglish(String text) {
        java.util.OptionalInt c = org.exoconsent.consent.Scripts.firstEastAsian(text);
        return c.isPresent() ? Message.of("catalog.notEnglish", text,
                org.exoconsent.consent.Scripts.describe(c.getAsInt())) : null;
    }

    /** Marks the physician inactive (not offered for a new consultation) or active again. */
    public void setPhysicianActive(Catalog.Physician p, boolean active) {
        run(active ? "reactivate a physician" : "deactivate a physician", catalog -> {
            catalog.setPhysicianActive(p.licenceNumber(), active);
            return Message.of(active ? "catalog.physicianActivated" : "catalog.physicianDeactivated", p.name(),
                    p.licenceNumber());
        });
    }

    /**
     * Adds a product; the first missing or unknown field ({@link ProductValidation}) is said in the screen's
     * language. The panel is the tests as typed, separated by commas or 、.
     *
     * @param sterilisation one of {@link Catalog#STERILISATION_STATUSES} (null when none was chosen)
     * @param origin one of {@link Catalog#ORIGINS} (null when none was chosen)
     * @param supply one of {@link Catalog#SUPPLIES} (null when none was chosen)
     */
    public void addProduct(String name, String manufacturer, String sourceCells, String panel, String sterilisation,
                           String storage, String origin, String supply) {
        addProduct(new ProductValidation.ProductInput(name, manufacturer, sourceCells, panel, sterilisation, storage,
                origin, supply));
    }

    /** Adds a product as typed; the first problem is said in the screen's language. */
    public void addProduct(ProductValidation.ProductInput input) {
        List<ProductValidation.FieldProblem> problems = input.problems();
        Catalog.Product product = input.product();
        run("add a product", catalog -> {
            if (!problems.isEmpty()) {
                return message(problems.get(0));
            }
            try {
                catalog.addProduct(product);
            } catch (ConflictException e) {
                return Message.of("catalog.productDuplicate", product.name());
            }
            return Message.of("catalog.productAdded", product.name(), String.join(", ", product.virusTests()));
        });
    }

    /**
     * Says where the selected product's vesicles come from and how it reaches the clinic (a product registered
     * before these fields existed is 'unknown').
     *
     * @param product the product's name, or null when none is selected
     */
    public void setOriginAndSupply(String product, String origin, String supply) {
        run("set a product's origin and supply", catalog -> {
            if (product == null) {
                return Message.of("catalog.productNotSelected");
            }
            if (origin == null) {
                return Message.of("catalog.originRequired", product);
            }
            if (supply == null) {
                return Message.of("catalog.supplyRequired", product);
            }
            catalog.setProductOriginAndSupply(product, origin, supply);
            return Message.of("catalog.originSaved", product);
        });
    }

    /**
     * Sets the selected product's texts in English (issue 12 §2); the first problem is said in the screen's
     * language.
     *
     * @param product the product, or null when none is selected
     */
    public void setProductText(Catalog.Product product, ProductValidation.EnglishInput english) {
        run("set a product's English texts", catalog -> {
            if (product == null) {
                return Message.of("catalog.productNotSelected");
            }
            List<ProductValidation.FieldProblem> problems = english.problems(product.virusTests(),
                    product.storage() != null && !product.storage().isBlank());
            if (!problems.isEmpty()) {
                return message(problems.get(0));
            }
            try {
                catalog.setProductText(product.name(), ProductValidation.ENGLISH, english.text());
            } catch (ConflictException e) {
                return Message.of("catalog.productDuplicate", english.text().name());
            }
            return Message.of("catalog.productTextSaved", product.name(), english.text().name());
        });
    }

    /** Adds a lot; the expiry is the text of the date field (a picked date reads as yyyy-MM-dd). */
    public void addLot(String product, String number, String expiry, String qc) {
        ProductValidation.LotInput input = new ProductValidation.LotInput(product, number, expiry, qc);
        // any expiry may be registered here (a lot that has expired can still be looked up for a recall)
        List<ProductValidation.FieldProblem> problems = input.problems(null);
        run("add a lot", catalog -> {
            if (!problems.isEmpty()) {
                return message(problems.get(0));
            }
            Catalog.Lot lot = input.lot();
            java.time.LocalDate addedOn;
            try {
                addedOn = catalog.addLot(lot);
            } catch (ConflictException x) { // named as the catalog holds it (perhaps written differently)
                String held = catalog.catalog().lots().stream().filter(l -> l.product().equals(lot.product())
                        && org.exoconsent.consent.Identifiers.same(l.number(), lot.number()))
                        .map(Catalog.Lot::number).findFirst().orElse(lot.number());
                return held.equals(lot.number()) ? Message.of("catalog.lotDuplicate", lot.number(), lot.product())
                        : Message.of("catalog.lotWrittenDifferently", lot.number(), lot.product(), held);
            }
            // an expired lot is registered to be found in a recall; no treatment can be confirmed on it: said
            return Message.of(lot.expiry().isBefore(addedOn) ? "catalog.lotAddedExpired" : "catalog.lotAdded",
                    lot.number(), lot.product(), lot.expiry().toString(), addedOn.toString());
        });
    }

    private static Message message(ProductValidation.FieldProblem p) {
        return new Message(p.key(), p.args());
    }

    /** The tests of a panel typed as one text, each stripped; a blank one stays, as "", to be refused. */
    static List<String> panel(String text) {
        return ProductValidation.panel(text);
    }

    /** A typed date, yyyy-MM-dd (or with slashes; one-digit month and day allowed), or null when it is none. */
    static LocalDate date(String text) {
        return ProductValidation.date(text);
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }
}
