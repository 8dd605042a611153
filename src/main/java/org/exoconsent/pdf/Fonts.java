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
        static final byte[] BYTES = read();
    }

    /** One font object per thread: OpenPDF does not promise that one may serve documents being written at once. */
    private static final ThreadLocal<BaseFont> GOTHIC = ThreadLocal.withInitial(Fonts::load);

    public static BaseFont gothic() {
        return GOTHIC.get();
    }

    private static byte[] read() {
        try (InputStream in = Fonts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled font " + RESOURCE + " is missing from the program");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BaseFont load() {
        try {
            return BaseFont.createFont("ipaexg.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false, Holder.BYTES,
                    null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DocumentException e) {
            throw new IllegalStateException("the bundled font cannot be read", e);
        }
    }
}
