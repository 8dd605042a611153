package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 §6: {@code exoconsent audit export} gives an inspector the audit trail — exactly the entries the filter
 * selects, with their times in the clinic's time zone, and the chain's head as {@code audit-head.txt} holds it — read
 * back as an inspector would: the CSV with Jackson, the PDF with PDFBox.
 */
class AuditExportCommandTest {
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final String JA = "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10";
    /** 23:59:59 on 20 November in Tokyo. */
    private static final Instant LAST_SECOND_OF_20TH = Instant.parse("2026-11-20T14:59:59Z");
    /** Midnight of 21 November in Tokyo, still 20 November in UTC. */
    private static final Instant MIDNIGHT_OF_21ST = Instant.parse("2026-11-20T15:00:00Z");

    @TempDir
    Path tmp;
    private Path data;
    private final Map<String, String> asTester = Map.of("EXOCONSENT_USER", TestAccounts.NAME, "EXOCONSENT_PASSWORD",
            TestAccounts.PASSWORD);

    /** The clinic set up on the 19th, records verified either side of midnight of the 21st, a consent recorded. */
    @BeforeEach
    void aTrailOverSeveralClinicDays() throws Exception {
        data = tmp.resolve("data");
        DataDirectory dir = new DataDirectory(data);
        // set up once per JVM (on the fixed clocks below), copied into each test (TestAccounts#copied)
        if (!TestAccounts.copied(dir, "AuditExportCommandTest: a trail over several clinic days", Examples.CLOCK,
                this::aTrailOverSeveralClinicDaysIn)) {
            aTrailOverSeveralClinicDaysIn(dir);
        }
    }

    private void aTrailOverSeveralClinicDaysIn(DataDirectory dir) throws Exception {
        Path at = dir.root();
        TestAccounts.everyone(dir, Clock.fixed(Instant.parse("2026-11-19T03:00:00Z"), TOKYO));
        assertEquals(0, runAs(at, asTester, Clock.fixed(LAST_SECOND_OF_20TH, TOKYO), "records", "verify").exit());
        assertEquals(0, runAs(at, asTester, Clock.fixed(MIDNIGHT_OF_21ST, TOKYO), "records", "verify").exit());
        TestAccounts.confirmFiles(dir, Examples.CLOCK, List.of(Examples.sessionFile("complete-ja")));
        CliTest.Run r = runAs(at, asTester, Examples.CLOCK, "record", "--session",
                Examples.sessionFile("complete-ja").toString());
        assertEquals(0, r.exit(), r.err());
    }

    private CliTest.Run runAt(Clock clock, String... args) {
        return runAs(asTester, clock, args);
    }

    private CliTest.Run runAs(Map<String, String> env, Clock clock, String... args) {
        return runAs(data, env, clock, args);
    }

    private static CliTest.Run runAs(Path data, Map<String, String> env, Clock clock, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(data.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ExoConsentCli.commandLine(env, clock, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(err, true)).execute(all.toArray(String[]::new));
        return new CliTest.Run(exit, out.toString(), err.toString());
    }

    private CliTest.Run run(String... args) {
        return runAt(Examples.CLOCK, args);
    }

    /** One audit entry as the database holds it, read with plain JDBC. */
    private record Row(long seq, Instant at, String actor, String action, String subject) {
        LocalDate clinicDay() {
            return at.atZone(TOKYO).toLocalDate();
        }
    }

    private List<Row> table() throws Exception {
        List<Row> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("exoconsent.db"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, at, actor, action, subject FROM audit ORDER BY seq")) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getString(3), rs.getString(4),
                        rs.getString(5)));
            }
        }
        return rows;
    }

    private List<Long> expected(Predicate<Row> which) throws Exception {
        return table().stream().filter(which).map(Row::seq).toList();
    }

    private record Csv(List<String> heading, List<Map<String, String>> rows) {
    }

    private static Csv readCsv(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\ufeff"), "UTF-8 with BOM, for Excel");
        text = text.substring(1);
        List<String> heading = text.lines().filter(l -> l.startsWith("# ")).map(l -> l.substring(2)).toList();
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.ALLOW_COMMENTS);
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader().withComments()).readValues(text)) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return new Csv(heading, rows);
    }

    private String headFile() throws Exception {
        return Files.readString(data.resolve("audit-head.txt"), StandardCharsets.US_ASCII).strip();
    }

    @Test
    void theCsvHoldsExactlyTheEntriesOfTheClinicsDaysWithTheirTimesInTheClinicsZoneAndTheHead() throws Exception {
        String head = headFile();
        List<Long> wanted = expected(r -> r.clinicDay().equals(LocalDate.of(2026, 11, 21)));
        Path out = tmp.resolve("inspection/audit-21.csv");
        Files.createDirectories(out.getParent());
        CliTest.Run r = run("audit", "export", "--from", "2026-11-21", "--to", "2026-11-21", "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());

        Csv csv = readCsv(out);
        assertEquals(wanted, csv.rows().stream().map(m -> Long.parseLong(m.get("sequence"))).toList(),
                "exactly the entries of 21 November in Tokyo");
        List<Row> table = table();
        Row midnight = table.stream().filter(x -> x.at().equals(MIDNIGHT_OF_21ST)).findFirst().orElseThrow();
        Row before = table.stream().filter(x -> x.at().equals(LAST_SECOND_OF_20TH)).findFirst().orElseThrow();
        assertTrue(wanted.contains(midnight.seq()), "midnight in Tokyo is the 21st although UTC says the 20th");
        assertFalse(wanted.contains(before.seq()), "23:59:59 in Tokyo is the 20th");
        DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        for (Map<String, String> row : csv.rows()) {
            Row db = table.stream().filter(x -> x.seq() == Long.parseLong(row.get("sequence"))).findFirst()
                    .orElseThrow();
            assertEquals(iso.format(db.at().atZone(TOKYO).toOffsetDateTime()), row.get("time"));
            assertTrue(row.get("time").endsWith("+09:00"), row.get("time"));
            assertEquals(db.actor(), row.get("actor"));
            assertEquals(db.action(), row.get("action"));
            assertEquals(db.subject(), row.get("subject"));
        }
        Map<String, String> verified = csv.rows().stream().filter(m -> m.get("sequence").equals(
                String.valueOf(midnight.seq()))).findFirst().orElseThrow();
        assertEquals("2026-11-21T00:00:00+09:00", verified.get("time"));
        Map<String, String> created = csv.rows().stream().filter(m -> m.get("action").equals("created")).findFirst()
                .orElseThrow();
        assertEquals(JA, created.get("subject"));
        assertTrue(created.get("details").matches(".*sha256: [0-9a-f]{64}.*"), "details in words: "
                + created.get("details"));
        assertFalse(created.get("details").contains("{"), created.get("details"));

        String[] headParts = head.split(" ");
        assertTrue(csv.heading().contains("chain head: entry " + headParts[0] + ", SHA-256 " + headParts[1]),
                "the head printed is audit-head.txt's: " + csv.heading());
        assertTrue(csv.heading().contains("chain verifies: yes"), csv.heading().toString());
        assertTrue(csv.heading().contains("times in the clinic's time zone Asia/Tokyo"), csv.heading().toString());
        assertTrue(r.out().contains("chain head: entry " + headParts[0] + ", SHA-256 " + headParts[1]), r.out());

        // the export is itself audited, with the head it printed, and the head moves on by that one entry
        try (RecordStore store = TestAccounts.open(new DataDirectory(data), Examples.CLOCK, "check")) {
            List<String> exported = TestAudit.entries(store, "audit-exported");
            assertEquals(1, exported.size(), exported.toString());
            assertTrue(exported.get(0).startsWith("audit-exported csv "), exported.toString());
            assertTrue(exported.get(0).contains("\"head\":\"" + head + "\""), exported.toString());
            assertTrue(exported.get(0).contains("\"entries\":" + wanted.size()), exported.toString());
            assertTrue(exported.get(0).contains("\"file\":\"" + out.toAbsolutePath() + "\""), exported.toString());
        }
        assertTrue(headFile().startsWith((Long.parseLong(headParts[0]) + 1) + " "), headFile());
    }

    @Test
    void actionActorAndSubjectSelectExactlyTheirEntries() throws Exception {
        Path byAction = tmp.resolve("verified.csv");
        assertEquals(0, run("audit", "export", "--action", "verified", "--out", byAction.toString()).exit());
        List<Long> verified = expected(r -> r.action().equals("verified"));
        assertEquals(2, verified.size());
        assertEquals(verified, readCsv(byAction).rows().stream().map(m -> Long.parseLong(m.get("sequence"))).toList());

        Path bySubject = tmp.resolve("record.csv");
        assertEquals(0, run("audit", "export", "--subject", JA, "--out", bySubject.toString()).exit());
        List<Long> aboutRecord = expected(r -> r.subject().equals(JA));
        assertFalse(aboutRecord.isEmpty());
        assertEquals(aboutRecord, readCsv(bySubject).rows().stream().map(m -> Long.parseLong(m.get("sequence")))
                .toList());

        Path byActor = tmp.resolve("tester.csv");
        List<Long> testers = expected(r -> r.actor().startsWith(TestAccounts.NAME + " ["));
        assertEquals(0, run("audit", "export", "--actor", TestAccounts.NAME, "--from", "2026-11-19", "--out",
                byActor.toString()).exit());
        assertFalse(testers.isEmpty());
        assertTrue(testers.size() < table().size(), "others acted too (the first run)");
        assertEquals(testers, readCsv(byActor).rows().stream().map(m -> Long.parseLong(m.get("sequence")))
                .toList());
    }

    @Test
    void thePdfCarriesTheEntriesInJapaneseWithTheHeadAndTheChainsVerification() throws Exception {
        String head = headFile();
        Path out = tmp.resolve("audit.pdf");
        CliTest.Run r = run("audit", "export", "--from", "2026-11-19", "--to", "2026-11-21", "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        String text;
        try (PDDocument doc = Loader.loadPDF(out.toFile())) {
            text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
        }
        assertTrue(text.contains("監査証跡"), "the Japanese title: " + text);
        assertTrue(text.contains("デモクリニック（練習用・架空）"), "the clinic's name in Japanese glyphs");
        String[] parts = head.split(" ");
        assertTrue(text.contains("チェーンの先頭:項目" + parts[0] + "、SHA-256" + parts[1]), "the head: " + text);
        assertTrue(text.contains("検証済み"), "the chain verifies");
        assertTrue(text.contains("Asia/Tokyo"));
        assertTrue(text.contains("2026-11-21T00:00:00+09:00"), "the midnight entry in the clinic's zone");
        for (Row row : table()) {
            if (row.seq() <= Long.parseLong(parts[0])) {
                assertTrue(text.contains(row.action()), "entry " + row.seq() + " " + row.action());
            }
        }
        assertTrue(text.contains(JA), "the record's id");
    }

    @Test
    void refusedDatesFilesAndPeopleAreNamedAndNothingIsWritten() throws Exception {
        Path out = tmp.resolve("a.csv");
        CliTest.Run reversed = run("audit", "export", "--from", "2026-11-22", "--to", "2026-11-21", "--out",
                out.toString());
        assertEquals(2, reversed.exit(), reversed.err());
        assertTrue(reversed.err().contains("--to 2026-11-21 is before --from 2026-11-22"), reversed.err());
        CliTest.Run notADate = run("audit", "export", "--from", "2026-13-01", "--out", out.toString());
        assertEquals(2, notADate.exit(), notADate.err());
        assertTrue(notADate.err().contains("--from 2026-13-01: not a date"), notADate.err());
        CliTest.Run inside = run("audit", "export", "--out", data.resolve("audit.csv").toString());
        assertEquals(3, inside.exit(), inside.err());
        assertTrue(inside.err().contains(data.resolve("audit.csv") + ": is inside the data directory " + data),
                inside.err());
        CliTest.Run text = run("audit", "export", "--out", tmp.resolve("a.txt").toString());
        assertEquals(3, text.exit(), text.err());
        assertTrue(text.err().contains("FILE.csv or FILE.pdf"), text.err());
        CliTest.Run physician = runAs(Map.of("EXOCONSENT_USER", TestAccounts.PHYSICIAN, "EXOCONSENT_PASSWORD",
                TestAccounts.PHYSICIAN_PASSWORD), Examples.CLOCK, "audit", "export", "--out", out.toString());
        assertEquals(5, physician.exit(), physician.err());
        assertFalse(Files.exists(out) || Files.exists(data.resolve("audit.csv")) || Files.exists(tmp.resolve("a.txt")));
    }

    @Test
    void aTrailEditedWithSqliteIsExportedSayingThatItsChainDoesNotVerifyExit1() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("exoconsent.db"));
             Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER audit_no_update");
            st.execute("UPDATE audit SET details = '{}' WHERE seq = 2");
        }
        Path out = tmp.resolve("edited.csv");
        CliTest.Run r = run("audit", "export", "--out", out.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("DOES NOT VERIFY"), r.out());
        List<String> heading = readCsv(out).heading();
        assertTrue(heading.stream().anyMatch(l -> l.startsWith("chain verifies: NO") && l.contains("entry 2")),
                heading.toString());
    }
}
