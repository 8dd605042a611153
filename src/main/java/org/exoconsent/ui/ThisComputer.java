package org.exoconsent.ui;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.exoconsent.records.Device;
import org.exoconsent.ui.controls.UiLanguage;

/**
 * What the app remembers on this computer for its operating-system user, outside any data directory: the staff
 * language last used, which the sign-in screen starts in (issue 16 §6), and, in the child node {@code window}, the
 * main window's size ({@link WindowPlacement}, issue 16 §2), and this device's identity in the store ({@link #device},
 * issue 17 §3). The one place that names the node: kept with the JDK's
 * {@link Preferences} (the
 * registry under {@code HKEY_CURRENT_USER\Software\JavaSoft\Prefs} on Windows, {@code ~/.java/.userPrefs} on Linux):
 * no patient data, nothing a clinic needs to back up. The node is {@code /org/exoconsent}, or the system property
 * {@code exoconsent.preferences} (the UI tests give each run its own and remove it, so that no test reads or writes
 * the preferences of the person running it).
 */
final class ThisComputer {
    private static final String LANGUAGE = "staff-language";
    private static final String DEVICE_ID = "device-id";
    private static final String DEVICE_LABEL = "device-label";
    private static final String STORE = "store";
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

    /**
     * The store chosen in the app's set-up on this computer for this operating-system user (issue 17 §1): a
     * PostgreSQL address {@code postgresql://HOST[:PORT]/DATABASE?user=NAME} (never a password: the app refuses one
     * in an address), or null for the data directory. It counts only when nothing stronger names a store
     * ({@link AppStore#resolve}: {@code EXOCONSENT_STORE}/{@code EXOCONSENT_HOME}, then the device's settings file).
     */
    String store() {
        try {
            String s = node.get(STORE, null);
            return s == null || s.isBlank() ? null : s.strip();
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /**
     * Keeps {@code address} as this user's choice of store, or forgets it ({@code null}: the data directory).
     *
     * @throws IllegalStateException when the choice cannot be kept (a read-only profile), with the reason: the
     *                               set-up says so rather than going on as if it were kept
     */
    void rememberStore(String address) {
        try {
            if (address == null) {
                node.remove(STORE);
            } else {
                node.put(STORE, address);
            }
            node.flush();
        } catch (BackingStoreException | SecurityException e) {
            throw new IllegalStateException("the choice of store cannot be kept on this computer: " + e.getMessage(),
                    e);
        }
    }

    /**
     * This device as the store names it (issue 17 §3: who holds a draft): its id, made once (a random UUID) and
     * kept here so that it stays the same from run to run, and its label, the one kept here ({@code device-label},
     * which an administrator may set) or else the computer's host name. Best effort: a computer that cannot keep
     * the id (a read-only profile) gets a new one each run, so its holds are not recognised as its own after a
     * restart and lapse after {@link org.exoconsent.records.Drafts#HOLD}.
     */
    Device device() {
        String id = null;
        String label = null;
        try {
            id = node.get(DEVICE_ID, null);
            label = node.get(DEVICE_LABEL, null);
        } catch (IllegalStateException e) {
            // the node was removed: a new id below
        }
        String host = hostName();
        String named = label == null || label.isBlank() ? host : label;
        try {
            new Device("x", named);
        } catch (IllegalArgumentException e) { // a kept label the store does not take: the host name
            named = host;
        }
        try {
            return new Device(id, named);
        } catch (IllegalArgumentException e) {
            // none kept yet, or not one the store takes: made now
        }
        Device made = new Device(java.util.UUID.randomUUID().toString(), named);
        try {
            node.put(DEVICE_ID, made.id());
            node.flush();
        } catch (BackingStoreException | IllegalStateException | SecurityException e) {
            // not kept: see above
        }
        return made;
    }

    /** This computer's host name as staff know it ("DESKTOP-3F2K", "tablet-2"), or "?" when it has none. */
    static String hostName() {
        for (String env : new String[] {"COMPUTERNAME", "HOSTNAME"}) {
            String name = System.getenv(env);
            if (name != null && !name.isBlank() && name.strip().length() <= 100) {
                return name.strip();
            }
        }
        try {
            String name = java.net.InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank() && name.length() <= 100) {
                return name;
            }
        } catch (java.io.IOException e) {
            // none
        }
        return "?";
    }
}
