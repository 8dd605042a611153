package org.exoconsent.pdf;

/**
 * The fonts bundled with ExoConsent to draw its documents, in the order they are tried for each character: the
 * first that has a glyph draws it. All are TrueType (glyf outlines), so a document embeds only the glyphs it uses;
 * a fallback font is read from the program and embedded only when a document needs one of its characters.
 * Why these four, and what they cover: docs/ARCHITECTURE.md ("Fonts"). Licences beside them in the resources.
 */
public enum BundledFont {
    /** IPAex Gothic 004.01 (IPA Font License v1.0): Japanese (JIS X 0208 and most of JIS X 0213), Latin-1. */
    IPAEX_GOTHIC("ipaexg.ttf", "IPAex Gothic"),
    /** Noto Sans 2.004 (SIL OFL 1.1): Latin with diacritics (Vietnamese, European names), Greek, Cyrillic. */
    NOTO_SANS("NotoSans-Regular.ttf", "Noto Sans"),
    /** Droid Sans Fallback 2.55b (Apache 2.0): Chinese (GB 2312, Big5), Korean Hangul, the rest of JIS X 0213. */
    DROID_SANS_FALLBACK("DroidSansFallback.ttf", "Droid Sans Fallback"),
    /**
     * IPAmj Mincho 005.01 (IPA Font License v1.0): the 58,000 characters of Japan's name registries (MJ 文字情報),
     * among them the CJK extension characters of names such as 𠮷 (U+20BB7), and their variation sequences.
     */
    IPAMJ_MINCHO("ipamjm.ttf", "IPAmj Mincho");

    private final String file;
    private final String displayName;

    BundledFont(String file, String displayName) {
        this.file = file;
        this.displayName = displayName;
    }

    /** The font file's name in the program's resources, e.g. {@code ipaexg.ttf}. */
    public String file() {
        return file;
    }

    /** The resource path the font is read from, e.g. {@code /org/exoconsent/fonts/ipaexg.ttf}. */
    public String resource() {
        return "/org/exoconsent/fonts/" + file;
    }

    /** The family name people know the font by, e.g. "IPAex Gothic". */
    public String displayName() {
        return displayName;
    }
}
