package org.exoconsent.consent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.LanguageText;
import org.exoconsent.template.Manifest;
import org.exoconsent.template.RenderedSection;
import org.exoconsent.template.TemplateText;
import org.exoconsent.template.TextContext;

/**
 * Fills a template with one session's facts. The same function serves the wizard's pages and the PDF, so the
 * document shows exactly the text the patient was shown. The evidence level comes from the template's table for
 * the chosen indication: nobody can type a different one.
 */
public final class SessionText {
    private SessionText() {
    }

    /** The id of the section a returning patient reads first when the text changed materially since their last consent. */
    public static final String CHANGES_SINCE = "changes-since";

    /**
     * The sections the patient reads, in order: for a returning patient whose last consent used a version with
     * material changes since (issue 11 §4), first "what changed since your consent of DATE" (id
     * {@link #CHANGES_SINCE}, every material change of the skipped versions), then the template's sections.
     */
    public static List<RenderedSection> sections(ConsentSession s, ConsentTemplate t) {
        List<RenderedSection> out = new java.util.ArrayList<>();
        changesSince(s, t).ifPresent(out::add);
        out.addAll(TemplateText.sections(t, s.template().language(), context(s, t)));
        return out;
    }

    /**
     * The sections an informed refusal says were explained (issue 16 §5), in the order the patient was shown them
     * ({@link #sections}), with their titles in the consultation's language; ids the consultation does not show are
     * left out (the refusal's rules refuse them first).
     */
    public static List<RenderedSection> explained(InformedRefusal r, ConsentTemplate t) {
        java.util.Set<String> ids = new java.util.HashSet<>(r.explained());
        return sections(r.consultation(), t).stream().filter(x -> ids.contains(x.id())).toList();
    }

    /**
     * The "what changed since your consent of DATE" section, when the session names a last consent signed with an
     * earlier version and the template lists material changes since; empty otherwise (an editorial change adds
     * nothing, and a template before format 3 lists no changes).
     */
    public static java.util.Optional<RenderedSection> changesSince(ConsentSession s, ConsentTemplate t) {
        ConsentSession.LastConsent last = s.lastConsent();
        if (last == null || last.templateVersion() == null || last.date() == null || t.format() < 3) {
            return java.util.Optional.empty();
        }
        String lang = s.template().language();
        List<String> changes = t.materialChangesSince(last.templateVersion(), lang);
        if (changes.isEmpty()) {
            return java.util.Optional.empty();
        }
        LanguageText.Declarations d = t.language(lang).orElseThrow().declarations();
        Map<String, String> v = Map.of("lastConsent.date", new Words(lang).date(last.date()));
        List<String> paragraphs = new java.util.ArrayList<>();
        paragraphs.add(TemplateText.fill(d.changesSinceIntro(), v));
        paragraphs.addAll(changes);
        return java.util.Optional.of(new RenderedSection(CHANGES_SINCE, TemplateText.fill(d.changesSinceTitle(), v),
                paragraphs));
    }

    /**
     * The sentence that stands above a signer's signature, from the template, filled for this session: the same text
     * on the signing screen and in the PDF (issue 12 §3). For a minor patient's own signature it is the assent
     * declaration (issue 11 §3), never the patient's consent.
     *
     * @param role  who signs
     * @param clock the clinic's clock, whose calendar says whether the patient is a minor on the consultation day
     * @throws IllegalArgumentException when the session's language is not one of the template's
     * @throws IllegalStateException    when the template has no declarations (format 1)
     */
    public static String declaration(ConsentSession s, ConsentTemplate t, ConsentSession.SignatureRole role,
                                     ClinicClock clock) {
        LanguageText text = t.language(s.template().language()).orElseThrow(() -> new IllegalArgumentException(
                "template " + t.id() + " has no language '" + s.template().language() + "'"));
        LanguageText.Declarations d = text.declarations();
        if (d == null) {
            throw new IllegalStateException("template " + t.id() + " version " + t.version() + " (format "
                    + t.format() + ") has no declarations");
        }
        boolean minor = CompletenessCheck.isMinor(s, clock);
        String sentence = switch (role) {
            case PATIENT -> minor && d.assent() != null ? d.assent() : d.patient();
            case REPRESENTATIVE -> d.representative();
            case PHYSICIAN -> d.physician();
        };
        return TemplateText.fill(sentence, context(s, t).values());
    }

    /** The ids of the sections the patient must acknowledge: the template's mandatory ones, and "changes since". */
    public static List<String> mandatorySectionIds(ConsentSession s, ConsentTemplate t) {
        List<String> out = new java.util.ArrayList<>();
        changesSince(s, t).ifPresent(x -> out.add(x.id()));
        out.addAll(t.mandatorySectionIds());
        return out;
    }

    public static TextContext context(ConsentSession s, ConsentTemplate t) {
        String lang = s.template().language();
        Words w = new Words(lang);
        LanguageText text = t.language(lang).orElseThrow();
        ConsentSession.Treatment tr = s.treatment();
        ConsentSession.Product p = tr.product();
        Manifest.IndicationDef ind = t.indication(tr.indication()).orElseThrow();

        Map<String, String> v = new HashMap<>();
        v.put("clinic.name", s.clinic().name());
        v.put("clinic.address", w.orNone(s.clinic().address()));
        v.put("clinic.phone", w.orNone(s.clinic().phone()));
        v.put("clinic.bloodDonationPolicy", w.orNone(s.clinic().bloodDonationPolicy()));
        v.put("physician.name", s.physician().name());
        v.put("patient.name", s.patient().name());
        v.put("product.name", p.name());
        v.put("product.manufacturer", w.orNone(p.manufacturer()));
        v.put("product.sourceCells", w.orNone(p.sourceCells()));
        v.put("product.storage", w.orNone(p.storage()));
        v.put("product.virusTests", w.list(p.virusTests()));
        v.put("lot.number", tr.lot().number());
        v.put("lot.expiry", w.date(tr.lot().expiry()));
        v.put("treatment.indication", text.indications().get(ind.id()));
        v.put("treatment.route", w.route(tr.route()));
        v.put("treatment.plannedDate", w.date(tr.plannedDate()));
        v.put("treatment.sessions", String.valueOf(tr.sessions()));
        v.put("treatment.price", w.price(tr.priceYen()));
        v.put("evidence.level", text.evidenceLevels().get(ind.evidenceLevel()));
        v.put("evidence.references", ind.references().isEmpty()
                ? (text.declarations() != null ? text.declarations().noEvidenceReferences()
                : w.get("evidence.noReferences")) // format 1 (1.0.0) kept this sentence outside the template
                : w.list(ind.references().stream()
                .map(id -> t.reference(id).orElseThrow())
                .map(r -> r.shortCitation() + " (" + r.date() + ")")
                .toList()));

        Map<String, String> c = new HashMap<>();
        c.put("sterilisation", Ids.of(p.sterilisation()));
        c.put("virusTests", p.virusTests() == null || p.virusTests().isEmpty() ? "none" : "listed");
        c.put("route", Ids.of(tr.route()));
        c.put("coolingOff", Ids.of(tr.coolingOff()));
        if (p.origin() != null) { // schema 1 sessions have neither; their templates (format 1 and 2) ask for neither
            c.put("origin", Ids.of(p.origin()));
        }
        if (p.supply() != null) {
            c.put("supply", Ids.of(p.supply()));
        }
        return new TextContext(v, c);
    }
}
