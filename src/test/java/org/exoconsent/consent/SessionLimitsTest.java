package org.exoconsent.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.exoconsent.limits.InputLimits;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.HugePng;
import org.exoconsent.testing.SignatureImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's limits (issue 14 §2): each kind refused before any work, naming the field, its size and the limit;
 * the real examples are far within all of them.
 */
class SessionLimitsTest {
    @TempDir
    Path tmp;

    @Test
    void theExampleSessionsAreFarWithinEveryLimit() throws Exception {
        for (String name : List.of("complete-ja", "complete-en")) {
            assertEquals(List.of(), SessionLimits.problems(Examples.session(name)), name);
            assertTrue(Files.size(Examples.sessionFile(name)) * 100 < InputLimits.MAX_SESSION_BYTES, name);
        }
        assertNull(CompletenessCheck.imageProblem(SignatureImages.signature(1)), "a signature pad's image passes");
    }

    @Test
    void aSignatureOf20000By20000PixelsIsRefusedFromItsHeaderWithoutDecodingIt() {
        byte[] png = HugePng.grey(20_000, 20_000);
        assertTrue(png.length < 1024 * 1024, "a few hundred KB compressed: " + png.length);
        String base64 = java.util.Base64.getEncoder().encodeToString(png);
        long start = System.nanoTime();
        String problem = CompletenessCheck.imageProblem(base64);
        assertEquals("the image is 20000 × 20000 pixels (1.5 GB decoded); a signature may be at most 4096 × 4096 "
                + "pixels and 4194304 pixels in all (2048 × 2048)", problem);
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused from the header, not decoded");
        // and in a session, before the completeness check decodes anything
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) json.withArray("signatures").get(0)).put("png", base64);
        List<String> p = CompletenessCheck.problems(Examples.session(json), Examples.template(),
                Examples.CLINIC_CLOCK);
        assertEquals(List.of("signatures[0].png: " + problem), p);
    }

    @Test
    void anImageJustOverTheDimensionsIsRefusedAndOneAtTheLimitIsDecoded() {
        assertTrue(CompletenessCheck.imageProblem(HugePng.greyBase64(4_097, 100)).startsWith("the image is 4097 × 100 "
                + "pixels"));
        assertTrue(CompletenessCheck.imageProblem(HugePng.greyBase64(2_049, 2_049)).startsWith("the image is 2049 × "
                + "2049 pixels"), "more pixels than 2048 × 2048");
        // at the limits it is decoded and judged as any signature image
        String atLimit = CompletenessCheck.imageProblem(HugePng.greyBase64(4_096, 1_024));
        assertTrue(atLimit == null || !atLimit.startsWith("the image is"), atLimit);
    }

    @Test
    void aSessionFileOverItsSizeIsRefusedBeforeItIsRead() throws Exception {
        Path file = tmp.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(InputLimits.MAX_SESSION_BYTES + 1); // sparse: nothing is written
        }
        SessionException e = assertThrows(SessionException.class, () -> SessionJson.read(file));
        assertEquals(List.of("8.0 MB (8388609 bytes); a session file may hold at most 8.0 MB (8388608 bytes)"),
                e.problems());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }

    @Test
    void everyTextFieldIsRefusedOverItsLengthNamingTheFieldAndTheLimit() throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) json.get("patient")).put("name", "山".repeat(201));
        ((ObjectNode) json.get("notes")).put("physician", "経".repeat(10_001));
        ((ObjectNode) json.get("clinic")).put("address", "町".repeat(2_001));
        ((ObjectNode) json.get("treatment").get("lot")).put("number", "L".repeat(201));
        Path file = tmp.resolve("long.json");
        Files.write(file, Examples.bytes(json));
        SessionException e = assertThrows(SessionException.class, () -> SessionJson.read(file));
        assertEquals(List.of("clinic.address: 2001 characters; at most 2000",
                "patient.name: 201 characters; at most 200",
                "treatment.lot.number: 201 characters; at most 200",
                "notes.physician: 10001 characters; at most 10000"), e.problems());
        // at the limit, accepted; counted in characters, not UTF-16 units (𠮷 is two)
        ((ObjectNode) json.get("patient")).put("name", "𠮷".repeat(200));
        ((ObjectNode) json.get("notes")).put("physician", "経".repeat(10_000));
        ((ObjectNode) json.get("clinic")).put("address", "町".repeat(2_000));
        ((ObjectNode) json.get("treatment").get("lot")).put("number", "L".repeat(200));
        assertEquals(List.of(), SessionLimits.problems(Examples.session(json)));
    }

    @Test
    void unboundedListsAreRefusedOverTheirCount() throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        ArrayNode acks = json.withArray("acknowledgements");
        while (acks.size() <= InputLimits.MAX_ACKNOWLEDGEMENTS) {
            acks.add(acks.get(0).deepCopy());
        }
        ArrayNode answers = (ArrayNode) json.withArray("quiz").get(0).get("answers");
        while (answers.size() <= InputLimits.MAX_ANSWERS) {
            answers.insert(0, answers.get(0).deepCopy());
        }
        ArrayNode questions = ((ObjectNode) json.get("notes")).withArray("patientQuestions");
        while (questions.size() <= InputLimits.MAX_PATIENT_QUESTIONS) {
            questions.addObject().put("question", "痛みは？").put("answer", "少しです。");
        }
        ArrayNode signatures = json.withArray("signatures");
        while (signatures.size() <= InputLimits.MAX_SIGNATURES) {
            signatures.add(signatures.get(0).deepCopy());
        }
        Path file = tmp.resolve("lists.json");
        Files.write(file, Examples.bytes(json));
        SessionException e = assertThrows(SessionException.class, () -> SessionJson.read(file));
        assertEquals(List.of("acknowledgements: 201 entries; at most 200", "quiz[0].answers: 51 entries; at most 50",
                "notes.patientQuestions: 101 entries; at most 100", "signatures: 7 entries; at most 6"),
                e.problems());
    }

    @Test
    void aSignatureWithMoreStrokesOrPointsThanAnyoneWritesIsRefused() {
        List<Stroke.Point> points = new ArrayList<>();
        for (int i = 0; i <= InputLimits.MAX_POINTS; i++) {
            points.add(new Stroke.Point(40 + i % 600, 100 + i % 50, i, null));
        }
        List<Stroke> oneLongStroke = List.of(new Stroke(points));
        assertEquals("50001 points; a signature may have at most 50000", SessionLimits.strokesProblem(oneLongStroke));
        assertEquals("50001 points; a signature may have at most 50000", SignatureInk.problem(oneLongStroke),
                "the signature pad refuses it too");
        List<Stroke> dots = new ArrayList<>();
        for (int i = 0; i <= InputLimits.MAX_STROKES; i++) {
            dots.add(new Stroke(List.of(new Stroke.Point(40 + i % 600, 100, i, null))));
        }
        assertEquals("1001 strokes; a signature may have at most 1000", SessionLimits.strokesProblem(dots));
        ConsentSession s = Examples.session("complete-ja");
        List<ConsentSession.Signature> sigs = new ArrayList<>(s.signatures());
        ConsentSession.Signature first = sigs.get(0);
        sigs.set(0, new ConsentSession.Signature(first.role(), first.name(), first.at(), first.png(), oneLongStroke));
        assertEquals(List.of("signatures[0].strokes: 50001 points; a signature may have at most 50000"),
                SessionLimits.problems(s.withSignatures(sigs)));
    }

    @Test
    void thePhysiciansSecondExplanationIsWithinTheLimitsOfEveryOtherTextField() {
        var json = org.exoconsent.testing.ExplainedAgainExample.session("complete-ja");
        assertEquals(List.of(), SessionLimits.problems(Examples.session(json)));
        for (var q : json.withArray("quiz")) {
            if (q.get("answers").size() == 4) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) q.get("answers").get(2).get("explainedAgain"))
                        .put("name", "山".repeat(201));
            }
        }
        assertEquals(List.of("quiz[6].answers[2].explainedAgain.name: 201 characters; at most 200"),
                SessionLimits.problems(Examples.session(json)));
    }
}
