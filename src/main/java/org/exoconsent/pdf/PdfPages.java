package org.exoconsent.pdf;

import java.awt.image.BufferedImage;
import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * A PDF's pages as images, for printers that take pictures rather than PDF (JavaFX's {@code PrinterJob} prints
 * nodes, so a signed consent is printed as one image per page). Rendered with PDFBox, one page at a time, so a
 * long document never holds more than one page image. The PDF itself is only read, never changed.
 */
public final class PdfPages implements AutoCloseable {
    /**
     * The highest resolution pages are rendered at, in dots per inch. Text is sharp at 300 dpi on paper; an A4 page
     * at 300 dpi is 2481 × 3508 pixels (35 MB as RGB in memory, twice that while it is handed to JavaFX), at 600 dpi
     * it would be four times that on a tablet.
     */
    public static final float MAX_DPI = 300;

    private final PDDocument doc;
    private final PDFRenderer renderer;

    private PdfPages(PDDocument doc) {
        this.doc = doc;
        this.renderer = new PDFRenderer(doc);
    }

    /**
     * Opens a PDF's bytes for rendering.
     *
     * @throws IOException when the bytes are not a PDF PDFBox can read (the message names what is wrong)
     */
    public static PdfPages open(byte[] pdf) throws IOException {
        return new PdfPages(Loader.loadPDF(pdf));
    }

    /** The number of pages. */
    public int count() {
        return doc.getNumberOfPages();
    }

    /** The size of page {@code index} (from 0) in PDF points (1/72 inch), as width and height, rotation applied. */
    public double[] sizeInPoints(int index) {
        PDRectangle box = doc.getPage(index).getCropBox();
        int rotation = doc.getPage(index).getRotation();
        return rotation % 180 == 0 ? new double[] {box.getWidth(), box.getHeight()}
                : new double[] {box.getHeight(), box.getWidth()};
    }

    /**
     * Page {@code index} (from 0) as an RGB image on white at {@code dpi}, capped at {@link #MAX_DPI}.
     *
     * @param dpi the printer's resolution in dots per inch (at least 72)
     * @throws IOException when the page cannot be drawn
     */
    public BufferedImage render(int index, float dpi) throws IOException {
        float d = Math.max(72, Math.min(dpi, MAX_DPI));
        return renderer.renderImageWithDPI(index, d, ImageType.RGB);
    }

    /** The resolution {@link #render} uses for a printer of {@code printerDpi}. */
    public static float dpiFor(float printerDpi) {
        return Math.max(72, Math.min(printerDpi, MAX_DPI));
    }

    @Override
    public void close() throws IOException {
        doc.close();
    }
}
