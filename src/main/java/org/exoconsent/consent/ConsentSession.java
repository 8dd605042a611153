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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "id", "template", "clinic", "physician", "patient", "representative",
        "treatment", "previousConsent", "startedAt", "acknowledgements", "quiz", "notes", "signatures"})
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
        OffsetDateTime startedAt,
        List<Acknowledgement> acknowledgements,
        List<QuizEntry> quiz,
        Notes notes,
        List<Signature> signatures) {

    public static final int SCHEMA_VERSION = 1;

    public ConsentSession {
        acknowledgements = acknowledgements == null ? List.of() : List.copyOf(acknowledgements);
        quiz = quiz == null ? List.of() : List.copyOf(quiz);
        signatures = signatures == null ? List.of() : List.copyOf(signatures);
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

    /** The product as it was when the consent was given (a snapshot of the catalog). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Product(String name, String manufacturer, String sourceCells, List<String> virusTests,
                          Sterilisation sterilisation, String storage) {
        public Product {
            virusTests = virusTests == null ? null : List.copyOf(virusTests);
        }
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
