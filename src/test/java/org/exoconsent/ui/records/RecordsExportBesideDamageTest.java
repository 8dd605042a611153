package org.exoconsent.ui.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.Executor;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.HostileRecords;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The records screen's word on an export beside a damaged active template version (review of issue 17): the
 * template's warning is said after what the verification found, never instead of it. Before, a template damaged on
 * purpose hid "THE RECORDS FAILED VERIFICATION" of a ZIP whose documents had been altered.
 */
class RecordsExportBesideDamageTest {
    private static final Executor NOW = Runnable::run;

    @TempDir
    Path tmp;

    /**
     * A data directory with two consents (h-1 and h-2), one signed PDF altered by a bit, the active template version's
     * {@code added_at} changed with SQL and, when {@code damagedRecordTime}, h-1's {@code recorded_at} too: an export
     * of it fails verification, warns of the template and, with the record, names a damaged value.
     */
    static DataDirectory alteredRecordsBesideADamagedTemplate(Path data, boolean damagedRecordTime) throws Exception {
        try (RecordStore store = HostileRecords.record(data)) {
            // recorded: h-1 and h-2
        }
        DataDirectory dir = new DataDirectory(data);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             Statement st = c.createStatement()) { // as with sqlite3
            st.executeUpdate("DROP TRIGGER template_version_no_update");
            st.executeUpdate("UPDATE template_version SET added_at = 'yesterday'");
            if (damagedRecordTime) {
                st.executeUpdate("DROP TRIGGER record_immutable");
                st.executeUpdate("UPDATE record SET recorded_at = 'garbage' WHERE id = 'h-1'");
            }
        }
        Path pdf;
        try (var files = Files.walk(dir.archive())) {
            pdf = files.filter(f -> f.toString().endsWith(".pdf")).findFirst().orElseThrow();
        }
        byte[] altered = Files.readAllBytes(pdf);
        altered[altered.length / 2] ^= 1;
        Files.write(pdf, altered);
        return dir;
    }

    @Test
    void aZipOfAlteredRecordsBesideADamagedTemplateSaysTheyFailedVerificationAndThenTheTemplatesWarning()
            throws Exception {
        DataDirectory dir = alteredRecordsBesideADamagedTemplate(tmp.resolve("data"), false);

        RecordsViewModel vm;
        try (RecordStore s = RecordStore.signIn(dir, Examples.CLOCK, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray(), "test")) {
            vm = new RecordsViewModel(new RecordsService(dir, Examples.CLOCK, s.principal()), NOW, NOW);
        }
        vm.search();
        vm.export(RecordStore.ExportFormat.ZIP, tmp.resolve("records.zip"));
        RecordsViewModel.Message m = vm.messageProperty().get();
        assertEquals("records.exportedThen", m.key(), m.toString());
        RecordsViewModel.Message first = (RecordsViewModel.Message) m.args().get(0);
        RecordsViewModel.Message then = (RecordsViewModel.Message) m.args().get(1);
        assertEquals("records.exportedNotIntact", first.key(), "the verification's alarm comes first: " + m);
        assertTrue(((Number) first.args().get(2)).intValue() >= 1, "its problems counted: " + m);
        assertEquals("records.exportedWithWarnings", then.key(), m.toString());
        assertTrue(then.args().get(0).toString().contains("template version exosome-therapy 1.3.0"), m.toString());
    }
}
