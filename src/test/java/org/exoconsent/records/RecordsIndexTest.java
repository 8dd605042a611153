package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.Correction;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link RecordsIndex} that every database vendor's store keeps (issue 15 §1): what is indexed is
 * found by a filter, counted, listed newest first and recalled by its lot however the lot is written; a lot typed
 * wrong finds its nearest lots; a signed correction's newest value is what lists show, the consent's own row kept;
 * a withdrawal marks its consent; an id is taken once, whatever its letter case; and a read transaction sees one
 * moment while another opening records. On a fresh data directory, without signing in.
 */
class RecordsIndexTest {
    /**
     * A fresh opening of the store of {@code dir}: SQLite's data directory here; a second vendor's subclass opens
     * its own store (a second call, a second opening of the same store).
     */
    Stores open(DataDirectory dir) throws StoreException {
        return SqliteStores.open(dir);
    }

    private static final String PDF_SHA = "ab".repeat(32);

    @TempDir
    Path tmp;
    private DataDirectory dir;
    private Stores stores;
    private RecordsIndex index;

    /** A fresh data directory whose index holds {@link #threeConsents}. */
    @BeforeEach
    void fresh() throws Exception {
        dir = new DataDirectory(Files.createDirectories(tmp.resolve("data")));
        stores = open(dir);
        index = stores.recordsIndex();
        threeConsents(index);
    }

    @AfterEach
    void close() {
        stores.close();
    }

    /** A consent of the Japanese example with its own id, patient, lot (as typed) and consultation time. */
    private static ConsentSession session(String id, String patient, String lot, String startedAt) {
        ObjectNode json = Examples.json("complete-ja");
        json.put("id", id);
        json.put("startedAt", startedAt);
        ((ObjectNode) json.get("patient")).put("patientNumber", patient);
        ((ObjectNode) json.get("treatment").get("lot")).put("number", lot);
        return Examples.session(json);
    }

    private static void index(RecordsIndex index, ConsentSession s) throws SQLException {
        index.insertConsent(RecordsIndex.NewConsent.of(s, Examples.template(), s.physician().name(),
                Instant.parse("2026-11-21T03:00:00Z"), Examples.CLINIC_CLOCK, "2026/11/" + s.id() + ".pdf", PDF_SHA,
                1234, RecordStore.snapshot(s)));
    }

    /** Three consents: two of lot UC10-2611-04 (one typed in full-width capitals), one of UC10-2612-19 (3 edits away). */
    private static void threeConsents(RecordsIndex index) throws SQLException {
        index(index, session("C-1", "P-000001", "UC10-2611-04", "2026-10-05T10:00:00+09:00"));
        index(index, session("C-2", "P-000002", "ＵＣ１０－２６１１－０４", "2026-11-20T10:00:00+09:00"));
        index(index, session("C-3", "P-000003", "UC10-2612-19", "2026-11-10T09:00:00+09:00"));
    }

    @Test
    void indexedConsentsAreFoundByTheirFilterCountedAndListedNewestFirst() throws Exception {
        assertEquals(3, index.count(RecordFilter.ALL, null));
        assertEquals(List.of("C-2", "C-3", "C-1"), ids(index.list(RecordFilter.ALL, null,
                Examples.CLINIC_CLOCK, 0, 10)), "newest consultation first");
        assertEquals(List.of("C-3"), ids(index.list(RecordFilter.ALL, null, Examples.CLINIC_CLOCK, 1, 1)),
                "a page: offset 1, one row");
        RecordFilter november = new RecordFilter(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-20"),
                null, null, null, null);
        assertEquals(2, index.count(november, null), "both ends of the days included");
        assertEquals(List.of("C-2", "C-3"), ids(index.list(november, null, Examples.CLINIC_CLOCK, 0, 10)));
        assertEquals(2, index.count(new RecordFilter(null, null, null, null, "uc10-2611-04", null), null),
                "the lot however it is written");
        assertEquals(0, index.count(RecordFilter.ALL, "999999"), "another physician's licence sees none");
        assertEquals(3, index.count(RecordFilter.ALL, "123456"));

        RecordRow row = index.list(new RecordFilter(null, null, null, null, "UC10-2612-19", null), null,
                Examples.CLINIC_CLOCK, 0, 10).get(0);
        assertEquals("P-000003", row.patientNumber());
        assertEquals("2026-11-10T09:00:00+09:00", row.consultationAt());
        assertEquals("2026-11-21T12:00:00+09:00", row.recordedAt(), "shown in the clinic's zone");
        assertEquals("active", row.status());
        assertEquals("2026/11/C-3.pdf", row.pdfPath());
        assertEquals(1234, row.pdfSize());
        assertNull(row.correctedBy());

        RecordsIndex.Indexed found = index.find("C-1");
        assertEquals("consent", found.kind());
        assertEquals("P-000001", found.patientNumber());
        assertEquals(PDF_SHA, found.pdfSha256());
        assertTrue(found.snapshot().contains("\"C-1\""), "the signed session is kept");
        assertNull(index.find("C-9"));
        assertEquals("C-2", index.lastConsentOf("p-000002").id(), "the patient number however it is written");
    }

    @Test
    void aRecallFindsEveryConsentOfTheLotOldestFirstAndAnExportStreamsThem() throws Exception {
        assertEquals(List.of("C-1", "C-2"), ids(index.recall("UC10-2611-04", null, Examples.CLINIC_CLOCK)));
        assertEquals(List.of("C-1", "C-2"), ids(index.recall("ｕｃ１０－２６１１－０４",
                "デモ培養上清エクソソーム UC-10", Examples.CLINIC_CLOCK)));
        assertEquals(List.of(), index.recall("UC10-2611-04", "another product", Examples.CLINIC_CLOCK));

        List<String> seen = new ArrayList<>();
        long n = index.each(RecordFilter.ALL, true, Examples.CLINIC_CLOCK, (row, snapshot) -> {
            assertTrue(snapshot.contains("\"" + row.id() + "\""), "each row with its own session");
            seen.add(row.id());
        });
        assertEquals(3, n);
        assertEquals(List.of("C-1", "C-3", "C-2"), seen, "oldest consultation first");
        java.io.IOException stop = new java.io.IOException("disk full");
        assertThrows(java.io.IOException.class, () -> index.each(RecordFilter.ALL, false, Examples.CLINIC_CLOCK,
                (row, snapshot) -> {
                    throw stop;
                }), "the handler's failure stops the read");
    }

    @Test
    void aLotThatNoConsentUsedNamesTheNearestLotsWithTheirConsents() throws Exception {
        NearestLots near = NearestLots.find(index, "UC10-2611-03", null, null, 5);
        assertFalse(near.known());
        assertEquals(2, near.nearest().size());
        NearestLots.Lot first = near.nearest().get(0);
        assertEquals("UC10-2611-04", first.number(), "one edit away; numbered as first written");
        assertEquals(2, first.consents());
        assertEquals(1, first.distance());
        assertFalse(first.inCatalog(), "this catalog is empty");
        assertEquals("UC10-2612-19", near.nearest().get(1).number());
        assertEquals(List.of(first), near.close());

        assertTrue(NearestLots.find(index, "uc10-2612-19", null, null, 5).known());
        assertEquals(List.of(), NearestLots.find(index, "UC10-2611-04", null, "999999", 5).nearest(),
                "another physician's consents are not counted");
        assertEquals(List.of("デモ培養上清エクソソーム UC-10"), List.copyOf(index.productNames(null)));
        NearestLots product = NearestLots.find(index, "UC10-2611-04", "デモ培養上清エクソソーム UC-1O", null, 5);
        assertFalse(product.productKnown());
        assertEquals(List.of("デモ培養上清エクソソーム UC-10"), product.nearestProducts());
    }

    @Test
    void aCorrectionsNewestValueIsListedWhileTheConsentsOwnRowIsKept() throws Exception {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-22T10:00:00+09:00");
        assertEquals("C-1-correction-1", Corrections.nextId(index, "C-1"));
        index.insertCorrection(new Correction("C-1-correction-1", withId("C-1"), PDF_SHA,
                Correction.Field.PHONE, "090-0000-0000", "090-1111-1111", "digits swapped", "reception", at),
                at.toInstant(), "2026/11/C-1-correction-1.pdf", PDF_SHA, 99);
        index.insertCorrection(new Correction("C-1-correction-2", withId("C-1"), PDF_SHA,
                Correction.Field.PHONE, "090-1111-1111", "090-2222-2222", "typed again", "reception",
                at.plusHours(1)), at.plusHours(1).toInstant(), "2026/11/C-1-correction-2.pdf", PDF_SHA, 99);
        // the product writes each correction's 'corrected' entry in the same transaction; only those are applied
        stores.auditTrail().append(new AuditLog.Entry(1, "2026-11-22T01:00:00Z", "reception", "corrected", "C-1",
                Json.of("document", "C-1-correction-1", "sha256", PDF_SHA), AuditLog.GENESIS, "1".repeat(64)));
        stores.auditTrail().append(new AuditLog.Entry(2, "2026-11-22T02:00:00Z", "reception", "corrected", "C-1",
                Json.of("document", "C-1-correction-2", "sha256", PDF_SHA), "1".repeat(64), "2".repeat(64)));

        assertEquals("C-1-correction-3", Corrections.nextId(index, "C-1"));
        assertEquals(List.of("C-1-correction-1", "C-1-correction-2"), index.correctionsOf("C-1").stream()
                .map(Corrections.Entry::id).toList(), "oldest first");
        assertEquals(List.of(), index.correctionsOf("C-2"));
        RecordRow listed = index.list(new RecordFilter(null, null, null, null, "UC10-2611-04", null), null,
                Examples.CLINIC_CLOCK, 0, 10).get(1);
        assertEquals("C-1", listed.id());
        assertEquals("090-2222-2222", listed.patientPhone(), "the newest correction's value");
        assertEquals("C-1-correction-2 (patient.phone)", listed.correctedBy());
        assertEquals("090-0000-0000", index.indexedValue("C-1", Correction.Field.PHONE),
                "the consent's own row is never changed");
        Map<Correction.Field, Corrections.Entry> latest = Corrections.latest(index, stores.auditTrail()).applied()
                .get("C-1");
        assertEquals("090-2222-2222", latest.get(Correction.Field.PHONE).after());
        assertEquals(List.of(), listed.damage());
        assertEquals("090-2222-2222", index.patients("P-000001", 10, Examples.CLINIC_CLOCK).get(0).phone(),
                "a returning patient starts from the corrected details");
        assertTrue(index.archivedPaths().contains("2026/11/C-1-correction-2.pdf"));
        assertEquals(List.of("2026/11/C-1-correction-1.pdf"), index.archivedPathsOf("C-1-correction-1"));

        // a correction row the trail never recorded (inserted outside the product) is not applied, and named
        index.insertCorrection(new Correction("C-1-correction-3", withId("C-1"), PDF_SHA,
                Correction.Field.PHONE, "090-2222-2222", "080-9999-9999", "forged", "mallory",
                at.plusHours(2)), at.plusHours(2).toInstant(), "2026/11/C-1-correction-3.pdf", PDF_SHA, 99);
        RecordRow forged = index.list(new RecordFilter(null, null, null, null, "UC10-2611-04", null), null,
                Examples.CLINIC_CLOCK, 0, 10).get(1);
        assertEquals("090-2222-2222", forged.patientPhone(), "the newest audited correction's value");
        assertEquals(1, forged.damage().size(), forged.damage().toString());
        assertTrue(forged.damage().get(0).startsWith("correction C-1-correction-3 (of record C-1, patient.phone): "
                + "the audit trail never recorded it"), forged.damage().toString());
        RecordStore.KnownPatient known = index.patients("P-000001", 10, Examples.CLINIC_CLOCK).get(0);
        assertEquals("090-2222-2222", known.phone());
        assertEquals(forged.damage(), known.damage(), "a returning patient's hit is marked and fills nothing");
    }

    /**
     * The patient search of a new consultation (issue 16 §7): each patient once, from their newest consent, the most
     * recently seen first, found by a part of the number or the name, as many as asked.
     */
    @Test
    void aPatientIsListedOnceFromTheirNewestConsentTheMostRecentlySeenFirst() throws Exception {
        index(index, session("C-5", "P-000001", "UC10-2611-04", "2026-11-25T10:00:00+09:00"));
        List<RecordStore.KnownPatient> found = index.patients("P-0000", 10, Examples.CLINIC_CLOCK);
        assertEquals(List.of("C-5", "C-2", "C-3"), found.stream().map(RecordStore.KnownPatient::lastConsentId)
                .toList(), "P-000001 once, from C-5; then P-000002 and P-000003");
        assertEquals(List.of("P-000001", "P-000002", "P-000003"), found.stream()
                .map(RecordStore.KnownPatient::patientNumber).toList());
        assertEquals(LocalDate.of(2026, 11, 25), found.get(0).lastConsultationDay());
        assertEquals(2, index.patients("P-0000", 2, Examples.CLINIC_CLOCK).size(), "as many as asked");
        String name = Examples.session("complete-ja").patient().name();
        assertEquals(3, index.patients(name.substring(0, 1), 10, Examples.CLINIC_CLOCK).size(), "by the name");
        assertEquals(List.of(), index.patients("P-0009", 10, Examples.CLINIC_CLOCK));
    }

    /**
     * The overview's first time right (issue 16): each check question of the consents is counted once per consent,
     * right when its first answer was; a physician sees their own consents only.
     */
    @Test
    void theOverviewCountsEachCheckQuestionAskedAndItsFirstAnswersThatWereRight() throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        json.put("id", "C-4");
        ((ObjectNode) json.get("patient")).put("patientNumber", "P-000004");
        com.fasterxml.jackson.databind.node.ArrayNode answers = (com.fasterxml.jackson.databind.node.ArrayNode)
                json.get("quiz").get(0).get("answers");
        ObjectNode wrong = answers.get(0).deepCopy();
        wrong.put("option", "yes");
        wrong.put("at", "2026-11-20T10:20:00+09:00");
        wrong.put("correct", false);
        answers.insert(0, wrong); // q-approved answered wrongly first, then rightly
        index(index, Examples.session(json));

        String question = json.get("quiz").get(0).get("question").asText();
        String another = json.get("quiz").get(1).get("question").asText();
        Map<String, RecordStore.FirstTime> all = index.firstTimeRight(null);
        assertEquals(new RecordStore.FirstTime(4, 3), all.get(question), "four consents, one wrong at first");
        assertEquals(new RecordStore.FirstTime(4, 4), all.get(another));
        assertEquals(json.get("quiz").size(), all.size(), "each question once");
        String licence = index.find("C-1").physicianLicence();
        assertEquals(all, index.firstTimeRight(licence), "all four are this physician's");
        assertEquals(Map.of(), index.firstTimeRight("999999"), "another physician's consents are not counted");
    }

    @Test
    void aWithdrawalMarksItsConsentAndAnIdIsTakenOnceWhateverItsCase() throws Exception {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-23T10:00:00+09:00");
        index.insertWithdrawal("C-2-withdrawal", "C-2", at.toInstant(), at, "2026/11/C-2-withdrawal.pdf",
                PDF_SHA, 55, Json.of("withdraws", "C-2", "date", "2026-11-23"));

        assertEquals("withdrawn", index.find("C-2").status());
        assertEquals(List.of("C-2"), ids(index.list(new RecordFilter(null, null, null, null, null, "withdrawn"),
                null, Examples.CLINIC_CLOCK, 0, 10)));
        assertEquals(3, index.count(RecordFilter.ALL, null), "a withdrawal is no consent");
        assertEquals(4, index.countAll());
        RecordsIndex.Indexed w = index.withdrawalsOf("C-2").get(0);
        assertEquals("C-2-withdrawal", w.id());
        assertEquals("P-000002", w.patientNumber(), "copied from its consent");
        assertEquals(Map.of("2026-11", 1L), index.withdrawalsPerMonth(null, Examples.CLINIC_CLOCK));
        assertEquals(Map.of("2026-10", 1L, "2026-11", 2L), index.consentsPerMonth(null));

        assertTrue(index.exists("c-2-WITHDRAWAL"), "ids are one whatever their letter case");
        assertEquals("C-2-withdrawal-2", index.freeId("C-2-withdrawal"));
        assertEquals("C-9", index.freeId("C-9"));
        assertThrows(SQLException.class, () -> index(index, session("C-1", "P-000001", "UC10-2611-04",
                "2026-10-05T10:00:00+09:00")), "an id is indexed once");
        assertEquals(3, index.count(RecordFilter.ALL, null));
    }

    /** A consent as {@link #session} of another patient: name and reading as given. */
    private static ConsentSession patient(String id, String number, String name, String kana, String startedAt) {
        ObjectNode json = Examples.json("complete-ja");
        json.put("id", id);
        json.put("startedAt", startedAt);
        ObjectNode p = (ObjectNode) json.get("patient");
        p.put("patientNumber", number);
        p.put("name", name);
        p.put("kana", kana);
        return Examples.session(json);
    }

    private List<String> patientFilter(String typed) throws SQLException {
        RecordFilter f = new RecordFilter(null, null, null, null, null, null, null, typed, null);
        List<String> listed = ids(index.list(f, null, Examples.CLINIC_CLOCK, 0, 10));
        assertEquals(listed.size(), index.count(f, null), "counted as listed: " + typed);
        return listed;
    }

    @Test
    void aPatientIsFoundByAPartOfTheirNumberNameOrReadingHoweverItIsTyped() throws Exception {
        // the three consents are 佐藤 花子's (reading さとう はなこ, in hiragana), numbers P-000001 to P-000003
        index(index, patient("C-4", "Q-000456", "鈴木 一郎", "スズキ イチロウ", "2026-11-21T10:00:00+09:00"));
        assertEquals(List.of("C-2"), patientFilter("ｐ－０００００２"), "full-width, lower case, a full-width dash");
        assertEquals(List.of("C-2"), patientFilter("P 000002"), "a space for the dash");
        assertEquals(List.of("C-4"), patientFilter("456"), "a part of the number");
        assertEquals(List.of("C-2", "C-3", "C-1"), patientFilter("サトウ"), "katakana finds a hiragana reading");
        assertEquals(List.of("C-2", "C-3", "C-1"), patientFilter("ｻﾄｳ ﾊﾅｺ"), "half-width katakana, a space");
        assertEquals(List.of("C-2", "C-3", "C-1"), patientFilter("佐藤花子"), "the name without its space");
        assertEquals(List.of("C-2", "C-3", "C-1"), patientFilter("佐藤　花子"), "an ideographic space");
        assertEquals(List.of("C-4"), patientFilter("すずき"), "hiragana finds a katakana reading");
        assertEquals(List.of("C-4"), patientFilter("一郎"));
        assertEquals(List.of(), patientFilter("%"), "every character literal, none a wildcard");
        assertEquals(List.of(), patientFilter("田中"));
        assertEquals(List.of("C-4"), ids(index.list(new RecordFilter(null, null, null, null, null, "active", null,
                "スズキ", null), null, Examples.CLINIC_CLOCK, 0, 10)), "with the other criteria");
        assertEquals(List.of(), ids(index.list(new RecordFilter(null, null, null, null, null, null, null, "スズキ",
                null), "999999", Examples.CLINIC_CLOCK, 0, 10)), "another physician's patient is not found");

        // a signed correction's new name is found too; the old one still finds the consent it was signed under
        OffsetDateTime at = OffsetDateTime.parse("2026-11-22T10:00:00+09:00");
        index.insertCorrection(new Correction("C-4-correction-1", withId("C-4"), PDF_SHA, Correction.Field.NAME,
                "鈴木 一郎", "鈴木 一朗", "kanji of the given name", "reception", at), at.toInstant(),
                "2026/11/C-4-correction-1.pdf", PDF_SHA, 99);
        assertEquals(List.of("C-4"), patientFilter("一朗"), "the corrected name");
        assertEquals(List.of("C-4"), patientFilter("一郎"), "the name as signed");

        // one patient exactly: never another whose number merely contains it
        assertEquals(List.of("C-2"), ids(index.list(RecordFilter.ofPatient("Ｐ－０００００２"), null,
                Examples.CLINIC_CLOCK, 0, 10)));
        assertEquals(0, index.count(RecordFilter.ofPatient("P-00000"), null), "no prefix match for one patient");
        assertThrows(IllegalArgumentException.class, () -> RecordFilter.ofPatient(" "));
    }

    @Test
    void everyDocumentOfAPatientIsFoundWhateverItsKind() throws Exception {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-23T10:00:00+09:00");
        index.insertWithdrawal("C-2-withdrawal", "C-2", at.toInstant(), at, "2026/11/C-2-withdrawal.pdf",
                PDF_SHA, 55, Json.of("withdraws", "C-2", "date", "2026-11-23"));
        index.insertCorrection(new Correction("C-2-correction-1", withId("C-2"), PDF_SHA, Correction.Field.PHONE,
                "090-0000-0000", "090-1111-1111", "digits swapped", "reception", at.plusHours(1)),
                at.plusHours(1).toInstant(), "2026/11/C-2-correction-1.pdf", PDF_SHA, 99);

        List<RecordsIndex.PatientDocument> docs = index.patientDocuments("ｐ－０００００２", null);
        assertEquals(List.of("C-2", "C-2-withdrawal", "C-2-correction-1"), docs.stream()
                .map(RecordsIndex.PatientDocument::id).toList(), "oldest recording first");
        assertEquals(List.of("consent", "withdrawal", "correction"), docs.stream()
                .map(RecordsIndex.PatientDocument::kind).toList());
        assertEquals("2026/11/C-2-correction-1.pdf", docs.get(2).pdfPath());
        assertEquals("C-2", docs.get(2).refersTo());
        assertEquals(List.of("C-1"), index.patientDocuments("P-000001", null).stream()
                .map(RecordsIndex.PatientDocument::id).toList(), "another patient's documents are not theirs");
        assertEquals(List.of(), index.patientDocuments("P-000009", null));
        assertEquals(List.of(), index.patientDocuments("P-000002", "999999"), "another physician's patient");
        assertEquals(3, index.patientDocuments("P-000002", "123456").size());
        assertEquals(java.util.Set.of("山田 太郎"), index.physicianNames(null));
        assertEquals(java.util.Set.of(), index.physicianNames("999999"), "this catalog is empty");
    }

    @Test
    void aReadTransactionSeesOneMomentWhileAnotherOpeningRecords() throws Exception {
        try (Stores reader = open(dir)) {
            reader.transactions().beginRead();
            try {
                assertEquals(3, reader.recordsIndex().count(RecordFilter.ALL, null));
                stores.transactions().beginWrite();
                index(index, session("C-4", "P-000004", "UC10-2611-04", "2026-11-25T10:00:00+09:00"));
                stores.transactions().commit();
                assertEquals(3, reader.recordsIndex().count(RecordFilter.ALL, null), "the count of its moment");
                assertEquals(2, reader.recordsIndex().recall("UC10-2611-04", null, Examples.CLINIC_CLOCK).size(),
                        "and the rows of the same moment");
            } finally {
                reader.transactions().commit();
            }
            assertEquals(4, reader.recordsIndex().count(RecordFilter.ALL, null));
        }
    }

    private static ConsentSession withId(String id) {
        ObjectNode json = Examples.json("complete-ja");
        json.put("id", id);
        return Examples.session(json);
    }

    private static List<String> ids(List<RecordRow> rows) {
        return rows.stream().map(RecordRow::id).toList();
    }
}
