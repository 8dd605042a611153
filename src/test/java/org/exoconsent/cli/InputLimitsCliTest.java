package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.exoconsent.limits.InputLimits;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.HugePng;
import org.exoconsent.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs cannot exhaust the machine (issue 14 §2): each example of the issue and each kind of limit, through the
 * commands a clinic runs. Every refusal names the file, field or value and the limit, exits 3, and leaves what is
 * stored as it was; one bad file in a batch never stops the others.
 */
class InputLimitsCliTest {
    private static final Map<String, String> TESTER = Map.of("EXOCONSENT_USER", TestAccounts.NAME,
            "EXOCONSENT_PASSWORD", TestAccounts.PASSWORD);

    @TempDir
    Path tmp;

    private Path data() throws Exception {
        Path data = tmp.resolve("data");
        TestAccounts.everyone(new DataDirectory(data), Examples.CLOCK);
        return data;
    }

    private static CliTest.Run run(String stdin, String... args) {
        return CliTest.runRaw(TESTER, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    /** A session file: the example {@code name} as edited, under a new document id. */
    private Path session(String file, String name, String id, java.util.function.Consumer<ObjectNode> edit)
            throws IOException {
        ObjectNode json = Examples.json(name);
        json.put("id", id);
        edit.accept(json);
        Path f = tmp.resolve(file);
        Files.write(f, Examples.bytes(json));
        return f;
    }

    private static Path sparse(Path file, long length) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length); // sparse: no gigabytes are written
        }
        return file;
    }

    // --- sessions ----------------------------------------------------------------------------------------------

    @Test
    void aSignatureOf20000By20000PixelsIsRefusedAndTheOtherSessionsOfTheBatchAreRecorded() throws Exception {
        Path data = data();
        Path ja = Examples.sessionFile("complete-ja");
        Path en = Examples.sessionFile("complete-en");
        TestAccounts.confirmFiles(new DataDirectory(data), Examples.CLOCK, List.of(ja, en));
        String png = HugePng.greyBase64(20_000, 20_000);
        Path huge = session("huge-signature.json", "complete-ja", "0b6f2a9e-7c1d-4e3a-8f5b-2d9c4a1e6b70",
                j -> ((ObjectNode) j.withArray("signatures").get(0)).put("png", png));
        assertTrue(Files.size(huge) < 1024 * 1024, "a session of a few hundred KB");
        // its physician confirmed it as for any other, so nothing but its image can stop it
        try (org.exoconsent.records.RecordStore store = TestAccounts.open(new DataDirectory(data), Examples.CLOCK,
                "confirm for a test")) {
            TestAccounts.confirm(store, org.exoconsent.consent.SessionJson.read(Files.readAllBytes(huge),
                    huge.toString()));
        }

        CliTest.Run r = run("", "record", "--data-dir", data.toString(), "--session", ja.toString(), huge.toString(),
                en.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("2 recorded, 1 refused"), r.out());
        assertTrue(r.out().contains(ja + ": recorded 6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10"), r.out());
        assertTrue(r.out().contains(en + ": recorded a3e9b0c2-5d41-4f6a-8b27-91c4d0e6f538"), r.out());
        assertTrue(r.err().contains(huge + ": the consent is not complete or not valid"), r.err());
        assertTrue(r.err().contains("signatures[0].png: the image is 20000 × 20000 pixels (1.5 GB decoded); a "
                + "signature may be at most 4096 × 4096 pixels"), r.err());

        CliTest.Run verify = run("", "records", "verify", "--data-dir", data.toString());
        assertEquals(0, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains("2 records checked, 0 problems"), verify.out());
    }

    @Test
    void aSessionFileOverItsSizeIsRefusedBeforeItIsReadAndTheBatchGoesOn() throws Exception {
        Path data = data();
        Path en = Examples.sessionFile("complete-en");
        TestAccounts.confirmFiles(new DataDirectory(data), Examples.CLOCK, List.of(en));
        Path big = sparse(tmp.resolve("50mb.json"), 50L * 1024 * 1024);
        CliTest.Run r = run("", "record", "--data-dir", data.toString(), "--session", big.toString(), en.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(big + ": the consent is not complete or not valid; no PDF was written:"),
                r.err());
        assertTrue(r.err().contains("50.0 MB (52428800 bytes); a session file may hold at most 8.0 MB (8388608 "
                + "bytes)"), r.err());
        assertTrue(r.out().contains("1 recorded, 1 refused"), r.out());

        // render refuses it the same way, before it signs in
        Path out = tmp.resolve("out.pdf");
        CliTest.Run render = run("", "render", "--data-dir", data.toString(), "--session", big.toString(), "--out",
                out.toString());
        assertEquals(ExitCodes.INVALID_INPUT, render.exit(), render.err());
        assertTrue(render.err().contains("a session file may hold at most 8.0 MB"), render.err());
        assertFalse(Files.exists(out));
    }

    @Test
    @org.exoconsent.testing.ProcessTest // mkfifo
    void aSessionFileThatIsAPipeIsRefusedAtOnceAndTheBatchGoesOn() throws Exception {
        // attack review of 2026-12-01: record --session FIFO waited until it was killed
        Path data = data();
        Path en = Examples.sessionFile("complete-en");
        TestAccounts.confirmFiles(new DataDirectory(data), Examples.CLOCK, List.of(en));
        Path fifo = tmp.resolve("session.json");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CliTest.Run r = run("", "record", "--data-dir", data.toString(), "--session", fifo.toString(), en.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(fifo + ": the consent is not complete or not valid; no PDF was written:"), r.err());
        assertTrue(r.err().contains("is not a regular file (a pipe or a device); a session file is a plain file"),
                r.err());
        assertTrue(r.out().contains("1 recorded, 1 refused"), r.out());
    }

    @Test
    void aTextFieldOverItsLengthIsRefusedNamingTheFieldAndTheLimit() throws Exception {
        Path data = data();
        Path longNote = session("long-note.json", "complete-ja", "5d2e8c41-9a7b-4f06-b3c8-1e6a2d9f7b54",
                j -> ((ObjectNode) j.get("notes")).put("physician", "経過を観察する。".repeat(2_000)));
        CliTest.Run r = run("", "record", "--data-dir", data.toString(), "--session", longNote.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(longNote + ": "), r.err());
        assertTrue(r.err().contains("notes.physician: 16000 characters; at most 10000"), r.err());
        assertTrue(r.out().contains("0 recorded, 1 refused"), r.out());
    }

    @Test
    void aListLongerThanAnyConsultationIsRefused() throws Exception {
        Path data = data();
        Path many = session("many-questions.json", "complete-ja", "7e3b9d15-2c6a-4b8f-a1d4-6f0e5c2b9a83", j -> {
            com.fasterxml.jackson.databind.node.ArrayNode q = ((ObjectNode) j.get("notes"))
                    .withArray("patientQuestions");
            for (int i = 0; i < 5_000; i++) {
                q.addObject().put("question", "質問" + i).put("answer", "回答" + i);
            }
        });
        CliTest.Run r = run("", "record", "--data-dir", data.toString(), "--session", many.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("notes.patientQuestions: 5001 entries; at most 100"), r.err());
    }

    @Test
    void aWithdrawalSignatureImageOverItsSizeIsRefusedBeforeAnythingIsOpened() throws Exception {
        Path data = data();
        Path png = sparse(tmp.resolve("signature.png"), InputLimits.MAX_SIGNATURE_PNG_BYTES + 1);
        CliTest.Run r = run("", "withdraw", "--data-dir", data.toString(), "--record",
                "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10", "--date", "2026-11-21", "--reason", "気が変わった",
                "--received-by", "受付 佐藤", "--signature", png.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(png + ": 2.0 MB (2097153 bytes); a signature image may hold at most 2.0 MB "
                + "(2097152 bytes); nothing was changed"), r.err());
    }

    @Test
    void aDocumentToVerifyOverItsSizeIsRefusedBeforeItIsRead() throws Exception {
        Path pdf = sparse(tmp.resolve("huge.pdf"), 2L * 1024 * 1024 * 1024);
        CliTest.Run r = CliTest.runRaw(Map.of(), new ByteArrayInputStream(new byte[0]), "verify", pdf.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.out() + r.err());
        assertEquals(pdf + ": 2.0 GB (2147483648 bytes); a signed consent document may hold at most 64.0 MB "
                + "(67108864 bytes); it was not read", r.err().strip());
    }

    // --- templates ---------------------------------------------------------------------------------------------

    /** A new version 1.4.0 of the bundled template, for import, in its own folder. */
    private Path newVersion() {
        return Examples.templateCopy(tmp.resolve("incoming"), "1.4.0");
    }

    /** Imports {@code folder}, expects a refusal naming {@code expected}, and checks nothing reached the library. */
    private CliTest.Run refusedImport(Path data, Path folder, String expected) throws IOException {
        CliTest.Run r = run("", "templates", "import", "--data-dir", data.toString(), folder.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertTrue(r.err().contains("nothing was imported"), r.err());
        assertFalse(Files.exists(data.resolve("templates/1.4.0")), "nothing in the library");
        CliTest.Run list = run("", "templates", "list", "--data-dir", data.toString());
        assertFalse(list.out().contains("1.4.0"), list.out());
        return r;
    }

    @Test
    void aTemplateFileOfTwoGigabytesIsRefusedBeforeItIsRead() throws Exception {
        Path data = data();
        Path folder = newVersion();
        sparse(folder.resolve("ja.yaml"), 2L * 1024 * 1024 * 1024);
        refusedImport(data, folder, folder.resolve("ja.yaml") + ": 2.0 GB (2147483648 bytes); a template file may "
                + "hold at most 2.0 MB (2097152 bytes)");
        // templates check reads the same folder with the same limits
        CliTest.Run check = run("", "templates", "check", folder.toString());
        assertEquals(ExitCodes.INVALID_INPUT, check.exit());
        assertTrue(check.err().contains("a template file may hold at most 2.0 MB"), check.err());
    }

    @Test
    void aSymbolicLinkToTheKeysPasswordFileIsNeverFollowedNorCopied() throws Exception {
        Path data = data();
        Path folder = newVersion();
        Path secret = data.resolve("keys").resolve("clinic-signing.p12.password");
        Files.createDirectories(secret.getParent());
        if (!Files.exists(secret)) {
            Files.writeString(secret, "the-key-password-0123456789");
        }
        String password = Files.readString(secret);
        Path notes = Files.createSymbolicLink(folder.resolve("notes.yaml"), secret);
        refusedImport(data, folder, notes + ": is a symbolic link, which is never followed");
        // the link named like a language file of the template is refused the same way
        Files.delete(notes);
        Path de = Files.createSymbolicLink(folder.resolve("de.yaml"), secret);
        refusedImport(data, folder, de + ": is a symbolic link, which is never followed");
        try (Stream<Path> all = Files.walk(data.resolve("templates"))) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f).contains(password), f + " holds the key's password");
            }
        }
    }

    @Test
    void aScriptBesideTheTemplateIsRefusedNamingIt() throws Exception {
        Path data = data();
        Path folder = newVersion();
        Path script = folder.resolve("install.sh");
        Files.writeString(script, "#!/bin/sh\nrm -rf ~\n");
        refusedImport(data, folder, script + ": is not a file of a template; a template folder holds only "
                + "template.yaml and one file per language (ja.yaml, en.yaml …; docs/TEMPLATES.md): move it out "
                + "of the folder");
    }

    @Test
    void aLanguageFileTheTemplateDoesNotListIsRefused() throws Exception {
        Path data = data();
        Path folder = newVersion();
        Files.copy(folder.resolve("en.yaml"), folder.resolve("fr.yaml"));
        refusedImport(data, folder, folder.resolve("fr.yaml") + ": 'fr' is not one of the template's languages "
                + "[ja, en] (template.yaml)");
    }

    @Test
    void aSymbolicallyLinkedFolderInsideOrAsTheTemplateIsRefused() throws Exception {
        Path data = data();
        Path folder = newVersion();
        Path inside = Files.createSymbolicLink(folder.resolve("evidence"), data.resolve("keys"));
        refusedImport(data, folder, inside + ": is a symbolic link, which is never followed");
        Files.delete(inside);
        Path sub = Files.createDirectory(folder.resolve("scripts"));
        refusedImport(data, folder, sub + ": is a folder; a template folder holds only template.yaml");
        Files.delete(sub);
        Path link = Files.createSymbolicLink(tmp.resolve("linked-template"), folder);
        refusedImport(data, link, link + ": is a symbolic link; name the template folder itself");
    }

    @Test
    void aFolderWithMoreEntriesThanATemplateHasIsRefused() throws Exception {
        Path data = data();
        Path folder = newVersion();
        for (int i = 0; i < InputLimits.MAX_TEMPLATE_FILES; i++) {
            Files.writeString(folder.resolve(String.format("x%02d.txt", i)), "");
        }
        refusedImport(data, folder, folder + ": holds more than 32 entries (the limit)");
    }

    @Test
    void theTemplateAloneIsImportedAsBefore() throws Exception {
        Path data = data();
        Path folder = newVersion();
        CliTest.Run r = run("", "templates", "import", "--data-dir", data.toString(), folder.toString());
        assertEquals(0, r.exit(), r.err());
        try (Stream<Path> files = Files.list(data.resolve("templates/1.4.0/exosome-therapy"))) {
            assertEquals(List.of("en.yaml", "ja.yaml", "template.yaml"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    // --- signing keys ------------------------------------------------------------------------------------------

    private Path p12(String name, String algorithm, int bits) throws Exception {
        return TestKeys.p12(tmp.resolve(name), TestKeys.make("CN=Weak Key Clinic,O=さくら皮膚科クリニック,C=JP",
                Instant.parse("2026-11-01T00:00:00Z"), algorithm, bits), "ca password");
    }

    /** {@code keys import} of {@code p12} with its password on standard input; expects exit 3. */
    private static CliTest.Run refusedKeyImport(Path data, Path p12) {
        CliTest.Run r = run("ca password\n", "keys", "import", "--data-dir", data.toString(), "--p12",
                p12.toString(), "--password-stdin");
        assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.out() + r.err());
        assertFalse(Files.exists(data.resolve("keys/clinic-imported.p12")), "nothing stored");
        return r;
    }

    @Test
    void anRsaKeyShorterThan2048BitsIsRefusedOnImportNamingItsSize() throws Exception {
        Path data = data();
        Path weak = p12("rsa-1024.p12", "RSA", 1024);
        CliTest.Run r = refusedKeyImport(data, weak);
        assertTrue(r.err().contains(weak + ": the key is RSA of 1024 bits; a signing key must be RSA of at least "
                + "2048 bits or EC of at least 256 bits"), r.err());
        assertTrue(r.err().contains("nothing was imported"), r.err());
        // nor registered from a keystore
        Path pw = tmp.resolve("pw");
        Files.writeString(pw, "ca password");
        CliTest.Run reg = run("", "keys", "register", "--data-dir", data.toString(), "--keystore", weak.toString(),
                "--keystore-password-file", pw.toString(), "--label", "old device");
        assertEquals(ExitCodes.INVALID_INPUT, reg.exit(), reg.out() + reg.err());
        assertTrue(reg.err().contains("the key is RSA of 1024 bits"), reg.err());
    }

    @Test
    void aKeyFileOverItsSizeIsRefusedBeforeItIsRead() throws Exception {
        Path data = data();
        Path huge = sparse(tmp.resolve("huge.p12"), 2L * 1024 * 1024 * 1024);
        CliTest.Run r = refusedKeyImport(data, huge);
        assertTrue(r.err().contains(huge + ": 2.0 GB (2147483648 bytes); a PKCS#12 key file may hold at most 1.0 MB "
                + "(1048576 bytes); nothing was imported"), r.err());
    }

    @Test
    void aDsaKeyIsRefusedOnImportWhateverItsSize() throws Exception {
        Path data = data();
        Path dsa = p12("dsa-2048.p12", "DSA", 2048);
        CliTest.Run r = refusedKeyImport(data, dsa);
        assertTrue(r.err().contains(dsa + ": the key is DSA of 2048 bits, which is no longer approved for signing "
                + "(FIPS 186-5)"), r.err());
    }
}
