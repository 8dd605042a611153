package org.exoconsent.pdf;

import java.time.Instant;
import java.util.List;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.template.ConsentTemplate;

/** Check, render and sign: the one way a session becomes a consent document. */
public final class ConsentDocuments {
    private final ConsentPdfRenderer renderer;
    private final RefusalPdfRenderer refusals;
    private final ClinicClock clock;

    /**
     * @param creator the program named in the PDF's metadata
     * @param clock   the clinic's clock: "now" for the checks and the signing time, and the zone every time is
     *                counted and printed in
     */
    public ConsentDocuments(String creator, ClinicClock clock) {
        this(new ConsentPdfRenderer(creator, clock), new RefusalPdfRenderer(creator, clock), clock);
    }

    private ConsentDocuments(ConsentPdfRenderer renderer, RefusalPdfRenderer refusals, ClinicClock clock) {
        this.renderer = renderer;
        this.refusals = refusals;
        this.clock = clock;
    }

    /**
     * Documents that are signed but never archived ({@code exoconsent render}): the same layout, with every page
     * saying at its top, in the document's language, that it is not an archived record ("見本・保存された記録では
     * ありません", "Specimen — not an archived record"), so that such a PDF cannot pass for the clinic's record.
     *
     * @param creator the program named in the PDF's metadata
     * @param clock   as for {@link #ConsentDocuments(String, ClinicClock)}
     */
    public static ConsentDocuments notArchived(String creator, ClinicClock clock) {
        return new ConsentDocuments(new ConsentPdfRenderer(creator, clock, true),
                new RefusalPdfRenderer(creator, clock, true), clock);
    }

    /** The clinic's clock these documents are checked, printed and signed with. */
    public ClinicClock clock() {
        return clock;
    }

    /**
     * Refuses an incomplete session with every problem listed; otherwise returns the signed PDF.
     *
     * @param source how to name the session in messages (usually its file)
     */
    public byte[] renderAndSign(ConsentSession s, ConsentTemplate t, SigningKey key, String source)
            throws SessionException {
        return sign(render(s, t, source), key);
    }

    /**
     * A session checked and laid out, not yet signed; signed with the time it was checked.
     *
     * @param clock the clinic's clock it was checked and laid out with (its zone is in the printed times)
     */
    public record Unsigned(ConsentSession session, ConsentTemplate template, byte[] pdf, Instant checkedAt,
                           ClinicClock clock) {
    }

    /**
     * The first half of {@link #renderAndSign}: refuses an incomplete session, or one with a character no bundled
     * font can draw ({@link PrintableText}), listing every problem; else lays it out.
     */
    public Unsigned render(ConsentSession s, ConsentTemplate t, String source) throws SessionException {
        // the check and the layout decode each signature image once between them (issue 17 §5)
        return org.exoconsent.consent.SignatureImages.decodingOnce(() -> checkedAndLaidOut(s, t, source));
    }

    private Unsigned checkedAndLaidOut(ConsentSession s, ConsentTemplate t, String source) throws SessionException {
        Instant now = clock.instant();
        java.util.Set<String> problems = new java.util.LinkedHashSet<>(CompletenessCheck.problems(s, t,
                ClinicClock.of(java.time.Clock.fixed(now, clock.zone()), clock.zone())));
        problems.addAll(PrintableText.documentProblems(s));
        if (!problems.isEmpty()) {
            throw new SessionException(source, List.copyOf(problems));
        }
        return new Unsigned(s, t, renderer.render(s, t), now, clock);
    }

    /** The second half: signs the laid-out document with the clinic's key, at the time it was checked. */
    public byte[] sign(Unsigned u, SigningKey key) {
        return PdfSigner.sign(u.pdf(), key, u.clock().at(u.checkedAt()), "Informed consent " + u.session().id(),
                u.session().clinic().name());
    }

    /**
     * An informed refusal (issue 16 §5) checked, laid out and signed: refused with every problem of
     * {@link CompletenessCheck#refusalProblems} and every character no bundled font can draw ({@link PrintableText});
     * otherwise the signed PDF, signed at the time it was checked.
     *
     * @param source how to name the refusal in messages (usually its file)
     * @throws SessionException naming {@code source} and every problem
     */
    public byte[] refusal(org.exoconsent.consent.InformedRefusal r, ConsentTemplate t, SigningKey key, String source)
            throws SessionException {
        Instant now = clock.instant();
        java.util.Set<String> problems = new java.util.LinkedHashSet<>(CompletenessCheck.refusalProblems(r, t,
                ClinicClock.of(java.time.Clock.fixed(now, clock.zone()), clock.zone())));
        if (problems.isEmpty()) {
            for (String p : PrintableText.documentProblems(r.consultation())) {
                problems.add("consultation." + p);
            }
            if (r.patientWouldNotSign() != null) {
                PrintableText.fieldProblem("patientWouldNotSign.note", r.patientWouldNotSign().note(), true)
                        .ifPresent(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new SessionException(source, List.copyOf(problems));
        }
        byte[] pdf = refusals.render(r, t);
        return PdfSigner.sign(pdf, key, clock.at(now), "Informed refusal " + r.id(), r.consultation().clinic().name());
    }
}
