package org.exoconsent.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.records.KeyRefusedException;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.usecases.RecordConsent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record consent sessions as the wizard's \"sign and save\" does: check completeness, render, "
                + "sign, archive, index and audit. Each file is recorded or refused on its own; the exit code is "
                + "non-zero if any was refused.")
final class RecordCommand implements Callable<Integer> {
    @ParentCommand
    ExoConsentCli root;

    @Option(names = "--session", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Session JSON files (several may follow one --session); an informed refusal's file "
                    + "(\"kind\": \"informed-refusal\", docs/SESSION.md) is recorded as its own kind of record.")
    List<Path> sessions;

    @Mixin
    TemplateOptions templates;

    @Mixin
    KeyOptions keyOptions;

    @Override
    public Integer call() {
        Prewarm.start(); // while the password is checked
        RecordConsent recording = new RecordConsent(new CommandOpening(root, null, Permission.CONSULT),
                keyOptions.source(root)); // refused by the use case unless registered and current (docs/SIGNING.md)
        RecordConsent.Tally tally;
        try {
            tally = recording.recordBatch(sessions, templates::forSession, new RecordConsent.Outcomes() {
                @Override
                public void recorded(Path file, RecordStore.Recorded r) {
                    root.out.printf("%s: recorded %s → %s%n", file, r.id(), r.document());
                }

                @Override
                public void refused(Path file, String message) {
                    root.err.println(message);
                }
            });
        } catch (RecordConsent.Stopped stopped) {
            Throwable e = stopped.getCause();
            if (e instanceof KeyRefusedException) {
                root.err.println(e.getMessage());
                root.err.printf("%d recorded before the refusal; nothing more was recorded.%n", stopped.recorded());
                return ExitCodes.INVALID_INPUT;
            } else if (e instanceof StoreException se) {
                root.err.println(se.getMessage());
                if (se instanceof org.exoconsent.records.StoreUnreachableException) {
                    root.err.printf("%d recorded before the connection was lost; nothing more was recorded.%n",
                            stopped.recorded());
                }
                return ExitCodes.of(se);
            } else if (e instanceof KeyException) {
                root.err.println(e.getMessage());
                root.err.println("Nothing more was recorded.");
                return ExitCodes.ENVIRONMENT;
            }
            root.err.println("exoconsent: " + e.getMessage()); // a template folder that cannot be read
            return ExitCodes.ENVIRONMENT;
        }
        if (tally.damaged() > 0) {
            root.out.printf("%d recorded, %d refused (%d of them because the store is damaged, as named above)%n",
                    tally.recorded(), tally.refused(), tally.damaged());
            return ExitCodes.NOT_INTACT; // the store's damage outweighs a bad file (README, exit codes)
        }
        root.out.printf("%d recorded, %d refused%n", tally.recorded(), tally.refused());
        return tally.refused() == 0 ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
    }
}
