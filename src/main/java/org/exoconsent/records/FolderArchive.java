package org.exoconsent.records;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.exoconsent.files.OwnerOnly;

/**
 * The document archive as files in the data directory's {@code archive/} folder ({@link DataDirectory#archive()}):
 * one PDF per name ({@code YYYY/MM/ID.pdf}), written whole and flushed, then linked into place without replacing
 * anything ({@link Durable#createNew}); the intents in {@code archive/.pending/} ({@link DataDirectory#pending()}),
 * one small file per document id holding the name it wants. Not SQL: the archive of the SQLite store, and of any
 * store that keeps its documents beside its database.
 */
public final class FolderArchive implements DocumentArchive {
    /** The name of a partial write's temporary file ({@link Durable}). */
    private static final Pattern PARTIAL_WRITE = Pattern.compile("\\.incoming-\\d+\\.tmp");
    /** An intent's document id: a file name of the intents' folder, never hidden, never a path. */
    private static final Pattern INTENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final Path root;
    private final Path pending;

    /** The archive of {@code dir}: its {@code archive/} folder (created by the first write when missing). */
    public FolderArchive(DataDirectory dir) {
        this.root = dir.archive();
        this.pending = dir.pending();
    }

    @Override
    public void put(String name, byte[] pdf) throws IOException {
        Path target = document(name);
        try {
            Durable.createNew(target, pdf);
        } catch (FileAlreadyExistsException e) {
            if (Files.isRegularFile(target)) {
                throw e;
            }
            throw new FileSystemException(target.toString(), null, "is in the way and is not a document");
        }
    }

    @Override
    public byte[] read(String name) throws IOException {
        Path f;
        try {
            f = document(name);
        } catch (IllegalArgumentException e) {
            throw new NotADocumentName(e.getMessage());
        }
        // not every file of the archive is looked at by every opening (DataDirectory.keepPrivate): a link or another
        // account's file put in a month folder is refused here (attack review of issue 14)
        if (Files.isSymbolicLink(f)) {
            throw new NotTheDocument("is a symbolic link (to " + Files.readSymbolicLink(f) + "), not the archived "
                    + "PDF: another place's file stands in for the signed record");
        }
        // a folder, a FIFO (which would block the reading for ever) or a device stands in for the PDF: refused
        // before it is opened; so is a file larger than a signed PDF may be (attack review of issue 15)
        java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(f,
                java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new NotTheDocument("is not a regular file (a folder, a FIFO or a device), not the archived PDF");
        }
        if (a.size() > MAX_DOCUMENT_BYTES) {
            throw new NotTheDocument("is " + a.size() + " bytes, more than the " + (MAX_DOCUMENT_BYTES >> 20)
                    + " MiB a signed PDF of the archive may have: it is not the archived PDF");
        }
        java.nio.file.attribute.UserPrincipal owner = Files.getOwner(f, LinkOption.NOFOLLOW_LINKS);
        if (!owner.equals(OwnerOnly.currentOwner())) {
            throw new NotTheDocument("belongs to the account " + owner.getName() + ", not to the clinic's: that "
                    + "account can change or replace the signed record");
        }
        return Files.readAllBytes(f);
    }

    @Override
    public List<String> list() throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return List.of(); // nothing was ever put
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.startsWith(pending))
                    .filter(f -> !PARTIAL_WRITE.matcher(f.getFileName().toString()).matches()).map(this::name)
                    .sorted().toList();
        }
    }

    @Override
    public List<String> attempts(String name) throws IOException {
        Path f = document(name);
        String base = f.getFileName().toString().replaceAll("\\.pdf$", "");
        Pattern alternatives = Pattern.compile(Pattern.quote(base) + "(-\\d+)?\\.pdf");
        try (Stream<Path> siblings = Files.list(f.getParent())) {
            return siblings.filter(s -> alternatives.matcher(s.getFileName().toString()).matches()).map(this::name)
                    .sorted().toList();
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of(); // the folder was never made: nothing was put
        }
    }

    @Override
    public void intend(String id, String name) throws IOException {
        document(name);
        Durable.replace(intent(id), name.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void done(String id) throws IOException {
        Files.deleteIfExists(intent(id));
    }

    @Override
    public Map<String, String> intents() throws IOException {
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> markers = Files.list(pending)) {
            for (Path m : markers.filter(m -> !m.getFileName().toString().startsWith(".")).toList()) {
                // an earlier release wrote the name with the platform's separator
                found.put(m.getFileName().toString(), Files.readString(m, StandardCharsets.UTF_8).strip()
                        .replace('\\', '/'));
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // no intent was ever left
        }
        return found;
    }

    @Override
    public boolean anyIntent() throws IOException {
        try (Stream<Path> markers = Files.list(pending)) {
            return markers.anyMatch(m -> !m.getFileName().toString().startsWith("."));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return false;
        }
    }

    @Override
    public List<String> temporaries() throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> PARTIAL_WRITE.matcher(f.getFileName().toString()).matches())
                    .filter(Files::isRegularFile).map(this::name).sorted().toList();
        }
    }

    @Override
    public void remove(String temporary) throws IOException {
        Path f = inside(temporary);
        if (!PARTIAL_WRITE.matcher(f.getFileName().toString()).matches()) {
            throw new IllegalArgumentException("'" + temporary + "' is not a temporary file of the archive");
        }
        Files.deleteIfExists(f);
    }

    @Override
    public Path file(String name) {
        return inside(name);
    }

    @Override
    public String location() {
        return root.toString();
    }

    /** The archive name of a file in it: relative, {@code /}-separated. */
    private String name(Path f) {
        return root.relativize(f).toString().replace('\\', '/');
    }

    private Path document(String name) {
        Path f = inside(name);
        if (!f.getFileName().toString().endsWith(".pdf") || f.startsWith(pending)) {
            throw new IllegalArgumentException("'" + name + "' cannot name a document of the archive (YYYY/MM/ID.pdf)");
        }
        return f;
    }

    /** The file of an archive name; a name that is absolute or climbs out of the archive is refused. */
    private Path inside(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an archive name is missing");
        }
        Path rel = Path.of(name.replace('\\', '/'));
        Path f = root.resolve(rel).normalize();
        if (rel.isAbsolute() || !f.startsWith(root) || f.equals(root)) {
            throw new IllegalArgumentException("'" + name + "' cannot name a file of the archive " + root);
        }
        return f;
    }

    private Path intent(String id) {
        if (id == null || !INTENT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' cannot name a recording's intent");
        }
        return pending.resolve(id);
    }
}
