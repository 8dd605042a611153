package org.exoconsent.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A signature image is decoded once per document (the completeness check, then the layout), never kept beyond it: a
 * later document with the same bytes decodes them again, and different bytes are never answered with another's image.
 */
class SignatureImagesTest {

    private static byte[] png(int inkX) throws IOException {
        BufferedImage img = new BufferedImage(40, 10, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(inkX, 5, Color.BLACK.getRGB());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void insideOneScopeTheSameBytesAreDecodedOnceAndOtherBytesApart() throws Exception {
        byte[] a = png(3);
        byte[] b = png(30);
        SignatureImages.decodingOnce(() -> {
            BufferedImage first = SignatureImages.decode(a);
            assertSame(first, SignatureImages.decode(a.clone()), "the same bytes: the image decoded before");
            BufferedImage other = SignatureImages.decode(b);
            assertNotSame(first, other);
            assertEquals(Color.BLACK.getRGB(), other.getRGB(30, 5), "b's own pixels, not a's");
            assertEquals(0, other.getRGB(3, 5));
            return null;
        });
    }

    @Test
    void nothingOutlivesTheScopeAndOutsideOneEachAskDecodes() throws Exception {
        byte[] a = png(3);
        BufferedImage inFirst = SignatureImages.decodingOnce(() -> SignatureImages.decode(a));
        BufferedImage inSecond = SignatureImages.decodingOnce(() -> SignatureImages.decode(a));
        assertNotSame(inFirst, inSecond, "a later document decodes its images again");
        assertNotSame(SignatureImages.decode(a), SignatureImages.decode(a), "no scope: no memory");
    }

    @Test
    void aFailureInsideTheScopeEndsIt() throws Exception {
        byte[] a = png(3);
        BufferedImage[] seen = new BufferedImage[1];
        assertThrows(IOException.class, () -> SignatureImages.decodingOnce(() -> {
            seen[0] = SignatureImages.decode(a);
            throw new IOException("the layout failed");
        }));
        BufferedImage after = SignatureImages.decodingOnce(() -> SignatureImages.decode(a));
        assertNotSame(seen[0], after);
    }
}
