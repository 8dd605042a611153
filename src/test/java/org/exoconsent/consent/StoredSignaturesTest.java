package org.exoconsent.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.exoconsent.consent.ConsentSession.SignatureRole;
import org.exoconsent.pdf.EmbeddedFacts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PreviousRelease;
import org.junit.jupiter.api.Test;

/**
 * Rule C9's "a signature is drawn by one hand" (issue 16 §3) applies when a signature is taken
 * ({@link Consultation#sign(SignatureRole, List, int, int)}), never when a signature already stored is read again:
 * signed records are immutable, and a draft or a record written before the rule reads as it was.
 */
class StoredSignaturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every session the fixtures and examples hold: the example sessions, each fixture's draft and signed consents. */
    @Test
    void everyStoredSessionOfTheExamplesAndEveryEarlierReleaseIsReadWithItsSignaturesAsStored() throws Exception {
        List<String> read = new ArrayList<>();
        try (Stream<Path> files = Files.list(Examples.SESSIONS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                ConsentSession s = SessionJson.read(f);
                assertEquals(JSON.readTree(f.toFile()).get("signatures").size(), s.signatures().size(), f.toString());
                assertEquals(List.of(), CompletenessCheck.problems(s, Examples.template(), Examples.CLINIC_CLOCK),
                        f + " is complete as it was");
                read.add(f.toString());
            }
        }
        int consents = 0;
        for (Path fixture : PreviousRelease.fixtures()) {
            // the drafts, and from 1.6.0 those set aside in drafts/abandoned (each beside its reason file)
            try (Stream<Path> drafts = Files.walk(fixture.resolve("drafts"))) {
                for (Path d : drafts.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    JsonNode session = JSON.readTree(d.toFile()).get("session");
                    ConsentSession s = SessionJson.read(JSON.writeValueAsBytes(session), d.toString());
                    assertEquals(session.path("signatures").size(), s.signatures().size(), d.toString());
                    read.add(d.toString());
                }
            }
            try (Stream<Path> pdfs = Files.walk(fixture.resolve("archive"))) {
                for (Path pdf : pdfs.filter(p -> p.toString().endsWith(".pdf")).sorted().toList()) {
                    byte[] embedded = EmbeddedFacts.read(Files.readAllBytes(pdf), EmbeddedFacts.SESSION);
                    if (embedded == null) {
                        continue; // a withdrawal, a correction, an informed refusal, or a consent signed before 1.3
                    }
                    JsonNode facts = EmbeddedFacts.withoutImageHashes(embedded);
                    ConsentSession s = SessionJson.read(JSON.writeValueAsBytes(facts), pdf.toString());
                    assertFalse(s.signatures().isEmpty(), pdf + " is signed");
                    assertEquals(facts.get("signatures").size(), s.signatures().size(), pdf.toString());
                    consents++;
                    read.add(pdf.toString());
                }
            }
        }
        assertTrue(consents >= 12, "the signed consents of releases 1.3.0 and 1.4.0: " + consents);
        assertTrue(read.size() >= consents + 5 + 2, "sessions read: " + read);
    }

    /**
     * A session signed with the pad before issue 16, its patient's strokes a finger and a palm joined (391-pixel
     * jumps): read again, it is complete and resumes with that signature kept; only a new signature with those
     * strokes is refused.
     */
    @Test
    void aSignatureStoredBeforeTheRuleIsReadAgainAsItWasAndOnlyANewOneIsRefused() throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        ObjectNode patient = null;
        for (JsonNode sig : json.withArray("signatures")) {
            if ("patient".equals(sig.get("role").asText())) {
                patient = (ObjectNode) sig;
            }
        }
        assertNotNull(patient);
        List<Stroke> joined = SignatureInkTest.fingerAndPalmJoined();
        patient.set("strokes", JSON.readTree(SessionJson.write(Examples.session("complete-ja").withSignatures(
                List.of(new ConsentSession.Signature(SignatureRole.PATIENT, "x", null, null, joined)))))
                .get("signatures").get(0).get("strokes"));
        ConsentSession old = SessionJson.read(Examples.bytes(json), "signed before issue 16");
        ConsentSession.Signature kept = old.signatures().stream().filter(x -> x.role() == SignatureRole.PATIENT)
                .findFirst().orElseThrow();
        assertEquals(joined, kept.strokes(), "the strokes as stored");
        assertNotNull(SignatureInk.jumpProblem(kept.strokes(), 720, 240), "strokes the rule refuses today");
        assertEquals(List.of(), CompletenessCheck.problems(old, Examples.template(), Examples.CLINIC_CLOCK),
                "the stored session is still complete");

        Consultation resumed = Consultation.resume(old, false, Examples.template(), Examples.CLINIC_CLOCK,
                Duration.ZERO);
        assertEquals(Consultation.Step.SIGNATURES, resumed.step());
        assertTrue(resumed.hasSigned(SignatureRole.PATIENT), "the stored signature is kept");
        assertEquals(old.signatures(), resumed.draft().signatures(), "and not changed");
    }
}
