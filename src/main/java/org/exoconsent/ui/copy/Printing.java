package org.exoconsent.ui.copy;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.print.PageLayout;
import javafx.print.PageOrientation;
import javafx.print.Paper;
import javafx.print.PrintResolution;
import javafx.print.Printer;
import javafx.print.PrinterJob;
import javafx.scene.Node;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.exoconsent.pdf.PdfPages;

/**
 * Printing a PDF with JavaFX's {@link PrinterJob}, which prints nodes, not PDF: each page is rendered by PDFBox
 * ({@link PdfPages}) at the printer's resolution (at most {@link PdfPages#MAX_DPI}) and printed as an image at its
 * true size (1 PDF point = 1/72 inch, the unit JavaFX prints in), scaled down only when it does not fit the
 * printable area. One page image is held at a time.
 */
public final class Printing {
    private Printing() {
    }

    /** Whether this computer can print, and the printer a job goes to unless the person chooses another. */
    public record Availability(Printer printer, Problem problem) {
        /** Why printing is not possible; null when it is. */
        public enum Problem {
            /** No printer is installed (or the print system is not running). */
            NO_PRINTER,
            /**
             * On Linux and other Unix systems Java hands print jobs to the {@code lpr} command; without it
             * (Debian and Ubuntu: package cups-bsd) a job is silently dropped although JavaFX reports it printed.
             */
            NO_LPR
        }

        public boolean canPrint() {
            return problem == null && printer != null;
        }

        public static Availability of(Printer printer) {
            return new Availability(printer, null);
        }

        public static Availability not(Problem why) {
            return new Availability(null, why);
        }
    }

    /** Where Java's print spooler on Linux and other Unix systems sends jobs (sun.print.PSPrinterJob). */
    static final Path LPR = Path.of("/usr/bin/lpr");

    /**
     * Asks the system for its default printer (else the first one). Slow (it asks the print system): call off the
     * FX thread.
     */
    public static Availability availability() {
        Printer printer = Printer.getDefaultPrinter();
        if (printer == null) {
            printer = Printer.getAllPrinters().stream().findFirst().orElse(null);
        }
        Availability.Problem problem = problem(printer != null, System.getProperty("os.name", ""), LPR);
        return problem == null ? Availability.of(printer) : Availability.not(problem);
    }

    /**
     * Why a computer cannot print, or null when it can.
     *
     * @param hasPrinter whether the system lists a printer
     * @param os         the operating system's name ({@code os.name})
     * @param lpr        where Java's print spooler expects {@code lpr} on Linux and other Unix systems
     */
    static Availability.Problem problem(boolean hasPrinter, String os, Path lpr) {
        String name = os.toLowerCase(Locale.ROOT);
        if (!hasPrinter) {
            return Availability.Problem.NO_PRINTER;
        }
        if (!name.contains("win") && !name.contains("mac") && !Files.isExecutable(lpr)) {
            return Availability.Problem.NO_LPR;
        }
        return null;
    }

    /**
     * What pages are printed on: the printable area for a page of a given size, its printing, and the resolution
     * pages are drawn at. {@link #of(PrinterJob)} is the real printer; tests give their own to see the pages.
     */
    public interface Target {
        /** The resolution of the printer in dots per inch. */
        float dpi();

        /** The printable width and height in points for a page of {@code width} × {@code height} points. */
        double[] printable(double width, double height);

        /** Prints one page; false when the printer refused it. */
        boolean print(double width, double height, Node page);

        /** A job of the real printer: the paper is the page's own size (A4, A6) when the printer has it. */
        static Target of(PrinterJob job) {
            return new Target() {
                @Override
                public float dpi() {
                    PrintResolution r = job.getJobSettings().getPrintResolution();
                    return r == null ? 300 : Math.max(r.getFeedResolution(), r.getCrossFeedResolution());
                }

                private PageLayout layout(double width, double height) {
                    Printer p = job.getPrinter();
                    PageLayout current = job.getJobSettings().getPageLayout();
                    Paper paper = p.getPrinterAttributes().getSupportedPapers().stream()
                            .filter(x -> Math.abs(x.getWidth() - Math.min(width, height)) < 3
                                    && Math.abs(x.getHeight() - Math.max(width, height)) < 3)
                            .findFirst().orElse(current.getPaper());
                    PageOrientation o = width > height ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT;
                    return p.createPageLayout(paper, o, javafx.print.Printer.MarginType.HARDWARE_MINIMUM);
                }

                @Override
                public double[] printable(double width, double height) {
                    PageLayout l = layout(width, height);
                    return new double[] {l.getPrintableWidth(), l.getPrintableHeight()};
                }

                @Override
                public boolean print(double width, double height, Node page) {
                    return job.printPage(layout(width, height), page);
                }
            };
        }
    }

    /** A page as it was handed to the printer. */
    public record Page(int index, int count, WritableImage image, double width, double height, float dpi,
                       ImageView node) {
    }

    /**
     * Prints every page of a PDF on {@code target}, in order; may run off the FX thread (the nodes are never in a
     * scene).
     *
     * @param pdf    the PDF's bytes
     * @param before told before each page is drawn (for progress), with the page as it is handed over
     * @return the number of pages printed
     * @throws IOException           when the PDF cannot be read or a page cannot be drawn
     * @throws IllegalStateException when the printer refuses a page (the message says which)
     */
    public static int print(byte[] pdf, Target target, Consumer<Page> before) throws IOException {
        float dpi = PdfPages.dpiFor(target.dpi());
        try (PdfPages pages = PdfPages.open(pdf)) {
            int count = pages.count();
            for (int i = 0; i < count; i++) {
                double[] size = pages.sizeInPoints(i);
                WritableImage image = toFx(pages.render(i, dpi));
                ImageView node = new ImageView(image);
                node.setSmooth(true);
                double[] area = target.printable(size[0], size[1]);
                double scale = Math.min(1, Math.min(area[0] / size[0], area[1] / size[1]));
                node.setFitWidth(size[0] * scale);
                node.setFitHeight(size[1] * scale);
                Page page = new Page(i, count, image, size[0] * scale, size[1] * scale, dpi, node);
                before.accept(page);
                if (!target.print(size[0], size[1], node)) {
                    throw new IllegalStateException("the printer refused page " + (i + 1) + " of " + count);
                }
            }
            return count;
        }
    }

    /** An opaque RGB image as a JavaFX image (the pixels are copied once). */
    static WritableImage toFx(BufferedImage rgb) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] pixels;
        if (rgb.getType() == BufferedImage.TYPE_INT_RGB) {
            pixels = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        } else {
            pixels = rgb.getRGB(0, 0, w, h, null, 0, w);
        }
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] |= 0xff000000; // RGB has no alpha byte: every pixel is opaque
        }
        WritableImage out = new WritableImage(w, h);
        out.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pixels, 0, w);
        return out;
    }
}
