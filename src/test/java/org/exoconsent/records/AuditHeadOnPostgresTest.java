package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared store's {@code audit_head} row set back with SQL to an older entry by someone holding a device's
 * password (attack review of issue 17, F9; refused to the devices' role since schema 20, still possible to the owner): the following writes never move it on silently (the head is written only
 * while it agrees with the trail), so {@code records verify} keeps naming it until an administrator accepts the trail
 * as it is ({@code records accept-head}, audited). On the real server.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class AuditHeadOnPostgresTest {
    @TempDir
    Path device;

    private final PostgresContract postgres = new PostgresContract();

    private static long[] head(ClinicDatabase db) throws Exception {
        try (Connection app = db.appConnection(); Statement st = app.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, (SELECT max(seq) FROM audit) FROM audit_head")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    @Test
    void aHeadRowSetBackStaysReportedAfterTheNextWritesUntilAnAdministratorAcceptsTheTrail() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(device.resolve("keys"));
        Clock clock = Clock.systemUTC(); // the server's clock is the authority (issue 17 §2)
        AccountsAgainstTrailTest.aClinicsDay(postgres::open, place, keys, clock);
        long[] before = head(db);
        assertEquals(before[1], before[0], "the head names the newest entry");

        long back = before[0] - 3;
        String setBack = "UPDATE audit_head SET seq = a.seq, hash = a.hash FROM audit a WHERE a.seq = " + back;
        try (Connection app = db.appConnection(); Statement st = app.createStatement()) {
            // a device's role could, until schema 20: the head moves only forward now
            java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> st.executeUpdate(setBack));
            assertEquals("42501", refused.getSQLState(), refused.getMessage());
            assertTrue(refused.getMessage().contains("the chain's head moves only forward"), refused.getMessage());
        }
        try (Connection owner = db.ownerConnection(); Statement st = owner.createStatement()) {
            assertEquals(1, st.executeUpdate(setBack)); // as the database's owner still could
        }
        String problem = "audit log: the head row audit_head of " + place + " records entry " + back + ", but the "
                + "trail goes on to entry ";
        for (int i = 1; i <= 2; i++) { // two audited writes after it
            try (RecordStore admin = signIn(place, keys, clock)) {
                admin.setPassword(AccountsAgainstTrailTest.SATO, ("staff password 3" + i).toCharArray());
            }
        }
        long[] after = head(db);
        assertEquals(back, after[0], "the writes did not move the set-back head on");
        assertTrue(after[1] > before[1], "the writes were recorded: " + after[1]);
        try (RecordStore admin = signIn(place, keys, clock)) {
            List<String> p = admin.verify((done, total) -> { }).problems();
            assertTrue(p.stream().anyMatch(s -> s.startsWith(problem + after[1])), p.toString());
            admin.acceptHead("the head row was set back with SQL on 2026-12-01; trail checked");
        }
        try (RecordStore admin = signIn(place, keys, clock)) {
            List<String> p = admin.verify((done, total) -> { }).problems();
            assertTrue(p.stream().noneMatch(s -> s.startsWith("audit log: the head row")), p.toString());
        }
        long[] accepted = head(db);
        assertEquals(accepted[1], accepted[0], "accepted: the head names the newest entry, the acceptance's own");
    }

    private RecordStore signIn(String place, KeyFiles keys, Clock clock) throws Exception {
        return RecordStore.signIn(new RecordStore.Source(postgres.open(), place, keys), clock, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray());
    }
}
