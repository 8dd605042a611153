package org.exoconsent.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDCIDFontType2;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.exoconsent.consent.SessionException;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;

/**
 * Every character of a patient's record is drawn in the signed PDF, or nothing is signed (issue 12 §1): names the
 * primary font lacks come from the fallback fonts, a variation sequence shows the font's variant glyph, and a
 * character no font has is refused naming the field.
 */
class FontCoverageTest {

    /** A Japanese example session whose patient (and the patient's signature) carries another name. */
    static ObjectNode withPatient(String example, String name) {
        ObjectNode json = Examples.json(example);
        ((ObjectNode) json.get("patient")).put("name", name);
        for (var sig : (ArrayNode) json.get("signatures")) {
            if (sig.get("role").asText().equals("patient")) {
                ((ObjectNode) sig).put("name", name);
            }
        }
        return json;
    }

    static byte[] render(ObjectNode json) throws SessionException {
        return new ConsentDocuments("ExoConsent test", Examples.CLINIC_CLOCK)
                .renderAndSign(Examples.session(json), Examples.template(), Examples.key(), "test session");
    }

    /**
     * What PDFBox draws for each character: the text it extracts, the font's base name, the glyph id in the
     * embedded font and the glyph's outline (its path's points, in font units).
     */
    record Drawn(String unicode, String font, int gid, String outline) {
    }

    /** A glyph outline as comparable text: the segments of its path. */
    static String outline(java.awt.geom.GeneralPath path) {
        StringBuilder s = new StringBuilder();
        double[] c = new double[6];
        for (java.awt.geom.PathIterator it = path.getPathIterator(null); !it.isDone(); it.next()) {
            int type = it.currentSegment(c);
            s.append(type);
            for (int i = 0; i < 6; i++) {
                s.append(',').append(Math.round(c[i]));
            }
            s.append(';');
        }
        return s.toString();
    }

    static List<Drawn> drawn(byte[] pdf) throws IOException {
        List<Drawn> out = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper s = new PDFTextStripper() {
                @Override
                protected void processTextPosition(TextPosition t) {
                    int gid = -1;
                    String shape = "";
                    if (t.getFont() instanceof PDType0Font f && f.getDescendantFont() instanceof PDCIDFontType2 cid) {
                        try {
                            int code = t.getCharacterCodes()[0];
                            gid = cid.codeToGID(code);
                            shape = outline(cid.getPath(code));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    out.add(new Drawn(t.getUnicode(), t.getFont().getName(), gid, shape));
                }
            };
            s.getText(doc);
        }
        return out;
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s*\\R\\s*", "\n");
        }
    }

    @Test
    void aNameWithACharacterOfTheNameRegistriesIsPrintedWhole() throws Exception {
        byte[] pdf = render(withPatient("complete-ja", "𠮷田 花子"));
        String text = text(pdf);
        // the name line and the signature block both show the whole name
        int count = text.split("𠮷田 花子", -1).length - 1;
        assertTrue(count >= 2, "the name appears whole in the name line and the signature block:\n" + text);
        assertTrue(drawn(pdf).stream().anyMatch(d -> d.unicode().equals("𠮷") && d.font().contains("IPAmj")),
                "𠮷 is drawn by IPAmj Mincho");
        assertTrue(pdf.length <= 250 * 1024, "a consent stays within 250 KB: " + pdf.length);
    }

    @Test
    void vietnameseLettersAreAllPrinted() throws Exception {
        byte[] pdf = render(withPatient("complete-en", "Nguyễn Thị Hương"));
        assertTrue(text(pdf).contains("Nguyễn Thị Hương"), "the Vietnamese name is printed with every letter");
        Set<String> fonts = new TreeSet<>();
        drawn(pdf).stream().filter(d -> "ễịươ".contains(d.unicode())).forEach(d -> fonts.add(d.font()));
        assertTrue(fonts.stream().allMatch(f -> f.contains("NotoSans")), "the letters come from Noto Sans: " + fonts);
        assertTrue(pdf.length <= 250 * 1024, "a consent stays within 250 KB: " + pdf.length);
    }

    @Test
    void chineseAndKoreanNamesArePrintedInTheirScripts() throws Exception {
        byte[] pdf = render(withPatient("complete-en", "张伟 김민준"));
        assertTrue(text(pdf).contains("张伟 김민준"), text(pdf));
    }

    @Test
    void aVariationSelectorShowsTheFontsVariantGlyph() throws Exception {
        int variant = Fonts.sequenceGlyph(BundledFont.IPAEX_GOTHIC, 0x8FBB, 0xE0100);
        assertTrue(variant > 0, "IPAex Gothic has 辻+U+E0100 (glyph aj3056)");
        String variantOutline;
        String usualOutline;
        try (var ttf = new org.apache.fontbox.ttf.TTFParser().parse(
                new org.apache.pdfbox.io.RandomAccessReadBuffer(Fonts.bytes(BundledFont.IPAEX_GOTHIC)))) {
            variantOutline = outline(ttf.getGlyph().getGlyph(variant).getPath());
            usualOutline = outline(ttf.getGlyph().getGlyph(ttf.getUnicodeCmapLookup().getGlyphId(0x8FBB)).getPath());
        }
        assertNotEquals(variantOutline, usualOutline, "the two 辻 differ");
        byte[] plain = render(withPatient("complete-ja", "辻 花子"));
        byte[] selected = render(withPatient("complete-ja", "辻\uDB40\uDD00 花子"));
        List<String> plainShapes = drawn(plain).stream().filter(d -> d.unicode().equals("辻")).map(Drawn::outline)
                .toList();
        List<String> selectedShapes = drawn(selected).stream().filter(d -> d.unicode().equals("辻"))
                .map(Drawn::outline).toList();
        assertTrue(plainShapes.size() >= 2 && selectedShapes.size() >= 2, "name line and signature block");
        assertTrue(plainShapes.stream().allMatch(usualOutline::equals), "without the selector: the usual 辻");
        assertTrue(selectedShapes.stream().allMatch(variantOutline::equals),
                "with U+E0100 every 辻 of the name is IPAex Gothic's glyph " + variant + " (aj3056)");
        assertTrue(text(selected).contains("辻 花子"), "the text layer still reads 辻 花子");
        assertTrue(selected.length <= 250 * 1024, "within 250 KB: " + selected.length);
    }

    @Test
    void aVariationSequenceChangesOnlyItsOwnCharacterNotTheSameKanjiElsewhere() throws Exception {
        int variant = Fonts.sequenceGlyph(BundledFont.IPAEX_GOTHIC, 0x8FBB, 0xE0100);
        String variantOutline;
        String usualOutline;
        try (var ttf = new org.apache.fontbox.ttf.TTFParser().parse(
                new org.apache.pdfbox.io.RandomAccessReadBuffer(Fonts.bytes(BundledFont.IPAEX_GOTHIC)))) {
            variantOutline = outline(ttf.getGlyph().getGlyph(variant).getPath());
            usualOutline = outline(ttf.getGlyph().getGlyph(ttf.getUnicodeCmapLookup().getGlyphId(0x8FBB)).getPath());
        }
        ObjectNode json = withPatient("complete-ja", "辻\uDB40\uDD00 花子");
        ((ObjectNode) json.get("notes")).put("physician", "ご家族の辻 一郎さんが同席。");
        byte[] pdf = render(json);
        List<String> shapes = drawn(pdf).stream().filter(d -> d.unicode().equals("辻")).map(Drawn::outline).toList();
        long variants = shapes.stream().filter(variantOutline::equals).count();
        long usual = shapes.stream().filter(usualOutline::equals).count();
        assertEquals(1, usual, "the note's plain 辻 keeps its usual glyph: " + shapes.size() + " drawn");
        assertEquals(shapes.size() - 1, variants, "the patient's 辻 (name line, signature) is the variant");
        // and a later document on the same thread is not changed by the earlier one
        byte[] later = render(withPatient("complete-ja", "辻 花子"));
        assertTrue(drawn(later).stream().filter(d -> d.unicode().equals("辻")).map(Drawn::outline)
                .allMatch(usualOutline::equals), "a later document's 辻 is the usual one");
    }

    @Test
    void aVariationSequenceOnlyIPAmjHasIsDrawnWithIPAmjsVariant() throws Exception {
        int variant = Fonts.sequenceGlyph(BundledFont.IPAMJ_MINCHO, 0x8FBB, 0xE0103);
        assertTrue(variant > 0, "IPAmj Mincho has 辻+U+E0103");
        String variantOutline;
        try (var ttf = new org.apache.fontbox.ttf.TTFParser().parse(
                new org.apache.pdfbox.io.RandomAccessReadBuffer(Fonts.bytes(BundledFont.IPAMJ_MINCHO)))) {
            variantOutline = outline(ttf.getGlyph().getGlyph(variant).getPath());
        }
        byte[] pdf = render(withPatient("complete-ja", "辻\uDB40\uDD03 花子"));
        List<Drawn> tsuji = drawn(pdf).stream().filter(d -> d.unicode().equals("辻")).toList();
        assertTrue(tsuji.size() >= 2 && tsuji.stream().allMatch(d -> d.outline().equals(variantOutline)
                && d.font().contains("IPAmj")), "辻+U+E0103 is IPAmj Mincho's variant: " + tsuji);
    }

    @Test
    void aCharacterNoFontHasIsRefusedNamingTheFieldAndTheCharacter() {
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) json.get("notes")).put("physician", "経過良好 😀");
        SessionException e = assertThrows(SessionException.class, () -> render(json));
        assertTrue(e.problems().contains("notes.physician: U+1F600 '😀' cannot be printed (none of the bundled "
                + "fonts has it)"), e.getMessage());
    }

    @Test
    void everyProblemIsListedAtOnce() {
        ObjectNode json = withPatient("complete-ja", "佐藤 花子😀");
        ((ObjectNode) json.get("patient")).put("address", "東京都\u2603\uFE0F\uD83C\uDFE0");
        SessionException e = assertThrows(SessionException.class, () -> render(json));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("patient.name: U+1F600")), e.getMessage());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("patient.address: U+1F3E0")), e.getMessage());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("signatures[0].name: U+1F600")),
                e.getMessage());
    }

    @Test
    void textIsNormalisedToNfcBeforeTheCheckAndTheDrawing() throws Exception {
        // "ệ" written as e + U+0323 + U+0302 (decomposed): NFC makes it one letter that Noto Sans has
        byte[] pdf = render(withPatient("complete-en", "Nguye\u0323\u0302n Van"));
        assertTrue(text(pdf).contains("Nguyện Van"), text(pdf));
    }

    @Test
    void everyLabelAndWordOfTheDocumentsCanBePrinted() {
        List<String> problems = new ArrayList<>();
        for (String bundle : List.of("org.exoconsent.pdf.labels", "org.exoconsent.consent.words")) {
            for (java.util.Locale l : List.of(java.util.Locale.ROOT, java.util.Locale.JAPANESE)) {
                java.util.ResourceBundle b = java.util.ResourceBundle.getBundle(bundle, l);
                for (String key : b.keySet()) {
                    PrintableText.problem(bundle + "_" + l + ":" + key, b.getString(key)).ifPresent(problems::add);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aFallbackFontIsEmbeddedOnlyWhenADocumentNeedsIt() throws Exception {
        byte[] pdf = render(Examples.json("complete-ja"));
        Set<String> fonts = new TreeSet<>();
        drawn(pdf).forEach(d -> fonts.add(d.font().replaceFirst("^[A-Z]{6}\\+", "")));
        assertTrue(fonts.contains("IPAexGothic") && fonts.stream().noneMatch(f -> f.matches(
                "(?i).*(noto|droid|ipamj).*")), "an ordinary Japanese consent embeds no fallback font: " + fonts);
        assertNotEquals(-1, drawn(pdf).get(0).gid());
    }

    @Test
    void everyTextOfTheSessionIsCheckedForInvisibleAndBidirectionalCharactersNotOnlyThePatients() {
        ObjectNode json = Examples.json("complete-en");
        ((ObjectNode) json.get("clinic")).put("name", "Demo\u202E Clinic").put("address", "\uFE0F");
        ((ObjectNode) json.get("treatment").get("lot")).put("number", "UC10\u200D-01");
        ((ObjectNode) json.get("treatment").get("product")).put("storage", "frozen\n(-20 °C)");
        SessionException e = assertThrows(SessionException.class, () -> render(json));
        assertTrue(e.problems().contains("clinic.name: contains U+202E (a bidirectional control, which can make text "
                + "read differently from what is stored); names and other single-line fields cannot hold it"),
                e.getMessage());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("clinic.address: has no visible character")),
                e.getMessage());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("treatment.lot.number: contains U+200D")),
                e.getMessage());
        assertTrue(e.problems().stream().noneMatch(p -> p.startsWith("treatment.product.storage")),
                "a storage text may run over lines: " + e.getMessage());
        assertEquals(e.problems().size(), new java.util.HashSet<>(e.problems()).size(), "each problem once");
    }

    @Test
    void theEnglishDocumentCountsSessionsInRealEnglish() throws Exception {
        ObjectNode one = Examples.json("complete-en");
        ((ObjectNode) one.get("treatment")).put("sessions", 1);
        String text = text(render(one)).replaceAll("\\s+", " ");
        assertTrue(text.contains("The plan is 1 session, starting on"), text);
        assertTrue(text.contains("The cost of this plan (1 session) is"), text);
        assertTrue(!text.contains("session(s)"), "no 'session(s)' anywhere");
        ObjectNode three = Examples.json("complete-en");
        ((ObjectNode) three.get("treatment")).put("sessions", 3);
        assertTrue(text(render(three)).replaceAll("\\s+", " ").contains("The plan is 3 sessions, starting on"));
    }
}
