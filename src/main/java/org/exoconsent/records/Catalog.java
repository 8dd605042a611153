package org.exoconsent.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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

    static Clinic clinic(Connection c) throws SQLException {
        Map<String, ClinicText> texts = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT language, name, address, blood_donation_policy FROM clinic_text "
                     + "ORDER BY language")) {
            while (rs.next()) {
                texts.put(rs.getString(1), new ClinicText(rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, address, phone, blood_donation_policy, demo FROM clinic")) {
            return rs.next() ? new Clinic(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getInt(5) == 1, texts) : null;
        }
    }

    /** The physicians' names in other languages: physician id → language → name. */
    private static Map<Long, Map<String, String>> physicianNames(Connection c) throws SQLException {
        Map<Long, Map<String, String>> out = new java.util.HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT physician_id, language, name FROM physician_text")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
            }
        }
        return out;
    }

    /** The products' texts in other languages: product id → language → texts. */
    private static Map<Long, Map<String, ProductText>> productTexts(Connection c) throws SQLException {
        Map<Long, Map<String, ProductText>> out = new java.util.HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT product_id, language, name, manufacturer, source_cells, "
                     + "virus_tests, storage FROM product_text")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2),
                        new ProductText(rs.getString(3), rs.getString(4), rs.getString(5), tests(rs.getString(6)),
                                rs.getString(7)));
            }
        }
        return out;
    }

    static List<Physician> physicians(Connection c) throws SQLException {
        List<Physician> out = new ArrayList<>();
        Map<Long, Map<String, String>> names = physicianNames(c);
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, licence_number, active, id FROM physician ORDER BY name")) {
            while (rs.next()) {
                out.add(new Physician(rs.getString(1), rs.getString(2), rs.getInt(3) == 1,
                        names.get(rs.getLong(4))));
            }
        }
        return out;
    }

    static List<Product> products(Connection c) throws SQLException {
        List<Product> out = new ArrayList<>();
        Map<Long, Map<String, ProductText>> texts = productTexts(c);
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, manufacturer, source_cells, virus_tests, sterilisation, "
                     + "storage, origin, supply, id FROM product ORDER BY name")) {
            while (rs.next()) {
                out.add(new Product(rs.getString(1), rs.getString(2), rs.getString(3), tests(rs.getString(4)),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        texts.get(rs.getLong(9))));
            }
        }
        return out;
    }

    static List<Lot> lots(Connection c) throws SQLException {
        List<Lot> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT p.name, l.number, l.expiry, l.qc FROM lot l JOIN product p ON "
                     + "p.id = l.product_id ORDER BY p.name, l.number")) {
            while (rs.next()) {
                out.add(new Lot(rs.getString(1), rs.getString(2), LocalDate.parse(rs.getString(3)), rs.getString(4)));
            }
        }
        return out;
    }

    /**
     * The catalog's lot of that product whose number is {@code number} however it is written
     * ({@link org.exoconsent.consent.Identifiers#key}: full-width, case, spaces around), the one written exactly so
     * first (a data directory of an earlier release may hold two spellings of one lot); null when the clinic never
     * registered it.
     */
    static Lot lot(Connection c, String product, String number) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.name, l.number, l.expiry, l.qc FROM lot l JOIN "
                + "product p ON p.id = l.product_id WHERE p.name = ? AND l.number_key = ? "
                + "ORDER BY l.number = ? DESC, l.id")) {
            ps.setString(1, product);
            ps.setString(2, org.exoconsent.consent.Identifiers.key(number));
            ps.setString(3, number);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Lot(rs.getString(1), rs.getString(2), LocalDate.parse(rs.getString(3)),
                        rs.getString(4)) : null;
            }
        }
    }

    /**
     * Replaces the clinic profile and sets its texts in the languages {@code clinic.texts()} gives; the texts of other
     * languages are kept, except the demo clinic's, which go with the demo mark (a clinic's own profile never
     * appears beside the practice clinic's English name). Refused (IllegalArgumentException, nothing changed) with
     * every problem of the profile or of its texts.
     */
    static void setClinic(Connection c, Clinic clinic) throws SQLException {
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
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Clinic before = clinic(c);
        if (before != null && before.demo()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM clinic_text")) {
                ps.executeUpdate();
            }
        }
        for (Map.Entry<String, ClinicText> e : clinic.texts().entrySet()) {
            putClinicText(c, e.getKey(), e.getValue());
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO clinic (id, name, address, phone, "
                + "blood_donation_policy, demo) VALUES (1, ?, ?, ?, ?, 0) ON CONFLICT (id) DO UPDATE SET name = "
                + "excluded.name, address = excluded.address, phone = excluded.phone, blood_donation_policy = "
                + "excluded.blood_donation_policy, demo = 0")) {
            ps.setString(1, clinic.name());
            ps.setString(2, clinic.address());
            ps.setString(3, clinic.phone());
            ps.setString(4, clinic.bloodDonationPolicy());
            ps.executeUpdate();
        }
    }

    /**
     * Sets the clinic's texts in one language other than Japanese (replacing those it had); refused
     * (IllegalArgumentException, nothing changed) when there is no clinic profile yet or a text is missing or not
     * written in that language.
     */
    static void setClinicText(Connection c, String language, ClinicText t) throws SQLException {
        List<String> problems = problems(language, t);
        if (clinic(c) == null) {
            problems.add(0, "clinic: there is no clinic profile yet; set it first (its Japanese texts)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        putClinicText(c, language, t);
    }

    private static void putClinicText(Connection c, String language, ClinicText t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO clinic_text (language, name, address, "
                + "blood_donation_policy) VALUES (?, ?, ?, ?) ON CONFLICT (language) DO UPDATE SET name = "
                + "excluded.name, address = excluded.address, blood_donation_policy = excluded.blood_donation_policy")) {
            ps.setString(1, language);
            ps.setString(2, t.name().strip());
            ps.setString(3, t.address().strip());
            ps.setString(4, t.bloodDonationPolicy().strip());
            ps.executeUpdate();
        }
    }

    /**
     * Adds a physician with their names in other languages; refused (IllegalArgumentException) without a name or a
     * licence, or with a name that is blank or not written in its language.
     */
    static void addPhysician(Connection c, Physician p) throws SQLException {
        if (p.name() == null || p.name().isBlank() || p.licenceNumber() == null || p.licenceNumber().isBlank()) {
            throw new IllegalArgumentException("physician: name and licence number are both required");
        }
        List<String> problems = new ArrayList<>();
        printable(problems, "physician name", p.name());
        printable(problems, "physician licence number", p.licenceNumber());
        p.names().forEach((language, name) -> problems.addAll(problems(language, p.name(), name)));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO physician (name, licence_number, active) VALUES "
                + "(?, ?, 1)")) {
            ps.setString(1, p.name());
            ps.setString(2, p.licenceNumber());
            ps.executeUpdate();
        }
        for (Map.Entry<String, String> e : p.names().entrySet()) {
            putPhysicianName(c, p.licenceNumber(), e.getKey(), e.getValue());
        }
    }

    /**
     * Sets a physician's name in one language other than Japanese (in Latin letters for English); refused
     * (IllegalArgumentException) for a licence the catalog does not hold, or a name that is blank or not written in
     * that language.
     */
    static void setPhysicianName(Connection c, String licence, String language, String name) throws SQLException {
        Physician p = licence == null || licence.isBlank() ? null : physician(c, licence);
        if (p == null) {
            throw new IllegalArgumentException("physician: licence '" + licence + "' is not in the catalog");
        }
        List<String> problems = problems(language, p.name() + " (licence " + licence + ")", name);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        putPhysicianName(c, licence, language, name);
    }

    private static void putPhysicianName(Connection c, String licence, String language, String name)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO physician_text (physician_id, language, name) "
                + "SELECT id, ?, ? FROM physician WHERE licence_number = ? ON CONFLICT (physician_id, language) DO "
                + "UPDATE SET name = excluded.name")) {
            ps.setString(1, language);
            ps.setString(2, name.strip());
            ps.setString(3, licence);
            ps.executeUpdate();
        }
    }

    /**
     * Sets a product's texts in one language other than Japanese (replacing those it had); refused
     * (IllegalArgumentException, nothing changed) for a product the catalog does not hold, or with every problem of
     * the texts ({@link #problems(Product, String, ProductText)}).
     */
    static void setProductText(Connection c, String product, String language, ProductText t) throws SQLException {
        Product p = products(c).stream().filter(x -> x.name().equals(product)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("product: '" + product + "' is not in the catalog"));
        List<String> problems = problems(p, language, t);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        putProductText(c, product, language, t);
    }

    private static void putProductText(Connection c, String product, String language, ProductText t)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO product_text (product_id, language, name, "
                + "manufacturer, source_cells, virus_tests, storage) SELECT id, ?, ?, ?, ?, ?, ? FROM product WHERE "
                + "name = ? ON CONFLICT (product_id, language) DO UPDATE SET name = excluded.name, manufacturer = "
                + "excluded.manufacturer, source_cells = excluded.source_cells, virus_tests = excluded.virus_tests, "
                + "storage = excluded.storage")) {
            ps.setString(1, language);
            ps.setString(2, t.name().strip());
            ps.setString(3, t.manufacturer().strip());
            ps.setString(4, t.sourceCells().strip());
            ps.setString(5, JSON.writeValueAsString(t.virusTests().stream().map(String::strip).toList()));
            ps.setString(6, t.storage() == null || t.storage().isBlank() ? null : t.storage().strip());
            ps.setString(7, product);
            ps.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The catalog's physician with that licence number, or null. */
    static Physician physician(Connection c, String licence) throws SQLException {
        return physicians(c).stream().filter(p -> p.licenceNumber().equals(licence)).findFirst().orElse(null);
    }

    /**
     * Marks a physician inactive (no longer offered for a new consultation; their records stay as they are) or
     * active again. Refuses a licence the catalog does not hold, and a physician already in that state.
     */
    /**
     * Says where a product's vesicles come from and how it reaches the clinic (a product registered before these
     * existed is 'unknown'); an unknown product or value is refused with IllegalArgumentException naming it.
     */
    static void setProductOriginAndSupply(Connection c, String name, String origin, String supply)
            throws SQLException {
        if (products(c).stream().noneMatch(p -> p.name().equals(name))) {
            throw new IllegalArgumentException("product: '" + name + "' is not in the catalog");
        }
        if (!ORIGINS.contains(origin)) {
            throw new IllegalArgumentException("product '" + name + "': origin: '" + origin + "' is not one of "
                    + String.join(", ", ORIGINS));
        }
        if (!SUPPLIES.contains(supply)) {
            throw new IllegalArgumentException("product '" + name + "': supply: '" + supply + "' is not one of "
                    + String.join(", ", SUPPLIES));
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE product SET origin = ?, supply = ? WHERE name = ?")) {
            ps.setString(1, origin);
            ps.setString(2, supply);
            ps.setString(3, name);
            ps.executeUpdate();
        }
    }

    static void setPhysicianActive(Connection c, String licence, boolean active) throws SQLException {
        Physician p = licence == null || licence.isBlank() ? null : physician(c, licence);
        if (p == null) {
            throw new IllegalArgumentException("physician: licence '" + licence + "' is not in the catalog");
        }
        if (p.active() == active) {
            throw new IllegalArgumentException("physician " + p.name() + " (licence " + licence + "): is already "
                    + (active ? "active" : "inactive"));
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE physician SET active = ? WHERE licence_number = ?")) {
            ps.setInt(1, active ? 1 : 0);
            ps.setString(2, licence);
            ps.executeUpdate();
        }
    }

    static void addProduct(Connection c, Product p) throws SQLException {
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
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO product (name, manufacturer, source_cells, "
                + "virus_tests, sterilisation, storage, origin, supply) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, p.name());
            ps.setString(2, p.manufacturer());
            ps.setString(3, p.sourceCells());
            ps.setString(4, JSON.writeValueAsString(p.virusTests()));
            ps.setString(5, p.sterilisation());
            ps.setString(6, p.storage());
            ps.setString(7, p.origin());
            ps.setString(8, p.supply());
            ps.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (Map.Entry<String, ProductText> e : p.texts().entrySet()) {
            putProductText(c, p.name(), e.getKey(), e.getValue());
        }
    }

    static void addLot(Connection c, Lot lot) throws SQLException {
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
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lot (product_id, number, expiry, qc, number_key) "
                + "SELECT id, ?, ?, ?, ? FROM product WHERE name = ?")) {
            ps.setString(1, lot.number().strip()); // as typed, without the spaces around it (its key ignores them)
            ps.setString(2, lot.expiry().toString());
            ps.setString(3, lot.qc());
            ps.setString(4, org.exoconsent.consent.Identifiers.key(lot.number()));
            ps.setString(5, lot.product());
            if (ps.executeUpdate() == 0) {
                throw new IllegalArgumentException("product: '" + lot.product() + "' is not in the catalog");
            }
        }
    }

    /**
     * Every lot whose stored compared form ({@code lot.number_key}, migration 12) is not
     * {@link org.exoconsent.consent.Identifiers#key} of its number: a key edited with sqlite3 (its trigger dropped)
     * would let a second spelling of the lot in, or hide it from a recall's nearest lots. For {@code records verify}.
     *
     * @return one problem per lot, naming the product, the number, the stored key and the right one
     */
    static List<String> lotKeyProblems(Connection c) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT p.name, l.number, l.number_key FROM lot l JOIN product p "
                     + "ON p.id = l.product_id ORDER BY l.id")) {
            while (rs.next()) {
                String expected = org.exoconsent.consent.Identifiers.key(rs.getString(2));
                if (!java.util.Objects.equals(expected, rs.getString(3))) {
                    problems.add("catalog: lot " + rs.getString(2) + " of product '" + rs.getString(1)
                            + "': number_key is " + (rs.getString(3) == null ? "missing" : "'" + rs.getString(3)
                            + "'") + ", but the number is compared as '" + expected + "' (the catalog's "
                            + "duplicate check and a recall's nearest lots would miss it)");
                }
            }
        }
        return problems;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static List<String> tests(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            return List.of(json);
        }
    }
}
