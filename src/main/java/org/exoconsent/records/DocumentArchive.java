package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The document archive of the store (issue 15 §1): the signed PDFs, each kept under its archive name (relative,
 * {@code /}-separated, e.g. {@code 2026/11/ATK-001.pdf}: the {@code pdf_path} of the index), written once and never
 * modified or removed. Bytes go in and come out; no caller learns where or how they are kept, except through
 * {@link #file} where a caller needs a file to open, print or name. {@link FolderArchive} keeps them in the data
 * directory's {@code archive/} folder; the PostgreSQL store of issue 17 keeps them in the database.
 *
 * <p>A recording that puts a document and then indexes it can be interrupted between the two. Before it puts the
 * document it leaves an intent ({@link #intend}: the document id and the name it wants), removed when the
 * recording is done; what an interrupted one left is found from the intents ({@link #intents}, {@link #attempts}).
 * A write killed midway may leave a temporary file ({@link #temporaries}), never part of a document.
 *
 * <p>Storage failures are {@link IOException}s (a database's archive gives its failure as the cause). The callers
 * write (put, intend, done, remove a temporary) only while they hold the store's write lock.
 */
public interface DocumentArchive {
    /**
     * The largest document the archive holds, in bytes: 256 MiB, the most a backup's archived PDF may have when it is
     * restored ({@link BackupReader}); a signed consent is about 0.1–0.3 MB.
     */
    long MAX_DOCUMENT_BYTES = 256L << 20;

    /**
     * Puts a new document durably (on the device when this returns) under {@code name}. Nothing is ever replaced.
     *
     * @param name the archive name: relative, {@code /}-separated, ending in {@code .pdf}
     * @throws java.nio.file.FileAlreadyExistsException when a document is already kept under that name (the
     *                                                  caller chooses another; nothing was written)
     * @throws IOException                              when it cannot be written, or something that is not a
     *                                                  document is in the way (the message says which); nothing
     *                                                  is left under the name
     * @throws IllegalArgumentException                 when the name is absolute, climbs out ({@code ..}) or is
     *                                                  not a PDF's
     */
    void put(String name, byte[] pdf) throws IOException;

    /**
     * The bytes kept under {@code name}.
     *
     * @throws java.nio.file.NoSuchFileException when no document is kept under that name
     * @throws NotTheDocument                    when what is there is not the clinic's document (a symbolic link
     *                                           to another place's file, or another account's file): the message
     *                                           says which, to follow the document's name
     * @throws NotADocumentName                  when {@code name} names no document of the archive
     * @throws IOException                       when it cannot be read
     */
    byte[] read(String name) throws IOException;

    /**
     * Every document kept, by name, sorted (a full listing: for the orphan scan of {@code records verify}). Intents
     * and temporary files are not documents and are not listed.
     */
    List<String> list() throws IOException;

    /**
     * The documents kept under {@code name} or one of its numbered alternatives ({@code ID.pdf}, {@code ID-2.pdf},
     * {@code ID-3.pdf} …, the names a recording takes when an interrupted attempt left the first), sorted: what an
     * interrupted recording of {@code name} may have left.
     */
    List<String> attempts(String name) throws IOException;

    /** Leaves the intent of recording document {@code id} under {@code name}, durably, replacing an earlier one. */
    void intend(String id, String name) throws IOException;

    /** Removes the intent of document {@code id} (the recording is done); none there is no error. */
    void done(String id) throws IOException;

    /**
     * Whether {@link #intend} leaves something that {@link #done} must remove after the recording's commit (a marker
     * file of the data directory): true by default. False when the recording's transaction is its own intent (the
     * shared store: a recording interrupted before its commit leaves nothing), so that no work is left for after the
     * commit and the store need not take its write lock again for it.
     */
    default boolean keepsIntents() {
        return true;
    }

    /** Every intent left: document id → the name it wanted, by id. */
    Map<String, String> intents() throws IOException;

    /** Whether any intent is left (cheap: looked at by every start before anything else). */
    boolean anyIntent() throws IOException;

    /** The temporary files a write killed midway left (never part of a document), as {@link #remove} takes them. */
    List<String> temporaries() throws IOException;

    /** Removes one of {@link #temporaries()}; one already gone is no error. */
    void remove(String temporary) throws IOException;

    /**
     * A file holding the document (or the temporary file) of {@code name}, for a caller that opens, prints or names
     * it to a person: the folder archive's own file (not a copy: never write to it); another archive gives a copy.
     */
    Path file(String name);

    /**
     * How messages name the document of {@code name} (the folder archive: its file's path), without making a copy
     * of it: for naming a document, never {@link #file}, which another archive can give only as a copy.
     *
     * @throws IllegalArgumentException as {@link #file} does, for a name that is no document of the archive
     */
    default String describe(String name) {
        return file(name).toString();
    }

    /**
     * How a person is shown a name the archive lists, whatever it holds (a file put there by hand may have any name:
     * control characters, escape sequences, thousands of characters): in single quotes, control and format
     * characters as {@code \}{@code uXXXX}, cut at 120 characters with "…", then " in " and {@link #location()}.
     * Nothing is read and nothing is refused.
     */
    default String shown(String name) {
        return BackupReader.printable(name == null ? "" : name) + " in " + location();
    }

    /** Where the archive is, for messages (the folder, or the database's table). */
    String location();

    /**
     * What is kept under a document's name is not the clinic's document: the message says why, to follow the name.
     */
    final class NotTheDocument extends IOException {
        private static final long serialVersionUID = 1L;

        public NotTheDocument(String why) {
            super(why);
        }
    }

    /**
     * A name asked for that names no document of the archive (absolute, climbing out with {@code ..}, not
     * {@code YYYY/MM/ID.pdf}): an index row changed outside the product. Nothing was read.
     */
    final class NotADocumentName extends IOException {
        private static final long serialVersionUID = 1L;

        public NotADocumentName(String why) {
            super(why);
        }
    }
}
