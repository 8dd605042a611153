package org.exoconsent.ui.copy;

import java.nio.file.Path;
import java.time.Clock;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;

/**
 * What the patient's copy and the take-home card need from the store, each call as the signed-in person (the store
 * checks who may give which record's copy, refuses a file inside the data directory, and audits). The store is
 * opened only for the moment it is used, never while a printer works. Slow: call off the FX thread.
 */
public class PatientCopyService {
    private final DataDirectory dir;
    private final Clock clock;
    private final Principal who;

    public PatientCopyService(DataDirectory dir, Clock clock, Principal who) {
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

    /** The signed PDF of record {@code id}, checked against the index ({@link RecordStore#patientCopy}). */
    public byte[] consentCopy(String id) throws StoreException {
        return with("patient's copy", s -> s.patientCopy(id));
    }

    /** The take-home card of consent {@code id} ({@link RecordStore#takeHomeCard}). */
    public byte[] card(String id) throws StoreException {
        return with("take-home card", s -> s.takeHomeCard(id));
    }

    /** Saves the patient's copy outside the data directory; audited ({@link RecordStore#savePatientCopy}). */
    public Path saveConsentCopy(String id, Path out, boolean overwrite) throws StoreException {
        return with("save the patient's copy", s -> s.savePatientCopy(id, out, overwrite));
    }

    /** Saves the take-home card outside the data directory; audited ({@link RecordStore#saveTakeHomeCard}). */
    public Path saveCard(String id, Path out, boolean overwrite) throws StoreException {
        return with("save the take-home card", s -> s.saveTakeHomeCard(id, out, overwrite));
    }

    /** Audits that the patient's copy went to {@code printer} ({@link RecordStore#patientCopyPrinted}). */
    public void consentCopyPrinted(String id, String printer, int pages) throws StoreException {
        with("patient's copy printed", s -> {
            s.patientCopyPrinted(id, printer, pages);
            return null;
        });
    }

    /** Audits that the take-home card went to {@code printer} ({@link RecordStore#takeHomeCardPrinted}). */
    public void cardPrinted(String id, String printer) throws StoreException {
        with("take-home card printed", s -> {
            s.takeHomeCardPrinted(id, printer);
            return null;
        });
    }

    /** The data directory, where nothing for the patient is saved. */
    public Path dataDirectory() {
        return dir.root();
    }
}
