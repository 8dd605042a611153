package org.exoconsent.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a password or passphrase is read from a file or from standard input, the same way everywhere (sign-in and
 * {@code users add --password-stdin}, {@code keys import --password-stdin}, {@code --keystore-password-file}, the
 * backup's {@code --passphrase-file}, the data directory's key password files): UTF-8, the first line, without its
 * line end (LF or CRLF), and without a UTF-8 byte-order mark (U+FEFF) at its start. Windows Notepad and PowerShell
 * write one at the start of a file or a pipe; it is never part of what the person typed, and kept it made a password
 * that nobody could type (issue 14 §4). Everything else — spaces at either end included — is the secret.
 */
public final class Secrets {
    /** The byte-order mark as a character, as a UTF-8 decoder gives it. */
    public static final char BOM = '\uFEFF';

    private Secrets() {
    }

    /**
     * The line as the person meant it: without a leading byte-order mark and without a trailing CR (a line of a
     * CRLF file or pipe); null stays null.
     */
    public static String line(String line) {
        if (line == null) {
            return null;
        }
        String s = !line.isEmpty() && line.charAt(0) == BOM ? line.substring(1) : line;
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * The first line of a text, as {@link #line} takes it (the text may end without a line end).
     */
    public static String firstLine(String text) {
        int end = text.indexOf('\n');
        return line(end < 0 ? text : text.substring(0, end));
    }

    /**
     * The most a file that holds a password or passphrase may hold: 64 KiB, checked while it is read, so that a
     * device or a huge file is refused before it fills the memory (attack review of 2026-12-01: {@code
     * --passphrase-file /dev/zero} ended in an {@code OutOfMemoryError}). A pipe ({@code <(…)}) is still read.
     */
    public static final int MAX_FILE_BYTES = 64 * 1024;

    /**
     * The secret in a file: its first line (UTF-8), as {@link #line} takes it.
     *
     * @throws IOException when the file cannot be read, holds more than {@link #MAX_FILE_BYTES} bytes (the message
     *                     says so) or is not UTF-8
     */
    public static char[] fromFile(Path file) throws IOException {
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IOException("holds more than " + MAX_FILE_BYTES / 1024 + " KiB; a file that holds a password "
                    + "or passphrase holds it on its first line");
        }
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        return firstLine(text).toCharArray();
    }
}
