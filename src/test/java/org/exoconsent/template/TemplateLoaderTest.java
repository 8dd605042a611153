package org.exoconsent.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateLoaderTest {
    @TempDir
    Path tmp;

    /** A copy of the project's template that a test may break. */
    private Path copy() {
        return Examples.templateCopy(tmp);
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(s.contains(from), file + " should contain: " + from);
        Files.writeString(file, s.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)), StandardCharsets.UTF_8);
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    private List<Problem> problems(Path dir) {
        TemplateException e = assertThrows(TemplateException.class, () -> new TemplateLoader().load(dir));
        assertEquals(e.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")), e.getMessage());
        return e.problems();
    }

    @Test
    void theShippedTemplateHasEveryMandatorySectionInOrderInBothLanguages() {
        ConsentTemplate t = Examples.template();
        assertEquals(List.of("ja", "en"), t.languages());
        assertEquals(Vocabulary.MANDATORY_SECTIONS, t.mandatorySectionIds());
        for (String lang : t.languages()) {
            LanguageText text = t.language(lang).orElseThrow();
            assertEquals(Vocabulary.MANDATORY_SECTIONS,
                    text.sections().stream().map(LanguageText.SectionText::id).toList(), lang);
            assertEquals(t.manifest().questions().stream().map(Manifest.QuestionDef::id).toList(),
                    text.questions().stream().map(LanguageText.QuestionText::id).toList(), lang);
        }
        assertTrue(t.manifest().questions().size() >= 5);
        assertEquals(Vocabulary.INDICATIONS.size(), t.manifest().indications().size());
        assertTrue(t.version().matches("\\d+\\.\\d+\\.\\d+"));
        assertTrue(t.manifest().effectiveDate() != null);
    }

    @Test
    void everyReferenceOfTheShippedTemplateHasADateAndAConfidenceMark() {
        for (Manifest.Reference r : Examples.template().manifest().references()) {
            assertTrue(List.of("V", "S", "U").contains(r.confidence()), r.id());
            assertTrue(r.date().matches("\\d{4}(-\\d{2}(-\\d{2})?)?|n\\.d\\."), r.id());
        }
    }

    @Test
    void aSectionMissingInOneLanguageIsNamedWithItsFile() throws IOException {
        Path dir = copy();
        String en = Files.readString(dir.resolve("en.yaml"));
        int start = en.indexOf("  - id: privacy");
        int end = en.indexOf("  - id: contact");
        Files.writeString(dir.resolve("en.yaml"), en.substring(0, start) + en.substring(end));
        List<Problem> p = problems(dir);
        assertTrue(p.stream().anyMatch(x -> x.file().equals(dir.resolve("en.yaml"))
                && x.field().equals("sections") && x.message().contains("'privacy'")), p.toString());
        assertTrue(p.stream().allMatch(x -> x.file().getFileName().toString().equals("en.yaml")), p.toString());
    }

    @Test
    void anUnknownPlaceholderIsReportedWithFileLineColumnAndField() throws IOException {
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        replace(ja, "{{physician.name}}にしてください", "{{physician.fax}}にしてください");
        List<Problem> p = problems(dir);
        assertEquals(1, p.size(), p.toString());
        Problem x = p.get(0);
        assertEquals(ja, x.file());
        assertEquals(lineOf(ja, "{{physician.fax}}"), x.line());
        assertTrue(x.column() > 0);
        assertTrue(x.field().matches("sections\\[13\\]\\.paragraphs\\[0\\]"), x.field());
        assertTrue(x.message().contains("{{physician.fax}}"), x.message());
        assertTrue(x.toString().startsWith(ja + ":" + x.line() + ":" + x.column() + ": sections[13]"),
                x.toString());
    }

    @Test
    void brokenYamlIsReportedWhereItBreaks() throws IOException {
        Path dir = copy();
        Path en = dir.resolve("en.yaml");
        replace(en, "title: \"1.", "title: [\"1.");
        List<Problem> p = problems(dir);
        assertEquals(1, p.size(), p.toString());
        assertEquals(en, p.get(0).file());
        assertTrue(p.get(0).line() >= lineOf(en, "title: [\"1."), p.toString());
        assertTrue(p.get(0).message().startsWith("not well-formed YAML"), p.toString());
    }

    @Test
    void aReferenceThatResolvesNowhereIsRefused() throws IOException {
        Path dir = copy();
        Path m = dir.resolve("template.yaml");
        replace(m, "references: [kwon2020, park2026]", "references: [kwon2020, park2027]");
        List<Problem> p = problems(dir);
        assertEquals(1, p.size(), p.toString());
        assertEquals("indications[0].references[1]", p.get(0).field());
        assertEquals(lineOf(m, "park2027"), p.get(0).line());
        assertTrue(p.get(0).message().contains("park2027"));
    }

    @Test
    void questionsMustHaveTheSameOptionsInEveryLanguage() throws IOException {
        Path dir = copy();
        replace(dir.resolve("en.yaml"), "id: \"not-proven\"", "id: \"unproven\"");
        List<Problem> p = problems(dir);
        assertTrue(p.stream().anyMatch(x -> x.field().equals("questions[1].options")
                && x.message().contains("unproven") && x.message().contains("not-proven")), p.toString());
    }

    @Test
    void eachSterilisationStatusNeedsItsOwnParagraph() throws IOException {
        Path dir = copy();
        replace(dir.resolve("ja.yaml"), "when: { sterilisation: unknown }", "when: { sterilisation: sterilised }");
        List<Problem> p = problems(dir);
        assertTrue(p.stream().anyMatch(x -> x.field().equals("sections[4].paragraphs")
                && x.message().contains("sterilisation: unknown")), p.toString());
    }

    @Test
    void unknownConditionsAndValuesAreRefused() throws IOException {
        Path dir = copy();
        replace(dir.resolve("en.yaml"), "when: { route: iv }", "when: { route: oral }");
        replace(dir.resolve("ja.yaml"), "when: { route: iv }", "when: { rout: iv }");
        List<Problem> p = problems(dir);
        assertTrue(p.stream().anyMatch(x -> x.message().contains("'oral' is not a value of route")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.message().contains("unknown condition 'rout'")), p.toString());
    }

    @Test
    void unknownFieldsAndDuplicateKeysAreRefused() throws IOException {
        Path dir = copy();
        Path m = dir.resolve("template.yaml");
        replace(m, "effectiveDate:", "efectiveDate: 2026-01-01\neffectiveDate:");
        List<Problem> p = problems(dir);
        int line = lineOf(m, "efectiveDate");
        assertTrue(p.stream().anyMatch(x -> x.message().contains("unknown field 'efectiveDate'")
                && x.line() == line), p.toString());

        Path dir2 = tmp.resolve("second");
        Files.createDirectories(dir2);
        Path copy2 = dir2.resolve("exosome-therapy");
        Files.move(dir, copy2);
        Files.writeString(copy2.resolve("template.yaml"),
                Files.readString(copy2.resolve("template.yaml")).replace("efectiveDate: 2026-01-01\n",
                        "version: \"9.9.9\"\n"));
        List<Problem> dup = problems(copy2);
        assertTrue(dup.stream().anyMatch(x -> x.message().contains("Duplicate field 'version'")), dup.toString());
    }

    @Test
    void aMandatorySectionMissingOrOutOfOrderInTheManifestIsRefused() throws IOException {
        Path dir = copy();
        Path m = dir.resolve("template.yaml");
        String manifest = Files.readString(m, StandardCharsets.UTF_8);
        String costs = manifest.substring(manifest.indexOf("  - id: costs\n"), manifest.indexOf("  - id: alternatives\n"));
        replace(m, costs, ""); // the whole entry, with any references it has
        replace(m, "  - id: quality\n    mandatory: true\n", "  - id: quality\n    mandatory: false\n");
        List<Problem> p = problems(dir);
        assertTrue(p.stream().anyMatch(x -> x.file().equals(m) && x.message().contains("'costs' is missing")),
                p.toString());
        assertTrue(p.stream().anyMatch(x -> x.field().equals("sections[2].mandatory")), p.toString());
    }

    @Test
    void aMissingLanguageFileIsNamed() throws IOException {
        Path dir = copy();
        Files.delete(dir.resolve("en.yaml"));
        List<Problem> p = problems(dir);
        assertEquals(List.of(dir.resolve("en.yaml") + ": file is missing"),
                p.stream().map(Problem::toString).toList());
    }

    @Test
    void checkAllReportsEachFolderSeparately() throws IOException {
        Path good = copy();
        Path badRoot = tmp;
        Path bad = badRoot.resolve("broken");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("template.yaml"), "id: broken\nversion: \"1.0\"\nformat: 3\n");
        List<TemplateLoader.CheckResult> results = new TemplateLoader().checkAll(badRoot);
        assertEquals(2, results.size());
        assertTrue(results.stream().anyMatch(r -> r.folder().equals(good) && r.valid()));
        TemplateLoader.CheckResult broken = results.stream().filter(r -> r.folder().equals(bad)).findFirst()
                .orElseThrow();
        assertTrue(broken.problems().stream().anyMatch(x -> x.message().contains("mandatory section 'treatment'")),
                broken.problems().toString());
    }

    @Test
    void theHashChangesWithAnyByteOfAnyFile() throws IOException, TemplateException {
        Path dir = copy();
        String before = new TemplateLoader().load(dir).sha256();
        assertEquals(Examples.template().sha256(), before);
        replace(dir.resolve("en.yaml"), "Questions", "questions");
        String after = new TemplateLoader().load(dir).sha256();
        assertNotEquals(before, after);
        assertEquals(64, after.length());
    }
}
