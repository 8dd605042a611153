package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.ui.wizard.ConsultationServices;
import org.exoconsent.ui.wizard.ConsultationSetup;
import org.exoconsent.ui.wizard.WizardViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §5, "a tablet in UTC": the device's own time zone (the JVM default, set to UTC here) never decides a
 * time. The clinic's time-zone setting (Asia/Tokyo unless an administrator sets another) does, for what is recorded
 * (the wizard's session times), counted (a patient's age on the consultation day) and shown (the PDF, verify, the
 * CSV export, the records list).
 */
class TabletInUtcTest {
    /** The example consultation began at 10:00 in Tokyo, 01:00 UTC. */
    static final Instant TEN_IN_TOKYO = Instant.parse("2026-11-20T01:00:00Z");
    /** The day after, 12:00 in Tokyo: when the tests record and sign; a clock set to UTC, as the tablet is. */
    static final Clock DEVICE = Clock.fixed(Instant.parse("2026-11-21T03:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    private TimeZone deviceZone;

    @BeforeEach
    void theTabletIsSetToUtc() {
        deviceZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        assertEquals("UTC", ZoneId.systemDefault().getId());
    }

    @AfterEach
    void restore() {
        TimeZone.setDefault(deviceZone);
    }

    record Run(int exit, String out, String err) {
    }

    /** A command as "tester" (every role); a recorded session is first confirmed by its physician, as the app does. */
    private Run run(Path data, String... args) throws Exception {
        TestAccounts.everyone(new DataDirectory(data), DEVICE);
        List<String> list = List.of(args);
        if (args[0].equals("record")) {
            TestAccounts.confirmFiles(new DataDirectory(data), DEVICE, List.of(Path.of(list.get(list.indexOf(
                    "--session") + 1))));
        }
        Map<String, String> env = new HashMap<>();
        env.put("EXOCONSENT_USER", TestAccounts.NAME);
        env.put("EXOCONSENT_PASSWORD", TestAccounts.PASSWORD);
        List<String> all = new ArrayList<>(list);
        all.add(1, "--data-dir");
        all.add(2, data.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ExoConsentCli.commandLine(env, DEVICE, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(err, true)).execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /** The Japanese example with every time moved by {@code shift} and written in UTC, as a UTC device writes them. */
    private static ObjectNode writtenInUtc(Duration shift) {
        ObjectNode json = Examples.json("complete-ja");
        rewriteTimes(json, shift);
        return json;
    }

    private static void rewriteTimes(com.fasterxml.jackson.databind.JsonNode node, Duration shift) {
        if (node instanceof ObjectNode o) {
            for (String field : (Iterable<String>) () -> o.fieldNames()) {
                com.fasterxml.jackson.databind.JsonNode v = o.get(field);
                if (v.isTextual() && v.asText().matches("\\d{4}-\\d\\d-\\d\\dT.*[+-]\\d\\d:\\d\\d")) {
                    o.set(field, new TextNode(OffsetDateTime.parse(v.asText()).plus(shift)
                            .withOffsetSameInstant(ZoneOffset.UTC).toString()));
                } else {
                    rewriteTimes(v, shift);
                }
            }
        } else {
            node.forEach(child -> rewriteTimes(child, shift));
        }
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    @Test
    void aTenOClockConsultationInTokyoPrintsTenOClockInThePdfVerifyAndTheCsv() throws Exception {
        Path data = tmp.resolve("data");
        Path session = tmp.resolve("utc.json");
        ObjectNode json = writtenInUtc(Duration.ZERO);
        assertEquals("2026-11-20T01:00Z", json.get("startedAt").asText(), "written by a device in UTC");
        Files.write(session, Examples.bytes(json));
        Run record = run(data, "record", "--session", session.toString());
        assertEquals(0, record.exit(), record.err());

        Path pdf = Files.walk(data.resolve("archive")).filter(p -> p.toString().endsWith(".pdf")).findFirst()
                .orElseThrow();
        assertTrue(pdf.toString().replace('\\', '/').contains("archive/2026/11/"), pdf.toString());
        String text = text(Files.readAllBytes(pdf));
        assertTrue(text.contains("2026-11-20 10:00 (+09:00)"), "the consultation at 10:00 in Tokyo:\n" + text);
        assertTrue(text.contains("2026-11-20 10:32 (+09:00)"), "the patient's signature at 10:32");
        assertFalse(text.contains("(+00:00)"), "no time in the device's zone");
        assertFalse(text.contains("01:00"), "not 01:00");

        Run verify = run(data, "verify", pdf.toString());
        assertEquals(0, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains("signed at:   2026-11-21 12:00 (+09:00)"),
                "the signing time as the PDF prints times: " + verify.out());

        Path csv = tmp.resolve("records.csv");
        Run export = run(data, "export", "--format", "csv", "--out", csv.toString());
        assertEquals(0, export.exit(), export.err());
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertTrue(lines.get(0).contains("consultationAt"), lines.get(0));
        assertTrue(lines.get(1).contains("2026-11-20T10:00:00+09:00"), "the consultation: " + lines.get(1));
        assertTrue(lines.get(1).contains("2026-11-21T12:00:00+09:00"), "when it was recorded: " + lines.get(1));
        assertFalse(lines.get(1).contains("Z,") || lines.get(1).contains("+00:00"), lines.get(1));

        Run recall = run(data, "records", "recall", "--lot", json.get("treatment").get("lot").get("number")
                .asText());
        assertEquals(0, recall.exit(), recall.err());
        assertTrue(recall.out().contains("consultation 2026-11-20"), recall.out());

        // a 10:00 consultation that began before 09:00 UTC is on the same day in Tokyo and in the filter by day
        Run filtered = run(data, "export", "--format", "csv", "--from", "2026-11-20", "--to", "2026-11-20",
                "--out", tmp.resolve("day.csv").toString());
        assertEquals(0, filtered.exit(), filtered.err());
        assertEquals(2, Files.readAllLines(tmp.resolve("day.csv")).size(), "the header and the consultation");
    }

    /**
     * Born on 20 November 2008; the consultation at 00:30 on 20 November 2026 in Tokyo, which is still the 19th in
     * UTC: the patient turned 18 that day and signs as an adult (民法第4条; the day is the clinic's).
     */
    @Test
    void aPatientTurning18OnTheConsultationDayInTokyoIsAnAdultThoughItIsStillThePreviousDayInUtc() throws Exception {
        ObjectNode json = writtenInUtc(Duration.ofHours(-9).minusMinutes(30));
        ((ObjectNode) json.get("patient")).put("dateOfBirth", "2008-11-20");
        assertEquals("2026-11-19T15:30Z", json.get("startedAt").asText(), "00:30 in Tokyo, still the 19th in UTC");
        ConsentSession s = Examples.session(json);
        ClinicClock tokyo = ClinicClock.of(DEVICE, ZoneId.of("Asia/Tokyo"));
        assertEquals(LocalDate.of(2026, 11, 20), CompletenessCheck.consultationDay(s, tokyo));
        assertFalse(CompletenessCheck.isMinor(s, tokyo), "18 today in Tokyo");
        assertEquals(List.of(), CompletenessCheck.problems(s, Examples.template(), tokyo),
                "complete as an adult's consent, signed by the patient");

        // recorded in a clinic on the default setting, on this UTC tablet: an adult's document
        Path data = tmp.resolve("data");
        Path session = tmp.resolve("eighteen.json");
        Files.write(session, Examples.bytes(json));
        Run record = run(data, "record", "--session", session.toString());
        assertEquals(0, record.exit(), record.err());
        Path pdf = Files.walk(data.resolve("archive")).filter(p -> p.toString().endsWith(".pdf")).findFirst()
                .orElseThrow();
        String text = text(Files.readAllBytes(pdf));
        assertTrue(text.contains("2008年11月20日（18歳）"), "18 on the consultation day:\n" + text);
        assertTrue(text.contains("2026-11-20 00:30 (+09:00)"), "the clinic's day and time");
        assertTrue(text.contains("患者さん：佐藤 花子"), "the patient signs her own consent");
        assertFalse(text.contains("患者さんご本人（賛成）"), "not a minor's assent");

        // the same instant in a clinic whose zone is UTC is the 19th: there the patient is still 17
        ClinicClock utcClinic = ClinicClock.of(DEVICE, ZoneId.of("UTC"));
        assertTrue(CompletenessCheck.isMinor(s, utcClinic), "the setting, not the device, decides");
        assertTrue(CompletenessCheck.problems(s, Examples.template(), utcClinic).stream()
                .anyMatch(p -> p.startsWith("representative: the patient is under 18")));
    }

    @Test
    void theWizardOnAUtcTabletWritesTheClinicsOffsetTakenFromTheStore() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        Clock tenInTokyo = Clock.fixed(TEN_IN_TOKYO, ZoneOffset.UTC);
        ConsultationServices services = new ConsultationServices(dir, tenInTokyo,
                TestAccounts.everyone(dir, tenInTokyo));
        ConsultationServices.Opening opening = services.opening(null);
        assertEquals(ZoneId.of("Asia/Tokyo"), opening.clock().zone(), "the default setting, from the store");
        WizardViewModel vm = new WizardViewModel(opening.template(), opening.clock(), "utc-1", Duration.ZERO,
                pin -> false);
        assertEquals(List.of(), vm.start(ConsultationSetup.of(Examples.session("complete-ja")), "sato"));
        assertEquals("2026-11-20T10:00+09:00", vm.draft().startedAt().toString(),
                "10:00 with the clinic's offset, not 01:00 (+00:00)");
        assertEquals("2026-11-20T10:00+09:00", vm.draft().preparedBy().at().toString());

        // an administrator moves the clinic to London: the next consultation is written in London's time
        try (RecordStore store = TestAccounts.open(dir, tenInTokyo, "set the zone")) {
            store.setTimeZone(ZoneId.of("Europe/London"));
        }
        ConsultationServices.Opening london = services.opening(null);
        assertEquals(ZoneId.of("Europe/London"), london.clock().zone());
        WizardViewModel there = new WizardViewModel(london.template(), london.clock(), "utc-2", Duration.ZERO,
                pin -> false);
        there.start(ConsultationSetup.of(Examples.session("complete-ja")), "sato");
        assertEquals("2026-11-20T01:00Z", there.draft().startedAt().toString());
    }

    @Test
    void theSettingSurvivesARestartIsAuditedAndAnUnknownZoneIsRefusedNamingIt() throws Exception {
        Path data = tmp.resolve("data");
        Run show = run(data, "settings", "show");
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("time-zone            Asia/Tokyo  (default)"), show.out());

        Run typo = run(data, "settings", "set", "time-zone", "Asia/Tokio");
        assertEquals(ExitCodes.INVALID_INPUT, typo.exit());
        assertTrue(typo.err().contains("time-zone: 'Asia/Tokio' is not a known time-zone id"), typo.err());
        assertTrue(typo.err().contains("nothing was changed"), typo.err());
        Run abbreviation = run(data, "settings", "set", "time-zone", "JST");
        assertEquals(ExitCodes.INVALID_INPUT, abbreviation.exit());
        assertTrue(abbreviation.err().contains("time-zone: 'JST' is not a known time-zone id"), abbreviation.err());

        Run set = run(data, "settings", "set", "time-zone", "Europe/London");
        assertEquals(0, set.exit(), set.err());
        // every command is a new opening of the data directory, as after a restart
        assertTrue(run(data, "settings", "show").out().contains("time-zone            Europe/London\n"));
        DataDirectory dir = new DataDirectory(data);
        assertEquals(ZoneId.of("Europe/London"), RecordStore.clinicZone(dir), "read without signing in (verify)");
        try (RecordStore store = TestAccounts.open(dir, DEVICE, "check")) {
            assertEquals(ZoneId.of("Europe/London"), store.clinicClock().zone());
            List<String> audited = TestAudit.entries(store, "settings:changed");
            assertEquals(List.of("settings:changed time-zone {\"from\":\"Asia/Tokyo (default)\",\"to\":"
                    + "\"Europe/London\"}"), audited, "one change, the refusals changed nothing");
        }

        // the London clinic's record prints London's time; verify says it the same way
        Path session = tmp.resolve("s.json");
        Files.write(session, Examples.bytes(writtenInUtc(Duration.ZERO)));
        assertEquals(0, run(data, "record", "--session", session.toString()).exit());
        Path pdf = Files.walk(data.resolve("archive")).filter(p -> p.toString().endsWith(".pdf")).findFirst()
                .orElseThrow();
        assertTrue(text(Files.readAllBytes(pdf)).contains("2026-11-20 01:00 (+00:00)"));
        assertTrue(run(data, "verify", pdf.toString()).out().contains("signed at:   2026-11-21 03:00 (+00:00)"));
    }

    /** Every data directory an earlier release made (src/test/resources/fixtures), newest first. */
    static List<Path> fixtures() throws Exception {
        List<Path> all = new java.util.ArrayList<>(PreviousRelease.fixtures());
        java.util.Collections.reverse(all);
        return all;
    }

    @Test
    void aDataDirectoryOfAnEarlierReleaseOpensInTokyoAndListsItsRecordsInTokyo() throws Exception {
        List<Path> fixtures = fixtures();
        assertTrue(fixtures.size() >= 2, fixtures.toString());
        for (Path fixture : fixtures) {
            DataDirectory dir = new DataDirectory(PreviousRelease.copyTo(fixture, tmp.resolve(fixture
                    .getFileName())));
            assertEquals(ZoneId.of("Asia/Tokyo"), RecordStore.clinicZone(dir), fixture + ", before opening");
            try (RecordStore store = RecordStore.signIn(dir, DEVICE, "admin", "admin-password-1".toCharArray(),
                    "upgrade test")) {
                assertEquals(ZoneId.of("Asia/Tokyo"), store.clinicClock().zone(), fixture.toString());
                // the clinics of the 1.4.0 and later fixtures set Asia/Tokyo themselves; the older ones never set a zone
                boolean setByTheClinic = PreviousRelease.release(fixture).get(0) > 1
                        || PreviousRelease.release(fixture).get(1) >= 4;
                assertEquals(!setByTheClinic, store.settings().isDefaultTimeZone(), fixture.toString());
            }
            try (RecordStore store = RecordStore.signIn(dir, DEVICE, "suzuki", "manager-password-1".toCharArray(),
                    "upgrade test")) {
                List<RecordRow> rows = store.list(org.exoconsent.records.RecordFilter.ALL, 0, 50);
                assertFalse(rows.isEmpty(), fixture.toString());
                for (RecordRow r : rows) {
                    assertTrue(r.consultationAt().endsWith("+09:00"), r.consultationAt());
                    assertTrue(r.recordedAt().endsWith("+09:00"), "recorded (stored in UTC) shown in Tokyo: "
                            + r.recordedAt());
                }
            }
        }
    }
}
