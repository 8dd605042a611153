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
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfString;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import javax.imageio.ImageIO;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.ConsentSession.Signature;
import org.exoconsent.consent.ConsentSession.SignatureRole;
import org.exoconsent.consent.SessionText;
import org.exoconsent.consent.Words;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.LanguageText;
import org.exoconsent.template.Manifest;
import org.exoconsent.template.RenderedSection;

/**
 * Lays out one complete, checked session as an A4 consent document in the session's language: clinic header,
 * patient and treatment with the product and lot snapshot, every section as presented with its acknowledgement,
 * every answer to the check questions, notes, signatures, references; on every page the template id, version and
 * SHA-256 and "page n / N". The result is not yet digitally signed (see {@link PdfSigner}).
 */
public final class ConsentPdfRenderer {
    static final Color INK = new Color(0x1a, 0x1a, 0x1a);
    static final Color MUTED = new Color(0x55, 0x55, 0x55);
    static final Color ACCENT = new Color(0x1f, 0x4e, 0x79);
    static final Color RULE = new Color(0xbb, 0xc4, 0xcc);
    static final Color ACK = new Color(0x2e, 0x6b, 0x30);
    static final Color WRONG = new Color(0x9a, 0x3b, 0x12);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm (xxx)");
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final String creator;

    public ConsentPdfRenderer(String creator) {
        this.creator = creator;
    }

    /** Renders a session that has passed {@code CompletenessCheck}. */
    public byte[] render(ConsentSession s, ConsentTemplate t) {
        try {
            return new Layout(s, t).build();
        } catch (DocumentException | IOException e) {
            throw new IllegalStateException("the consent document could not be laid out: " + e.getMessage(), e);
        }
    }

    private final class Layout {
        private final ConsentSession s;
        private final ConsentTemplate t;
        private final String lang;
        private final ResourceBundle labels;
        private final Words words;
        private final LanguageText text;
        private final BaseFont bf = Fonts.gothic();
        private final Font title;
        private final Font h1;
        private final Font h2;
        private final Font body;
        private final Font bodyBold;
        private final Font small;
        private final Font smallMuted;
        private final Font ack;
        private final Font label;
        private final Font wrong;
        private PdfWriter writer;

        Layout(ConsentSession s, ConsentTemplate t) {
            this.s = s;
            this.t = t;
            this.lang = s.template().language();
            this.labels = ResourceBundle.getBundle("org.exoconsent.pdf.labels", Locale.forLanguageTag(lang),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            this.words = new Words(lang);
            this.text = t.language(lang).orElseThrow();
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

        private String l(String key, Object... args) {
            String pattern = labels.getString(key);
            return args.length == 0 ? pattern : new MessageFormat(pattern, words.locale()).format(args);
        }

        byte[] build() throws DocumentException, IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
            Document doc = new Document(PageSize.A4, 56, 56, 56, 64);
            writer = PdfWriter.getInstance(doc, out);
            writer.setPdfVersion(PdfWriter.VERSION_1_7);
            writer.setPageEvent(new Footer());
            writer.getExtraCatalog().put(PdfName.LANG, new PdfString(lang));
            doc.addTitle(text.title());
            doc.addSubject(s.clinic().name() + " — " + s.patient().name());
            doc.addKeywords("exoconsent; document " + s.id() + "; template " + t.id() + " " + t.version()
                    + "; sha256 " + t.sha256());
            doc.addCreator(creator);
            doc.addProducer();
            doc.open();

            header(doc);
            parties(doc);
            sections(doc);
            quiz(doc);
            notes(doc);
            signatures(doc);
            references(doc);

            doc.close();
            return out.toByteArray();
        }

        private Paragraph para(String str, Font f) {
            Paragraph p = new Paragraph(f.getSize() * 1.6f, chunk(str, f));
            p.setSpacingAfter(f.getSize() * 0.45f);
            return p;
        }

        private Chunk chunk(String str, Font f) {
            Chunk c = new Chunk(str, f);
            c.setSplitCharacter(Kinsoku.INSTANCE);
            return c;
        }

        private void header(Document doc) throws DocumentException {
            Paragraph clinic = para(s.clinic().name(), h2);
            clinic.setSpacingAfter(0);
            doc.add(clinic);
            doc.add(para(s.clinic().address() + "　" + s.clinic().phone(), small));
            Paragraph tp = para(text.title(), title);
            tp.setSpacingBefore(10);
            tp.setSpacingAfter(6);
            doc.add(tp);
            doc.add(para(l("documentId") + ": " + s.id() + "　　" + l("consultation") + ": "
                    + TIME.format(s.startedAt()), smallMuted));
        }

        private void parties(Document doc) throws DocumentException {
            ConsentSession.Patient p = s.patient();
            Map<String, String> patient = new LinkedHashMap<>();
            patient.put(l("patient.name"), p.name());
            if (p.kana() != null && !p.kana().isBlank()) {
                patient.put(l("patient.kana"), p.kana());
            }
            LocalDate day = s.startedAt().toLocalDate();
            patient.put(l("patient.dateOfBirth"), words.date(p.dateOfBirth()) + "（"
                    + l("patient.age", Period.between(p.dateOfBirth(), day).getYears()) + "）");
            patient.put(l("patient.number"), p.patientNumber());
            if (s.representative() != null) {
                patient.put(l("representative"), s.representative().name() + "（"
                        + l("representative.relationship") + ": " + s.representative().relationship() + "）");
            }
            patient.put(l("physician"), s.physician().name() + "（" + l("physician.licence") + " "
                    + s.physician().licenceNumber() + "）");
            addHeading(doc, l("patient"));
            doc.add(table(patient));

            ConsentSession.Treatment tr = s.treatment();
            ConsentSession.Product pr = tr.product();
            Map<String, String> treatment = new LinkedHashMap<>();
            treatment.put(l("treatment.indication"), text.indications().get(tr.indication()));
            treatment.put(l("treatment.route"), words.route(tr.route()));
            treatment.put(l("treatment.plannedDate"), words.date(tr.plannedDate()));
            treatment.put(l("treatment.sessions"), String.valueOf(tr.sessions()));
            treatment.put(l("treatment.price"), words.price(tr.priceYen()));
            treatment.put(l("product"), pr.name());
            treatment.put(l("product.manufacturer"), pr.manufacturer());
            treatment.put(l("product.sourceCells"), pr.sourceCells());
            treatment.put(l("product.virusTests"), words.list(pr.virusTests()));
            treatment.put(l("product.sterilisation"), words.sterilisation(pr.sterilisation()));
            if (pr.storage() != null && !pr.storage().isBlank()) {
                treatment.put(l("product.storage"), pr.storage());
            }
            treatment.put(l("lot"), tr.lot().number() + "（" + l("lot.expiry") + " " + words.date(tr.lot().expiry())
                    + "）");
            addHeading(doc, l("treatment"));
            doc.add(table(treatment));
        }

        /** Starts a new page unless {@code points} of height are left: a heading never ends a page alone. */
        private void ensureSpace(Document doc, float points) {
            if (writer.getVerticalPosition(true) - doc.bottom() < points) {
                doc.newPage();
            }
        }

        private void addHeading(Document doc, String str) throws DocumentException {
            ensureSpace(doc, 110);
            doc.add(heading(str));
        }

        private Paragraph heading(String str) {
            Paragraph p = para(str, h1);
            p.setSpacingBefore(12);
            p.setSpacingAfter(4);
            p.setKeepTogether(true);
            return p;
        }

        private PdfPTable table(Map<String, String> rows) throws DocumentException {
            PdfPTable table = new PdfPTable(new float[] {1.3f, 4f});
            table.setWidthPercentage(100);
            table.setSpacingAfter(4);
            for (Map.Entry<String, String> e : rows.entrySet()) {
                table.addCell(cell(e.getKey(), label));
                table.addCell(cell(e.getValue(), body));
            }
            return table;
        }

        private PdfPCell cell(String str, Font f) {
            PdfPCell c = new PdfPCell(new Phrase(f.getSize() * 1.45f, chunk(str, f)));
            c.setBorder(Rectangle.BOTTOM);
            c.setBorderColor(RULE);
            c.setLeading(0, 1.35f);
            c.setPaddingTop(2);
            c.setPaddingBottom(5);
            return c;
        }

        private void sections(Document doc) throws DocumentException {
            addHeading(doc, l("explanation"));
            Map<String, OffsetDateTime> acks = new LinkedHashMap<>();
            s.acknowledgements().forEach(a -> acks.putIfAbsent(a.section(), a.at()));
            for (RenderedSection rs : SessionText.sections(s, t)) {
                ensureSpace(doc, 90);
                Paragraph head = para(rs.title(), h2);
                head.setSpacingBefore(8);
                head.setKeepTogether(true);
                doc.add(head);
                for (String p : rs.paragraphs()) {
                    doc.add(para(p, body));
                }
                OffsetDateTime at = acks.get(rs.id());
                if (at != null) {
                    Paragraph a = para("■ " + l("ack", TIME.format(at)), ack);
                    a.setSpacingAfter(6);
                    doc.add(a);
                }
            }
        }

        private void quiz(Document doc) throws DocumentException {
            addHeading(doc, l("quiz"));
            int n = 0;
            for (Manifest.QuestionDef def : t.manifest().questions()) {
                n++;
                LanguageText.QuestionText q = text.question(def.id());
                ensureSpace(doc, 60);
                Paragraph qp = para(l("quiz.question", n) + " " + q.text(), bodyBold);
                qp.setSpacingBefore(4);
                doc.add(qp);
                ConsentSession.QuizEntry entry = s.quiz().stream().filter(e -> def.id().equals(e.question()))
                        .findFirst().orElseThrow();
                int attempt = 0;
                for (ConsentSession.Answer a : entry.answers()) {
                    attempt++;
                    String option = q.options().stream().filter(o -> o.id().equals(a.option())).findFirst()
                            .orElseThrow().text();
                    boolean right = a.option().equals(def.correct());
                    Paragraph ap = para(l("quiz.attempt", attempt, CLOCK.format(a.at()), "「" + option + "」")
                            + " — " + l(right ? "quiz.correct" : "quiz.wrong"), right ? ack : wrong);
                    ap.setIndentationLeft(14);
                    doc.add(ap);
                    if (!right) {
                        Paragraph ex = para(l("quiz.explanation") + " " + q.explanation(), small);
                        ex.setIndentationLeft(28);
                        doc.add(ex);
                    }
                }
            }
        }

        private void notes(Document doc) throws DocumentException {
            addHeading(doc, l("notes"));
            ConsentSession.Notes notes = s.notes();
            boolean any = false;
            if (notes != null && notes.physician() != null && !notes.physician().isBlank()) {
                doc.add(para(l("notes.physician"), bodyBold));
                doc.add(para(notes.physician(), body));
                any = true;
            }
            if (notes != null) {
                for (ConsentSession.PatientQuestion q : notes.patientQuestions()) {
                    doc.add(para(l("notes.question") + ": " + q.question(), bodyBold));
                    if (q.answer() != null && !q.answer().isBlank()) {
                        Paragraph a = para(l("notes.answer") + ": " + q.answer(), body);
                        a.setIndentationLeft(14);
                        doc.add(a);
                    }
                    any = true;
                }
            }
            if (!any) {
                doc.add(para(l("notes.none"), body));
            }
        }

        private void signatures(Document doc) throws DocumentException, IOException {
            addHeading(doc, l("signatures"));
            for (SignatureRole role : List.of(SignatureRole.PATIENT, SignatureRole.REPRESENTATIVE,
                    SignatureRole.PHYSICIAN)) {
                Signature sig = s.signatures().stream().filter(x -> x.role() == role).findFirst().orElse(null);
                if (sig == null) {
                    continue;
                }
                String statement = switch (role) {
                    case PATIENT -> l("statement.patient");
                    case REPRESENTATIVE -> l("statement.representative");
                    case PHYSICIAN -> l("statement.physician");
                };
                String roleName = role == SignatureRole.REPRESENTATIVE
                        ? l("role.representative", s.representative().relationship())
                        : l("role." + role.name().toLowerCase(Locale.ROOT));
                PdfPTable box = new PdfPTable(new float[] {3f, 2.2f});
                box.setWidthPercentage(100);
                box.setKeepTogether(true);
                box.setSpacingBefore(6);
                box.setSpacingAfter(6);
                PdfPCell left = new PdfPCell();
                left.setBorder(Rectangle.NO_BORDER);
                left.addElement(para(statement, body));
                Paragraph who = para(roleName + "：" + sig.name(), bodyBold);
                left.addElement(who);
                left.addElement(para(l("signedAt", TIME.format(sig.at())), small));
                box.addCell(left);
                Image img = onWhite(Base64.getMimeDecoder().decode(sig.png()));
                img.scaleToFit(170, 70);
                PdfPCell right = new PdfPCell(img, false);
                right.setBorder(Rectangle.BOX);
                right.setBorderColor(RULE);
                right.setPadding(6);
                right.setHorizontalAlignment(Element.ALIGN_CENTER);
                right.setVerticalAlignment(Element.ALIGN_MIDDLE);
                right.setMinimumHeight(84);
                box.addCell(right);
                doc.add(box);
            }
            doc.add(para(l("digital", s.clinic().name()), smallMuted));
        }

        /**
         * The signature as raw 8-bit grey on white: no transparency mask and no PNG round trip, so it is stored
         * once, compressed by the PDF writer, and drawn with native loops.
         */
        private Image onWhite(byte[] png) throws IOException, DocumentException {
            BufferedImage src = ImageIO.read(new ByteArrayInputStream(png));
            BufferedImage grey = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = grey.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, src.getWidth(), src.getHeight());
            g.drawImage(src, 0, 0, null);
            g.dispose();
            byte[] pixels = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
            return Image.getInstance(grey.getWidth(), grey.getHeight(), 1, 8, pixels);
        }

        private void references(Document doc) throws DocumentException {
            addHeading(doc, l("references"));
            doc.add(para(l("references.legend"), smallMuted));
            for (Manifest.Reference r : t.manifest().references()) {
                String line = "[" + r.confidence() + "] " + r.citation() + " (" + r.date() + ")"
                        + (r.note() == null || r.note().isBlank() ? "" : " — " + r.note());
                Paragraph p = para(line, small);
                p.setSpacingAfter(2);
                doc.add(p);
            }
        }

        /** Template id, version and hash and "page n / N" on every page; N is filled in when the document closes. */
        private final class Footer extends PdfPageEventHelper {
            private PdfTemplate total;

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
                ColumnText.showTextAligned(cb, Element.ALIGN_LEFT, new Phrase(l("footer.template", t.id(),
                        t.version(), t.sha256()), new Font(bf, 6.5f, Font.NORMAL, MUTED)), left, y, 0);
                ColumnText.showTextAligned(cb, Element.ALIGN_LEFT, new Phrase(l("documentId") + " " + s.id(),
                        new Font(bf, 6.5f, Font.NORMAL, MUTED)), left, y - 10, 0);
                // "Page n / N": n now, N from a template that is filled in when the document closes
                Font f = new Font(bf, 8, Font.NORMAL, INK);
                String page = l("footer.page", writer.getPageNumber()) + " / ";
                float totalWidth = bf.getWidthPoint("0000", 8);
                float x = right - totalWidth - bf.getWidthPoint(page, 8);
                ColumnText.showTextAligned(cb, Element.ALIGN_LEFT, new Phrase(page, f), x, y - 10, 0);
                cb.addTemplate(total, right - totalWidth, y - 10 - 3);
            }

            @Override
            public void onCloseDocument(PdfWriter writer, Document document) {
                ColumnText.showTextAligned(total, Element.ALIGN_LEFT, new Phrase(
                        String.valueOf(writer.getPageNumber() - 1), new Font(bf, 8, Font.NORMAL, INK)), 0, 3, 0);
            }
        }
    }
}
