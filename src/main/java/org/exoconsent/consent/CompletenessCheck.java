package org.exoconsent.consent;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.exoconsent.consent.ConsentSession.Answer;
import org.exoconsent.consent.ConsentSession.CheckQuestionAnswers;
import org.exoconsent.consent.ConsentSession.Signature;
import org.exoconsent.consent.ConsentSession.SignatureRole;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.Manifest;
import org.exoconsent.limits.InputLimits;

/**
 * Decides whether a session may become a signed consent document, and if not, lists everything that is missing
 * or wrong, each item naming its field. The rules:
 * <ul>
 * <li>every required field is filled; the template, version, language (and hash, if recorded) match;</li>
 * <li>every mandatory section acknowledged;</li>
 * <li>every check question finally answered correctly; wrong attempts are kept before it;</li>
 * <li>who prepared the consultation, and the session's own physician's confirmation of the treatment before the
 * explanation (schema 2; MHLW 医政発0815第21号);</li>
 * <li>the patient's signature, or a legal representative's (required when the patient is under 18, counted on the
 * consultation day in the clinic's time zone); a minor's own signature as assent, or the physician's reason why they
 * cannot sign; the physician's signature; signatures are real drawings, not empty images;</li>
 * <li>for a returning patient whose last consent used an earlier version with material changes, the "what changed"
 * section acknowledged like any other;</li>
 * <li>times in a sensible order: start, acknowledgements, answers, signatures, and none in the future.</li>
 * </ul>
 */
public final class CompletenessCheck {
    /** Age of majority in Japan since 1 April 2022 (民法第4条 as amended; FACTS.md "Law on consent"). */
    public static final int AGE_OF_MAJORITY = 18;
    /** Tolerated difference between the tablet's clock and this computer's. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final int MIN_INK_PIXELS = 150;
    static final int MIN_INK_WIDTH = 40;

    private CompletenessCheck() {
    }

    /**
     * Throws with the full list of problems, or returns when the session may be rendered and signed.
     *
     * @param clock the clinic's clock: its instant is "now" (nothing may lie in the future of it), its zone counts
     *              the consultation day and so the patient's age
     */
    public static void require(ConsentSession s, ConsentTemplate t, ClinicClock clock, String source)
            throws SessionException {
        List<String> problems = problems(s, t, clock);
        if (!problems.isEmpty()) {
            throw new SessionException(source, problems);
        }
    }

    /**
     * Every problem of the session, each naming its field; empty when it may be rendered and signed.
     *
     * @param clock the clinic's clock (see {@link #require})
     */
    public static List<String> problems(ConsentSession s, ConsentTemplate t, ClinicClock clock) {
        // the size limits first, and alone: a session over them is refused before any image is decoded
        List<String> limits = SessionLimits.problems(s);
        if (!limits.isEmpty()) {
            return limits;
        }
        List<String> p = new ArrayList<>();
        if (Objects.equals(s.schemaVersion(), ConsentSession.SCHEMA_VERSION_1)) {
            p.add("schemaVersion: is 1, written before the physician's confirmation of the treatment was recorded "
                    + "(MHLW 医政発0815第21号); such a session is still read, but no consent can be signed from it: "
                    + "restart the consultation (docs/SESSION.md)");
        } else if (!Objects.equals(s.schemaVersion(), ConsentSession.SCHEMA_VERSION)
                && !Objects.equals(s.schemaVersion(), ConsentSession.SCHEMA_VERSION_2)) {
            p.add("schemaVersion: " + (s.schemaVersion() == null ? "missing" : "is " + s.schemaVersion())
                    + "; this program signs schemaVersion " + ConsentSession.SCHEMA_VERSION + " (and "
                    + ConsentSession.SCHEMA_VERSION_2 + ")");
        }
        text(p, "id", s.id());
        if (s.previousConsent() != null && (s.previousConsent().isBlank() || s.previousConsent().equals(s.id()))) {
            p.add("previousConsent: must name an earlier consent's document id, not '" + s.previousConsent() + "'");
        }
        checkTemplate(p, s, t);
        checkPeople(p, s, clock);
        checkTreatment(p, s, t);
        if (s.startedAt() == null) {
            p.add("startedAt: missing (when the consultation began)");
        }
        checkConfirmation(p, s);
        checkLastConsent(p, s, clock);
        checkAcknowledgements(p, s, t);
        checkQuestionAnswers(p, s, t);
        checkReadingAgain(p, s, t);
        checkSignatures(p, s, t, clock);
        checkTimes(p, s, t, clock);
        checkNotes(p, s);
        p.addAll(languageProblems(s));
        return p;
    }

    /**
     * Every problem of an informed refusal (issue 16 §5; docs/SESSION.md, "The informed refusal", R1–R7), each naming
     * its field; empty when it may be rendered and signed.
     * <ul>
     * <li>R1 its kind, schema version and id ({@code <consultation id>-refusal});</li>
     * <li>R2 the consultation passes every rule of a consent that holds before the patient signs: schema version 3,
     * template, people, treatment (product and lot), the physician's confirmation before the explanation, notes and
     * language; its own signature list is empty;</li>
     * <li>R3 the template version has the informed refusal's text in the consultation's language ({@code refusal},
     * from exosome-therapy 1.3.0);</li>
     * <li>R4 at least one section was explained, each a section of the template (or {@code changes-since}), none twice,
     * and every acknowledged section is among them;</li>
     * <li>R5 it was declined after the consultation began and not in the future;</li>
     * <li>R6 the physician signed (their name, a handwritten image);</li>
     * <li>R7 the patient signed (for a minor or a patient with a legal representative, the representative may sign
     * instead; a minor's refusal is signed by the representative) or the physician recorded that the patient would
     * not sign ({@code patientWouldNotSign}: a note of at most {@value #MAX_REASON_CHARACTERS} characters, the
     * physician's account who confirmed the treatment), never both.</li>
     * </ul>
     *
     * @param clock the clinic's clock: "now" and the consultation day
     */
    public static List<String> refusalProblems(InformedRefusal r, ConsentTemplate t, ClinicClock clock) {
        List<String> limits = SessionLimits.problems(r);
        if (!limits.isEmpty()) {
            return limits;
        }
        List<String> p = new ArrayList<>();
        if (!InformedRefusal.KIND.equals(r.kind())) {
            p.add("kind: must be '" + InformedRefusal.KIND + "'");
        }
        if (!Objects.equals(r.schemaVersion(), InformedRefusal.SCHEMA_VERSION)) {
            p.add("schemaVersion: " + (r.schemaVersion() == null ? "missing" : "is " + r.schemaVersion())
                    + "; this program signs informed refusals of schemaVersion " + InformedRefusal.SCHEMA_VERSION);
        }
        ConsentSession s = r.consultation();
        if (s == null) {
            p.add("consultation: missing (the consultation the patient declined)");
            return p;
        }
        text(p, "id", r.id());
        if (s.id() != null && r.id() != null && !r.id().equals(s.id() + InformedRefusal.ID_SUFFIX)) {
            p.add("id: '" + r.id() + "' must be the consultation's id followed by '" + InformedRefusal.ID_SUFFIX
                    + "' ('" + s.id() + InformedRefusal.ID_SUFFIX + "')");
        }
        // R2: the consultation as it stood
        List<String> c = new ArrayList<>();
        if (!Objects.equals(s.schemaVersion(), ConsentSession.SCHEMA_VERSION)) {
            c.add("schemaVersion: " + (s.schemaVersion() == null ? "missing" : "is " + s.schemaVersion())
                    + "; an informed refusal is made from a consultation of schemaVersion "
                    + ConsentSession.SCHEMA_VERSION);
        }
        text(c, "id", s.id());
        checkTemplate(c, s, t);
        checkPeople(c, s, clock);
        checkTreatment(c, s, t);
        if (s.startedAt() == null) {
            c.add("startedAt: missing (when the consultation began)");
        }
        checkConfirmation(c, s);
        checkNotes(c, s);
        c.addAll(languageProblems(s));
        if (!s.signatures().isEmpty()) {
            c.add("signatures: a consultation the patient declined carries no consent signature; the refusal's "
                    + "signatures are in its own list");
        }
        for (String x : c) {
            p.add("consultation." + x);
        }
        // R3: the text
        String lang = s.template() == null ? null : s.template().language();
        boolean worded = lang != null && t.language(lang).map(l -> l.refusal() != null).orElse(false);
        if (!worded) {
            p.add("consultation.template.version: template " + t.id() + " version " + t.version() + " has no text "
                    + "for an informed refusal" + (lang == null ? "" : " in '" + lang + "'") + " (refusal:, from "
                    + "exosome-therapy 1.3.0 on); activate a version that has it");
        }
        // R4: what was explained
        java.util.Set<String> explained = new java.util.HashSet<>();
        if (r.explained().isEmpty()) {
            p.add("explained: empty; an informed refusal records the sections explained before the patient declined");
        }
        for (int i = 0; i < r.explained().size(); i++) {
            String id = r.explained().get(i);
            String f = "explained[" + i + "]";
            if (!text(p, f, id)) {
                continue;
            }
            if (t.manifest().sections().stream().noneMatch(d -> d.id().equals(id))
                    && !SessionText.CHANGES_SINCE.equals(id)) {
                p.add(f + ": '" + id + "' is not a section of the template");
            } else if (!explained.add(id)) {
                p.add(f + ": '" + id + "' is listed twice");
            }
        }
        for (int i = 0; i < s.acknowledgements().size(); i++) {
            ConsentSession.Acknowledgement a = s.acknowledgements().get(i);
            if (a != null && a.section() != null && !explained.contains(a.section())) {
                p.add("consultation.acknowledgements[" + i + "].section: '" + a.section() + "' was acknowledged, "
                        + "so it was explained: list it in explained");
            }
        }
        // R5: when
        Instant latestAllowed = clock.instant().plus(CLOCK_SKEW);
        if (object(p, "declinedAt", r.declinedAt())) {
            if (s.startedAt() != null && r.declinedAt().isBefore(s.startedAt())) {
                p.add("declinedAt: " + r.declinedAt() + " is before the consultation began (" + s.startedAt() + ")");
            }
            if (r.declinedAt().toInstant().isAfter(latestAllowed)) {
                p.add("declinedAt: " + r.declinedAt() + " is in the future (this computer's clock says "
                        + clock.iso(clock.instant()) + ")");
            }
        }
        // R6, R7: who signed
        Map<SignatureRole, Signature> byRole = signatures(p, r.signatures(), s);
        for (int i = 0; i < r.signatures().size(); i++) {
            Signature sig = r.signatures().get(i);
            if (sig != null && sig.at() != null && sig.at().toInstant().isAfter(latestAllowed)) {
                p.add("signatures[" + i + "].at: " + sig.at() + " is in the future");
            }
        }
        if (!byRole.containsKey(SignatureRole.PHYSICIAN)) {
            p.add("signatures: the physician's signature is missing");
        }
        boolean patientSigned = byRole.containsKey(SignatureRole.PATIENT)
                || byRole.containsKey(SignatureRole.REPRESENTATIVE);
        boolean minor = s.patient() != null && s.patient().dateOfBirth() != null && s.startedAt() != null
                && isMinor(s, clock);
        if (minor && byRole.containsKey(SignatureRole.PATIENT) && !byRole.containsKey(SignatureRole.REPRESENTATIVE)) {
            p.add("signatures: the patient is under " + AGE_OF_MAJORITY + "; the legal representative signs the "
                    + "refusal (or the physician records that they would not sign)");
        }
        InformedRefusal.WouldNotSign none = r.patientWouldNotSign();
        if (patientSigned && none != null) {
            p.add("patientWouldNotSign: the patient's side signed, so no note that they would not sign may be "
                    + "recorded");
        } else if (!patientSigned && none == null) {
            p.add("signatures: the patient's signature is missing, or the physician's note that the patient would "
                    + "not sign (patientWouldNotSign)");
        } else if (none != null) {
            if (text(p, "patientWouldNotSign.note", none.note())) {
                int length = none.note().codePointCount(0, none.note().length());
                if (length > MAX_REASON_CHARACTERS) {
                    p.add("patientWouldNotSign.note: " + length + " characters; at most " + MAX_REASON_CHARACTERS);
                } else {
                    TextRules.multiLine("patientWouldNotSign.note", none.note()).ifPresent(p::add);
                }
            }
            object(p, "patientWouldNotSign.at", none.at());
            if (text(p, "patientWouldNotSign.account", none.account()) && s.confirmedBy() != null
                    && !none.account().equals(s.confirmedBy().account())) {
                p.add("patientWouldNotSign.account: '" + none.account() + "' recorded the note, but the physician "
                        + "of this consultation is '" + s.confirmedBy().account() + "'");
            }
        }
        return p;
    }

    /**
     * Throws with every problem of {@link #refusalProblems}, or returns when the informed refusal may be signed.
     *
     * @throws SessionException naming {@code source} and every problem
     */
    public static void requireRefusal(InformedRefusal r, ConsentTemplate t, ClinicClock clock, String source)
            throws SessionException {
        List<String> problems = refusalProblems(r, t, clock);
        if (!problems.isEmpty()) {
            throw new SessionException(source, problems);
        }
    }

    /** The language of the clinic's own catalog texts; a document in any other language must not contain them. */
    public static final String CATALOG_LANGUAGE = "ja";

    /**
     * The rule "every word in the patient's language" (issue 12 §2) for what the clinic wrote: in a consultation whose
     * language is not Japanese, the clinic's name, address, telephone and blood-donation policy, the physician's name
     * (also as confirmed) and the product's name, manufacturer, source cells, tests and storage contain no Japanese or
     * other East Asian character ({@link Scripts}); such a text means the clinic has not written that text in the
     * consultation's language, and a document is never in two languages. What the patient's side typed (names, the
     * reading, a relationship given in their words, notes, questions) is theirs and not checked. Each problem names
     * the field, the character, and who adds the missing text where.
     *
     * @return the problems, empty for a Japanese consultation or when every text is in the consultation's script
     */
    public static List<String> languageProblems(ConsentSession s) {
        List<String> p = new ArrayList<>();
        String lang = s.template() == null ? null : s.template().language();
        if (lang == null || lang.isBlank() || CATALOG_LANGUAGE.equals(lang)) {
            return p;
        }
        String clinicWhere = "an administrator adds the clinic's texts in Administration > Clinic (command line: "
                + "exoconsent catalog set-clinic --name-" + lang + " … --address-" + lang + " … "
                + "--blood-donation-policy-" + lang + " …)";
        if (s.clinic() != null) {
            foreign(p, lang, "clinic.name", s.clinic().name(), clinicWhere);
            foreign(p, lang, "clinic.address", s.clinic().address(), clinicWhere);
            foreign(p, lang, "clinic.phone", s.clinic().phone(), clinicWhere);
            foreign(p, lang, "clinic.bloodDonationPolicy", s.clinic().bloodDonationPolicy(), clinicWhere);
        }
        String licence = s.physician() == null ? "LICENCE" : s.physician().licenceNumber();
        String physicianWhere = "an administrator adds the physician's name in Latin letters in Administration > "
                + "Physicians (command line: exoconsent catalog set-physician --licence " + licence + " --name-"
                + lang + " …)";
        if (s.physician() != null) {
            foreign(p, lang, "physician.name", s.physician().name(), physicianWhere);
        }
        if (s.confirmedBy() != null) {
            foreign(p, lang, "confirmedBy.name", s.confirmedBy().name(), physicianWhere);
        }
        ConsentSession.Product pr = s.treatment() == null ? null : s.treatment().product();
        if (pr != null) {
            String productWhere = "an administrator adds the product's texts in Administration > Products (command "
                    + "line: exoconsent catalog set-product --name '" + pr.listedAs() + "' --name-" + lang + " … "
                    + "--manufacturer-" + lang + " … --source-cells-" + lang + " … --virus-test-" + lang + " …"
                    + (pr.storage() == null ? "" : " --storage-" + lang + " …") + ")";
            foreign(p, lang, "treatment.product.name", pr.name(), productWhere);
            foreign(p, lang, "treatment.product.manufacturer", pr.manufacturer(), productWhere);
            foreign(p, lang, "treatment.product.sourceCells", pr.sourceCells(), productWhere);
            if (pr.virusTests() != null) {
                for (int i = 0; i < pr.virusTests().size(); i++) {
                    foreign(p, lang, "treatment.product.virusTests[" + i + "]", pr.virusTests().get(i), productWhere);
                }
            }
            foreign(p, lang, "treatment.product.storage", pr.storage(), productWhere);
        }
        return p;
    }

    private static void foreign(List<String> p, String lang, String field, String value, String where) {
        java.util.OptionalInt c = Scripts.firstEastAsian(value);
        if (c.isPresent()) {
            String language = java.util.Locale.forLanguageTag(lang).getDisplayLanguage(java.util.Locale.ENGLISH);
            p.add(field + ": '" + value + "' is not written in " + language + " (" + Scripts.describe(c.getAsInt())
                    + "), the language of this consultation: the clinic's " + language + " text is missing, and a "
                    + "document is never in two languages; " + where);
        }
    }

    /**
     * Who prepared the consultation and the physician who confirmed the treatment (MHLW 医政発0815第21号, 15 Aug
     * 2025: staff may prepare; the physician decides): both present, the confirming physician is the session's
     * physician, and the confirmation came after the preparation and before the explanation.
     */
    private static void checkConfirmation(List<String> p, ConsentSession s) {
        if (object(p, "preparedBy", s.preparedBy())) {
            text(p, "preparedBy.account", s.preparedBy().account());
            object(p, "preparedBy.at", s.preparedBy().at());
        }
        if (s.confirmedBy() == null) { // said with what to do: a staff member's record of an unconfirmed session
            p.add("confirmedBy: missing: the consultation's physician confirms the treatment with their own password "
                    + "before the explanation (in the app, or: exoconsent confirm --session FILE)");
            return;
        }
        ConsentSession.ConfirmedBy c = s.confirmedBy();
        text(p, "confirmedBy.account", c.account());
        boolean named = text(p, "confirmedBy.name", c.name());
        boolean licensed = text(p, "confirmedBy.licenceNumber", c.licenceNumber());
        object(p, "confirmedBy.at", c.at());
        ConsentSession.Physician ph = s.physician();
        if (named && licensed && ph != null && ph.name() != null && ph.licenceNumber() != null
                && !(c.name().equals(ph.name()) && c.licenceNumber().equals(ph.licenceNumber()))) {
            p.add("confirmedBy: the treatment was confirmed by " + c.name() + " (licence " + c.licenceNumber()
                    + "), but the physician of this consent is " + ph.name() + " (licence " + ph.licenceNumber()
                    + "); the physician who explains and signs must be the one who confirmed the treatment");
        }
        if (c.at() != null && s.preparedBy() != null && s.preparedBy().at() != null
                && c.at().isBefore(s.preparedBy().at())) {
            p.add("confirmedBy.at: " + c.at() + " is before the consultation was prepared (" + s.preparedBy().at()
                    + ")");
        }
        if (c.at() != null) {
            for (int i = 0; i < s.acknowledgements().size(); i++) {
                ConsentSession.Acknowledgement a = s.acknowledgements().get(i);
                if (a != null && a.at() != null && a.at().isBefore(c.at())) {
                    p.add("acknowledgements[" + i + "].at: " + a.at() + " is before the physician confirmed the "
                            + "treatment (" + c.at() + "); the explanation starts after the confirmation");
                    break;
                }
            }
        }
    }

    private static void checkLastConsent(List<String> p, ConsentSession s, ClinicClock clock) {
        ConsentSession.LastConsent l = s.lastConsent();
        if (l == null) {
            return;
        }
        if (text(p, "lastConsent.documentId", l.documentId()) && l.documentId().equals(s.id())) {
            p.add("lastConsent.documentId: names this consent itself");
        }
        object(p, "lastConsent.date", l.date());
        if (text(p, "lastConsent.templateVersion", l.templateVersion())
                && !l.templateVersion().matches("\\d+(\\.\\d+)*")) {
            p.add("lastConsent.templateVersion: '" + l.templateVersion() + "' is not a version number");
        }
        if (l.date() != null && s.startedAt() != null && l.date().isAfter(consultationDay(s, clock))) {
            p.add("lastConsent.date: " + l.date() + " is after this consultation");
        }
    }

    private static void checkNotes(List<String> p, ConsentSession s) {
        if (s.notes() == null) {
            return;
        }
        TextRules.multiLine("notes.physician", s.notes().physician()).ifPresent(p::add);
        for (int i = 0; i < s.notes().patientQuestions().size(); i++) {
            ConsentSession.PatientQuestion q = s.notes().patientQuestions().get(i);
            if (q != null) {
                TextRules.multiLine("notes.patientQuestions[" + i + "].question", q.question()).ifPresent(p::add);
                TextRules.multiLine("notes.patientQuestions[" + i + "].answer", q.answer()).ifPresent(p::add);
            }
        }
    }

    /** Adds the problem of a single-line field's characters ({@link TextRules#singleLine}), if any. */
    private static void line(List<String> p, String field, String value) {
        TextRules.singleLine(field, value).ifPresent(p::add);
    }

    private static boolean text(List<String> p, String field, String value) {
        if (value == null || value.isBlank()) {
            p.add(field + ": missing");
            return false;
        }
        if (!TextRules.visible(value)) {
            p.add(field + ": has no visible character (only spaces, marks or invisible characters), so it would "
                    + "print as a blank");
            return false;
        }
        return true;
    }

    private static boolean object(List<String> p, String field, Object value) {
        if (value == null) {
            p.add(field + ": missing");
            return false;
        }
        return true;
    }

    private static void checkTemplate(List<String> p, ConsentSession s, ConsentTemplate t) {
        if (!object(p, "template", s.template())) {
            return;
        }
        ConsentSession.TemplateRef r = s.template();
        if (text(p, "template.id", r.id()) && !r.id().equals(t.id())) {
            p.add("template.id: '" + r.id() + "' but the template used is '" + t.id() + "'");
        }
        if (text(p, "template.version", r.version()) && !r.version().equals(t.version())) {
            p.add("template.version: the session was made with version " + r.version()
                    + " but the template found is version " + t.version());
        }
        if (text(p, "template.language", r.language()) && !t.languages().contains(r.language())) {
            p.add("template.language: '" + r.language() + "' is not one of the template's languages "
                    + t.languages());
        }
        if (r.sha256() != null && !r.sha256().equalsIgnoreCase(t.sha256())) {
            p.add("template.sha256: the text shown to the patient (" + r.sha256()
                    + ") differs from the template found (" + t.sha256() + ")");
        }
    }

    private static void checkPeople(List<String> p, ConsentSession s, ClinicClock clock) {
        if (object(p, "clinic", s.clinic())) {
            text(p, "clinic.name", s.clinic().name());
            text(p, "clinic.address", s.clinic().address());
            text(p, "clinic.phone", s.clinic().phone());
            text(p, "clinic.bloodDonationPolicy", s.clinic().bloodDonationPolicy());
        }
        if (object(p, "physician", s.physician())) {
            text(p, "physician.name", s.physician().name());
            text(p, "physician.licenceNumber", s.physician().licenceNumber());
        }
        if (object(p, "patient", s.patient())) {
            text(p, "patient.name", s.patient().name());
            object(p, "patient.dateOfBirth", s.patient().dateOfBirth());
            text(p, "patient.patientNumber", s.patient().patientNumber());
        }
        if (s.patient() != null) {
            ConsentSession.Patient pt = s.patient();
            line(p, "patient.name", pt.name());
            line(p, "patient.kana", pt.kana());
            line(p, "patient.patientNumber", pt.patientNumber());
            Identifiers.mixedScriptProblem("patient.patientNumber", pt.patientNumber()).ifPresent(p::add);
            line(p, "patient.phone", pt.phone());
            TextRules.multiLine("patient.address", pt.address()).ifPresent(p::add);
        }
        if (s.physician() != null) {
            line(p, "physician.name", s.physician().name());
        }
        ConsentSession.Representative rep = s.representative();
        if (rep != null) {
            text(p, "representative.name", rep.name());
            if (rep.relationship() == null) {
                p.add("representative.relationship: missing (one of " + ConsentSession.Relationship.codes() + ")");
            } else if (rep.relationship() == ConsentSession.Relationship.OTHER) {
                text(p, "representative.relationshipText", rep.relationshipText());
            } else if (rep.relationshipText() != null) {
                p.add("representative.relationshipText: given with relationship '" + rep.relationship().code()
                        + "'; only 'other' takes the relationship in words");
            }
            line(p, "representative.name", rep.name());
            line(p, "representative.kana", rep.kana());
            line(p, "representative.relationshipText", rep.relationshipText());
            line(p, "representative.phone", rep.phone());
        } else if (isMinor(s, clock)) {
            p.add("representative: the patient is under " + AGE_OF_MAJORITY
                    + "; a parent or other legal representative must consent (name and relationship)");
        }
    }

    /** The sections that must be acknowledged; a template or session that cannot say falls back to the template's. */
    private static List<String> mandatory(ConsentSession s, ConsentTemplate t) {
        try {
            return SessionText.mandatorySectionIds(s, t);
        } catch (RuntimeException e) { // a session too broken to fill the text: its other problems are listed
            return t.mandatorySectionIds();
        }
    }

    /**
     * The consultation day: the day the consultation began in the clinic's calendar (its time zone), whatever offset
     * the device wrote; null when the session has no start.
     */
    public static LocalDate consultationDay(ConsentSession s, ClinicClock clock) {
        return clock.day(s.startedAt());
    }

    /**
     * Whether the patient is under {@link #AGE_OF_MAJORITY} on {@code day}. A person born on 29 February reaches an
     * age on 1 March of a common year (民法第143条: the period ends on the last day of February), which is what
     * {@link Period#between} counts.
     */
    public static boolean isMinor(LocalDate dateOfBirth, LocalDate day) {
        return Period.between(dateOfBirth, day).getYears() < AGE_OF_MAJORITY;
    }

    /**
     * Whether the session's patient is under {@link #AGE_OF_MAJORITY} on the consultation day, counted in the
     * clinic's calendar ({@link #consultationDay}); false when the date of birth or the start is missing.
     */
    public static boolean isMinor(ConsentSession s, ClinicClock clock) {
        if (s.patient() == null || s.patient().dateOfBirth() == null || s.startedAt() == null) {
            return false;
        }
        return isMinor(s.patient().dateOfBirth(), consultationDay(s, clock));
    }

    private static void checkTreatment(List<String> p, ConsentSession s, ConsentTemplate t) {
        if (!object(p, "treatment", s.treatment())) {
            return;
        }
        ConsentSession.Treatment tr = s.treatment();
        if (text(p, "treatment.indication", tr.indication()) && t.indication(tr.indication()).isEmpty()) {
            p.add("treatment.indication: '" + tr.indication() + "' is not in the template's evidence table "
                    + t.manifest().indications().stream().map(Manifest.IndicationDef::id).toList());
        }
        object(p, "treatment.route", tr.route());
        object(p, "treatment.plannedDate", tr.plannedDate());
        if (object(p, "treatment.sessions", tr.sessions()) && tr.sessions() < 1) {
            p.add("treatment.sessions: must be at least 1, is " + tr.sessions());
        }
        if (object(p, "treatment.priceYen", tr.priceYen()) && tr.priceYen() < 0) {
            p.add("treatment.priceYen: must not be negative, is " + tr.priceYen());
        }
        object(p, "treatment.coolingOff", tr.coolingOff());
        if (object(p, "treatment.product", tr.product())) {
            ConsentSession.Product pr = tr.product();
            text(p, "treatment.product.name", pr.name());
            text(p, "treatment.product.manufacturer", pr.manufacturer());
            text(p, "treatment.product.sourceCells", pr.sourceCells());
            if (pr.virusTests() == null) {
                p.add("treatment.product.virusTests: missing (an empty list [] when no test is documented)");
            } else {
                for (int i = 0; i < pr.virusTests().size(); i++) {
                    text(p, "treatment.product.virusTests[" + i + "]", pr.virusTests().get(i));
                }
            }
            object(p, "treatment.product.sterilisation", pr.sterilisation());
            object(p, "treatment.product.origin", pr.origin());
            object(p, "treatment.product.supply", pr.supply());
            if (Objects.equals(s.schemaVersion(), ConsentSession.SCHEMA_VERSION)) {
                text(p, "treatment.product.catalogName", pr.catalogName());
            }
        }
        if (object(p, "treatment.lot", tr.lot())) {
            text(p, "treatment.lot.number", tr.lot().number());
            Identifiers.mixedScriptProblem("treatment.lot.number", tr.lot().number()).ifPresent(p::add);
            if (object(p, "treatment.lot.expiry", tr.lot().expiry()) && tr.plannedDate() != null
                    && tr.lot().expiry().isBefore(tr.plannedDate())) {
                p.add("treatment.lot.expiry: lot " + tr.lot().number() + " expires on " + tr.lot().expiry()
                        + ", before the planned treatment date " + tr.plannedDate());
            }
        }
    }

    private static void checkAcknowledgements(List<String> p, ConsentSession s, ConsentTemplate t) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> mandatory = mandatory(s, t);
        boolean changesShown = mandatory.contains(SessionText.CHANGES_SINCE);
        for (int i = 0; i < s.acknowledgements().size(); i++) {
            ConsentSession.Acknowledgement a = s.acknowledgements().get(i);
            String f = "acknowledgements[" + i + "]";
            if (a == null) {
                p.add(f + ": empty entry");
                continue;
            }
            if (text(p, f + ".section", a.section())) {
                if (t.manifest().sections().stream().noneMatch(d -> d.id().equals(a.section()))
                        && !(SessionText.CHANGES_SINCE.equals(a.section()) && changesShown)) {
                    p.add(f + ".section: '" + a.section() + "' is not a section of the template");
                } else if (seen.putIfAbsent(a.section(), i) != null) {
                    p.add(f + ".section: '" + a.section() + "' is acknowledged twice");
                }
            }
            object(p, f + ".at", a.at());
        }
        for (String id : mandatory) {
            if (!seen.containsKey(id)) {
                p.add("acknowledgements: section '" + id + "' has not been acknowledged by the patient");
            }
        }
    }

    private static void checkQuestionAnswers(List<String> p, ConsentSession s, ConsentTemplate t) {
        Map<String, CheckQuestionAnswers> byQuestion = new HashMap<>();
        for (int i = 0; i < s.checkQuestions().size(); i++) {
            CheckQuestionAnswers q = s.checkQuestions().get(i);
            String f = "quiz[" + i + "]";
            if (q == null || !text(p, f + ".question", q.question())) {
                continue;
            }
            Optional<Manifest.QuestionDef> def = t.question(q.question());
            if (def.isEmpty()) {
                p.add(f + ".question: '" + q.question() + "' is not a question of the template");
                continue;
            }
            if (byQuestion.putIfAbsent(q.question(), q) != null) {
                p.add(f + ".question: '" + q.question() + "' appears twice; keep all attempts in one entry");
            }
            for (int j = 0; j < q.answers().size(); j++) {
                Answer a = q.answers().get(j);
                String af = f + ".answers[" + j + "]";
                if (a == null || !text(p, af + ".option", a.option())) {
                    continue;
                }
                object(p, af + ".at", a.at());
                if (!def.get().options().contains(a.option())) {
                    p.add(af + ".option: '" + a.option() + "' is not an option of question '" + q.question() + "'");
                    continue;
                }
                boolean right = a.option().equals(def.get().correct());
                if (a.correct() != null && a.correct() != right) {
                    p.add(af + ".correct: says " + a.correct() + " but option '" + a.option() + "' is "
                            + (right ? "correct" : "wrong"));
                }
                if (right && j < q.answers().size() - 1) {
                    p.add(af + ": a correct answer must be the last attempt; later attempts follow it");
                }
            }
        }
        for (Manifest.QuestionDef def : t.manifest().questions()) {
            CheckQuestionAnswers q = byQuestion.get(def.id());
            if (q == null || q.answers().isEmpty()) {
                p.add("quiz: question '" + def.id() + "' has not been answered");
            } else {
                Answer last = q.answers().get(q.answers().size() - 1);
                if (last == null || !def.correct().equals(last.option())) {
                    p.add("quiz: question '" + def.id() + "' has not yet been answered correctly");
                }
            }
        }
    }

    /**
     * A section read again after a wrong answer (rule C5 of docs/SESSION.md, issue 16 §7): only a wrong answer is
     * followed by a second acknowledgement ({@code acknowledgedAgain}) or the physician's second explanation
     * ({@code explainedAgain}); each comes after the answer and before the next attempt, the explanation before the
     * acknowledgement, by the physician who confirmed the treatment, of the question's own section. When the
     * patient acknowledged the section again after every third wrong answer, the physician's explanation is
     * required. Sessions of earlier releases, which kept neither, are not asked for them; a session that keeps
     * either anywhere follows the whole rule (every wrong answer followed by another attempt is acknowledged again,
     * every third one explained again first), so that leaving a field out does not skip it (review of issue 16).
     */
    private static void checkReadingAgain(List<String> p, ConsentSession s, ConsentTemplate t) {
        boolean keptReadingAgain = s.checkQuestions().stream().filter(Objects::nonNull)
                .flatMap(q -> q.answers().stream()).filter(Objects::nonNull)
                .anyMatch(a -> a.acknowledgedAgain() != null || a.explainedAgain() != null);
        for (int i = 0; i < s.checkQuestions().size(); i++) {
            CheckQuestionAnswers q = s.checkQuestions().get(i);
            Optional<Manifest.QuestionDef> def = q == null ? Optional.empty()
                    : t.question(Objects.toString(q.question(), ""));
            if (def.isEmpty()) {
                continue;
            }
            int wrong = 0;
            for (int j = 0; j < q.answers().size(); j++) {
                Answer a = q.answers().get(j);
                if (a == null || a.option() == null) {
                    continue;
                }
                boolean right = def.get().correct().equals(a.option());
                wrong += right ? 0 : 1;
                String f = "quiz[" + i + "].answers[" + j + "]";
                boolean answeredAgain = j + 1 < q.answers().size();
                boolean due = wrong % Consultation.WRONG_ANSWERS_BEFORE_EXPLAINING_AGAIN == 0;
                if (a.acknowledgedAgain() == null && a.explainedAgain() == null) {
                    if (keptReadingAgain && !right && answeredAgain) {
                        p.add(notReadAgain(f, wrong, q.question(), def.get().section()));
                        if (due) {
                            p.add(f + ".explainedAgain: missing; after wrong answer " + wrong + " to question '"
                                    + q.question() + "' the physician explains section '" + def.get().section()
                                    + "' again in person before the patient acknowledges it again");
                        }
                    }
                    continue;
                }
                if (right) {
                    p.add(f + ": a correct answer is not followed by reading its section again");
                    continue;
                }
                OffsetDateTime next = answeredAgain && q.answers().get(j + 1) != null
                        ? q.answers().get(j + 1).at() : null;
                OffsetDateTime again = a.acknowledgedAgain();
                if (again == null && answeredAgain) {
                    p.add(notReadAgain(f, wrong, q.question(), def.get().section()));
                }
                if (again != null && a.at() != null && again.isBefore(a.at())) {
                    p.add(f + ".acknowledgedAgain: " + again + " is before the answer (" + a.at() + ")");
                }
                if (again != null && next != null && again.isAfter(next)) {
                    p.add(f + ".acknowledgedAgain: " + again + " is after the next attempt (" + next + ")");
                }
                ConsentSession.ExplainedAgain e = a.explainedAgain();
                if (e == null) {
                    if ((again != null || answeredAgain) && due) {
                        p.add(f + ".explainedAgain: missing; after wrong answer " + wrong + " to question '"
                                + q.question() + "' the physician explains section '" + def.get().section()
                                + "' again in person before the patient acknowledges it again");
                    }
                    continue;
                }
                if (!def.get().section().equals(e.section())) {
                    p.add(f + ".explainedAgain.section: '" + e.section() + "' is not the section question '"
                            + q.question() + "' checks ('" + def.get().section() + "')");
                }
                ConsentSession.ConfirmedBy c = s.confirmedBy();
                if (c == null || !Objects.equals(c.account(), e.account())) {
                    p.add(f + ".explainedAgain.account: '" + e.account() + "' is not the physician who confirmed "
                            + "the treatment (" + (c == null ? "none" : c.account()) + ")");
                } else {
                    // the same account: say which of the physician's details differs
                    if (!Objects.equals(c.licenceNumber(), e.licenceNumber())) {
                        p.add(f + ".explainedAgain.licenceNumber: '" + e.licenceNumber() + "' is not the licence "
                                + "number of the physician who confirmed the treatment (" + c.licenceNumber() + ")");
                    }
                    if (!Objects.equals(c.name(), e.name())) {
                        p.add(f + ".explainedAgain.name: '" + e.name() + "' is not the name of the physician who "
                                + "confirmed the treatment (" + c.name() + ")");
                    }
                }
                if (object(p, f + ".explainedAgain.at", e.at())) {
                    if (a.at() != null && e.at().isBefore(a.at())) {
                        p.add(f + ".explainedAgain.at: " + e.at() + " is before the answer (" + a.at() + ")");
                    }
                    if (again != null && e.at().isAfter(again)) {
                        p.add(f + ".explainedAgain.at: " + e.at() + " is after the section was acknowledged "
                                + "again (" + again + ")");
                    }
                    if (next != null && e.at().isAfter(next)) {
                        p.add(f + ".explainedAgain.at: " + e.at() + " is after the next attempt (" + next + ")");
                    }
                }
            }
        }
    }

    /** The problem of wrong answer {@code wrong} (field {@code f}) answered again without its section read again. */
    private static String notReadAgain(String f, int wrong, String question, String section) {
        return f + ".acknowledgedAgain: missing; after wrong answer " + wrong + " to question '" + question
                + "' the patient reads section '" + section + "' again and acknowledges it before answering again";
    }

    private static void checkSignatures(List<String> p, ConsentSession s, ConsentTemplate t,
                                        ClinicClock clock) {
        Map<SignatureRole, Signature> byRole = signatures(p, s.signatures(), s);
        if (!byRole.containsKey(SignatureRole.PHYSICIAN)) {
            p.add("signatures: the physician's signature is missing");
        }
        boolean minor = isMinor(s, clock);
        ConsentSession.AssentNotSigned none = s.assentNotSigned();
        if (minor && !byRole.containsKey(SignatureRole.REPRESENTATIVE)) {
            p.add("signatures: the patient is under " + AGE_OF_MAJORITY
                    + "; the legal representative's signature is missing");
        } else if (!minor && !byRole.containsKey(SignatureRole.PATIENT)
                && !(s.representative() != null && byRole.containsKey(SignatureRole.REPRESENTATIVE))) {
            p.add("signatures: the patient's signature is missing");
        }
        // a minor assents with their own signature, or the physician records why they cannot (issue 11 §3)
        if (minor) {
            boolean assented = byRole.containsKey(SignatureRole.PATIENT);
            if (assented && none != null) {
                p.add("assentNotSigned: the minor patient signed their assent, so no reason for not signing may be "
                        + "recorded");
            } else if (!assented && none == null) {
                p.add("signatures: the patient is under " + AGE_OF_MAJORITY + "; the patient's own signature "
                        + "(assent) is missing, or the physician's reason why they cannot sign (assentNotSigned)");
            } else if (!assented) {
                reason(p, none.reason());
                object(p, "assentNotSigned.at", none.at());
                if (text(p, "assentNotSigned.account", none.account()) && s.confirmedBy() != null
                        && !none.account().equals(s.confirmedBy().account())) {
                    p.add("assentNotSigned.account: '" + none.account() + "' recorded the reason, but the physician "
                            + "of this consultation is '" + s.confirmedBy().account() + "'; the physician who confirmed "
                            + "the treatment records it");
                }
            }
            boolean declared = t.language(s.template() == null ? "" : Objects.toString(s.template().language(), ""))
                    .map(l -> l.declarations() != null && l.declarations().assent() != null).orElse(true);
            if (!declared) {
                p.add("template.version: template " + t.id() + " version " + t.version() + " has no assent "
                        + "declaration for a minor patient (format " + t.format() + "); a minor's consent needs "
                        + "version 1.2.0 or later");
            }
        } else if (none != null) {
            p.add("assentNotSigned: the patient is " + AGE_OF_MAJORITY + " or over on the consultation day ("
                    + consultationDay(s, clock) + "); a reason for not signing applies only to a minor");
        }
    }

    /**
     * Each signature of {@code list} (a consent's, or an informed refusal's) against the people of session
     * {@code s}: a role, once each; a one-line name that is the signer's; a time; a handwritten image. Returns the
     * signatures by role (the first of each).
     */
    private static Map<SignatureRole, Signature> signatures(List<String> p, List<Signature> list, ConsentSession s) {
        Map<SignatureRole, Signature> byRole = new EnumMap<>(SignatureRole.class);
        for (int i = 0; i < list.size(); i++) {
            Signature sig = list.get(i);
            String f = "signatures[" + i + "]";
            if (sig == null || !object(p, f + ".role", sig.role())) {
                continue;
            }
            if (byRole.putIfAbsent(sig.role(), sig) != null) {
                p.add(f + ".role: there is already a " + Ids.of(sig.role()) + " signature");
            }
            line(p, f + ".name", sig.name());
            if (text(p, f + ".name", sig.name())) {
                String expected = switch (sig.role()) {
                    case PATIENT -> s.patient() == null ? null : s.patient().name();
                    case REPRESENTATIVE -> s.representative() == null ? null : s.representative().name();
                    case PHYSICIAN -> s.physician() == null ? null : s.physician().name();
                };
                if (sig.role() == SignatureRole.REPRESENTATIVE && s.representative() == null) {
                    p.add(f + ": a representative signed but the session names no representative");
                } else if (expected != null && !TextRules.sameName(expected, sig.name())) {
                    p.add(f + ".name: '" + sig.name() + "' is not the " + Ids.of(sig.role()) + " '" + expected + "'");
                }
            }
            object(p, f + ".at", sig.at());
            if (text(p, f + ".png", sig.png())) {
                String problem = imageProblem(sig.png());
                if (problem != null) {
                    p.add(f + ".png: " + problem);
                }
            }
        }
        return byRole;
    }

    /** The longest reason a physician may record for a minor's missing assent, in characters. */
    public static final int MAX_REASON_CHARACTERS = 500;

    /**
     * The physician's reason why a minor did not sign: printed in the PDF, so it must say something visible, in at
     * most {@link #MAX_REASON_CHARACTERS} characters, without control characters.
     */
    private static void reason(List<String> p, String reason) {
        if (!text(p, "assentNotSigned.reason", reason)) {
            return;
        }
        int length = reason.codePointCount(0, reason.length());
        if (length > MAX_REASON_CHARACTERS) {
            p.add("assentNotSigned.reason: " + length + " characters; at most " + MAX_REASON_CHARACTERS);
            return;
        }
        TextRules.multiLine("assentNotSigned.reason", reason).ifPresent(p::add);
    }

    /**
     * Why a base64 PNG is not an acceptable handwritten signature, or null when it is: larger than the limits of
     * {@link InputLimits} (its bytes, its dimensions read from the PNG header before anything is decoded), not a PNG,
     * not decodable, empty or too short to be a signature.
     */
    public static String imageProblem(String base64) {
        String size = SessionLimits.pngSizeProblem(base64);
        if (size != null) {
            return size;
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return "is not valid base64";
        }
        if (bytes.length < 8 || (bytes[0] & 0xff) != 0x89 || bytes[1] != 'P' || bytes[2] != 'N' || bytes[3] != 'G') {
            return "is not a PNG image";
        }
        if (bytes.length > InputLimits.MAX_SIGNATURE_PNG_BYTES) {
            return "the image is " + InputLimits.bytes(bytes.length) + "; a signature may be at most "
                    + InputLimits.bytes(InputLimits.MAX_SIGNATURE_PNG_BYTES);
        }
        // the dimensions from the header, before a pixel is decoded (issue 14 §2)
        String header = InputLimits.pngHeaderProblem(bytes);
        if (header != null) {
            return header;
        }
        BufferedImage img;
        try {
            img = SignatureImages.decode(bytes); // once per document when the layout follows (ConsentDocuments)
        } catch (IOException e) {
            return "the PNG image cannot be decoded: " + e.getMessage();
        }
        if (img == null) {
            return "the PNG image cannot be decoded";
        }
        int ink = 0;
        int minX = Integer.MAX_VALUE;
        int maxX = -1;
        int w = img.getWidth();
        // draw onto a plain ARGB image (native loop) and read its pixels directly; getRGB on a decoded PNG is slow
        BufferedImage plain = new BufferedImage(w, img.getHeight(), BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g = plain.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        int[] pixels = ((java.awt.image.DataBufferInt) plain.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                int argb = pixels[y * w + x];
                int alpha = argb >>> 24;
                int lum = ((argb >> 16 & 0xff) * 299 + (argb >> 8 & 0xff) * 587 + (argb & 0xff) * 114) / 1000;
                if (alpha > 128 && lum < 128) {
                    ink++;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                }
            }
        }
        if (ink == 0) {
            return "the signature is empty";
        }
        if (ink < MIN_INK_PIXELS || maxX - minX < MIN_INK_WIDTH) {
            return "the signature is too short to be a handwritten signature";
        }
        return null;
    }

    private static void checkTimes(List<String> p, ConsentSession s, ConsentTemplate t, ClinicClock clock) {
        Instant now = clock.instant();
        OffsetDateTime start = s.startedAt();
        Instant latestAllowed = now.plus(CLOCK_SKEW);
        List<OffsetDateTime> all = Stream.of(
                        Stream.of(start),
                        Stream.of(s.preparedBy()).filter(Objects::nonNull).map(ConsentSession.PreparedBy::at),
                        Stream.of(s.confirmedBy()).filter(Objects::nonNull).map(ConsentSession.ConfirmedBy::at),
                        Stream.of(s.assentNotSigned()).filter(Objects::nonNull)
                                .map(ConsentSession.AssentNotSigned::at),
                        s.acknowledgements().stream().filter(Objects::nonNull).map(ConsentSession.Acknowledgement::at),
                        s.checkQuestions().stream().filter(Objects::nonNull).flatMap(q -> q.answers().stream())
                                .filter(Objects::nonNull).map(Answer::at),
                        s.signatures().stream().filter(Objects::nonNull).map(Signature::at))
                .flatMap(x -> x).filter(Objects::nonNull).toList();
        all.stream().filter(x -> x.toInstant().isAfter(latestAllowed)).findFirst()
                .ifPresent(x -> p.add("times: " + x + " is in the future (this computer's clock says "
                        + clock.iso(now) + ")"));
        if (start == null) {
            return;
        }
        if (s.patient() != null && s.patient().dateOfBirth() != null
                && s.patient().dateOfBirth().isAfter(consultationDay(s, clock))) {
            p.add("patient.dateOfBirth: " + s.patient().dateOfBirth() + " is after the consultation");
        }
        if (s.treatment() != null && s.treatment().plannedDate() != null
                && s.treatment().plannedDate().isBefore(consultationDay(s, clock))) {
            p.add("treatment.plannedDate: " + s.treatment().plannedDate() + " is before the consultation on "
                    + consultationDay(s, clock));
        }
        if (s.preparedBy() != null && s.preparedBy().at() != null && s.preparedBy().at().isBefore(start)) {
            p.add("preparedBy.at: " + s.preparedBy().at() + " is before the consultation started (" + start + ")");
        }
        Map<String, OffsetDateTime> ackAt = new HashMap<>();
        for (int i = 0; i < s.acknowledgements().size(); i++) {
            ConsentSession.Acknowledgement a = s.acknowledgements().get(i);
            if (a == null || a.at() == null) {
                continue;
            }
            if (a.at().isBefore(start)) {
                p.add("acknowledgements[" + i + "].at: " + a.at() + " is before the consultation started (" + start
                        + ")");
            }
            if (a.section() != null) {
                ackAt.putIfAbsent(a.section(), a.at());
            }
        }
        for (int i = 0; i < s.checkQuestions().size(); i++) {
            CheckQuestionAnswers q = s.checkQuestions().get(i);
            if (q == null) {
                continue;
            }
            OffsetDateTime sectionAck = t.question(Objects.toString(q.question(), ""))
                    .map(d -> ackAt.get(d.section())).orElse(null);
            OffsetDateTime previous = null;
            for (int j = 0; j < q.answers().size(); j++) {
                Answer a = q.answers().get(j);
                if (a == null || a.at() == null) {
                    continue;
                }
                String f = "quiz[" + i + "].answers[" + j + "].at";
                if (sectionAck != null && a.at().isBefore(sectionAck)) {
                    p.add(f + ": " + a.at() + " is before the section it checks was acknowledged (" + sectionAck + ")");
                }
                if (previous != null && a.at().isBefore(previous)) {
                    p.add(f + ": " + a.at() + " is before the previous attempt (" + previous + ")");
                }
                previous = a.at();
            }
        }
        Optional<OffsetDateTime> explained = Stream.concat(
                        s.acknowledgements().stream().filter(Objects::nonNull).map(ConsentSession.Acknowledgement::at),
                        s.checkQuestions().stream().filter(Objects::nonNull).flatMap(q -> q.answers().stream())
                                .filter(Objects::nonNull).flatMap(a -> Stream.of(a.at(), a.acknowledgedAgain())))
                .filter(Objects::nonNull).max(Comparator.naturalOrder());
        ConsentSession.AssentNotSigned none = s.assentNotSigned();
        if (none != null && none.at() != null) {
            if (none.at().isBefore(start)) {
                p.add("assentNotSigned.at: " + none.at() + " is before the consultation started (" + start + ")");
            }
            s.signatures().stream().filter(x -> x != null && x.role() == SignatureRole.PHYSICIAN && x.at() != null)
                    .findFirst().filter(x -> none.at().isAfter(x.at())).ifPresent(x -> p.add("assentNotSigned.at: "
                            + none.at() + " is after the physician signed (" + x.at() + "); the reason is recorded "
                            + "before"));
        }
        OffsetDateTime changesRead = ackAt.get(SessionText.CHANGES_SINCE);
        if (changesRead != null) {
            ackAt.entrySet().stream().filter(e -> !e.getKey().equals(SessionText.CHANGES_SINCE)
                    && e.getValue().isBefore(changesRead)).findFirst().ifPresent(e -> p.add("acknowledgements: "
                    + "'changes-since' is acknowledged at " + changesRead + ", after section '" + e.getKey()
                    + "' (" + e.getValue() + "); what changed is read first"));
        }
        for (int i = 0; i < s.signatures().size(); i++) {
            Signature sig = s.signatures().get(i);
            if (sig == null || sig.at() == null) {
                continue;
            }
            if (explained.isPresent() && sig.at().isBefore(explained.get())) {
                p.add("signatures[" + i + "].at: " + sig.at() + " is before the explanation and questions ended ("
                        + explained.get() + ")");
            } else if (sig.at().isBefore(start)) {
                p.add("signatures[" + i + "].at: " + sig.at() + " is before the consultation started");
            }
        }
    }
}
