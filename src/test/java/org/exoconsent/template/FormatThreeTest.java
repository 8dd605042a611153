package org.exoconsent.template;

import static org.exoconsent.template.TemplateEdits.assertAt;
import static org.exoconsent.template.TemplateEdits.edit;
import static org.exoconsent.template.TemplateEdits.lineOf;
import static org.exoconsent.template.TemplateEdits.paragraphs;
import static org.exoconsent.template.TemplateEdits.problemsOf;
import static org.exoconsent.template.TemplateEdits.sectionIndex;
import static org.exoconsent.template.TemplateEdits.the;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of template format 3 (issue 11): what each version changed (and whether it is material), the
 * declarations for a minor's assent and for "what changed since your last consent", the placeholder of that
 * section, and the product's origin and supply as conditions. Each test breaks a copy of the bundled (valid,
 * format 3) template and checks that the checker names the file, the line, the field and what is wrong; format 2
 * (version 1.1.0) is still read as a stored version, without format 3's rules.
 */
class FormatThreeTest {
    @TempDir
    Path tmp;

    // ---- helpers -------------------------------------------------------------------------------------------

    private Path copy() {
        return Examples.templateCopy(tmp);
    }

    /** The index of the paragraph of {@code section} shown when {@code key} is {@code value}. */
    private static int variant(JsonNode root, String section, String key, String value) {
        ArrayNode ps = paragraphs(root, section);
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).path("when").path(key).asText().equals(value)) {
                return i;
            }
        }
        throw new AssertionError("no paragraph of " + section + " with when: {" + key + ": " + value + "}");
    }

    private static ArrayNode versions(JsonNode manifest) {
        return (ArrayNode) manifest.get("changes");
    }

    private static List<Problem> problems(Path dir) {
        return problemsOf(() -> new TemplateLoader().load(dir));
    }

    private static List<String> changeIds(ConsentTemplate t) {
        List<String> ids = new ArrayList<>();
        for (Manifest.VersionChanges v : t.manifest().changes()) {
            for (Manifest.Change c : v.items()) {
                ids.add(c.id());
            }
        }
        return ids;
    }

    // ---- the format and the two loaders --------------------------------------------------------------------

    @Test
    void theBundledTemplateIsInFormatThreeAndPassesEveryRule() throws IOException {
        ConsentTemplate t = Examples.template();
        assertEquals(3, t.format());
        assertEquals(Vocabulary.CURRENT_FORMAT, t.format());
        for (TemplateLoader.CheckResult r : new TemplateLoader().checkAll(Examples.TEMPLATES)) {
            assertTrue(r.valid(), r.problems().toString());
        }
        List<Manifest.VersionChanges> changes = t.manifest().changes();
        assertEquals(List.of("1.1.0", "1.2.0", "1.3.0"), changes.stream().map(Manifest.VersionChanges::version).toList());
        assertEquals(t.version(), changes.get(changes.size() - 1).version(), "the last entry is this version");
        assertTrue(changes.get(0).items().stream().anyMatch(Manifest.Change::isMaterial), "1.0.0 → 1.1.0 is material");
        for (String lang : t.languages()) {
            LanguageText text = t.language(lang).orElseThrow();
            assertEquals(changeIds(t), List.copyOf(text.changes().keySet()), lang);
            for (String key : LanguageText.Declarations.FORMAT_3_KEYS) {
                assertFalse(text.declarations().get(key).isBlank(), lang + " " + key);
            }
            assertTrue(text.declarations().changesSinceTitle().contains("{{lastConsent.date}}"), lang);
            for (String key : List.of("origin", "supply")) {
                for (String section : Vocabulary.CONDITION_SECTIONS.get(key)) {
                    for (String value : Vocabulary.CONDITIONS.get(key)) {
                        assertTrue(text.section(section).paragraphs().stream()
                                .anyMatch(p -> value.equals(p.when().get(key))), lang + " " + section + " " + value);
                    }
                }
            }
        }
    }

    @Test
    void aFormatTwoTemplateIsRefusedForNewUseButStillReadAsAStoredVersion() throws IOException, TemplateException {
        Path v110 = Examples.TEMPLATE_1_1_0;
        TemplateException e = assertThrows(TemplateException.class, () -> new TemplateLoader().load(v110));
        assertEquals(1, e.problems().size(), e.getMessage());
        Problem p = e.problems().get(0);
        assertAt(p, v110.resolve("template.yaml"), lineOf(v110.resolve("template.yaml"), "format: 2"), "format");
        assertTrue(p.message().startsWith("this is a format-2 template"), p.message());
        assertTrue(p.message().contains("start from a copy of the current bundled template (format: 3"),
                "says what to do instead: " + p.message());
        assertFalse(new TemplateLoader().checkAll(v110).get(0).valid(), "templates check is strict too");

        ConsentTemplate stored = new TemplateLoader().loadStored(v110);
        assertEquals(2, stored.format());
        assertEquals("1.1.0", stored.version());
        assertTrue(stored.manifest().changes().isEmpty(), "format 2 need not list changes");
        assertFalse(stored.language("ja").orElseThrow().section("treatment").paragraphs().stream()
                .anyMatch(x -> x.when().containsKey("origin")), "nor cover origin or supply");
        assertEquals(List.of(), stored.materialChangesSince("1.0.0", "ja"), "and has no changes to tell");
    }

    @Test
    void aStoredFormatTwoTemplateCannotBorrowFormatThreeFieldsOrConditions() throws IOException {
        Path dir = Examples.templateCopy(Examples.TEMPLATE_1_1_0, tmp);
        Path m = dir.resolve("template.yaml");
        Path ja = dir.resolve("ja.yaml");
        edit(m, root -> root.putArray("changes").addObject().put("version", "1.1.0").putArray("items").addObject()
                .put("id", "a-change").put("material", true));
        edit(ja, root -> {
            ((ObjectNode) root.get("declarations")).put("assent", "私は賛成します。");
            paragraphs(root, "treatment").addObject().put("text", "他人の細胞から作られています。")
                    .putObject("when").put("origin", "allogeneic");
        });
        TemplateException e = assertThrows(TemplateException.class, () -> new TemplateLoader().loadStored(dir));
        List<Problem> p = e.problems();
        assertAt(the(p, "'changes' belongs to format 3"), m, lineOf(m, "- version: \"1.1.0\""), "changes"); // the list
        assertAt(the(p, "'declarations.assent' belongs to format 3"), ja, lineOf(ja, "私は賛成します。"),
                "declarations.assent");
        assertTrue(the(p, "condition 'origin' belongs to format 3").field().endsWith(".when.origin"), p.toString());
    }

    @Test
    void formatThreeKeepsEveryRuleOfFormatTwo() throws IOException {
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        String undated = "この種類の製品で承認されたものはない（試験用の文）。";
        String hedged = "この治療は、一般に、この制度の対象にならないと考えられます。";
        edit(ja, root -> {
            paragraphs(root, "regulatory").set(0, undated);
            paragraphs(root, "costs").set(0, hedged);
        });
        List<Problem> p = problems(dir);
        assertEquals(lineOf(ja, undated), the(p, "has no as-of date").line());
        assertEquals(lineOf(ja, hedged), the(p, "stacks 2 hedges").line());
    }

    @Test
    void aCopyWithAnotherVersionNumberForTestsStillEndsItsChangesWithThatVersion() throws TemplateException {
        for (String version : List.of("1.3.0", "2.0", "1.1", "1.2.0")) {
            Path dir = Examples.templateCopy(tmp.resolve("v" + version), version);
            ConsentTemplate t = new TemplateLoader().load(dir);
            List<Manifest.VersionChanges> changes = t.manifest().changes();
            assertEquals(version, changes.get(changes.size() - 1).version(), version);
            assertEquals(changeIds(Examples.template()), changeIds(t).stream()
                    .filter(id -> !id.equals(Examples.COPY_CHANGE)).toList(), "every change kept: " + version);
        }
        assertEquals(List.of("1.1.0", "1.2.0", "1.3.0"), new TemplateLoader().load(tmp.resolve("v1.3.0")
                .resolve("exosome-therapy")).manifest().changes().stream().map(Manifest.VersionChanges::version)
                .toList());
    }

    // ---- changes -------------------------------------------------------------------------------------------

    @Test
    void changesAreRequired() throws IOException {
        Path dir = copy();
        Path m = dir.resolve("template.yaml");
        edit(m, root -> root.remove("changes"));
        Problem p = the(problems(dir), "format 3 lists, oldest first, what each version changed");
        assertEquals(m, p.file());
        assertEquals("changes", p.field());
        assertTrue(p.message().startsWith("is missing"), p.message());
    }

    @Test
    void versionsAreOldestFirstNoneLaterThanThisOneAndTheLastIsThisVersion() throws IOException {
        Path dir = copy();
        Path m = dir.resolve("template.yaml");
        edit(m, root -> {
            ArrayNode v = versions(root);
            JsonNode first = v.remove(0);
            v.add(first); // 1.2.0, 1.3.0, 1.1.0
        });
        List<Problem> p = problems(dir);
        Problem order = the(p, "is not later than '1.3.0'");
        assertAt(order, m, lineOf(m, "version: \"1.1.0\""), "changes[2].version");
        assertTrue(order.message().startsWith("'1.1.0' is not later than"), order.message());
        assertAt(the(p, "the last entry is '1.1.0' but must be this version 1.3.0"), m,
                lineOf(m, "version: \"1.1.0\""), "changes[2].version");

        Path dir2 = tmp.resolve("second").resolve("exosome-therapy");
        Files.createDirectories(dir2.getParent());
        Files.move(dir, dir2);
        Path m2 = dir2.resolve("template.yaml");
        edit(m2, root -> {
            ArrayNode v = versions(root);
            JsonNode last = v.remove(2);
            v.insert(0, last); // back in order
            ObjectNode later = v.addObject().put("version", "1.4.0");
            later.putArray("items").addObject().put("id", "from-the-future").put("material", false);
        });
        List<Problem> p2 = problems(dir2);
        assertAt(the(p2, "'1.4.0' is later than this version 1.3.0"), m2, lineOf(m2, "version: \"1.4.0\""),
                "changes[3].version");
        assertTrue(p2.stream().anyMatch(x -> x.message().contains("must be this version 1.3.0")), p2.toString());
    }

    @Test
    void everyChangeHasAUniqueIdAndSaysWhetherItIsMaterial() throws IOException {
        Path dir = copy();
        Path m = dir.resolve("template.yaml");
        String[] reused = new String[1];
        edit(m, root -> {
            ArrayNode v = versions(root);
            reused[0] = v.get(0).get("items").get(0).get("id").asText();
            ((ObjectNode) v.get(1).get("items").get(0)).put("id", reused[0]);
            ((ObjectNode) v.get(1).get("items").get(1)).remove("material");
        });
        List<Problem> p = problems(dir);
        Problem twice = the(p, "change '" + reused[0] + "' appears twice");
        assertEquals(m, twice.file());
        assertEquals("changes[1].items[0].id", twice.field());
        Problem material = the(p, "material is missing");
        assertEquals("changes[1].items[1]", material.field());
        assertTrue(material.line() > 0, material.toString());
    }

    @Test
    void everyLanguageWordsEveryChangeAndNoOther() throws IOException {
        Path dir = copy();
        Path en = dir.resolve("en.yaml");
        String removed = changeIds(Examples.template()).get(0);
        edit(en, root -> {
            ObjectNode c = (ObjectNode) root.get("changes");
            c.remove(removed);
            c.put("a-change-nobody-made", "Something that template.yaml does not list.");
        });
        List<Problem> p = problems(dir);
        Problem missing = the(p, "change '" + removed + "' of template.yaml is not worded in this language");
        assertEquals(en, missing.file());
        assertEquals("changes", missing.field());
        assertAt(the(p, "change 'a-change-nobody-made' is not in template.yaml's changes"), en,
                lineOf(en, "a-change-nobody-made"), "changes.a-change-nobody-made");
        assertTrue(p.stream().allMatch(x -> x.file().equals(en)), p.toString());
    }

    @Test
    void aChangeTextPassesTheSentenceChecksAndHasNoPlaceholder() throws IOException {
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        Path en = dir.resolve("en.yaml");
        List<String> ids = changeIds(Examples.template());
        String longOne = "長" + "あ".repeat(85) + "です。";
        String hedged = "この説明は、一般に、正しいと考えられます。";
        String plain = "説明を改めた。";
        String placeholder = "{{clinic.name}}の説明を改めました。";
        edit(ja, root -> {
            ObjectNode c = (ObjectNode) root.get("changes");
            c.put(ids.get(0), longOne);
            c.put(ids.get(1), hedged);
            c.put(ids.get(2), plain);
            c.put(ids.get(3), placeholder);
        });
        String longEn = "This" + " word".repeat(33) + ".";
        edit(en, root -> ((ObjectNode) root.get("changes")).put(ids.get(0), longEn));
        List<Problem> p = problems(dir);
        assertAt(the(p, "characters (limit 80)"), ja, lineOf(ja, longOne), "changes." + ids.get(0));
        assertAt(the(p, "stacks 2 hedges"), ja, lineOf(ja, hedged), "changes." + ids.get(1));
        Problem polite = the(p, "polite form");
        assertAt(polite, ja, lineOf(ja, plain), "changes." + ids.get(2));
        assertTrue(polite.message().startsWith("sentence 1 does not end in the polite form (です・ます): 「説明を改めた。」"),
                polite.message());
        Problem ph = the(p, "{{clinic.name}} cannot be used here");
        assertAt(ph, ja, lineOf(ja, placeholder), "changes." + ids.get(3));
        assertTrue(ph.message().contains("printed as it is written"), ph.message());
        assertAt(the(p, "words (limit 30)"), en, lineOf(en, longEn), "changes." + ids.get(0));
    }

    @Test
    void politeEndingsAreFoundBeforeTheFullStopAndBrackets() {
        assertTrue(Validator.polite("変わりました。"));
        assertTrue(Validator.polite("医師に尋ねてください。"));
        assertTrue(Validator.polite("（詳しくは6. をご覧ください。）"));
        assertTrue(Validator.polite("報告は見つかっていません"));
        assertFalse(Validator.polite("変わった。"));
        assertFalse(Validator.polite("変更あり"));
    }

    // ---- declarations and the placeholder of "what changed since" -------------------------------------------

    @Test
    void theFourNewDeclarationsAreRequiredInEveryLanguage() throws IOException {
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        Path en = dir.resolve("en.yaml");
        edit(ja, root -> ((ObjectNode) root.get("declarations")).remove(List.of("assent", "changesSinceIntro")));
        edit(en, root -> ((ObjectNode) root.get("declarations")).put("assentNotSigned", " "));
        List<Problem> p = problems(dir);
        for (String key : List.of("assent", "changesSinceIntro")) {
            assertTrue(p.stream().anyMatch(x -> x.file().equals(ja) && x.field().equals("declarations." + key)
                    && x.message().equals("is missing or empty")), key + ": " + p);
        }
        Problem empty = p.stream().filter(x -> x.field().equals("declarations.assentNotSigned")).findFirst()
                .orElseThrow();
        assertEquals(en, empty.file());
        assertEquals("is missing or empty", empty.message());
        assertEquals(lineOf(en, "assentNotSigned:"), empty.line());
    }

    @Test
    void theTitleOfWhatChangedNamesTheDayOfTheLastConsent() throws IOException {
        Path dir = copy();
        Path en = dir.resolve("en.yaml");
        edit(en, root -> ((ObjectNode) root.get("declarations")).put("changesSinceTitle",
                "What has changed since your last consent"));
        Problem p = the(problems(dir), "does not name {{lastConsent.date}}");
        assertAt(p, en, lineOf(en, "What has changed since your last consent\""), "declarations.changesSinceTitle");
    }

    @Test
    void theDayOfTheLastConsentIsAllowedOnlyInWhatChangedAndNothingElseThere() throws IOException {
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        String paragraph = "前回の同意は{{lastConsent.date}}でした。";
        edit(ja, root -> {
            paragraphs(root, "contact").add(paragraph);
            ((ObjectNode) root.get("declarations")).put("patient", "私は{{lastConsent.date}}にも同意しました。");
            ((ObjectNode) root.get("declarations")).put("changesSinceIntro",
                    "{{clinic.name}}で{{lastConsent.date}}に同意していただいた後、次の点が変わりました。");
        });
        Path en = dir.resolve("en.yaml");
        edit(en, root -> paragraphs(root, "contact").add("Your last consent was on {{lastConsent.date}}."));
        List<Problem> p = problems(dir);
        List<Problem> misplaced = p.stream().filter(x -> x.message().startsWith(
                "{{lastConsent.date}} is allowed only in declarations.changesSinceTitle and "
                        + "declarations.changesSinceIntro")).toList();
        assertEquals(List.of(ja + ":" + lineOf(ja, paragraph), ja + ":" + lineOf(ja, "にも同意しました"),
                        en + ":" + lineOf(en, "Your last consent was on")),
                misplaced.stream().map(x -> x.file() + ":" + x.line()).toList(), p.toString());
        Problem other = the(p, "{{clinic.name}} cannot be used here");
        assertAt(other, ja, lineOf(ja, "{{clinic.name}}で{{lastConsent.date}}"), "declarations.changesSinceIntro");
        assertTrue(other.message().contains("filled with {{lastConsent.date}} only"), other.message());
    }

    // ---- origin and supply ---------------------------------------------------------------------------------

    @Test
    void anUnknownOriginOrSupplyValueIsRefusedWithItsValue() throws IOException {
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        int[] at = new int[2];
        edit(ja, root -> {
            ArrayNode t = paragraphs(root, "treatment");
            at[0] = sectionIndex(root, "treatment");
            at[1] = variant(root, "treatment", "origin", "non-human");
            ((ObjectNode) t.get(at[1]).get("when")).put("origin", "plant");
            ArrayNode r = paragraphs(root, "regulatory");
            ((ObjectNode) r.get(variant(root, "regulatory", "supply", "other")).get("when")).put("supply",
                    "pharmacy");
        });
        List<Problem> p = problems(dir);
        Problem origin = the(p, "'plant' is not a value of origin");
        assertAt(origin, ja, lineOf(ja, "origin: \"plant\""),
                "sections[" + at[0] + "].paragraphs[" + at[1] + "].when.origin");
        assertTrue(origin.message().contains("[allogeneic, autologous, non-human, unknown]"), origin.message());
        assertTrue(the(p, "'pharmacy' is not a value of supply").message()
                .contains("[cosmetic-ingredient, research-reagent, clinic-prepared, other, unknown]"));
    }

    @Test
    void everyOriginValueIsCoveredInTheTreatmentAndInfectionSectionsAndEverySupplyValueInRegulatory()
            throws IOException {
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        int[] at = new int[3];
        edit(ja, root -> {
            at[0] = sectionIndex(root, "infection");
            at[1] = sectionIndex(root, "regulatory");
            at[2] = sectionIndex(root, "treatment");
            ArrayNode inf = paragraphs(root, "infection");
            inf.remove(variant(root, "infection", "origin", "autologous"));
            ArrayNode tr = paragraphs(root, "treatment");
            tr.remove(variant(root, "treatment", "origin", "unknown"));
            ArrayNode reg = paragraphs(root, "regulatory");
            reg.remove(variant(root, "regulatory", "supply", "clinic-prepared"));
        });
        List<Problem> p = problems(dir).stream().filter(x -> x.file().equals(ja)).toList();
        assertEquals("sections[" + at[0] + "].paragraphs", the(p, "when: {origin: autologous}").field());
        assertEquals("sections[" + at[2] + "].paragraphs", the(p, "when: {origin: unknown}").field());
        assertEquals("sections[" + at[1] + "].paragraphs", the(p, "when: {supply: clinic-prepared}").field());
        assertTrue(p.stream().allMatch(x -> x.message().startsWith("needs a paragraph with when:")), p.toString());
    }

    // ---- sentence ids and the changes a returning patient reads --------------------------------------------

    @Test
    void theSentenceIdsCoverTheNewDeclarationsAndEveryChange() {
        ConsentTemplate t = Examples.template();
        for (String lang : t.languages()) {
            List<String> ids = TemplateSentences.of(t, lang).stream().map(TemplateSentences.Sentence::id).toList();
            assertEquals(ids.size(), ids.stream().distinct().count(), "unique ids");
            assertTrue(ids.contains("declaration.assent.s1"), ids.toString());
            assertTrue(ids.contains("declaration.assentNotSigned.s1"), ids.toString());
            assertTrue(ids.contains("declaration.changesSinceTitle"), "a title, whole: " + ids);
            assertTrue(ids.contains("declaration.changesSinceIntro.s1"), ids.toString());
            for (String id : changeIds(t)) {
                assertTrue(ids.contains("change." + id + ".s1"), id);
            }
        }
    }

    @Test
    void aReturningPatientReadsEveryMaterialChangeSinceTheirVersionAndNoEditorialOne() {
        ConsentTemplate t = Examples.template();
        for (String lang : t.languages()) {
            LanguageText text = t.language(lang).orElseThrow();
            List<String> material110 = new ArrayList<>();
            List<String> material120 = new ArrayList<>();
            for (Manifest.VersionChanges v : t.manifest().changes()) {
                for (Manifest.Change c : v.items()) {
                    if (c.isMaterial()) {
                        (v.version().equals("1.1.0") ? material110 : material120).add(text.changes().get(c.id()));
                    }
                }
            }
            assertFalse(material120.isEmpty(), "1.2.0 changes something material");
            List<String> since100 = new ArrayList<>(material110);
            since100.addAll(material120);
            assertEquals(since100, t.materialChangesSince("1.0.0", lang), lang);
            assertEquals(material120, t.materialChangesSince("1.1.0", lang), lang);
            assertEquals(List.of(), t.materialChangesSince("1.2.0", lang), lang);
            assertTrue(t.manifest().changes().stream().flatMap(v -> v.items().stream())
                    .anyMatch(c -> !c.isMaterial()), "an editorial change is listed");
            for (Manifest.VersionChanges v : t.manifest().changes()) {
                for (Manifest.Change c : v.items()) {
                    if (!c.isMaterial()) {
                        assertFalse(t.materialChangesSince("1.0.0", lang).contains(text.changes().get(c.id())),
                                "an editorial change adds nothing: " + c.id());
                    }
                }
            }
        }
    }

    /**
     * The informed refusal's text (issue 16 §5): in 1.3.0 in both languages, every key, no placeholder, polite
     * Japanese; a language without it while the other has it is refused.
     */
    @Test
    void theInformedRefusalTextIsCompleteInEveryLanguageWithoutPlaceholdersAndPolite() throws IOException {
        ConsentTemplate t = Examples.template();
        for (String lang : t.languages()) {
            LanguageText.Refusal r = t.language(lang).orElseThrow().refusal();
            for (String key : LanguageText.Refusal.KEYS) {
                assertFalse(r.get(key).isBlank(), lang + " refusal." + key);
            }
        }
        Path dir = copy();
        Path ja = dir.resolve("ja.yaml");
        Path en = dir.resolve("en.yaml");
        edit(ja, root -> {
            ObjectNode r = (ObjectNode) root.get("refusal");
            r.put("intro", "{{clinic.name}}で説明を受けました。");
            r.put("patient", "私は、この治療を受けないことにした。");
        });
        edit(en, root -> ((ObjectNode) root.get("refusal")).remove("again"));
        List<Problem> p = problems(dir);
        Problem placeholder = the(p, "{{clinic.name}} cannot be used here: the informed refusal prints its facts");
        assertAt(placeholder, ja, lineOf(ja, "{{clinic.name}}で説明"), "refusal.intro");
        assertAt(the(p, "does not end in the polite form"), ja, lineOf(ja, "この治療を受けないことにした。"),
                "refusal.patient");
        Problem missing = p.stream().filter(x -> x.file().equals(en) && x.field().equals("refusal.again"))
                .findFirst().orElseThrow(() -> new AssertionError(p.toString()));
        assertTrue(missing.message().startsWith("is missing"), missing.message());

        Path dir2 = tmp.resolve("second").resolve("exosome-therapy");
        Files.createDirectories(dir2.getParent());
        Files.move(dir, dir2);
        Path en2 = dir2.resolve("en.yaml");
        edit(dir2.resolve("ja.yaml"), root -> {
            ObjectNode r = (ObjectNode) root.get("refusal");
            r.put("intro", "この文書は、治療を受けないことにした記録です。");
            r.put("patient", "私は、この治療を受けないことにしました。");
        });
        edit(en2, root -> root.remove("refusal"));
        assertTrue(problems(dir2).stream().anyMatch(x -> x.file().equals(en2)
                && x.message().contains("is in ja.yaml but not in en.yaml: every language has it, or none")),
                problems(dir2).toString());
    }
}
