package org.exoconsent.ui.records;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.usecases.ExportRecords;
import org.exoconsent.usecases.RecordQueries;
import org.exoconsent.usecases.VerifyRecords;
import org.exoconsent.usecases.StoreOpenings;
import org.exoconsent.usecases.WithdrawConsent;

/**
 * What the manager's records screen needs, each call as the signed-in person through the use cases
 * ({@link RecordQueries}, {@link VerifyRecords}, {@link ExportRecords}: each checks the permission before any work;
 * the store audits). The store is opened only for the moment it is used. Slow: call off the FX thread.
 */
public class RecordsService {
    private final StoreOpenings store;
    private final Principal who;

    /**
     * @param store the store this device is set to (a data directory or a PostgreSQL store, issue 17 §1)
     * @param who   the person signed in; the store checks their roles on every use
     */
    public RecordsService(StoreOpenings store, Principal who) {
        this.store = store;
        this.who = who;
    }

    /** Where the store is (a data directory or a PostgreSQL server), for the screen to say a failure in its words. */
    public org.exoconsent.records.StoreLocation location() {
        return store.location();
    }

    /** As {@link #RecordsService(StoreOpenings, Principal)} on the data directory {@code dir}. */
    public RecordsService(DataDirectory dir, Clock clock, Principal who) {
        this(StoreOpenings.of(dir, clock), who);
    }

    /**
     * One page and the total count, and for a lot filter what the lot may have been meant as (else null), read
     * together ({@link RecordQueries#page}).
     */
    public record Page(List<RecordRow> rows, long total, org.exoconsent.records.NearestLots near) {
    }

    public Page page(RecordFilter filter, int offset, int limit) throws StoreException {
        RecordQueries.Page p = queries().page(filter, offset, limit);
        return new Page(p.rows(), p.total(), p.near());
    }

    /**
     * What the screen starts with: the catalog (for the filters), the active template (for the names of purposes)
     * and the clinic's clock (the store's, in the clinic's time zone).
     */
    public record Opening(RecordStore.CatalogView catalog, ConsentTemplate template, ClinicClock clock) {
    }

    public Opening opening() throws StoreException {
        RecordQueries.Opening o = queries().opening();
        return new Opening(o.catalog(), o.template(), o.clock());
    }

    /** One record's check ({@link VerifyRecords#one}): null when intact, else its problems. */
    public String verifyOne(String id) throws StoreException {
        return VerifyRecords.asSignedIn(store, who).one(id);
    }

    /** The whole store's check ({@link VerifyRecords#all}), with progress. */
    public RecordStore.Verification verifyAll(RecordStore.Progress progress) throws StoreException {
        return VerifyRecords.asSignedIn(store, who).all(progress, null);
    }

    public Path pdf(String id) throws StoreException {
        return queries().pdf(id);
    }

    /** Whether a lot that found no consent exists, and the lot numbers nearest to it (issue 14 §5). */
    public org.exoconsent.records.NearestLots nearestLots(String lot, String product, int limit)
            throws StoreException {
        return queries().nearestLots(lot, product, limit);
    }

    /** Every consent that used the lot ({@link ExportRecords#recall}). */
    public List<RecordRow> recall(String lot, String product) throws StoreException {
        return exports().recall(lot, product, RecordStore.NEAREST_LOTS).rows();
    }

    /**
     * The export ({@link ExportRecords#export}), never replacing a file; {@code headers} for an xlsx or csv; with the
     * last whole-store check for the formats that do not verify.
     */
    public ExportRecords.Export export(RecordStore.ExportFormat format, RecordFilter filter, Path out,
                                       org.exoconsent.records.ExportHeaders headers, RecordStore.Progress progress,
                                       BooleanSupplier cancelled) throws StoreException {
        return exports().export(format, filter, out, false, headers, progress, cancelled);
    }

    /**
     * The newest whole-store {@code records verify} of the audit trail and its time on screen (the clinic's zone;
     * null when never verified): what a CSV, Excel or JSON export, which does not verify, tells the manager.
     */
    public record LastCheck(org.exoconsent.records.LastVerification last, String at) {
        /** The export's last check, or null when it has none (a ZIP verifies itself). */
        static LastCheck of(ExportRecords.Export e) {
            return e.last() == null ? null : new LastCheck(e.last(), e.clock().onScreen(e.last().at()));
        }
    }

    /** The newest {@code limit} entries of the audit trail the filter selects (audited by the store). */
    public org.exoconsent.records.AuditTrail.View auditTrail(org.exoconsent.records.AuditTrail.Filter filter,
                                                             int limit) throws StoreException {
        return exports().auditTrail(filter, limit);
    }

    /** Every entry the filter selects, to FILE.csv or FILE.pdf (an existing file is not replaced). */
    public org.exoconsent.records.AuditTrail.Exported exportAuditTrail(org.exoconsent.records.AuditTrail.Filter filter,
                                                                       Path out, String language)
            throws StoreException {
        return exports().exportAuditTrail(filter, out, false, language);
    }

    private RecordQueries queries() {
        return RecordQueries.asSignedIn(store, who);
    }

    private ExportRecords exports() {
        return ExportRecords.asSignedIn(store, who);
    }

    /**
     * Records a withdrawal (no handwritten signature: received by the clinic) through {@link WithdrawConsent},
     * signed with the data directory's key, as consents are; refusals as {@link WithdrawConsent#withdraw} throws.
     *
     * @throws StoreException also when the signing key cannot be opened (the message says so)
     */
    public RecordStore.Recorded withdraw(String id, LocalDate date, String reason, String receivedBy)
            throws StoreException {
        try {
            return WithdrawConsent.asSignedIn(store, who).withdraw(id, date, reason, receivedBy, null);
        } catch (KeyException e) {
            throw new StoreException("the signing key cannot be opened: " + e.getMessage(), e);
        }
    }

    /** The patient's copy and take-home card, as the same signed-in person. */
    public org.exoconsent.ui.copy.PatientCopyService patientCopies() {
        return new org.exoconsent.ui.copy.PatientCopyService(store, who);
    }

    public Principal principal() {
        return who;
    }
}
