package org.exoconsent.ui.wizard;

import org.exoconsent.consent.ConsentSession;

/**
 * What the physician fills in on the first screen: who, for whom, what. Validated by {@link StartValidation};
 * once valid, it becomes the fixed part of the consent session.
 */
public record ConsultationSetup(
        ConsentSession.Clinic clinic,
        ConsentSession.Physician physician,
        ConsentSession.Patient patient,
        ConsentSession.Representative representative,
        String language,
        ConsentSession.Treatment treatment) {
}
