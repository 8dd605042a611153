package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code AuditTimesAndLotsVerifyCliTest}'s damage on the shared store of a real PostgreSQL server, made as the
 * application role, whose password every device keeps: an audit entry whose time is no instant, chained correctly
 * (refused to the role since schema 19, in a name it holds no session of: written by the owner); a lot deleted and
 * inserted again with an expiry that is no date, an activation time that is no instant (refused to the role without
 * an administrator's session since schema 20: made by the owner). {@code records verify} names each
 * as a problem; the audit trail's export with a range is written, says its chain does not verify, and names the entry.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class AuditTimesAndLotsOnPostgresTest {
    @TempDir
    Path device;

    private final PostgresContract postgres = new PostgresContract();

    @Test
    void damageWrittenByTheApplicationRoleIsNamedByVerifyAndTheExport() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(device.resolve("keys"));
        Clock clock = Clock.systemUTC(); // the server's clock is the authority (issue 17 §2)
        AccountsAgainstTrailTest.aClinicsDay(postgres::open, place, keys, clock);

        long seq;
        String lot;
        try (Connection app = db.appConnection()) {
            String prev;
            try (Statement st = app.createStatement();
                 ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")) {
                rs.next();
                seq = rs.getLong(1) + 1;
                prev = rs.getString(2);
            }
            String forged = "INSERT INTO audit (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, "
                    + "'garbage', 'mallory', 'catalog:lot-added', 'X-1', '{}', ?, ?)";
            String hash = AuditLog.hash(seq, "garbage", "mallory", "catalog:lot-added", "X-1", "{}", prev);
            // the role is refused an entry in a name it holds no session of (schema 19); the owner could write it
            java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> insertEntry(app, forged, seq, prev, hash));
            assertEquals("42501", refused.getSQLState(), refused.getMessage());
            try (Connection owner = db.ownerConnection()) {
                insertEntry(owner, forged, seq, prev, hash);
            }
            long product;
            String key;
            String qc;
            try (Statement st = app.createStatement();
                 ResultSet rs = st.executeQuery("SELECT product_id, number, number_key, qc FROM lot ORDER BY id LIMIT 1")) {
                rs.next();
                product = rs.getLong(1);
                lot = rs.getString(2);
                key = rs.getString(3);
                qc = rs.getString(4);
            }
            // the role is refused a lot deleted and inserted again, an activation time changed, without an
            // administrator's session (schema 20); the owner could make them
            for (String sql : List.of("DELETE FROM lot WHERE product_id = " + product + " AND number = '" + lot + "'",
                    "UPDATE template_active SET activated_at = 'yesterday'")) {
                java.sql.SQLException no = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                        () -> {
                            try (Statement st = app.createStatement()) {
                                st.executeUpdate(sql);
                            }
                        });
                assertEquals("42501", no.getSQLState(), sql + ": " + no.getMessage());
            }
            try (Connection owner = db.ownerConnection();
                 PreparedStatement del = owner.prepareStatement("DELETE FROM lot WHERE product_id = ? AND number = ?");
                 PreparedStatement ins = owner.prepareStatement("INSERT INTO lot (product_id, number, expiry, qc, "
                         + "number_key) VALUES (?, ?, '2027-02-30', ?, ?)");
                 Statement st = owner.createStatement()) {
                del.setLong(1, product);
                del.setString(2, lot);
                del.executeUpdate();
                ins.setLong(1, product);
                ins.setString(2, lot);
                ins.setString(3, qc);
                ins.setString(4, key);
                ins.executeUpdate();
                st.executeUpdate("UPDATE template_active SET activated_at = 'yesterday'");
            }
        }

        try (RecordStore admin = RecordStore.signIn(new RecordStore.Source(postgres.open(), place, keys), clock,
                TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray())) {
            List<String> p = admin.verify((done, total) -> { }).problems();
            String entry = "audit entry " + seq + " (catalog:lot-added X-1): the database's audit row '" + seq
                    + "' was changed outside the product: the column at holds 'garbage', not an instant; the entries "
                    + "before and after it bound its time: entry " + (seq - 1) + " at ";
            assertTrue(p.stream().anyMatch(x -> x.startsWith(entry)), p.toString());
            assertTrue(p.stream().anyMatch(x -> x.startsWith("lot " + lot + " of ") && x.contains("the database's "
                    + "lot row '" + lot + "' was changed outside the product: the column expiry holds '2027-02-30', "
                    + "not a date")), p.toString());
            assertTrue(p.stream().anyMatch(x -> x.startsWith("active template version ") && x.contains("the column "
                    + "activated_at holds 'yesterday', not an instant")), p.toString());
            // issue 17: the catalog lists the other lots and names this one, as the start page and catalog show do
            RecordStore.CatalogView c = admin.catalog();
            assertEquals(List.of(lot), c.damagedLots().stream().map(Catalog.DamagedLot::number).toList());
            assertTrue(c.damagedLots().get(0).damage().contains("the column expiry holds '2027-02-30', not a date; "
                    + SqlCatalog.LOT_REPAIR), c.damagedLots().toString());
            assertFalse(c.lots().isEmpty(), "the other lots are listed");
            assertFalse(c.lots().stream().anyMatch(l -> l.number().equals(lot)), c.lots().toString());

        }
        try (RecordStore manager = RecordStore.signIn(new RecordStore.Source(postgres.open(), place, keys), clock,
                AccountsAgainstTrailTest.SATO, AccountsAgainstTrailTest.SATO_PASSWORD.toCharArray())) {
            String entry = "audit entry " + seq + " (catalog:lot-added X-1): the database's audit row '" + seq
                    + "' was changed outside the product: the column at holds 'garbage', not an instant";
            Path csv = device.resolve("trail.csv");
            LocalDate today = LocalDate.now(clock);
            AuditTrail.Exported e = manager.exportAuditTrail(new AuditTrail.Filter(today.minusDays(2), today.plusDays(2),
                    null, null, null), csv, false, "en"); // not stopped by the lot it does not need
            assertFalse(e.chain().verifies());
            assertTrue(e.chain().problems().stream().anyMatch(x -> x.startsWith(entry)), e.chain().problems().toString());
            assertTrue(Files.readString(csv).contains("audit entry " + seq + " (catalog:lot-added X-1)"),
                    Files.readString(csv));
        }
    }

    private static void insertEntry(Connection c, String sql, long seq, String prev, String hash)
            throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, seq);
            ps.setString(2, prev);
            ps.setString(3, hash);
            ps.executeUpdate();
        }
    }
}
