package org.exoconsent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;
import org.exoconsent.template.TemplateLoader;
import org.exoconsent.usecases.TemplateSource;
import picocli.CommandLine.Option;

/**
 * Where a command finds the template a session names: by default the version the session names, from the clinic's
 * template library in the data directory (see {@code exoconsent templates list}); with {@code --templates DIR},
 * from that folder of templates instead. Checked once per template version per command.
 */
final class TemplateOptions {
    @Option(names = "--templates", paramLabel = "DIR",
            description = "Folder of templates to use instead of the clinic's template library (a session is "
                    + "refused unless its version is the one found there).")
    Path templates;

    private final Map<String, ConsentTemplate> loaded = new HashMap<>();

    /** The session's template, checked; refused with the session's file named when it cannot be found. */
    ConsentTemplate forSession(ConsentSession s, Path file, RecordStore store)
            throws SessionException, TemplateException, IOException, StoreException {
        TemplateSource.requireReference(s, file, templates == null);
        ConsentSession.TemplateRef ref = s.template();
        String cacheKey = ref.id() + " " + ref.version();
        ConsentTemplate cached = loaded.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        ConsentTemplate t;
        if (templates != null) {
            Path folder = templates.resolve(ref.id());
            if (!Files.isDirectory(folder)) {
                throw new SessionException(file.toString(), List.of("template.id: no template '" + ref.id()
                        + "' in " + templates));
            }
            t = new TemplateLoader().load(folder);
        } else {
            t = TemplateSource.library().forSession(s, file, store);
        }
        loaded.put(cacheKey, t);
        return t;
    }
}
