package org.exoconsent.ui.wizard;

import org.exoconsent.consent.ConsentSession;

/**
 * What staff or the physician fill in on the first screen: who, for whom, what. Validated by
 * {@link StartValidation}; once valid and confirmed by the physician, it becomes the fixed part of the consent
 * session.
 *
 * @param lastConsent  the patient's last consent when an existing patient was chosen (null for a new patient): a
 *                     returning patient reads what changed since
 * @param missingTexts the texts the clinic has not written in the chosen language for this physician and product
 *                     (issue 12 §2): while there are any the consultation is refused at the start, and the clinic,
 *                     physician and product above are the catalog's Japanese ones only so that the other fields can
 *                     be checked; never null
 */
public record ConsultationSetup(
        ConsentSession.Clinic clinic,
        ConsentSession.Physician physician,
        ConsentSession.Patient patient,
        ConsentSession.Representative representative,
        String language,
        ConsentSession.Treatment treatment,
        ConsentSession.LastConsent lastConsent,
        java.util.List<org.exoconsent.records.Catalog.MissingText> missingTexts) {

    public ConsultationSetup {
        missingTexts = missingTexts == null ? java.util.List.of() : java.util.List.copyOf(missingTexts);
        // a product snapshot of schema 1 or 2 (a resumed draft) names the catalog's product by its name
        if (treatment != null && treatment.product() != null && treatment.product().catalogName() == null) {
            ConsentSession.Product p = treatment.product();
            treatment = new ConsentSession.Treatment(treatment.indication(), treatment.route(),
                    treatment.plannedDate(), treatment.sessions(), treatment.priceYen(), treatment.coolingOff(),
                    new ConsentSession.Product(p.name(), p.manufacturer(), p.sourceCells(), p.virusTests(),
                            p.sterilisation(), p.storage(), p.origin(), p.supply(), p.listedAs()), treatment.lot());
        }
    }

    /** A setup whose texts are all written in its language. */
    public ConsultationSetup(ConsentSession.Clinic clinic, ConsentSession.Physician physician,
                             ConsentSession.Patient patient, ConsentSession.Representative representative,
                             String language, ConsentSession.Treatment treatment, ConsentSession.LastConsent lastConsent) {
        this(clinic, physician, patient, representative, language, treatment, lastConsent, null);
    }

    /** A setup for a new patient (no last consent). */
    public ConsultationSetup(ConsentSession.Clinic clinic, ConsentSession.Physician physician,
                             ConsentSession.Patient patient, ConsentSession.Representative representative,
                             String language, ConsentSession.Treatment treatment) {
        this(clinic, physician, patient, representative, language, treatment, null, null);
    }

    /** What the consultation keeps of it ({@link org.exoconsent.consent.Consultation#start}). */
    public org.exoconsent.consent.Consultation.Preparation preparation() {
        return new org.exoconsent.consent.Consultation.Preparation(clinic, physician, patient, representative,
                language, treatment, lastConsent);
    }

    /** The setup a draft was made with. */
    public static ConsultationSetup of(ConsentSession draft) {
        return new ConsultationSetup(draft.clinic(), draft.physician(), draft.patient(), draft.representative(),
                draft.template().language(), draft.treatment(), draft.lastConsent());
    }
}
