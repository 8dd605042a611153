package org.exoconsent.consent;

import static org.exoconsent.limits.InputLimits.MAX_LINE_CHARACTERS;
import static org.exoconsent.limits.InputLimits.MAX_NOTE_CHARACTERS;
import static org.exoconsent.limits.InputLimits.MAX_TEXT_CHARACTERS;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.exoconsent.limits.InputLimits;

/**
 * The size limits of a session ({@link InputLimits}), checked before anything else is done with it: every text
 * field's length, the number of entries of every list, and the size of every signature (its PNG's bytes and
 * dimensions, read from the PNG header, and its strokes and points). {@link SessionJson#read(java.nio.file.Path)}
 * applies them to a session file as it is read, and {@link CompletenessCheck#problems} first of all, so that the
 * command line, the wizard's signing and the store refuse the same sessions. Sessions already stored (drafts,
 * records' snapshots) are read without them: nothing stored is ever refused on reading.
 */
public final class SessionLimits {
    private SessionLimits() {
    }

    /**
     * The longest value a session's text field may hold, in characters: {@link InputLimits#MAX_NOTE_CHARACTERS} for
     * {@code notes.physician}, {@link InputLimits#MAX_TEXT_CHARACTERS} for the multi-line texts (addresses, the
     * blood-donation policy, the product's descriptions, a patient's question and answer), the reason a minor did
     * not sign {@link CompletenessCheck#MAX_REASON_CHARACTERS}, and {@link InputLimits#MAX_LINE_CHARACTERS} for
     * every other field.
     *
     * @param field the field's path as messages name it ({@code patient.name}, {@code notes.patientQuestions[0].answer})
     */
    public static int maxCharacters(String field) {
        String f = field.replaceAll("\\[\\d+]", "[]");
        return switch (f) {
            case "notes.physician" -> MAX_NOTE_CHARACTERS;
            case "assentNotSigned.reason" -> CompletenessCheck.MAX_REASON_CHARACTERS;
            case "clinic.address", "clinic.bloodDonationPolicy", "patient.address", "treatment.product.manufacturer",
                 "treatment.product.sourceCells", "treatment.product.storage", "notes.patientQuestions[].question",
                 "notes.patientQuestions[].answer" -> MAX_TEXT_CHARACTERS;
            default -> MAX_LINE_CHARACTERS;
        };
    }

    /** Throws with every limit the session exceeds, or returns when it is within all of them. */
    public static void require(ConsentSession s, String source) throws SessionException {
        List<String> p = problems(s);
        if (!p.isEmpty()) {
            throw new SessionException(source, p);
        }
    }

    /**
     * Every limit the session exceeds, each naming the field, its size and the limit
     * ({@code "notes.physician: 250000 characters; at most 10000"}); empty when none. Cheap: no image is decoded.
     */
    public static List<String> problems(ConsentSession s) {
        List<String> p = new ArrayList<>();
        text(p, "id", s.id());
        if (s.template() != null) {
            text(p, "template.id", s.template().id());
            text(p, "template.version", s.template().version());
            text(p, "template.language", s.template().language());
            text(p, "template.sha256", s.template().sha256());
        }
        if (s.clinic() != null) {
            text(p, "clinic.name", s.clinic().name());
            text(p, "clinic.address", s.clinic().address());
            text(p, "clinic.phone", s.clinic().phone());
            text(p, "clinic.bloodDonationPolicy", s.clinic().bloodDonationPolicy());
        }
        if (s.physician() != null) {
            text(p, "physician.name", s.physician().name());
            text(p, "physician.licenceNumber", s.physician().licenceNumber());
        }
        if (s.patient() != null) {
            text(p, "patient.name", s.patient().name());
            text(p, "patient.kana", s.patient().kana());
            text(p, "patient.patientNumber", s.patient().patientNumber());
            text(p, "patient.phone", s.patient().phone());
            text(p, "patient.address", s.patient().address());
        }
        if (s.representative() != null) {
            text(p, "representative.name", s.representative().name());
            text(p, "representative.kana", s.representative().kana());
            text(p, "representative.relationshipText", s.representative().relationshipText());
            text(p, "representative.phone", s.representative().phone());
        }
        treatment(p, s.treatment());
        text(p, "previousConsent", s.previousConsent());
        if (s.lastConsent() != null) {
            text(p, "lastConsent.documentId", s.lastConsent().documentId());
            text(p, "lastConsent.templateVersion", s.lastConsent().templateVersion());
        }
        if (s.preparedBy() != null) {
            text(p, "preparedBy.account", s.preparedBy().account());
        }
        if (s.confirmedBy() != null) {
            text(p, "confirmedBy.account", s.confirmedBy().account());
            text(p, "confirmedBy.name", s.confirmedBy().name());
            text(p, "confirmedBy.licenceNumber", s.confirmedBy().licenceNumber());
        }
        if (s.assentNotSigned() != null) {
            text(p, "assentNotSigned.reason", s.assentNotSigned().reason());
            text(p, "assentNotSigned.account", s.assentNotSigned().account());
        }
        if (count(p, "acknowledgements", s.acknowledgements().size(), InputLimits.MAX_ACKNOWLEDGEMENTS)) {
            for (int i = 0; i < s.acknowledgements().size(); i++) {
                ConsentSession.Acknowledgement a = s.acknowledgements().get(i);
                text(p, "acknowledgements[" + i + "].section", a == null ? null : a.section());
            }
        }
        if (count(p, "quiz", s.checkQuestions().size(), InputLimits.MAX_CHECK_QUESTIONS)) {
            for (int i = 0; i < s.checkQuestions().size(); i++) {
                ConsentSession.CheckQuestionAnswers q = s.checkQuestions().get(i);
                if (q == null) {
                    continue;
                }
                text(p, "quiz[" + i + "].question", q.question());
                if (count(p, "quiz[" + i + "].answers", q.answers().size(), InputLimits.MAX_ANSWERS)) {
                    for (int j = 0; j < q.answers().size(); j++) {
                        ConsentSession.Answer a = q.answers().get(j);
                        text(p, "quiz[" + i + "].answers[" + j + "].option", a == null ? null : a.option());
                        ConsentSession.ExplainedAgain e = a == null ? null : a.explainedAgain();
                        if (e != null) { // issue 16 §7: the physician's second explanation
                            String f = "quiz[" + i + "].answers[" + j + "].explainedAgain.";
                            text(p, f + "section", e.section());
                            text(p, f + "account", e.account());
                            text(p, f + "name", e.name());
                            text(p, f + "licenceNumber", e.licenceNumber());
                        }
                    }
                }
            }
        }
        if (s.notes() != null) {
            text(p, "notes.physician", s.notes().physician());
            List<ConsentSession.PatientQuestion> qs = s.notes().patientQuestions();
            if (count(p, "notes.patientQuestions", qs.size(), InputLimits.MAX_PATIENT_QUESTIONS)) {
                for (int i = 0; i < qs.size(); i++) {
                    ConsentSession.PatientQuestion q = qs.get(i);
                    if (q != null) {
                        text(p, "notes.patientQuestions[" + i + "].question", q.question());
                        text(p, "notes.patientQuestions[" + i + "].answer", q.answer());
                        text(p, "notes.patientQuestions[" + i + "].section", q.section());
                    }
                }
            }
        }
        if (count(p, "signatures", s.signatures().size(), InputLimits.MAX_SIGNATURES)) {
            for (int i = 0; i < s.signatures().size(); i++) {
                signature(p, "signatures[" + i + "]", s.signatures().get(i));
            }
        }
        return p;
    }

    private static void treatment(List<String> p, ConsentSession.Treatment t) {
        if (t == null) {
            return;
        }
        text(p, "treatment.indication", t.indication());
        ConsentSession.Product pr = t.product();
        if (pr != null) {
            text(p, "treatment.product.name", pr.name());
            text(p, "treatment.product.manufacturer", pr.manufacturer());
            text(p, "treatment.product.sourceCells", pr.sourceCells());
            text(p, "treatment.product.storage", pr.storage());
            text(p, "treatment.product.catalogName", pr.catalogName());
            if (pr.virusTests() != null
                    && count(p, "treatment.product.virusTests", pr.virusTests().size(), InputLimits.MAX_VIRUS_TESTS)) {
                for (int i = 0; i < pr.virusTests().size(); i++) {
                    text(p, "treatment.product.virusTests[" + i + "]", pr.virusTests().get(i));
                }
            }
        }
        if (t.lot() != null) {
            text(p, "treatment.lot.number", t.lot().number());
        }
    }

    private static void signature(List<String> p, String f, ConsentSession.Signature sig) {
        if (sig == null) {
            return;
        }
        text(p, f + ".name", sig.name());
        if (sig.png() != null) {
            String problem = pngSizeProblem(sig.png());
            if (problem != null) {
                p.add(f + ".png: " + problem);
            }
        }
        if (sig.strokes() != null) {
            String problem = strokesProblem(sig.strokes());
            if (problem != null) {
                p.add(f + ".strokes: " + problem);
            }
        }
    }

    /**
     * Why a signature's strokes are more than a signature can be ({@link InputLimits#MAX_STROKES} strokes,
     * {@link InputLimits#MAX_POINTS} points together), or null. The signature pad uses the same check.
     */
    public static String strokesProblem(List<Stroke> strokes) {
        if (strokes.size() > InputLimits.MAX_STROKES) {
            return strokes.size() + " strokes; a signature may have at most " + InputLimits.MAX_STROKES;
        }
        long points = strokes.stream().filter(Objects::nonNull).mapToLong(st -> st.points().size()).sum();
        if (points > InputLimits.MAX_POINTS) {
            return points + " points; a signature may have at most " + InputLimits.MAX_POINTS;
        }
        return null;
    }

    /**
     * Why a base64 PNG is too large to be a signature, without decoding it: its length
     * ({@link InputLimits#MAX_SIGNATURE_PNG_BYTES}) and the dimensions its header gives
     * ({@link InputLimits#pngHeaderProblem}); null when within the limits or not a PNG at all (which
     * {@link CompletenessCheck#imageProblem} reports).
     */
    public static String pngSizeProblem(String base64) {
        long approxBytes = base64.length() / 4L * 3L;
        if (approxBytes > InputLimits.MAX_SIGNATURE_PNG_BYTES) {
            return "the image is " + InputLimits.bytes(approxBytes) + "; a signature may be at most "
                    + InputLimits.bytes(InputLimits.MAX_SIGNATURE_PNG_BYTES);
        }
        byte[] head;
        try {
            // the header is in the first 44 base64 characters (33 bytes)
            String start = base64.replaceAll("\\s", "");
            head = java.util.Base64.getDecoder().decode(start.substring(0, Math.min(start.length(), 44)));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (head.length < 33) {
            return null;
        }
        String problem = InputLimits.pngHeaderProblem(head);
        return problem == null || problem.startsWith("is not") ? null : problem;
    }

    private static void text(List<String> p, String field, String value) {
        String problem = InputLimits.lengthProblem(field, value, maxCharacters(field));
        if (problem != null) {
            p.add(problem);
        }
    }

    /** Adds the problem of a list longer than {@code max}; true when it is within it (its entries are checked). */
    private static boolean count(List<String> p, String field, int size, int max) {
        String problem = InputLimits.countProblem(field, size, max, "entries");
        if (problem != null) {
            p.add(problem);
            return false;
        }
        return true;
    }
}
