package org.exoconsent.records;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A data directory in one file: a ZIP with a consistent copy of the database ({@code VACUUM INTO}, taken while
 * the writer lock is held), the archive of signed PDFs, the audit head, the keys, the settings, the drafts and the
 * consent template versions,
 * and {@code SHA256SUMS} over every entry. Checked after it is written; checked again, entry by entry and then
 * record by record, before a restore puts anything in place.
 */
final class Backup {
    static final String SUMS = "SHA256SUMS";
    /** What of the data directory goes into a backup (everything but the lock and temporary files). */
    private static final List<String> FOLDERS = List.of(DataDirectory.ARCHIVE, "keys", "drafts",
            TemplateLibrary.FOLDER);
    private static final List<String> FILES = List.of(DataDirectory.AUDIT_HEAD, "settings.properties");

    private Backup() {
    }

    /** Writes the backup of {@code dir} (whose database is {@code db}) to {@code out}; returns the entry count. */
    static int write(DataDirectory dir, Connection db, Path out) throws IOException, SQLException {
        Path snapshot = Files.createTempFile(out.toAbsolutePath().getParent(), ".exoconsent-db", ".tmp");
        Files.delete(snapshot); // VACUUM INTO wants to create the file itself
        try {
            try (Statement st = db.createStatement()) {
                st.execute("VACUUM INTO '" + snapshot.toString().replace("'", "''") + "'");
            }
            Map<String, Path> entries = new LinkedHashMap<>();
            entries.put(DataDirectory.DATABASE, snapshot);
            for (String f : FILES) {
                if (Files.exists(dir.root().resolve(f))) {
                    entries.put(f, dir.root().resolve(f));
                }
            }
            for (String folder : FOLDERS) {
                Path root = dir.root().resolve(folder);
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                        String name = dir.root().relativize(p).toString().replace('\\', '/');
                        if (!name.endsWith(".tmp") && !name.startsWith(DataDirectory.ARCHIVE + "/.pending")
                                && !name.startsWith(TemplateLibrary.FOLDER + "/.incoming-")) {
                            entries.put(name, p);
                        }
                    }
                }
            }
            StringBuilder sums = new StringBuilder();
            try (OutputStream file = Files.newOutputStream(out);
                 ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(file, 1 << 16),
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

    /** Checks every entry against {@code SHA256SUMS}; returns the problems (none when the file is sound). */
    static List<String> check(Path backup) {
        List<String> problems = new ArrayList<>();
        try (ZipFile zip = new ZipFile(backup.toFile(), StandardCharsets.UTF_8)) {
            ZipEntry sumsEntry = zip.getEntry(SUMS);
            if (sumsEntry == null) {
                return List.of(backup + ": is not an ExoConsent backup (no " + SUMS + ")");
            }
            Map<String, String> expected = new LinkedHashMap<>();
            try (InputStream in = zip.getInputStream(sumsEntry)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        expected.put(line.substring(66), line.substring(0, 64));
                    }
                }
            }
            if (!expected.containsKey(DataDirectory.DATABASE)) {
                problems.add(backup + ": holds no database");
            }
            for (Map.Entry<String, String> e : expected.entrySet()) {
                ZipEntry entry = zip.getEntry(e.getKey());
                if (entry == null) {
                    problems.add(backup + ": " + e.getKey() + " is listed but missing");
                    continue;
                }
                MessageDigest md = sha256();
                try (InputStream in = new DigestInputStream(zip.getInputStream(entry), md)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                if (!HexFormat.of().formatHex(md.digest()).equals(e.getValue())) {
                    problems.add(backup + ": " + e.getKey() + " was altered (its SHA-256 does not match)");
                }
            }
            zip.stream().filter(en -> !en.isDirectory() && !en.getName().equals(SUMS)
                    && !expected.containsKey(en.getName()))
                    .forEach(en -> problems.add(backup + ": " + en.getName() + " is not listed in " + SUMS));
        } catch (IOException e) {
            problems.add(backup + ": cannot be read as a ZIP file: " + e.getMessage());
        }
        return problems;
    }

    /** Unpacks a checked backup into {@code target}, refusing any entry that would land outside it. */
    static void extract(Path backup, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(backup.toFile(), StandardCharsets.UTF_8)) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.isDirectory() || e.getName().equals(SUMS)) {
                    continue;
                }
                Path to = target.resolve(e.getName()).normalize();
                if (!to.startsWith(target)) {
                    throw new IOException(backup + ": the entry " + e.getName() + " points outside the data "
                            + "directory");
                }
                Files.createDirectories(to.getParent());
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
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
