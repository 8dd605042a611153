package org.exoconsent.ui.controls;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import org.exoconsent.records.Catalog;

/**
 * Says, in the screen's language, which texts the clinic has not written in a language (issue 12 §2) and where an
 * administrator adds them: one line per clinic, physician or product, e.g. "Product デモ… UC-10: name, manufacturer,
 * source cells, tests, storage", then "An administrator adds them in Administration > Clinic, Products." Used by
 * the start page (a consultation in that language is refused) and by the administrator's notice at sign-in.
 */
public final class MissingTextsText {
    private MissingTextsText() {
    }

    /** One line per clinic, physician or product that lacks texts, in the order given. */
    public static List<String> items(ResourceBundle ui, List<Catalog.MissingText> missing) {
        Map<String, List<String>> bySubject = new LinkedHashMap<>();
        for (Catalog.MissingText m : missing) {
            String subject = switch (m.kind()) {
                case CLINIC -> ui.getString("texts.clinic");
                case PHYSICIAN -> MessageFormat.format(ui.getString("texts.physician"), m.subject());
                case PRODUCT -> MessageFormat.format(ui.getString("texts.product"), m.subject());
            };
            String key = "texts.field." + m.kind().name().toLowerCase(java.util.Locale.ROOT) + "." + m.field();
            bySubject.computeIfAbsent(subject, k -> new ArrayList<>()).add(ui.getString(key));
        }
        List<String> out = new ArrayList<>();
        bySubject.forEach((subject, fields) -> out.add(MessageFormat.format(ui.getString("texts.item"), subject,
                String.join(ui.getString("texts.separator"), fields))));
        return out;
    }

    /** Where an administrator adds these texts: "Administration > Clinic, Products" in the screen's language. */
    public static String where(ResourceBundle ui, List<Catalog.MissingText> missing) {
        Set<String> tabs = new LinkedHashSet<>();
        for (Catalog.MissingText m : missing) {
            tabs.add(ui.getString(switch (m.kind()) {
                case CLINIC -> "admin.clinic";
                case PHYSICIAN -> "catalog.physicians";
                case PRODUCT -> "catalog.products";
            }));
        }
        return MessageFormat.format(ui.getString("texts.where"), ui.getString("admin.title"),
                String.join(ui.getString("texts.separator"), tabs));
    }

    /** The language's name in the screen's language ({@code language.CODE}), or the code when the bundle has none. */
    public static String language(ResourceBundle ui, String code) {
        return ui.containsKey("language." + code) ? ui.getString("language." + code) : code;
    }
}
