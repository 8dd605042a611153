package org.exoconsent.template;

import static org.exoconsent.template.TemplateEdits.assertAt;
import static org.exoconsent.template.TemplateEdits.edit;
import static org.exoconsent.template.TemplateEdits.lineOf;
import static org.exoconsent.template.TemplateEdits.paragraphs;
import static org.exoconsent.template.TemplateEdits.problemsOf;
import static org.exoconsent.template.TemplateEdits.sectionIndex;
import static org.exoconsent.template.TemplateEdits.the;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of template format 2 (issue 10): each test breaks a copy of version 1.1.0 (valid, format 2, as clinics
 * keep it in their libraries) the way an editor might, and checks that the checker names the file, the line, the
 * field and what is wrong. Since format 3 (issue 11) a format-2 template is read only as a stored version
 * ({@link TemplateLoader#loadStored}), held to every rule of its format; format 3 keeps every one of these rules
 * ({@link FormatThreeTest}).
 */
class FormatTwoTest {
    @TempDir
    Path tmp;

    // ---- helpers -------------------------------------------------------------------------------------------

    /** A copy of version 1.1.0 (format 2) that a test may break. */
    private Path copy() {
        return Examples.templateCopy(Examples.TEMPLATE_1_1_0, tmp);
    }

    /** Version 1.1.0 as a clinic's library reads it. */
    private static ConsentTemplate v110() {
        try {
            return new TemplateLoader().loadStored(Examples.TEMPLATE_1_1_0);
        } catch (TemplateException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The index of the first paragraph without {@code when} in a section. */
    private static int plainParagraph(JsonNode root, String section) {
        ArrayNode ps = paragraphs(root, section);
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).isTextual()) {
                return i;
            }
        }
        throw new AssertionError("no plain paragraph in " + section);
    }

    private static int referenceIndex(JsonNode manifest, Predicate<JsonNode> which) {
        ArrayNode refs = (ArrayNode) manifest.get("references");
        for (int i = 0; i < refs.size(); i++) {
            if (which.test(refs.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such reference");
    }

    private static boolean isArticle(JsonNode r) {
        return r.path("kind").asText().equals("article");
    }

    /** The problems of a stored format-2 template (the only way format 2 is read since format 3). */
    private static List<Problem> problems(Path dir) {
        return problemsOf(() -> new TemplateLoader().loadStored(dir));
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    // ---- the format itself and the two loader modes ---------------------------------------------------------

    @Test
    void version110IsInFormatTwoAndPassesEveryRuleOfItsFormat() throws IOException {
        ConsentTemplate t = v110();
        assertEquals(2, t.format());
        assertEquals("1.1.0", t.version());
        assertEquals(TemplateLoader.fingerprint(Examples.TEMPLATE_1_1_0), t.sha256());
        assertTrue(t.manifest().sections().stream().filter(x -> x.id().equals("regulatory")).findFirst()
                .orElseThrow().isDated(), "the regulatory section is dated");
        assertTrue(t.manifest().changes().isEmpty(), "format 2 lists no changes");
    }

    @Test
    void version100InFormatOneIsRefusedForNewUseButStillReadForItsRecords() throws IOException, TemplateException {
        Path v100 = Examples.TEMPLATE_1_0_0;
        TemplateException e = assertThrows(TemplateException.class, () -> new TemplateLoader().load(v100));
        assertEquals(1, e.problems().size(), e.getMessage());
        String problem = e.problems().get(0).toString();
        assertTrue(problem.startsWith(v100.resolve("template.yaml") + ":1:1: format: this is a format-1 template "
                + "(made before 1.1.0)"), problem);
        assertTrue(problem.contains("start from a copy of the current bundled template"), "says what to do instead: "
                + problem);
        List<TemplateLoader.CheckResult> checked = new TemplateLoader().checkAll(v100);
        assertEquals(1, checked.size());
        assertTrue(!checked.get(0).valid(), "templates check is strict too");

        ConsentTemplate stored = new TemplateLoader().loadStored(v100);
        assertEquals(1, stored.format());
        assertEquals("1.0.0", stored.version());
        assertEquals(TemplateLoader.fingerprint(v100), stored.sha256());
        assertTrue(stored.manifest().corrects().isEmpty());
    }

    @Test
    void aStoredFormatOneTemplateKeepsTheOldRulesAndCannotBorrowFormatTwoFields() throws IOException {
        Path dir = tmp.resolve("old").resolve("exosome-therapy");
        Files.createDirectories(dir);
        for (String f : List.of("template.yaml", "ja.yaml", "en.yaml")) {
            Files.copy(Examples.TEMPLATE_1_0_0.resolve(f), dir.resolve(f));
        }
        Path m = dir.resolve("template.yaml");
        Files.writeString(m, Files.readString(m).replace("  - id: regulatory\n    mandatory: true\n",
                "  - id: regulatory\n    mandatory: true\n    dated: true\n"));
        TemplateException e = assertThrows(TemplateException.class, () -> new TemplateLoader().loadStored(dir));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertAt(e.problems().get(0), m, lineOf(m, "dated: true"), "sections[5].dated");
        assertTrue(e.problems().get(0).message().contains("'dated' belongs to format 2"), e.getMessage());
    }

    @Test
    void aStoredFormatTwoTemplateIsHeldToEveryRule() throws IOException {
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        edit(ja, root -> paragraphs(root, "regulatory").set(plainParagraph(root, "regulatory"),
                "承認された製品はありません。"));
        TemplateException e = assertThrows(TemplateException.class, () -> new TemplateLoader().loadStored(dir));
        assertTrue(e.getMessage().contains("has no as-of date"), e.getMessage());
    }

    @Test
    void anUnknownFormatIsRefused() throws IOException {
        Path dir = copy();
        Path m = dir.resolve("template.yaml");
        edit(m, root -> root.put("format", 4));
        List<Problem> p = problems(dir);
        assertEquals(1, p.size(), p.toString());
        assertAt(p.get(0), m, lineOf(m, "format: 4"), "format");
        assertTrue(p.get(0).message().startsWith("format 4 is not known"), p.toString());
    }

    // ---- rule 1: as-of dates -------------------------------------------------------------------------------

    @Test
    void aRegulatoryParagraphWithoutAnAsOfDateIsRefusedWithAnExample() throws IOException {
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        int[] at = new int[2];
        edit(ja, root -> {
            at[0] = sectionIndex(root, "regulatory");
            at[1] = plainParagraph(root, "regulatory");
            paragraphs(root, "regulatory").set(at[1], "この種類の製品で承認されたものはない（試験用の文）。");
        });
        Problem p = the(problems(dir), "as-of date");
        assertAt(p, ja, lineOf(ja, "この種類の製品で承認されたものはない（試験用の文）。"),
                "sections[" + at[0] + "].paragraphs[" + at[1] + "]");
        assertTrue(p.message().startsWith("section 'regulatory' paragraph " + (at[1] + 1) + " has no as-of date"),
                p.message());
        assertTrue(p.message().contains("e.g. 「2026年11月時点で、…」"), p.message());
    }

    @Test
    void anAsOfDateLaterThanTheEffectiveDateIsRefused() throws IOException {
        Path dir = copy();
        Path en = dir.resolve("en.yaml");
        int[] at = new int[2];
        edit(en, root -> {
            at[0] = sectionIndex(root, "regulatory");
            at[1] = plainParagraph(root, "regulatory");
            paragraphs(root, "regulatory").set(at[1], "As of March 2031, no product of this kind is approved.");
        });
        Problem p = the(problems(dir), "later than the effective date");
        assertAt(p, en, lineOf(en, "As of March 2031"), "sections[" + at[0] + "].paragraphs[" + at[1] + "]");
        assertTrue(p.message().contains("'As of March 2031' is later than the effective date "
                + v110().manifest().effectiveDate()), p.message());
    }

    @Test
    void everyWrittenFormOfAnAsOfDateIsFound() {
        assertEquals(List.of(2026, 11), ym("ja", "2026年11月時点で、承認された製品はありません。"));
        assertEquals(List.of(2026, 11), ym("ja", "2026年11月現在、承認された製品はありません。"));
        assertEquals(List.of(2026, 11), ym("ja", "2026年11月の時点で、承認された製品はありません。"));
        assertEquals(List.of(2025, 0), ym("ja", "2025年時点では、対象外です。"));
        assertEquals(List.of(2026, 11), ym("ja", "２０２６年１１月２９日現在、対象外です。"));
        assertEquals(List.of(2026, 11), ym("en", "as of November 2026, nothing is approved."));
        assertEquals(List.of(2025, 0), ym("en", "As of 2025, nothing is approved."));
        assertEquals(List.of(2026, 11), ym("en", "This is true as of 29 November 2026."));
        assertEquals(List.of(2026, 11), ym("en", "This is true as of November 29, 2026."));
        assertTrue(AsOfDates.find("ja", "2024年7月、国は連絡を出しました。").isEmpty(), "a date is not an as-of date");
        assertTrue(AsOfDates.find("en", "In July 2024 the Ministry issued a notice.").isEmpty());
    }

    private static List<Integer> ym(String lang, String text) {
        List<AsOfDates.AsOf> found = AsOfDates.find(lang, text);
        assertEquals(1, found.size(), text);
        return List.of(found.get(0).year(), found.get(0).month() == null ? 0 : found.get(0).month());
    }

    @Test
    void theRegulatorySectionMustBeDated() throws IOException {
        Path dir = copy();
        Path m = dir.resolve("template.yaml");
        int[] at = new int[1];
        edit(m, root -> {
            at[0] = sectionIndex(root, "regulatory");
            ((ObjectNode) root.get("sections").get(at[0])).put("dated", false);
        });
        List<Problem> p = problems(dir);
        Problem x = the(p, "must be dated: true");
        assertAt(x, m, lineOf(m, "dated: false"), "sections[" + at[0] + "].dated");
        assertTrue(x.message().startsWith("section 'regulatory' must be dated: true"), x.message());
    }

    // ---- rule 2: references --------------------------------------------------------------------------------

    @Test
    void aReferenceNeedsItsAuthorsSourceKindAndConfidence() throws IOException {
        Path dir = copy();
        Path m = dir.resolve("template.yaml");
        int[] at = new int[1];
        edit(m, root -> {
            at[0] = referenceIndex(root, r -> true);
            ObjectNode r = (ObjectNode) root.get("references").get(at[0]);
            r.remove(List.of("authors", "source", "confidence"));
            r.put("kind", "blog");
        });
        List<Problem> p = problems(dir);
        String ref = "references[" + at[0] + "]";
        for (String field : List.of("authors", "source", "confidence")) {
            assertTrue(p.stream().anyMatch(x -> x.file().equals(m) && x.field().equals(ref + "." + field)
                    && x.message().equals("is missing or empty")), field + ": " + p);
        }
        Problem kind = the(p, "'blog' is not a kind of reference");
        assertAt(kind, m, lineOf(m, "kind: \"blog\""), ref + ".kind");
        assertTrue(kind.message().contains("article, guidance, notice, meeting, law, web, report"), kind.message());
    }

    @Test
    void anArticleNeedsAWellFormedDoi() throws IOException {
        Path dir = copy();
        Path m = dir.resolve("template.yaml");
        int[] at = new int[2];
        edit(m, root -> {
            at[0] = referenceIndex(root, FormatTwoTest::isArticle);
            ((ObjectNode) root.get("references").get(at[0])).remove("doi");
            at[1] = referenceIndex(root, r -> isArticle(r) && r.has("doi"));
            ((ObjectNode) root.get("references").get(at[1])).put("doi", "doi:10.12/x");
        });
        List<Problem> p = problems(dir);
        Problem missing = the(p, "is an article and has no doi");
        assertEquals("references[" + at[0] + "]", missing.field());
        assertEquals(m, missing.file());
        Problem malformed = the(p, "'doi:10.12/x' is not a DOI");
        assertAt(malformed, m, lineOf(m, "doi:10.12/x"), "references[" + at[1] + "].doi");
    }

    @Test
    void noDateIsAllowedOnlyForWebPagesAndLaws() throws IOException {
        Path dir = copy();
        Path m = dir.resolve("template.yaml");
        int[] at = new int[1];
        edit(m, root -> {
            at[0] = referenceIndex(root, FormatTwoTest::isArticle);
            ((ObjectNode) root.get("references").get(at[0])).put("date", "n.d.");
        });
        Problem p = the(problems(dir), "n.d. is allowed only for kind web or law");
        assertEquals("references[" + at[0] + "].date", p.field());
        assertEquals(m, p.file());
        assertTrue(p.line() > 0);
    }

    @Test
    void citationAndNoteBelongToFormatOne() throws IOException {
        Path dir = copy();
        Path m = dir.resolve("template.yaml");
        edit(m, root -> ((ObjectNode) root.get("references").get(0)).put("citation", "Old citation line")
                .put("note", "Old caveat line"));
        List<Problem> p = problems(dir);
        assertAt(the(p, "describe the reference with authors"), m, lineOf(m, "Old citation line"),
                "references[0].citation");
        assertAt(the(p, "put the caveat in the reference's description"), m, lineOf(m, "Old caveat line"),
                "references[0].note");
    }

    // ---- rule 3: the languages agree -----------------------------------------------------------------------

    @Test
    void everyLanguageHasAsManyParagraphsPerSectionAsTheFirst() throws IOException {
        Path dir = copy();
        Path en = dir.resolve("en.yaml");
        int[] at = new int[2];
        edit(en, root -> {
            at[0] = sectionIndex(root, "costs");
            at[1] = paragraphs(root, "costs").size();
            paragraphs(root, "costs").add("One more paragraph that only the English text has.");
        });
        Problem p = the(problems(dir), "paragraphs in en.yaml");
        assertEquals(en, p.file());
        assertEquals("sections[" + at[0] + "].paragraphs", p.field());
        assertTrue(p.line() > 0);
        assertTrue(p.message().startsWith("section 'costs' has " + (at[1] + 1) + " paragraphs in en.yaml but "
                + at[1] + " in ja.yaml"), p.message());
    }

    @Test
    void everyLanguageHasTheSameWhenVariantsInTheSameOrder() throws IOException {
        Path dir = copy();
        Path en = dir.resolve("en.yaml");
        int[] at = new int[2];
        edit(en, root -> {
            at[0] = sectionIndex(root, "sterilisation");
            ArrayNode ps = paragraphs(root, "sterilisation");
            for (int i = 0; i < ps.size(); i++) {
                if (ps.get(i).path("when").path("sterilisation").asText().equals("sterilised")) {
                    ((ObjectNode) ps.get(i).get("when")).put("sterilisation", "unknown");
                    at[1] = i;
                }
            }
        });
        List<Problem> p = problems(dir);
        Problem x = the(p, "the when variants must be the same");
        assertEquals("sections[" + at[0] + "].paragraphs[" + at[1] + "].when", x.field());
        assertEquals(en, x.file());
        assertTrue(x.message().contains("when: {sterilisation: unknown} in en.yaml but when: {sterilisation: "
                + "sterilised} in ja.yaml"), x.message());
        // and the section still needs its sterilised variant
        assertTrue(p.stream().anyMatch(y -> y.message().contains("sterilisation: sterilised")), p.toString());
    }

    @Test
    void everyLanguageDescribesExactlyTheReferencesOfTheManifest() throws IOException {
        Path dir = copy();
        Path en = dir.resolve("en.yaml");
        String removed = v110().manifest().references().get(0).id();
        edit(en, root -> {
            ObjectNode refs = (ObjectNode) root.get("references");
            refs.remove(removed);
            refs.put("smith2099", "A reference that template.yaml does not list.");
        });
        List<Problem> p = problems(dir);
        Problem missing = the(p, "reference '" + removed + "' of template.yaml has no description");
        assertEquals(en, missing.file());
        assertEquals("references", missing.field());
        Problem extra = the(p, "reference 'smith2099' is not in template.yaml");
        assertAt(extra, en, lineOf(en, "smith2099"), "references.smith2099");
    }

    @Test
    void everyDeclarationIsRequiredAndNotEmpty() throws IOException {
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        edit(ja, root -> {
            ObjectNode d = (ObjectNode) root.get("declarations");
            d.remove("physician");
            d.put("patient", " ");
        });
        List<Problem> p = problems(dir);
        assertTrue(p.stream().anyMatch(x -> x.file().equals(ja) && x.field().equals("declarations.physician")
                && x.message().equals("is missing or empty")), p.toString());
        Problem empty = p.stream().filter(x -> x.field().equals("declarations.patient")).findFirst().orElseThrow();
        assertEquals("is missing or empty", empty.message());
        assertEquals(lineOf(ja, "patient:"), empty.line());

        Path dir2 = tmp.resolve("second").resolve("exosome-therapy");
        Files.createDirectories(dir2.getParent());
        Files.move(dir, dir2);
        edit(dir2.resolve("en.yaml"), root -> root.remove("declarations"));
        assertTrue(problems(dir2).stream().anyMatch(x -> x.field().equals("declarations")
                && x.message().startsWith("is missing: format 2 keeps every sentence printed with the signatures")));
    }

    @Test
    void declarationsMayUseOnlyKnownPlaceholders() throws IOException {
        Path dir = copy();
        Path en = dir.resolve("en.yaml");
        edit(en, root -> ((ObjectNode) root.get("declarations")).put("digitalSignature",
                "Signed digitally by {{clinic.fax}}."));
        Problem p = the(problems(dir), "unknown placeholder {{clinic.fax}}");
        assertAt(p, en, lineOf(en, "{{clinic.fax}}"), "declarations.digitalSignature");
    }

    @Test
    void correctionsAreListedInEveryLanguageAsLongAsTheManifestCorrectsAVersion() throws IOException {
        Path dir = copy();
        Path en = dir.resolve("en.yaml");
        int n = v110().language("ja").orElseThrow().corrections().size();
        assertTrue(n > 0, "1.1.0 corrects 1.0.0 and says what");
        edit(en, root -> ((ArrayNode) root.get("corrections")).add("One more correction, in English only."));
        Problem p = the(problems(dir), "corrections in en.yaml");
        assertEquals("corrections", p.field());
        assertEquals("has " + (n + 1) + " corrections in en.yaml but " + n + " in ja.yaml: every language lists "
                + "the same ones", p.message());

        edit(en, root -> root.remove("corrections"));
        Problem missing = the(problems(dir), "is missing or empty: template.yaml corrects 1.0.0");
        assertEquals(en, missing.file());
    }

    @Test
    void correctionsWithoutCorrectsAreRefused() throws IOException {
        Path dir = copy();
        Path m = dir.resolve("template.yaml");
        edit(m, root -> root.remove("corrects"));
        List<Problem> p = problems(dir);
        for (String lang : List.of("ja", "en")) {
            Path file = dir.resolve(lang + ".yaml");
            assertTrue(p.stream().anyMatch(x -> x.file().equals(file) && x.field().equals("corrections")
                    && x.message().startsWith("template.yaml corrects no earlier version")), p.toString());
        }
        edit(m, root -> root.putArray("corrects").add("1.1.0"));
        Problem self = the(problems(dir), "is not earlier than this version");
        assertEquals("corrects[0]", self.field());
    }

    // ---- rule 4: plain language ----------------------------------------------------------------------------

    @Test
    void aJapaneseSentenceOverEightyCharactersIsRefusedWithItsCount() throws IOException {
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        String longOne = "長" + repeat("あ", 92) + "。"; // 94 characters
        int[] at = new int[2];
        edit(ja, root -> {
            at[0] = sectionIndex(root, "costs");
            at[1] = plainParagraph(root, "costs");
            paragraphs(root, "costs").set(at[1], "短い文です。" + longOne);
        });
        Problem p = the(problems(dir), "characters (limit 80)");
        assertAt(p, ja, lineOf(ja, longOne), "sections[" + at[0] + "].paragraphs[" + at[1] + "]");
        assertEquals("sentence 2 has 94 characters (limit 80): 「長" + repeat("あ", 19) + "…」", p.message());
    }

    @Test
    void anEnglishSentenceOverThirtyWordsIsRefusedWithItsCount() throws IOException {
        Path dir = copy();
        Path en = dir.resolve("en.yaml");
        String longOne = "This" + repeat(" word", 33) + "."; // 34 words
        edit(en, root -> ((ObjectNode) root.get("questions").get(0)).put("explanation", longOne));
        Problem p = the(problems(dir), "words (limit 30)");
        assertAt(p, en, lineOf(en, longOne), "questions[0].explanation");
        assertEquals("sentence 1 has 34 words (limit 30): \"This word word word word word word word …\"",
                p.message());
    }

    @Test
    void everyPatientFacingTextIsHeldToTheLimitNotOnlyParagraphs() throws IOException {
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        String longOne = repeat("い", 81) + "。";
        edit(ja, root -> {
            ((ObjectNode) root.get("declarations")).put("physician", longOne);
            ((ObjectNode) root.get("indications")).put("skin", repeat("う", 81));
            ObjectNode refs = (ObjectNode) root.get("references");
            refs.put(refs.fieldNames().next(), repeat("え", 81) + "。");
        });
        List<Problem> p = problems(dir);
        assertTrue(p.stream().anyMatch(x -> x.field().equals("declarations.physician")
                && x.message().startsWith("sentence 1 has 82 characters (limit 80)")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.field().equals("indications.skin")
                && x.message().startsWith("sentence 1 has 81 characters (limit 80)")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.field().startsWith("references.")
                && x.message().startsWith("sentence 1 has 82 characters (limit 80)")), p.toString());
    }

    @Test
    void placeholdersCountTenCharactersOrThreeWordsExceptTheTextsCheckedElsewhere() throws IOException {
        assertEquals(80, Sentences.length("ja", repeat("あ", 69) + "{{clinic.name}}。"));
        assertEquals(70, Sentences.length("ja", repeat("あ", 69) + "{{evidence.level}}。"));
        assertEquals(70, Sentences.length("ja", repeat("あ", 69) + "{{clinic.bloodDonationPolicy}}。"));
        assertEquals(70, Sentences.length("ja", repeat("あ", 69) + "{{product.virusTests}}。"));
        assertEquals(7, Sentences.length("en", "The plan ({{treatment.sessions}} sessions) costs."));
        assertEquals(4, Sentences.length("en", "Policy is as follows: {{clinic.bloodDonationPolicy}}"));

        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        edit(ja, root -> {
            int i = plainParagraph(root, "contact");
            paragraphs(root, "contact").set(i, repeat("か", 70) + "{{clinic.name}}。"); // 81
            int j = plainParagraph(root, "blood-donation");
            paragraphs(root, "blood-donation").set(j, repeat("き", 70) + "{{clinic.bloodDonationPolicy}}"); // 70
        });
        List<Problem> p = problems(dir);
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).message().startsWith("sentence 1 has 81 characters (limit 80)"), p.toString());
    }

    @Test
    void japaneseSentencesEndAfterTheirFullStopAndKeepTheirClosingBracket() {
        assertEquals(List.of("「はい、分かりました。」", "次の文です！", "本当ですか？"),
                Sentences.split("ja", "「はい、分かりました。」次の文です！本当ですか？"));
        assertEquals(List.of("（注：これは例です。）", "終わり"), Sentences.split("ja", "（注：これは例です。）終わり"));
        assertEquals(List.of("文です。"), Sentences.split("ja", "  文です。 "));
    }

    @Test
    void englishSentencesDoNotEndAtAbbreviationsOrInsideNumbers() {
        assertEquals(List.of("Many are under 200 nanometres (0.0002 mm).", "They carry RNA."),
                Sentences.split("en", "Many are under 200 nanometres (0.0002 mm). They carry RNA."));
        assertEquals(List.of("In 2019 the U.S. FDA warned, e.g. about Nebraska, i.e. one state.",
                "See Kwon HH, et al. and Dr. Smith vs. Jones, approx. 25 patients, No. 51.", "Really?", "Yes!"),
                Sentences.split("en", "In 2019 the U.S. FDA warned, e.g. about Nebraska, i.e. one state. See Kwon HH, "
                        + "et al. and Dr. Smith vs. Jones, approx. 25 patients, No. 51. Really? Yes!"));
        assertEquals(List.of("The answer is no.", "It is not approved."),
                Sentences.split("en", "The answer is no. It is not approved."));
        assertEquals(List.of("He said \"stop.\"", "Then he left."), Sentences.split("en", "He said \"stop.\" Then he left."));
        assertEquals(5, Sentences.length("en", "No product is approved yet."));
    }

    @Test
    void aFullStopInsideBracketsDoesNotEndTheSentenceAroundThem() {
        assertEquals(List.of("長い文（注：例です。補足です。）の続きです。", "次です。"),
                Sentences.split("ja", "長い文（注：例です。補足です。）の続きです。次です。"));
        assertEquals(List.of("Tests cover HIV, HBV, etc. and several others.", "Then it ends."),
                Sentences.split("en", "Tests cover HIV, HBV, etc. and several others. Then it ends."),
                "a full stop before a lower-case word ends no sentence");
    }

    @Test
    void lookAlikeSpacesDashesAndInvisibleCharactersDoNotHideALongSentenceOrAHedge() throws IOException {
        String nbsp = "This" + repeat("\u00a0word", 59) + ".";
        assertEquals(60, Sentences.length("en", nbsp), "no-break spaces separate words");
        assertEquals(60, Sentences.length("en", "This" + repeat("\u2014word", 59) + "."), "so do dashes");
        assertEquals(List.of("is said to", "likely"),
                Sentences.hedges("en", "It is\u00a0said\u00a0to help and is ｌｉｋｅｌｙ to cost."));
        assertEquals(List.of("appear(s) to", "were thought to"),
                Sentences.hedges("en", "They appear to help, and were thought to be safe."));
        assertEquals(List.of("とされ", "可能性"), Sentences.hedges("ja", "安全とさ\u200bれ、効く可能性もあります。"));
        assertEquals(List.of("恐らく", "かも知れ"), Sentences.hedges("ja", "恐らく効かないかも知れません。"));

        Path dir = copy();
        Path en = dir.resolve("en.yaml");
        edit(en, root -> ((ObjectNode) root.get("questions").get(0)).put("explanation", nbsp));
        Problem p = the(problems(dir), "words (limit 30)");
        assertTrue(p.message().startsWith("sentence 1 has 60 words (limit 30)"), p.message());
    }

    @Test
    void anImpossibleOrAncientDateIsNoAsOfDate() {
        assertTrue(AsOfDates.find("ja", "0001年時点で、承認された製品はありません。").isEmpty());
        assertTrue(AsOfDates.find("ja", "2026年2月31日現在、対象外です。").isEmpty());
        assertTrue(AsOfDates.find("en", "As of 0001, nothing is approved.").isEmpty());
        assertEquals(List.of(2026, 2), ym("ja", "2026年2月28日現在、対象外です。"));
    }

    @Test
    void theDocumentsTitleIsHeldToTheLimitToo() throws IOException {
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        edit(ja, root -> ((ObjectNode) root).put("title", repeat("題", 81)));
        Problem p = the(problems(dir), "characters (limit 80)");
        assertEquals("title", p.field());
    }

    @Test
    void aVersionNumberTooLargeToCompareIsALocatedProblem() throws IOException {
        Path dir = copy();
        Path manifest = dir.resolve("template.yaml");
        edit(manifest, root -> {
            ((ObjectNode) root).put("version", "99999999999.0.0");
            ((ArrayNode) root.get("corrects")).set(0, "99999999998.0.0");
        });
        List<Problem> p = problems(dir);
        assertTrue(p.stream().anyMatch(x -> x.field().equals("version")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.field().startsWith("corrects")), p.toString());
    }

    // ---- rule 5: stacked hedges ----------------------------------------------------------------------------

    @Test
    void twoHedgesInOneJapaneseSentenceAreRefusedAndNamed() throws IOException {
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        String hedged = "この治療は、一般に、この制度の対象にならないと考えられます。";
        int[] at = new int[2];
        edit(ja, root -> {
            at[0] = sectionIndex(root, "costs");
            at[1] = plainParagraph(root, "costs");
            paragraphs(root, "costs").set(at[1], "費用は自己負担です。" + hedged);
        });
        Problem p = the(problems(dir), "hedges");
        assertAt(p, ja, lineOf(ja, hedged), "sections[" + at[0] + "].paragraphs[" + at[1] + "]");
        assertTrue(p.message().startsWith("sentence 2 stacks 2 hedges (一般に, と考えられ): 「この治療は、"), p.message());
    }

    @Test
    void theSameEnglishHedgeTwiceIsRefusedToo() throws IOException {
        Path dir = copy();
        Path en = dir.resolve("en.yaml");
        String hedged = "It reportedly works and is reportedly safe.";
        edit(en, root -> ((ObjectNode) root.get("evidenceLevels")).put("one-small-trial", hedged));
        Problem p = the(problems(dir), "hedges");
        assertAt(p, en, lineOf(en, hedged), "evidenceLevels.one-small-trial");
        assertTrue(p.message().startsWith("sentence 1 stacks 2 hedges (reportedly, reportedly)"), p.message());
    }

    @Test
    void hedgesAreWholeWordsInEnglishAndOneIsAllowed() {
        assertEquals(List.of("likely"), Sentences.hedges("en", "It is unlikely to help, and likely to cost."));
        assertEquals(List.of("seem(s) to", "might"), Sentences.hedges("en", "It seems to work, but it Might not."));
        assertEquals(List.of("is said to", "in general"),
                Sentences.hedges("en", "It is said to be safe in general."));
        assertEquals(List.of("可能性"), Sentences.hedges("ja", "献血を断られる可能性があります。"));
        assertEquals(List.of("とされ", "とされ"), Sentences.hedges("ja", "安全とされ、有効ともされとされています。"));
    }

    @Test
    void aReferenceIsPrintedFromItsPartsLeavingOutWhatItDoesNotHave() {
        assertEquals("Kwon HH, et al. Acta Derm Venereol 2020;100:adv00310. doi:10.2340/00015555-3666",
                new Manifest.Reference("kwon2020", "article", "Kwon HH, et al.", null,
                        "Acta Derm Venereol 2020;100:adv00310", "2020", "10.2340/00015555-3666", "V", null, null)
                        .printed());
        assertEquals("U.S. Food and Drug Administration (FDA). Consumer alert: no approved exosome products. FDA.",
                new Manifest.Reference("fda", "notice", "U.S. Food and Drug Administration (FDA)",
                        "Consumer alert: no approved exosome products", "FDA", "2020-07-22", null, "V", null, null)
                        .printed());
        assertEquals("日本再生医療学会．細胞外小胞等の臨床応用に関するガイダンス（第1版）．",
                new Manifest.Reference("jsrm", "guidance", "日本再生医療学会", "細胞外小胞等の臨床応用に関するガイダンス（第1版）",
                        "日本再生医療学会", "2024-04-30", null, "V", null, null).printed(),
                "Japanese full stops, and the issuing body is not repeated as the source");
        assertEquals("日本再生医療学会. 細胞外小胞等の臨床応用に関するガイダンス（第1版）.",
                new Manifest.Reference("jsrm", "guidance", "日本再生医療学会", "細胞外小胞等の臨床応用に関するガイダンス（第1版）",
                        "日本再生医療学会", "2024-04-30", null, "V", null, null).printed(false),
                "in an English document the original title keeps its words, the full stops and spaces are English");
        assertEquals("Kwon HH, et al. Acta Derm Venereol 2020;100:adv00310",
                new Manifest.Reference("kwon2020", "article", "Kwon HH, et al.", null,
                        "Acta Derm Venereol 2020;100:adv00310", "2020", "10.2340/00015555-3666", "V", null, null)
                        .shortCitation());
    }

    // ---- sentence ids --------------------------------------------------------------------------------------

    @Test
    void everyPatientFacingSentenceHasAStableUniqueId() throws IOException, TemplateException {
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        edit(ja, root -> paragraphs(root, "treatment").set(0, "一文目です。二文目です。"));
        ConsentTemplate t = new TemplateLoader().loadStored(dir);
        List<TemplateSentences.Sentence> s = TemplateSentences.of(t, "ja");
        assertEquals(s.size(), s.stream().map(TemplateSentences.Sentence::id).distinct().count(), "unique ids");
        assertEquals(new TemplateSentences.Sentence("title", t.language("ja").orElseThrow().title()), s.get(0),
                "the document's title is printed at the top of the first page");
        assertEquals(new TemplateSentences.Sentence("treatment.title", t.language("ja").orElseThrow()
                .section("treatment").title()), s.get(1));
        assertEquals(new TemplateSentences.Sentence("treatment.p1.s1", "一文目です。"), s.get(2));
        assertEquals(new TemplateSentences.Sentence("treatment.p1.s2", "二文目です。"), s.get(3));

        List<String> ids = s.stream().map(TemplateSentences.Sentence::id).toList();
        // when-variants count as paragraphs: the sterilisation section's three variants all have ids
        int variants = t.language("ja").orElseThrow().section("sterilisation").paragraphs().size();
        assertTrue(ids.contains("sterilisation.p" + variants + ".s1"), ids.toString());
        assertTrue(ids.contains("q-approved.text.s1"));
        assertTrue(ids.contains("q-approved.option.yes"));
        assertTrue(ids.contains("q-approved.explanation.s1"));
        assertTrue(ids.contains("indication.skin"));
        assertTrue(ids.contains("evidence.no-human-evidence.s1"));
        for (String key : LanguageText.Declarations.KEYS) {
            assertTrue(ids.contains("declaration." + key + ".s1"), key);
        }
        for (Manifest.Reference r : t.manifest().references()) {
            assertTrue(ids.contains("reference." + r.id() + ".s1"), r.id());
        }
        for (String id : ids) {
            assertTrue(id.equals("title") || id.matches("[a-z0-9-]+\\.(title|p\\d+\\.s\\d+|text\\.s\\d+|option\\.[a-z0-9-]+"
                    + "|explanation\\.s\\d+|[A-Za-z0-9-]+(\\.s\\d+)?)"), id);
        }
        assertEquals(ids, TemplateSentences.of(t, "ja").stream().map(TemplateSentences.Sentence::id).toList(),
                "the same ids every time");
    }
}
