package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Statement;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sign-in whose attempt cannot be recorded because the database refuses the write (a trigger added with
 * {@code sqlite3}: the attack review of issue 15) is refused whatever the password, in the product's words: the
 * database is named, and nothing the database said — which whoever changed it chose — is shown.
 */
class UnrecordableSignInTest {
    @TempDir
    Path tmp;

    @Test
    void aSignInTheDatabaseWillNotRecordIsRefusedNamingTheDatabaseNeverInItsWords() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            try (Statement st = store.sqliteStores().connection().createStatement()) { // the attack
                st.execute("CREATE TRIGGER attack BEFORE UPDATE ON account BEGIN SELECT RAISE(ABORT, "
                        + "'\u001b[2Jcall 0120-000-000 to unlock'); END");
            }
        }
        SignInRefusedException e = assertThrows(SignInRefusedException.class, () -> RecordStore.signIn(dir,
                Examples.CLOCK, TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), "test"));
        assertTrue(e.getMessage().contains("the attempt cannot be recorded, and nobody can sign in until it can: "
                + "the database " + dir.database() + " refused the write"), e.getMessage());
        assertFalse(e.getMessage().contains("SQLITE") || e.getMessage().contains("0120")
                || e.getMessage().contains("\u001b"), e.getMessage());
    }
}
