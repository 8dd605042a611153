package org.exoconsent.template;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code <lang>.yaml}: every word of one template in one language. See docs/TEMPLATES.md. */
public record LanguageText(
        String language,
        String title,
        List<SectionText> sections,
        List<QuestionText> questions,
        Map<String, String> indications,
        Map<String, String> evidenceLevels) {

    public LanguageText {
        sections = Manifest.nullToEmpty(sections);
        questions = Manifest.nullToEmpty(questions);
        indications = indications == null ? Map.of() : Map.copyOf(indications);
        evidenceLevels = evidenceLevels == null ? Map.of() : Map.copyOf(evidenceLevels);
    }

    public record SectionText(String id, String title, List<Paragraph> paragraphs) {
        public SectionText {
            paragraphs = Manifest.nullToEmpty(paragraphs);
        }
    }

    /** A paragraph, shown only when every condition in {@code when} holds (always, when there is none). */
    public record Paragraph(Map<String, String> when, String text) {

        @JsonCreator
        public Paragraph(@JsonProperty("when") Map<String, String> when, @JsonProperty("text") String text) {
            this.when = when == null ? Map.of() : Map.copyOf(when);
            this.text = text;
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Paragraph of(String text) {
            return new Paragraph(Map.of(), text);
        }
    }

    public record QuestionText(String id, String text, List<OptionText> options, String explanation) {
        public QuestionText {
            options = Manifest.nullToEmpty(options);
        }
    }

    public record OptionText(String id, String text) {
    }

    public SectionText section(String id) {
        return sections.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    public QuestionText question(String id) {
        return questions.stream().filter(q -> q.id().equals(id)).findFirst().orElseThrow();
    }
}
