package org.exoconsent.records;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What kind of file a backup is, read from its first bytes, and the rule for a backup passphrase; for the faces,
 * which ask for a passphrase only when a backup needs one.
 */
public final class BackupFormat {
    /** The kinds of backup file. */
    public enum Kind {
        /** Written by this release: AES-256-GCM under the administrator's passphrase ({@link BackupCrypto}). */
        ENCRYPTED,
        /** A plain ZIP, as releases before issue 13 wrote them: readable and changeable by whoever holds it. */
        UNENCRYPTED,
        /** Neither: not an ExoConsent backup. */
        UNKNOWN
    }

    /** The shortest backup passphrase accepted. */
    public static final int MIN_PASSPHRASE = BackupCrypto.MIN_PASSPHRASE;

    private BackupFormat() {
    }

    /**
     * The kind of {@code file}, from its first bytes.
     *
     * @throws IOException when it cannot be read
     */
    public static Kind of(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(BackupCrypto.MAGIC.length);
        }
        if (BackupCrypto.isEncrypted(head)) {
            return Kind.ENCRYPTED;
        }
        return head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4
                ? Kind.UNENCRYPTED : Kind.UNKNOWN;
    }

    /**
     * Why a passphrase cannot protect a backup (missing, or shorter than {@link #MIN_PASSPHRASE} characters), or
     * null when it can. The message never contains the passphrase.
     */
    public static String passphraseProblem(char[] passphrase) {
        return BackupCrypto.passphraseProblem(passphrase);
    }
}
