package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exoconsent confirm}: on the command line, the physician signed in with their own password confirms a
 * prepared consultation's treatment before its explanation (issue 11 §2); staff cannot, and a session whose
 * explanation has begun is refused.
 */
class ConfirmCommandTest {
    @TempDir
    Path tmp;

    /** The example consultation as staff prepared it: nobody confirmed it, nothing explained or signed yet. */
    private Path prepared() throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        json.remove("confirmedBy");
        json.putArray("acknowledgements");
        json.putArray("quiz");
        json.putArray("signatures");
        Path f = tmp.resolve("prepared.json");
        Files.write(f, Examples.bytes(json));
        return f;
    }

    private CliTest.Run run(String user, String password, String... args) {
        return CliTest.runRaw(Map.of("EXOCONSENT_USER", user, "EXOCONSENT_PASSWORD", password),
                new ByteArrayInputStream(new byte[0]), args);
    }

    @Test
    void thePhysicianConfirmsAPreparedSessionAndStaffCannot() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            admin.addUser("reception", EnumSet.of(Role.STAFF), null, "reception password".toCharArray());
        }
        Path session = prepared();
        String before = Files.readString(session);
        CliTest.Run staff = run("reception", "reception password", "confirm", "--data-dir", dir.root().toString(),
                "--session", session.toString());
        assertEquals(ExitCodes.ACCESS_DENIED, staff.exit(), staff.err());
        assertTrue(staff.err().contains("only a physician can confirm a treatment"), staff.err());
        assertEquals(before, Files.readString(session), "the file is left as it was");

        CliTest.Run physician = run(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD, "confirm",
                "--data-dir", dir.root().toString(), "--session", session.toString());
        assertEquals(0, physician.exit(), physician.err());
        assertTrue(physician.out().contains("treatment confirmed by 山田 太郎 (licence 123456)"), physician.out());
        ConsentSession s = SessionJson.read(session);
        assertEquals("yamada", s.confirmedBy().account());
        assertEquals(Examples.CLOCK.instant(), s.confirmedBy().at().toInstant());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check");
             java.sql.Statement st = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database())
                     .createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT actor FROM audit WHERE action = 'treatment-confirmed'")) {
            assertTrue(rs.next());
            assertEquals("yamada [physician]", rs.getString(1), "audited as the physician who signed in");
        }
    }

    @Test
    void aSessionWhoseExplanationHasBegunIsRefused() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        TestAccounts.everyone(dir, Examples.CLOCK);
        Path explained = Examples.sessionFile("complete-ja");
        Path copy = tmp.resolve("explained.json");
        Files.copy(explained, copy);
        CliTest.Run r = run(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD, "confirm", "--data-dir",
                dir.root().toString(), "--session", copy.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.err());
        assertTrue(r.err().contains("the explanation of this consultation has already begun; the physician confirms "
                + "the treatment before it"), r.err());
        assertEquals(Files.readString(explained), Files.readString(copy));
    }

    /**
     * A lot registered after its expiry (for a recall) cannot be used: the physician's confirmation refuses it by the
     * store's date, whatever past days the session names (attack review of 2026-12-03: a session naming a consultation
     * in January 2025 on a lot that expired that month was confirmed and recorded).
     */
    @Test
    void aLotWhoseExpiryDateHasPassedIsRefusedAtTheConfirmationWhateverDaysTheSessionNames() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        TestAccounts.everyone(dir, Examples.CLOCK);
        String product = "デモ培養上清エクソソーム UC-10";
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            admin.addLot(new org.exoconsent.records.Catalog.Lot(product, "OLD-2501", java.time.LocalDate.parse(
                    "2025-01-31"), null));
        }
        ObjectNode json = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(prepared().toFile());
        json.put("startedAt", "2025-01-10T10:00:00+09:00");
        ((ObjectNode) json.get("preparedBy")).put("at", "2025-01-10T10:00:00+09:00");
        ObjectNode treatment = (ObjectNode) json.get("treatment");
        treatment.put("plannedDate", "2025-01-15");
        ((ObjectNode) treatment.get("lot")).put("number", "OLD-2501").put("expiry", "2025-01-31");
        Path old = tmp.resolve("old-lot.json");
        Files.write(old, Examples.bytes(json));
        String before = Files.readString(old);
        CliTest.Run r = run(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD, "confirm", "--data-dir",
                dir.root().toString(), "--session", old.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("treatment.lot: the expiry date of lot OLD-2501 of product '" + product + "', "
                + "2025-01-31, has passed (the clinic's date is 2026-11-21); an expired lot is not used for a "
                + "treatment: choose a lot that has not expired; nothing was confirmed"), r.err());
        assertEquals(before, Files.readString(old), "the file is left as it was");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT action, details FROM audit WHERE action LIKE "
                     + "'treatment-confirm%'")) {
            assertTrue(rs.next());
            assertEquals("treatment-confirmation-refused", rs.getString(1), "the refusal audited, no confirmation");
            assertTrue(rs.getString(2).contains("\"reason\":\"lot expired\""), rs.getString(2));
            assertFalse(rs.next());
        }
    }
}
