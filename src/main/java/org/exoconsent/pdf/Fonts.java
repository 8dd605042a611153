package org.exoconsent.pdf;

import com.lowagie.text.DocumentException;
import com.lowagie.text.pdf.BaseFont;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bundled fonts ({@link BundledFont}), read from the program's resources once, when first needed, and embedded
 * as subsets in every PDF so each glyph renders on any machine. IPAex Gothic draws almost everything; a fallback
 * font is read only when a text needs one of its characters (IPAmj Mincho is 46 MB).
 */
public final class Fonts {
    private Fonts() {
    }

    private static final Map<BundledFont, byte[]> BYTES = new ConcurrentHashMap<>();
    private static final Map<BundledFont, VariationSequences> SEQUENCES = new ConcurrentHashMap<>();

    /** One font object per thread: OpenPDF does not promise that one may serve documents being written at once. */
    private static final ThreadLocal<Map<BundledFont, BaseFont>> FONTS =
            ThreadLocal.withInitial(() -> new EnumMap<>(BundledFont.class));
    private static final ThreadLocal<Map<String, BaseFont>> VARIANTS = ThreadLocal.withInitial(HashMap::new);

    /** IPAex Gothic, the font of every document's text (this thread's instance). */
    public static BaseFont gothic() {
        return font(BundledFont.IPAEX_GOTHIC);
    }

    /** This thread's instance of a bundled font, read from the program on first use. */
    static BaseFont font(BundledFont f) {
        return FONTS.get().computeIfAbsent(f, Fonts::load);
    }

    /**
     * The first bundled font, in {@link BundledFont}'s order, that has a glyph for the code point.
     *
     * @param codePoint a Unicode code point (not a variation selector: see {@link #variant})
     * @return the font, or empty when no bundled font can draw it (an emoji, say)
     */
    public static Optional<BundledFont> drawing(int codePoint) {
        if (codePoint >= 0 && codePoint < DRAWING.length) {
            byte known = DRAWING[codePoint];
            if (known != 0) {
                return known == NONE ? Optional.empty() : FOUND[known - 2];
            }
        }
        Optional<BundledFont> found = Optional.empty();
        for (BundledFont f : ALL) {
            if (has(f, codePoint)) {
                found = FOUND[f.ordinal()];
                break;
            }
        }
        if (codePoint >= 0 && codePoint < DRAWING.length) {
            DRAWING[codePoint] = found.map(f -> (byte) (f.ordinal() + 2)).orElse(NONE);
        }
        return found;
    }

    /**
     * {@link #drawing}'s answer for each code point of the Basic Multilingual Plane once asked: 0 not asked yet,
     * {@link #NONE} no bundled font draws it, else the font's ordinal + 2. The bundled fonts cannot change while the
     * program runs, so the answer holds for the process; it was asked of every character of every document (issue 17
     * §5: a recording's CPU). Threads that race write the same value.
     */
    private static final byte[] DRAWING = new byte[0x10000];
    /**
     * The bundled fonts in their order, and each one's answer, made once: {@code BundledFont.values()} copies the
     * array and {@code Optional.of} allocates at every call, and {@link #drawing} is asked of every character of
     * every document (JFR, issue 17 §5: 8 % of a recording's allocation).
     */
    static final BundledFont[] ALL = BundledFont.values();
    @SuppressWarnings("unchecked")
    private static final Optional<BundledFont>[] FOUND = java.util.Arrays.stream(ALL).map(Optional::of)
            .toArray(Optional[]::new);
    private static final byte NONE = 1;

    /**
     * Whether a font has a glyph for the code point (its cmap maps it), asked of this thread's instance, so that the
     * check before a document and its layout on the same thread read each font once.
     */
    static boolean has(BundledFont f, int codePoint) {
        return font(f).charExists(codePoint);
    }

    /**
     * The glyph a font draws for a variation sequence (base + selector), from its cmap format 14.
     *
     * @return a glyph id, {@link VariationSequences#DEFAULT_GLYPH} or {@link VariationSequences#NONE}
     */
    static int sequenceGlyph(BundledFont f, int base, int selector) {
        return SEQUENCES.computeIfAbsent(f, x -> VariationSequences.read(bytes(x))).glyph(base, selector);
    }

    /**
     * This thread's copy of a font whose character {@code base} draws {@code glyph} (the glyph of a variation
     * sequence) instead of its default glyph. The copy is used only for text in that sequence, so the PDF's text
     * layer still reads the base character.
     */
    static BaseFont variant(BundledFont f, int selector, int base, int glyph) {
        BaseFont copy = VARIANTS.get().computeIfAbsent(f.name() + "/" + Integer.toHexString(selector),
                k -> load(f));
        map(copy, base, glyph);
        return copy;
    }

    /**
     * Makes a font instance draw {@code codePoint} with glyph {@code glyph}. OpenPDF has no public way to draw a
     * glyph by id inside flowing text; this adds one entry to the instance's character map (the protected
     * {@code cmapExt}, or {@code cmap31} when the font has no format-12 map), with the glyph's advance width.
     * The PDF's text layer then reads {@code codePoint} for that glyph.
     *
     * @throws IllegalStateException when the OpenPDF in use has changed those internals (a test guards this)
     */
    static void map(BaseFont font, int codePoint, int glyph) {
        try {
            Class<?> tt = Class.forName("com.lowagie.text.pdf.TrueTypeFont");
            Method width = tt.getDeclaredMethod("getGlyphWidth", int.class);
            width.setAccessible(true);
            int w = (Integer) width.invoke(font, glyph);
            Field ext = tt.getDeclaredField("cmapExt");
            ext.setAccessible(true);
            Field bmp = tt.getDeclaredField("cmap31");
            bmp.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<Integer, int[]> cmap = (Map<Integer, int[]>) (ext.get(font) != null ? ext.get(font) : bmp.get(font));
            cmap.put(codePoint, new int[] {glyph, w});
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this OpenPDF version does not let ExoConsent draw a glyph by its id",
                    e);
        }
    }

    /** The font file's bytes, read from the program's resources once. */
    static byte[] bytes(BundledFont f) {
        return BYTES.computeIfAbsent(f, Fonts::read);
    }

    private static byte[] read(BundledFont f) {
        try (InputStream in = Fonts.class.getResourceAsStream(f.resource())) {
            if (in == null) {
                throw new IllegalStateException("the bundled font " + f.resource() + " is missing from the program");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BaseFont load(BundledFont f) {
        try {
            return BaseFont.createFont(f.file(), BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false, bytes(f), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DocumentException e) {
            throw new IllegalStateException("the bundled font " + f.file() + " cannot be read", e);
        }
    }
}
