package org.exoconsent.pdf;

import com.lowagie.text.pdf.BaseFont;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A text cut into runs that one font draws: the fallback chain of {@link BundledFont}, applied character by
 * character after NFC normalisation. A character followed by a variation selector is drawn with the variant glyph
 * of the first font that has the sequence (cmap format 14), else with its usual glyph.
 */
final class TextRuns {
    private TextRuns() {
    }

    /** A piece of text and the font instance (this thread's) that draws it. */
    record Run(String text, BaseFont font, BundledFont bundled) {
    }

    /**
     * Splits a text into runs.
     *
     * @param text any text; line breaks and tabs stay in the run they are in
     * @return the runs in order; empty for an empty text
     * @throws UnprintableTextException naming the first character no bundled font draws, with {@code field}
     */
    static List<Run> of(String field, String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFC);
        List<Run> runs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        BaseFont currentFont = null;
        BundledFont currentBundled = BundledFont.IPAEX_GOTHIC;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            int selector = next < s.length() ? s.codePointAt(next) : 0;
            boolean hasSelector = VariationSequences.isSelector(selector);
            BaseFont font;
            BundledFont bundled;
            if (cp == '\n' || cp == '\r' || cp == '\t') {
                font = currentFont == null ? Fonts.gothic() : currentFont;
                bundled = currentBundled;
            } else if (VariationSequences.isSelector(cp)) { // a selector after a line break or another selector
                i = next;
                continue;
            } else {
                Drawn d = hasSelector ? sequence(cp, selector) : null;
                if (d == null) {
                    BundledFont f = Fonts.drawing(cp).orElseThrow(() -> new UnprintableTextException(field, cp));
                    d = new Drawn(f, DocumentFonts.font(f, cp));
                }
                font = d.font;
                bundled = d.bundled;
            }
            if (font != currentFont && current.length() > 0) {
                runs.add(new Run(current.toString(), currentFont, currentBundled));
                current.setLength(0);
            }
            currentFont = font;
            currentBundled = bundled;
            current.appendCodePoint(cp);
            i = hasSelector ? next + Character.charCount(selector) : next;
        }
        if (current.length() > 0) {
            runs.add(new Run(current.toString(), currentFont, currentBundled));
        }
        return runs;
    }

    /**
     * The first character of a text that no bundled font draws, as a message naming the field and the character.
     *
     * @return empty when every character can be printed
     */
    static Optional<String> problem(String field, String text) {
        java.util.OptionalInt c = firstUnprintable(text);
        return c.isEmpty() ? Optional.empty() : Optional.of(UnprintableTextException.message(field, c.getAsInt()));
    }

    /**
     * The first character (after NFC normalisation) that {@link #of} would refuse, found without making any font
     * copy a drawing needs: a variation sequence prints when its base character does (as the variant, or else as the
     * usual glyph).
     */
    static java.util.OptionalInt firstUnprintable(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC).codePoints()
                .filter(cp -> cp != '\n' && cp != '\r' && cp != '\t' && !VariationSequences.isSelector(cp))
                .filter(cp -> Fonts.drawing(cp).isEmpty()).findFirst();
    }

    private record Drawn(BundledFont bundled, BaseFont font) {
    }

    /** The font (a variant copy when needed) for base + selector, or null when no font has the sequence. */
    private static Drawn sequence(int base, int selector) {
        for (BundledFont f : Fonts.ALL) {
            if (!Fonts.has(f, base)) {
                continue;
            }
            int glyph = Fonts.sequenceGlyph(f, base, selector);
            if (glyph == VariationSequences.DEFAULT_GLYPH) {
                return new Drawn(f, DocumentFonts.font(f, base));
            }
            if (glyph >= 0) {
                return new Drawn(f, DocumentFonts.variant(f, selector, base, glyph));
            }
        }
        return null;
    }
}
