package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One document id names one document, whatever kind and letter case: a consent recorded under the id a withdrawal
 * or correction would take never blocks that withdrawal, and an id that differs only in case is taken (found by an
 * attack on issue 13's release: a withdrawal refused for good, two files that are one on Windows).
 */
class DocumentIdCliTest {
    private static final String JA = "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10";

    @TempDir
    Path tmp;

    private CliTest.Run run(String... args) {
        return CliTest.asTester(Map.of(), args);
    }

    private Path session(String example, String id) throws Exception {
        ObjectNode json = Examples.json(example);
        json.put("id", id);
        Path f = tmp.resolve("sessions/" + id + ".json");
        Files.createDirectories(f.getParent());
        Files.write(f, Examples.bytes(json));
        return f;
    }

    @Test
    void aConsentUnderAWithdrawalsIdDoesNotBlockTheWithdrawalAndACaseVariantIsRefused() throws Exception {
        String data = tmp.resolve("store").toString();
        assertEquals(0, run("record", "--data-dir", data, "--session", Examples.sessionFile("complete-ja").toString())
                .exit());
        CliTest.Run squat = run("record", "--data-dir", data, "--session", session("complete-en", JA + "-withdrawal")
                .toString());
        assertEquals(0, squat.exit(), squat.err());
        CliTest.Run w = run("withdraw", "--data-dir", data, "--record", JA, "--date", "2026-11-21", "--reason",
                "telephoned", "--received-by", "reception");
        assertEquals(0, w.exit(), w.err());
        assertTrue(w.out().contains("withdrawal recorded as " + JA + "-withdrawal-2"), w.out());
        CliTest.Run upper = run("record", "--data-dir", data, "--session", session("complete-en", JA.toUpperCase())
                .toString());
        assertEquals(3, upper.exit(), upper.err());
        assertTrue(upper.err().contains("is already recorded"), upper.err());
        CliTest.Run render = run("render", "--data-dir", data, "--session", session("complete-ja",
                JA.toUpperCase()).toString(), "--out", tmp.resolve("r.pdf").toString());
        assertEquals(3, render.exit(), render.err());
        assertEquals(0, run("records", "verify", "--data-dir", data).exit());
    }
}
