package org.exoconsent.bench;

import java.nio.file.Path;
import java.time.Clock;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;

/**
 * For bench/records.sh: the physician signed in ($EXOCONSENT_USER, $EXOCONSENT_PASSWORD) confirms the treatment of
 * every session file given, through the store, as the wizard or {@code exoconsent confirm} would before the
 * explanation, so that {@code record} finds each confirmation in the audit trail (issue 11). Not timed.
 *
 * <p>Usage: {@code java -cp CP org.exoconsent.bench.ConfirmSessions DATA_DIR FILE...}
 */
public final class ConfirmSessions {
    private ConfirmSessions() {
    }

    public static void main(String[] args) throws Exception {
        DataDirectory dir = new DataDirectory(Path.of(args[0]));
        try (RecordStore store = RecordStore.signIn(dir, Clock.systemDefaultZone(), System.getenv("EXOCONSENT_USER"),
                System.getenv("EXOCONSENT_PASSWORD").toCharArray(), "bench: confirm")) {
            for (int i = 1; i < args.length; i++) {
                store.confirmTreatmentAsSignedIn(SessionJson.read(Path.of(args[i])));
            }
        }
        System.out.println((args.length - 1) + " consultations confirmed");
    }
}
