package org.exoconsent.usecases;

import static org.exoconsent.usecases.UseCaseTesting.MANAGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The administration screen's data through the use case alone: refused to a manager, read whole by an administrator. */
class AdministrationTest {
    @TempDir
    Path tmp;

    private DataDirectory dir;

    @BeforeEach
    void dataDirectory() throws Exception {
        dir = UseCaseTesting.withManager(tmp.resolve("data"));
    }

    @Test
    void aManagerIsRefusedTheScreensDataAndTheRefusalIsAudited() throws Exception {
        Administration office = new Administration(AdministrationTesting.manager(dir));

        AccessDeniedException e = assertThrows(AccessDeniedException.class, office::screen);

        assertTrue(e.getMessage().startsWith("office (manager) may not run exoconsent administration"),
                e.getMessage());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(1, TestAudit.entries(store, "access-refused").size());
        }
    }

    @Test
    void anAdministratorReadsAccountsSettingsCatalogTemplatesAndTheClinicsClock() throws Exception {
        Administration.Screen s = new Administration(AdministrationTesting.administrator(dir))
                .screen();

        assertTrue(s.accounts().stream().anyMatch(a -> a.name().equals(MANAGER)), s.accounts().toString());
        assertNotNull(s.settings());
        assertNotNull(s.catalog().clinic(), "the DEMO clinic");
        assertTrue(s.templates().stream().anyMatch(v -> v.active()), s.templates().toString());
        assertEquals(ClinicClock.DEFAULT_ZONE, s.clinicClock().zone());
        assertEquals(List.of(), s.catalog().missingTexts("ja"));
    }
}
