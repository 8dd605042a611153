package org.exoconsent.records;

import java.util.HashMap;
import java.util.Map;
import java.util.MissingResourceException;
import org.exoconsent.consent.Words;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.LanguageText;

/**
 * The words a records export writes for the coded values — a consent's status ({@code active}, {@code withdrawn}),
 * its purpose ({@code hair}, {@code anti-ageing-drip}, …) and its route ({@code iv}, {@code injection}, …) — as the
 * records screen shows them (issue 14 §3, review: a Japanese Excel file must not show English codes). With
 * {@link ExportHeaders#JA} or {@link ExportHeaders#EN} headings: the status and route from the document words
 * ({@link Words}: {@code status.*}, {@code route.*}, the same words the records screen shows), the purpose by the
 * active template's name for it in that language (the screen's source too). With {@link ExportHeaders#KEYS} (a CSV
 * for other tools, JSON, the ZIP's records.csv) the codes stay as stored. A code with no word (an earlier release's
 * purpose no longer in the template) stays the code, never dropped.
 */
final class ExportWords {
    /** The codes as stored: for {@link ExportHeaders#KEYS}. */
    static final ExportWords CODES = new ExportWords(null, Map.of());

    private final Words words;
    private final Map<String, String> purposes;

    private ExportWords(Words words, Map<String, String> purposes) {
        this.words = words;
        this.purposes = purposes;
    }

    /**
     * The words of {@code headers}' language; {@code template} (the active template, for the purposes' names) may be
     * null, and then purposes stay codes.
     */
    static ExportWords of(ExportHeaders headers, ConsentTemplate template) {
        if (headers == ExportHeaders.KEYS) {
            return CODES;
        }
        String language = headers == ExportHeaders.JA ? "ja" : "en";
        Map<String, String> purposes = new HashMap<>();
        if (template != null) {
            LanguageText text = template.languageOrFirst(language);
            template.manifest().indications().forEach(i -> {
                String name = text.indications().get(i.id());
                if (name != null) {
                    purposes.put(i.id(), name);
                }
            });
        }
        return new ExportWords(new Words(language), Map.copyOf(purposes));
    }

    /** The cell for {@code column}'s value {@code v}: the word for a status, purpose or route code, else {@code v}. */
    Object cell(ExportColumn column, Object v) {
        if (words == null || !(v instanceof String code) || code.isEmpty()) {
            return v;
        }
        return switch (column) {
            case STATUS -> word("status." + code, code);
            case KIND -> word("kind." + code, code);
            case ROUTE -> word("route." + code, code);
            case INDICATION -> purposes.getOrDefault(code, code);
            default -> v;
        };
    }

    private String word(String key, String code) {
        try {
            return words.get(key);
        } catch (MissingResourceException e) {
            return code;
        }
    }
}
