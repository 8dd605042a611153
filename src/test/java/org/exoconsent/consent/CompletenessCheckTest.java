package org.exoconsent.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.SignatureImages;
import org.junit.jupiter.api.Test;

class CompletenessCheckTest {

    private static List<String> problems(ObjectNode json) {
        return CompletenessCheck.problems(Examples.session(json), Examples.template(), Examples.CLINIC_CLOCK);
    }

    private static void assertHas(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                "expected a problem containing [" + expected + "] in " + problems);
    }

    private static ObjectNode signature(ObjectNode json, String role) {
        for (var s : json.withArray("signatures")) {
            if (s.get("role").asText().equals(role)) {
                return (ObjectNode) s;
            }
        }
        throw new AssertionError(role);
    }

    private static ArrayNode answers(ObjectNode json, String question) {
        for (var q : json.withArray("quiz")) {
            if (q.get("question").asText().equals(question)) {
                return (ArrayNode) q.get("answers");
            }
        }
        throw new AssertionError(question);
    }

    @Test
    void bothExamplesAreComplete() {
        assertEquals(List.of(), problems(Examples.json("complete-ja")));
        assertEquals(List.of(), problems(Examples.json("complete-en")));
    }

    @Test
    void aSectionNotAcknowledgedIsNamed() {
        ObjectNode json = Examples.json("complete-ja");
        json.withArray("acknowledgements").remove(7);
        List<String> p = problems(json);
        assertEquals(List.of("acknowledgements: section 'blood-donation' has not been acknowledged by the patient"),
                p);
    }

    @Test
    void aQuestionWhoseLastAnswerIsWrongIsNotPassed() {
        ObjectNode json = Examples.json("complete-ja");
        answers(json, "q-relief-system").remove(1);
        assertHas(problems(json), "question 'q-relief-system' has not yet been answered correctly");
    }

    @Test
    void anUnansweredQuestionIsNamed() {
        ObjectNode json = Examples.json("complete-en");
        json.withArray("quiz").remove(0);
        assertHas(problems(json), "question 'q-approved' has not been answered");
    }

    @Test
    void wrongAttemptsAreKeptBeforeTheCorrectOneNotAfter() {
        ObjectNode json = Examples.json("complete-ja");
        ArrayNode a = answers(json, "q-relief-system");
        ObjectNode first = (ObjectNode) a.remove(0);
        first.put("at", "2026-11-20T10:26:55+09:00");
        a.add(first);
        List<String> p = problems(json);
        assertHas(p, "a correct answer must be the last attempt");
        assertHas(p, "question 'q-relief-system' has not yet been answered correctly");
    }

    @Test
    void aRecordedCorrectFlagMustAgreeWithTheTemplate() {
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) answers(json, "q-relief-system").get(0)).put("correct", true);
        assertHas(problems(json), "quiz[6].answers[0].correct: says true but option 'covered' is wrong");
    }

    @Test
    void thePhysiciansSignatureIsRequired() {
        ObjectNode json = Examples.json("complete-en");
        json.withArray("signatures").remove(1);
        assertEquals(List.of("signatures: the physician's signature is missing"), problems(json));
    }

    @Test
    void thePatientsSignatureIsRequiredForAnAdult() {
        ObjectNode json = Examples.json("complete-en");
        json.withArray("signatures").remove(0);
        assertEquals(List.of("signatures: the patient's signature is missing"), problems(json));
    }

    /** The example made a 16-year-old's: a parent as legal representative, who signs after the patient. */
    private static ObjectNode minor16() {
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) json.get("patient")).put("dateOfBirth", "2010-06-01"); // 16 on 20 Nov 2026
        json.putObject("representative").put("name", "佐藤 一郎").put("relationship", "father");
        ObjectNode rep = signature(json, "patient").deepCopy();
        rep.put("role", "representative").put("name", "佐藤 一郎");
        json.withArray("signatures").add(rep);
        return json;
    }

    /** The 16-year-old's consultation without the minor's own signature. */
    private static ObjectNode minorWhoDidNotSign() {
        ObjectNode json = minor16();
        ArrayNode sigs = json.withArray("signatures");
        for (int i = 0; i < sigs.size(); i++) {
            if (sigs.get(i).get("role").asText().equals("patient")) {
                sigs.remove(i);
                break;
            }
        }
        return json;
    }

    @Test
    void aPatientUnder18NeedsALegalRepresentativeAndTheirSignature() {
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) json.get("patient")).put("dateOfBirth", "2010-06-01");
        List<String> p = problems(json);
        assertHas(p, "representative: the patient is under 18");
        assertHas(p, "the legal representative's signature is missing");
    }

    @Test
    void a16YearOldAssentsWithTheirOwnSignatureBesideTheRepresentativesConsent() {
        assertEquals(List.of(), problems(minor16()), "the representative consents, the minor signs their assent");
    }

    @Test
    void a16YearOldWhoCannotSignNeedsThePhysiciansReason() {
        ObjectNode json = minorWhoDidNotSign();
        assertEquals(List.of("signatures: the patient is under 18; the patient's own signature (assent) is missing, "
                + "or the physician's reason why they cannot sign (assentNotSigned)"), problems(json));
        json.putObject("assentNotSigned").put("account", "yamada").put("reason", "  ").put("at", "2026-11-20T10:30:00+09:00");
        assertEquals(List.of("assentNotSigned.reason: missing"), problems(json));
        json.putObject("assentNotSigned").put("account", "yamada").put("reason", "右手を骨折しており、署名できない")
                .put("at", "2026-11-20T10:30:00+09:00");
        assertEquals(List.of(), problems(json));
    }

    @Test
    void theReasonMustBePrintableVisibleShortAndRecordedBeforeThePhysicianSigns() {
        ObjectNode json = minorWhoDidNotSign();
        json.putObject("assentNotSigned").put("account", "yamada").put("reason", "\u200b\u3000").put("at", "2026-11-20T10:30:00+09:00");
        assertEquals(List.of("assentNotSigned.reason: has no visible character (only spaces, marks or invisible "
                + "characters), so it would print as a blank"), problems(json));
        json.with("assentNotSigned").put("reason", "\ufe0f");
        assertEquals(List.of("assentNotSigned.reason: has no visible character (only spaces, marks or invisible "
                + "characters), so it would print as a blank"), problems(json), "a variation selector alone");
        json.with("assentNotSigned").put("reason", "眠っていた\u001b[31m");
        assertEquals(List.of("assentNotSigned.reason: contains U+001B (a control character); this field cannot "
                + "hold it"), problems(json));
        json.with("assentNotSigned").put("reason", "眠っていた\u202e");
        assertEquals(List.of("assentNotSigned.reason: contains U+202E (a bidirectional control, which can make "
                + "text read differently from what is stored); this field cannot hold it"), problems(json));
        json.with("assentNotSigned").put("reason", "あ".repeat(501));
        assertEquals(List.of("assentNotSigned.reason: 501 characters; at most 500"), problems(json));
        json.with("assentNotSigned").put("reason", "眠っていた").put("at", "2026-11-20T12:00:00+09:00");
        assertHas(problems(json), "assentNotSigned.at: 2026-11-20T12:00+09:00 is after the physician signed");
        json.with("assentNotSigned").put("at", "2026-11-19T12:00:00+09:00");
        assertHas(problems(json), "assentNotSigned.at: 2026-11-19T12:00+09:00 is before the consultation started");
    }

    @Test
    void aReasonForNotSigningIsRefusedBesideTheMinorsSignatureAndForAnAdult() {
        ObjectNode minor = minor16();
        minor.putObject("assentNotSigned").put("account", "yamada").put("reason", "眠っていた").put("at", "2026-11-20T10:30:00+09:00");
        assertHas(problems(minor), "assentNotSigned: the minor patient signed their assent");
        ObjectNode adult = Examples.json("complete-ja");
        adult.putObject("assentNotSigned").put("account", "yamada").put("reason", "眠っていた").put("at", "2026-11-20T10:30:00+09:00");
        assertEquals(List.of("assentNotSigned: the patient is 18 or over on the consultation day (2026-11-20); a "
                + "reason for not signing applies only to a minor"), problems(adult));
    }

    @Test
    void a17YearOldWhoTurns18OnTheConsultationDayInTokyoIsAnAdult() {
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) json.get("patient")).put("dateOfBirth", "2008-11-20");
        assertEquals(List.of(), problems(json), "18 on the day: signs alone");
        // the same consultation, its start written by a device in UTC: 19 Nov 15:30 UTC is 20 Nov 00:30 in Tokyo
        json.put("startedAt", "2026-11-19T15:30:00Z");
        json.with("preparedBy").put("at", "2026-11-19T15:30:00Z");
        assertEquals(List.of(), problems(json), "the day counts in the clinic's time zone, not the device's");
        // born a day later: still 17 on the clinic's consultation day
        ((ObjectNode) json.get("patient")).put("dateOfBirth", "2008-11-21");
        assertHas(problems(json), "representative: the patient is under 18");
    }

    @Test
    void aPersonBornOn29FebruaryReaches18On1MarchOfACommonYear() {
        java.time.LocalDate born = java.time.LocalDate.of(2008, 2, 29);
        assertTrue(CompletenessCheck.isMinor(born, java.time.LocalDate.of(2026, 2, 28)));
        assertFalse(CompletenessCheck.isMinor(born, java.time.LocalDate.of(2026, 3, 1)));
    }

    @Test
    void theTreatmentMustBeConfirmedByTheSessionsOwnPhysicianBeforeTheExplanation() {
        ObjectNode json = Examples.json("complete-ja");
        json.remove("confirmedBy");
        assertEquals(List.of("confirmedBy: missing: the consultation's physician confirms the treatment with their "
                + "own password before the explanation (in the app, or: exoconsent confirm --session FILE)"),
                problems(json));

        json = Examples.json("complete-ja");
        json.with("confirmedBy").put("name", "佐々木 恵").put("licenceNumber", "654321");
        assertEquals(List.of("confirmedBy: the treatment was confirmed by 佐々木 恵 (licence 654321), but the "
                + "physician of this consent is 山田 太郎 (licence 123456); the physician who explains and signs must be "
                + "the one who confirmed the treatment"), problems(json));

        json = Examples.json("complete-ja");
        json.with("confirmedBy").put("at", "2026-11-20T10:05:00+09:00"); // after the first acknowledgement (10:02:15)
        assertHas(problems(json), "is before the physician confirmed the treatment (2026-11-20T10:05+09:00); the "
                + "explanation starts after the confirmation");

        json = Examples.json("complete-ja");
        json.remove("preparedBy");
        assertEquals(List.of("preparedBy: missing"), problems(json));
    }

    @Test
    void aSchemaVersion1SessionIsReadButNotSigned() {
        ObjectNode json = Examples.json("complete-ja");
        json.put("schemaVersion", 1);
        json.remove("preparedBy");
        json.remove("confirmedBy");
        ((ObjectNode) json.get("treatment").get("product")).remove("origin");
        ((ObjectNode) json.get("treatment").get("product")).remove("supply");
        ConsentSession s = Examples.session(json); // read as it was written
        assertEquals(1, s.schemaVersion());
        List<String> p = problems(json);
        assertHas(p, "schemaVersion: is 1, written before the physician's confirmation of the treatment was "
                + "recorded");
        assertHas(p, "treatment.product.origin: missing");
        assertHas(p, "treatment.product.supply: missing");
    }

    @Test
    void emptyAndTriviallyShortSignaturesAreRefused() {
        ObjectNode json = Examples.json("complete-ja");
        signature(json, "patient").put("png", SignatureImages.blank());
        signature(json, "physician").put("png", SignatureImages.dot());
        List<String> p = problems(json);
        assertHas(p, "signatures[0].png: the signature is empty");
        assertHas(p, "signatures[1].png: the signature is too short");
    }

    @Test
    void aSignatureThatIsNotAPngIsRefused() {
        ObjectNode json = Examples.json("complete-ja");
        signature(json, "patient").put("png", "bm90IGEgcG5n");
        assertHas(problems(json), "signatures[0].png: is not a PNG image");
    }

    @Test
    void aSignatureBySomeoneElseIsRefused() {
        ObjectNode json = Examples.json("complete-ja");
        signature(json, "patient").put("name", "鈴木 一郎");
        assertHas(problems(json), "signatures[0].name: '鈴木 一郎' is not the patient '佐藤 花子'");
    }

    @Test
    void signingBeforeTheQuestionsWereAnsweredIsRefused() {
        ObjectNode json = Examples.json("complete-ja");
        signature(json, "patient").put("at", "2026-11-20T10:15:00+09:00");
        assertHas(problems(json), "signatures[0].at: 2026-11-20T10:15+09:00 is before the explanation and questions "
                + "ended (2026-11-20T10:27:20+09:00)");
    }

    @Test
    void answeringBeforeTheSectionWasAcknowledgedIsRefused() {
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) answers(json, "q-approved").get(0)).put("at", "2026-11-20T10:01:00+09:00");
        assertHas(problems(json), "is before the section it checks was acknowledged");
    }

    @Test
    void timesInTheFutureAreRefused() {
        ObjectNode json = Examples.json("complete-ja");
        signature(json, "physician").put("at", "2026-12-24T10:00:00+09:00");
        assertHas(problems(json), "is in the future");
    }

    @Test
    void aLotThatExpiresBeforeTheTreatmentIsRefused() {
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) json.get("treatment").get("lot")).put("expiry", "2026-11-30");
        assertHas(problems(json), "treatment.lot.expiry: lot UC10-2611-04 expires on 2026-11-30, before the planned "
                + "treatment date 2026-12-01");
    }

    @Test
    void aSessionForAnotherTemplateVersionOrTextIsRefused() {
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) json.get("template")).put("version", "0.9.0").put("sha256", "00ff");
        List<String> p = problems(json);
        assertHas(p, "template.version: the session was made with version 0.9.0 but the template found is version");
        assertHas(p, "template.sha256: the text shown to the patient (00ff) differs");
    }

    @Test
    void anIndicationOutsideTheEvidenceTableIsRefused() {
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) json.get("treatment")).put("indication", "cancer");
        assertHas(problems(json), "treatment.indication: 'cancer' is not in the template's evidence table");
    }

    @Test
    void everythingMissingIsListedAtOnce() {
        ObjectNode json = Examples.json("complete-en");
        json.remove("physician");
        json.remove("signatures");
        json.withArray("acknowledgements").removeAll();
        ((ObjectNode) json.get("treatment").get("product")).remove("virusTests");
        List<String> p = problems(json);
        assertHas(p, "physician: missing");
        assertHas(p, "treatment.product.virusTests: missing");
        assertHas(p, "the physician's signature is missing");
        assertHas(p, "the patient's signature is missing");
        assertEquals(14, p.stream().filter(x -> x.contains("has not been acknowledged")).count(), p.toString());
        assertFalse(p.isEmpty());
    }

    @Test
    void aMissingSchemaVersionIsNamed() {
        ObjectNode json = Examples.json("complete-en");
        json.put("schemaVersion", 4);
        assertEquals(List.of("schemaVersion: is 4; this program signs schemaVersion 3 (and 2)"), problems(json));
        json.remove("schemaVersion");
        assertEquals(List.of("schemaVersion: missing; this program signs schemaVersion 3 (and 2)"), problems(json));
    }

    /** The question's attempts in the example with three wrong answers (issue 16 §7). */
    private static ArrayNode fourAttempts(ObjectNode json) {
        for (var q : json.withArray("quiz")) {
            if (q.get("answers").size() == 4) {
                return (ArrayNode) q.get("answers");
            }
        }
        throw new AssertionError("no question with four attempts");
    }

    @Test
    void threeWrongAnswersWithThePhysiciansSecondExplanationAreComplete() {
        assertEquals(List.of(), problems(org.exoconsent.testing.ExplainedAgainExample.session("complete-ja")));
        assertEquals(List.of(), problems(org.exoconsent.testing.ExplainedAgainExample.session("complete-en")));
    }

    @Test
    void aSectionAcknowledgedAgainAfterTheThirdWrongAnswerWithoutThePhysiciansExplanationIsRefused() {
        ObjectNode json = org.exoconsent.testing.ExplainedAgainExample.session("complete-ja");
        ((ObjectNode) fourAttempts(json).get(2)).remove("explainedAgain");
        assertHas(problems(json), "quiz[6].answers[2].explainedAgain: missing; after wrong answer 3 to question "
                + "'q-relief-system' the physician explains section");
    }

    @Test
    void theSecondExplanationIsTheConfirmingPhysiciansOfTheQuestionsSectionInOrder() {
        ObjectNode json = org.exoconsent.testing.ExplainedAgainExample.session("complete-ja");
        ObjectNode third = (ObjectNode) fourAttempts(json).get(2);
        ObjectNode e = (ObjectNode) third.get("explainedAgain");
        e.put("account", "sato").put("section", "risks").put("at", "2026-11-20T10:30:00+09:00");
        ((ObjectNode) fourAttempts(json).get(0)).put("acknowledgedAgain", "2026-11-20T10:26:00+09:00");
        ((ObjectNode) fourAttempts(json).get(3)).put("acknowledgedAgain", "2026-11-20T10:26:59+09:00");
        List<String> p = problems(json);
        assertHas(p, "quiz[6].answers[2].explainedAgain.account: 'sato' is not the physician who confirmed the "
                + "treatment (yamada)");
        assertHas(p, "quiz[6].answers[2].explainedAgain.section: 'risks' is not the section question "
                + "'q-relief-system' checks");
        assertHas(p, "quiz[6].answers[2].explainedAgain.at: 2026-11-20T10:30+09:00 is after the section was "
                + "acknowledged again");
        assertHas(p, "quiz[6].answers[2].explainedAgain.at: 2026-11-20T10:30+09:00 is after the next attempt");
        assertHas(p, "quiz[6].answers[0].acknowledgedAgain: 2026-11-20T10:26+09:00 is before the answer");
        assertHas(p, "quiz[6].answers[3]: a correct answer is not followed by reading its section again");
    }

    @Test
    void aSessionOfAnEarlierReleaseWithThreeWrongAnswersAndNoSecondReadingIsStillComplete() {
        ObjectNode json = org.exoconsent.testing.ExplainedAgainExample.session("complete-ja");
        for (var a : fourAttempts(json)) {
            ((ObjectNode) a).remove(List.of("explainedAgain", "acknowledgedAgain"));
        }
        assertEquals(List.of(), problems(json), "nothing signed or drafted before is refused for what it never kept");
    }

    @Test
    void aSessionThatKeepsReadingAgainCannotSkipTheThirdWrongAnswersExplanationByLeavingFieldsOut() {
        // review of issue 16: acknowledged again after wrong answers 1 and 2, nothing on the third, then the right one
        ObjectNode json = org.exoconsent.testing.ExplainedAgainExample.session("complete-ja");
        ((ObjectNode) fourAttempts(json).get(2)).remove(List.of("explainedAgain", "acknowledgedAgain"));
        List<String> p = problems(json);
        assertHas(p, "quiz[6].answers[2].acknowledgedAgain: missing; after wrong answer 3 to question "
                + "'q-relief-system' the patient reads section");
        assertHas(p, "quiz[6].answers[2].explainedAgain: missing; after wrong answer 3 to question "
                + "'q-relief-system' the physician explains section");
        // and a wrong answer answered again without its section acknowledged again
        ObjectNode first = org.exoconsent.testing.ExplainedAgainExample.session("complete-ja");
        ((ObjectNode) fourAttempts(first).get(0)).remove("acknowledgedAgain");
        assertEquals(1, problems(first).size(), problems(first).toString());
        assertHas(problems(first), "quiz[6].answers[0].acknowledgedAgain: missing; after wrong answer 1");
    }

    @Test
    void theSecondExplanationNamesWhatDiffersFromTheConfirmingPhysician() {
        ObjectNode json = org.exoconsent.testing.ExplainedAgainExample.session("complete-ja");
        ObjectNode e = (ObjectNode) fourAttempts(json).get(2).get("explainedAgain");
        e.put("licenceNumber", "999999");
        List<String> licence = problems(json);
        assertEquals(List.of("quiz[6].answers[2].explainedAgain.licenceNumber: '999999' is not the licence number "
                + "of the physician who confirmed the treatment (123456)"), licence);
        e.put("licenceNumber", "123456").put("name", "鈴木 花子");
        assertEquals(List.of("quiz[6].answers[2].explainedAgain.name: '鈴木 花子' is not the name of the physician "
                + "who confirmed the treatment (山田 太郎)"), problems(json));
    }
}
