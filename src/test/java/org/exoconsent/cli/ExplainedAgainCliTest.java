package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.exoconsent.testing.ExplainedAgainExample;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exoconsent record} archives a physician's second explanation (issue 16 §7) only when the store audited it:
 * a session file that claims one is refused (found by the review of issue 16: a re-explanation that never happened,
 * by a name that was not the confirming physician's, was printed in a signed consent).
 */
class ExplainedAgainCliTest {
    @TempDir
    Path tmp;

    @Test
    void aSessionFileClaimingAnUnauditedSecondExplanationIsRefusedWithExit3AndNothingIsStored() throws Exception {
        ObjectNode json = ExplainedAgainExample.session("complete-ja");
        for (var q : json.withArray("quiz")) {
            if (q.get("answers").size() == 4) {
                ((ObjectNode) q.get("answers").get(2).get("explainedAgain")).put("name", "鈴木 花子");
            }
        }
        Path f = tmp.resolve("claimed.json");
        Files.write(f, Examples.bytes(json));
        String data = tmp.resolve("store").toString();
        CliTest.Run r = CliTest.asTester(Map.of(), "record", "--data-dir", data, "--session", f.toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("quiz[6].answers[2].explainedAgain: names 鈴木 花子"), r.err());
        assertTrue(r.err().contains("question 'q-relief-system'"), r.err());
        assertFalse(r.out().contains("鈴木 花子"), r.out());
        try (org.exoconsent.records.RecordStore store = org.exoconsent.records.TestAccounts.open(
                new org.exoconsent.records.DataDirectory(Path.of(data)), Examples.CLOCK, "check")) {
            assertEquals(java.util.List.of(), store.list(org.exoconsent.records.RecordFilter.ALL, 0, 10),
                    "nothing was recorded");
        }
    }
}
