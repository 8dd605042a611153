package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import org.exoconsent.files.OwnerOnly;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;
import org.exoconsent.template.TemplateLoader;

/**
 * The template versions' files of the embedded SQLite store: {@code templates/VERSION/ID/} in the data directory
 * ({@link DataDirectory#templates()}), so each {@code templates/VERSION/} is itself a folder of templates; each file
 * the clinic account's alone (issue 14 §1).
 */
final class FolderTemplates implements TemplateFileStore {
    private final Path root;

    /** The files kept under {@code root} (the data directory's templates folder; created at the first put). */
    FolderTemplates(Path root) {
        this.root = root;
    }

    /** The folder of one version. */
    Path folder(String id, String version) {
        return root.resolve(version).resolve(id);
    }

    /** Copies in through a staging folder, reads the copy back and moves it into place atomically. */
    @Override
    public void put(ConsentTemplate t) throws StoreException {
        Path target = folder(t.id(), t.version());
        Path staging = root.resolve(".incoming-" + UUID.randomUUID()).resolve(t.id());
        try {
            OwnerOnly.createDirectories(staging);
            // only the template's own files, each read within its limit and never through a link (issue 14 §2);
            // the strict load refused a folder holding anything else, and the copy is loaded and compared below;
            // each copy is the clinic account's alone, whatever the original's mode (issue 14 §1)
            List<Path> files = TemplateLibrary.ownFiles(t);
            for (Path f : files) {
                OwnerOnly.write(staging.resolve(f.getFileName().toString()), TemplateLibrary.readOwn(f));
            }
            ConsentTemplate copy = new TemplateLoader().load(staging);
            if (!copy.sha256().equals(t.sha256())) {
                throw new StoreException(t.folder() + ": changed while it was being imported; nothing was imported");
            }
            for (Path f : files) {
                Durable.force(staging.resolve(f.getFileName().toString()));
            }
            Durable.syncDirectory(staging);
            Durable.deleteTree(target);
            OwnerOnly.createDirectories(target.getParent());
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            Durable.syncDirectory(target.getParent());
        } catch (TemplateException e) {
            throw new StoreException(t.folder() + ": the copy did not pass its check; nothing was imported:\n"
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException(target + ": cannot store the template: " + e.getMessage()
                    + "; nothing was imported", e);
        } finally {
            try {
                Durable.deleteTree(staging.getParent());
            } catch (IOException ignored) {
                // a leftover staging folder is never read
            }
        }
    }

    @Override
    public ConsentTemplate read(String id, String version) throws TemplateException {
        Path folder = folder(id, version);
        if (!Files.isDirectory(folder)) {
            return null;
        }
        return new TemplateLoader().loadStored(folder);
    }

    @Override
    public String fingerprint(String id, String version) throws IOException {
        Path folder = folder(id, version);
        return Files.isDirectory(folder) ? TemplateLoader.fingerprint(folder) : null;
    }

    @Override
    public void discard(String id, String version) {
        try {
            Durable.deleteTree(folder(id, version));
        } catch (IOException ignored) {
            // an unindexed folder is never read, and is replaced by the next attempt
        }
    }

    @Override
    public String where(String id, String version) {
        return folder(id, version).toString();
    }
}
