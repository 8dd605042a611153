package org.exoconsent.pdf;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.PdfString;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import org.exoconsent.consent.TakeHomeCard;
import org.exoconsent.consent.Words;

/**
 * Lays out a {@link TakeHomeCard} on one A6 page (105 × 148 mm, portrait): the clinic, the title, the patient's
 * name, the planned start of treatment, the day the consent was signed, the product and lot, the blood-donation advice,
 * the clinic's name, address and telephone, a "consent withdrawn on DATE" mark when it was, and in small type that
 * the card is not a signed document, with the consent's document id and the day it was issued. Each item is in the
 * patient's language with the Japanese underneath (a Japanese patient's card is Japanese only). Not digitally
 * signed: it records nothing. The fixed wording is in {@code card*.properties}.
 */
public final class TakeHomeCardRenderer {
    /** A6 portrait in PDF points: 105 × 148 mm. */
    public static final Rectangle A6 = new Rectangle(297.64f, 419.53f);
    /**
     * Text sizes tried in turn until the card fits on its one page (long clinic texts get smaller type); a card in
     * one language starts larger, since it has room.
     */
    private static final float[] SCALES = {1.08f, 1f, 0.92f, 0.84f, 0.76f, 0.68f};
    private static final float[] SCALES_ONE_LANGUAGE = {1.25f, 1.12f, 1f, 0.92f, 0.84f, 0.76f, 0.68f};
    private static final Color BOX = new Color(0xf3, 0xf6, 0xf9);

    private final String creator;

    public TakeHomeCardRenderer(String creator) {
        this.creator = creator;
    }

    /**
     * @return the card's PDF bytes: always exactly one A6 page
     * @throws IllegalArgumentException when a language of the card has no wording ({@code card_LANG.properties});
     *                                  {@link UnprintableTextException} naming the field (e.g. {@code
     *                                  clinic.name[en]}) when a text has a character no bundled font draws
     * @throws IllegalStateException    when the clinic's or product's texts are too long to fit on one page even in
     *                                  the smallest type (the message names the lengths)
     */
    public byte[] render(TakeHomeCard card) {
        PrintableText.require("patient.name", card.patientName());
        for (String language : card.languages()) {
            TakeHomeCard.Texts t = card.texts().get(language);
            if (t != null) {
                PrintableText.require("clinic.name[" + language + "]", t.clinicName());
                PrintableText.require("clinic.address[" + language + "]", t.clinicAddress());
                PrintableText.require("product.name[" + language + "]", t.productName());
            }
        }
        for (float scale : card.languages().size() == 1 ? SCALES_ONE_LANGUAGE : SCALES) {
            byte[] pdf;
            try {
                pdf = DocumentFonts.writing(() -> new Layout(card, scale).build());
                if (new PdfReader(pdf).getNumberOfPages() == 1) {
                    return pdf;
                }
            } catch (DocumentException | IOException e) {
                throw new IllegalStateException("the take-home card could not be laid out: " + e.getMessage(), e);
            }
        }
        TakeHomeCard.Texts t = card.texts().get(card.languages().get(0));
        throw new IllegalStateException("the take-home card of " + card.documentId() + " does not fit on one A6 page "
                + "even in small type: the clinic's name has " + t.clinicName().length() + " characters, its address "
                + t.clinicAddress().length() + ", the product's name " + t.productName().length() + "; shorten them "
                + "in the catalog");
    }

    /** The card's wording in one language. */
    private static final class Wording {
        final String lang;
        final ResourceBundle bundle;
        final Words words;

        Wording(String lang) {
            this.lang = lang;
            try {
                this.bundle = ResourceBundle.getBundle("org.exoconsent.pdf.card", Locale.forLanguageTag(lang),
                        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            } catch (java.util.MissingResourceException e) {
                throw new IllegalArgumentException("the take-home card has no wording in '" + lang + "'", e);
            }
            String found = bundle.getLocale().getLanguage(); // the base bundle is English
            if (!found.equals(lang) && !(found.isEmpty() && "en".equals(lang))) {
                throw new IllegalArgumentException("the take-home card has no wording in '" + lang + "'");
            }
            this.words = new Words(lang);
        }

        String get(String key, Object... args) {
            String pattern = bundle.getString(key);
            return args.length == 0 ? pattern : new MessageFormat(pattern, words.locale()).format(args);
        }

        String date(LocalDate d) {
            return words.date(d);
        }
    }

    private final class Layout extends PdfKit {
        private final TakeHomeCard card;
        private final List<Wording> wordings = new ArrayList<>();
        private final Font cardTitle;
        private final Font clinicFont;
        private final Font labelFont;
        private final Font labelSecond;
        private final Font value;
        private final Font valueSecond;
        private final Font boxTitle;
        private final Font boxText;
        private final Font boxSecond;
        private final Font withdrawnFont;
        private final Font fine;

        Layout(TakeHomeCard card, float scale) {
            super(card.languages().get(0));
            this.card = card;
            for (String l : card.languages()) {
                wordings.add(new Wording(l));
            }
            cardTitle = new Font(bf, 13 * scale, Font.BOLD, ACCENT);
            clinicFont = new Font(bf, 8.5f * scale, Font.BOLD, INK);
            labelFont = new Font(bf, 7 * scale, Font.NORMAL, MUTED);
            labelSecond = new Font(bf, 6.3f * scale, Font.NORMAL, MUTED);
            value = new Font(bf, 9 * scale, Font.BOLD, INK);
            valueSecond = new Font(bf, 7.5f * scale, Font.NORMAL, INK);
            boxTitle = new Font(bf, 8.5f * scale, Font.BOLD, ACCENT);
            boxText = new Font(bf, 8 * scale, Font.NORMAL, INK);
            boxSecond = new Font(bf, 7.3f * scale, Font.NORMAL, INK);
            withdrawnFont = new Font(bf, 8.5f * scale, Font.BOLD, WRONG);
            fine = new Font(bf, 5.8f * scale, Font.NORMAL, MUTED);
        }

        private Wording first() {
            return wordings.get(0);
        }

        /**
         * An empty paragraph whose lines are 1.3 times {@code f}'s size apart (OpenPDF spaces a paragraph's lines by
         * the paragraph's own font, not by its chunks').
         */
        private Paragraph paragraph(Font f) {
            Paragraph p = new Paragraph();
            p.setFont(new Font(bf, f.getSize(), Font.NORMAL)); // its style would be added to every chunk's
            p.setLeading(0, 1.3f);
            return p;
        }

        /** One text per language, the first as {@code primary}, the others (Japanese) underneath as {@code second}. */
        private Paragraph stacked(java.util.function.Function<Wording, String> text, Font primary, Font second) {
            Paragraph p = paragraph(primary);
            for (int i = 0; i < wordings.size(); i++) {
                if (i > 0) {
                    p.addAll(chunks("\n", second));
                }
                p.addAll(chunks(text.apply(wordings.get(i)), i == 0 ? primary : second));
            }
            return p;
        }

        private PdfPCell cell(Paragraph p, int border) {
            PdfPCell c = new PdfPCell();
            c.addElement(p);
            c.setBorder(border);
            c.setBorderColor(RULE);
            c.setPaddingTop(1);
            c.setPaddingBottom(4);
            c.setPaddingLeft(0);
            c.setPaddingRight(3);
            return c;
        }

        /** A value written per language (a date, a catalog text): the same text in every language printed once. */
        private void row(PdfPTable table, String key, java.util.function.Function<Wording, String> value) {
            if (wordings.stream().map(value).distinct().count() == 1) {
                row(table, key, value.apply(first()));
                return;
            }
            table.addCell(cell(stacked(w -> w.get(key), labelFont, labelSecond), Rectangle.BOTTOM));
            table.addCell(cell(stacked(value, this.value, valueSecond), Rectangle.BOTTOM));
        }

        /** A value that is the same in every language (a name, a lot number): printed once. */
        private void row(PdfPTable table, String key, String same) {
            table.addCell(cell(stacked(w -> w.get(key), labelFont, labelSecond), Rectangle.BOTTOM));
            Paragraph p = paragraph(value);
            p.addAll(chunks(same, value));
            table.addCell(cell(p, Rectangle.BOTTOM));
        }

        byte[] build() throws DocumentException, IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            Document doc = new Document(A6, 18, 18, 16, 14);
            PdfWriter writer = PdfWriter.getInstance(doc, out);
            writer.setPdfVersion(PdfWriter.VERSION_1_7);
            writer.getExtraCatalog().put(PdfName.LANG, new PdfString(first().lang));
            doc.addTitle(first().get("title") + " — " + card.texts().get(first().lang).clinicName());
            doc.addSubject(first().get("subject"));
            doc.addKeywords("exoconsent; take-home card; document " + card.documentId());
            doc.addCreator(creator);
            doc.addProducer();
            doc.open();

            Paragraph clinicName = paragraph(clinicFont);
            clinicName.addAll(chunks(card.texts().get(first().lang).clinicName(), clinicFont));
            doc.add(clinicName);
            Paragraph title = stacked(w -> w.get("title"), cardTitle, new Font(bf, cardTitle.getSize() * 0.75f,
                    Font.BOLD, ACCENT));
            title.setSpacingAfter(3);
            doc.add(title);
            if (card.withdrawnOn() != null) {
                Paragraph w = stacked(x -> x.get("withdrawn", x.date(card.withdrawnOn())), withdrawnFont,
                        new Font(bf, withdrawnFont.getSize() * 0.88f, Font.BOLD, WRONG));
                w.setSpacingAfter(3);
                doc.add(w);
            }

            PdfPTable facts = new PdfPTable(new float[] {1.25f, 2.2f});
            facts.setWidthPercentage(100);
            facts.setSpacingAfter(5);
            row(facts, "name", card.patientName());
            row(facts, "treatmentDate", w -> w.date(card.treatmentDate()));
            row(facts, "consentDate", w -> w.date(card.consentDate()));
            row(facts, "product", w -> card.texts().get(w.lang).productName());
            row(facts, "lot", card.lotNumber());
            doc.add(facts);

            // the blood-donation advice, framed: the reason the card exists
            PdfPTable box = new PdfPTable(1);
            box.setWidthPercentage(100);
            box.setSpacingAfter(5);
            PdfPCell advice = new PdfPCell();
            advice.setBorder(Rectangle.BOX);
            advice.setBorderColor(ACCENT);
            advice.setBorderWidth(0.8f);
            advice.setBackgroundColor(BOX);
            advice.setPadding(5);
            advice.setPaddingTop(2);
            for (int i = 0; i < wordings.size(); i++) {
                Wording w = wordings.get(i);
                Paragraph p = paragraph(i == 0 ? boxText : boxSecond);
                p.addAll(chunks(w.get("bloodDonation.title") + (w.lang.equals("ja") ? "：" : ": "),
                        i == 0 ? boxTitle : new Font(bf, boxTitle.getSize() * 0.9f, Font.BOLD, ACCENT)));
                p.addAll(chunks(w.get("bloodDonation"), i == 0 ? boxText : boxSecond));
                if (i > 0) {
                    p.setSpacingBefore(2);
                }
                advice.addElement(p);
            }
            box.addCell(advice);
            doc.add(box);

            // the clinic's contact: the name and address in each language when they differ, the telephone once
            Paragraph contact = paragraph(valueSecond);
            contact.addAll(chunks(stackedLabel("clinic"), labelFont));
            List<String> lines = new ArrayList<>();
            for (Wording w : wordings) {
                TakeHomeCard.Texts t = card.texts().get(w.lang);
                String line = t.clinicName() + "\n" + t.clinicAddress();
                if (!lines.contains(line)) {
                    lines.add(line);
                }
            }
            for (String line : lines) {
                contact.addAll(chunks("\n" + line, valueSecond));
            }
            contact.addAll(chunks("\n" + first().get("phone", card.clinicPhone()), value));
            contact.setSpacingAfter(4);
            doc.add(contact);

            Paragraph note = stacked(w -> w.get("notSigned", card.documentId(), w.date(card.issuedOn())), fine,
                    fine);
            note.setAlignment(Element.ALIGN_LEFT);
            doc.add(note);
            doc.close();
            return out.toByteArray();
        }

        /** A label in every language of the card, on one line: "Clinic / 医療機関". */
        private String stackedLabel(String key) {
            return String.join(" / ", wordings.stream().map(w -> w.get(key)).toList());
        }
    }
}
