package org.exoconsent.usecases;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.pdf.ConsentDocuments;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.records.AlreadyRecordedException;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.BundledTemplates;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;

/**
 * Rendering a consent session as a signed PDF outside the records (issue 15 §1; {@code exoconsent render}): checked
 * as recording checks it, signed with the clinic's key, every page marked "not an archived record", written where the
 * caller says, and audited ({@code rendered}, naming the document id, the file and the SHA-256) — never archived nor
 * indexed. Signing a consent with the clinic's key is a consultation's work: {@link Permission#CONSULT} is checked
 * before any work (a refusal is audited {@code access-refused}). A session whose document id is already recorded is
 * refused: a second signed document with a recorded id would imitate the record.
 *
 * <p>The store's opening (for the command line, a password check with Argon2id that takes a good part of a cold
 * render) runs on a second thread while this one lays the session out with the program's own copy of its template;
 * that lay-out is used only when the clinic's library holds the very same text (same SHA-256) and the clinic keeps the
 * time zone it was laid out in. Nothing of the data directory is read, and nothing written, before the opening has
 * succeeded.
 */
public final class RenderDocument {
    /** Where the signed PDF goes; called once, after signing, in the store's write that appends its audit entry. */
    @FunctionalInterface
    public interface Output {
        /**
         * Writes the signed PDF whole, or not at all.
         *
         * @return the file written, as the audit entry names it
         * @throws RefusedException when the place may not hold it (inside the data directory)
         * @throws IOException      when it cannot be written (it exists, the disk is full…)
         */
        Path write(byte[] pdf) throws IOException, RefusedException;
    }

    /**
     * What was rendered and written.
     *
     * @param session the session, as read
     * @param bytes   the signed PDF's size in bytes
     * @param sha256  the signed PDF's SHA-256, lower-case hex (as the audit entry names it)
     * @param key     the key that signed
     * @param refusal whether the document is an informed refusal (issue 16 §5) of {@code session}, not a consent
     * @param keyProblem  why the key that signed could not sign a record (retired, unregistered, outside its period),
     *                    or null
     * @param otherClinic the clinic's name in the store's profile when the session names another clinic (the document
     *                    prints the session's), or null
     */
    public record Rendered(ConsentSession session, int bytes, String sha256, SigningKey key, boolean refusal,
                           String keyProblem, String otherClinic) {
        /** A consent rendered. */
        public Rendered(ConsentSession session, int bytes, String sha256, SigningKey key, String keyProblem) {
            this(session, bytes, sha256, key, false, keyProblem, null);
        }
    }

    /**
     * The clinic's name in the store's profile when the session names another (the document prints the session's:
     * the README trial rendered an example after {@code catalog set-clinic} and got the demo clinic's name without a
     * word); null when they agree or the store has no profile.
     */
    static String otherClinic(RecordStore store, ConsentSession s) throws StoreException {
        org.exoconsent.records.Catalog.Clinic profile = store.clinic();
        String named = s.clinic() == null ? null : s.clinic().name();
        return profile == null || profile.name() == null || profile.name().equals(named) ? null : profile.name();
    }

    /** The output refused the PDF or could not write it; nothing was audited. The cause is the output's exception. */
    /** The output's refusal, carried through the store's write. */
    private static final class OutputRefused extends IOException {
        private static final long serialVersionUID = 1L;
        private final RefusedException refusal;

        OutputRefused(RefusedException refusal) {
            super(refusal.getMessage(), refusal);
            this.refusal = refusal;
        }
    }

    public static final class NotWritten extends Exception {
        NotWritten(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final StoreOpening opening;
    private final KeySource keys;
    private final Clock clock;
    private final String creator;

    /**
     * @param opening opens the store as the signed-in person (may run on a second thread)
     * @param keys    which key signs (not required to be registered: a rendered PDF is not a record)
     * @param clock   where the time comes from; the clinic's time zone comes from the store
     * @param creator the program and version the PDF names as its creator ("ExoConsent 1.5.0")
     */
    public RenderDocument(StoreOpening opening, KeySource keys, Clock clock, String creator) {
        this.opening = opening;
        this.keys = keys;
        this.clock = clock;
        this.creator = creator;
    }

    /**
     * Renders, signs, writes and audits the session in {@code file}.
     *
     * @param templates   where the session's template comes from
     * @param fromLibrary whether {@code templates} reads the clinic's library (then the lay-out may overlap the
     *                    opening, with the bundled copy of the same text); false for a folder of templates
     * @throws SessionException               when the session cannot be read or is incomplete (everything missing)
     * @throws TemplateException              when its template is invalid
     * @throws IOException                    when a template folder cannot be read
     * @throws AlreadyRecordedException when its document id is already recorded (the message says why none is
     *                                        signed)
     * @throws KeyException                   when the key cannot be opened
     * @throws NotWritten                     when {@code out} refused or failed; nothing was audited
     * @throws StoreException                 when the opening (sign-in, permission) or the store refuses or fails
     */
    public Rendered render(Path file, TemplateSource templates, boolean fromLibrary, Output out)
            throws SessionException, TemplateException, IOException, KeyException, NotWritten, StoreException {
        // laid out early in the zone most clinics use; laid out again below if the clinic's own zone differs
        ConsentDocuments documents = documents(ClinicClock.of(clock, ClinicClock.DEFAULT_ZONE));
        FutureTask<RecordStore> opened = new FutureTask<>(() -> opening.open("render"));
        Thread signing = new Thread(opened, "exoconsent-sign-in");
        signing.setDaemon(true);
        signing.start();
        ConsentDocuments.Unsigned early = fromLibrary ? layOutEarly(documents, file) : null;
        RecordStore store;
        try {
            store = opened.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException se) {
                throw se;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re; // as if the opening had run on this thread
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted before the sign-in ended; nothing was written", e);
        }
        try (store) {
            store.requireRole(Permission.CONSULT, "render"); // before any work, audited when refused
            ClinicClock clinic = store.clinicClock();
            if (!clinic.zone().equals(documents.clock().zone())) {
                // the clinic keeps another time zone: every time is checked and printed in it
                documents = documents(clinic);
                early = null;
            }
            if (early == null && org.exoconsent.consent.RefusalJson.isRefusal(file)) {
                return renderRefusal(store, documents, file, templates, out);
            }
            ConsentSession s = early != null ? early.session() : SessionJson.read(file);
            ConsentTemplate t = templates.forSession(s, file, store);
            // refuse an incomplete session before anything is created (such as a first signing key)
            ConsentDocuments.Unsigned unsigned = early != null && early.template().sha256().equals(t.sha256())
                    ? early : documents.render(s, t, file.toString());
            // a second signed document with a recorded id, perhaps for another patient, would imitate the record
            try {
                store.refuseIfRecorded(s, file.toString());
            } catch (AlreadyRecordedException e) {
                throw new AlreadyRecordedException(file + ": document " + s.id() + " is already recorded: render "
                        + "does not sign a second document with a recorded document id (the archived record is the "
                        + "signed original; its copy is given from the records screen); no PDF was written");
            }
            String clinicName = s.clinic() != null && s.clinic().name() != null ? s.clinic().name() : "Clinic";
            SigningKey key = keys.load(store, clinicName);
            byte[] pdf = documents.sign(unsigned, key);
            String sha256 = RecordStore.sha256(pdf);
            place(store, s.id(), pdf, sha256, out);
            return new Rendered(s, pdf.length, sha256, key, false, store.signerProblem(pdf), otherClinic(store, s));
        }
    }

    /**
     * An informed refusal's file (issue 16 §5) rendered and signed as {@link #render} does a session: checked
     * ({@code CompletenessCheck.refusalProblems}), refused when its document id is recorded, marked "not an archived
     * record" on every page, written and audited {@code rendered}.
     */
    private Rendered renderRefusal(RecordStore store, ConsentDocuments documents, Path file, TemplateSource templates,
                                   Output out) throws SessionException, TemplateException, IOException, KeyException,
            NotWritten, StoreException {
        org.exoconsent.consent.InformedRefusal r = org.exoconsent.consent.RefusalJson.read(file);
        ConsentSession s = r.consultation();
        if (s == null) {
            throw new SessionException(file.toString(), java.util.List.of("consultation: missing (the consultation "
                    + "the patient declined)"));
        }
        ConsentTemplate t = templates.forSession(s, file, store);
        // a signed document imitating a record must not be made: the id is refused when recorded
        store.refuseIfRecorded(s.withId(r.id()), file.toString());
        String clinicName = s.clinic() != null && s.clinic().name() != null ? s.clinic().name() : "Clinic";
        java.util.List<String> problems = org.exoconsent.consent.CompletenessCheck.refusalProblems(r, t,
                documents.clock());
        if (!problems.isEmpty()) {
            throw new SessionException(file.toString(), problems);
        }
        SigningKey key = keys.load(store, clinicName);
        byte[] pdf = documents.refusal(r, t, key, file.toString());
        String sha256 = RecordStore.sha256(pdf);
        place(store, r.id(), pdf, sha256, out);
        return new Rendered(s, pdf.length, sha256, key, true, store.signerProblem(pdf), otherClinic(store, s));
    }

    /**
     * The file put in place in the write that appends its {@code rendered} entry (issue 15 §2: no file without its
     * entry); the entry names the document id and the SHA-256, so a rendered PDF shown later is told from the record.
     *
     * @throws NotWritten when {@code out} refused or failed; nothing was audited
     */
    private static void place(RecordStore store, String id, byte[] pdf, String sha256, Output out)
            throws NotWritten, StoreException {
        try {
            store.placeAudited("rendered", id, () -> {
                try {
                    return out.write(pdf);
                } catch (RefusedException e) {
                    throw new OutputRefused(e);
                }
            }, written -> details(written, sha256, pdf.length));
        } catch (IOException e) {
            throw new NotWritten(e instanceof OutputRefused x ? x.refusal : e);
        }
    }

    /** The {@code rendered} entry's details: outside the records, the file, the SHA-256 and the size. */
    private static String details(Path written, String sha256, int bytes) {
        return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("outside the records", true)
                .put("file", written.toAbsolutePath().normalize().toString()).put("sha256", sha256)
                .put("bytes", bytes).toString();
    }

    /** Documents marked on every page as not archived: a rendered PDF must never pass for the record. */
    private ConsentDocuments documents(ClinicClock clinic) {
        return ConsentDocuments.notArchived(creator, clinic);
    }

    /**
     * The session laid out with the program's own copy of the template it names, if there is one, so that the
     * work overlaps the opening; any problem is left to the normal path, which reports it after the opening.
     */
    private static ConsentDocuments.Unsigned layOutEarly(ConsentDocuments documents, Path file) {
        try {
            ConsentSession s = SessionJson.read(file);
            ConsentSession.TemplateRef ref = s.template();
            for (ConsentTemplate t : BundledTemplates.all()) {
                if (ref != null && t.id().equals(ref.id()) && t.version().equals(ref.version())) {
                    return documents.render(s, t, file.toString());
                }
            }
        } catch (SessionException | TemplateException | IOException | RuntimeException e) {
            // reported by the normal path
        }
        return null;
    }
}
