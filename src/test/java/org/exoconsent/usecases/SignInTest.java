package org.exoconsent.usecases;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Role;
import org.exoconsent.records.SignInRefusedException;
import org.exoconsent.records.StoreException;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first administrator and signing in through the use case alone; every password given is wiped. */
class SignInTest {
    @TempDir
    Path tmp;

    @Test
    void theFirstAdministratorMakesTheDataDirectoryAndSignsInAfter() throws Exception {
        SignIn signIn = new SignIn(new DataDirectory(tmp.resolve("data")), Examples.CLOCK);
        assertFalse(signIn.hasAccounts());
        char[] password = "first admin password".toCharArray();

        SignIn.FirstAdministrator first = signIn.firstAdministrator("admin", password, "test: first run");

        assertEquals("admin", first.administrator().name());
        assertEquals(EnumSet.of(Role.ADMINISTRATOR), first.administrator().roles());
        assertTrue(first.createdNow(), "the data directory was created with its DEMO clinic");
        assertArrayEquals(new char[password.length], password, "the password was wiped");
        assertTrue(signIn.hasAccounts());
        assertEquals("admin", signIn.signIn("admin", "first admin password".toCharArray(), "test").name());
    }

    @Test
    void aSecondFirstAdministratorAndAWrongPasswordAreRefused() throws Exception {
        SignIn signIn = new SignIn(new DataDirectory(tmp.resolve("data")), Examples.CLOCK);
        signIn.firstAdministrator("admin", "first admin password".toCharArray(), "test: first run");

        assertThrows(StoreException.class, () -> signIn.firstAdministrator("intruder",
                "intruder password 1".toCharArray(), "test: first run"));
        char[] wrong = "not the password".toCharArray();
        assertThrows(SignInRefusedException.class, () -> signIn.signIn("admin", wrong, "test"));
        assertArrayEquals(new char[wrong.length], wrong, "the wrong password was wiped too");
        assertThrows(SignInRefusedException.class, () -> signIn.signIn("intruder",
                "intruder password 1".toCharArray(), "test"));
    }
}
