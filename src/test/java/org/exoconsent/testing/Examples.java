package org.exoconsent.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.pdf.SigningKeys;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;
import org.exoconsent.template.TemplateLoader;

/** The project's own templates and example sessions, as tests use them. */
public final class Examples {
    public static final Path TEMPLATES = Path.of("consent-templates");
    public static final Path SESSIONS = Path.of("src/test/resources/sessions");
    /**
     * Version 1.0.0 of the bundled template exactly as shipped (format 1), as clinics keep it in their libraries for
     * the records signed with it.
     */
    public static final Path TEMPLATE_1_0_0 = Path.of("src/test/resources/templates/1.0.0/exosome-therapy");
    /**
     * Version 1.1.0 of the bundled template exactly as shipped (format 2), as clinics keep it in their libraries for
     * the records and drafts made with it.
     */
    public static final Path TEMPLATE_1_1_0 = Path.of("src/test/resources/templates/1.1.0/exosome-therapy");
    /** A day after the examples' consultation, in Tokyo. */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T03:00:00Z"), ZoneId.of("Asia/Tokyo"));
    /** {@link #CLOCK} as a clinic in Tokyo keeps it (the default time-zone setting). */
    public static final ClinicClock CLINIC_CLOCK = ClinicClock.of(CLOCK, ZoneId.of("Asia/Tokyo"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ConsentTemplate template;
    private static SigningKey key;

    private Examples() {
    }

    public static synchronized ConsentTemplate template() {
        if (template == null) {
            try {
                template = new TemplateLoader().load(TEMPLATES.resolve("exosome-therapy"));
            } catch (TemplateException e) {
                throw new AssertionError("the project's template is invalid:\n" + e.getMessage(), e);
            }
        }
        return template;
    }

    /** A copy of the project's template under {@code parent/exosome-therapy/}, unchanged, that a test may break. */
    public static Path templateCopy(Path parent) {
        return templateCopy(TEMPLATES.resolve("exosome-therapy"), parent);
    }

    /**
     * A copy of the template folder {@code source} (e.g. {@link #TEMPLATE_1_1_0}) under
     * {@code parent/exosome-therapy/}, unchanged, that a test may break.
     */
    public static Path templateCopy(Path source, Path parent) {
        try {
            Path folder = parent.resolve("exosome-therapy");
            java.nio.file.Files.createDirectories(folder);
            for (String f : new String[] {"template.yaml", "ja.yaml", "en.yaml"}) {
                java.nio.file.Files.copy(source.resolve(f), folder.resolve(f));
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy of the project's template under {@code parent/exosome-therapy/} with the version number changed, to be
     * edited further by the test (a new version a clinic would import). Its {@code changes} (format 3) still end
     * with its own version: the entries of earlier versions are kept, those of this version and later ones become
     * one entry for this version (their ids are worded already), and a later version gets one editorial change,
     * {@value #COPY_CHANGE}, worded in every language.
     */
    public static Path templateCopy(Path parent, String version) {
        try {
            Path folder = parent.resolve("exosome-therapy");
            java.nio.file.Files.createDirectories(folder);
            for (String f : new String[] {"template.yaml", "ja.yaml", "en.yaml"}) {
                java.nio.file.Files.copy(TEMPLATES.resolve("exosome-therapy").resolve(f), folder.resolve(f));
            }
            Path manifest = folder.resolve("template.yaml");
            String text = java.nio.file.Files.readString(manifest)
                    .replaceFirst("(?m)^version: \"[^\"]*\"", "version: \"" + version + "\"");
            java.nio.file.Files.writeString(manifest, withChangesUpTo(text, version, folder));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The editorial change a copy numbered after the bundled version says it made. */
    public static final String COPY_CHANGE = "copy-for-tests";

    /** template.yaml's text with its changes block rewritten to end with {@code version} (see templateCopy). */
    private static String withChangesUpTo(String manifest, String version, Path folder) throws IOException {
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("(?ms)^changes:\n(.*?)(?=^\\S|\\z)")
                .matcher(manifest);
        if (!block.find()) {
            return manifest; // not format 3
        }
        com.fasterxml.jackson.databind.JsonNode changes = new ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(block.group()).get("changes");
        StringBuilder out = new StringBuilder("changes:\n");
        StringBuilder last = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonNode v : changes) {
            boolean earlier = org.exoconsent.template.Manifest.compareVersions(v.get("version").asText(),
                    version) < 0;
            for (com.fasterxml.jackson.databind.JsonNode item : v.get("items")) {
                String line = "      - { id: " + item.get("id").asText() + ", material: "
                        + item.get("material").asText() + " }\n";
                if (earlier) {
                    if (item == v.get("items").get(0)) {
                        out.append("  - version: \"").append(v.get("version").asText()).append("\"\n    items:\n");
                    }
                    out.append(line);
                } else {
                    last.append(line);
                }
            }
        }
        if (last.length() == 0) {
            last.append("      - { id: ").append(COPY_CHANGE).append(", material: false }\n");
            for (String lang : new String[] {"ja", "en"}) {
                edit(folder.resolve(lang + ".yaml"), t -> t.replaceFirst("(?m)^changes:\n", "changes:\n  "
                        + COPY_CHANGE + ": \"" + (lang.equals("ja") ? "試験のために版の番号を変えた写しです。"
                        : "A copy with a new version number, for tests.") + "\"\n"));
            }
        }
        out.append("  - version: \"").append(version).append("\"\n    items:\n").append(last);
        if (block.group().endsWith("\n\n")) {
            out.append('\n'); // the blank line before the next key
        }
        return manifest.substring(0, block.start()) + out + manifest.substring(block.end());
    }


    /** Applies {@code edit} to a text file in place. */
    public static void edit(Path file, java.util.function.UnaryOperator<String> edit) {
        try {
            java.nio.file.Files.writeString(file, edit.apply(java.nio.file.Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path sessionFile(String name) {
        return SESSIONS.resolve(name + ".json");
    }

    public static ConsentSession session(String name) {
        try {
            return SessionJson.read(sessionFile(name));
        } catch (SessionException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The example as an editable JSON tree. */
    public static ObjectNode json(String name) {
        try {
            return (ObjectNode) JSON.readTree(sessionFile(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ConsentSession session(ObjectNode json) {
        try {
            return SessionJson.read(JSON.writeValueAsBytes(json), "edited example");
        } catch (SessionException | IOException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    public static byte[] bytes(ObjectNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One self-signed key for the whole test run (RSA-3072 generation takes a while). */
    public static synchronized SigningKey key() {
        if (key == null) {
            try {
                char[] pw = "test-password".toCharArray();
                Path dir = java.nio.file.Files.createTempDirectory("exoconsent-test-key");
                Path p12 = dir.resolve("k.p12");
                java.nio.file.Files.write(p12, createKeystore("Test Clinic", pw));
                key = SigningKeys.open(p12, pw);
                // read into memory: the file and its folder are not left in the temporary folder after the run
                java.nio.file.Files.delete(p12);
                java.nio.file.Files.delete(dir);
            } catch (IOException | KeyException e) {
                throw new AssertionError(e);
            }
        }
        return key;
    }

    public static byte[] createKeystore(String clinic, char[] password) throws KeyException {
        return org.exoconsent.pdf.TestAccess.createKeystore(clinic, password);
    }
}
