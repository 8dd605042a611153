package org.exoconsent.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 §2 (attacker review): narrowing permissions never changes what a symbolic link points to, even when the
 * link is swapped in after the attributes were read, and a repair names every link it finds instead of skipping it.
 */
class OwnerOnlyLinksTest {
    @TempDir
    Path tmp;
    /** A file outside, open to every account, that a link points to. */
    private Path target;

    @BeforeEach
    void aFileOutsideOpenToEveryone() throws IOException {
        Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX only");
        target = Files.writeString(tmp.resolve("outside.conf"), "someone else's");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw-rw-"));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aLinkSwappedInBetweenTheCheckAndTheChangeIsRefusedAndItsTargetKeepsItsMode() throws IOException {
        Path file = Files.writeString(tmp.resolve("exoconsent.db"), "ours");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PosixFileAttributes checked = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        // the race: between the check and the change, the file becomes a link to a file outside
        Files.delete(file);
        Files.createSymbolicLink(file, target);
        assertThrows(IOException.class, () -> OwnerOnly.narrow(file, checked), "a link is never changed through");
        assertEquals("rw-rw-rw-", mode(target), "the file the link points to keeps its mode");
    }

    @Test
    void restrictLeavesALinkAndItsTargetAlone() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        assertFalse(OwnerOnly.restrict(link));
        assertEquals("rw-rw-rw-", mode(target));
    }

    @Test
    void aRepairNamesEveryLinkAndChangesNothingItPointsTo() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("data"));
        Path keys = Files.createDirectory(root.resolve("keys"));
        Files.createSymbolicLink(keys.resolve("clinic-signing.p12"), target);
        Path ours = Files.writeString(root.resolve("exoconsent.db"), "ours");
        Files.setPosixFilePermissions(ours, PosixFilePermissions.fromString("rw-r--r--"));
        OwnerOnly.Repair r = OwnerOnly.repair(root);
        assertEquals(List.of(keys.toRealPath().resolve("clinic-signing.p12") + " is a symbolic link to " + target),
                r.refused());
        assertTrue(r.refusal().contains("is a symbolic link to " + target) && r.refusal().contains(
                "nothing was read or changed"), r.refusal());
        assertEquals("rw-rw-rw-", mode(target), "never followed");
        assertEquals("rw-------", mode(ours), "what is ours is narrowed all the same");
    }

    @Test
    void theOwnerComparedWithIsTheOwnerOfTheFilesThisProgramCreates() throws IOException {
        Path made = OwnerOnly.createFile(tmp.resolve("new"));
        assertEquals(Files.getOwner(made, LinkOption.NOFOLLOW_LINKS), OwnerOnly.currentOwner());
        assertEquals(List.of(), OwnerOnly.repair(tmp).refused().stream().filter(s -> !s.contains("symbolic"))
                .toList(), "nothing of ours is refused");
    }
}
