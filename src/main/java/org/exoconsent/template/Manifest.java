package org.exoconsent.template;

import java.time.LocalDate;
import java.util.List;

/** {@code template.yaml}: what a template contains, in what order, and what it rests on. See docs/TEMPLATES.md. */
public record Manifest(
        String id,
        String version,
        LocalDate effectiveDate,
        List<String> languages,
        List<SectionDef> sections,
        List<QuestionDef> questions,
        List<IndicationDef> indications,
        List<Reference> references) {

    public Manifest {
        languages = nullToEmpty(languages);
        sections = nullToEmpty(sections);
        questions = nullToEmpty(questions);
        indications = nullToEmpty(indications);
        references = nullToEmpty(references);
    }

    static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** A section of the document, in the order shown. */
    public record SectionDef(String id, Boolean mandatory, List<String> references) {
        public SectionDef {
            references = nullToEmpty(references);
        }

        public boolean isMandatory() {
            return Boolean.TRUE.equals(mandatory);
        }
    }

    /** A check question, tied to the section a wrong answer leads back to. */
    public record QuestionDef(String id, String section, List<String> options, String correct) {
        public QuestionDef {
            options = nullToEmpty(options);
        }
    }

    /** One row of the evidence table: the level shown for an indication and what it rests on. */
    public record IndicationDef(String id, String evidenceLevel, List<String> references) {
        public IndicationDef {
            references = nullToEmpty(references);
        }
    }

    /** A source, with how sure the facts taken from it are: V (primary source read), S (secondary), U (uncertain). */
    public record Reference(String id, String citation, String date, String confidence, String note) {
    }
}
