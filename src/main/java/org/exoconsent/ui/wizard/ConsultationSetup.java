package org.exoconsent.ui.wizard;

import org.exoconsent.consent.ConsentSession;

/**
 * What staff or the physician fill in on the first screen: who, for whom, what. Validated by
 * {@link StartValidation}; once valid and confirmed by the physician, it becomes the fixed part of the consent
 * session.
 *
 * @param lastConsent the patient's last consent when an existing patient was chosen (null for a new patient): a
 *                    returning patient reads what changed since
 */
public record ConsultationSetup(
        ConsentSession.Clinic clinic,
        ConsentSession.Physician physician,
        ConsentSession.Patient patient,
        ConsentSession.Representative representative,
        String language,
        ConsentSession.Treatment treatment,
        ConsentSession.LastConsent lastConsent) {

    /** A setup for a new patient (no last consent). */
    public ConsultationSetup(ConsentSession.Clinic clinic, ConsentSession.Physician physician,
                             ConsentSession.Patient patient, ConsentSession.Representative representative,
                             String language, ConsentSession.Treatment treatment) {
        this(clinic, physician, patient, representative, language, treatment, null);
    }

    /** The setup a draft was made with. */
    public static ConsultationSetup of(ConsentSession draft) {
        return new ConsultationSetup(draft.clinic(), draft.physician(), draft.patient(), draft.representative(),
                draft.template().language(), draft.treatment(), draft.lastConsent());
    }
}
