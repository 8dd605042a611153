package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack review of issue 17 on the shared store: the application role, whose password every device keeps, inserted
 * (with a staff member's own signed-in session, without which the server refuses it since schema 20) into
 * {@code document} a row no record points to; since schema 23 the server refuses a device that too (a document only
 * with its record and entry: {@code WritesBySessionOnPostgresTest}), and such rows come only from the database's
 * owner (or a store of before): here the owner puts in one, under a hostile name (a newline forging a line, an escape
 * sequence, 2,000 characters) and another, well named, whose body is over the archive's 256 MiB limit. {@code records
 * verify} and a ZIP export name both safely (quoted, escaped, cut at 120 characters), count them as problems, leave
 * them out of the ZIP and never load the huge body (before: verify failed on the name, or read the body).
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class OrphanDocumentsOnPostgresTest {
    @TempDir
    Path device;

    private final PostgresContract postgres = new PostgresContract();

    @Test
    void hostileOrphanDocumentsAreNamedSafelyCountedAndLeftOutOfTheZipWithoutReadingTheirBodies() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(device.resolve("keys"));
        Clock clock = Clock.systemUTC(); // the server's clock is the authority (issue 17 §2)
        AccountsAgainstTrailTest.aClinicsDay(postgres::open, place, keys, clock);

        String hostile = "2026/11/EVIL\n PROBLEM: none \u001b[31m" + "x".repeat(2000) + ".pdf";
        try (Connection app = db.ownerConnection()) { // a device's session is refused a lone document (schema 23)
            try (PreparedStatement ps = app.prepareStatement("INSERT INTO document (name, content, sha256, size, "
                    + "stored_at) VALUES (?, ?, ?, ?, '2026-11-20T01:00:00Z')")) {
                byte[] body = "%PDF-1.7 put here by hand".getBytes(StandardCharsets.US_ASCII);
                ps.setString(1, hostile);
                ps.setBytes(2, body);
                ps.setString(3, RecordStore.sha256(body));
                ps.setLong(4, body.length);
                ps.executeUpdate();
                // named like a folder archive's partial write, which PostgreSQL never has: put in with SQL, so an
                // orphan like any other (review of issue 17: it was listed but not counted, exit 0)
                ps.setString(1, "2026/11/.incoming-1.tmp");
                ps.executeUpdate();
            }
            try (Statement st = app.createStatement()) { // built by the server: the test never holds it
                st.executeUpdate("INSERT INTO document (name, content, sha256, size, stored_at) SELECT "
                        + "'2026/11/HUGE.pdf', c, repeat('0', 64), octet_length(c), '2026-11-20T01:00:00Z' FROM "
                        + "(SELECT convert_to(repeat('x', " + (DocumentArchive.MAX_DOCUMENT_BYTES + 1) + "), 'UTF8') "
                        + "AS c) s");
            }
        }
        String where = " in " + place + " (table document)";
        String shown = "'2026/11/EVIL\\u000A PROBLEM: none \\u001B[31m";

        try (RecordStore manager = RecordStore.signIn(new RecordStore.Source(postgres.open(), place, keys), clock,
                AccountsAgainstTrailTest.SATO, AccountsAgainstTrailTest.SATO_PASSWORD.toCharArray())) {
            RecordStore.Verification v = manager.verify((d, t) -> { });
            assertEquals(3, v.orphans().size(), v.orphans().toString());
            assertTrue(v.orphans().contains("'2026/11/HUGE.pdf'" + where), v.orphans().toString());
            String evil = v.orphans().stream().filter(o -> o.startsWith(shown)).findFirst().orElseThrow();
            assertTrue(evil.endsWith("x…'" + where), evil);
            assertTrue(evil.length() < 300, evil);
            assertTrue(v.problems().stream().anyMatch(p -> p.startsWith("document '2026/11/.incoming-1.tmp'" + where
                    + ": this file is in the archive but no record points to it")), v.problems().toString());
            assertFalse(v.ok());
            assertTrue(v.problems().contains("document '2026/11/HUGE.pdf'" + where + ": this file is in the archive "
                    + "but no record points to it, and no interrupted recording left it (no intent marker): a "
                    + "record's index row was lost or removed (the database rolled back?), or the file was put there "
                    + "by hand"), v.problems().toString());
            assertTrue(v.problems().stream().anyMatch(p -> p.startsWith("document " + shown)), v.problems().toString());

            Path zip = device.resolve("export.zip");
            RecordStore.Exported e = manager.export(RecordStore.ExportFormat.ZIP, RecordFilter.ALL, zip, false);
            assertTrue(e.failedVerification());
            List<String> names = new ArrayList<>();
            String readme = null;
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip), StandardCharsets.UTF_8)) {
                for (ZipEntry z; (z = in.getNextEntry()) != null; ) {
                    names.add(z.getName());
                    if (z.getName().equals("README.txt")) {
                        readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
            assertFalse(names.stream().anyMatch(n -> n.startsWith("pdf/")), "no document: " + names);
            assertTrue(readme.contains("PROBLEM: document " + shown), readme);
            assertFalse(readme.contains("\u001b") || readme.contains("x".repeat(130)), readme);
        }
    }
}
