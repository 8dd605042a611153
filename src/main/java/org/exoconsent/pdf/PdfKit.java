package org.exoconsent.pdf;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import org.exoconsent.consent.Words;
import org.exoconsent.template.Manifest;

/**
 * What every ExoConsent document shares: A4 with generous margins, the bundled fonts (IPAex Gothic with its
 * fallback chain, {@link BundledFont}) in a few sizes,
 * paragraphs that follow the Japanese line-breaking rules, label/value tables, signature images, and a footer
 * with two lines of identification and "Page n / N".
 */
class PdfKit {
    static final Color INK = new Color(0x1a, 0x1a, 0x1a);
    static final Color MUTED = new Color(0x55, 0x55, 0x55);
    static final Color ACCENT = new Color(0x1f, 0x4e, 0x79);
    static final Color RULE = new Color(0xbb, 0xc4, 0xcc);
    static final Color ACK = new Color(0x2e, 0x6b, 0x30);
    static final Color WRONG = new Color(0x9a, 0x3b, 0x12);

    final String lang;
    final ResourceBundle labels;
    final Words words;
    final BaseFont bf = Fonts.gothic();
    final Font title;
    final Font h1;
    final Font h2;
    final Font body;
    final Font bodyBold;
    final Font small;
    final Font smallMuted;
    final Font ack;
    final Font label;
    final Font wrong;

    PdfKit(String lang) {
        this.lang = lang;
        this.labels = ResourceBundle.getBundle("org.exoconsent.pdf.labels", Locale.forLanguageTag(lang),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        this.words = new Words(lang);
        title = new Font(bf, 17, Font.BOLD, INK);
        h1 = new Font(bf, 13, Font.BOLD, ACCENT);
        h2 = new Font(bf, 11.5f, Font.BOLD, INK);
        body = new Font(bf, 10.5f, Font.NORMAL, INK);
        bodyBold = new Font(bf, 10.5f, Font.BOLD, INK);
        small = new Font(bf, 8.5f, Font.NORMAL, INK);
        smallMuted = new Font(bf, 8f, Font.NORMAL, MUTED);
        ack = new Font(bf, 9f, Font.NORMAL, ACK);
        label = new Font(bf, 9f, Font.NORMAL, MUTED);
        wrong = new Font(bf, 9f, Font.NORMAL, WRONG);
    }

    static Document newDocument() {
        return new Document(PageSize.A4, 56, 56, 56, 64);
    }

    /**
     * The writer of a document to be signed, over {@code doc}, and {@code doc} opened: PDF 1.7, {@code footer} on every
     * page, the document's language, its title, subject (the clinic and the patient), keywords and creator, and its
     * facts embedded as {@code factsName} ({@link EmbeddedFacts}).
     */
    PdfWriter openSigned(Document doc, java.io.OutputStream out, Footer footer, String docTitle,
                         org.exoconsent.consent.ConsentSession s, String keywords, String creator, String factsName,
                         byte[] facts) throws DocumentException, java.io.IOException {
        PdfWriter writer = PdfWriter.getInstance(doc, out);
        writer.setPdfVersion(PdfWriter.VERSION_1_7);
        writer.setPageEvent(footer);
        writer.getExtraCatalog().put(com.lowagie.text.pdf.PdfName.LANG, new com.lowagie.text.pdf.PdfString(lang));
        doc.addTitle(docTitle);
        doc.addSubject(s.clinic().name() + " — " + s.patient().name());
        doc.addKeywords(keywords);
        doc.addCreator(creator);
        doc.addProducer();
        doc.open();
        EmbeddedFacts.attach(writer, factsName, facts);
        return writer;
    }

    /** The clinic's name and contact, the document's title and its id: the head of a signed document. */
    void heading(Document doc, org.exoconsent.consent.ConsentSession.Clinic clinic, String docTitle, String id)
            throws DocumentException {
        Paragraph name = para(clinic.name(), h2);
        name.setSpacingAfter(0);
        doc.add(name);
        doc.add(para(l("clinic.contact", clinic.address(), clinic.phone()), small));
        Paragraph tp = para(docTitle, title);
        tp.setSpacingBefore(10);
        doc.add(tp);
        doc.add(para(l("documentId") + ": " + id, smallMuted));
    }

    String l(String key, Object... args) {
        String pattern = labels.getString(key);
        return args.length == 0 ? pattern : new MessageFormat(pattern, words.locale()).format(args);
    }

    /**
     * One entry of a document's references: {@code [MARK] authors. title. source. doi (date) — description}, the
     * date in words when it was not recorded, the description (this language's, placeholders filled) when there is
     * one.
     */
    String referenceLine(Manifest.Reference r, String description) {
        return "[" + r.confidence() + "] " + r.printed("ja".equals(words.locale().getLanguage())) + " (" + ("n.d.".equals(r.date()) ? l("references.undated")
                : r.date()) + ")" + (description == null || description.isBlank() ? "" : " — " + description);
    }

    Paragraph para(String str, Font f) {
        Paragraph p = new Paragraph(f.getSize() * 1.6f);
        p.setFont(f); // the font of what OpenPDF adds itself (spaces at breaks), else Helvetica
        p.addAll(chunks(str, f));
        p.setSpacingAfter(f.getSize() * 0.45f);
        return p;
    }

    /**
     * A text as chunks, one per font of the fallback chain ({@link TextRuns}), each in the style of {@code f} and
     * breaking lines by the Japanese rules ({@link Kinsoku}).
     *
     * @throws UnprintableTextException when a character has no font (the session check refuses such text first)
     */
    static java.util.List<Chunk> chunks(String str, Font f) {
        java.util.List<Chunk> chunks = new java.util.ArrayList<>();
        for (TextRuns.Run run : TextRuns.of("document text", str)) {
            Chunk c = new Chunk(run.text(), run.font() == f.getBaseFont() ? f
                    : new Font(run.font(), f.getSize(), f.getStyle(), f.getColor()));
            c.setSplitCharacter(Kinsoku.INSTANCE);
            chunks.add(c);
        }
        return chunks;
    }

    /** A phrase of {@link #chunks} with the given leading (points). */
    static Phrase phrase(float leading, String str, Font f) {
        Phrase p = new Phrase(leading);
        p.setFont(f);
        p.addAll(chunks(str, f));
        return p;
    }

    PdfPTable table(Map<String, String> rows) throws DocumentException {
        PdfPTable table = new PdfPTable(new float[] {1.3f, 4f});
        table.setWidthPercentage(100);
        table.setSpacingAfter(4);
        for (Map.Entry<String, String> e : rows.entrySet()) {
            table.addCell(cell(e.getKey(), label));
            table.addCell(cell(e.getValue(), body));
        }
        return table;
    }

    PdfPCell cell(String str, Font f) {
        PdfPCell c = new PdfPCell(phrase(f.getSize() * 1.45f, str, f));
        c.setBorder(Rectangle.BOTTOM);
        c.setBorderColor(RULE);
        c.setLeading(0, 1.35f);
        c.setPaddingTop(2);
        c.setPaddingBottom(5);
        return c;
    }

    /**
     * The signature as raw 8-bit grey on white: no transparency mask and no PNG round trip, so it is stored
     * once, compressed by the PDF writer, and drawn with native loops.
     */
    Image onWhite(byte[] png) throws IOException, DocumentException {
        String tooLarge = org.exoconsent.limits.InputLimits.pngHeaderProblem(png);
        if (tooLarge != null) { // checked before decoding: the completeness check refuses it earlier, with its field
            throw new IOException("signature image: " + tooLarge);
        }
        // the image the completeness check decoded when both run in ConsentDocuments.render (only read here)
        BufferedImage src = org.exoconsent.consent.SignatureImages.decode(png);
        BufferedImage grey = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, src.getWidth(), src.getHeight());
        g.drawImage(src, 0, 0, null);
        g.dispose();
        byte[] pixels = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        return Image.getInstance(grey.getWidth(), grey.getHeight(), 1, 8, pixels);
    }

    /** The framed box beside a statement that holds a signature image (or, without one, a short note). */
    PdfPCell signatureCell(String base64Png, String withoutSignature) throws IOException, DocumentException {
        PdfPCell cell;
        if (base64Png != null) {
            Image img = onWhite(java.util.Base64.getMimeDecoder().decode(base64Png));
            img.scaleToFit(170, 70);
            cell = new PdfPCell(img, false);
        } else {
            cell = new PdfPCell(para(withoutSignature, small));
        }
        cell.setBorder(Rectangle.BOX);
        cell.setBorderColor(RULE);
        cell.setPadding(6);
        cell.setHorizontalAlignment(Element.ALIGN_CENTER);
        cell.setVerticalAlignment(Element.ALIGN_MIDDLE);
        cell.setMinimumHeight(84);
        return cell;
    }

    /**
     * Two lines of identification and "Page n / N" on every page; N is filled in when the document closes. With a
     * mark, the mark is also drawn at the top of every page, in a framed band above the text (see {@link
     * ConsentDocuments#notArchived}).
     */
    final class Footer extends PdfPageEventHelper {
        private final String line1;
        private final String line2;
        /** Drawn at the top of every page, or null. */
        private final String mark;
        private PdfTemplate total;

        Footer(String line1, String line2) {
            this(line1, line2, null);
        }

        Footer(String line1, String line2, String mark) {
            this.line1 = line1;
            this.line2 = line2;
            this.mark = mark;
        }

        @Override
        public void onOpenDocument(PdfWriter writer, Document document) {
            total = writer.getDirectContent().createTemplate(40, 12);
        }

        @Override
        public void onEndPage(PdfWriter writer, Document document) {
            PdfContentByte cb = writer.getDirectContent();
            float left = document.left();
            float right = document.right();
            float y = document.bottom() - 22;
            cb.saveState();
            cb.setColorStroke(RULE);
            cb.setLineWidth(0.5f);
            cb.moveTo(left, y + 14);
            cb.lineTo(right, y + 14);
            cb.stroke();
            cb.restoreState();
            Font tiny = new Font(bf, 6.5f, Font.NORMAL, MUTED);
            ColumnText.showTextAligned(cb, Element.ALIGN_LEFT, phrase(tiny.getSize() * 1.5f, line1, tiny), left, y, 0);
            ColumnText.showTextAligned(cb, Element.ALIGN_LEFT, phrase(tiny.getSize() * 1.5f, line2, tiny), left, y - 10, 0);
            Font f = new Font(bf, 8, Font.NORMAL, INK);
            String page = l("footer.page", writer.getPageNumber()) + " / ";
            float totalWidth = bf.getWidthPoint("0000", 8);
            float x = right - totalWidth - bf.getWidthPoint(page, 8);
            ColumnText.showTextAligned(cb, Element.ALIGN_LEFT, phrase(f.getSize() * 1.5f, page, f), x, y - 10, 0);
            cb.addTemplate(total, right - totalWidth, y - 10 - 3);
            if (mark != null) {
                Font markFont = new Font(bf, 10, Font.BOLD, WRONG);
                float top = document.top() + 14;
                cb.saveState();
                cb.setColorStroke(WRONG);
                cb.setLineWidth(1f);
                cb.rectangle(left, top - 5, right - left, 19);
                cb.stroke();
                cb.restoreState();
                ColumnText.showTextAligned(cb, Element.ALIGN_CENTER, phrase(markFont.getSize() * 1.5f, mark,
                        markFont), (left + right) / 2, top, 0);
            }
        }

        @Override
        public void onCloseDocument(PdfWriter writer, Document document) {
            ColumnText.showTextAligned(total, Element.ALIGN_LEFT, new Phrase(
                    String.valueOf(writer.getPageNumber() - 1), new Font(bf, 8, Font.NORMAL, INK)), 0, 3, 0);
        }
    }
}
