package org.exoconsent.consent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.exoconsent.consent.ConsentSession.Signature;
import org.exoconsent.consent.ConsentSession.SignatureRole;

/**
 * An informed refusal (説明を受けたうえで治療を受けないことにした記録; issue 16 §5): the document kept when the patient,
 * after the explanation began, decides not to have the treatment. It is a record of its own kind (index kind
 * {@code refusal}), signed, archived and verified like a consent. Serialised as JSON ({@link RefusalJson}; the file
 * {@code exoconsent record} and {@code render} take beside consent sessions, see docs/SESSION.md).
 *
 * @param kind                always {@link #KIND}: tells a refusal file from a consent session
 * @param schemaVersion       {@link #SCHEMA_VERSION}
 * @param id                  the document id: the consultation's id followed by {@link #ID_SUFFIX}
 * @param consultation        the consultation as it stood when the patient declined: patient, physician, the
 *                            confirmed treatment (product and lot), template version, acknowledgements and answers so
 *                            far; its own {@code signatures} list is empty (a refusal's signatures are its own)
 * @param explained           the ids of the sections explained, in the order shown (template sections, and
 *                            {@code changes-since} when a returning patient was shown it)
 * @param declinedAt          when the patient declined (the clinic's offset)
 * @param patientWouldNotSign the physician's note that the patient would not sign, or null when the patient (or the
 *                            legal representative) signed
 * @param signatures          the patient's or legal representative's signature (unless {@code patientWouldNotSign}),
 *                            and the physician's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"kind", "schemaVersion", "id", "consultation", "explained", "declinedAt", "patientWouldNotSign",
        "signatures"})
public record InformedRefusal(String kind, Integer schemaVersion, String id, ConsentSession consultation,
                              List<String> explained, OffsetDateTime declinedAt, WouldNotSign patientWouldNotSign,
                              List<Signature> signatures) {

    /** The {@code kind} of a refusal file. */
    public static final String KIND = "informed-refusal";
    /** The schema version this program writes and reads. */
    public static final int SCHEMA_VERSION = 1;
    /** The refusal's document id is the consultation's id with this suffix. */
    public static final String ID_SUFFIX = "-refusal";
    /** The kind of its row in the records index ({@code record.kind}, migration V13). */
    public static final String INDEX_KIND = "refusal";

    public InformedRefusal {
        explained = explained == null ? List.of() : List.copyOf(explained);
        signatures = signatures == null ? List.of() : List.copyOf(signatures);
    }

    /**
     * The physician's note that the patient would not sign the refusal, recorded with the physician's own password.
     *
     * @param note    what the physician recorded (printed after the template's {@code refusal.notSigned})
     * @param account the physician's account that recorded it
     * @param at      when it was recorded
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WouldNotSign(String note, String account, OffsetDateTime at) {
    }

    /**
     * A refusal begun from a consultation: no signature yet.
     *
     * @param consultation the consultation as it stands (its signatures, if any, are dropped: they were the consent's)
     * @param explained    the sections explained, in the order shown
     * @param declinedAt   when the patient declined
     */
    public static InformedRefusal begin(ConsentSession consultation, List<String> explained,
                                        OffsetDateTime declinedAt) {
        return new InformedRefusal(KIND, SCHEMA_VERSION, consultation.id() + ID_SUFFIX,
                consultation.withSignatures(List.of()), explained, declinedAt, null, List.of());
    }

    /** This refusal with a signature of {@code s.role()} added, replacing one of the same role. */
    public InformedRefusal withSignature(Signature s) {
        List<Signature> list = new ArrayList<>();
        for (Signature x : signatures) {
            if (x.role() != s.role()) {
                list.add(x);
            }
        }
        list.add(s);
        return new InformedRefusal(kind, schemaVersion, id, consultation, explained, declinedAt,
                patientWouldNotSign, list);
    }

    /**
     * This refusal with the physician's note that the patient would not sign (null: none); the patient's and the
     * representative's signatures are dropped when a note is given.
     */
    public InformedRefusal withPatientWouldNotSign(WouldNotSign note) {
        List<Signature> list = signatures;
        if (note != null) {
            list = signatures.stream().filter(x -> x.role() == SignatureRole.PHYSICIAN).toList();
        }
        return new InformedRefusal(kind, schemaVersion, id, consultation, explained, declinedAt, note, list);
    }

    /** This refusal with other signatures (e.g. the images left out for the index's snapshot). */
    public InformedRefusal withSignatures(List<Signature> replaced) {
        return new InformedRefusal(kind, schemaVersion, id, consultation, explained, declinedAt,
                patientWouldNotSign, replaced);
    }

    /** The patient's or the legal representative's signature, when one was given. */
    public Optional<Signature> patientSide() {
        return signatures.stream().filter(s -> s.role() == SignatureRole.PATIENT
                || s.role() == SignatureRole.REPRESENTATIVE).findFirst();
    }

    /** The physician's signature, when given. */
    public Optional<Signature> physicianSignature() {
        return signatures.stream().filter(s -> s.role() == SignatureRole.PHYSICIAN).findFirst();
    }
}
