package org.exoconsent.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionText;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.LanguageText;
import org.exoconsent.template.Manifest;
import org.exoconsent.template.RenderedSection;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12 §6, read back page by page with PDFBox: no page ends with a heading, a check question and all its
 * attempts are on one page, and a signature block shares its page with the declaration above it. For the examples,
 * and for long consultations (every wrong option tried before the right one, long notes, many questions from the
 * patient, a minor with a legal representative) whose page breaks are moved through every position by a product
 * description that grows a line at a time.
 */
class ConsentLayoutTest {
    private static final ConsentTemplate TEMPLATE = Examples.template();

    /** Each page's text without its footer (the two lines that name the template's hash and the document id). */
    static List<String> pages(byte[] pdf, ConsentSession s) throws IOException {
        List<String> pages = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            for (int i = 1; i <= doc.getNumberOfPages(); i++) {
                stripper.setStartPage(i);
                stripper.setEndPage(i);
                StringBuilder body = new StringBuilder();
                for (String line : stripper.getText(doc).split("\\R")) {
                    if (!line.contains(TEMPLATE.sha256()) && !line.contains(s.id())) {
                        body.append(line).append('\n');
                    }
                }
                pages.add(body.toString());
            }
        }
        return pages;
    }

    private static String flat(String text) {
        return text.replaceAll("\\s+", "");
    }

    /** Every heading the document can have: the parts', the sections' and the notes' label. */
    private static List<String> headings(ConsentSession s) {
        String lang = s.template().language();
        ResourceBundle labels = ResourceBundle.getBundle("org.exoconsent.pdf.labels", Locale.forLanguageTag(lang),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        List<String> out = new ArrayList<>();
        for (String key : new String[] {"patient", "treatment", "explanation", "checkQuestions", "notes", "signatures",
            "references", "notes.physician"}) {
            out.add(labels.getString(key));
        }
        SessionText.sections(s, TEMPLATE).stream().map(RenderedSection::title).forEach(out::add);
        return out;
    }

    /** The three rules of issue 12 §6, each failure naming the page and what is on it. */
    static void assertKeptTogether(byte[] pdf, ConsentSession s, String name) throws IOException {
        List<String> pages = pages(pdf, s);
        List<String> flatPages = pages.stream().map(ConsentLayoutTest::flat).toList();
        // 1. no page ends with a heading
        for (int i = 0; i < pages.size() - 1; i++) {
            for (String h : headings(s)) {
                if (flatPages.get(i).endsWith(flat(h))) {
                    fail(name + ": page " + (i + 1) + " ends with the heading '" + h + "':\n" + tail(pages.get(i)));
                }
            }
        }
        // 2. a question and every attempt at it on one page (attempts are found by their time, which is unique)
        LanguageText text = TEMPLATE.language(s.template().language()).orElseThrow();
        for (Manifest.QuestionDef q : TEMPLATE.manifest().questions()) {
            String question = flat(text.question(q.id()).text());
            int page = pageWith(flatPages, question);
            assertTrue(page >= 0, name + ": the question is on no single page: " + question);
            ConsentSession.CheckQuestionAnswers entry = s.checkQuestions().stream().filter(e -> e.question().equals(q.id())).findFirst()
                    .orElseThrow();
            for (ConsentSession.Answer a : entry.answers()) {
                String time = Examples.CLINIC_CLOCK.timeOfDay(a.at());
                assertTrue(flatPages.get(page).contains(flat(time)), name + ": the attempt of " + time + " is not on "
                        + "page " + (page + 1) + " with its question " + q.id() + ":\n" + tail(pages.get(page)));
                if (!a.option().equals(q.correct())) {
                    assertTrue(flatPages.get(page).contains(flat(text.question(q.id()).explanation())),
                            name + ": the explanation shown after the wrong attempt of " + time + " is on another page");
                }
            }
        }
        // 3. a signature block with the declaration above it, on one page
        for (ConsentSession.Signature sig : s.signatures()) {
            String declaration = flat(SessionText.declaration(s, TEMPLATE, sig.role(), Examples.CLINIC_CLOCK));
            int page = pageWith(flatPages, declaration);
            assertTrue(page >= 0, name + ": the declaration of the " + sig.role() + " is split across pages");
            // the block's own lines: the signer's name and the signing time (each signer signs at another time)
            assertTrue(flatPages.get(page).contains(flat(sig.name()))
                            && flatPages.get(page).contains(flat(Examples.CLINIC_CLOCK.format(sig.at()))),
                    name + ": the " + sig.role() + "'s signature block is not on page " + (page + 1) + " with its "
                            + "declaration:\n" + tail(pages.get(page)));
        }
    }

    private static int pageWith(List<String> flatPages, String flatText) {
        for (int i = 0; i < flatPages.size(); i++) {
            if (flatPages.get(i).contains(flatText)) {
                return i;
            }
        }
        return -1;
    }

    private static String tail(String page) {
        String[] lines = page.strip().split("\\R");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 4), lines.length));
    }

    private static byte[] render(ConsentSession s) {
        return new ConsentPdfRenderer("layout test", Examples.CLINIC_CLOCK).render(s, TEMPLATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"complete-ja", "complete-en"})
    void theExamplesKeepHeadingsQuestionsAndSignaturesTogether(String example) throws IOException {
        ConsentSession s = Examples.session(example);
        assertKeptTogether(render(s), s, example);
    }

    /**
     * The example made long: every check question first answered with each wrong option (the explanation shown each
     * time), the physician's notes a page long, twelve questions from the patient, a legal representative for a
     * minor when {@code minor}; and {@code extraLines} more lines in the product's storage text, which moves every
     * later page break down.
     */
    static ConsentSession longConsultation(String example, int extraLines, boolean minor) {
        ObjectNode json = Examples.json(example);
        boolean ja = example.endsWith("ja");
        OffsetDateTime at = OffsetDateTime.parse(json.get("quiz").get(0).get("answers").get(0).get("at").asText());
        ArrayNode quiz = json.putArray("quiz");
        int second = 0;
        for (Manifest.QuestionDef q : TEMPLATE.manifest().questions()) {
            ObjectNode entry = quiz.addObject();
            entry.put("question", q.id());
            ArrayNode answers = entry.putArray("answers");
            List<String> order = new ArrayList<>(q.options().stream().filter(o -> !o.equals(q.correct())).toList());
            order.add(q.correct());
            for (String option : order) {
                ObjectNode a = answers.addObject();
                a.put("option", option);
                a.put("at", at.plusSeconds(second += 7).toString());
                a.put("correct", option.equals(q.correct()));
            }
        }
        for (com.fasterxml.jackson.databind.JsonNode sig : json.get("signatures")) {
            ((ObjectNode) sig).put("at", at.plusSeconds(second + 300 + sig.get("role").asText().length())
                    .toString());
        }
        String sentence = ja ? "治療の後の過ごし方と連絡の方法を、紙に書いてお渡ししました。"
                : "The physician gave written advice on what to do after the treatment and how to reach the clinic. ";
        ObjectNode notes = (ObjectNode) json.get("notes");
        notes.put("physician", sentence.repeat(ja ? 24 : 14));
        ArrayNode questions = notes.putArray("patientQuestions");
        for (int i = 1; i <= 12; i++) {
            ObjectNode q = questions.addObject();
            q.put("question", (ja ? "質問" + i + "：治療の後、いつから普段どおりに過ごせますか。"
                    : "Question " + i + ": when can I go back to my usual day after the treatment?"));
            q.put("answer", sentence.repeat(1 + i % 4));
        }
        ObjectNode product = (ObjectNode) json.get("treatment").get("product");
        String line = ja ? "試験のための長い保管方法の説明の一行です。ページの区切りを一行ずつ動かします。"
                : "A long line of storage text for this test, which moves every page break down by a line. ";
        product.put("storage", (ja ? "-20℃以下で冷凍保管。" : "Frozen at -20 °C or below. ") + line.repeat(extraLines));
        if (minor) {
            ((ObjectNode) json.get("patient")).put("dateOfBirth", "2010-04-01");
            ObjectNode rep = json.putObject("representative");
            rep.put("name", ja ? "佐藤 一郎" : "Ichiro Sato");
            rep.put("relationship", "father"); // a code of the list (schema 3): 父 in Japanese
            ArrayNode sigs = (ArrayNode) json.get("signatures");
            ObjectNode repSig = ((ObjectNode) sigs.get(0)).deepCopy();
            repSig.put("role", "representative");
            repSig.put("name", ja ? "佐藤 一郎" : "Ichiro Sato");
            repSig.put("at", at.plusSeconds(second + 200).toString());
            sigs.insert(0, repSig);
        }
        return Examples.session(json);
    }

    @Test
    void aLongConsultationIsStillCompleteAndItsBreaksFallBetweenBlocks() throws IOException {
        for (String example : new String[] {"complete-ja", "complete-en"}) {
            ConsentSession s = longConsultation(example, 0, true);
            assertEquals(List.of(), org.exoconsent.consent.CompletenessCheck.problems(s, TEMPLATE,
                    Examples.CLINIC_CLOCK), "a consultation that could be signed");
            byte[] pdf = render(s);
            assertKeptTogether(pdf, s, example + " long, minor");
            List<String> pages = pages(pdf, s);
            assertTrue(pages.size() >= 12, "long enough to force breaks: " + pages.size() + " pages");
        }
    }

    /**
     * Issue 12 §3: the document to read before signing is the document as it will be signed, without signatures:
     * every signer's declaration, name and role above an empty box; no signature image and no signing time, not even
     * of a legal representative who signed already; and laid out by the same rules.
     */
    @ParameterizedTest
    @ValueSource(strings = {"complete-ja", "complete-en"})
    void theDocumentToReadBeforeSigningHasEverySignersBlockAndNoSignature(String example) throws IOException {
        ConsentSession minor = longConsultation(example, 0, true);
        // at the pad: the representative has signed, the minor and the physician have not
        ConsentSession atThePad = minor.withSignatures(minor.signatures().stream()
                .filter(x -> x.role() == ConsentSession.SignatureRole.REPRESENTATIVE).toList());
        byte[] pdf = new ConsentPdfRenderer("reading", Examples.CLINIC_CLOCK).renderForReading(atThePad, TEMPLATE);
        String lang = atThePad.template().language();
        ResourceBundle labels = ResourceBundle.getBundle("org.exoconsent.pdf.labels", Locale.forLanguageTag(lang),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        List<String> pages = pages(pdf, atThePad);
        String all = flat(String.join("", pages));
        for (ConsentSession.SignatureRole role : ConsentSession.SignatureRole.values()) {
            String declaration = flat(SessionText.declaration(atThePad, TEMPLATE, role, Examples.CLINIC_CLOCK));
            assertTrue(all.contains(declaration), role + "'s declaration, as it will be printed");
        }
        assertTrue(all.contains(flat(atThePad.representative().name())));
        String signedAt = labels.getString("signedAt").replace("{0}", "").strip();
        assertTrue(!all.contains(flat(signedAt)), "no signing time: '" + signedAt + "'");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            for (org.apache.pdfbox.pdmodel.PDPage page : doc.getPages()) {
                for (org.apache.pdfbox.cos.COSName n : page.getResources().getXObjectNames()) {
                    assertTrue(!(page.getResources().getXObject(n)
                            instanceof org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject),
                            "no signature image, not even the representative's");
                }
            }
            assertTrue(doc.getSignatureDictionaries().isEmpty(), "not signed: it is for reading");
        }
        // the same text as the signed document (its pages end where they will, but for the shorter signature blocks)
        List<String> signed = pages(render(minor), minor);
        for (int i = 0; i < signed.size() - 4; i++) {
            assertEquals(signed.get(i), pages.get(i), "page " + (i + 1) + " as it will be signed");
        }
        for (RenderedSection section : SessionText.sections(atThePad, TEMPLATE)) {
            for (String p : section.paragraphs()) {
                assertTrue(all.contains(flat(p)), "every paragraph as the patient will sign it: " + p);
            }
        }
    }

    /** The breaks moved a line at a time through every block, for an adult and for a minor, in both languages. */
    @ParameterizedTest
    @ValueSource(strings = {"complete-ja", "complete-en"})
    void everyPageBreakPositionKeepsTheRules(String example) throws IOException {
        for (int extra = 0; extra < 14; extra++) {
            for (boolean minor : new boolean[] {false, true}) {
                ConsentSession s = longConsultation(example, extra, minor);
                assertKeptTogether(render(s), s, example + " +" + extra + " lines" + (minor ? ", minor" : ""));
            }
        }
    }
}
