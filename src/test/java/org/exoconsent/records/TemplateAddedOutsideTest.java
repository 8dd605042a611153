package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateLoader;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack review of issue 17: a template version put into a data directory with sqlite3 — its files copied into
 * {@code templates/}, its row inserted, no {@code template-added} audit entry — was trusted: listed as any other,
 * activated, read for a consultation and recorded with. Now it is damage: records verify and the backup name it, the
 * library's list marks it, and it is never used (read, activated or recorded with: {@link DamagedStoreException}
 * naming it). The bundled version and one imported through the product are untouched.
 */
public class TemplateAddedOutsideTest {
    static final String ID = "exosome-therapy";

    /** How every message about the forged version 9.0.0 begins. */
    public static final String NAMED = "template version exosome-therapy 9.0.0: the database's template_version row "
            + "'exosome-therapy 9.0.0' was added outside the product: no 'template-added' entry of the audit trail "
            + "records this version with its SHA-256";

    @TempDir
    Path tmp;

    /**
     * Version 9.0.0 (a copy of the project's template) put into {@code dir} as sqlite3 and cp could: its files in the
     * data directory's template folder, its row inserted with SQL; no audit entry.
     */
    public static ConsentTemplate forge(DataDirectory dir, Path work) throws Exception {
        ConsentTemplate t = new TemplateLoader().load(Examples.templateCopy(work.resolve("forged"), "9.0.0"));
        new FolderTemplates(dir.templates()).put(t);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database())) {
            insertRow(c, t);
        }
        return t;
    }

    /** {@code t}'s index row as a program other than ExoConsent inserts it: "imported" by admin, no audit entry. */
    static void insertRow(Connection c, ConsentTemplate t) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO template_version (template_id, version, sha256, "
                + "effective_date, languages, source, added_at, added_by) VALUES (?, ?, ?, ?, ?, 'imported', "
                + "'2026-11-20T01:00:00Z', 'admin')")) {
            ps.setString(1, t.id());
            ps.setString(2, t.version());
            ps.setString(3, t.sha256());
            ps.setString(4, t.manifest().effectiveDate().toString());
            ps.setString(5, String.join(",", t.languages()));
            ps.executeUpdate();
        }
    }

    @Test
    void aVersionRowNoAuditEntryRecordsIsNamedMarkedAndNeverUsed() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        String bundled;
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            bundled = store.templates().get(0).version();
            store.importTemplate(Examples.templateCopy(tmp.resolve("imported"), "8.0.0")); // through the product
        }
        ConsentTemplate forged = forge(dir, tmp);

        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            // records verify names it (exit 1), and nothing about the versions the product added
            RecordStore.Verification v = store.verify((done, total) -> { });
            List<String> named = v.problems().stream().filter(p -> p.startsWith("template version ")).toList();
            assertEquals(1, named.size(), v.problems().toString());
            assertTrue(named.get(0).startsWith(NAMED + " (" + forged.sha256() + "); it is never used"),
                    named.get(0));
            assertFalse(v.ok());

            // the library's list: every version listed, the forged one marked with its damage
            List<TemplateLibrary.Version> listed = store.templates();
            assertEquals(List.of("9.0.0", "8.0.0", bundled), listed.stream().map(TemplateLibrary.Version::version)
                    .toList());
            assertEquals(1, listed.get(0).damage().size(), listed.get(0).damage().toString());
            assertTrue(listed.get(0).damage().get(0).startsWith(NAMED), listed.get(0).damage().get(0));
            assertEquals(List.of(), listed.get(1).damage(), "the imported version as before");
            assertEquals(List.of(), listed.get(2).damage(), "the bundled version as before");

            // never used: read, activated, signed or recorded with
            DamagedStoreException read = assertThrows(DamagedStoreException.class,
                    () -> store.template(ID, "9.0.0"));
            assertTrue(read.getMessage().startsWith(NAMED), read.getMessage());
            DamagedStoreException activated = assertThrows(DamagedStoreException.class,
                    () -> store.activateTemplate(ID, "9.0.0"));
            assertTrue(activated.getMessage().startsWith(NAMED), activated.getMessage());
            assertThrows(DamagedStoreException.class, () -> store.signingTemplate(ID, "9.0.0"));
            DamagedStoreException recorded = assertThrows(DamagedStoreException.class,
                    () -> store.refuseUnusableTemplate(forged, "forged.json"));
            assertTrue(recorded.getMessage().startsWith(NAMED), recorded.getMessage());
            assertEquals(bundled, store.activeTemplate(ID).version(), "the active version is still used");
            assertEquals("8.0.0", store.template(ID, "8.0.0").version(), "the imported one can be read");
            assertTrue(store.templateNotices("en").stream().noneMatch(n -> "9.0.0".equals(n.correction())),
                    "the forged version is never offered");

            // the backup is written (the clinic's copy) but names it as what a restore refuses
            RecordStore.BackupFile b = store.backup(tmp.resolve("clinic.exo"),
                    "a long backup passphrase".toCharArray());
            assertTrue(Files.isRegularFile(b.file()));
            assertEquals(1, b.damaged().size(), b.damaged().toString());
            assertTrue(b.damaged().get(0).startsWith(NAMED), b.damaged().get(0));
            assertFalse(b.restores());
        }
        // store migrate refuses to copy it (it names what RecordStore.changedOutside names)
        try (SqliteStores s = SqliteStores.open(dir)) {
            List<String> changed = RecordStore.changedOutside(s);
            assertEquals(1, changed.size(), changed.toString());
            assertTrue(changed.get(0).startsWith(NAMED), changed.get(0));
        }
    }

    @Test
    void theVersionsTheProductAddedAreNotDamage() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            store.importTemplate(Examples.templateCopy(tmp.resolve("imported"), "8.0.0"));
            store.activateTemplate(ID, "8.0.0");
            assertTrue(store.templates().stream().allMatch(v -> v.damage().isEmpty()), store.templates().toString());
            assertTrue(store.verify((done, total) -> { }).problems().stream()
                    .noneMatch(p -> p.startsWith("template version ")));
            assertEquals(List.of(), store.backup(tmp.resolve("clinic.exo"), "a long backup passphrase".toCharArray())
                    .damaged());
        }
    }
}
