package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
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

@Command(name = "withdraw", mixinStandardHelpOptions = true,
        description = "Record a withdrawal of consent (同意撤回): a new signed document that refers to the "
                + "original; the original stays untouched and is marked withdrawn.")
final class WithdrawCommand implements Callable<Integer> {
    @ParentCommand
    ExoConsentCli root;

    @Option(names = "--record", required = true, paramLabel = "ID", description = "The consent's document id.")
    String record;

    @Option(names = "--date", required = true, paramLabel = "DATE", description = "The day the patient withdrew.")
    LocalDate date;

    @Option(names = "--reason", required = true, paramLabel = "TEXT",
            description = "The reason as given (write \"not given\" if none).")
    String reason;

    @Option(names = "--received-by", required = true, paramLabel = "NAME",
            description = "The staff member who received the withdrawal.")
    String receivedBy;

    @Option(names = "--signature", paramLabel = "PNG",
            description = "The patient's (or representative's) handwritten signature, if signed in person.")
    Path signature;

    @Mixin
    KeyOptions keyOptions;

    @Override
    public Integer call() {
        String png = null;
        if (signature != null) {
            try {
                png = Base64.getEncoder().encodeToString(org.exoconsent.limits.InputLimits.read(signature,
                        org.exoconsent.limits.InputLimits.MAX_SIGNATURE_PNG_BYTES, "a signature image", true));
            } catch (org.exoconsent.limits.InputLimits.TooLarge e) {
                root.err.println(e.getMessage() + "; nothing was changed");
                return ExitCodes.INVALID_INPUT;
            } catch (IOException e) {
                root.err.println(signature + ": cannot be read: " + e.getMessage() + "; nothing was changed");
                return ExitCodes.INVALID_INPUT;
            }
        }
        WithdrawConsent withdrawal = new WithdrawConsent(
                new CommandOpening(root, "withdraw", Permission.WITHDRAW), keyOptions.source(root));
        try {
            RecordStore.Recorded r = withdrawal.withdraw(record, date, reason, receivedBy, png);
            root.out.printf("%s: withdrawn; withdrawal recorded as %s → %s%n", record, r.id(), r.document());
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
