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
 * successive points, line width following the pen pressure where the device reports it. The same strokes are kept
 * in the session, so the image can always be drawn again from what the patient wrote.
 */
public final class SignatureInk {
    /** Less ink than this (in pad pixels of line length) is a tap or a tick, not a signature. */
    static final double MIN_LENGTH = 120;
    static final int MIN_POINTS = 12;

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
