package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record store on the shared PostgreSQL store of a real server (issue 17 §2, §3, §5), as the clinic's application
 * role: the same whole life of a consent as on SQLite ({@link RecordStoreOnStoresTest}), each step on a new opening
 * (another device), and what the shared store alone keeps checked in its tables: the signed PDFs in {@code document},
 * the template version's files in {@code template_file}, the chain's head in {@code audit_head}, and nothing of the
 * clinic on the device but its own signing key.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class RecordStoreOnPostgresTest {
    @TempDir
    Path device;

    private final PostgresContract postgres = new PostgresContract();

    @Test
    void aSignedConsultationFromFirstRunToVerificationOnPostgresql() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(device.resolve("keys"));
        // this device's clock is the computer's: the server's clock is the authority, and a device more than two minutes
        // off it may not record (issue 17 §2; ServerClockOnPostgresTest)
        RecordStoreOnStoresTest.aSignedConsultationFromFirstRunToVerification(postgres::open, postgres::openAsOwner,
                place, keys,
                java.time.Clock.systemUTC());

        try (Connection app = db.appConnection(); Statement st = app.createStatement()) {
            assertEquals("2 2", one(st, "SELECT (SELECT count(*) FROM document) || ' ' || (SELECT count(*) FROM "
                    + "record)"), "the consent's and the withdrawal's signed PDFs are in the database");
            assertTrue(Integer.parseInt(one(st, "SELECT count(*) FROM template_file")) >= 2,
                    "the bundled template version's files are in the database");
            assertEquals(one(st, "SELECT seq || ' ' || hash FROM audit ORDER BY seq DESC LIMIT 1"),
                    one(st, "SELECT seq || ' ' || hash FROM audit_head"), "the head row names the newest entry");
        }
        try (java.util.stream.Stream<Path> onDevice = java.nio.file.Files.walk(device)) {
            assertEquals(java.util.List.of("keys/clinic-signing.p12", "keys/clinic-signing.p12.password"),
                    onDevice.filter(java.nio.file.Files::isRegularFile).map(f -> device.relativize(f).toString())
                            .sorted().toList(), "nothing of the clinic on the device but its own key");
        }
    }

    private static String one(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
