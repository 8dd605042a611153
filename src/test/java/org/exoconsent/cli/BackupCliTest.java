package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.LegacyBackup;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PreviousRelease;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exoconsent backup} and {@code restore} as an administrator runs them (issue 13 §5): the passphrase never an
 * argument, every refusal a message naming the entry, line or account and the exit code of the README's table, never
 * a Java exception.
 */
class BackupCliTest {
    private static final String PASSPHRASE = "a long backup passphrase";
    private static final Map<String, String> WITH_PASSPHRASE = Map.of("EXOCONSENT_BACKUP_PASSPHRASE", PASSPHRASE);

    @TempDir
    Path tmp;
    Path data;

    @BeforeEach
    void aClinicWithOneRecordedConsent() throws Exception {
        data = tmp.resolve("data");
        // set up once per JVM, copied into each test (TestAccounts#copied)
        if (!TestAccounts.copied(new DataDirectory(data), "BackupCliTest: one recorded consent", Examples.CLOCK,
                BackupCliTest::oneRecordedConsent)) {
            oneRecordedConsent(new DataDirectory(data));
        }
    }

    private static void oneRecordedConsent(DataDirectory dir) throws Exception {
        TestAccounts.everyone(dir, Examples.CLOCK);
        Path session = Examples.sessionFile("complete-ja");
        TestAccounts.confirmFiles(dir, Examples.CLOCK, List.of(session));
        CliTest.Run r = run(Map.of(), "record", "--data-dir", dir.root().toString(), "--session", session.toString());
        assertEquals(0, r.exit(), r.err());
    }

    /** Runs a command as the tester (every role), with {@code env} added. */
    private static CliTest.Run run(Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("EXOCONSENT_USER", TestAccounts.NAME);
        all.putIfAbsent("EXOCONSENT_PASSWORD", TestAccounts.PASSWORD);
        return CliTest.runRaw(all, new java.io.ByteArrayInputStream(new byte[0]), args);
    }

    /** The clinic key's fingerprint as the administrator wrote it down from {@code keys show}. */
    private String fingerprint() {
        CliTest.Run keys = run(Map.of(), "keys", "show", "--data-dir", data.toString());
        Matcher m = Pattern.compile("certificate SHA-256 ([0-9A-F:]{95})").matcher(keys.out());
        assertTrue(m.find(), keys.out());
        return m.group(1);
    }

    private Path backup() {
        Path zip = tmp.resolve("backup.zip");
        CliTest.Run b = run(WITH_PASSPHRASE, "backup", "--data-dir", data.toString(), "--out", zip.toString());
        assertEquals(0, b.exit(), b.err());
        return zip;
    }

    private static void noJavaException(CliTest.Run r) {
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void aBackupRestoredWithTheConfirmedFingerprintSaysSoRunsRecordsVerifyAndNamesWhatItCouldNotCheck()
            throws Exception {
        Path passphraseFile = tmp.resolve("passphrase.txt");
        Files.writeString(passphraseFile, PASSPHRASE + "\n");
        Path zip = tmp.resolve("backup.zip");
        CliTest.Run b = run(Map.of(), "backup", "--data-dir", data.toString(), "--out", zip.toString(),
                "--passphrase-file", passphraseFile.toString());
        assertEquals(0, b.exit(), b.err());
        assertTrue(b.out().startsWith(zip + ": ") && b.out().contains("(encrypted, checked)"), b.out());

        Path restored = tmp.resolve("restored");
        CliTest.Run r = run(WITH_PASSPHRASE, "restore", "--from", zip.toString(), "--to", restored.toString(),
                "--expect-fingerprint", fingerprint());
        assertEquals(0, r.exit(), r.err());
        assertEquals("Restored 1 record into " + restored + " from an encrypted backup.\n"
                + "records verify on the restored data directory: 1 record checked, 0 problems, 0 orphan files.\n"
                + "The backup's signing key is one you confirmed, and every document was signed by a key you confirmed.\n", r.out());
        assertEquals("Not checked: the audit trail was not compared with an anchor kept outside the backup: a "
                + "backup older than your newest records, or one whose whole trail was rewritten, is not detected.\n",
                r.err());
    }

    @Test
    void thePassphraseIsNeverAnArgumentAndAShortOneIsRefusedBeforeAnyWork() throws Exception {
        Path zip = tmp.resolve("backup.zip");
        CliTest.Run asArgument = run(Map.of(), "backup", "--data-dir", data.toString(), "--out", zip.toString(),
                "--passphrase", PASSPHRASE);
        assertEquals(2, asArgument.exit(), asArgument.err());
        assertTrue(asArgument.err().contains("A password, passphrase or PIN is never a command-line argument (other "
                + "programs on the computer can read arguments): a backup passphrase comes from --passphrase-file "
                + "FILE, $EXOCONSENT_BACKUP_PASSPHRASE or the prompt"), asArgument.err());
        assertFalse(asArgument.err().contains(PASSPHRASE), "the passphrase typed is not repeated back: "
                + asArgument.err());

        Path shortFile = tmp.resolve("short.txt");
        Files.writeString(shortFile, "too short\n");
        CliTest.Run tooShort = run(Map.of(), "backup", "--data-dir", data.toString(), "--out", zip.toString(),
                "--passphrase-file", shortFile.toString());
        assertEquals(3, tooShort.exit());
        assertEquals("--passphrase-file " + shortFile + ": the backup passphrase is too short: 9 characters; use at "
                + "least 12; nothing was done\n", tooShort.err());

        // a device or a huge file is refused before it fills the memory (attack review: /dev/zero ran out of memory)
        for (String huge : List.of("/dev/zero", tmp.resolve("huge.txt").toString())) {
            if (!huge.startsWith("/dev")) {
                Files.write(Path.of(huge), new byte[65 * 1024]);
            }
            CliTest.Run refused = run(Map.of(), "backup", "--data-dir", data.toString(), "--out", zip.toString(),
                    "--passphrase-file", huge);
            assertEquals(3, refused.exit(), refused.err());
            assertEquals("--passphrase-file " + huge + ": cannot be read: holds more than 64 KiB; a file that holds a "
                    + "password or passphrase holds it on its first line; nothing was done\n", refused.err());
        }

        // someone who may not make a backup is told so first, not asked for a passphrase they will not need
        // (README trial of issue 17: the physician was asked for the passphrase, then refused)
        CliTest.Run physician = run(Map.of("EXOCONSENT_USER", TestAccounts.PHYSICIAN, "EXOCONSENT_PASSWORD",
                TestAccounts.PHYSICIAN_PASSWORD), "backup", "--data-dir", data.toString(), "--out", zip.toString());
        assertEquals(5, physician.exit(), physician.err());
        assertEquals(TestAccounts.PHYSICIAN + " (physician) may not run exoconsent backup: this needs the role "
                + "administrator; someone with that role does this, or an administrator gives the role (exoconsent "
                + "users set-roles, or the administration screen)\n", physician.err());

        CliTest.Run none = run(Map.of(), "backup", "--data-dir", data.toString(), "--out", zip.toString());
        assertEquals(3, none.exit());
        assertTrue(none.err().startsWith("backup: needs the backup passphrase: give --passphrase-file FILE or set "
                + "$EXOCONSENT_BACKUP_PASSPHRASE"), none.err());
        assertFalse(Files.exists(zip));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".")).toList());
        }
    }

    @Test
    void aWrongPassphraseExitsFiveWithAPlainMessage() throws Exception {
        Path zip = backup();
        Path restored = tmp.resolve("restored");
        CliTest.Run r = run(Map.of("EXOCONSENT_BACKUP_PASSPHRASE", "not the passphrase"), "restore", "--from",
                zip.toString(), "--to", restored.toString());
        assertEquals(5, r.exit(), r.err());
        assertEquals(zip + ": the passphrase does not open this backup; nothing was restored\n", r.err());
        assertFalse(Files.exists(restored));
    }

    @Test
    void aTamperedUnencryptedBackupWithAnAddedAdministratorIsRefusedWithTheConfirmedFingerprint() throws Exception {
        Path honest = tmp.resolve("honest.zip");
        LegacyBackup.write(data, honest);
        Map<String, byte[]> entries = LegacyBackup.read(honest);
        entries.put(DataDirectory.DATABASE, LegacyBackup.editDatabase(entries.get(DataDirectory.DATABASE), tmp,
                "INSERT INTO account (name, roles, password_hash, created_at) SELECT 'mallory', 'administrator', "
                        + "password_hash, '2026-11-21T00:00:00Z' FROM account WHERE name = 'tester'",
                "DROP TRIGGER record_immutable", // the attacker edits the copy with sqlite3, triggers and all
                "UPDATE record SET patient_address = '1-1 Attacker Street'",
                "UPDATE clinic SET address = '1-1 Attacker Street'"));
        Path tampered = tmp.resolve("tampered.zip");
        LegacyBackup.zip(entries, LegacyBackup.sums(entries), tampered);

        Path restored = tmp.resolve("restored");
        CliTest.Run r = run(Map.of(), "restore", "--from", tampered.toString(), "--to", restored.toString(),
                "--expect-fingerprint", fingerprint());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("Warning: " + tampered + " is not encrypted"), r.err());
        assertTrue(r.err().contains("account mallory (administrator): the audit trail never added it"), r.err());
        assertTrue(r.err().endsWith("Nothing was restored.\n"), r.err());
        noJavaException(r);
        assertFalse(Files.exists(restored));
    }

    @Test
    void extraFilesAndAMalformedSumsLineExitOneNamingTheEntryAndTheLine() throws Exception {
        Map<String, byte[]> entries = LegacyBackup.read(PreviousRelease.BACKUP_1_2_0);
        entries.put("update.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        Path extra = tmp.resolve("extra.zip");
        LegacyBackup.zip(entries, LegacyBackup.sums(entries), extra);
        CliTest.Run e = run(Map.of(), "restore", "--from", extra.toString(), "--to", tmp.resolve("r1").toString());
        assertEquals(1, e.exit(), e.err());
        assertTrue(e.err().contains(extra + ": the entry 'update.sh' is not a file a data directory holds"),
                e.err());
        noJavaException(e);

        entries.remove("update.sh");
        Path sums = tmp.resolve("sums.zip");
        LegacyBackup.zip(entries, (new String(LegacyBackup.sums(entries), StandardCharsets.UTF_8)
                + "deadbeef exoconsent.db\n").getBytes(StandardCharsets.UTF_8), sums);
        CliTest.Run s = run(Map.of(), "restore", "--from", sums.toString(), "--to", tmp.resolve("r2").toString());
        assertEquals(1, s.exit(), s.err());
        assertTrue(s.err().contains(sums + ": SHA256SUMS line " + (entries.size() + 1) + ": 'deadbeef exoconsent.db' "
                + "is not '<64 hex digits>  <file>'; nothing was restored"), s.err());
        noJavaException(s);
        assertFalse(Files.exists(tmp.resolve("r1")) || Files.exists(tmp.resolve("r2")));
    }

    @Test
    void restoreToAFolderThatIsNotEmptyExitsThreeAndNothingBesideItIsEverDeleted() throws Exception {
        Path zip = backup();
        Path target = tmp.resolve("restored");
        Files.createDirectories(target.resolve("old"));
        Files.writeString(target.resolve("old/letter.txt"), "kept");
        CliTest.Run r = run(WITH_PASSPHRASE, "restore", "--from", zip.toString(), "--to", target.toString());
        assertEquals(3, r.exit(), r.err());
        assertEquals(target + ": is not empty; a backup is restored only into a new folder, never over existing "
                + "data\n", r.err());
        try (Stream<Path> s = Files.walk(target)) {
            assertEquals(List.of(target, target.resolve("old"), target.resolve("old/letter.txt")),
                    s.sorted().toList());
        }

        Path other = tmp.resolve("other");
        Path beside = tmp.resolve("other.restoring");
        Files.createDirectories(beside);
        Files.writeString(beside.resolve("precious.txt"), "not the restore's");
        CliTest.Run ok = run(WITH_PASSPHRASE, "restore", "--from", zip.toString(), "--to", other.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("not the restore's", Files.readString(beside.resolve("precious.txt")));
    }

    @Test
    void anOldUnencryptedBackupRestoresWithAWarning() {
        Path restored = tmp.resolve("restored");
        CliTest.Run r = run(Map.of(), "restore", "--from", PreviousRelease.BACKUP_1_2_0.toString(), "--to",
                restored.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().startsWith("Warning: " + PreviousRelease.BACKUP_1_2_0 + " is not encrypted: it was made "
                + "by an earlier release (or by anyone who held it), so nothing proves your ExoConsent wrote it"),
                r.err());
        assertTrue(r.out().startsWith("Restored 5 records and 1 withdrawal into " + restored + " from an UNENCRYPTED backup.\n"),
                r.out());
    }
}
