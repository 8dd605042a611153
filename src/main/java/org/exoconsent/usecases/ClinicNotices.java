package org.exoconsent.usecases;

import java.util.List;
import org.exoconsent.records.BackupReminder;
import org.exoconsent.records.Permission;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Settings;
import org.exoconsent.records.StoreException;

/**
 * What the signed-in person is told when the home screen is shown (issue 15 §1): the clinic's settings and the
 * notices their roles call for, read in one opening of the store. Needs {@link Permission#READ_CATALOG} (anyone
 * signed in), checked before anything is read (a refusal is audited {@code access-refused}); each notice is read
 * only for the roles that act on it.
 */
public final class ClinicNotices {
    /**
     * The notices; each part null when it could not be read (a face keeps it hidden), or when the person's roles do
     * not call for it.
     *
     * @param settings  the clinic's settings
     * @param templates for whoever manages templates ({@link Permission#MANAGE_TEMPLATES}): the active template
     *                  versions found to contain errors, or superseded by a newer bundled version (issue 10)
     * @param texts     for whoever manages the catalog ({@link Permission#MANAGE_CATALOG}): the texts each offered
     *                  language still lacks (issue 12 §2)
     * @param backup    for whoever may back up ({@link Permission#BACKUP}): the reminder when the last backup is
     *                  older than the clinic's {@code backup-reminder-days} (issue 13 §5); null also when none is due
     * @param evidence  for whoever verifies records or keeps the settings: what is wrong with the audit trail's head
     *                  or the clinic's anchor (issue 13 §3)
     */
    public record Notices(Settings settings, List<RecordStore.TemplateNotice> templates,
                          List<RecordStore.MissingTexts> texts, BackupReminder backup, List<String> evidence) {
    }

    /** A read of one part, inside the one opening. */
    private interface Read<T> {
        T read() throws StoreException;
    }

    private final StoreOpening opening;

    /** @param opening opens the store as the signed-in person */
    public ClinicNotices(StoreOpening opening) {
        this.opening = opening;
    }

    /**
     * Reads the settings and notices in one opening (purpose {@code home}); a part that cannot be read is null and
     * the others are still read.
     *
     * @param language the screen's language (the template corrections are said in it), {@code ja} or {@code en}
     * @throws StoreException when the store cannot be opened, or the person may not read the catalog
     */
    public Notices read(String language) throws StoreException {
        try (RecordStore store = opening.open("home")) {
            store.requireRole(Permission.READ_CATALOG, null); // before any work, audited when refused
            Principal who = store.principal();
            // the evidence first, as the store found it when it opened: a later read may append to the audit trail
            // (a bundled template version registered), and an anchor out of reach would then be said as one that
            // cannot be written
            List<String> evidence = who.may(Permission.VERIFY_RECORDS) || who.may(Permission.MANAGE_SETTINGS)
                    ? part(store::headNotices) : null;
            return new Notices(
                    part(store::settings),
                    who.may(Permission.MANAGE_TEMPLATES) ? part(() -> store.templateNotices(language)) : null,
                    who.may(Permission.MANAGE_CATALOG) ? part(store::textNotices) : null,
                    who.may(Permission.BACKUP) ? part(store::backupReminder) : null,
                    evidence);
        }
    }

    private static <T> T part(Read<T> read) {
        try {
            return read.read();
        } catch (StoreException | RuntimeException e) {
            return null; // this part stays hidden; the others are shown
        }
    }
}
