package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.pdf.ConsentDocuments;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Check a consent session, render it as a PDF and sign it digitally (physician or staff; "
                + "audited, but not recorded: use 'record' for that). An incomplete session is refused with "
                + "everything that is missing, and no PDF is written.")
final class RenderCommand implements Callable<Integer> {
    @ParentCommand
    ExoConsentCli root;

    @Option(names = "--session", required = true, paramLabel = "FILE", description = "The session JSON.")
    Path session;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the signed PDF.")
    Path out;

    @Option(names = "--overwrite", description = "Replace FILE if it exists (by default an existing file is kept "
            + "and the command fails).")
    boolean overwrite;

    @Mixin
    TemplateOptions templates;

    @Mixin
    KeyOptions keyOptions;

    @Override
    public Integer call() {
        if (Files.exists(out) && !overwrite) {
            root.err.println(out + ": already exists; nothing was written (choose another file or pass --overwrite)");
            return ExitCodes.ENVIRONMENT;
        }
        Prewarm.start(); // while the password is checked
        // signing a consent with the clinic's key is a consultation's work: only a physician or staff may
        try (RecordStore store = StoreOptions.open(root, "render", Permission.CONSULT)) {
            int exit = render(store);
            if (exit == ExitCodes.OK) {
                store.audit("rendered", out.getFileName().toString(), "{\"outside the records\":true}");
            }
            return exit;
        } catch (StoreException e) {
            root.err.println(e.getMessage());
            return ExitCodes.of(e);
        }
    }

    private int render(RecordStore store) throws StoreException {
        ConsentSession s;
        ConsentTemplate t;
        try {
            s = SessionJson.read(session);
            t = templates.forSession(s, session, store);
            // refuse an incomplete session before anything is created (such as a first signing key)
            CompletenessCheck.require(s, t, root.clock.instant(), session.toString());
        } catch (SessionException e) {
            root.err.println(e.getMessage());
            return ExitCodes.INVALID_INPUT;
        } catch (TemplateException e) {
            root.err.println(e.getMessage());
            root.err.println(session + ": cannot be rendered because its template is invalid; no PDF was written");
            return ExitCodes.INVALID_INPUT;
        } catch (IOException e) {
            root.err.println("exoconsent: " + e.getMessage());
            return ExitCodes.ENVIRONMENT;
        }
        String clinicName = s.clinic() != null && s.clinic().name() != null ? s.clinic().name() : "Clinic";
        SigningKey key;
        try {
            key = keyOptions.load(root.dataDir(), clinicName, root.env, root.err);
        } catch (KeyException e) {
            root.err.println(e.getMessage());
            root.err.println("No PDF was written.");
            return ExitCodes.ENVIRONMENT;
        }
        byte[] pdf;
        try {
            pdf = new ConsentDocuments("ExoConsent " + ExoConsentCli.version(), root.clock)
                    .renderAndSign(s, t, key, session.toString());
        } catch (SessionException e) {
            root.err.println(e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        try {
            AtomicFiles.write(out, pdf, overwrite);
        } catch (FileAlreadyExistsException e) {
            root.err.println(out + ": already exists; nothing was written");
            return ExitCodes.ENVIRONMENT;
        } catch (IOException e) {
            root.err.println(out + ": cannot be written: " + e.getMessage());
            return ExitCodes.ENVIRONMENT;
        }
        root.out.printf("%s: signed consent for %s, %d bytes, SHA-256 %s%n", out, s.patient().name(), pdf.length,
                RecordStore.sha256(pdf));
        root.out.printf("  signed by %s%s%n", key.certificate().getSubjectX500Principal().getName(),
                key.selfSigned() ? " (self-signed key of " + root.dataDir() + ")" : "");
        return ExitCodes.OK;
    }

}
