package org.exoconsent.consent;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the take-home card of one consent says (issue 12, section 4): a one-page card the patient keeps and shows
 * at a blood-donation site. It is printed from the recorded consent, never signed, and records nothing itself.
 *
 * @param documentId    the consent's document id, so the clinic can find the signed record when asked
 * @param languages     the card's languages in the order printed: the patient's first, then Japanese
 *                      ({@code [en, ja]}); a Japanese patient's card is Japanese only ({@code [ja]})
 * @param patientName   the patient's name as recorded
 * @param treatmentDate the planned start of treatment as recorded in the consent (a date, no time zone)
 * @param consentDate   the day the consent was signed (its last signature) in the clinic's calendar; with a
 *                      reflection time this can be a later day than the consultation
 * @param lotNumber     the product's lot as recorded
 * @param clinicPhone   the clinic's telephone
 * @param texts         per language of {@code languages}, the clinic's and the product's texts ({@link #texts})
 * @param withdrawnOn   the day the consent was withdrawn, or null when it was not
 * @param issuedOn      the day the card is printed or saved, in the clinic's calendar
 */
public record TakeHomeCard(String documentId, List<String> languages, String patientName, LocalDate treatmentDate,
                           LocalDate consentDate, String lotNumber, String clinicPhone, Map<String, Texts> texts,
                           LocalDate withdrawnOn, LocalDate issuedOn) {

    /** The clinic's and the product's texts in one language. */
    public record Texts(String clinicName, String clinicAddress, String productName) {
    }

    public TakeHomeCard {
        languages = List.copyOf(languages);
        texts = Map.copyOf(texts);
    }

    /**
     * The card of a recorded consent.
     *
     * @param consent     the session as recorded (its snapshot in the index is enough: no signature images needed)
     * @param clinic      the clinic's profile as the catalog has it now (the contact the patient should use today);
     *                    null to use the profile recorded with the consent
     * @param withdrawnOn the day of the withdrawal, or null
     * @param clock       the clinic's clock: the card is issued today in its calendar, and the consent's day is
     *                    the day of its last signature in it
     * @throws IllegalArgumentException when the consent lacks what the card prints (treatment, product, lot,
     *                                  patient, clinic): a recorded consent always has them
     */
    public static TakeHomeCard of(ConsentSession consent, ConsentSession.Clinic clinic, LocalDate withdrawnOn,
                                  ClinicClock clock) {
        return of(consent, language -> clinic, language -> null, withdrawnOn, clock);
    }

    /**
     * The card of a recorded consent, with the clinic's and the product's texts of each of its languages (issue 12
     * §2): the clinic as the catalog writes it now in that language (the contact the patient should use today); the
     * product's name as the consent recorded it in the consent's own language, and as the catalog writes it in the
     * others (Japanese). A text the catalog does not give falls back on the consent's own.
     *
     * @param clinicIn    the clinic's profile as the catalog has it now in a language, or null
     * @param productName the product's name as the catalog writes it in a language, or null
     */
    public static TakeHomeCard of(ConsentSession consent, java.util.function.Function<String, ConsentSession.Clinic>
            clinicIn, java.util.function.Function<String, String> productName, LocalDate withdrawnOn,
                                  ClinicClock clock) {
        ConsentSession.Treatment t = consent.treatment();
        String own = consent.template() == null ? null : consent.template().language();
        ConsentSession.Clinic now = own == null ? null : clinicIn.apply(own);
        ConsentSession.Clinic c = now != null ? now : consent.clinic();
        if (c == null || t == null || t.product() == null || t.lot() == null || consent.patient() == null
                || own == null) {
            throw new IllegalArgumentException("consent " + consent.id() + " lacks the clinic, patient, treatment, "
                    + "product or lot that its take-home card prints");
        }
        List<String> languages = languages(own);
        Map<String, Texts> texts = new LinkedHashMap<>();
        for (String language : languages) {
            ConsentSession.Clinic in = clinicIn.apply(language);
            String product = language.equals(own) ? null : productName.apply(language);
            texts.put(language, texts(in != null ? in : c, product != null ? product : t.product().name()));
        }
        return new TakeHomeCard(consent.id(), languages, consent.patient().name(), t.plannedDate(),
                signedOn(consent, clock), t.lot().number(), c.phone(), texts, withdrawnOn, clock.today());
    }

    /**
     * The day of the consent's last signature in the clinic's calendar ({@link ClinicClock#day}); the consultation
     * day when it has no signature times (never for a recorded consent).
     */
    static LocalDate signedOn(ConsentSession consent, ClinicClock clock) {
        return consent.signatures().stream().map(ConsentSession.Signature::at).filter(java.util.Objects::nonNull)
                .max(java.util.Comparator.comparing(java.time.OffsetDateTime::toInstant))
                .map(clock::day).orElseGet(() -> CompletenessCheck.consultationDay(consent, clock));
    }

    /** The card's languages for a patient who read the consent in {@code language}: theirs, then Japanese. */
    public static List<String> languages(String language) {
        return "ja".equals(language) ? List.of("ja") : List.of(language, "ja");
    }

    /** The clinic's name and address and the product's name of one language of the card. */
    static Texts texts(ConsentSession.Clinic clinic, String productName) {
        return new Texts(clinic.name(), clinic.address(), productName);
    }
}
