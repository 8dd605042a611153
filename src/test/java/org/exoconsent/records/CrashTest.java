package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.exoconsent.pdf.SignatureVerifier;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a recording process (SIGKILL, no chance to clean up) in the middle of a batch and checks that the store is
 * consistent afterwards: every indexed record has its intact PDF, the audit chain is whole, at most the file being
 * written is left over (and reported), and recording the batch again completes it without duplicates.
 */
@ProcessTest
class CrashTest {
    private static final int SESSIONS = 24;

    @TempDir
    Path tmp;

    private List<String> sessionFiles() throws Exception {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            ObjectNode json = Examples.json(i % 2 == 0 ? "complete-ja" : "complete-en");
            json.put("id", String.format("crash-%03d", i));
            Path f = tmp.resolve("sessions/" + i + ".json");
            Files.createDirectories(f.getParent());
            Files.write(f, Examples.bytes(json));
            files.add(f.toString());
        }
        return files;
    }

    private Process record(Path data, List<String> sessions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.exoconsent.cli.ExoConsentCli", "record",
                "--data-dir", data.toString(), "--session"));
        cmd.addAll(sessions);
        TestAccounts.everyone(new DataDirectory(data), Examples.CLOCK); // someone who may record
        // each consultation was confirmed by its physician through the store, before its explanation
        TestAccounts.confirmFiles(new DataDirectory(data), Examples.CLOCK, sessions.stream().map(Path::of).toList());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt")
                .toFile());
        pb.environment().put("EXOCONSENT_USER", TestAccounts.NAME);
        pb.environment().put("EXOCONSENT_PASSWORD", TestAccounts.PASSWORD);
        return pb.start();
    }

    static long pdfs(Path data) throws Exception {
        Path archive = data.resolve("archive");
        if (!Files.exists(archive)) {
            return 0;
        }
        while (true) {
            // the recording process creates and removes temporary files while we look: look again if one vanished
            try (Stream<Path> s = Files.walk(archive)) {
                return s.filter(p -> p.toString().endsWith(".pdf")).count();
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                    throw e;
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aSecondProgramReadsAndWritesWhileAnotherIsRecording() throws Exception {
        // issue 15 §2: earlier refused at once ("is in use by another ExoConsent program")
        Path data = tmp.resolve("data");
        Process p = record(data, sessionFiles());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (pdfs(data) < 1 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(p.isAlive(), "the batch ended too soon");
            try (RecordStore store = TestAccounts.open(new DataDirectory(data), Examples.CLOCK, "test")) {
                long seen = store.count();
                assertTrue(seen >= 0 && seen <= SESSIONS, "read beside the writer: " + seen);
                store.audit("test-note", "beside", "{}"); // a write: waits its turn, then is in the trail
            }
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 9})
    void aKilledRecordingLeavesCompleteRecordsOrNone(int killAfter) throws Exception {
        Path data = tmp.resolve("data");
        List<String> sessions = sessionFiles();
        Process p = record(data, sessions);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (pdfs(data) < killAfter && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(p.isAlive(), "the batch ended before it could be killed: " + Files.readString(tmp.resolve(
                "out.txt")));
        p.destroyForcibly().waitFor();

        Set<String> recorded = new HashSet<>();
        try (RecordStore store = TestAccounts.open(new DataDirectory(data), Examples.CLOCK, "test")) {
            List<Path> found = store.interrupted();
            RecordStore.Verification v = store.verify((d, t) -> { });
            assertEquals(List.of(), v.problems(), "after a kill every record must be complete");
            List<String> pdfOrphans = v.orphans().stream().filter(o -> o.contains(".pdf' in ")).toList();
            assertTrue(pdfOrphans.size() <= 1, "at most the PDF in flight is left over: " + v.orphans());
            Path archive = new DataDirectory(data).archive();
            assertEquals(pdfOrphans, found.stream().map(f -> "'" + archive.relativize(f).toString().replace('\\', '/')
                    + "' in " + archive).toList(), "start-up finds the leftover without scanning the archive");
            try (Statement st = store.sqliteStores().connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT id, pdf_path FROM record")) {
                while (rs.next()) {
                    recorded.add(rs.getString(1));
                    byte[] pdf = Files.readAllBytes(data.resolve("archive").resolve(rs.getString(2)));
                    assertTrue(SignatureVerifier.verify(pdf).intact());
                }
            }
            assertTrue(recorded.size() >= killAfter - 1, "recorded before the kill: " + recorded.size());
            assertTrue(recorded.size() < SESSIONS);
        }

        // the clinic runs the batch again: what was recorded is refused as a duplicate, the rest is recorded
        Process again = record(data, sessions);
        assertTrue(again.waitFor(180, TimeUnit.SECONDS));
        String out = Files.readString(tmp.resolve("out.txt"));
        assertEquals(recorded.isEmpty() ? 0 : 3, again.exitValue(), out);
        assertTrue(out.contains((SESSIONS - recorded.size()) + " recorded, " + recorded.size() + " refused"), out);
        try (RecordStore store = TestAccounts.open(new DataDirectory(data), Examples.CLOCK, "test")) {
            assertEquals(SESSIONS, store.count());
            assertEquals(List.of(), store.verify((d, t) -> { }).problems(), "a leftover of the killed attempt is "
                    + "still known as one after the session was recorded again under another name");
        }
    }
}
