package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar and the launcher, as a clinic runs them: separate processes, no display. */
@ProcessTest
class JarIT {
    static final Path JAR = Path.of("target/exoconsent.jar");

    @TempDir
    Path tmp;

    record Result(int exit, String out) {
    }

    static final String PASSWORD = "a long enough password";

    private Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, null);
    }

    private Result run(List<String> command, String stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("DISPLAY");
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        pb.environment().put("EXOCONSENT_HOME", tmp.resolve("home").toString());
        pb.environment().put("EXOCONSENT_USER", "admin");
        pb.environment().put("EXOCONSENT_PASSWORD", PASSWORD);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    private Result java(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /**
     * A clinic's first steps with the jar: the first administrator from standard input (no sign-in is possible
     * yet), who then also takes the roles that render and record.
     */
    @org.junit.jupiter.api.BeforeEach
    void firstAdministrator() throws Exception {
        Result first = run(List.of(java(), "-jar", JAR.toString(), "users", "add", "--name", "admin", "--role",
                "administrator", "--password-stdin"), PASSWORD + "\n");
        assertEquals(0, first.exit(), first.out());
        assertTrue(first.out().contains("Created the first administrator: admin"), first.out());
        Result roles = java("-jar", JAR.toString(), "users", "set-roles", "--name", "admin", "--role",
                "administrator,physician,staff,manager", "--licence", "123456");
        assertEquals(0, roles.exit(), roles.out());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void aCommandRunsWithoutEverLoadingJavaFx() throws Exception {
        Path out = tmp.resolve("ja.pdf");
        Result r = java("-verbose:class", "-jar", JAR.toString(), "render", "--session",
                Examples.sessionFile("complete-ja").toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.out());
        assertFalse(r.out().contains("javafx."), "a JavaFX class was loaded by a command");
        assertTrue(r.out().contains("signed consent for 佐藤 花子"));
        Result v = java("-jar", JAR.toString(), "verify", out.toString());
        assertEquals(0, v.exit(), v.out());
        assertTrue(v.out().contains("INTACT"), v.out());
    }

    @Test
    void verifyOfAnAlteredFileExits1() throws Exception {
        Path out = tmp.resolve("en.pdf");
        assertEquals(0, java("-jar", JAR.toString(), "render", "--session",
                Examples.sessionFile("complete-en").toString(), "--out", out.toString()).exit());
        byte[] b = Files.readAllBytes(out);
        b[b.length / 4] ^= 0x04;
        Files.write(out, b);
        Result v = java("-jar", JAR.toString(), "verify", out.toString());
        assertEquals(1, v.exit(), v.out());
        assertTrue(v.out().contains("NOT INTACT"), v.out());
    }

    @Test
    void theLauncherRunsCommandsAndKeepsAClassArchiveForTheNextRun() throws Exception {
        Path out = tmp.resolve("l.pdf");
        List<String> cmd = List.of("sh", "bin/exoconsent", "render", "--session",
                Examples.sessionFile("complete-en").toString(), "--out", out.toString());
        Result first = run(cmd);
        assertEquals(0, first.exit(), first.out());
        try (var files = Files.list(tmp.resolve("cache/exoconsent"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".jsa")), "no class archive kept");
        }
        Result second = run(List.of("sh", "bin/exoconsent", "verify", out.toString()));
        assertEquals(0, second.exit(), second.out());
        assertTrue(second.out().contains("INTACT"), second.out());
        Result bad = run(List.of("sh", "bin/exoconsent", "render"));
        assertEquals(2, bad.exit(), bad.out());
    }
}
