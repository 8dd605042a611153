package org.exoconsent.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javax.imageio.ImageIO;

/**
 * Saves what a UI test sees when {@code -Dexoconsent.screenshots=DIR} is given (docs/screenshots is made this way:
 * {@code mvn test -Dtest=WizardFlowTest -Dexoconsent.screenshots=docs/screenshots}).
 */
public final class Screenshots {
    private Screenshots() {
    }

    public static void save(Image image, String name) {
        String dir = System.getProperty("exoconsent.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader px = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, px.getArgb(x, y));
            }
        }
        try {
            Path target = Path.of(dir).resolve(name + ".png");
            Files.createDirectories(target.getParent());
            ImageIO.write(out, "png", target.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
