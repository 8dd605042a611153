package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exoconsent.pdf.SignatureVerifier;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.SignatureImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WithdrawalTest {
    static final String JA = "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10";

    @TempDir
    Path tmp;
    /** Where exports go: outside the data directory (issue 13 §4). */
    @TempDir
    Path out;

    private RecordStore open() throws StoreException {
        return TestAccounts.open(new DataDirectory(tmp), Examples.CLOCK, "test");
    }

    private static String status(RecordStore store, String id) throws Exception {
        try (Statement st = store.sqliteStores().connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT status FROM record WHERE id = '" + id + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aWithdrawalIsItsOwnSignedDocumentAndTheOriginalStaysUntouched() throws Exception {
        try (RecordStore store = open()) {
            RecordStore.Recorded consent = TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(),
                    Examples.key(), "ja");
            byte[] before = Files.readAllBytes(consent.pdf());
            RecordStore.Recorded w = store.withdraw(JA, LocalDate.parse("2026-11-21"), "家族と相談して、受けないことにした",
                    "受付 鈴木", SignatureImages.signature(5), Examples.key());
            assertEquals(JA + "-withdrawal", w.id());
            assertArrayEquals(before, Files.readAllBytes(consent.pdf()), "the original PDF is never modified");
            assertEquals("withdrawn", status(store, JA));
            byte[] pdf = Files.readAllBytes(w.pdf());
            assertTrue(SignatureVerifier.verify(pdf).intact());
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
                assertTrue(text.contains("同意撤回書"), text);
                assertTrue(text.contains(JA), "refers to the original");
                assertTrue(text.contains(consent.sha256()), "names the original's SHA-256");
                assertTrue(text.contains("家族と相談して、受けないことにした"), "the reason");
                assertTrue(text.contains("2026年11月21日"), "the date");
                assertTrue(text.contains("受付鈴木"), "who received it");
                assertTrue(text.contains("UC10-2611-04"), "the lot");
            }
            try (Statement st = store.sqliteStores().connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT kind, refers_to FROM record WHERE id = '" + w.id() + "'")) {
                rs.next();
                assertEquals("withdrawal", rs.getString(1));
                assertEquals(JA, rs.getString(2));
            }
            assertTrue(store.verify((d, t) -> { }).ok());
            assertEquals(1, store.count(new RecordFilter(null, null, null, null, null, "withdrawn")));
        }
    }

    @Test
    void aZipExportCarriesTheWithdrawalBesideTheConsentItWithdraws() throws Exception {
        try (RecordStore store = open()) {
            TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(), Examples.key(), "ja");
            RecordStore.Recorded w = store.withdraw(JA, LocalDate.parse("2026-11-21"), "x", "y", null,
                    Examples.key());
            Path zip = out.resolve("bundle.zip");
            store.export(RecordStore.ExportFormat.ZIP, RecordFilter.ALL, zip, false);
            java.util.Map<String, byte[]> entries = new java.util.HashMap<>();
            try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
                for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
            assertArrayEquals(Files.readAllBytes(w.pdf()), entries.get("pdf/2026/11/" + JA + "-withdrawal.pdf"));
            String sums = new String(entries.get("SHA256SUMS"), java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(sums.contains(w.sha256() + "  pdf/2026/11/" + JA + "-withdrawal.pdf"), sums);
        }
    }

    @Test
    void aWithdrawalByTelephoneNeedsNoSignature() throws Exception {
        try (RecordStore store = open()) {
            TestAccounts.record(store, Examples.session("complete-en"), Examples.template(), Examples.key(), "en");
            RecordStore.Recorded w = store.withdraw("a3e9b0c2-5d41-4f6a-8b27-91c4d0e6f538",
                    LocalDate.parse("2026-11-20"), "not given", "Reception: Sato", null, Examples.key());
            try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(w.pdf()))) {
                String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
                assertTrue(text.contains("Withdrawal of consent"), text);
                assertTrue(text.contains("No handwritten signature"), text);
            }
        }
    }

    @Test
    void aConsentIsWithdrawnOnceAndOnlyWithADateAndAReason() throws Exception {
        try (RecordStore store = open()) {
            TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(), Examples.key(), "ja");
            RefusedException bad = assertThrows(RefusedException.class, () -> store.withdraw(JA,
                    LocalDate.parse("2026-11-19"), " ", "受付", SignatureImages.dot(), Examples.key()));
            assertTrue(bad.getMessage().contains("date: 2026-11-19 is before the consent was given (2026-11-20)"),
                    bad.getMessage());
            assertTrue(bad.getMessage().contains("reason: missing"), bad.getMessage());
            assertTrue(bad.getMessage().contains("signature: the signature is too short"), bad.getMessage());
            assertEquals("active", status(store, JA));
            assertThrows(RefusedException.class, () -> store.withdraw(JA, LocalDate.parse("2026-12-24"), "x", "y",
                    null, Examples.key()));
            store.withdraw(JA, LocalDate.parse("2026-11-21"), "x", "y", null, Examples.key());
            assertThrows(ConflictException.class, () -> store.withdraw(JA, LocalDate.parse("2026-11-21"), "x", "y",
                    null, Examples.key()));
            assertThrows(RefusedException.class, () -> store.withdraw(JA + "-withdrawal",
                    LocalDate.parse("2026-11-21"), "x", "y", null, Examples.key()));
            assertThrows(RefusedException.class, () -> store.withdraw("no-such-id", LocalDate.parse("2026-11-21"),
                    "x", "y", null, Examples.key()));
        }
    }
}
