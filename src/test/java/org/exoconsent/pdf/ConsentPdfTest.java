package org.exoconsent.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.text.PDFTextStripper;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionText;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.LanguageText;
import org.exoconsent.template.TemplateText;
import org.exoconsent.template.RenderedSection;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads the consent PDF back with an independent reader (PDFBox) and checks what a patient and an auditor would. */
class ConsentPdfTest {
    private static final Map<String, byte[]> RENDERED = new ConcurrentHashMap<>();

    static byte[] signed(String example) {
        return RENDERED.computeIfAbsent(example, name -> {
            try {
                return new ConsentDocuments("ExoConsent test", Examples.CLINIC_CLOCK)
                        .renderAndSign(Examples.session(name), Examples.template(), Examples.key(), name);
            } catch (SessionException e) {
                throw new AssertionError(e.getMessage(), e);
            }
        });
    }

    /** The document's text without the page footers, which would otherwise split paragraphs across pages. */
    private static String body(PDDocument doc) throws IOException {
        StringBuilder s = new StringBuilder();
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(true); // reading order: tables are drawn in a separate layer
        for (String line : stripper.getText(doc).split("\\R")) {
            if (!line.matches("^(テンプレート|Template|文書ID|Document ID|ページ|Page) .*")) {
                s.append(line).append('\n');
            }
        }
        return s.toString();
    }

    private static String longestPrefix(String all, String p) {
        int n = p.length();
        while (n > 0 && !all.contains(p.substring(0, n))) {
            n--;
        }
        int at = all.indexOf(p.substring(0, n));
        return p.substring(0, n) + " ]] then: " + all.substring(at + n, Math.min(all.length(), at + n + 80));
    }

    /** Text as PDFBox extracts it, with line breaks removed so wrapped paragraphs compare whole. */
    private static String flat(String text) {
        return text.replaceAll("\\s+", "");
    }

    private static List<String> pageTexts(PDDocument doc) throws IOException {
        List<String> pages = new ArrayList<>();
        PDFTextStripper stripper = new PDFTextStripper();
        for (int i = 1; i <= doc.getNumberOfPages(); i++) {
            stripper.setStartPage(i);
            stripper.setEndPage(i);
            pages.add(stripper.getText(doc));
        }
        return pages;
    }

    @ParameterizedTest
    @ValueSource(strings = {"complete-ja", "complete-en"})
    void everySectionIsPrintedExactlyAsPresentedWithItsAcknowledgement(String example) throws IOException {
        ConsentSession s = Examples.session(example);
        ConsentTemplate t = Examples.template();
        try (PDDocument doc = Loader.loadPDF(signed(example))) {
            String all = flat(body(doc));
            for (RenderedSection section : SessionText.sections(s, t)) {
                assertTrue(all.contains(flat(section.title())), section.title());
                for (String p : section.paragraphs()) {
                    assertTrue(all.contains(flat(p)), "missing paragraph of " + section.id() + ": " + p
                            + "\nfound only: " + longestPrefix(all, flat(p)));
                }
            }
            for (ConsentSession.Acknowledgement a : s.acknowledgements()) {
                String time = Examples.CLINIC_CLOCK.format(a.at());
                assertTrue(all.contains(flat(time)), "acknowledgement time " + time);
            }
            assertTrue(all.contains(flat(s.patient().name())));
            assertTrue(all.contains(flat(s.physician().name())));
            assertTrue(all.contains(flat(s.treatment().product().name())));
            assertTrue(all.contains(flat(s.treatment().lot().number())));
            assertTrue(all.contains(flat(s.clinic().name())));
            assertTrue(all.contains(s.id()));
            LanguageText text = t.language(s.template().language()).orElseThrow();
            assertTrue(all.contains(flat(text.title())));
        }
    }

    @Test
    void everyAnswerIsPrintedWrongOnesWithTheExplanationShown() throws IOException {
        ConsentSession s = Examples.session("complete-en");
        LanguageText en = Examples.template().language("en").orElseThrow();
        try (PDDocument doc = Loader.loadPDF(signed("complete-en"))) {
            String all = flat(body(doc));
            for (ConsentSession.CheckQuestionAnswers q : s.checkQuestions()) {
                LanguageText.QuestionText qt = en.question(q.question());
                assertTrue(all.contains(flat(qt.text())), qt.text());
                for (ConsentSession.Answer a : q.answers()) {
                    String option = qt.options().stream().filter(o -> o.id().equals(a.option())).findFirst()
                            .orElseThrow().text();
                    String verdict = Boolean.TRUE.equals(a.correct()) ? "correct" : "notcorrect";
                    // English quotation marks around the option in an English document (issue 12 §2)
                    assertTrue(all.contains(flat("\"" + option + "\"") + "—" + verdict), option);
                }
                if (q.answers().size() > 1) {
                    assertTrue(all.contains(flat("Explanation shown: " + qt.explanation())), qt.explanation());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"complete-ja", "complete-en"})
    void everyPageIsA4AndCarriesPageNumberTemplateVersionAndHash(String example) throws IOException {
        ConsentTemplate t = Examples.template();
        try (PDDocument doc = Loader.loadPDF(signed(example))) {
            int n = doc.getNumberOfPages();
            assertTrue(n >= 3, "pages: " + n);
            List<String> pages = pageTexts(doc);
            String word = example.endsWith("ja") ? "ページ" : "Page";
            for (int i = 0; i < n; i++) {
                PDRectangle box = doc.getPage(i).getMediaBox();
                assertEquals(PDRectangle.A4.getWidth(), box.getWidth(), 1);
                assertEquals(PDRectangle.A4.getHeight(), box.getHeight(), 1);
                String page = flat(pages.get(i));
                assertTrue(page.contains(flat(word + " " + (i + 1) + " / " + n)), "page " + (i + 1) + ": " + page);
                assertTrue(page.contains(t.sha256()), "hash on page " + (i + 1));
                assertTrue(page.contains(t.id()) && page.contains(t.version()), "template on page " + (i + 1));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"complete-ja", "complete-en"})
    void theJapaneseFontIsEmbeddedAsASubsetAndIsTheOnlyFont(String example) throws IOException {
        try (PDDocument doc = Loader.loadPDF(signed(example))) {
            List<String> fonts = new ArrayList<>();
            for (PDPage page : doc.getPages()) {
                PDResources res = page.getResources();
                for (COSName name : res.getFontNames()) {
                    PDFont f = res.getFont(name);
                    assertTrue(f instanceof PDType0Font, f.getName());
                    assertTrue(((PDType0Font) f).getDescendantFont().isEmbedded(), f.getName());
                    fonts.add(f.getName());
                }
            }
            assertFalse(fonts.isEmpty());
            for (String f : fonts) {
                assertTrue(f.matches("[A-Z]{6}\\+IPAexGothic"), "a subset of IPAex Gothic: " + f);
            }
        }
    }

    @Test
    void noJapaneseLineStartsWithClosingPunctuationOrTheLongVowelMark() throws IOException {
        try (PDDocument doc = Loader.loadPDF(signed("complete-ja"))) {
            String text = new PDFTextStripper().getText(doc);
            int checked = 0;
            for (String line : text.split("\\R")) {
                String l = line.strip();
                if (l.isEmpty()) {
                    continue;
                }
                checked++;
                assertTrue(Kinsoku.NO_LINE_START.indexOf(l.charAt(0)) < 0, "line starts with '" + l.charAt(0)
                        + "': " + l);
                assertTrue(Kinsoku.NO_LINE_END.indexOf(l.charAt(l.length() - 1)) < 0, "line ends with '"
                        + l.charAt(l.length() - 1) + "': " + l);
            }
            assertTrue(checked > 200, "lines checked: " + checked);
        }
    }

    @Test
    void bothSignatureImagesAreOnTheSignaturePage() throws IOException {
        try (PDDocument doc = Loader.loadPDF(signed("complete-ja"))) {
            int images = 0;
            for (PDPage page : doc.getPages()) {
                for (COSName name : page.getResources().getXObjectNames()) {
                    if (page.getResources().getXObject(name) instanceof PDImageXObject img) {
                        assertTrue(img.getWidth() >= 400 && img.getHeight() >= 100, "image size");
                        images++;
                    }
                }
            }
            assertEquals(2, images);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"complete-ja", "complete-en"})
    void theSignatureIsADetachedPkcs7WithSha256OverTheWholeFile(String example) throws Exception {
        byte[] pdf = signed(example);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            List<PDSignature> sigs = doc.getSignatureDictionaries();
            assertEquals(1, sigs.size());
            PDSignature sig = sigs.get(0);
            assertEquals("adbe.pkcs7.detached", sig.getSubFilter());
            assertEquals("Adobe.PPKLite", sig.getFilter());
            int[] range = sig.getByteRange();
            assertEquals(0, range[0]);
            assertEquals(pdf.length, range[2] + range[3], "the signed ranges reach the end of the file");
            byte[] content = sig.getSignedContent(pdf);
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(content), sig.getContents(pdf));
            SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
            assertEquals("2.16.840.1.101.3.4.2.1", signer.getDigestAlgOID(), "SHA-256");
            @SuppressWarnings("unchecked")
            X509CertificateHolder cert = (X509CertificateHolder) cms.getCertificates().getMatches(signer.getSID())
                    .iterator().next();
            assertTrue(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert)));
            assertEquals(Examples.key().certificate().getSubjectX500Principal().getName(),
                    new javax.security.auth.x500.X500Principal(cert.getSubject().getEncoded()).getName());
            assertNotNull(sig.getSignDate());
        }
    }

    /** The example as a 16-year-old's: the father consents; the patient's own signature is kept (assent). */
    private static com.fasterxml.jackson.databind.node.ObjectNode minor() {
        var json = Examples.json("complete-ja");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("patient")).put("dateOfBirth", "2010-04-01");
        json.putObject("representative").put("name", "佐藤 一郎").put("relationship", "father");
        for (var sig : json.withArray("signatures")) {
            if (sig.get("role").asText().equals("patient")) {
                var rep = ((com.fasterxml.jackson.databind.node.ObjectNode) sig).deepCopy();
                rep.put("role", "representative").put("name", "佐藤 一郎");
                json.withArray("signatures").add(rep);
                break;
            }
        }
        return json;
    }

    @Test
    void a16YearOldsConsentShowsTheRepresentativesConsentAndTheMinorsOwnAssent() throws Exception {
        byte[] pdf = new ConsentDocuments("t", Examples.CLINIC_CLOCK).renderAndSign(Examples.session(minor()),
                Examples.template(), Examples.key(), "minor");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String all = flat(body(doc));
            assertTrue(all.contains(flat("法定代理人 佐藤 一郎（続柄: 父）")), "representative in the patient table");
            LanguageText.Declarations d = Examples.template().language("ja").orElseThrow().declarations();
            assertTrue(all.contains(flat(d.representative())), "the representative's declaration");
            assertTrue(all.contains(flat("法定代理人（父）：佐藤 一郎")), "the representative's signature line");
            assertTrue(all.contains(flat(d.assent())), "the minor's assent declaration");
            assertTrue(all.contains(flat("患者さんご本人（賛成）：佐藤 花子")), "the minor's signature line");
            assertTrue(all.indexOf(flat(d.representative())) < all.indexOf(flat(d.assent())),
                    "the representative's consent comes first");
            assertTrue(all.contains(flat("（16歳）")), "the patient's age");
            assertFalse(all.contains(flat(d.patient())), "never the patient's own consent declaration");
            assertFalse(all.contains(flat(d.assentNotSigned())), "the minor did sign");
        }
    }

    @Test
    void a16YearOldWhoDidNotSignHasThePhysiciansReasonAndNoClaimOfConsent() throws Exception {
        var json = minor();
        var sigs = json.withArray("signatures");
        for (int i = 0; i < sigs.size(); i++) {
            if (sigs.get(i).get("role").asText().equals("patient")) {
                sigs.remove(i);
                break;
            }
        }
        json.putObject("assentNotSigned").put("account", "yamada").put("reason", "手のけがのため署名できない")
                .put("at", "2026-11-20T10:31:00+09:00");
        byte[] pdf = new ConsentDocuments("t", Examples.CLINIC_CLOCK).renderAndSign(Examples.session(json),
                Examples.template(), Examples.key(), "minor without assent");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String all = flat(body(doc));
            LanguageText.Declarations d = Examples.template().language("ja").orElseThrow().declarations();
            assertTrue(all.contains(flat(d.assentNotSigned())), "the template says the minor did not sign");
            assertTrue(all.contains(flat("理由（医師 山田 太郎 の記録）：手のけがのため署名できない")), all);
            assertTrue(all.contains(flat("記録日時 2026-11-20 10:31 (+09:00)")), "when the reason was recorded");
            assertFalse(all.contains(flat(d.assent())), "no assent is claimed");
            assertFalse(all.contains(flat(d.patient())), "no consent of the patient is claimed");
            assertFalse(all.contains("も同意"), "never that the minor also consented");
        }
    }

    @Test
    void aReturningPatientOf100ReadsWhatChangedFirstAndTheDocumentNamesTheLastConsent() throws Exception {
        var json = Examples.json("complete-ja");
        json.putObject("lastConsent").put("documentId", "0b7d52e1-8c3a-4f0e-b6d9-2e4a7c19f305")
                .put("date", "2026-10-01").put("templateVersion", "1.0.0");
        var acks = json.withArray("acknowledgements");
        String first = acks.get(0).get("at").asText();
        acks.insert(0, new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("section", "changes-since").put("at", first));
        ConsentSession s = Examples.session(json);
        assertEquals(List.of(), org.exoconsent.consent.CompletenessCheck.problems(s, Examples.template(),
                Examples.CLINIC_CLOCK));
        List<String> material = Examples.template().materialChangesSince("1.0.0", "ja");
        assertFalse(material.isEmpty(), "1.0.0 → now is material");
        byte[] pdf = new ConsentDocuments("t", Examples.CLINIC_CLOCK).renderAndSign(s, Examples.template(),
                Examples.key(), "returning");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String all = flat(body(doc));
            assertTrue(all.contains(flat("前回の同意：2026年10月1日（文書ID 0b7d52e1-8c3a-4f0e-b6d9-2e4a7c19f305、"
                    + "テンプレート 第1.0.0版）")), "the last consent under the title");
            String title = flat(TemplateText.fill(Examples.template().language("ja").orElseThrow().declarations()
                    .changesSinceTitle(), java.util.Map.of("lastConsent.date", "2026年10月1日")));
            assertTrue(all.contains(title), "the section's title names the date: " + title);
            for (String change : material) {
                assertTrue(all.contains(flat(change)), "every material change: " + change);
            }
            assertTrue(all.indexOf(title) < all.indexOf(flat(Examples.template().language("ja").orElseThrow()
                    .section("treatment").title())), "what changed comes before the first section");
        }
        // read last, it is not what the patient read first
        ((com.fasterxml.jackson.databind.node.ObjectNode) acks.get(0)).put("at", "2026-11-20T10:29:00+09:00");
        assertTrue(org.exoconsent.consent.CompletenessCheck.problems(Examples.session(json), Examples.template(),
                Examples.CLINIC_CLOCK).stream().anyMatch(p -> p.contains("'changes-since' is acknowledged at "
                + "2026-11-20T10:29+09:00, after section '")));
        // without its acknowledgement the consent is not complete
        acks.remove(0);
        assertTrue(org.exoconsent.consent.CompletenessCheck.problems(Examples.session(json), Examples.template(),
                Examples.CLINIC_CLOCK).contains("acknowledgements: section 'changes-since' has not been "
                + "acknowledged by the patient"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"complete-ja", "complete-en"})
    void everySentenceWithTheSignaturesIsTheTemplatesOwnInTheSessionsLanguage(String example) throws IOException {
        ConsentSession s = Examples.session(example);
        LanguageText text = Examples.template().language(s.template().language()).orElseThrow();
        LanguageText.Declarations d = text.declarations();
        try (PDDocument doc = Loader.loadPDF(signed(example))) {
            String all = flat(body(doc));
            assertTrue(all.contains(flat(d.patient())), "the patient's declaration");
            assertTrue(all.contains(flat(d.physician())), "the physician's declaration");
            assertFalse(all.contains(flat(d.representative())), "no representative signed");
            assertTrue(all.contains(flat(d.digitalSignature().replace("{{clinic.name}}", s.clinic().name()))),
                    "the digital-signature notice with the clinic's name");
            assertTrue(all.contains(flat(d.referencesLegend())), "the references legend");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"complete-ja", "complete-en"})
    void everyReferenceIsPrintedWithItsPartsAndItsDescriptionInTheSessionsLanguage(String example)
            throws IOException {
        ConsentSession s = Examples.session(example);
        ConsentTemplate t = Examples.template();
        LanguageText text = t.language(s.template().language()).orElseThrow();
        try (PDDocument doc = Loader.loadPDF(signed(example))) {
            String all = flat(body(doc));
            for (var r : t.manifest().references()) {
                String date = !"n.d.".equals(r.date()) ? r.date()
                        : s.template().language().equals("ja") ? "日付の記録なし" : "date not recorded";
                String line = "[" + r.confidence() + "] " + r.printed(s.template().language().equals("ja")) + " ("
                        + date + ") — "
                        + text.references().get(r.id());
                assertTrue(r.printed().startsWith(r.authors()), r.id());
                assertTrue(r.title() == null || r.printed().contains(r.title()), r.id());
                assertTrue(r.doi() == null || r.printed().endsWith(" doi:" + r.doi()), r.id());
                assertTrue(all.contains(flat(line)), "reference " + r.id() + ": " + line
                        + "\nfound only: " + longestPrefix(all, flat(line)));
            }
            assertFalse(all.contains("(n.d.)"), "an unknown date is said in words the reader knows");
        }
    }

    @Test
    void aChangedDeclarationInTheTemplateIsWhatThePdfShows(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path folder = tmp.resolve("exosome-therapy");
        java.nio.file.Files.createDirectories(folder);
        for (String f : List.of("template.yaml", "ja.yaml", "en.yaml")) {
            java.nio.file.Files.copy(Examples.TEMPLATES.resolve("exosome-therapy").resolve(f), folder.resolve(f));
        }
        String patient = Examples.template().language("en").orElseThrow().declarations().patient();
        String changed = "I have read every section and I agree to this treatment.";
        Examples.edit(folder.resolve("en.yaml"), y -> {
            assertTrue(y.contains(patient));
            return y.replace(patient, changed);
        });
        ConsentTemplate t = new org.exoconsent.template.TemplateLoader().load(folder);
        assertFalse(t.sha256().equals(Examples.template().sha256()), "the hash pins the declaration");
        var json = Examples.json("complete-en");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("template")).remove("sha256");
        byte[] pdf = new ConsentPdfRenderer("t", Examples.CLINIC_CLOCK).render(Examples.session(json), t);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String all = flat(body(doc));
            assertTrue(all.contains(flat(changed)), "the template's declaration");
            assertFalse(all.contains(flat(patient)), "not the bundled one");
        }
    }

    @Test
    void aFormatOneTemplateCannotBeUsedForANewConsent() throws Exception {
        ConsentTemplate v100 = new org.exoconsent.template.TemplateLoader().loadStored(Examples.TEMPLATE_1_0_0);
        var json = Examples.json("complete-ja");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("template")).put("version", "1.0.0");
        ConsentSession s = Examples.session(json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConsentPdfRenderer("t", Examples.CLINIC_CLOCK).render(s, v100));
        assertEquals("template exosome-therapy version 1.0.0 is in format 1: its declarations are not in the "
                + "template; it cannot be used for a new consent", e.getMessage());
    }

    @Test
    void theDocumentStaysWithinTheSizeBudget() {
        assertTrue(signed("complete-ja").length <= 250 * 1024, "ja: " + signed("complete-ja").length);
        assertTrue(signed("complete-en").length <= 250 * 1024, "en: " + signed("complete-en").length);
    }

    @Test
    void anIncompleteSessionIsRefusedAndNothingIsRendered() {
        var json = Examples.json("complete-ja");
        json.withArray("signatures").removeAll();
        ConsentSession s = Examples.session(json);
        SessionException e = assertThrows(SessionException.class, () -> new ConsentDocuments("t", Examples.CLINIC_CLOCK)
                .renderAndSign(s, Examples.template(), Examples.key(), "incomplete.json"));
        assertTrue(e.getMessage().startsWith("incomplete.json: the consent is not complete"), e.getMessage());
        assertEquals(2, e.problems().size(), e.problems().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"complete-ja", "complete-en"})
    void thePhysiciansSecondExplanationAfterThreeWrongAnswersIsPrintedUnderTheQuestionWithWhoAndWhen(String example)
            throws Exception {
        ConsentSession s = Examples.session(org.exoconsent.testing.ExplainedAgainExample.session(example));
        ConsentSession.CheckQuestionAnswers q = s.checkQuestions().stream().filter(x -> x.answers().size() == 4)
                .findFirst().orElseThrow();
        ConsentSession.ExplainedAgain e = q.answers().get(2).explainedAgain();
        String title = org.exoconsent.consent.SessionText.sections(s, Examples.template()).stream()
                .filter(x -> x.id().equals(e.section())).findFirst().orElseThrow().title();
        byte[] pdf = new ConsentDocuments("t", Examples.CLINIC_CLOCK).renderAndSign(s, Examples.template(),
                Examples.key(), example + " explained again");
        if (System.getProperty("exoconsent.pdfs") != null) { // to look at: pdftotext, pdftoppm
            java.nio.file.Files.write(java.nio.file.Path.of(System.getProperty("exoconsent.pdfs"), "explained-again-"
                    + example + ".pdf"), pdf);
        }
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String all = flat(body(doc));
            String at = Examples.CLINIC_CLOCK.format(e.at());
            String line = example.endsWith("ja")
                    ? "医師 " + e.name() + " が「" + title + "」を対面でもう一度説明しました（" + at
                            + " に医師のパスワードで確認、アカウント yamada）。"
                    : "Physician " + e.name() + " explained the section \"" + title + "\" again in person; "
                            + "confirmed with their password at " + at + " (account yamada)";
            assertTrue(all.contains(flat(line)), line + " in " + all);
            assertTrue(at.endsWith("(+09:00)"), "in the clinic's zone: " + at);
            String again = example.endsWith("ja") ? "もう一度読み、" + Examples.CLINIC_CLOCK.format(
                    q.answers().get(2).acknowledgedAgain()) + " に再び「理解しました」を押しました。"
                    : "read the section again and confirmed \"I have understood this\" again at "
                            + Examples.CLINIC_CLOCK.format(q.answers().get(2).acknowledgedAgain());
            assertTrue(all.contains(flat(again)), again);
            String explanationHead = flat(example.endsWith("ja") ? "表示した説明：" : "Explanation shown:");
            int third = all.indexOf(explanationHead, all.indexOf(explanationHead, all.indexOf(explanationHead) + 1)
                    + 1);
            assertTrue(third > 0 && all.indexOf(flat(line)) > third, "under the third wrong attempt");
        }
        try (PDDocument doc = Loader.loadPDF(signed(example))) {
            String all = flat(body(doc));
            assertFalse(all.contains(flat(example.endsWith("ja") ? "対面でもう一度説明" : "again in person")),
                    "nothing of the kind where it did not happen");
        }
    }
}
