package org.exoconsent.cli;

import java.util.concurrent.Callable;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.usecases.WithdrawConsent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code exoconsent correct}: records a correction of a patient's detail the clinic mistyped (issue 13 §1), a new
 * signed document that refers to the consent, as {@code withdraw} does. Exit 0 when recorded; 3 when refused (an
 * unknown record, a withdrawal document, an unknown field, an unchanged or unacceptable value), nothing written; 4
 * when the signing key cannot be used; 5 for another physician's record.
 */
@Command(name = "correct", mixinStandardHelpOptions = true,
        description = "Correct a patient's detail the clinic mistyped (patient.name, patient.kana, patient.phone, "
                + "patient.address): a new signed document that refers to the consent; the consent stays untouched, "
                + "and lists, recall and exports show the corrected value with the correction's id.")
final class CorrectCommand implements Callable<Integer> {
    @ParentCommand
    ExoConsentCli root;

    @Option(names = "--record", required = true, paramLabel = "ID", description = "The consent's document id.")
    String record;

    @Option(names = "--field", required = true, paramLabel = "FIELD",
            description = "patient.name, patient.kana, patient.phone or patient.address.")
    String field;

    @Option(names = "--value", required = true, paramLabel = "TEXT", description = "The corrected value.")
    String value;

    @Option(names = "--reason", required = true, paramLabel = "TEXT",
            description = "What was wrong, e.g. \"digits swapped when typed\".")
    String reason;

    @Option(names = "--received-by", required = true, paramLabel = "NAME",
            description = "The staff member who received the correction.")
    String receivedBy;

    @Mixin
    KeyOptions keyOptions;

    @Override
    public Integer call() {
        WithdrawConsent correction = new WithdrawConsent(
                new CommandOpening(root, "correct", Permission.WITHDRAW), keyOptions.source(root));
        try {
            RecordStore.Recorded r = correction.correct(record, field, value, reason, receivedBy);
            root.out.printf("%s: %s corrected; correction recorded as %s → %s%n", record, field, r.id(), r.document());
            return ExitCodes.OK;
        } catch (StoreException e) {
            root.err.println(e.getMessage());
            return ExitCodes.of(e);
        } catch (KeyException e) {
            root.err.println(e.getMessage());
            return ExitCodes.ENVIRONMENT;
        }
    }
}
