package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may give a patient their copy, and what the copy is: the archived PDF byte for byte, never an altered one,
 * never saved into the data directory, each one given in the audit trail with who gave it.
 */
class PatientCopyTest {
    @TempDir
    Path tmp;
    private DataDirectory dir;
    private final ConsentSession consent = Examples.session("complete-ja");

    @BeforeEach
    void reception() throws Exception {
        dir = new DataDirectory(tmp.resolve("data"));
        try (RecordStore admin = TestAccounts.open(dir, Examples.CLOCK, "set-up")) {
            for (String staff : new String[] {"reception", "reception2"}) {
                admin.addUser(staff, EnumSet.of(Role.STAFF), null, "reception password".toCharArray());
            }
            admin.addUser("office", EnumSet.of(Role.MANAGER), null, "manager password".toCharArray());
            admin.addPhysician(new Catalog.Physician("佐々木 恵", "654321", true));
            admin.addUser(TestAccounts.OTHER_PHYSICIAN, EnumSet.of(Role.PHYSICIAN), "654321",
                    TestAccounts.OTHER_PHYSICIAN_PASSWORD.toCharArray());
        }
        // reception records the consent at the end of the consultation
        try (RecordStore staff = as("reception", "reception password", Examples.CLOCK)) {
            TestAccounts.record(staff, consent, Examples.template(), Examples.key(), "test");
        }
    }

    private RecordStore as(String name, String password, Clock clock) throws StoreException {
        return RecordStore.signIn(dir, clock, name, password.toCharArray(), "test");
    }

    @Test
    void theStaffWhoRecordedItGiveTheCopyThatDayOthersWhoMaySeeItAlwaysNoOneElse() throws Exception {
        byte[] archived;
        try (RecordStore manager = as("office", "manager password", Examples.CLOCK)) {
            archived = Files.readAllBytes(manager.pdf(consent.id()));
            assertArrayEquals(archived, manager.patientCopy(consent.id()), "a manager, any day");
        }
        try (RecordStore staff = as("reception", "reception password", Examples.CLOCK)) {
            assertArrayEquals(archived, staff.patientCopy(consent.id()), "who recorded it, that day");
            Files.createDirectories(tmp.resolve("patient"));
            Path out = staff.savePatientCopy(consent.id(), tmp.resolve("patient/consent.pdf"), false);
            assertArrayEquals(archived, Files.readAllBytes(out));
            staff.saveTakeHomeCard(consent.id(), tmp.resolve("patient/card.pdf"), false);
        }
        Clock tomorrow = Clock.offset(Examples.CLOCK, Duration.ofDays(1));
        try (RecordStore staff = as("reception", "reception password", tomorrow)) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> staff.patientCopy(
                    consent.id()));
            assertEquals("reception (staff) may give the patient's copy only of a record they may see, or of a "
                    + "consent they recorded themselves today; " + consent.id() + " is neither. Nothing was given",
                    e.getMessage());
            assertThrows(AccessDeniedException.class, () -> staff.takeHomeCard(consent.id()));
        }
        try (RecordStore other = as("reception2", "reception password", Examples.CLOCK)) {
            assertThrows(AccessDeniedException.class, () -> other.savePatientCopy(consent.id(),
                    tmp.resolve("x.pdf"), false), "staff who did not record it");
        }
        try (RecordStore own = as(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD, tomorrow)) {
            assertArrayEquals(archived, own.patientCopy(consent.id()), "the patient's own physician");
        }
        try (RecordStore other = as(TestAccounts.OTHER_PHYSICIAN, TestAccounts.OTHER_PHYSICIAN_PASSWORD, tomorrow)) {
            assertThrows(AccessDeniedException.class, () -> other.patientCopy(consent.id()),
                    "another physician's patient");
        }
        assertFalse(Files.exists(tmp.resolve("x.pdf")));
        try (RecordStore s = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(List.of("reception [staff]"), actors(s, "patient-copy-saved"), "who gave it");
            assertEquals(List.of("reception [staff]"), actors(s, "card-issued"));
        }
    }

    /**
     * The record's recording time changed with SQL (its trigger set aside): the staff who recorded it still give the
     * patient's copy and card that day (the audit trail's {@code created} entry says who and when), never a raw
     * parse error; the next day, still no one but those who may see it.
     */
    @Test
    void aRecordingTimeThatCannotBeReadStopsNotTheCopyOfWhoRecordedItThatDay() throws Exception {
        TestAccounts.damage(dir, "record", "recorded_at", "garbage", "id = '" + consent.id() + "'");
        try (RecordStore staff = as("reception", "reception password", Examples.CLOCK)) {
            try (RecordStore manager = as("office", "manager password", Examples.CLOCK)) {
                assertArrayEquals(Files.readAllBytes(manager.pdf(consent.id())), staff.patientCopy(consent.id()));
            }
            assertTrue(staff.takeHomeCard(consent.id()).length > 1000, "the card");
        }
        try (RecordStore staff = as("reception", "reception password",
                Clock.offset(Examples.CLOCK, Duration.ofDays(1)))) {
            assertThrows(AccessDeniedException.class, () -> staff.patientCopy(consent.id()), "the next day");
        }
    }

    private static List<String> actors(RecordStore s, String action) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (var ps = s.sqliteStores().connection().prepareStatement("SELECT actor FROM audit WHERE action = ? ORDER BY seq")) {
            ps.setString(1, action);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    @Test
    void anAlteredArchiveFileIsNeverGivenAsTheCopy() throws Exception {
        Path pdf;
        try (RecordStore s = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            pdf = s.pdf(consent.id());
        }
        byte[] b = Files.readAllBytes(pdf);
        b[b.length / 3] ^= 1;
        Files.write(pdf, b);
        try (RecordStore s = TestAccounts.open(dir, Examples.CLOCK, "copy")) {
            StoreException e = assertThrows(StoreException.class, () -> s.savePatientCopy(consent.id(),
                    tmp.resolve("copy.pdf"), false));
            assertTrue(e.getMessage().contains("the archived PDF was altered (its SHA-256 no longer matches the "
                    + "index); no copy was given (run records verify)"), e.getMessage());
            assertFalse(Files.exists(tmp.resolve("copy.pdf")));
            assertEquals(List.of(), TestAudit.entries(s, "patient-copy-saved"));
        }
    }

    @Test
    void nothingForThePatientIsSavedInsideTheDataDirectory() throws Exception {
        try (RecordStore s = TestAccounts.open(dir, Examples.CLOCK, "copy")) {
            for (Path inside : new Path[] {dir.root().resolve("consent.pdf"), dir.archive().resolve("2026/11/x.pdf"),
                dir.root().resolve("new-folder/deeper/consent.pdf")}) {
                RefusedException e = assertThrows(RefusedException.class, () -> s.savePatientCopy(consent.id(),
                        inside, false));
                assertTrue(e.getMessage().startsWith(inside + ": is inside the data directory " + dir.root()
                        + ". The patient's copy is the patient's, not the archive"), e.getMessage());
                assertFalse(Files.exists(inside));
            }
            assertFalse(Files.exists(dir.root().resolve("new-folder")), "not even a folder is made");
            Path beside = Files.createDirectories(tmp.resolve("data-copies")).resolve("consent.pdf"); // a sibling
            // whose name starts the same
            s.savePatientCopy(consent.id(), beside, false);
            assertTrue(Files.exists(beside));
            assertEquals(1, TestAudit.entries(s, "patient-copy-saved").size());
        }
    }

    @Test
    void printingIsAuditedWithThePrinterAndTheCardOfAWithdrawalIsRefused() throws Exception {
        try (RecordStore s = TestAccounts.open(dir, Examples.CLOCK, "print")) {
            s.patientCopyPrinted(consent.id(), "Reception laser", 11);
            s.takeHomeCardPrinted(consent.id(), "Reception laser");
            s.withdraw(consent.id(), java.time.LocalDate.parse("2026-11-21"), "by telephone", "受付", null,
                    Examples.key());
            s.takeHomeCardPrinted(consent.id(), "Reception laser");
            RefusedException e = assertThrows(RefusedException.class, () -> s.takeHomeCard(consent.id()
                    + "-withdrawal"));
            assertTrue(e.getMessage().contains("is a withdrawal document; the take-home card is the consent's"),
                    e.getMessage());
            assertEquals(s.patientCopy(consent.id() + "-withdrawal").length > 0, true,
                    "the withdrawal document is a signed record the patient may have a copy of");
            String sha = RecordStore.sha256(s.patientCopy(consent.id()));
            assertEquals(List.of("patient-copy-printed " + consent.id() + " {\"printer\":\"Reception laser\","
                    + "\"pages\":11,\"sha256\":\"" + sha + "\"}"), TestAudit.entries(s, "patient-copy-printed"));
            assertEquals(List.of("card-issued " + consent.id() + " {\"printer\":\"Reception laser\",\"languages\":"
                    + "\"ja\",\"withdrawn\":null}", "card-issued " + consent.id() + " {\"printer\":\"Reception "
                    + "laser\",\"languages\":\"ja\",\"withdrawn\":\"2026-11-21\"}"), TestAudit.entries(s,
                    "card-issued"));
        }
    }
}
