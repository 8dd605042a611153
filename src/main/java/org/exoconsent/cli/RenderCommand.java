package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.pdf.ConsentDocuments;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.BundledTemplates;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Check a consent session, render it as a PDF and sign it digitally (physician or staff; "
                + "audited, but not recorded: use 'record' for that). An incomplete session is refused with "
                + "everything that is missing, and no PDF is written.",
            "Every page of the PDF says that it is not an archived record. A session whose document id is already "
                    + "recorded is refused, and the PDF is never written inside the data directory."})
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
        if (OutputPaths.refused(root, out, "The rendered PDF")) {
            return ExitCodes.INVALID_INPUT;
        }
        if (Files.exists(out) && !overwrite) {
            root.err.println(out + ": already exists; nothing was written (choose another file or pass --overwrite)");
            return ExitCodes.ENVIRONMENT;
        }
        // laid out early in the zone most clinics use; laid out again below if the clinic's own zone differs
        ConsentDocuments documents = documents(ClinicClock.of(root.clock, ClinicClock.DEFAULT_ZONE));
        // signing a consent with the clinic's key is a consultation's work: only a physician or staff may. The
        // password check (Argon2id) runs on a second thread while this one lays the session out; nothing is
        // written, and nothing of the data directory is read here, before the sign-in has succeeded.
        FutureTask<RecordStore> signIn = new FutureTask<>(() -> StoreOptions.open(root, "render",
                Permission.CONSULT));
        Thread signing = new Thread(signIn, "exoconsent-sign-in");
        signing.setDaemon(true);
        signing.start();
        ConsentDocuments.Unsigned early = layOutEarly(documents);
        RecordStore opened;
        try {
            opened = signIn.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException se) {
                root.err.println(se.getMessage());
                return ExitCodes.of(se);
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re; // as if the sign-in had run on this thread
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.ENVIRONMENT;
        }
        try (RecordStore store = opened) {
            ClinicClock clock = store.clinicClock();
            if (!clock.zone().equals(documents.clock().zone())) {
                // the clinic keeps another time zone: every time is checked and printed in it
                documents = documents(clock);
                early = null;
            }
            return render(store, documents, early);
        } catch (StoreException e) {
            root.err.println(e.getMessage());
            return ExitCodes.of(e);
        }
    }

    /** Documents marked on every page as not archived: a rendered PDF must never pass for the record. */
    private static ConsentDocuments documents(ClinicClock clock) {
        return ConsentDocuments.notArchived("ExoConsent " + ExoConsentCli.version(), clock);
    }

    /**
     * The session laid out with the program's own copy of the template it names, if there is one, so that the
     * work overlaps the sign-in. Used only when the clinic's library holds the very same text (same SHA-256);
     * any problem is left to the normal path, which reports it after the sign-in.
     */
    private ConsentDocuments.Unsigned layOutEarly(ConsentDocuments documents) {
        if (templates.templates != null) {
            return null;
        }
        try {
            ConsentSession s = SessionJson.read(session);
            ConsentSession.TemplateRef ref = s.template();
            for (ConsentTemplate t : BundledTemplates.all()) {
                if (ref != null && t.id().equals(ref.id()) && t.version().equals(ref.version())) {
                    return documents.render(s, t, session.toString());
                }
            }
        } catch (SessionException | TemplateException | IOException | RuntimeException e) {
            // reported by the normal path
        }
        return null;
    }

    private int render(RecordStore store, ConsentDocuments documents, ConsentDocuments.Unsigned early)
            throws StoreException {
        ConsentSession s;
        ConsentTemplate t;
        ConsentDocuments.Unsigned unsigned;
        try {
            s = early != null ? early.session() : SessionJson.read(session);
            t = templates.forSession(s, session, store);
            // refuse an incomplete session before anything is created (such as a first signing key)
            unsigned = early != null && early.template().sha256().equals(t.sha256()) ? early
                    : documents.render(s, t, session.toString());
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
        try {
            // a second signed document with a recorded id, perhaps for another patient, would imitate the record
            store.refuseIfRecorded(s, session.toString());
        } catch (org.exoconsent.records.AlreadyRecordedException e) {
            root.err.println(session + ": document " + s.id() + " is already recorded: render does not sign a "
                    + "second document with a recorded document id (the archived record is the signed original; "
                    + "its copy is given from the records screen); no PDF was written");
            return ExitCodes.INVALID_INPUT;
        }
        String clinicName = s.clinic() != null && s.clinic().name() != null ? s.clinic().name() : "Clinic";
        SigningKey key;
        try {
            key = keyOptions.load(store, clinicName, root.env, root.err);
        } catch (KeyException e) {
            root.err.println(e.getMessage());
            root.err.println("No PDF was written.");
            return ExitCodes.ENVIRONMENT;
        }
        byte[] pdf = documents.sign(unsigned, key);
        String sha256 = RecordStore.sha256(pdf);
        try {
            AtomicFiles.write(out, pdf, overwrite, root.dataDir(), "The rendered PDF");
        } catch (org.exoconsent.records.RefusedException e) {
            root.err.println(e.getMessage());
            return ExitCodes.INVALID_INPUT;
        } catch (FileAlreadyExistsException e) {
            root.err.println(out + ": already exists; nothing was written");
            return ExitCodes.ENVIRONMENT;
        } catch (IOException e) {
            root.err.println(out + ": cannot be written: " + e.getMessage());
            return ExitCodes.ENVIRONMENT;
        }
        com.fasterxml.jackson.databind.node.ObjectNode details = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("outside the records", true).put("file", out.toAbsolutePath().normalize()
                        .toString()).put("sha256", sha256).put("bytes", pdf.length);
        // the entry names the document id and the SHA-256, so a rendered PDF shown later can be told from the record
        store.audit("rendered", s.id(), details.toString());
        root.out.printf("%s: signed consent for %s, %d bytes, SHA-256 %s (not an archived record: every page says "
                + "so)%n", out, s.patient().name(), pdf.length, sha256);
        root.out.printf("  signed by %s%s%n", key.certificate().getSubjectX500Principal().getName(),
                key.selfSigned() ? " (self-signed key of " + root.dataDir() + ")" : "");
        return ExitCodes.OK;
    }

}
