package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Map;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overview's figures, from records whose answers are known. */
class OverviewTest {
    @TempDir
    Path tmp;

    @Test
    void consentsAndWithdrawalsPerMonthAndFirstTimeRightAnswersPerQuestion() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(), Examples.key(), "ja");
            // a second patient who first chose a wrong answer to q-approved, then the right one
            ObjectNode json = Examples.json("complete-en");
            ObjectNode first = (ObjectNode) json.withArray("quiz").get(0);
            assertEquals("q-approved", first.get("question").asText());
            ObjectNode wrong = first.withArray("answers").insertObject(0);
            wrong.put("option", "yes").put("at", "2026-11-20T10:19:00+09:00").put("correct", false);
            RecordStore.Recorded en = TestAccounts.record(store, Examples.session(json), Examples.template(), Examples.key(),
                    "en");
            store.withdraw(en.id(), LocalDate.parse("2026-11-21"), "changed their mind", "reception", null,
                    Examples.key());

            RecordStore.Overview o = store.overview();
            assertEquals(Map.of("2026-11", 2L), o.consentsPerMonth());
            assertEquals(Map.of("2026-11", 1L), o.withdrawalsPerMonth());
            assertEquals(new RecordStore.FirstTime(2, 1), o.firstTimeRight().get("q-approved"));
            assertEquals(new RecordStore.FirstTime(2, 2), o.firstTimeRight().get("q-evidence"));
            // the examples themselves: the Japanese patient first missed q-relief-system, the English one
            // q-virus-tests and q-withdraw
            assertEquals(new RecordStore.FirstTime(2, 1), o.firstTimeRight().get("q-relief-system"));
            assertEquals(new RecordStore.FirstTime(2, 1), o.firstTimeRight().get("q-virus-tests"));
            assertEquals(new RecordStore.FirstTime(2, 1), o.firstTimeRight().get("q-withdraw"));
            assertEquals(0.5, o.firstTimeRight().get("q-approved").share());
            assertEquals(8, o.firstTimeRight().size(), "every question of the template");
            store.addUser("sasaki", EnumSet.of(Role.PHYSICIAN), "654321", "sasaki password".toCharArray());
        }
        try (RecordStore other = RecordStore.signIn(dir, Examples.CLOCK, "sasaki", "sasaki password".toCharArray(),
                "test")) {
            RecordStore.Overview none = other.overview();
            assertEquals(Map.of(), none.consentsPerMonth(), "another physician sees only their own patients");
            assertEquals(Map.of(), none.firstTimeRight());
        }
    }
}
