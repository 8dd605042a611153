package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;

/**
 * A store's address in a suggested command line (review of issue 17): pasted into a shell, each word arrives as it
 * was printed — a URL's {@code &} no longer ends the command and its {@code ?} is no wildcard.
 */
class ShellWordsTest {
    private static final List<String> WORDS = List.of(
            "postgresql://db.clinic.lan:5432/exoconsent?user=exoconsent_app&sslmode=verify-full",
            "postgresql://[::1]:5432/clinic?user=app&sslmode=prefer&sslrootcert=/etc/ssl/clinic%20ca.pem",
            "/home/staff/My Clinic/data", "O'Brien's folder", "$HOME `id` *", "", "/var/lib/exoconsent");

    @Test
    void aPlainWordStaysAsItIsAndAnyOtherIsSingleQuoted() {
        assertEquals("/var/lib/exoconsent", ShellWords.quote("/var/lib/exoconsent"));
        assertEquals("'postgresql://db:5432/c?user=app&sslmode=verify-full'",
                ShellWords.quote("postgresql://db:5432/c?user=app&sslmode=verify-full"));
        assertEquals("'O'\\''Brien'", ShellWords.quote("O'Brien"));
        assertEquals("''", ShellWords.quote(""));
    }

    @Test
    @ProcessTest // runs /bin/sh
    void aShellReadsEachQuotedWordBackUnchanged() throws Exception {
        StringBuilder line = new StringBuilder("printf '%s\\n'");
        for (String w : WORDS) {
            line.append(' ').append(ShellWords.quote(w));
        }
        Process p = new ProcessBuilder("/bin/sh", "-c", line.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals(String.join("\n", WORDS) + "\n", out, line.toString());
    }
}
