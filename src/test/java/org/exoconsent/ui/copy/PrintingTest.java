package org.exoconsent.ui.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The print path up to the printer: the pages of a signed consent and of a take-home card as they are handed to a
 * print job — how many, at which resolution, at which size on the paper, and that they show the document. A
 * recording target stands in for the printer (CupsPrintTest prints to a real one).
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class PrintingTest {
    @TempDir
    static Path tmp;
    private static byte[] consent;
    private static byte[] card;

    @BeforeAll
    static void recordAConsent() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        ConsentSession s = Examples.session("complete-ja");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            TestAccounts.record(store, s, Examples.template(), Examples.key(), "test");
            consent = store.patientCopy(s.id());
            card = store.takeHomeCard(s.id());
        }
    }

    @Start
    void start(Stage stage) {
        // the JavaFX toolkit runs; the pages are drawn and handed over off the FX thread, as in the app
    }

    /** A printer that records what it is given: A4 paper with 18 pt margins, or what the test says. */
    private static final class Recording implements Printing.Target {
        final float dpi;
        final double printableWidth;
        final double printableHeight;
        final List<Node> printed = new ArrayList<>();
        boolean refuse;

        Recording(float dpi, double printableWidth, double printableHeight) {
            this.dpi = dpi;
            this.printableWidth = printableWidth;
            this.printableHeight = printableHeight;
        }

        @Override
        public float dpi() {
            return dpi;
        }

        @Override
        public double[] printable(double width, double height) {
            return new double[] {printableWidth, printableHeight};
        }

        @Override
        public boolean print(double width, double height, Node page) {
            printed.add(page);
            return !refuse;
        }
    }

    private static int pages(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return doc.getNumberOfPages();
        }
    }

    /** The share of pixels that are not near-white: a page with text and rules, not a blank sheet. */
    private static double ink(WritableImage image) {
        PixelReader px = image.getPixelReader();
        long dark = 0;
        long all = 0;
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                int argb = px.getArgb(x, y);
                int grey = ((argb >> 16 & 0xff) + (argb >> 8 & 0xff) + (argb & 0xff)) / 3;
                dark += grey < 160 ? 1 : 0;
                all++;
            }
        }
        return (double) dark / all;
    }

    @Test
    void everyPageOfTheSignedConsentGoesToThePrinterAsAnImageAtThePrintersResolutionAndItsTrueSize()
            throws Exception {
        Recording a4 = new Recording(300, 595.28 - 36, 841.89 - 36);
        List<Printing.Page> seen = new ArrayList<>();
        int printed = Printing.print(consent, a4, seen::add);
        int pages = pages(consent);
        assertTrue(pages >= 4, "a whole consent: " + pages + " pages");
        assertEquals(pages, printed);
        assertEquals(pages, a4.printed.size(), "every page, once, in order");
        for (Printing.Page p : seen) {
            assertEquals(a4.printed.get(p.index()), p.node());
            assertEquals(300, p.dpi());
            assertEquals(Math.round(595.28 / 72 * 300), p.image().getWidth(), 1, "A4 at 300 dpi: 2480 pixels");
            assertEquals(Math.round(841.89 / 72 * 300), p.image().getHeight(), 1);
            ImageView node = p.node();
            assertTrue(node.getFitWidth() <= a4.printableWidth && node.getFitHeight() <= a4.printableHeight,
                    "an A4 page within the printable area of A4 paper: scaled to fit");
            assertEquals(595.28 / 841.89, node.getFitWidth() / node.getFitHeight(), 0.001, "never distorted");
            assertTrue(ink(p.image()) > 0.005, "page " + (p.index() + 1) + " shows the document");
        }
        // the image is PDFBox's drawing of the page, pixel for pixel
        try (PDDocument doc = Loader.loadPDF(consent)) {
            BufferedImage first = new PDFRenderer(doc).renderImageWithDPI(0, 300, ImageType.RGB);
            PixelReader px = seen.get(0).image().getPixelReader();
            for (int y = 0; y < first.getHeight(); y += 97) {
                for (int x = 0; x < first.getWidth(); x += 89) {
                    assertEquals(first.getRGB(x, y) | 0xff000000, px.getArgb(x, y), "pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    void theCardIsPrintedAtA6SizeNotEnlargedAndAFinePrinterGetsAtMost300Dpi() throws Exception {
        Recording fine = new Recording(1200, 595.28 - 36, 841.89 - 36);
        List<Printing.Page> seen = new ArrayList<>();
        assertEquals(1, Printing.print(card, fine, seen::add));
        Printing.Page p = seen.get(0);
        assertEquals(300, p.dpi(), "1200 dpi would need 16 times the memory for no gain on paper");
        assertEquals(Math.round(297.64 / 72 * 300), p.image().getWidth(), 1, "105 mm at 300 dpi");
        assertEquals(297.64, p.node().getFitWidth(), 0.1, "105 mm wide on the paper: its true size");
        assertEquals(419.53, p.node().getFitHeight(), 0.1, "148 mm high");
        assertTrue(ink(p.image()) > 0.01);

        Recording small = new Recording(150, 200, 300); // a label printer's printable area
        List<Printing.Page> onSmall = new ArrayList<>();
        Printing.print(card, small, onSmall::add);
        assertEquals(150, onSmall.get(0).dpi(), "a 150-dpi printer gets 150 dpi");
        assertTrue(onSmall.get(0).node().getFitWidth() <= 200 && onSmall.get(0).node().getFitHeight() <= 300,
                "scaled down to what fits");
    }

    @Test
    void aPrinterThatRefusesAPageStopsTheJobWithAMessage() {
        Recording refusing = new Recording(300, 559, 805);
        refusing.refuse = true;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Printing.print(consent, refusing,
                p -> { }));
        assertTrue(e.getMessage().startsWith("the printer refused page 1 of "), e.getMessage());
        assertEquals(1, refusing.printed.size(), "nothing after the refused page");
    }

    @Test
    void withoutAPrinterOrWithoutLprOnLinuxPrintingIsNotOffered() throws Exception {
        Path lpr = tmp.resolve("lpr");
        assertEquals(Printing.Availability.Problem.NO_PRINTER, Printing.problem(false, "Linux", lpr));
        assertEquals(Printing.Availability.Problem.NO_LPR, Printing.problem(true, "Linux", lpr),
                "Java would drop the job silently");
        java.nio.file.Files.writeString(lpr, "#!/bin/sh\n");
        lpr.toFile().setExecutable(true);
        assertEquals(null, Printing.problem(true, "Linux", lpr));
        assertEquals(null, Printing.problem(true, "Windows 11", tmp.resolve("none")), "Windows prints natively");
        assertEquals(null, Printing.problem(true, "Mac OS X", tmp.resolve("none")));
    }

    @Test
    void theImageKeepsEveryColourAndIsOpaque() {
        BufferedImage rgb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0x1f4e79);
        rgb.setRGB(1, 0, 0xffffff);
        rgb.setRGB(2, 0, 0x000000);
        WritableImage fx = Printing.toFx(rgb);
        assertEquals(0xff1f4e79, fx.getPixelReader().getArgb(0, 0));
        assertEquals(0xffffffff, fx.getPixelReader().getArgb(1, 0));
        assertEquals(0xff000000, fx.getPixelReader().getArgb(2, 0), "black stays black, and opaque");
    }
}
