package org.exoconsent.cli;

import java.nio.file.Path;
import org.exoconsent.records.OutsideDataDirectory;
import org.exoconsent.records.RefusedException;

/**
 * The commands' side of {@link OutsideDataDirectory}: every command that writes a file the person names checks it
 * first, before anything else is read or asked, so that a path inside the data directory is refused with exit 3
 * (an input refused) rather than reported as "already exists".
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * Prints the refusal and returns true when {@code out} is inside the command's data directory ({@code
     * --data-dir}, else {@code $EXOCONSENT_HOME}, else {@code ~/.exoconsent}).
     *
     * @param what what would be written, capitalised ("The export")
     */
    static boolean refused(ExoConsentCli root, Path out, String what) {
        try {
            OutsideDataDirectory.require(out, root.localDataDir(), what);
            return false;
        } catch (RefusedException e) {
            root.err.println(e.getMessage());
            return true;
        }
    }

    /** As {@link #refused}, for a file given to the patient (see {@link OutsideDataDirectory#requireForThePatient}). */
    static boolean refusedForThePatient(ExoConsentCli root, Path out, String what) {
        try {
            OutsideDataDirectory.requireForThePatient(out, root.localDataDir(), what);
            return false;
        } catch (RefusedException e) {
            root.err.println(e.getMessage());
            return true;
        }
    }

    /**
     * Whether {@code out} exists and may not be replaced: then says so on standard error, naming the file and
     * {@code --overwrite} (the commands that write a file the person names: render, export, card, the leaflet).
     *
     * @return true when the command must stop (exit {@link ExitCodes#ENVIRONMENT}), nothing written
     */
    static boolean existing(ExoConsentCli root, Path out, boolean overwrite) {
        if (!java.nio.file.Files.exists(out) || overwrite) {
            return false;
        }
        root.err.println(out + ": already exists; nothing was written (choose another file or pass --overwrite)");
        return true;
    }
}
