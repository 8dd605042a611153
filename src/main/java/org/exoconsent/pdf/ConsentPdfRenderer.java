package org.exoconsent.pdf;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfString;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.ConsentSession.Signature;
import org.exoconsent.consent.ConsentSession.SignatureRole;
import org.exoconsent.consent.SessionText;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.LanguageText;
import org.exoconsent.template.Manifest;
import org.exoconsent.template.RenderedSection;
import org.exoconsent.template.TemplateText;

/**
 * Lays out one complete, checked session as an A4 consent document in the session's language: clinic header,
 * patient and treatment with the product and lot snapshot, every section as presented with its acknowledgement,
 * every answer to the check questions, notes, signatures, references; on every page the template id, version and
 * SHA-256 and "page n / N". The result is not yet digitally signed (see {@link PdfSigner}).
 */
public final class ConsentPdfRenderer {
    private final String creator;
    /**
     * Every time in the document is printed in the clinic's time zone ({@link ClinicClock#format}), whatever offset
     * the device wrote: the day printed is the clinic's day, as for the age and the last consent's date.
     */
    private final ClinicClock clock;

    /**
     * @param creator the program named in the PDF's metadata
     * @param clock   the clinic's clock: its zone prints every time and counts the patient's age
     */
    public ConsentPdfRenderer(String creator, ClinicClock clock) {
        this.creator = creator;
        this.clock = clock;
    }

    /**
     * Renders a session that has passed {@code CompletenessCheck}. The declarations above the signatures, the
     * notice under them and the references' legend and descriptions are the template's own words (format 2).
     *
     * @throws IllegalArgumentException when the template is in format 1, whose declarations are not in the
     *                                  template: it cannot be used for a new consent
     */
    public byte[] render(ConsentSession s, ConsentTemplate t) {
        if (t.format() < 2) {
            throw new IllegalArgumentException("template " + t.id() + " version " + t.version() + " is in format "
                    + t.format() + ": its declarations are not in the template; it cannot be used for a new consent");
        }
        try {
            return new Layout(s, t).build();
        } catch (DocumentException | IOException e) {
            throw new IllegalStateException("the consent document could not be laid out: " + e.getMessage(), e);
        }
    }

    private final class Layout extends PdfKit {
        private final ConsentSession s;
        private final ConsentTemplate t;
        private final LanguageText text;
        /** Placeholder values for the template's declarations and descriptions: the same as for its sections. */
        private final Map<String, String> values;
        private PdfWriter writer;

        Layout(ConsentSession s, ConsentTemplate t) {
            super(s.template().language());
            this.s = s;
            this.t = t;
            this.text = t.language(lang).orElseThrow();
            this.values = SessionText.context(s, t).values();
        }

        byte[] build() throws DocumentException, IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
            Document doc = newDocument();
            writer = PdfWriter.getInstance(doc, out);
            writer.setPdfVersion(PdfWriter.VERSION_1_7);
            writer.setPageEvent(new Footer(l("footer.template", t.id(), t.version(), t.sha256()),
                    l("documentId") + " " + s.id()));
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
                    + clock.format(s.startedAt()) + (s.previousConsent() == null ? ""
                    : "　　" + l("previousConsent") + ": " + s.previousConsent()), smallMuted));
            if (s.lastConsent() != null) {
                doc.add(para(l("lastConsent", words.date(s.lastConsent().date()), s.lastConsent().documentId(),
                        s.lastConsent().templateVersion()), smallMuted));
            }
        }

        private void parties(Document doc) throws DocumentException {
            ConsentSession.Patient p = s.patient();
            Map<String, String> patient = new LinkedHashMap<>();
            patient.put(l("patient.name"), p.name());
            if (p.kana() != null && !p.kana().isBlank()) {
                patient.put(l("patient.kana"), p.kana());
            }
            LocalDate day = CompletenessCheck.consultationDay(s, clock);
            patient.put(l("patient.dateOfBirth"), words.date(p.dateOfBirth()) + "（"
                    + l("patient.age", Period.between(p.dateOfBirth(), day).getYears()) + "）");
            patient.put(l("patient.number"), p.patientNumber());
            if (s.representative() != null) {
                patient.put(l("representative"), s.representative().name() + "（"
                        + l("representative.relationship") + ": " + s.representative().relationship() + "）");
            }
            patient.put(l("physician"), s.physician().name() + "（" + l("physician.licence") + " "
                    + s.physician().licenceNumber() + "）");
            // who prepared the consultation and who decided the treatment (MHLW 医政発0815第21号, issue 11 §2)
            if (s.preparedBy() != null) {
                patient.put(l("preparedBy"), l("preparedBy.value", s.preparedBy().account(),
                        clock.format(s.preparedBy().at())));
            }
            if (s.confirmedBy() != null) {
                patient.put(l("confirmedBy"), l("confirmedBy.value", s.confirmedBy().name(),
                        s.confirmedBy().licenceNumber(), s.confirmedBy().account(),
                        clock.format(s.confirmedBy().at())));
            }
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
            // the lot right under the product: what a recall looks for, never alone at the top of the next page
            treatment.put(l("lot"), tr.lot().number() + "（" + l("lot.expiry") + " " + words.date(tr.lot().expiry())
                    + "）");
            treatment.put(l("product.manufacturer"), pr.manufacturer());
            treatment.put(l("product.sourceCells"), pr.sourceCells());
            treatment.put(l("product.virusTests"), words.list(pr.virusTests()));
            treatment.put(l("product.sterilisation"), words.sterilisation(pr.sterilisation()));
            if (pr.origin() != null) { // schema 1 sessions (records signed before issue 11) have neither
                treatment.put(l("product.origin"), l("origin." + org.exoconsent.consent.Ids.of(pr.origin())));
            }
            if (pr.supply() != null) {
                treatment.put(l("product.supply"), l("supply." + org.exoconsent.consent.Ids.of(pr.supply())));
            }
            if (pr.storage() != null && !pr.storage().isBlank()) {
                treatment.put(l("product.storage"), pr.storage());
            }
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



        private void sections(Document doc) throws DocumentException {
            ensureSpace(doc, 200); // the heading stays with the start of the first section (it ended page 1 alone)
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
                    Paragraph a = para("■ " + l("ack", clock.format(at)), ack);
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
                    Paragraph ap = para(l("quiz.attempt", attempt, clock.timeOfDay(a.at()), "「" + option + "」")
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

        /**
         * The signatures, each under the template's declaration for its role. For a minor (issue 11 §3): the legal
         * representative's consent first, then the minor's own signature under the assent declaration (never the
         * patient's consent), or, when the minor did not sign, the template's sentence saying so with the
         * physician's recorded reason.
         */
        private void signatures(Document doc) throws DocumentException, IOException {
            addHeading(doc, l("signatures"));
            boolean minor = CompletenessCheck.isMinor(s, clock);
            List<SignatureRole> order = minor
                    ? List.of(SignatureRole.REPRESENTATIVE, SignatureRole.PATIENT, SignatureRole.PHYSICIAN)
                    : List.of(SignatureRole.PATIENT, SignatureRole.REPRESENTATIVE, SignatureRole.PHYSICIAN);
            LanguageText.Declarations d = text.declarations();
            for (SignatureRole role : order) {
                Signature sig = s.signatures().stream().filter(x -> x.role() == role).findFirst().orElse(null);
                if (sig == null) {
                    if (role == SignatureRole.PATIENT && minor && s.assentNotSigned() != null) {
                        assentNotSigned(doc, d);
                    }
                    continue;
                }
                boolean assent = role == SignatureRole.PATIENT && minor && d.assent() != null;
                String statement = SessionText.declaration(s, t, role, clock); // the same text the signer saw on screen
                String roleName = role == SignatureRole.REPRESENTATIVE
                        ? l("role.representative", s.representative().relationship())
                        : assent ? l("role.assent")
                        : l("role." + role.name().toLowerCase(Locale.ROOT));
                PdfPTable box = signatureBox(3f, 2.2f);
                PdfPCell left = new PdfPCell();
                left.setBorder(Rectangle.NO_BORDER);
                left.addElement(para(statement, body));
                Paragraph who = para(roleName + "：" + sig.name(), bodyBold);
                left.addElement(who);
                left.addElement(para(l("signedAt", clock.format(sig.at())), small));
                box.addCell(left);
                box.addCell(signatureCell(sig.png(), null));
                doc.add(box);
            }
            doc.add(para(TemplateText.fill(text.declarations().digitalSignature(), values), smallMuted));
        }

        /** One signer's block across the page, kept together on one page, with these column widths. */
        private static PdfPTable signatureBox(float... widths) {
            PdfPTable box = new PdfPTable(widths);
            box.setWidthPercentage(100);
            box.setKeepTogether(true);
            box.setSpacingBefore(6);
            box.setSpacingAfter(6);
            return box;
        }

        /** In place of a minor's signature: the template's sentence, the physician's reason and when it was recorded. */
        private void assentNotSigned(Document doc, LanguageText.Declarations d) throws DocumentException {
            PdfPTable box = signatureBox(1f);
            PdfPCell cell = new PdfPCell();
            cell.setBorder(Rectangle.NO_BORDER);
            cell.addElement(para(l("role.assentNotSigned") + "：" + s.patient().name(), bodyBold));
            String statement = d.assentNotSigned() != null ? TemplateText.fill(d.assentNotSigned(), values)
                    : l("assentNotSigned");
            cell.addElement(para(statement, body));
            cell.addElement(para(l("assentNotSigned.reason", s.assentNotSigned().reason(), s.physician().name()),
                    body));
            cell.addElement(para(l("assentNotSigned.at", clock.format(s.assentNotSigned().at())), small));
            box.addCell(cell);
            doc.add(box);
        }


        private void references(Document doc) throws DocumentException {
            addHeading(doc, l("references"));
            doc.add(para(TemplateText.fill(text.declarations().referencesLegend(), values), smallMuted));
            for (Manifest.Reference r : t.manifest().references()) {
                String description = text.references().get(r.id());
                Paragraph p = para(referenceLine(r, description == null ? null
                        : TemplateText.fill(description, values)), small);
                p.setSpacingAfter(2);
                doc.add(p);
            }
        }

    }
}
