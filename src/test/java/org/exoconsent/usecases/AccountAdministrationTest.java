package org.exoconsent.usecases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.Accounts;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.SignInRefusedException;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Administering accounts through the use case alone: a manager is refused before the new password is even asked
 * for, an administrator adds, disables and resets a person (each audited), and a bad name is refused naming it.
 */
class AccountAdministrationTest {
    @TempDir
    Path tmp;

    private DataDirectory dir;

    @BeforeEach
    void dataDirectory() throws Exception {
        dir = UseCaseTesting.withManager(tmp.resolve("data"));
    }

    @Test
    void aManagerIsRefusedBeforeTheNewPasswordIsAskedAndNothingIsAdded() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        AccountAdministration office = new AccountAdministration(AdministrationTesting.manager(dir));

        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> office.add("nurse",
                EnumSet.of(Role.STAFF), null, () -> {
                    asked.incrementAndGet();
                    return "nurse password 12".toCharArray();
                }));

        assertEquals(0, asked.get(), "no password asked for");
        AdministrationTesting.assertRefusedAndAudited(e, dir, "users add");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertFalse(store.users().stream().anyMatch(a -> a.name().equals("nurse")));
        }
    }

    @Test
    void anAdministratorAddsDisablesAndResetsAPersonEachAudited() throws Exception {
        AccountAdministration admin = asAdministrator();
        admin.add("nurse", EnumSet.of(Role.STAFF), null, () -> "nurse password 12".toCharArray());
        admin.setActive("nurse", false);

        Accounts.Account nurse = account(admin.list(), "nurse");
        assertEquals(EnumSet.of(Role.STAFF), nurse.roles());
        assertFalse(nurse.active());
        assertThrows(SignInRefusedException.class, () -> RecordStore.signIn(dir, Examples.CLOCK, "nurse",
                "nurse password 12".toCharArray(), "check"));

        admin.setActive("nurse", true);
        admin.setPassword("nurse", () -> "another password 34".toCharArray());
        try (RecordStore store = RecordStore.signIn(dir, Examples.CLOCK, "nurse",
                "another password 34".toCharArray(), "check")) {
            assertEquals(EnumSet.of(Role.STAFF), store.principal().roles());
        }
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            List<String> entries = TestAudit.entries(store, "user");
            assertTrue(entries.stream().anyMatch(x -> x.contains("nurse")), entries.toString());
            assertTrue(entries.size() >= 4, "added, disabled, enabled, password: " + entries);
        }
    }

    @Test
    void aNameWithForbiddenCharactersIsRefusedNamingIt() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> asAdministrator()
                .add("nurse one!", EnumSet.of(Role.STAFF), null, () -> "nurse password 12".toCharArray()));

        assertTrue(e.getMessage().contains("nurse one!"), e.getMessage());
        assertFalse(account(asAdministrator().list(), "nurse one!") != null);
    }

    private static Accounts.Account account(AccountAdministration.AccountList list, String name) {
        return list.accounts().stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }

    private AccountAdministration asAdministrator() {
        return new AccountAdministration(AdministrationTesting.administrator(dir));
    }
}
