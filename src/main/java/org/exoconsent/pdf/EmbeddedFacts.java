package org.exoconsent.pdf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lowagie.text.pdf.PRStream;
import com.lowagie.text.pdf.PdfArray;
import com.lowagie.text.pdf.PdfDictionary;
import com.lowagie.text.pdf.PdfFileSpecification;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfObject;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.PdfString;
import com.lowagie.text.pdf.PdfWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.consent.Withdrawal;

/**
 * The facts a signed document carries as data (issue 13 §1): a JSON file embedded in the PDF (an entry of the
 * document's {@code /EmbeddedFiles} name tree, listed in the catalog's {@code /AF} array with
 * {@code /AFRelationship /Data}), written before the document is signed and so inside the signature's byte range.
 * <ul>
 * <li>A consent carries {@value #SESSION}: the session JSON as recorded ({@link SessionJson}), each signature's
 * base64 PNG removed and its SHA-256 (of the PNG bytes, lower-case hex) put in its place as {@code sha256}.</li>
 * <li>A withdrawal carries {@value #WITHDRAWAL}: its document id, the consent it refers to, that consent's PDF
 * SHA-256, the day, the reason, who received it, when it was recorded, and the SHA-256 of the signature image (or
 * null).</li>
 * <li>A correction carries {@value #CORRECTION}: its document id, the consent it refers to and that consent's PDF
 * SHA-256, the field, the value before and after, the reason, who received it and when it was recorded.</li>
 * <li>An informed refusal (issue 16 §5) carries {@value #REFUSAL}: the refusal JSON as recorded
 * ({@link org.exoconsent.consent.RefusalJson}), each signature's base64 PNG replaced by its SHA-256, as a
 * consent's.</li>
 * </ul>
 * Documents signed before release 1.3 carry none of these files.
 */
public final class EmbeddedFacts {
    /** The embedded file of a consent. */
    public static final String SESSION = "exoconsent-session.json";
    /** The embedded file of a withdrawal. */
    public static final String WITHDRAWAL = "exoconsent-withdrawal.json";
    /** The embedded file of a correction. */
    public static final String CORRECTION = "exoconsent-correction.json";
    /** The embedded file of an informed refusal (issue 16 §5). */
    public static final String REFUSAL = "exoconsent-refusal.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EmbeddedFacts() {
    }

    /** The consent's facts as embedded: the session JSON, signature images replaced by their SHA-256. */
    public static byte[] session(ConsentSession s) {
        List<ConsentSession.Signature> without = s.signatures().stream()
                .map(x -> new ConsentSession.Signature(x.role(), x.name(), x.at(), null, x.strokes())).toList();
        try {
            JsonNode tree = MAPPER.readTree(SessionJson.write(s.withSignatures(without)));
            if (tree.get("signatures") instanceof ArrayNode sigs) {
                for (int i = 0; i < sigs.size() && i < s.signatures().size(); i++) {
                    String png = s.signatures().get(i).png();
                    ((ObjectNode) sigs.get(i)).put("sha256", png == null ? null : pngSha256(png));
                }
            }
            return MAPPER.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The informed refusal's facts as embedded: its JSON, signature images replaced by their SHA-256. */
    public static byte[] refusal(org.exoconsent.consent.InformedRefusal r) {
        List<ConsentSession.Signature> without = r.signatures().stream()
                .map(x -> new ConsentSession.Signature(x.role(), x.name(), x.at(), null, x.strokes())).toList();
        try {
            JsonNode tree = MAPPER.readTree(org.exoconsent.consent.RefusalJson.write(r.withSignatures(without)));
            if (tree.get("signatures") instanceof ArrayNode sigs) {
                for (int i = 0; i < sigs.size() && i < r.signatures().size(); i++) {
                    String png = r.signatures().get(i).png();
                    ((ObjectNode) sigs.get(i)).put("sha256", png == null ? null : pngSha256(png));
                }
            }
            return MAPPER.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The embedded session as {@link SessionJson} reads and the index's {@code snapshot} column holds it: without the
     * signatures' {@code sha256}.
     *
     * @throws IOException when the bytes are not JSON
     */
    public static JsonNode withoutImageHashes(byte[] embeddedSession) throws IOException {
        JsonNode tree = MAPPER.readTree(embeddedSession);
        if (tree != null && tree.get("signatures") instanceof ArrayNode sigs) {
            sigs.forEach(sig -> {
                if (sig instanceof ObjectNode o) {
                    o.remove("sha256");
                }
            });
        }
        return tree;
    }

    /** The withdrawal's facts as embedded. */
    public static byte[] withdrawal(Withdrawal w) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("document", w.id());
        o.put("refersTo", w.original().id());
        o.put("refersToSha256", w.originalPdfSha256());
        o.put("date", w.date().toString());
        o.put("reason", w.reason());
        o.put("receivedBy", w.receivedBy());
        o.put("recordedAt", w.recordedAt().toString());
        o.put("signatureSha256", w.signaturePng() == null ? null : pngSha256(w.signaturePng()));
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The correction's facts as embedded: {@code document}, {@code refersTo}, {@code refersToSha256}, {@code field}
     * (e.g. {@code patient.phone}), {@code before} (null when the field was empty), {@code after}, {@code reason},
     * {@code receivedBy}, {@code recordedAt} (ISO-8601 with the clinic's offset).
     */
    public static byte[] correction(org.exoconsent.consent.Correction c) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("document", c.id());
        o.put("refersTo", c.original().id());
        o.put("refersToSha256", c.originalPdfSha256());
        o.put("field", c.field().key());
        o.put("before", c.before());
        o.put("after", c.after());
        o.put("reason", c.reason());
        o.put("receivedBy", c.receivedBy());
        o.put("recordedAt", c.recordedAt().toString());
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bytes of the embedded file {@code name} of a whole PDF, or null when it has none. The facts are evidence
     * only when the document's signature is intact (checked separately).
     *
     * @throws IOException when the bytes are not a readable PDF or the embedded file cannot be read
     */
    public static byte[] read(byte[] pdf, String name) throws IOException {
        PdfReader reader;
        try {
            reader = new PdfReader(pdf);
        } catch (RuntimeException e) {
            throw new IOException("not a readable PDF (" + e.getMessage() + ")", e);
        }
        try {
            return read(reader, name);
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            reader.close();
        }
    }

    /** SHA-256 (lower-case hex) of a base64 PNG's bytes; of the text itself when it is not base64. */
    public static String pngSha256(String base64Png) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64Png);
        } catch (IllegalArgumentException e) {
            bytes = base64Png.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Embeds {@code json} as {@code name} in a document being written (call before the document is closed, and so
     * before it is signed).
     */
    static void attach(PdfWriter writer, String name, byte[] json) throws IOException {
        PdfFileSpecification fs = PdfFileSpecification.fileEmbedded(writer, null, name, json, true,
                "application/json", null);
        fs.put(new PdfName("AFRelationship"), new PdfName("Data"));
        writer.addFileAttachment(name, fs); // the name is the key in the /EmbeddedFiles name tree
        PdfArray af = new PdfArray();
        af.add(fs.getReference());
        writer.getExtraCatalog().put(new PdfName("AF"), af);
    }

    /**
     * The bytes of the embedded file {@code name}, or null when the document has none (e.g. signed before release
     * 1.3).
     *
     * @throws IOException when the file is there but its stream cannot be read
     */
    public static byte[] read(PdfReader reader, String name) throws IOException {
        PdfDictionary names = reader.getCatalog().getAsDict(PdfName.NAMES);
        PdfDictionary embedded = names == null ? null : names.getAsDict(PdfName.EMBEDDEDFILES);
        return embedded == null ? null : find(embedded, name, 0);
    }

    private static byte[] find(PdfDictionary node, String name, int depth) throws IOException {
        if (depth > 8) {
            return null;
        }
        PdfArray leaves = node.getAsArray(PdfName.NAMES);
        for (int i = 0; leaves != null && i + 1 < leaves.size(); i += 2) {
            PdfString key = leaves.getAsString(i);
            PdfDictionary spec = leaves.getAsDict(i + 1);
            if (key != null && name.equals(key.toUnicodeString()) && spec != null) {
                PdfDictionary ef = spec.getAsDict(PdfName.EF);
                PdfObject f = ef == null ? null : PdfReader.getPdfObject(ef.get(PdfName.F));
                if (f instanceof PRStream stream) {
                    return PdfReader.getStreamBytes(stream);
                }
                throw new IOException("the embedded file " + name + " has no content");
            }
        }
        PdfArray kids = node.getAsArray(PdfName.KIDS);
        for (int i = 0; kids != null && i < kids.size(); i++) {
            PdfDictionary kid = kids.getAsDict(i);
            byte[] found = kid == null ? null : find(kid, name, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
