package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.exoconsent.consent.SessionText;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clinic's template versions: the bundled one is there from the start and active; a new version is checked
 * before it is stored, is not used until activated, and never replaces the version earlier records were made with.
 */
class TemplateLibraryTest {
    static final String ID = "exosome-therapy";
    static final String NEW_SENTENCE = "改訂版の説明です。";

    @TempDir
    Path tmp;
    DataDirectory dir;

    @BeforeEach
    void freshClinic() {
        dir = new DataDirectory(tmp.resolve("data"));
    }

    /**
     * A copy of the bundled template with a new version number and one more paragraph (in Japanese and, so that the
     * languages still agree, in English).
     */
    private Path revised(String version) {
        Path folder = Examples.templateCopy(tmp.resolve("incoming-" + version), version);
        for (String lang : List.of("ja", "en")) {
            String sentence = lang.equals("ja") ? NEW_SENTENCE : "This is the revised text.";
            Examples.edit(folder.resolve(lang + ".yaml"), text -> {
                int at = text.indexOf("paragraphs:\n") + "paragraphs:\n".length();
                String indent = text.substring(at, text.indexOf('-', at));
                return text.substring(0, at) + indent + "- \"" + sentence + "\"\n" + text.substring(at);
            });
        }
        return folder;
    }

    private static String allText(ConsentTemplate t) {
        return String.join("\n", SessionText.sections(Examples.session("complete-ja"), t).stream()
                .flatMap(sec -> sec.paragraphs().stream()).toList());
    }

    private List<String> audit(String prefix) throws Exception {
        List<String> out = new ArrayList<>();
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test");
             Statement st = store.sqliteStores().connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT action || ' ' || subject FROM audit WHERE action LIKE '"
                     + prefix + "%' ORDER BY seq")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void theBundledVersionIsStoredInTheDataDirectoryAndActiveFromTheStart() throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            List<TemplateLibrary.Version> all = store.templates();
            assertEquals(1, all.size());
            TemplateLibrary.Version v = all.get(0);
            assertEquals(List.of(ID, "1.3.0", "bundled", true), List.of(v.id(), v.version(), v.source(),
                    v.active()));
            assertEquals(Examples.template().sha256(), v.sha256());
            assertEquals(List.of("ja", "en"), v.languages());
            assertEquals(Examples.template().sha256(), store.activeTemplate(ID).sha256());
        }
        assertTrue(Files.isRegularFile(dir.root().resolve("templates/1.3.0/exosome-therapy/ja.yaml")));
        assertEquals(List.of("template-added exosome-therapy 1.3.0"), audit("template"));
    }

    @Test
    void aNewVersionIsUsedOnlyOnceActivatedAndEarlierRecordsKeepTheirVersion() throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            TestAccounts.record(store, Examples.session("complete-ja"), store.activeTemplate(ID), Examples.key(), "before");
            TemplateLibrary.Version added = store.importTemplate(revised("1.4.0"));
            assertEquals(List.of("1.4.0", "imported", false), List.of(added.version(), added.source(),
                    added.active()));
            assertEquals("1.3.0", store.activeTemplate(ID).version(), "importing does not change what is used");

            store.activateTemplate(ID, "1.4.0");
            ConsentTemplate now = store.activeTemplate(ID);
            assertEquals("1.4.0", now.version());
            assertTrue(allText(now).contains(NEW_SENTENCE), "new consultations show the new text");
            ConsentTemplate old = store.template(ID, "1.3.0");
            assertFalse(allText(old).contains(NEW_SENTENCE), "the version earlier records name is unchanged");
            assertEquals(Examples.template().sha256(), old.sha256());

            // a draft begun under 1.3.0 is still signed with 1.3.0, after 1.4.0 became active
            var draft = Examples.json("complete-ja");
            draft.put("id", "draft-begun-under-1.3.0");
            TestAccounts.record(store, Examples.session(draft), store.template(ID, "1.3.0"), Examples.key(), "draft");
            assertEquals(List.of("1.4.0", "1.3.0"), store.templates().stream().map(TemplateLibrary.Version::version)
                    .toList(), "newest first");
        }
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test");
             Statement st = store.sqliteStores().connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT template_version, template_sha256 FROM record")) {
            assertTrue(rs.next());
            assertEquals("1.3.0", rs.getString(1));
            assertEquals(Examples.template().sha256(), rs.getString(2));
            assertFalse(rs.next(), "both records name the version they were signed with");
        }
        assertEquals(List.of("template-added exosome-therapy 1.3.0", "template-added exosome-therapy 1.4.0",
                "template-activated exosome-therapy 1.4.0"), audit("template"));
    }

    @Test
    void aTemplateWithACharacterNoFontCanPrintIsRefusedNamingFileAndCharacter() throws Exception {
        Path folder = revised("1.5.0");
        Examples.edit(folder.resolve("ja.yaml"), m -> m.replace(NEW_SENTENCE, "改訂版の説明です \uD83D\uDE0A"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            RefusedException e = assertThrows(RefusedException.class, () -> store.importTemplate(folder));
            assertTrue(e.getMessage().contains("ja.yaml: ") && e.getMessage().contains(
                    ": U+1F60A '\uD83D\uDE0A' cannot be printed (none of the bundled fonts has it)"), e.getMessage());
            assertEquals(List.of("1.3.0"), store.templates().stream().map(TemplateLibrary.Version::version)
                    .toList(), "nothing was imported");
        }
        assertFalse(Files.exists(dir.root().resolve("templates/1.5.0")));
    }

    @Test
    void everyTextOfTheBundledTemplatesCanBePrinted() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
        List<String> problems = new ArrayList<>();
        try (var files = Files.walk(Examples.TEMPLATES)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".yaml")).toList()) {
                problems.addAll(org.exoconsent.pdf.PrintableText.problems(f.toString(), yaml.readTree(f.toFile())));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void anInvalidTemplateIsRefusedWithEveryProblemNamedAndNothingIsStored() throws Exception {
        Path folder = revised("1.5.0");
        Examples.edit(folder.resolve("template.yaml"), m -> m.replace("correct: \"no\"", "correct: \"perhaps\""));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            TemplateException e = assertThrows(TemplateException.class, () -> store.importTemplate(folder));
            assertTrue(e.getMessage().contains("template.yaml:") && e.getMessage().contains("perhaps"),
                    e.getMessage());
            assertEquals(List.of("1.3.0"), store.templates().stream().map(TemplateLibrary.Version::version)
                    .toList());
        }
        assertFalse(Files.exists(dir.root().resolve("templates/1.5.0")), "no files of a refused version");
        RefusedException missing;
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            missing = assertThrows(RefusedException.class, () -> store.importTemplate(tmp.resolve("nowhere")));
        }
        assertTrue(missing.getMessage().contains("nowhere: no such folder"), missing.getMessage());
    }

    @Test
    void aVersionNumberIsNeverReusedForAnotherText() throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            store.importTemplate(revised("1.4.0"));
            Path same = Examples.templateCopy(tmp.resolve("same-number"), "1.4.0");
            Examples.edit(same.resolve("ja.yaml"), t -> t.replace("1. この治療について", "1. 別の題です"));
            ConflictException e = assertThrows(ConflictException.class, () -> store.importTemplate(same));
            assertTrue(e.getMessage().contains("version 1.4.0 is already in the library with a different text"),
                    e.getMessage());
            ConflictException bundled = assertThrows(ConflictException.class,
                    () -> store.importTemplate(Examples.TEMPLATES.resolve(ID)));
            assertTrue(bundled.getMessage().contains("version 1.3.0 is already in the library; nothing was changed"),
                    bundled.getMessage());
            assertTrue(allText(store.template(ID, "1.4.0")).contains(NEW_SENTENCE), "the stored 1.4.0 stands");
        }
    }

    @Test
    void activatingAVersionTheClinicDoesNotHaveNamesTheVersionsItHas() throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            RefusedException e = assertThrows(RefusedException.class, () -> store.activateTemplate(ID, "9.9"));
            assertEquals("template 'exosome-therapy' version 9.9: the clinic does not have it (it has 1.3.0)",
                    e.getMessage());
            assertEquals("1.3.0", store.activeTemplate(ID).version());
        }
    }

    @Test
    void aStoredVersionWhoseFilesWereChangedIsRefusedAndReportedByVerify() throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            store.importTemplate(revised("1.4.0"));
        }
        Examples.edit(dir.root().resolve("templates/1.4.0/exosome-therapy/ja.yaml"),
                t -> t.replace(NEW_SENTENCE, "書き換えられた文です。"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            StoreException e = assertThrows(StoreException.class, () -> store.template(ID, "1.4.0"));
            assertTrue(e.getMessage().contains("were changed after they were stored"), e.getMessage());
            assertThrows(StoreException.class, () -> store.activateTemplate(ID, "1.4.0"));
            assertEquals("1.3.0", store.activeTemplate(ID).version());
            RecordStore.Verification v = store.verify((d, t) -> { });
            assertEquals(1, v.problems().size(), v.problems().toString());
            assertTrue(v.problems().get(0).contains("templates/1.4.0/exosome-therapy"), v.problems().toString());
        }
    }

    @Test
    void onlyAnAdministratorImportsOrActivatesEveryoneSignedInMayListThem() throws Exception {
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            admin.addUser("kato", EnumSet.of(Role.PHYSICIAN), "123456", "doctor password".toCharArray());
        }
        Path folder = revised("1.4.0");
        try (RecordStore doctor = RecordStore.signIn(dir, Examples.CLOCK, "kato", "doctor password"
                .toCharArray(), "test")) {
            assertEquals(1, doctor.templates().size());
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> doctor.importTemplate(folder));
            assertEquals("kato (physician) may not change the consent templates: this needs the role "
                    + "administrator; someone with that role does this, or an administrator gives the role "
                    + "(exoconsent users set-roles, or the administration screen)", e.getMessage());
            assertThrows(AccessDeniedException.class, () -> doctor.activateTemplate(ID, "1.3.0"));
        }
        assertFalse(Files.exists(dir.root().resolve("templates/1.4.0")));
    }

    @Test
    void aBackupCarriesTheTemplateVersionsAndARestoreChecksThem() throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            store.importTemplate(revised("1.4.0"));
            store.activateTemplate(ID, "1.4.0");
            store.backup(tmp.resolve("b.zip"), BackupTest.PASSPHRASE);
        }
        DataDirectory restored = new DataDirectory(tmp.resolve("restored"));
        RecordStore.restore(tmp.resolve("b.zip"), restored, Examples.CLOCK,
                RestoreOptions.of(BackupTest.PASSPHRASE, java.util.List.of()));
        try (RecordStore store = TestAccounts.open(restored, Examples.CLOCK, "test")) {
            assertEquals("1.4.0", store.activeTemplate(ID).version());
            assertTrue(allText(store.activeTemplate(ID)).contains(NEW_SENTENCE));
        }
    }

    /** A revised copy that corrects no earlier version (for numbers the manifest's corrects would refuse). */
    private Path uncorrecting(String version) {
        Path folder = revised(version);
        Examples.edit(folder.resolve("template.yaml"), text -> text.replaceFirst("(?m)^corrects: .*\n", ""));
        for (String lang : List.of("ja", "en")) {
            Examples.edit(folder.resolve(lang + ".yaml"), text -> text.substring(0, text.indexOf("\ncorrections:")
                    + 1));
        }
        return folder;
    }

    /** A revised copy that says it corrects {@code corrects}. */
    private Path correcting(String version, String corrects) {
        Path folder = revised(version);
        Examples.edit(folder.resolve("template.yaml"), text -> text.replaceFirst("(?m)^corrects: .*$",
                "corrects: [\"" + corrects + "\"]"));
        return folder;
    }

    @Test
    void anImportedCorrectionChangesNothingUntilTheClinicActivatesIt() throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            store.importTemplate(correcting("1.4.0", "1.3.0"));
            assertEquals("1.3.0", store.templateForNewConsultation(ID).version(),
                    "an import alone changes what new consultations use in no way");
            assertFalse(store.templateVersion(ID, "1.3.0").containsErrors());
            assertEquals(List.of(), store.templateNotices("en"));
            assertEquals("1.3.0", store.signingTemplate(ID, "1.3.0").version(), "1.3.0 drafts are still signed");

            store.activateTemplate(ID, "1.4.0");
            assertTrue(store.templateVersion(ID, "1.3.0").containsErrors(), "marked once the clinic chose 1.4.0");
            assertEquals(List.of("1.4.0"), store.templateVersion(ID, "1.3.0").correctedBy());
            assertThrows(RefusedException.class, () -> store.activateTemplate(ID, "1.3.0"));
            assertThrows(RefusedException.class, () -> store.signingTemplate(ID, "1.3.0"));
        }
        assertTrue(audit("template-activated").contains("template-activated exosome-therapy 1.4.0"));
    }

    @Test
    void aVersionNumberEqualToOneTheClinicHasIsRefused() throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            store.templates();
            ConflictException e = assertThrows(ConflictException.class,
                    () -> store.importTemplate(uncorrecting("1.3")));
            assertTrue(e.getMessage().contains("is the same number as version 1.3.0"), e.getMessage());
        }
    }

    @Test
    void aVersionThatAStoredVersionCorrectsCannotBeImported() throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            RefusedException e = assertThrows(RefusedException.class,
                    () -> store.importTemplate(uncorrecting("1.0.0")));
            assertTrue(e.getMessage().contains("version 1.3.0 corrects it"), e.getMessage());
            assertEquals(List.of("1.3.0"), store.templates().stream().map(TemplateLibrary.Version::version)
                    .toList(), "nothing was imported");
        }
    }

    @Test
    void aConsentIsRecordedOnlyWithATextTheLibraryHoldsUnderItsVersion() throws Exception {
        Path elsewhere = revised("1.3.0"); // the same version number, another text, not imported
        ConsentTemplate other = new org.exoconsent.template.TemplateLoader().load(elsewhere);
        Path notImported = revised("1.5.0");
        ConsentTemplate unknown = new org.exoconsent.template.TemplateLoader().load(notImported);
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            var s = Examples.session("complete-ja");
            org.exoconsent.consent.SessionException differs = assertThrows(
                    org.exoconsent.consent.SessionException.class,
                    () -> TestAccounts.record(store, s, other, Examples.key(), "s.json"));
            assertTrue(differs.getMessage().contains("differs from the text the clinic's library holds"),
                    differs.getMessage());
            org.exoconsent.consent.SessionException missing = assertThrows(
                    org.exoconsent.consent.SessionException.class,
                    () -> TestAccounts.record(store, s, unknown, Examples.key(), "s.json"));
            assertTrue(missing.getMessage().contains("is not in the clinic's template library"),
                    missing.getMessage());
            TestAccounts.record(store, s, store.templateForNewConsultation(ID), Examples.key(), "s.json");
        }
    }

    /**
     * The store itself refuses what is not the template's own (issue 14 §2), so the administration screen, which
     * imports through it (AdminViewModel.importTemplate), is held to it as the command line is.
     */
    @Test
    void theStoreImportsOnlyTheTemplatesOwnFilesNeverALink() throws Exception {
        Path folder = revised("1.4.0");
        Path outside = Files.writeString(tmp.resolve("secret.txt"), "not for the library");
        Path link = Files.createSymbolicLink(folder.resolve("ko.yaml"), outside);
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            TemplateException e = assertThrows(TemplateException.class, () -> store.importTemplate(folder));
            assertEquals(link + ": is a symbolic link, which is never followed (it could bring any file of this "
                    + "computer into the template); a template folder holds only template.yaml and one file per "
                    + "language (ja.yaml, en.yaml …; docs/TEMPLATES.md)", e.getMessage());
            assertFalse(Files.exists(dir.root().resolve("templates/1.4.0")));
            Files.delete(link);
            assertEquals("1.4.0", store.importTemplate(folder).version(), "without it, the template is imported");
        }
    }
}
