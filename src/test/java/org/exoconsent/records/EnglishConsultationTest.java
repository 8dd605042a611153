package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.Scripts;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §2 as an English-speaking patient meets it: with a catalog that has the clinic's English texts, the signed
 * consent holds no Japanese but what the patient's side wrote (their name and its reading) and the original titles
 * of Japanese sources in the references; without them, the consultation is refused at the start, naming what is
 * missing and who adds it.
 */
class EnglishConsultationTest {
    @TempDir
    Path tmp;
    DataDirectory dir;

    @BeforeEach
    void clinic() throws Exception {
        dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            assertTrue(store.textNotices().isEmpty(), "the practice catalog is written in both languages");
        }
    }

    /**
     * An English consultation prepared from the clinic's catalog as the start page prepares it (the clinic, the
     * physician and the product as written in English): the adult patient 山田 花子, whose own name is Japanese, with
     * her adult guardian; one session of the UC-10 product.
     */
    private ConsentSession englishConsultation(RecordStore store) throws Exception {
        RecordStore.CatalogView c = store.catalog();
        Catalog.Product uc10 = c.products().stream().filter(p -> p.name().equals("デモ培養上清エクソソーム UC-10"))
                .findFirst().orElseThrow();
        Catalog.Physician yamada = c.physicians().get(0);
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        ObjectNode s = Examples.json("complete-en");
        s.set("clinic", json.valueToTree(c.clinic().snapshot("en")));
        s.set("physician", json.valueToTree(new ConsentSession.Physician(yamada.name("en"), yamada.licenceNumber())));
        ObjectNode treatment = (ObjectNode) s.get("treatment");
        treatment.set("product", json.valueToTree(uc10.snapshot("en")));
        treatment.putObject("lot").put("number", "UC10-2611-04").put("expiry", "2027-05-31");
        treatment.put("sessions", 1);
        ((ObjectNode) s.get("confirmedBy")).put("name", yamada.name("en"));
        ((ObjectNode) s.get("patient")).put("name", "山田 花子").put("kana", "やまだ はなこ");
        s.putObject("representative").put("name", "Sarah Clarke").put("relationship", "adult-guardian");
        ObjectNode guardian = null;
        for (var sig : s.withArray("signatures")) {
            ObjectNode o = (ObjectNode) sig;
            boolean patient = o.get("role").asText().equals("patient");
            o.put("name", patient ? "山田 花子" : yamada.name("en"));
            if (patient) { // her adult guardian signs too, with the same pen strokes for the test
                guardian = o.deepCopy().put("role", "representative").put("name", "Sarah Clarke");
            }
        }
        s.withArray("signatures").add(guardian);
        return Examples.session(s);
    }

    /**
     * Every East Asian character of an English document's text (kanji, kana, Japanese punctuation, full-width forms;
     * {@link Scripts}) outside what the patient's side wrote ({@code exempt}) and outside the references, which cite
     * Japanese sources by their own titles: each with the text around it, so a failure shows where it is.
     */
    static List<String> eastAsianOutside(String text, List<String> exempt) {
        return eastAsian(text.substring(0, referencesAt(text)), exempt);
    }

    /** Where the line of the references heading starts (PDFBox may split a word of it: "R eferences"). */
    static int referencesAt(String text) {
        int references = -1;
        for (int at = 0, next; at < text.length(); at = next + 1) {
            next = text.indexOf('\n', at);
            next = next < 0 ? text.length() : next;
            if (text.substring(at, next).replaceAll("\\s", "").equals("References")) {
                references = at;
            }
        }
        assertTrue(references > 0, "the English document has its references heading");
        return references;
    }

    /** Each East Asian character of {@code body} outside the exempt texts, with its surroundings. */
    static List<String> eastAsian(String body, List<String> exempt) {
        for (String e : exempt) {
            body = body.replace(e, "");
        }
        List<String> found = new ArrayList<>();
        for (int i = 0; i < body.length(); i = body.offsetByCodePoints(i, 1)) {
            int cp = body.codePointAt(i);
            if (Scripts.isEastAsian(cp)) {
                found.add(Scripts.describe(cp) + " in …" + body.substring(Math.max(0, i - 30),
                        Math.min(body.length(), i + 30)).replace('\n', ' ') + "…");
            }
        }
        return found;
    }

    @Test
    void anEnglishPatientWithABilingualCatalogReadsNoJapaneseButTheirOwnName() throws Exception {
        Path pdf;
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "English consultation")) {
            ConsentSession s = englishConsultation(store);
            pdf = TestAccounts.record(store, s, Examples.template(), Examples.key(), "english").pdf();
            // the index is the clinic's: the catalog's names, whatever the document's language
            RecordRow row = store.list(new RecordFilter(null, null, null, null, null, null), 0, 10).get(0);
            assertEquals("山田 太郎", row.physicianName());
            assertEquals("デモ培養上清エクソソーム UC-10", row.productName());
            assertEquals("Sarah Clarke (成年後見人)", row.representative());
        }
        String view = System.getProperty("exoconsent.englishPdf");
        if (view != null) { // to look at its pages (pdftoppm)
            Files.copy(pdf, Path.of(view), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String text;
        String inOrder;
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            text = new PDFTextStripper().getText(doc);
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true); // top to bottom on each page: the references heading before them
            inOrder = stripper.getText(doc);
        }
        List<String> found = eastAsianOutside(inOrder, List.of("山田 花子", "やまだ はなこ"));
        assertEquals(List.of(), found, "Japanese in the English document outside the patient's own name");
        // the references: a Japanese source keeps its original authors, title and source; nothing else of them is
        // Japanese, not even the full stops and spaces between their parts
        String references = inOrder.substring(referencesAt(inOrder)).replaceAll("\\s", "");
        List<String> originals = new ArrayList<>(List.of("山田花子", "やまだはなこ"));
        for (var r : Examples.template().manifest().references()) {
            for (String part : new String[] {r.authors(), r.title(), r.source()}) {
                if (part != null) {
                    originals.add(part.replaceAll("\\s", ""));
                }
            }
        }
        originals.sort(java.util.Comparator.comparingInt(String::length).reversed()); // a title before its body
        assertEquals(List.of(), eastAsian(references, originals),
                "Japanese in the English references outside the original names and titles of the sources");
        String flat = text.replaceAll("\\s+", " ");
        for (String expected : List.of("Demo Clinic (practice data, fictitious)", "1-2-3 Demo-cho, Chiyoda-ku, Tokyo",
                "Taro Yamada (Licence no. 123456)", "Demo Culture-Supernatant Exosomes UC-10",
                "It is made from mesenchymal stem cells from human umbilical cord.",
                "Demo Pharma Co., Ltd. (fictitious)", "Stored frozen at -20 °C or below",
                "Parvovirus B19, Mycoplasma, Endotoxin, Sterility test",
                "The clinic cannot say whether you may donate.", "Sarah Clarke (Relationship: adult guardian)",
                "Legal representative (adult guardian): Sarah Clarke", "Sessions 1 session",
                "Patient: 山田 花子", "Physician: Taro Yamada")) {
            assertTrue(flat.contains(expected), "the English document says: " + expected);
        }
        assertFalse(flat.contains("session(s) session"), "no count is said twice");

        // the take-home card: the patient's language first, each half in its own language's texts
        String card;
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "card");
             PDDocument doc = Loader.loadPDF(store.takeHomeCard(store.list(new RecordFilter(null, null, null, null,
                     null, null), 0, 1).get(0).id()))) {
            card = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
        for (String expected : List.of("Demo Clinic (practice data, fictitious)", "Demo Culture-Supernatant Exosomes "
                + "UC-10", "デモクリニック（練習用・架空）", "デモ培養上清エクソソーム UC-10")) {
            assertTrue(card.contains(expected), expected + " in the card: " + card);
        }
        // the same catalog in Japanese: the clinic's own texts, unchanged
        ConsentSession ja = Examples.session("complete-ja");
        assertEquals("デモクリニック（練習用・架空）", ja.clinic().name());
    }

    @Test
    void anEnglishConsultationIsRefusedAtTheStartWhileTheClinicsEnglishTextsAreMissing() throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "a clinic of its own")) {
            ConsentSession s = englishConsultation(store);
            // the clinic sets its own profile, in Japanese only: the practice clinic's English texts go with it
            store.setClinic(new Catalog.Clinic("さくら皮膚科クリニック", "東京都港区さくら1-1", "03-1111-2222",
                    "この治療を受けた方は、献血の前に献血会場で申し出てください。", false));
            List<Catalog.MissingText> missing = store.catalog().missingTexts("en");
            assertEquals(List.of("clinic: name", "clinic: address", "clinic: blood donation policy"),
                    missing.stream().map(Catalog.MissingText::describe).toList());
            assertEquals(List.of(new RecordStore.MissingTexts("en", missing)), store.textNotices(),
                    "administrators are told");
            RefusedException refused = assertThrows(RefusedException.class, () -> store.confirmTreatment(
                    TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), s.withConfirmedBy(null)));
            String m = refused.getMessage();
            assertTrue(m.startsWith("consultation " + s.id() + " in English refused; nothing was changed:"), m);
            assertTrue(m.contains("the clinic has not written its English texts for this consultation: clinic: name; "
                    + "clinic: address; clinic: blood donation policy. An administrator adds them in "
                    + "Administration > Clinic"), m);
            assertEquals(1, TestAudit.entries(store, "treatment-confirmation-refused").size());
            assertTrue(TestAudit.entries(store, "treatment-confirmed").isEmpty(), "nothing was confirmed");

            // nor is a leaflet to read at home given in English
            RefusedException leaflet = assertThrows(RefusedException.class, () -> store.leaflet("exosome-therapy",
                    null, "en", null, null, tmp.resolve("leaflet.pdf"), false));
            assertTrue(leaflet.getMessage().startsWith("leaflet in English refused; nothing was written: the clinic "
                    + "has not written its English texts"), leaflet.getMessage());
            assertFalse(Files.exists(tmp.resolve("leaflet.pdf")));

            // a text in the wrong language is refused where it is typed
            IllegalArgumentException notEnglish = assertThrows(IllegalArgumentException.class,
                    () -> store.setClinicText("en", new Catalog.ClinicText("Sakura Skin Clinic", "東京都港区さくら1-1",
                            "Please tell the blood donation site about this treatment."), false));
            assertTrue(notEnglish.getMessage().startsWith("clinic: English address: '東京都港区さくら1-1' contains "
                    + "U+6771 '東'; write it in English"), notEnglish.getMessage());
            store.setClinicText("en", new Catalog.ClinicText("Sakura Skin Clinic", "1-1 Sakura, Minato-ku, Tokyo",
                    "Please tell the blood donation site about this treatment before you give blood."), false);
            assertTrue(store.textNotices().isEmpty());
            ConsentSession.ConfirmedBy c = store.confirmTreatment(TestAccounts.PHYSICIAN,
                    TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), s.withConfirmedBy(null));
            assertEquals("Taro Yamada", c.name(), "confirmed under the name the English document prints");
        }
    }

    @Test
    void aProductsEnglishTextsAreCheckedAgainstItsOwn() throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "product texts")) {
            store.addProduct(new Catalog.Product("自家培養上清 AS-1", "さくら皮膚科クリニック", "ご本人の脂肪由来幹細胞",
                    List.of("HBV", "HCV", "無菌試験"), "unknown", "冷蔵（2〜8℃）", "autologous", "clinic-prepared"));
            assertEquals(List.of("product '自家培養上清 AS-1': name", "product '自家培養上清 AS-1': manufacturer",
                    "product '自家培養上清 AS-1': source cells", "product '自家培養上清 AS-1': virus tests",
                    "product '自家培養上清 AS-1': storage"), store.catalog().missingTexts("en", null, "自家培養上清 AS-1")
                    .stream().map(Catalog.MissingText::describe).toList());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.setProductText(
                    "自家培養上清 AS-1", "en", new Catalog.ProductText("Own culture supernatant AS-1",
                            "Sakura Skin Clinic", "the patient's own adipose stem cells", List.of("HBV", "HCV"),
                            null)));
            assertEquals("product '自家培養上清 AS-1': English virus tests: 2 given, but the product lists 3 (HBV, HCV, "
                    + "無菌試験): give one text for each, in the same order; product '自家培養上清 AS-1': English "
                    + "storage: missing", e.getMessage());
            store.setProductText("自家培養上清 AS-1", "en", new Catalog.ProductText("Own culture supernatant AS-1",
                    "Sakura Skin Clinic", "the patient's own adipose stem cells", List.of("HBV", "HCV",
                    "Sterility test"), "Refrigerated (2-8 °C)"));
            Catalog.Product p = store.catalog().products().stream().filter(x -> x.name().equals("自家培養上清 AS-1"))
                    .findFirst().orElseThrow();
            assertEquals(Map.of("en", new Catalog.ProductText("Own culture supernatant AS-1", "Sakura Skin Clinic",
                    "the patient's own adipose stem cells", List.of("HBV", "HCV", "Sterility test"),
                    "Refrigerated (2-8 °C)")), p.texts());
            ConsentSession.Product snapshot = p.snapshot("en");
            assertEquals("Own culture supernatant AS-1", snapshot.name());
            assertEquals("自家培養上清 AS-1", snapshot.catalogName(), "the lot and recalls find it by its catalog name");
            assertEquals("冷蔵（2〜8℃）", p.snapshot("ja").storage(), "the Japanese text is the catalog's own");
            assertEquals(1, TestAudit.entries(store, "catalog:product-text-set").size());
        }
    }

    @Test
    void theCommandLineRefusesToRenderAnEnglishSessionWithTheClinicsJapaneseName() throws Exception {
        ObjectNode json = Examples.json("complete-en");
        ((ObjectNode) json.get("clinic")).put("name", "デモクリニック（練習用・架空）");
        Path session = tmp.resolve("english.json");
        Files.write(session, Examples.bytes(json));
        Path out = tmp.resolve("english.pdf");
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = org.exoconsent.cli.ExoConsentCli.commandLine(Map.of("EXOCONSENT_USER", TestAccounts.NAME,
                "EXOCONSENT_PASSWORD", TestAccounts.PASSWORD), Examples.CLOCK,
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err, true))
                .execute("render", "--data-dir", dir.root().toString(), "--session", session.toString(), "--out",
                        out.toString());
        assertEquals(3, exit, err.toString());
        assertTrue(err.toString().contains("clinic.name: 'デモクリニック（練習用・架空）' is not written in English"),
                err.toString());
        assertTrue(err.toString().contains("Administration > Clinic"), err.toString());
        assertFalse(Files.exists(out), "never a document in two languages");
        assertThrows(SessionException.class, () -> org.exoconsent.consent.CompletenessCheck.require(
                SessionJson.read(session), Examples.template(), Examples.CLINIC_CLOCK, "english.json"));
    }
}
