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
import java.util.List;
import java.util.Map;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.InformedRefusal;
import org.exoconsent.consent.SessionText;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.LanguageText;
import org.exoconsent.template.RenderedSection;
import org.exoconsent.template.TemplateText;

/**
 * Lays out an informed refusal (説明を受けたうえで治療を受けないことにした記録; issue 16 §5) in the consultation's
 * language, its wording from the template ({@code refusal} of the language file, from exosome-therapy 1.3.0): the
 * title and what the document records, the patient, physician, planned treatment, product and lot, when the
 * consultation began and when the patient declined, the sections explained (their titles, numbered as shown), the
 * template id, version and SHA-256, that the patient may ask again, and the signatures — the patient's (or legal
 * representative's) or the template's "did not sign" with the physician's note, then the physician's. Its facts are
 * embedded as {@link EmbeddedFacts#REFUSAL}; not yet digitally signed (see {@link PdfSigner}).
 */
public final class RefusalPdfRenderer {
    private final String creator;
    private final ClinicClock clock;
    private final boolean notArchived;

    /**
     * @param creator the program named in the PDF's metadata
     * @param clock   the clinic's clock, whose zone prints the times
     */
    public RefusalPdfRenderer(String creator, ClinicClock clock) {
        this(creator, clock, false);
    }

    /**
     * @param notArchived whether every page carries at its top the mark "not an archived record" ({@code exoconsent
     *                    render}), as {@link ConsentPdfRenderer} does
     */
    public RefusalPdfRenderer(String creator, ClinicClock clock, boolean notArchived) {
        this.creator = creator;
        this.clock = clock;
        this.notArchived = notArchived;
    }

    /**
     * Lays out the refusal with the template version its consultation names.
     *
     * @throws IllegalArgumentException when the template has no informed refusal's text in the consultation's language
     *                                  (the refusal's rules refuse this first: {@code CompletenessCheck.refusalProblems})
     * @throws IllegalStateException    when the document cannot be laid out
     */
    public byte[] render(InformedRefusal r, ConsentTemplate t) {
        String lang = r.consultation().template().language();
        LanguageText text = t.language(lang).orElseThrow(() -> new IllegalArgumentException("template " + t.id()
                + " " + t.version() + " has no language '" + lang + "'"));
        if (text.refusal() == null) {
            throw new IllegalArgumentException("template " + t.id() + " version " + t.version()
                    + " has no text for an informed refusal");
        }
        try {
            return DocumentFonts.writing(() -> new Layout(r, t, text).build());
        } catch (DocumentException | IOException e) {
            throw new IllegalStateException("the informed refusal could not be laid out: " + e.getMessage(), e);
        }
    }

    private final class Layout extends PdfKit {
        private final InformedRefusal r;
        private final ConsentSession s;
        private final ConsentTemplate t;
        private final LanguageText text;
        private final LanguageText.Refusal rt;

        Layout(InformedRefusal r, ConsentTemplate t, LanguageText text) {
            super(r.consultation().template().language());
            this.r = r;
            this.s = r.consultation();
            this.t = t;
            this.text = text;
            this.rt = text.refusal();
        }

        byte[] build() throws DocumentException, IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(128 * 1024);
            Document doc = newDocument();
            openSigned(doc, out, new Footer(l("footer.template", t.id(), t.version(), t.sha256()), l("documentId")
                    + " " + r.id(), notArchived ? l("mark.notArchived") : null), rt.title(), s, "exoconsent; refusal "
                    + r.id() + "; consultation " + s.id() + "; template " + t.id() + " " + t.version() + "; sha256 "
                    + t.sha256(), creator, EmbeddedFacts.REFUSAL, EmbeddedFacts.refusal(r));
            heading(doc, s.clinic(), rt.title(), r.id());
            doc.add(para(rt.intro(), body));

            Map<String, String> rows = new LinkedHashMap<>();
            rows.put(l("patient.name"), l("parenthetical", s.patient().name(), l("patient.number") + " "
                    + s.patient().patientNumber()));
            rows.put(l("patient.dateOfBirth"), words.date(s.patient().dateOfBirth()));
            if (s.representative() != null) {
                rows.put(l("representative"), l("parenthetical", s.representative().name(),
                        words.relationship(s.representative())));
            }
            rows.put(l("physician"), l("parenthetical", s.physician().name(), l("physician.licence") + " "
                    + s.physician().licenceNumber()));
            ConsentSession.Treatment tr = s.treatment();
            if (tr != null) {
                String indication = text.indications().get(tr.indication());
                rows.put(l("treatment.indication"), indication == null ? tr.indication() : indication);
                if (tr.route() != null) {
                    rows.put(l("treatment.route"), words.route(tr.route()));
                }
                if (tr.product() != null) {
                    rows.put(l("product"), tr.product().name());
                }
                if (tr.lot() != null) {
                    rows.put(l("lot"), l("parenthetical", tr.lot().number(), l("lot.expiry") + " "
                            + words.date(tr.lot().expiry())));
                }
            }
            rows.put(l("refusal.startedAt"), clock.format(s.startedAt()));
            rows.put(l("refusal.declinedAt"), clock.format(r.declinedAt()));
            rows.put(l("refusal.template"), l("refusal.templateValue", t.id(), t.version(), t.sha256()));
            doc.add(new Paragraph(" "));
            doc.add(table(rows));

            Paragraph h = para(rt.explained(), h2);
            h.setSpacingBefore(8);
            doc.add(h);
            List<RenderedSection> explained = SessionText.explained(r, t);
            for (RenderedSection sec : explained) {
                doc.add(para(sec.title(), body));
            }
            Paragraph again = para(rt.again(), body);
            again.setSpacingBefore(8);
            doc.add(again);

            // the patient's side: their (or the representative's) signature, or the physician's note
            PdfPTable box = new PdfPTable(new float[] {3f, 2.2f});
            box.setWidthPercentage(100);
            box.setSpacingBefore(12);
            box.setKeepTogether(true);
            PdfPCell left = new PdfPCell();
            left.setBorder(Rectangle.NO_BORDER);
            ConsentSession.Signature patient = r.patientSide().orElse(null);
            if (patient != null) {
                left.addElement(para(rt.patient(), bodyBold));
                String role = patient.role() == ConsentSession.SignatureRole.REPRESENTATIVE
                        ? l("role.representative", words.relationship(s.representative())) : l("role.patient");
                left.addElement(para(l("signer", role, patient.name()), body));
                left.addElement(para(l("signedAt", clock.format(patient.at())), smallMuted));
                box.addCell(left);
                box.addCell(signatureCell(patient.png(), ""));
            } else {
                InformedRefusal.WouldNotSign none = r.patientWouldNotSign();
                left.addElement(para(rt.notSigned(), bodyBold));
                left.addElement(para(none.note(), body));
                left.addElement(para(l("refusal.noteBy", none.account(), clock.format(none.at())), smallMuted));
                box.addCell(left);
                box.addCell(signatureCell(null, l("refusal.noPatientSignature")));
            }
            doc.add(box);

            ConsentSession.Signature physician = r.physicianSignature().orElseThrow();
            PdfPTable pbox = new PdfPTable(new float[] {3f, 2.2f});
            pbox.setWidthPercentage(100);
            pbox.setSpacingBefore(8);
            pbox.setKeepTogether(true);
            PdfPCell pleft = new PdfPCell();
            pleft.setBorder(Rectangle.NO_BORDER);
            pleft.addElement(para(rt.physician(), bodyBold));
            pleft.addElement(para(l("signer", l("role.physician"), physician.name()), body));
            pleft.addElement(para(l("signedAt", clock.format(physician.at())), smallMuted));
            pbox.addCell(pleft);
            pbox.addCell(signatureCell(physician.png(), ""));
            doc.add(pbox);

            String digital = text.declarations() == null ? l("digital", s.clinic().name())
                    : TemplateText.fill(text.declarations().digitalSignature(), Map.of("clinic.name",
                    s.clinic().name()));
            doc.add(para(digital, smallMuted));
            doc.close();
            return out.toByteArray();
        }
    }
}
