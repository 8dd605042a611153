package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The physician decides and explains (issue 11 §2; MHLW 医政発0815第21号, 15 Aug 2025): staff prepare a consultation,
 * the physician confirms its treatment with their own password, and the signed document names both.
 */
class ConfirmationTest {
    private static final String STAFF_PW = "reception password";
    private static final String OTHER_PW = TestAccounts.OTHER_PHYSICIAN_PASSWORD;

    @TempDir
    Path tmp;
    DataDirectory dir;

    @BeforeEach
    void clinic() throws Exception {
        dir = new DataDirectory(tmp.resolve("data"));
        // set up once per JVM, copied into each test (TestAccounts#copied)
        if (!TestAccounts.copied(dir, "ConfirmationTest: reception and a second physician", Examples.CLOCK,
                ConfirmationTest::receptionAndASecondPhysician)) {
            receptionAndASecondPhysician(dir);
        }
    }

    private static void receptionAndASecondPhysician(DataDirectory dir) throws StoreException {
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            admin.addUser("reception", EnumSet.of(Role.STAFF), null, STAFF_PW.toCharArray());
            admin.addPhysician(new Catalog.Physician("佐々木 恵", "654321", true));
            admin.addUser("sasaki", EnumSet.of(Role.PHYSICIAN), "654321", OTHER_PW.toCharArray());
        }
    }

    private RecordStore asStaff() throws StoreException {
        return RecordStore.signIn(dir, Examples.CLOCK, "reception", STAFF_PW.toCharArray(), "test");
    }

    private List<String> audit(RecordStore store, String action) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = store.sqliteStores().connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT actor, subject, details FROM audit WHERE action = '" + action
                     + "' ORDER BY seq")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " | " + rs.getString(2) + " | " + rs.getString(3));
            }
        }
        return out;
    }

    @Test
    void thePhysicianConfirmsWithTheirOwnPasswordOnTheStaffsDeviceAndItIsAudited() throws Exception {
        ConsentSession prepared = Examples.session("complete-ja").withConfirmedBy(null);
        try (RecordStore store = asStaff()) {
            AccessDeniedException wrong = assertThrows(AccessDeniedException.class, () -> store.confirmTreatment(
                    TestAccounts.PHYSICIAN, "not the password".toCharArray(), prepared));
            assertEquals("yamada: wrong user name or password, or the account is locked or disabled"
                + " (after 5 wrong passwords in a row an account waits 15 minutes; an administrator "
                + "can set a new password)", wrong.getMessage());
            ConsentSession.ConfirmedBy c = store.confirmTreatment(TestAccounts.PHYSICIAN,
                    TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), prepared);
            assertEquals("yamada", c.account());
            assertEquals("山田 太郎", c.name(), "the physician's name as the catalog has it");
            assertEquals("123456", c.licenceNumber());
            assertEquals(Examples.CLOCK.instant(), c.at().toInstant());
            assertEquals(List.of("reception [staff] | 6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10 | {\"physician\":\"yamada\","
                    + "\"licence\":\"123456\",\"indication\":\"anti-ageing-drip\",\"route\":\"iv\",\"lot\":"
                    + "\"UC10-2611-04\",\"sessions\":3,\"preparedBy\":\"yamada\"}"), audit(store,
                    "treatment-confirmed"));
            assertEquals(1, audit(store, "sign-in-failed").size(), "the wrong password counts like a sign-in's");
        }
    }

    @Test
    void aPhysicianNoLongerInTheCatalogIsRefusedAndToldWhoAddsThem() throws Exception {
        ConsentSession prepared = Examples.session("complete-ja").withConfirmedBy(null);
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "test")) {
            admin.setPhysicianActive(TestAccounts.LICENCE, false);
        }
        try (RecordStore store = asStaff()) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> store.confirmTreatment(
                    TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), prepared));
            assertEquals("yamada: licence 123456 is not an active physician of the clinic's catalog; an administrator "
                    + "adds the physician to it (exoconsent catalog add-physician, or the administration screen) or "
                    + "corrects the account's licence (exoconsent users set-roles)", e.getMessage());
        }
    }

    @Test
    void staffOrAnotherPhysicianCannotConfirm() throws Exception {
        ConsentSession prepared = Examples.session("complete-ja").withConfirmedBy(null);
        try (RecordStore store = asStaff()) {
            AccessDeniedException staff = assertThrows(AccessDeniedException.class, () -> store.confirmTreatment(
                    "reception", STAFF_PW.toCharArray(), prepared));
            assertEquals("reception: only a physician can confirm a treatment; this account has no physician's role "
                    + "or licence; the consultation's physician confirms it with their own password",
                    staff.getMessage());
            AccessDeniedException other = assertThrows(AccessDeniedException.class, () -> store.confirmTreatment(
                    "sasaki", OTHER_PW.toCharArray(), prepared));
            assertEquals("sasaki: is the physician with licence 654321, but this consultation's physician is 山田 太郎 "
                    + "(licence 123456); the physician who explains and signs confirms the treatment",
                    other.getMessage());
            assertEquals(List.of(), audit(store, "treatment-confirmed"));
            assertEquals(2, audit(store, "treatment-confirmation-refused").size(), "refusals are audited too");
        }
    }

    @Test
    void onlyTheConfirmingPhysicianRecordsWhyAMinorDoesNotSignWithTheirPassword() throws Exception {
        ConsentSession s = Examples.session("complete-ja");
        try (RecordStore store = asStaff()) {
            AccessDeniedException staff = assertThrows(AccessDeniedException.class, () -> store.recordAssentReason(
                    "reception", STAFF_PW.toCharArray(), s, "眠っていた"));
            assertTrue(staff.getMessage().contains("only the physician who confirmed the treatment (yamada) records "
                    + "why the patient does not sign"), staff.getMessage());
            assertThrows(AccessDeniedException.class, () -> store.recordAssentReason(TestAccounts.PHYSICIAN,
                    "wrong password".toCharArray(), s, "眠っていた"));
            ConsentSession.AssentNotSigned r = store.recordAssentReason(TestAccounts.PHYSICIAN,
                    TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), s, " 眠っていた ");
            assertEquals("眠っていた", r.reason());
            assertEquals("yamada", r.account());
            assertEquals(List.of("reception [staff] | 6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10 | {\"physician\":\"yamada\","
                    + "\"reason\":\" 眠っていた \"}"), audit(store, "assent-reason-recorded"));
        }
    }

    @Test
    void aConfirmationClaimedInTheSessionButNotMadeThroughTheStoreIsRefused() throws Exception {
        try (RecordStore store = asStaff()) {
            // the session names yamada's confirmation, but yamada never entered a password for it
            SessionException claimed = assertThrows(SessionException.class, () -> store.record(
                    Examples.session("complete-ja"), Examples.template(), Examples.key(), "claimed"));
            assertTrue(claimed.getMessage().contains("confirmedBy: the audit trail records no confirmation of "
                    + "consultation 6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10 by yamada for this treatment"),
                    claimed.getMessage());
            // confirmed, then changed: the treatment recorded is not the one confirmed
            ObjectNode json = Examples.json("complete-ja");
            store.confirmTreatment(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD.toCharArray(),
                    Examples.session(json));
            json.with("treatment").put("sessions", 5);
            SessionException changed = assertThrows(SessionException.class, () -> store.record(
                    Examples.session(json), Examples.template(), Examples.key(), "changed"));
            // the refusal names the change and the way on (README trial of issue 17: it said only "no confirmation")
            assertTrue(changed.getMessage().contains("confirmedBy: the consultation was changed after its confirmation "
                    + "(sessions: 3 when yamada confirmed it, 5 now); the patient is explained and signs the treatment "
                    + "the physician confirmed: record the consultation with that treatment, or start it again from its "
                    + "preparation so that the physician confirms the changed treatment before the explanation"),
                    changed.getMessage());
            json.with("treatment").put("sessions", 3);
            // confirmed, then credited to another account: the preparation named in the signed PDF is the one the
            // store's confirmation recorded (attack review of issue 14)
            json.with("preparedBy").put("account", "reception");
            SessionException credited = assertThrows(SessionException.class, () -> store.record(
                    Examples.session(json), Examples.template(), Examples.key(), "credited"));
            assertTrue(credited.getMessage().contains("(prepared by: yamada when yamada confirmed it, reception now)"),
                    credited.getMessage());
            json.with("preparedBy").put("account", "yamada");
            store.record(Examples.session(json), Examples.template(), Examples.key(), "as confirmed");
        }
    }

    /**
     * README trial of issue 17: the physician confirmed 3 sessions, the patient was explained and signed, then the
     * treatment was changed to 5 sessions and confirmed again; the session, still naming the first confirmation's
     * time, was recorded with 5 sessions (the PDF printing the first confirmation's time). A consultation confirmed
     * for two treatments is recorded only with the one whose confirmation the session names by its time.
     */
    @Test
    void aTreatmentConfirmedAgainAfterTheExplanationIsNotTakenForTheConfirmationTheSessionNames() throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        // the first confirmation at the time the session names (10:01 in Tokyo), before the explanation
        java.time.Clock atConfirmation = java.time.Clock.fixed(java.time.Instant.parse("2026-11-20T01:01:00Z"),
                java.time.ZoneId.of("Asia/Tokyo"));
        try (RecordStore first = RecordStore.signIn(dir, atConfirmation, "reception", STAFF_PW.toCharArray(),
                "test")) {
            first.confirmTreatment(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD.toCharArray(),
                    Examples.session(json));
        }
        try (RecordStore store = asStaff()) { // a day later
            json.with("treatment").put("sessions", 5);
            store.confirmTreatment(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD.toCharArray(),
                    Examples.session(json));
            SessionException again = assertThrows(SessionException.class, () -> store.record(Examples.session(json),
                    Examples.template(), Examples.key(), "confirmed again"));
            assertTrue(again.getMessage().contains("confirmedBy: consultation 6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10 "
                    + "was confirmed at 2026-11-20T10:01+09:00 for another treatment (sessions: 3 when yamada "
                    + "confirmed it, 5 now), and this treatment at 2026-11-21T03:00:00Z (UTC), not at the time the "
                    + "session names"), again.getMessage());
            assertEquals(List.of(), audit(store, "created"), "nothing recorded");
            // the treatment the session names by its confirmation's time is still recorded
            json.with("treatment").put("sessions", 3);
            store.record(Examples.session(json), Examples.template(), Examples.key(), "as first confirmed");
        }
    }

    /** The question's attempts in the example with three wrong answers (issue 16 §7). */
    private static ObjectNode thirdWrongAnswer(ObjectNode json) {
        for (var q : json.withArray("quiz")) {
            if (q.get("answers").size() == 4) {
                return (ObjectNode) q.get("answers").get(2);
            }
        }
        throw new AssertionError("no question with four attempts");
    }

    @Test
    void aSecondExplanationClaimedInTheSessionButNotConfirmedThroughTheStoreIsRefused() throws Exception {
        // review of issue 16: staff recorded a session naming a re-explanation that never happened, by a name that
        // is not the confirming physician's
        ObjectNode json = org.exoconsent.testing.ExplainedAgainExample.session("complete-ja");
        ObjectNode e = (ObjectNode) thirdWrongAnswer(json).get("explainedAgain");
        String section = e.get("section").asText();
        e.put("name", "鈴木 花子");
        try (RecordStore store = asStaff()) {
            SessionException named = assertThrows(SessionException.class, () -> TestAccounts.record(store,
                    Examples.session(json), Examples.template(), Examples.key(), "claimed"));
            assertTrue(named.getMessage().contains("quiz[6].answers[2].explainedAgain: names 鈴木 花子 (account "
                    + "yamada, licence 123456), not the physician who confirmed the treatment (山田 太郎, account "
                    + "yamada, licence 123456) (question 'q-relief-system', section '" + section + "')"),
                    named.getMessage());
            e.put("name", "山田 太郎");
            SessionException unaudited = assertThrows(SessionException.class, () -> TestAccounts.record(store,
                    Examples.session(json), Examples.template(), Examples.key(), "claimed"));
            assertTrue(unaudited.getMessage().contains("quiz[6].answers[2].explainedAgain: the audit trail records "
                    + "no second explanation of consultation 6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10 by yamada at "
                    + e.get("at").asText().replace(":00+", "+")), unaudited.getMessage());
            assertTrue(unaudited.getMessage().contains("(question 'q-relief-system', section '" + section + "')"),
                    unaudited.getMessage());
        }
        java.time.OffsetDateTime at = java.time.OffsetDateTime.parse(e.get("at").asText());
        java.time.Clock then = java.time.Clock.fixed(at.toInstant(), java.time.ZoneId.of("Asia/Tokyo"));
        try (RecordStore store = RecordStore.signIn(dir, then, "reception", STAFF_PW.toCharArray(), "test")) {
            // a second explanation of another section at that time does not stand for this one
            store.recordExplainedAgain(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD.toCharArray(),
                    Examples.session(json), "risks", "q-relief-system");
        }
        try (RecordStore store = asStaff()) {
            assertThrows(SessionException.class, () -> TestAccounts.record(store, Examples.session(json),
                    Examples.template(), Examples.key(), "another section"));
        }
        try (RecordStore manager = TestAccounts.open(dir, Examples.CLOCK, "t")) {
            assertEquals(List.of(), manager.list(RecordFilter.ALL, 0, 100), "nothing was recorded");
        }
        try (RecordStore store = RecordStore.signIn(dir, then, "reception", STAFF_PW.toCharArray(), "test")) {
            // the physician confirms it with their password: the store's entry and the session's record agree
            ConsentSession.ExplainedAgain made = store.recordExplainedAgain(TestAccounts.PHYSICIAN,
                    TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), Examples.session(json), section,
                    "q-relief-system");
            assertEquals(at.toInstant(), made.at().toInstant());
            assertEquals("山田 太郎", made.name());
        }
        try (RecordStore store = asStaff()) {
            TestAccounts.record(store, Examples.session(json), Examples.template(), Examples.key(), "as explained");
        }
        try (RecordStore manager = TestAccounts.open(dir, Examples.CLOCK, "t")) {
            assertEquals(1, manager.list(RecordFilter.ALL, 0, 100).size());
        }
    }

    @Test
    void recordingRefusesAConfirmationByAnAccountThatIsNotThatPhysician() throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        json.with("confirmedBy").put("account", "reception");
        try (RecordStore store = asStaff()) {
            SessionException e = assertThrows(SessionException.class, () -> TestAccounts.record(store, Examples.session(json),
                    Examples.template(), Examples.key(), "forged"));
            assertTrue(e.getMessage().contains("confirmedBy.account: 'reception' is not an active physician's account "
                    + "with licence 123456 in this clinic"), e.getMessage());
            json.with("confirmedBy").put("account", "YAMADA");
            SessionException upper = assertThrows(SessionException.class, () -> TestAccounts.record(store, Examples.session(json),
                    Examples.template(), Examples.key(), "forged"));
            assertTrue(upper.getMessage().contains("confirmedBy.account: 'YAMADA' is not"), upper.getMessage());
            json.with("confirmedBy").put("account", "yamada");
            json.with("preparedBy").put("account", "ghost-account");
            SessionException ghost = assertThrows(SessionException.class, () -> TestAccounts.record(store, Examples.session(json),
                    Examples.template(), Examples.key(), "forged"));
            assertTrue(ghost.getMessage().contains("preparedBy.account: 'ghost-account' is not an account of this "
                    + "clinic"), ghost.getMessage());
        }
        try (RecordStore manager = TestAccounts.open(dir, Examples.CLOCK, "t")) {
            assertEquals(List.of(), manager.list(RecordFilter.ALL, 0, 100), "nothing was recorded");
        }
    }

    @Test
    void theSignedDocumentNamesWhoPreparedAndWhoConfirmedTheTreatment() throws Exception {
        try (RecordStore store = asStaff()) {
            RecordStore.Recorded r = TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(),
                    Examples.key(), "example");
            try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(r.pdf()))) {
                PDFTextStripper first = new PDFTextStripper();
                first.setEndPage(1);
                String text = first.getText(doc).replaceAll("\\s*\\n\\s*", "");
                assertTrue(text.contains("説明の準備 yamada（2026-11-20 10:00 (+09:00)）"), text);
                assertTrue(text.contains("原料の由来 ほかの人（提供者）の細胞"), text);
                assertTrue(text.contains("製品の入手の形 研究用試薬として販売されているもの"), text);
                assertTrue(text.contains("治療内容の確認 医師 山田 太郎（医籍登録番号 123456、ユーザー yamada）が確認"
                        + "（2026-11-20 10:01 (+09:00)）"), text);
            }
            try (Statement st = store.sqliteStores().connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT details FROM audit WHERE action = 'created'")) {
                rs.next();
                assertTrue(rs.getString(1).contains("\"preparedBy\":\"yamada\",\"confirmedBy\":\"yamada\""),
                        rs.getString(1));
            }
        }
    }

    @Test
    void aLastConsentMustBeThePatientsRecordedConsentWithItsDateAndVersion() throws Exception {
        try (RecordStore store = asStaff()) {
            TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(), Examples.key(), "first");
            ObjectNode next = Examples.json("complete-ja");
            next.put("id", "returning-1");
            next.putObject("lastConsent").put("documentId", "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10")
                    .put("date", "2026-11-19").put("templateVersion", Examples.template().version());
            SessionException e = assertThrows(SessionException.class, () -> TestAccounts.record(store, Examples.session(next),
                    Examples.template(), Examples.key(), "returning"));
            assertTrue(e.getMessage().contains("lastConsent: the records say consent "
                    + "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10 was signed on 2026-11-20 with template version "
                    + Examples.template().version() + ", not on 2026-11-19"), e.getMessage());
            next.with("lastConsent").put("date", "2026-11-20");
            TestAccounts.record(store, Examples.session(next), Examples.template(), Examples.key(), "returning");
        }
        try (RecordStore manager = TestAccounts.open(dir, Examples.CLOCK, "t")) {
            assertEquals(2, manager.list(RecordFilter.ALL, 0, 100).size());
        }
    }
}
