package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may run which command: the first administrator, credentials, roles, and exit code 5 for a refusal. */
class AccessCliTest {
    @TempDir
    Path tmp;

    private static ByteArrayInputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static final ByteArrayInputStream NONE = stdin("");

    @Test
    void aNewDataDirectoryAcceptsOnlyTheFirstAdministratorAndCommandsThatTouchNoPatientData() {
        String data = tmp.resolve("data").toString();
        CliTest.Run show = CliTest.runRaw(Map.of(), NONE, "catalog", "show", "--data-dir", data, "--user", "x");
        assertEquals(5, show.exit(), show.out() + "|" + show.err());
        assertTrue(show.err().contains("is not an ExoConsent data directory yet; create it with its first "
                + "administrator (exoconsent users add --name NAME --role administrator --password-stdin)"),
                "[" + show.err() + "]");
        CliTest.Run render = CliTest.runRaw(Map.of("EXOCONSENT_HOME", data), NONE, "render", "--session",
                Examples.sessionFile("complete-ja").toString(), "--out", tmp.resolve("c.pdf").toString());
        assertEquals(5, render.exit(), "signing a consent needs a signed-in physician or staff");
        assertTrue(render.err().contains("is not an ExoConsent data directory yet"), render.err());
        assertEquals(0, CliTest.runRaw(Map.of(), NONE, "templates", "check").exit(), "no patient data");

        CliTest.Run manager = CliTest.runRaw(Map.of(), stdin("manager password\n"), "users", "add", "--data-dir",
                data, "--name", "office", "--role", "manager", "--password-stdin");
        assertEquals(3, manager.exit());
        assertTrue(manager.err().contains("the first user must have exactly the role administrator"),
                manager.err());
        CliTest.Run weak = CliTest.runRaw(Map.of(), stdin("short\n"), "users", "add", "--data-dir", data, "--name",
                "admin", "--role", "administrator", "--password-stdin");
        assertEquals(3, weak.exit());
        assertTrue(weak.err().contains("password for admin: too short"), weak.err());
        assertTrue(!weak.err().contains("short\n"), "a password is never echoed");

        CliTest.Run first = CliTest.runRaw(Map.of(), stdin("the admin password\n"), "users", "add", "--data-dir",
                data, "--name", "admin", "--role", "administrator", "--password-stdin");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("Created the first administrator: admin"), first.out());
        assertTrue(first.err().contains("with a DEMO clinic for practice"), first.err());
        // and says how it is replaced, naming the data directory as it was given (README trial of issue 17)
        assertTrue(first.err().contains("replace it with the clinic's own before real use: exoconsent --data-dir "
                + org.exoconsent.records.ShellWords.quote(Path.of(data).toAbsolutePath().toString()) + " catalog "
                + "set-clinic --name NAME --address ADDRESS --phone PHONE --blood-donation-policy TEXT (and --name-en, "
                + "--address-en, --blood-donation-policy-en for consents in English), then catalog add-physician, "
                + "add-product and add-lot, then catalog remove-demo (or, in the app, its \"Set up the clinic\" "
                + "screen)."), first.err());

        CliTest.Run second = CliTest.runRaw(Map.of(), stdin("another password\n"), "users", "add", "--data-dir",
                data, "--name", "intruder", "--role", "administrator", "--password-stdin");
        assertEquals(5, second.exit(), "once there is a user, adding one needs an administrator");
        assertTrue(second.err().contains("give --user NAME"), second.err());
        CliTest.Run noPassword = CliTest.runRaw(Map.of(), NONE, "catalog", "show", "--data-dir", data, "--user",
                "admin");
        assertEquals(5, noPassword.exit());
        assertTrue(noPassword.err().contains("sign in as admin: no password; type it at the prompt, or use "
                + "--password-stdin or EXOCONSENT_PASSWORD"), noPassword.err());
    }

    /**
     * A name that looks like another's on screen and in the audit trail is refused (attack review of 2026-12-01,
     * finding 9: {@code ａｄｍｉｎ} in full-width letters was added beside {@code admin}, both listed with their roles).
     */
    @Test
    void aNameInFullWidthLettersOrOneDifferingOnlyInTheCaseOfAnAccentedLetterIsRefused() throws Exception {
        String data = tmp.resolve("data").toString();
        assertEquals(0, CliTest.runRaw(Map.of(), stdin("the admin password\n"), "users", "add", "--data-dir", data,
                "--name", "admin", "--role", "administrator", "--password-stdin").exit());
        Map<String, String> asAdmin = Map.of("EXOCONSENT_PASSWORD", "the admin password");
        CliTest.Run wide = CliTest.runRaw(asAdmin, stdin("another password 1\n"), "users", "add", "--data-dir", data,
                "--user", "admin", "--name", "ａｄｍｉｎ", "--role", "administrator", "--password-stdin");
        assertEquals(ExitCodes.INVALID_INPUT, wide.exit(), wide.out() + wide.err());
        assertEquals("user name: 'ａｄｍｉｎ' holds full-width or other compatibility characters, which look like "
                + "other names; write it as 'admin'", wide.err().strip());
        assertEquals(0, CliTest.runRaw(asAdmin, stdin("emile password 1\n"), "users", "add", "--data-dir", data,
                "--user", "admin", "--name", "émile", "--role", "staff", "--password-stdin").exit());
        CliTest.Run accent = CliTest.runRaw(asAdmin, stdin("another password 1\n"), "users", "add", "--data-dir",
                data, "--user", "admin", "--name", "Émile", "--role", "administrator", "--password-stdin");
        assertEquals(ExitCodes.INVALID_INPUT, accent.exit(), accent.out() + accent.err());
        assertEquals("Émile: an account of this name exists already ('émile'; names are compared in their plain "
                + "form, ignoring case); nothing was changed", accent.err().strip());
        CliTest.Run list = CliTest.runRaw(asAdmin, NONE, "users", "list", "--data-dir", data, "--user", "admin");
        assertEquals(0, list.exit(), list.err());
        assertFalse(list.out().contains("ａｄｍｉｎ") || list.out().contains("Émile"), list.out());
    }

    @Test
    void anAdministratorAddsPeopleWhoThenSignInWithTheirRoles() throws Exception {
        String data = tmp.resolve("data").toString();
        assertEquals(0, CliTest.runRaw(Map.of(), stdin("the admin password\n"), "users", "add", "--data-dir", data,
                "--name", "admin", "--role", "administrator", "--password-stdin").exit());
        Map<String, String> asAdmin = Map.of("EXOCONSENT_PASSWORD", "the admin password");
        CliTest.Run add = CliTest.runRaw(asAdmin, stdin("reception password\n"), "users", "add", "--data-dir", data,
                "--user", "admin", "--name", "reception", "--role", "staff", "--password-stdin");
        assertEquals(0, add.exit(), add.err());
        CliTest.Run doctor = CliTest.runRaw(asAdmin, stdin("doctor password\n"), "users", "add", "--data-dir",
                data, "--user", "admin", "--name", "yamada", "--role", "physician", "--password-stdin");
        assertEquals(3, doctor.exit());
        assertTrue(doctor.err().contains("a physician account needs --licence"), doctor.err());
        // the physician who prepared and confirmed the example consultation
        CliTest.Run yamada = CliTest.runRaw(asAdmin, stdin("doctor password\n"), "users", "add", "--data-dir", data,
                "--user", "admin", "--name", "yamada", "--role", "physician", "--licence", "123456",
                "--password-stdin");
        assertEquals(0, yamada.exit(), yamada.err());
        assertEquals("", yamada.err(), "the catalog has licence 123456: nothing to say");
        // a licence the catalog lacks: the account is added, and the administrator told what it cannot do yet
        // (README trial of issue 17: it was added without a word, and the physician's confirmation refused later)
        CliTest.Run mori = CliTest.runRaw(asAdmin, stdin("doctor password 2\n"), "users", "add", "--data-dir", data,
                "--user", "admin", "--name", "mori", "--role", "physician", "--licence", "999999",
                "--password-stdin");
        assertEquals(0, mori.exit(), mori.err());
        String notice = "Notice: licence 999999 is not an active physician of the clinic's catalog: mori cannot "
                + "confirm a treatment until an administrator adds the physician (exoconsent catalog add-physician "
                + "--name NAME --licence 999999) or corrects the account's licence (exoconsent users set-roles --name "
                + "mori --role %s --licence NUMBER)\n";
        assertEquals(String.format(notice, "physician"), mori.err());
        assertEquals("Added mori (physician)\n", mori.out());
        CliTest.Run roles = CliTest.runRaw(asAdmin, NONE, "users", "set-roles", "--data-dir", data, "--user", "admin",
                "--name", "mori", "--role", "physician,manager");
        assertEquals(0, roles.exit(), roles.err());
        assertEquals("Roles of mori set: physician,manager\n", roles.out(), "says the roles it set");
        assertEquals(String.format(notice, "physician,manager"), roles.err(),
                "the licence kept is still not in the catalog; the command named keeps the account's roles");
        // a role that is none of the product's: refused by name before anyone is asked for a password (no
        // EXOCONSENT_PASSWORD and nothing on standard input: a sign-in would have been refused instead)
        CliTest.Run nurse = CliTest.runRaw(Map.of(), NONE, "users", "set-roles", "--data-dir", data, "--user", "admin",
                "--name", "mori", "--role", "physician,nurse");
        assertEquals(3, nurse.exit(), nurse.err());
        assertEquals("role: 'nurse' is not one of physician, staff, manager, administrator; nothing was changed\n",
                nurse.err());
        CliTest.Run none = CliTest.runRaw(Map.of(), NONE, "users", "set-roles", "--data-dir", data, "--user", "admin",
                "--name", "mori", "--role", ",");
        assertEquals(3, none.exit(), none.err());
        assertEquals("--role: give at least one of physician, staff, manager, administrator; nothing was changed\n",
                none.err());
        CliTest.Run list = CliTest.runRaw(asAdmin, NONE, "users", "list", "--data-dir", data, "--user", "admin");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains("reception") && list.out().contains("staff"), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("mori ") && l.contains("physician,manager")),
                "mori's roles are as they were: " + list.out());
        assertTrue(!list.out().contains("argon2"), "no hash is ever shown");

        // the physician confirmed the example's treatment with their own password on the staff's tablet, as the
        // wizard does, before the explanation
        try (org.exoconsent.records.RecordStore tablet = org.exoconsent.records.RecordStore.signIn(
                new org.exoconsent.records.DataDirectory(Path.of(data)), Examples.CLOCK, "reception",
                "reception password".toCharArray(), "test")) {
            tablet.confirmTreatment("yamada", "doctor password".toCharArray(), Examples.session("complete-ja"));
        } catch (org.exoconsent.records.StoreException e) {
            throw new AssertionError(e);
        }
        // staff record a consent, signing in with the password on standard input
        CliTest.Run record = CliTest.runRaw(Map.of(), stdin("reception password\n"), "record", "--data-dir", data,
                "--user", "reception", "--password-stdin", "--session",
                Examples.sessionFile("complete-ja").toString());
        assertEquals(0, record.exit(), record.err());
        // ... but may not export
        CliTest.Run export = CliTest.runRaw(Map.of("EXOCONSENT_USER", "reception", "EXOCONSENT_PASSWORD",
                "reception password"), NONE, "export", "--data-dir", data, "--format", "csv", "--out",
                tmp.resolve("all.csv").toString());
        assertEquals(5, export.exit());
        assertEquals("reception (staff) may not run exoconsent export: this needs the role manager; someone with "
                + "that role does this, or an administrator gives the role (exoconsent users set-roles, or the "
                + "administration screen)\n",
                export.err());
        // ... nor change anyone's roles; nor may a physician export (another physician's records, or any):
        // each refusal is audited with who asked and what (issue 14 §4)
        CliTest.Run promote = CliTest.runRaw(Map.of("EXOCONSENT_PASSWORD", "reception password"), NONE, "users",
                "set-roles", "--data-dir", data, "--user", "reception", "--name", "reception", "--role",
                "administrator");
        assertEquals(5, promote.exit(), promote.err());
        CliTest.Run doctorExport = CliTest.runRaw(Map.of("EXOCONSENT_PASSWORD", "doctor password"), NONE, "export",
                "--data-dir", data, "--user", "yamada", "--format", "csv", "--physician", "佐々木 恵", "--out",
                tmp.resolve("sasaki.csv").toString());
        assertEquals(5, doctorExport.exit(), doctorExport.err());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data + "/exoconsent.db");
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT actor, subject, details FROM audit WHERE action = "
                     + "'access-refused' ORDER BY seq")) {
            java.util.List<String> refusals = new java.util.ArrayList<>();
            while (rs.next()) {
                refusals.add(rs.getString(1) + " | " + rs.getString(2) + " | " + rs.getString(3));
            }
            assertEquals(java.util.List.of(
                    "reception [staff] | export | {\"refused\":\"export records, recall a lot or read the audit trail\",\"asked\":"
                            + "\"export\",\"needs\":\"manager\"}",
                    "reception [staff] | manage-users | {\"refused\":\"manage users\",\"asked\":\"users "
                            + "set-roles\",\"needs\":\"administrator\"}",
                    "yamada [physician] | export | {\"refused\":\"export records, recall a lot or read the audit trail\",\"asked\":"
                            + "\"export\",\"needs\":\"manager\"}"), refusals);
        }
        // each refusal names the action asked, not another the same permission allows
        CliTest.Run adminAudit = CliTest.runRaw(asAdmin, NONE, "audit", "export", "--data-dir", data, "--user",
                "admin", "--out", tmp.resolve("audit.csv").toString());
        assertEquals(5, adminAudit.exit(), adminAudit.err());
        assertEquals("admin (administrator) may not run exoconsent audit export: this needs the role manager; "
                + "someone with that role does this, or an administrator gives the role (exoconsent users "
                + "set-roles, or the administration screen)\n",
                adminAudit.err());
        CliTest.Run staffRecall = CliTest.runRaw(Map.of("EXOCONSENT_PASSWORD", "reception password"), NONE,
                "records", "recall", "--data-dir", data, "--user", "reception", "--lot", "UC10-2611-04");
        assertEquals(5, staffRecall.exit(), staffRecall.err());
        assertEquals("reception (staff) may not run exoconsent records recall: this needs the role manager; someone "
                + "with that role does this, or an administrator gives the role (exoconsent users set-roles, or the "
                + "administration screen)\n",
                staffRecall.err());
        // a wrong password
        CliTest.Run wrong = CliTest.runRaw(Map.of("EXOCONSENT_PASSWORD", "guess"), NONE, "catalog", "show",
                "--data-dir", data, "--user", "reception");
        assertEquals(5, wrong.exit());
        assertEquals("reception: wrong user name or password, or the account is locked or disabled"
                + " (after 5 wrong passwords in a row an account waits 15 minutes; an administrator "
                + "can set a new password)\n", wrong.err());
        // a name longer than any account's: refused before a password is asked for, with the one answer
        CliTest.Run huge = CliTest.runRaw(Map.of(), NONE, "catalog", "show", "--data-dir", data, "--user",
                "u".repeat(120_000));
        assertEquals(5, huge.exit(), huge.err());
        assertEquals("u".repeat(64) + "… (120000 characters): wrong user name or password, or the account is locked "
                + "or disabled (after 5 wrong passwords in a row an account waits 15 minutes; an administrator can "
                + "set a new password)\n", huge.err());
        // there is no way to give a password as an argument
        assertEquals(2, CliTest.runRaw(Map.of(), NONE, "catalog", "show", "--data-dir", data, "--user", "reception",
                "--password", "reception password").exit());
    }

    @Test
    void anAdministratorImportsTheClinicsKeyAndConsentsAreSignedWithItFromThenOn() throws Exception {
        String data = tmp.resolve("data").toString();
        assertEquals(0, CliTest.runRaw(Map.of(), stdin("the admin password\n"), "users", "add", "--data-dir", data,
                "--name", "admin", "--role", "administrator", "--password-stdin").exit());
        Map<String, String> asAdmin = Map.of("EXOCONSENT_USER", "admin", "EXOCONSENT_PASSWORD",
                "the admin password");
        assertEquals(0, CliTest.runRaw(asAdmin, NONE, "users", "set-roles", "--data-dir", data, "--name", "admin",
                "--role", "administrator,staff").exit());
        Path p12 = tmp.resolve("from-the-ca.p12");
        java.nio.file.Files.write(p12, org.exoconsent.pdf.TestAccess.createKeystore("さくら皮膚科クリニック",
                "ca password".toCharArray()));
        CliTest.Run wrong = CliTest.runRaw(asAdmin, stdin("not it\n"), "keys", "import", "--data-dir", data,
                "--p12", p12.toString(), "--password-stdin");
        assertEquals(3, wrong.exit());
        assertTrue(wrong.err().contains("wrong password"), wrong.err());
        CliTest.Run imported = CliTest.runRaw(asAdmin, stdin("ca password\n"), "keys", "import", "--data-dir",
                data, "--p12", p12.toString(), "--password-stdin");
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(imported.out().startsWith("Imported; from now on signing with: C=JP,O=さくら皮膚科クリニック"),
                imported.out());
        // and registered, so that it signs records (issue 13 §2)
        assertTrue(imported.out().contains("registered as one of the clinic's signing keys: 'imported clinic key'"),
                imported.out());
        CliTest.Run show = CliTest.runRaw(asAdmin, NONE, "keys", "show", "--data-dir", data);
        assertTrue(show.out().startsWith("Signing with the imported clinic key: C=JP,O=さくら皮膚科クリニック"),
                show.out());
        Path out = tmp.resolve("signed.pdf");
        CliTest.Run render = CliTest.runRaw(asAdmin, NONE, "render", "--data-dir", data, "--session",
                Examples.sessionFile("complete-en").toString(), "--out", out.toString());
        assertEquals(0, render.exit(), render.err());
        assertTrue(render.out().contains("signed by C=JP,O=さくら皮膚科クリニック"), render.out());
        assertTrue(!java.nio.file.Files.readString(tmp.resolve("data/keys/clinic-imported.p12.password"))
                .contains("ca password"), "the CA password is not kept");
        // a staff member may not change the key
        assertEquals(0, CliTest.runRaw(asAdmin, stdin("reception password\n"), "users", "add", "--data-dir", data,
                "--name", "reception", "--role", "staff", "--password-stdin").exit());
        CliTest.Run refused = CliTest.runRaw(Map.of("EXOCONSENT_USER", "reception", "EXOCONSENT_PASSWORD",
                "reception password"), stdin("ca password\n"), "keys", "import", "--data-dir", data, "--p12",
                p12.toString(), "--password-stdin");
        assertEquals(5, refused.exit());
    }
}
