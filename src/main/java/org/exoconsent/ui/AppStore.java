package org.exoconsent.ui;

import java.nio.file.Path;
import java.util.Map;
import org.exoconsent.records.DeviceSettings;
import org.exoconsent.records.PostgresLocation;
import org.exoconsent.records.StoreLocation;

/**
 * Which store the app opens on this device (issue 17 §1).
 * The order, strongest first (docs/ARCHITECTURE.md, "Choosing the store"): {@code -Dexoconsent.home} (the UI tests),
 * {@code $EXOCONSENT_STORE} or {@code $EXOCONSENT_HOME}, the {@code store} of this device's settings file (the
 * device's administrator's, {@link DeviceSettings}), the store chosen in the app's set-up by this operating-system
 * user ({@link ThisComputer#store}), and last the data directory {@code ~/.exoconsent}.
 */
final class AppStore {
    /** How a store chosen in the set-up is named when its address is refused. */
    static final String CHOSEN = "the store chosen in the app's set-up on this computer";

    private AppStore() {
    }

    /**
     * The store this device is set to.
     *
     * @param home     {@code -Dexoconsent.home}, or null
     * @param env      the environment ({@code EXOCONSENT_STORE}, {@code EXOCONSENT_HOME})
     * @param settings this device's settings file, already read
     * @param chosen   the address chosen in the set-up ({@link ThisComputer#store}), or null
     * @throws org.exoconsent.records.StoreLocationException for an address refused, naming it and where it came from
     */
    static StoreLocation resolve(Path home, Map<String, String> env, DeviceSettings settings, String chosen) {
        boolean named = home != null || set(env, StoreLocation.STORE_ENV) || set(env, StoreLocation.HOME_ENV)
                || settings.store().isPresent();
        if (!named && chosen != null) {
            return PostgresLocation.parse(chosen, CHOSEN, settings);
        }
        return StoreLocation.resolve(home, null, env, settings);
    }

    /** Whether the set-up's choice would count: nothing stronger names a store ({@link #resolve}). */
    static boolean choiceCounts(Path home, Map<String, String> env, DeviceSettings settings) {
        return home == null && !set(env, StoreLocation.STORE_ENV) && !set(env, StoreLocation.HOME_ENV)
                && settings.store().isEmpty();
    }

    private static boolean set(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }
}
