package org.exoconsent.pdf;

import java.awt.image.BufferedImage;
import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * The pages of a PDF drawn as images, to be read on screen (the document a signer reads before signing, issue 12
 * §3). PDFBox draws them, a reader independent of OpenPDF, which wrote them: what the signer sees is the PDF itself,
 * not a second rendering of the session. Slow (tens of milliseconds to a second per page): call off the FX thread.
 */
public final class PdfPages {
    private PdfPages() {
    }

    /** Receives each page as it is drawn. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param number the page, from 1
         * @param total  how many pages the document has
         * @param image  the page in RGB, {@code scale} × its size in points wide and high
         * @return whether to go on with the next page (false stops, e.g. when the reader closed the view)
         */
        boolean page(int number, int total, BufferedImage image);
    }

    /**
     * Draws every page of {@code pdf}, in order, at {@code scale} (1 = 72 pixels per inch; 2 draws an A4 page
     * 1190 pixels wide), handing each to {@code sink} before the next is drawn.
     *
     * @return the number of pages drawn
     * @throws IOException              when the bytes are not a readable PDF
     * @throws IllegalArgumentException when the scale is not between 0.25 and 4
     */
    public static int render(byte[] pdf, float scale, Sink sink) throws IOException {
        if (!(scale >= 0.25f && scale <= 4f)) {
            throw new IllegalArgumentException("scale: " + scale + " is outside 0.25 to 4");
        }
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFRenderer renderer = new PDFRenderer(doc);
            int total = doc.getNumberOfPages();
            for (int i = 0; i < total; i++) {
                BufferedImage image = renderer.renderImage(i, scale, ImageType.RGB);
                if (!sink.page(i + 1, total, image)) {
                    return i + 1;
                }
            }
            return total;
        }
    }
}
