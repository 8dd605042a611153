package org.exoconsent.records;

import static org.exoconsent.records.DocumentArchiveTest.pdf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the data directory's archive has, a folder of files beside the contract all archives keep
 * ({@link DocumentArchiveTest}): a recording's intent file, a temporary file of a write killed midway, and what stands
 * in for a document under its name (a symbolic link, a FIFO, a folder, an oversized file). On the shared store a
 * document commits with its record in one transaction and none of these can exist
 * ({@link PostgresDocumentArchiveTest#aDocumentIsPartOfItsCallersTransactionAndARollbackLeavesNothing}).
 */
class FolderDocumentArchiveTest {
    @TempDir
    Path tmp;

    private Stores stores;
    private DocumentArchive archive;

    @BeforeEach
    void open() throws Exception {
        stores = SqliteStores.open(new DataDirectory(Files.createDirectories(tmp.resolve("data"))));
        archive = stores.documents();
    }

    @AfterEach
    void close() {
        stores.close();
    }

    private void put(String name, byte[] bytes) throws Exception {
        DocumentArchiveTest.put(stores, name, bytes);
    }

    @Test
    void intentsAreKeptUntilDoneAndAreNotDocuments() throws Exception {
        assertFalse(archive.anyIntent());
        archive.intend("ATK-003", "2026/11/ATK-003.pdf");
        assertTrue(archive.anyIntent());
        assertEquals(Map.of("ATK-003", "2026/11/ATK-003.pdf"), archive.intents());
        put("2026/11/ATK-003.pdf", pdf("an interrupted attempt"));
        put("2026/11/ATK-003-2.pdf", pdf("the attempt that was recorded"));
        put("2026/11/ATK-0031.pdf", pdf("another document"));
        assertEquals(List.of("2026/11/ATK-003-2.pdf", "2026/11/ATK-003.pdf"), archive.attempts("2026/11/ATK-003.pdf"),
                "the name and its numbered alternatives, not another document's");
        assertEquals(List.of("2026/11/ATK-003-2.pdf", "2026/11/ATK-003.pdf", "2026/11/ATK-0031.pdf"),
                archive.list(), "an intent is not a document");
        archive.done("ATK-003");
        assertFalse(archive.anyIntent());
        assertEquals(Map.of(), archive.intents());
        archive.done("ATK-003"); // none left: no error
    }

    @Test
    void aWriteKilledMidwayLeavesATemporaryFileThatIsNoDocument() throws Exception {
        put("2026/11/ATK-004.pdf", pdf("kept"));
        Path partial = archive.file("2026/11/ATK-004.pdf").resolveSibling(".incoming-123.tmp");
        Files.write(partial, pdf("half"));
        assertEquals(List.of("2026/11/.incoming-123.tmp"), archive.temporaries());
        assertEquals(List.of("2026/11/ATK-004.pdf"), archive.list());
        archive.remove("2026/11/.incoming-123.tmp");
        assertEquals(List.of(), archive.temporaries());
        assertThrows(IllegalArgumentException.class, () -> archive.remove("2026/11/ATK-004.pdf"),
                "a document is never removed");
        assertArrayEquals(pdf("kept"), archive.read("2026/11/ATK-004.pdf"));
    }

    @Test
    void theFolderArchiveRefusesALinkStandingInForADocument() throws Exception {
        Path elsewhere = Files.write(tmp.resolve("elsewhere.pdf"), pdf("not the clinic's"));
        put("2026/11/ATK-005.pdf", pdf("real"));
        Path link = archive.file("2026/11/ATK-005.pdf").resolveSibling("ATK-006.pdf");
        Files.createSymbolicLink(link, elsewhere);
        DocumentArchive.NotTheDocument e = assertThrows(DocumentArchive.NotTheDocument.class,
                () -> archive.read("2026/11/ATK-006.pdf"));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    /**
     * What stands in for a document under its name without being one is refused before it is opened (attack review
     * of issue 15): a FIFO (its reading would block records verify and a backup for ever), a folder, a file larger
     * than a signed PDF may be (read whole it took the heap: "OutOfMemoryError").
     */
    @Test
    @org.exoconsent.testing.ProcessTest // mkfifo
    void aFifoAFolderOrAnOversizedFileUnderADocumentsNameIsRefusedWithoutReadingIt() throws Exception {
        Path month = Files.createDirectories(tmp.resolve("data").resolve(DataDirectory.ARCHIVE).resolve("2026/11"));
        Path fifo = month.resolve("FIFO-001.pdf");
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        Files.createDirectory(month.resolve("DIR-001.pdf"));
        try (java.io.RandomAccessFile big = new java.io.RandomAccessFile(month.resolve("BIG-001.pdf").toFile(), "rw")) {
            big.setLength(DocumentArchive.MAX_DOCUMENT_BYTES + 1); // sparse: nothing is written
        }
        java.util.concurrent.ExecutorService reading = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            for (String name : List.of("2026/11/FIFO-001.pdf", "2026/11/DIR-001.pdf", "2026/11/BIG-001.pdf")) {
                java.util.concurrent.Future<Exception> refused = reading.submit(() -> assertThrows(
                        DocumentArchive.NotTheDocument.class, () -> archive.read(name)));
                Exception e = refused.get(20, java.util.concurrent.TimeUnit.SECONDS); // never blocks
                assertTrue(e.getMessage().contains(name.contains("BIG") ? "more than the 256 MiB"
                        : "is not a regular file"), name + ": " + e.getMessage());
            }
        } finally {
            reading.shutdownNow();
            Files.deleteIfExists(fifo);
        }
    }
}
