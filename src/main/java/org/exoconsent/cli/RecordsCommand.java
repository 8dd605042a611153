package org.exoconsent.cli;

import java.util.concurrent.Callable;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "records", mixinStandardHelpOptions = true,
        description = "Work with the recorded consents of the data directory.",
        subcommands = {RecordsCommand.Verify.class, RecordsCommand.Recall.class})
final class RecordsCommand implements Runnable {
    @ParentCommand
    ExoConsentCli root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this),
                "name a command: records verify, records recall");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-hash every archived PDF, check every digital signature (by one of the clinic's "
                    + "registered keys, within its period) and the audit chain. Each problem is named; the exit code "
                    + "is 1 if there is any.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        RecordsCommand parent;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            return StoreOptions.run(cli, "records verify", Permission.VERIFY_RECORDS, store -> {
                RecordStore.Verification v = store.verify((done, total) -> {
                    if (done % 1000 == 0) {
                        cli.err.printf("  %d / %d records checked%n", done, total);
                    }
                });
                v.problems().forEach(p -> cli.out.println("PROBLEM: " + p));
                v.notices().forEach(n -> cli.out.println("NOTICE: " + n));
                cli.out.printf("%d records checked, %d problem%s, %d orphan file%s%n", v.records(),
                        v.problems().size(), v.problems().size() == 1 ? "" : "s", v.orphans().size(),
                        v.orphans().size() == 1 ? "" : "s");
                return v.ok() ? ExitCodes.OK : ExitCodes.NOT_INTACT;
            });
        }
    }

    @Command(name = "recall", mixinStandardHelpOptions = true,
            description = "Lot recall: every patient who received a lot, with contact data. The query is recorded "
                    + "in the audit log. For a file, use: export --format csv --lot NUMBER.")
    static final class Recall implements Callable<Integer> {
        @ParentCommand
        RecordsCommand parent;

        @CommandLine.Option(names = "--lot", required = true, paramLabel = "NUMBER", description = "The lot.")
        String lot;

        @CommandLine.Option(names = "--product", paramLabel = "NAME",
                description = "The product, when lot numbers of different products could coincide.")
        String product;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            return StoreOptions.run(cli, "records recall", Permission.EXPORT, store -> {
                var rows = store.recall(lot, product);
                cli.out.printf("Lot %s%s: %d record%s%n", lot, product == null ? "" : " of " + product, rows.size(),
                        rows.size() == 1 ? "" : "s");
                for (var r : rows) {
                    cli.out.printf("%s  %s  %s（%s）  tel %s  %s  consultation %s  physician %s  status %s  "
                                    + "document %s%n", r.patientNumber(), r.patientName(),
                            r.patientKana() == null ? "" : r.patientKana(), r.patientBirth(),
                            r.patientPhone() == null ? "—" : r.patientPhone(),
                            r.patientAddress() == null ? "" : r.patientAddress(),
                            r.consultationAt().substring(0, 10), r.physicianName(), r.status(), r.id());
                }
                return ExitCodes.OK;
            });
        }
    }
}
