package org.exoconsent.template;

import com.fasterxml.jackson.core.JsonLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rules of docs/TEMPLATES.md, applied to parsed files; every broken rule becomes a located {@link Problem}. */
final class Validator {
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*\\}\\}");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?");
    private static final Pattern REF_DATE = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?|n\\.d\\.");

    private final List<Problem> problems;
    private Path file;
    private LocatedTree tree;

    Validator(List<Problem> problems) {
        this.problems = problems;
    }

    private void report(String pointer, String message) {
        JsonLocation l = tree.locate(pointer);
        problems.add(new Problem(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                LocatedTree.display(pointer), message));
    }

    private boolean present(String pointer, String value) {
        if (value == null || value.isBlank()) {
            report(pointer, "is missing or empty");
            return false;
        }
        return true;
    }

    void checkManifest(Path file, LocatedTree tree, Manifest m, Path folder) {
        this.file = file;
        this.tree = tree;
        if (present("/id", m.id())) {
            if (!ID.matcher(m.id()).matches()) {
                report("/id", "'" + m.id() + "' must use only lower-case letters, digits and '-'");
            } else if (folder.getFileName() != null && !m.id().equals(folder.getFileName().toString())) {
                report("/id", "'" + m.id() + "' must equal the folder name '" + folder.getFileName() + "'");
            }
        }
        if (present("/version", m.version()) && !VERSION.matcher(m.version()).matches()) {
            report("/version", "'" + m.version() + "' is not a version like 1.0.0");
        }
        if (m.effectiveDate() == null) {
            report("/effectiveDate", "is missing (an ISO date such as 2026-12-01)");
        }
        if (m.languages().isEmpty()) {
            report("/languages", "is missing: list at least one language, e.g. [ja, en]");
        }
        Set<String> langs = new HashSet<>();
        for (int i = 0; i < m.languages().size(); i++) {
            String l = m.languages().get(i);
            if (l == null || !l.matches("[a-z]{2}")) {
                report("/languages/" + i, "'" + l + "' is not a two-letter language code");
            } else if (!langs.add(l)) {
                report("/languages/" + i, "'" + l + "' is listed twice");
            }
        }

        // sections: unique ids, the mandatory ones present, marked mandatory and in order
        Set<String> sectionIds = new HashSet<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < m.sections().size(); i++) {
            Manifest.SectionDef s = m.sections().get(i);
            String p = "/sections/" + i;
            if (!present(p + "/id", s.id())) {
                continue;
            }
            if (!sectionIds.add(s.id())) {
                report(p + "/id", "section '" + s.id() + "' appears twice");
            }
            order.add(s.id());
            if (Vocabulary.MANDATORY_SECTIONS.contains(s.id()) && !s.isMandatory()) {
                report(p + "/mandatory", "section '" + s.id() + "' must be mandatory: true");
            }
            checkReferences(p + "/references", s.references(), m);
        }
        int last = -1;
        for (String required : Vocabulary.MANDATORY_SECTIONS) {
            int at = order.indexOf(required);
            if (at < 0) {
                report("/sections", "mandatory section '" + required + "' is missing");
            } else if (at < last) {
                report("/sections/" + at + "/id", "section '" + required + "' is out of order: the required order is "
                        + String.join(", ", Vocabulary.MANDATORY_SECTIONS));
            } else {
                last = at;
            }
        }

        // questions
        if (m.questions().size() < 5) {
            report("/questions", "has " + m.questions().size() + " questions; at least 5 are required");
        }
        Set<String> questionIds = new HashSet<>();
        for (int i = 0; i < m.questions().size(); i++) {
            Manifest.QuestionDef q = m.questions().get(i);
            String p = "/questions/" + i;
            if (present(p + "/id", q.id()) && !questionIds.add(q.id())) {
                report(p + "/id", "question '" + q.id() + "' appears twice");
            }
            if (present(p + "/section", q.section()) && !sectionIds.contains(q.section())) {
                report(p + "/section", "names section '" + q.section() + "', which does not exist");
            }
            if (q.options().size() < 2) {
                report(p + "/options", "needs at least two options");
            }
            if (new HashSet<>(q.options()).size() != q.options().size()) {
                report(p + "/options", "has the same option twice");
            }
            if (present(p + "/correct", q.correct()) && !q.options().contains(q.correct())) {
                report(p + "/correct", "'" + q.correct() + "' is not one of the options " + q.options());
            }
        }

        // evidence table
        Set<String> indicationIds = new HashSet<>();
        for (int i = 0; i < m.indications().size(); i++) {
            Manifest.IndicationDef ind = m.indications().get(i);
            String p = "/indications/" + i;
            if (present(p + "/id", ind.id()) && !indicationIds.add(ind.id())) {
                report(p + "/id", "indication '" + ind.id() + "' appears twice");
            }
            present(p + "/evidenceLevel", ind.evidenceLevel());
            checkReferences(p + "/references", ind.references(), m);
        }
        for (String required : Vocabulary.INDICATIONS) {
            if (!indicationIds.contains(required)) {
                report("/indications", "indication '" + required + "' has no row in the evidence table");
            }
        }

        // references
        Set<String> refIds = new HashSet<>();
        for (int i = 0; i < m.references().size(); i++) {
            Manifest.Reference r = m.references().get(i);
            String p = "/references/" + i;
            if (present(p + "/id", r.id()) && !refIds.add(r.id())) {
                report(p + "/id", "reference '" + r.id() + "' appears twice");
            }
            present(p + "/citation", r.citation());
            if (present(p + "/date", r.date()) && !REF_DATE.matcher(r.date()).matches()) {
                report(p + "/date", "'" + r.date() + "' is not a date like 2024, 2024-07 or 2024-07-31 (or n.d. when no date is known)");
            }
            if (present(p + "/confidence", r.confidence())
                    && !Vocabulary.CONFIDENCE_MARKS.contains(r.confidence())) {
                report(p + "/confidence", "'" + r.confidence() + "' must be V, S or U");
            }
        }
    }

    private void checkReferences(String pointer, List<String> ids, Manifest m) {
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (m.references().stream().noneMatch(r -> id != null && id.equals(r.id()))) {
                report(pointer + "/" + i, "reference '" + id + "' is not in the references list");
            }
        }
    }

    void checkLanguage(Path file, LocatedTree tree, LanguageText t, String lang, Manifest m) {
        this.file = file;
        this.tree = tree;
        if (present("/language", t.language()) && !t.language().equals(lang)) {
            report("/language", "'" + t.language() + "' does not match the file name " + lang + ".yaml");
        }
        if (present("/title", t.title())) {
            checkText("/title", t.title());
        }

        List<String> expected = m.sections().stream().map(Manifest.SectionDef::id).toList();
        List<String> actual = t.sections().stream().map(LanguageText.SectionText::id).toList();
        for (String id : expected) {
            if (!actual.contains(id)) {
                report("/sections", "section '" + id + "' of template.yaml is missing in this language");
            }
        }
        for (int i = 0; i < t.sections().size(); i++) {
            LanguageText.SectionText s = t.sections().get(i);
            String p = "/sections/" + i;
            if (!present(p + "/id", s.id())) {
                continue;
            }
            int at = expected.indexOf(s.id());
            if (at < 0) {
                report(p + "/id", "section '" + s.id() + "' is not in template.yaml");
            } else if (at != i && actual.indexOf(s.id()) == i && expected.size() == actual.size()) {
                report(p + "/id", "section '" + s.id() + "' is at place " + (i + 1) + " but template.yaml has it at "
                        + (at + 1));
            }
            if (present(p + "/title", s.title())) {
                checkText(p + "/title", s.title());
            }
            if (s.paragraphs().isEmpty()) {
                report(p + "/paragraphs", "section '" + s.id() + "' has no text");
            }
            for (int j = 0; j < s.paragraphs().size(); j++) {
                LanguageText.Paragraph para = s.paragraphs().get(j);
                String pp = p + "/paragraphs/" + j;
                boolean object = tree.root().at(pp).isObject();
                if (present(object ? pp + "/text" : pp, para.text())) {
                    checkText(object ? pp + "/text" : pp, para.text());
                }
                for (Map.Entry<String, String> c : para.when().entrySet()) {
                    List<String> values = Vocabulary.CONDITIONS.get(c.getKey());
                    if (values == null) {
                        report(pp + "/when/" + c.getKey(), "unknown condition '" + c.getKey() + "'; known: "
                                + Vocabulary.CONDITIONS.keySet());
                    } else if (!values.contains(c.getValue())) {
                        report(pp + "/when/" + c.getKey(), "'" + c.getValue() + "' is not a value of "
                                + c.getKey() + "; known: " + values);
                    }
                }
            }
            // a section that depends on a condition must say something for each of its values
            for (Map.Entry<String, String> e : Vocabulary.CONDITION_SECTIONS.entrySet()) {
                if (!e.getValue().equals(s.id())) {
                    continue;
                }
                for (String value : Vocabulary.CONDITIONS.get(e.getKey())) {
                    boolean covered = s.paragraphs().stream()
                            .anyMatch(para -> value.equals(para.when().get(e.getKey())));
                    if (!covered) {
                        report(p + "/paragraphs", "needs a paragraph with when: {" + e.getKey() + ": " + value + "}");
                    }
                }
            }
        }

        // questions: same ids and option ids as the manifest
        for (Manifest.QuestionDef q : m.questions()) {
            if (q.id() != null && t.questions().stream().noneMatch(x -> q.id().equals(x.id()))) {
                report("/questions", "question '" + q.id() + "' of template.yaml is missing in this language");
            }
        }
        for (int i = 0; i < t.questions().size(); i++) {
            LanguageText.QuestionText q = t.questions().get(i);
            String p = "/questions/" + i;
            if (!present(p + "/id", q.id())) {
                continue;
            }
            Manifest.QuestionDef def = m.questions().stream().filter(d -> q.id().equals(d.id())).findFirst()
                    .orElse(null);
            if (def == null) {
                report(p + "/id", "question '" + q.id() + "' is not in template.yaml");
                continue;
            }
            if (present(p + "/text", q.text())) {
                checkText(p + "/text", q.text());
            }
            if (present(p + "/explanation", q.explanation())) {
                checkText(p + "/explanation", q.explanation());
            }
            List<String> optionIds = q.options().stream().map(LanguageText.OptionText::id).toList();
            if (!optionIds.equals(def.options())) {
                report(p + "/options", "option ids " + optionIds + " differ from template.yaml " + def.options());
            }
            for (int j = 0; j < q.options().size(); j++) {
                if (present(p + "/options/" + j + "/text", q.options().get(j).text())) {
                    checkText(p + "/options/" + j + "/text", q.options().get(j).text());
                }
            }
        }

        // evidence table words
        for (Manifest.IndicationDef ind : m.indications()) {
            if (ind.id() != null && !t.indications().containsKey(ind.id())) {
                report("/indications", "no name for indication '" + ind.id() + "'");
            }
            if (ind.evidenceLevel() != null && !t.evidenceLevels().containsKey(ind.evidenceLevel())) {
                report("/evidenceLevels", "no text for evidence level '" + ind.evidenceLevel() + "'");
            }
        }
        for (Map.Entry<String, String> e : t.indications().entrySet()) {
            if (m.indications().stream().noneMatch(i -> e.getKey().equals(i.id()))) {
                report("/indications/" + e.getKey(), "indication '" + e.getKey() + "' is not in template.yaml");
            } else if (present("/indications/" + e.getKey(), e.getValue())) {
                checkText("/indications/" + e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, String> e : t.evidenceLevels().entrySet()) {
            if (m.indications().stream().noneMatch(i -> e.getKey().equals(i.evidenceLevel()))) {
                report("/evidenceLevels/" + e.getKey(), "evidence level '" + e.getKey() + "' is used by no indication");
            } else if (present("/evidenceLevels/" + e.getKey(), e.getValue())) {
                checkText("/evidenceLevels/" + e.getKey(), e.getValue());
            }
        }
    }

    /** Placeholders must be known and well-formed. */
    private void checkText(String pointer, String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder rest = new StringBuilder();
        int end = 0;
        while (m.find()) {
            rest.append(text, end, m.start());
            end = m.end();
            if (!Vocabulary.PLACEHOLDERS.contains(m.group(1))) {
                report(pointer, "unknown placeholder {{" + m.group(1) + "}}; see docs/TEMPLATES.md for the known ones");
            }
        }
        rest.append(text.substring(end));
        if (rest.indexOf("{{") >= 0 || rest.indexOf("}}") >= 0) {
            report(pointer, "has an unclosed placeholder: write {{name}}");
        }
    }
}
