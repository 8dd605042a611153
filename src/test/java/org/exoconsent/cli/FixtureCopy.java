package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.RecordStore;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.testing.UpgradeChecks;

/**
 * A copy of a {@link PreviousRelease} fixture as the upgrade tests read it, at a fixed clock: the command line on
 * it, signing in, the text of a signed PDF and the full JSON export.
 */
final class FixtureCopy {
    /** The manager of every fixture, for {@code records verify} and exports. */
    static final Map<String, String> MANAGER = Map.of("EXOCONSENT_USER", "suzuki", "EXOCONSENT_PASSWORD",
            "manager-password-1");

    /** One command's exit code, standard output and standard error. */
    record Run(int exit, String out, String err) {
    }

    final DataDirectory dir;
    private final Clock clock;
    private final Path work;

    /** Copies {@code fixture} into {@code tmp/clinic} ({@link PreviousRelease#copyTo(Path, Path)}). */
    FixtureCopy(Path fixture, Path tmp, Clock clock) throws IOException {
        this.dir = new DataDirectory(PreviousRelease.copyTo(fixture, tmp.resolve("clinic")));
        this.clock = clock;
        this.work = tmp;
    }

    /** The command line as the clinic runs it, at {@code clock}, with {@code args} as given (no data directory). */
    static Run run(Clock clock, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ExoConsentCli.commandLine(env, clock, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The command line on the copy ({@code --data-dir} added). */
    Run cli(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dir.root().toString()));
        return run(clock, env, all.toArray(String[]::new));
    }

    RecordStore signIn(String user, String password) throws Exception {
        return RecordStore.signIn(dir, clock, user, password.toCharArray(), "upgrade test");
    }

    /** The text of a signed PDF, whitespace removed (PDFBox splits lines where the layout does). */
    static String pdfText(Path pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(pdf))) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
        }
    }

    /** The text of record {@code id}'s signed PDF, opened by the manager. */
    String pdfText(String id) throws Exception {
        try (RecordStore store = signIn("suzuki", "manager-password-1")) {
            return pdfText(store.pdf(id));
        }
    }

    /**
     * Restores the encrypted backup an earlier release wrote of {@code fixture} into the new folder {@code restored}
     * at {@code clock}, confirming the key by {@code fingerprint}, and asserts what the clinic checks afterwards: the
     * restore says it restored {@code records} records and that every document was signed by the confirmed key,
     * {@code records verify} finds them with 0 problems, the signed documents are those of the fixture, every
     * account signs in, the staff PIN is kept and draft {@code draftId} (of 小林 翔太) came back.
     */
    static void restoresAndVerifies(Clock clock, Path backup, String passphrase, String fingerprint, Path restored,
                                    Path fixture, int records, String draftId) throws Exception {
        Run r = run(clock, Map.of("EXOCONSENT_BACKUP_PASSPHRASE", passphrase), "restore", "--from",
                backup.toString(), "--to", restored.toString(), "--expect-fingerprint", fingerprint);
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("Restored " + UpgradeChecks.counted(records, fixture) + " into " + restored
                + " from an encrypted backup.\n"), r.out());
        assertTrue(r.out().contains("The backup's signing key is one you confirmed, and every document was signed by a key you confirmed."),
                r.out());

        Run verify = run(clock, MANAGER, "records", "verify", "--data-dir", restored.toString());
        assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains(UpgradeChecks.checked(records, restored)
                + ", 0 problems, 0 orphan files"), verify.out());
        assertEquals(UpgradeChecks.archiveHashes(fixture), UpgradeChecks.archiveHashes(restored),
                "the same signed documents as the data directory");
        DataDirectory back = new DataDirectory(restored);
        UpgradeChecks.everyAccountSignsInAndThePinIsKept(back, clock);
        assertEquals("小林 翔太", new DraftStore(back).load(draftId).session().patient().name(),
                "the draft came back too");
    }

    /** Every consent of the full export (JSON) by the manager: record id → {record, session}. */
    Map<String, JsonNode> exported() throws Exception {
        Path json = work.resolve("records.json");
        Run full = cli(MANAGER, "export", "--format", "json", "--out", json.toString());
        assertEquals(ExitCodes.OK, full.exit(), full.err());
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode r : new ObjectMapper().readTree(json.toFile())) {
            out.put(r.get("record").get("id").asText(), r);
        }
        return out;
    }
}
