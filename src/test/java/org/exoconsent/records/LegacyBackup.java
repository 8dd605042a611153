package org.exoconsent.records;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Unencrypted backups as releases up to 1.2.0 wrote them (the writer of {@code Backup.write} before issue 13 §5:
 * a plain ZIP with {@code SHA256SUMS}), and the same file edited as an attacker or an accident would: entries
 * replaced or added, the sums recomputed or written by hand.
 */
public final class LegacyBackup {
    private LegacyBackup() {
    }

    /** Writes {@code dir} as the 1.2.0 release did (database by {@code VACUUM INTO}, every file, the sums). */
    public static void write(Path dir, Path out) throws Exception {
        Path snapshot = out.resolveSibling(out.getFileName() + ".db");
        Files.deleteIfExists(snapshot);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(DataDirectory.DATABASE));
             Statement st = c.createStatement()) {
            st.execute("VACUUM INTO '" + snapshot.toString().replace("'", "''") + "'");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(DataDirectory.DATABASE, Files.readAllBytes(snapshot));
        Files.delete(snapshot);
        for (String f : List.of(DataDirectory.AUDIT_HEAD, "settings.properties")) {
            if (Files.exists(dir.resolve(f))) {
                entries.put(f, Files.readAllBytes(dir.resolve(f)));
            }
        }
        for (String folder : List.of(DataDirectory.ARCHIVE, "keys", "drafts", "templates")) {
            if (!Files.isDirectory(dir.resolve(folder))) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir.resolve(folder))) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String name = dir.relativize(p).toString().replace('\\', '/');
                    if (!name.endsWith(".tmp") && !name.startsWith("archive/.pending")
                            && !name.startsWith("templates/.incoming-")) {
                        entries.put(name, Files.readAllBytes(p));
                    }
                }
            }
        }
        zip(entries, sums(entries), out);
    }

    /** The sums file for {@code entries}, as {@code sha256sum} writes it. */
    public static byte[] sums(Map<String, byte[]> entries) throws Exception {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            b.append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(e.getValue())))
                    .append("  ").append(e.getKey()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Every entry of a plain ZIP backup but its sums. */
    public static Map<String, byte[]> read(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                if (!e.getName().equals("SHA256SUMS")) {
                    try (InputStream in = z.getInputStream(e)) {
                        entries.put(e.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return entries;
    }

    /** Writes {@code entries} and then {@code sums} as {@code SHA256SUMS} into a plain ZIP. */
    public static void zip(Map<String, byte[]> entries, byte[] sums, Path out) throws IOException {
        try (OutputStream file = Files.newOutputStream(out);
             ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(file, 1 << 16),
                     StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("SHA256SUMS"));
            zip.write(sums);
            zip.closeEntry();
        }
    }

    /** {@code entries} as a ZIP of their own (in memory, no sums), to be joined with {@link #join}. */
    public static byte[] zipOf(Map<String, byte[]> entries) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /**
     * Joins whole ZIP files (each without a comment or ZIP64 records, as {@link ZipOutputStream} writes them under
     * 4 GiB) into one at {@code out}: every entry in order, its compressed bytes as they are (nothing is
     * compressed again), under one central directory whose offsets are moved to the entries' new places.
     *
     * @throws IOException when one of {@code zips} is not such a ZIP, or {@code out} cannot be written
     */
    public static void join(List<byte[]> zips, Path out) throws IOException {
        java.io.ByteArrayOutputStream local = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream central = new java.io.ByteArrayOutputStream();
        int count = 0;
        for (byte[] z : zips) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(z).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int end = z.length - 22;
            if (end < 0 || b.getInt(end) != 0x06054b50) {
                throw new IOException("not a ZIP without a comment: no end of central directory at " + end);
            }
            int entries = b.getShort(end + 10) & 0xffff;
            int size = b.getInt(end + 12);
            int offset = b.getInt(end + 16);
            int shift = local.size();
            local.write(z, 0, offset);
            for (int at = offset, i = 0; i < entries; i++) {
                if (b.getInt(at) != 0x02014b50) {
                    throw new IOException("no central directory header at " + at);
                }
                b.putInt(at + 42, b.getInt(at + 42) + shift); // where the entry's local header now is
                at += 46 + (b.getShort(at + 28) & 0xffff) + (b.getShort(at + 30) & 0xffff)
                        + (b.getShort(at + 32) & 0xffff);
            }
            central.write(z, offset, size);
            count += entries;
        }
        java.nio.ByteBuffer end = java.nio.ByteBuffer.allocate(22).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) count)
                .putShort((short) count).putInt(central.size()).putInt(local.size()).putShort((short) 0);
        try (OutputStream file = Files.newOutputStream(out)) {
            local.writeTo(file);
            central.writeTo(file);
            file.write(end.array());
        }
    }

    /**
     * The database of a backup edited with JDBC (as with {@code sqlite3}), returned as the new file's bytes.
     */
    public static byte[] editDatabase(byte[] db, Path work, String... sql) throws Exception {
        Path f = work.resolve("edited-" + System.nanoTime() + ".db");
        Files.write(f, db);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
        byte[] out = Files.readAllBytes(f);
        Files.delete(f);
        return out;
    }
}
