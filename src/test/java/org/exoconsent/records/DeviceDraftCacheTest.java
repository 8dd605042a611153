package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's own cache of drafts while the shared store cannot be reached (issue 17 §3): owner-only folder and files
 * (0700/0600), written whole, one copy per draft and store, and a folder other accounts could read refused with a
 * message naming it, nothing written there nor read from it.
 */
class DeviceDraftCacheTest {
    @TempDir
    Path tmp;

    private static final String STORE = "postgresql://db.clinic.example:5432/clinic?user=exoconsent_app";
    private static final Device DESK = new Device("desk-1", "診察室1");
    private static final Instant AT = Instant.parse("2026-11-30T01:02:03Z");

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aDraftIsKeptWithItsSignaturesInOwnerOnlyFilesOfAnOwnerOnlyFolderAndReadBack() throws Exception {
        Path folder = tmp.resolve("home/.exoconsent-device/draft-cache");
        DeviceDraftCache cache = new DeviceDraftCache(folder);
        ConsentSession s = Examples.session("complete-ja");

        cache.put(new DeviceDraftCache.Cached(STORE, s, true, AT, AT.minusSeconds(60), DESK));
        cache.put(new DeviceDraftCache.Cached(STORE, s, false, AT.plusSeconds(5), AT.minusSeconds(60), DESK));

        assertEquals("rwx------", mode(folder));
        assertEquals("rwx------", mode(folder.getParent()), "the device's folder, made here, is owner-only too");
        List<String> files = names(folder);
        assertEquals(1, files.size(), "one copy per draft, replaced whole, no temporary file left: " + files);
        assertTrue(files.get(0).endsWith("-" + s.id() + ".json"), files.get(0));
        assertEquals("rw-------", mode(folder.resolve(files.get(0))));
        List<DeviceDraftCache.Cached> kept = cache.of(STORE);
        assertEquals(1, kept.size());
        DeviceDraftCache.Cached c = kept.get(0);
        assertEquals(s.signatures(), c.session().signatures(), "the signatures captured");
        assertEquals(AT.plusSeconds(5), c.cachedAt());
        assertEquals(AT.minusSeconds(60), c.savedInStore());
        assertFalse(c.patientMode());
        assertEquals(DESK, c.device());
        assertEquals(STORE, c.store());

        assertEquals(List.of(), cache.of("postgresql://other:5432/clinic?user=exoconsent_app"),
                "another store's drafts are not this one's");
        cache.remove(STORE, s.id());
        assertEquals(List.of(), cache.of(STORE));
        assertEquals(List.of(), names(folder));
    }

    @Test
    void aCacheFolderOtherAccountsMayReadIsRefusedNamingItAndNothingIsWrittenOrReadThere() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("draft-cache"));
        DeviceDraftCache cache = new DeviceDraftCache(folder);
        ConsentSession s = Examples.session("complete-ja");
        RefusedException asMade = assertThrows(RefusedException.class, () -> cache.put(new DeviceDraftCache.Cached(
                STORE, s, false, AT, null, DESK)), "a folder made by someone else with the usual umask (0755)");
        assertTrue(asMade.getMessage().contains("(rwxr-xr-x)"), asMade.getMessage());
        assertEquals(List.of(), names(folder));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        cache.put(new DeviceDraftCache.Cached(STORE, s, false, AT, null, DESK));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-x---"));

        RefusedException put = assertThrows(RefusedException.class,
                () -> cache.put(new DeviceDraftCache.Cached(STORE, s.withSignatures(List.of()), false, AT, null,
                        DESK)));
        assertEquals(folder + ": the device's draft cache may be read or entered by other accounts of this "
                + "computer (rwxr-x---); drafts hold patients' details and signatures, so none is kept there or read "
                + "from it. Give it to this account alone (chmod 700 " + folder + ", owned by the account that runs "
                + "ExoConsent), or remove it so that it is made again", put.getMessage());
        assertThrows(RefusedException.class, () -> cache.of(STORE), "nothing is read from it either");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        assertEquals(2, cache.of(STORE).get(0).session().signatures().size(), "the refused write changed nothing");

        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx-----x"));
        RefusedException others = assertThrows(RefusedException.class, () -> cache.find(STORE, s.id()));
        assertTrue(others.getMessage().contains("(rwx-----x)"), others.getMessage());
    }

    @Test
    void aCacheFolderThatIsASymbolicLinkIsRefused() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwx------"));
        Path folder = Files.createSymbolicLink(tmp.resolve("draft-cache"), elsewhere);
        DeviceDraftCache cache = new DeviceDraftCache(folder);

        RefusedException e = assertThrows(RefusedException.class, () -> cache.put(new DeviceDraftCache.Cached(STORE,
                Examples.session("complete-ja"), false, AT, null, DESK)));

        assertTrue(e.getMessage().startsWith(folder + ": the device's draft cache is a symbolic link (to " + elsewhere
                + ")"), e.getMessage());
        assertEquals(List.of(), names(elsewhere));
    }

    @Test
    void aCachedDraftNamesItsStoreAndNeverAPassword() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new DeviceDraftCache.Cached(" ",
                Examples.session("complete-ja"), false, AT, null, DESK));
        DeviceDraftCache cache = new DeviceDraftCache(tmp.resolve("c"));
        cache.put(new DeviceDraftCache.Cached(STORE, Examples.session("complete-ja"), false, AT, null, DESK));
        String file = Files.readString(tmp.resolve("c").resolve(names(tmp.resolve("c")).get(0)));
        assertTrue(file.contains("\"format\" : \"exoconsent-device-draft-1\""), file);
        assertTrue(file.contains("\"store\" : \"" + STORE + "\""), file);
        assertTrue(file.contains("\"savedInStore\" : null"), file);
    }
}
