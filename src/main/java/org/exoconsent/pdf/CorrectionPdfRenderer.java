package org.exoconsent.pdf;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfString;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.Correction;

/**
 * Lays out a correction of a patient's detail (訂正書) in the consent's language: which consent it corrects
 * (document id, day, SHA-256 of the signed original), the patient, the field, the value before and after, the
 * reason, who received it and when it was recorded. Its facts are embedded as {@link EmbeddedFacts#CORRECTION}.
 * Not yet digitally signed (see {@link PdfSigner}).
 */
public final class CorrectionPdfRenderer {
    private final String creator;
    private final ClinicClock clock;

    /**
     * @param creator the program named in the PDF's metadata
     * @param clock   the clinic's clock, whose zone prints the consent's day and the time the correction was recorded
     */
    public CorrectionPdfRenderer(String creator, ClinicClock clock) {
        this.creator = creator;
        this.clock = clock;
    }

    /**
     * Lays out the correction, its facts embedded (to be signed next).
     *
     * @throws IllegalStateException when the document cannot be laid out
     */
    public byte[] render(Correction c) {
        try {
            return DocumentFonts.writing(() -> new Layout(c).build());
        } catch (DocumentException | IOException e) {
            throw new IllegalStateException("the correction could not be laid out: " + e.getMessage(), e);
        }
    }

    private final class Layout extends PdfKit {
        private final Correction c;
        private final ConsentSession o;

        Layout(Correction c) {
            super(c.original().template().language());
            this.c = c;
            this.o = c.original();
        }

        byte[] build() throws DocumentException, IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(128 * 1024);
            Document doc = newDocument();
            PdfWriter writer = PdfWriter.getInstance(doc, out);
            writer.setPdfVersion(PdfWriter.VERSION_1_7);
            writer.setPageEvent(new Footer(l("correction.original") + ": " + o.id(), l("documentId") + " "
                    + c.id()));
            writer.getExtraCatalog().put(PdfName.LANG, new PdfString(lang));
            doc.addTitle(l("correction.title"));
            doc.addSubject(o.clinic().name() + " — " + o.patient().patientNumber());
            doc.addKeywords("exoconsent; correction " + c.id() + "; of " + o.id());
            doc.addCreator(creator);
            doc.addProducer();
            doc.open();
            EmbeddedFacts.attach(writer, EmbeddedFacts.CORRECTION, EmbeddedFacts.correction(c));

            Paragraph clinic = para(o.clinic().name(), h2);
            clinic.setSpacingAfter(0);
            doc.add(clinic);
            doc.add(para(l("clinic.contact", o.clinic().address(), o.clinic().phone()), small));
            Paragraph tp = para(l("correction.title"), title);
            tp.setSpacingBefore(10);
            doc.add(tp);
            doc.add(para(l("documentId") + ": " + c.id(), smallMuted));

            Map<String, String> rows = new LinkedHashMap<>();
            rows.put(l("correction.original"), l("withdrawal.originalValue", o.id(),
                    words.date(clock.day(o.startedAt())), c.originalPdfSha256()));
            rows.put(l("patient.number"), o.patient().patientNumber());
            rows.put(l("patient.dateOfBirth"), words.date(o.patient().dateOfBirth()));
            rows.put(l("correction.field"), l("correction.field." + c.field().key()));
            rows.put(l("correction.before"), c.before() == null ? l("correction.empty") : c.before());
            rows.put(l("correction.after"), c.after());
            rows.put(l("correction.reason"), c.reason());
            rows.put(l("withdrawal.receivedBy"), c.receivedBy());
            rows.put(l("withdrawal.recordedAt"), clock.format(c.recordedAt()));
            doc.add(new Paragraph(" "));
            doc.add(table(rows));
            Paragraph statement = para(l("correction.statement"), body);
            statement.setSpacingBefore(12);
            doc.add(statement);
            doc.add(para(l("digital", o.clinic().name()), smallMuted));
            doc.close();
            return out.toByteArray();
        }
    }
}
