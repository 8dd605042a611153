package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.exoconsent.consent.SessionException;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.records.AlreadyRecordedException;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.TemplateException;
import org.exoconsent.usecases.RenderDocument;
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

    @Option(names = "--session", required = true, paramLabel = "FILE", description = "The session JSON, or an "
            + "informed refusal's JSON (\"kind\": \"informed-refusal\", docs/SESSION.md).")
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
        if (OutputPaths.existing(root, out, overwrite)) {
            return ExitCodes.ENVIRONMENT;
        }
        RenderDocument rendering = new RenderDocument(new CommandOpening(root, null, Permission.CONSULT),
                keyOptions.source(root), root.clock, "ExoConsent " + ExoConsentCli.version());
        RenderDocument.Rendered r;
        try {
            r = rendering.render(session, templates::forSession, templates.templates == null, pdf -> {
                AtomicFiles.write(out, pdf, overwrite, root.localDataDir(), "The rendered PDF");
                return out;
            });
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
        } catch (AlreadyRecordedException e) {
            root.err.println(e.getMessage());
            return ExitCodes.INVALID_INPUT;
        } catch (KeyException e) {
            root.err.println(e.getMessage());
            root.err.println("No PDF was written.");
            return ExitCodes.ENVIRONMENT;
        } catch (RenderDocument.NotWritten e) {
            if (e.getCause() instanceof RefusedException) {
                root.err.println(e.getMessage());
                return ExitCodes.INVALID_INPUT;
            } else if (e.getCause() instanceof FileAlreadyExistsException) {
                root.err.println(out + ": already exists; nothing was written");
                return ExitCodes.ENVIRONMENT;
            }
            root.err.println(out + ": cannot be written: " + e.getMessage());
            return ExitCodes.ENVIRONMENT;
        } catch (StoreException e) {
            root.err.println(e.getMessage());
            return ExitCodes.of(e);
        }
        root.out.printf("%s: signed %s for %s, %d bytes, SHA-256 %s (not an archived record: every page says "
                + "so)%n", out, r.refusal() ? "informed refusal" : "consent", r.session().patient().name(), r.bytes(),
                r.sha256());
        root.out.printf("  signed by %s%s%n", r.key().certificate().getSubjectX500Principal().getName(),
                r.key().selfSigned() ? " (self-signed key of " + (root.localDataDir() != null ? root.localDataDir()
                        : "this device, in " + root.deviceKeyFolder()) + ")" : "");
        if (r.otherClinic() != null) { // the document prints the session's clinic: said (README trial)
            root.err.println("Note: " + session + " names the clinic '" + (r.session().clinic() == null ? ""
                    : r.session().clinic().name()) + "', and the document prints it; this store's clinic profile is '"
                    + r.otherClinic() + "'. A consultation started in the app takes the profile's.");
        }
        if (r.keyProblem() != null) { // a rendered PDF is no record, but the clinic should know (README trial)
            root.err.println("Warning: " + r.keyProblem() + ": verify --data-dir calls this document not the "
                    + "clinic's, and this key cannot sign a record (exoconsent keys show lists the keys that can)");
        }
        return ExitCodes.OK;
    }
}
