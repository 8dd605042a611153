package org.exoconsent.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;

/** Names and other typed fields hold only visible text; a signature name is the person's name however spaced. */
class TextRulesTest {
    private static List<String> problems(ObjectNode json) {
        return CompletenessCheck.problems(Examples.session(json), Examples.template(), Examples.CLINIC_CLOCK);
    }

    private static ObjectNode withPatientName(String name, String signedName) {
        ObjectNode json = Examples.json("complete-ja");
        ((ObjectNode) json.get("patient")).put("name", name);
        for (var sig : (ArrayNode) json.get("signatures")) {
            if (sig.get("role").asText().equals("patient")) {
                ((ObjectNode) sig).put("name", signedName);
            }
        }
        return json;
    }

    @Test
    void anIdeographicSpaceAndAnAsciiSpaceNameTheSamePerson() {
        assertTrue(TextRules.sameName("山田　花子", "山田 花子"));
        assertTrue(TextRules.sameName(" 山田  花子 ", "山田 花子"));
        assertTrue(TextRules.sameName("ﾔﾏﾀﾞ ﾊﾅｺ", "ヤマダ ハナコ"), "half-width kana are NFKC-equal to full-width");
        assertTrue(TextRules.sameName("Ｏｌｉｖｅｒ", "Oliver"), "full-width Latin");
        assertFalse(TextRules.sameName("山田 花子", "山田 華子"));
        assertFalse(TextRules.sameName("Oliver", "oliver"), "case is part of how a name is written");
        assertEquals(List.of(), problems(withPatientName("山田　花子", "山田 花子")),
                "a signature named with an ASCII space matches the patient's name with an ideographic space");
    }

    @Test
    void aSignatureOfAnotherNameIsStillRefused() {
        assertTrue(problems(withPatientName("山田 花子", "山田 華子")).contains(
                "signatures[0].name: '山田 華子' is not the patient '山田 花子'"));
    }

    @Test
    void aBidirectionalOverrideInANameIsRefusedNamingFieldAndCharacter() {
        List<String> p = problems(withPatientName("Ali\u202Eecila", "Ali\u202Eecila"));
        assertTrue(p.contains("patient.name: contains U+202E (a bidirectional control, which can make text read "
                + "differently from what is stored); names and other single-line fields cannot hold it"), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("signatures[0].name: contains U+202E")), p.toString());
    }

    @Test
    void controlCharactersAreRefusedInNamesAndLineBreaksAllowedOnlyWhereTextRunsOverLines() {
        ObjectNode json = withPatientName("佐藤\n花子", "佐藤\n花子");
        ((ObjectNode) json.get("patient")).put("address", "東京都練馬区\nデモ1-1");
        ((ObjectNode) json.get("patient")).put("kana", "さとう\u0007はなこ");
        ((ObjectNode) json.get("notes")).put("physician", "初回は院内で観察。\n次回\u200Fも同様。");
        List<String> p = problems(json);
        assertTrue(p.contains("patient.name: contains U+000A (a line break); names and other single-line fields "
                + "cannot hold it"), p.toString());
        assertTrue(p.contains("patient.kana: contains U+0007 (a control character); names and other single-line "
                + "fields cannot hold it"), p.toString());
        assertTrue(p.stream().noneMatch(x -> x.startsWith("patient.address")), "an address may run over lines");
        assertTrue(p.stream().anyMatch(x -> x.startsWith("notes.physician: contains U+200F")), p.toString());
    }

    @Test
    void aVariationSelectorInANameIsNotAFormattingCharacter() {
        assertEquals(List.of(), problems(withPatientName("辻\uDB40\uDD00 花子", "辻\uDB40\uDD00 花子")));
    }

    @Test
    void aRequiredTextMadeOnlyOfInvisibleCharactersIsMissingNotAName() {
        for (String invisible : List.of("\uDB40\uDD00", "\u3164", "\uFE0F", "\u0301", "\u200B\u3000")) {
            List<String> p = problems(withPatientName(invisible, invisible));
            assertTrue(p.contains("patient.name: has no visible character (only spaces, marks or invisible "
                    + "characters), so it would print as a blank"), invisible.codePointAt(0) + ": " + p);
        }
        assertTrue(TextRules.visible("辻\uDB40\uDD00"));
        assertFalse(TextRules.visible("\u1160\uFFA0"), "Hangul fillers draw nothing");
    }

    @Test
    void theReplacementCharacterOfDamagedTextIsRefused() {
        assertEquals(java.util.Optional.of("notes.physician: contains U+FFFD (the replacement character, left where "
                + "text was damaged when it was copied); this field cannot hold it"),
                TextRules.multiLine("notes.physician", "経過\uFFFD良好"));
    }

    @Test
    void aVariationSelectorTheInputMethodDidNotTypeStillNamesTheSamePerson() {
        assertTrue(TextRules.sameName("辻\uDB40\uDD00 花子", "辻 花子"));
        assertEquals(List.of(), problems(withPatientName("辻\uDB40\uDD00 花子", "辻 花子")));
    }
}
