package org.exoconsent.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.exoconsent.consent.Identifiers;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema migration 12 (issue 14 §5): the compared form of every lot number and patient number
 * ({@link Identifiers#key}) stored beside the original, so that a recall, a filter or a search finds
 * ＬＯＴ－２０２６－０７Ａ for LOT-2026-07A and ０００１２３ for 000123. A Java migration because SQLite has no NFKC:
 * the keys of the rows already there are computed here, with the same code that computes them for new rows.
 *
 * <ul>
 * <li>{@code record.lot_key} and {@code record.patient_key}: added, filled for every record (the V9 trigger
 * {@code record_immutable} names the columns it guards, so filling the new ones passes it; no signed value is
 * touched), then guarded like the rest: a trigger refuses their change, and one refuses a record inserted without
 * them. {@code records verify} holds each key against the record's lot and patient numbers
 * ({@link SignedFactsCheck}).</li>
 * <li>{@code lot.number_key}: added and filled. A data directory of an earlier release may already hold two
 * spellings of one lot of a product (LOT-2026-07A and ＬＯＴ－２０２６－０７Ａ): both are kept (consents were
 * recorded with each), and a trigger refuses only a new lot whose key a lot of the same product already has.</li>
 * </ul>
 * Registered with Flyway in {@link Schema} (Flyway takes its version, 12, from the class name).
 */
final class V12__Lot_and_patient_keys extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        migrate(context.getConnection());
    }

    static void migrate(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE record ADD COLUMN lot_key TEXT");
            st.execute("ALTER TABLE record ADD COLUMN patient_key TEXT");
            st.execute("ALTER TABLE lot ADD COLUMN number_key TEXT");
        }
        fill(c, "SELECT id, lot_number, patient_number FROM record",
                "UPDATE record SET lot_key = ?, patient_key = ? WHERE id = ?");
        fill(c, "SELECT id, number FROM lot", "UPDATE lot SET number_key = ? WHERE id = ?");
        try (Statement st = c.createStatement()) {
            for (String sql : List.of(
                    "CREATE INDEX record_lot_key ON record (lot_key, product_name)",
                    "CREATE INDEX record_patient_key ON record (patient_key)",
                    "CREATE INDEX lot_number_key ON lot (product_id, number_key)",
                    "CREATE TRIGGER record_keys_immutable BEFORE UPDATE ON record "
                            + "WHEN NEW.lot_key IS NOT OLD.lot_key OR NEW.patient_key IS NOT OLD.patient_key "
                            + "BEGIN SELECT RAISE(ABORT, 'a signed record cannot be changed'); END",
                    "CREATE TRIGGER record_keys_required BEFORE INSERT ON record "
                            + "WHEN NEW.lot_key IS NULL OR NEW.patient_key IS NULL "
                            + "BEGIN SELECT RAISE(ABORT, 'a record needs its lot_key and patient_key'); END",
                    "CREATE TRIGGER lot_number_key_required BEFORE INSERT ON lot WHEN NEW.number_key IS NULL "
                            + "BEGIN SELECT RAISE(ABORT, 'a lot needs its number_key'); END",
                    // the message starts like SQLite's own, so the store names the lot as for an exact duplicate
                    "CREATE TRIGGER lot_number_key_unique BEFORE INSERT ON lot WHEN EXISTS (SELECT 1 FROM lot "
                            + "WHERE product_id = NEW.product_id AND number_key = NEW.number_key) "
                            + "BEGIN SELECT RAISE(ABORT, 'UNIQUE: a lot of this product has this number'); END",
                    "CREATE TRIGGER lot_number_key_immutable BEFORE UPDATE OF number, number_key ON lot "
                            + "BEGIN SELECT RAISE(ABORT, 'a lot''s number cannot be changed'); END")) {
                st.execute(sql);
            }
        }
    }

    /** Reads (id, value...) rows, then writes the key of each value, in order, and the id last. */
    private static void fill(Connection c, String select, String update) throws SQLException {
        Map<Object, String[]> rows = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(select)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] keys = new String[n - 1];
                for (int i = 2; i <= n; i++) {
                    keys[i - 2] = Identifiers.key(rs.getString(i));
                }
                rows.put(rs.getObject(1), keys);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(update)) {
            for (var e : rows.entrySet()) {
                int i = 1;
                for (String k : e.getValue()) {
                    ps.setString(i++, k);
                }
                ps.setObject(i, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
