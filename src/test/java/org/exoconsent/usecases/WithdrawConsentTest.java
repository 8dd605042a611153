package org.exoconsent.usecases;

import static org.exoconsent.usecases.UseCaseTesting.MANAGER;
import static org.exoconsent.usecases.UseCaseTesting.MANAGER_PASSWORD;
import static org.exoconsent.usecases.UseCaseTesting.fixed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.exoconsent.pdf.SignatureVerifier;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.KeyRefusedException;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.Role;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Withdrawal and correction through the use case alone (no display, no process): the permission is checked before
 * any work (no key loaded, nothing signed or archived, the refusal audited), a withdrawal and a correction are
 * recorded as the records screen and {@code exoconsent withdraw}/{@code correct} record them, and bad input and a
 * key that may not sign are refused by name with nothing written.
 */
class WithdrawConsentTest {
    /** The example Japanese consent's document id (Examples.session("complete-ja")). */
    private static final String JA = "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10";
    private static final String STAFF = "reception";
    private static final String STAFF_PASSWORD = "reception desk pw 5";

    @TempDir
    Path tmp;

    private DataDirectory dir;
    private RecordStore.Recorded consent;

    @BeforeEach
    void aRecordedConsent() throws Exception {
        dir = UseCaseTesting.withManager(tmp.resolve("data"));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "test set-up")) {
            store.addUser(STAFF, EnumSet.of(Role.STAFF), null, STAFF_PASSWORD.toCharArray());
            consent = TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(),
                    Examples.key(), "ja");
        }
        assertEquals(JA, consent.id());
    }

    @Test
    void aPersonWhoMayNotWithdrawIsRefusedBeforeAnyWorkAndTheRefusalIsAudited() throws Exception {
        Principal staff = signIn(STAFF, STAFF_PASSWORD);
        AtomicInteger keysLoaded = new AtomicInteger();
        WithdrawConsent asStaff = new WithdrawConsent(purpose -> RecordStore.open(dir, Examples.CLOCK, staff, purpose),
                counting(keysLoaded));
        byte[] before = Files.readAllBytes(consent.pdf());

        AccessDeniedException w = assertThrows(AccessDeniedException.class, () -> asStaff.withdraw(JA,
                LocalDate.parse("2026-11-21"), "申し出により", "受付", null));
        assertEquals("reception (staff) may not record a withdrawal: this needs the role physician or manager; "
                + "someone with that role does this, or an administrator gives the role (exoconsent users "
                + "set-roles, or the administration screen)",
                w.getMessage());
        AccessDeniedException c = assertThrows(AccessDeniedException.class, () -> asStaff.correct(JA,
                "patient.phone", "03-1234-9999", "digits swapped when typed", "受付"));
        assertEquals(w.getMessage(), c.getMessage());
        assertThrows(AccessDeniedException.class, () -> WithdrawConsent.asSignedIn(dir, Examples.CLOCK, staff)
                .withdraw(JA, LocalDate.parse("2026-11-21"), "申し出により", "受付", null));

        assertEquals(0, keysLoaded.get(), "no key was loaded for someone refused");
        assertFalse(Files.exists(dir.keyFiles().selfSigned()), "nor was the clinic's key made");
        assertEquals(List.of(consent.pdf()), archived(), "nothing was archived");
        assertArrayEquals(before, Files.readAllBytes(consent.pdf()));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertUntouched(store);
            assertEquals(List.of(), TestAudit.entries(store, "withdrawn"));
            assertEquals(List.of(), TestAudit.entries(store, "corrected"));
            List<String> refusals = TestAudit.entries(store, "access-refused");
            assertEquals(3, refusals.size(), refusals.toString());
            assertTrue(refusals.stream().allMatch(r -> r.startsWith("access-refused withdraw ")
                    && r.contains("record a withdrawal")), refusals.toString());
        }
    }

    @Test
    void aCorrectionAndAWithdrawalAreSignedDocumentsThatReferToTheConsentAndAreAudited() throws Exception {
        Principal office = signIn(MANAGER, MANAGER_PASSWORD);
        byte[] before = Files.readAllBytes(consent.pdf());

        // as exoconsent correct: a key the face was given
        RecordStore.Recorded c = new WithdrawConsent(purpose -> RecordStore.open(dir, Examples.CLOCK, office, purpose),
                fixed(Examples.key(), "the test key")).correct(JA, "patient.phone", "03-1234-9999",
                "digits swapped when typed", "受付 鈴木");
        // as the records screen: the data directory's key
        RecordStore.Recorded w = WithdrawConsent.asSignedIn(dir, Examples.CLOCK, office)
                .withdraw(JA, LocalDate.parse("2026-11-21"), "家族と相談して、受けないことにした", "受付 鈴木", null);

        assertEquals(JA + "-withdrawal", w.id());
        for (RecordStore.Recorded r : List.of(c, w)) {
            byte[] pdf = Files.readAllBytes(r.pdf());
            assertEquals(sha256(pdf), r.sha256(), "the archived PDF is the one reported");
            assertTrue(SignatureVerifier.verify(pdf).intact(), r.id() + " is signed and intact");
        }
        assertArrayEquals(before, Files.readAllBytes(consent.pdf()), "the consent's PDF is never modified");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            RecordRow row = row(store, JA);
            assertEquals("withdrawn", row.status());
            assertEquals("03-1234-9999", row.patientPhone(), "lists show the corrected value");
            assertTrue(row.correctedBy() != null && row.correctedBy().contains(c.id()), row.correctedBy());
            List<String> withdrawn = TestAudit.entries(store, "withdrawn");
            assertEquals(1, withdrawn.size(), withdrawn.toString());
            assertTrue(withdrawn.get(0).contains(JA) && withdrawn.get(0).contains(w.sha256()), withdrawn.get(0));
            List<String> corrected = TestAudit.entries(store, "corrected");
            assertEquals(1, corrected.size(), corrected.toString());
            assertTrue(corrected.get(0).contains("patient.phone") && corrected.get(0).contains(c.sha256()),
                    corrected.get(0));
            assertTrue(store.verify((d, t) -> { }).ok(), "the records and the audit trail verify");
        }
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndValueAndNothingIsWritten() throws Exception {
        Principal office = signIn(MANAGER, MANAGER_PASSWORD);
        AtomicInteger keysLoaded = new AtomicInteger();
        WithdrawConsent uc = new WithdrawConsent(purpose -> RecordStore.open(dir, Examples.CLOCK, office, purpose),
                counting(keysLoaded));

        RefusedException field = assertThrows(RefusedException.class, () -> uc.correct(JA, "patient.birth",
                "1970-01-01", "typed wrong", "受付"));
        assertTrue(field.getMessage().contains("field 'patient.birth' cannot be corrected"), field.getMessage());
        assertTrue(field.getMessage().contains("a wrong date of birth, treatment, product, lot or physician changes "
                + "what was signed: record a withdrawal and a new consent"), field.getMessage());
        RefusedException date = assertThrows(RefusedException.class, () -> uc.withdraw(JA,
                LocalDate.parse("2026-12-24"), "申し出により", "受付", null));
        assertTrue(date.getMessage().contains("date: 2026-12-24 is in the future"), date.getMessage());
        RefusedException unknown = assertThrows(RefusedException.class, () -> uc.withdraw("no-such-id",
                LocalDate.parse("2026-11-21"), "申し出により", "受付", null));
        assertTrue(unknown.getMessage().startsWith("no-such-id: no such record"), unknown.getMessage());
        RefusedException unknownCorrected = assertThrows(RefusedException.class, () -> uc.correct("no-such-id",
                "patient.phone", "03-1234-9999", "digits swapped when typed", "受付"));
        assertTrue(unknownCorrected.getMessage().startsWith("no-such-id: no such record"),
                unknownCorrected.getMessage());
        RefusedException unchanged = assertThrows(RefusedException.class, () -> uc.correct(JA, "patient.phone",
                Examples.session("complete-ja").patient().phone(), "digits swapped when typed", "受付"));
        assertTrue(unchanged.getMessage().contains("is the value the record already holds"), unchanged.getMessage());
        // as the clinic's data directory's own key would be: made on first use, so never for a refused input
        RefusedException withItsOwnKey = assertThrows(RefusedException.class, () -> WithdrawConsent.asSignedIn(dir,
                Examples.CLOCK, office).withdraw("no-such-id", LocalDate.parse("2026-11-21"), "申し出により", "受付",
                null));
        assertTrue(withItsOwnKey.getMessage().startsWith("no-such-id: no such record"), withItsOwnKey.getMessage());

        assertEquals(0, keysLoaded.get(), "no key was loaded for a refused input");
        assertFalse(Files.exists(dir.keyFiles().selfSigned()), "nor was the clinic's key made");
        assertNothingWritten();
    }

    @Test
    void aKeyThatIsNotRegisteredIsRefusedByNameBeforeAnythingIsSigned() throws Exception {
        Principal office = signIn(MANAGER, MANAGER_PASSWORD);
        SigningKey unregistered = TestKeys.make("CN=Not registered", Examples.CLOCK.instant().minusSeconds(86400),
                Examples.CLOCK.instant().plusSeconds(86400 * 365));
        WithdrawConsent uc = new WithdrawConsent(purpose -> RecordStore.open(dir, Examples.CLOCK, office, purpose),
                fixed(unregistered, "--keystore other.p12"));

        KeyRefusedException w = assertThrows(KeyRefusedException.class, () -> uc.withdraw(JA,
                LocalDate.parse("2026-11-21"), "申し出により", "受付", null));
        assertTrue(w.getMessage().contains("--keystore other.p12"), w.getMessage());
        assertThrows(KeyRefusedException.class, () -> uc.correct(JA, "patient.phone", "03-1234-9999",
                "digits swapped when typed", "受付"));

        assertNothingWritten();
    }

    /**
     * A withdrawal is never signed with a date later than the day it is recorded on, even when the clock steps back
     * between two readings (attack review of issue 17: the date was checked at one reading, 00:00:01 on the 21st,
     * and recorded at the next, 23:59:50 on the 20th, and records verify saw nothing wrong).
     */
    @Test
    void theDateOfAWithdrawalIsCheckedAgainstTheTimeItIsRecordedAtNotAnEarlierReading() throws Exception {
        Principal office = signIn(MANAGER, MANAGER_PASSWORD);
        SteppingClock clock = new SteppingClock();
        try (RecordStore store = RecordStore.open(dir, clock, office, "t")) {
            clock.first = java.time.Instant.parse("2026-11-20T15:00:01Z"); // 2026-11-21 00:00:01 in Tokyo
            clock.then = java.time.Instant.parse("2026-11-20T14:59:50Z"); // 2026-11-20 23:59:50 in Tokyo
            try {
                store.withdraw(JA, LocalDate.parse("2026-11-21"), "申し出により", "受付", null, Examples.key());
            } catch (RefusedException e) {
                assertTrue(e.getMessage().contains("date: 2026-11-21 is in the future"), e.getMessage());
            }
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT recorded_at, snapshot FROM record WHERE kind = "
                     + "'withdrawal'")) {
            while (rs.next()) {
                LocalDate recorded = java.time.Instant.parse(rs.getString(1)).atZone(java.time.ZoneId.of(
                        "Asia/Tokyo")).toLocalDate();
                assertTrue(rs.getString(2).contains("\"date\":\"2026-11-21\"") && !recorded.isBefore(
                        LocalDate.parse("2026-11-21")), "a withdrawal dated 2026-11-21 recorded on " + recorded);
            }
        }
    }

    /**
     * Two programs withdrawing, then correcting, one consent at the same moment: one is recorded, the other told that
     * the consent was withdrawn or corrected meanwhile, nothing of it archived (attack review of issue 17: the second
     * failed with the database's primary-key message, exit 4, and left its signed PDF in the archive as an orphan).
     */
    @Test
    void twoProgramsAtOnceRecordOneWithdrawalAndOneCorrectionAndTellTheOtherWhy() throws Exception {
        Principal office = signIn(MANAGER, MANAGER_PASSWORD);
        List<String> withdrawals = race(i -> new WithdrawConsent(p -> RecordStore.open(dir, Examples.CLOCK, office, p),
                fixed(Examples.key(), "the test key")).withdraw(JA, LocalDate.parse("2026-11-21"), "申し出により", "受付",
                null).id());
        assertTrue(withdrawals.contains("recorded " + JA + "-withdrawal"), withdrawals.toString());
        // told at its first check ("already withdrawn") or, when both began before either was stored, at its write
        assertTrue(withdrawals.stream().anyMatch(w -> w.startsWith("ConflictException: " + JA + ": this consent was ")
                && w.contains("withdrawn") && w.endsWith("nothing was changed")), withdrawals.toString());
        String[] phones = {"03-1111-1111", "03-2222-2222"};
        List<String> corrections = race(i -> new WithdrawConsent(p -> RecordStore.open(dir, Examples.CLOCK, office, p),
                fixed(Examples.key(), "the test key")).correct(JA, "patient.phone", phones[i], "digits swapped",
                "受付").id());
        assertTrue(corrections.contains("recorded " + JA + "-correction-1"), corrections.toString());
        // the other is either told the value changed meanwhile, or, had the first been stored before its own check
        // began, recorded after it as a correction of the corrected value
        assertTrue(corrections.stream().anyMatch(c -> c.startsWith("ConflictException: " + JA + ": was corrected "
                + "meanwhile")) || corrections.contains("recorded " + JA + "-correction-2"), corrections.toString());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            RecordStore.Verification v = store.verify((d, t) -> { });
            assertEquals(List.of(), v.problems());
            assertEquals(List.of(), v.orphans(), "no signed PDF of the refused one was left in the archive");
            assertTrue(v.checked().startsWith("1 record, 1 withdrawal and "), v.checked());
        }
    }

    /** Runs {@code work(0)} and {@code work(1)} at once; "recorded ID" or the refusal's class and message each. */
    private static List<String> race(Work work) throws Exception {
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<String>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    start.await();
                    try {
                        return "recorded " + work.run(n);
                    } catch (org.exoconsent.records.StoreException e) {
                        return e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                }));
            }
            List<String> out = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<String> f : done) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    @FunctionalInterface
    private interface Work {
        String run(int i) throws Exception;
    }

    /** A clock whose first reading is {@code first} and every later one {@code then}: a step back at midnight. */
    private static final class SteppingClock extends java.time.Clock {
        volatile java.time.Instant first;
        volatile java.time.Instant then = java.time.Instant.parse("2026-11-21T03:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneId.of("Asia/Tokyo");
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            java.time.Instant r = first != null ? first : then;
            first = null;
            return r;
        }
    }

    private void assertNothingWritten() throws Exception {
        assertEquals(List.of(consent.pdf()), archived(), "nothing was archived");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertUntouched(store);
            assertEquals(List.of(), TestAudit.entries(store, "withdrawn"));
            assertEquals(List.of(), TestAudit.entries(store, "corrected"));
        }
    }

    private Principal signIn(String name, String password) throws Exception {
        try (RecordStore s = RecordStore.signIn(dir, Examples.CLOCK, name, password.toCharArray(), "t")) {
            return s.principal();
        }
    }

    /** The tests' key, counting how often it is loaded. */
    private static KeySource counting(AtomicInteger loaded) {
        KeySource key = fixed(Examples.key(), "the test key");
        return new KeySource() {
            @Override
            public SigningKey load(RecordStore store, String clinicName) throws org.exoconsent.pdf.KeyException,
                    org.exoconsent.records.StoreException {
                loaded.incrementAndGet();
                return key.load(store, clinicName);
            }

            @Override
            public String what() {
                return key.what();
            }

            @Override
            public Path file() {
                return key.file();
            }
        };
    }

    /** The consent is still active, uncorrected, and the only document. */
    private void assertUntouched(RecordStore store) throws Exception {
        List<RecordRow> rows = store.list(RecordFilter.ALL, 0, 10);
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("active", rows.get(0).status());
        assertEquals(Examples.session("complete-ja").patient().phone(), rows.get(0).patientPhone());
        assertEquals(null, rows.get(0).correctedBy());
    }

    private static RecordRow row(RecordStore store, String id) throws Exception {
        return store.list(RecordFilter.ALL, 0, 10).stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private List<Path> archived() throws Exception {
        try (Stream<Path> s = Files.walk(dir.archive())) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
