package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The document archive's contract (issue 15 §1), as the store's opening gives it: what is put is read back byte for
 * byte, a name is never put twice, a name outside the archive is refused, and the listing holds the documents. A
 * second vendor's archive runs the same checks ({@link PostgresDocumentArchiveTest}); what only the data directory's
 * folder of files has (intents, temporary files, links, FIFOs) is {@link FolderDocumentArchiveTest}'s.
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

    /** A small PDF-like content holding {@code text}. */
    static byte[] pdf(String text) {
        return ("%PDF-1.7\n" + text + "\n%%EOF\n").getBytes(StandardCharsets.UTF_8);
    }

    private void put(String name, byte[] bytes) throws Exception {
        put(stores, name, bytes);
    }

    /**
     * A write of {@code bytes} under {@code name} into the archive of {@code stores}, as the store makes it: in its
     * write lock.
     */
    static void put(Stores stores, String name, byte[] bytes) throws Exception {
        stores.transactions().beginWrite();
        try {
            stores.documents().put(name, bytes);
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
}
