package org.exoconsent.usecases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.AuditTrail;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Device;
import org.exoconsent.records.DeviceDraftCache;
import org.exoconsent.records.DeviceSettings;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.PostgresConnections;
import org.exoconsent.records.PostgresLocation;
import org.exoconsent.records.PostgresSchema;
import org.exoconsent.records.PostgresStores;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.StoreException;
import org.exoconsent.records.Stores;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PostgresServer;
import org.exoconsent.testing.ProcessTest;
import org.exoconsent.testing.ServerRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 §3 on a real PostgreSQL server: the server goes away while a consultation is in progress (the device's
 * connections go through a {@link ServerRelay} that stops listening and drops them, as a network cut does; the
 * server runs on). The draft, with the signatures captured, lands in the device's owner-only cache; "sign and save"
 * is refused and leaves no signed PDF and no record; when the server is back the draft is written to the store as a
 * draft with its signatures, audited {@code draft-restored-from-device}, and the cache is empty. A draft changed on
 * another device meanwhile is never overwritten: the device's copy is set aside beside it.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class DeviceDraftsOnPostgresTest {
    @TempDir
    Path tmp;

    /** The server's clock is the authority on a shared store; the test's server runs on this computer. */
    private static final Clock NOW = Clock.systemUTC();
    private static final Device DESK = new Device("desk-1", "診察室1");
    private static final Device TABLET = new Device("tablet-2", "Tablet 2");

    private PostgresServer.ClinicDatabase db;
    private String address;
    private ServerRelay relay;
    private StoreOpenings store;
    private DeviceDraftCache cache;
    private Principal who;

    @BeforeEach
    void aClinicOnPostgresqlReachedThroughARelay() throws Exception {
        db = PostgresServer.get().newClinicDatabase();
        PostgresSchema.migrate(db.ownerDataSource(), db.app());
        address = db.storeUrl(db.app());
        try (RecordStore admin = RecordStore.createFirstAdministrator(RecordStore.Source.postgres(db.appDataSource(),
                address, DataDirectory.keyFilesIn(tmp.resolve("admin-keys"))), NOW, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray(), "en")) {
            admin.setRoles(TestAccounts.NAME, EnumSet.allOf(Role.class), TestAccounts.LICENCE);
            admin.addUser(TestAccounts.PHYSICIAN, EnumSet.of(Role.PHYSICIAN), TestAccounts.LICENCE,
                    TestAccounts.PHYSICIAN_PASSWORD.toCharArray());
        }
        try (RecordStore staff = RecordStore.signIn(RecordStore.Source.postgres(db.appDataSource(), address,
                DataDirectory.keyFilesIn(tmp.resolve("admin-keys"))), NOW, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray())) {
            ConsentSession s = Examples.session("complete-ja"); // the physician confirmed it, as in step 2
            staff.confirmTreatment(s.confirmedBy().account(), TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), s);
        }
        // this device's key, registered with the owner's login as the set-up does (attack review of issue 17, F2)
        org.exoconsent.records.OwnerKeys.registerDeviceKey(db, DataDirectory.keyFilesIn(tmp.resolve("device-keys")),
                Examples.session("complete-ja").clinic().name(), "Desk 1", NOW);
        relay = new ServerRelay(db.host(), db.port());
        relay.accept();
        PostgresLocation through = PostgresLocation.parse("postgresql://127.0.0.1:" + relay.port() + "/"
                + db.database() + "?user=" + db.app(), "the test", DeviceSettings.none(tmp.resolve("none")));
        cache = new DeviceDraftCache(tmp.resolve("home/.exoconsent-device/draft-cache"));
        store = StoreOpenings.of(through, NOW, Map.of("PGPASSWORD", db.appPassword()), tmp.resolve("device-keys"),
                cache);
        who = new SignIn(store).signIn(TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), "test");
    }

    @AfterEach
    void closeTheRelay() throws Exception {
        if (relay != null) {
            relay.close();
        }
    }

    /** The consultation as it stands before the signatures (the same id as the complete one). */
    private static ConsentSession beforeSigning() {
        return Examples.session("complete-ja").withSignatures(List.of());
    }

    /** The store as another device sees it, straight to the server (not through the relay). */
    private Stores direct() throws StoreException {
        // signed in there as the same person: the server takes a draft only from a signed-in session (schema 20)
        return new RecordStore.Source(PostgresStores.open(db.appDataSource(), address), address,
                DataDirectory.keyFilesIn(tmp.resolve("admin-keys"))).holding(who).stores();
    }

    private String one(String sql) throws Exception {
        try (Connection c = db.appConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private List<AuditTrail.Entry> restoredEntries() throws Exception {
        try (RecordStore s = RecordStore.signIn(RecordStore.Source.postgres(db.appDataSource(), address,
                DataDirectory.keyFilesIn(tmp.resolve("admin-keys"))), NOW, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray())) {
            return s.auditTrail(new AuditTrail.Filter(null, null, RecordStore.DRAFT_RESTORED_FROM_DEVICE, null, null),
                    50).entries();
        }
    }

    private List<Path> filesIn(Path folder) throws Exception {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    @Test
    void theServerGoesAwayMidConsultationTheSignedDraftWaitsOnTheDeviceAndReachesTheStoreWhenItIsBack()
            throws Exception {
        ConsentSession complete = Examples.session("complete-ja");
        assertEquals(2, complete.signatures().size(), "the example carries the patient's and the physician's");
        DeviceDrafts.Saving saving = new DeviceDrafts(store, who, DESK).saving(complete.id(), null);
        assertEquals(DeviceDrafts.Kept.IN_STORE, saving.save(beforeSigning(), false).kept());
        try (Stores s = direct()) {
            assertEquals(0, s.drafts().load(complete.id()).session().signatures().size());
        }

        relay.refuse(); // the server goes away while the patient signs
        long started = System.nanoTime();
        DeviceDrafts.Outcome away = saving.save(complete, true);
        assertTrue((System.nanoTime() - started) / 1_000_000_000L <= PostgresLocation.CONNECT_TIMEOUT_SECONDS + 2,
                "known at once, not after a long hang");
        assertEquals(DeviceDrafts.Kept.ON_DEVICE, away.kept());
        assertTrue(saving.onDevice());
        List<Path> kept = filesIn(cache.folder());
        assertEquals(1, kept.size(), kept.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.folder())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept.get(0))));
        String file = Files.readString(kept.get(0));
        assertTrue(file.contains("\"store\" : \"" + DeviceDraftCache.storeOf((PostgresLocation) store.location())
                + "\""), file);
        assertFalse(file.contains("user="), "the store's identity, not the role: " + file);
        assertFalse(file.contains(db.appPassword()), "never the password");
        DeviceDraftCache.Cached onDevice = cache.find(((PostgresLocation) store.location()).url(), complete.id()).orElseThrow();
        assertEquals(complete.signatures(), onDevice.session().signatures(), "the signatures captured, on the device");
        assertTrue(onDevice.patientMode());
        assertEquals(DESK, onDevice.device());

        // sign and save while the server is away: refused before anything is signed, nothing recorded
        StoreException refused = assertThrows(StoreException.class, () -> RecordConsent.asSignedIn(store, who)
                .recordSession(complete, store.drafts()));
        assertTrue(PostgresConnections.unreachable(refused), refused.getMessage());
        assertEquals("0 0", one("SELECT (SELECT count(*) FROM record) || ' ' || (SELECT count(*) FROM document)"),
                "no record and no signed PDF");
        assertEquals(List.of(), filesIn(tmp.resolve("device-keys")).stream().filter(p -> p.toString()
                .endsWith(".pdf")).toList(), "no PDF on the device either");
        assertEquals(1, filesIn(cache.folder()).size(), "the draft is still kept on the device");
        try (Stores s = direct()) {
            assertEquals(0, s.drafts().load(complete.id()).session().signatures().size(),
                    "the store still has the draft as this device last saved it there");
        }

        relay.accept(); // the server is back: the wizard's next heartbeat brings the draft to it
        DeviceDrafts.Outcome back = saving.heartbeat();
        assertEquals(DeviceDrafts.Kept.RESTORED, back.kept());
        assertFalse(saving.onDevice());
        try (Stores s = direct()) {
            DraftStore.Draft there = s.drafts().load(complete.id());
            assertEquals(complete.signatures(), there.session().signatures(), "the draft is on the server with its "
                    + "signatures");
            assertTrue(there.patientMode());
            assertEquals(DESK, there.hold().device(), "held by the device whose wizard is open");
        }
        assertEquals(List.of(), filesIn(cache.folder()), "the cache is empty once the store has it");
        assertEquals("0", one("SELECT count(*) FROM record"), "a draft, not recorded: a physician records");
        List<AuditTrail.Entry> entries = restoredEntries();
        assertEquals(1, entries.size(), entries.toString());
        AuditTrail.Entry e = entries.get(0);
        assertEquals(complete.id(), e.subject());
        assertTrue(e.actor().startsWith(TestAccounts.NAME + " ["), e.actor());
        assertTrue(e.details().startsWith("device: desk-1; device-label: 診察室1; kept-at: " + onDevice.cachedAt()
                + "; last-saved-in-store: "), e.details());
        assertTrue(e.details().endsWith("; signatures: 2; outcome: the draft"), e.details());

        // and the consultation goes on in the store as before; then it is recorded from the restored draft
        assertEquals(DeviceDrafts.Kept.IN_STORE, saving.save(complete, false).kept());
        RecordStore.Recorded r = RecordConsent.asSignedIn(store, who).recordSession(complete, store.drafts());
        assertEquals(complete.id(), r.id());
        assertEquals("1 1", one("SELECT (SELECT count(*) FROM record) || ' ' || (SELECT count(*) FROM document)"));
    }

    @Test
    void aDraftChangedOnAnotherDeviceMeanwhileIsNotOverwrittenTheDevicesCopyIsSetAsideBesideIt() throws Exception {
        ConsentSession complete = Examples.session("complete-ja");
        DeviceDrafts.Saving desk = new DeviceDrafts(store, who, DESK).saving(complete.id(), null);
        desk.save(beforeSigning(), false);
        relay.refuse();
        assertEquals(DeviceDrafts.Kept.ON_DEVICE, desk.save(complete, false).kept());
        // the desk's hold lapses; the tablet, which reaches the server, takes the draft and changes it
        ConsentSession tablets = complete.withSignatures(List.of(complete.signatures().get(0))); // its own change
        try (Stores s = direct()) {
            s.drafts().save(tablets, true, TABLET, NOW.instant().plus(org.exoconsent.records.Drafts.HOLD)
                    .plusSeconds(5));
        }
        relay.accept();

        DeviceDrafts.Outcome back = desk.heartbeat();

        assertEquals(DeviceDrafts.Kept.SET_ASIDE, back.kept());
        assertTrue(back.fromDevice().why().startsWith("it was changed in the store since this device last saved it"),
                back.fromDevice().why());
        String aside = back.fromDevice().setAsideAs();
        assertTrue(aside.startsWith(complete.id() + "-"), aside);
        try (Stores s = direct()) {
            DraftStore.Draft there = s.drafts().load(complete.id());
            assertEquals(1, there.session().signatures().size(), "the store's draft is the tablet's, untouched");
            assertEquals(TABLET, there.hold().device());
        }
        String reason = one("SELECT abandoned_reason FROM draft WHERE name = '" + aside + "'");
        assertTrue(reason.startsWith("kept on device 診察室1 while the store could not be reached; not made the "
                + "draft: it was changed in the store"), reason);
        assertTrue(one("SELECT content FROM draft WHERE name = '" + aside + "'").contains("\"signatures\""),
                "the device's copy, signatures included, is kept among the set-aside drafts");
        assertEquals(List.of(), filesIn(cache.folder()));
        List<AuditTrail.Entry> entries = restoredEntries();
        assertEquals(1, entries.size());
        assertTrue(entries.get(0).details().contains("; outcome: set aside as " + aside + "; why: it was changed"),
                entries.get(0).details());
    }

    @Test
    void theDesksStaleSaveAfterTheTabletSavedThePatientsSignatureIsSetAsideAndTheSignatureStays() throws Exception {
        ConsentSession complete = Examples.session("complete-ja");
        ConsentSession patientSigned = complete.withSignatures(List.of(complete.signatures().get(0)));
        DeviceDrafts.Saving desk = new DeviceDrafts(store, who, DESK).saving(complete.id(), null);
        assertEquals(DeviceDrafts.Kept.IN_STORE, desk.save(beforeSigning(), false).kept());
        // the desk sleeps; the tablet takes the draft over (the server's clock: no waiting for the hold to lapse),
        // the patient signs, the tablet saves and closes it, giving the hold back
        try (Stores s = direct()) {
            DraftStore.Draft opened = s.drafts().load(complete.id());
            s.drafts().takeOver(complete.id(), TABLET, NOW.instant());
            s.drafts().save(patientSigned, true, TABLET, new org.exoconsent.records.Drafts.Seen(opened.savedAt()),
                    NOW.instant());
            s.drafts().release(complete.id(), TABLET, NOW.instant());
        }

        DeviceDrafts.Outcome heartbeat = desk.heartbeat(); // the desk wakes
        assertEquals(DeviceDrafts.Kept.CHANGED_ELSEWHERE, heartbeat.kept());
        DeviceDrafts.Outcome saved = desk.save(beforeSigning(), false);

        assertEquals(DeviceDrafts.Kept.CHANGED_ELSEWHERE, saved.kept());
        assertEquals(TABLET, saved.changed().savedBy());
        try (Stores s = direct()) {
            DraftStore.Draft there = s.drafts().load(complete.id());
            assertEquals(patientSigned.signatures(), there.session().signatures(),
                    "the patient's signature captured on the tablet is kept");
            assertEquals(TABLET, there.savedBy());
            assertEquals(null, there.hold(), "the desk took no hold back");
        }
        String aside = saved.fromDevice().setAsideAs();
        String reason = one("SELECT abandoned_reason FROM draft WHERE name = '" + aside + "'");
        assertTrue(reason.startsWith("open on device 診察室1; not saved over the store's draft: it was saved in the "
                + "store at "), reason);
        try (RecordStore s = RecordStore.signIn(RecordStore.Source.postgres(db.appDataSource(), address,
                DataDirectory.keyFilesIn(tmp.resolve("admin-keys"))), NOW, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray())) {
            List<AuditTrail.Entry> entries = s.auditTrail(new AuditTrail.Filter(null, null,
                    RecordStore.DRAFT_CHANGED_ELSEWHERE, null, null), 50).entries();
            assertEquals(1, entries.size(), entries.toString());
            assertTrue(entries.get(0).details().endsWith("; saved-by: tablet-2; saved-by-label: Tablet 2; "
                    + "signatures: 0; outcome: set aside as " + aside), entries.get(0).details());
        }
        assertEquals(List.of(), filesIn(cache.folder()), "nothing kept on the device: the server answered");
    }

    @Test
    void aDraftLeftOnTheDeviceWhenTheWizardClosedIsRestoredAtTheNextListingHeldByNobody() throws Exception {
        ConsentSession complete = Examples.session("complete-ja");
        relay.refuse(); // a new consultation: its first save already cannot reach the server
        DeviceDrafts drafts = new DeviceDrafts(store, who, DESK);
        assertEquals(DeviceDrafts.Kept.ON_DEVICE, drafts.saving(complete.id(), null).save(complete, false).kept());
        assertEquals(1, drafts.kept().size());
        assertThrows(StoreException.class, () -> drafts.restoreAll(id -> false), "still away: nothing restored");
        assertEquals(1, drafts.kept().size(), "and nothing lost");

        relay.accept();
        List<RecordStore.FromDevice> restored = drafts.restoreAll(id -> false).restored();

        assertEquals(1, restored.size());
        assertTrue(restored.get(0).asTheDraft());
        assertEquals(List.of(), drafts.kept());
        try (Stores s = direct()) {
            DraftStore.Draft there = s.drafts().load(complete.id());
            assertEquals(complete.signatures(), there.session().signatures());
            assertEquals(null, there.hold(), "no wizard holds it: any device resumes it");
        }
        assertEquals(1, restoredEntries().size());
    }

    @Test
    void whenTheDeviceCannotKeepTheDraftEitherTheWizardIsToldWhyNamingTheFolder() throws Exception {
        Files.createDirectories(cache.folder()); // made by someone else, with the usual umask: others may read it
        Files.setPosixFilePermissions(cache.folder(), PosixFilePermissions.fromString("rwxr-xr-x"));
        ConsentSession complete = Examples.session("complete-ja");
        DeviceDrafts.Saving saving = new DeviceDrafts(store, who, DESK).saving(complete.id(), null);
        relay.refuse();

        DeviceDrafts.NotKept e = assertThrows(DeviceDrafts.NotKept.class, () -> saving.save(complete, false));

        assertTrue(e.getMessage().startsWith(cache.folder() + ": the device's draft cache may be read or entered by "
                + "other accounts of this computer (rwxr-xr-x)"), e.getMessage());
        assertEquals(List.of(), filesIn(cache.folder()), "nothing written there");
        assertFalse(saving.onDevice());
    }

    @Test
    void aDraftKeptUnderAnotherRoleOrTlsSettingIsRestoredAndBrokenFilesAndOtherStoresDraftsAreNamed()
            throws Exception {
        ConsentSession complete = Examples.session("complete-ja");
        relay.refuse();
        assertEquals(DeviceDrafts.Kept.ON_DEVICE, new DeviceDrafts(store, who, DESK).saving(complete.id(), null)
                .save(complete, false).kept());
        Path garbage = cache.folder().resolve("0123456789abcdef-0000aaaa.json");
        Files.writeString(garbage, "{garbage");
        DeviceDraftCache.Cached elsewhere = new DeviceDraftCache.Cached("postgresql://db.other.example:5432/clinic",
                Examples.session("complete-ja").withSignatures(List.of()), false, java.time.Instant.now(), null, DESK);
        cache.put(elsewhere);
        relay.accept();
        // the device's address changed: another sslmode (as a new CA file or its own login role would change it)
        PostgresLocation before = (PostgresLocation) store.location();
        PostgresLocation changed = PostgresLocation.parse(before.url().replaceAll("sslmode=[a-z-]+", "sslmode="
                + (before.sslMode() == PostgresLocation.SslMode.DISABLE ? "prefer" : "disable")), "the test",
                DeviceSettings.none(tmp.resolve("none")));
        assertFalse(changed.url().equals(before.url()), changed.url());
        StoreOpenings moved = StoreOpenings.of(changed, NOW, Map.of("PGPASSWORD", db.appPassword()),
                tmp.resolve("device-keys"), cache);

        DeviceDrafts.Restoring r = new DeviceDrafts(moved, who, DESK).restoreAll(id -> false);

        assertEquals(1, r.restored().size(), "the draft kept under the old address is restored");
        assertTrue(r.restored().get(0).asTheDraft());
        try (Stores s = direct()) {
            assertEquals(complete.signatures(), s.drafts().load(complete.id()).session().signatures());
        }
        assertEquals(List.of(garbage), r.notRead().stream().map(DeviceDraftCache.NotRead::file).toList());
        assertTrue(Files.exists(garbage), "left in place");
        assertEquals(List.of(new DeviceDraftCache.OtherStore("postgresql://db.other.example:5432/clinic", 1)),
                r.otherStores());
        assertEquals(cache.folder(), r.folder());
        assertEquals(2, filesIn(cache.folder()).size(), "the broken file and the other store's draft stay");
    }
}
