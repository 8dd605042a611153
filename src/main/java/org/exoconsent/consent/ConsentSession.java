package org.exoconsent.consent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The complete record of one consultation: who, what was planned with which product and lot, which sections the
 * patient acknowledged and when, every answer to the check questions, notes, and the signatures.
 * Serialised as JSON (see docs/SESSION.md); {@link SessionJson} reads and writes it. {@code previousConsent}
 * (optional) names the document id of an earlier consent this one renews, e.g. on a new template version.
 * Values are as given: {@link CompletenessCheck} decides whether a session may become a signed document.
 *
 * <p>Schema version 2 (issue 11) adds the product's {@code origin} and {@code supply}, who prepared the consultation
 * ({@code preparedBy}), the physician who confirmed the treatment ({@code confirmedBy}, MHLW 医政発0815第21号), the
 * patient's last consent ({@code lastConsent}, for "what changed since") and, for a minor who did not sign their
 * assent, the physician's reason ({@code assentNotSigned}). Version 1 files (older drafts and records) are still
 * read: those fields are then null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "id", "template", "clinic", "physician", "patient", "representative",
        "treatment", "previousConsent", "lastConsent", "startedAt", "preparedBy", "confirmedBy", "acknowledgements",
        "quiz", "notes", "assentNotSigned", "signatures"})
public record ConsentSession(
        Integer schemaVersion,
        String id,
        TemplateRef template,
        Clinic clinic,
        Physician physician,
        Patient patient,
        Representative representative,
        Treatment treatment,
        String previousConsent,
        LastConsent lastConsent,
        OffsetDateTime startedAt,
        PreparedBy preparedBy,
        ConfirmedBy confirmedBy,
        List<Acknowledgement> acknowledgements,
        List<QuizEntry> quiz,
        Notes notes,
        AssentNotSigned assentNotSigned,
        List<Signature> signatures) {

    /** The schema version this program writes, and the only one it signs. */
    public static final int SCHEMA_VERSION = 2;
    /** The first schema version, still read (drafts and records made before issue 11). */
    public static final int SCHEMA_VERSION_1 = 1;

    public ConsentSession {
        acknowledgements = acknowledgements == null ? List.of() : List.copyOf(acknowledgements);
        quiz = quiz == null ? List.of() : List.copyOf(quiz);
        signatures = signatures == null ? List.of() : List.copyOf(signatures);
    }

    /** This session with other signatures (e.g. the images left out for the index's snapshot). */
    public ConsentSession withSignatures(List<Signature> replaced) {
        return new ConsentSession(schemaVersion, id, template, clinic, physician, patient, representative, treatment,
                previousConsent, lastConsent, startedAt, preparedBy, confirmedBy, acknowledgements, quiz, notes,
                assentNotSigned, replaced);
    }

    /** This session under another document id (a copy of an example, a test's second consultation). */
    public ConsentSession withId(String replaced) {
        return new ConsentSession(schemaVersion, replaced, template, clinic, physician, patient, representative,
                treatment, previousConsent, lastConsent, startedAt, preparedBy, confirmedBy, acknowledgements, quiz,
                notes, assentNotSigned, signatures);
    }

    /** This session with another treatment (e.g. the product's snapshot taken again from the catalog). */
    public ConsentSession withTreatment(Treatment replaced) {
        return new ConsentSession(schemaVersion, id, template, clinic, physician, patient, representative, replaced,
                previousConsent, lastConsent, startedAt, preparedBy, confirmedBy, acknowledgements, quiz, notes,
                assentNotSigned, signatures);
    }

    /** This session with another physician's confirmation (null: none). */
    public ConsentSession withConfirmedBy(ConfirmedBy replaced) {
        return new ConsentSession(schemaVersion, id, template, clinic, physician, patient, representative, treatment,
                previousConsent, lastConsent, startedAt, preparedBy, replaced, acknowledgements, quiz, notes,
                assentNotSigned, signatures);
    }

    /** This session with another reason why a minor did not sign (null: none). */
    public ConsentSession withAssentNotSigned(AssentNotSigned replaced) {
        return new ConsentSession(schemaVersion, id, template, clinic, physician, patient, representative, treatment,
                previousConsent, lastConsent, startedAt, preparedBy, confirmedBy, acknowledgements, quiz, notes,
                replaced, signatures);
    }

    /** This session with another last consent (null: none). */
    public ConsentSession withLastConsent(LastConsent replaced) {
        return new ConsentSession(schemaVersion, id, template, clinic, physician, patient, representative, treatment,
                previousConsent, replaced, startedAt, preparedBy, confirmedBy, acknowledgements, quiz, notes,
                assentNotSigned, signatures);
    }

    /** Which template, version and language the patient was shown; {@code sha256} pins the exact text. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TemplateRef(String id, String version, String language, String sha256) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Clinic(String name, String address, String phone, String bloodDonationPolicy) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Physician(String name, String licenceNumber) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Patient(String name, String kana, LocalDate dateOfBirth, String patientNumber, String phone,
                          String address) {
    }

    /** A parent, guardian or other legal representative who consents for the patient. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Representative(String name, String kana, String relationship, String phone) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Treatment(String indication, Route route, LocalDate plannedDate, Integer sessions, Long priceYen,
                            CoolingOff coolingOff, Product product, Lot lot) {
    }

    /**
     * The product as it was when the consent was given (a snapshot of the catalog). {@code origin} and
     * {@code supply} are null in schema version 1.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Product(String name, String manufacturer, String sourceCells, List<String> virusTests,
                          Sterilisation sterilisation, String storage, Origin origin, Supply supply) {
        public Product {
            virusTests = virusTests == null ? null : List.copyOf(virusTests);
        }
    }

    /**
     * The patient's last consent before this one (schema 2, optional), as the clinic's records hold it: the
     * wizard fills it when an existing patient is chosen; recording checks it against the records.
     *
     * @param documentId      the earlier consent's document id
     * @param date            the day it was signed (the clinic's calendar: its time-zone setting)
     * @param templateVersion the template version it was signed with
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastConsent(String documentId, LocalDate date, String templateVersion) {
    }

    /**
     * Who prepared the consultation (schema 2): the signed-in account that filled the start page (staff or a
     * physician), and when.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PreparedBy(String account, OffsetDateTime at) {
    }

    /**
     * The physician who confirmed the treatment (indication, product and lot, route, number of sessions) with their
     * own password before the explanation began (schema 2; MHLW 医政発0815第21号, 15 Aug 2025: the physician, not a
     * counselor, decides). Must be the session's physician.
     *
     * @param account       the physician's account
     * @param name          the physician's name, as in the catalog
     * @param licenceNumber the physician's licence number (医籍登録番号), as in the catalog
     * @param at            when the treatment was confirmed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConfirmedBy(String account, String name, String licenceNumber, OffsetDateTime at) {
    }

    /**
     * Why a minor patient did not sign their own assent (schema 2), recorded by the physician with their own password
     * ({@code account}, the physician who confirmed the treatment): printed in the PDF instead of the minor's
     * signature.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AssentNotSigned(String reason, String account, OffsetDateTime at) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Lot(String number, LocalDate expiry) {
    }

    /** The patient tapped "I have understood this" on a section. */
    public record Acknowledgement(String section, OffsetDateTime at) {
    }

    /** Every answer to one check question, in the order given; the last must be correct. */
    public record QuizEntry(String question, List<Answer> answers) {
        public QuizEntry {
            answers = answers == null ? List.of() : List.copyOf(answers);
        }
    }

    public record Answer(String option, OffsetDateTime at, Boolean correct) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Notes(String physician, List<PatientQuestion> patientQuestions) {
        public Notes {
            patientQuestions = patientQuestions == null ? List.of() : List.copyOf(patientQuestions);
        }
    }

    /** A question the patient asked, and the answer given. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PatientQuestion(String question, String answer, String section) {
    }

    /**
     * A handwritten signature: who, in what role, when, the image as base64 PNG (what the PDF shows) and, when it
     * was drawn on the signature pad, the strokes as the device reported them.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Signature(SignatureRole role, String name, OffsetDateTime at, String png, List<Stroke> strokes) {
        public Signature(SignatureRole role, String name, OffsetDateTime at, String png) {
            this(role, name, at, png, null);
        }
    }

    public enum Route {
        @JsonProperty("iv") IV,
        @JsonProperty("injection") INJECTION,
        @JsonProperty("topical") TOPICAL
    }

    /** Whose cells (or what source) the product is made from, as the catalog says (schema 2). */
    public enum Origin {
        /** Another person's (a donor's) cells. */
        @JsonProperty("allogeneic") ALLOGENEIC,
        /** The patient's own cells. */
        @JsonProperty("autologous") AUTOLOGOUS,
        /** Not human: a plant or another source. */
        @JsonProperty("non-human") NON_HUMAN,
        /** The clinic does not know. */
        @JsonProperty("unknown") UNKNOWN
    }

    /** How the product reaches the clinic, as the catalog says (schema 2). */
    public enum Supply {
        @JsonProperty("cosmetic-ingredient") COSMETIC_INGREDIENT,
        @JsonProperty("research-reagent") RESEARCH_REAGENT,
        @JsonProperty("clinic-prepared") CLINIC_PREPARED,
        @JsonProperty("other") OTHER,
        @JsonProperty("unknown") UNKNOWN
    }

    public enum Sterilisation {
        @JsonProperty("sterilised") STERILISED,
        @JsonProperty("not-sterilised") NOT_STERILISED,
        @JsonProperty("unknown") UNKNOWN
    }

    /** The clinic's judgement whether the cooling-off rules of the Specified Commercial Transactions Act apply. */
    public enum CoolingOff {
        @JsonProperty("applies") APPLIES,
        @JsonProperty("does-not-apply") DOES_NOT_APPLY,
        @JsonProperty("to-be-confirmed") TO_BE_CONFIRMED
    }

    public enum SignatureRole {
        @JsonProperty("patient") PATIENT,
        @JsonProperty("representative") REPRESENTATIVE,
        @JsonProperty("physician") PHYSICIAN
    }
}
