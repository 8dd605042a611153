package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.TemplateAddedOutsideTest;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack review of issue 17, on the command line: a template version put into the data directory as sqlite3 and cp
 * could (its files copied in, its row inserted with SQL, no {@code template-added} audit entry) is named by
 * {@code records verify} (exit 1), marked by {@code templates list} (exit 1), and a consent naming it is not recorded;
 * before, it was listed as any other, verify said nothing, and the consent was recorded with it.
 */
class TemplateAddedOutsideCliTest {
    @TempDir
    Path tmp;

    private static CliTest.Run run(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("EXOCONSENT_USER", TestAccounts.NAME);
        env.put("EXOCONSENT_PASSWORD", TestAccounts.PASSWORD);
        return CliTest.runRaw(env, new java.io.ByteArrayInputStream(new byte[0]), args);
    }

    @Test
    void aVersionInsertedWithSqlIsNamedByVerifyMarkedInTheListAndNotRecordedWith() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        TestAccounts.everyone(dir, Examples.CLOCK);
        String data = dir.root().toString();
        CliTest.Run clean = run("records", "verify", "--data-dir", data);
        assertEquals(ExitCodes.OK, clean.exit(), clean.out() + clean.err());

        String sha = TemplateAddedOutsideTest.forge(dir, tmp).sha256();

        CliTest.Run verify = run("records", "verify", "--data-dir", data);
        assertEquals(ExitCodes.NOT_INTACT, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains("PROBLEM: " + TemplateAddedOutsideTest.NAMED + " (" + sha + ")"),
                verify.out());

        CliTest.Run list = run("templates", "list", "--data-dir", data);
        assertEquals(ExitCodes.NOT_INTACT, list.exit(), list.out() + list.err());
        String listed = list.out();
        int row = listed.indexOf(" exosome-therapy    9.0.0 ");
        assertTrue(row >= 0, listed + list.err());
        assertTrue(listed.substring(row).split("\n", 3)[1].contains("added outside ExoConsent (no 'template-added' "
                + "audit entry): never used, cannot be activated"), "the row marked: " + listed);
        assertTrue(list.err().contains("DAMAGED: 1 template version was added outside ExoConsent (no "
                + "'template-added' audit entry); the list shows it marked; never used:\nDAMAGED: "
                + TemplateAddedOutsideTest.NAMED), list.err());
        assertFalse(list.err().contains("could not be read"), list.err());

        CliTest.Run activate = run("templates", "activate", "exosome-therapy", "9.0.0", "--data-dir", data);
        assertEquals(ExitCodes.NOT_INTACT, activate.exit(), activate.out() + activate.err());
        assertTrue(activate.err().contains(TemplateAddedOutsideTest.NAMED), activate.err());

        // a consent of that version: not recorded, the version named
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) json.get("template")).put("version", "9.0.0");
        Path session = tmp.resolve("on-9.0.0.json");
        Files.write(session, Examples.bytes(json));
        TestAccounts.confirmFiles(dir, Examples.CLOCK, List.of(session));
        CliTest.Run record = run("record", "--data-dir", data, "--session", session.toString());
        assertFalse(record.exit() == ExitCodes.OK, record.out() + record.err());
        assertTrue(record.err().contains(TemplateAddedOutsideTest.NAMED), record.err());
        CliTest.Run records = run("records", "list", "--data-dir", data);
        assertFalse(records.out().contains(json.get("id").asText()), "nothing recorded: " + records.out());
    }
    /**
     * A version row put in with SQL under a hostile version and source (an escape sequence, a line break, U+202E, 300
     * characters) and languages (U+2028): named and listed as plain text that forges no line (review of issue 17: the list
     * printed the row's texts raw).
     */
    @Test
    void aVersionRowUnderAHostileNameIsNamedAndListedWithoutForgingALine() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        TestAccounts.everyone(dir, Examples.CLOCK);
        String data = dir.root().toString();
        String version = "9.9.9\u001b[2J\n* exosome-therapy 1.3.0 FORGED\u202e" + "x".repeat(300);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO template_version (template_id, version, "
                     + "sha256, effective_date, languages, source, added_at, added_by) VALUES ('exosome-therapy', ?, "
                     + "?, '2026-11-01', ?, 'imported', '2026-11-20T01:00:00Z', 'admin')")) { // as with sqlite3
            ps.setString(1, version);
            ps.setString(2, "0".repeat(64));
            ps.setString(3, "ja\u2028* exosome-therapy 1.3.0 FORGED");
            ps.executeUpdate();
            // and one made active under a hostile id (review of 2026-12-02: the active-version check printed it raw)
            String id = "evil\u001b[2J\nPROBLEM: none x";
            String active = "1.0\n8 records checked, 0 problems";
            try (java.sql.PreparedStatement other = c.prepareStatement("INSERT INTO template_version (template_id, "
                    + "version, sha256, effective_date, languages, source, added_at, added_by) VALUES (?, ?, ?, "
                    + "'2026-11-01', 'ja', 'imported', '2026-11-20T01:00:00Z', 'admin')");
                 java.sql.PreparedStatement activate = c.prepareStatement("INSERT INTO template_active (template_id, "
                         + "version, activated_at, activated_by) VALUES (?, ?, '2026-11-20T01:00:00Z', 'admin')")) {
                other.setString(1, id);
                other.setString(2, active);
                other.setString(3, "0".repeat(64));
                other.executeUpdate();
                activate.setString(1, id);
                activate.setString(2, active);
                activate.executeUpdate();
            }
        }
        for (String[] command : List.of(new String[] {"templates", "list"}, new String[] {"records", "verify"})) {
            CliTest.Run r = run(command[0], command[1], "--data-dir", data);
            String all = r.out() + r.err();
            assertEquals(ExitCodes.NOT_INTACT, r.exit(), all);
            for (String raw : List.of("\u001b", "\u202e", "\u2028")) {
                assertFalse(all.contains(raw), String.join(" ", command) + " printed it raw: " + all);
            }
            assertFalse(all.lines().anyMatch(l -> l.startsWith("* exosome-therapy 1.3.0 FORGED")
                    || l.startsWith("PROBLEM: none") || l.startsWith("8 records checked")),
                    String.join(" ", command) + ": a forged line: " + all);
            assertTrue(all.contains("9.9.9?[2J?* exosome-therapy 1.3.0 FORGED?x"), all);
        }
    }
}
