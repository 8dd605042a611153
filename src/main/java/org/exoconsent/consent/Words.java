package org.exoconsent.consent;

import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The words and formats of one document language: route names, dates, prices, lists, a legal representative's
 * relationship, and counts with their real plural ("1 session", "2 sessions"; Java's {@link java.text.ChoiceFormat}
 * inside the bundle's {@link MessageFormat} pattern).
 */
public final class Words {
    private final Locale locale;
    private final ResourceBundle bundle;

    public Words(String language) {
        this.locale = Locale.forLanguageTag(language);
        this.bundle = ResourceBundle.getBundle("org.exoconsent.consent.words", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public Locale locale() {
        return locale;
    }

    public String get(String key) {
        return bundle.getString(key);
    }

    public String route(ConsentSession.Route r) {
        return get("route." + Ids.of(r));
    }

    public String sterilisation(ConsentSession.Sterilisation s) {
        return get("sterilisation." + Ids.of(s));
    }

    public String date(LocalDate d) {
        return d == null ? get("none") : DateTimeFormatter.ofPattern(get("date"), locale).format(d);
    }

    public String price(long yen) {
        return MessageFormat.format(get("price"), NumberFormat.getIntegerInstance(Locale.JAPAN).format(yen));
    }

    public String list(List<String> items) {
        return items == null || items.isEmpty() ? get("none") : String.join(get("list.separator"), items);
    }

    /**
     * A legal representative's relationship in this language: the list's name ({@code relationship.CODE}), or for
     * "other" the words given, as typed; {@link #orNone} when there is none.
     */
    public String relationship(ConsentSession.Representative r) {
        if (r == null || r.relationship() == null) {
            return get("none");
        }
        return r.relationship() == ConsentSession.Relationship.OTHER ? orNone(r.relationshipText())
                : get("relationship." + r.relationship().code());
    }

    /** A number of treatment sessions with its noun, e.g. "1 session", "5 sessions", "5回". */
    public String sessions(int n) {
        return new MessageFormat(get("sessions"), locale).format(new Object[] {n});
    }

    public String orNone(String s) {
        return s == null || s.isBlank() ? get("none") : s;
    }
}
