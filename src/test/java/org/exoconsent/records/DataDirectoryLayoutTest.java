package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PreviousRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory's layout is known by one class (issue 15 §1): {@link DataDirectory#LAYOUT} names everything a
 * data directory holds; an opening tolerates exactly those names in a folder without a database, a backup takes
 * each of them it is meant to (and nothing else), and a restore accepts each.
 */
class DataDirectoryLayoutTest {
    @TempDir
    Path tmp;

    /** The top-level names in {@code root}. */
    private static Set<String> names(Path root) throws Exception {
        try (Stream<Path> s = Files.list(root)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void anOpeningToleratesEveryNameOfTheLayoutAndNoOther() throws Exception {
        for (DataDirectory.Entry e : DataDirectory.LAYOUT) {
            Path root = Files.createDirectory(tmp.resolve("only-" + e.name()));
            if (e.folder()) {
                Files.createDirectory(root.resolve(e.name()));
            } else {
                Files.writeString(root.resolve(e.name()), "");
            }
            if (e.name().equals(DataDirectory.DATABASE)) {
                continue; // a folder with a database is a data directory whatever else it holds
            }
            assertDoesNotThrow(() -> new DataDirectory(root).keepPrivate(), e.name() + " is tolerated");
        }
        Path stranger = Files.createDirectory(tmp.resolve("stranger"));
        Files.createDirectory(stranger.resolve(DataDirectory.KEYS));
        Files.writeString(stranger.resolve("notes.txt"), "");
        DataDirectory.NotOwnedException refused = assertThrows(DataDirectory.NotOwnedException.class,
                () -> new DataDirectory(stranger).keepPrivate());
        assertTrue(refused.getMessage().contains("(notes.txt)"), refused.getMessage());
    }

    @Test
    void everyDataDirectoryOfAnEarlierReleaseHoldsOnlyNamesOfTheLayout() throws Exception {
        for (Path fixture : PreviousRelease.fixtures()) {
            Set<String> held = names(fixture);
            held.remove("README.md"); // the fixture's description, not the release's
            assertTrue(DataDirectory.names().containsAll(held), fixture + ": " + held);
        }
    }

    @Test
    void eachEntryABackupCopiesIsOneARestoreTakesBack() {
        for (DataDirectory.Entry e : DataDirectory.LAYOUT) {
            boolean known = BackupReader.KNOWN.stream().anyMatch(k -> e.name().equals(k.top()));
            boolean inBackup = e.backup() == DataDirectory.InBackup.COPIED
                    || e.backup() == DataDirectory.InBackup.SNAPSHOT;
            assertEquals(inBackup, known, e.name() + ": a backup " + (inBackup ? "takes" : "never takes") + " it");
        }
        for (BackupReader.Known k : BackupReader.KNOWN) {
            if (k.top() != null) {
                assertTrue(DataDirectory.names().contains(k.top()), k.top());
                assertTrue(k.path().pattern().startsWith(java.util.regex.Pattern.quote(k.top())), k.path()
                        .pattern());
            }
        }
    }

    @Test
    void aBackupTakesEveryNameOfTheLayoutThatHoldsTheClinicsDataAndNothingElse() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(), Examples.key(), "ja");
            store.clinicSigningKey("Test clinic");
            DraftStore drafts = new DraftStore(dir);
            drafts.save(Examples.session("complete-en"), false, Examples.CLOCK.instant());
            drafts.abandon(Examples.session("complete-en").id(), "test", Examples.CLOCK.instant());
            drafts.save(Examples.session("complete-ja"), false, Examples.CLOCK.instant());
        }
        Set<String> held = names(dir.root());
        assertTrue(DataDirectory.names().containsAll(held), "a data directory in use holds only the layout's names: "
                + held);
        for (DataDirectory.Entry e : Backup.COPIED) {
            if (!e.name().equals(DataDirectory.SETTINGS_FILE)) { // moved into the database at opening
                assertTrue(held.contains(e.name()), "this test exercises " + e.name());
            }
        }
        assertTrue(Files.exists(dir.abandonedDrafts()));

        Path file = tmp.resolve("backup.zip");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            store.backup(file, BackupTest.PASSPHRASE);
        }
        Path out = Files.createDirectory(tmp.resolve("out"));
        BackupReader.Result read = BackupReader.read(file, BackupTest.PASSPHRASE, out);
        assertEquals(List.of(), read.problems());
        Set<String> taken = names(out);
        taken.remove(Backup.SUMS);
        Set<String> expected = new TreeSet<>();
        for (DataDirectory.Entry e : DataDirectory.LAYOUT) {
            if ((e.backup() == DataDirectory.InBackup.COPIED || e.backup() == DataDirectory.InBackup.SNAPSHOT)
                    && held.contains(e.name())) {
                expected.add(e.name());
            }
        }
        assertEquals(expected, taken);
        assertNotNull(BackupReader.known(DataDirectory.KEYS + "/" + DataDirectory.SELF_SIGNED_KEY
                + DataDirectory.PASSWORD_SUFFIX));
        try (Stream<Path> abandoned = Files.list(out.resolve(DataDirectory.DRAFTS)
                .resolve(DataDirectory.ABANDONED_DRAFTS))) {
            assertEquals(List.of(".json", ".json" + DataDirectory.ABANDONED_REASON_SUFFIX), abandoned.map(p -> p
                    .getFileName().toString().replaceFirst("^[^.]*", "")).sorted().toList(),
                    "an abandoned draft is taken, and why it was abandoned");
        }
    }
}
