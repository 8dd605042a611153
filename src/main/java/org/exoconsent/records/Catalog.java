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
import java.util.List;
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

    public record Clinic(String name, String address, String phone, String bloodDonationPolicy, boolean demo) {
        /** The profile as a consent or a leaflet quotes it. */
        public org.exoconsent.consent.ConsentSession.Clinic snapshot() {
            return new org.exoconsent.consent.ConsentSession.Clinic(name, address, phone, bloodDonationPolicy);
        }
    }

    public record Physician(String name, String licenceNumber, boolean active) {
    }

    /**
     * A product of the catalog.
     *
     * @param origin one of {@link #ORIGINS}
     * @param supply one of {@link #SUPPLIES}
     */
    public record Product(String name, String manufacturer, String sourceCells, List<String> virusTests,
                          String sterilisation, String storage, String origin, String supply) {
        /** The product as a consent or a leaflet quotes it (its sterilisation status as the session's value). */
        public org.exoconsent.consent.ConsentSession.Product snapshot() {
            return new org.exoconsent.consent.ConsentSession.Product(name, manufacturer, sourceCells, virusTests,
                    org.exoconsent.consent.ConsentSession.Sterilisation.valueOf(sterilisation
                            .toUpperCase(java.util.Locale.ROOT).replace('-', '_')), storage,
                    org.exoconsent.consent.ConsentSession.Origin.valueOf(constant(origin)),
                    org.exoconsent.consent.ConsentSession.Supply.valueOf(constant(supply)));
        }

        private static String constant(String id) {
            return id.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        }
    }

    public record Lot(String product, String number, LocalDate expiry, String qc) {
    }

    static Clinic clinic(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, address, phone, blood_donation_policy, demo FROM clinic")) {
            return rs.next() ? new Clinic(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getInt(5) == 1) : null;
        }
    }

    static List<Physician> physicians(Connection c) throws SQLException {
        List<Physician> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, licence_number, active FROM physician ORDER BY name")) {
            while (rs.next()) {
                out.add(new Physician(rs.getString(1), rs.getString(2), rs.getInt(3) == 1));
            }
        }
        return out;
    }

    static List<Product> products(Connection c) throws SQLException {
        List<Product> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, manufacturer, source_cells, virus_tests, sterilisation, "
                     + "storage, origin, supply FROM product ORDER BY name")) {
            while (rs.next()) {
                out.add(new Product(rs.getString(1), rs.getString(2), rs.getString(3), tests(rs.getString(4)),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
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

    /** The catalog's lot of that product, or null when the clinic never registered it. */
    static Lot lot(Connection c, String product, String number) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.name, l.number, l.expiry, l.qc FROM lot l JOIN "
                + "product p ON p.id = l.product_id WHERE p.name = ? AND l.number = ?")) {
            ps.setString(1, product);
            ps.setString(2, number);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Lot(rs.getString(1), rs.getString(2), LocalDate.parse(rs.getString(3)),
                        rs.getString(4)) : null;
            }
        }
    }

    /** Replaces the clinic profile; the demo mark goes with the demo data. */
    static void setClinic(Connection c, Clinic clinic) throws SQLException {
        for (String[] f : new String[][] {{"name", clinic.name()}, {"address", clinic.address()},
            {"phone", clinic.phone()}, {"blood donation policy", clinic.bloodDonationPolicy()}}) {
            if (f[1] == null || f[1].isBlank()) {
                throw new IllegalArgumentException("clinic " + f[0] + ": missing");
            }
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

    static void addPhysician(Connection c, Physician p) throws SQLException {
        if (p.name() == null || p.name().isBlank() || p.licenceNumber() == null || p.licenceNumber().isBlank()) {
            throw new IllegalArgumentException("physician: name and licence number are both required");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO physician (name, licence_number, active) VALUES "
                + "(?, ?, 1)")) {
            ps.setString(1, p.name());
            ps.setString(2, p.licenceNumber());
            ps.executeUpdate();
        }
    }

    /** The catalog's physician with that licence number, or null. */
    static Physician physician(Connection c, String licence) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, licence_number, active FROM physician WHERE "
                + "licence_number = ?")) {
            ps.setString(1, licence);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Physician(rs.getString(1), rs.getString(2), rs.getInt(3) == 1) : null;
            }
        }
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
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lot (product_id, number, expiry, qc) "
                + "SELECT id, ?, ?, ? FROM product WHERE name = ?")) {
            ps.setString(1, lot.number());
            ps.setString(2, lot.expiry().toString());
            ps.setString(3, lot.qc());
            ps.setString(4, lot.product());
            if (ps.executeUpdate() == 0) {
                throw new IllegalArgumentException("product: '" + lot.product() + "' is not in the catalog");
            }
        }
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
