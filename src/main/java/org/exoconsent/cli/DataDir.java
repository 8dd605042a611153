package org.exoconsent.cli;

import java.nio.file.Path;
import java.util.Map;

/** Where ExoConsent keeps its data: {@code --data-dir}, else {@code EXOCONSENT_HOME}, else {@code ~/.exoconsent}. */
public final class DataDir {
    public static final String ENV = "EXOCONSENT_HOME";

    private DataDir() {
    }

    public static Path resolve(Path option, Map<String, String> env) {
        return org.exoconsent.records.DataDirectory.resolve(option, env).root();
    }
}
