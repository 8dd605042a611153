package org.exoconsent.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder checks of a template handed in (issue 14 §2) where the command-line tests do not reach: inside the
 * program's jar (a zip file system, where the bundled template is read) they pass as on disk, and a file the
 * template does not consist of is refused even when it is hidden.
 */
class TemplateFolderLimitsTest {
    @TempDir
    Path tmp;

    @Test
    void theBundledTemplateInsideAJarPassesTheFolderChecks() throws Exception {
        Path jar = tmp.resolve("program.jar");
        URI uri = URI.create("jar:" + jar.toUri());
        try (FileSystem zip = FileSystems.newFileSystem(uri, Map.of("create", "true"))) {
            Path folder = zip.getPath("/consent-templates/exosome-therapy");
            Files.createDirectories(folder);
            for (String f : List.of("template.yaml", "ja.yaml", "en.yaml")) {
                Files.copy(Examples.TEMPLATES.resolve("exosome-therapy").resolve(f), folder.resolve(f));
            }
        }
        try (FileSystem zip = FileSystems.newFileSystem(uri, Map.of())) {
            ConsentTemplate t = new TemplateLoader().load(zip.getPath("/consent-templates/exosome-therapy"));
            assertEquals(Examples.template().sha256(), t.sha256(), "the same text as on disk");
        }
    }

    @Test
    void aHiddenFileBesideTheTemplateIsRefusedByName() throws Exception {
        Path folder = Examples.templateCopy(tmp);
        Files.writeString(folder.resolve(".DS_Store"), "x");
        TemplateException e = assertThrows(TemplateException.class, () -> new TemplateLoader().load(folder));
        assertEquals(folder.resolve(".DS_Store") + ": is not a file of a template; a template folder holds only "
                + "template.yaml and one file per language (ja.yaml, en.yaml …; docs/TEMPLATES.md): move it out of "
                + "the folder", e.getMessage());
    }
}
