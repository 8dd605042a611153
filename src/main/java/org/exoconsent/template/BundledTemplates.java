package org.exoconsent.template;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;

/** The templates shipped inside the program (a copy of the project's consent-templates/ folder). */
public final class BundledTemplates {
    static final String RESOURCE = "/consent-templates";

    private BundledTemplates() {
    }

    /** The folder holding the bundled template folders, inside the jar or on the class path. */
    public static Path root() throws IOException {
        URL url = BundledTemplates.class.getResource(RESOURCE);
        if (url == null) {
            throw new IOException("the program was built without its consent templates");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return fs.getPath(RESOURCE);
            }
            return Path.of(uri);
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
