package org.exoconsent.pdf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.consent.TextRules;

/**
 * Whether every character of a text can be drawn by the bundled fonts ({@link BundledFont}), checked before a
 * document is laid out, so that no signed PDF ever shows a hole where a character of a name stood (issue 12 §1).
 * Texts are normalised to NFC first, as the PDF draws them.
 */
public final class PrintableText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PrintableText() {
    }

    /**
     * The first character of {@code text} no bundled font draws.
     *
     * @param field how to name the text in the message, e.g. {@code patient.name}
     * @return {@code field: U+XXXX 'x' cannot be printed (...)}, or empty when every character can be printed
     *         (also for null)
     */
    public static Optional<String> problem(String field, String text) {
        return text == null ? Optional.empty() : TextRuns.problem(field, text);
    }

    /**
     * Everything wrong with one typed text that a document will print, first problem only: a control, invisible
     * formatting or bidirectional character ({@link TextRules}; line breaks and tabs only when {@code lines}), nothing
     * visible in a text that is there, or a character no bundled font draws. The one check the session, the catalog
     * and withdrawals share.
     *
     * @return the message naming {@code field}, or empty (also for null or blank: whether a field is required is
     *         checked where it is)
     */
    public static Optional<String> fieldProblem(String field, String value, boolean lines) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Optional<String> rule = lines ? TextRules.multiLine(field, value) : TextRules.singleLine(field, value);
        if (rule.isPresent()) {
            return rule;
        }
        if (!TextRules.visible(value)) {
            return Optional.of(field + ": has no visible character (only spaces, marks or invisible characters), so "
                    + "it would print as a blank");
        }
        return problem(field, value);
    }

    /**
     * Refuses a text with a character no bundled font draws.
     *
     * @throws UnprintableTextException naming {@code field} and the character
     */
    public static void require(String field, String text) {
        java.util.OptionalInt c = firstUnprintable(text);
        if (c.isPresent()) {
            throw new UnprintableTextException(field, c.getAsInt());
        }
    }

    /**
     * The clinic's and a product's texts as a document without a session prints them (a leaflet), checked field by
     * field ({@code clinic.name}, {@code product.sourceCells}, ...).
     *
     * @param product may be null (a leaflet for every product)
     * @throws UnprintableTextException naming the first field with a character no bundled font draws
     */
    public static void require(ConsentSession.Clinic clinic, ConsentSession.Product product) {
        if (clinic != null) {
            require("clinic.name", clinic.name());
            require("clinic.address", clinic.address());
            require("clinic.phone", clinic.phone());
            require("clinic.bloodDonationPolicy", clinic.bloodDonationPolicy());
        }
        if (product != null) {
            require("product.name", product.name());
            require("product.manufacturer", product.manufacturer());
            require("product.sourceCells", product.sourceCells());
            require("product.storage", product.storage());
            for (int i = 0; product.virusTests() != null && i < product.virusTests().size(); i++) {
                require("product.virusTests[" + i + "]", product.virusTests().get(i));
            }
        }
    }

    /**
     * The first character of a text (after NFC normalisation) that no bundled font draws.
     *
     * @return its code point, or empty when every character can be printed (also for null)
     */
    public static java.util.OptionalInt firstUnprintable(String text) {
        return text == null ? java.util.OptionalInt.empty() : TextRuns.firstUnprintable(text);
    }


    /**
     * Every string of a JSON or YAML tree checked, each named {@code source: path} (e.g. {@code ja.yaml:
     * sections[3].body}).
     *
     * @return one message per string with an unprintable character
     */
    public static List<String> problems(String source, JsonNode tree) {
        List<String> p = new ArrayList<>();
        walk(tree, "", p, false);
        return p.stream().map(m -> source + ": " + m).toList();
    }

    /**
     * Every text of a session checked as a signed document needs it: no character the bundled fonts cannot draw;
     * no control, invisible formatting or bidirectional character ({@link TextRules}; line breaks and tabs only in
     * addresses, policies, reasons, storage texts and notes); and a text that is there shows something (not only
     * marks or invisible characters). Named by the field's path in the session file.
     *
     * @return one message per problem, in the order of the file
     */
    public static List<String> documentProblems(ConsentSession s) {
        JsonNode tree;
        try {
            tree = JSON.readTree(SessionJson.write(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> p = new ArrayList<>();
        walk(tree, "", p, true);
        return p;
    }

    /** Checks every string of a tree, named by its path; {@code rules}: the session's character rules too. */
    private static void walk(JsonNode node, String path, List<String> p, boolean rules) {
        if (node.isTextual()) {
            String v = node.asText();
            if (!rules) {
                problem(path, v).ifPresent(p::add);
                return;
            }
            boolean lines = path.startsWith("notes.")
                    || path.matches(".*\\.(address|bloodDonationPolicy|reason|storage)");
            fieldProblem(path, v, lines).ifPresent(p::add);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", p, rules);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("png") && !e.getKey().equals("strokes")) {
                    walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), p, rules);
                }
            }
        }
    }

}
