package org.exoconsent.template;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <lang>.yaml}: every word of one template in one language. See docs/TEMPLATES.md.
 *
 * @param declarations format 2: every sentence printed with the signatures (null in format 1)
 * @param references   format 2: a short description of each reference in this language, by reference id
 * @param corrections  format 2: what this version corrects, for the administrator (only when the manifest has
 *                     {@code corrects})
 * @param changes      format 3: every change of the manifest's {@code changes}, worded for the patient, by change id
 * @param refusal      format 3, optional (from exosome-therapy 1.3.0): the text of the informed refusal, the
 *                     document kept when the patient declines after the explanation (issue 16 §5); null when the
 *                     version has none, and then no informed refusal can be signed with it
 */
public record LanguageText(
        String language,
        String title,
        List<SectionText> sections,
        List<QuestionText> questions,
        Map<String, String> indications,
        Map<String, String> evidenceLevels,
        Declarations declarations,
        Map<String, String> references,
        List<String> corrections,
        Map<String, String> changes,
        Refusal refusal) {

    public LanguageText {
        sections = Manifest.nullToEmpty(sections);
        questions = Manifest.nullToEmpty(questions);
        indications = ordered(indications);
        evidenceLevels = ordered(evidenceLevels);
        references = ordered(references);
        corrections = Manifest.nullToEmpty(corrections);
        changes = ordered(changes);
    }

    private static Map<String, String> ordered(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * The sentences printed with the signatures (format 2), pinned by the template's SHA-256 like every other word.
     *
     * @param patient          above the patient's signature
     * @param representative   above the legal representative's signature
     * @param physician        above the physician's signature
     * @param digitalSignature the notice under the signatures; may name {@code {{clinic.name}}}
     * @param referencesLegend the line explaining the confidence marks V, S and U above the references
     * @param noEvidenceReferences what {@code {{evidence.references}}} says for an indication whose evidence row
     *                         names no reference
     * @param assent           format 3: above a minor patient's own signature, which is their assent beside the legal
     *                         representative's consent (never "also consented")
     * @param assentNotSigned  format 3: printed instead of a minor's signature when the physician recorded why the
     *                         minor could not sign (the reason follows it)
     * @param changesSinceTitle format 3: the title of the section for a returning patient; names
     *                         {@code {{lastConsent.date}}}
     * @param changesSinceIntro format 3: the first sentence of that section, before the list of changes
     */
    public record Declarations(String patient, String representative, String physician, String digitalSignature,
                               String referencesLegend, String noEvidenceReferences, String assent,
                               String assentNotSigned, String changesSinceTitle, String changesSinceIntro) {

        /** The declaration keys of format 2, in the order of the file and of {@link TemplateSentences}. */
        public static final List<String> KEYS = List.of("patient", "representative", "physician", "digitalSignature",
                "referencesLegend", "noEvidenceReferences");

        /** The declaration keys format 3 adds, in the order of the file. */
        public static final List<String> FORMAT_3_KEYS = List.of("assent", "assentNotSigned", "changesSinceTitle",
                "changesSinceIntro");

        /** The text of one of {@link #KEYS}. */
        public String get(String key) {
            return switch (key) {
                case "patient" -> patient;
                case "representative" -> representative;
                case "physician" -> physician;
                case "digitalSignature" -> digitalSignature;
                case "referencesLegend" -> referencesLegend;
                case "noEvidenceReferences" -> noEvidenceReferences;
                case "assent" -> assent;
                case "assentNotSigned" -> assentNotSigned;
                case "changesSinceTitle" -> changesSinceTitle;
                case "changesSinceIntro" -> changesSinceIntro;
                default -> throw new IllegalArgumentException("no declaration '" + key + "'; known: " + KEYS + " "
                        + FORMAT_3_KEYS);
            };
        }
    }

    /**
     * The words of the informed refusal (説明を受けたうえで治療を受けないことにした記録; issue 16 §5), printed by
     * {@code pdf.RefusalPdfRenderer}. Every key is required when the block is there; no placeholder is allowed (the
     * document's facts are printed beside the text, not inside it); in Japanese every sentence of the statements ends
     * in the polite form (です・ます).
     *
     * @param title     the document's title
     * @param intro     the first paragraph: what this document records
     * @param explained the heading of the list of the sections explained (a heading, whole)
     * @param patient   above the patient's signature: they were told and decided not to have the treatment
     * @param again     that they may be told again or consult later, and that declining does not count against them
     * @param notSigned instead of the patient's signature, before the physician's recorded note
     * @param physician above the physician's signature: they explained and confirmed the decision
     */
    public record Refusal(String title, String intro, String explained, String patient, String again,
                          String notSigned, String physician) {

        /** The keys of the block, in the order of the file and of {@link TemplateSentences}. */
        public static final List<String> KEYS = List.of("title", "intro", "explained", "patient", "again",
                "notSigned", "physician");

        /** The keys that are headings (one piece, not split into sentences, no polite ending required). */
        public static final List<String> HEADINGS = List.of("title", "explained");

        /** The text of one of {@link #KEYS}. */
        public String get(String key) {
            return switch (key) {
                case "title" -> title;
                case "intro" -> intro;
                case "explained" -> explained;
                case "patient" -> patient;
                case "again" -> again;
                case "notSigned" -> notSigned;
                case "physician" -> physician;
                default -> throw new IllegalArgumentException("no refusal text '" + key + "'; known: " + KEYS);
            };
        }
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
