package org.exoconsent.pdf;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfString;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.Leaflet;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.LanguageText;
import org.exoconsent.template.Manifest;
import org.exoconsent.template.TemplateText;

/**
 * Lays out a template's explanation as an A4 leaflet to read at home ({@link Leaflet}): the clinic, the title, what
 * the leaflet is (not a consent form; the consultation gives the details of one treatment), every section in larger
 * type, the references; on every page the template id, version, effective date and the day it was printed. No
 * patient data and no signatures; not digitally signed (it records nothing).
 */
public final class LeafletRenderer {
    private final String creator;

    public LeafletRenderer(String creator) {
        this.creator = creator;
    }

    /**
     * @param language a language of the template
     * @param product  the product the leaflet is for, or null for every product
     * @param route    the route it is for, or null for every route
     * @param printed  the day it is printed (the clinic's date), shown on every page
     * @return the PDF's bytes
     */
    public byte[] render(ConsentTemplate t, String language, ConsentSession.Clinic clinic,
                         ConsentSession.Product product, ConsentSession.Route route, LocalDate printed) {
        if (t.format() < 2) {
            throw new IllegalArgumentException("template " + t.id() + " version " + t.version() + " is in format 1: "
                    + "it cannot be printed as a leaflet");
        }
        try {
            return DocumentFonts.writing(() -> new Layout(t, language, clinic, product, route, printed).build());
        } catch (DocumentException | IOException e) {
            throw new IllegalStateException("the leaflet could not be laid out: " + e.getMessage(), e);
        }
    }

    private final class Layout extends PdfKit {
        private final ConsentTemplate t;
        private final LanguageText text;
        private final ConsentSession.Clinic clinic;
        private final ConsentSession.Product product;
        private final ConsentSession.Route route;
        private final LocalDate printed;
        private final Font large = new Font(bf, 12.5f, Font.NORMAL, INK);
        private final Font largeBold = new Font(bf, 14f, Font.BOLD, INK);
        private final Font when = new Font(bf, 11f, Font.BOLD, ACCENT);

        Layout(ConsentTemplate t, String language, ConsentSession.Clinic clinic, ConsentSession.Product product,
               ConsentSession.Route route, LocalDate printed) {
            super(language);
            this.t = t;
            this.text = t.language(language).orElseThrow(() -> new IllegalArgumentException("template " + t.id()
                    + " has no language '" + language + "'; it has " + t.languages()));
            this.clinic = clinic;
            this.product = product;
            this.route = route;
            this.printed = printed;
        }

        byte[] build() throws DocumentException, IOException {
            List<Leaflet.Section> sections = Leaflet.sections(t, lang, clinic, product, route);
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
            Document doc = newDocument();
            PdfWriter writer = PdfWriter.getInstance(doc, out);
            writer.setPdfVersion(PdfWriter.VERSION_1_7);
            writer.setPageEvent(new Footer(l("leaflet.footer", t.id(), t.version(),
                    words.date(t.manifest().effectiveDate()), words.date(printed)), l("leaflet.notConsent")));
            writer.getExtraCatalog().put(PdfName.LANG, new PdfString(lang));
            doc.addTitle(text.title());
            doc.addSubject(clinic.name() + " — " + l("leaflet.title"));
            doc.addKeywords("exoconsent; leaflet; template " + t.id() + " " + t.version() + "; sha256 "
                    + t.sha256());
            doc.addCreator(creator);
            doc.addProducer();
            doc.open();

            Paragraph c = para(clinic.name(), h2);
            c.setSpacingAfter(0);
            doc.add(c);
            doc.add(para(clinic.address() + "　" + clinic.phone(), small));
            // the template's title names a consent form: the leaflet says what it is instead
            Paragraph tp = para(l("leaflet.title"), title);
            tp.setSpacingBefore(10);
            doc.add(tp);
            doc.add(para(l("leaflet.about", text.title()), h2));
            doc.add(para(l("leaflet.intro"), large));
            if (product != null) {
                doc.add(para(l("product") + ": " + product.name() + "（" + product.manufacturer() + "）", large));
            }
            if (route != null) {
                doc.add(para(l("treatment.route") + ": " + words.route(route), large));
            }

            for (Leaflet.Section s : sections) {
                if (writer.getVerticalPosition(true) - doc.bottom() < 120) {
                    doc.newPage(); // a heading never ends a page alone
                }
                Paragraph head = para(s.title(), largeBold);
                head.setSpacingBefore(12);
                head.setKeepTogether(true);
                doc.add(head);
                for (Leaflet.Paragraph p : s.paragraphs()) {
                    if (p.when() != null) {
                        if (writer.getVerticalPosition(true) - doc.bottom() < 80) {
                            doc.newPage(); // nor does a label without its paragraph
                        }
                        Paragraph w = para("【" + p.when() + "】", when);
                        w.setSpacingAfter(0);
                        w.setKeepTogether(true);
                        doc.add(w);
                    }
                    doc.add(para(p.text(), large));
                }
            }

            Paragraph refs = para(l("references"), h1);
            refs.setSpacingBefore(14);
            doc.add(refs);
            doc.add(para(TemplateText.fill(text.declarations().referencesLegend(), Map.of()), small));
            for (Manifest.Reference r : t.manifest().references()) {
                doc.add(para(referenceLine(r, text.references().get(r.id())), small));
            }
            doc.close();
            return out.toByteArray();
        }
    }
}
