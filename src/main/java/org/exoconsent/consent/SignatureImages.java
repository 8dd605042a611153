package org.exoconsent.consent;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Decodes the handwritten signatures' PNG images, once per document: the completeness check reads each signature's
 * pixels, then the PDF's layout draws the same image; inside {@link #decodingOnce} the second asks get the image the
 * first decoded (issue 17 §5: decoding was an eighth of a recording's CPU, each signature twice). Nothing is kept
 * after the scope ends, so no image outlives the document it belongs to, and one that is merely equal to an earlier
 * document's is decoded again. The images handed out must only be read (drawn from), never drawn on.
 */
public final class SignatureImages {
    private SignatureImages() {
    }

    /** A piece of work that may throw one kind of checked exception. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** The images decoded in this thread's current scope, or null outside one. */
    private static final ThreadLocal<List<Decoded>> SCOPE = new ThreadLocal<>();

    private record Decoded(byte[] png, BufferedImage image) {
    }

    /**
     * Runs {@code work} with each distinct PNG (by its bytes) decoded at most once by {@link #decode} on this thread;
     * what was decoded is dropped when it returns or throws. A scope inside another uses the outer one.
     *
     * @return what {@code work} returns
     */
    public static <T, E extends Exception> T decodingOnce(Work<T, E> work) throws E {
        if (SCOPE.get() != null) {
            return work.run();
        }
        SCOPE.set(new ArrayList<>(4));
        try {
            return work.run();
        } finally {
            SCOPE.remove();
        }
    }

    /**
     * A PNG's image, as {@link ImageIO#read} decodes it; inside {@link #decodingOnce}, the image already decoded from
     * the same bytes there. Check the PNG's header dimensions before (InputLimits.pngHeaderProblem): this decodes.
     *
     * @return the image, or null when ImageIO finds no reader for the bytes
     * @throws IOException when the bytes cannot be decoded
     */
    public static BufferedImage decode(byte[] png) throws IOException {
        List<Decoded> scope = SCOPE.get();
        if (scope != null) {
            for (Decoded d : scope) {
                if (Arrays.equals(d.png(), png)) {
                    return d.image();
                }
            }
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        if (scope != null && image != null) {
            scope.add(new Decoded(png.clone(), image));
        }
        return image;
    }
}
