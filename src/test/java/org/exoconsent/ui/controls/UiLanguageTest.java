package org.exoconsent.ui.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Locale;
import java.util.ResourceBundle;
import org.exoconsent.records.Role;
import org.junit.jupiter.api.Test;

/**
 * The screens' languages (issue 16 §6, §7): the bundle of each language whatever the operating system's, the
 * language a screen starts in, and role names in the staff language wherever a person is named.
 */
class UiLanguageTest {
    private final ResourceBundle ja = UiLanguage.bundle("ja");
    private final ResourceBundle en = UiLanguage.bundle("en");

    @Test
    void eachLanguageHasItsOwnMessagesWhateverTheOperatingSystemSays() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.JAPAN);
            assertEquals("Sign in", UiLanguage.bundle("en").getString("home.signIn"), "never the system's by fallback");
            assertEquals("en", UiLanguage.of(UiLanguage.bundle("en")));
            Locale.setDefault(Locale.ENGLISH);
            assertEquals("サインイン", UiLanguage.bundle("ja").getString("home.signIn"));
            assertEquals("ja", UiLanguage.of(UiLanguage.bundle("ja")));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aScreenStartsInTheLanguageChosenElseTheOperatingSystems() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.JAPAN);
            assertEquals("ja", UiLanguage.orSystem(null));
            assertEquals("en", UiLanguage.orSystem("en"));
            assertEquals("ja", UiLanguage.orSystem("fr"), "not a language of the screens: the system's");
            Locale.setDefault(Locale.GERMANY);
            assertEquals("en", UiLanguage.orSystem(null), "a system in neither language: English");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void roleNamesAreInTheStaffLanguageNeverTheDatabasesWords() {
        EnumSet<Role> roles = EnumSet.of(Role.ADMINISTRATOR, Role.STAFF);
        assertEquals("職員、管理者", UiLanguage.roles(ja, roles));
        assertEquals("Staff, Administrator", UiLanguage.roles(en, roles));
        assertEquals("sato（職員、管理者）", UiLanguage.person(ja, "sato", roles));
        assertEquals("sato (Staff, Administrator)", UiLanguage.person(en, "sato", roles));
        for (Role r : Role.values()) {
            assertEquals(false, UiLanguage.roles(ja, EnumSet.of(r)).matches("[a-z]+"), r + " in Japanese");
        }
    }

    @Test
    void anAuditEntrysActorIsShownWithItsRolesInTheStaffLanguageAndAnyOtherActorAsRecorded() {
        assertEquals("yamada（医師、職員）", UiLanguage.actor(ja, "yamada [physician,staff]"));
        assertEquals("yamada (Physician, Staff)", UiLanguage.actor(en, "yamada [physician,staff]"));
        assertEquals("upgrade", UiLanguage.actor(ja, "upgrade"));
        assertEquals("sign-in:sato", UiLanguage.actor(ja, "sign-in:sato"));
        assertEquals("x [pilot]", UiLanguage.actor(ja, "x [pilot]"), "not a role of the program: as recorded");
    }
    @Test
    void aPersonWithTheirRoleReadsNaturallyInTheSentenceThatNamesThem() {
        EnumSet<Role> staff = EnumSet.of(Role.STAFF);
        assertEquals("sato（職員）としてサインイン中", java.text.MessageFormat.format(ja.getString("home.signedInAs"),
                UiLanguage.person(ja, "sato", staff)), "no space after the full-width bracket");
        assertEquals("Signed in as sato (Staff)", java.text.MessageFormat.format(en.getString("home.signedInAs"),
                UiLanguage.person(en, "sato", staff)));
        // the kind: no Japanese message puts a half-width space beside full-width brackets or punctuation
        java.util.regex.Pattern stray = java.util.regex.Pattern.compile("[（）「」『』。、：] | [（）「」『』。、：]");
        java.util.List<String> found = ja.keySet().stream().filter(k -> stray.matcher(ja.getString(k)).find())
                .sorted().toList();
        assertEquals(java.util.List.of(), found, "a half-width space beside full-width punctuation");
    }
}
