package org.exoconsent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.exoconsent.records.AuditTrail;
import org.exoconsent.records.Permission;
import org.exoconsent.usecases.ExportRecords;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true, subcommands = AuditCommand.Export.class,
        description = "The audit trail (who did what, when, to which record) for an inspector or a court.")
final class AuditCommand implements Runnable {
    @ParentCommand
    ExoConsentCli root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: audit export");
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = {
        "Write the audit trail's entries to FILE.csv or FILE.pdf: sequence, time in the clinic's time zone, who, "
            + "action, subject (record or document), details; with the chain's head (newest entry and its hash, as "
            + "audit-head.txt holds it) and whether the chain verifies. For whoever may export records (manager); "
            + "the export is itself audited (audit-exported). Never written inside the data directory.",
        "Exit 1 when the chain does not verify, or an entry's time cannot be read (no range can place it): the file is "
            + "still written, and says so; each problem is named."})
    static final class Export implements Callable<Integer> {
        @ParentCommand
        AuditCommand parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--from", paramLabel = "DATE", description = "Entries on or after DATE (2026-11-20), a day "
                + "of the clinic's calendar (default: the first entry).")
        String from;

        @Option(names = "--to", paramLabel = "DATE", description = "Entries on or before DATE (default: today).")
        String to;

        @Option(names = "--action", paramLabel = "A", description = "Only this action (created, withdrawn, "
                + "exported, rendered, sign-in-failed, …).")
        String action;

        @Option(names = "--actor", paramLabel = "U", description = "Only what this account did.")
        String actor;

        @Option(names = "--subject", paramLabel = "ID", description = "Only entries about this record (document "
                + "id) or subject.")
        String subject;

        @Option(names = "--language", paramLabel = "LANG", defaultValue = "ja",
                description = "Language of the PDF's headings: ja (default) or en.")
        String language;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "FILE.csv or FILE.pdf.")
        Path out;

        @Option(names = "--overwrite", description = "Replace FILE if it exists.")
        boolean overwrite;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            if (OutputPaths.refused(cli, out, "The audit trail")) {
                return ExitCodes.INVALID_INPUT;
            }
            if (!language.equals("ja") && !language.equals("en")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--language " + language
                        + ": not one of ja, en");
            }
            AuditTrail.Filter filter;
            try {
                filter = AuditTrail.Filter.parse(from, to, action, actor, subject);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            return StoreOptions.run(cli, Permission.EXPORT, opening -> {
                AuditTrail.Exported e = new ExportRecords(opening).exportAuditTrail(filter, out, overwrite, language);
                cli.out.printf("%s: %d audit entr%s (%s), %d bytes, SHA-256 %s%n", e.file(), e.entries(),
                        e.entries() == 1 ? "y" : "ies", filter.describe(), e.bytes(), e.sha256());
                cli.out.printf("  chain head: entry %d, SHA-256 %s; the chain %s%n", e.chain().headSeq(),
                        e.chain().headHash(), e.chain().verifies() ? "verifies"
                                : "DOES NOT VERIFY (run exoconsent records verify)");
                for (String problem : e.chain().problems()) { // an entry whose time cannot be read is one: no range
                    cli.out.println("PROBLEM: " + problem); // can place it, so the script learns of it here
                }
                // the file is written either way (it says so itself); a script learns it from the exit code
                return e.chain().verifies() ? ExitCodes.OK : ExitCodes.NOT_INTACT;
            });
        }
    }
}
