package org.exoconsent.ui.wizard;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionLimits;
import org.exoconsent.consent.TextRules;
import org.exoconsent.pdf.PrintableText;
import org.exoconsent.template.ConsentTemplate;

/**
 * The rules of the start screen, as the fields are typed: each problem names its field and a message key of the
 * UI bundles (with arguments), so the view can show the reason beside the field in the staff's language. A
 * consultation in a language the clinic has not written its texts in is refused on the field {@code language}
 * (key {@code start.textsMissing}, arguments: the language code and the list of {@code Catalog.MissingText}).
 */
public final class StartValidation {
    /** Hiragana, katakana (with the long-vowel mark), spaces: how a reading (ふりがな) is written. */
    private static final Pattern KANA = Pattern.compile("[\\p{InHiragana}\\p{InKatakana}ー\\s　]+");

    /** A problem with one field: the field id, a message key, and its arguments. */
    public record FieldProblem(String field, String key, List<Object> args) {
        public FieldProblem(String field, String key, Object... args) {
            this(field, key, List.of(args));
        }
    }

    private StartValidation() {
    }

    public static List<FieldProblem> check(ConsultationSetup s, ConsentTemplate template, LocalDate today) {
        List<FieldProblem> p = new ArrayList<>();
        ConsentSession.Patient patient = s.patient();
        if (patient == null || blank(patient.name())) {
            p.add(new FieldProblem("patient.name", "start.required"));
        }
        if (patient != null && !blank(patient.kana()) && !KANA.matcher(patient.kana()).matches()) {
            p.add(new FieldProblem("patient.kana", "start.kana"));
        }
        if (patient == null || patient.dateOfBirth() == null) {
            p.add(new FieldProblem("patient.dateOfBirth", "start.required"));
        } else if (patient.dateOfBirth().isAfter(today)) {
            p.add(new FieldProblem("patient.dateOfBirth", "start.birthInFuture"));
        } else if (Period.between(patient.dateOfBirth(), today).getYears() > 120) {
            p.add(new FieldProblem("patient.dateOfBirth", "start.birthImplausible"));
        }
        if (patient == null || blank(patient.patientNumber())) {
            p.add(new FieldProblem("patient.patientNumber", "start.required"));
        }
        if (isMinor(patient, today)) {
            String lang = s.language() != null && template.languages().contains(s.language()) ? s.language()
                    : template.languages().get(0);
            if (template.languageOrFirst(lang).declarations() == null
                    || template.languageOrFirst(lang).declarations().assent() == null) {
                p.add(new FieldProblem("patient.dateOfBirth", "start.noAssentDeclaration", template.version()));
            }
            ConsentSession.Representative r = s.representative();
            if (r == null || blank(r.name())) {
                p.add(new FieldProblem("representative.name", "start.representativeRequired",
                        CompletenessCheck.AGE_OF_MAJORITY));
            }
            if (r == null || r.relationship() == null) {
                p.add(new FieldProblem("representative.relationship", "start.required"));
            }
        }
        ConsentSession.Representative r = s.representative();
        if (r != null && r.relationship() == ConsentSession.Relationship.OTHER && blank(r.relationshipText())) {
            p.add(new FieldProblem("representative.relationshipText", "start.relationshipText"));
        }
        if (s.physician() == null || blank(s.physician().name())) {
            p.add(new FieldProblem("physician", "start.required"));
        }
        if (s.language() == null || !template.languages().contains(s.language())) {
            p.add(new FieldProblem("language", "start.language", template.languages()));
        } else if (!s.missingTexts().isEmpty()) {
            // never a document in two languages (issue 12 §2): the view says which texts are missing, and where
            p.add(new FieldProblem("language", "start.textsMissing", s.language(), s.missingTexts()));
        } else {
            // the texts themselves (a restarted draft's): the rule the completeness check applies before signing
            List<String> foreign = CompletenessCheck.languageProblems(new ConsentSession(ConsentSession.SCHEMA_VERSION,
                    null, new ConsentSession.TemplateRef(template.id(), template.version(), s.language(), null),
                    s.clinic(), s.physician(), null, null, s.treatment(), null, null, null, null, null, null, null,
                    null, null, null));
            if (!foreign.isEmpty()) {
                p.add(new FieldProblem("language", "start.textsNotInLanguage",
                        foreign.get(0).substring(0, foreign.get(0).indexOf(':'))));
            }
        }
        if (patient != null) {
            characters(p, "patient.name", patient.name());
            characters(p, "patient.kana", patient.kana());
            characters(p, "patient.patientNumber", patient.patientNumber());
            characters(p, "patient.phone", patient.phone());
        }
        if (s.representative() != null) {
            characters(p, "representative.name", s.representative().name());
            characters(p, "representative.relationshipText", s.representative().relationshipText());
        }
        ConsentSession.Treatment t = s.treatment();
        if (t == null || blank(t.indication()) || template.indication(t.indication()).isEmpty()) {
            p.add(new FieldProblem("treatment.indication", "start.required"));
        }
        if (t == null || t.route() == null) {
            p.add(new FieldProblem("treatment.route", "start.required"));
        }
        if (t == null || t.product() == null) {
            p.add(new FieldProblem("treatment.product", "start.required"));
        }
        if (t == null || t.lot() == null) {
            p.add(new FieldProblem("treatment.lot", "start.required"));
        }
        if (t == null || t.plannedDate() == null) {
            p.add(new FieldProblem("treatment.plannedDate", "start.required"));
        } else if (t.plannedDate().isBefore(today)) {
            p.add(new FieldProblem("treatment.plannedDate", "start.plannedInPast"));
        } else if (t.lot() != null && t.lot().expiry() != null && t.lot().expiry().isBefore(t.plannedDate())) {
            p.add(new FieldProblem("treatment.lot", "start.lotExpires", t.lot().expiry()));
        }
        if (t == null || t.sessions() == null || t.sessions() < 1) {
            p.add(new FieldProblem("treatment.sessions", "start.atLeastOne"));
        }
        if (t == null || t.priceYen() == null || t.priceYen() < 0) {
            p.add(new FieldProblem("treatment.priceYen", "start.price"));
        }
        if (t == null || t.coolingOff() == null) {
            p.add(new FieldProblem("treatment.coolingOff", "start.required"));
        }
        return p;
    }

    /**
     * A typed single-line text's length (at most {@link SessionLimits#maxCharacters}, the limit signing applies) and
     * characters: no control or invisible formatting character ({@link TextRules}), and
     * none that the consent document could not print ({@link PrintableText}): refused as soon as it is typed.
     */
    private static void characters(List<FieldProblem> p, String field, String value) {
        int max = SessionLimits.maxCharacters(field);
        if (value != null && value.codePointCount(0, value.length()) > max) {
            p.add(new FieldProblem(field, "start.tooLong", max, value.codePointCount(0, value.length())));
            return;
        }
        OptionalInt refused = TextRules.firstRefused(value, false);
        if (refused.isPresent()) {
            p.add(new FieldProblem(field, "start.invisibleCharacter", codePoint(refused.getAsInt())));
            return;
        }
        OptionalInt unprintable = PrintableText.firstUnprintable(value);
        if (unprintable.isPresent()) {
            p.add(new FieldProblem(field, "start.unprintable", codePoint(unprintable.getAsInt()),
                    new String(Character.toChars(unprintable.getAsInt()))));
            return;
        }
        // a number mixing Latin with Cyrillic or Greek look-alikes (issue 14 §5, as signing refuses it)
        OptionalInt lookAlike = "patient.patientNumber".equals(field)
                ? org.exoconsent.consent.Identifiers.lookAlike(value) : OptionalInt.empty();
        if (lookAlike.isPresent()) {
            int c = lookAlike.getAsInt();
            p.add(new FieldProblem(field, "start.mixedScripts", codePoint(c), new String(Character.toChars(c)),
                    Character.getName(c)));
        }
    }

    /**
     * The problem of a typed text's characters as a message in the bundle's language, or null: what the start
     * screen shows, for the other places text is typed (notes, questions).
     *
     * @param field the session's field the text goes into ({@code notes.physician}), whose length limit applies
     *              ({@link SessionLimits#maxCharacters})
     * @param lines whether the text may run over several lines
     */
    public static String characterMessage(java.util.ResourceBundle ui, String field, String text, boolean lines) {
        int max = SessionLimits.maxCharacters(field);
        if (text != null && text.codePointCount(0, text.length()) > max) {
            return java.text.MessageFormat.format(ui.getString("start.tooLong"), max,
                    text.codePointCount(0, text.length()));
        }
        OptionalInt refused = TextRules.firstRefused(text, lines);
        if (refused.isPresent()) {
            return java.text.MessageFormat.format(ui.getString("start.invisibleCharacter"),
                    codePoint(refused.getAsInt()));
        }
        OptionalInt unprintable = PrintableText.firstUnprintable(text);
        return unprintable.isEmpty() ? null : java.text.MessageFormat.format(ui.getString("start.unprintable"),
                codePoint(unprintable.getAsInt()), new String(Character.toChars(unprintable.getAsInt())));
    }

    /** U+XXXX, as Unicode names a character. */
    static String codePoint(int c) {
        return "U+" + String.format(java.util.Locale.ROOT, "%04X", c);
    }

    /** Whether the patient is a minor on {@code today} (the clinic's calendar), by {@link CompletenessCheck#isMinor}. */
    static boolean isMinor(ConsentSession.Patient patient, LocalDate today) {
        return patient != null && patient.dateOfBirth() != null && !patient.dateOfBirth().isAfter(today)
                && CompletenessCheck.isMinor(patient.dateOfBirth(), today);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
