package org.exoconsent.ui.controls;

import java.util.ResourceBundle;

/** The language code of a screen's message bundle, for choosing a template's text for staff. */
public final class UiLanguage {
    private UiLanguage() {
    }

    /**
     * The bundle's language: "ja" for {@code messages_ja}, and "en" for the base bundle {@code messages}, which is
     * English but whose locale is the root locale (language "").
     */
    public static String of(ResourceBundle bundle) {
        String language = bundle.getLocale().getLanguage();
        return language.isEmpty() ? "en" : language;
    }
}
