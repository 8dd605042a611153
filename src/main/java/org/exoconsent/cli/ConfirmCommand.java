package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code exoconsent confirm --session FILE}: the physician, signed in with their own password, confirms the treatment
 * of a prepared consultation before its explanation begins (issue 11 §2; MHLW 医政発0815第21号). The store audits
 * {@code treatment-confirmed}; the session file gets {@code confirmedBy} (and {@code preparedBy}, when nobody else
 * prepared it). Recording later requires that audit entry. Refused (exit 3) for a session whose explanation has
 * begun, and (exit 5) for anyone but the session's physician; the file is then left as it was.
 */
@Command(name = "confirm", mixinStandardHelpOptions = true,
        description = {"The physician confirms the treatment of a prepared consultation (indication, product and lot, "
                + "route, sessions) before its explanation begins: sign in as the physician, with their own password.",
            "Writes confirmedBy into the session file and audits the confirmation; 'record' requires it."})
final class ConfirmCommand implements Callable<Integer> {
    @ParentCommand
    ExoConsentCli root;

    @Option(names = "--session", required = true, paramLabel = "FILE",
            description = "The prepared session JSON (no acknowledgement yet); it is updated in place.")
    Path session;

    @Override
    public Integer call() {
        if (OutputPaths.refused(root, session, "The session file")) {
            return ExitCodes.INVALID_INPUT;
        }
        ConsentSession s;
        try {
            s = SessionJson.read(session);
        } catch (SessionException e) {
            root.err.println(e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        if (!s.acknowledgements().isEmpty() || !s.quiz().isEmpty() || !s.signatures().isEmpty()) {
            root.err.println(session + ": the explanation of this consultation has already begun; the physician "
                    + "confirms the treatment before it (prepare the session again); nothing was changed");
            return ExitCodes.INVALID_INPUT;
        }
        try (RecordStore store = StoreOptions.open(root, "confirm", Permission.CONSULT)) {
            ConsentSession.ConfirmedBy c = store.confirmTreatmentAsSignedIn(s);
            ConsentSession.PreparedBy prepared = s.preparedBy() != null ? s.preparedBy()
                    : new ConsentSession.PreparedBy(c.account(), c.at());
            ConsentSession confirmed = new ConsentSession(s.schemaVersion(), s.id(), s.template(), s.clinic(),
                    s.physician(), s.patient(), s.representative(), s.treatment(), s.previousConsent(),
                    s.lastConsent(), s.startedAt() != null ? s.startedAt() : prepared.at(), prepared, c,
                    s.acknowledgements(), s.quiz(), s.notes(), s.assentNotSigned(), s.signatures());
            AtomicFiles.write(session, SessionJson.write(confirmed), true, root.dataDir(), "The session file");
            root.out.printf("%s: treatment confirmed by %s (licence %s) at %s%n", session, c.name(),
                    c.licenceNumber(), store.clinicClock().format(c.at()));
            return ExitCodes.OK;
        } catch (StoreException e) {
            root.err.println(e.getMessage());
            return ExitCodes.of(e);
        } catch (IOException e) {
            root.err.println(session + ": cannot be written: " + e.getMessage());
            return ExitCodes.ENVIRONMENT;
        }
    }
}
