package org.exoconsent.usecases;

import java.nio.file.Path;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.records.TemplateLibrary;
import org.exoconsent.template.TemplateException;

/**
 * The clinic's consent template versions (issue 15 §1; the administration screen's templates tab): listing,
 * importing a checked folder as a new version, activating a version for new consultations, and the leaflet to read
 * at home. Importing and activating need {@link Permission#MANAGE_TEMPLATES} (administrators), reading
 * {@link Permission#READ_CATALOG}; each is checked before any work (a refusal is audited {@code access-refused}); the
 * store audits each change in the transaction that makes it.
 */
public final class TemplateAdministration {
    private final StoreOpening opening;

    /** @param opening opens the store as the signed-in person */
    public TemplateAdministration(StoreOpening opening) {
        this.opening = opening;
    }

    /** Every version the clinic holds, highest first, the active one marked. */
    public List<TemplateLibrary.Version> versions() throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.READ_CATALOG, "templates list")) {
            return store.templates();
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
    public TemplateLibrary.Version activate(String id, String version) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_TEMPLATES, "templates activate")) {
            return store.activateTemplate(id, version);
        }
    }

    /**
     * Writes a leaflet to read at home for the version of {@code id} new consultations use
     * ({@link RecordStore#leaflet}; audited {@code leaflet-printed}).
     *
     * @param product a product name of the catalog, or null for every product
     * @param route   the route, or null for every route
     * @return the number of bytes written
     */
    public long leaflet(String id, String language, String product, ConsentSession.Route route, Path out,
                        boolean overwrite) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.READ_CATALOG, "templates leaflet")) {
            return store.leaflet(id, null, language, product, route, out, overwrite);
        }
    }
}
