package org.exoconsent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.exoconsent.records.Permission;
import org.exoconsent.usecases.ExportRecords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "card", mixinStandardHelpOptions = true,
        description = {"Write a consent's take-home card: one A6 page in the patient's language with Japanese "
                + "underneath (treatment date, product and lot, blood-donation advice, the clinic's contact).",
            "The card is the patient's, not a record: it is not signed, and it is never written into the data "
                    + "directory. A withdrawn consent's card is marked with the date of the withdrawal. Needs a "
                    + "sign-in by someone who may see the record (or who recorded the consent today). Audited "
                    + "(card-issued)."})
final class CardCommand implements Callable<Integer> {
    @ParentCommand
    ExoConsentCli root;

    @Option(names = "--record", required = true, paramLabel = "ID", description = "The consent's document id.")
    String record;

    @Option(names = "--out", required = true, paramLabel = "FILE.pdf", description = "Where to write the card.")
    Path out;

    @Option(names = "--overwrite", description = "Replace FILE if it exists.")
    boolean overwrite;

    @Override
    public Integer call() {
        if (out.toString().isBlank()) {
            root.err.println("--out: give the card's file name; nothing was written");
            return ExitCodes.INVALID_INPUT;
        }
        if (OutputPaths.refusedForThePatient(root, out, "The take-home card")) {
            return ExitCodes.INVALID_INPUT;
        }
        if (OutputPaths.existing(root, out, overwrite)) {
            return ExitCodes.ENVIRONMENT;
        }
        return StoreOptions.run(root, Permission.ISSUE_PATIENT_COPY, opening -> {
            Path written = new ExportRecords(opening).saveTakeHomeCard(record, out, overwrite);
            root.out.printf("%s: take-home card of %s (%d bytes)%n", written, record, written.toFile().length());
            return ExitCodes.OK;
        });
    }
}
