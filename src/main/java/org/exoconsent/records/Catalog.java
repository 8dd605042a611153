package org.exoconsent.records;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The clinic's catalog: profile, physicians, products with their virus-test panels and sterilisation status, and
 * lots. Sessions take a snapshot of it; changing the catalog never changes a recorded consent.
 */
public final class Catalog {
    /** A product's gamma-sterilisation status, in the order a form offers them. */
    public static final List<String> STERILISATION_STATUSES = List.of("sterilised", "not-sterilised", "unknown");
    /**
     * Where a product's vesicles come from: another person's cells, the patient's own cells, a non-human source
     * (such as a plant), or not known (FACTS.md, "What the treatment is", corrected 2026-11).
     */
    public static final List<String> ORIGINS = List.of("allogeneic", "autologous", "non-human", "unknown");
    /**
     * How a product reaches the clinic: as a cosmetic ingredient, as a "research reagent" (which MHLW treats as an
     * unapproved drug when promoted for treatment, FACTS.md), prepared by the clinic, otherwise, or not known.
     */
    public static final List<String> SUPPLIES = List.of("cosmetic-ingredient", "research-reagent", "clinic-prepared",
            "other", "unknown");
    static final Set<String> STERILISATION = Set.copyOf(STERILISATION_STATUSES);

    private Catalog() {
    }

    /**
     * The language of the catalog's own columns: the clinic's Japanese texts (what the catalog held before texts in
     * other languages existed). Texts in any other language are kept beside them ({@link ClinicText},
     * {@link ProductText}, a physician's {@code names}).
     */
    public static final String CATALOG_LANGUAGE = org.exoconsent.consent.CompletenessCheck.CATALOG_LANGUAGE;

    /** The clinic's texts in one language other than the catalog's: all three are written, or the row is absent. */
    public record ClinicText(String name, String address, String bloodDonationPolicy) {
    }

    /**
     * The clinic's profile: name, address and blood-donation policy in Japanese (the catalog's own), the telephone
     * number, the demo mark, and the same texts in other languages ({@code texts}, by language code).
     */
    public record Clinic(String name, String address, String phone, String bloodDonationPolicy, boolean demo,
                         Map<String, ClinicText> texts) {
        public Clinic {
            texts = texts == null ? Map.of() : Map.copyOf(texts);
        }

        /** A profile with its Japanese texts only. */
        public Clinic(String name, String address, String phone, String bloodDonationPolicy, boolean demo) {
            this(name, address, phone, bloodDonationPolicy, demo, Map.of());
        }

        /** The texts in {@code language}: the catalog's own for Japanese, else the written ones, or null. */
        public ClinicText text(String language) {
            return CATALOG_LANGUAGE.equals(language) ? new ClinicText(name, address, bloodDonationPolicy)
                    : texts.get(language);
        }

        /** The profile as a Japanese consent or leaflet quotes it. */
        public org.exoconsent.consent.ConsentSession.Clinic snapshot() {
            return snapshot(CATALOG_LANGUAGE);
        }

        /**
         * The profile as a document in {@code language} quotes it, or null when the clinic has not written its texts
         * in that language ({@link MissingText} says which).
         */
        public org.exoconsent.consent.ConsentSession.Clinic snapshot(String language) {
            ClinicText t = text(language);
            return t == null ? null : new org.exoconsent.consent.ConsentSession.Clinic(t.name(), t.address(), phone,
                    t.bloodDonationPolicy());
        }
    }

    /**
     * A physician: the name as the catalog has it (Japanese), the licence number that identifies them, whether new
     * consultations may choose them, and their name in other languages ({@code names}, by language code; in Latin
     * letters for English).
     */
    public record Physician(String name, String licenceNumber, boolean active, Map<String, String> names) {
        public Physician {
            names = names == null ? Map.of() : Map.copyOf(names);
        }

        /** A physician with their Japanese name only. */
        public Physician(String name, String licenceNumber, boolean active) {
            this(name, licenceNumber, active, Map.of());
        }

        /** The name as written in {@code language}, or null when it has not been written. */
        public String name(String language) {
            return CATALOG_LANGUAGE.equals(language) ? name : names.get(language);
        }
    }

    /**
     * A product's texts in one language other than the catalog's.
     *
     * @param virusTests one text per test of the product's own list, in the same order
     * @param storage    given exactly when the product's own storage text is
     */
    public record ProductText(String name, String manufacturer, String sourceCells, List<String> virusTests,
                              String storage) {
        public ProductText {
            virusTests = virusTests == null ? null : List.copyOf(virusTests);
        }
    }

    /**
     * A product of the catalog: its name (which identifies it: lots, recalls, the records), manufacturer, source cells,
     * tests and storage in Japanese, and the same texts in other languages ({@code texts}, by language code).
     *
     * @param origin one of {@link #ORIGINS}
     * @param supply one of {@link #SUPPLIES}
     */
    public record Product(String name, String manufacturer, String sourceCells, List<String> virusTests,
                          String sterilisation, String storage, String origin, String supply,
                          Map<String, ProductText> texts) {
        public Product {
            texts = texts == null ? Map.of() : Map.copyOf(texts);
        }

        /** A product with its Japanese texts only. */
        public Product(String name, String manufacturer, String sourceCells, List<String> virusTests,
                       String sterilisation, String storage, String origin, String supply) {
            this(name, manufacturer, sourceCells, virusTests, sterilisation, storage, origin, supply, Map.of());
        }

        /** The texts in {@code language}: the catalog's own for Japanese, else the written ones, or null. */
        public ProductText text(String language) {
            return CATALOG_LANGUAGE.equals(language) ? new ProductText(name, manufacturer, sourceCells, virusTests,
                    storage) : texts.get(language);
        }

        /** The product as a Japanese consent or leaflet quotes it. */
        public org.exoconsent.consent.ConsentSession.Product snapshot() {
            return snapshot(CATALOG_LANGUAGE);
        }

        /**
         * The product as a document in {@code language} quotes it, with its catalog name and its sterilisation,
         * origin and supply as the session's values; null when the clinic has not written its texts in that
         * language.
         */
        public org.exoconsent.consent.ConsentSession.Product snapshot(String language) {
            ProductText t = text(language);
            return t == null ? null : new org.exoconsent.consent.ConsentSession.Product(t.name(), t.manufacturer(),
                    t.sourceCells(), t.virusTests(),
                    org.exoconsent.consent.ConsentSession.Sterilisation.valueOf(constant(sterilisation)), t.storage(),
                    org.exoconsent.consent.ConsentSession.Origin.valueOf(constant(origin)),
                    org.exoconsent.consent.ConsentSession.Supply.valueOf(constant(supply)), name);
        }

        private static String constant(String id) {
            return id.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        }
    }

    public record Lot(String product, String number, LocalDate expiry, String qc) {
    }

    /**
     * A lot whose stored row cannot be read whole (its expiry changed with SQL into something that is no date): listed
     * by its product and number, never offered for a consultation (its expiry cannot be checked), with the damage as
     * {@code DamagedRow} names it (table lot, the row, column expiry, the value and the repair,
     * {@code SqlCatalog.LOT_REPAIR}).
     */
    public record DamagedLot(String product, String number, String damage) {
    }

    /**
     * Every lot of the catalog, by product name and then number: those that can be read ({@code readable}) and those
     * whose row cannot ({@code damaged}); one damaged lot stops only itself (issue 17).
     */
    public record Lots(List<Lot> readable, List<DamagedLot> damaged) {
        public Lots {
            readable = List.copyOf(readable);
            damaged = List.copyOf(damaged);
        }
    }

    /**
     * A text the clinic has not written in a language a consultation may be held in.
     *
     * @param kind    what it belongs to
     * @param subject for a physician, their name (Japanese) and licence; for a product, its name; null for the clinic
     * @param field   which text: {@code name}, {@code address}, {@code blood-donation-policy} (clinic);
     *                {@code name} (physician, in Latin letters for English); {@code name}, {@code manufacturer},
     *                {@code source-cells}, {@code virus-tests}, {@code storage} (product)
     */
    public record MissingText(String language, Kind kind, String subject, String field) {
        /** What a missing text belongs to, and where an administrator adds it. */
        public enum Kind {
            CLINIC("Administration > Clinic"),
            PHYSICIAN("Administration > Physicians"),
            PRODUCT("Administration > Products");

            private final String where;

            Kind(String where) {
                this.where = where;
            }

            /** Where in the app an administrator adds such a text (English, for messages and the command line). */
            public String where() {
                return where;
            }
        }

        /** In English, for the command line and refusals: "product 'X': source cells". */
        public String describe() {
            String f = field.replace('-', ' ');
            return switch (kind) {
                case CLINIC -> "clinic: " + f;
                case PHYSICIAN -> "physician " + subject + ": " + f
                        + ("en".equals(language) && "name".equals(field) ? " in Latin letters" : "");
                case PRODUCT -> "product '" + subject + "': " + f;
            };
        }
    }

    /**
     * The texts missing in {@code language} for a consultation with that physician and product (either may be
     * null: not chosen yet), or, with both null, for any consultation: the clinic's, every active physician's name and
     * every product's. Empty for Japanese, whose texts are the catalog's own.
     */
    public static List<MissingText> missingTexts(Clinic clinic, List<Physician> physicians, List<Product> products,
                                                 String language) {
        List<MissingText> out = new ArrayList<>();
        if (CATALOG_LANGUAGE.equals(language)) {
            return out;
        }
        if (clinic == null || clinic.text(language) == null) {
            for (String f : List.of("name", "address", "blood-donation-policy")) {
                out.add(new MissingText(language, MissingText.Kind.CLINIC, null, f));
            }
        }
        for (Physician p : physicians) {
            if (p.name(language) == null) {
                out.add(new MissingText(language, MissingText.Kind.PHYSICIAN, p.name() + " (licence "
                        + p.licenceNumber() + ")", "name"));
            }
        }
        for (Product p : products) {
            if (p.text(language) == null) {
                for (String f : p.storage() == null ? List.of("name", "manufacturer", "source-cells", "virus-tests")
                        : List.of("name", "manufacturer", "source-cells", "virus-tests", "storage")) {
                    out.add(new MissingText(language, MissingText.Kind.PRODUCT, p.name(), f));
                }
            }
        }
        return out;
    }

    /**
     * What is wrong with texts in {@code language} for a product whose own (Japanese) texts are {@code product}'s,
     * each naming the field: a blank name, manufacturer or source cells; a list of tests of another length, or a
     * blank test; a storage text given without the product's own or missing with it; a language that is not a
     * two- or three-letter code other than Japanese; East Asian characters in a text of a language other than
     * Japanese ({@link org.exoconsent.consent.Scripts}: a document in that language must not contain them).
     */
    public static List<String> problems(Product product, String language, ProductText t) {
        List<String> p = new ArrayList<>();
        String what = "product '" + product.name() + "': " + languageName(language) + " ";
        if (!language(p, language)) {
            return p;
        }
        if (t == null) {
            p.add(what + "texts: missing");
            return p;
        }
        required(p, what + "name", t.name(), language);
        required(p, what + "manufacturer", t.manufacturer(), language);
        required(p, what + "source cells", t.sourceCells(), language);
        List<String> own = product.virusTests() == null ? List.of() : product.virusTests();
        List<String> given = t.virusTests() == null ? List.of() : t.virusTests();
        if (given.size() != own.size()) {
            p.add(what + "virus tests: " + given.size() + " given, but the product lists " + own.size() + " ("
                    + String.join(", ", own) + "): give one text for each, in the same order");
        } else {
            for (int i = 0; i < given.size(); i++) {
                required(p, what + "virus test " + (i + 1) + " (" + own.get(i) + ")", given.get(i), language);
            }
        }
        boolean ownStorage = product.storage() != null && !product.storage().isBlank();
        if (ownStorage) {
            required(p, what + "storage", t.storage(), language);
        } else if (t.storage() != null && !t.storage().isBlank()) {
            p.add(what + "storage: the product has no storage text of its own; give both or neither");
        }
        return p;
    }

    /** What is wrong with the clinic's texts in {@code language} (as {@link #problems(Product, String, ProductText)}). */
    public static List<String> problems(String language, ClinicText t) {
        List<String> p = new ArrayList<>();
        if (!language(p, language)) {
            return p;
        }
        String what = "clinic: " + languageName(language) + " ";
        if (t == null) {
            p.add(what + "texts: missing");
            return p;
        }
        required(p, what + "name", t.name(), language);
        required(p, what + "address", t.address(), language);
        required(p, what + "blood-donation policy", t.bloodDonationPolicy(), language);
        return p;
    }

    /** What is wrong with a physician's name in {@code language} (in Latin letters for English). */
    public static List<String> problems(String language, String physician, String name) {
        List<String> p = new ArrayList<>();
        if (language(p, language)) {
            required(p, "physician " + physician + ": " + languageName(language) + " name", name, language);
        }
        return p;
    }

    /** The language's English name, e.g. "English" for en. */
    public static String languageName(String language) {
        return java.util.Locale.forLanguageTag(language).getDisplayLanguage(java.util.Locale.ENGLISH);
    }

    private static boolean language(List<String> p, String language) {
        if (language == null || !language.matches("[a-z]{2,3}") || CATALOG_LANGUAGE.equals(language)) {
            p.add("language: '" + language + "' is not a language for texts beside the catalog's own (Japanese): "
                    + "give a code such as en");
            return false;
        }
        return true;
    }

    private static void required(List<String> p, String what, String value, String language) {
        if (value == null || value.isBlank()) {
            p.add(what + ": missing");
            return;
        }
        printable(p, what, value);
        java.util.OptionalInt c = org.exoconsent.consent.Scripts.firstEastAsian(value);
        if (c.isPresent()) {
            p.add(what + ": '" + value + "' contains " + org.exoconsent.consent.Scripts.describe(c.getAsInt())
                    + "; write it in " + languageName(language) + (language.equals("en")
                    ? " (Latin letters, and ( ) : , rather than （ ）： 、)" : ""));
        }
    }

    /**
     * Adds the problem of a catalog text that a consent, a leaflet or a card would print: a control or invisible
     * formatting character ({@link org.exoconsent.consent.TextRules}; line breaks only in addresses, policies and
     * storage texts), a text longer than a session may hold it ({@link org.exoconsent.limits.InputLimits}: 2,000
     * characters for addresses, policies, storage, manufacturer and source cells, as
     * {@link org.exoconsent.consent.SessionLimits#maxCharacters}; 200 for every other), a text with nothing visible in it, or a character no
     * bundled font can draw ({@link org.exoconsent.pdf.PrintableText}), so that the clinic hears of it when it
     * writes the text, not when a patient's consent is refused.
     */
    private static void printable(List<String> p, String what, String value) {
        boolean lines = what.endsWith("address") || what.endsWith("policy") || what.endsWith("storage");
        // the limit a session holds this text to (SessionLimits.maxCharacters): a longer one would be refused in
        // every consultation that quotes it
        boolean text = lines || what.endsWith("manufacturer") || what.endsWith("source cells");
        String tooLong = org.exoconsent.limits.InputLimits.lengthProblem(what, value, text
                ? org.exoconsent.limits.InputLimits.MAX_TEXT_CHARACTERS
                : org.exoconsent.limits.InputLimits.MAX_LINE_CHARACTERS);
        if (tooLong != null) {
            p.add(tooLong);
            return;
        }
        org.exoconsent.pdf.PrintableText.fieldProblem(what, value, lines).ifPresent(p::add);
    }

    /**
     * Refuses a clinic profile (IllegalArgumentException naming every problem; nothing is stored): its name,
     * address, phone or blood-donation policy missing or unprintable ({@link #printable}), or a problem of its texts in
     * another language ({@link #problems(String, ClinicText)}).
     */
    static void checkClinic(Clinic clinic) {
        List<String> problems = new ArrayList<>();
        for (String[] f : new String[][] {{"name", clinic.name()}, {"address", clinic.address()},
            {"phone", clinic.phone()}, {"blood donation policy", clinic.bloodDonationPolicy()}}) {
            if (f[1] == null || f[1].isBlank()) {
                problems.add("clinic " + f[0] + ": missing");
            } else {
                printable(problems, "clinic " + f[0], f[1]);
            }
        }
        clinic.texts().forEach((language, t) -> problems.addAll(problems(language, t)));
        refuse(problems);
    }

    /**
     * Refuses the clinic's texts in {@code language} (IllegalArgumentException naming every problem) when there is
     * no clinic profile yet ({@code current} null) or a text is missing or not written in that language.
     */
    static void checkClinicText(Clinic current, String language, ClinicText t) {
        List<String> problems = problems(language, t);
        if (current == null) {
            problems.add(0, "clinic: there is no clinic profile yet; set it first (its Japanese texts)");
        }
        refuse(problems);
    }

    /**
     * Refuses a new physician (IllegalArgumentException) without a name or a licence, or with a name or licence that
     * is unprintable, or a name in another language that is blank or not written in its language.
     */
    static void checkPhysician(Physician p) {
        if (p.name() == null || p.name().isBlank() || p.licenceNumber() == null || p.licenceNumber().isBlank()) {
            throw new IllegalArgumentException("physician: name and licence number are both required");
        }
        List<String> problems = new ArrayList<>();
        printable(problems, "physician name", p.name());
        printable(problems, "physician licence number", p.licenceNumber());
        p.names().forEach((language, name) -> problems.addAll(problems(language, p.name(), name)));
        refuse(problems);
    }

    /**
     * Refuses (IllegalArgumentException) a physician's name in {@code language} for a licence the catalog does not
     * hold ({@code listed} null: the catalog's physician with that licence), or a name that is blank or not written
     * in that language.
     */
    static void checkPhysicianName(Physician listed, String licence, String language, String name) {
        if (listed == null) {
            throw notInCatalog(licence);
        }
        refuse(problems(language, listed.name() + " (licence " + licence + ")", name));
    }

    /**
     * Refuses (IllegalArgumentException) marking a physician active or inactive for a licence the catalog does not
     * hold ({@code listed} null), or when the physician already is in that state.
     */
    static void checkPhysicianActive(Physician listed, String licence, boolean active) {
        if (listed == null) {
            throw notInCatalog(licence);
        }
        if (listed.active() == active) {
            throw new IllegalArgumentException("physician " + listed.name() + " (licence " + licence + "): is already "
                    + (active ? "active" : "inactive"));
        }
    }

    private static IllegalArgumentException notInCatalog(String licence) {
        return new IllegalArgumentException("physician: licence '" + licence + "' is not in the catalog");
    }

    /** The refusal of a product the catalog does not hold (IllegalArgumentException naming it). */
    static IllegalArgumentException productNotInCatalog(String product) {
        return new IllegalArgumentException("product: '" + product + "' is not in the catalog");
    }

    /**
     * Refuses (IllegalArgumentException, naming every problem) a product's texts in {@code language} for a product
     * the catalog does not hold ({@code listed} null), or with a problem of
     * {@link #problems(Product, String, ProductText)}.
     */
    static void checkProductText(Product listed, String product, String language, ProductText t) {
        if (listed == null) {
            throw productNotInCatalog(product);
        }
        refuse(problems(listed, language, t));
    }

    /**
     * Refuses (IllegalArgumentException naming it) a product's origin and supply for a product the catalog does not
     * hold ({@code listed} null), or a value not in {@link #ORIGINS} or {@link #SUPPLIES}.
     */
    static void checkOriginAndSupply(Product listed, String name, String origin, String supply) {
        if (listed == null) {
            throw productNotInCatalog(name);
        }
        if (!ORIGINS.contains(origin)) {
            throw new IllegalArgumentException("product '" + name + "': origin: '" + origin + "' is not one of "
                    + String.join(", ", ORIGINS));
        }
        if (!SUPPLIES.contains(supply)) {
            throw new IllegalArgumentException("product '" + name + "': supply: '" + supply + "' is not one of "
                    + String.join(", ", SUPPLIES));
        }
    }

    /**
     * Refuses a new product (IllegalArgumentException naming the field): a missing name, manufacturer or source
     * cells, no virus test or a test without a name, a sterilisation, origin or supply not among the listed ones,
     * more tests than {@link org.exoconsent.limits.InputLimits#MAX_VIRUS_TESTS}, an unprintable text, or a problem of
     * its texts in another language.
     */
    static void checkProduct(Product p) {
        if (blank(p.name())) {
            throw new IllegalArgumentException("product: name is required");
        }
        String product = "product '" + p.name() + "'";
        if (blank(p.manufacturer())) {
            throw new IllegalArgumentException(product + ": manufacturer is required");
        }
        if (blank(p.sourceCells())) {
            throw new IllegalArgumentException(product + ": source cells are required");
        }
        if (p.virusTests() == null || p.virusTests().isEmpty()) {
            throw new IllegalArgumentException(product + ": virus tests: give at least one test performed on the "
                    + "product");
        }
        for (int i = 0; i < p.virusTests().size(); i++) {
            if (blank(p.virusTests().get(i))) {
                throw new IllegalArgumentException(product + ": virus tests: test " + (i + 1) + " of "
                        + p.virusTests().size() + " has no name");
            }
        }
        if (!STERILISATION.contains(p.sterilisation())) {
            throw new IllegalArgumentException("sterilisation: '" + p.sterilisation() + "' is not one of sterilised, "
                    + "not-sterilised, unknown");
        }
        if (!ORIGINS.contains(p.origin())) {
            throw new IllegalArgumentException(product + ": origin: '" + p.origin() + "' is not one of "
                    + String.join(", ", ORIGINS));
        }
        if (!SUPPLIES.contains(p.supply())) {
            throw new IllegalArgumentException(product + ": supply: '" + p.supply() + "' is not one of "
                    + String.join(", ", SUPPLIES));
        }
        List<String> problems = new ArrayList<>();
        for (String[] f : new String[][] {{"name", p.name()}, {"manufacturer", p.manufacturer()},
            {"source cells", p.sourceCells()}, {"storage", p.storage()}}) {
            if (f[1] != null) {
                printable(problems, "product " + f[0], f[1]);
            }
        }
        String tests = org.exoconsent.limits.InputLimits.countProblem(product + ": virus tests", p.virusTests().size(),
                org.exoconsent.limits.InputLimits.MAX_VIRUS_TESTS, "tests");
        if (tests != null) {
            problems.add(tests);
        } else {
            for (String test : p.virusTests()) {
                printable(problems, "product virus test", test);
            }
        }
        p.texts().forEach((language, t) -> problems.addAll(problems(p, language, t)));
        refuse(problems);
    }

    /**
     * Refuses a new lot (IllegalArgumentException naming the lot): no product, number or expiry, an expiry outside the
     * years 1800 to 9999 (which the store would read back as damage, {@link DamagedRow}), or a number or QC
     * text that is unprintable, or a number mixing scripts ({@link org.exoconsent.consent.Identifiers}). Whether the
     * product exists is the store's to say ({@link #productNotInCatalog}).
     */
    static void checkLot(Lot lot) {
        if (blank(lot.product())) {
            throw new IllegalArgumentException("lot: product is required");
        }
        if (blank(lot.number())) {
            throw new IllegalArgumentException("lot of product '" + lot.product() + "': number is required");
        }
        if (lot.expiry() == null) {
            throw new IllegalArgumentException("lot " + lot.number() + " of product '" + lot.product()
                    + "': expiry is required");
        }
        if (!DamagedRow.plausibleYear(lot.expiry().getYear())) { // stored, it would read as damage (attack review)
            throw new IllegalArgumentException("lot " + lot.number() + " of product '" + lot.product() + "': expiry "
                    + lot.expiry() + " is not a date of the years 1800 to 9999");
        }
        List<String> problems = new ArrayList<>();
        printable(problems, "lot number", lot.number());
        org.exoconsent.consent.Identifiers.mixedScriptProblem("lot number", lot.number()).ifPresent(problems::add);
        if (lot.qc() != null) {
            printable(problems, "lot QC", lot.qc());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("lot of product '" + lot.product() + "': " + String.join("; ",
                    problems));
        }
    }

    /**
     * The problem of a lot whose stored compared form ({@code lot.number_key}, migration 12) is not
     * {@link org.exoconsent.consent.Identifiers#key} of its number, or null when it is: a key edited with a database
     * tool (its trigger dropped) would let a second spelling of the lot in, or hide it from a recall's nearest lots.
     * For {@code records verify}.
     *
     * @param storedKey the key as stored, or null when it is missing
     * @return the problem, naming the product, the number, the stored key and the right one; or null
     */
    static String lotKeyProblem(String product, String number, String storedKey) {
        String expected = org.exoconsent.consent.Identifiers.key(number);
        if (java.util.Objects.equals(expected, storedKey)) {
            return null;
        }
        return "catalog: lot " + number + " of product '" + product + "': number_key is " + (storedKey == null
                ? "missing" : "'" + storedKey + "'") + ", but the number is compared as '" + expected + "' (the "
                + "catalog's duplicate check and a recall's nearest lots would miss it)";
    }

    private static void refuse(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * What removing the demo catalog removed: how many physicians, products and lots (each zero or more; all zero when
     * they were gone already), and what the catalog holds afterwards for a consultation to start: active physicians,
     * inactive ones (an administrator may offer one again), products, lots not expired on the clinic's date of the
     * removal, and the demo products kept because the clinic added a lot of its own to them (their names).
     */
    public record DemoRemoved(int physicians, int products, int lots, int physiciansLeft, int inactivePhysiciansLeft,
                              int productsLeft, int usableLotsLeft, List<String> keptDemoProducts) {
        public DemoRemoved {
            keptDemoProducts = List.copyOf(keptDemoProducts);
        }

        /** Whether nothing was removed (the demo catalog was gone already). */
        public boolean nothing() {
            return physicians == 0 && products == 0 && lots == 0;
        }
    }

    /** The practice physician of a new data directory's demo catalog ({@link #seedDemoIfNew}). */
    static final Physician DEMO_PHYSICIAN = new Physician("山田 太郎", "123456", true, Map.of("en", "Taro Yamada"));

    /** The practice clinic of a new data directory, clearly marked (its {@code demo} mark), in Japanese and English. */
    static final Clinic DEMO_CLINIC = new Clinic("デモクリニック（練習用・架空）", "東京都千代田区デモ町1-2-3", "03-0000-0000",
            "当院では、この治療を受けた方には、献血の前に必ず献血会場でこの治療を受けたことを申し出るようお願いしています。"
                    + "当院から献血の可否をお答えすることはできません。", true,
            Map.of("en", new ClinicText("Demo Clinic (practice data, fictitious)", "1-2-3 Demo-cho, Chiyoda-ku, Tokyo",
                    "We ask every patient who received this treatment to tell the blood donation centre about it "
                            + "before donating. The clinic cannot say whether you may donate.")));

    private static final String DEMO_UC = "デモ培養上清エクソソーム UC-10";
    private static final String DEMO_AD = "Demo Adipose EV Concentrate";

    /** The practice products of the demo catalog, in Japanese and English, in the order they are added. */
    static final List<Product> DEMO_PRODUCTS = List.of(
            new Product(DEMO_UC, "デモ製薬株式会社（架空）", "ヒト臍帯（へその緒）由来の間葉系幹細胞",
                    List.of("HIV-1/2", "HBV", "HCV", "HTLV-1", "パルボウイルスB19", "マイコプラズマ", "エンドトキシン",
                            "無菌試験"), "not-sterilised", "-20℃以下で冷凍保管", "allogeneic", "research-reagent",
                    Map.of("en", new ProductText("Demo Culture-Supernatant Exosomes UC-10",
                            "Demo Pharma Co., Ltd. (fictitious)", "mesenchymal stem cells from human umbilical cord",
                            List.of("HIV-1/2", "HBV", "HCV", "HTLV-1", "Parvovirus B19", "Mycoplasma", "Endotoxin",
                                    "Sterility test"), "Stored frozen at -20 °C or below"))),
            new Product(DEMO_AD, "デモ・バイオロジクス株式会社（架空）", "ヒト脂肪由来の幹細胞",
                    List.of("HIV-1/2", "HBV", "HCV", "HTLV-1", "パルボウイルスB19"), "unknown", null, "allogeneic",
                    "cosmetic-ingredient",
                    Map.of("en", new ProductText(DEMO_AD, "Demo Biologics Ltd. (fictitious)",
                            "human adipose-derived stem cells",
                            List.of("HIV-1/2", "HBV", "HCV", "HTLV-1", "Parvovirus B19"), null))));

    /** The practice lots of the demo catalog, one per demo product. */
    static final List<Lot> DEMO_LOTS = List.of(new Lot(DEMO_UC, "UC10-2611-04", LocalDate.of(2027, 5, 31), null),
            new Lot(DEMO_AD, "AD-2609-17", LocalDate.of(2027, 2, 28), null));

    /**
     * A new data directory gets a clearly marked practice clinic, so the app and the examples run at once: its
     * profile, physician, products and lots in Japanese (the catalog's own texts) and in English ({@link
     * #DEMO_CLINIC}, {@link #DEMO_PHYSICIAN}, {@link #DEMO_PRODUCTS}, {@link #DEMO_LOTS}). Looks first without the
     * write lock (a data directory in use is never made to wait), then decides in the write lock from the content
     * ({@link CatalogStore#isNew}), so that two programs making the same new data directory at once seed it once.
     *
     * @param root the data directory, named in a refusal
     * @return whether this call seeded it (false when another program had already, or the store is not new)
     * @throws BusyException  when another program kept the store busy past the busy timeout (nothing was opened)
     * @throws StoreException "cannot seed the demo clinic" with the database's message otherwise
     */
    static boolean seedDemoIfNew(Stores stores, java.nio.file.Path root) throws StoreException {
        return seedDemoIfNew(stores, root.toString());
    }

    /** As {@link #seedDemoIfNew(Stores, java.nio.file.Path)} for a store named {@code root} in messages. */
    static boolean seedDemoIfNew(Stores stores, String root) throws StoreException {
        CatalogStore catalog = stores.catalog();
        Transactions tx = stores.transactions();
        try {
            if (!catalog.isNew()) {
                return false;
            }
        } catch (java.sql.SQLException e) {
            throw seedFailure(tx, root, e);
        }
        try {
            tx.beginWrite();
        } catch (BusyException e) {
            throw BusyException.opening(root, e.getCause());
        } catch (java.sql.SQLException e) {
            throw seedFailure(tx, root, e);
        }
        try {
            // new is decided here, in the lock, from the content, not from whether the file existed when this
            // program looked: whichever program comes first seeds it, once
            if (!catalog.isNew()) {
                tx.rollback();
                return false;
            }
            catalog.seedDemo();
            tx.commit();
            return true;
        } catch (java.sql.SQLException e) {
            tx.rollback();
            throw seedFailure(tx, root, e);
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        }
    }

    private static StoreException seedFailure(Transactions tx, String root, java.sql.SQLException e) {
        StoreException read = tx.failure(e); // the store's own reading of its failure
        if (read instanceof BusyException) {
            return BusyException.opening(root, e);
        }
        if (read instanceof StoreUnreachableException) {
            return read; // the server went away: nothing to do with seeding
        }
        return new StoreException("cannot seed the demo clinic: " + e.getMessage(), e);
    }
}
