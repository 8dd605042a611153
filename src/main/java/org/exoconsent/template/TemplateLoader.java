package org.exoconsent.template;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.exoconsent.limits.InputLimits;

/**
 * Reads a template folder and checks every rule in docs/TEMPLATES.md. A template is either returned whole and
 * valid, or refused with every problem found, each naming its file, line, column and field.
 */
public final class TemplateLoader {
    public static final String MANIFEST = "template.yaml";

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /**
     * Loads one template folder for new use (checking, importing, the bundled templates, rendering from a folder),
     * or throws with every problem in it. Strict: the template must be in the current format
     * ({@link Vocabulary#CURRENT_FORMAT}, 3) and pass every rule of docs/TEMPLATES.md; a format-1 template (before
     * 1.1.0) is refused, because its signature declarations are not part of its text, and a format-2 template
     * (1.1.0), because it does not say what changed since a patient's last consent nor where the product comes from
     * and how it is supplied. Before any file is read, the folder must hold only the template's own files, plain
     * files within the size limits of {@link InputLimits} and no symbolic link (see {@code ownFiles}); anything else
     * is a problem naming the entry.
     */
    public ConsentTemplate load(Path folder) throws TemplateException {
        return load(folder, true);
    }

    /**
     * Loads a version already stored in a clinic's library, to read it again for the records and drafts made with
     * it. Accepts format 1 with the rules format 1 had, format 2 with the rules format 2 had (no changes, no origin
     * or supply) and format 3 with every rule; throws with every problem found. Not for starting anything new: use
     * {@link #load} for that.
     */
    public ConsentTemplate loadStored(Path folder) throws TemplateException {
        return load(folder, false);
    }

    private ConsentTemplate load(Path folder, boolean strict) throws TemplateException {
        List<Problem> problems = new ArrayList<>();
        ConsentTemplate t = read(folder, problems, strict);
        if (!problems.isEmpty()) {
            throw new TemplateException(problems);
        }
        return t;
    }

    /** The outcome of checking one folder: the template when valid, else the problems. */
    public record CheckResult(Path folder, ConsentTemplate template, List<Problem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * Checks {@code root} if it is a template folder, else every template folder directly under it, with the strict
     * rules of {@link #load}.
     */
    public List<CheckResult> checkAll(Path root) throws IOException {
        List<Path> folders;
        if (Files.isRegularFile(root.resolve(MANIFEST))) {
            folders = List.of(root);
        } else {
            try (Stream<Path> children = Files.list(root)) {
                folders = children.filter(Files::isDirectory).sorted().toList();
            }
        }
        List<CheckResult> results = new ArrayList<>();
        for (Path folder : folders) {
            List<Problem> problems = new ArrayList<>();
            ConsentTemplate t = read(folder, problems, true);
            results.add(new CheckResult(folder, t, List.copyOf(problems)));
        }
        return results;
    }

    private ConsentTemplate read(Path folder, List<Problem> problems, boolean strict) {
        List<String> names = null;
        if (strict) {
            names = ownFiles(folder, problems);
            if (names == null) {
                return null;
            }
        }
        Path manifestFile = folder.resolve(MANIFEST);
        Parsed<Manifest> manifest = parse(manifestFile, Manifest.class, problems, strict);
        if (manifest == null) {
            return null;
        }
        if (names != null && manifest.value.languages() != null) {
            for (String name : names) {
                String lang = name.substring(0, name.length() - ".yaml".length());
                if (!name.equals(MANIFEST) && !manifest.value.languages().contains(lang)) {
                    problems.add(new Problem(folder.resolve(name), 0, 0, "", "'" + lang + "' is not one of the "
                            + "template's languages " + manifest.value.languages() + " (" + MANIFEST + "); a "
                            + "template folder holds only its own files: remove it, or add the language"));
                }
            }
        }
        Integer format = manifest.value.format();
        if (format != null && !Vocabulary.KNOWN_FORMATS.contains(format)) {
            problems.add(located(manifest, "/format", "format " + format + " is not known: this program reads "
                    + "format " + Vocabulary.CURRENT_FORMAT + " (and formats 1 and 2 for versions already in a "
                    + "clinic's library)"));
            return null;
        }
        int f = format == null ? 1 : format;
        if (strict && f == 1) {
            problems.add(located(manifest, "/format", "this is a format-1 template (made before 1.1.0), whose "
                    + "signature declarations are outside the template: it cannot be checked, imported or used for "
                    + "a new consent. A clinic's library keeps such a version only for the records signed with it "
                    + "(do not edit it there). To make a new version, start from a copy of the current bundled "
                    + "template (format: " + Vocabulary.CURRENT_FORMAT + "; docs/TEMPLATES.md)"));
            return null;
        }
        if (strict && f != Vocabulary.CURRENT_FORMAT) {
            problems.add(located(manifest, "/format", "this is a format-" + f + " template (the format of "
                    + "version 1.1.0), which does not list what changed since a patient's last consent nor say where "
                    + "the product comes from and how it is supplied: it cannot be checked, imported or used for a "
                    + "new consent. A clinic's library keeps such a version for the records and drafts made with it "
                    + "(do not edit it there). To make a new version, start from a copy of the current bundled "
                    + "template (format: " + Vocabulary.CURRENT_FORMAT + "; docs/TEMPLATES.md)"));
            return null;
        }
        Validator v = new Validator(problems, f);
        v.checkManifest(manifest.file, manifest.tree, manifest.value, folder);
        Map<String, LanguageText> texts = new LinkedHashMap<>();
        Parsed<LanguageText> first = null;
        for (String lang : manifest.value.languages()) {
            if (lang == null || !lang.matches("[a-z]{2}")) {
                continue; // reported by checkManifest
            }
            Parsed<LanguageText> text = parse(folder.resolve(lang + ".yaml"), LanguageText.class, problems, strict);
            if (text != null) {
                v.checkLanguage(text.file, text.tree, text.value, lang, manifest.value);
                texts.put(lang, text.value);
                if (f >= 2 && first == null && lang.equals(manifest.value.languages().get(0))) {
                    first = text;
                } else if (f >= 2 && first != null) {
                    v.checkSameShape(text.file, text.tree, text.value, first.file, first.value);
                }
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            return new ConsentTemplate(folder, manifest.value, texts, sha256(folder));
        } catch (IOException e) {
            problems.add(new Problem(folder, 0, 0, "", "cannot read: " + e.getMessage()));
            return null;
        }
    }

    private record Parsed<T>(Path file, LocatedTree tree, T value) {
    }

    private static Problem located(Parsed<?> parsed, String pointer, String message) {
        JsonLocation l = parsed.tree.locate(pointer);
        return new Problem(parsed.file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                LocatedTree.display(pointer), message);
    }

    /** A language file's name: two lower-case letters and {@code .yaml} ({@code ja.yaml}). */
    private static final java.util.regex.Pattern LANGUAGE_FILE = java.util.regex.Pattern.compile("[a-z]{2}\\.yaml");

    /** What a template folder may hold, for messages. */
    private static final String OWN_FILES = "a template folder holds only " + MANIFEST + " and one file per language "
            + "(ja.yaml, en.yaml …; docs/TEMPLATES.md)";

    /**
     * The limits of a folder handed in as a template (issue 14 §2), checked before any file is read: the folder is
     * not a symbolic link; it has at most {@link InputLimits#MAX_TEMPLATE_FILES} entries; each is a plain file (not
     * a symbolic link, looked at with {@code NOFOLLOW_LINKS}, nor a folder) named {@value #MANIFEST} or
     * {@code LANGUAGE.yaml}, of at most {@link InputLimits#MAX_TEMPLATE_FILE_BYTES}, and all together at most
     * {@link InputLimits#MAX_TEMPLATE_BYTES}. Anything else is refused, naming it: nothing but the template's own
     * files can reach a clinic's library (a script, a link to the signing key's password file).
     *
     * @return the names of the folder's files, or null when any problem was added
     */
    private static List<String> ownFiles(Path folder, List<Problem> problems) {
        int before = problems.size();
        if (Files.isSymbolicLink(folder)) {
            problems.add(new Problem(folder, 0, 0, "", "is a symbolic link; name the template folder itself (a "
                    + "template is read only from its own folder)"));
            return null;
        }
        List<Path> entries = new ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                if (entries.size() >= InputLimits.MAX_TEMPLATE_FILES) {
                    problems.add(new Problem(folder, 0, 0, "", "holds more than " + InputLimits.MAX_TEMPLATE_FILES
                            + " entries (the limit); " + OWN_FILES));
                    return null;
                }
                entries.add(p);
            }
        } catch (NoSuchFileException e) {
            problems.add(new Problem(folder, 0, 0, "", "no such folder"));
            return null;
        } catch (IOException e) {
            problems.add(new Problem(folder, 0, 0, "", "cannot be read: " + e.getMessage()));
            return null;
        }
        entries.sort(java.util.Comparator.comparing(p -> p.getFileName().toString()));
        long total = 0;
        List<String> names = new ArrayList<>();
        for (Path p : entries) {
            String name = p.getFileName().toString();
            java.nio.file.attribute.BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                problems.add(new Problem(p, 0, 0, "", "cannot be read: " + e.getMessage()));
                continue;
            }
            if (a.isSymbolicLink()) {
                problems.add(new Problem(p, 0, 0, "", "is a symbolic link, which is never followed (it could bring "
                        + "any file of this computer into the template); " + OWN_FILES));
            } else if (a.isDirectory()) {
                problems.add(new Problem(p, 0, 0, "", "is a folder; " + OWN_FILES));
            } else if (!a.isRegularFile()) {
                problems.add(new Problem(p, 0, 0, "", "is not a plain file; " + OWN_FILES));
            } else if (!name.equals(MANIFEST) && !LANGUAGE_FILE.matcher(name).matches()) {
                problems.add(new Problem(p, 0, 0, "", "is not a file of a template; " + OWN_FILES
                        + ": move it out of the folder"));
            } else if (a.size() > InputLimits.MAX_TEMPLATE_FILE_BYTES) {
                problems.add(new Problem(p, 0, 0, "", InputLimits.tooLarge("", a.size(),
                        InputLimits.MAX_TEMPLATE_FILE_BYTES, "a template file").detail()));
            } else {
                total += a.size();
                names.add(name);
            }
        }
        if (total > InputLimits.MAX_TEMPLATE_BYTES) {
            problems.add(new Problem(folder, 0, 0, "", InputLimits.tooLarge("", total, InputLimits.MAX_TEMPLATE_BYTES,
                    "a template's files together").detail()));
        }
        return problems.size() == before ? names : null;
    }

    private <T> Parsed<T> parse(Path file, Class<T> type, List<Problem> problems, boolean strict) {
        byte[] bytes;
        try {
            // a folder handed in is read within the limits, never through a link; a stored version as it was stored
            bytes = strict ? InputLimits.read(file, InputLimits.MAX_TEMPLATE_FILE_BYTES, "a template file", false)
                    : Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            problems.add(new Problem(file, 0, 0, "", "file is missing"));
            return null;
        } catch (InputLimits.TooLarge e) {
            problems.add(new Problem(file, 0, 0, "", e.detail()));
            return null;
        } catch (IOException e) {
            problems.add(new Problem(file, 0, 0, "", "cannot read: " + e.getMessage()));
            return null;
        }
        if (!StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes), java.nio.CharBuffer
                .allocate(bytes.length), true).isUnderflow()) {
            problems.add(new Problem(file, 0, 0, "", "is not valid UTF-8"));
            return null;
        }
        LocatedTree tree;
        try {
            tree = LocatedTree.parse(yaml, bytes);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            problems.add(new Problem(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), "",
                    "not well-formed YAML: " + e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            problems.add(new Problem(file, 0, 0, "", "cannot parse: " + e.getMessage()));
            return null;
        }
        if (!tree.root().isObject()) {
            problems.add(new Problem(file, 1, 1, "", "must be a mapping of fields (see docs/TEMPLATES.md)"));
            return null;
        }
        try {
            return new Parsed<>(file, tree, yaml.treeToValue(tree.root(), type));
        } catch (JsonMappingException e) {
            String pointer = pointerOf(e.getPath());
            JsonLocation l = tree.locate(pointer);
            String message = e instanceof UnrecognizedPropertyException u
                    ? "unknown field '" + u.getPropertyName() + "'"
                    : "wrong type: " + firstLine(e.getOriginalMessage());
            problems.add(new Problem(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                    LocatedTree.display(pointer), message));
            return null;
        } catch (IOException e) {
            problems.add(new Problem(file, 0, 0, "", "cannot read: " + e.getMessage()));
            return null;
        }
    }

    static String pointerOf(List<JsonMappingException.Reference> path) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            s.append('/').append(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
        }
        return s.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * The SHA-256 that identifies a template folder's text (see {@link ConsentTemplate#sha256()}), without checking
     * the template: a cheap way to see whether stored files were changed.
     */
    public static String fingerprint(Path folder) throws IOException {
        return sha256(folder);
    }

    /** SHA-256 over the folder's regular files in name order: for each, its name, its length, its bytes. */
    static String sha256(Path folder) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        }
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(Long.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            md.update((byte) 0);
            md.update(bytes);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
