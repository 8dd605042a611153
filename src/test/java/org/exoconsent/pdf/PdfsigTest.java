package org.exoconsent.pdf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second independent judge of the signature: poppler's pdfsig, the tool many auditors have. Skipped on a
 * developer machine without poppler-utils; required in CI (CI=true), where .ci/run installs it.
 */
@ProcessTest
class PdfsigTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void pdfsigIsThere() throws InterruptedException {
        boolean present;
        try {
            present = new ProcessBuilder("pdfsig", "-v").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("pdfsig is missing: .ci/run must install poppler-utils");
        }
        assumeTrue(present, "pdfsig (poppler-utils) is not installed");
    }

    private static String pdfsig(Path pdf) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pdfsig", pdf.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void pdfsigCallsTheSignatureValidAndTheWholeDocumentSigned() throws Exception {
        for (String example : new String[] {"complete-ja", "complete-en"}) {
            Path pdf = tmp.resolve(example + ".pdf");
            Files.write(pdf, ConsentPdfTest.signed(example));
            String out = pdfsig(pdf);
            assertTrue(out.contains("Signature Validation: Signature is Valid."), out);
            assertTrue(out.contains("Total document signed"), out);
            assertTrue(out.contains("Signature Type: adbe.pkcs7.detached"), out);
            assertTrue(out.contains("Signing Hash Algorithm: SHA-256"), out);
        }
    }

    @Test
    void pdfsigCallsASignedWithdrawalWithItsEmbeddedFactsValid() throws Exception {
        org.exoconsent.consent.ConsentSession original = org.exoconsent.testing.Examples.session("complete-ja");
        org.exoconsent.consent.Withdrawal w = new org.exoconsent.consent.Withdrawal(original.id() + "-withdrawal",
                original, "ab".repeat(32), java.time.LocalDate.of(2026, 11, 21), "not given", "reception",
                java.time.OffsetDateTime.parse("2026-11-21T12:00+09:00"), null);
        byte[] bytes = PdfSigner.sign(new WithdrawalPdfRenderer("test", org.exoconsent.testing.Examples.CLINIC_CLOCK)
                .render(w), org.exoconsent.testing.Examples.key(), w.recordedAt(), "Withdrawal", "clinic");
        Path pdf = tmp.resolve("withdrawal.pdf");
        Files.write(pdf, bytes);
        String out = pdfsig(pdf);
        assertTrue(out.contains("Signature Validation: Signature is Valid."), out);
        assertTrue(out.contains("Total document signed"), out);
        assertTrue(SignatureVerifier.verifyWithFacts(bytes).withdrawal() != null, "the facts are embedded");
    }

    @Test
    void pdfsigSeesAChangedByte() throws Exception {
        byte[] bytes = ConsentPdfTest.signed("complete-ja").clone();
        bytes[bytes.length / 2] ^= 0x01;
        Path pdf = tmp.resolve("altered.pdf");
        Files.write(pdf, bytes);
        String out = pdfsig(pdf);
        assertFalse(out.contains("Signature is Valid."), out);
    }
}
