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

    @Test
    void aBrokenOrHugeFileIsSkippedNamedAndLeftInPlaceAndTheOtherDraftsAreRead() throws Exception {
        Path folder = tmp.resolve("c");
        DeviceDraftCache cache = new DeviceDraftCache(folder);
        ConsentSession s = Examples.session("complete-ja");
        cache.put(new DeviceDraftCache.Cached(STORE, s, false, AT, null, DESK));
        String key = DeviceDraftCache.storeKey(DeviceDraftCache.identity(STORE));
        Path garbage = folder.resolve(key + "-0000aaaa.json");
        Files.writeString(garbage, "{garbage\n");
        Path huge = folder.resolve(key + "-0000bbbb.json");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L * 1024 * 1024 * 1024); // sparse: 3 GB to the file system, nothing on the disk
        }

        DeviceDraftCache.Contents c = cache.contents(STORE);

        assertEquals(List.of(s.id()), c.drafts().stream().map(DeviceDraftCache.Cached::draftId).toList(),
                "the good draft is read");
        assertEquals(List.of(garbage, huge), c.notRead().stream().map(DeviceDraftCache.NotRead::file).toList());
        assertTrue(c.notRead().get(0).why().startsWith(garbage + ": the draft kept on this device cannot be read: "),
                c.notRead().get(0).why());
        assertTrue(c.notRead().get(1).why().startsWith(huge + ": "), c.notRead().get(1).why());
        assertTrue(c.notRead().get(1).why().contains("(3221225472 bytes); a draft kept on this device may hold at "
                + "most"), c.notRead().get(1).why());
        assertEquals(List.of(s.id()), cache.of(STORE).stream().map(DeviceDraftCache.Cached::draftId).toList());
        cache.remove(STORE, s.id());
        assertTrue(Files.exists(garbage) && Files.size(huge) == 3L * 1024 * 1024 * 1024, "both left in place");
    }

    @Test
    void aDraftIsFoundWhateverTheRoleOrTlsSettingsOfTheAddressAndAnotherStoresDraftsAreCounted() throws Exception {
        Path folder = tmp.resolve("c");
        DeviceDraftCache cache = new DeviceDraftCache(folder);
        ConsentSession s = Examples.session("complete-ja");
        cache.put(new DeviceDraftCache.Cached(STORE, s, false, AT, null, DESK));
        String ownRole = "postgresql://db.clinic.example:5432/clinic?user=tablet1&sslmode=verify-full"
                + "&sslrootcert=/etc/exoconsent/new-ca.crt";

        assertEquals(List.of(s.id()), cache.of(ownRole).stream().map(DeviceDraftCache.Cached::draftId).toList(),
                "the device moved to its own login role and a new CA file keeps its drafts");
        assertTrue(cache.find(ownRole, s.id()).isPresent());
        String other = "postgresql://db.other.example:5432/clinic?user=exoconsent_app";
        DeviceDraftCache.Contents c = cache.contents(other);
        assertEquals(List.of(), c.drafts());
        assertEquals(List.of(new DeviceDraftCache.OtherStore("postgresql://db.clinic.example:5432/clinic", 1)),
                c.otherStores(), "another store's drafts are counted and named, never read as this one's");
        cache.remove(ownRole, s.id());
        assertEquals(List.of(), names(folder));
    }

    @Test
    void aDraftWrittenWhenTheCacheWasKeyedByTheWholeAddressIsFoundAndRemoved() throws Exception {
        Path folder = tmp.resolve("c");
        DeviceDraftCache cache = new DeviceDraftCache(folder);
        ConsentSession s = Examples.session("complete-ja");
        cache.put(new DeviceDraftCache.Cached(STORE, s, false, AT, null, DESK));
        Path written = folder.resolve(names(folder).get(0));
        Path older = folder.resolve(DeviceDraftCache.storeKey(STORE) + "-" + s.id() + ".json"); // the old key
        Files.move(written, older);

        String ownRole = "postgresql://db.clinic.example:5432/clinic?user=tablet1";
        assertEquals(s.id(), cache.find(ownRole, s.id()).orElseThrow().draftId());
        assertEquals(1, cache.of(ownRole).size());
        cache.remove(ownRole, s.id());
        assertEquals(List.of(), names(folder));
    }
}
