package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.usecases.AccountAdministration;
import org.exoconsent.usecases.SignIn;
import org.exoconsent.usecases.StoreOpening;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each person's staff language (issue 16 §6): kept with their account (migration V14), set by the person on the
 * sign-in screen or by an administrator, audited, refused for a language the screens are not written in, and absent
 * from every account a data directory of an earlier release holds.
 */
class AccountLanguageTest {
    @TempDir
    Path tmp;

    private DataDirectory clinicWithStaff() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore admin = RecordStore.createFirstAdministrator(dir, Examples.CLOCK, "admin",
                "the admin password".toCharArray(), "test", "ja")) {
            admin.addUser("sato", EnumSet.of(Role.STAFF), null, "sato's password".toCharArray());
            admin.addUser("brown", EnumSet.of(Role.STAFF), null, "brown's password".toCharArray(), "en");
        }
        return dir;
    }

    @Test
    void theLanguageGivenWithAnAccountIsReadBackWhenThePersonSignsIn() throws Exception {
        DataDirectory dir = clinicWithStaff();
        SignIn signIn = new SignIn(dir, Examples.CLOCK);
        assertEquals("ja", signIn.signIn("admin", "the admin password".toCharArray(), "test").language());
        assertEquals("en", signIn.signIn("brown", "brown's password".toCharArray(), "test").language());
        assertNull(signIn.signIn("sato", "sato's password".toCharArray(), "test").language(),
                "an account given no language has none: the computer's is used");
    }

    @Test
    void theLanguageChosenAtSignInBecomesThePersonsOwnAndIsAuditedOnlyWhenItChanges() throws Exception {
        DataDirectory dir = clinicWithStaff();
        SignIn signIn = new SignIn(dir, Examples.CLOCK);
        Principal sato = signIn.signIn("sato", "sato's password".toCharArray(), "test", "en");
        assertEquals("en", sato.language(), "said at once to the app");
        assertEquals("en", signIn.signIn("sato", "sato's password".toCharArray(), "test").language(),
                "kept for the next sign-in");
        signIn.signIn("sato", "sato's password".toCharArray(), "test", "en"); // the same again: nothing to write
        try (RecordStore admin = RecordStore.signIn(dir, Examples.CLOCK, "admin",
                "the admin password".toCharArray(), "test")) {
            assertEquals(List.of("sato [staff] sato {\"from\":null,\"to\":\"en\"}"),
                    StaffPinTest.audit(admin, "user-language-set"));
        }
    }

    @Test
    void anAdministratorSetsAnothersLanguageAndOthersMaySetOnlyTheirOwn() throws Exception {
        DataDirectory dir = clinicWithStaff();
        Principal admin = new SignIn(dir, Examples.CLOCK).signIn("admin", "the admin password".toCharArray(), "t");
        new AccountAdministration(StoreOpening.asSignedIn(dir, Examples.CLOCK, admin)).setLanguage("sato", "en");
        Principal sato = new SignIn(dir, Examples.CLOCK).signIn("sato", "sato's password".toCharArray(), "t");
        assertEquals("en", sato.language());
        AccountAdministration asSato = new AccountAdministration(StoreOpening.asSignedIn(dir, Examples.CLOCK, sato));
        assertThrows(AccessDeniedException.class, () -> asSato.setLanguage("brown", "ja"),
                "the people tab is an administrator's");
        try (RecordStore store = RecordStore.open(dir, Examples.CLOCK, sato, "test")) {
            assertThrows(AccessDeniedException.class, () -> store.setLanguage("brown", "ja"));
            store.setLanguage("SATO", "ja"); // their own, whatever the case of the name
            assertEquals("ja", store.principal().language(), "the signed-in person as they are now");
        }
        assertEquals("en", new SignIn(dir, Examples.CLOCK).signIn("brown", "brown's password".toCharArray(), "t")
                .language(), "brown's is unchanged");
    }

    @Test
    void aLanguageTheScreensAreNotWrittenInIsRefusedNamingItAndNothingIsWritten() throws Exception {
        DataDirectory dir = clinicWithStaff();
        Principal admin = new SignIn(dir, Examples.CLOCK).signIn("admin", "the admin password".toCharArray(), "t");
        AccountAdministration accounts = new AccountAdministration(StoreOpening.asSignedIn(dir, Examples.CLOCK,
                admin));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> accounts.setLanguage("sato", "fr"));
        assertEquals("language of sato: 'fr' is not a staff language; give ja or en", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> accounts.add("kim", EnumSet.of(Role.STAFF), null, "ko",
                () -> "kim's password 1".toCharArray()));
        try (RecordStore store = RecordStore.open(dir, Examples.CLOCK, admin, "test")) {
            assertTrue(store.users().stream().noneMatch(a -> a.name().equals("kim")), "not added");
            assertNull(store.users().stream().filter(a -> a.name().equals("sato")).findFirst().orElseThrow()
                    .language());
            assertEquals(List.of(), StaffPinTest.audit(store, "user-language-set"));
        }
    }

    @Test
    void everyEarlierReleasesAccountsOpenWithoutALanguageAndMayBeGivenOne() throws Exception {
        // the releases before 1.6.0 (migration V14) had no staff language; 1.6.0's own are checked by UpgradeFrom160Test
        List<Path> fixtures = PreviousRelease.fixtures().stream()
                .filter(f -> PreviousRelease.madeBefore(f, List.of(1, 6, 0))).toList();
        assertTrue(fixtures.size() >= 6, fixtures.toString());
        for (Path fixture : fixtures) {
            DataDirectory dir = new DataDirectory(PreviousRelease.copyTo(fixture, tmp.resolve(
                    fixture.getFileName())));
            try (RecordStore admin = RecordStore.signIn(dir, Examples.CLOCK, "admin",
                    "admin-password-1".toCharArray(), "test")) {
                List<Accounts.Account> users = admin.users();
                assertEquals(List.of("admin", "sato", "suzuki", "yamada"),
                        users.stream().map(Accounts.Account::name).toList(), fixture.toString());
                users.forEach(a -> assertNull(a.language(), fixture + ": " + a.name()));
                assertNull(admin.principal().language());
                admin.setLanguage("yamada", "en");
            }
            assertEquals("en", new SignIn(dir, Examples.CLOCK).signIn("yamada", "physician-password-1"
                    .toCharArray(), "test").language(), fixture.toString());
        }
    }
}
