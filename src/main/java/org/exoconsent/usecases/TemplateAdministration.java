package org.exoconsent.usecases;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.records.TemplateLibrary;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;

/**
 * The clinic's consent template versions (issue 15 §1; the administration screen's templates tab): listing,
 * importing a checked folder as a new version, activating a version for new consultations, and the leaflet to read
 * at home. Importing and activating need {@link Permission#MANAGE_TEMPLATES} (administrators), reading
 * {@link Permission#READ_CATALOG}; each is checked before any work (a refusal is audited {@code access-refused}); the
 * store audits each change in the transaction that makes it.
 */
public final class TemplateAdministration {
    /**
     * The clinic's library.
     *
     * @param versions every version, highest first, the active one marked
     * @param clock    the clinic's clock (its zone shows when each was added)
     */
    public record Library(List<TemplateLibrary.Version> versions, ClinicClock clock) {
    }

    /**
     * A version made active.
     *
     * @param version       the version, as the library now holds it
     * @param alreadyActive whether it was the active one before
     * @param today         the clinic's date today (an effective date after it is said)
     */
    public record Activated(TemplateLibrary.Version version, boolean alreadyActive, LocalDate today) {
    }

    /**
     * One version with its text.
     *
     * @param version  the library's row: dates, whether chosen, whether found to contain errors
     * @param template the template itself (its corrections, its languages)
     */
    public record Shown(TemplateLibrary.Version version, ConsentTemplate template) {
    }

    private final StoreOpening opening;

    /** @param opening opens the store as the signed-in person */
    public TemplateAdministration(StoreOpening opening) {
        this.opening = opening;
    }

    /** Every version the clinic holds, highest first, the active one marked, with the clinic's clock. */
    public Library library() throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.READ_CATALOG, "templates list")) {
            return new Library(store.templates(), store.clinicClock());
        }
    }

    /** Version {@code version} of template {@code id} with its text, or null when the clinic does not have it. */
    public Shown show(String id, String version) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.READ_CATALOG, "templates show")) {
            TemplateLibrary.Version v = store.templateVersion(id, version);
            return v == null ? null : new Shown(v, store.template(id, version));
        }
    }

    /**
     * Checks {@code folder} with every rule and adds it as a new version, not used until activated.
     *
     * @throws TemplateException when the folder breaks a rule (each problem names its file, line and field)
     * @throws StoreException    when refused (a version the clinic already holds with other text) or failing
     */
    public TemplateLibrary.Version importVersion(Path folder) throws StoreException, TemplateException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_TEMPLATES, "templates import")) {
            return store.importTemplate(folder);
        }
    }

    /**
     * Makes {@code version} of template {@code id} the one new consultations use; drafts and records keep theirs.
     *
     * @throws org.exoconsent.records.RefusedException naming a version the clinic does not hold or one found to
     *                                                 contain errors
     */
    public Activated activate(String id, String version) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_TEMPLATES, "templates activate")) {
            boolean already = store.templates().stream().anyMatch(x -> x.active() && x.id().equals(id)
                    && x.version().equals(version));
            TemplateLibrary.Version v = store.activateTemplate(id, version);
            return new Activated(v, already, store.clinicClock().today());
        }
    }

    /**
     * Writes a leaflet to read at home for {@code version} of {@code id} ({@link RecordStore#leaflet}; audited
     * {@code leaflet-printed}).
     *
     * @param version the version, or null for the one new consultations use
     * @param product a product name of the catalog, or null for every product
     * @param route   the route, or null for every route
     * @return the number of bytes written
     */
    public long leaflet(String id, String version, String language, String product, ConsentSession.Route route,
                        Path out, boolean overwrite) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.READ_CATALOG, "templates leaflet")) {
            return store.leaflet(id, version, language, product, route, out, overwrite);
        }
    }
}
