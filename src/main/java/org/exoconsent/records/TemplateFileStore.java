package org.exoconsent.records;

import java.io.IOException;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;

/**
 * The files of the clinic's consent template versions (the manifest and one YAML file per language), kept by the
 * store beside their index ({@link TemplateVersionStore}); {@link TemplateLibrary} checks them and names them.
 * SQLite: the data directory's {@code templates/VERSION/ID/} folders ({@link FolderTemplates}); the PostgreSQL store of
 * issue 17 keeps them in the database (issue 17 §2: template versions live in the store). A version's files are put
 * once, in the write lock of the transaction that indexes it, and never changed afterwards.
 */
public interface TemplateFileStore {
    /**
     * Keeps a checked template's own files ({@code template.yaml} and one file per language, each within
     * {@link org.exoconsent.limits.InputLimits#MAX_TEMPLATE_FILE_BYTES}, never through a symbolic link) durably,
     * read back and checked again (the same check and SHA-256) before they take the version's place; files an
     * interrupted earlier attempt left (never indexed, so never used) are replaced.
     *
     * @throws StoreException naming the template's folder or where the copy goes, and saying nothing was imported
     */
    void put(ConsentTemplate t) throws StoreException;

    /**
     * Reads a version's files back as a template, checked by the rules of the format it was stored under
     * ({@link org.exoconsent.template.TemplateLoader#loadStored}).
     *
     * @return null when the version's files are missing
     * @throws TemplateException when they no longer pass that check
     * @throws IOException       when they cannot be read
     */
    ConsentTemplate read(String id, String version) throws TemplateException, IOException;

    /**
     * The SHA-256 of a version's files as {@link org.exoconsent.template.TemplateLoader#fingerprint} computes it,
     * without parsing them; null when they are missing.
     */
    String fingerprint(String id, String version) throws IOException;

    /** Removes the files of a version whose index row could not be written (so never used); never throws. */
    void discard(String id, String version);

    /** Where a version's files are, for messages (its folder, or the database's table). */
    String where(String id, String version);
}
