package org.exoconsent.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.consent.Withdrawal;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;

/** The facts a signed document carries as data (issue 13 §1), read back with an independent reader (PDFBox). */
class EmbeddedFactsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The embedded files of a PDF as PDFBox sees them, with their AFRelationship. */
    private static Map<String, PDComplexFileSpecification> embedded(PDDocument doc) throws Exception {
        return doc.getDocumentCatalog().getNames().getEmbeddedFiles().getNames();
    }

    @Test
    void aSignedConsentCarriesItsSessionWithTheSignatureImagesReplacedByTheirSha256() throws Exception {
        for (String example : new String[] {"complete-ja", "complete-en"}) {
            byte[] pdf = ConsentPdfTest.signed(example);
            ConsentSession s = Examples.session(example);
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                Map<String, PDComplexFileSpecification> files = embedded(doc);
                assertEquals(List.of(EmbeddedFacts.SESSION), List.copyOf(files.keySet()));
                PDComplexFileSpecification spec = files.get(EmbeddedFacts.SESSION);
                assertEquals("Data", spec.getCOSObject().getNameAsString(COSName.getPDFName("AFRelationship")));
                assertNotNull(doc.getDocumentCatalog().getCOSObject().getCOSArray(COSName.getPDFName("AF")));
                JsonNode facts = JSON.readTree(spec.getEmbeddedFile().toByteArray());
                assertEquals(s.id(), facts.path("id").asText());
                assertEquals(s.patient().phone(), facts.path("patient").path("phone").asText());
                assertEquals(s.physician().licenceNumber(), facts.path("physician").path("licenceNumber").asText());
                assertEquals(s.signatures().size(), facts.path("signatures").size());
                for (int i = 0; i < s.signatures().size(); i++) {
                    JsonNode sig = facts.path("signatures").get(i);
                    assertTrue(sig.path("png").isMissingNode() || sig.path("png").isNull(), "no image: " + sig);
                    assertEquals(EmbeddedFacts.pngSha256(s.signatures().get(i).png()), sig.path("sha256").asText());
                    assertEquals(64, sig.path("sha256").asText().length());
                }
            }
            SignatureVerifier.Checked c = SignatureVerifier.verifyWithFacts(pdf);
            assertTrue(c.report().intact(), c.report().problems().toString());
            assertNull(c.withdrawal());
            // without the image hashes it is the session as the index's snapshot column holds it, and reads back
            JsonNode snapshot = JSON.readTree(SessionJson.write(s.withSignatures(s.signatures().stream()
                    .map(x -> new ConsentSession.Signature(x.role(), x.name(), x.at(), null, x.strokes())).toList())));
            assertEquals(snapshot, EmbeddedFacts.withoutImageHashes(c.session()));
            assertEquals(s.patient(), SessionJson.read(JSON.writeValueAsBytes(
                    EmbeddedFacts.withoutImageHashes(c.session())), example).patient());
        }
    }

    @Test
    void aSignedWithdrawalCarriesWhatItWithdrawsAndItsSignatureHash() throws Exception {
        ConsentSession original = Examples.session("complete-ja");
        String png = original.signatures().get(0).png();
        Withdrawal w = new Withdrawal(original.id() + "-withdrawal", original, "ab".repeat(32), LocalDate.of(2026, 11,
                21), "体調のため", "受付 山田", OffsetDateTime.parse("2026-11-21T12:00+09:00"), png);
        byte[] pdf = PdfSigner.sign(new WithdrawalPdfRenderer("test", Examples.CLINIC_CLOCK).render(w), Examples.key(),
                w.recordedAt(), "Withdrawal", "clinic");
        SignatureVerifier.Checked c = SignatureVerifier.verifyWithFacts(pdf);
        assertTrue(c.report().intact(), c.report().problems().toString());
        assertNull(c.session());
        JsonNode facts = JSON.readTree(c.withdrawal());
        assertEquals(w.id(), facts.path("document").asText());
        assertEquals(original.id(), facts.path("refersTo").asText());
        assertEquals("ab".repeat(32), facts.path("refersToSha256").asText());
        assertEquals("2026-11-21", facts.path("date").asText());
        assertEquals("体調のため", facts.path("reason").asText());
        assertEquals("受付 山田", facts.path("receivedBy").asText());
        assertEquals(EmbeddedFacts.pngSha256(png), facts.path("signatureSha256").asText());
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertEquals(List.of(EmbeddedFacts.WITHDRAWAL), List.copyOf(embedded(doc).keySet()));
        }
        assertTrue(pdf.length <= 250 * 1024, "size: " + pdf.length);
    }

    @Test
    void aDocumentSignedBeforeReleaseOnePointThreeCarriesNoFacts() throws Exception {
        java.nio.file.Path fixture;
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/test/resources/fixtures/datadir-1.2.0"))) {
            fixture = files.filter(f -> f.toString().endsWith(".pdf")).sorted().findFirst().orElseThrow();
        }
        SignatureVerifier.Checked c = SignatureVerifier.verifyWithFacts(java.nio.file.Files.readAllBytes(fixture));
        assertTrue(c.report().intact(), fixture + ": " + c.report().problems());
        assertNull(c.session(), fixture.toString());
        assertNull(c.withdrawal(), fixture.toString());
        assertNull(c.factsProblem());
    }
}
