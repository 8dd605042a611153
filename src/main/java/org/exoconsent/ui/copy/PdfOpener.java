package org.exoconsent.ui.copy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Opens a PDF in the computer's PDF viewer (issue 16 §7: "open the PDF" must say so when there is none, and offer to
 * save a copy instead). Screens take it as a value, so a test can be a computer without a viewer. Called off the FX
 * thread: opening may take a moment.
 */
@FunctionalInterface
public interface PdfOpener {
    /**
     * Opens {@code pdf} in a viewer.
     *
     * @param pdf an existing PDF file
     * @return true when a viewer was asked to show it; false when this computer has none (no desktop integration, or
     *         the system's opener failed or reported no application for PDF)
     */
    boolean open(Path pdf);

    /**
     * The operating system's viewer: {@link java.awt.Desktop#open} where the desktop supports opening files (Windows,
     * macOS, Linux with GNOME libraries), else {@code xdg-open} on Linux, whose exit status says whether an
     * application took the file (waited for up to 10 s; xdg-open returns at once once one has). Everything else, and
     * any failure, is "no viewer".
     */
    static PdfOpener desktop() {
        return pdf -> {
            try {
                if (java.awt.Desktop.isDesktopSupported()
                        && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.OPEN)) {
                    java.awt.Desktop.getDesktop().open(pdf.toFile());
                    return true;
                }
                Process p = new ProcessBuilder("xdg-open", pdf.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return false; // no desktop, no xdg-open, or the desktop has no application for PDF
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
    }
}
