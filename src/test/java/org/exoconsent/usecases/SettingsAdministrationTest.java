package org.exoconsent.usecases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Settings;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clinic's settings through the use case alone: a manager is refused a change before anything is read or
 * written, an administrator's changes (time zone, idle lock) are stored and audited, a bad value is refused naming
 * the setting and changes none, and the staff PIN: the first by anyone signed in, a change only by administrators.
 */
class SettingsAdministrationTest {
    @TempDir
    Path tmp;

    private DataDirectory dir;

    @BeforeEach
    void dataDirectory() throws Exception {
        dir = UseCaseTesting.withManager(tmp.resolve("data"));
    }

    @Test
    void aManagerIsRefusedAChangeBeforeEvenItsValueIsReadAndTheRefusalIsAudited() throws Exception {
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> asManager().set("idle-lock-minutes", "not a number", false));

        AdministrationTesting.assertRefusedAndAudited(e, dir, "settings set");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(List.of(), TestAudit.entries(store, "settings:changed"));
        }
    }

    @Test
    void anAdministratorsChangesAreStoredAndAudited() throws Exception {
        SettingsAdministration admin = asAdministrator();
        admin.set("time-zone", "Asia/Ho_Chi_Minh", false);
        admin.save("30", "15", "Asia/Ho_Chi_Minh");

        Settings s = asManager().settings(); // anyone signed in reads them
        assertEquals(ZoneId.of("Asia/Ho_Chi_Minh"), s.timeZone());
        assertEquals(15, s.get(Settings.Key.IDLE_LOCK_MINUTES));
        assertEquals(30, s.get(Settings.Key.REFLECTION_MINUTES));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            // the time zone once (unchanged by save), the idle lock and reflection time once each
            assertEquals(3, TestAudit.entries(store, "settings:changed").size(),
                    TestAudit.entries(store, "settings:changed").toString());
        }
    }

    /** Issue 16 §7: the staff PIN typed twice; two that differ are refused and nothing is stored or audited. */
    @Test
    void aStaffPinTypedDifferentlyTheSecondTimeIsRefusedAndNothingIsStored() throws Exception {
        SettingsAdministration admin = asAdministrator();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> admin.setStaffPin(() -> "2468", () -> "2486"));
        assertEquals("the two PINs differ; nothing was stored", e.getMessage());
        assertTrue(!admin.hasStaffPin());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(List.of(), TestAudit.entries(store, "settings:changed"));
        }
        admin.setStaffPin(() -> "2468", () -> "2468");
        assertTrue(admin.hasStaffPin());
    }

    @Test
    void aValueOutsideItsRangeIsRefusedNamingTheSettingAndNoneIsChanged() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> asAdministrator().save("30", "999", "Asia/Tokyo"));

        assertTrue(e.getMessage().startsWith("idle-lock-minutes: 999 is outside 1 to 240"), e.getMessage());
        Settings s = asAdministrator().settings();
        assertTrue(s.isDefault(Settings.Key.REFLECTION_MINUTES), "the valid reflection time was not stored either");
        assertTrue(s.isDefault(Settings.Key.IDLE_LOCK_MINUTES));
    }

    @Test
    void theFirstStaffPinIsSetByAnyoneButOnlyAnAdministratorChangesIt() throws Exception {
        assertFalse(asManager().hasStaffPin());
        asManager().setStaffPin(() -> "2468");
        assertTrue(asManager().hasStaffPin());

        assertThrows(AccessDeniedException.class, () -> asManager().setStaffPin(() -> "1357"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertTrue(store.staffPinMatches("2468"), "the manager did not change it");
        }
        asAdministrator().setStaffPin(() -> "1357");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertTrue(store.staffPinMatches("1357"));
        }
    }

    @Test
    void aStaffPinThatIsNotFourToEightDigitsIsRefused() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> asAdministrator().setStaffPin(() -> {
                    asked.incrementAndGet();
                    return "12a4";
                }));
        assertEquals("a staff PIN has 4 to 8 digits", e.getMessage());
        assertEquals(1, asked.get());
        assertFalse(asAdministrator().hasStaffPin());
    }

    private SettingsAdministration asManager() {
        return new SettingsAdministration(AdministrationTesting.manager(dir));
    }

    private SettingsAdministration asAdministrator() {
        return new SettingsAdministration(AdministrationTesting.administrator(dir));
    }
}
