package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exoconsent.consent.InformedRefusal;
import org.exoconsent.consent.SessionException;
import org.exoconsent.pdf.EmbeddedFacts;
import org.exoconsent.pdf.SignatureVerifier;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.Refusals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An informed refusal is a record of its own kind (issue 16 §5): archived, indexed, audited in the same transaction,
 * verified against its signed facts, exported and recalled with its kind, and never changed.
 */
class InformedRefusalStoreTest {
    static final String JA = "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10";

    @TempDir
    Path tmp;
    @TempDir
    Path out;

    private RecordStore open() throws StoreException {
        return TestAccounts.open(new DataDirectory(tmp), Examples.CLOCK, "test");
    }

    /** Confirms the consultation's treatment as the physician did before the explanation, then records. */
    static RecordStore.Recorded record(RecordStore store, InformedRefusal r) throws Exception {
        TestAccounts.confirm(store, r.consultation());
        store.registerKeyFrom(Examples.key().certificate(), "test key",
                Examples.key().certificate().getNotBefore().toInstant());
        return store.recordRefusal(r, Examples.template(), Examples.key(), "refusal");
    }

    private static List<String> column(RecordStore store, String sql) throws SQLException {
        List<String> values = new java.util.ArrayList<>();
        try (Statement st = store.sqliteStores().connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /**
     * Recording a refusal makes two audit entries in one write (refusal-recorded and consultation-ended); the anchor
     * then goes from the head before the write to the write's own head, which is no gap (the 1.6.0 fixture's making
     * found a spurious {@code anchor-gap} here).
     */
    @Test
    void aRefusalsTwoEntriesInOneWriteAreAnchoredTogetherWithoutAGap() throws Exception {
        Path anchor = out.resolve("share/anchor.txt");
        Files.createDirectories(anchor.getParent());
        try (RecordStore store = open()) {
            store.setAnchor(anchor);
            record(store, Refusals.signed("complete-ja"));
            assertEquals(List.of(), column(store, "SELECT details FROM audit WHERE action = 'anchor-gap'"));
            List<String> lines = Files.readAllLines(anchor);
            String newest = column(store, "SELECT max(seq) FROM audit").get(0);
            assertTrue(lines.get(lines.size() - 1).contains("\"seq\":" + newest), lines.toString());
        }
    }

    @Test
    void aRefusalIsArchivedIndexedAsItsOwnKindAuditedAndVerified() throws Exception {
        try (RecordStore store = open()) {
            RecordStore.Recorded r = record(store, Refusals.signed("complete-ja"));
            assertEquals(JA + "-refusal", r.id());
            assertEquals(tmp.resolve("archive/2026/11/" + JA + "-refusal.pdf"), r.pdf());
            byte[] pdf = Files.readAllBytes(r.pdf());
            assertTrue(SignatureVerifier.verify(pdf).intact(), "signed with the clinic's key");
            assertTrue(EmbeddedFacts.read(pdf, EmbeddedFacts.REFUSAL) != null, "its facts embedded");
            assertEquals(List.of("refusal|active|null|P-000123|UC10-2611-04|1.3.0|" + r.sha256()), column(store,
                    "SELECT kind || '|' || status || '|' || ifnull(refers_to, 'null') || '|' || patient_number || '|' "
                            + "|| lot_number || '|' || template_version || '|' || pdf_sha256 FROM record"));
            List<String> audit = column(store, "SELECT action || ' ' || subject || ' ' || details FROM audit WHERE "
                    + "action = 'refusal-recorded'");
            assertEquals(1, audit.size(), audit.toString());
            assertTrue(audit.get(0).contains(r.sha256()) && audit.get(0).contains("\"patientSigned\":true"),
                    audit.get(0));
            // the consultation ends as declined in the same transaction (attack review F11)
            List<String> ended = column(store, "SELECT subject || ' ' || details FROM audit WHERE "
                    + "action = 'consultation-ended'");
            assertEquals(1, ended.size(), ended.toString());
            assertTrue(ended.get(0).startsWith(JA + " ") && ended.get(0).contains("\"reason\":\"declined\"")
                    && ended.get(0).contains("\"refusal\":\"" + r.id() + "\""), ended.get(0));
            RecordStore.Verification v = store.verify((d, t) -> { });
            assertTrue(v.ok(), v.problems().toString());
            assertEquals(1, v.records());
            assertEquals(List.of(), v.notCrossCheckable(), "a refusal always carries its facts");
        }
    }

    @Test
    void theSignedPdfSaysWhatWasExplainedAndWhoSignedInJapaneseAndEnglish() throws Exception {
        try (RecordStore store = open()) {
            String ja = text(record(store, Refusals.signed("complete-ja")).pdf()).replaceAll("\\s+", "");
            assertTrue(ja.contains("説明を受けたうえで治療を受けないことにした記録"), ja);
            assertTrue(ja.contains("説明した項目"), ja);
            assertTrue(ja.contains("1.この治療について"), "a section's title: " + ja);
            assertTrue(ja.contains("私は、上の項目について説明を受けました。"), ja);
            assertTrue(ja.contains("後日、あらためて説明を受けることも、相談することもできます。"), ja);
            assertTrue(ja.contains("UC10-2611-04"), "the lot");
            assertTrue(ja.contains("exosome-therapy第1.3.0版"), "the template version: " + ja);
            assertFalse(ja.contains("7.副作用"), "a section not explained is not listed");

            // the physician's note as the app takes it: their own password, audited refusal-not-signed
            InformedRefusal signed = Refusals.signed("complete-en");
            TestAccounts.confirm(store, signed.consultation());
            InformedRefusal.WouldNotSign kept = store.recordRefusalNote(TestAccounts.PHYSICIAN,
                    TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), signed.consultation(),
                    "The patient preferred not to sign anything today.");
            String en = text(record(store, signed.withPatientWouldNotSign(kept)).pdf());
            assertTrue(en.contains("Record of deciding not to have the treatment after the explanation"), en);
            assertTrue(en.contains("Sections explained"), en);
            assertTrue(en.contains("The patient did not sign this record. The physician recorded the following."),
                    en);
            assertTrue(en.contains("The patient preferred not to sign anything today."), en);
            assertTrue(en.contains("I explained the sections above to the patient."), en);
        }
    }

    @Test
    void aNoteThatThePatientWouldNotSignIsRecordedOnlyWithItsAuditedEntry() throws Exception {
        try (RecordStore store = open()) {
            InformedRefusal claimed = Refusals.notSignedByPatient("complete-en", "Claimed without a password.");
            SessionException e = assertThrows(SessionException.class, () -> record(store, claimed));
            assertTrue(e.getMessage().contains("patientWouldNotSign: the audit trail records no note"),
                    e.getMessage());
            InformedRefusal other = Refusals.signed("complete-en").withPatientWouldNotSign(
                    new InformedRefusal.WouldNotSign("Another physician's note.", TestAccounts.OTHER_PHYSICIAN,
                            Refusals.signed("complete-en").declinedAt().plusMinutes(1)));
            e = assertThrows(SessionException.class, () -> record(store, other));
            assertTrue(e.getMessage().contains("patientWouldNotSign.account: '" + TestAccounts.OTHER_PHYSICIAN
                    + "' is not the physician who confirmed the treatment"), e.getMessage());
            assertEquals(List.of(), store.list(RecordFilter.ALL, 0, 10), "nothing was recorded");
        }
    }

    @Test
    void anInformedRefusalHasNoTakeHomeCardAndSaysSo() throws Exception {
        try (RecordStore store = open()) {
            RecordStore.Recorded r = record(store, Refusals.signed("complete-ja"));
            RefusedException e = assertThrows(RefusedException.class, () -> store.takeHomeCard(r.id()));
            assertEquals(r.id() + ": is an informed refusal (the patient declined the treatment after the explanation);"
                    + " it has no take-home card; nothing was given", e.getMessage());
            e = assertThrows(RefusedException.class, () -> store.takeHomeCardPrinted(r.id(), "printer"));
            assertFalse(e.getMessage().contains("null"), e.getMessage());
        }
    }

    @Test
    void aRefusalIsExportedAndRecalledWithItsKindBesideTheConsents() throws Exception {
        try (RecordStore store = open()) {
            TestAccounts.record(store, Examples.session("complete-en"), Examples.template(), Examples.key(), "en");
            record(store, Refusals.signed("complete-ja"));
            Path csv = out.resolve("records.csv");
            store.export(RecordStore.ExportFormat.CSV, RecordFilter.ALL, csv, false, ExportHeaders.KEYS, (d, t) -> { },
                    () -> false);
            String text = Files.readString(csv, StandardCharsets.UTF_8);
            String header = text.lines().findFirst().orElseThrow();
            assertTrue(header.endsWith("\"priceYen\",\"kind\",\"withdrawnBy\",\"withdrawalDate\""), header);
            java.util.Map<String, String> kinds = new java.util.HashMap<>();
            org.exoconsent.testing.CsvFiles.read(Files.readAllBytes(csv)).forEach(row -> kinds.put(row.get("id"),
                    row.get("status") + " " + row.get("kind") + " withdrawn by '" + row.get("withdrawnBy") + "'"));
            assertEquals("active refusal withdrawn by ''", kinds.get(JA + "-refusal"), text);
            assertTrue(kinds.values().contains("active consent withdrawn by ''"), text);
            List<RecordRow> recalled = store.recall("UC10-2611-04", null);
            assertEquals(List.of(JA + "-refusal"), recalled.stream().map(RecordRow::id).toList());
            assertEquals("refusal", recalled.get(0).kind(), "the recall tells the refusal from a consent");
            assertEquals(2, store.count(RecordFilter.ALL));
        }
    }

    @Test
    void aRecordedRefusalCannotBeChangedWithdrawnOrRecordedAgain() throws Exception {
        try (RecordStore store = open()) {
            InformedRefusal refusal = Refusals.signed("complete-ja");
            record(store, refusal);
            SQLException edit = assertThrows(SQLException.class, () -> column(store,
                    "UPDATE record SET lot_number = 'X' WHERE kind = 'refusal' RETURNING id"));
            assertTrue(edit.getMessage().contains("a signed record cannot be changed"), edit.getMessage());
            assertThrows(SQLException.class, () -> column(store, "DELETE FROM record RETURNING id"));
            assertThrows(AlreadyRecordedException.class, () -> store.recordRefusal(refusal, Examples.template(),
                    Examples.key(), "again"));
            RefusedException withdraw = assertThrows(RefusedException.class, () -> store.withdraw(JA + "-refusal",
                    java.time.LocalDate.parse("2026-11-21"), "x", "y", null, Examples.key()));
            assertTrue(withdraw.getMessage().contains("is an informed refusal, not a consent"), withdraw.getMessage());
        }
    }

    @Test
    void aConsultationRecordedAsAConsentCannotBeDeclinedAfterwardsAndAnUnknownLotIsRefused() throws Exception {
        try (RecordStore store = open()) {
            TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(), Examples.key(), "ja");
            SessionException e = assertThrows(SessionException.class, () -> record(store,
                    Refusals.signed("complete-ja")));
            assertTrue(e.getMessage().contains("consultation.id: consultation " + JA + " is already recorded"),
                    e.getMessage());
            var json = Examples.json("complete-en");
            ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("treatment").get("lot")).put("number", "NO-LOT");
            SessionException lot = assertThrows(SessionException.class, () -> record(store,
                    Refusals.signed(Examples.session(json))));
            assertTrue(lot.getMessage().contains("lot 'NO-LOT'"), lot.getMessage());
            assertEquals(List.of("consent"), column(store, "SELECT kind FROM record"), "nothing else was written");
        }
    }

    @Test
    void aTamperedRefusalPdfOrAnEditedIndexRowIsFoundByRecordsVerify() throws Exception {
        try (RecordStore store = open()) {
            RecordStore.Recorded r = record(store, Refusals.signed("complete-ja"));
            byte[] pdf = Files.readAllBytes(r.pdf());
            pdf[pdf.length / 2] ^= 1;
            r.pdf().toFile().setWritable(true);
            Files.write(r.pdf(), pdf);
            RecordStore.Verification v = store.verify((d, t) -> { });
            assertFalse(v.ok());
            assertTrue(v.problems().stream().anyMatch(p -> p.contains(r.id())), v.problems().toString());
        }
        Path second = tmp.resolve("second");
        try (RecordStore store = TestAccounts.open(new DataDirectory(second), Examples.CLOCK, "test")) {
            RecordStore.Recorded r = record(store, Refusals.signed("complete-ja"));
            try (Statement st = store.sqliteStores().connection().createStatement()) {
                st.execute("DROP TRIGGER record_immutable");
                st.executeUpdate("UPDATE record SET patient_phone = '090-9999-9999' WHERE id = '" + r.id() + "'");
            }
            RecordStore.Verification v = store.verify((d, t) -> { });
            assertTrue(v.problems().stream().anyMatch(p -> p.contains(r.id()) && p.contains("patient_phone")
                    && p.contains("090-9999-9999")), v.problems().toString());
        }
    }

    private static String text(Path pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(pdf))) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ").trim();
        }
    }
}
