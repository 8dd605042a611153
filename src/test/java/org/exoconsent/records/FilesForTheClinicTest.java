package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 §2, attack "an export written but not audited": a file for the clinic or the patient (an export of the
 * records, of the audit trail, a patient's copy, a take-home card) exists only with its audit entry. Another
 * connection holding SQLite's write lock (as a backup or a SQLite tool would) makes the write wait, then refuses it:
 * no file, no temporary file left, no entry, and a message that says so.
 */
class FilesForTheClinicTest {
    @TempDir
    Path tmp;

    private DataDirectory dir;
    private Path data;
    private Path outside;
    private ConsentSession consent;
    @org.junit.jupiter.api.extension.RegisterExtension
    final ShortBusyTimeout busyTimeout = new ShortBusyTimeout(300);

    @BeforeEach
    void aStoreWithOneRecord() throws Exception {
        data = tmp.resolve("data");
        dir = new DataDirectory(data);
        outside = Files.createDirectories(tmp.resolve("desk"));
        TestAccounts.everyone(dir, Examples.CLOCK);
        consent = Examples.session("complete-ja");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            TestAccounts.record(store, consent, Examples.template(), Examples.key(), "test");
        }
    }

    private interface Save {
        void to(RecordStore store, Path out) throws Exception;
    }

    /** Refused while another connection writes; then, the lock free, written with exactly one entry. */
    private void onlyWithItsEntry(String action, String file, Save save) throws Exception {
        Path out = outside.resolve(file);
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            long entries = count("SELECT count(*) FROM audit");
            List<Path> there;
            try (Stream<Path> files = Files.list(outside)) {
                there = files.sorted().toList();
            }
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(DataDirectory.DATABASE));
                 Statement st = other.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                BusyException e = assertThrows(BusyException.class, () -> save.to(store, out));
                st.execute("COMMIT");
                assertTrue(e.getMessage().startsWith(data + ": the data directory is busy (another program"),
                        e.getMessage());
                // refused before the file was made (a ZIP's verification first), or with the file made and removed
                assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
            }
            assertFalse(Files.exists(out), "no " + file + " without its audit entry");
            try (Stream<Path> left = Files.list(outside)) {
                assertEquals(there, left.sorted().toList(), "no temporary file left beside it");
            }
            assertEquals(entries, count("SELECT count(*) FROM audit"), "no entry either");

            save.to(store, out);
            assertTrue(Files.exists(out));
            assertEquals(1, count("SELECT count(*) FROM audit WHERE action = '" + action + "' AND details LIKE '%"
                    + out.getFileName() + "%'"), "written with its entry");
        }
    }

    @Test
    void anExportRefusedAsBusyLeavesNoFile() throws Exception {
        for (RecordStore.ExportFormat f : RecordStore.ExportFormat.values()) {
            onlyWithItsEntry("exported", "records." + f.name().toLowerCase(java.util.Locale.ROOT),
                    (store, out) -> store.export(f, RecordFilter.ALL, out, false));
        }
    }

    @Test
    void anAuditTrailExportRefusedAsBusyLeavesNoFile() throws Exception {
        onlyWithItsEntry("audit-exported", "trail.csv",
                (store, out) -> store.exportAuditTrail(AuditTrail.Filter.ALL, out, false, "ja"));
    }

    @Test
    void aPatientsCopyAndCardRefusedAsBusyLeaveNoFile() throws Exception {
        onlyWithItsEntry("patient-copy-saved", "copy.pdf",
                (store, out) -> store.savePatientCopy(consent.id(), out, false));
        onlyWithItsEntry("card-issued", "card.pdf", (store, out) -> store.saveTakeHomeCard(consent.id(), out, false));
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(DataDirectory.DATABASE));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
