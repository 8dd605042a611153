package org.exoconsent.usecases;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.NearestLots;
import org.exoconsent.records.Permission;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.BundledTemplates;
import org.exoconsent.template.ConsentTemplate;

/**
 * Reading the records (issue 15 §1, docs/ARCHITECTURE.md "Use cases"): the records screen's pages and counts, its
 * opening, a record's PDF, the lots near a lot that found nothing, the overview, and the start form's patient search.
 * Each call opens the store as the signed-in person and checks its permission before any work
 * ({@link Permission#VIEW_RECORDS}: a physician sees only their own patients' records; the patient search:
 * {@link Permission#CONSULT}); a refusal is audited {@code access-refused}. What shows a patient's data is audited by
 * the store ({@code records-viewed}, {@code record-opened}, {@code overview-viewed}, {@code patient-search}).
 * Readers run beside the writer (issue 15 §2).
 */
public final class RecordQueries {
    /** The most rows one page may hold: a page is what a screen shows, not an export. */
    public static final int MAX_PAGE = 1000;

    private final StoreOpening opening;

    /** @param opening opens the store as the signed-in person */
    public RecordQueries(StoreOpening opening) {
        this.opening = opening;
    }

    /**
     * Queries as the person signed in on the app: the store is opened (purpose {@code "app: …"}) for each call and
     * closed after it.
     *
     * @param clock where the time of the audit entries comes from (the clinic's zone comes from the store)
     */
    public static RecordQueries asSignedIn(DataDirectory dir, Clock clock, Principal who) {
        return new RecordQueries(StoreOpening.asSignedIn(dir, clock, who));
    }

    /** As {@link #asSignedIn(DataDirectory, Clock, Principal)}, on the store this device is set to (issue 17 §1). */
    public static RecordQueries asSignedIn(StoreOpenings store, Principal who) {
        return new RecordQueries(store.asSignedIn(who));
    }

    /**
     * One page of the records {@code filter} selects, the total they number, and, for a lot filter, what the lot may
     * have been meant as, all read in one opening.
     *
     * @param near for a filter with a lot: whether it exists and the nearest lot numbers ({@link RecordStore#NEAREST_LOTS}
     *             of them); else null
     */
    public record Page(List<RecordRow> rows, long total, NearestLots near) {
        public Page {
            rows = List.copyOf(rows);
        }
    }

    /**
     * Rows {@code offset} to {@code offset + limit} of the records {@code filter} selects, newest first, with their
     * count ({@link RecordStore#list}, {@link RecordStore#count(RecordFilter)}); audited by the store.
     *
     * @throws RefusedException when {@code offset} is negative or {@code limit} is not 1 to {@link #MAX_PAGE} (named,
     *                          before the store is opened)
     * @throws StoreException   when the person may not see records (audited) or the store fails
     */
    public Page page(RecordFilter filter, int offset, int limit) throws StoreException {
        if (offset < 0) {
            throw new RefusedException("offset: " + offset + " is negative");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new RefusedException("limit: " + limit + " is not 1 to " + MAX_PAGE);
        }
        try (RecordStore store = opening.open("records")) {
            store.requireRole(Permission.VIEW_RECORDS, null); // before any work, audited when refused
            RecordStore.Listed listed = store.listWithTotal(filter, offset, limit); // rows and total: one snapshot
            NearestLots near = filter.lot() != null
                    ? store.nearestLots(filter.lot(), filter.product(), RecordStore.NEAREST_LOTS) : null;
            return new Page(listed.rows(), listed.total(), near);
        }
    }

    /**
     * Whether a lot that found no consent exists, and the {@code limit} lot numbers nearest to it (issue 14 §5;
     * {@link RecordStore#nearestLots}). Not audited: it shows no patient's data.
     *
     * @throws RefusedException when {@code lot} is blank or {@code limit} is not positive
     * @throws StoreException   when the person may not see records (audited) or the store fails
     */
    public NearestLots nearestLots(String lot, String product, int limit) throws StoreException {
        if (lot == null || lot.isBlank()) {
            throw new RefusedException("lot: give a lot number");
        }
        if (limit < 1) {
            throw new RefusedException("nearest lots: " + limit + " is not a positive number");
        }
        try (RecordStore store = opening.open("nearest lots")) {
            store.requireRole(Permission.VIEW_RECORDS, null); // before any work, audited when refused
            return store.nearestLots(lot, product, limit);
        }
    }

    /**
     * What the records screen starts with: the catalog (for the filters), the active version of the exosome therapy
     * template (for the names of purposes) and the clinic's clock (in the clinic's time zone).
     */
    public record Opening(RecordStore.CatalogView catalog, ConsentTemplate template, ClinicClock clock) {
    }

    /**
     * The records screen's opening, in one opening of the store.
     *
     * @throws StoreException when the person may not see records (audited) or the store fails
     */
    public Opening opening() throws StoreException {
        try (RecordStore store = opening.open("records screen")) {
            store.requireRole(Permission.VIEW_RECORDS, null); // before any work, audited when refused
            return new Opening(store.catalog(), store.activeTemplate(BundledTemplates.EXOSOME_THERAPY),
                    store.clinicClock());
        }
    }

    /**
     * The archived PDF of record {@code id}, to open or print ({@link RecordStore#pdf}); audited {@code record-opened}.
     *
     * @throws RefusedException when {@code id} is blank or names no record this person may reach
     * @throws StoreException   when the person may not see records (audited) or the store fails
     */
    public Path pdf(String id) throws StoreException {
        if (id == null || id.isBlank()) {
            throw new RefusedException("record: give the document id of the record to open");
        }
        try (RecordStore store = opening.open("open a record")) {
            store.requireRole(Permission.VIEW_RECORDS, null); // before any work, audited when refused
            return store.pdf(id);
        }
    }

    /**
     * The overview and the template version that names its check questions.
     *
     * @param overview consents and withdrawals per month, and how often each check question was answered right the
     *                 first time, of the records this person may see
     * @param template the active version of the exosome therapy template
     */
    public record Overview(RecordStore.Overview overview, ConsentTemplate template) {
    }

    /**
     * The clinic at a glance ({@link RecordStore#overview}), in one opening; audited {@code overview-viewed}.
     *
     * @throws StoreException when the person may not see records (audited) or the store fails
     */
    public Overview overview() throws StoreException {
        try (RecordStore store = opening.open("overview")) {
            store.requireRole(Permission.VIEW_RECORDS, null); // before any work, audited when refused
            return new Overview(store.overview(), store.activeTemplate(BundledTemplates.EXOSOME_THERAPY));
        }
    }

    /**
     * Patients of earlier consents whose number, name or kana matches {@code text}, at most {@code limit}, for the
     * start form's "existing patient" ({@link RecordStore#findPatients}); audited by the store. Needs
     * {@link Permission#CONSULT}.
     *
     * @throws RefusedException when {@code limit} is not 1 to {@link #MAX_PAGE}
     * @throws StoreException   when the person may not run consultations (audited) or the store fails
     */
    public List<RecordStore.KnownPatient> findPatients(String text, int limit) throws StoreException {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new RefusedException("limit: " + limit + " is not 1 to " + MAX_PAGE);
        }
        try (RecordStore store = opening.open("patient search")) {
            store.requireRole(Permission.CONSULT, null); // before any work, audited when refused
            return store.findPatients(text, limit);
        }
    }
}
