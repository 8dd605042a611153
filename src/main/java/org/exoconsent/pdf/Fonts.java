package org.exoconsent.pdf;

import com.lowagie.text.DocumentException;
import com.lowagie.text.pdf.BaseFont;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The bundled Japanese font (IPAex Gothic, IPA Font License v1.0; licence beside it in the resources), loaded once
 * from bytes, embedded and subset in every PDF so each glyph renders on any machine.
 */
public final class Fonts {
    static final String RESOURCE = "/org/exoconsent/fonts/ipaexg.ttf";

    private Fonts() {
    }

    private static final class Holder {
        static final BaseFont GOTHIC = load();
    }

    public static BaseFont gothic() {
        return Holder.GOTHIC;
    }

    private static BaseFont load() {
        try (InputStream in = Fonts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled font " + RESOURCE + " is missing from the program");
            }
            byte[] bytes = in.readAllBytes();
            return BaseFont.createFont("ipaexg.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true, bytes, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DocumentException e) {
            throw new IllegalStateException("the bundled font cannot be read", e);
        }
    }
}
