package org.exoconsent.consent;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Turns the strokes of the signature pad into the image the PDF shows: smooth curves through the midpoints of
 * successive points, line width following the pen pressure where the device reports it (JavaFX 21 reports none:
 * strokes of the app's pad have no pressure and are drawn at the middle width). The same strokes are kept in the
 * session, so the image can always be drawn again from what the patient wrote. Before a signature is taken
 * ({@code Consultation.sign}, rule C9 of docs/SESSION.md) the strokes are checked: within the session's limits and
 * more than a tap ({@link #problem}), and drawn by one hand ({@link #jumpProblem}).
 */
public final class SignatureInk {
    /** Less ink than this (in pad pixels of line length) is a tap or a tick, not a signature. */
    static final double MIN_LENGTH = 120;
    static final int MIN_POINTS = 12;
    /**
     * The longest step one hand makes between two consecutive points of a stroke, as a fraction of the pad's
     * diagonal: a third (253 pad pixels on the 720 × 240 pad). Why: a signature fills the pad, so what a hand covers
     * between two events scales with the pad. A touch screen reports a moving finger at 60–240 events a second;
     * handwriting's fastest flourishes stay under 1 m/s, at most 17 mm between two events at 60 a second: an eighth
     * to a twelfth of the pad's diagonal (720 × 240 logical pixels are 12–19 cm wide on a 10-inch tablet or a
     * desktop monitor, the diagonal 13–20 cm). A third allows that flourish with two events in a row lost to a busy
     * screen, and still refuses what no hand draws: a line that goes back and forth between two places touched at
     * once, such as a finger and a palm (issue 16 §3: jumps of 391 pixels on the 720 × 240 pad, half its diagonal).
     */
    static final double MAX_STEP_OF_DIAGONAL = 1.0 / 3;

    private SignatureInk() {
    }

    /**
     * Why these strokes are not a signature (empty, trivially short, or more strokes or points than
     * {@link SessionLimits#strokesProblem} allows), or null.
     */
    public static String problem(List<Stroke> strokes) {
        String tooMany = SessionLimits.strokesProblem(strokes);
        if (tooMany != null) {
            return tooMany;
        }
        int points = 0;
        double length = 0;
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        for (Stroke s : strokes) {
            List<Stroke.Point> p = s.points();
            points += p.size();
            for (int i = 0; i < p.size(); i++) {
                minX = Math.min(minX, p.get(i).x());
                maxX = Math.max(maxX, p.get(i).x());
                if (i > 0) {
                    length += Math.hypot(p.get(i).x() - p.get(i - 1).x(), p.get(i).y() - p.get(i - 1).y());
                }
            }
        }
        if (points == 0) {
            return "the signature is empty";
        }
        if (points < MIN_POINTS || length < MIN_LENGTH || maxX - minX < CompletenessCheck.MIN_INK_WIDTH) {
            return "the signature is too short to be a handwritten signature";
        }
        return null;
    }

    /**
     * The longest step between two consecutive points of one stroke a hand makes on a pad of this size, in pad
     * pixels: a third of its diagonal (see {@code MAX_STEP_OF_DIAGONAL}); 253 on the 720 × 240 pad.
     *
     * @throws IllegalArgumentException when the width or height is not positive
     */
    public static double maxStep(int padWidth, int padHeight) {
        if (padWidth <= 0 || padHeight <= 0) {
            throw new IllegalArgumentException("a signature pad of " + padWidth + " × " + padHeight + " pixels");
        }
        return Math.hypot(padWidth, padHeight) * MAX_STEP_OF_DIAGONAL;
    }

    /**
     * Why these strokes were not drawn by one hand, or null: the first stroke with a step between two consecutive
     * points longer than {@link #maxStep} (two places touched at once and joined into one line, e.g. a finger and a
     * palm). The rule C9 of docs/SESSION.md ("a signature is drawn by one hand") applies when signing; a signature
     * already stored (a draft, a record) is read as it is.
     *
     * @param padWidth  the pad's width in pixels (the strokes' coordinates are in the same pixels)
     * @param padHeight the pad's height in pixels
     * @throws IllegalArgumentException when the pad's width or height is not positive
     */
    public static String jumpProblem(List<Stroke> strokes, int padWidth, int padHeight) {
        double max = maxStep(padWidth, padHeight);
        for (int s = 0; s < strokes.size(); s++) {
            List<Stroke.Point> p = strokes.get(s).points();
            for (int i = 1; i < p.size(); i++) {
                double step = Math.hypot(p.get(i).x() - p.get(i - 1).x(), p.get(i).y() - p.get(i - 1).y());
                if (step > max) {
                    return String.format(java.util.Locale.ROOT, "stroke %d jumps %.0f pixels between its points %d "
                            + "and %d; one hand moves at most %.0f pixels (a third of the %d × %d pad's diagonal) "
                            + "between two events: two places were touched at once, such as a finger and a palm",
                            s + 1, step, i, i + 1, max, padWidth, padHeight);
                }
            }
        }
        return null;
    }

    /** The strokes as a base64 PNG of the pad's size, dark ink on a transparent background. */
    public static String toPng(List<Stroke> strokes, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(new Color(0x10, 0x18, 0x30));
        for (Stroke s : strokes) {
            List<Stroke.Point> p = s.points();
            if (p.size() == 1) {
                float w = width(p.get(0));
                g.fill(new java.awt.geom.Ellipse2D.Double(p.get(0).x() - w / 2, p.get(0).y() - w / 2, w, w));
                continue;
            }
            for (int i = 1; i < p.size(); i++) {
                // a quadratic curve from the previous midpoint through the previous point to the next midpoint
                Stroke.Point a = p.get(i - 1);
                Stroke.Point b = p.get(i);
                Stroke.Point before = i > 1 ? p.get(i - 2) : a;
                Path2D.Double seg = new Path2D.Double();
                seg.moveTo((before.x() + a.x()) / 2, (before.y() + a.y()) / 2);
                seg.quadTo(a.x(), a.y(), (a.x() + b.x()) / 2, (a.y() + b.y()) / 2);
                if (i == p.size() - 1) {
                    seg.lineTo(b.x(), b.y());
                }
                g.setStroke(new BasicStroke(width(a), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(seg);
            }
        }
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float width(Stroke.Point p) {
        double pressure = p.pressure() == null ? 0.5 : Math.max(0, Math.min(1, p.pressure()));
        return (float) (2.2 + 2.4 * pressure);
    }
}
