package org.exoconsent.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.LanguageText;
import org.exoconsent.template.RenderedSection;
import org.exoconsent.template.Vocabulary;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionTextTest {

    private static String section(ObjectNode json, String id) {
        return SessionText.sections(Examples.session(json), Examples.template()).stream()
                .filter(s -> s.id().equals(id)).findFirst().orElseThrow().paragraphs().toString();
    }

    @Test
    void everyCombinationOfConditionsFillsEveryPlaceholder() {
        for (String lang : List.of("ja", "en")) {
            for (String st : Vocabulary.CONDITIONS.get("sterilisation")) {
                for (String route : Vocabulary.CONDITIONS.get("route")) {
                    for (String co : Vocabulary.CONDITIONS.get("coolingOff")) {
                        for (String ind : Vocabulary.INDICATIONS) {
                            ObjectNode json = Examples.json("complete-" + lang);
                            ObjectNode tr = (ObjectNode) json.get("treatment");
                            tr.put("route", route).put("coolingOff", co).put("indication", ind);
                            ((ObjectNode) tr.get("product")).put("sterilisation", st);
                            List<RenderedSection> sections = SessionText.sections(Examples.session(json),
                                    Examples.template());
                            assertEquals(Vocabulary.MANDATORY_SECTIONS, sections.stream().map(RenderedSection::id)
                                    .toList());
                            for (RenderedSection s : sections) {
                                assertFalse(s.paragraphs().isEmpty(), s.id());
                                for (String p : s.paragraphs()) {
                                    assertFalse(p.contains("{{") || p.contains("}}"), p);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void theSterilisationSectionShowsOnlyTheProductsStatus() {
        ObjectNode json = Examples.json("complete-ja");
        String notSterilised = section(json, "sterilisation");
        assertTrue(notSterilised.contains("γ線滅菌されていません"), notSterilised);
        assertFalse(notSterilised.contains("確認できませんでした"), notSterilised);
        ((ObjectNode) json.get("treatment").get("product")).put("sterilisation", "unknown");
        String unknown = section(json, "sterilisation");
        assertTrue(unknown.contains("確認できませんでした"), unknown);
        assertFalse(unknown.contains("γ線滅菌されていません。"), unknown);
    }

    @Test
    void theInfectionSectionNamesTheTestsPerformedOrSaysThereIsNoInformation() {
        ObjectNode json = Examples.json("complete-ja");
        assertTrue(section(json, "infection").contains("HIV-1/2、HBV、HCV、HTLV-1、パルボウイルスB19"));
        ((ObjectNode) json.get("treatment").get("product")).putArray("virusTests");
        String none = section(json, "infection");
        assertFalse(none.contains("HIV-1/2"), none);
        assertTrue(none.contains("情報を受け取っていません"), none);
    }

    @Test
    void theEvidenceLevelComesFromTheTemplatesTableForTheIndication() {
        ObjectNode json = Examples.json("complete-en");
        String hair = section(json, "evidence");
        assertTrue(hair.contains(Examples.template().language("en").orElseThrow().evidenceLevels()
                .get("mixed-small-trials")), hair);
        String hairReference = Examples.template().reference(Examples.template().indication("hair").orElseThrow()
                .references().get(0)).orElseThrow().shortCitation();
        assertTrue(hair.contains(hairReference), hair);
        ((ObjectNode) json.get("treatment")).put("indication", "liver");
        String liver = section(json, "evidence");
        assertTrue(liver.contains(Examples.template().language("en").orElseThrow().evidenceLevels()
                .get("no-human-evidence")), liver);
        assertFalse(liver.contains(hairReference), liver);
    }

    @Test
    void theClinicsBloodDonationPolicyIsQuotedAndNoDeferralPeriodIsInvented() {
        ObjectNode json = Examples.json("complete-ja");
        String blood = section(json, "blood-donation");
        assertTrue(blood.contains(json.get("clinic").get("bloodDonationPolicy").asText()), blood);
        for (String lang : List.of("ja", "en")) {
            String all = SessionText.sections(Examples.session("complete-" + lang), Examples.template()).stream()
                    .filter(s -> s.id().equals("blood-donation")).findFirst().orElseThrow().paragraphs().toString();
            assertFalse(all.matches("(?s).*(\\d+\\s*(か月|ヶ月|カ月|日間|週間|年間)|\\d+\\s*(months?|weeks?|days?|years?)).*"),
                    "a deferral period appeared: " + all);
        }
    }

    /** The example in {@code lang} with the product's origin and supply set (session schema 2). */
    private static ObjectNode withProduct(String lang, String origin, String supply) {
        ObjectNode json = Examples.json("complete-" + lang);
        json.put("schemaVersion", 2);
        ObjectNode product = (ObjectNode) json.get("treatment").get("product");
        product.put("origin", origin).put("supply", supply);
        return json;
    }

    /** The template's paragraph of {@code section} shown for {@code key: value}, in {@code lang}. */
    private static List<String> variants(String lang, String section, String key, String value) {
        return Examples.template().language(lang).orElseThrow().section(section).paragraphs().stream()
                .filter(p -> value.equals(p.when().get(key))).map(LanguageText.Paragraph::text).toList();
    }

    /** Words that name each origin and supply value in the text, and say "unknown" plainly. */
    private static final Map<String, Map<String, String>> NAMED = Map.of(
            "ja", Map.of("allogeneic", "ほかの人の細胞から作られています", "autologous", "あなたご自身の細胞から作られています",
                    "non-human", "人以外のもの（植物など）から作られています", "unknown", "どれから作られたかが分かりません",
                    "cosmetic-ingredient", "化粧品の原料として売られている", "research-reagent", "「試薬」（研究などに使う材料）として売られている",
                    "clinic-prepared", "当院が作っているもの", "other", "化粧品の原料や「試薬」とは別の形"),
            "en", Map.of("allogeneic", "made from another person's cells", "autologous", "made from your own cells",
                    "non-human", "made from a source that is not human, such as plants", "unknown",
                    "The product information does not say whether this product comes from", "cosmetic-ingredient",
                    "sold as an ingredient for cosmetics",
                    "research-reagent", "sold as a 'reagent'", "clinic-prepared", "made by our clinic",
                    "other", "in another way than as a cosmetic ingredient or a 'reagent'"));

    @ParameterizedTest
    @ValueSource(strings = {"ja", "en"})
    void theTreatmentAndInfectionSectionsSayWhereTheProductComesFromAndOnlyThat(String lang) {
        for (String origin : Vocabulary.CONDITIONS.get("origin")) {
            ObjectNode json = withProduct(lang, origin, "unknown");
            for (String section : Vocabulary.CONDITION_SECTIONS.get("origin")) {
                String text = section(json, section);
                for (String other : Vocabulary.CONDITIONS.get("origin")) {
                    for (String v : variants(lang, section, "origin", other)) {
                        assertEquals(other.equals(origin), text.contains(v), section + " for " + origin + ": " + v);
                    }
                }
            }
            assertTrue(section(json, "treatment").contains(NAMED.get(lang).get(origin)), origin);
        }
        // the donor's germs are said only of a product made from another person's cells
        String donor = lang.equals("ja") ? "提供者が持っていた病原体" : "germs carried by the donor";
        for (String origin : Vocabulary.CONDITIONS.get("origin")) {
            assertEquals(origin.equals("allogeneic"), section(withProduct(lang, origin, "other"), "infection")
                    .contains(donor), origin);
        }
        String unknown = section(withProduct(lang, "unknown", "unknown"), "treatment");
        assertTrue(unknown.contains(lang.equals("ja") ? "この治療を受けないと決めることもできます"
                : "You may also decide not to have this treatment"), "says what follows for the patient: " + unknown);
        assertTrue(unknown.contains(lang.equals("ja") ? "医師に尋ねてください" : "ask your physician"), unknown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ja", "en"})
    void theRegulatorySectionSaysHowTheProductIsSuppliedAndOnlyThat(String lang) {
        for (String supply : Vocabulary.CONDITIONS.get("supply")) {
            String text = section(withProduct(lang, "allogeneic", supply), "regulatory");
            for (String other : Vocabulary.CONDITIONS.get("supply")) {
                for (String v : variants(lang, "regulatory", "supply", other)) {
                    assertEquals(other.equals(supply), text.contains(v), supply + ": " + v);
                }
            }
            if (!supply.equals("unknown")) {
                assertTrue(text.contains(NAMED.get(lang).get(supply)), supply + ": " + text);
            }
        }
        String unknown = section(withProduct(lang, "allogeneic", "unknown"), "regulatory");
        assertTrue(unknown.contains(lang.equals("ja") ? "製品の情報からは、この製品がどのような形で売られているもの（化粧品の原料、「試薬」など）か分かりません"
                : "The product information does not say how this product is sold"), unknown);
    }

    @Test
    void everyOriginAndSupplyFillsEveryPlaceholder() {
        for (String lang : List.of("ja", "en")) {
            for (String origin : Vocabulary.CONDITIONS.get("origin")) {
                for (String supply : Vocabulary.CONDITIONS.get("supply")) {
                    List<RenderedSection> sections = SessionText.sections(Examples.session(withProduct(lang, origin,
                            supply)), Examples.template());
                    assertEquals(Vocabulary.MANDATORY_SECTIONS, sections.stream().map(RenderedSection::id).toList());
                    for (RenderedSection s : sections) {
                        for (String p : s.paragraphs()) {
                            assertFalse(p.contains("{{") || p.contains("}}"), p);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ja", "en"})
    void aPatientWhoSignedAnEarlierVersionReadsFirstWhatChangedSinceThatDay(String lang) {
        ConsentTemplate t = Examples.template();
        LanguageText text = t.language(lang).orElseThrow();
        ObjectNode json = withProduct(lang, "allogeneic", "other");
        json.putObject("lastConsent").put("documentId", "earlier").put("date", "2026-05-07")
                .put("templateVersion", "1.0.0");
        List<RenderedSection> sections = SessionText.sections(Examples.session(json), t);
        RenderedSection first = sections.get(0);
        assertEquals(SessionText.CHANGES_SINCE, first.id());
        String date = lang.equals("ja") ? "2026年5月7日" : new Words("en").date(java.time.LocalDate.of(2026, 5, 7));
        assertTrue(first.title().contains(date) && !first.title().contains("{{"), first.title());
        assertTrue(first.paragraphs().get(0).contains(date), first.paragraphs().get(0));
        assertEquals(t.materialChangesSince("1.0.0", lang), first.paragraphs().subList(1, first.paragraphs().size()));
        assertTrue(first.paragraphs().contains(text.changes().get("origin-told")), "1.2.0's changes too");
        assertFalse(first.paragraphs().contains(text.changes().get("references-described")), "no editorial change");

        ((ObjectNode) json.get("lastConsent")).put("templateVersion", "1.1.0");
        RenderedSection since110 = SessionText.sections(Examples.session(json), t).get(0);
        assertEquals(t.materialChangesSince("1.1.0", lang), since110.paragraphs().subList(1,
                since110.paragraphs().size()));
        assertFalse(since110.paragraphs().contains(text.changes().get("sepsis-abroad")), "1.1.0's were read then");

        ((ObjectNode) json.get("lastConsent")).put("templateVersion", "1.2.0");
        assertEquals(Vocabulary.MANDATORY_SECTIONS, SessionText.sections(Examples.session(json), t).stream()
                .map(RenderedSection::id).toList(), "nothing changed since the same version");
    }

    @Test
    void enumIdsMatchTheTemplatesConditionValues() {
        for (var v : ConsentSession.Sterilisation.values()) {
            assertTrue(Vocabulary.CONDITIONS.get("sterilisation").contains(Ids.of(v)), v.name());
        }
        for (var v : ConsentSession.Route.values()) {
            assertTrue(Vocabulary.CONDITIONS.get("route").contains(Ids.of(v)), v.name());
        }
        for (var v : ConsentSession.CoolingOff.values()) {
            assertTrue(Vocabulary.CONDITIONS.get("coolingOff").contains(Ids.of(v)), v.name());
        }
        assertEquals(Vocabulary.CONDITIONS.get("origin"), java.util.Arrays.stream(ConsentSession.Origin.values())
                .map(Ids::of).toList());
        assertEquals(Vocabulary.CONDITIONS.get("supply"), java.util.Arrays.stream(ConsentSession.Supply.values())
                .map(Ids::of).toList());
    }
}
