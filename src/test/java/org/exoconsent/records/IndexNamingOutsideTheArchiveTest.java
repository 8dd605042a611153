package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Statement;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index row changed with {@code sqlite3} so that its PDF path climbs out of the archive (to the database or a
 * key): the document archive never reads a file outside itself, so records verify names the record, and neither the
 * patient's copy nor the file to open gives that file.
 */
class IndexNamingOutsideTheArchiveTest {
    @TempDir
    Path tmp;

    @Test
    void aRecordWhosePathClimbsOutOfTheArchiveIsNamedAndNothingOutsideIsRead() throws Exception {
        try (RecordStore store = TestAccounts.open(new DataDirectory(tmp.resolve("data")), Examples.CLOCK, "test")) {
            RecordStore.Recorded r = TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(),
                    Examples.key(), "ja");
            // the attack: outside the product
            try (Statement st = store.sqliteStores().connection().createStatement()) {
                st.executeUpdate("DROP TRIGGER record_immutable");
                st.executeUpdate("UPDATE record SET pdf_path = '../exoconsent.db' WHERE id = '" + r.id() + "'");
            }
            RecordStore.Verification v = store.verify((done, total) -> { });
            assertTrue(v.problems().stream().anyMatch(p -> p.startsWith("record " + r.id() + ": the index names "
                    + "'../exoconsent.db' as its PDF, which is no document of the archive")), v.problems().toString());
            assertFalse(v.problems().stream().anyMatch(p -> p.contains("verify failed")), v.problems().toString());

            StoreException copy = assertThrows(StoreException.class, () -> store.patientCopy(r.id()));
            assertTrue(copy.getMessage().contains("no document of the archive"), copy.getMessage());
            StoreException open = assertThrows(StoreException.class, () -> store.pdf(r.id()));
            assertTrue(open.getMessage().contains("nothing was read"), open.getMessage());
            assertEquals(1, v.orphans().size(), "the PDF no row points to any longer: " + v.orphans());
        }
    }

    /**
     * The same attack with a name inside the archive that is no document's (the record's own name with {@code .x}
     * added): named by records verify, and the patient's copy is refused with words, never an exception's trace.
     */
    @Test
    void aRecordWhosePathNamesNoDocumentOfTheArchiveIsNamedAndNoCopyIsGiven() throws Exception {
        try (RecordStore store = TestAccounts.open(new DataDirectory(tmp.resolve("data")), Examples.CLOCK, "test")) {
            RecordStore.Recorded r = TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(),
                    Examples.key(), "ja");
            try (Statement st = store.sqliteStores().connection().createStatement()) {
                st.executeUpdate("DROP TRIGGER record_immutable");
                st.executeUpdate("UPDATE record SET pdf_path = pdf_path || '.x' WHERE id = '" + r.id() + "'");
            }
            RecordStore.Verification v = store.verify((done, total) -> { });
            assertTrue(v.problems().stream().anyMatch(p -> p.startsWith("record " + r.id() + " (")
                    && p.contains(".pdf.x' as its PDF, which is no document of the archive")), v.problems().toString());
            StoreException copy = assertThrows(StoreException.class, () -> store.patientCopy(r.id()));
            assertTrue(copy.getMessage().contains("no document of the archive"), copy.getMessage());
        }
    }
}
