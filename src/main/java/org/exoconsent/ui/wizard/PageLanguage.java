package org.exoconsent.ui.wizard;

import java.util.ResourceBundle;
import org.exoconsent.consent.ConsentSession.SignatureRole;
import org.exoconsent.ui.controls.UiLanguage;

/**
 * Who reads each page of a consultation, and so the language it is shown in (issue 16 §6): the patient's pages in
 * the consultation's language, the staff's in the staff language of the person signed in, on the same consultation.
 * The table is in docs/SESSION.md ("Who reads each page"); a new page or dialog of the wizard takes its bundle from
 * {@link #staff()}, {@link #patient()} or {@link #forPage}, never from the operating system or a bundle of its own.
 */
public final class PageLanguage {
    /** Who a page is for. */
    public enum Reader {
        /** Staff or the physician: the staff language. */
        STAFF,
        /** The patient or their legal representative: the consultation's language. */
        PATIENT
    }

    private final ResourceBundle staff;
    private final java.util.function.Supplier<String> consultationLanguage;

    /**
     * @param staff                the screens' messages in the signed-in person's staff language
     * @param consultationLanguage the consultation's language as it is now ("ja" or "en": the session's
     *                             {@code template.language}, chosen on the start form; asked each time, since the
     *                             start form may change it)
     */
    public PageLanguage(ResourceBundle staff, java.util.function.Supplier<String> consultationLanguage) {
        this.staff = staff;
        this.consultationLanguage = consultationLanguage;
    }

    /** The staff language's messages: the start form, confirmation, hand-over, unlock, physician, notes, review. */
    public ResourceBundle staff() {
        return staff;
    }

    /** The consultation's language's messages: explanation, check questions, the patient's side's signatures. */
    public ResourceBundle patient() {
        return UiLanguage.bundle(consultationLanguage.get());
    }

    /** The messages for {@code reader}. */
    public ResourceBundle of(Reader reader) {
        return reader == Reader.PATIENT ? patient() : staff;
    }

    /**
     * Who reads the page of {@code step}.
     *
     * @param signer for the signatures, who signs on the page shown: the patient or legal representative (the
     *               patient's), the physician (staff's); null when the page asks no signature (the staff PIN that
     *               ends patient mode, or Next once everyone has signed: staff's)
     */
    public static Reader reader(WizardViewModel.Step step, SignatureRole signer) {
        return switch (step) {
            case START, CONFIRMATION, HANDOVER, REVIEW -> Reader.STAFF;
            case EXPLANATION, CHECK_QUESTIONS -> Reader.PATIENT;
            case SIGNATURES -> signer == SignatureRole.PATIENT || signer == SignatureRole.REPRESENTATIVE
                    ? Reader.PATIENT : Reader.STAFF;
        };
    }

    /** The messages of the page of {@code step} ({@link #reader}). */
    public ResourceBundle forPage(WizardViewModel.Step step, SignatureRole signer) {
        return of(reader(step, signer));
    }
}
