package org.exoconsent.ui.controls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Font;
import javafx.stage.Stage;
import org.exoconsent.testing.FxWait;
import org.exoconsent.testing.UiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The screens get the PDF's fonts: IPAex Gothic at once, the fallback fonts in the background, registered with
 * JavaFX, which uses loaded fonts as fallbacks for the glyphs IPAex Gothic lacks (seen under Xvfb; docs/FONTS).
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class ScreenFontsTest {
    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new StackPane(), 100, 100));
        stage.show();
    }

    @Test
    void theBundledFontsAreAllRegisteredForTheScreens() throws Exception {
        ScreenFonts.loadPrimary();
        assertTrue(ScreenFonts.loaded().contains("IPAexGothic") && Font.getFamilies().contains("IPAexGothic"),
                "the screens' font is there at once");
        java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            ScreenFonts.loadFallbacks(background);
            List<String> fallbacks = List.of("Noto Sans", "Droid Sans Fallback", "IPAmjMincho");
            FxWait.until(() -> ScreenFonts.loaded().containsAll(fallbacks), "the fallback fonts loaded", 30);
            assertTrue(Font.getFamilies().containsAll(fallbacks), "and registered with JavaFX: " + Font.getFamilies());
        } finally {
            background.shutdownNow();
        }
    }
}
