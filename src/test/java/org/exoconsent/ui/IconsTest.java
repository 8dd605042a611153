package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class IconsTest {
    @Test
    void everyIconSizeTheWindowsUseIsInTheProgramAtItsSize() throws Exception {
        for (int size : ExoConsentApp.ICON_SIZES) {
            try (InputStream in = IconsTest.class.getResourceAsStream("/org/exoconsent/icons/exoconsent-" + size
                    + ".png")) {
                assertNotNull(in, "icon " + size);
                BufferedImage img = ImageIO.read(in);
                assertEquals(size, img.getWidth());
                assertEquals(size, img.getHeight());
                assertEquals(0, img.getRGB(0, 0) >>> 24, "transparent corner (rounded square) at " + size);
            }
        }
    }
}
