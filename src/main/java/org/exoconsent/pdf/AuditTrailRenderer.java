package org.exoconsent.pdf;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfString;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The audit trail as an A4 landscape PDF for an inspector or a court ({@code exoconsent audit export --out
 * FILE.pdf}): a title page header with the clinic, the filter, the clinic's time zone, the chain's head (newest
 * sequence and hash) and whether the chain verifies; then one row per entry: sequence, time in the clinic's zone,
 * who, action, subject (record or document), details. Japanese and every other character are drawn with the bundled
 * fonts (the same fallback chain as a consent); a character none of them has is written as {@code [U+XXXX]}, so an
 * entry is never dropped or cut. Not signed: the trail itself is the evidence, and the head lets the reader check
 * this copy against the clinic's data directory.
 */
public final class AuditTrailRenderer {
    /** One entry as printed; every time already in the clinic's zone. */
    public record Row(long seq, String time, String actor, String action, String subject, String details) {
    }

    /**
     * What the document says above the entries.
     *
     * @param clinic       the clinic's name
     * @param filter       the filter in words ("from 2026-11-20 to 2026-11-21, action created")
     * @param zone         the clinic's time zone id (every time printed is in it)
     * @param made         when the export was made, in the clinic's zone
     * @param madeBy       who made it (the audit log's actor)
     * @param headSeq      the newest entry's sequence number (0 for an empty trail)
     * @param headHash     the newest entry's SHA-256 (hex)
     * @param verifies     whether the whole chain verifies
     * @param problems     what breaks the chain, in words (empty when it verifies)
     */
    public record Heading(String clinic, String filter, String zone, String made, String madeBy, long headSeq,
                          String headHash, boolean verifies, List<String> problems) {
    }

    private final String creator;

    public AuditTrailRenderer(String creator) {
        this.creator = creator;
    }

    /**
     * @param language {@code ja} or {@code en}: the language of the headings (the entries are as recorded)
     * @return the PDF's bytes
     */
    public byte[] render(String language, Heading heading, List<Row> rows) {
        try {
            return DocumentFonts.writing(() -> new Layout(language, heading, rows).build());
        } catch (DocumentException | IOException e) {
            throw new IllegalStateException("the audit trail could not be laid out: " + e.getMessage(), e);
        }
    }

    /** {@code text} with every character no bundled font draws written as {@code [U+XXXX]}, and controls as spaces. */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                b.append(' ');
            } else if (cp == ' ' || Fonts.drawing(cp).isPresent()) {
                b.appendCodePoint(cp);
            } else {
                b.append(String.format("[U+%04X]", cp));
            }
        });
        return b.toString();
    }

    private final class Layout extends PdfKit {
        private final Heading heading;
        private final List<Row> rows;
        private final Font cellFont = new Font(bf, 7.5f, Font.NORMAL, INK);
        private final Font headFont = new Font(bf, 7.5f, Font.BOLD, INK);

        Layout(String language, Heading heading, List<Row> rows) {
            super(language);
            this.heading = heading;
            this.rows = rows;
        }

        byte[] build() throws DocumentException, IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            Document doc = new Document(PageSize.A4.rotate(), 36, 36, 40, 56);
            PdfWriter writer = PdfWriter.getInstance(doc, out);
            writer.setPdfVersion(PdfWriter.VERSION_1_7);
            String head = l("audit.head", String.valueOf(heading.headSeq()), heading.headHash());
            writer.setPageEvent(new Footer(printable(heading.clinic()) + " — " + l("audit.title") + " — "
                    + l("audit.made", heading.made(), printable(heading.madeBy())), head));
            writer.getExtraCatalog().put(PdfName.LANG, new PdfString(lang));
            doc.addTitle(l("audit.title"));
            doc.addSubject(heading.clinic());
            doc.addKeywords("exoconsent; audit trail; head " + heading.headSeq() + " " + heading.headHash());
            doc.addCreator(creator);
            doc.addProducer();
            doc.open();

            doc.add(para(printable(heading.clinic()), h2));
            doc.add(para(l("audit.title"), title));
            PdfPTable about = new PdfPTable(new float[] {1.3f, 6f});
            about.setWidthPercentage(100);
            about.setSpacingAfter(8);
            addPair(about, l("audit.filter"), printable(heading.filter()));
            addPair(about, l("audit.zone"), heading.zone());
            addPair(about, l("audit.madeLabel"), heading.made() + " · " + printable(heading.madeBy()));
            addPair(about, l("audit.headLabel"), head);
            addPair(about, l("audit.chain"), heading.verifies() ? l("audit.verifies")
                    : l("audit.broken") + "\n" + printable(String.join("\n", heading.problems())));
            addPair(about, l("audit.count"), String.valueOf(rows.size()));
            doc.add(about);

            PdfPTable t = new PdfPTable(new float[] {0.55f, 1.8f, 1.6f, 1.3f, 2.1f, 4.3f});
            t.setWidthPercentage(100);
            t.setHeaderRows(1);
            for (String h : new String[] {l("audit.col.seq"), l("audit.col.time"), l("audit.col.actor"),
                l("audit.col.action"), l("audit.col.subject"), l("audit.col.details")}) {
                PdfPCell c = new PdfPCell(phrase(headFont.getSize() * 1.4f, h, headFont));
                c.setBorder(Rectangle.BOTTOM);
                c.setBorderColor(INK);
                c.setPaddingBottom(4);
                t.addCell(c);
            }
            for (Row r : rows) {
                for (String v : new String[] {String.valueOf(r.seq()), r.time(), r.actor(), r.action(), r.subject(),
                    r.details()}) {
                    PdfPCell c = new PdfPCell(phrase(cellFont.getSize() * 1.4f, printable(v), cellFont));
                    c.setBorder(Rectangle.BOTTOM);
                    c.setBorderColor(RULE);
                    c.setPaddingTop(2);
                    c.setPaddingBottom(3);
                    t.addCell(c);
                }
            }
            if (rows.isEmpty()) {
                doc.add(para(l("audit.none"), body));
            } else {
                doc.add(t);
            }
            doc.close();
            return out.toByteArray();
        }

        private void addPair(PdfPTable table, String label, String value) {
            table.addCell(cell(label, this.label));
            table.addCell(cell(value, body));
        }
    }
}
