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
import org.exoconsent.template.BundledTemplates;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.usecases.WithdrawConsent;

/**
 * What the manager's records screen needs from the store, each call as the signed-in person (the store checks
 * the role and audits). The store is opened only for the moment it is used. Slow: call off the FX thread.
 */
public class RecordsService {
    private final DataDirectory dir;
    private final Clock clock;
    private final Principal who;

    public RecordsService(DataDirectory dir, Clock clock, Principal who) {
        this.dir = dir;
        this.clock = clock;
        this.who = who;
    }

    private interface Work<T> {
        T run(RecordStore store) throws StoreException;
    }

    private <T> T with(String purpose, Work<T> work) throws StoreException {
        try (RecordStore store = RecordStore.open(dir, clock, who, "app: " + purpose)) {
            return work.run(store);
        }
    }

    /** One page and the total count, read together. */
    public record Page(List<RecordRow> rows, long total) {
    }

    public Page page(RecordFilter filter, int offset, int limit) throws StoreException {
        return with("records", s -> new Page(s.list(filter, offset, limit), s.count(filter)));
    }

    /**
     * What the screen starts with: the catalog (for the filters), the active template (for the names of purposes)
     * and the clinic's clock (the store's, in the clinic's time zone).
     */
    public record Opening(RecordStore.CatalogView catalog, ConsentTemplate template, ClinicClock clock) {
    }

    public Opening opening() throws StoreException {
        return with("records screen", s -> new Opening(s.catalog(),
                s.activeTemplate(BundledTemplates.EXOSOME_THERAPY), s.clinicClock()));
    }

    public String verifyOne(String id) throws StoreException {
        return with("verify a record", s -> s.verifyOne(id));
    }

    public RecordStore.Verification verifyAll(RecordStore.Progress progress) throws StoreException {
        return with("verify all records", s -> s.verify(progress));
    }

    public Path pdf(String id) throws StoreException {
        return with("open a record", s -> s.pdf(id));
    }

    /** Whether a lot that found no consent exists, and the lot numbers nearest to it (issue 14 §5). */
    public org.exoconsent.records.NearestLots nearestLots(String lot, String product, int limit)
            throws StoreException {
        return with("nearest lots", s -> s.nearestLots(lot, product, limit));
    }

    public List<RecordRow> recall(String lot, String product) throws StoreException {
        return with("lot recall", s -> s.recall(lot, product));
    }

    /** The store's export, never replacing a file; {@code headers} for an xlsx or csv. */
    public RecordStore.Exported export(RecordStore.ExportFormat format, RecordFilter filter, Path out,
                                       org.exoconsent.records.ExportHeaders headers, RecordStore.Progress progress,
                                       BooleanSupplier cancelled) throws StoreException {
        return with("export", s -> s.export(format, filter, out, false, headers, progress, cancelled));
    }

    /**
     * The newest whole-store {@code records verify} of the audit trail and its time on screen (the clinic's zone;
     * null when never verified): what a CSV, Excel or JSON export, which does not verify, tells the manager.
     */
    public record LastCheck(org.exoconsent.records.LastVerification last, String at) {
    }

    public LastCheck lastVerification() throws StoreException {
        return with("last verification", s -> {
            org.exoconsent.records.LastVerification v = s.lastVerification();
            return new LastCheck(v, s.clinicClock().onScreen(v.at()));
        });
    }

    /** The newest {@code limit} entries of the audit trail the filter selects (audited by the store). */
    public org.exoconsent.records.AuditTrail.View auditTrail(org.exoconsent.records.AuditTrail.Filter filter,
                                                             int limit) throws StoreException {
        return with("audit trail", s -> s.auditTrail(filter, limit));
    }

    /** Every entry the filter selects, to FILE.csv or FILE.pdf (an existing file is not replaced). */
    public org.exoconsent.records.AuditTrail.Exported exportAuditTrail(org.exoconsent.records.AuditTrail.Filter filter,
                                                                       Path out, String language)
            throws StoreException {
        return with("audit trail export", s -> s.exportAuditTrail(filter, out, false, language));
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
            return WithdrawConsent.asSignedIn(dir, clock, who).withdraw(id, date, reason, receivedBy, null);
        } catch (KeyException e) {
            throw new StoreException("the signing key cannot be opened: " + e.getMessage(), e);
        }
    }

    /** The patient's copy and take-home card, as the same signed-in person. */
    public org.exoconsent.ui.copy.PatientCopyService patientCopies() {
        return new org.exoconsent.ui.copy.PatientCopyService(dir, clock, who);
    }

    public Principal principal() {
        return who;
    }

    public Path dataDirectory() {
        return dir.root();
    }
}
