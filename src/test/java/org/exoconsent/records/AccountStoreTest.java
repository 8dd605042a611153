package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link AccountStore} (issue 15 §1) on a fresh data directory's store, opened without signing in:
 * what is written is read back, names ignore the case of A–Z, a second account of one name and a hash that is not
 * Argon2id are refused, sign-in failures lock at the fifth, and a read sees one snapshot. A second vendor's store
 * runs the same checks.
 */
class AccountStoreTest {
    /**
     * A fresh opening of the store of {@code dir}: SQLite's data directory here; a second vendor's subclass opens
     * its own store (a second call, a second opening of the same store).
     */
    Stores open(DataDirectory dir) throws StoreException {
        return SqliteStores.open(dir);
    }

    /**
     * A stored hash as the store reads it back for sign-in: itself here; a vendor whose devices may not read the hash
     * gives its shape (PostgreSQL, V19).
     */
    String asRead(String hash) {
        return hash;
    }

    /**
     * The shape of a stored password hash (the store keeps it as given; sign-in checks it): well formed, a 16-byte
     * salt and a 32-byte hash as every release writes, since a malformed one is damage ({@code Passwords.unusable}).
     */
    private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA"
            + "$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
    private static final String OTHER_HASH = "$argon2id$v=19$m=19456,t=2,p=1$b3RoZXJzYWx0b3RoZXJzYQ"
            + "$b3RoZXJoYXNob3RoZXJoYXNob3RoZXJoYXNob3RoZXI";
    private static final Instant NOW = Instant.parse("2026-11-30T01:02:03Z");

    @TempDir
    Path root;
    private DataDirectory dir;
    private Stores stores;
    private AccountStore accounts;

    @BeforeEach
    void open() throws Exception {
        dir = new DataDirectory(root.resolve("data"));
        java.nio.file.Files.createDirectories(dir.root());
        stores = open(dir);
        accounts = stores.accounts();
    }

    @AfterEach
    void close() {
        stores.close();
    }

    private interface Work {
        void run() throws SQLException;
    }

    /** Runs {@code work} in one write transaction, as the store's callers do; rolled back when it fails. */
    private void write(Work work) throws Exception {
        stores.transactions().beginWrite();
        try {
            work.run();
            stores.transactions().commit();
        } catch (SQLException | RuntimeException e) {
            stores.transactions().rollback();
            throw e;
        }
    }

    @Test
    void aNewStoreHasNoAccounts() throws Exception {
        assertEquals(0, accounts.count());
        assertNull(accounts.find("admin"));
        assertEquals(List.of(), accounts.list());
    }

    @Test
    void anAddedAccountIsReadBackActiveWithItsRolesLicenceAndHash() throws Exception {
        write(() -> accounts.insert("yamada", EnumSet.of(Role.PHYSICIAN, Role.STAFF), "123456", HASH, NOW));
        Accounts.Row row = accounts.find("yamada");
        assertNotNull(row);
        assertEquals(new Accounts.Account("yamada", EnumSet.of(Role.PHYSICIAN, Role.STAFF), "123456", true, 0, null),
                row.account());
        assertEquals(asRead(HASH), row.hash());
        assertEquals(1, accounts.count());
        assertEquals(List.of(row.account()), accounts.list());
    }

    @Test
    void namesIgnoreTheCaseOfTheirLettersAndASecondAccountOfOneNameIsRefused() throws Exception {
        write(() -> accounts.insert("Admin", EnumSet.of(Role.ADMINISTRATOR), null, HASH, NOW));
        assertEquals("Admin", accounts.find("admin").account().name(), "found whatever the case");
        assertThrows(SQLException.class, () -> write(() -> accounts.insert("ADMIN", EnumSet.of(Role.STAFF), null,
                OTHER_HASH, NOW)));
        assertEquals(1, accounts.count());
        Accounts.Row kept = accounts.find("Admin");
        assertEquals(EnumSet.of(Role.ADMINISTRATOR), kept.account().roles(), "the first account is unchanged");
        assertEquals(asRead(HASH), kept.hash());
    }

    @Test
    void aPasswordHashThatIsNotArgon2idIsRefusedAndNothingIsStored() throws Exception {
        assertThrows(SQLException.class, () -> write(() -> accounts.insert("staff1", EnumSet.of(Role.STAFF), null,
                "correct horse battery", NOW)), "a password in plain text is never stored");
        assertEquals(0, accounts.count());
        write(() -> accounts.insert("staff1", EnumSet.of(Role.STAFF), null, HASH, NOW));
        assertThrows(SQLException.class, () -> write(() -> accounts.updatePassword("staff1", "plain")));
        assertEquals(asRead(HASH), accounts.find("staff1").hash());
    }

    @Test
    void everyAccountIsListedByName() throws Exception {
        write(() -> {
            accounts.insert("suzuki", EnumSet.of(Role.STAFF), null, HASH, NOW);
            accounts.insert("abe", EnumSet.of(Role.MANAGER), null, HASH, NOW);
            accounts.insert("mori", EnumSet.of(Role.ADMINISTRATOR), null, HASH, NOW);
        });
        assertEquals(List.of("abe", "mori", "suzuki"), accounts.list().stream().map(Accounts.Account::name).toList());
        assertEquals(3, accounts.count());
    }

    @Test
    void rolesLicenceActiveAndPasswordAreChangedForTheOneAccountNamed() throws Exception {
        write(() -> {
            accounts.insert("sasaki", EnumSet.of(Role.STAFF), null, HASH, NOW);
            accounts.insert("mori", EnumSet.of(Role.STAFF), null, HASH, NOW);
        });
        write(() -> {
            assertTrue(accounts.updateRoles("sasaki", EnumSet.of(Role.PHYSICIAN), "654321"));
            assertTrue(accounts.updateActive("sasaki", false));
            assertTrue(accounts.updatePassword("sasaki", OTHER_HASH));
        });
        Accounts.Row row = accounts.find("sasaki");
        assertEquals(EnumSet.of(Role.PHYSICIAN), row.account().roles());
        assertEquals("654321", row.account().physicianLicence());
        assertFalse(row.account().active());
        assertEquals(asRead(OTHER_HASH), row.hash());
        Accounts.Row other = accounts.find("mori");
        assertEquals(new Accounts.Account("mori", EnumSet.of(Role.STAFF), null, true, 0, null), other.account());
        assertEquals(asRead(HASH), other.hash());
        write(() -> assertTrue(accounts.updateActive("sasaki", true)));
        assertTrue(accounts.find("sasaki").account().active());
    }

    @Test
    void aStaffLanguageIsSavedAndReadBackForTheOneAccountNamedAndNoOtherIsStored() throws Exception {
        write(() -> {
            accounts.insert("sasaki", EnumSet.of(Role.STAFF), null, HASH, NOW);
            accounts.insert("mori", EnumSet.of(Role.STAFF), null, HASH, NOW);
        });
        assertNull(accounts.find("sasaki").account().language(), "a new account has no language");
        write(() -> assertTrue(accounts.updateLanguage("sasaki", "en")));
        assertEquals("en", accounts.find("sasaki").account().language());
        assertEquals("en", accounts.list().get(1).language(), "listed with it");
        assertNull(accounts.find("mori").account().language(), "the other account is unchanged");
        assertThrows(SQLException.class, () -> write(() -> accounts.updateLanguage("sasaki", "fr")),
                "the table itself refuses a language the screens are not written in");
        assertEquals("en", accounts.find("sasaki").account().language(), "kept after the refusal");
        write(() -> assertTrue(accounts.updateLanguage("sasaki", null)));
        assertNull(accounts.find("sasaki").account().language(), "taken away again");
        write(() -> assertFalse(accounts.updateLanguage("nobody", "ja")));
        assertEquals(2, accounts.count());
    }

    @Test
    void changingAnAccountThatDoesNotExistChangesNothing() throws Exception {
        write(() -> {
            assertFalse(accounts.updateRoles("nobody", EnumSet.of(Role.ADMINISTRATOR), null));
            assertFalse(accounts.updateActive("nobody", true));
            assertFalse(accounts.updatePassword("nobody", HASH));
        });
        assertEquals(0, accounts.count(), "no account was made by a change");
        assertThrows(SQLException.class, () -> write(() -> accounts.writeSignInFailures("nobody", 1, null)),
                "a sign-in count that is not written is said, so that the sign-in is refused");
    }

    @Test
    void theFifthWrongPasswordInARowLocksTheAccountForFifteenMinutesAndARightOneClearsIt() throws Exception {
        write(() -> accounts.insert("suzuki", EnumSet.of(Role.STAFF), null, HASH, NOW));
        for (int i = 1; i < Accounts.MAX_FAILURES; i++) {
            write(() -> assertFalse(Accounts.attempt(accounts, accounts.find("suzuki"), NOW)));
            assertEquals(i, accounts.find("suzuki").account().failedSignIns());
            assertNull(accounts.find("suzuki").account().lockedUntil());
        }
        boolean[] locks = new boolean[1];
        write(() -> locks[0] = Accounts.attempt(accounts, accounts.find("suzuki"), NOW));
        assertTrue(locks[0], "the fifth attempt locks, should its password be wrong");
        Accounts.Account locked = accounts.find("suzuki").account();
        assertEquals(Instant.parse("2026-11-30T01:17:03Z"), locked.lockedUntil());
        assertEquals(0, locked.failedSignIns(), "counted again from nought after the lock");
        write(() -> accounts.clearSignInFailures("suzuki"));
        Accounts.Account cleared = accounts.find("suzuki").account();
        assertNull(cleared.lockedUntil());
        assertEquals(0, cleared.failedSignIns());
    }

    @Test
    void aWriteRolledBackLeavesNoAccount() throws Exception {
        stores.transactions().beginWrite();
        accounts.insert("tanaka", EnumSet.of(Role.STAFF), null, HASH, NOW);
        stores.transactions().rollback();
        assertEquals(0, accounts.count());
        assertNull(accounts.find("tanaka"));
    }

    @Test
    void aReadSeesOneSnapshotNotAnAccountAddedMeanwhileByAnotherProgram() throws Exception {
        try (Stores other = open(dir)) {
            stores.transactions().beginRead();
            try {
                assertEquals(0, accounts.count());
                other.transactions().beginWrite();
                other.accounts().insert("tanaka", EnumSet.of(Role.STAFF), null, HASH, NOW);
                other.transactions().commit();
                assertEquals(0, accounts.count(), "the snapshot taken before the other program's commit");
                assertNull(accounts.find("tanaka"));
            } finally {
                stores.transactions().commit();
            }
            assertEquals(1, accounts.count(), "seen once the read has ended");
        }
    }
}
