package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The staff language this computer last used (issue 16 §6): kept, read back, and nothing else taken for it. */
class ThisComputerTest {
    private final String node = "/org/exoconsent/test-computer-" + java.util.UUID.randomUUID();

    @AfterEach
    void remove() throws Exception {
        removeNode(node);
    }

    /** Removes a preferences node and everything under it (a test's; also the UI tests', through AppDriver). */
    static void removeNode(String node) throws java.util.prefs.BackingStoreException {
        Preferences root = Preferences.userRoot();
        if (root.nodeExists(node)) {
            root.node(node).removeNode();
            root.flush();
        }
    }

    @Test
    void theLastLanguageIsKeptForTheNextStartAndAnythingElseIsIgnored() {
        ThisComputer computer = new ThisComputer(Preferences.userRoot().node(node));
        assertNull(computer.language(), "nothing remembered yet: the operating system's is used");
        computer.rememberLanguage("en");
        assertEquals("en", new ThisComputer(Preferences.userRoot().node(node)).language(), "read back anew");
        computer.rememberLanguage("fr");
        assertEquals("en", computer.language(), "not a language of the screens: not kept");
        Preferences.userRoot().node(node).put("staff-language", "xx");
        assertNull(computer.language(), "a value written by something else is not taken");
    }
}
