package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.template.BundledTemplates;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;
import org.exoconsent.template.TemplateLoader;
import picocli.CommandLine.Option;

/** Where a command finds the template a session names (checked once per template per command). */
final class TemplateOptions {
    @Option(names = "--templates", paramLabel = "DIR",
            description = "Folder of templates (default: the bundled templates).")
    Path templates;

    private final Map<String, ConsentTemplate> loaded = new HashMap<>();

    /** The session's template, checked; refused with the session's file named when it cannot be found. */
    ConsentTemplate forSession(ConsentSession s, Path file) throws SessionException, TemplateException, IOException {
        if (s.template() == null || s.template().id() == null || !s.template().id().matches("[a-z0-9][a-z0-9-]*")) {
            throw new SessionException(file.toString(), List.of(
                    "template.id: missing or not a template id (lower-case letters, digits, '-')"));
        }
        ConsentTemplate cached = loaded.get(s.template().id());
        if (cached != null) {
            return cached;
        }
        Path root = templates != null ? templates : BundledTemplates.root();
        Path folder = root.resolve(s.template().id());
        if (!Files.isDirectory(folder)) {
            throw new SessionException(file.toString(), List.of("template.id: no template '" + s.template().id()
                    + "' in " + root));
        }
        ConsentTemplate t = new TemplateLoader().load(folder);
        loaded.put(s.template().id(), t);
        return t;
    }
}
