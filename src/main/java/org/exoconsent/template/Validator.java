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
    private static final Pattern VERSION = Pattern.compile("\\d{1,9}\\.\\d{1,9}(\\.\\d{1,9})?");
    private static final Pattern REF_DATE = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?|n\\.d\\.");
    private static final Pattern DOI = Pattern.compile("10\\.\\d{4,9}/\\S+");

    private final List<Problem> problems;
    private final int format;
    private Path file;
    private LocatedTree tree;

    /**
     * A validator of a template in {@code format} 1 (the rules before 1.1.0), 2 (the rules of 1.1.0) or 3 (every
     * rule: format 2's and the changes, the new declarations and the origin and supply conditions).
     */
    Validator(List<Problem> problems, int format) {
        this.problems = problems;
        this.format = format;
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

        if (format >= 2) {
            checkCorrects(m);
            for (int i = 0; i < m.languages().size(); i++) {
                String l = m.languages().get(i);
                if (l != null && l.matches("[a-z]{2}") && !Vocabulary.CHECKED_LANGUAGES.contains(l)) {
                    report("/languages/" + i, "'" + l + "': format " + format + " can check the plain-language and "
                            + "as-of-date rules only for " + Vocabulary.CHECKED_LANGUAGES);
                }
            }
        } else {
            formatTwoOnly("/corrects", "corrects");
        }
        if (format >= 3) {
            checkChanges(m);
        } else {
            formatThreeOnly("/changes", "changes");
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
            if (format >= 2 && Vocabulary.DATED_SECTIONS.contains(s.id()) && !s.isDated()) {
                report(tree.root().at(p + "/dated").isMissingNode() ? p : p + "/dated", "section '" + s.id()
                        + "' must be dated: true (format " + format + ": what it says changes with time, so every paragraph "
                        + "says as of when it is true)");
            }
            if (format < 2) {
                formatTwoOnly(p + "/dated", "dated");
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
            if (format >= 2) {
                checkReferenceParts(p, r);
            } else {
                present(p + "/citation", r.citation());
                for (String f : List.of("kind", "authors", "title", "source", "doi")) {
                    formatTwoOnly(p + "/" + f, f);
                }
            }
            if (present(p + "/date", r.date()) && !REF_DATE.matcher(r.date()).matches()) {
                report(p + "/date", "'" + r.date() + "' is not a date like 2024, 2024-07 or 2024-07-31 (or n.d. when no date is known)");
            } else if (format >= 2 && "n.d.".equals(r.date()) && r.kind() != null
                    && !Vocabulary.UNDATED_REFERENCE_KINDS.contains(r.kind())) {
                report(p + "/date", "n.d. is allowed only for kind web or law; a " + r.kind()
                        + " has a date: give at least its year");
            }
            if (present(p + "/confidence", r.confidence())
                    && !Vocabulary.CONFIDENCE_MARKS.contains(r.confidence())) {
                report(p + "/confidence", "'" + r.confidence() + "' must be V, S or U");
            }
        }
    }

    /** A field a format-1 template cannot have (it would have been an unknown field before format 2). */
    private void formatTwoOnly(String pointer, String name) {
        if (!tree.root().at(pointer).isMissingNode()) {
            report(pointer, "'" + name + "' belongs to format 2; a template without format: 2 cannot have it");
        }
    }

    /** A field a template before format 3 cannot have (it would have been an unknown field before format 3). */
    private void formatThreeOnly(String pointer, String name) {
        if (!tree.root().at(pointer).isMissingNode()) {
            report(pointer, "'" + name + "' belongs to format 3; a template in format " + format
                    + " cannot have it");
        }
    }

    /**
     * Format 3: {@code changes} lists, oldest first, what each version changed against the one before it: versions
     * strictly increasing, none later than this one, the last one this version; every item an id (unique across the
     * list) and {@code material: true} or {@code false}.
     */
    private void checkChanges(Manifest m) {
        if (tree.root().at("/changes").isMissingNode()) {
            report("/changes", "is missing: format 3 lists, oldest first, what each version changed and whether "
                    + "each change is material, ending with this version (docs/TEMPLATES.md)");
            return;
        }
        if (m.changes().isEmpty()) {
            report("/changes", "is empty: list at least this version " + m.version() + " and what it changed");
            return;
        }
        boolean versionValid = m.version() != null && VERSION.matcher(m.version()).matches();
        String previous = null;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < m.changes().size(); i++) {
            Manifest.VersionChanges v = m.changes().get(i);
            String p = "/changes/" + i;
            if (v == null) {
                report(p, "is empty: give version and items");
                continue;
            }
            if (present(p + "/version", v.version())) {
                if (!VERSION.matcher(v.version()).matches()) {
                    report(p + "/version", "'" + v.version() + "' is not a version like 1.0.0");
                } else {
                    if (previous != null && Manifest.compareVersions(v.version(), previous) <= 0) {
                        report(p + "/version", "'" + v.version() + "' is not later than '" + previous + "' before "
                                + "it: list the versions oldest first, each once");
                    }
                    if (versionValid && Manifest.compareVersions(v.version(), m.version()) > 0) {
                        report(p + "/version", "'" + v.version() + "' is later than this version " + m.version()
                                + ": a version can only tell what changed up to itself");
                    }
                    previous = v.version();
                }
            }
            if (v.items().isEmpty()) {
                report(tree.root().at(p + "/items").isMissingNode() ? p : p + "/items", "version '" + v.version()
                        + "' lists no change: give each change an id and material: true or false");
            }
            for (int j = 0; j < v.items().size(); j++) {
                Manifest.Change c = v.items().get(j);
                String pc = p + "/items/" + j;
                if (c == null) {
                    report(pc, "is empty: give id and material");
                    continue;
                }
                if (present(pc + "/id", c.id())) {
                    if (!ID.matcher(c.id()).matches()) {
                        report(pc + "/id", "'" + c.id() + "' must use only lower-case letters, digits and '-'");
                    } else if (!ids.add(c.id())) {
                        report(pc + "/id", "change '" + c.id() + "' appears twice: every change of every version "
                                + "has its own id");
                    }
                }
                if (c.material() == null) {
                    report(tree.root().at(pc + "/material").isMissingNode() ? pc : pc + "/material", "change '"
                            + c.id() + "': material is missing: say true (a returning patient must read it again) "
                            + "or false (an editorial change)");
                }
            }
        }
        if (versionValid) {
            Manifest.VersionChanges last = m.changes().get(m.changes().size() - 1);
            if (last != null && last.version() != null && VERSION.matcher(last.version()).matches()
                    && Manifest.compareVersions(last.version(), m.version()) != 0) {
                report("/changes/" + (m.changes().size() - 1) + "/version", "the last entry is '"
                        + last.version() + "' but must be this version " + m.version()
                        + ": say what this version changed");
            }
        }
    }

    private void checkCorrects(Manifest m) {
        if (tree.root().at("/corrects").isMissingNode()) {
            return;
        }
        if (m.corrects().isEmpty()) {
            report("/corrects", "is empty: leave it out when this version corrects no earlier version");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < m.corrects().size(); i++) {
            String v = m.corrects().get(i);
            String p = "/corrects/" + i;
            if (!present(p, v)) {
                continue;
            }
            if (!VERSION.matcher(v).matches()) {
                report(p, "'" + v + "' is not a version like 1.0.0");
            } else if (!seen.add(v)) {
                report(p, "'" + v + "' is listed twice");
            } else if (m.version() != null && VERSION.matcher(m.version()).matches()
                    && Manifest.compareVersions(v, m.version()) >= 0) {
                report(p, "'" + v + "' is not earlier than this version " + m.version()
                        + ": a version can only correct earlier ones");
            }
        }
    }


    /** Format 2: a reference in parts, enough for a reader to find it. */
    private void checkReferenceParts(String p, Manifest.Reference r) {
        if (present(p + "/kind", r.kind()) && !Vocabulary.REFERENCE_KINDS.contains(r.kind())) {
            report(p + "/kind", "'" + r.kind() + "' is not a kind of reference; known: "
                    + String.join(", ", Vocabulary.REFERENCE_KINDS));
        }
        present(p + "/authors", r.authors());
        present(p + "/source", r.source());
        if (r.title() != null && r.title().isBlank()) {
            report(p + "/title", "is empty: leave it out when there is no title");
        }
        if (r.doi() != null) {
            if (!DOI.matcher(r.doi()).matches()) {
                report(p + "/doi", "'" + r.doi() + "' is not a DOI like 10.2340/00015555-3666 (without doi: or https://doi.org/)");
            }
        } else if ("article".equals(r.kind())) {
            report(p, "reference '" + r.id() + "' is an article and has no doi: give its DOI (10.NNNN/...)");
        }
        if (r.citation() != null) {
            report(p + "/citation", "is not allowed in format 2: describe the reference with authors, title, source, "
                    + "date and doi");
        }
        if (r.note() != null) {
            report(p + "/note", "is not allowed in format 2: put the caveat in the reference's description in "
                    + "each language file (references: " + r.id() + ")");
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
                    if (values != null && format < 3 && Vocabulary.FORMAT_3_CONDITIONS.contains(c.getKey())) {
                        report(pp + "/when/" + c.getKey(), "condition '" + c.getKey() + "' belongs to format 3; a "
                                + "template in format " + format + " cannot use it");
                    } else if (values == null) {
                        report(pp + "/when/" + c.getKey(), "unknown condition '" + c.getKey() + "'; known: "
                                + Vocabulary.CONDITIONS.keySet());
                    } else if (!values.contains(c.getValue())) {
                        report(pp + "/when/" + c.getKey(), "'" + c.getValue() + "' is not a value of "
                                + c.getKey() + "; known: " + values);
                    }
                }
            }
            // a section that depends on a condition must say something for each of its values
            for (Map.Entry<String, List<String>> e : Vocabulary.CONDITION_SECTIONS.entrySet()) {
                if (!e.getValue().contains(s.id())
                        || format < 3 && Vocabulary.FORMAT_3_CONDITIONS.contains(e.getKey())) {
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
        checkLanguageFormat(t, lang, m);
    }

    /**
     * Format 2 and 3 rules of one language file; format 1 files cannot have format 2's fields, and neither format 1
     * nor format 2 files format 3's.
     */
    private void checkLanguageFormat(LanguageText t, String lang, Manifest m) {
        if (format < 3) {
            formatThreeOnly("/changes", "changes");
            formatThreeOnly("/refusal", "refusal");
        }
        if (format < 2) {
            formatTwoOnly("/declarations", "declarations");
            formatTwoOnly("/references", "references");
            formatTwoOnly("/corrections", "corrections");
            return;
        }
        // declarations: every sentence printed with the signatures
        List<String> keys = new ArrayList<>(LanguageText.Declarations.KEYS);
        if (format >= 3) {
            keys.addAll(LanguageText.Declarations.FORMAT_3_KEYS);
        }
        if (t.declarations() == null) {
            report("/declarations", "is missing: format " + format + " keeps every sentence printed with the "
                    + "signatures in the template: " + String.join(", ", keys));
        } else {
            for (String key : keys) {
                String p = "/declarations/" + key;
                if (!present(p, t.declarations().get(key))) {
                    continue;
                }
                String text = t.declarations().get(key);
                if (Vocabulary.CHANGES_SINCE_DECLARATIONS.contains(key)) {
                    checkText(p, text, Set.of(Vocabulary.LAST_CONSENT_DATE), "the title and the first sentence of "
                            + "'what changed since your last consent' are filled with {{"
                            + Vocabulary.LAST_CONSENT_DATE + "}} only");
                    if (key.equals("changesSinceTitle") && !TemplateText.placeholders(text)
                            .contains(Vocabulary.LAST_CONSENT_DATE)) {
                        report(p, "does not name {{" + Vocabulary.LAST_CONSENT_DATE + "}}: the title says since "
                                + "which consent, e.g. 「前回の同意（{{" + Vocabulary.LAST_CONSENT_DATE
                                + "}}）から変わったこと」");
                    }
                } else {
                    checkText(p, text);
                }
            }
            if (format < 3) {
                for (String key : LanguageText.Declarations.FORMAT_3_KEYS) {
                    formatThreeOnly("/declarations/" + key, "declarations." + key);
                }
            }
        }
        // references: a description of each, in this language
        for (Manifest.Reference r : m.references()) {
            if (r.id() != null && !t.references().containsKey(r.id())) {
                report("/references", "reference '" + r.id() + "' of template.yaml has no description in this language");
            }
        }
        for (Map.Entry<String, String> e : t.references().entrySet()) {
            String p = "/references/" + e.getKey();
            if (m.references().stream().noneMatch(r -> e.getKey().equals(r.id()))) {
                report(p, "reference '" + e.getKey() + "' is not in template.yaml");
            } else if (present(p, e.getValue())) {
                checkText(p, e.getValue());
            }
        }
        // corrections: what this version corrects, when it corrects an earlier one
        boolean corrects = !m.corrects().isEmpty();
        boolean listed = !tree.root().at("/corrections").isMissingNode();
        if (corrects && t.corrections().isEmpty()) {
            report("/corrections", "is missing or empty: template.yaml corrects " + String.join(", ", m.corrects())
                    + ", so every language lists what this version corrects");
        } else if (!corrects && listed) {
            report("/corrections", "template.yaml corrects no earlier version (no corrects:); remove this list or "
                    + "add corrects: to template.yaml");
        }
        if (corrects) {
            for (int i = 0; i < t.corrections().size(); i++) {
                String c = t.corrections().get(i);
                if (present("/corrections/" + i, c) && Validator.PLACEHOLDER.matcher(c).find()) {
                    report("/corrections/" + i, "has a placeholder: corrections are read by the administrator, "
                            + "outside any consultation, so nothing can fill it");
                }
            }
        }
        if (format >= 3) {
            checkChangeTexts(t, lang, m);
            checkRefusal(t, lang);
        }
        checkAsOfDates(t, lang, m);
        checkPlainLanguage(t, lang, m);
    }

    /**
     * Format 3: the language words every change of the manifest (no more), each without a placeholder (it is
     * printed as written) and, in Japanese, every sentence in the polite form (です・ます).
     */
    private void checkChangeTexts(LanguageText t, String lang, Manifest m) {
        List<String> ids = new ArrayList<>();
        for (Manifest.VersionChanges v : m.changes()) {
            if (v == null) {
                continue;
            }
            for (Manifest.Change c : v.items()) {
                if (c != null && c.id() != null) {
                    ids.add(c.id());
                }
            }
        }
        if (tree.root().at("/changes").isMissingNode() && !ids.isEmpty()) {
            report("/changes", "is missing: template.yaml lists changes (" + String.join(", ", ids) + "), and "
                    + "every language words each of them for the patient");
            return;
        }
        for (String id : ids) {
            if (!t.changes().containsKey(id)) {
                report("/changes", "change '" + id + "' of template.yaml is not worded in this language");
            }
        }
        for (Map.Entry<String, String> e : t.changes().entrySet()) {
            String p = "/changes/" + e.getKey();
            if (!ids.contains(e.getKey())) {
                report(p, "change '" + e.getKey() + "' is not in template.yaml's changes");
            } else if (present(p, e.getValue())) {
                checkText(p, e.getValue(), Set.of(), "a change is printed as it is written, so nothing would "
                        + "fill it");
                if ("ja".equals(lang)) {
                    List<String> sentences = Sentences.split(lang, e.getValue());
                    for (int k = 0; k < sentences.size(); k++) {
                        if (!polite(sentences.get(k))) {
                            report(p, "sentence " + (k + 1) + " does not end in the polite form (です・ます): "
                                    + Sentences.start(lang, sentences.get(k)) + "; end it with "
                                    + String.join(", ", Vocabulary.JA_POLITE_ENDINGS));
                        }
                    }
                }
            }
        }
    }

    /**
     * Format 3, optional block {@code refusal} (issue 16 §5): when present, every key of
     * {@link LanguageText.Refusal#KEYS} is there and not empty, no placeholder is used (the document prints its facts
     * beside the text), and in Japanese every sentence but the headings ends in the polite form (です・ます).
     * Whether every language of a template has it is checked by {@link #checkSameShape}.
     */
    private void checkRefusal(LanguageText t, String lang) {
        if (t.refusal() == null) {
            return;
        }
        for (String key : LanguageText.Refusal.KEYS) {
            String p = "/refusal/" + key;
            String text = t.refusal().get(key);
            if (!present(p, text)) {
                continue;
            }
            checkText(p, text, Set.of(), "the informed refusal prints its facts (patient, sections, product and lot) "
                    + "beside its text, so nothing fills a placeholder in it");
            if ("ja".equals(lang) && !LanguageText.Refusal.HEADINGS.contains(key)) {
                List<String> sentences = Sentences.split(lang, text);
                for (int k = 0; k < sentences.size(); k++) {
                    if (!polite(sentences.get(k))) {
                        report(p, "sentence " + (k + 1) + " does not end in the polite form (です・ます): "
                                + Sentences.start(lang, sentences.get(k)) + "; end it with "
                                + String.join(", ", Vocabulary.JA_POLITE_ENDINGS));
                    }
                }
            }
        }
    }

    /** Whether a Japanese sentence ends in one of {@link Vocabulary#JA_POLITE_ENDINGS}, before 。！？ and brackets. */
    static boolean polite(String sentence) {
        String s = Sentences.normalised(sentence).strip();
        int end = s.length();
        while (end > 0 && "。．！？!?」）』)".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        String body = s.substring(0, end);
        return Vocabulary.JA_POLITE_ENDINGS.stream().anyMatch(body::endsWith);
    }

    /** Every paragraph of a dated section carries an as-of date no later than the effective date. */
    private void checkAsOfDates(LanguageText t, String lang, Manifest m) {
        for (Manifest.SectionDef def : m.sections()) {
            if (!def.isDated() || def.id() == null) {
                continue;
            }
            for (int i = 0; i < t.sections().size(); i++) {
                LanguageText.SectionText s = t.sections().get(i);
                if (!def.id().equals(s.id())) {
                    continue;
                }
                for (int j = 0; j < s.paragraphs().size(); j++) {
                    String text = s.paragraphs().get(j).text();
                    if (text == null || text.isBlank()) {
                        continue;
                    }
                    String p = textPointer("/sections/" + i + "/paragraphs/" + j);
                    List<AsOfDates.AsOf> dates = AsOfDates.find(lang, text);
                    if (dates.isEmpty()) {
                        report(p, "section '" + s.id() + "' paragraph " + (j + 1) + " has no as-of date: every "
                                + "paragraph of a dated section says as of when it is true, e.g. "
                                + AsOfDates.example(lang, m.effectiveDate()));
                    }
                    for (AsOfDates.AsOf d : dates) {
                        if (m.effectiveDate() != null && d.isAfter(m.effectiveDate())) {
                            report(p, "section '" + s.id() + "' paragraph " + (j + 1) + ": the as-of date '"
                                    + d.written() + "' is later than the effective date " + m.effectiveDate()
                                    + ": a text cannot say what is true after it takes effect");
                        }
                    }
                }
            }
        }
    }

    /** Short sentences, and no stacked hedges, in everything the patient reads. */
    private void checkPlainLanguage(LanguageText t, String lang, Manifest m) {
        for (TemplateSentences.Text x : TemplateSentences.texts(m, t)) {
            String p = textPointer(x.pointer());
            List<String> sentences = Sentences.split(lang, x.text());
            for (int k = 0; k < sentences.size(); k++) {
                String sentence = sentences.get(k);
                int length = Sentences.length(lang, sentence);
                int limit = Sentences.limit(lang);
                if (length > limit) {
                    report(p, "sentence " + (k + 1) + " has " + length + " " + Sentences.unit(lang) + " (limit "
                            + limit + "): " + Sentences.start(lang, sentence));
                }
                List<String> hedges = Sentences.hedges(lang, sentence);
                if (hedges.size() >= 2) {
                    report(p, "sentence " + (k + 1) + " stacks " + hedges.size() + " hedges ("
                            + String.join(", ", hedges) + "): " + Sentences.start(lang, sentence)
                            + "; say once how sure it is");
                }
            }
        }
    }

    /** A paragraph written as {@code {when:…, text:…}} is located at its text. */
    private String textPointer(String pointer) {
        return tree.root().at(pointer).isObject() ? pointer + "/text" : pointer;
    }

    /**
     * Formats 2 and 3: a language file says the same thing as the first language of the manifest, paragraph by paragraph:
     * the same number of paragraphs per section with the same {@code when} conditions in the same order, and as
     * many corrections.
     */
    void checkSameShape(Path file, LocatedTree tree, LanguageText t, Path firstFile, LanguageText first) {
        this.file = file;
        this.tree = tree;
        String other = firstFile.getFileName().toString();
        if ((t.refusal() == null) != (first.refusal() == null)) {
            report(t.refusal() == null ? "" : "/refusal", "the informed refusal's text (refusal) is in "
                    + (t.refusal() == null ? other : file.getFileName()) + " but not in "
                    + (t.refusal() == null ? file.getFileName() : other) + ": every language has it, or none");
        }
        for (int i = 0; i < t.sections().size(); i++) {
            LanguageText.SectionText s = t.sections().get(i);
            if (s.id() == null) {
                continue;
            }
            LanguageText.SectionText f = first.sections().stream().filter(x -> s.id().equals(x.id())).findFirst()
                    .orElse(null);
            if (f == null) {
                continue; // a section unknown to the manifest is reported already
            }
            String p = "/sections/" + i + "/paragraphs";
            if (s.paragraphs().size() != f.paragraphs().size()) {
                report(p, "section '" + s.id() + "' has " + s.paragraphs().size() + " paragraphs in "
                        + file.getFileName() + " but " + f.paragraphs().size() + " in " + other
                        + ": every language says the same, paragraph by paragraph");
            }
            for (int j = 0; j < Math.min(s.paragraphs().size(), f.paragraphs().size()); j++) {
                Map<String, String> w = s.paragraphs().get(j).when();
                Map<String, String> fw = f.paragraphs().get(j).when();
                if (!w.equals(fw)) {
                    String pp = p + "/" + j;
                    report(tree.root().at(pp + "/when").isMissingNode() ? pp : pp + "/when", "section '" + s.id()
                            + "' paragraph " + (j + 1) + " is shown " + when(w) + " in " + file.getFileName()
                            + " but " + when(fw) + " in " + other + ": the when variants must be the same, in the "
                            + "same order");
                }
            }
        }
        if (t.corrections().size() != first.corrections().size() && !t.corrections().isEmpty()
                && !first.corrections().isEmpty()) {
            report("/corrections", "has " + t.corrections().size() + " corrections in " + file.getFileName()
                    + " but " + first.corrections().size() + " in " + other + ": every language lists the same ones");
        }
    }

    private static String when(Map<String, String> w) {
        if (w.isEmpty()) {
            return "always (no when)";
        }
        return "when: " + new java.util.TreeMap<>(w).toString().replace("=", ": ");
    }

    /** Placeholders must be known and well-formed. */
    private void checkText(String pointer, String text) {
        checkText(pointer, text, Vocabulary.PLACEHOLDERS, null);
    }

    /**
     * Placeholders must be well-formed and among {@code allowed}; {@code why} says why a known placeholder outside
     * {@code allowed} cannot be used here.
     */
    private void checkText(String pointer, String text, Set<String> allowed, String why) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder rest = new StringBuilder();
        int end = 0;
        while (m.find()) {
            rest.append(text, end, m.start());
            end = m.end();
            String name = m.group(1);
            if (allowed.contains(name)) {
                continue;
            }
            if (format >= 3 && name.equals(Vocabulary.LAST_CONSENT_DATE)) {
                report(pointer, "{{" + name + "}} is allowed only in declarations.changesSinceTitle and "
                        + "declarations.changesSinceIntro (the day of the last consent fills nothing else)");
            } else if (Vocabulary.PLACEHOLDERS.contains(name)) {
                report(pointer, "{{" + name + "}} cannot be used here: " + why);
            } else {
                report(pointer, "unknown placeholder {{" + name + "}}; see docs/TEMPLATES.md for the known ones");
            }
        }
        rest.append(text.substring(end));
        if (rest.indexOf("{{") >= 0 || rest.indexOf("}}") >= 0) {
            report(pointer, "has an unclosed placeholder: write {{name}}");
        }
    }
}
