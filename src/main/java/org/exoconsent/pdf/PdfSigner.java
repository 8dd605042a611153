package org.exoconsent.pdf;

import com.lowagie.text.DocumentException;
import com.lowagie.text.pdf.PdfDate;
import com.lowagie.text.pdf.PdfDictionary;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfPKCS7;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.PdfSignature;
import com.lowagie.text.pdf.PdfSignatureAppearance;
import com.lowagie.text.pdf.PdfStamper;
import com.lowagie.text.pdf.PdfString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.Map;

/**
 * Signs a whole PDF with the clinic's key: an invisible signature field, {@code adbe.pkcs7.detached}, SHA-256,
 * with the signing time in the signed attributes. After this, changing any byte makes the signature invalid.
 */
public final class PdfSigner {
    private PdfSigner() {
    }

    /**
     * Signs a laid-out PDF.
     *
     * @param when     the signing time, with the clinic's offset (written into the signature dictionary as the
     *                 signing date; the instant is what counts)
     * @param reason   the signature's reason (e.g. "Informed consent ID")
     * @param location the signature's location (the clinic's name)
     * @throws IllegalStateException when the document cannot be signed
     */
    public static byte[] sign(byte[] pdf, SigningKey key, java.time.OffsetDateTime when, String reason,
                              String location) {
        try {
            return doSign(pdf, key, when, reason, location);
        } catch (IOException | DocumentException | GeneralSecurityException e) {
            throw new IllegalStateException("the document could not be signed: " + e.getMessage(), e);
        }
    }

    private static byte[] doSign(byte[] pdf, SigningKey key, java.time.OffsetDateTime when, String reason,
                                 String location)
            throws IOException, DocumentException, GeneralSecurityException {
        PdfReader reader = new PdfReader(pdf);
        ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 32 * 1024);
        PdfStamper stamper = PdfStamper.createSignature(reader, out, '\0', null, false);
        Calendar cal = GregorianCalendar.from(when.toZonedDateTime());

        PdfSignatureAppearance sap = stamper.getSignatureAppearance();
        Certificate[] chain = key.chain().toArray(new Certificate[0]);
        sap.setCrypto(null, chain, null, PdfSignatureAppearance.SELF_SIGNED);
        sap.setReason(reason);
        sap.setLocation(location);
        sap.setSignDate(cal);

        PdfSignature dic = new PdfSignature(PdfName.ADOBE_PPKLITE, PdfName.ADBE_PKCS7_DETACHED);
        dic.setReason(reason);
        dic.setLocation(location);
        dic.setDate(new PdfDate(cal));
        dic.setName(PdfPKCS7.getSubjectFields(key.certificate()).getField("CN"));
        sap.setCryptoDictionary(dic);

        int reserved = reservedBytes(key);
        Map<PdfName, Integer> exclusions = new HashMap<>();
        exclusions.put(PdfName.CONTENTS, reserved * 2 + 2);
        sap.preClose(exclusions);

        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream range = sap.getRangeStream()) {
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = range.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        byte[] hash = md.digest();
        PdfPKCS7 pkcs7 = new PdfPKCS7(key.privateKey(), chain, null, "SHA-256", null, false);
        byte[] attributes = pkcs7.getAuthenticatedAttributeBytes(hash, cal, null);
        pkcs7.update(attributes, 0, attributes.length);
        byte[] encoded = pkcs7.getEncodedPKCS7(hash, cal);
        if (encoded.length > reserved) {
            throw new GeneralSecurityException("the signature (" + encoded.length + " bytes) does not fit the "
                    + reserved + " bytes reserved");
        }
        byte[] padded = new byte[reserved];
        System.arraycopy(encoded, 0, padded, 0, encoded.length);
        PdfDictionary contents = new PdfDictionary();
        contents.put(PdfName.CONTENTS, new PdfString(padded).setHexWriting(true));
        sap.close(contents);
        return out.toByteArray();
    }

    /** Room for the PKCS#7 blob: the certificates it embeds plus the signature and attributes. */
    static int reservedBytes(SigningKey key) throws CertificateEncodingException {
        int certs = 0;
        for (X509Certificate c : key.chain()) {
            certs += c.getEncoded().length;
        }
        return certs + 4096;
    }
}
