package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.testing.UpgradeChecks;
import org.exoconsent.ui.wizard.ConsultationServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staff PIN in the settings table (issue 15 §1): set and checked through the store, audited when set, never in
 * clear; an earlier release's {@code settings.properties} moved into the table once, audited, and removed — from a
 * data directory of every earlier release, and from an old backup restored.
 */
class StaffPinTest {
    @TempDir
    Path tmp;

    /** The audit entries with {@code action}, oldest first, as "actor subject details". */
    static List<String> audit(RecordStore store, String action) throws Exception {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = store.sqliteStores().connection().prepareStatement("SELECT actor, subject, details FROM audit "
                + "WHERE action = ? ORDER BY seq")) {
            ps.setString(1, action);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
        }
        return out;
    }

    /** The entries with each PIN digest written as "…" (a digest of a hash no longer stored cannot be computed). */
    private static List<String> withoutDigests(List<String> entries) {
        return entries.stream().map(e -> e.replaceAll("\"pinHashSha256\":\"[0-9a-f]{64}\"", "\"pinHashSha256\":…"))
                .toList();
    }

    private static String storedPin(RecordStore store) throws Exception {
        try (Statement st = store.sqliteStores().connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM setting WHERE key = 'staff-pin'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void thePinIsKeptAsASaltedHashInTheSettingsTableAuditedAndNeverInClear() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            assertFalse(store.hasStaffPin());
            assertFalse(store.staffPinMatches("2468"), "no PIN set: nothing unlocks");
            store.setStaffPin("2468");
            assertTrue(store.hasStaffPin());
            assertTrue(store.settings().hasStaffPin());
            assertTrue(store.staffPinMatches("2468"));
            assertFalse(store.staffPinMatches("2469"));
            assertFalse(store.staffPinMatches(""));
            String stored = storedPin(store);
            assertTrue(stored.matches("pbkdf2-sha256\\$210000\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}"), stored);
            assertFalse(stored.contains("2468"));
            for (String bad : List.of("12", "abcd", "123456789", "１２３４", "12 34")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> store.setStaffPin(bad), bad);
                assertEquals("a staff PIN has 4 to 8 digits", e.getMessage());
            }
            assertEquals(stored, storedPin(store), "a refused PIN changes nothing");
            List<String> changes = audit(store, "settings:changed");
            // the entry carries the digest of the hash it set, which records verify holds the stored hash against
            assertEquals(List.of(TestAccounts.NAME + " [physician,staff,manager,administrator] staff-pin "
                    + "{\"from\":\"none\",\"to\":\"set\",\"pinHashSha256\":\"" + AccountsAgainstTrail.digest(stored)
                    + "\"}"), changes);
            assertTrue(store.verify((d, t) -> { }).ok(), "the audit chain holds");
        }
        assertFalse(Files.exists(dir.settingsFile()), "no settings file is written any more");
        assertFalse(Settings.names().contains(Settings.STAFF_PIN), "settings show never lists it");
    }

    @Test
    void anyoneSignedInSetsTheFirstPinButOnlyAnAdministratorChangesIt() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        TestAccounts.everyone(dir, Examples.CLOCK);
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            admin.addUser("reception", EnumSet.of(Role.STAFF), null, "reception password".toCharArray());
        }
        try (RecordStore staff = RecordStore.signIn(dir, Examples.CLOCK, "reception",
                "reception password".toCharArray(), "test")) {
            staff.setStaffPin("1357"); // the home screen asks whoever signs in first
            assertTrue(staff.staffPinMatches("1357"));
            AccessDeniedException refused = assertThrows(AccessDeniedException.class, () -> staff.setStaffPin(
                    "2468"));
            assertTrue(refused.getMessage().contains("change the staff PIN"), refused.getMessage());
            assertTrue(staff.staffPinMatches("1357"), "unchanged");
        }
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            admin.setStaffPin("2468");
            assertTrue(admin.staffPinMatches("2468"));
            assertFalse(admin.staffPinMatches("1357"));
            assertEquals(List.of("reception [staff] staff-pin {\"from\":\"none\",\"to\":\"set\",\"pinHashSha256\":…}",
                    TestAccounts.NAME + " [physician,staff,manager,administrator] staff-pin "
                            + "{\"from\":\"set\",\"to\":\"set\",\"pinHashSha256\":…}"),
                    withoutDigests(audit(admin, "settings:changed")));
        }
    }

    @Test
    void everyEarlierReleasesPinMovesIntoTheDatabaseOnceAuditedAndTheFileIsRemoved() throws Exception {
        List<Path> fixtures = PreviousRelease.fixtures();
        assertTrue(fixtures.size() >= 5, fixtures.toString());
        for (Path fixture : fixtures) { // every release before 1.5.0 kept its PIN in settings.properties
            Path copy = PreviousRelease.copyTo(fixture, tmp.resolve(fixture.getFileName()));
            DataDirectory dir = new DataDirectory(copy);
            List<Integer> release = PreviousRelease.release(fixture);
            if (release.get(0) > 1 || release.get(1) >= 5) { // 1.5.0 and later keep it in the database: nothing moves
                assertFalse(Files.exists(dir.settingsFile()), fixture.toString());
                UpgradeChecks.everyAccountSignsInAndThePinIsKept(dir, Examples.CLOCK);
                try (RecordStore store = RecordStore.signIn(dir, Examples.CLOCK, "sato",
                        "staff-password-1".toCharArray(), "test")) {
                    assertEquals(List.of(), audit(store, "settings-moved"), fixture + ": nothing to move");
                }
                continue;
            }
            java.util.Properties before = new java.util.Properties();
            try (java.io.InputStream in = Files.newInputStream(dir.settingsFile())) {
                before.load(in);
            }
            UpgradeChecks.everyAccountSignsInAndThePinIsKept(dir, Examples.CLOCK); // 2468, and the file is gone
            try (RecordStore store = RecordStore.signIn(dir, Examples.CLOCK, "sato",
                    "staff-password-1".toCharArray(), "test")) {
                assertEquals(List.of("upgrade settings.properties {\"staffPin\":\"moved\",\"to\":\"setting "
                        + "staff-pin\",\"pinHashSha256\":\"" + AccountsAgainstTrail.digest(storedPin(store)) + "\"}"),
                        audit(store, "settings-moved"), fixture + ": moved once");
                assertEquals("pbkdf2-sha256$210000$" + before.getProperty("staff.pin.salt") + "$"
                        + before.getProperty("staff.pin.hash"), storedPin(store), "the same salt and hash");
            }
            // the wizard's unlock check, as the app wires it
            ConsultationServices services = new ConsultationServices(dir, Examples.CLOCK, new Principal("sato",
                    EnumSet.of(Role.STAFF), null));
            assertTrue(services.staffPinMatches(UpgradeChecks.STAFF_PIN), fixture.toString());
            assertFalse(services.staffPinMatches("8642"), fixture.toString());
        }
    }

    @Test
    void aMoveInterruptedBeforeTheFileWasRemovedKeepsTheDatabasesPin() throws Exception {
        Path copy = PreviousRelease.copyTo(PreviousRelease.V1_3_0, tmp.resolve("data"));
        DataDirectory dir = new DataDirectory(copy);
        byte[] file = Files.readAllBytes(dir.settingsFile());
        try (RecordStore store = RecordStore.signIn(dir, Examples.CLOCK, "admin", "admin-password-1".toCharArray(),
                "test")) {
            store.setStaffPin("9753"); // changed since the move
        }
        Files.write(dir.settingsFile(), file); // as if the file had not been removed after the move
        try (RecordStore store = RecordStore.signIn(dir, Examples.CLOCK, "admin", "admin-password-1".toCharArray(),
                "test")) {
            assertTrue(store.staffPinMatches("9753"), "the database's PIN is kept");
            assertFalse(store.staffPinMatches("2468"));
            // the kept entry names the digest of the PIN kept (the database's), not of the file's
            assertEquals(List.of("upgrade settings.properties {\"staffPin\":\"moved\",\"to\":\"setting staff-pin\","
                    + "\"pinHashSha256\":…}", "upgrade settings.properties {\"staffPin\":\"kept\",\"to\":\"setting "
                    + "staff-pin\",\"pinHashSha256\":\"" + AccountsAgainstTrail.digest(storedPin(store)) + "\"}"),
                    List.of(withoutDigests(audit(store, "settings-moved")).get(0),
                            audit(store, "settings-moved").get(1)));
            assertTrue(store.verify((d, t) -> { }).problems().stream().noneMatch(p -> p.contains("staff-pin")),
                    "the kept PIN verifies");
        }
        assertFalse(Files.exists(dir.settingsFile()));
    }

    @Test
    void aSettingsFileWhosePinCannotBeReadIsRefusedNamingItAndNothingIsChanged() throws Exception {
        Path copy = PreviousRelease.copyTo(PreviousRelease.V1_3_0, tmp.resolve("data"));
        DataDirectory dir = new DataDirectory(copy);
        byte[] original = Files.readAllBytes(dir.settingsFile());
        String damaged = "staff.pin.salt=h0fwquRCXOAEdj2Fx57LQg\\=\\=\nstaff.pin.hash=not*base64\n";
        Files.writeString(dir.settingsFile(), damaged);
        StoreException e = assertThrows(StoreException.class, () -> RecordStore.signIn(dir, Examples.CLOCK, "admin",
                "admin-password-1".toCharArray(), "test"));
        assertTrue(e.getMessage().startsWith(dir.settingsFile() + ": the staff PIN of an earlier release cannot be "
                + "read (staff.pin.salt or staff.pin.hash is not Base64)"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was changed"), e.getMessage());
        assertEquals(damaged, Files.readString(dir.settingsFile()), "the file is kept");
        Files.writeString(dir.settingsFile(), "staff.pin.salt=h0fwquRCXOAEdj2Fx57LQg\\=\\=\n");
        StoreException half = assertThrows(StoreException.class, () -> RecordStore.signIn(dir, Examples.CLOCK,
                "admin", "admin-password-1".toCharArray(), "test"));
        assertTrue(half.getMessage().contains("(it holds staff.pin.salt without staff.pin.hash)"), half.getMessage());
        Files.write(dir.settingsFile(), original); // repaired from a backup
        try (RecordStore store = RecordStore.signIn(dir, Examples.CLOCK, "admin", "admin-password-1".toCharArray(),
                "test")) {
            assertTrue(store.staffPinMatches(UpgradeChecks.STAFF_PIN));
            assertEquals(1, audit(store, "settings-moved").size(), "the refused openings moved nothing");
        }
    }

    @Test
    void anOldBackupHoldingTheSettingsFileRestoresWithItsPin() throws Exception {
        DataDirectory restored = new DataDirectory(tmp.resolve("restored"));
        RecordStore.restore(PreviousRelease.BACKUP_1_2_0, restored, Examples.CLOCK);
        assertTrue(Files.exists(restored.settingsFile()), "restored as the backup holds it; moved at the next "
                + "opening, after the restore's checks against the backup's own audit trail");
        try (RecordStore store = RecordStore.signIn(restored, Examples.CLOCK, "sato",
                "staff-password-1".toCharArray(), "test")) {
            assertTrue(store.staffPinMatches(UpgradeChecks.STAFF_PIN));
            assertFalse(store.staffPinMatches("1234"));
            List<String> moved = audit(store, "settings-moved");
            assertEquals(1, moved.size(), moved.toString());
            assertTrue(moved.get(0).contains("\"staffPin\":\"moved\""), moved.toString());
        }
        assertFalse(Files.exists(restored.settingsFile()));
        try (RecordStore admin = RecordStore.signIn(restored, Examples.CLOCK, "admin",
                "admin-password-1".toCharArray(), "test")) {
            assertTrue(admin.verify((d, t) -> { }).ok(), "the restored trail with the move verifies");
        }

        DataDirectory restored130 = new DataDirectory(tmp.resolve("restored-130"));
        RecordStore.restore(PreviousRelease.BACKUP_1_3_0, restored130, Examples.CLOCK, RestoreOptions.of(
                PreviousRelease.BACKUP_PASSPHRASE_1_3_0.toCharArray(), List.of()));
        try (RecordStore store = RecordStore.signIn(restored130, Examples.CLOCK, "sato",
                "staff-password-1".toCharArray(), "test")) {
            assertTrue(store.staffPinMatches(UpgradeChecks.STAFF_PIN), "the 1.3.0 backup's PIN too");
        }
        assertFalse(Files.exists(restored130.settingsFile()));
    }
}
