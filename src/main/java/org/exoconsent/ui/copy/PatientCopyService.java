package org.exoconsent.ui.copy;

import java.nio.file.Path;
import java.time.Clock;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Principal;
import org.exoconsent.records.StoreException;
import org.exoconsent.usecases.ExportRecords;
import org.exoconsent.usecases.StoreOpenings;

/**
 * What the patient's copy and the take-home card need, each call as the signed-in person through
 * {@link ExportRecords} (the permission checked first; the store checks who may give which record's copy, refuses a
 * file inside the data directory, and audits). The store is opened only for the moment it is used, never while a
 * printer works. Slow: call off the FX thread.
 */
public class PatientCopyService {
    private final StoreOpenings store;
    private final Principal who;

    /**
     * @param store the store this device is set to (a data directory or a PostgreSQL store, issue 17 §1)
     * @param who   the person signed in; the store checks their roles on every use
     */
    public PatientCopyService(StoreOpenings store, Principal who) {
        this.store = store;
        this.who = who;
    }

    /** As {@link #PatientCopyService(StoreOpenings, Principal)} on the data directory {@code dir}. */
    public PatientCopyService(DataDirectory dir, Clock clock, Principal who) {
        this(StoreOpenings.of(dir, clock), who);
    }

    private ExportRecords copies() {
        return ExportRecords.asSignedIn(store, who);
    }

    /** The signed PDF of record {@code id}, checked against the index ({@link ExportRecords#patientCopy}). */
    public byte[] consentCopy(String id) throws StoreException {
        return copies().patientCopy(id);
    }

    /** The take-home card of consent {@code id} ({@link ExportRecords#takeHomeCard}). */
    public byte[] card(String id) throws StoreException {
        return copies().takeHomeCard(id);
    }

    /** Saves the patient's copy outside the data directory; audited ({@link ExportRecords#savePatientCopy}). */
    public Path saveConsentCopy(String id, Path out, boolean overwrite) throws StoreException {
        return copies().savePatientCopy(id, out, overwrite);
    }

    /** Saves the take-home card outside the data directory; audited ({@link ExportRecords#saveTakeHomeCard}). */
    public Path saveCard(String id, Path out, boolean overwrite) throws StoreException {
        return copies().saveTakeHomeCard(id, out, overwrite);
    }

    /** Audits that the patient's copy went to {@code printer} ({@link ExportRecords#patientCopyPrinted}). */
    public void consentCopyPrinted(String id, String printer, int pages) throws StoreException {
        copies().patientCopyPrinted(id, printer, pages);
    }

    /** Audits that the take-home card went to {@code printer} ({@link ExportRecords#takeHomeCardPrinted}). */
    public void cardPrinted(String id, String printer) throws StoreException {
        copies().takeHomeCardPrinted(id, printer);
    }
}
