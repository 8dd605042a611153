package org.exoconsent.usecases;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;

/** Where a use case finds the template version a session file names. */
@FunctionalInterface
public interface TemplateSource {
    /**
     * The session's template, checked.
     *
     * @throws SessionException  when the session names no usable template (the file is refused, the batch goes on)
     * @throws TemplateException when the template found is not a valid template (the file is refused)
     * @throws IOException       when a template folder cannot be read (the batch stops)
     */
    ConsentTemplate forSession(ConsentSession s, Path file, RecordStore store)
            throws SessionException, TemplateException, IOException, StoreException;

    /**
     * The version the session names, from the clinic's template library ({@link RecordStore#signingTemplate}); a
     * version the library does not hold, or one found to contain errors, refuses the file
     * ({@code template.version: …}), naming it.
     */
    static TemplateSource library() {
        return (s, file, store) -> {
            requireReference(s, file, true);
            try {
                // refuses a version found to contain errors: the consultation restarts on its correction
                return store.signingTemplate(s.template().id(), s.template().version());
            } catch (RefusedException e) {
                throw new SessionException(file.toString(), List.of("template.version: " + e.getMessage()));
            }
        };
    }

    /**
     * Refuses a session whose template reference cannot name a template: no id, an id that is not lower-case
     * letters, digits and '-', or (when {@code versionNeeded}) no version.
     *
     * @throws SessionException naming {@code file} and the field
     */
    static void requireReference(ConsentSession s, Path file, boolean versionNeeded) throws SessionException {
        ConsentSession.TemplateRef ref = s.template();
        if (ref == null || ref.id() == null || !ref.id().matches("[a-z0-9][a-z0-9-]*")) {
            throw new SessionException(file.toString(), List.of(
                    "template.id: missing or not a template id (lower-case letters, digits, '-')"));
        }
        if (versionNeeded && ref.version() == null) {
            throw new SessionException(file.toString(), List.of("template.version: missing"));
        }
    }
}
