package org.exoconsent.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import org.exoconsent.consent.ConsentSession.Relationship;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 §2, "every word in the patient's language", in the consent layer: the legal representative's relationship
 * from a list (free text already stored maps to it), real plurals, and the rule that a document in English holds no
 * Japanese text the clinic wrote.
 */
class PatientLanguageTest {

    @Test
    void freeTextRelationshipsAlreadyStoredMapToTheList() {
        for (String mother : List.of("母", "母親", " お母さん ", "実母", "mother", "Mother", "MUM", "ｍｏｔｈｅｒ")) {
            assertEquals(Relationship.MOTHER, Relationship.fromFreeText(mother), mother);
        }
        for (String father : List.of("父", "父親", "お父さん", "father", "Dad")) {
            assertEquals(Relationship.FATHER, Relationship.fromFreeText(father), father);
        }
        assertEquals(Relationship.GUARDIAN, Relationship.fromFreeText("未成年後見人"));
        assertEquals(Relationship.GUARDIAN, Relationship.fromFreeText("legal guardian"));
        assertEquals(Relationship.ADULT_GUARDIAN, Relationship.fromFreeText("成年後見人"));
        assertEquals(Relationship.ADULT_GUARDIAN, Relationship.fromFreeText("Adult guardian"));
        assertEquals(Relationship.ADULT_GUARDIAN, Relationship.fromFreeText("adult-guardian"));
        for (String other : List.of("祖母", "叔母", "親", "後見人", "aunt", "step-father")) {
            assertEquals(Relationship.OTHER, Relationship.fromFreeText(other), other);
        }
    }

    /** A schema-2 session (a draft or a record's snapshot) whose representative's relationship is free text. */
    private static ConsentSession schema2(String relationship) throws SessionException {
        ObjectNode json = Examples.json("complete-ja");
        json.put("schemaVersion", 2);
        ((ObjectNode) json.get("treatment").get("product")).remove("catalogName");
        json.putObject("representative").put("name", "伊藤 由美").put("kana", "いとう ゆみ")
                .put("relationship", relationship).put("phone", "090-2222-0000");
        return SessionJson.read(Examples.bytes(json), "schema 2");
    }

    @Test
    void aSchemaTwoSessionIsReadWithItsRelationshipMappedAndUnknownOnesKeptAsOther() throws SessionException {
        ConsentSession mother = schema2("母");
        assertEquals(Relationship.MOTHER, mother.representative().relationship());
        assertNull(mother.representative().relationshipText());
        assertEquals("伊藤 由美", mother.representative().name());
        assertEquals("090-2222-0000", mother.representative().phone());
        // the product's name was the catalog's in schema 2
        assertEquals("デモ培養上清エクソソーム UC-10", mother.treatment().product().listedAs());

        ConsentSession grandmother = schema2("祖母");
        assertEquals(Relationship.OTHER, grandmother.representative().relationship());
        assertEquals("祖母", grandmother.representative().relationshipText(), "'other' keeps the words given");
        assertEquals("祖母", new Words("en").relationship(grandmother.representative()),
                "printed as given, in either language");
        assertEquals("mother", new Words("en").relationship(mother.representative()));
        assertEquals("母", new Words("ja").relationship(mother.representative()));
    }

    @Test
    void schemaThreeStoresTheCodeAndRefusesAnythingElseNamingTheField() throws SessionException {
        ObjectNode json = Examples.json("complete-en");
        json.putObject("representative").put("name", "Sarah Clarke").put("relationship", "adult-guardian");
        ConsentSession s = SessionJson.read(Examples.bytes(json), "schema 3");
        assertEquals(Relationship.ADULT_GUARDIAN, s.representative().relationship());
        String written = new String(SessionJson.write(s), StandardCharsets.UTF_8);
        assertTrue(written.contains("\"relationship\" : \"adult-guardian\""), written);

        json.putObject("representative").put("name", "Sarah Clarke").put("relationship", "mohter");
        SessionException e = assertThrows(SessionException.class, () -> SessionJson.read(Examples.bytes(json),
                "typo.json"));
        String message = e.getMessage();
        assertTrue(message.contains("typo.json") && message.contains("representative")
                && message.contains("'mohter' is not one of [mother, father, guardian, adult-guardian, other]"),
                message);

        json.putObject("representative").put("name", "Sarah Clarke").put("relationship", "other");
        assertTrue(CompletenessCheck.problems(SessionJson.read(Examples.bytes(json), "x"), Examples.template(),
                Examples.CLINIC_CLOCK).contains("representative.relationshipText: missing"),
                "'other' needs the relationship in words");
    }

    @Test
    void aCountHasItsRealPluralInBothLanguages() {
        assertEquals("1 session", new Words("en").sessions(1));
        assertEquals("2 sessions", new Words("en").sessions(2));
        assertEquals("12 sessions", new Words("en").sessions(12));
        assertEquals("1回", new Words("ja").sessions(1));
        assertEquals("5回", new Words("ja").sessions(5));
        // the wizard's confirmation page says the plan with the same care (the view formats exactly this pattern)
        ResourceBundle en = ResourceBundle.getBundle("org.exoconsent.ui.messages", Locale.ROOT,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Object[] one = {"Emily Clarke", "P-000456", "thinning hair", "Demo", "AD-1", "injection", 1, "2026-12-03"};
        assertTrue(MessageFormat.format(en.getString("confirm.summary"), one).contains("Plan: 1 session, starting"),
                MessageFormat.format(en.getString("confirm.summary"), one));
        one[6] = 2;
        assertTrue(MessageFormat.format(en.getString("confirm.summary"), one).contains("Plan: 2 sessions, starting"));
    }

    @Test
    void anEnglishSessionWithTheClinicsJapaneseTextsIsRefusedNamingEachTextAndWhoAddsIt() {
        ObjectNode json = Examples.json("complete-en");
        ObjectNode clinic = (ObjectNode) json.get("clinic");
        clinic.put("name", "デモクリニック（練習用・架空）");
        ((ObjectNode) json.get("physician")).put("name", "山田 太郎");
        ((ObjectNode) json.get("confirmedBy")).put("name", "山田 太郎");
        ((ObjectNode) json.get("treatment").get("product")).put("sourceCells", "ヒト脂肪由来の幹細胞");
        for (var sig : json.withArray("signatures")) {
            if (sig.get("role").asText().equals("physician")) {
                ((ObjectNode) sig).put("name", "山田 太郎");
            }
        }
        List<String> p = CompletenessCheck.problems(Examples.session(json), Examples.template(),
                Examples.CLINIC_CLOCK);
        assertEquals(4, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("clinic.name: 'デモクリニック（練習用・架空）' is not written in English (U+30C7 'デ')"),
                p.get(0));
        assertTrue(p.get(0).contains("Administration > Clinic") && p.get(0).contains("--name-en"), p.get(0));
        assertTrue(p.get(1).startsWith("physician.name: '山田 太郎'") && p.get(1).contains("Administration > "
                + "Physicians") && p.get(1).contains("set-physician --licence 123456 --name-en"), p.get(1));
        assertTrue(p.get(2).startsWith("confirmedBy.name: '山田 太郎'"), p.get(2));
        assertTrue(p.get(3).startsWith("treatment.product.sourceCells: 'ヒト脂肪由来の幹細胞'")
                && p.get(3).contains("Administration > Products")
                && p.get(3).contains("set-product --name 'Demo Adipose EV Concentrate'"), p.get(3));

        // the same texts are the clinic's own in a Japanese consultation, and what the patient's side typed is theirs
        json.with("template").put("language", "ja");
        assertTrue(CompletenessCheck.languageProblems(Examples.session(json)).isEmpty());
        ObjectNode english = Examples.json("complete-en");
        ((ObjectNode) english.get("patient")).put("name", "山田 花子").put("kana", "やまだ はなこ");
        assertTrue(CompletenessCheck.languageProblems(Examples.session(english)).isEmpty(),
                "the patient's own name and reading may be Japanese");
    }

    @Test
    void eastAsianWritingAndPunctuationAreFoundButEnglishSymbolsAreNot() {
        for (String s : List.of("東", "あ", "ア", "ｱ", "「", "：", "（", "、", "。", "\u3000", "한", "㎎", "ー", "・")) {
            assertTrue(Scripts.firstEastAsian("abc" + s).isPresent(), s);
        }
        for (String s : List.of("-20 °C", "℃", "¥275,000", "Nguyễn Thị Hương", "“quoted”", "a – b — c", "·")) {
            assertTrue(Scripts.firstEastAsian(s).isEmpty(), s);
        }
        assertEquals("U+6771 '東'", Scripts.describe("東".codePointAt(0)));
    }
}
