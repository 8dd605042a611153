package org.exoconsent.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;

/**
 * What the format tests ({@link FormatTwoTest}, {@link FormatThreeTest}) share: editing a copy of a template the way an
 * editor might, and finding the problem the checker reports, where it says it is.
 */
final class TemplateEdits {
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private TemplateEdits() {
    }

    /** Rewrites a YAML file after {@code change} (the file is re-serialised; find lines with {@link #lineOf}). */
    static void edit(Path file, Consumer<ObjectNode> change) throws IOException {
        ObjectNode root = (ObjectNode) YAML.readTree(file.toFile());
        change.accept(root);
        Files.writeString(file, YAML.writeValueAsString(root), StandardCharsets.UTF_8);
    }

    /** The line (from 1) of the only line of {@code file} that contains {@code text}. */
    static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int found = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                if (found != 0) {
                    throw new AssertionError(text + " is on more than one line of " + file);
                }
                found = i + 1;
            }
        }
        if (found == 0) {
            throw new AssertionError(text + " not in " + file);
        }
        return found;
    }

    static int sectionIndex(JsonNode root, String id) {
        ArrayNode sections = (ArrayNode) root.get("sections");
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).get("id").asText().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no section " + id);
    }

    static ArrayNode paragraphs(JsonNode root, String section) {
        return (ArrayNode) root.get("sections").get(sectionIndex(root, section)).get("paragraphs");
    }

    /** The problems a load refuses the template with; the exception's message lists them all. */
    static List<Problem> problemsOf(Executable load) {
        TemplateException e = assertThrows(TemplateException.class, load);
        assertEquals(e.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")), e.getMessage());
        return e.problems();
    }

    /** The one problem whose message contains {@code text}. */
    static Problem the(List<Problem> problems, String text) {
        List<Problem> found = problems.stream().filter(p -> p.message().contains(text)).toList();
        assertEquals(1, found.size(), "one problem with '" + text + "' among:\n" + problems.stream()
                .map(Problem::toString).collect(Collectors.joining("\n")));
        return found.get(0);
    }

    /** The problem is located at {@code file}, {@code line}, a column, and {@code field}, and printed so. */
    static void assertAt(Problem p, Path file, int line, String field) {
        assertEquals(file, p.file(), p.toString());
        assertEquals(line, p.line(), p.toString());
        assertTrue(p.column() > 0, p.toString());
        assertEquals(field, p.field(), p.toString());
        assertTrue(p.toString().startsWith(file + ":" + line + ":" + p.column() + ": " + field + ": "), p.toString());
    }
}
