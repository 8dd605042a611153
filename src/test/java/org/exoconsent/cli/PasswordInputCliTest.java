package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.pdf.SigningKeys;
import org.exoconsent.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords as they arrive from Windows (issue 14 §4): a pipe from PowerShell or a file saved by Notepad begins with
 * a UTF-8 byte-order mark and ends lines with CRLF; a certification authority's PKCS#12 may have a Japanese password.
 * The person then signs in, imports the key, restores the backup with what they typed.
 */
class PasswordInputCliTest {
    @TempDir
    Path tmp;

    private static final String BOM = "\uFEFF";

    private static ByteArrayInputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aByteOrderMarkOnStandardInputOrInAFileIsNotPartOfThePasswordAndAJapaneseKeyPasswordImports()
            throws Exception {
        String data = tmp.resolve("data").toString();
        CliTest.Run add = CliTest.runRaw(Map.of(), stdin(BOM + "the admin password\r\n"), "users", "add",
                "--data-dir", data, "--name", "admin", "--role", "administrator", "--password-stdin");
        assertEquals(0, add.exit(), add.err());
        Map<String, String> typed = Map.of("EXOCONSENT_USER", "admin", "EXOCONSENT_PASSWORD", "the admin password");
        CliTest.Run list = CliTest.runRaw(typed, stdin(""), "users", "list", "--data-dir", data);
        assertEquals(0, list.exit(), "the password as typed signs in: " + list.err());
        CliTest.Run piped = CliTest.runRaw(Map.of("EXOCONSENT_USER", "admin"), stdin(BOM + "the admin password\r\n"),
                "--password-stdin", "catalog", "show", "--data-dir", data);
        assertEquals(0, piped.exit(), "and so does the same pipe: " + piped.err());

        SigningKey key = TestKeys.make("CN=さくら皮膚科クリニック, O=Sakura, C=JP", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2028-01-01T00:00:00Z"));
        Path p12 = TestKeys.bouncyCastleP12(tmp.resolve("from-the-ca.p12"), key, TestKeys.JAPANESE_PASSWORD);
        CliTest.Run imported = CliTest.runRaw(typed, stdin(BOM + TestKeys.JAPANESE_PASSWORD + "\r\n"), "keys",
                "import", "--data-dir", data, "--p12", p12.toString(), "--password-stdin");
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(imported.out().contains(SigningKeys.fingerprint(key.certificate())), imported.out());

        Path passphrase = tmp.resolve("passphrase.txt");
        Files.writeString(passphrase, BOM + "a long backup passphrase\r\n", StandardCharsets.UTF_8);
        Path zip = tmp.resolve("backup.zip");
        CliTest.Run backup = CliTest.runRaw(typed, stdin(""), "backup", "--data-dir", data, "--out", zip.toString(),
                "--passphrase-file", passphrase.toString());
        assertEquals(0, backup.exit(), backup.err());
        CliTest.Run restore = CliTest.runRaw(Map.of("EXOCONSENT_BACKUP_PASSPHRASE", "a long backup passphrase"),
                stdin(""), "restore", "--from", zip.toString(), "--to", tmp.resolve("restored").toString());
        assertEquals(0, restore.exit(), "the passphrase as typed opens the backup: " + restore.err());
    }
}
