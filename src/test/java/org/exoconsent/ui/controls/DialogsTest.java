package org.exoconsent.ui.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every dialog and alert the app builds goes through {@link Dialogs#over} (issue 16 §2: a dialog built otherwise
 * disables its owner on Linux, and openbox then shrinks a maximised window; WindowManagerTest shows the fault and
 * the fix under Xvfb with openbox). A source check, so that a dialog added later cannot forget it.
 */
class DialogsTest {
    private static final Path UI = Path.of("src/main/java/org/exoconsent/ui");
    /** A dialog or alert being built: JavaFX's Dialog, Alert, TextInputDialog, ChoiceDialog. */
    private static final Pattern BUILT = Pattern.compile(
            "new\\s+(?:javafx\\.scene\\.control\\.)?(?:Alert|Dialog|TextInputDialog|ChoiceDialog)\\s*[<(]");
    private static final Pattern OVER = Pattern.compile("Dialogs\\.over\\(");
    private static final Pattern OWN = Pattern.compile("\\.init(?:Owner|Modality)\\(");
    /** One of the system's dialogs shown with an owner (it must be shown with null, through Dialogs.system). */
    private static final Pattern SYSTEM_OWNED = Pattern.compile(
            "\\.show(?:Save|Open|Print)?Dialog\\((?!null\\))");

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void everyDialogTheScreensBuildIsMadeByDialogsOverAndTheSystemsOwnThroughDialogsSystem() throws IOException {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(UI)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                if (f.getFileName().toString().equals("Dialogs.java")) {
                    continue;
                }
                String text = Files.readString(f);
                int built = count(BUILT, text);
                int over = count(OVER, text);
                if (over < built) {
                    wrong.add(f + ": " + built + " dialog(s) built, " + over + " through Dialogs.over");
                }
                if (count(SYSTEM_OWNED, text) > 0) {
                    wrong.add(f + ": a file, folder or print dialog shown with an owner (use Dialogs.system)");
                }
                if (count(OWN, text) > 0) {
                    wrong.add(f + ": initOwner/initModality outside Dialogs");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }
}
