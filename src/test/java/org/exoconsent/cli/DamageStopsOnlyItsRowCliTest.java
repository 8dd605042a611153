package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordRow;
import org.exoconsent.testing.PreviousRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack review of 2026-12-01 on the command line, on release 1.6.0's data directory changed with sqlite3: a
 * damaged row stops only its own row. A recall and an export list the damaged record, its value marked, then name the
 * damage and exit 1; a lot's bad expiry does not stop the card or the withdrawal of another lot's consent; a template
 * version's bad time does not stop the backup. The same on both stores through the store:
 * {@code DamageStopsOnlyItsRowTest}.
 */
class DamageStopsOnlyItsRowCliTest {
    @TempDir
    Path tmp;

    private static void sql(DataDirectory dir, String update) throws Exception {
        DamagedRowsCliTest.sql(dir, update); // as with sqlite3
    }

    private static void noJavaException(FixtureCopy.Run r) {
        String all = r.out() + r.err();
        for (String raw : new String[] {"DateTimeParseException", "\tat ", "java.lang."}) {
            assertFalse(all.contains(raw), all);
        }
    }

    private static final String ADULT = PreviousRelease.ADULT_EN_1_6_0;
    private static final String NAMED = "DAMAGED: record " + ADULT + ": the database's record row '" + ADULT + "' was "
            + "changed outside the product: the column recorded_at holds 'garbage', not an instant; no command "
            + "rewrites a signed record's row: the true value is the time of the audit trail's entry that recorded "
            + "the document";

    @Test
    void aDamagedRecordIsRecalledAndExportedMarkedThenNamedAndOtherDamageStopsNothingElse() throws Exception {
        FixtureCopy copy = new FixtureCopy(PreviousRelease.V1_6_0, tmp, UpgradeFrom160Test.CLOCK);
        assertEquals(ExitCodes.OK, copy.cli(FixtureCopy.MANAGER, "records", "recall", "--lot", "AD-2609-17").exit());
        sql(copy.dir, "DROP TRIGGER record_immutable"); // as with sqlite3
        sql(copy.dir, "UPDATE record SET recorded_at = 'garbage' WHERE id = '" + ADULT + "'");

        FixtureCopy.Run recall = copy.cli(FixtureCopy.MANAGER, "records", "recall", "--lot", "AD-2609-17");
        noJavaException(recall);
        assertEquals(ExitCodes.NOT_INTACT, recall.exit(), recall.out() + recall.err());
        assertTrue(recall.out().contains("Lot AD-2609-17: 2 records"), "no patient of the lot hidden: " + recall.out());
        assertTrue(recall.out().contains("P-000961  Oliver Bennett") && recall.out().contains(ADULT), recall.out());
        assertTrue(recall.out().contains("P-000963  Charlotte Evans"), recall.out());
        assertTrue(recall.err().contains(NAMED), recall.err());

        Path csv = tmp.resolve("out").resolve("records.csv");
        FixtureCopy.Run export = copy.cli(FixtureCopy.MANAGER, "export", "--format", "csv", "--out", csv.toString());
        noJavaException(export);
        assertEquals(ExitCodes.NOT_INTACT, export.exit(), export.out() + export.err());
        assertTrue(export.out().contains("7 records (all records)"), "every record written: " + export.out());
        assertTrue(export.err().contains(NAMED), export.err());
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        String adultLine = text.lines().filter(l -> l.contains(ADULT)).findFirst().orElseThrow();
        assertTrue(adultLine.contains("\"" + RecordRow.UNREADABLE + "\""), adultLine);
        assertTrue(adultLine.contains("P-000961"), adultLine);

        // one lot's expiry: the card and the withdrawal of a consent of another lot as before
        sql(copy.dir, "UPDATE lot SET expiry = '2027-02-30x' WHERE number = 'AD-2609-17'");
        FixtureCopy.Run card = copy.cli(FixtureCopy.MANAGER, "card", "--record", PreviousRelease.FIRST_JA_1_6_0,
                "--out", tmp.resolve("out").resolve("card.pdf").toString());
        assertEquals(ExitCodes.OK, card.exit(), card.out() + card.err());
        FixtureCopy.Run withdraw = copy.cli(FixtureCopy.MANAGER, "withdraw", "--record",
                PreviousRelease.FIRST_JA_1_6_0, "--date", "2026-12-03", "--reason", "電話で申し出", "--received-by",
                "受付 鈴木");
        assertEquals(ExitCodes.OK, withdraw.exit(), withdraw.out() + withdraw.err());

        // a template version's time: the backup is written all the same (the clinic's only copy), but a backup a
        // restore refuses never says success (attack review of 2026-12-01): exit 1, each damage a restore refuses
        // named under the warning that it will not restore until repaired
        sql(copy.dir, "DROP TRIGGER template_version_no_update");
        sql(copy.dir, "UPDATE template_version SET added_at = 'yesterday'");
        Map<String, String> admin = new HashMap<>(UpgradeFromRelease.ADMIN);
        admin.put("EXOCONSENT_BACKUP_PASSPHRASE", "a long backup passphrase");
        Path zip = tmp.resolve("out").resolve("clinic.exo");
        FixtureCopy.Run backup = copy.cli(admin, "backup", "--out", zip.toString());
        noJavaException(backup);
        assertEquals(ExitCodes.NOT_INTACT, backup.exit(), backup.out() + backup.err());
        assertTrue(Files.size(zip) > 100_000, "the backup was written");
        assertTrue(backup.out().contains("(encrypted, checked)"), backup.out());
        String version = "template version exosome-therapy 1.3.0: the database's template_version row";
        assertTrue(backup.err().contains("Warning: " + version), "the opening's notice stays: " + backup.err());
        // three: the record's time, the version's, and the lot's expiry changed above, which the restore's
        // verification refuses too (since the review of 2026-12-02 the backup names all it will refuse)
        String wontRestore = "Warning: this backup holds 3 row(s) changed outside ExoConsent that a restore refuses, "
                + "so it will not restore until they are repaired and a new backup is made";
        int at = backup.err().indexOf(wontRestore);
        assertTrue(at >= 0, backup.err());
        String named = backup.err().substring(at);
        assertTrue(named.contains("\n  " + NAMED.substring("DAMAGED: ".length())), named);
        assertTrue(named.contains("\n  " + version) && named.contains("'yesterday'"), named);
        assertTrue(named.contains("\n  lot AD-2609-17 of Demo Adipose EV Concentrate: the database's lot row"), named);

        // and the restore refuses it, naming the same damage: what the backup said
        FixtureCopy.Run restore = FixtureCopy.run(UpgradeFrom160Test.CLOCK, admin, "restore", "--from",
                zip.toString(), "--to", tmp.resolve("restored").toString());
        noJavaException(restore);
        assertEquals(ExitCodes.NOT_INTACT, restore.exit(), restore.out() + restore.err());
        assertTrue(restore.err().contains("is not the clinic's, intact"), restore.err());
        assertTrue(restore.err().contains(version), restore.err());
        assertTrue(restore.err().contains(NAMED.substring("DAMAGED: ".length())), restore.err());
        assertTrue(restore.err().contains("lot AD-2609-17 of Demo Adipose EV Concentrate: the database's lot row"),
                restore.err());
        assertFalse(Files.exists(tmp.resolve("restored")), "nothing was restored");
    }

    /** A line of {@code templates list} per version: "  exosome-therapy 1.3.0 …" or "* …", by template and version. */
    private static java.util.List<String> versionLines(String out) {
        return out.lines().filter(l -> l.matches("[* ] [a-z].*")).toList();
    }

    /**
     * Brief C of issue 17 (2026-12-01): {@code templates list} listed no version at all when one version's stored time
     * was changed with sqlite3. Every version is listed; the damaged one with its field marked, the damage named after
     * (table, row, column, value, repair), exit 1. The same for its effective date and for the time it was chosen
     * ({@code template_active.activated_at}, not a column of the list: named, its version still marked chosen).
     */
    @Test
    void templatesListShowsEveryVersionTheDamagedOneMarkedThenNamesTheDamage() throws Exception {
        FixtureCopy copy = new FixtureCopy(PreviousRelease.V1_6_0, tmp, UpgradeFrom160Test.CLOCK);
        FixtureCopy.Run imported = copy.cli(UpgradeFromRelease.ADMIN, "templates", "import",
                org.exoconsent.testing.Examples.templateCopy(tmp.resolve("new-1.4.0"), "1.4.0").toString());
        assertEquals(ExitCodes.OK, imported.exit(), imported.out() + imported.err());
        FixtureCopy.Run before = copy.cli(UpgradeFromRelease.ADMIN, "templates", "list");
        assertEquals(ExitCodes.OK, before.exit(), before.out() + before.err());
        java.util.List<String> intact = versionLines(before.out());
        assertTrue(intact.size() >= 2, "the fixture holds several versions: " + before.out());
        String active = intact.stream().filter(l -> l.startsWith("*")).findFirst().orElseThrow();
        String activeVersion = active.substring(2).strip().split("\\s+")[1];
        String other = intact.stream().filter(l -> !l.startsWith("*")).findFirst().orElseThrow();
        String otherVersion = other.substring(2).strip().split("\\s+")[1];

        sql(copy.dir, "DROP TRIGGER template_version_no_update"); // as with sqlite3
        sql(copy.dir, "UPDATE template_version SET added_at = 'yesterday' WHERE version = '" + otherVersion + "'");
        FixtureCopy.Run list = copy.cli(UpgradeFromRelease.ADMIN, "templates", "list");
        noJavaException(list);
        assertEquals(ExitCodes.NOT_INTACT, list.exit(), list.out() + list.err());
        java.util.List<String> listed = versionLines(list.out());
        assertEquals(intact.size(), listed.size(), "every version listed: " + list.out());
        String damagedLine = listed.stream().filter(l -> l.contains(" " + otherVersion + " ")).findFirst()
                .orElseThrow();
        assertTrue(damagedLine.contains(RecordRow.UNREADABLE), damagedLine);
        assertTrue(listed.contains(active), "the other versions as before: " + list.out());
        String named = "DAMAGED: template version exosome-therapy " + otherVersion + ": the database's "
                + "template_version row 'exosome-therapy " + otherVersion + "' was changed outside the product: the "
                + "column added_at holds 'yesterday', not an instant; no command rewrites a template version's row: "
                + "the true values are in the audit trail's 'template-added' entry of the version";
        assertTrue(list.err().contains(named), list.err());

        // its effective date instead: the same
        sql(copy.dir, "UPDATE template_version SET added_at = (SELECT added_at FROM template_version WHERE version = '"
                + activeVersion + "'), effective_date = '2026-02-30' WHERE version = '" + otherVersion + "'");
        FixtureCopy.Run effective = copy.cli(UpgradeFromRelease.ADMIN, "templates", "list");
        noJavaException(effective);
        assertEquals(ExitCodes.NOT_INTACT, effective.exit(), effective.out() + effective.err());
        assertEquals(intact.size(), versionLines(effective.out()).size(), effective.out());
        assertTrue(versionLines(effective.out()).stream().anyMatch(l -> l.contains(" " + otherVersion + " ")
                && l.contains(RecordRow.UNREADABLE)), effective.out());
        assertTrue(effective.err().contains("the column effective_date holds '2026-02-30', not a date"),
                effective.err());

        // the time the active version was chosen: listed chosen as before, the damage named
        sql(copy.dir, "UPDATE template_version SET effective_date = '2026-01-01' WHERE version = '" + otherVersion
                + "'");
        sql(copy.dir, "UPDATE template_active SET activated_at = 'last week'");
        FixtureCopy.Run chosen = copy.cli(UpgradeFromRelease.ADMIN, "templates", "list");
        noJavaException(chosen);
        assertEquals(ExitCodes.NOT_INTACT, chosen.exit(), chosen.out() + chosen.err());
        assertEquals(intact.size(), versionLines(chosen.out()).size(), chosen.out());
        assertTrue(versionLines(chosen.out()).contains(active), "still marked chosen: " + chosen.out());
        assertTrue(chosen.out().contains(active + "\n    the time it was chosen for new consultations: "
                + RecordRow.UNREADABLE + "\n"), "the time it was chosen marked under it: " + chosen.out());
        assertTrue(chosen.err().contains("DAMAGED: active template version exosome-therapy " + activeVersion + ": the "
                + "database's template_active row 'exosome-therapy' was changed outside the product: the column "
                + "activated_at holds 'last week', not an instant; no command rewrites an activation's time"),
                chosen.err());

        // repaired: as before
        sql(copy.dir, "UPDATE template_active SET activated_at = '2026-12-01T00:00:00Z'");
        FixtureCopy.Run repaired = copy.cli(UpgradeFromRelease.ADMIN, "templates", "list");
        assertEquals(ExitCodes.OK, repaired.exit(), repaired.out() + repaired.err());
    }
}
