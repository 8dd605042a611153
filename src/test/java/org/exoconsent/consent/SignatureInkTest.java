package org.exoconsent.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

public class SignatureInkTest {

    /** A signature-like line: a wave across most of a 480×160 pad, points every 8 ms. */
    public static List<Stroke> wave(int points, double width, Double pressure) {
        List<Stroke.Point> p = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            double x = 30 + width * i / Math.max(1, points - 1);
            p.add(new Stroke.Point(x, 80 + 30 * Math.sin(i / 3.0), i * 8L, pressure));
        }
        return List.of(new Stroke(p));
    }

    @Test
    void aRealStrokeBecomesAPngTheCompletenessCheckAccepts() {
        List<Stroke> strokes = wave(60, 400, 0.7);
        assertNull(SignatureInk.problem(strokes));
        String png = SignatureInk.toPng(strokes, 480, 160);
        assertNull(CompletenessCheck.imageProblem(png), "the rendered image is a real signature");
    }

    @Test
    void aPenWithoutPressureStillDrawsAndATapOrATickIsRefused() {
        assertNull(CompletenessCheck.imageProblem(SignatureInk.toPng(wave(60, 400, null), 480, 160)));
        assertEquals("the signature is empty", SignatureInk.problem(List.of()));
        assertEquals("the signature is too short to be a handwritten signature",
                SignatureInk.problem(wave(3, 4, 0.5)), "a tap");
        assertEquals("the signature is too short to be a handwritten signature",
                SignatureInk.problem(wave(20, 20, 0.5)), "a short tick");
    }

    @Test
    void theStrokesTravelWithTheSessionJson() throws SessionException {
        ConsentSession.Signature sig = new ConsentSession.Signature(ConsentSession.SignatureRole.PATIENT, "A",
                java.time.OffsetDateTime.parse("2026-11-20T10:32:00+09:00"), "cG5n", wave(5, 100, 0.3));
        ConsentSession s = new ConsentSession(2, "x", null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, List.of(sig));
        ConsentSession again = SessionJson.read(SessionJson.write(s), "t");
        assertEquals(sig.strokes(), again.signatures().get(0).strokes());
    }
}
