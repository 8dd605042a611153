package org.exoconsent.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.exoconsent.template.RenderedSection;
import org.exoconsent.template.Vocabulary;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;

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
    }
}
