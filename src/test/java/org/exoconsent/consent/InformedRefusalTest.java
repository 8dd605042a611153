package org.exoconsent.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateLoader;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.Refusals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The informed refusal's rules R1–R7 (issue 16 §5; docs/SESSION.md) and its JSON. */
class InformedRefusalTest {
    private static final ClinicClock CLOCK = Examples.CLINIC_CLOCK;

    @TempDir
    Path tmp;

    private static List<String> problems(InformedRefusal r) {
        return CompletenessCheck.refusalProblems(r, Examples.template(), CLOCK);
    }

    private static void assertProblem(List<String> problems, String text) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(text)), "expected '" + text + "' among " + problems);
    }

    @Test
    void aRefusalSignedByThePatientAndThePhysicianAfterFiveSectionsHasNoProblem() {
        InformedRefusal r = Refusals.signed("complete-ja");
        assertEquals(List.of(), problems(r));
        assertEquals("6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10-refusal", r.id());
        assertEquals(List.of("treatment", "evidence", "quality", "infection", "sterilisation", "regulatory"),
                r.explained());
        assertEquals(List.of(), problems(Refusals.notSignedByPatient("complete-en", "The patient said they would "
                + "rather not sign anything today.")), "the physician's note instead of the patient's signature");
    }

    @Test
    void thePhysicianSignsAndThePatientSignsOrThePhysicianNotesThatTheyWouldNotNeverBoth() {
        InformedRefusal signed = Refusals.signed("complete-ja");
        InformedRefusal noPhysician = signed.withSignatures(List.of(signed.patientSide().orElseThrow()));
        assertProblem(problems(noPhysician), "signatures: the physician's signature is missing");

        InformedRefusal nobody = signed.withSignatures(List.of(signed.physicianSignature().orElseThrow()));
        assertProblem(problems(nobody), "the patient's signature is missing, or the physician's note that the "
                + "patient would not sign (patientWouldNotSign)");

        InformedRefusal both = new InformedRefusal(signed.kind(), signed.schemaVersion(), signed.id(),
                signed.consultation(), signed.explained(), signed.declinedAt(),
                new InformedRefusal.WouldNotSign("拒否", "yamada", signed.declinedAt()), signed.signatures());
        assertProblem(problems(both), "patientWouldNotSign: the patient's side signed");

        InformedRefusal emptyNote = Refusals.notSignedByPatient("complete-ja", " ");
        assertProblem(problems(emptyNote), "patientWouldNotSign.note: missing");
        InformedRefusal otherAccount = signed.withPatientWouldNotSign(new InformedRefusal.WouldNotSign("署名を望まず",
                "sasaki", signed.declinedAt()));
        assertProblem(problems(otherAccount), "patientWouldNotSign.account: 'sasaki' recorded the note, but the "
                + "physician of this consultation is 'yamada'");
        assertTrue(otherAccount.patientSide().isEmpty(), "a note drops the patient's signature");
    }

    @Test
    void whatWasExplainedIsNamedEverySectionOfTheTemplateOnceAndEveryAcknowledgedOneAmongThem() {
        InformedRefusal r = Refusals.signed("complete-ja");
        InformedRefusal none = with(r, List.of());
        assertProblem(problems(none), "explained: empty");
        assertProblem(problems(none), "consultation.acknowledgements[0].section: 'treatment' was acknowledged, so it "
                + "was explained: list it in explained");
        List<String> odd = new ArrayList<>(r.explained());
        odd.add("no-such-section");
        odd.add("evidence");
        List<String> p = problems(with(r, odd));
        assertProblem(p, "explained[6]: 'no-such-section' is not a section of the template");
        assertProblem(p, "explained[7]: 'evidence' is listed twice");
    }

    @Test
    void itIsDeclinedAfterTheConsultationBeganAndNotInTheFutureWithTheConfirmedTreatment() {
        InformedRefusal r = Refusals.signed("complete-ja");
        InformedRefusal early = new InformedRefusal(r.kind(), r.schemaVersion(), r.id(), r.consultation(),
                r.explained(), r.consultation().startedAt().minusMinutes(1), null, r.signatures());
        assertProblem(problems(early), "declinedAt: 2026-11-20T09:59+09:00 is before the consultation began");
        InformedRefusal future = new InformedRefusal(r.kind(), r.schemaVersion(), r.id(), r.consultation(),
                r.explained(), r.consultation().startedAt().plusDays(3), null, r.signatures());
        assertProblem(problems(future), "is in the future");
        InformedRefusal unconfirmed = new InformedRefusal(r.kind(), r.schemaVersion(), r.id(),
                r.consultation().withConfirmedBy(null), r.explained(), r.declinedAt(), null, r.signatures());
        assertTrue(problems(unconfirmed).stream().anyMatch(x -> x.startsWith("consultation.confirmedBy")),
                problems(unconfirmed).toString());
        InformedRefusal wrongId = new InformedRefusal(r.kind(), r.schemaVersion(), "something-else",
                r.consultation(), r.explained(), r.declinedAt(), null, r.signatures());
        assertProblem(problems(wrongId), "id: 'something-else' must be the consultation's id followed by '-refusal'");
    }

    @Test
    void aTemplateVersionWithoutTheRefusalsTextCannotSignOne() throws Exception {
        Path copy = Examples.templateCopy(tmp);
        for (String lang : List.of("ja", "en")) {
            Examples.edit(copy.resolve(lang + ".yaml"), t -> t.substring(0, t.indexOf("\n# 1.3.0: the document kept"))
                    + t.substring(t.indexOf("\nreferences:")));
        }
        ConsentTemplate without = new TemplateLoader().load(copy);
        List<String> p = CompletenessCheck.refusalProblems(Refusals.signed("complete-ja"), without, CLOCK);
        assertProblem(p, "has no text for an informed refusal in 'ja' (refusal:, from exosome-therapy 1.3.0 on)");
    }

    @Test
    void itIsWrittenAndReadAsJsonOfItsOwnKindAndToldFromASession() throws Exception {
        InformedRefusal r = Refusals.notSignedByPatient("complete-ja", "本人が署名を望みませんでした。");
        byte[] json = RefusalJson.write(r);
        assertTrue(RefusalJson.isRefusal(json));
        assertFalse(RefusalJson.isRefusal(SessionJson.write(Examples.session("complete-ja"))));
        assertEquals(r, RefusalJson.read(json, "test"));
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\n  \"kind\" : \"informed-refusal\""), text.substring(0, 60));

        ObjectNode bad = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        bad.put("surprise", 1);
        SessionException e = assertThrows(SessionException.class, () -> RefusalJson.read(
                bad.toString().getBytes(StandardCharsets.UTF_8), "refusal.json"));
        assertTrue(e.getMessage().contains("unknown field 'surprise'"), e.getMessage());
        bad.remove("surprise");
        bad.put("kind", "consent");
        SessionException kind = assertThrows(SessionException.class, () -> RefusalJson.read(
                bad.toString().getBytes(StandardCharsets.UTF_8), "refusal.json"));
        assertTrue(kind.getMessage().contains("kind: 'consent'; an informed refusal says \"kind\": "
                + "\"informed-refusal\""), kind.getMessage());
    }

    @Test
    void theSectionsExplainedAreListedWithTheirTitlesInTheOrderShown() {
        InformedRefusal r = Refusals.signed("complete-en");
        List<String> titles = SessionText.explained(r, Examples.template()).stream().map(s -> s.title()).toList();
        assertEquals(6, titles.size(), titles.toString());
        assertTrue(titles.get(0).startsWith("1. "), titles.toString());
        assertTrue(titles.get(5).startsWith("6. "), titles.toString());
    }

    private static InformedRefusal with(InformedRefusal r, List<String> explained) {
        return new InformedRefusal(r.kind(), r.schemaVersion(), r.id(), r.consultation(), explained,
                r.declinedAt(), r.patientWouldNotSign(), r.signatures());
    }
}
