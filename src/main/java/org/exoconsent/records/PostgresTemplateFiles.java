package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.exoconsent.files.OwnerOnly;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;
import org.exoconsent.template.TemplateLoader;

/**
 * The template versions' files of the shared PostgreSQL store: the {@code template_file} table (schema 15), one row
 * per file, never changed or deleted (issue 17 §2: template versions live in the store). A version's files are put in
 * the write transaction that indexes it, so they are committed with its index row or not at all (the foreign key to
 * {@code template_version} is checked at the commit). To be read they are written to a temporary folder of this
 * device's account alone, loaded by {@link TemplateLoader} and removed.
 */
final class PostgresTemplateFiles implements TemplateFileStore {
    private final String server;
    private final Connection db;

    /**
     * @param server the store as messages name it (never a password)
     * @param db     the store's connection, in the caller's transaction
     */
    PostgresTemplateFiles(String server, Connection db) {
        this.server = server;
        this.db = db;
    }

    /** Inserts the files in the caller's write transaction and reads them back through the same check. */
    @Override
    public void put(ConsentTemplate t) throws StoreException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO template_file (template_id, version, name, "
                + "content) VALUES (?, ?, ?, ?)")) {
            for (Path f : TemplateLibrary.ownFiles(t)) {
                ps.setString(1, t.id());
                ps.setString(2, t.version());
                ps.setString(3, f.getFileName().toString());
                ps.setBytes(4, TemplateLibrary.readOwn(f));
                ps.addBatch();
            }
            ps.executeBatch();
            ConsentTemplate copy = read(t.id(), t.version());
            if (copy == null || !copy.sha256().equals(t.sha256())) {
                throw new StoreException(t.folder() + ": changed while it was being imported; nothing was imported");
            }
        } catch (TemplateException e) {
            throw new StoreException(t.folder() + ": the copy did not pass its check; nothing was imported:\n"
                    + e.getMessage(), e);
        } catch (SQLException | IOException e) {
            throw new StoreException(where(t.id(), t.version()) + ": cannot store the template: " + e.getMessage()
                    + "; nothing was imported", e);
        }
    }

    @Override
    public ConsentTemplate read(String id, String version) throws TemplateException, IOException {
        Path folder = copyOut(id, version);
        if (folder == null) {
            return null;
        }
        try {
            return new TemplateLoader().loadStored(folder);
        } finally {
            Durable.deleteTree(folder.getParent());
        }
    }

    @Override
    public String fingerprint(String id, String version) throws IOException {
        Path folder = copyOut(id, version);
        if (folder == null) {
            return null;
        }
        try {
            return TemplateLoader.fingerprint(folder);
        } finally {
            Durable.deleteTree(folder.getParent());
        }
    }

    /**
     * The version's files in a new temporary folder of this account's alone named after the template ({@code
     * …/ID/}, as the loader requires; the caller removes its parent), or null when the table holds none.
     *
     * @throws IOException when {@code id} is not a folder name (an index row changed outside the product): nothing is
     *                     written
     */
    private Path copyOut(String id, String version) throws IOException {
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IOException(where(id, version) + ": '" + id + "' is no template's id (changed outside "
                    + "ExoConsent?); nothing was read");
        }
        Path folder = null;
        try (PreparedStatement ps = db.prepareStatement("SELECT name, content FROM template_file WHERE template_id = ? "
                + "AND version = ? ORDER BY name")) {
            ps.setString(1, id);
            ps.setString(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (folder == null) {
                        folder = OwnerOnly.createDirectories(OwnerOnly.createTempDirectory(Path.of(
                                System.getProperty("java.io.tmpdir")), "exoconsent-template-").resolve(id));
                    }
                    OwnerOnly.write(folder.resolve(rs.getString(1)), rs.getBytes(2));
                }
            }
            return folder;
        } catch (SQLException | IOException e) {
            if (folder != null) {
                Durable.deleteTree(folder.getParent());
            }
            throw e instanceof IOException io ? io : new IOException(where(id, version) + ": " + e.getMessage(), e);
        }
    }

    /** Nothing to do: the files were put in the caller's transaction, which its rollback discards. */
    @Override
    public void discard(String id, String version) {
    }

    @Override
    public String where(String id, String version) {
        return server + " (table template_file, template " + id + " version " + version + ")";
    }
}
