package org.exoconsent.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export records for an audit or inspection: csv (opens in Excel), json (with each session's "
                + "full snapshot) or zip (the signed PDFs, records.csv and a SHA256SUMS manifest). The export is "
                + "written completely or not at all, and recorded in the audit log.")
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    ExoConsentCli root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "csv, json or zip.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "The file to write.")
    Path out;

    @Option(names = "--overwrite", description = "Replace PATH if it exists.")
    boolean overwrite;

    @Mixin
    FilterOptions filters;

    @Override
    public Integer call() {
        RecordStore.ExportFormat f;
        try {
            f = RecordStore.ExportFormat.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format: '" + format
                    + "' is not one of csv, json, zip");
        }
        if (OutputPaths.refused(root, out, "The export")) {
            return ExitCodes.INVALID_INPUT;
        }
        RecordFilter filter;
        try {
            filter = filters.filter();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (RecordStore store = StoreOptions.open(root, "export", Permission.EXPORT)) {
            RecordStore.Exported e = store.export(f, filter, out, overwrite);
            root.out.printf("%s: %d record%s (%s), %d bytes, SHA-256 %s%n", e.file(), e.records(),
                    e.records() == 1 ? "" : "s", filter.describe(), e.bytes(), e.sha256());
            return ExitCodes.OK;
        } catch (StoreException e) {
            root.err.println(e.getMessage());
            return ExitCodes.of(e);
        }
    }
}
