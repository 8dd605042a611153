package org.exoconsent.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every sentence a patient reads in one language of a template, each with an id that stays the same as long as the
 * text's structure does (used to map each sentence to its source, see docs/TEMPLATES.md):
 * <ul>
 * <li>{@code title} (the document's); {@code SECTION.title}; {@code SECTION.pN.sM} for sentence M of paragraph N
 * of a section (N counts every paragraph of the section in the language file, when-variants included; both
 * from 1);</li>
 * <li>{@code QUESTION.text.sM}, {@code QUESTION.option.OPTIONID}, {@code QUESTION.explanation.sM};</li>
 * <li>{@code indication.ID}, {@code evidence.LEVEL.sM};</li>
 * <li>{@code declaration.KEY.sM} (format 2; format 3 adds {@code assent} and {@code assentNotSigned}, and
 * {@code changesSinceIntro}), {@code declaration.changesSinceTitle} (format 3: a title, whole),
 * {@code refusal.KEY.sM} (format 3, optional, from exosome-therapy 1.3.0: the informed refusal's text;
 * {@code refusal.title} and {@code refusal.explained} whole), {@code reference.ID.sM} (format 2: this language's
 * description);</li>
 * <li>{@code change.ID.sM} (format 3: what a version changed, worded for a returning patient), in the order of
 * template.yaml's {@code changes}.</li>
 * </ul>
 * Titles, options and indication names are listed whole; everything else is split with {@link Sentences}.
 */
public final class TemplateSentences {

    /** One sentence (or one title, option or indication name) with its id; placeholders are not filled. */
    public record Sentence(String id, String text) {
    }

    /** One patient-facing text before splitting: its id (or id prefix), where it is in the file, its words. */
    record Text(String id, String pointer, String text, boolean split) {
    }

    private TemplateSentences() {
    }

    /**
     * Every patient-facing sentence of {@code language}, in the order of the language file (indications, evidence
     * levels and references in the order of template.yaml).
     *
     * @throws IllegalArgumentException when the template has no such language
     */
    public static List<Sentence> of(ConsentTemplate template, String language) {
        LanguageText text = template.language(language).orElseThrow(() -> new IllegalArgumentException(
                "template " + template.id() + " has no language '" + language + "'; it has " + template.languages()));
        List<Sentence> out = new ArrayList<>();
        for (Text t : texts(template.manifest(), text)) {
            if (!t.split()) {
                out.add(new Sentence(t.id(), t.text()));
                continue;
            }
            List<String> sentences = Sentences.split(language, t.text());
            for (int i = 0; i < sentences.size(); i++) {
                out.add(new Sentence(t.id() + ".s" + (i + 1), sentences.get(i)));
            }
        }
        return out;
    }

    /**
     * The patient-facing texts of one language file, unsplit, with their JSON pointers; texts that are missing are
     * left out (the checker reports them elsewhere). A paragraph's pointer is that of the list entry, not of its
     * {@code text} field.
     */
    static List<Text> texts(Manifest m, LanguageText t) {
        List<Text> out = new ArrayList<>();
        add(out, "title", "/title", t.title(), false); // printed at the top of the document
        for (int i = 0; i < t.sections().size(); i++) {
            LanguageText.SectionText s = t.sections().get(i);
            String p = "/sections/" + i;
            add(out, s.id() + ".title", p + "/title", s.title(), false);
            for (int j = 0; j < s.paragraphs().size(); j++) {
                add(out, s.id() + ".p" + (j + 1), p + "/paragraphs/" + j, s.paragraphs().get(j).text(), true);
            }
        }
        for (int i = 0; i < t.questions().size(); i++) {
            LanguageText.QuestionText q = t.questions().get(i);
            String p = "/questions/" + i;
            add(out, q.id() + ".text", p + "/text", q.text(), true);
            for (int j = 0; j < q.options().size(); j++) {
                LanguageText.OptionText o = q.options().get(j);
                add(out, q.id() + ".option." + o.id(), p + "/options/" + j + "/text", o.text(), false);
            }
            add(out, q.id() + ".explanation", p + "/explanation", q.explanation(), true);
        }
        Set<String> levels = new LinkedHashSet<>();
        for (Manifest.IndicationDef ind : m.indications()) {
            if (ind.id() != null) {
                add(out, "indication." + ind.id(), "/indications/" + ind.id(), t.indications().get(ind.id()), false);
            }
            if (ind.evidenceLevel() != null) {
                levels.add(ind.evidenceLevel());
            }
        }
        for (String level : levels) {
            add(out, "evidence." + level, "/evidenceLevels/" + level, t.evidenceLevels().get(level), true);
        }
        if (t.declarations() != null) {
            for (String key : LanguageText.Declarations.KEYS) {
                add(out, "declaration." + key, "/declarations/" + key, t.declarations().get(key), true);
            }
            for (String key : LanguageText.Declarations.FORMAT_3_KEYS) { // absent before format 3
                add(out, "declaration." + key, "/declarations/" + key, t.declarations().get(key),
                        !key.equals("changesSinceTitle"));
            }
        }
        if (t.refusal() != null) { // format 3, from exosome-therapy 1.3.0
            for (String key : LanguageText.Refusal.KEYS) {
                add(out, "refusal." + key, "/refusal/" + key, t.refusal().get(key),
                        !LanguageText.Refusal.HEADINGS.contains(key));
            }
        }
        for (Manifest.Reference r : m.references()) {
            if (r.id() != null) {
                add(out, "reference." + r.id(), "/references/" + r.id(), t.references().get(r.id()), true);
            }
        }
        for (Manifest.VersionChanges v : m.changes()) { // empty before format 3
            if (v == null) {
                continue;
            }
            for (Manifest.Change c : v.items()) {
                if (c != null && c.id() != null) {
                    add(out, "change." + c.id(), "/changes/" + c.id(), t.changes().get(c.id()), true);
                }
            }
        }
        return out;
    }

    private static void add(List<Text> out, String id, String pointer, String text, boolean split) {
        if (text != null && !text.isBlank()) {
            out.add(new Text(id, pointer, text, split));
        }
    }
}
