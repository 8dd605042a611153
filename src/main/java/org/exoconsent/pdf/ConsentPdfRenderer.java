package org.exoconsent.pdf;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.ColumnText;
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
import java.util.ArrayList;
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
    /** Whether every page says that the document is not an archived record (a PDF from {@code render}). */
    private final boolean notArchived;

    /**
     * @param creator the program named in the PDF's metadata
     * @param clock   the clinic's clock: its zone prints every time and counts the patient's age
     */
    public ConsentPdfRenderer(String creator, ClinicClock clock) {
        this(creator, clock, false);
    }

    /**
     * @param notArchived whether every page carries, at its top, the mark "not an archived record" in the document's
     *                    language (label {@code mark.notArchived}): for a PDF that is signed but never archived
     *                    ({@code exoconsent render}), so that it cannot pass for the record
     */
    public ConsentPdfRenderer(String creator, ClinicClock clock, boolean notArchived) {
        this.creator = creator;
        this.clock = clock;
        this.notArchived = notArchived;
    }

    /**
     * Renders a session that has passed {@code CompletenessCheck}. The declarations above the signatures, the
     * notice under them and the references' legend and descriptions are the template's own words (format 2).
     * The session itself is embedded as data ({@link EmbeddedFacts#SESSION}), to be signed with the pages.
     *
     * @throws IllegalArgumentException when the template is in format 1, whose declarations are not in the
     *                                  template: it cannot be used for a new consent
     */
    public byte[] render(ConsentSession s, ConsentTemplate t) {
        return layOut(s, t, false);
    }

    /**
     * The document as it will be signed, for the signer to read before signing (issue 12 §3): the same pages from a
     * consultation that has reached its signatures — explanation, answers, notes — with each signer's block
     * (declaration, name and role) above an empty box; no signature image and no signing time, even for those who
     * signed already. Not for the records: it is neither checked for completeness nor signed.
     *
     * @throws IllegalArgumentException as {@link #render}
     * @throws RuntimeException         when the session has not reached its signatures (a question not answered)
     */
    public byte[] renderForReading(ConsentSession s, ConsentTemplate t) {
        return layOut(s, t, true);
    }

    private byte[] layOut(ConsentSession s, ConsentTemplate t, boolean forReading) {
        if (t.format() < 2) {
            throw new IllegalArgumentException("template " + t.id() + " version " + t.version() + " is in format "
                    + t.format() + ": its declarations are not in the template; it cannot be used for a new consent");
        }
        try {
            return DocumentFonts.writing(() -> new Layout(s, t, forReading).build());
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
        /** The document to read before signing: every signer's block, empty; no signature and no signing time. */
        private final boolean forReading;
        private PdfWriter writer;
        private Document doc;

        Layout(ConsentSession s, ConsentTemplate t, boolean forReading) {
            super(s.template().language());
            this.s = s;
            this.t = t;
            this.forReading = forReading;
            this.text = t.language(lang).orElseThrow();
            this.values = SessionText.context(s, t).values();
        }

        byte[] build() throws DocumentException, IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
            doc = newDocument();
            writer = PdfWriter.getInstance(doc, out);
            writer.setPdfVersion(PdfWriter.VERSION_1_7);
            writer.setPageEvent(new Footer(l("footer.template", t.id(), t.version(), t.sha256()),
                    l("documentId") + " " + s.id(), notArchived ? l("mark.notArchived") : null));
            writer.getExtraCatalog().put(PdfName.LANG, new PdfString(lang));
            doc.addTitle(text.title());
            doc.addSubject(s.clinic().name() + " — " + s.patient().name());
            doc.addKeywords("exoconsent; document " + s.id() + "; template " + t.id() + " " + t.version()
                    + "; sha256 " + t.sha256());
            doc.addCreator(creator);
            doc.addProducer();
            doc.open();
            if (!forReading) {
                EmbeddedFacts.attach(writer, EmbeddedFacts.SESSION, EmbeddedFacts.session(s));
            }

            header(doc);
            parties(doc);
            sections(doc);
            checkQuestions(doc);
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
            doc.add(para(l("clinic.contact", s.clinic().address(), s.clinic().phone()), small));
            Paragraph tp = para(text.title(), title);
            tp.setSpacingBefore(10);
            tp.setSpacingAfter(6);
            doc.add(tp);
            String ids = l("pair", l("labelled", l("documentId"), s.id()), l("labelled", l("consultation"),
                    clock.format(s.startedAt())));
            doc.add(para(s.previousConsent() == null ? ids : l("pair", ids, l("labelled", l("previousConsent"),
                    s.previousConsent())), smallMuted));
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
            patient.put(l("patient.dateOfBirth"), l("parenthetical", words.date(p.dateOfBirth()),
                    l("patient.age", Period.between(p.dateOfBirth(), day).getYears())));
            patient.put(l("patient.number"), p.patientNumber());
            if (s.representative() != null) {
                patient.put(l("representative"), l("parenthetical", s.representative().name(),
                        l("labelled", l("representative.relationship"), words.relationship(s.representative()))));
            }
            patient.put(l("physician"), l("parenthetical", s.physician().name(), l("physician.licence") + " "
                    + s.physician().licenceNumber()));
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
            PdfPTable patientTable = table(patient);
            addHeading(doc, l("patient"), start(patientTable));
            doc.add(patientTable);

            ConsentSession.Treatment tr = s.treatment();
            ConsentSession.Product pr = tr.product();
            Map<String, String> treatment = new LinkedHashMap<>();
            treatment.put(l("treatment.indication"), text.indications().get(tr.indication()));
            treatment.put(l("treatment.route"), words.route(tr.route()));
            treatment.put(l("treatment.plannedDate"), words.date(tr.plannedDate()));
            treatment.put(l("treatment.sessions"), words.sessions(tr.sessions()));
            treatment.put(l("treatment.price"), words.price(tr.priceYen()));
            treatment.put(l("product"), pr.name());
            // the lot right under the product: what a recall looks for, never alone at the top of the next page
            treatment.put(l("lot"), l("parenthetical", tr.lot().number(), l("lot.expiry") + " "
                    + words.date(tr.lot().expiry())));
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
            PdfPTable treatmentTable = table(treatment);
            addHeading(doc, l("treatment"), start(treatmentTable));
            doc.add(treatmentTable);
        }

        // --- keeping things together (issue 12 §6) -----------------------------------------------------------
        // What must not be parted is measured before it is added (ColumnText lays out a column as the document
        // does); when it does not fit in what is left of the page, it starts the next one. A heading always comes
        // with the start of what it heads, so no page ends with a heading.

        /**
         * More than measured: the document places a line only where one more line's leading would still fit
         * under it (the body's leading is 16.8 points), so a block needs that much more room than it takes.
         */
        private static final float SLACK = 20;
        /** What must follow a heading on its page when the block it heads is long: three lines of body text. */
        private float threeLines() {
            return 3 * body.getSize() * 1.6f;
        }

        /**
         * The height {@code elements} take across the body's width, spacing included, as the document lays them
         * out (simulated; nothing is drawn and the elements are not used up).
         */
        private float height(Element... elements) throws DocumentException {
            float top = 100_000;
            ColumnText ct = new ColumnText(null);
            ct.setSimpleColumn(doc.left(), 0, doc.right(), top);
            float before = 0;
            for (Element e : elements) {
                ct.addElement(e);
            }
            if (elements.length > 0 && elements[0] instanceof Paragraph p) {
                before = p.getSpacingBefore(); // the column drops it at its top; the page keeps it
            } else if (elements.length > 0 && elements[0] instanceof PdfPTable tb) {
                before = tb.spacingBefore();
            }
            ct.go(true);
            return top - ct.getYLine() + before;
        }

        /**
         * What a heading needs below it on its page: the whole of a short block (a table's first rows, a
         * paragraph), else three lines of it.
         */
        private float start(Element... first) throws DocumentException {
            return Math.min(height(first), threeLines());
        }

        /** The page's height for the body: a block taller than this is split wherever it falls. */
        private float pageBody() {
            return doc.top() - doc.bottom();
        }

        /** Starts a new page unless {@code points} are left on this one (and unless a whole page would not do). */
        private void keepOnOnePage(float points) {
            float left = writer.getVerticalPosition(true) - doc.bottom();
            if (points + SLACK > left && points <= pageBody()) {
                doc.newPage();
            }
        }

        /** Adds elements that must share one page (a question and all its attempts, a note and its text). */
        private void addTogether(Element... elements) throws DocumentException {
            keepOnOnePage(height(elements));
            for (Element e : elements) {
                doc.add(e);
            }
        }

        /** A heading, on the same page as the first {@code following} points of what it heads. */
        private void addHeading(Document doc, String str, float following) throws DocumentException {
            Paragraph h = heading(str);
            keepOnOnePage(height(h) + following);
            doc.add(h);
        }

        /**
         * A heading (not "keep together": OpenPDF would wrap it in a table that measures and breaks differently;
         * {@link #addHeading} keeps it with what follows).
         */
        private Paragraph heading(String str) {
            Paragraph p = para(str, h1);
            p.setSpacingBefore(12);
            p.setSpacingAfter(4);
            return p;
        }

        private Paragraph sectionTitle(String str) {
            Paragraph head = para(str, h2);
            head.setSpacingBefore(8);
            return head;
        }

        private void sections(Document doc) throws DocumentException {
            Map<String, OffsetDateTime> acks = new LinkedHashMap<>();
            s.acknowledgements().forEach(a -> acks.putIfAbsent(a.section(), a.at()));
            boolean first = true;
            for (RenderedSection rs : SessionText.sections(s, t)) {
                Paragraph head = sectionTitle(rs.title());
                List<Paragraph> paragraphs = rs.paragraphs().stream().map(p -> para(p, body)).toList();
                // the section's title with its first lines; the first one also with the heading over all sections
                float following = height(head) + (paragraphs.isEmpty() ? 0 : start(paragraphs.get(0)));
                if (first) {
                    addHeading(doc, l("explanation"), following);
                    first = false;
                } else {
                    keepOnOnePage(following);
                }
                doc.add(head);
                for (Paragraph p : paragraphs) {
                    doc.add(p);
                }
                OffsetDateTime at = acks.get(rs.id());
                if (at != null) {
                    Paragraph a = para("■ " + l("ack", clock.format(at)), ack);
                    a.setSpacingAfter(6);
                    doc.add(a);
                }
            }
        }

        /** The check questions, each with every attempt, kept on one page (issue 12 §6). */
        private void checkQuestions(Document doc) throws DocumentException {
            int n = 0;
            for (Manifest.QuestionDef def : t.manifest().questions()) {
                n++;
                LanguageText.QuestionText q = text.question(def.id());
                List<Element> block = new ArrayList<>();
                Paragraph qp = para(l("checkQuestions.question", n) + " " + q.text(), bodyBold);
                qp.setSpacingBefore(4);
                block.add(qp);
                ConsentSession.CheckQuestionAnswers entry = s.checkQuestions().stream().filter(e -> def.id().equals(e.question()))
                        .findFirst().orElseThrow();
                int attempt = 0;
                for (ConsentSession.Answer a : entry.answers()) {
                    attempt++;
                    String option = q.options().stream().filter(o -> o.id().equals(a.option())).findFirst()
                            .orElseThrow().text();
                    boolean right = a.option().equals(def.correct());
                    Paragraph ap = para(l("checkQuestions.attempt", attempt, clock.timeOfDay(a.at()), option)
                            + " — " + l(right ? "checkQuestions.correct" : "checkQuestions.wrong"), right ? ack : wrong);
                    ap.setIndentationLeft(14);
                    block.add(ap);
                    if (!right) {
                        Paragraph ex = para(l("checkQuestions.explanation") + " " + q.explanation(), small);
                        ex.setIndentationLeft(28);
                        block.add(ex);
                        block.addAll(readAgain(a, def));
                    }
                }
                Element[] together = block.toArray(Element[]::new);
                if (n == 1) {
                    addHeading(doc, l("checkQuestions"), height(together));
                }
                addTogether(together);
            }
            if (n == 0) {
                addHeading(doc, l("checkQuestions"), 0);
            }
        }

        /**
         * Under a wrong attempt (issue 16 §7, rule C5 of docs/SESSION.md): the physician's second explanation in
         * person, who and when (the clinic's zone), and the patient's second acknowledgement of the section; nothing
         * for a session of an earlier release, which kept neither.
         */
        private List<Element> readAgain(ConsentSession.Answer a, Manifest.QuestionDef def) {
            List<Element> lines = new ArrayList<>();
            String title = SessionText.sections(s, t).stream().filter(x -> x.id().equals(def.section()))
                    .map(RenderedSection::title).findFirst().orElse(def.section());
            if (a.explainedAgain() != null) {
                ConsentSession.ExplainedAgain e = a.explainedAgain();
                Paragraph p = para(l("checkQuestions.explainedAgain", e.name(), title, clock.format(e.at()),
                        e.account()), ack);
                p.setIndentationLeft(28);
                lines.add(p);
            }
            if (a.acknowledgedAgain() != null) {
                Paragraph p = para(l("checkQuestions.acknowledgedAgain", clock.format(a.acknowledgedAgain())), small);
                p.setIndentationLeft(28);
                lines.add(p);
            }
            return lines;
        }

        /**
         * The physician's notes and the patient's questions with their answers. A label stays with the start of
         * its text, and a question with the start of its answer; short ones are kept whole on one page.
         */
        private void notes(Document doc) throws DocumentException {
            ConsentSession.Notes notes = s.notes();
            List<Element[]> items = new ArrayList<>();
            if (notes != null && notes.physician() != null && !notes.physician().isBlank()) {
                items.add(new Element[] {para(l("notes.physician"), bodyBold), para(notes.physician(), body)});
            }
            if (notes != null) {
                for (ConsentSession.PatientQuestion q : notes.patientQuestions()) {
                    Paragraph question = para(l("notes.question") + ": " + q.question(), bodyBold);
                    if (q.answer() != null && !q.answer().isBlank()) {
                        Paragraph a = para(l("notes.answer") + ": " + q.answer(), body);
                        a.setIndentationLeft(14);
                        items.add(new Element[] {question, a});
                    } else {
                        items.add(new Element[] {question});
                    }
                }
            }
            if (items.isEmpty()) {
                items.add(new Element[] {para(l("notes.none"), body)});
            }
            boolean first = true;
            for (Element[] item : items) {
                // whole when it is short (a third of a page), else its first element and three lines of the next
                float whole = height(item);
                float needed = whole <= pageBody() / 3 ? whole
                        : height(item[0]) + (item.length > 1 ? start(item[1]) : 0);
                if (first) {
                    addHeading(doc, l("notes"), needed);
                    first = false;
                } else {
                    keepOnOnePage(needed);
                }
                for (Element e : item) {
                    doc.add(e);
                }
            }
        }

        /**
         * The signatures, each under the template's declaration for its role. For a minor (issue 11 §3): the legal
         * representative's consent first, then the minor's own signature under the assent declaration (never the
         * patient's consent), or, when the minor did not sign, the template's sentence saying so with the
         * physician's recorded reason. Each block keeps its declaration with the signature on one page, and the
         * heading comes with the first block (issue 12 §6). For reading before signing, every signer's block is
         * there with an empty box and no time.
         */
        private void signatures(Document doc) throws DocumentException, IOException {
            boolean minor = CompletenessCheck.isMinor(s, clock);
            List<SignatureRole> order = minor
                    ? List.of(SignatureRole.REPRESENTATIVE, SignatureRole.PATIENT, SignatureRole.PHYSICIAN)
                    : List.of(SignatureRole.PATIENT, SignatureRole.REPRESENTATIVE, SignatureRole.PHYSICIAN);
            LanguageText.Declarations d = text.declarations();
            List<PdfPTable> boxes = new ArrayList<>();
            for (SignatureRole role : order) {
                Signature sig = s.signatures().stream().filter(x -> x.role() == role).findFirst().orElse(null);
                if (role == SignatureRole.PATIENT && minor && s.assentNotSigned() != null) {
                    boxes.add(assentNotSigned(d));
                    continue;
                }
                if (forReading ? !expected(role, minor, sig) : sig == null) {
                    continue;
                }
                boolean assent = role == SignatureRole.PATIENT && minor && d.assent() != null;
                String statement = SessionText.declaration(s, t, role, clock); // the same text the signer saw on screen
                String roleName = role == SignatureRole.REPRESENTATIVE
                        ? l("role.representative", words.relationship(s.representative()))
                        : assent ? l("role.assent")
                        : l("role." + role.name().toLowerCase(Locale.ROOT));
                String name = switch (role) {
                    case PATIENT -> s.patient().name();
                    case REPRESENTATIVE -> s.representative().name();
                    case PHYSICIAN -> s.physician().name();
                };
                PdfPTable box = signatureBox(3f, 2.2f);
                PdfPCell left = new PdfPCell();
                left.setBorder(Rectangle.NO_BORDER);
                left.addElement(para(statement, body));
                Paragraph who = para(l("signer", roleName, forReading ? name : sig.name()), bodyBold);
                left.addElement(who);
                if (!forReading) {
                    left.addElement(para(l("signedAt", clock.format(sig.at())), small));
                }
                box.addCell(left);
                box.addCell(forReading ? signatureCell(null, "") : signatureCell(sig.png(), null));
                boxes.add(box);
            }
            addHeading(doc, l("signatures"), boxes.isEmpty() ? 0 : height(boxes.get(0)));
            for (PdfPTable box : boxes) {
                addTogether(box);
            }
            doc.add(para(TemplateText.fill(text.declarations().digitalSignature(), values), smallMuted));
        }

        /**
         * Whether a signer's block belongs in the document read before signing: the physician's, and the patient
         * side's as the wizard asks for it (a minor's legal representative and the minor; an adult, or whoever
         * signed already).
         */
        private boolean expected(SignatureRole role, boolean minor, Signature signed) {
            return switch (role) {
                case PHYSICIAN -> true;
                case REPRESENTATIVE -> minor || signed != null;
                case PATIENT -> true;
            };
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
        private PdfPTable assentNotSigned(LanguageText.Declarations d) {
            PdfPTable box = signatureBox(1f);
            PdfPCell cell = new PdfPCell();
            cell.setBorder(Rectangle.NO_BORDER);
            cell.addElement(para(l("signer", l("role.assentNotSigned"), s.patient().name()), bodyBold));
            String statement = d.assentNotSigned() != null ? TemplateText.fill(d.assentNotSigned(), values)
                    : l("assentNotSigned");
            cell.addElement(para(statement, body));
            cell.addElement(para(l("assentNotSigned.reason", s.assentNotSigned().reason(), s.physician().name()),
                    body));
            cell.addElement(para(l("assentNotSigned.at", clock.format(s.assentNotSigned().at())), small));
            box.addCell(cell);
            return box;
        }

        /** The references, the heading with the legend and the first of them. */
        private void references(Document doc) throws DocumentException {
            Paragraph legend = para(TemplateText.fill(text.declarations().referencesLegend(), values), smallMuted);
            List<Paragraph> refs = new ArrayList<>();
            for (Manifest.Reference r : t.manifest().references()) {
                String description = text.references().get(r.id());
                Paragraph p = para(referenceLine(r, description == null ? null
                        : TemplateText.fill(description, values)), small);
                p.setSpacingAfter(2);
                refs.add(p);
            }
            addHeading(doc, l("references"), height(legend) + (refs.isEmpty() ? 0 : start(refs.get(0))));
            doc.add(legend);
            for (Paragraph p : refs) {
                doc.add(p);
            }
        }
    }
}
