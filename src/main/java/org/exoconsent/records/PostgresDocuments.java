package org.exoconsent.records;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.exoconsent.files.OwnerOnly;

/**
 * The document archive ({@link DocumentArchive}) of the PostgreSQL store: the signed PDFs in the database's {@code
 * document} table (issue 17 §2), by archive name, with their SHA-256 and size; the schema's triggers refuse changing
 * or deleting one, and the application role has no right to. A document is written in the caller's write transaction,
 * so one transaction covers the index row, the PDF and the audit entry: an interrupted recording leaves nothing
 * behind, and so this archive keeps no intents and has no temporary files ({@link #intend} and {@link #done} only
 * check their arguments; {@link #intents}, {@link #temporaries} are always empty).
 */
final class PostgresDocuments implements DocumentArchive {
    /**
     * An archive name: relative, {@code /}-separated segments of letters, digits, {@code . _ -} (none of them {@code
     * .} or {@code ..}), the last ending in {@code .pdf} ({@code YYYY/MM/ID.pdf}).
     */
    private static final Pattern NAME = Pattern.compile("(?!.*(^|/)\\.{1,2}(/|$))[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*"
            + "\\.pdf");
    /** An intent's document id, as the folder archive takes it. */
    private static final Pattern INTENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final String server;
    private final Connection db;

    PostgresDocuments(String server, Connection db) {
        this.server = server;
        this.db = db;
    }

    /** The name, checked: an absolute one, one that climbs out or is not a PDF's is refused. */
    private static String checked(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' cannot name a document of the archive (YYYY/MM/ID.pdf)");
        }
        return name;
    }

    /** Inserts the document unless one is kept under its name: in the caller's write transaction, never replacing. */
    @Override
    public void put(String name, byte[] pdf) throws IOException {
        checked(name);
        if (pdf.length > MAX_DOCUMENT_BYTES) {
            throw new IOException(name + ": " + pdf.length + " bytes, more than the " + (MAX_DOCUMENT_BYTES >> 20)
                    + " MiB a signed PDF of the archive may have; nothing was written");
        }
        // ON CONFLICT DO NOTHING: a name taken is said without aborting the caller's transaction
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO document (name, content, sha256, size, stored_at) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, name);
            ps.setBytes(2, pdf);
            ps.setString(3, RecordStore.sha256(pdf));
            ps.setLong(4, pdf.length);
            ps.setString(5, Instant.now().toString());
            if (ps.executeUpdate() == 0) {
                throw new FileAlreadyExistsException(name, null, "a document is already kept under this name in "
                        + location());
            }
        } catch (SQLException e) {
            throw new IOException(location() + ": " + name + " could not be written: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] read(String name) throws IOException {
        try {
            checked(name);
        } catch (IllegalArgumentException e) {
            throw new NotADocumentName(e.getMessage());
        }
        // the size the database measures (octet_length), never the body, decides: a body over the limit is not read
        try (PreparedStatement ps = db.prepareStatement("SELECT octet_length(content), CASE WHEN octet_length(content)"
                + " <= ? THEN content END FROM document WHERE name = ?")) {
            ps.setLong(1, MAX_DOCUMENT_BYTES);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NoSuchFileException(name, null, "no document is kept under this name in " + location());
                }
                if (rs.getLong(1) > MAX_DOCUMENT_BYTES) {
                    throw new NotTheDocument("is " + rs.getLong(1) + " bytes, more than the "
                            + (MAX_DOCUMENT_BYTES >> 20) + " MiB a signed PDF of the archive may have: it is not the "
                            + "archived PDF");
                }
                return rs.getBytes(2);
            }
        } catch (SQLException e) {
            throw new IOException(location() + ": " + name + " could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list() throws IOException {
        // a name longer than any archive name is given cut, marked with "…" (it names no record, and is never
        // loaded whole); the bodies are not read
        return names("SELECT CASE WHEN char_length(name) <= 1000 THEN name ELSE left(name, 1000) || '…' END "
                + "FROM document", null);
    }

    @Override
    public List<String> attempts(String name) throws IOException {
        checked(name);
        String base = name.replaceAll("\\.pdf$", "");
        Pattern alternatives = Pattern.compile(Pattern.quote(base) + "(-\\d+)?\\.pdf");
        List<String> found = new ArrayList<>();
        for (String n : names("SELECT name FROM document WHERE name = ? OR starts_with(name, ?)", base)) {
            if (alternatives.matcher(n).matches()) {
                found.add(n);
            }
        }
        return found;
    }

    /** The names a query gives (its parameters all {@code param}, when given), sorted as Java sorts texts. */
    private List<String> names(String sql, String param) throws IOException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param + ".pdf");
                ps.setString(2, param + "-");
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IOException(location() + ": cannot be listed: " + e.getMessage(), e);
        }
        names.sort(null); // the database's collation may order otherwise
        return names;
    }

    /** Checks the id and name only: the document is written in the same transaction as its record (nothing to keep). */
    @Override
    public void intend(String id, String name) {
        intentId(id);
        checked(name);
    }

    /** Checks the id only: no intent was kept. */
    @Override
    public void done(String id) {
        intentId(id);
    }

    private static void intentId(String id) {
        if (id == null || !INTENT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' cannot name a recording's intent");
        }
    }

    /** None kept: {@link #intend} only checks the names. */
    @Override
    public boolean keepsIntents() {
        return false;
    }

    /** None: a recording interrupted before its commit left nothing in the database. */
    @Override
    public Map<String, String> intents() {
        return Map.of();
    }

    @Override
    public boolean anyIntent() {
        return false;
    }

    /** None: a write is one statement of a transaction, never half done. */
    @Override
    public List<String> temporaries() {
        return List.of();
    }

    /** Refuses every name: this archive has no temporary files, and a document is never removed. */
    @Override
    public void remove(String temporary) {
        throw new IllegalArgumentException("'" + temporary + "' is not a temporary file of the archive " + location()
                + " (it has none; a document is never removed)");
    }

    /**
     * A copy of the document in a new owner-only temporary file (the database holds no file to give), for a caller
     * that opens, prints or names it; the caller may delete it.
     *
     * @throws UncheckedIOException when it cannot be read or written (its cause says which)
     */
    @Override
    public Path file(String name) {
        try {
            byte[] pdf = read(name);
            Path copy = OwnerOnly.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "exoconsent-",
                    "-" + name.substring(name.lastIndexOf('/') + 1));
            java.nio.file.Files.write(copy, pdf); // made owner-only, empty, by createTempFile
            copy.toFile().deleteOnExit(); // a patient's document is not left on the device after the program ends
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document as its row: the store and the archive name, no copy made (issue 17 attack review F5). */
    @Override
    public String describe(String name) {
        return server + " document " + checked(name);
    }

    @Override
    public String location() {
        return server + " (table document)";
    }
}
