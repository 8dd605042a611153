package org.exoconsent.records;

import org.exoconsent.testing.ProcessTest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The document archive's contract ({@link DocumentArchiveTest}) on the PostgreSQL store (issue 17 §2, §5): the signed
 * PDFs in the database's {@code document} table, on a fresh database of the tests' real server, opened as its owner.
 * A folder's files (intents, temporary files, links, FIFOs: {@link FolderDocumentArchiveTest}) do not exist here;
 * instead, a document is part of its caller's transaction, and what a rollback undid is not there.
 */
@ProcessTest // a real PostgreSQL server: the slow lane
class PostgresDocumentArchiveTest extends DocumentArchiveTest {
    private final PostgresContract postgres = new PostgresContract();

    @Override
    Stores open(DataDirectory dir) throws StoreException {
        // as the owner, as store migrate and restore put documents in: since schema 23 a device's session adds a
        // document only with the record or correction naming it, and that only with its audit entry
        // (WritesBySessionOnPostgresTest), which this contract of the archive alone does not write
        return postgres.openAsOwner();
    }

    @Test
    void aDocumentIsPartOfItsCallersTransactionAndARollbackLeavesNothing() throws Exception {
        try (Stores stores = open(null); Stores other = open(null)) {
            DocumentArchive archive = stores.documents();
            stores.transactions().beginWrite();
            archive.put("2026/11/PG-001.pdf", pdf("interrupted"));
            assertThrows(NoSuchFileException.class, () -> other.documents().read("2026/11/PG-001.pdf"),
                    "another device sees nothing before the commit");
            stores.transactions().rollback();
            assertThrows(NoSuchFileException.class, () -> archive.read("2026/11/PG-001.pdf"));
            assertEquals(List.of(), archive.list());
            assertFalse(archive.anyIntent(), "an interrupted recording leaves no intent to look after");
            assertEquals(Map.of(), archive.intents());
            assertEquals(List.of(), archive.temporaries());

            stores.transactions().beginWrite();
            archive.put("2026/11/PG-001.pdf", pdf("recorded"));
            stores.transactions().commit();
            assertArrayEquals(pdf("recorded"), other.documents().read("2026/11/PG-001.pdf"), "another device reads it");
            assertEquals(List.of("2026/11/PG-001.pdf"), other.documents().attempts("2026/11/PG-001.pdf"));
            assertTrue(other.documents().location().contains("table document"), other.documents().location());
        }
    }

    @Test
    void aNameTakenDoesNotAbortTheCallersTransactionAndNothingIsReplaced() throws Exception {
        try (Stores stores = open(null)) {
            DocumentArchive archive = stores.documents();
            stores.transactions().beginWrite();
            archive.put("2026/11/PG-002.pdf", pdf("signed"));
            assertThrows(java.nio.file.FileAlreadyExistsException.class,
                    () -> archive.put("2026/11/PG-002.pdf", pdf("forged")));
            archive.put("2026/11/PG-002-2.pdf", pdf("the next name")); // the recording goes on in its transaction
            stores.transactions().commit();
            assertArrayEquals(pdf("signed"), archive.read("2026/11/PG-002.pdf"));
            assertEquals(List.of("2026/11/PG-002-2.pdf", "2026/11/PG-002.pdf"),
                    archive.attempts("2026/11/PG-002.pdf"));
            assertThrows(IllegalArgumentException.class, () -> archive.remove("2026/11/PG-002.pdf"),
                    "a document is never removed");
        }
    }

    @Test
    void aCopyForTheViewerIsTheDocumentInAFileOnlyItsOwnerReads() throws Exception {
        try (Stores stores = open(null)) {
            stores.transactions().beginWrite();
            stores.documents().put("2026/11/PG-003.pdf", pdf("to print"));
            stores.transactions().commit();
            Path copy = stores.documents().file("2026/11/PG-003.pdf");
            try {
                assertArrayEquals(pdf("to print"), Files.readAllBytes(copy));
                assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                        Files.getPosixFilePermissions(copy));
            } finally {
                Files.deleteIfExists(copy);
            }
        }
    }
}
