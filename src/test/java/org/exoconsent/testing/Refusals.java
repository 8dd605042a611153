package org.exoconsent.testing;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.InformedRefusal;

/**
 * Informed refusals (issue 16 §5) made from the example sessions as the wizard makes them: the patient acknowledged
 * the first {@value #ACKNOWLEDGED} sections, declined while the next one was shown, then signed (or the physician
 * recorded that they would not), then the physician signed.
 */
public final class Refusals {
    /** Sections the patient acknowledged before declining. */
    public static final int ACKNOWLEDGED = 5;

    private Refusals() {
    }

    /** The example session's consultation declined at 10:20 on its day, signed by the patient and the physician. */
    public static InformedRefusal signed(String sessionName) {
        return signed(Examples.session(sessionName));
    }

    /** As {@link #signed(String)}, from a session. */
    public static InformedRefusal signed(ConsentSession consent) {
        InformedRefusal r = begun(consent);
        for (ConsentSession.Signature s : consent.signatures()) {
            OffsetDateTime at = r.declinedAt().plusMinutes(s.role() == ConsentSession.SignatureRole.PHYSICIAN ? 2 : 1);
            r = r.withSignature(new ConsentSession.Signature(s.role(), s.name(), at, s.png(), s.strokes()));
        }
        return r;
    }

    /** The example session's consultation declined, the patient not signing: the physician's note, then signature. */
    public static InformedRefusal notSignedByPatient(String sessionName, String note) {
        InformedRefusal r = signed(sessionName);
        return r.withPatientWouldNotSign(new InformedRefusal.WouldNotSign(note,
                r.consultation().confirmedBy().account(), r.declinedAt().plusMinutes(1)));
    }

    /** The consultation as it stood when the patient declined, no signature yet. */
    public static InformedRefusal begun(ConsentSession consent) {
        List<ConsentSession.Acknowledgement> acks = consent.acknowledgements().subList(0, ACKNOWLEDGED);
        ConsentSession asItStood = new ConsentSession(consent.schemaVersion(), consent.id(), consent.template(),
                consent.clinic(), consent.physician(), consent.patient(), consent.representative(),
                consent.treatment(), consent.previousConsent(), consent.lastConsent(), consent.startedAt(),
                consent.preparedBy(), consent.confirmedBy(), acks, List.of(), consent.notes(),
                consent.assentNotSigned(), List.of());
        List<String> explained = new ArrayList<>();
        acks.forEach(a -> explained.add(a.section()));
        explained.add(consent.acknowledgements().get(ACKNOWLEDGED).section()); // shown when the patient declined
        return InformedRefusal.begin(asItStood, explained, consent.startedAt().plusMinutes(20));
    }
}
