package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The document archive's contract (issue 15 §1), as the store's opening gives it: what is put is read back byte for
 * byte, a name is never put twice, and the listing holds the documents (not intents, not temporary files). A second
 * vendor's archive runs the same checks.
 */
class DocumentArchiveTest {
    /**
     * A fresh opening of the store of {@code dir}: SQLite's data directory here; a second vendor's subclass opens
     * its own store (a second call, a second opening of the same store).
     */
    Stores open(DataDirectory dir) throws StoreException {
        return SqliteStores.open(dir);
    }

    @TempDir
    Path tmp;

    private Stores stores;
    private DocumentArchive archive;

    @BeforeEach
    void open() throws Exception {
        stores = open(new DataDirectory(Files.createDirectories(tmp.resolve("data"))));
        archive = stores.documents();
    }

    @AfterEach
    void close() {
        stores.close();
    }

    private static byte[] pdf(String text) {
        return ("%PDF-1.7\n" + text + "\n%%EOF\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A write, as the store makes it: in its write lock. */
    private void put(String name, byte[] bytes) throws Exception {
        stores.transactions().beginWrite();
        try {
            archive.put(name, bytes);
        } finally {
            stores.transactions().commit();
        }
    }

    @Test
    void whatIsPutIsReadBackAndListed() throws Exception {
        put("2026/11/ATK-001.pdf", pdf("first"));
        put("2026/12/ATK-002.pdf", pdf("second"));
        assertArrayEquals(pdf("first"), archive.read("2026/11/ATK-001.pdf"));
        assertArrayEquals(pdf("second"), archive.read("2026/12/ATK-002.pdf"));
        assertEquals(List.of("2026/11/ATK-001.pdf", "2026/12/ATK-002.pdf"), archive.list());
    }

    @Test
    void aNameIsNeverPutTwiceAndTheFirstDocumentStays() throws Exception {
        put("2026/11/ATK-001.pdf", pdf("signed"));
        assertThrows(FileAlreadyExistsException.class, () -> put("2026/11/ATK-001.pdf", pdf("forged")));
        assertArrayEquals(pdf("signed"), archive.read("2026/11/ATK-001.pdf"), "nothing is ever replaced");
        assertEquals(List.of("2026/11/ATK-001.pdf"), archive.list());
    }

    @Test
    void aMissingDocumentIsSaidSoAndANameOutsideTheArchiveIsRefused() throws Exception {
        assertThrows(NoSuchFileException.class, () -> archive.read("2026/11/none.pdf"));
        assertThrows(IllegalArgumentException.class, () -> put("../outside.pdf", pdf("x")));
        assertThrows(IllegalArgumentException.class, () -> put("/etc/outside.pdf", pdf("x")));
        assertThrows(DocumentArchive.NotADocumentName.class, () -> archive.read("2026/../../exoconsent.db"));
        assertEquals(List.of(), archive.list());
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
