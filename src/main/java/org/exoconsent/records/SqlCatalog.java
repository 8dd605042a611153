package org.exoconsent.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog area, in SQL both stores speak: the tables {@code clinic} (one row), {@code physician}, {@code product},
 * {@code lot} (SQLite migration V1; {@code lot.number_key} V12), {@code product.origin}/{@code supply} (V7) and the
 * texts in other languages {@code clinic_text}, {@code physician_text}, {@code product_text} (V8). A product's virus
 * tests are a JSON array of texts.
 */
final class SqlCatalog implements CatalogStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Connection db;

    SqlCatalog(Connection db) {
        this.db = db;
    }

    @Override
    public Catalog.Clinic clinic() throws SQLException {
        Map<String, Catalog.ClinicText> texts = new LinkedHashMap<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT language, name, address, blood_donation_policy FROM clinic_text "
                     + "ORDER BY language")) {
            while (rs.next()) {
                texts.put(rs.getString(1), new Catalog.ClinicText(rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, address, phone, blood_donation_policy, demo FROM clinic")) {
            return rs.next() ? new Catalog.Clinic(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getInt(5) == 1, texts) : null;
        }
    }

    /** The physicians' names in other languages: physician id → language → name. */
    private Map<Long, Map<String, String>> physicianNames() throws SQLException {
        Map<Long, Map<String, String>> out = new java.util.HashMap<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT physician_id, language, name FROM physician_text")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
            }
        }
        return out;
    }

    /** The products' texts in other languages: product id → language → texts. */
    private Map<Long, Map<String, Catalog.ProductText>> productTexts() throws SQLException {
        Map<Long, Map<String, Catalog.ProductText>> out = new java.util.HashMap<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT product_id, language, name, manufacturer, source_cells, "
                     + "virus_tests, storage FROM product_text")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2),
                        new Catalog.ProductText(rs.getString(3), rs.getString(4), rs.getString(5),
                                tests(rs.getString(6)), rs.getString(7)));
            }
        }
        return out;
    }

    @Override
    public List<Catalog.Physician> physicians() throws SQLException {
        List<Catalog.Physician> out = new ArrayList<>();
        Map<Long, Map<String, String>> names = physicianNames();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, licence_number, active, id FROM physician ORDER BY name")) {
            while (rs.next()) {
                out.add(new Catalog.Physician(rs.getString(1), rs.getString(2), rs.getInt(3) == 1,
                        names.get(rs.getLong(4))));
            }
        }
        return out;
    }

    @Override
    public Catalog.Physician physician(String licence) throws SQLException {
        return physicians().stream().filter(p -> p.licenceNumber().equals(licence)).findFirst().orElse(null);
    }

    @Override
    public List<Catalog.Product> products() throws SQLException {
        List<Catalog.Product> out = new ArrayList<>();
        Map<Long, Map<String, Catalog.ProductText>> texts = productTexts();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, manufacturer, source_cells, virus_tests, sterilisation, "
                     + "storage, origin, supply, id FROM product ORDER BY name")) {
            while (rs.next()) {
                out.add(new Catalog.Product(rs.getString(1), rs.getString(2), rs.getString(3), tests(rs.getString(4)),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        texts.get(rs.getLong(9))));
            }
        }
        return out;
    }

    private Catalog.Product product(String name) throws SQLException {
        return products().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * What repairs a lot's row whose expiry cannot be read: the audit trail's {@code catalog:lot-added} entry holds the
     * expiry the lot was added with ({@code RecordStore#addLot}), and the packaging states it; only that row is put
     * back (a restore of an older backup would lose what was recorded since).
     */
    static final String LOT_REPAIR = "no command rewrites a lot's expiry: the true value is in the audit trail's "
            + "'catalog:lot-added' entry of the lot (its details' expiry: exoconsent audit export --action "
            + "catalog:lot-added) and on the lot's packaging; an administrator of the database sets the column back to "
            + "it with SQL (as a date, e.g. 2027-05-31)";

    /** A lot's row (product name, number, expiry, qc), its expiry read defensively ({@link DamagedRow}). */
    private static Catalog.Lot lotRow(ResultSet rs) throws SQLException {
        String what = "lot " + rs.getString(2) + " of " + rs.getString(1);
        return new Catalog.Lot(rs.getString(1), rs.getString(2), DamagedRow.date(rs.getString(3), what, "lot",
                rs.getString(2), "expiry", LOT_REPAIR), rs.getString(4));
    }

    @Override
    public Catalog.Lots lots() throws SQLException {
        List<Catalog.Lot> out = new ArrayList<>();
        List<Catalog.DamagedLot> damaged = new ArrayList<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT p.name, l.number, l.expiry, l.qc FROM lot l JOIN product p ON "
                     + "p.id = l.product_id ORDER BY p.name, l.number")) {
            while (rs.next()) {
                try { // each lot on its own: one whose expiry cannot be read is named, the others listed
                    out.add(lotRow(rs));
                } catch (DamagedRow e) {
                    damaged.add(new Catalog.DamagedLot(rs.getString(1), rs.getString(2), e.getMessage()));
                }
            }
        }
        return new Catalog.Lots(out, damaged);
    }

    @Override
    public Catalog.Lot lot(String product, String number) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT p.name, l.number, l.expiry, l.qc FROM lot l JOIN "
                + "product p ON p.id = l.product_id WHERE p.name = ? AND l.number_key = ? "
                + "ORDER BY l.number = ? DESC, l.id")) {
            ps.setString(1, product);
            ps.setString(2, org.exoconsent.consent.Identifiers.key(number));
            ps.setString(3, number);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? lotRow(rs) : null;
            }
        }
    }

    @Override
    public void setClinic(Catalog.Clinic clinic) throws SQLException {
        Catalog.checkClinic(clinic);
        Catalog.Clinic before = clinic();
        if (before != null && before.demo()) {
            try (PreparedStatement ps = db.prepareStatement("DELETE FROM clinic_text")) {
                ps.executeUpdate();
            }
        }
        for (Map.Entry<String, Catalog.ClinicText> e : clinic.texts().entrySet()) {
            putClinicText(e.getKey(), e.getValue());
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO clinic (id, name, address, phone, "
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

    @Override
    public void setClinicText(String language, Catalog.ClinicText text) throws SQLException {
        Catalog.checkClinicText(clinic(), language, text);
        putClinicText(language, text);
    }

    private void putClinicText(String language, Catalog.ClinicText t) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO clinic_text (language, name, address, "
                + "blood_donation_policy) VALUES (?, ?, ?, ?) ON CONFLICT (language) DO UPDATE SET name = "
                + "excluded.name, address = excluded.address, blood_donation_policy = excluded.blood_donation_policy")) {
            ps.setString(1, language);
            ps.setString(2, t.name().strip());
            ps.setString(3, t.address().strip());
            ps.setString(4, t.bloodDonationPolicy().strip());
            ps.executeUpdate();
        }
    }

    @Override
    public void addPhysician(Catalog.Physician p) throws SQLException {
        Catalog.checkPhysician(p);
        insertPhysician(p);
    }

    private void insertPhysician(Catalog.Physician p) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO physician (name, licence_number, active) VALUES "
                + "(?, ?, 1)")) {
            ps.setString(1, p.name());
            ps.setString(2, p.licenceNumber());
            ps.executeUpdate();
        }
        for (Map.Entry<String, String> e : p.names().entrySet()) {
            putPhysicianName(p.licenceNumber(), e.getKey(), e.getValue());
        }
    }

    @Override
    public void setPhysicianName(String licence, String language, String name) throws SQLException {
        Catalog.checkPhysicianName(blank(licence) ? null : physician(licence), licence, language, name);
        putPhysicianName(licence, language, name);
    }

    private void putPhysicianName(String licence, String language, String name) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO physician_text (physician_id, language, name) "
                + "SELECT id, ?, ? FROM physician WHERE licence_number = ? ON CONFLICT (physician_id, language) DO "
                + "UPDATE SET name = excluded.name")) {
            ps.setString(1, language);
            ps.setString(2, name.strip());
            ps.setString(3, licence);
            ps.executeUpdate();
        }
    }

    @Override
    public void setPhysicianActive(String licence, boolean active) throws SQLException {
        Catalog.checkPhysicianActive(blank(licence) ? null : physician(licence), licence, active);
        try (PreparedStatement ps = db.prepareStatement("UPDATE physician SET active = ? WHERE licence_number = ?")) {
            ps.setInt(1, active ? 1 : 0);
            ps.setString(2, licence);
            ps.executeUpdate();
        }
    }

    @Override
    public void addProduct(Catalog.Product p) throws SQLException {
        Catalog.checkProduct(p);
        insertProduct(p);
    }

    private void insertProduct(Catalog.Product p) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO product (name, manufacturer, source_cells, "
                + "virus_tests, sterilisation, storage, origin, supply) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, p.name());
            ps.setString(2, p.manufacturer());
            ps.setString(3, p.sourceCells());
            ps.setString(4, json(p.virusTests()));
            ps.setString(5, p.sterilisation());
            ps.setString(6, p.storage());
            ps.setString(7, p.origin());
            ps.setString(8, p.supply());
            ps.executeUpdate();
        }
        for (Map.Entry<String, Catalog.ProductText> e : p.texts().entrySet()) {
            putProductText(p.name(), e.getKey(), e.getValue());
        }
    }

    @Override
    public void setProductText(String product, String language, Catalog.ProductText text) throws SQLException {
        Catalog.checkProductText(product(product), product, language, text);
        putProductText(product, language, text);
    }

    private void putProductText(String product, String language, Catalog.ProductText t) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO product_text (product_id, language, name, "
                + "manufacturer, source_cells, virus_tests, storage) SELECT id, ?, ?, ?, ?, ?, ? FROM product WHERE "
                + "name = ? ON CONFLICT (product_id, language) DO UPDATE SET name = excluded.name, manufacturer = "
                + "excluded.manufacturer, source_cells = excluded.source_cells, virus_tests = excluded.virus_tests, "
                + "storage = excluded.storage")) {
            ps.setString(1, language);
            ps.setString(2, t.name().strip());
            ps.setString(3, t.manufacturer().strip());
            ps.setString(4, t.sourceCells().strip());
            ps.setString(5, json(t.virusTests().stream().map(String::strip).toList()));
            ps.setString(6, t.storage() == null || t.storage().isBlank() ? null : t.storage().strip());
            ps.setString(7, product);
            ps.executeUpdate();
        }
    }

    @Override
    public void setProductOriginAndSupply(String product, String origin, String supply) throws SQLException {
        Catalog.checkOriginAndSupply(product(product), product, origin, supply);
        try (PreparedStatement ps = db.prepareStatement("UPDATE product SET origin = ?, supply = ? WHERE name = ?")) {
            ps.setString(1, origin);
            ps.setString(2, supply);
            ps.setString(3, product);
            ps.executeUpdate();
        }
    }

    @Override
    public void addLot(Catalog.Lot lot) throws SQLException {
        Catalog.checkLot(lot);
        insertLot(lot);
    }

    private void insertLot(Catalog.Lot lot) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO lot (product_id, number, expiry, qc, number_key) "
                + "SELECT id, ?, ?, ?, ? FROM product WHERE name = ?")) {
            ps.setString(1, lot.number().strip()); // as typed, without the spaces around it (its key ignores them)
            ps.setString(2, lot.expiry().toString());
            ps.setString(3, lot.qc());
            ps.setString(4, org.exoconsent.consent.Identifiers.key(lot.number()));
            ps.setString(5, lot.product());
            if (ps.executeUpdate() == 0) {
                throw Catalog.productNotInCatalog(lot.product());
            }
        }
    }

    @Override
    public List<String> lotKeyProblems() throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT p.name, l.number, l.number_key, l.expiry FROM lot l JOIN product p "
                     + "ON p.id = l.product_id ORDER BY l.id")) {
            while (rs.next()) {
                String problem = Catalog.lotKeyProblem(rs.getString(1), rs.getString(2), rs.getString(3));
                if (problem != null) {
                    problems.add(problem);
                }
                try { // each lot on its own: one whose expiry cannot be read is named, the others checked
                    DamagedRow.date(rs.getString(4), "lot " + rs.getString(2) + " of " + rs.getString(1), "lot",
                            rs.getString(2), "expiry", LOT_REPAIR);
                } catch (DamagedRow e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return problems;
    }

    @Override
    public boolean isNew() throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM clinic) "
                + "OR EXISTS (SELECT 1 FROM audit)")) { // not count(*): a scan of the whole trail on every opening
            return !(rs.next() && rs.getBoolean(1));
        }
    }

    @Override
    public void seedDemo() throws SQLException {
        Catalog.Clinic clinic = Catalog.DEMO_CLINIC;
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO clinic (id, name, address, phone, "
                + "blood_donation_policy, demo) VALUES (1, ?, ?, ?, ?, 1)")) {
            ps.setString(1, clinic.name());
            ps.setString(2, clinic.address());
            ps.setString(3, clinic.phone());
            ps.setString(4, clinic.bloodDonationPolicy());
            ps.executeUpdate();
        }
        for (Map.Entry<String, Catalog.ClinicText> e : clinic.texts().entrySet()) {
            putClinicText(e.getKey(), e.getValue());
        }
        insertPhysician(Catalog.DEMO_PHYSICIAN);
        for (Catalog.Product p : Catalog.DEMO_PRODUCTS) {
            insertProduct(p);
        }
        for (Catalog.Lot lot : Catalog.DEMO_LOTS) {
            insertLot(lot);
        }
    }

    @Override
    public int[] removeDemo() throws SQLException {
        String ucLot = Catalog.DEMO_LOTS.get(0).number();
        String adLot = Catalog.DEMO_LOTS.get(1).number();
        String uc = Catalog.DEMO_PRODUCTS.get(0).name();
        String ad = Catalog.DEMO_PRODUCTS.get(1).name();
        // lots first: they refer to the products; a demo product that has another lot stays. Each demo lot is
        // removed only under its own demo product (attack review of 2026-12-03: the clinic's own lot AD-2609-17 of
        // the other demo product was removed with the demo's, and that product with it)
        try (PreparedStatement lots = db.prepareStatement("DELETE FROM lot WHERE (number = ? AND product_id IN "
                + "(SELECT id FROM product WHERE name = ?)) OR (number = ? AND product_id IN (SELECT id FROM product "
                + "WHERE name = ?))");
             PreparedStatement products = db.prepareStatement("DELETE FROM product WHERE name IN (?, ?) AND id NOT IN "
                + "(SELECT product_id FROM lot)");
             PreparedStatement physician = db.prepareStatement("DELETE FROM physician WHERE name = ? AND "
                + "licence_number = ?")) {
            int lotsRemoved = bind(lots, ucLot, Catalog.DEMO_LOTS.get(0).product(), adLot,
                    Catalog.DEMO_LOTS.get(1).product()).executeUpdate();
            int productsRemoved = bind(products, uc, ad).executeUpdate();
            int physiciansRemoved = bind(physician, Catalog.DEMO_PHYSICIAN.name(),
                    Catalog.DEMO_PHYSICIAN.licenceNumber()).executeUpdate();
            return new int[] {physiciansRemoved, productsRemoved, lotsRemoved};
        }
    }

    private static PreparedStatement bind(PreparedStatement ps, String... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            ps.setString(i + 1, values[i]);
        }
        return ps;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String json(List<String> tests) {
        try {
            return JSON.writeValueAsString(tests);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> tests(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            return List.of(json);
        }
    }
}
