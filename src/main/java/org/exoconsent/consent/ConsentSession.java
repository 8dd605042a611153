package org.exoconsent.consent;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
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
 *
 * <p>Schema version 3 (issue 12 §2) carries, in {@code clinic}, {@code physician} and {@code treatment.product}, the
 * clinic's texts in the consultation's language (so that the signed record stays self-contained), adds
 * {@code treatment.product.catalogName} (the name the clinic's catalog lists the product under, by which its lots
 * and recalls find it) and stores a legal representative's relationship as a code ({@link Relationship}) with
 * {@code relationshipText} for "other". Versions 1 and 2 are still read: their free-text relationship is mapped to
 * the list on reading ({@link Relationship#fromFreeText}), and their product's name is its catalog name.
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
        // "quiz" in session files, drafts and the signed records' snapshots since the first release: kept there
        @com.fasterxml.jackson.annotation.JsonProperty("quiz") List<CheckQuestionAnswers> checkQuestions,
        Notes notes,
        AssentNotSigned assentNotSigned,
        List<Signature> signatures) {

    /** The schema version this program writes (issue 12 §2). */
    public static final int SCHEMA_VERSION = 3;
    /**
     * The schema version before it (issue 11), still read and still signed: its texts are as the session holds them
     * (a version-2 session in English whose clinic texts are Japanese is refused by the language rule of
     * {@link CompletenessCheck}), its relationship is mapped to the list, its product's name is the catalog's.
     */
    public static final int SCHEMA_VERSION_2 = 2;
    /** The first schema version, still read (drafts and records made before issue 11), never signed. */
    public static final int SCHEMA_VERSION_1 = 1;

    public ConsentSession {
        acknowledgements = acknowledgements == null ? List.of() : List.copyOf(acknowledgements);
        checkQuestions = checkQuestions == null ? List.of() : List.copyOf(checkQuestions);
        signatures = signatures == null ? List.of() : List.copyOf(signatures);
    }

    /** This session with other signatures (e.g. the images left out for the index's snapshot). */
    public ConsentSession withSignatures(List<Signature> replaced) {
        return new ConsentSession(schemaVersion, id, template, clinic, physician, patient, representative, treatment,
                previousConsent, lastConsent, startedAt, preparedBy, confirmedBy, acknowledgements, checkQuestions, notes,
                assentNotSigned, replaced);
    }

    /** This session under another document id (a copy of an example, a test's second consultation). */
    public ConsentSession withId(String replaced) {
        return new ConsentSession(schemaVersion, replaced, template, clinic, physician, patient, representative,
                treatment, previousConsent, lastConsent, startedAt, preparedBy, confirmedBy, acknowledgements, checkQuestions,
                notes, assentNotSigned, signatures);
    }

    /** This session with another treatment (e.g. the product's snapshot taken again from the catalog). */
    public ConsentSession withTreatment(Treatment replaced) {
        return new ConsentSession(schemaVersion, id, template, clinic, physician, patient, representative, replaced,
                previousConsent, lastConsent, startedAt, preparedBy, confirmedBy, acknowledgements, checkQuestions, notes,
                assentNotSigned, signatures);
    }

    /** This session with another physician's confirmation (null: none). */
    public ConsentSession withConfirmedBy(ConfirmedBy replaced) {
        return new ConsentSession(schemaVersion, id, template, clinic, physician, patient, representative, treatment,
                previousConsent, lastConsent, startedAt, preparedBy, replaced, acknowledgements, checkQuestions, notes,
                assentNotSigned, signatures);
    }

    /** This session with another reason why a minor did not sign (null: none). */
    public ConsentSession withAssentNotSigned(AssentNotSigned replaced) {
        return new ConsentSession(schemaVersion, id, template, clinic, physician, patient, representative, treatment,
                previousConsent, lastConsent, startedAt, preparedBy, confirmedBy, acknowledgements, checkQuestions, notes,
                replaced, signatures);
    }

    /** This session with another legal representative (null: none). */
    public ConsentSession withRepresentative(Representative replaced) {
        return new ConsentSession(schemaVersion, id, template, clinic, physician, patient, replaced, treatment,
                previousConsent, lastConsent, startedAt, preparedBy, confirmedBy, acknowledgements, checkQuestions, notes,
                assentNotSigned, signatures);
    }

    /** This session with another last consent (null: none). */
    public ConsentSession withLastConsent(LastConsent replaced) {
        return new ConsentSession(schemaVersion, id, template, clinic, physician, patient, representative, treatment,
                previousConsent, replaced, startedAt, preparedBy, confirmedBy, acknowledgements, checkQuestions, notes,
                assentNotSigned, signatures);
    }

    /** Which template, version and language the patient was shown; {@code sha256} pins the exact text. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TemplateRef(String id, String version, String language, String sha256) {
    }

    /**
     * The clinic as the document names it: name, address and blood-donation policy in the consultation's language
     * (schema 3; as the catalog wrote them), the telephone number as it is.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Clinic(String name, String address, String phone, String bloodDonationPolicy) {
    }

    /**
     * The physician: the name as written in the consultation's language (schema 3: in Latin letters for English),
     * and the licence number (医籍登録番号) that identifies them.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Physician(String name, String licenceNumber) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Patient(String name, String kana, LocalDate dateOfBirth, String patientNumber, String phone,
                          String address) {
    }

    /**
     * A parent, guardian or other legal representative who consents for the patient.
     *
     * @param relationship     who they are to the patient, from the list ({@link Relationship}); null when not given
     * @param relationshipText for {@link Relationship#OTHER} only: the relationship in the words given, printed as
     *                         typed (like the names, it is not translated)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Representative(String name, String kana, Relationship relationship, String relationshipText,
                                 String phone) {
        /**
         * Reads a representative of any schema version. {@code freeText} (injected by {@link SessionJson}) is true for
         * schema 1 and 2, whose relationship was typed freely: it is mapped to the list, an unknown one becoming
         * {@link Relationship#OTHER} that keeps the text. In schema 3 only the list's codes are accepted.
         *
         * @throws IllegalArgumentException a schema-3 relationship that is not one of the codes
         */
        @JsonCreator
        static Representative fromJson(@JsonProperty("name") String name, @JsonProperty("kana") String kana,
                                       @JsonProperty("relationship") String relationship,
                                       @JsonProperty("relationshipText") String relationshipText,
                                       @JsonProperty("phone") String phone,
                                       @JacksonInject(SessionJson.FREE_TEXT_RELATIONSHIP) Boolean freeText) {
            if (relationship == null) {
                return new Representative(name, kana, null, relationshipText, phone);
            }
            Relationship code = Relationship.ofCode(relationship);
            if (code == null && !Boolean.TRUE.equals(freeText)) {
                throw new IllegalArgumentException("'" + relationship + "' is not one of " + Relationship.codes()
                        + " (another relationship: \"other\" with its words in relationshipText)");
            }
            if (code != null) {
                return new Representative(name, kana, code, relationshipText, phone);
            }
            Relationship mapped = Relationship.fromFreeText(relationship);
            return new Representative(name, kana, mapped, mapped == Relationship.OTHER ? relationship.strip() : null,
                    phone);
        }
    }

    /**
     * Who a legal representative is to the patient (issue 12 §2): chosen from this list, shown in each language,
     * stored as its code. Parents (親権者, 民法第818条) and a minor's guardian (未成年後見人, 民法第838条) represent a
     * minor; an adult guardian (成年後見人, 民法第8条) represents an adult under guardianship; anyone else is "other",
     * with the relationship in the words given.
     */
    public enum Relationship {
        @JsonProperty("mother") MOTHER("mother"),
        @JsonProperty("father") FATHER("father"),
        /** A minor's guardian (未成年後見人). */
        @JsonProperty("guardian") GUARDIAN("guardian"),
        /** An adult guardian (成年後見人). */
        @JsonProperty("adult-guardian") ADULT_GUARDIAN("adult-guardian"),
        /** Anyone else: the words given are kept in {@code relationshipText}. */
        @JsonProperty("other") OTHER("other");

        private final String code;

        Relationship(String code) {
            this.code = code;
        }

        /** The code the session stores and the bundles key their names by, e.g. {@code adult-guardian}. */
        public String code() {
            return code;
        }

        /** The relationship with this code, or null. */
        public static Relationship ofCode(String code) {
            for (Relationship r : values()) {
                if (r.code.equals(code)) {
                    return r;
                }
            }
            return null;
        }

        /** The codes, in the order of the list. */
        public static List<String> codes() {
            return java.util.Arrays.stream(values()).map(Relationship::code).toList();
        }

        /**
         * A relationship typed as free text before the list existed (schema 1 and 2 sessions, drafts and record
         * snapshots), mapped to the list: 母, 母親, お母さん, 実母, mother, mum, mom → mother; 父, 父親, お父さん,
         * 実父, father, dad → father; 未成年後見人, guardian, legal guardian → guardian; 成年後見人, adult guardian
         * → adult guardian; a code itself → that code. Compared after NFKC normalisation, without spaces and case.
         * Anything else (親, 祖母, aunt …) is {@link #OTHER}: the caller keeps the text.
         */
        public static Relationship fromFreeText(String text) {
            if (text == null) {
                return null;
            }
            String t = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC).strip()
                    .toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s_]+", " ");
            Relationship code = ofCode(t.replace(' ', '-'));
            if (code != null) {
                return code;
            }
            return switch (t) {
                case "母", "母親", "はは", "お母さん", "お母様", "実母", "mum", "mom", "mother" -> MOTHER;
                case "父", "父親", "ちち", "お父さん", "お父様", "実父", "dad", "father" -> FATHER;
                case "未成年後見人", "legal guardian", "guardian of a minor" -> GUARDIAN;
                case "成年後見人", "adult guardian" -> ADULT_GUARDIAN;
                default -> OTHER;
            };
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Treatment(String indication, Route route, LocalDate plannedDate, Integer sessions, Long priceYen,
                            CoolingOff coolingOff, Product product, Lot lot) {

        /**
         * This treatment with its product's {@code catalogName} filled in: a product snapshot of schema 1 or 2 (a
         * resumed draft) names the catalog's product by its name. The treatment itself when it has a catalog name
         * or no product.
         */
        public Treatment withCatalogName() {
            if (product == null || product.catalogName() != null) {
                return this;
            }
            Product p = product;
            return new Treatment(indication, route, plannedDate, sessions, priceYen, coolingOff,
                    new Product(p.name(), p.manufacturer(), p.sourceCells(), p.virusTests(), p.sterilisation(),
                            p.storage(), p.origin(), p.supply(), p.listedAs()), lot);
        }
    }

    /**
     * The product as it was when the consent was given (a snapshot of the catalog): its name, manufacturer, source
     * cells, tests and storage in the consultation's language (schema 3). {@code origin} and {@code supply} are null
     * in schema version 1.
     *
     * @param catalogName the name the clinic's catalog lists the product under (schema 3), by which its lot is
     *                    checked when recorded and a recall finds it; read as {@code name} from schema 1 and 2, whose
     *                    name was the catalog's
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Product(String name, String manufacturer, String sourceCells, List<String> virusTests,
                          Sterilisation sterilisation, String storage, Origin origin, Supply supply,
                          String catalogName) {
        public Product {
            virusTests = virusTests == null ? null : List.copyOf(virusTests);
        }

        /** A product of schema 1 or 2 (its name is the catalog's). */
        public Product(String name, String manufacturer, String sourceCells, List<String> virusTests,
                       Sterilisation sterilisation, String storage, Origin origin, Supply supply) {
            this(name, manufacturer, sourceCells, virusTests, sterilisation, storage, origin, supply, null);
        }

        /** The name the catalog lists this product under: {@code catalogName}, or the name when there is none. */
        public String listedAs() {
            return catalogName != null ? catalogName : name;
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
    public record CheckQuestionAnswers(String question, List<Answer> answers) {
        public CheckQuestionAnswers {
            answers = answers == null ? List.of() : List.copyOf(answers);
        }
    }

    /**
     * One attempt at a check question. After a wrong one the patient reads the question's section again and
     * acknowledges it again ({@code acknowledgedAgain}, the time; since issue 16 §7, null in earlier sessions); after
     * every third wrong one the physician first explains that section again in person ({@code explainedAgain}; rule
     * C5 of docs/SESSION.md).
     */
    public record Answer(String option, OffsetDateTime at, Boolean correct,
                         @JsonInclude(JsonInclude.Include.NON_NULL) OffsetDateTime acknowledgedAgain,
                         @JsonInclude(JsonInclude.Include.NON_NULL) ExplainedAgain explainedAgain) {
        /** An attempt as sessions before issue 16 §7 held it: no second acknowledgement, no second explanation. */
        public Answer(String option, OffsetDateTime at, Boolean correct) {
            this(option, at, correct, null, null);
        }

        /** This attempt with the time its section was acknowledged again. */
        public Answer withAcknowledgedAgain(OffsetDateTime when) {
            return new Answer(option, at, correct, when, explainedAgain);
        }

        /** This attempt with the physician's second explanation of its section. */
        public Answer withExplainedAgain(ExplainedAgain e) {
            return new Answer(option, at, correct, acknowledgedAgain, e);
        }
    }

    /**
     * The physician explained a section again in person after the patient answered its check question wrongly a
     * third time (issue 16 §7; rule C5 of docs/SESSION.md), confirmed with their own password (audited
     * {@code section-explained-again}); printed in the PDF under the question's attempts.
     *
     * @param section       the section explained again (the one the question checks)
     * @param account       the physician's account: the one who confirmed the treatment
     * @param name          the physician's name as the consultation's {@code confirmedBy} gives it
     * @param licenceNumber the physician's licence number (医籍登録番号)
     * @param at            when the physician confirmed it (the clinic's zone offset)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExplainedAgain(String section, String account, String name, String licenceNumber,
                                 OffsetDateTime at) {
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
