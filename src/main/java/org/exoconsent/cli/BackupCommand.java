package org.exoconsent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "backup", mixinStandardHelpOptions = true, description = {
    "Write the whole data directory to one file (administrators): database snapshot, signed PDFs, audit head, "
        + "keys, settings, drafts, with SHA-256 sums. The file is read back and checked before it is kept.",
    "It holds every patient's data and the signing key: store it as safely as the data directory."})
final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    ExoConsentCli root;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The backup file to write (.zip).")
    Path out;

    @Override
    public Integer call() {
        try (RecordStore store = StoreOptions.open(root, "backup", Permission.BACKUP)) {
            RecordStore.BackupFile b = store.backup(out);
            root.out.printf("%s: %d files, %,d bytes, SHA-256 %s (checked)%n", b.file(), b.entries(), b.bytes(),
                    b.sha256());
            return ExitCodes.OK;
        } catch (StoreException e) {
            root.err.println(e.getMessage());
            return ExitCodes.of(e);
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = {
        "Restore a backup into a new, empty data directory, after checking every file against the backup's sums "
            + "and every record and the audit chain. Never restores over existing data."})
    static final class Restore implements Callable<Integer> {
        @ParentCommand
        ExoConsentCli root;

        @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup file.")
        Path from;

        @Option(names = "--to", required = true, paramLabel = "DIR", description = "A new data directory.")
        Path to;

        @Override
        public Integer call() {
            try {
                RecordStore.Restored r = RecordStore.restore(from, new DataDirectory(to), root.clock);
                root.out.printf("Restored %d records into %s; every record and the audit log verified.%n",
                        r.records(), r.dataDirectory());
                return ExitCodes.OK;
            } catch (org.exoconsent.records.ConflictException e) {
                root.err.println(e.getMessage());
                return ExitCodes.INVALID_INPUT;
            } catch (RefusedException e) {
                root.err.println(e.getMessage());
                return ExitCodes.NOT_INTACT;
            } catch (StoreException e) {
                root.err.println(e.getMessage());
                return ExitCodes.of(e);
            }
        }
    }
}
