package org.exoconsent.pdf;

import com.lowagie.text.pdf.AcroFields;
import com.lowagie.text.pdf.PdfPKCS7;
import com.lowagie.text.pdf.PdfReader;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a signed consent PDF: that it carries a signature, that the signature is valid, and that it covers the
 * whole file, so that a single changed, added or removed byte is reported.
 */
public final class SignatureVerifier {
    private SignatureVerifier() {
    }

    public static SignatureReport verify(byte[] pdf) {
        List<String> problems = new ArrayList<>();
        PdfReader reader;
        try {
            reader = new PdfReader(pdf);
        } catch (IOException | RuntimeException e) {
            problems.add("the file is not a readable PDF (" + e.getMessage() + ")");
            return new SignatureReport(false, false, null, null, false, null, problems);
        }
        try {
            AcroFields fields = reader.getAcroFields();
            List<String> names = fields.getSignedFieldNames();
            if (names.isEmpty()) {
                problems.add("the document carries no digital signature");
                return new SignatureReport(false, false, null, null, false, null, problems);
            }
            if (names.size() > 1) {
                problems.add("the document carries " + names.size()
                        + " signatures; a consent record has exactly one");
            }
            String name = names.get(names.size() - 1);
            PdfPKCS7 pkcs7;
            try {
                pkcs7 = fields.verifySignature(name);
            } catch (RuntimeException e) {
                problems.add("the signature cannot be read (" + e.getMessage() + ")");
                return new SignatureReport(true, false, null, null, false, null, problems);
            }
            X509Certificate cert = pkcs7.getSigningCertificate();
            boolean valid;
            try {
                valid = pkcs7.verify();
            } catch (Exception e) {
                valid = false;
            }
            if (!valid) {
                problems.add("the signature does not match the content: the document was changed after signing");
            }
            if (!fields.signatureCoversWholeDocument(name)) {
                problems.add("the signature does not cover the whole file: bytes were added after signing");
            }
            if (!"SHA256".equalsIgnoreCase(pkcs7.getHashAlgorithm().replace("-", ""))) {
                problems.add("the signature uses " + pkcs7.getHashAlgorithm() + ", not SHA-256");
            }
            boolean self = cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal());
            return new SignatureReport(true, problems.isEmpty(), cert.getSubjectX500Principal().getName(),
                    SigningKeys.fingerprint(cert), self,
                    pkcs7.getSignDate() == null ? null : pkcs7.getSignDate().toInstant(), problems);
        } catch (RuntimeException e) {
            problems.add("the signature cannot be checked (" + e.getMessage() + ")");
            return new SignatureReport(true, false, null, null, false, null, problems);
        } finally {
            reader.close();
        }
    }
}
