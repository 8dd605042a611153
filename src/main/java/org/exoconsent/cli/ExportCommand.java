package org.exoconsent.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.exoconsent.records.ExportHeaders;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.usecases.ExportRecords;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export records for an audit or inspection: xlsx (Excel: every cell typed, so patient numbers "
                + "and telephone numbers keep their zeros and nothing is taken for a formula; the format to open), "
                + "csv (for other tools: UTF-8 with BOM; a text cell beginning with = + - @, a tab or a carriage "
                + "return gets a leading apostrophe; a spreadsheet may still read 5%%, 1,234 or 12/31 as a number or "
                + "date: open the xlsx), json (with each session's full snapshot) or zip (the signed "
                + "PDFs, records.csv, records.xlsx, README.txt and a SHA256SUMS manifest of every file with the clinic's signing "
                + "keys; the records are verified first, and a store that fails is still exported, saying so, with "
                + "exit 1; the other formats state the last records verify on stderr). A lot neither the catalog nor any "
                + "consent holds is refused with the nearest lot numbers, exit 3; so is a --physician or --product that "
                + "neither holds, and a --patient number no record holds (an empty file must not read as \"no "
                + "records\"). --patient NUMBER --format zip gives every document of one patient. Times are in the clinic's time zone. The export is written completely or not at all, "
                + "and recorded in the audit log.")
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    ExoConsentCli root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "xlsx, csv, json or zip.")
    String format;

    @Option(names = "--language", paramLabel = "LANG", description = "Headings of an xlsx or csv export: ja or en. "
            + "Default: ja for xlsx; for csv the column keys (id, patientNumber, …) that other tools read.")
    String language;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "The file to write; its extension must not "
            + "contradict --format (m.csv for xlsx is refused, exit 2).")
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
                    + "' is not one of xlsx, csv, json, zip");
        }
        ExportHeaders headers = ExportHeaders.defaultFor(f);
        if (language != null) {
            if (f != RecordStore.ExportFormat.XLSX && f != RecordStore.ExportFormat.CSV) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--language applies to xlsx and csv, "
                        + "not " + format + " (a zip's records.csv and json keep their column keys)");
            }
            try {
                headers = ExportHeaders.language(language);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        String contradiction = org.exoconsent.records.ExportFileNames.contradiction(f, out);
        if (contradiction != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + contradiction);
        }
        if (OutputPaths.refused(root, out, "The export")) {
            return ExitCodes.INVALID_INPUT;
        }
        if (OutputPaths.existing(root, out, overwrite)) {
            return ExitCodes.ENVIRONMENT;
        }
        RecordFilter filter;
        try {
            filter = filters.filter();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            ExportRecords.Export done = new ExportRecords(new CommandOpening(root, null, Permission.EXPORT))
                    .export(f, filter, out, overwrite, headers, (n, total) -> { }, () -> false);
            RecordStore.Exported e = done.exported();
            root.out.printf("%s: %d record%s (%s), %d bytes, SHA-256 %s%n", e.file(), e.records(),
                    e.records() == 1 ? "" : "s", filter.describe(), e.bytes(), e.sha256());
            if (done.nearest() != null) { // an empty file must not read as "nobody received it": as recall says it
                done.nearest().describe().forEach(root.err::println);
            }
            if (done.last() != null) { // only the ZIP verifies: say what the last check found
                root.err.println(done.last().line(done.clock(), "en")
                        + (done.last().warns() ? " Run `exoconsent records verify`." : ""));
            }
            // a record whose stored time cannot be read is in the file, its field marked: said after it was written
            damaged(root, e.damaged(), "export");
            // a damaged active template version: written all the same, the purposes as codes, said (exit 1)
            e.warnings().forEach(w -> root.err.println("WARNING: " + w));
            if (e.failedVerification()) {
                // the bundle is evidence and was written; that the records are not intact must not go unseen
                int problems = e.verification().problems().size();
                root.err.printf("WARNING: the clinic's records FAILED VERIFICATION: %d problem%s%s. The export was "
                                + "written and says so at the top of its README.txt and SHA256SUMS; run `exoconsent "
                                + "records verify` for the list.%n", problems, problems == 1 ? "" : "s",
                        e.missing().isEmpty() ? "" : ", " + e.missing().size() + " archived PDF"
                                + (e.missing().size() == 1 ? "" : "s") + " missing and left out");
                e.verification().problems().stream().limit(5).forEach(p -> root.err.println("PROBLEM: " + p));
                return ExitCodes.NOT_INTACT;
            }
            return e.hasDamage() || !e.warnings().isEmpty() ? ExitCodes.NOT_INTACT : ExitCodes.OK;
        } catch (StoreException e) {
            root.err.println(e.getMessage());
            return ExitCodes.of(e);
        }
    }

    /**
     * Names on standard error every damaged row a listing wrote (table, row, column, value, repair: {@code
     * RecordRow#damage}), after everything else was written; the caller then exits 1 (not intact).
     *
     * @param what the command's word for what was written ("export", "recall")
     */
    static void damaged(ExoConsentCli root, java.util.List<String> damage, String what) {
        damaged(root, damage, what, "its record", "their records");
    }

    /**
     * As {@link #damaged(ExoConsentCli, java.util.List, String)}, for a listing of other rows than records.
     *
     * @param one  the rows listed, said of one damage ("its version")
     * @param many the same, said of several ("their versions")
     */
    static void damaged(ExoConsentCli root, java.util.List<String> damage, String what, String one, String many) {
        if (damage.isEmpty()) {
            return;
        }
        root.err.printf("DAMAGED: %d stored value%s could not be read; the %s lists %s all the same, the value shown "
                + "as '%s':%n", damage.size(), damage.size() == 1 ? "" : "s", what,
                damage.size() == 1 ? one : many, org.exoconsent.records.RecordRow.UNREADABLE);
        damage.forEach(d -> root.err.println("DAMAGED: " + d));
    }
}
