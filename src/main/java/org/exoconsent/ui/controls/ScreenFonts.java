package org.exoconsent.ui.controls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javafx.scene.text.Font;
import org.exoconsent.pdf.BundledFont;

/**
 * The bundled fonts on screen, so that the screen draws the characters the PDF draws (𠮷, Vietnamese letters,
 * Hangul, simplified Chinese): JavaFX uses the fonts an application loads as fallbacks for a glyph its font lacks
 * (checked under Xvfb with fontconfig limited to IPAex Gothic: without them, boxes; with them, every character).
 * A variation selector is drawn as a box after its character: JavaFX 21 does not apply cmap format 14 (the PDF
 * does, see org.exoconsent.pdf.Fonts).
 */
public final class ScreenFonts {
    private static final java.util.Set<String> LOADED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private ScreenFonts() {
    }

    /** The families this program has loaded so far (e.g. "IPAexGothic", "IPAmjMincho"). */
    public static java.util.Set<String> loaded() {
        return java.util.Set.copyOf(LOADED);
    }

    /** Loads IPAex Gothic, the screens' font, now (on the calling thread): it must be there before any text. */
    public static void loadPrimary() {
        load(BundledFont.IPAEX_GOTHIC);
    }

    /**
     * Loads the fallback fonts on {@code background} (the app's one background executor), so start-up does not wait
     * for them (IPAmj Mincho is 46 MB and JavaFX copies a font it loads to a temporary file); a rare character typed
     * in the first second may show as a box until then.
     */
    public static void loadFallbacks(java.util.concurrent.Executor background) {
        background.execute(() -> {
            for (BundledFont f : BundledFont.values()) {
                if (f != BundledFont.IPAEX_GOTHIC) {
                    load(f);
                }
            }
        });
    }

    private static void load(BundledFont f) {
        try (InputStream in = ScreenFonts.class.getResourceAsStream(f.resource())) {
            Font font = in == null ? null : Font.loadFont(in, 14);
            if (font == null) {
                throw new IllegalStateException("the bundled font " + f.resource() + " cannot be loaded");
            }
            LOADED.add(font.getFamily());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
