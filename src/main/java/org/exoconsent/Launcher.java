package org.exoconsent;

import org.exoconsent.cli.ExoConsentCli;

/**
 * The jar's entry point. Without arguments it opens the desktop app; with a command it runs the command line and
 * never starts JavaFX. (It must not extend Application, or the shaded jar refuses to start.)
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            org.exoconsent.ui.ExoConsentApp.launchApp(args);
        } else {
            System.setProperty("java.awt.headless", "true");
            System.exit(ExoConsentCli.run(args));
        }
    }
}
