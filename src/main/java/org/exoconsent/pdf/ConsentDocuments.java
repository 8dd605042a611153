package org.exoconsent.pdf;

import java.time.Clock;
import java.time.Instant;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.template.ConsentTemplate;

/** Check, render and sign: the one way a session becomes a consent document. */
public final class ConsentDocuments {
    private final ConsentPdfRenderer renderer;
    private final Clock clock;

    public ConsentDocuments(String creator, Clock clock) {
        this.renderer = new ConsentPdfRenderer(creator);
        this.clock = clock;
    }

    /**
     * Refuses an incomplete session with every problem listed; otherwise returns the signed PDF.
     *
     * @param source how to name the session in messages (usually its file)
     */
    public byte[] renderAndSign(ConsentSession s, ConsentTemplate t, SigningKey key, String source)
            throws SessionException {
        Instant now = clock.instant();
        CompletenessCheck.require(s, t, now, source);
        byte[] pdf = renderer.render(s, t);
        return PdfSigner.sign(pdf, key, now, "Informed consent " + s.id(), s.clinic().name());
    }
}
