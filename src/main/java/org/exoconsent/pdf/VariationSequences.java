package org.exoconsent.pdf;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A font's Unicode variation sequences (cmap subtable format 14, OpenType spec "cmap — Character to Glyph Index
 * Mapping Table", format 14): for a base character and a variation selector (U+FE00–FE0F, U+E0100–E01EF), the glyph
 * the font draws. OpenPDF reads cmap formats 0, 4, 6 and 12 but not 14, and no library on our class path reads it,
 * so this small reader does. Immutable once read; safe to share between threads.
 */
final class VariationSequences {
    /** Glyph id meaning "the font's default glyph for the base character" (a default UVS entry). */
    static final int DEFAULT_GLYPH = -1;
    /** Glyph id meaning "the font has no such sequence". */
    static final int NONE = -2;

    private final Map<Long, Integer> glyphs;

    private VariationSequences(Map<Long, Integer> glyphs) {
        this.glyphs = glyphs;
    }

    /** No sequences: for a font without a format-14 subtable. */
    static final VariationSequences EMPTY = new VariationSequences(Map.of());

    /**
     * Reads the format-14 subtable of a TrueType/OpenType font file (not a collection).
     *
     * @param font the whole font file
     * @return the sequences, {@link #EMPTY} when the font has none
     * @throws IllegalArgumentException when the file's table directory or cmap table is malformed
     */
    static VariationSequences read(byte[] font) {
        try {
            ByteBuffer b = ByteBuffer.wrap(font);
            int numTables = u16(b, 4);
            int cmap = -1;
            for (int i = 0; i < numTables; i++) {
                int rec = 12 + 16 * i;
                if (b.getInt(rec) == 0x636d6170) { // 'cmap'
                    cmap = (int) u32(b, rec + 8);
                }
            }
            if (cmap < 0) {
                return EMPTY;
            }
            int subtables = u16(b, cmap + 2);
            for (int i = 0; i < subtables; i++) {
                int rec = cmap + 4 + 8 * i;
                int platform = u16(b, rec);
                int encoding = u16(b, rec + 2);
                int offset = cmap + (int) u32(b, rec + 4);
                if (platform == 0 && encoding == 5 && u16(b, offset) == 14) {
                    return new VariationSequences(format14(b, offset));
                }
            }
            return EMPTY;
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("the font's cmap table is malformed", e);
        }
    }

    private static Map<Long, Integer> format14(ByteBuffer b, int table) {
        Map<Long, Integer> m = new HashMap<>();
        long records = u32(b, table + 6);
        for (long r = 0; r < records; r++) {
            int rec = table + 10 + (int) (11 * r);
            int selector = u24(b, rec);
            long defaultOffset = u32(b, rec + 3);
            long nonDefaultOffset = u32(b, rec + 7);
            if (defaultOffset != 0) {
                int at = table + (int) defaultOffset;
                long ranges = u32(b, at);
                for (long i = 0; i < ranges; i++) {
                    int start = u24(b, at + 4 + (int) (4 * i));
                    int additional = b.get(at + 4 + (int) (4 * i) + 3) & 0xff;
                    for (int c = start; c <= start + additional; c++) {
                        m.put(key(c, selector), DEFAULT_GLYPH);
                    }
                }
            }
            if (nonDefaultOffset != 0) {
                int at = table + (int) nonDefaultOffset;
                long mappings = u32(b, at);
                for (long i = 0; i < mappings; i++) {
                    int c = u24(b, at + 4 + (int) (5 * i));
                    int glyph = u16(b, at + 4 + (int) (5 * i) + 3);
                    m.put(key(c, selector), glyph);
                }
            }
        }
        return Map.copyOf(m);
    }

    /**
     * The glyph for a base character followed by a variation selector.
     *
     * @return a glyph id, {@link #DEFAULT_GLYPH} for the base character's usual glyph, or {@link #NONE}
     */
    int glyph(int base, int selector) {
        Integer g = glyphs.get(key(base, selector));
        return g == null ? NONE : g;
    }

    /** The number of sequences the font defines. */
    int size() {
        return glyphs.size();
    }

    /** True for the 256 variation selectors: U+FE00–FE0F and U+E0100–E01EF (Unicode 15, section 23.4). */
    static boolean isSelector(int codePoint) {
        return (codePoint >= 0xFE00 && codePoint <= 0xFE0F) || (codePoint >= 0xE0100 && codePoint <= 0xE01EF);
    }

    private static long key(int base, int selector) {
        return ((long) base << 32) | (selector & 0xffffffffL);
    }

    private static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xffff;
    }

    private static int u24(ByteBuffer b, int at) {
        return ((b.get(at) & 0xff) << 16) | ((b.get(at + 1) & 0xff) << 8) | (b.get(at + 2) & 0xff);
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xffffffffL;
    }
}
