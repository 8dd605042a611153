package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.exoconsent.testing.XlsxSheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link org.exoconsent.cli.ExportBesideDamageCliTest} on the shared store: the application role, whose password every
 * device keeps, inserts a template version whose row cannot be read (its {@code added_at} no instant) and makes it
 * the active one. An export is written all the same, the damage named in {@link RecordStore.Exported#warnings}, on the
 * Excel file's About sheet and at the top of a ZIP's README.txt (before: the export was refused).
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class ExportBesideDamageOnPostgresTest {
    @TempDir
    Path device;

    private final PostgresContract postgres = new PostgresContract();

    @Test
    void anExportBesideADamagedActiveTemplateVersionIsWrittenAndWarns() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(device.resolve("keys"));
        Clock clock = Clock.systemUTC(); // the server's clock is the authority (issue 17 §2)
        AccountsAgainstTrailTest.aClinicsDay(postgres::open, place, keys, clock);
        // by the owner: the devices' role needs an administrator's session for it since schema 20
        try (Connection app = db.ownerConnection(); Statement st = app.createStatement()) {
            st.executeUpdate("INSERT INTO template_version (template_id, version, sha256, effective_date, languages, "
                    + "source, added_at, added_by) VALUES ('exosome-therapy', '9.9.9', repeat('0', 64), '2026-01-01', "
                    + "'ja', 'imported', 'yesterday', 'admin')");
            st.executeUpdate("UPDATE template_active SET version = '9.9.9' WHERE template_id = 'exosome-therapy'");
        }
        String warning = "the active version of template 'exosome-therapy' cannot be read, so the purposes are written "
                + "as their codes, not its names: ";

        try (RecordStore manager = RecordStore.signIn(new RecordStore.Source(postgres.open(), place, keys), clock,
                AccountsAgainstTrailTest.SATO, AccountsAgainstTrailTest.SATO_PASSWORD.toCharArray())) {
            Path xlsx = device.resolve("records.xlsx");
            RecordStore.Exported e = manager.export(RecordStore.ExportFormat.XLSX, RecordFilter.ALL, xlsx, false);
            assertTrue(Files.exists(xlsx));
            assertEquals(1, e.warnings().size(), e.warnings().toString());
            assertTrue(e.warnings().get(0).startsWith(warning) && e.warnings().get(0).contains("9.9.9"),
                    e.warnings().get(0));
            String about = XlsxSheet.read(xlsx, 2).cells.values().stream().map(XlsxSheet.Cell::text).toList()
                    .toString();
            assertTrue(about.contains("警告") && about.contains(warning), about);

            Path zip = device.resolve("records.zip");
            RecordStore.Exported z = manager.export(RecordStore.ExportFormat.ZIP, RecordFilter.ALL, zip, false);
            assertEquals(e.warnings(), z.warnings());
            String readme = null;
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip), StandardCharsets.UTF_8)) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    if (entry.getName().equals("README.txt")) {
                        readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
            assertTrue(readme.startsWith("WARNING: " + warning), readme);
        }
    }
}
