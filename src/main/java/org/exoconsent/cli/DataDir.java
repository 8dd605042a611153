package org.exoconsent.cli;

import java.nio.file.Path;
import java.util.Map;

/** Where ExoConsent keeps its data: {@code --data-dir}, else {@code EXOCONSENT_HOME}, else {@code ~/.exoconsent}. */
public final class DataDir {
    public static final String ENV = "EXOCONSENT_HOME";

    private DataDir() {
    }

    public static Path resolve(Path option, Map<String, String> env) {
        if (option != null) {
            return option.toAbsolutePath();
        }
        String home = env.get(ENV);
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".exoconsent");
    }
}
