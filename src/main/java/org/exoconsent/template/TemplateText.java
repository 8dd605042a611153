package org.exoconsent.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** Turns a template's text into what the patient reads, for one {@link TextContext}. */
public final class TemplateText {
    private TemplateText() {
    }

    /** Every section in the template's order, with only the paragraphs whose conditions hold. */
    public static List<RenderedSection> sections(ConsentTemplate template, String language, TextContext ctx) {
        LanguageText text = template.language(language)
                .orElseThrow(() -> new IllegalArgumentException("template " + template.id() + " has no language '"
                        + language + "'; it has " + template.languages()));
        List<RenderedSection> out = new ArrayList<>();
        for (Manifest.SectionDef def : template.manifest().sections()) {
            LanguageText.SectionText s = text.section(def.id());
            List<String> paragraphs = new ArrayList<>();
            for (LanguageText.Paragraph p : s.paragraphs()) {
                if (applies(p, ctx.conditions())) {
                    paragraphs.add(fill(p.text(), ctx.values()));
                }
            }
            out.add(new RenderedSection(s.id(), fill(s.title(), ctx.values()), paragraphs));
        }
        return out;
    }

    static boolean applies(LanguageText.Paragraph p, Map<String, String> conditions) {
        return p.when().entrySet().stream().allMatch(e -> e.getValue().equals(conditions.get(e.getKey())));
    }

    /** The placeholder names in {@code text}, in order ({@code {{clinic.name}}} gives "clinic.name"). */
    public static List<String> placeholders(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Validator.PLACEHOLDER.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** A number placeholder followed by a word marked "(s)": {@code {{treatment.sessions}} session(s)}. */
    private static final java.util.regex.Pattern COUNTED = java.util.regex.Pattern.compile(
            "(\\{\\{\\s*([A-Za-z0-9_.]+)\\s*}})(\\s+)(\\p{L}+)\\(s\\)");

    /**
     * Writes "N word(s)" as English does once N is known: "1 session", "3 sessions" (issue 12 §2, real plurals). The
     * template keeps its wording (and its fingerprint); the document prints the right form. A value that is not a
     * whole number leaves the text as written.
     */
    static String plurals(String text, Map<String, String> values) {
        Matcher m = COUNTED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(2));
            String word = m.group(4);
            String replaced = m.group();
            if (value != null && value.strip().matches("\\d+")) {
                replaced = m.group(1) + m.group(3) + word + (Long.parseLong(value.strip()) == 1 ? "" : "s");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replaced));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Replaces every {@code {{name}}}; a name without a value is an error of the caller, not of the patient. A value
     * that ends with a full stop where the sentence ends with one right after the placeholder gives one full stop,
     * not two ("made by Sakura Bio Co., Ltd." + "." reads "Ltd.", never "Ltd..").
     */
    public static String fill(String text, Map<String, String> values) {
        text = plurals(text, values);
        Matcher m = Validator.PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for placeholder {{" + m.group(1) + "}}");
            }
            if (value.endsWith(".") && text.startsWith(".", m.end())) {
                value = value.substring(0, value.length() - 1);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
