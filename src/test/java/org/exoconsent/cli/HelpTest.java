package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and command group answers --help with its usage and exit code 0, and touches no data. */
class HelpTest {
    /** The path of every command under {@code cl}, e.g. [users], [users, add], [records, verify]. */
    private static void paths(CommandLine cl, List<String> prefix, List<List<String>> out) {
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (!e.getKey().equals(e.getValue().getCommandName())) {
                continue; // an alias
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            out.add(path);
            paths(e.getValue(), path, out);
        }
    }

    @Test
    void everyCommandAndCommandGroupAnswersHelpWithExitZero() {
        List<List<String>> all = new ArrayList<>();
        paths(ExoConsentCli.commandLine(Map.of(), Examples.CLOCK, new java.io.ByteArrayInputStream(new byte[0]),
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter())),
                List.of(), all);
        assertTrue(all.contains(List.of("users")) && all.contains(List.of("records"))
                && all.contains(List.of("users", "set-roles")), all.toString());
        for (List<String> path : all) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliTest.Run r = CliTest.runRaw(Map.of(), new java.io.ByteArrayInputStream(new byte[0]),
                    args.toArray(String[]::new));
            assertEquals(0, r.exit(), path + " --help: " + r.err());
            assertTrue(r.out().startsWith("Usage: exoconsent " + String.join(" ", path)), path + ": " + r.out());
            assertEquals("", r.err(), path + " --help");
        }
    }
}
