package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The staff language this computer last used (issue 16 §6): kept, read back, and nothing else taken for it; and this
 * device's identity in the store (issue 17 §3): made once, the same from run to run, labelled with its host name
 * unless a label is kept.
 */
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

    @Test
    void theDeviceIsMadeOnceKeptForTheNextRunAndLabelledWithTheHostNameUnlessALabelIsKept() {
        org.exoconsent.records.Device first = new ThisComputer(Preferences.userRoot().node(node)).device();
        assertEquals(ThisComputer.hostName(), first.label());
        org.exoconsent.records.Device again = new ThisComputer(Preferences.userRoot().node(node)).device();
        assertEquals(first, again, "the same id the next run");
        Preferences.userRoot().node(node).put("device-label", "タブレット2");
        assertEquals(new org.exoconsent.records.Device(first.id(), "タブレット2"),
                new ThisComputer(Preferences.userRoot().node(node)).device());
        Preferences.userRoot().node(node).put("device-id", "not an id!");
        org.exoconsent.records.Device remade = new ThisComputer(Preferences.userRoot().node(node)).device();
        org.junit.jupiter.api.Assertions.assertNotEquals(first.id(), remade.id(), "an unusable id is made anew");
        assertEquals(remade, new ThisComputer(Preferences.userRoot().node(node)).device(), "and kept");
    }
}
