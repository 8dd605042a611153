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
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.exoconsent.files.OwnerOnly;

/**
 * A data directory in one file: a ZIP with a consistent copy of the database ({@link Backups#snapshotTo}, writers
 * held out for that moment only), the archived signed PDFs its index names, the audit head, the keys, the settings,
 * the drafts and the consent template versions of that moment,
 * and {@code SHA256SUMS} over every entry, encrypted with the administrator's passphrase ({@link BackupCrypto}).
 * Checked after it is written; checked again ({@link BackupReader}), entry by entry and then record by record,
 * before a restore puts anything in place.
 */
final class Backup {
    static final String SUMS = "SHA256SUMS";
    /**
     * The entry that says which store a backup was made from (issue 17 §4), listed in {@link #SUMS} like every other:
     * {@value #POSTGRESQL} for the shared PostgreSQL store; absent from the backup of a data directory, as from every
     * backup of an earlier release. Never written into a restored data directory.
     */
    static final String MADE_FROM = "MADE-FROM";
    /** {@link #MADE_FROM}'s content (before its line break) for a backup of a PostgreSQL store. */
    static final String POSTGRESQL = "postgresql";
    /**
     * What of the data directory a backup copies besides the database's snapshot: the entries of
     * {@link DataDirectory#LAYOUT} it marks {@link DataDirectory.InBackup#COPIED} (not the lock, nor SQLite's own
     * files, whose content is in the snapshot); of a folder, the files a restore takes back.
     */
    static final List<DataDirectory.Entry> COPIED = DataDirectory.LAYOUT.stream()
            .filter(e -> e.backup() == DataDirectory.InBackup.COPIED).toList();

    private Backup() {
    }

    /** Where an entry's bytes come from; null when the entry is left out. */
    private interface Source {
        InputStream open() throws IOException;
    }

    /**
     * Writes the backup of {@code dir}, whose store is {@code stores}, to {@code out}, encrypted under
     * {@code passphrase} ({@link BackupCrypto}); returns the entry count. Writers are held out only for the moment of
     * the database's copy ({@link Backups#snapshotTo}): then {@code alsoThen} runs, and the audit head, keys,
     * settings, drafts and template versions are read (small files, which writers change); the archived documents the
     * copy's index names, which nothing ever changes, are copied afterwards while others record (issue 15 §2).
     * A document the index names that is missing, is not the clinic's file, cannot be read or has a name a restore
     * does not take back is left out and named in {@code leftOut} (with why): such a backup is written, but it will
     * not restore until the document is found (the caller says so; {@code records verify} names it too).
     *
     * @param leftOut filled with one line per document left out, naming it
     */
    static int write(DataDirectory dir, Stores stores, Path out, char[] passphrase, Backups.AtTheMoment alsoThen,
                     List<String> leftOut) throws IOException, SQLException, StoreException {
        return write(dir, stores, out, passphrase, alsoThen, leftOut, null);
    }

    /**
     * As {@link #write(DataDirectory, Stores, Path, char[], Backups.AtTheMoment, List)}, with the {@link #MADE_FROM}
     * entry saying {@code madeFrom} (e.g. {@link #POSTGRESQL}) when it is not null: {@code dir} is then the data
     * directory a store of that kind was copied into for the backup ({@link SqlStoreCopy#intoDataDirectory}).
     */
    static int write(DataDirectory dir, Stores stores, Path out, char[] passphrase, Backups.AtTheMoment alsoThen,
                     List<String> leftOut, String madeFrom) throws IOException, SQLException, StoreException {
        // an empty file of our own, which the copy fills: created by SQLite it would be readable by every
        // account (0644) beside the backup, patient data and password hashes included, until it is removed
        Path snapshot = OwnerOnly.createTempFile(out.toAbsolutePath().getParent(), ".exoconsent-db", ".tmp");
        try {
            Map<String, byte[]> atTheMoment = new LinkedHashMap<>();
            Set<String> documents = stores.backups().snapshotTo(snapshot, () -> {
                alsoThen.run();
                for (DataDirectory.Entry f : COPIED) {
                    if (!f.folder() && Files.exists(dir.root().resolve(f.name()))) {
                        atTheMoment.put(f.name(), Files.readAllBytes(dir.root().resolve(f.name())));
                    }
                }
                for (DataDirectory.Entry folder : COPIED) {
                    Path root = dir.root().resolve(folder.name());
                    if (!folder.folder() || folder.name().equals(DataDirectory.ARCHIVE) || !Files.isDirectory(root)) {
                        continue;
                    }
                    try (Stream<Path> walk = Files.walk(root)) {
                        for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                            String name = dir.root().relativize(p).toString().replace('\\', '/');
                            // only what a restore takes back (BackupReader.KNOWN): temporary files and anything
                            // else left in these folders are not the clinic's data
                            if (BackupReader.known(name) != null && !name.equals(SUMS)) {
                                atTheMoment.put(name, Files.readAllBytes(p));
                            }
                        }
                    }
                }
            });
            Map<String, Source> entries = new LinkedHashMap<>();
            if (madeFrom != null) {
                entries.put(MADE_FROM, bytes((madeFrom + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            entries.put(DataDirectory.DATABASE, () -> Files.newInputStream(snapshot));
            for (DataDirectory.Entry f : COPIED) {
                if (!f.folder() && atTheMoment.containsKey(f.name())) {
                    entries.put(f.name(), bytes(atTheMoment.get(f.name())));
                }
            }
            for (DataDirectory.Entry folder : COPIED) {
                if (!folder.folder()) {
                    continue;
                }
                if (folder.name().equals(DataDirectory.ARCHIVE)) {
                    for (String document : documents) {
                        String name = DataDirectory.ARCHIVE + "/" + document;
                        if (BackupReader.known(name) != null) {
                            entries.put(name, () -> document(stores.documents(), document, leftOut));
                        } else { // a row changed outside the product: a restore would not take the name back
                            leftOut.add(name + ": the index names it, but it is not a name of the archive a restore "
                                    + "takes back (YYYY/MM/ID.pdf)");
                        }
                    }
                    continue;
                }
                String prefix = folder.name() + "/";
                atTheMoment.forEach((name, b) -> {
                    if (name.startsWith(prefix)) {
                        entries.put(name, bytes(b));
                    }
                });
            }
            StringBuilder sums = new StringBuilder();
            int written = 0;
            try (OutputStream file = new BufferedOutputStream(OwnerOnly.newOutputStream(out,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING),
                    1 << 16);
                 ZipOutputStream zip = new ZipOutputStream(BackupCrypto.encrypt(file, passphrase),
                         StandardCharsets.UTF_8)) {
                for (Map.Entry<String, Source> e : entries.entrySet()) {
                    InputStream opened = e.getValue().open();
                    if (opened == null) {
                        continue;
                    }
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    MessageDigest md = sha256();
                    try (InputStream in = new DigestInputStream(opened, md)) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                    written++;
                    sums.append(HexFormat.of().formatHex(md.digest())).append("  ").append(e.getKey()).append('\n');
                }
                zip.putNextEntry(new ZipEntry(SUMS));
                zip.write(sums.toString().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            return written;
        } finally {
            Files.deleteIfExists(snapshot);
        }
    }

    private static Source bytes(byte[] b) {
        return () -> new java.io.ByteArrayInputStream(b);
    }

    /**
     * The document's bytes, or null when the archive does not hold it as the clinic's file (missing, not the
     * document, or not readable): then why is added to {@code leftOut}, naming it (see {@link #write}).
     */
    private static InputStream document(DocumentArchive archive, String name, List<String> leftOut) {
        String entry = DataDirectory.ARCHIVE + "/" + name;
        try {
            return new java.io.ByteArrayInputStream(archive.read(name));
        } catch (java.nio.file.NoSuchFileException e) {
            leftOut.add(entry + ": the index names it, but it is missing");
        } catch (DocumentArchive.NotTheDocument e) {
            leftOut.add(entry + ": " + e.getMessage());
        } catch (IOException e) { // NotADocumentName included: never, the names were checked before

            leftOut.add(entry + ": cannot be read: " + e.getMessage());
        }
        return null;
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
