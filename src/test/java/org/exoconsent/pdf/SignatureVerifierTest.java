package org.exoconsent.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureVerifierTest {

    @Test
    void anIntactDocumentReportsSignerTimeAndIntegrity() {
        SignatureReport r = SignatureVerifier.verify(ConsentPdfTest.signed("complete-ja"));
        assertTrue(r.signed());
        assertTrue(r.intact(), r.problems().toString());
        assertEquals(Examples.key().certificate().getSubjectX500Principal().getName(), r.signer());
        assertEquals(Examples.CLOCK.instant(), r.signedAt());
        assertTrue(r.selfSigned());
        assertEquals(SigningKeys.fingerprint(Examples.key().certificate()), r.fingerprint());
    }

    /** Flip one byte at a fraction of the file: in the content, in the signature, in the trailer. */
    @ParameterizedTest
    @ValueSource(doubles = {0.001, 0.02, 0.3, 0.5, 0.8, 0.97, 0.9999})
    void anyChangedByteIsDetected(double where) {
        byte[] pdf = ConsentPdfTest.signed("complete-ja").clone();
        int at = (int) (pdf.length * where);
        pdf[at] = (byte) (pdf[at] ^ 0x01);
        SignatureReport r = SignatureVerifier.verify(pdf);
        assertFalse(r.intact(), "byte " + at + " of " + pdf.length + " changed but the document still verifies");
        assertFalse(r.problems().isEmpty());
    }

    @Test
    void aByteInsideTheSignatureItselfIsDetected() {
        byte[] pdf = ConsentPdfTest.signed("complete-en").clone();
        String s = new String(pdf, StandardCharsets.ISO_8859_1);
        int contents = s.indexOf("/Contents <") + "/Contents <".length() + 200;
        pdf[contents] = (byte) (pdf[contents] == '0' ? '1' : '0');
        assertFalse(SignatureVerifier.verify(pdf).intact());
    }

    @Test
    void bytesAddedAfterSigningAreDetected() {
        byte[] pdf = ConsentPdfTest.signed("complete-en");
        byte[] longer = Arrays.copyOf(pdf, pdf.length + 12);
        System.arraycopy("%extra bytes".getBytes(StandardCharsets.US_ASCII), 0, longer, pdf.length, 12);
        SignatureReport r = SignatureVerifier.verify(longer);
        assertFalse(r.intact());
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("does not cover the whole file")), r.problems()
                .toString());
    }

    @Test
    void anUnsignedPdfAndAFileThatIsNoPdfAreReported() {
        byte[] unsigned = new ConsentPdfRenderer("t", Examples.CLINIC_CLOCK).render(Examples.session("complete-en"),
                Examples.template());
        SignatureReport r = SignatureVerifier.verify(unsigned);
        assertFalse(r.signed());
        assertFalse(r.intact());
        assertEquals("the document carries no digital signature", r.problems().get(0));

        SignatureReport junk = SignatureVerifier.verify("hello".getBytes(StandardCharsets.US_ASCII));
        assertFalse(junk.intact());
        assertTrue(junk.problems().get(0).startsWith("the file is not a readable PDF"));
    }

    @Test
    void theSigningTimeIsTheTimeOfSigning() {
        Instant when = Instant.parse("2026-11-20T01:33:30Z");
        byte[] pdf = PdfSigner.sign(new ConsentPdfRenderer("t", Examples.CLINIC_CLOCK)
                .render(Examples.session("complete-en"), Examples.template()), Examples.key(),
                Examples.CLINIC_CLOCK.at(when), "r", "l");
        assertEquals(when, SignatureVerifier.verify(pdf).signedAt());
    }
}
