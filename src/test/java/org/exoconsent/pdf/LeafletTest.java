package org.exoconsent.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.LocalDate;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.Leaflet;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.LanguageText;
import org.exoconsent.template.Manifest;
import org.exoconsent.template.Vocabulary;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The leaflet a clinic hands out to read at home (issue 11, section 6): the whole explanation, the clinic's
 * profile, no patient, no physician, no signature and no unfilled placeholder; one product and route, or every
 * variant labelled; it names its template version and date.
 */
class LeafletTest {
    private static final LocalDate PRINTED = LocalDate.of(2026, 11, 29);

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
        }
    }

    private static int images(byte[] pdf) throws IOException {
        int n = 0;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            for (PDPage page : doc.getPages()) {
                for (var name : page.getResources().getXObjectNames()) {
                    if (page.getResources().getXObject(name) instanceof PDImageXObject) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private static String flat(String s) {
        return s.replaceAll("\\s+", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ja", "en"})
    void aLeafletForOneProductAndRouteHasTheWholeExplanationAndNoPatientData(String lang) throws IOException {
        ConsentSession s = Examples.session("complete-" + lang);
        ConsentTemplate t = Examples.template();
        LanguageText words = t.language(lang).orElseThrow();
        byte[] pdf = new LeafletRenderer("test").render(t, lang, s.clinic(), s.treatment().product(),
                ConsentSession.Route.IV, PRINTED);
        String all = text(pdf);
        assertFalse(all.contains("{{") || all.contains("}}"), "no unfilled placeholder");
        for (Manifest.SectionDef def : t.manifest().sections()) {
            assertTrue(all.contains(flat(words.section(def.id()).title())), def.id());
        }
        for (Manifest.IndicationDef ind : t.manifest().indications()) {
            assertTrue(all.contains(flat(words.evidenceLevels().get(ind.evidenceLevel()))),
                    "the evidence for every purpose: " + ind.id());
        }
        assertTrue(all.contains(flat(s.treatment().product().name())), "the product");
        assertTrue(all.contains(flat(s.clinic().name())), "the clinic");
        assertFalse(all.contains(flat(s.patient().name())), "no patient");
        assertFalse(all.contains(flat(s.physician().name())), "no physician");
        assertFalse(all.contains(flat(words.declarations().patient())), "no declaration to sign");
        assertEquals(0, images(pdf), "no signature images");
        String injection = words.section("treatment").paragraphs().stream()
                .filter(p -> "injection".equals(p.when().get("route"))).findFirst().orElseThrow().text();
        assertFalse(all.contains(flat(injection.substring(0, 12))), "only the chosen route's paragraph");
        assertTrue(all.contains(t.version()), "names its template version");
        assertTrue(all.contains(lang.equals("ja") ? "同意書ではありません" : "notaconsentform"), all);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ja", "en"})
    void aLeafletForEveryProductAndRouteLabelsEachVariant(String lang) throws IOException {
        ConsentSession s = Examples.session("complete-" + lang);
        byte[] pdf = new LeafletRenderer("test").render(Examples.template(), lang, s.clinic(), null, null,
                PRINTED);
        String all = text(pdf);
        assertFalse(all.contains("{{"), "no unfilled placeholder");
        for (String label : lang.equals("ja")
                ? new String[] {"【点滴の場合】", "【注射の場合】", "【皮膚に塗る場合】", "【製品がγ線滅菌されている場合】",
                    "【製品がγ線滅菌されていない場合】", "【契約がクーリング・オフの対象になる場合】"}
                : new String[] {"[fora drip]", "[foraninjection]", "[foruseontheskin]",
                    "[iftheproductisgamma-sterilised]", "[ifcooling-offappliestothecontract]"}) {
            // the English leaflet's labels in square brackets, never the Japanese 【】 (issue 12 §2)
            assertTrue(all.contains(flat(label)), label);
        }
        // where the product comes from and how it is supplied: every value, labelled (format 3)
        for (String label : lang.equals("ja")
                ? new String[] {"【製品がほかの人の細胞から作られている場合】", "【製品がご本人の細胞から作られている場合】",
                    "【製品が人以外（植物など）から作られている場合】", "【製品が何から作られているか分からない場合】",
                    "【製品が化粧品の原料として売られている場合】", "【製品が「試薬」として売られている場合】",
                    "【製品を当院が作っている場合】", "【製品がそれ以外の形で売られている場合】",
                    "【製品がどのような形で売られているか分からない場合】"}
                : new String[] {"[iftheproductismadefromanotherperson'scells]",
                    "[iftheproductismadefromthepatient'sowncells]",
                    "[iftheproductismadefromanon-humansource(suchasplants)]",
                    "[ifitisnotknownwhattheproductismadefrom]", "[iftheproductissoldasacosmeticingredient]",
                    "[iftheproductissoldasa'reagent']", "[iftheproductismadebytheclinic]",
                    "[iftheproductissuppliedinanotherway]", "[ifitisnotknownhowtheproductissupplied]"}) {
            assertTrue(all.contains(flat(label)), label + " in " + all);
        }
    }

    private static ConsentSession.Product product(ConsentSession s, ConsentSession.Origin origin,
                                                  ConsentSession.Supply supply) {
        ConsentSession.Product p = s.treatment().product();
        return new ConsentSession.Product(p.name(), p.manufacturer(), p.sourceCells(), p.virusTests(),
                p.sterilisation(), p.storage(), origin, supply);
    }

    private static String section(List<Leaflet.Section> sections, String id) {
        return sections.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow().paragraphs().toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ja", "en"})
    void aLeafletForOneProductSaysOnlyItsOriginAndSupplyUnlabelled(String lang) {
        ConsentSession s = Examples.session("complete-" + lang);
        LanguageText words = Examples.template().language(lang).orElseThrow();
        for (ConsentSession.Origin origin : ConsentSession.Origin.values()) {
            for (ConsentSession.Supply supply : ConsentSession.Supply.values()) {
                List<Leaflet.Section> sections = Leaflet.sections(Examples.template(), lang, s.clinic(),
                        product(s, origin, supply), ConsentSession.Route.IV);
                String id = org.exoconsent.consent.Ids.of(origin);
                String sid = org.exoconsent.consent.Ids.of(supply);
                for (String key : List.of("origin", "supply")) {
                    String value = key.equals("origin") ? id : sid;
                    for (String section : Vocabulary.CONDITION_SECTIONS.get(key)) {
                        String text = section(sections, section);
                        for (LanguageText.Paragraph p : words.section(section).paragraphs()) {
                            if (p.when().containsKey(key)) {
                                assertEquals(value.equals(p.when().get(key)), text.contains(p.text()),
                                        origin + "/" + supply + " " + section + ": " + p.text());
                            }
                        }
                    }
                }
                org.exoconsent.consent.Words w = new org.exoconsent.consent.Words(lang);
                for (String key : List.of("origin", "supply")) {
                    for (String value : Vocabulary.CONDITIONS.get(key)) {
                        String label = w.get("leaflet.when." + key + "." + value);
                        assertTrue(sections.stream().flatMap(x -> x.paragraphs().stream())
                                .noneMatch(p -> p.when() != null && p.when().contains(label)),
                                "the product's own origin and supply are not labelled: " + label);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ja", "en"})
    void aLeafletForAProductOfUnknownOriginAndSupplySaysSoPlainly(String lang) throws IOException {
        ConsentSession s = Examples.session("complete-" + lang);
        byte[] pdf = new LeafletRenderer("test").render(Examples.template(), lang, s.clinic(),
                product(s, ConsentSession.Origin.UNKNOWN, ConsentSession.Supply.UNKNOWN), null, PRINTED);
        String all = text(pdf);
        assertFalse(all.contains("{{"), "no unfilled placeholder");
        for (String said : lang.equals("ja")
                ? new String[] {"製品の情報からは、この製品が、ほかの人の細胞、あなたご自身の細胞、人以外のもののどれから作られたかが分かりません。",
                    "どれから作られたか分からないことを理由に、この治療を受けないと決めることもできます。",
                    "どれから作られたかが分かりません（1.をご覧ください）", "か分かりません。そのため、どのような決まりのもとで作られた製品かを"}
                : new String[] {"The product information does not say whether this product comes from another person's cells, your own cells,",
                    "You may also decide not to have this treatment because this is not known.",
                    "or a non-human source (see section 1).", "The product information does not say how this product is sold"}) {
            assertTrue(all.contains(flat(said)), said + " in " + all);
        }
        assertFalse(all.contains(lang.equals("ja") ? flat("【製品がほかの人の細胞から作られている場合】")
                : flat("【if the product is made from another person's cells】")), "the product's own, unlabelled");
    }

    @org.junit.jupiter.api.Test
    void aLeafletInALanguageTheTemplateLacksIsRefused() {
        ConsentSession s = Examples.session("complete-ja");
        assertThrows(IllegalArgumentException.class, () -> new LeafletRenderer("test").render(Examples.template(),
                "fr", s.clinic(), null, null, PRINTED));
    }
}
