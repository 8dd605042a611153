package org.exoconsent.cli;

/**
 * Readies what rendering needs, on a second thread, while the main thread checks the password (Argon2id takes a
 * good part of a cold {@code render}). Only the program's own resources are touched: the bundled templates are read
 * and checked, the font and the JSON reader loaded. No stored data and nothing of the session is read before the
 * sign-in has succeeded. A failure here is ignored: the same work, done again where it is needed, reports it.
 */
final class Prewarm {
    private Prewarm() {
    }

    static void start() {
        Thread t = new Thread(() -> {
            try {
                org.exoconsent.template.BundledTemplates.all();
                org.exoconsent.pdf.Fonts.gothic();
                // builds the session reader (an empty object is refused, which is expected here)
                org.exoconsent.consent.SessionJson.read("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "prewarm");
            } catch (Exception | LinkageError ignored) {
                // reported by the real use
            }
        }, "exoconsent-prewarm");
        t.setDaemon(true);
        t.start();
    }
}
