package org.exoconsent.template;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The templates shipped inside the program (a copy of the project's consent-templates/ folder). */
public final class BundledTemplates {
    static final String RESOURCE = "/consent-templates";
    /** The template of the product this program is for: the one the wizard uses. */
    public static final String EXOSOME_THERAPY = "exosome-therapy";

    private static volatile List<ConsentTemplate> loaded;

    private BundledTemplates() {
    }

    /**
     * Every bundled template, read and checked once per run (they cannot change while the program runs). A bundled
     * template that fails its check is a fault of the build and is reported as such.
     */
    public static List<ConsentTemplate> all() throws IOException, TemplateException {
        List<ConsentTemplate> all = loaded;
        if (all == null) {
            synchronized (BundledTemplates.class) {
                all = loaded;
                if (all == null) {
                    List<ConsentTemplate> list = new ArrayList<>();
                    for (TemplateLoader.CheckResult r : new TemplateLoader().checkAll(root())) {
                        if (!r.valid()) {
                            throw new TemplateException(r.problems());
                        }
                        list.add(r.template());
                    }
                    all = List.copyOf(list);
                    loaded = all;
                }
            }
        }
        return all;
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
