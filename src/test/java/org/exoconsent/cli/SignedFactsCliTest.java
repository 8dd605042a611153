package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 §1, through the command line: the signed document carries the facts, and {@code records verify} holds
 * every indexed field against them. Each attack is a plain {@code sqlite3}-style edit of the index (here via JDBC):
 * it must be named with the record, the field, the value in the index and the value in the signed document, and
 * exit 1.
 */
class SignedFactsCliTest {
    private static final String EN = "a3e9b0c2-5d41-4f6a-8b27-91c4d0e6f538";
    private static final String JA = "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10";

    @TempDir
    Path tmp;
    String data;

    /** As CliTest: runs a command as "tester", who holds every role. */
    private CliTest.Run run(String... args) {
        try {
            TestAccounts.everyone(new DataDirectory(Path.of(data)), Examples.CLOCK);
            if (args[0].equals("record")) {
                TestAccounts.confirmFiles(new DataDirectory(Path.of(data)), Examples.CLOCK,
                        List.of(Examples.sessionFile("complete-ja"), Examples.sessionFile("complete-en")));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("EXOCONSENT_USER", TestAccounts.NAME);
        env.put("EXOCONSENT_PASSWORD", TestAccounts.PASSWORD);
        return CliTest.runRaw(env, new java.io.ByteArrayInputStream(new byte[0]), args);
    }

    /** Two recorded consents, the English one withdrawn; verify finds them all cross-checked and in agreement. */
    @BeforeEach
    void twoConsentsAndAWithdrawal() throws Exception {
        data = tmp.resolve("store").toString();
        // set up once per JVM, copied into each test (TestAccounts#copied)
        CliTest.setUpOnce(data, "SignedFactsCliTest: two consents and a withdrawal", d -> data = d,
                this::twoConsentsAndAWithdrawalHere);
    }

    private void twoConsentsAndAWithdrawalHere() {
        CliTest.Run r = run("record", "--data-dir", data, "--session", Examples.sessionFile("complete-ja").toString(),
                Examples.sessionFile("complete-en").toString());
        assertEquals(0, r.exit(), r.err());
        CliTest.Run w = run("withdraw", "--data-dir", data, "--record", EN, "--date", "2026-11-21", "--reason",
                "telephoned", "--received-by", "reception");
        assertEquals(0, w.exit(), w.err());
        CliTest.Run ok = run("records", "verify", "--data-dir", data);
        assertEquals(0, ok.exit(), ok.out());
        assertTrue(ok.out().contains("2 records and 1 withdrawal checked, 0 problems, 0 orphan files, 0 not "
                + "cross-checkable"),
                ok.out());
        assertFalse(ok.out().contains("NOT CROSS-CHECKABLE"), ok.out());
        try (org.exoconsent.records.RecordStore store = TestAccounts.open(new DataDirectory(Path.of(data)),
                Examples.CLOCK, "test")) {
            for (String id : new String[] {JA, EN, EN + "-withdrawal"}) {
                org.junit.jupiter.api.Assertions.assertNull(store.verifyOne(id), id);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + Path.of(data, "exoconsent.db"));
             Statement st = c.createStatement()) {
            for (String s : statements) {
                st.executeUpdate(s);
            }
        }
    }

    private CliTest.Run verifyFails() {
        CliTest.Run bad = run("records", "verify", "--data-dir", data);
        assertEquals(1, bad.exit(), bad.out());
        return bad;
    }

    private static void says(CliTest.Run run, String problem) {
        assertTrue(run.out().contains("PROBLEM: " + problem), "expected «" + problem + "» in:\n" + run.out());
    }

    @Test
    void theTriggersRefuseEveryIndexedValueAndAnUndoneWithdrawal() throws Exception {
        for (String edit : new String[] {"patient_phone = '080-9999-9999'", "patient_name = 'X'",
                "patient_address = 'X'", "patient_kana = 'X'", "physician_licence = '654321'", "physician_name = 'X'",
                "consultation_at = '2026-10-01T10:00+09:00'", "indication = 'X'", "lot_expiry = '2030-01-01'",
                "template_sha256 = 'X'", "representative = 'X'"}) {
            java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> sql("UPDATE record SET " + edit + " WHERE id = '" + JA + "'"), edit);
            assertTrue(e.getMessage().contains("a signed record cannot be changed"), edit + ": " + e.getMessage());
        }
        java.sql.SQLException undo = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> sql("UPDATE record SET status = 'active' WHERE id = '" + EN + "'"));
        assertTrue(undo.getMessage().contains("a withdrawal cannot be undone"), undo.getMessage());
        java.sql.SQLException invent = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> sql("UPDATE record SET status = 'withdrawn' WHERE id = '" + JA + "'"));
        assertTrue(invent.getMessage().contains("a status changes only by a withdrawal document"),
                invent.getMessage());
        assertEquals(0, run("records", "verify", "--data-dir", data).exit(), "nothing was changed");
    }

    /** As someone with sqlite3 can: drop the triggers that guard the index. */
    private static final String[] DROP_TRIGGERS = {"DROP TRIGGER record_immutable",
            "DROP TRIGGER record_status_only_withdrawn"};

    @Test
    void anAttackersPhoneNumberNameAndAddressInTheIndexAreNamedAgainstTheSignedDocument() throws Exception {
        sql(DROP_TRIGGERS);
        sql("UPDATE record SET patient_phone = '080-9999-9999' WHERE id = '" + JA + "'",
                "UPDATE record SET patient_name = 'Emily Clark' WHERE id = '" + EN + "'",
                "UPDATE record SET patient_address = '大阪府大阪市1-1' WHERE id = '" + JA + "'",
                "UPDATE record SET patient_kana = 'さとう はな' WHERE id = '" + JA + "'");
        CliTest.Run bad = verifyFails();
        says(bad, "record " + JA + " (patient P-000123): patient_phone in the index is '080-9999-9999', the signed "
                + "document says '090-0000-0000'");
        says(bad, "record " + EN + " (patient P-000456): patient_name in the index is 'Emily Clark', the signed "
                + "document says 'Emily Clarke'");
        says(bad, "record " + JA + " (patient P-000123): patient_address in the index is '大阪府大阪市1-1', the "
                + "signed document says '東京都練馬区デモ1-1'");
        says(bad, "record " + JA + " (patient P-000123): patient_kana in the index is 'さとう はな', the signed "
                + "document says 'さとう はなこ'");
        assertTrue(bad.out().contains("0 orphan files, 0 not cross-checkable"), bad.out());
    }

    @Test
    void aRecordMovedToAnotherPhysicianOrAnotherConsultationTimeIsNamed() throws Exception {
        sql(DROP_TRIGGERS);
        sql("UPDATE record SET physician_licence = '654321' WHERE id = '" + JA + "'",
                "UPDATE record SET consultation_at = '2026-10-01T10:00+09:00' WHERE id = '" + EN + "'",
                "UPDATE record SET physician_name = '佐々木 一郎' WHERE id = '" + EN + "'");
        CliTest.Run bad = verifyFails();
        says(bad, "record " + JA + " (patient P-000123): physician_licence in the index is '654321', the signed "
                + "document says '123456'");
        says(bad, "record " + EN + " (patient P-000456): consultation_at in the index is '2026-10-01T10:00+09:00', "
                + "the signed document says '2026-11-20T10:00+09:00'");
        says(bad, "record " + EN + " (patient P-000456): physician_name in the index is '佐々木 一郎', the signed "
                + "document says 'Taro Yamada'");
    }

    @Test
    void verifyingOneRecordInTheRecordsScreenAlsoHoldsItsIndexAgainstItsSignedDocument() throws Exception {
        sql(DROP_TRIGGERS);
        sql("UPDATE record SET patient_phone = '080-9999-9999' WHERE id = '" + JA + "'",
                "UPDATE record SET status = 'active' WHERE id = '" + EN + "'");
        try (org.exoconsent.records.RecordStore store = TestAccounts.open(new DataDirectory(Path.of(data)),
                Examples.CLOCK, "test")) {
            String ja = store.verifyOne(JA);
            assertTrue(ja != null && ja.contains("record " + JA + " (patient P-000123): patient_phone in the index is "
                    + "'080-9999-9999', the signed document says '090-0000-0000'"), ja);
            String en = store.verifyOne(EN);
            assertTrue(en != null && en.contains("record " + EN + ": status in the index is 'active', but the signed "
                    + "withdrawal " + EN + "-withdrawal refers to it"), en);
            String withdrawal = store.verifyOne(EN + "-withdrawal");
            assertTrue(withdrawal != null && withdrawal.contains("status in the index is 'active'"), withdrawal);
        }
    }

    @Test
    void aWithdrawalUndoneWithStatusActiveIsNamedAgainstTheSignedWithdrawal() throws Exception {
        sql(DROP_TRIGGERS);
        sql("UPDATE record SET status = 'active' WHERE id = '" + EN + "'");
        CliTest.Run bad = verifyFails();
        says(bad, "record " + EN + ": status in the index is 'active', but the signed withdrawal " + EN
                + "-withdrawal refers to it");
    }

    @Test
    void theSnapshotColumnAndAWithdrawalsReferenceEditedWithTheTriggersDroppedAreNamed() throws Exception {
        sql(DROP_TRIGGERS);
        sql("UPDATE record SET snapshot = replace(snapshot, '090-0000-0000', '080-9999-9999') WHERE id = '" + JA
                        + "'",
                "UPDATE record SET refers_to = '" + JA + "', patient_phone = '090-0000-0000' WHERE id = '" + EN
                        + "-withdrawal'",
                "UPDATE record SET status = 'withdrawn' WHERE id = '" + JA + "'",
                "UPDATE record SET status = 'active' WHERE id = '" + EN + "'");
        CliTest.Run bad = verifyFails();
        says(bad, "record " + JA + " (patient P-000123): snapshot in the index differs from the session the signed "
                + "document carries");
        says(bad, "record " + EN + "-withdrawal (withdrawal of " + EN + "): refers_to in the index is '" + JA
                + "', the signed document says '" + EN + "'");
        says(bad, "record " + EN + "-withdrawal (withdrawal of " + EN + "): patient_phone in the index is "
                + "'090-0000-0000', the signed document says '+44-7700-900000'");
        says(bad, "record " + JA + ": status in the index is 'withdrawn', but no signed withdrawal refers to it");
        says(bad, "record " + EN + ": status in the index is 'active', but the signed withdrawal " + EN
                + "-withdrawal refers to it");
    }
}
