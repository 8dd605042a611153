package org.exoconsent.pdf;

import com.lowagie.text.pdf.AcroFields;
import com.lowagie.text.pdf.PdfPKCS7;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.PdfArray;
import com.lowagie.text.pdf.PdfDictionary;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfNumber;
import com.lowagie.text.pdf.PdfString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks a signed consent PDF: that it carries a signature, that the signature is valid, and that it covers the
 * whole file, so that a single changed, added or removed byte is reported. The one stretch a PDF signature does
 * not hash (the hex string holding the signature itself, zero-padded) is checked byte for byte as well: it must be
 * exactly the signature, written as a signer writes it, followed by zeros.
 */
public final class SignatureVerifier {
    private SignatureVerifier() {
    }

    /** Checks the signature of a PDF (its bytes); never throws: what is wrong is in the report's problems. */
    public static SignatureReport verify(byte[] pdf) {
        return check(pdf, false).report();
    }

    /**
     * What {@link #verifyWithFacts} found.
     *
     * @param report       the signature's report, as {@link #verify} gives it
     * @param session      the embedded {@link EmbeddedFacts#SESSION}, or null when there is none
     * @param withdrawal   the embedded {@link EmbeddedFacts#WITHDRAWAL}, or null when there is none
     * @param keywords     the signed document information's keywords, or null
     * @param factsProblem why an embedded file is there but cannot be read, or null
     * @param refusal      the embedded {@link EmbeddedFacts#REFUSAL} of an informed refusal, or null when there is none
     */
    public record Checked(SignatureReport report, byte[] session, byte[] withdrawal, String keywords,
                          String factsProblem, byte[] refusal) {
        /** What was found in a document that carries no informed refusal. */
        public Checked(SignatureReport report, byte[] session, byte[] withdrawal, String keywords,
                       String factsProblem) {
            this(report, session, withdrawal, keywords, factsProblem, null);
        }
    }

    /**
     * {@link #verify}, and in the same reading of the file the facts it carries ({@link EmbeddedFacts}). The facts are
     * evidence only when the report is intact: the signature then covers them.
     */
    public static Checked verifyWithFacts(byte[] pdf) {
        return check(pdf, true);
    }

    private static Checked check(byte[] pdf, boolean facts) {
        PdfReader reader;
        try {
            reader = new PdfReader(pdf);
        } catch (IOException | RuntimeException e) {
            return new Checked(new SignatureReport(false, false, null, null, false, null,
                    List.of("the file is not a readable PDF (" + e.getMessage() + ")")), null, null, null, null);
        }
        try {
            SignatureReport report = verify(reader, pdf);
            if (!facts) {
                return new Checked(report, null, null, null, null);
            }
            byte[] session = null;
            byte[] withdrawal = null;
            byte[] refusal = null;
            String problem = null;
            try {
                session = EmbeddedFacts.read(reader, EmbeddedFacts.SESSION);
                withdrawal = EmbeddedFacts.read(reader, EmbeddedFacts.WITHDRAWAL);
                refusal = EmbeddedFacts.read(reader, EmbeddedFacts.REFUSAL);
            } catch (IOException | RuntimeException e) {
                problem = "the facts embedded in the document cannot be read (" + e.getMessage() + ")";
            }
            return new Checked(report, session, withdrawal, reader.getInfo().get("Keywords"), problem, refusal);
        } finally {
            reader.close();
        }
    }

    private static SignatureReport verify(PdfReader reader, byte[] pdf) {
        List<String> problems = new ArrayList<>();
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
            String gap = gapProblem(pdf, fields.getSignatureDictionary(name));
            if (gap != null) {
                problems.add(gap);
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
        }
    }

    /** Why the unsigned gap between the two signed ranges is not exactly {@code <hex of Contents>}, or null. */
    static String gapProblem(byte[] pdf, PdfDictionary sig) {
        PdfArray br = sig.getAsArray(PdfName.BYTERANGE);
        PdfString contents = sig.getAsString(PdfName.CONTENTS);
        if (br == null || br.size() != 4 || contents == null) {
            return "the signature has no byte range or no contents";
        }
        long[] r = new long[4];
        for (int i = 0; i < 4; i++) {
            PdfNumber n = br.getAsNumber(i);
            if (n == null) {
                return "the signature's byte range is malformed";
            }
            r[i] = n.intValue();
        }
        if (r[0] != 0 || r[1] < 0 || r[2] < r[1] || r[2] > pdf.length) {
            return "the signature's byte range does not start the file or lies outside it";
        }
        byte[] value = contents.getOriginalBytes();
        byte[] gap = Arrays.copyOfRange(pdf, (int) r[1], (int) r[2]);
        String hex = HexFormat.of().formatHex(value);
        boolean exact = Arrays.equals(gap, ("<" + hex + ">").getBytes(StandardCharsets.US_ASCII))
                || Arrays.equals(gap, ("<" + hex.toUpperCase(java.util.Locale.ROOT) + ">")
                .getBytes(StandardCharsets.US_ASCII));
        if (!exact) {
            return "the stretch of the file holding the signature was altered";
        }
        int der = derLength(value);
        if (der < 0) {
            return "the signature is not a DER-encoded PKCS#7 object";
        }
        for (int i = der; i < value.length; i++) {
            if (value[i] != 0) {
                return "bytes were changed in the padding after the signature";
            }
        }
        return null;
    }

    /** Length of the DER object at the start of {@code b} (tag, length, value), or -1. */
    static int derLength(byte[] b) {
        if (b.length < 2 || b[0] != 0x30) {
            return -1;
        }
        int first = b[1] & 0xff;
        if (first < 0x80) {
            return 2 + first;
        }
        int n = first & 0x7f;
        if (n == 0 || n > 4 || b.length < 2 + n) {
            return -1;
        }
        int len = 0;
        for (int i = 0; i < n; i++) {
            len = (len << 8) | (b[2 + i] & 0xff);
        }
        return 2 + n + len > b.length ? -1 : 2 + n + len;
    }
}
