package org.exoconsent.ui.admin;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.exoconsent.records.Catalog;

/**
 * The rules of a product and of a lot as an administrator types them (the Products and Lots tabs, and the first
 * product of the first-run set-up): each problem names its field and a message key of the UI bundles, with its
 * arguments, so that a form can say the reason beside the field, in the screen's language. The store checks the
 * same again when the product is added, and audits it.
 */
public final class ProductValidation {
    /** The fields of a product, in the order a form shows them (also the last part of their controls' ids). */
    public static final String NAME = "name";
    public static final String MANUFACTURER = "manufacturer";
    public static final String SOURCE_CELLS = "source-cells";
    public static final String VIRUS_TESTS = "virus-tests";
    public static final String STERILISATION = "sterilisation";
    public static final String STORAGE = "storage";
    public static final String ORIGIN = "origin";
    public static final String SUPPLY = "supply";
    /** A product's texts in English (issue 12 §2), the twins of the fields above. */
    public static final String NAME_EN = "name-en";
    public static final String MANUFACTURER_EN = "manufacturer-en";
    public static final String SOURCE_CELLS_EN = "source-cells-en";
    public static final String VIRUS_TESTS_EN = "virus-tests-en";
    public static final String STORAGE_EN = "storage-en";
    /** The language of the English fields. */
    public static final String ENGLISH = "en";
    /** The fields of a lot. */
    public static final String LOT_PRODUCT = "lot-product";
    public static final String LOT_NUMBER = "lot-number";
    public static final String LOT_EXPIRY = "lot-expiry";

    /** What separates the tests of a panel typed as one text: a comma (half- or full-width) or 、. */
    private static final Pattern TEST_SEPARATOR = Pattern.compile("[,、，]");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-M-d")
            .withResolverStyle(ResolverStyle.STRICT);

    /** A problem with one field: the field (one of the constants above), a message key, and its arguments. */
    public record FieldProblem(String field, String key, List<Object> args) {
        public FieldProblem(String field, String key, Object... args) {
            this(field, key, List.of(args));
        }
    }

    /**
     * A product as typed: the texts of its fields, and the ids chosen ({@code null} when none was chosen).
     *
     * @param virusTests  the panel as one text, the tests separated by commas or 、
     * @param sterilisation one of {@link Catalog#STERILISATION_STATUSES}, or null
     * @param origin      one of {@link Catalog#ORIGINS}, or null
     * @param supply      one of {@link Catalog#SUPPLIES}, or null
     */
    public record ProductInput(String name, String manufacturer, String sourceCells, String virusTests,
                               String sterilisation, String storage, String origin, String supply,
                               EnglishInput english) {
        public ProductInput {
            english = english == null ? EnglishInput.NONE : english;
        }

        /** A product as typed, without English texts. */
        public ProductInput(String name, String manufacturer, String sourceCells, String virusTests,
                            String sterilisation, String storage, String origin, String supply) {
            this(name, manufacturer, sourceCells, virusTests, sterilisation, storage, origin, supply, null);
        }

        /** Whether nothing at all was typed or chosen. */
        public boolean isEmpty() {
            return strip(name).isEmpty() && strip(manufacturer).isEmpty() && strip(sourceCells).isEmpty()
                    && strip(virusTests).isEmpty() && sterilisation == null && strip(storage).isEmpty()
                    && origin == null && supply == null && english.isEmpty();
        }

        /** The product to add; only meaningful when {@link #problems} finds none. */
        public Catalog.Product product() {
            String kept = strip(storage);
            return new Catalog.Product(strip(name), strip(manufacturer), strip(sourceCells), panel(virusTests),
                    sterilisation, kept.isEmpty() ? null : kept, origin, supply,
                    english.isEmpty() ? Map.of() : Map.of(ENGLISH, english.text()));
        }

        /**
         * Every problem, in the order of the form; the Products tab says the first one. Origin and supply are never
         * assumed: "unknown" is a choice the administrator makes.
         */
        public List<FieldProblem> problems() {
            List<FieldProblem> p = new ArrayList<>();
            String n = strip(name);
            if (n.isEmpty()) {
                p.add(new FieldProblem(NAME, "catalog.productNameRequired"));
            }
            if (strip(manufacturer).isEmpty()) {
                p.add(new FieldProblem(MANUFACTURER, "catalog.manufacturerRequired", n));
            }
            if (strip(sourceCells).isEmpty()) {
                p.add(new FieldProblem(SOURCE_CELLS, "catalog.sourceCellsRequired", n));
            }
            List<String> tests = panel(virusTests);
            int blank = tests.indexOf("");
            if (tests.isEmpty()) {
                p.add(new FieldProblem(VIRUS_TESTS, "catalog.virusTestsRequired", n));
            } else if (blank >= 0) {
                p.add(new FieldProblem(VIRUS_TESTS, "catalog.virusTestBlank", n, String.valueOf(blank + 1),
                        strip(virusTests)));
            }
            if (!oneOf(Catalog.STERILISATION_STATUSES, sterilisation)) {
                p.add(new FieldProblem(STERILISATION, "catalog.sterilisationRequired", n));
            }
            if (!oneOf(Catalog.ORIGINS, origin)) {
                p.add(new FieldProblem(ORIGIN, "catalog.originRequired", n));
            }
            if (!oneOf(Catalog.SUPPLIES, supply)) {
                p.add(new FieldProblem(SUPPLY, "catalog.supplyRequired", n));
            }
            if (!english.isEmpty()) {
                p.addAll(english.problems(tests, !strip(storage).isEmpty()));
            }
            return p;
        }
    }

    /**
     * A product's texts in English as typed (issue 12 §2): optional as a whole, but once anything is typed, the name,
     * manufacturer, source cells and one test for each of the product's tests (in the same order) are required, and
     * the storage exactly when the product has one; none may contain Japanese (or other East Asian) characters.
     *
     * @param virusTests the tests as one text, separated by commas
     */
    public record EnglishInput(String name, String manufacturer, String sourceCells, String virusTests,
                               String storage) {
        /** Nothing typed. */
        public static final EnglishInput NONE = new EnglishInput(null, null, null, null, null);

        /** Whether nothing was typed. */
        public boolean isEmpty() {
            return strip(name).isEmpty() && strip(manufacturer).isEmpty() && strip(sourceCells).isEmpty()
                    && strip(virusTests).isEmpty() && strip(storage).isEmpty();
        }

        /** The texts to store; only meaningful when {@link #problems} finds none. */
        public Catalog.ProductText text() {
            String kept = strip(storage);
            return new Catalog.ProductText(strip(name), strip(manufacturer), strip(sourceCells), panel(virusTests),
                    kept.isEmpty() ? null : kept);
        }

        /**
         * Every problem, in the order of the form.
         *
         * @param tests       the product's own tests
         * @param withStorage whether the product has a storage text of its own
         */
        public List<FieldProblem> problems(List<String> tests, boolean withStorage) {
            List<FieldProblem> p = new ArrayList<>();
            english(p, NAME_EN, name);
            english(p, MANUFACTURER_EN, manufacturer);
            english(p, SOURCE_CELLS_EN, sourceCells);
            List<String> given = panel(virusTests);
            if (given.size() != tests.size() || given.contains("")) {
                p.add(new FieldProblem(VIRUS_TESTS_EN, "catalog.enTests", String.valueOf(tests.size()),
                        String.join(", ", tests), String.valueOf(given.size())));
            } else {
                given.forEach(t -> foreign(p, VIRUS_TESTS_EN, t));
            }
            if (withStorage) {
                english(p, STORAGE_EN, storage);
            } else if (!strip(storage).isEmpty()) {
                p.add(new FieldProblem(STORAGE_EN, "catalog.enStorageWithout"));
            }
            return p;
        }

        private static void english(List<FieldProblem> p, String field, String value) {
            if (strip(value).isEmpty()) {
                p.add(new FieldProblem(field, "catalog.enRequired." + field));
            } else {
                foreign(p, field, value);
            }
        }

        private static void foreign(List<FieldProblem> p, String field, String value) {
            java.util.OptionalInt c = org.exoconsent.consent.Scripts.firstEastAsian(value);
            if (c.isPresent()) {
                p.add(new FieldProblem(field, "catalog.notEnglish", strip(value),
                        org.exoconsent.consent.Scripts.describe(c.getAsInt())));
            }
        }
    }

    /**
     * A lot as typed.
     *
     * @param product the product's name
     * @param expiry  the date as typed or picked (yyyy-MM-dd, or with slashes)
     */
    public record LotInput(String product, String number, String expiry, String qc) {
        /** Whether neither a number nor an expiry was typed. */
        public boolean isEmpty() {
            return strip(number).isEmpty() && strip(expiry).isEmpty();
        }

        /** The lot to add; only meaningful when {@link #problems} finds none. */
        public Catalog.Lot lot() {
            String q = strip(qc);
            return new Catalog.Lot(strip(product), strip(number), date(expiry), q.isEmpty() ? null : q);
        }

        /**
         * Every problem, in the order of the form; the Lots tab says the first one.
         *
         * @param notBefore the first day the expiry may be (a first lot must still be usable), or null for any day
         */
        public List<FieldProblem> problems(LocalDate notBefore) {
            List<FieldProblem> p = new ArrayList<>();
            String pr = strip(product);
            String n = strip(number);
            String e = strip(expiry);
            if (pr.isEmpty()) {
                p.add(new FieldProblem(LOT_PRODUCT, "catalog.lotProductRequired"));
            }
            if (n.isEmpty()) {
                p.add(new FieldProblem(LOT_NUMBER, "catalog.lotNumberRequired", pr));
            }
            LocalDate date = date(e);
            if (e.isEmpty()) {
                p.add(new FieldProblem(LOT_EXPIRY, "catalog.expiryRequired", n, pr));
            } else if (date == null) {
                p.add(new FieldProblem(LOT_EXPIRY, "catalog.expiryInvalid", n, pr, e));
            } else if (notBefore != null && date.isBefore(notBefore)) {
                p.add(new FieldProblem(LOT_EXPIRY, "catalog.expiryPast", n, pr, date.toString()));
            }
            return p;
        }
    }

    /**
     * The first-run set-up's "first product": a product and its first lot, optional together. When anything of
     * either is given, the whole product and its lot are required (a product is chosen for a consultation by its
     * lot), and the lot must not have expired: the set-up adds both or neither.
     */
    public record FirstProduct(ProductInput product, String lotNumber, String lotExpiry) {
        public LotInput lot() {
            return new LotInput(product.name(), lotNumber, lotExpiry, null);
        }

        /** Whether nothing of the product or its lot was typed or chosen: the set-up then adds no product. */
        public boolean isEmpty() {
            return product.isEmpty() && lot().isEmpty();
        }

        /** Every problem, in the order of the form; none when nothing was given. */
        public List<FieldProblem> problems(LocalDate today) {
            if (isEmpty()) {
                return List.of();
            }
            List<FieldProblem> p = new ArrayList<>(product.problems());
            // the lot's product is the one above, whose missing name is said beside the name
            lot().problems(today).stream().filter(x -> !x.field().equals(LOT_PRODUCT)).forEach(p::add);
            return p;
        }
    }

    private ProductValidation() {
    }

    /** The tests of a panel typed as one text, each stripped; a blank one stays, as "", to be refused. */
    public static List<String> panel(String text) {
        String t = strip(text);
        return t.isEmpty() ? List.of() : Arrays.stream(TEST_SEPARATOR.split(t, -1)).map(String::strip).toList();
    }

    /** A typed date, yyyy-MM-dd (or with slashes; one-digit month and day allowed), or null when it is none. */
    public static LocalDate date(String text) {
        try {
            return LocalDate.parse(strip(text).replace('/', '-'), DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Whether a choice was made, and is one of the ids (List.of refuses to look for null). */
    private static boolean oneOf(List<String> ids, String chosen) {
        return chosen != null && ids.contains(chosen);
    }

    static String strip(String s) {
        return s == null ? "" : s.strip();
    }
}
