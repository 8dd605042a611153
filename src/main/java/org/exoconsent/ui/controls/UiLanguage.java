package org.exoconsent.ui.controls;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.stream.Collectors;
import org.exoconsent.records.Role;

/**
 * The screens' languages (issue 16 §6), and the one place that loads the screens' messages for a language: the
 * staff language (the signed-in person's, from their account; before sign-in the language this computer last used,
 * else the operating system's) and the patient's (a consultation's language). Which page of a consultation is read
 * in which is the wizard's table (docs/SESSION.md, "Who reads each page").
 */
public final class UiLanguage {
    /** The languages the screens are written in: messages_ja.properties and messages.properties (English). */
    public static final List<String> LANGUAGES = List.of("ja", "en");

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

    /**
     * The screens' messages in {@code language}: "ja" gives the Japanese, anything else the English (the base
     * bundle; never the operating system's language by a fallback).
     */
    public static ResourceBundle bundle(String language) {
        return ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.forLanguageTag(
                "ja".equals(language) ? "ja" : "en"),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The screen language of {@code locale} (the operating system's): "ja" for Japanese, else "en". */
    public static String of(Locale locale) {
        return "ja".equals(locale.getLanguage()) ? "ja" : "en";
    }

    /**
     * The language a screen starts in: {@code chosen} when it is one of {@link #LANGUAGES} (a person's account, or
     * what this computer last used), else the operating system's ({@link Locale#getDefault()}).
     */
    public static String orSystem(String chosen) {
        return chosen != null && LANGUAGES.contains(chosen) ? chosen : of(Locale.getDefault());
    }

    /**
     * Role names in the bundle's language, in the order of {@link Role} and joined by the language's list separator
     * (「、」 or ", "): never the enum's or the database's English words on screen.
     */
    public static String roles(ResourceBundle ui, Collection<Role> roles) {
        return roles.stream().sorted().map(r -> ui.getString("role." + r.label()))
                .collect(Collectors.joining(ui.getString("role.separator")));
    }

    /**
     * A person as the screens name them, their roles in the bundle's language: "sato（職員）", "sato (Staff)".
     */
    public static String person(ResourceBundle ui, String name, Collection<Role> roles) {
        return java.text.MessageFormat.format(ui.getString("role.person"), name, roles(ui, roles));
    }

    /** How the audit trail names a signed-in person: "sato [staff,manager]" ({@code Principal.actor()}). */
    private static final java.util.regex.Pattern ACTOR = java.util.regex.Pattern.compile("(.+) \\[([a-z,]+)\\]");

    /**
     * An audit entry's actor as the screens show it: "sato [staff]" becomes {@link #person} ("sato（職員）"); any
     * other actor ("upgrade", "sign-in:sato", "first-run") is shown as recorded.
     */
    public static String actor(ResourceBundle ui, String recorded) {
        java.util.regex.Matcher m = recorded == null ? null : ACTOR.matcher(recorded);
        if (m == null || !m.matches()) {
            return recorded;
        }
        try {
            java.util.Set<Role> roles = java.util.EnumSet.noneOf(Role.class);
            for (String label : m.group(2).split(",")) {
                roles.add(Role.of(label));
            }
            return person(ui, m.group(1), roles);
        } catch (IllegalArgumentException e) {
            return recorded; // not a role the program knows: as recorded
        }
    }
}
