package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.records.Permission;
import org.exoconsent.records.StoreException;
import org.exoconsent.usecases.PrepareConsultation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code exoconsent confirm --session FILE}: the physician, signed in with their own password, confirms the treatment
 * of a prepared consultation before its explanation begins (issue 11 §2; MHLW 医政発0815第21号). The store audits
 * {@code treatment-confirmed}; the session file gets {@code confirmedBy} (and {@code preparedBy}, when nobody else
 * prepared it). Recording later requires that audit entry. Refused (exit 3) for a session whose explanation has
 * begun, and (exit 5) for anyone but the session's physician; the file is then left as it was. The work is
 * {@link PrepareConsultation#confirmAsSignedIn}; this command reads and writes the session file.
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
        PrepareConsultation.Confirmed c;
        try {
            c = new PrepareConsultation(new CommandOpening(root, "confirm", Permission.CONSULT))
                    .confirmAsSignedIn(s);
        } catch (IllegalArgumentException e) { // the explanation has begun: refused before signing in
            root.err.println(session + ": " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        } catch (StoreException e) {
            root.err.println(e.getMessage());
            return ExitCodes.of(e);
        }
        try {
            AtomicFiles.write(session, SessionJson.write(c.session()), true, root.localDataDir(), "The session file");
            root.out.printf("%s: treatment confirmed by %s (licence %s) at %s%n", session, c.by().name(),
                    c.by().licenceNumber(), c.at());
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
