package org.exoconsent.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.usecases.ExportRecords;
import org.exoconsent.usecases.VerifyRecords;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "records", mixinStandardHelpOptions = true,
        description = "Work with the recorded consents of the data directory.",
        subcommands = {RecordsCommand.Verify.class, RecordsCommand.Recall.class, RecordsCommand.AcceptHead.class})
final class RecordsCommand implements Runnable {
    @ParentCommand
    ExoConsentCli root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this),
                "name a command: records verify, records recall, records accept-head");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-hash every archived PDF, check every digital signature (by one of the clinic's "
                    + "registered keys, within its period), the audit chain, its head and the clinic's anchor, and "
                    + "hold every indexed field against the facts its signed PDF carries. Each problem is named; the "
                    + "exit code is 1 if there is any. Records signed before documents carried their facts are "
                    + "listed as not cross-checkable (exit code 0 for those alone).")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        RecordsCommand parent;

        @CommandLine.Option(names = "--anchor", paramLabel = "FILE",
                description = "Also check the audit trail against the heads of this anchor file (e.g. a copy kept "
                        + "offline): a trail shorter than, or different from, any head in it is a problem.")
        java.nio.file.Path anchor;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            return StoreOptions.run(cli, Permission.VERIFY_RECORDS, opening -> {
                RecordStore.Verification v = new VerifyRecords(opening).all((done, total) -> {
                    if (done % 1000 == 0) {
                        cli.err.printf("  %d / %d records checked%n", done, total);
                    }
                }, anchor);
                v.problems().forEach(p -> cli.out.println("PROBLEM: " + p));
                // every file the count below counts, named (a PROBLEM above says which were not left by an
                // interrupted recording)
                v.orphans().forEach(o -> cli.out.println("ORPHAN FILE: " + o + " (no record points to it)"));
                v.notes().forEach(n -> cli.out.println("Note: " + n));
                v.notCrossCheckable().forEach(id -> cli.out.println("NOT CROSS-CHECKABLE: record " + id
                        + " (signed before documents carried their facts: its PDF's hash and signature were "
                        + "checked, its index fields could not be)"));
                cli.out.printf("%s, %d problem%s, %d orphan file%s, %d not cross-checkable%n",
                        v.checked(), v.problems().size(), v.problems().size() == 1 ? "" : "s", v.orphans().size(),
                        v.orphans().size() == 1 ? "" : "s", v.notCrossCheckable().size());
                if (v.notAudited() != null) {
                    cli.err.println("Warning: this check's own audit entry could not be written (" + v.notAudited()
                            + "); its report above stands." + (v.notAudited().contains(" is full: free space")
                            ? "" : " Free space on the disk of the data directory."));
                }
                return v.ok() ? ExitCodes.OK : ExitCodes.NOT_INTACT;
            });
        }
    }

    @Command(name = "accept-head", mixinStandardHelpOptions = true,
            description = {"Accept the audit trail as it is as its new head, after its head file was lost or replaced "
                    + "by accident and the trail was checked (administrators; audited with the reason and what the "
                    + "head file held).",
                "records verify reports a missing or disagreeing head file until then; it never re-creates one "
                        + "silently."})
    static final class AcceptHead implements Callable<Integer> {
        @ParentCommand
        RecordsCommand parent;

        @CommandLine.Option(names = "--reason", required = true, paramLabel = "TEXT",
                description = "Why the head is accepted (kept in the audit trail).")
        String reason;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            return StoreOptions.run(cli, Permission.MANAGE_SETTINGS, opening -> {
                new VerifyRecords(opening).acceptHead(reason);
                cli.out.println("The audit trail's head was accepted as it is (audited).");
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "recall", mixinStandardHelpOptions = true,
            description = {"Lot recall: every patient who received a lot, with contact data. The query is recorded "
                    + "in the audit log. For a file, use: export --format csv --lot NUMBER.",
                "The lot number is compared after Unicode NFKC, case folding and trimming (ＬＯＴ－２０２６－０７Ａ is "
                        + "LOT-2026-07A). When no consent used it, the command says so and names the nearest lot "
                        + "numbers: exit 0 when the catalog holds the lot (no patient received it), 3 when neither "
                        + "the catalog nor any consent holds it (check the number). A product that neither the catalog "
                        + "nor any consent holds is refused (exit 3) with the nearest product names.",
                "After the list, the other lots one typing slip away (or the same number of another product) are "
                        + "named: they were not included."})
    static final class Recall implements Callable<Integer> {
        /** How many of the nearest lot numbers a recall that found nothing names. */
        static final int NEAREST = 5;

        @ParentCommand
        RecordsCommand parent;

        @CommandLine.Option(names = "--lot", required = true, paramLabel = "NUMBER", description = "The lot.")
        String lot;

        @CommandLine.Option(names = "--product", paramLabel = "NAME",
                description = "The product, when lot numbers of different products could coincide.")
        String product;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            if (lot.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--lot: give the lot number to recall");
            }
            return StoreOptions.run(cli, Permission.EXPORT, opening -> {
                ExportRecords.Recall recall = new ExportRecords(opening).recall(lot, product, NEAREST);
                var near = recall.near();
                if (!near.productKnown()) { // a product nobody holds is not "no consent used the lot"
                    near.describe().forEach(cli.err::println);
                    return ExitCodes.INVALID_INPUT;
                }
                var rows = recall.rows();
                if (rows.isEmpty()) { // said in words, with the lots a typing slip may have missed (issue 14 §5)
                    near.describe().forEach(cli.out::println);
                    return near.known() ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
                }
                String shown = near.held() != null ? near.held() : lot.strip(); // as the catalog holds it
                // a refusal is listed but is not a consent (the nearest lots count consents): the kinds are said
                long refusals = rows.stream().filter(r -> "refusal".equals(r.kind())).count();
                long consents = rows.size() - refusals;
                cli.out.printf("Lot %s%s: %d record%s%s%n", shown, product == null ? "" : " of " + product, rows.size(),
                        rows.size() == 1 ? "" : "s", refusals == 0 ? "" : " (" + consents + " consent"
                                + (consents == 1 ? "" : "s") + ", " + refusals + " informed refusal"
                                + (refusals == 1 ? "" : "s") + ")");
                for (var r : rows) {
                    cli.out.printf("%s  %s  %s（%s）  tel %s  %s  consultation %s  physician %s  status %s  "
                                    + "document %s%s%s%s%n", r.patientNumber(), r.patientName(),
                            r.patientKana() == null ? "" : r.patientKana(), r.patientBirth(),
                            r.patientPhone() == null ? "—" : r.patientPhone(),
                            r.patientAddress() == null ? "" : r.patientAddress(),
                            r.consultationAt().equals(org.exoconsent.records.RecordRow.UNREADABLE)
                                    ? r.consultationAt() : r.consultationAt().substring(0, 10), r.physicianName(), r.status(), r.id(),
                            r.correctedBy() == null ? "" : "  (corrected by " + r.correctedBy() + ")",
                            r.lotNumber().equals(shown) ? "" : "  (lot recorded as " + r.lotNumber() + ")",
                            // issue 16 §5: listed with its kind, never taken for a treatment given
                            "refusal".equals(r.kind()) ? "  (informed refusal: the patient declined this treatment "
                                    + "after the explanation)" : "");
                }
                // a near-identical spelling (one slip away, or the same number of another product) never hides
                // silently: named after the list
                near.describeClose().forEach(cli.out::println);
                // a damaged row is listed (a patient of the lot never disappears), then named: exit 1
                List<String> damage = rows.stream().flatMap(r -> r.damage().stream()).distinct().toList();
                ExportCommand.damaged(cli, damage, "recall");
                return damage.isEmpty() ? ExitCodes.OK : ExitCodes.NOT_INTACT;
            });
        }
    }
}
