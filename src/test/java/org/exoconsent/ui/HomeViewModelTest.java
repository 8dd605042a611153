package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.exoconsent.usecases.StoreOpenings;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Settings;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The home screen's settings and notices, read in one opening of the store, without a screen. */
class HomeViewModelTest {
    @TempDir
    Path tmp;

    private DataDirectory dir;
    private Principal administrator;

    @BeforeEach
    void aClinicSetUpThreeWeeksAgo() throws Exception {
        dir = new DataDirectory(tmp.resolve("data"));
        administrator = TestAccounts.everyone(dir, Examples.CLOCK);
    }

    @Test
    void anAdministratorIsRemindedOfTheBackupCountedOnTheAppsClockAndGetsTheSettings() throws Exception {
        Clock threeWeeksLater = Clock.offset(Examples.CLOCK, Duration.ofDays(21));
        HomeViewModel.Notices n = new HomeViewModel(StoreOpenings.of(dir, threeWeeksLater)).read(administrator, "en");
        assertEquals(Settings.Key.IDLE_LOCK_MINUTES.defaultValue(), n.settings().get(Settings.Key.IDLE_LOCK_MINUTES));
        assertNotNull(n.backup(), "no backup for 21 days, the reminder is every 7");
        assertNull(n.backup().lastBackup(), "never backed up");
        assertEquals(21, n.backup().days(), "days counted on the clock the app was given");
        assertNotNull(n.templates(), "an administrator is told about template versions");
        assertNotNull(n.texts(), "and about missing texts");
        assertNotNull(n.evidence(), "and about the audit trail's head");
    }

    @Test
    void theStaffPinTypedDifferentlyTheSecondTimeIsRefusedAndNothingIsStored() throws Exception {
        HomeViewModel vm = new HomeViewModel(StoreOpenings.of(dir, Examples.CLOCK));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> vm.setStaffPin(administrator, "2468", "2486"));
        assertEquals("the two PINs differ; nothing was stored", e.getMessage());
        org.junit.jupiter.api.Assertions.assertFalse(vm.hasStaffPin(administrator), "nothing was stored");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> vm.setStaffPin(administrator, "2468", null), "the second missing");
        vm.setStaffPin(administrator, "2468", "2468");
        org.junit.jupiter.api.Assertions.assertTrue(vm.hasStaffPin(administrator));
    }

    @Test
    void onTheDayOfTheSetUpNoBackupIsDue() throws Exception {
        assertNull(new HomeViewModel(StoreOpenings.of(dir, Examples.CLOCK)).read(administrator, "en").backup());
    }

    @Test
    void aPhysicianGetsTheSettingsButNoneOfTheAdministratorsNotices() throws Exception {
        Principal physician = new SignInViewModel(StoreOpenings.of(dir, Examples.CLOCK)).signIn(TestAccounts.PHYSICIAN,
                TestAccounts.PHYSICIAN_PASSWORD.toCharArray());
        HomeViewModel.Notices n = new HomeViewModel(StoreOpenings.of(dir,
                Clock.offset(Examples.CLOCK, Duration.ofDays(21))))
                .read(physician, "ja");
        assertNotNull(n.settings());
        assertNull(n.templates());
        assertNull(n.texts());
        assertNull(n.backup());
        assertNull(n.evidence());
    }

    @Test
    void theStoreIsClosedOnceTheHomeScreenHasRead() throws Exception {
        new HomeViewModel(StoreOpenings.of(dir, Examples.CLOCK)).read(administrator, "en");
        // a second program (the command line) is not refused: the home screen's opening is over
        try (RecordStore store = RecordStore.open(dir, Examples.CLOCK, administrator, "records verify")) {
            assertNotNull(store.settings());
        }
    }

    @Test
    void anAnchorOutOfReachIsSaidAsOutOfReachThoughTheSameOpeningReadsTheOtherNotices() throws Exception {
        Path share = java.nio.file.Files.createDirectories(tmp.resolve("nas"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            store.setAnchor(share.resolve("anchor.jsonl"));
        }
        java.nio.file.Files.move(share, tmp.resolve("nas-unmounted"));
        java.util.List<String> evidence = new HomeViewModel(StoreOpenings.of(dir, Examples.CLOCK))
                .read(administrator, "en").evidence();
        assertEquals(1, evidence.size(), evidence.toString());
        assertTrue(evidence.get(0).startsWith("the anchor's folder " + share + " cannot be reached"), evidence.get(0));
    }

    @Test
    void everyRoleSeesTheSameButtonsInTheSameOrderThoseItMayNotUseSayWhy() throws Exception {
        Principal everyone = TestAccounts.everyone(dir, Examples.CLOCK);
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "users")) {
            store.addUser("suzuki", java.util.EnumSet.of(org.exoconsent.records.Role.STAFF), null,
                    "staff password 42".toCharArray());
        }
        Principal staff = new org.exoconsent.usecases.SignIn(dir, Examples.CLOCK).signIn("suzuki",
                "staff password 42".toCharArray(), "test");
        List<String> order = List.of("home-new-consultation", "home-records", "home-overview", "home-admin");
        assertEquals(order, HomeViewModel.actions(everyone).stream().map(HomeViewModel.Action::id).toList());
        assertEquals(order, HomeViewModel.actions(staff).stream().map(HomeViewModel.Action::id).toList(),
                "the same places whatever the role");
        assertTrue(HomeViewModel.actions(everyone).stream().allMatch(HomeViewModel.Action::allowed));
        assertEquals(List.of(true, false, false, false), HomeViewModel.actions(staff).stream()
                .map(HomeViewModel.Action::allowed).toList());
        java.util.ResourceBundle en = java.util.ResourceBundle.getBundle("org.exoconsent.ui.messages",
                java.util.Locale.ENGLISH);
        assertEquals(List.of("For managers", "For managers", "For administrators"), HomeViewModel.actions(staff)
                .stream().skip(1).map(a -> en.getString(a.reasonKey())).toList());
    }

    @Test
    void aDraftIsListedWithItsTimeInTheClinicsFormatAndZone() {
        ClinicClock tokyo = ClinicClock.of(Examples.CLOCK, java.time.ZoneId.of("Asia/Tokyo"));
        var draft = new org.exoconsent.records.DraftStore.Draft(Examples.session("complete-ja"), false,
                java.time.Instant.parse("2026-11-29T19:44:06.979140137Z"));
        java.util.ResourceBundle en = java.util.ResourceBundle.getBundle("org.exoconsent.ui.messages",
                java.util.Locale.ENGLISH);
        java.util.ResourceBundle ja = java.util.ResourceBundle.getBundle("org.exoconsent.ui.messages",
                java.util.Locale.JAPANESE);
        assertEquals("Resume: 佐藤 花子 (saved 2026-11-30 04:44)", HomeViewModel.draftLine(en, draft, tokyo),
                "the next morning in Tokyo, to the minute, never the stored instant");
        assertEquals("再開：佐藤 花子（2026-11-30 04:44 保存）", HomeViewModel.draftLine(ja, draft, tokyo));
        assertEquals("Resume: 佐藤 花子 (saved 2026-11-29 20:44)", HomeViewModel.draftLine(en, draft,
                ClinicClock.of(Examples.CLOCK, java.time.ZoneId.of("Europe/Berlin"))), "the clinic's zone decides");
    }

    @Test
    void aDraftHeldByAnotherDeviceSaysOnWhichSinceWhenAndNotOnItsOwnOrOnceLapsed() {
        ClinicClock tokyo = ClinicClock.of(Examples.CLOCK, java.time.ZoneId.of("Asia/Tokyo")); // 12:00 in Tokyo
        org.exoconsent.records.Device desk = new org.exoconsent.records.Device("desk-1", "診察室1");
        org.exoconsent.records.Device tablet = new org.exoconsent.records.Device("tablet-2", "Tablet 2");
        java.time.Instant since = Examples.CLOCK.instant().minusSeconds(90);
        var held = new org.exoconsent.records.DraftStore.Draft(Examples.session("complete-ja"), false, since,
                new org.exoconsent.records.DraftStore.Hold(tablet, since, since.plus(org.exoconsent.records.Drafts.HOLD)));
        java.util.ResourceBundle en = java.util.ResourceBundle.getBundle("org.exoconsent.ui.messages",
                java.util.Locale.ENGLISH);
        java.util.ResourceBundle ja = java.util.ResourceBundle.getBundle("org.exoconsent.ui.messages",
                java.util.Locale.JAPANESE);
        assertEquals("Resume: 佐藤 花子 (saved 2026-11-21 11:58) - on Tablet 2 since 11:58",
                HomeViewModel.draftLine(en, held, tokyo, desk));
        assertEquals("再開：佐藤 花子（2026-11-21 11:58 保存）－ 11:58 から Tablet 2 で使用中",
                HomeViewModel.draftLine(ja, held, tokyo, desk));
        assertEquals("Resume: 佐藤 花子 (saved 2026-11-21 11:58)", HomeViewModel.draftLine(en, held, tokyo, tablet),
                "the tablet's own: a plain line");
        ClinicClock later = ClinicClock.of(java.time.Clock.fixed(since.plus(org.exoconsent.records.Drafts.HOLD),
                java.time.ZoneOffset.UTC), java.time.ZoneId.of("Asia/Tokyo"));
        assertEquals("Resume: 佐藤 花子 (saved 2026-11-21 11:58)", HomeViewModel.draftLine(en, held, later, desk),
                "lapsed: nobody holds it");
    }
}
