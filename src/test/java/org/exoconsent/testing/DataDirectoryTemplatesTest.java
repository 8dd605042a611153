package org.exoconsent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tests' data directories set up once per JVM and copied (issue 15 §4): what a copy keeps, when none is made. */
class DataDirectoryTemplatesTest {
    @TempDir
    Path tmp;

    /** A set-up as a store makes one: an owner-only folder with an owner-only file and a sub-folder. */
    private static void privateFiles(Path root, AtomicInteger runs) throws IOException {
        runs.incrementAndGet();
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(root.resolve("exoconsent.db"), "accounts " + runs.get());
        Files.setPosixFilePermissions(root.resolve("exoconsent.db"), PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(root.resolve("keys"));
        Files.setPosixFilePermissions(root.resolve("keys"), PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aSetUpRunsOnceAndEachCopyHasItsFilesWithTheirOwnerOnlyPermissions() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        String name = "DataDirectoryTemplatesTest: " + tmp; // a set-up of its own
        Path first = tmp.resolve("first");
        Path second = tmp.resolve("second");
        Files.createDirectories(second); // an empty folder, as a test's @TempDir is
        assertTrue(DataDirectoryTemplates.copyInto(first, name, Examples.CLOCK, root -> privateFiles(root, runs)));
        assertTrue(DataDirectoryTemplates.copyInto(second, name, Examples.CLOCK, root -> privateFiles(root, runs)));
        assertEquals(1, runs.get(), "set up once");
        for (Path copy : new Path[] {first, second}) {
            assertEquals("accounts 1", Files.readString(copy.resolve("exoconsent.db")));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    copy.resolve("exoconsent.db"))));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    copy.resolve("keys"))));
        }
        Files.writeString(first.resolve("exoconsent.db"), "changed by its test");
        assertTrue(DataDirectoryTemplates.copyInto(tmp.resolve("third"), name, Examples.CLOCK,
                root -> privateFiles(root, runs)));
        assertEquals("accounts 1", Files.readString(tmp.resolve("third/exoconsent.db")), "copies are independent");
    }

    @Test
    void nothingIsCopiedIntoAFolderThatIsNotNewNorOnAClockThatMoves() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        String name = "DataDirectoryTemplatesTest: " + tmp;
        Path used = tmp.resolve("used");
        Files.createDirectories(used);
        Files.writeString(used.resolve("exoconsent.db"), "its own");
        assertFalse(DataDirectoryTemplates.copyInto(used, name, Examples.CLOCK, root -> privateFiles(root, runs)));
        assertEquals("its own", Files.readString(used.resolve("exoconsent.db")));
        assertFalse(DataDirectoryTemplates.copyInto(tmp.resolve("no/parent"), name, Examples.CLOCK,
                root -> privateFiles(root, runs)));
        assertFalse(DataDirectoryTemplates.copyInto(tmp.resolve("system"), name, Clock.systemUTC(),
                root -> privateFiles(root, runs)));
        assertEquals(0, runs.get(), "nothing set up");
        assertFalse(Files.exists(tmp.resolve("system")));
    }

    @Test
    void aSetUpThatNamesItsOwnFolderIsRefused() {
        IOException e = assertThrows(IOException.class, () -> DataDirectoryTemplates.copyInto(tmp.resolve("d"),
                "DataDirectoryTemplatesTest: naming itself " + tmp, Examples.CLOCK, root -> {
                    Files.createDirectories(root);
                    Files.writeString(root.resolve("settings.properties"), "keystore=" + root.resolve("k.p12"));
                }));
        assertTrue(e.getMessage().contains("settings.properties: names the folder it was set up in"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("d")));
    }
}
