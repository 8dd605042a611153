package org.exoconsent.pdf;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.Withdrawal;

/**
 * Lays out a withdrawal of consent (同意撤回書) in the original consent's language: which consent it withdraws
 * (document id, date, SHA-256 of the signed original), the patient, the product and lot, the date, the reason, who
 * received it, and the patient's signature when there is one. Not yet digitally signed (see {@link PdfSigner}).
 */
public final class WithdrawalPdfRenderer {
    private final String creator;
    private final ClinicClock clock;

    /**
     * @param creator the program named in the PDF's metadata
     * @param clock   the clinic's clock, whose zone prints the consent's day and the time the withdrawal was recorded
     */
    public WithdrawalPdfRenderer(String creator, ClinicClock clock) {
        this.creator = creator;
        this.clock = clock;
    }

    /**
     * Lays out the withdrawal, its facts embedded as {@link EmbeddedFacts#WITHDRAWAL} (to be signed next).
     *
     * @throws IllegalStateException when the document cannot be laid out
     */
    public byte[] render(Withdrawal w) {
        try {
            return DocumentFonts.writing(() -> new Layout(w).build());
        } catch (DocumentException | IOException e) {
            throw new IllegalStateException("the withdrawal could not be laid out: " + e.getMessage(), e);
        }
    }

    private final class Layout extends PdfKit {
        private final Withdrawal w;
        private final ConsentSession o;

        Layout(Withdrawal w) {
            super(w.original().template().language());
            this.w = w;
            this.o = w.original();
        }

        byte[] build() throws DocumentException, IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(128 * 1024);
            Document doc = newDocument();
            openSigned(doc, out, new Footer(l("withdrawal.original") + ": " + o.id(), l("documentId") + " "
                    + w.id()), l("withdrawal.title"), o, "exoconsent; withdrawal " + w.id() + "; of " + o.id(),
                    creator, EmbeddedFacts.WITHDRAWAL, EmbeddedFacts.withdrawal(w));
            heading(doc, o.clinic(), l("withdrawal.title"), w.id());

            Map<String, String> rows = new LinkedHashMap<>();
            rows.put(l("withdrawal.original"), l("withdrawal.originalValue", o.id(),
                    words.date(clock.day(o.startedAt())), w.originalPdfSha256()));
            rows.put(l("patient.name"), l("parenthetical", o.patient().name(), l("patient.number") + " "
                    + o.patient().patientNumber()));
            rows.put(l("patient.dateOfBirth"), words.date(o.patient().dateOfBirth()));
            if (o.representative() != null) {
                rows.put(l("representative"), l("parenthetical", o.representative().name(),
                        words.relationship(o.representative())));
            }
            rows.put(l("product"), o.treatment().product().name());
            rows.put(l("lot"), o.treatment().lot().number());
            rows.put(l("physician"), o.physician().name());
            rows.put(l("withdrawal.date"), words.date(w.date()));
            rows.put(l("withdrawal.reason"), w.reason());
            rows.put(l("withdrawal.receivedBy"), w.receivedBy());
            rows.put(l("withdrawal.recordedAt"), clock.format(w.recordedAt()));
            Paragraph space = new Paragraph(" ");
            doc.add(space);
            doc.add(table(rows));
            Paragraph statement = para(l("withdrawal.statement"), body);
            statement.setSpacingBefore(12);
            doc.add(statement);

            PdfPTable box = new PdfPTable(new float[] {3f, 2.2f});
            box.setWidthPercentage(100);
            box.setSpacingBefore(12);
            box.setKeepTogether(true);
            PdfPCell left = new PdfPCell();
            left.setBorder(Rectangle.NO_BORDER);
            left.addElement(para(l("withdrawal.signature"), bodyBold));
            box.addCell(left);
            box.addCell(signatureCell(w.signaturePng(), l("withdrawal.noSignature")));
            doc.add(box);
            doc.add(para(l("digital", o.clinic().name()), smallMuted));
            doc.close();
            return out.toByteArray();
        }
    }
}
