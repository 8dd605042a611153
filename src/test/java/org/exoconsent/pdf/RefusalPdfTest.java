package org.exoconsent.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.exoconsent.consent.InformedRefusal;
import org.exoconsent.consent.RefusalJson;
import org.exoconsent.consent.SessionException;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.Refusals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The informed refusal's signed PDF (issue 16 §5), read with poppler's pdftotext as a clinic's reader would: the
 * template's declaration, the sections explained, who signed or the physician's note, in Japanese and English.
 */
class RefusalPdfTest {
    @TempDir
    Path tmp;

    private String pdftotext(byte[] pdf, String name) throws IOException, InterruptedException {
        Path file = tmp.resolve(name + ".pdf");
        Files.write(file, pdf);
        String shots = System.getProperty("exoconsent.screenshots");
        if (shots != null) { // the PDF to look at (pdftoppm), beside the screenshots
            Files.createDirectories(Path.of(shots));
            Files.write(Path.of(shots).resolve(name + ".pdf"), pdf);
        }
        Process p = new ProcessBuilder("pdftotext", "-enc", "UTF-8", file.toString(), "-").redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), text);
        return text;
    }

    private static byte[] signed(InformedRefusal r) throws SessionException {
        return new ConsentDocuments("ExoConsent test", Examples.CLINIC_CLOCK).refusal(r, Examples.template(),
                Examples.key(), "test");
    }

    @Test
    void theJapaneseRefusalShowsTheDeclarationTheSectionsExplainedAndBothSignersAndIsSigned() throws Exception {
        byte[] pdf = signed(Refusals.signed("complete-ja"));
        assertTrue(SignatureVerifier.verify(pdf).intact());
        String text = pdftotext(pdf, "informed-refusal-ja").replaceAll("\\s+", "");
        for (String expected : new String[] {"説明を受けたうえで治療を受けないことにした記録", "説明した項目",
                "1.この治療について", "6.国の承認と規制について", "私は、上の項目について説明を受けました。",
                "私は、自分の意思で、この治療を受けないことにしました。", "後日、あらためて説明を受けることも、相談することもできます。",
                "私は、上の項目を患者さんに説明しました。", "佐藤花子", "山田太郎", "UC10-2611-04",
                "テンプレートexosome-therapy第1.3.0版"}) {
            assertTrue(text.contains(expected), expected + " in: " + text);
        }
        assertFalse(text.contains("7.副作用"), "a section not explained is not listed");
        InformedRefusal embedded = RefusalJson.read(EmbeddedFacts.withoutImageHashes(EmbeddedFacts.read(pdf,
                EmbeddedFacts.REFUSAL)).toString().getBytes(StandardCharsets.UTF_8), "embedded");
        assertEquals(Refusals.signed("complete-ja").explained(), embedded.explained());
    }

    @Test
    void theEnglishRefusalWithoutThePatientsSignatureShowsThePhysiciansNote() throws Exception {
        String text = pdftotext(signed(Refusals.notSignedByPatient("complete-en",
                "The patient preferred not to sign anything today.")), "informed-refusal-en").replaceAll("\\s+", " ");
        for (String expected : new String[] {"Record of deciding not to have the treatment after the explanation",
                "Sections explained", "1. About this treatment",
                "The patient did not sign this record. The physician recorded the following.",
                "The patient preferred not to sign anything today.", "No signature of the patient",
                "I explained the sections above to the patient.", "Emily Clarke", "Taro Yamada"}) {
            assertTrue(text.contains(expected), expected + " in: " + text);
        }
    }

    @Test
    void anIncompleteRefusalIsRefusedAndNothingIsSigned() {
        InformedRefusal r = Refusals.signed("complete-ja");
        SessionException e = assertThrows(SessionException.class, () -> signed(r.withSignatures(
                java.util.List.of(r.patientSide().orElseThrow()))));
        assertTrue(e.getMessage().contains("signatures: the physician's signature is missing"), e.getMessage());
    }
}
