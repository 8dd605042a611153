package org.exoconsent.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A password read from a file or a pipe is what the person typed: no byte-order mark, no line end. */
class SecretsTest {
    @TempDir
    Path tmp;

    @Test
    void aByteOrderMarkAndTheLineEndAreNotPartOfThePasswordButSpacesAre() throws Exception {
        assertEquals("the admin password", Secrets.line("\uFEFFthe admin password"));
        assertEquals("the admin password", Secrets.line("\uFEFFthe admin password\r"));
        assertEquals(" spaces kept ", Secrets.line(" spaces kept "));
        assertEquals("x\uFEFF", Secrets.line("x\uFEFF"), "only a mark at the start is one");
        assertNull(Secrets.line(null));
        assertEquals("first", Secrets.firstLine("\uFEFFfirst\r\nsecond\n"));

        Path notepad = tmp.resolve("password.txt"); // Windows Notepad's "UTF-8 with BOM", CRLF
        Files.write(notepad, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        Files.writeString(notepad, "さくら皮膚科の鍵２０２６\r\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        assertArrayEquals("さくら皮膚科の鍵２０２６".toCharArray(), Secrets.fromFile(notepad));
        Path plain = tmp.resolve("plain.txt");
        Files.writeString(plain, "no line end", StandardCharsets.UTF_8);
        assertArrayEquals("no line end".toCharArray(), Secrets.fromFile(plain));
    }
}
