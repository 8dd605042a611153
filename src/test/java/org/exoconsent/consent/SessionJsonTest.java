package org.exoconsent.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;

class SessionJsonTest {

    @Test
    void theExamplesReadWithEveryTopLevelField() {
        ConsentSession s = Examples.session("complete-ja");
        assertEquals(3, s.schemaVersion());
        assertEquals("デモ培養上清エクソソーム UC-10", s.treatment().product().catalogName());
        assertEquals(ConsentSession.Origin.ALLOGENEIC, s.treatment().product().origin());
        assertEquals(ConsentSession.Supply.RESEARCH_REAGENT, s.treatment().product().supply());
        assertEquals("yamada", s.preparedBy().account());
        assertEquals("yamada", s.confirmedBy().account());
        assertEquals("exosome-therapy", s.template().id());
        assertEquals("ja", s.template().language());
        assertEquals("佐藤 花子", s.patient().name());
        assertEquals(LocalDate.of(1954, 3, 15), s.patient().dateOfBirth());
        assertEquals(ConsentSession.Sterilisation.NOT_STERILISED, s.treatment().product().sterilisation());
        assertEquals("UC10-2611-04", s.treatment().lot().number());
        assertEquals(14, s.acknowledgements().size());
        assertEquals(2, s.checkQuestions().stream().filter(q -> q.question().equals("q-relief-system")).findFirst()
                .orElseThrow().answers().size());
        assertEquals(2, s.signatures().size());
        assertEquals("+09:00", s.startedAt().getOffset().getId());
    }

    @Test
    void writingAndReadingAgainGivesTheSameSession() throws SessionException {
        for (String name : new String[] {"complete-ja", "complete-en"}) {
            ConsentSession s = Examples.session(name);
            ConsentSession again = SessionJson.read(SessionJson.write(s), "round trip");
            assertEquals(s, again, name);
            String json = new String(SessionJson.write(s), StandardCharsets.UTF_8);
            assertTrue(json.startsWith("{\n  \"schemaVersion\" : 3,"), json.substring(0, 40));
            assertTrue(json.contains("\"not-sterilised\"") || json.contains("\"unknown\""));
        }
    }

    @Test
    void brokenJsonIsRefusedWithLineAndColumn() {
        byte[] json = "{\n  \"schemaVersion\": 1,\n  \"id\": \"x\"\n  \"template\": {}\n}".getBytes(StandardCharsets.UTF_8);
        SessionException e = assertThrows(SessionException.class, () -> SessionJson.read(json, "s.json"));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("line 4, column 3: not well-formed JSON"), e.problems().get(0));
        assertTrue(e.getMessage().startsWith("s.json: "), e.getMessage());
        assertTrue(e.getMessage().contains("no PDF was written"));
    }

    @Test
    void anUnknownValueNamesTheFieldAndTheAllowedValues() {
        var json = Examples.json("complete-en");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("treatment").get("product"))
                .put("sterilisation", "irradiated");
        SessionException e = assertThrows(SessionException.class,
                () -> SessionJson.read(Examples.bytes(json), "s.json"));
        String p = e.problems().get(0);
        assertTrue(p.contains("treatment.product.sterilisation: invalid value 'irradiated'"), p);
        assertTrue(p.contains("[sterilised, not-sterilised, unknown]"), p);
    }

    @Test
    void anUnknownFieldIsRefusedRatherThanIgnored() {
        var json = Examples.json("complete-en");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("patient")).put("birthday", "1968-09-02");
        SessionException e = assertThrows(SessionException.class,
                () -> SessionJson.read(Examples.bytes(json), "s.json"));
        assertTrue(e.problems().get(0).contains("patient.birthday: unknown field 'birthday'"), e.problems().get(0));
    }

    @Test
    void aBadDateNamesItsField() {
        var json = Examples.json("complete-ja");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("patient")).put("dateOfBirth", "1954/03/15");
        SessionException e = assertThrows(SessionException.class,
                () -> SessionJson.read(Examples.bytes(json), "s.json"));
        assertTrue(e.problems().get(0).contains("patient.dateOfBirth"), e.problems().get(0));
    }
}
