package org.exoconsent.ui.admin;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
                               String sterilisation, String storage, String origin, String supply) {
        /** Whether nothing at all was typed or chosen. */
        public boolean isEmpty() {
            return strip(name).isEmpty() && strip(manufacturer).isEmpty() && strip(sourceCells).isEmpty()
                    && strip(virusTests).isEmpty() && sterilisation == null && strip(storage).isEmpty()
                    && origin == null && supply == null;
        }

        /** The product to add; only meaningful when {@link #problems} finds none. */
        public Catalog.Product product() {
            String kept = strip(storage);
            return new Catalog.Product(strip(name), strip(manufacturer), strip(sourceCells), panel(virusTests),
                    sterilisation, kept.isEmpty() ? null : kept, origin, supply);
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
            return p;
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
