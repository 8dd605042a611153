package org.exoconsent.records;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.exoconsent.files.OwnerOnly;
import org.bouncycastle.crypto.io.InvalidCipherTextIOException;

/**
 * Reads a backup once, front to back (issue 13 §5): decrypts it (or reads an unencrypted one made by an earlier
 * release), takes only the paths a data directory holds ({@link #KNOWN}), bounds every entry's size, the total and
 * the expansion of each entry while it is read, checks {@code SHA256SUMS} line by line, and, when asked, writes the
 * entries into a folder of the caller's (a staging folder nobody uses). Nothing it reads is trusted before the
 * whole file has been read: an encrypted backup's tag is checked at its end.
 */
final class BackupReader {
    /**
     * One kind of path a backup may hold, with the largest entry of that kind (bytes, uncompressed).
     *
     * @param what  what it is, for people
     * @param shown the path as a refusal lists it ({@code archive/YYYY/MM/*.pdf})
     * @param top   the name of {@link DataDirectory#LAYOUT} it lies in (null: the backup's own list of sums)
     */
    record Known(String what, String shown, String top, Pattern path, long maxBytes) {
    }

    private static String q(String name) {
        return Pattern.quote(name);
    }

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final long GIB = 1024 * MIB;

    /**
     * Every path a data directory legitimately holds and {@link Backup#write} puts in a backup, in the names of
     * {@link DataDirectory#LAYOUT} (each of its entries a backup copies has one here): the database, the
     * audit head, the staff-PIN settings of an earlier release, archived PDFs by year and month, the signing keys (self-signed, imported,
     * and imported ones replaced since), drafts (and abandoned ones), and the consent template versions.
     */
    static final List<Known> KNOWN = List.of(
            new Known("the database", DataDirectory.DATABASE, DataDirectory.DATABASE, Pattern.compile(
                    q(DataDirectory.DATABASE)), 16 * GIB),
            new Known("the audit head", DataDirectory.AUDIT_HEAD, DataDirectory.AUDIT_HEAD, Pattern.compile(
                    q(DataDirectory.AUDIT_HEAD)), 64 * KIB),
            new Known("the staff PIN settings of an earlier release", DataDirectory.SETTINGS_FILE,
                    DataDirectory.SETTINGS_FILE, Pattern.compile(q(DataDirectory.SETTINGS_FILE)), 64 * KIB),
            new Known("an archived PDF", DataDirectory.ARCHIVE + "/YYYY/MM/*.pdf", DataDirectory.ARCHIVE,
                    Pattern.compile(q(DataDirectory.ARCHIVE)
                            + "/\\d{4}/\\d{2}/[A-Za-z0-9][A-Za-z0-9._-]{0,120}\\.pdf"),
                    DocumentArchive.MAX_DOCUMENT_BYTES),
            new Known("a signing key", DataDirectory.KEYS + "/*.p12", DataDirectory.KEYS, Pattern.compile(
                    q(DataDirectory.KEYS) + "/(" + q(DataDirectory.SELF_SIGNED_KEY) + "|"
                    + q(DataDirectory.IMPORTED_KEY) + ")(" + q(DataDirectory.PASSWORD_SUFFIX) + ")?(" + q(DataDirectory.REPLACED_INFIX)
                    + "\\d{1,19})?"), MIB),
            new Known("a draft", DataDirectory.DRAFTS + "/*.json", DataDirectory.DRAFTS, Pattern.compile(
                    q(DataDirectory.DRAFTS) + "/[A-Za-z0-9][A-Za-z0-9._-]{0,120}\\.json"), 64 * MIB),
            new Known("an abandoned draft, or why it was abandoned", DataDirectory.DRAFTS + "/"
                    + DataDirectory.ABANDONED_DRAFTS + "/*.json", DataDirectory.DRAFTS, Pattern.compile(
                    q(DataDirectory.DRAFTS) + "/" + q(DataDirectory.ABANDONED_DRAFTS)
                    + "/[A-Za-z0-9][A-Za-z0-9._-]{0,120}\\.json(" + q(DataDirectory.ABANDONED_REASON_SUFFIX)
                    + ")?"), 64 * MIB),
            new Known("a consent template version's file", DataDirectory.TEMPLATES + "/VERSION/ID/FILE",
                    DataDirectory.TEMPLATES, Pattern.compile(q(DataDirectory.TEMPLATES)
                    + "/\\d{1,9}\\.\\d{1,9}(\\.\\d{1,9})?/[a-z0-9][a-z0-9-]{0,99}/"
                    // any file the clinic's template folder held (its SHA-256 covers them all): no dot first, no
                    // separator, nothing a file system refuses
                    + "[^./\\\\:*?\"<>|\\p{Cntrl}][^/\\\\:*?\"<>|\\p{Cntrl}]{0,199}"), 16 * MIB),
            new Known("the list of SHA-256 sums", Backup.SUMS, null, Pattern.compile(q(Backup.SUMS)), 64 * MIB),
            new Known("the kind of store it was made from", Backup.MADE_FROM, null, Pattern.compile(
                    q(Backup.MADE_FROM)), 4 * KIB));

    /** The most a whole backup may hold, uncompressed. */
    static final long MAX_TOTAL = 512 * GIB;
    /** The most entries a backup may hold. */
    static final int MAX_ENTRIES = 1_000_000;
    /** The most an entry may expand (uncompressed : compressed), checked once it has given {@link #RATIO_FROM}. */
    static final int MAX_RATIO = 100;
    static final long RATIO_FROM = MIB;

    private static final Pattern SUMS_LINE = Pattern.compile("([0-9a-f]{64})  (.+)");

    /** A backup refused: the message names the entry or line and the rule. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * What a reading found: the format, the entries read, the entries whose sums disagree, and the kind of store the
     * backup was made from ({@link Backup#MADE_FROM}: {@code postgresql}; null for a data directory's backup, which
     * has no such entry, as every backup of an earlier release).
     */
    record Result(BackupFormat.Kind kind, int entries, long bytes, List<String> problems, String madeFrom) {
    }

    private BackupReader() {
    }

    /**
     * Reads {@code backup} from start to end.
     *
     * @param passphrase the administrator's passphrase; needed for an encrypted backup, unused for an old
     *                   unencrypted one
     * @param extractTo  an empty folder the entries are written into (with their paths), or null to check only
     * @throws Refused                       naming the entry, line or rule: not a backup, an unknown path, a limit
     *                                       passed, a malformed {@code SHA256SUMS} line, an altered encrypted file
     * @throws BackupCrypto.WrongPassphrase when the passphrase does not open it
     * @throws IOException                   when a file cannot be read or written
     */
    static Result read(Path backup, char[] passphrase, Path extractTo) throws Refused, BackupCrypto.WrongPassphrase,
            IOException {
        BackupFormat.Kind kind = BackupFormat.of(backup);
        if (kind == BackupFormat.Kind.UNKNOWN) {
            throw new Refused(backup + ": is not an ExoConsent backup");
        }
        if (kind == BackupFormat.Kind.ENCRYPTED && passphrase == null) {
            throw new Refused(backup + ": is encrypted; give its passphrase");
        }
        long fileSize = Files.size(backup);
        try (InputStream file = new BufferedInputStream(Files.newInputStream(backup), 1 << 16)) {
            InputStream plain = kind == BackupFormat.Kind.ENCRYPTED ? BackupCrypto.decrypt(file, passphrase) : file;
            try {
                Result r = entries(backup, kind, plain, fileSize, extractTo);
                plain.transferTo(OutputStream.nullOutputStream()); // to the end: the tag is checked there
                return r;
            } catch (InvalidCipherTextIOException e) {
                throw altered(backup);
            } catch (Refused | IOException e) {
                if (kind == BackupFormat.Kind.ENCRYPTED) {
                    // garbage from an altered file can look like anything: say so rather than what it looked like
                    try {
                        plain.transferTo(OutputStream.nullOutputStream());
                    } catch (InvalidCipherTextIOException altered) {
                        throw altered(backup);
                    } catch (IOException ignored) {
                        // the first problem is the one to report
                    }
                }
                throw e;
            }
        }
    }

    private static Refused altered(Path backup) {
        return new Refused(backup + ": was altered or cut short after it was written (its encryption's "
                + "authentication tag does not match); nothing in it can be trusted");
    }

    private static Result entries(Path backup, BackupFormat.Kind kind, InputStream plain, long fileSize,
                                  Path extractTo) throws Refused, IOException {
        Counting counted = new Counting(plain);
        Map<String, String> actual = new LinkedHashMap<>();
        byte[] sums = null;
        String madeFrom = null;
        long total = 0;
        // the whole backup may expand at most this much: a 1.7 MB file never becomes a gigabyte
        long totalLimit = Math.min(MAX_TOTAL, Math.max(64 * MIB, fileSize * (long) MAX_RATIO));
        ZipInputStream zip = new ZipInputStream(counted, StandardCharsets.UTF_8);
        byte[] buf = new byte[1 << 16];
        ZipEntry e;
        while ((e = nextEntry(backup, zip)) != null) {
            String name = e.getName();
            if (e.isDirectory()) {
                if (!name.matches("[A-Za-z0-9][A-Za-z0-9._/-]{0,200}/") || name.contains("..")) {
                    throw new Refused(backup + ": the entry " + printable(name) + " is not a path a data directory "
                            + "holds; nothing was restored");
                }
                continue;
            }
            Known known = known(name);
            if (known == null) {
                throw new Refused(backup + ": the entry " + printable(name) + " is not a file a data directory "
                        + "holds (only " + knownList() + "); nothing was restored");
            }
            if (actual.containsKey(name)) {
                throw new Refused(backup + ": the entry " + name + " appears twice; nothing was restored");
            }
            if (actual.size() >= MAX_ENTRIES) {
                throw new Refused(backup + ": holds more than " + MAX_ENTRIES + " entries (the limit); the entry "
                        + name + " is one too many; nothing was restored");
            }
            if (e.getSize() > known.maxBytes()) {
                throw new Refused(backup + ": the entry " + name + " says it holds " + e.getSize() + " bytes; "
                        + known.what() + " may hold at most " + known.maxBytes() + " bytes (the limit); nothing was "
                        + "restored");
            }
            boolean isSums = name.equals(Backup.SUMS);
            // the list of sums and the marker of the store are the backup's own, never a file of the data directory
            boolean kept = isSums || name.equals(Backup.MADE_FROM);
            java.io.ByteArrayOutputStream sumsBytes = kept ? new java.io.ByteArrayOutputStream() : null;
            OutputStream out = kept ? sumsBytes : extractTo == null ? OutputStream.nullOutputStream()
                    : create(extractTo, name);
            MessageDigest md = sha256();
            long size = 0;
            long compressedStart = counted.count;
            try (out) {
                int n;
                while ((n = read(backup, name, zip, buf)) > 0) {
                    size += n;
                    total += n;
                    if (size > known.maxBytes()) {
                        throw new Refused(backup + ": the entry " + name + " holds more than " + known.maxBytes()
                                + " bytes, the limit for " + known.what() + "; nothing was restored");
                    }
                    if (total > totalLimit) {
                        throw new Refused(backup + ": at the entry " + name + " the backup has expanded to more than "
                                + totalLimit + " bytes, the limit for a file of " + fileSize + " bytes ("
                                + MAX_RATIO + " times its size); nothing was restored");
                    }
                    long compressed = Math.max(1, counted.count - compressedStart);
                    if (size > RATIO_FROM && size > compressed * MAX_RATIO) {
                        throw new Refused(backup + ": the entry " + name + " expands more than " + MAX_RATIO
                                + " times its compressed size (the limit; a ZIP bomb?): stopped after " + size
                                + " bytes; nothing was restored");
                    }
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            actual.put(name, HexFormat.of().formatHex(md.digest()));
            if (isSums) {
                sums = sumsBytes.toByteArray();
            } else if (kept) {
                madeFrom = new String(sumsBytes.toByteArray(), StandardCharsets.UTF_8).strip();
            }
        }
        if (sums == null) {
            throw new Refused(backup + ": is not an ExoConsent backup (no " + Backup.SUMS + ")");
        }
        actual.remove(Backup.SUMS);
        Map<String, String> expected = parseSums(backup, sums);
        List<String> problems = new ArrayList<>();
        if (!expected.containsKey(DataDirectory.DATABASE)) {
            problems.add(backup + ": holds no database");
        }
        for (Map.Entry<String, String> x : expected.entrySet()) {
            String got = actual.get(x.getKey());
            if (got == null) {
                problems.add(backup + ": " + x.getKey() + " is listed but missing");
            } else if (!got.equals(x.getValue())) {
                problems.add(backup + ": " + x.getKey() + " was altered (its SHA-256 does not match)");
            }
        }
        for (String name : actual.keySet()) {
            if (!expected.containsKey(name)) {
                problems.add(backup + ": " + name + " is not listed in " + Backup.SUMS);
            }
        }
        if (madeFrom != null && !madeFrom.equals(Backup.POSTGRESQL)) {
            problems.add(backup + ": " + Backup.MADE_FROM + " names the store " + printable(madeFrom) + ", not one "
                    + "this release backs up (" + Backup.POSTGRESQL + ")");
        }
        return new Result(kind, actual.size(), total, problems, madeFrom);
    }

    /**
     * {@code SHA256SUMS} as {@code sha256sum} writes it: one line per file, 64 lower-case hex digits, two spaces,
     * a known path; the file ends with a newline. Anything else is refused, naming the line.
     */
    static Map<String, String> parseSums(Path backup, byte[] sums) throws Refused {
        String text = new String(sums, StandardCharsets.UTF_8);
        Map<String, String> expected = new LinkedHashMap<>();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new Refused(backup + ": " + Backup.SUMS + " does not end with a line break (cut short?); "
                    + "nothing was restored");
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            Matcher m = SUMS_LINE.matcher(line);
            if (!m.matches()) {
                throw new Refused(backup + ": " + Backup.SUMS + " line " + (i + 1) + ": " + printable(line)
                        + " is not '<64 hex digits>  <file>'; nothing was restored");
            }
            String name = m.group(2);
            if (known(name) == null || name.equals(Backup.SUMS)) {
                throw new Refused(backup + ": " + Backup.SUMS + " line " + (i + 1) + ": " + printable(name)
                        + " is not a file a data directory holds; nothing was restored");
            }
            if (expected.put(name, m.group(1)) != null) {
                throw new Refused(backup + ": " + Backup.SUMS + " line " + (i + 1) + ": " + name
                        + " is listed twice; nothing was restored");
            }
        }
        return expected;
    }

    /** The kind of path {@code name} is, or null when a data directory holds no such file. */
    static Known known(String name) {
        for (Known k : KNOWN) {
            if (k.path().matcher(name).matches()) {
                return k;
            }
        }
        return null;
    }

    private static String knownList() {
        return String.join(", ", KNOWN.stream().map(Known::shown).toList());
    }

    /** A name or line as it may be shown: quoted, control characters as \\uXXXX, at most 120 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder("'");
        s.codePoints().limit(120).forEach(c -> {
            if (DamagedStoreException.hidden(c)) {
                b.append(String.format("\\u%04X", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append(s.codePointCount(0, s.length()) > 120 ? "…'" : "'").toString();
    }

    private static ZipEntry nextEntry(Path backup, ZipInputStream zip) throws Refused {
        try {
            return zip.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new Refused(backup + ": cannot be read as a ZIP file: " + e.getMessage());
        }
    }

    private static int read(Path backup, String name, ZipInputStream zip, byte[] buf) throws Refused, IOException {
        try {
            return zip.read(buf);
        } catch (InvalidCipherTextIOException e) {
            throw e;
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new Refused(backup + ": the entry " + name + " cannot be read (damaged or cut short): "
                    + e.getMessage() + "; nothing was restored");
        }
    }

    /** A new file for {@code name} in {@code folder}; never replaces one (entries are unique, checked above). */
    private static OutputStream create(Path folder, String name) throws IOException {
        Path to = folder.resolve(name).normalize();
        if (!to.startsWith(folder)) {
            throw new IOException(name + " points outside " + folder); // the patterns above allow no such name
        }
        OwnerOnly.createDirectories(to.getParent());
        return new java.io.BufferedOutputStream(OwnerOnly.newOutputStream(to, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), 1 << 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the bytes the ZIP reader takes (the compressed size read so far, give or take its 512-byte buffer). */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
