package org.exoconsent.ui.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;

/**
 * The start screen refuses, as it is typed, a character the consent could not print or an invisible one, naming
 * the character in the staff's language; names the bundled fonts can draw (𠮷田, Vietnamese, Korean) pass.
 */
class StartCharactersTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-11-21");

    private static List<StartValidation.FieldProblem> withName(String name, String representative) {
        ConsentSession s = Examples.session("complete-ja");
        ConsentSession.Patient p = s.patient();
        ConsultationSetup setup = new ConsultationSetup(s.clinic(), s.physician(), new ConsentSession.Patient(name,
                p.kana(), p.dateOfBirth(), p.patientNumber(), p.phone(), p.address()),
                representative == null ? null : new ConsentSession.Representative(representative, null,
                        ConsentSession.Relationship.MOTHER, null, null),
                s.template().language(), s.treatment());
        return StartValidation.check(setup, Examples.template(), TODAY);
    }

    @Test
    void namesTheBundledFontsDrawPass() {
        assertEquals(List.of(), withName("𠮷田 花子", null));
        assertEquals(List.of(), withName("Nguyễn Thị Hương", null));
        assertEquals(List.of(), withName("김민준", null));
        assertEquals(List.of(), withName("辻\uDB40\uDD00 花子", null), "a variation sequence is part of a name");
    }

    @Test
    void anEmojiIsRefusedAsSoonAsItIsTypedNamingTheCharacter() {
        List<StartValidation.FieldProblem> p = withName("佐藤 花子😀", null);
        assertEquals(List.of(new StartValidation.FieldProblem("patient.name", "start.unprintable", "U+1F600", "😀")),
                p);
        ResourceBundle ja = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.JAPANESE);
        assertEquals("「😀」（U+1F600）は同意書に印刷できません。どのフォントにもない文字です。別の書き方で入力してください。",
                MessageFormat.format(ja.getString(p.get(0).key()), p.get(0).args().toArray()));
    }

    @Test
    void aBidirectionalOverrideInTheRepresentativesNameIsRefused() {
        assertEquals(List.of(new StartValidation.FieldProblem("representative.name", "start.invisibleCharacter",
                "U+202E")), withName("佐藤 花子", "佐藤\u202E由美"));
    }

    /** A name longer than a consent accepts is refused as it is typed, with the limit signing applies (issue 14 §2). */
    @Test
    void aNameOverTheLengthLimitIsRefusedAsItIsTypedWithTheLimit() {
        List<StartValidation.FieldProblem> p = withName("山".repeat(201), null);
        assertEquals(List.of(new StartValidation.FieldProblem("patient.name", "start.tooLong", 200, 201)), p);
        ResourceBundle ja = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.JAPANESE);
        assertEquals("200文字までです（いまは201文字）。",
                MessageFormat.format(ja.getString(p.get(0).key()), p.get(0).args().toArray()));
        assertEquals(List.of(), withName("山".repeat(200), null));
        ResourceBundle en = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.ENGLISH);
        assertEquals("At most 10,000 characters (this has 10,001).",
                StartValidation.characterMessage(en, "notes.physician", "経".repeat(10_001), true));
    }

    /**
     * Issue 14 §5 review: a patient number with a Cyrillic look-alike (Р for P) is refused on the start form as it
     * is typed, naming the character, as signing refuses it.
     */
    @Test
    void aPatientNumberWithACyrillicLookAlikeIsRefusedAsItIsTypedNamingTheCharacter() {
        ConsentSession s = Examples.session("complete-ja");
        ConsentSession.Patient p = s.patient();
        ConsultationSetup setup = new ConsultationSetup(s.clinic(), s.physician(), new ConsentSession.Patient(
                p.name(), p.kana(), p.dateOfBirth(), "\u0420-000123", p.phone(), p.address()), null,
                s.template().language(), s.treatment());
        List<StartValidation.FieldProblem> problems = StartValidation.check(setup, Examples.template(), TODAY);
        assertEquals(List.of(new StartValidation.FieldProblem("patient.patientNumber", "start.mixedScripts", "U+0420",
                "\u0420", "CYRILLIC CAPITAL LETTER ER")), problems);
        ResourceBundle en = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.ENGLISH);
        assertEquals("The character \u0420 (U+0420 CYRILLIC CAPITAL LETTER ER) only looks like a Latin letter: a number "
                + "is written in one script. Type it again in Latin letters.", MessageFormat.format(en.getString(
                problems.get(0).key()), problems.get(0).args().toArray()));
    }
}
