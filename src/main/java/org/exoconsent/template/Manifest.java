package org.exoconsent.template;

import java.time.LocalDate;
import java.util.List;

/**
 * {@code template.yaml}: what a template contains, in what order, and what it rests on. See docs/TEMPLATES.md.
 *
 * @param format   the template format: {@code null} in a template written before format 2 (read as format 1), else
 *                 1 or 2; see {@link ConsentTemplate#format()}
 * @param corrects earlier versions of this template found to contain errors, which this version corrects (format
 *                 2; empty when it corrects none)
 * @param changes  format 3: what changed in each version against the one before it, oldest first (each language
 *                 words every change in its {@code changes}); empty in formats 1 and 2
 */
public record Manifest(
        Integer format,
        String id,
        String version,
        LocalDate effectiveDate,
        List<String> corrects,
        List<String> languages,
        List<SectionDef> sections,
        List<QuestionDef> questions,
        List<IndicationDef> indications,
        List<Reference> references,
        List<VersionChanges> changes) {

    public Manifest {
        changes = nullToEmpty(changes);
        corrects = nullToEmpty(corrects);
        languages = nullToEmpty(languages);
        sections = nullToEmpty(sections);
        questions = nullToEmpty(questions);
        indications = nullToEmpty(indications);
        references = nullToEmpty(references);
    }

    /**
     * Compares two version numbers part by part, as numbers: "1.10.0" is after "1.9.0", and "1.1" equals "1.1.0".
     * Both must be versions as the checker accepts them (at most 9 digits per part, separated by dots).
     */
    public static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /**
     * A section of the document, in the order shown.
     *
     * @param dated format 2: every paragraph of the section, in every language, carries an as-of date
     */
    public record SectionDef(String id, Boolean mandatory, Boolean dated, List<String> references) {
        public SectionDef {
            references = nullToEmpty(references);
        }

        public boolean isMandatory() {
            return Boolean.TRUE.equals(mandatory);
        }

        /** Whether every paragraph must carry an as-of date (format 2). */
        public boolean isDated() {
            return Boolean.TRUE.equals(dated);
        }
    }

    /**
     * What changed in one version against the version before it (format 3).
     *
     * @param version the version that made the changes ("1.1.0")
     * @param items   the changes, each with an id worded in every language's {@code changes}
     */
    public record VersionChanges(String version, List<Change> items) {
        public VersionChanges {
            items = nullToEmpty(items);
        }
    }

    /**
     * One change. {@code material}: whether it changes what a patient is told about risks, evidence, the product, who
     * decides or who signs, so that a returning patient must read it again (issue 11 §4); an editorial change (wording,
     * layout) is not material.
     */
    public record Change(String id, Boolean material) {
        public boolean isMaterial() {
            return Boolean.TRUE.equals(material);
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

    /**
     * A source, with how sure the facts taken from it are: V (primary source read), S (secondary), U (uncertain).
     * Format 2 describes it in parts ({@code kind}, {@code authors}, {@code title}, {@code source}, {@code date},
     * {@code doi}); format 1 had one printed {@code citation} and an optional {@code note}, which format 2 refuses
     * (its caveats are in each language's {@code references}).
     *
     * @param kind    format 2: article, guidance, notice, meeting, law, web or report
     * @param authors format 2: the authors, or the issuing body of a notice, guidance or law
     * @param title   format 2, optional
     * @param source  format 2: journal, publisher, website or the law's name
     * @param doi     format 2: required for an article, {@code 10.NNNN/...}
     */
    public record Reference(String id, String kind, String authors, String title, String source, String date,
                            String doi, String confidence, String citation, String note) {

        /** {@link #printed(boolean)} for a Japanese document. */
        public String printed() {
            return printed(true);
        }

        /**
         * The reference as one line without its date: the format-1 citation, else authors, title, source and DOI,
         * each part closed by a full stop, missing parts left out, and the source left out when it only repeats the
         * authors (an issuing body that publishes its own guidance). In a Japanese document a part in Japanese is
         * closed by "．" with no space after it; in a document of another language every part is closed by "." and
         * followed by a space, whatever its script (issue 12 §2: English typography; a Japanese source keeps its
         * original title).
         *
         * @param japaneseDocument whether the document that prints it is Japanese
         */
        public String printed(boolean japaneseDocument) {
            if (citation != null && !citation.isBlank()) {
                return citation.strip();
            }
            StringBuilder s = new StringBuilder();
            String a = authors == null ? null : authors.strip();
            for (String part : new String[] {a, title, source != null && source.strip().equals(a) ? null : source}) {
                if (part == null || part.isBlank()) {
                    continue;
                }
                String p = part.strip();
                if (s.length() > 0 && !(japaneseDocument && endsWide(s))) {
                    s.append(' ');
                }
                s.append(p);
                char last = p.charAt(p.length() - 1);
                if (".?!。．？！".indexOf(last) < 0) {
                    s.append(japaneseDocument && wide(last) ? "．" : ".");
                }
            }
            if (doi != null && !doi.isBlank()) {
                s.append(s.length() > 0 ? " " : "").append("doi:").append(doi.strip());
            }
            return s.toString();
        }

        private static boolean endsWide(CharSequence s) {
            return wide(s.charAt(s.length() - 1));
        }

        /** Japanese (or other full-width) text, after which a Japanese full stop and no space follow. */
        private static boolean wide(char c) {
            Character.UnicodeBlock b = Character.UnicodeBlock.of(c);
            return b == Character.UnicodeBlock.CJK_UNIFIED_IDEOGRAPHS || b == Character.UnicodeBlock.HIRAGANA
                    || b == Character.UnicodeBlock.KATAKANA || b == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                    || b == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
        }

        /** A short citation for running text: format 1's citation, else authors and source. */
        public String shortCitation() {
            if (citation != null && !citation.isBlank()) {
                return citation.strip();
            }
            String a = authors == null ? "" : authors.strip();
            String so = source == null ? "" : source.strip();
            if (a.isEmpty() || so.isEmpty()) {
                return a + so;
            }
            return a + (a.endsWith(".") ? " " : ". ") + so;
        }
    }
}
