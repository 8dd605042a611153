package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.exoconsent.records.HostileRecords;
import org.exoconsent.records.RecordStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack review of issue 17: a document in the archive that no record points to (an orphan), put there by hand with
 * a hostile name — a newline that forges a "PROBLEM: none" line, an escape sequence that recolours the terminal, 200
 * more characters — or a body far over the archive's limit. {@code records verify} and a ZIP export name it quoted,
 * its control characters as {@code \}{@code uXXXX}, cut at 120 characters, count it as a problem (exit 1), and the
 * ZIP leaves it out.
 */
class OrphanNamesCliTest {
    /** The hostile file's name in {@code archive/2026/11/}. */
    static final String HOSTILE = "EVIL\n PROBLEM: none \u001b[31m" + "x".repeat(200) + ".pdf";
    /** As it is shown: quoted, escaped, cut. */
    static final String SHOWN = "'2026/11/EVIL\\u000A PROBLEM: none \\u001B[31m";

    @TempDir
    Path tmp;
    Path data;

    @BeforeEach
    void recordsAndTwoOrphans() throws Exception {
        data = tmp.resolve("data");
        try (RecordStore store = HostileRecords.record(data)) {
            // recorded: h-1 and h-2
        }
        Path month = Files.createDirectories(data.resolve("archive/2026/11"));
        Files.write(month.resolve(HOSTILE), "%PDF-1.7 put here by hand".getBytes(StandardCharsets.US_ASCII));
        try (RandomAccessFile huge = new RandomAccessFile(month.resolve("HUGE.pdf").toFile(), "rw")) {
            huge.setLength((256L << 20) + 1); // sparse: over the archive's 256 MiB limit, nothing written
        }
    }

    private CliTest.Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(data.toString());
        return CliTest.asTester(Map.of(), all.toArray(String[]::new));
    }

    /** Nothing of the hostile name reaches the output raw: no control character, no forged line, no long tail. */
    private static void noneRaw(String text) {
        assertFalse(text.chars().anyMatch(c -> c < 0x20 && c != '\n' || c == 0x7f), "a raw control character: "
                + text);
        assertFalse(text.lines().anyMatch(l -> l.startsWith(" PROBLEM: none")), "a forged line: " + text);
        assertFalse(text.contains("x".repeat(130)), "cut at 120 characters: " + text);
    }

    @Test
    void verifyNamesAHostileOrphanQuotedEscapedAndCutAndCountsItAsAProblem() {
        CliTest.Run v = run("records", "verify");
        assertEquals(ExitCodes.NOT_INTACT, v.exit(), v.out() + v.err());
        noneRaw(v.out());
        noneRaw(v.err());
        String archive = data.resolve("archive").toString();
        assertTrue(v.out().contains("ORPHAN FILE: " + SHOWN), v.out());
        assertTrue(v.out().contains("x…' in " + archive + " (no record points to it)"), v.out());
        assertTrue(v.out().contains("ORPHAN FILE: '2026/11/HUGE.pdf' in " + archive), v.out());
        assertTrue(v.out().contains("PROBLEM: document " + SHOWN), v.out());
        assertTrue(v.out().contains("PROBLEM: document '2026/11/HUGE.pdf' in " + archive + ": this file is in the "
                + "archive but no record points to it"), v.out());
        assertTrue(v.out().contains("2 records checked, 2 problems, 2 orphan files"), v.out());
    }

    @Test
    void aZipExportLeavesTheOrphansOutAndNamesThemSafelyInItsReadme() throws Exception {
        Path zip = tmp.resolve("export.zip");
        CliTest.Run e = run("export", "--format", "zip", "--out", zip.toString());
        assertEquals(ExitCodes.NOT_INTACT, e.exit(), e.out() + e.err());
        noneRaw(e.out());
        noneRaw(e.err());
        assertTrue(e.err().contains("PROBLEM: document " + SHOWN), e.err());
        List<String> names = new ArrayList<>();
        String readme = null;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry z; (z = in.getNextEntry()) != null; ) {
                names.add(z.getName());
                if (z.getName().equals("README.txt")) {
                    readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertEquals(2, names.stream().filter(n -> n.startsWith("pdf/")).count(), "the 2 consents only: " + names);
        assertFalse(names.stream().anyMatch(n -> n.contains("EVIL") || n.contains("HUGE")), names.toString());
        noneRaw(readme);
        assertTrue(readme.contains("PROBLEM: document " + SHOWN), readme);
        assertTrue(readme.contains("PROBLEM: document '2026/11/HUGE.pdf' in "), readme);
    }

    /**
     * A backup leaves the orphans out (it holds the documents the index names) and its restore verifies clean; neither
     * ends in an exception nor prints the hostile name raw.
     */
    @Test
    void aBackupLeavesTheOrphansOutAndItsRestoreVerifiesClean() {
        Map<String, String> passphrase = Map.of("EXOCONSENT_BACKUP_PASSPHRASE", "a long backup passphrase");
        Path zip = tmp.resolve("backup.zip");
        CliTest.Run b = CliTest.asTester(passphrase, "backup", "--data-dir", data.toString(), "--out",
                zip.toString());
        noneRaw(b.out());
        noneRaw(b.err());
        assertFalse(b.err().contains("Exception"), b.err());
        assertEquals(ExitCodes.OK, b.exit(), b.out() + b.err());
        Path restored = tmp.resolve("restored");
        CliTest.Run r = CliTest.runRaw(passphrase, new java.io.ByteArrayInputStream(new byte[0]), "restore",
                "--from", zip.toString(), "--to", restored.toString());
        noneRaw(r.out());
        noneRaw(r.err());
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("2 records checked, 0 problems, 0 orphan files."), r.out());
    }
}
