package org.exoconsent.cli;

import java.nio.file.Path;
import java.util.List;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;

/** Opening the records store from a command: lock, migrate, and report leftovers of interrupted recordings. */
final class StoreOptions {
    private StoreOptions() {
    }

    static RecordStore open(ExoConsentCli cli, String purpose) throws StoreException {
        DataDirectory dir = new DataDirectory(cli.dataDir());
        RecordStore store = RecordStore.open(dir, cli.clock, actor(), purpose);
        if (store.createdNow()) {
            cli.err.println("Notice: a new data directory was created at " + dir.root()
                    + " with a DEMO clinic for practice (デモクリニック); replace it with the clinic's own profile "
                    + "before real use.");
        }
        List<Path> orphans = store.interrupted();
        if (!orphans.isEmpty()) {
            cli.err.println("Notice: " + orphans.size() + " file(s) in the archive belong to no record (left by an "
                    + "interrupted recording; they are not records):");
            orphans.forEach(o -> cli.err.println("  " + o));
        }
        return store;
    }

    static String actor() {
        return "os-user:" + System.getProperty("user.name", "unknown");
    }
}
