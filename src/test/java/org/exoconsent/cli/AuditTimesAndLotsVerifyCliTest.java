package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.testing.PreviousRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage the attack review of 2026-12-01 (06:13 UTC) found that {@code records verify} missed: an audit entry whose
 * time is not an instant, correctly chained (so the chain verifies), and a lot whose expiry is not a date. Each is
 * made with {@code sqlite3}'s means (JDBC on the database file) and must be named as a PROBLEM (exit 1); the audit
 * trail's export names the entry it cannot place in or out of a range and exits 1 after writing its file, and does
 * not stop at a lot it does not need.
 */
class AuditTimesAndLotsVerifyCliTest {
    @TempDir
    Path tmp;

    private static CliTest.Run run(Map<String, String> env, String... args) {
        return CliTest.runRaw(env, new ByteArrayInputStream(new byte[0]), args);
    }

    private static void noJavaException(CliTest.Run r) {
        String all = r.out() + r.err();
        for (String raw : new String[] {"DateTimeParseException", "DateTimeException", "\tat ", "java.lang."}) {
            assertFalse(all.contains(raw), all);
        }
    }

    private Map<String, String> clinicOf160(Path root) throws Exception {
        PreviousRelease.copyTo(PreviousRelease.V1_6_0, root);
        Map<String, String> manager = new HashMap<>(FixtureCopy.MANAGER);
        manager.put("EXOCONSENT_HOME", root.toString());
        CliTest.Run first = run(manager, "records", "verify");
        assertEquals(ExitCodes.OK, first.exit(), first.out() + first.err()); // intact before the damage
        return manager;
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Appends an entry whose time is {@code at}, chained as the product chains (SHA-256 of the previous hash, number,
     * time, actor, action, subject and details joined by U+001F), as an attacker with sqlite3 would; returns its number.
     */
    private static long appendChained(DataDirectory dir, String at) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database())) {
            long seq;
            String prev;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")) {
                rs.next();
                seq = rs.getLong(1) + 1;
                prev = rs.getString(2);
            }
            String hash = sha256(String.join("\u001f", prev, Long.toString(seq), at, "mallory", "catalog:lot-added",
                    "AD-2609-99", "{}"));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit (seq, at, actor, action, subject, "
                    + "details, prev_hash, hash) VALUES (?, ?, 'mallory', 'catalog:lot-added', 'AD-2609-99', '{}', ?, ?)")) {
                ps.setLong(1, seq);
                ps.setString(2, at);
                ps.setString(3, prev);
                ps.setString(4, hash);
                ps.executeUpdate();
            }
            return seq;
        }
    }

    @Test
    void anAuditEntryWhoseTimeIsNotAnInstantIsAProblemOfVerifyAndOfARangedExport() throws Exception {
        Path root = tmp.resolve("clinic");
        Map<String, String> manager = clinicOf160(root);
        DataDirectory dir = new DataDirectory(root);
        Map<String, String> admin = new HashMap<>(UpgradeFromRelease.ADMIN);
        admin.put("EXOCONSENT_HOME", root.toString());
        long seq = appendChained(dir, "garbage");
        // the head accepted as it is (what an attacker who also holds the head's file achieves): the chain verifies
        CliTest.Run accept = run(admin, "records", "accept-head", "--reason", "head file restored from a copy");
        assertEquals(ExitCodes.OK, accept.exit(), accept.out() + accept.err());
        String named = "audit entry " + seq + " (catalog:lot-added AD-2609-99): the database's audit row '" + seq
                + "' was changed outside the product: the column at holds 'garbage', not an instant; the entries "
                + "before and after it bound its time: entry " + (seq - 1) + " at ";

        CliTest.Run verify = run(manager, "records", "verify");
        noJavaException(verify);
        assertEquals(ExitCodes.NOT_INTACT, verify.exit(), verify.out() + verify.err());
        String said = verify.out() + verify.err();
        assertTrue(said.contains(named), said);
        assertTrue(said.contains("entry " + (seq + 1) + " at "), said); // the accept-head entry after it
        assertTrue(said.contains("PROBLEM"), said);

        Path csv = tmp.resolve("trail.csv");
        CliTest.Run export = run(manager, "audit", "export", "--from", "2026-11-01", "--to", "2026-12-31", "--out",
                csv.toString());
        noJavaException(export);
        assertEquals(ExitCodes.NOT_INTACT, export.exit(), export.out() + export.err());
        assertTrue(Files.exists(csv), "the file is written, and says so");
        assertTrue((export.out() + export.err()).contains(named), export.out() + export.err());
        assertFalse(export.out().contains("the chain verifies"), export.out());
        assertTrue(Files.readString(csv).contains("audit entry " + seq + " (catalog:lot-added AD-2609-99)"),
                Files.readString(csv));

        Path all = tmp.resolve("all.csv"); // without a range: the entry is exported, its time as stored
        CliTest.Run whole = run(manager, "audit", "export", "--out", all.toString());
        noJavaException(whole);
        assertEquals(ExitCodes.NOT_INTACT, whole.exit(), whole.out() + whole.err());
        assertTrue(Files.readString(all).contains("AD-2609-99"), Files.readString(all));
    }

    @Test
    void aTimeOutsideTheYearsTheClinicCanShowIsNamedToo() throws Exception {
        Path root = tmp.resolve("clinic");
        Map<String, String> manager = clinicOf160(root);
        DataDirectory dir = new DataDirectory(root);
        Map<String, String> admin = new HashMap<>(UpgradeFromRelease.ADMIN);
        admin.put("EXOCONSENT_HOME", root.toString());
        long seq = appendChained(dir, "+1000000000-12-31T23:59:59Z");
        CliTest.Run accept = run(admin, "records", "accept-head", "--reason", "head file restored from a copy");
        assertEquals(ExitCodes.OK, accept.exit(), accept.out() + accept.err());

        CliTest.Run verify = run(manager, "records", "verify");
        noJavaException(verify);
        assertEquals(ExitCodes.NOT_INTACT, verify.exit(), verify.out() + verify.err());
        assertTrue((verify.out() + verify.err()).contains("audit entry " + seq + " (catalog:lot-added AD-2609-99): "
                + "the database's audit row '" + seq + "' was changed outside the product: the column at holds "
                + "'+1000000000-12-31T23:59:59Z', not an instant"), verify.out() + verify.err());
    }

    @Test
    void aLotWhoseExpiryIsNotADateIsAProblemOfVerifyAndDoesNotStopTheAuditExport() throws Exception {
        Path root = tmp.resolve("clinic");
        Map<String, String> manager = clinicOf160(root);
        DamagedRowsCliTest.sql(new DataDirectory(root), "UPDATE lot SET expiry = '2027-02-30' WHERE number = 'AD-2609-17'");
        String named = "lot AD-2609-17 of Demo Adipose EV Concentrate: the database's lot row 'AD-2609-17' was changed "
                + "outside the product: the column expiry holds '2027-02-30', not a date; no command rewrites a lot's "
                + "expiry";

        CliTest.Run verify = run(manager, "records", "verify");
        noJavaException(verify);
        assertEquals(ExitCodes.NOT_INTACT, verify.exit(), verify.out() + verify.err());
        assertTrue((verify.out() + verify.err()).contains(named), verify.out() + verify.err());

        Path csv = tmp.resolve("trail.csv");
        CliTest.Run export = run(manager, "audit", "export", "--out", csv.toString());
        noJavaException(export);
        assertEquals(ExitCodes.OK, export.exit(), export.out() + export.err()); // the lots are not the trail's
        assertTrue(Files.readString(csv).contains("catalog:lot-added"), Files.readString(csv));
        assertTrue(export.out().contains("the chain verifies"), export.out());
    }
    @Test
    void anActivationTimeThatIsNotAnInstantIsAProblemOfVerifyAndItsRepairIsNamed() throws Exception {
        Path root = tmp.resolve("clinic");
        Map<String, String> manager = clinicOf160(root);
        Map<String, String> admin = new HashMap<>(UpgradeFromRelease.ADMIN);
        admin.put("EXOCONSENT_HOME", root.toString());
        // no trigger keeps template_active (an administrator changes it): sqlite3, or a device's role on the shared store
        DamagedRowsCliTest.sql(new DataDirectory(root), "UPDATE template_active SET activated_at = 'yesterday' "
                + "WHERE template_id = 'exosome-therapy'");

        CliTest.Run verify = run(manager, "records", "verify");
        noJavaException(verify);
        assertEquals(ExitCodes.NOT_INTACT, verify.exit(), verify.out() + verify.err());
        String said = verify.out() + verify.err();
        assertTrue(said.contains("PROBLEM: active template version exosome-therapy "), said);
        assertTrue(said.contains("the database's template_active row 'exosome-therapy' was changed outside the "
                + "product: the column activated_at holds 'yesterday', not an instant; no command rewrites an "
                + "activation's time"), said);

        // the library's list lists the versions as before, the active one still chosen, then names the damage
        // (brief C of issue 17: exit 1, as every listing that shows a damaged row)
        CliTest.Run list = run(admin, "templates", "list");
        noJavaException(list);
        assertEquals(ExitCodes.NOT_INTACT, list.exit(), list.out() + list.err());
        assertTrue(list.out().contains("* exosome-therapy    1.3.0"), list.out()); // the active version
        assertTrue(list.err().contains("DAMAGED: active template version exosome-therapy 1.3.0: the database's "
                + "template_active row 'exosome-therapy' was changed outside the product"), list.err());
        // the repair the problem names: the column set back with SQL to the time of the activation's entry (another
        // instant is named too, since the review of 2026-12-02: ActiveTemplatesAgainstTrail)
        DamagedRowsCliTest.sql(new DataDirectory(root), "UPDATE template_active SET activated_at = '2026-11-21T03:00:00Z'"
                + " WHERE template_id = 'exosome-therapy'");
        CliTest.Run another = run(manager, "records", "verify");
        assertEquals(ExitCodes.NOT_INTACT, another.exit(), another.out() + another.err());
        assertTrue(another.out().contains("is stored as made active at '2026-11-21T03:00:00Z', but the audit trail's "
                + "entry "), another.out());
        DamagedRowsCliTest.sql(new DataDirectory(root), "UPDATE template_active SET activated_at = (SELECT at FROM "
                + "audit WHERE action IN ('template-added', 'template-activated') AND subject = 'exosome-therapy "
                + "1.3.0' ORDER BY seq DESC LIMIT 1) WHERE template_id = 'exosome-therapy'");
        CliTest.Run repaired = run(manager, "records", "verify");
        assertEquals(ExitCodes.OK, repaired.exit(), repaired.out() + repaired.err());
    }
}
