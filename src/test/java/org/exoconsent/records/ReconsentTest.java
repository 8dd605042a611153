package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exoconsent.consent.SessionException;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconsentTest {
    static final String FIRST = "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10";

    @TempDir
    Path tmp;

    private static ObjectNode renewal(String previous) {
        ObjectNode json = Examples.json("complete-ja");
        json.put("id", "renewal-1");
        json.put("previousConsent", previous);
        return json;
    }

    @Test
    void aReconsentLinksToTheEarlierRecordAndSaysSoOnItsFirstPage() throws Exception {
        try (RecordStore store = TestAccounts.open(new DataDirectory(tmp), Examples.CLOCK, "t")) {
            TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(), Examples.key(), "first");
            RecordStore.Recorded r = TestAccounts.record(store, Examples.session(renewal(FIRST)), Examples.template(),
                    Examples.key(), "renewal");
            try (Statement st = store.sqliteStores().connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT refers_to, status FROM record WHERE id = 'renewal-1'")) {
                rs.next();
                assertEquals(FIRST, rs.getString(1));
                assertEquals("active", rs.getString(2));
            }
            try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(r.pdf()))) {
                PDFTextStripper first = new PDFTextStripper();
                first.setEndPage(1);
                assertTrue(first.getText(doc).contains("前回の同意書: " + FIRST));
            }
            try (Statement st = store.sqliteStores().connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT details FROM audit WHERE subject = 'renewal-1' AND action = "
                         + "'created'")) {
                rs.next();
                assertTrue(rs.getString(1).contains("\"renews\":\"" + FIRST + "\""), rs.getString(1));
            }
        }
    }

    @Test
    void aReconsentMustRenewAConsentOfTheSamePatient() throws Exception {
        try (RecordStore store = TestAccounts.open(new DataDirectory(tmp), Examples.CLOCK, "t")) {
            TestAccounts.record(store, Examples.session("complete-en"), Examples.template(), Examples.key(), "other patient");
            SessionException unknown = assertThrows(SessionException.class, () -> TestAccounts.record(store, 
                    Examples.session(renewal("no-such")), Examples.template(), Examples.key(), "r"));
            assertTrue(unknown.getMessage().contains("previousConsent: 'no-such' is not a recorded consent"),
                    unknown.getMessage());
            SessionException other = assertThrows(SessionException.class, () -> TestAccounts.record(store, 
                    Examples.session(renewal("a3e9b0c2-5d41-4f6a-8b27-91c4d0e6f538")), Examples.template(),
                    Examples.key(), "r"));
            assertTrue(other.getMessage().contains("previousConsent: 'a3e9b0c2-5d41-4f6a-8b27-91c4d0e6f538' is not a "
                    + "recorded consent of patient P-000123 (the patient of this session)"), other.getMessage());
            assertFalse(other.getMessage().contains("P-000456"), "another patient's number is never told: "
                    + other.getMessage());
            assertEquals(1, store.count());
        }
    }
}
