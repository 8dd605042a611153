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
}
