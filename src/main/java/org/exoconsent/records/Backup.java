package org.exoconsent.records;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.exoconsent.files.OwnerOnly;

/**
 * A data directory in one file: a ZIP with a consistent copy of the database ({@code VACUUM INTO}, taken while
 * the writer lock is held), the archive of signed PDFs, the audit head, the keys, the settings, the drafts and the
 * consent template versions,
 * and {@code SHA256SUMS} over every entry, encrypted with the administrator's passphrase ({@link BackupCrypto}).
 * Checked after it is written; checked again ({@link BackupReader}), entry by entry and then record by record,
 * before a restore puts anything in place.
 */
final class Backup {
    static final String SUMS = "SHA256SUMS";
    /**
     * What of the data directory a backup copies besides the database's snapshot: the entries of
     * {@link DataDirectory#LAYOUT} it marks {@link DataDirectory.InBackup#COPIED} (not the lock, nor SQLite's own
     * files, whose content is in the snapshot); of a folder, the files a restore takes back.
     */
    static final List<DataDirectory.Entry> COPIED = DataDirectory.LAYOUT.stream()
            .filter(e -> e.backup() == DataDirectory.InBackup.COPIED).toList();

    private Backup() {
    }

    /**
     * Writes the backup of {@code dir} (whose database is {@code db}) to {@code out}, encrypted under
     * {@code passphrase} ({@link BackupCrypto}); returns the entry count.
     */
    static int write(DataDirectory dir, Connection db, Path out, char[] passphrase) throws IOException, SQLException {
        // an empty file of our own, which VACUUM INTO fills: created by SQLite it would be readable by every
        // account (0644) beside the backup, patient data and password hashes included, until it is removed
        Path snapshot = OwnerOnly.createTempFile(out.toAbsolutePath().getParent(), ".exoconsent-db", ".tmp");
        try {
            try (Statement st = db.createStatement()) {
                st.execute("VACUUM INTO '" + snapshot.toString().replace("'", "''") + "'");
            }
            Map<String, Path> entries = new LinkedHashMap<>();
            entries.put(DataDirectory.DATABASE, snapshot);
            for (DataDirectory.Entry f : COPIED) {
                if (!f.folder() && Files.exists(dir.root().resolve(f.name()))) {
                    entries.put(f.name(), dir.root().resolve(f.name()));
                }
            }
            for (DataDirectory.Entry folder : COPIED) {
                Path root = dir.root().resolve(folder.name());
                if (!folder.folder()) {
                    continue;
                }
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                        String name = dir.root().relativize(p).toString().replace('\\', '/');
                        // only what a restore takes back (BackupReader.KNOWN): temporary files, intent markers
                        // and anything else left in these folders are not the clinic's data
                        if (BackupReader.known(name) != null && !name.equals(SUMS)) {
                            entries.put(name, p);
                        }
                    }
                }
            }
            StringBuilder sums = new StringBuilder();
            try (OutputStream file = new BufferedOutputStream(OwnerOnly.newOutputStream(out,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING),
                    1 << 16);
                 ZipOutputStream zip = new ZipOutputStream(BackupCrypto.encrypt(file, passphrase),
                         StandardCharsets.UTF_8)) {
                for (Map.Entry<String, Path> e : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    MessageDigest md = sha256();
                    try (InputStream in = new DigestInputStream(Files.newInputStream(e.getValue()), md)) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                    sums.append(HexFormat.of().formatHex(md.digest())).append("  ").append(e.getKey()).append('\n');
                }
                zip.putNextEntry(new ZipEntry(SUMS));
                zip.write(sums.toString().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            return entries.size();
        } finally {
            Files.deleteIfExists(snapshot);
        }
    }

    /**
     * Reads {@code backup} through (decrypting it with {@code passphrase}) and checks every entry against
     * {@code SHA256SUMS}; returns the problems (none when the file is sound). A refusal of {@link BackupReader} (an
     * unknown path, a limit, a malformed line, an altered file) and a wrong passphrase are problems here too.
     */
    static List<String> check(Path backup, char[] passphrase) {
        try {
            return BackupReader.read(backup, passphrase, null).problems();
        } catch (BackupReader.Refused e) {
            return List.of(e.getMessage());
        } catch (BackupCrypto.WrongPassphrase e) {
            return List.of(backup + ": the passphrase does not open this backup");
        } catch (IOException e) {
            return List.of(backup + ": cannot be read: " + e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
