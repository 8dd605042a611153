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
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.LanguageText;
import org.exoconsent.template.Manifest;
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
            assertTrue(all.contains(flat(label).replace('[', '【').replace(']', '】')), label);
        }
    }

    @org.junit.jupiter.api.Test
    void aLeafletInALanguageTheTemplateLacksIsRefused() {
        ConsentSession s = Examples.session("complete-ja");
        assertThrows(IllegalArgumentException.class, () -> new LeafletRenderer("test").render(Examples.template(),
                "fr", s.clinic(), null, null, PRINTED));
    }
}
