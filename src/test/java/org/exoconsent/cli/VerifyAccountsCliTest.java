package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exoconsent records verify} on a data directory whose account table was changed with {@code sqlite3} (attack
 * review of issue 17, F1): the account is named on a PROBLEM line and the command exits 1, as for any damage; before
 * the change it exits 0.
 */
class VerifyAccountsCliTest {
    @TempDir
    Path tmp;

    @Test
    void aPhysicianMadeAnAdministratorWithSqliteIsNamedAndVerifyExits1() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        TestAccounts.everyone(dir, Examples.CLOCK);
        Map<String, String> env = Map.of("EXOCONSENT_HOME", dir.root().toString(), "EXOCONSENT_USER",
                TestAccounts.NAME, "EXOCONSENT_PASSWORD", TestAccounts.PASSWORD);
        CliTest.Run clean = CliTest.runRaw(env, new ByteArrayInputStream(new byte[0]), "records", "verify");
        assertEquals(ExitCodes.OK, clean.exit(), clean.out() + clean.err());
        assertTrue(clean.out().contains("0 problems"), clean.out());

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE account SET roles = 'physician,administrator' WHERE name = 'yamada'");
        }
        CliTest.Run r = CliTest.runRaw(env, new ByteArrayInputStream(new byte[0]), "records", "verify");

        assertEquals(ExitCodes.NOT_INTACT, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("PROBLEM: account yamada: holds the roles physician,administrator, but the audit "
                + "trail gave it physician (entry "), r.out());
        assertTrue(r.out().contains(": its roles were changed outside the product"), r.out());
        assertTrue(r.out().contains(" 1 problem, "), r.out());
    }
}
