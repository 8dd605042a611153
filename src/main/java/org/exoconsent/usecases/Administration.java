package org.exoconsent.usecases;

import java.util.List;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.records.Accounts;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Settings;
import org.exoconsent.records.StoreException;
import org.exoconsent.records.TemplateLibrary;

/**
 * What the administration screen shows, read in one opening (issue 15 §1): the accounts, the settings, the clinic
 * profile and catalog, the template versions and the clinic's clock. The changes themselves are
 * {@link AccountAdministration}, {@link SettingsAdministration}, {@link CatalogAdministration},
 * {@link TemplateAdministration} and {@link BackupRestore}. Needs
 * {@link Permission#MANAGE_USERS} (administrators), checked before anything is read (a refusal is audited).
 */
public final class Administration {
    /**
     * The screen's data.
     *
     * @param accounts    every account
     * @param settings    the clinic's settings
     * @param catalog     clinic profile, physicians, products and lots
     * @param templates   the template versions, highest first, the active one marked
     * @param clinicClock the clinic's clock (its zone shows the screen's times), or null when the stored zone is
     *                    unusable (the settings tab shows it)
     */
    public record Screen(List<Accounts.Account> accounts, Settings settings, RecordStore.CatalogView catalog,
                         List<TemplateLibrary.Version> templates, ClinicClock clinicClock) {
    }

    private final StoreOpening opening;

    /** @param opening opens the store as the signed-in person */
    public Administration(StoreOpening opening) {
        this.opening = opening;
    }

    /** Reads the screen's data. */
    public Screen screen() throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_USERS, "administration")) {
            ClinicClock clock;
            try {
                clock = store.clinicClock();
            } catch (StoreException e) { // an unusable stored zone: the settings tab shows it
                clock = null;
            }
            return new Screen(store.users(), store.settings(), store.catalog(), store.templates(), clock);
        }
    }
}
