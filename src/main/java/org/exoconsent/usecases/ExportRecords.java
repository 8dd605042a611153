package org.exoconsent.usecases;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.records.AuditTrail;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.ExportFileNames;
import org.exoconsent.records.ExportHeaders;
import org.exoconsent.records.LastVerification;
import org.exoconsent.records.NearestLots;
import org.exoconsent.records.Permission;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.StoreException;

/**
 * Exporting the records for an audit or inspection (issue 15 §1, docs/ARCHITECTURE.md "Use cases"): an export to
 * XLSX, CSV, JSON or a ZIP bundle ({@code exoconsent export}, the records screen's export), the lot recall
 * ({@code records recall}, the records screen's one-click recall), and the audit trail read and exported for an
 * inspector ({@code audit export}, the audit trail screen). All need {@link Permission#EXPORT} (managers), checked on
 * the opened store before any work (a refusal names what was asked, as the store's own check does, and is audited
 * {@code access-refused}); the work and its audit entry ({@code exported}, {@code lot-recall}, {@code audit-viewed},
 * {@code audit-exported}) are the store's. Exports and recalls read one snapshot beside the writer (issue 15 §2).
 * Also what goes out to the patient: the patient's copy of a signed record and the take-home card, printed or saved
 * outside the data directory ({@link Permission#ISSUE_PATIENT_COPY}; the store checks each record).
 */
public final class ExportRecords {
    private final StoreOpening opening;

    /** @param opening opens the store as the signed-in person */
    public ExportRecords(StoreOpening opening) {
        this.opening = opening;
    }

    /**
     * Exports as the person signed in on the app: the store is opened (purpose {@code "app: …"}) for each call and
     * closed after it.
     *
     * @param clock where the time of the audit entries comes from (the clinic's zone comes from the store)
     */
    public static ExportRecords asSignedIn(DataDirectory dir, Clock clock, Principal who) {
        return new ExportRecords(StoreOpening.asSignedIn(dir, clock, who));
    }

    /** As {@link #asSignedIn(DataDirectory, Clock, Principal)}, on the store this device is set to (issue 17 §1). */
    public static ExportRecords asSignedIn(StoreOpenings store, Principal who) {
        return new ExportRecords(store.asSignedIn(who));
    }

    /**
     * What an export wrote, and what the person is told beside it, read in the same opening of the store.
     *
     * @param exported what was written (for a ZIP, with the verification it ran first)
     * @param nearest  when a lot filter found no record: whether the lot exists and the nearest lot numbers (an empty
     *                 file must not read as "nobody received it", issue 14 §5); else null
     * @param last     for XLSX, CSV and JSON (which do not verify): the newest whole-store {@code records verify};
     *                 null for a ZIP
     * @param clock    the clinic's clock, for the time of {@code last}
     */
    public record Export(RecordStore.Exported exported, NearestLots nearest, LastVerification last,
                         ClinicClock clock) {
    }

    /**
     * Writes the records {@code filter} selects to {@code out}, completely or not at all, and audits it
     * ({@link RecordStore#export(RecordStore.ExportFormat, RecordFilter, Path, boolean, ExportHeaders,
     * RecordStore.Progress, BooleanSupplier)}): a ZIP verifies the whole store first and is still written when it
     * fails ({@link RecordStore.Exported#failedVerification}).
     *
     * @param replace   whether an existing {@code out} is replaced
     * @param headers   the header row and words of an XLSX or CSV export
     * @param progress  records done of the total
     * @param cancelled asked after each record; true stops the export, leaving no file
     * @throws RefusedException                           when {@code out}'s extension contradicts {@code format}
     *                                                    (named, before the store is opened), when {@code out} is
     *                                                    inside the data directory, or when the filter's lot is held
     *                                                    by neither the catalog nor any consent (with the nearest)
     * @throws RecordStore.ExportCancelledException       when cancelled; nothing was written
     * @throws org.exoconsent.records.AccessDeniedException when the person may not export records (audited)
     * @throws StoreException                             when {@code out} exists and is not to be replaced, or the
     *                                                    store or the disk fails
     */
    public Export export(RecordStore.ExportFormat format, RecordFilter filter, Path out, boolean replace,
                         ExportHeaders headers, RecordStore.Progress progress, BooleanSupplier cancelled)
            throws StoreException {
        String contradiction = ExportFileNames.contradiction(format, out);
        if (contradiction != null) {
            throw new RefusedException("--out " + contradiction);
        }
        try (RecordStore store = opening.open("export")) {
            store.require(Permission.EXPORT, "export records"); // before any work, audited when refused
            RecordStore.Exported e = store.export(format, filter, out, replace, headers, progress, cancelled);
            NearestLots nearest = e.records() == 0 && filter.lot() != null
                    ? store.nearestLots(filter.lot(), filter.product(), RecordStore.NEAREST_LOTS) : null;
            LastVerification last = format == RecordStore.ExportFormat.ZIP ? null : store.lastVerification();
            return new Export(e, nearest, last, store.clinicClock());
        }
    }

    /**
     * A lot recall: whether the lot and product are held, the lots near it, and every consent that used it.
     *
     * @param near what the lot may have been meant as, with {@code limit} nearest lot numbers (issue 14 §5)
     * @param rows every consent that used the lot, with the patient's contact data; empty when none did, or when
     *             the product is held by neither the catalog nor any consent ({@link NearestLots#productKnown()}:
     *             then nothing was searched nor audited)
     */
    public record Recall(NearestLots near, List<RecordRow> rows) {
        public Recall {
            rows = List.copyOf(rows);
        }
    }

    /**
     * Every consent that used {@code lot} (of {@code product}, when given), compared after Unicode NFKC, case folding
     * and trimming ({@link RecordStore#recall}); audited {@code lot-recall}.
     *
     * @param product the product, or null for any
     * @param limit   how many of the nearest lot numbers to name
     * @throws RefusedException when {@code lot} is blank or {@code limit} is not positive (named, before the store is
     *                          opened)
     * @throws StoreException   when refused (audited) or the store fails
     */
    public Recall recall(String lot, String product, int limit) throws StoreException {
        if (lot == null || lot.isBlank()) {
            throw new RefusedException("--lot: give the lot number to recall");
        }
        if (limit < 1) {
            throw new RefusedException("nearest lots: " + limit + " is not a positive number");
        }
        try (RecordStore store = opening.open("records recall")) {
            store.require(Permission.EXPORT, "recall a lot"); // before any work, audited when refused
            NearestLots near = store.nearestLots(lot, product, limit);
            if (!near.productKnown()) { // a product nobody holds is not "no consent used the lot"
                return new Recall(near, List.of());
            }
            return new Recall(near, store.recall(lot, product));
        }
    }

    /**
     * The newest {@code limit} entries of the audit trail {@code filter} selects, how many match, and the chain's head
     * and verification ({@link RecordStore#auditTrail}); audited {@code audit-viewed}.
     *
     * @throws RefusedException when {@code limit} is not positive (before the store is opened)
     * @throws StoreException   when refused (audited) or the store fails
     */
    public AuditTrail.View auditTrail(AuditTrail.Filter filter, int limit) throws StoreException {
        if (limit < 1) {
            throw new RefusedException("entries shown: " + limit + " is not a positive number");
        }
        try (RecordStore store = opening.open("audit trail")) {
            store.require(Permission.EXPORT, "read the audit trail"); // before any work, audited when refused
            return store.auditTrail(filter, limit);
        }
    }

    /**
     * Writes the audit trail's entries {@code filter} selects to FILE.csv or FILE.pdf for an inspector, with the
     * chain's head and whether it verifies ({@link RecordStore#exportAuditTrail}); complete or not at all; audited
     * {@code audit-exported}. A chain that does not verify is still written (the file says so; see
     * {@link AuditTrail.Chain#verifies()}).
     *
     * @param language the PDF's headings: {@code ja} or {@code en}
     * @throws RefusedException when {@code language} is neither (named, before the store is opened), or {@code out}
     *                          is inside the data directory, of another extension, or in a missing folder
     * @throws StoreException   when refused (audited), {@code out} exists and is not to be replaced, or the store fails
     */
    public AuditTrail.Exported exportAuditTrail(AuditTrail.Filter filter, Path out, boolean overwrite,
                                                String language) throws StoreException {
        if (!"ja".equals(language) && !"en".equals(language)) {
            throw new RefusedException("--language " + language + ": not one of ja, en");
        }
        try (RecordStore store = opening.open("audit export")) {
            store.require(Permission.EXPORT, "export the audit trail"); // before any work, audited when refused
            return store.exportAuditTrail(filter, out, overwrite, language);
        }
    }

    /**
     * The signed PDF of record {@code id} (a consent or a withdrawal), to print as the patient's copy: the archived
     * bytes, checked against the index ({@link RecordStore#patientCopy}). Needs {@link Permission#ISSUE_PATIENT_COPY},
     * and the store checks the record: one the person may see, or a consent they recorded today. Not audited by
     * itself: the print is ({@link #patientCopyPrinted}).
     *
     * @throws RefusedException when {@code id} is blank or names no record
     * @throws StoreException   when refused (audited), or the archived PDF is missing, unreadable or altered
     */
    public byte[] patientCopy(String id) throws StoreException {
        requireId(id);
        try (RecordStore store = copies("patient's copy")) {
            return store.patientCopy(id);
        }
    }

    /**
     * The take-home card of consent {@code id}: one A6 page in the patient's language with Japanese underneath
     * ({@link RecordStore#takeHomeCard}); permission as {@link #patientCopy}. Not audited by itself.
     *
     * @throws RefusedException when {@code id} is blank, names no record, or names a withdrawal document
     * @throws StoreException   when refused (audited) or the store fails
     */
    public byte[] takeHomeCard(String id) throws StoreException {
        requireId(id);
        try (RecordStore store = copies("take-home card")) {
            return store.takeHomeCard(id);
        }
    }

    /**
     * Saves the patient's copy of record {@code id} (the signed PDF, byte for byte) to {@code out}, never inside the
     * data directory ({@link RecordStore#savePatientCopy}); audited {@code patient-copy-saved}.
     *
     * @param overwrite whether an existing {@code out} may be replaced
     * @return the file written
     * @throws RefusedException when {@code id} is blank or names no record, or {@code out} is inside the data
     *                          directory; nothing was written
     * @throws StoreException   when refused (audited), {@code out} exists and is not to be replaced, or the archived
     *                          PDF is missing or altered
     */
    public Path savePatientCopy(String id, Path out, boolean overwrite) throws StoreException {
        requireId(id);
        try (RecordStore store = copies("save the patient's copy")) {
            return store.savePatientCopy(id, out, overwrite);
        }
    }

    /**
     * Saves the take-home card of consent {@code id} to {@code out}, never inside the data directory
     * ({@link RecordStore#saveTakeHomeCard}); audited {@code card-issued}.
     *
     * @return the file written
     * @throws RefusedException as {@link #savePatientCopy}, and for a withdrawal document
     * @throws StoreException   as {@link #savePatientCopy}
     */
    public Path saveTakeHomeCard(String id, Path out, boolean overwrite) throws StoreException {
        requireId(id);
        try (RecordStore store = copies("card")) {
            return store.saveTakeHomeCard(id, out, overwrite);
        }
    }

    /**
     * Audits ({@code patient-copy-printed}) that the patient's copy of record {@code id} went to {@code printer}.
     *
     * @param pages the pages printed
     * @throws RefusedException when {@code id} is blank, names no record, or {@code pages} is not positive
     * @throws StoreException   when refused (audited) or the store fails
     */
    public void patientCopyPrinted(String id, String printer, int pages) throws StoreException {
        requireId(id);
        if (pages < 1) {
            throw new RefusedException("pages: " + pages + " is not a positive number");
        }
        try (RecordStore store = copies("patient's copy printed")) {
            store.patientCopyPrinted(id, printer, pages);
        }
    }

    /**
     * Audits ({@code card-issued}) that the take-home card of consent {@code id} went to {@code printer}.
     *
     * @throws RefusedException when {@code id} is blank, names no record, or names a withdrawal document
     * @throws StoreException   when refused (audited) or the store fails
     */
    public void takeHomeCardPrinted(String id, String printer) throws StoreException {
        requireId(id);
        try (RecordStore store = copies("take-home card printed")) {
            store.takeHomeCardPrinted(id, printer);
        }
    }

    /** Refuses a blank document id before the store is opened. */
    private static void requireId(String id) throws RefusedException {
        if (id == null || id.isBlank()) {
            throw new RefusedException("record: give the document id; nothing was given");
        }
    }

    /**
     * The store opened for a patient's copy or card, {@link Permission#ISSUE_PATIENT_COPY} checked before any work
     * (the store then checks the record itself); closed when refused.
     */
    private RecordStore copies(String purpose) throws StoreException {
        RecordStore store = opening.open(purpose);
        try {
            store.requireRole(Permission.ISSUE_PATIENT_COPY, null); // before any work, audited when refused
            return store;
        } catch (StoreException | RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
