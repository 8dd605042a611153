package org.exoconsent.consent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.LanguageText;
import org.exoconsent.template.Manifest;
import org.exoconsent.template.TemplateText;

/**
 * A template's explanation as a leaflet to read at home (issue 11, section 6): every section in the template's
 * order, filled with the clinic's profile and, when chosen, one product and one route — never a patient, a
 * physician, a plan, a price or a lot. A paragraph that needs one of those is left out (the consultation says it);
 * a paragraph that holds for only some products, routes or contracts is either chosen (product or route given) or
 * printed with a label saying when it applies (the product's sterilisation, origin and supply, the route, the
 * contract's cooling-off); without a product, the paragraphs on a product's own tests are left out (the
 * consultation names them). The evidence level is given for every purpose, from the template's
 * table. The result never contains an unfilled placeholder.
 */
public final class Leaflet {
    /** One paragraph of the leaflet: its text, and when it applies (null when always). */
    public record Paragraph(String when, String text) {
    }

    /** One section: its title as in the template, and its paragraphs. */
    public record Section(String id, String title, List<Paragraph> paragraphs) {
        public Section {
            paragraphs = List.copyOf(paragraphs);
        }
    }

    private Leaflet() {
    }

    /**
     * @param language a language of the template ("ja", "en"); refused with IllegalArgumentException otherwise
     * @param clinic   the clinic's profile (name, address, phone, blood-donation policy)
     * @param product  the product the leaflet is for, or null for every product (variants labelled)
     * @param route    the route the leaflet is for, or null for every route (variants labelled)
     */
    public static List<Section> sections(ConsentTemplate t, String language, ConsentSession.Clinic clinic,
                                         ConsentSession.Product product, ConsentSession.Route route) {
        LanguageText text = t.language(language).orElseThrow(() -> new IllegalArgumentException("template "
                + t.id() + " version " + t.version() + " has no language '" + language + "'; it has "
                + t.languages()));
        Words w = new Words(language);
        Map<String, String> values = new HashMap<>();
        values.put("clinic.name", clinic.name());
        values.put("clinic.address", w.orNone(clinic.address()));
        values.put("clinic.phone", w.orNone(clinic.phone()));
        values.put("clinic.bloodDonationPolicy", w.orNone(clinic.bloodDonationPolicy()));
        Map<String, String> known = new HashMap<>(); // condition values the leaflet is for
        if (product != null) {
            values.put("product.name", product.name());
            values.put("product.manufacturer", w.orNone(product.manufacturer()));
            values.put("product.sourceCells", w.orNone(product.sourceCells()));
            values.put("product.storage", w.orNone(product.storage()));
            values.put("product.virusTests", w.list(product.virusTests()));
            known.put("sterilisation", Ids.of(product.sterilisation()));
            known.put("virusTests", product.virusTests() == null || product.virusTests().isEmpty() ? "none"
                    : "listed");
            // where the product comes from and how it is supplied (format 3): a snapshot without them (made before
            // the catalog knew them) leaves every variant in, labelled
            if (product.origin() != null) {
                known.put("origin", Ids.of(product.origin()));
            }
            if (product.supply() != null) {
                known.put("supply", Ids.of(product.supply()));
            }
        }
        if (route != null) {
            values.put("treatment.route", w.route(route));
            known.put("route", Ids.of(route));
        }

        List<Section> out = new ArrayList<>();
        for (Manifest.SectionDef def : t.manifest().sections()) {
            LanguageText.SectionText s = text.section(def.id());
            List<Paragraph> paragraphs = new ArrayList<>();
            for (LanguageText.Paragraph p : s.paragraphs()) {
                List<String> labels = new ArrayList<>();
                boolean applies = true;
                for (Map.Entry<String, String> c : p.when().entrySet()) {
                    String is = known.get(c.getKey());
                    if (is == null && c.getKey().equals("virusTests")) {
                        applies = false; // every product's own tests are named at the consultation
                    } else if (is == null) {
                        labels.add(w.get("leaflet.when." + c.getKey() + "." + c.getValue()));
                    } else if (!is.equals(c.getValue())) {
                        applies = false;
                    }
                }
                // a paragraph that needs what only a consultation knows is left out whole: its other sentences
                // lean on it ("ただし…", "this price", "them")
                if (applies && values.keySet().containsAll(TemplateText.placeholders(p.text()))) {
                    paragraphs.add(new Paragraph(labels.isEmpty() ? null : String.join(w.get("list.separator"),
                            labels), TemplateText.fill(p.text(), values)));
                }
                if (p.text().contains("{{evidence.level}}")) {
                    // the level for every purpose, where the consent gives the one chosen
                    for (Manifest.IndicationDef ind : t.manifest().indications()) {
                        paragraphs.add(new Paragraph(text.indications().get(ind.id()),
                                text.evidenceLevels().get(ind.evidenceLevel())));
                    }
                }
            }
            out.add(new Section(s.id(), TemplateText.fill(s.title(), values), paragraphs));
        }
        return out;
    }

}
