package org.exoconsent.ui;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.exoconsent.ui.controls.UiLanguage;

/**
 * What the app remembers on this computer for its operating-system user, outside any data directory: the staff
 * language last used, which the sign-in screen starts in (issue 16 §6), and, in the child node {@code window}, the
 * main window's size ({@link WindowPlacement}, issue 16 §2). The one place that names the node: kept with the JDK's
 * {@link Preferences} (the
 * registry under {@code HKEY_CURRENT_USER\Software\JavaSoft\Prefs} on Windows, {@code ~/.java/.userPrefs} on Linux):
 * no patient data, nothing a clinic needs to back up. The node is {@code /org/exoconsent}, or the system property
 * {@code exoconsent.preferences} (the UI tests give each run its own and remove it, so that no test reads or writes
 * the preferences of the person running it).
 */
final class ThisComputer {
    private static final String LANGUAGE = "staff-language";
    private final Preferences node;

    /** @param node where the values are kept */
    ThisComputer(Preferences node) {
        this.node = node;
    }

    /** This operating-system user's node: {@code /org/exoconsent}, or {@code -Dexoconsent.preferences}. */
    static ThisComputer forThisUser() {
        return new ThisComputer(Preferences.userRoot().node(System.getProperty("exoconsent.preferences",
                "/org/exoconsent")));
    }

    /**
     * The child node {@code name} of this computer's node, where another part keeps its values
     * ({@link WindowPlacement}: {@code window}); empty when it does not exist (nothing is created by asking).
     *
     * @throws BackingStoreException when the preferences cannot be read
     */
    java.util.Optional<Preferences> existing(String name) throws BackingStoreException {
        return node.nodeExists(name) ? java.util.Optional.of(node.node(name)) : java.util.Optional.empty();
    }

    /** The child node {@code name} of this computer's node, made if it is not there (written on the next flush). */
    Preferences child(String name) {
        return node.node(name);
    }

    /** The staff language last used on this computer ("ja" or "en"), or null when none was kept. */
    String language() {
        try {
            String l = node.get(LANGUAGE, null);
            return l != null && UiLanguage.LANGUAGES.contains(l) ? l : null;
        } catch (IllegalStateException e) {
            return null; // the node was removed: nothing remembered
        }
    }

    /**
     * Remembers {@code language} ("ja" or "en"; anything else is ignored) as the one last used. Best effort: a
     * computer that cannot keep it (a read-only profile) starts in its own language next time, which is said
     * nowhere because nothing is lost.
     */
    void rememberLanguage(String language) {
        if (!UiLanguage.LANGUAGES.contains(language)) {
            return;
        }
        try {
            node.put(LANGUAGE, language);
            node.flush();
        } catch (BackingStoreException | IllegalStateException | SecurityException e) {
            // not kept: see above
        }
    }
}
