package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code users add --language} and {@code users set-language} (issue 16 §6): a person's staff language set from the
 * command line, listed by {@code users list}; a language the screens are not written in refused (exit 3), naming it,
 * with nothing changed.
 */
class UsersLanguageCliTest {
    @TempDir
    Path tmp;

    private static ByteArrayInputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAdministratorGivesAndChangesAPersonsLanguageAndAnUnknownOneIsRefused() throws Exception {
        String data = tmp.resolve("data").toString();
        assertEquals(0, CliTest.runRaw(Map.of(), stdin("the admin password\n"), "users", "add", "--data-dir", data,
                "--name", "admin", "--role", "administrator", "--language", "ja", "--password-stdin").exit());
        Map<String, String> asAdmin = Map.of("EXOCONSENT_PASSWORD", "the admin password");
        CliTest.Run fr = CliTest.runRaw(asAdmin, stdin("reception password\n"), "users", "add", "--data-dir", data,
                "--user", "admin", "--name", "reception", "--role", "staff", "--language", "fr", "--password-stdin");
        assertEquals(3, fr.exit());
        assertEquals("--language: 'fr' is not a staff language; give ja or en; nothing was changed\n", fr.err());
        assertEquals(0, CliTest.runRaw(asAdmin, stdin("reception password\n"), "users", "add", "--data-dir", data,
                "--user", "admin", "--name", "reception", "--role", "staff", "--password-stdin").exit());

        CliTest.Run list = CliTest.runRaw(asAdmin, stdin(""), "users", "list", "--data-dir", data, "--user", "admin");
        assertTrue(list.out().contains("  language ja"), list.out());
        assertTrue(list.out().lines().filter(l -> l.startsWith("reception")).noneMatch(l -> l.contains("language")),
                list.out());

        CliTest.Run set = CliTest.runRaw(asAdmin, stdin(""), "users", "set-language", "--data-dir", data, "--user",
                "admin", "--name", "reception", "--language", "EN");
        assertEquals(0, set.exit(), set.err());
        assertEquals("Language of reception set to en\n", set.out());
        CliTest.Run ko = CliTest.runRaw(asAdmin, stdin(""), "users", "set-language", "--data-dir", data, "--user",
                "admin", "--name", "reception", "--language", "ko");
        assertEquals(3, ko.exit());
        assertTrue(ko.err().contains("'ko' is not a staff language"), ko.err());
        CliTest.Run nobody = CliTest.runRaw(asAdmin, stdin(""), "users", "set-language", "--data-dir", data,
                "--user", "admin", "--name", "nobody", "--language", "ja");
        assertEquals(3, nobody.exit(), nobody.err());
        assertTrue(nobody.err().contains("nobody: no such user; nothing was changed"), nobody.err());
        list = CliTest.runRaw(asAdmin, stdin(""), "users", "list", "--data-dir", data, "--user", "admin");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("reception") && l.endsWith("language en")),
                list.out());
    }
}
