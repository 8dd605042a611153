package org.exoconsent.limits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * How large an input may be before any work starts on it (issue 14 §2: no input exhausts the machine). Every limit
 * of the files and texts a person hands to the program is here, with the measure it was chosen from; the checks
 * that apply them are {@code consent.SessionLimits} (a session file and its fields, a signature image),
 * {@code template.TemplateLoader} (a template folder) and {@code pdf.SigningKeys} (an imported key). They are
 * listed in docs/SESSION.md, docs/TEMPLATES.md and docs/SIGNING.md.
 *
 * <p>What a real consent is: a session file of 30–40 KB with two or three signature images of 480×160 or
 * 720×240 pixels (the signature pad) of about 10 KB each; with the pad's strokes (a point every few milliseconds,
 * about 60 bytes each) a few hundred KB. A template folder is three files of 12–47 KB. The limits leave ten to
 * a hundred times that, so that no real consent or template ever meets them, while a hostile or broken one is
 * refused in milliseconds instead of running for minutes or ending in an {@code OutOfMemoryError}.
 */
public final class InputLimits {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    // --- a session file (record, render, confirm; a draft) ------------------------------------------------------

    /** The largest session file read, in bytes: 8 MiB, some twenty times a session with every stroke kept. */
    public static final long MAX_SESSION_BYTES = 8 * MIB;
    /**
     * The longest single-line text of a session, in characters (code points): a name, a reading, a number, a
     * telephone number, an id, an account, a section or option id. 200 (a long name is 40).
     */
    public static final int MAX_LINE_CHARACTERS = 200;
    /**
     * The longest multi-line text of a session the clinic or the patient wrote, in characters: an address, the
     * clinic's blood-donation policy, the product's descriptions, a patient's question and the answer given. 2,000
     * (the bundled demo clinic's policy is 79).
     */
    public static final int MAX_TEXT_CHARACTERS = 2_000;
    /** The longest physician's note, in characters: 10,000, some five printed pages (the examples' are 60). */
    public static final int MAX_NOTE_CHARACTERS = 10_000;
    /** The most acknowledgements a session may hold: 200 (a template has about 15 sections). */
    public static final int MAX_ACKNOWLEDGEMENTS = 200;
    /** The most check-question entries a session may hold: 100 (a template has about 8 questions). */
    public static final int MAX_CHECK_QUESTIONS = 100;
    /** The most attempts at one check question: 50 (a patient rarely needs three). */
    public static final int MAX_ANSWERS = 50;
    /** The most questions the patient asked that a session may hold: 100. */
    public static final int MAX_PATIENT_QUESTIONS = 100;
    /** The most virus tests a product's snapshot may list: 50 (a panel has about 6). */
    public static final int MAX_VIRUS_TESTS = 50;
    /** The most signatures a session may hold: 6 (there are three roles, each signing once). */
    public static final int MAX_SIGNATURES = 6;
    /** The most strokes one signature may have: 1,000 (a Japanese name written in full has about 40). */
    public static final int MAX_STROKES = 1_000;
    /**
     * The most points one signature's strokes may have together: 50,000 (a pen reporting at 240 Hz draws that in
     * three and a half minutes; a signature takes seconds).
     */
    public static final int MAX_POINTS = 50_000;

    /**
     * The longest user name, in characters: 64, what {@code users add} allows (a Japanese or romanised name, an
     * e-mail address). A sign-in with a longer name is refused before any work, with the one answer to every failed
     * sign-in (issue 14 §4), and its name is never stored whole.
     */
    public static final int MAX_ACCOUNT_NAME_CHARACTERS = 64;

    // --- a signature image (a session's PNG, the signature pad's, a withdrawal's) -------------------------------

    /** The largest signature image, in bytes of PNG: 2 MiB (the pad's are about 10 KB). */
    public static final long MAX_SIGNATURE_PNG_BYTES = 2 * MIB;
    /** The widest signature image, in pixels: 4,096 (the pad's is 720). */
    public static final int MAX_SIGNATURE_WIDTH = 4_096;
    /** The tallest signature image, in pixels: 4,096 (the pad's is 240). */
    public static final int MAX_SIGNATURE_HEIGHT = 4_096;
    /**
     * The most pixels a signature image may have: 4,194,304 (2,048 × 2,048), so that decoding it takes at most
     * {@link #MAX_SIGNATURE_DECODED_BYTES}; a 20,000 × 20,000 image would need 1.6 GB as 32-bit pixels.
     */
    public static final long MAX_SIGNATURE_PIXELS = 2_048L * 2_048L;
    /**
     * The most memory a signature image may take once decoded, in bytes: its pixels at the PNG's own depth (up to
     * 8 bytes for 16-bit colour with alpha) or as the 32-bit image the checks draw, whichever is larger.
     */
    public static final long MAX_SIGNATURE_DECODED_BYTES = MAX_SIGNATURE_PIXELS * 8;

    // --- a signed document handed in (verify FILE) ------------------------------------------------------------

    /**
     * The largest PDF {@code verify FILE} reads, in bytes: 64 MiB (a consent is 100–300 KB, with the fallback fonts'
     * subsets a little more; the whole file is read to check its signature).
     */
    public static final long MAX_DOCUMENT_BYTES = 64 * MIB;

    // --- a template folder (templates check, import; the app's Consent templates tab; render --templates) --------

    /** The largest file of a template, in bytes: 2 MiB (the bundled Japanese text is 47 KB). */
    public static final long MAX_TEMPLATE_FILE_BYTES = 2 * MIB;
    /** The most a template folder's files may hold together, in bytes: 16 MiB. */
    public static final long MAX_TEMPLATE_BYTES = 16 * MIB;
    /**
     * The most entries a template folder may have: 32 (the manifest and one file per language; the bundled template
     * has three).
     */
    public static final int MAX_TEMPLATE_FILES = 32;

    // --- a signing key (keys import) -----------------------------------------------------------------------------

    /**
     * The largest PKCS#12 file {@code keys import} reads, in bytes: 1 MiB (a key with a certification authority's
     * chain of three certificates is 5–10 KB).
     */
    public static final long MAX_KEYSTORE_BYTES = MIB;

    /**
     * The shortest RSA key imported, in bits: 2,048 (NIST SP 800-57 Part 1 Rev. 5, table 4: RSA-2048 gives the
     * 112-bit security acceptable through 2030; shorter is disallowed for signing since 2014, SP 800-131A Rev. 2).
     */
    public static final int MIN_RSA_BITS = 2_048;
    /** The shortest elliptic-curve key imported, in bits of its field: 256 (P-256; SP 800-57 gives it 128 bits). */
    public static final int MIN_EC_BITS = 256;

    private InputLimits() {
    }

    /** An input over one of the limits; its message names the file or field, its size and the limit. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        private final String detail;

        /**
         * @param where  the file or field, as the message starts
         * @param detail how large it is and the limit ("2.0 GB (2147483648 bytes); a template file may hold …")
         */
        public TooLarge(String where, String detail) {
            super(where + ": " + detail);
            this.detail = detail;
        }

        /** The message without the file or field it names: its size and the limit. */
        public String detail() {
            return detail;
        }
    }

    /**
     * Reads a whole file, refusing one larger than {@code max} bytes before reading it (its size from the file
     * system) and while reading it (a file that grows meanwhile): never more than {@code max + 1} bytes are read.
     *
     * @param what       what the file is, for the message ("a session file")
     * @param followLink false to refuse a symbolic link (read with {@code NOFOLLOW_LINKS} on the default file
     *                   system)
     * @throws TooLarge   "FILE: 9.5 MB (9961472 bytes); a session file may hold at most 8.0 MB (8388608 bytes)"
     * @throws IOException the file cannot be read, is a pipe or a device (opening a pipe would wait for a writer), or
     *                     is a symbolic link when {@code followLink} is false
     */
    public static byte[] read(Path file, long max, String what, boolean followLink) throws IOException {
        if (!followLink && Files.isSymbolicLink(file)) {
            throw new IOException(file + ": is a symbolic link; " + what + " must be a plain file");
        }
        if (Files.exists(file) && !Files.isDirectory(file) && !Files.isRegularFile(file)) {
            // opening a FIFO waits for a writer: the command would hang (attack review of 2026-12-01)
            throw new IOException(file + ": is not a regular file (a pipe or a device); " + what + " is a plain file");
        }
        long size = Files.size(file);
        if (size > max) {
            throw tooLarge(file.toString(), size, max, what);
        }
        OpenOption[] options = !followLink && file.getFileSystem() == FileSystems.getDefault()
                ? new OpenOption[] {StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS}
                : new OpenOption[] {StandardOpenOption.READ};
        try (InputStream in = Files.newInputStream(file, options)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw tooLarge(file.toString(), Math.max(Files.size(file), max + 1), max, what);
            }
            return bytes;
        }
    }

    /** The refusal of an input of {@code size} bytes over {@code max}: names it, its size and the limit. */
    public static TooLarge tooLarge(String where, long size, long max, String what) {
        return new TooLarge(where, bytes(size) + " (" + size + " bytes); " + what + " may hold at most "
                + bytes(max) + " (" + max + " bytes)");
    }

    /** A size in words: "812 bytes", "38.2 KB", "9.5 MB", "2.0 GB" (1 KB = 1,024 bytes). */
    public static String bytes(long n) {
        if (n < KIB) {
            return n + " bytes";
        }
        if (n < MIB) {
            return String.format(Locale.ROOT, "%.1f KB", n / (double) KIB);
        }
        if (n < 1024 * MIB) {
            return String.format(Locale.ROOT, "%.1f MB", n / (double) MIB);
        }
        return String.format(Locale.ROOT, "%.1f GB", n / (double) (1024 * MIB));
    }

    /**
     * Why a PNG's dimensions are too large for a signature, read from its header (the IHDR chunk, PNG specification
     * §11.2.2) before anything is decoded; null when they are within the limits. The header is the 8-byte
     * signature, then the IHDR chunk: length, "IHDR", width and height (4 bytes each, big-endian), bit depth and
     * colour type.
     *
     * @return e.g. "the image is 20000 × 20000 pixels; a signature may be at most 4096 × 4096 pixels and 4194304
     *         pixels in all (2048 × 2048)", "is not a PNG image", or null
     */
    public static String pngHeaderProblem(byte[] png) {
        if (png.length < 33 || (png[0] & 0xff) != 0x89 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G'
                || png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
            return "is not a PNG image (no PNG header)";
        }
        long width = u32(png, 16);
        long height = u32(png, 20);
        int depth = png[24] & 0xff;
        int colour = png[25] & 0xff;
        int channels = switch (colour) {
            case 0, 3 -> 1; // grey, palette
            case 4 -> 2; // grey with alpha
            case 2 -> 3; // truecolour
            case 6 -> 4; // truecolour with alpha
            default -> -1;
        };
        if (width == 0 || height == 0 || channels < 0 || depth == 0 || depth > 16) {
            return "is not a valid PNG image (its header says " + width + " × " + height + " pixels, bit depth "
                    + depth + ", colour type " + colour + ")";
        }
        long pixels = width * height;
        long decoded = Math.max(pixels * 4, (pixels * channels * depth + 7) / 8);
        if (width > MAX_SIGNATURE_WIDTH || height > MAX_SIGNATURE_HEIGHT || pixels > MAX_SIGNATURE_PIXELS
                || decoded > MAX_SIGNATURE_DECODED_BYTES) {
            return "the image is " + width + " × " + height + " pixels (" + bytes(decoded) + " decoded); a signature "
                    + "may be at most " + MAX_SIGNATURE_WIDTH + " × " + MAX_SIGNATURE_HEIGHT + " pixels and "
                    + MAX_SIGNATURE_PIXELS + " pixels in all (2048 × 2048)";
        }
        return null;
    }

    private static long u32(byte[] b, int at) {
        return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
    }

    /**
     * Why a text field is too long, or null: "patient.name: 5000 characters; at most 200". Counted in characters
     * (code points), as a person counts them.
     */
    public static String lengthProblem(String field, String value, int max) {
        if (value == null || value.length() <= max) {
            return null;
        }
        int n = value.codePointCount(0, value.length());
        return n <= max ? null : field + ": " + n + " characters; at most " + max;
    }

    /** Why a list is too long, or null: "acknowledgements: 500 entries; at most 200". */
    public static String countProblem(String field, int count, int max, String unit) {
        return count <= max ? null : field + ": " + count + " " + unit + "; at most " + max;
    }
}
