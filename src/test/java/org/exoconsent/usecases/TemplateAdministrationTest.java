package org.exoconsent.usecases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.TemplateLibrary;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.template.TemplateException;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clinic's template versions through the use case alone: a manager is refused an import before the folder is
 * read, an administrator imports and activates a version (audited), an invalid folder is refused naming the file and
 * value, and nothing of it is stored.
 */
class TemplateAdministrationTest {
    @TempDir
    Path tmp;

    private DataDirectory dir;

    @BeforeEach
    void dataDirectory() throws Exception {
        dir = UseCaseTesting.withManager(tmp.resolve("data"));
    }

    @Test
    void aManagerIsRefusedAnImportBeforeTheFolderIsReadAndTheRefusalIsAudited() throws Exception {
        TemplateAdministration office = new TemplateAdministration(AdministrationTesting.manager(dir));

        // a folder that does not exist: reading it would be refused otherwise, naming it
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> office.importVersion(tmp.resolve("nowhere")));

        AdministrationTesting.assertRefusedAndAudited(e, dir, "templates import");
    }

    @Test
    void anAdministratorImportsAndActivatesAVersion() throws Exception {
        TemplateAdministration admin = asAdministrator();
        Path folder = Examples.templateCopy(tmp.resolve("incoming"), "9.0.0");

        TemplateLibrary.Version added = admin.importVersion(folder);
        assertEquals("9.0.0", added.version());
        assertFalse(added.active(), "not used until activated");

        TemplateAdministration.Activated a = admin.activate(added.id(), "9.0.0");
        assertFalse(a.alreadyActive());
        assertTrue(a.version().active());
        assertTrue(admin.library().versions().stream().anyMatch(v -> v.version().equals("9.0.0") && v.active()));
        assertTrue(admin.activate(added.id(), "9.0.0").alreadyActive());
        TemplateAdministration.Shown shown = admin.show(added.id(), "9.0.0");
        assertEquals("9.0.0", shown.template().version());
        assertNull(admin.show(added.id(), "9.9.9"), "a version the clinic does not have");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertTrue(TestAudit.entries(store, "template").stream().anyMatch(x -> x.contains("9.0.0")),
                    TestAudit.entries(store, "template").toString());
        }
    }

    @Test
    void anInvalidFolderIsRefusedNamingTheFileAndValueAndNothingIsStored() throws Exception {
        Path folder = Examples.templateCopy(tmp.resolve("incoming"), "9.1.0");
        Examples.edit(folder.resolve("template.yaml"), m -> m.replace("correct: \"no\"", "correct: \"perhaps\""));

        TemplateException e = assertThrows(TemplateException.class, () -> asAdministrator().importVersion(folder));

        assertTrue(e.getMessage().contains("template.yaml:") && e.getMessage().contains("perhaps"), e.getMessage());
        assertFalse(asAdministrator().library().versions().stream().anyMatch(v -> v.version().equals("9.1.0")));
        assertFalse(Files.exists(dir.root().resolve("templates/9.1.0")));
        assertThrows(RefusedException.class, () -> asAdministrator().activate("exosome-therapy", "9.1.0"));
    }

    private TemplateAdministration asAdministrator() {
        return new TemplateAdministration(AdministrationTesting.administrator(dir));
    }
}
