package org.exoconsent.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    /**
     * What the pad before issue 16 made of a finger writing with the side of the hand resting on the 720 × 240 pad:
     * one stroke going back and forth between the finger (a wave from x 60 to 300) and the palm 391 pixels to its
     * right, every other point the palm's.
     */
    public static List<Stroke> fingerAndPalmJoined() {
        List<Stroke.Point> p = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double x = 60 + 6 * i;
            double y = 110 + 30 * Math.sin(i / 3.0);
            p.add(new Stroke.Point(x, y, i * 16L, null));
            p.add(new Stroke.Point(x + 391, y, i * 16L + 1, null));
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

    /** Issue 16 §3: a finger and a palm joined into one stroke of 391-pixel jumps is no hand's line. */
    @Test
    void aStrokeJumping391PixelsBetweenAFingerAndAPalmIsNotDrawnByOneHand() {
        List<Stroke> joined = fingerAndPalmJoined();
        assertNull(SignatureInk.problem(joined), "long enough and wide enough: the old check took it");
        assertEquals("stroke 1 jumps 391 pixels between its points 1 and 2; one hand moves at most 253 pixels (a "
                + "third of the 720 × 240 pad's diagonal) between two events: two places were touched at once, such "
                + "as a finger and a palm", SignatureInk.jumpProblem(joined, 720, 240));
    }

    /** The limit is a third of the pad's diagonal: a fast flourish with events lost passes, one pixel more does not. */
    @Test
    void aFastFlourishIsOneHandsLineUpToAThirdOfThePadsDiagonal() {
        double max = SignatureInk.maxStep(720, 240);
        assertEquals(Math.hypot(720, 240) / 3, max, 1e-9);
        assertEquals(253, Math.round(max));
        assertEquals(Math.hypot(480, 160) / 3, SignatureInk.maxStep(480, 160), 1e-9, "the older, smaller pad");
        // a signature written in 12 quick events across 700 pixels (64-pixel steps), and a pen lifted and put down
        // far away (a new stroke: no jump)
        List<Stroke> quick = new ArrayList<>(wave(12, 700, null));
        quick.addAll(wave(12, 100, null));
        assertNull(SignatureInk.jumpProblem(quick, 720, 240));
        Stroke.Point a = new Stroke.Point(10, 100, 0, null);
        assertNull(SignatureInk.jumpProblem(List.of(new Stroke(List.of(a, new Stroke.Point(10 + max, 100, 8, null)))),
                720, 240), "exactly the limit");
        assertNotNull(SignatureInk.jumpProblem(List.of(new Stroke(List.of(a,
                new Stroke.Point(10 + max + 1, 100, 8, null)))), 720, 240), "a pixel beyond it");
        assertThrows(IllegalArgumentException.class, () -> SignatureInk.jumpProblem(quick, 0, 240));
    }
}
