package org.exoconsent.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Placeholders filled as a reader expects the sentence to read. */
class TemplateTextFillTest {
    @Test
    void aValueEndingWithAFullStopBeforeTheSentencesFullStopGivesOneFullStop() {
        assertEquals("It is Sakura Exosome, made by Sakura Bio Co., Ltd.", TemplateText.fill(
                "It is {{product.name}}, made by {{product.manufacturer}}.", Map.of("product.name", "Sakura Exosome",
                        "product.manufacturer", "Sakura Bio Co., Ltd.")));
        assertEquals("Made by Co. Ltd. in Japan.", TemplateText.fill("Made by {{m}} in Japan.",
                Map.of("m", "Co. Ltd.")), "a full stop inside the sentence is kept");
        assertEquals("デモ製薬株式会社（架空）が製造しています。", TemplateText.fill("{{m}}が製造しています。",
                Map.of("m", "デモ製薬株式会社（架空）")));
    }

    @Test
    void aCountedWordMarkedWithParenthesisedSIsWrittenAsEnglishDoes() {
        String t = "The plan is {{treatment.sessions}} session(s), for ({{treatment.sessions}} session(s)).";
        assertEquals("The plan is 1 session, for (1 session).", TemplateText.fill(t, Map.of("treatment.sessions",
                "1")));
        assertEquals("The plan is 3 sessions, for (3 sessions).", TemplateText.fill(t, Map.of("treatment.sessions",
                "3")));
        assertEquals("about several session(s)", TemplateText.fill("about {{n}} session(s)", Map.of("n", "several")),
                "a value that is not a whole number leaves the text as written");
    }
}
