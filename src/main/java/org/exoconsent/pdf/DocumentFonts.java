package org.exoconsent.pdf;

import com.lowagie.text.DocumentException;
import com.lowagie.text.pdf.BaseFont;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * The fonts of one document being written, so that a fallback font costs the document only the glyphs it draws.
 *
 * <p>OpenPDF embeds a TrueType subset that keeps the whole font's glyph-width table: for IPAmj Mincho (61,179
 * glyphs) that is about 60 KB compressed even for one character, which would break the 250 KB budget of a consent.
 * So a document that needs a fallback font is written twice: the first pass finds which characters each fallback
 * font draws; the second draws them from a compact font made by FontBox's {@link TTFSubsetter} holding only those
 * glyphs. A document that needs IPAex Gothic alone (nearly all) is written once, as before.
 */
final class DocumentFonts {
    private static final ThreadLocal<DocumentFonts> CURRENT = new ThreadLocal<>();

    /** Per fallback font: the code points the document draws with it. */
    private final Map<BundledFont, Set<Integer>> chars = new EnumMap<>(BundledFont.class);
    /** Per fallback font: (selector, base) → glyph id in the full font of the variation sequence. */
    private final Map<BundledFont, Map<Long, Integer>> sequences = new EnumMap<>(BundledFont.class);
    /** Set for the second pass: the compact fonts and their variant copies. */
    private Map<BundledFont, Compact> compact;

    private record Compact(byte[] bytes, Map<Integer, Integer> newGlyph, BaseFont font,
                           Map<Integer, BaseFont> variants) {
    }

    private DocumentFonts() {
    }

    /** One pass of a renderer: lays out and writes the whole document. */
    @FunctionalInterface
    interface Pass {
        byte[] write() throws DocumentException, IOException;
    }

    /**
     * Writes a document with compact fallback fonts: runs {@code render} once, and a second time when the document
     * needs a fallback font. {@code render} must give the same document for the same input (it does: every
     * renderer is a pure function of its input and its clock).
     */
    static byte[] writing(Pass render) throws DocumentException, IOException {
        DocumentFonts previous = CURRENT.get();
        DocumentFonts fonts = new DocumentFonts();
        CURRENT.set(fonts);
        try {
            byte[] first = render.write();
            if (fonts.chars.isEmpty() && fonts.sequences.isEmpty()) {
                return first;
            }
            fonts.compact = new EnumMap<>(BundledFont.class);
            return render.write();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** The font instance that draws {@code codePoint} with bundled font {@code f} in the document being written. */
    static BaseFont font(BundledFont f, int codePoint) {
        DocumentFonts d = CURRENT.get();
        if (d == null || f == BundledFont.IPAEX_GOTHIC) {
            return Fonts.font(f);
        }
        if (d.compact == null) {
            d.chars.computeIfAbsent(f, x -> new TreeSet<>()).add(codePoint);
            return Fonts.font(f);
        }
        return d.compact(f).font;
    }

    /**
     * The font instance that draws base + selector as the full font's glyph {@code glyph}: in the second pass a
     * compact subset holding only the variant glyphs, even of IPAex Gothic, whose own OpenPDF subset would repeat
     * its whole width table (about 17 KB).
     */
    static BaseFont variant(BundledFont f, int selector, int base, int glyph) {
        DocumentFonts d = CURRENT.get();
        if (d == null) {
            return Fonts.variant(f, selector, base, glyph);
        }
        if (d.compact == null) {
            d.sequences.computeIfAbsent(f, x -> new HashMap<>()).put(((long) selector << 32) | base, glyph);
            return Fonts.variant(f, selector, base, glyph);
        }
        Compact c = d.compact(f);
        return c.variants.computeIfAbsent(selector, s -> {
            BaseFont copy = load(f, c.bytes);
            d.sequences.get(f).forEach((key, g) -> {
                if ((int) (key >>> 32) == s) {
                    Fonts.map(copy, (int) (long) key, c.newGlyph.get(g));
                }
            });
            return copy;
        });
    }

    private Compact compact(BundledFont f) {
        return compact.computeIfAbsent(f, x -> {
            try {
                TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(Fonts.bytes(f)));
                CmapLookup cmap = ttf.getUnicodeCmapLookup();
                Map<Integer, Integer> cps = new HashMap<>();
                chars.getOrDefault(f, Set.of()).forEach(cp -> cps.put(cp, cmap.getGlyphId(cp)));
                TreeSet<Integer> glyphs = new TreeSet<>(cps.values());
                glyphs.addAll(sequences.getOrDefault(f, Map.of()).values());
                TTFSubsetter subsetter = new TTFSubsetter(ttf);
                subsetter.addGlyphIds(glyphs);
                Map<Integer, Integer> newGlyph = new HashMap<>();
                subsetter.getGIDMap().forEach((n, old) -> newGlyph.put(old, n));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                subsetter.writeToStream(out);
                byte[] bytes = out.toByteArray();
                BaseFont font = load(f, bytes);
                cps.forEach((cp, old) -> Fonts.map(font, cp, newGlyph.get(old)));
                return new Compact(bytes, newGlyph, font, new HashMap<>());
            } catch (IOException e) {
                throw new UncheckedIOException("the bundled font " + f.file() + " cannot be subset", e);
            }
        });
    }

    private static BaseFont load(BundledFont f, byte[] bytes) {
        try {
            return BaseFont.createFont(f.file(), BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false, bytes, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DocumentException e) {
            throw new IllegalStateException("a subset of the bundled font " + f.file() + " cannot be read", e);
        }
    }
}
