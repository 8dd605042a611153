package org.exoconsent.testing;

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
import java.util.Random;
import javax.imageio.ImageIO;

/** Handwriting-like signature images for examples and tests: smooth random strokes, black ink on transparent. */
public final class SignatureImages {
    private SignatureImages() {
    }

    /** A plausible signature of a few loops across most of a 480×160 pad, reproducible from the seed. */
    public static String signature(long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(480, 160, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = pen(img);
        Path2D.Double path = new Path2D.Double();
        double x = 30;
        double y = 95;
        path.moveTo(x, y);
        for (int i = 0; i < 9; i++) {
            double nx = x + 35 + r.nextInt(25);
            double ny = 60 + r.nextInt(60);
            path.curveTo(x + 10, y - 50 - r.nextInt(30), nx - 10, ny + 40 + r.nextInt(20), nx, ny);
            x = nx;
            y = ny;
        }
        g.draw(path);
        Path2D.Double underline = new Path2D.Double();
        underline.moveTo(40, 135);
        underline.curveTo(160, 125 + r.nextInt(10), 300, 140, 430, 128);
        g.draw(underline);
        g.dispose();
        return png(img);
    }

    /** A dot: what an accidental tap leaves. */
    public static String dot() {
        BufferedImage img = new BufferedImage(480, 160, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = pen(img);
        g.drawLine(240, 80, 243, 81);
        g.dispose();
        return png(img);
    }

    /** An empty pad. */
    public static String blank() {
        return png(new BufferedImage(480, 160, BufferedImage.TYPE_INT_ARGB));
    }

    private static Graphics2D pen(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(new Color(0x10, 0x18, 0x30));
        g.setStroke(new BasicStroke(3.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        return g;
    }

    private static String png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        System.out.println(signature(Long.parseLong(args[0])));
    }
}
