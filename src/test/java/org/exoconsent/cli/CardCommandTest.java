package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exoconsent card}: the take-home card of a recorded consent as the patient gets it, read back with PDFBox as
 * anyone would read it; where it may not be written, who may write it, and the audit trail.
 */
class CardCommandTest {
    private static final String EN = "a3e9b0c2-5d41-4f6a-8b27-91c4d0e6f538";
    private static final String JA = "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10";
    private static final String EN_BLOOD = "After this treatment, you may be refused as a blood donor. If you want "
            + "to give blood, show this card to the staff at the donation site and tell them about this treatment "
            + "and its date.";
    private static final String JA_BLOOD = "この治療を受けた後は、献血を断られる可能性があります。献血をするときは、このカードを献血会場"
            + "の職員に見せ、この治療を受けたことと日付を伝えてください。";

    @TempDir
    Path tmp;
    private Path data;
    private final Map<String, String> asTester = Map.of("EXOCONSENT_USER", TestAccounts.NAME, "EXOCONSENT_PASSWORD",
            TestAccounts.PASSWORD);

    @BeforeEach
    void recordTheExamples() throws Exception {
        data = tmp.resolve("data");
        DataDirectory dir = new DataDirectory(data);
        // set up once per JVM, copied into each test (TestAccounts#copied)
        if (!TestAccounts.copied(dir, "CardCommandTest: the examples recorded", Examples.CLOCK,
                this::recordTheExamplesIn)) {
            recordTheExamplesIn(dir);
        }
    }

    private void recordTheExamplesIn(DataDirectory dir) throws Exception {
        TestAccounts.everyone(dir, Examples.CLOCK);
        List<Path> sessions = List.of(Examples.sessionFile("complete-en"), Examples.sessionFile("complete-ja"));
        TestAccounts.confirmFiles(dir, Examples.CLOCK, sessions);
        CliTest.Run r = run(dir.root(), asTester, "record", "--session", sessions.get(0).toString(),
                sessions.get(1).toString());
        assertEquals(0, r.exit(), r.err());
    }

    private CliTest.Run run(Map<String, String> env, String... args) {
        return run(data, env, args);
    }

    private static CliTest.Run run(Path data, Map<String, String> env, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = data.toString();
        return CliTest.runRaw(env, new ByteArrayInputStream(new byte[0]), all);
    }

    /** The card's text as PDFBox extracts it, with line breaks and spaces folded, so wrapped sentences compare. */
    private static String text(PDDocument doc) throws IOException {
        return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
    }

    private static String folded(String s) {
        return s.replaceAll("\\s+", "");
    }

    @Test
    void anEnglishPatientsCardIsOneA6PageInEnglishWithTheJapaneseUnderneath() throws Exception {
        Path card = Files.createDirectories(tmp.resolve("for-the-patient")).resolve("card-en.pdf");
        CliTest.Run r = run(asTester, "card", "--record", EN, "--out", card.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(card + ": take-home card of " + EN), r.out());
        try (PDDocument doc = Loader.loadPDF(card.toFile())) {
            assertEquals(1, doc.getNumberOfPages(), "one page");
            PDRectangle box = doc.getPage(0).getMediaBox();
            assertEquals(105, box.getWidth() / 72 * 25.4, 0.5, "A6: 105 mm wide");
            assertEquals(148, box.getHeight() / 72 * 25.4, 0.5, "A6: 148 mm high");
            String text = text(doc);
            String flat = folded(text);
            assertTrue(text.contains("Emily Clarke"), text);
            assertTrue(text.contains("3 December 2026") && flat.contains("2026年12月3日"),
                    "the planned treatment date in both languages: " + text);
            assertTrue(text.contains("20 November 2026") && flat.contains("2026年11月20日"), "the day of the consent");
            assertTrue(text.contains("Demo Adipose EV Concentrate"), "the product: " + text);
            assertTrue(text.contains("AD-2609-17"), "the lot: " + text);
            assertTrue(text.contains("03-0000-0000"), "the clinic's telephone from the catalog: " + text);
            assertTrue(flat.contains("デモクリニック（練習用・架空）") && flat.contains("東京都千代田区デモ町1-2-3"),
                    "the clinic's name and address from the catalog: " + text);
            assertTrue(flat.contains(folded(EN_BLOOD)), "the blood-donation advice in English: " + text);
            assertTrue(flat.contains(JA_BLOOD), "and in Japanese: " + text);
            assertTrue(flat.indexOf(folded(EN_BLOOD)) < flat.indexOf(JA_BLOOD), "English first, Japanese underneath");
            assertTrue(text.contains("This card is not a signed document") && text.contains(EN),
                    "it says what it is not, and which record it belongs to: " + text);
            assertFalse(text.contains("withdrawn"), text);
        }
        try (RecordStore store = TestAccounts.open(new DataDirectory(data), Examples.CLOCK, "check")) {
            List<String> issued = TestAudit.entries(store, "card-issued");
            assertEquals(1, issued.size(), issued.toString());
            assertTrue(issued.get(0).startsWith("card-issued " + EN + " {\"file\":\"" + card.toAbsolutePath()
                    + "\",\"languages\":\"en,ja\",\"withdrawn\":null}"), issued.toString());
        }
    }

    @Test
    void aJapanesePatientsCardIsJapaneseOnlyAndAWithdrawnConsentsCardSaysSo() throws Exception {
        CliTest.Run w = run(asTester, "withdraw", "--record", JA, "--date", "2026-11-21", "--reason", "電話で申し出",
                "--received-by", "受付 鈴木");
        assertEquals(0, w.exit(), w.err());
        Path card = tmp.resolve("card-ja.pdf");
        CliTest.Run r = run(asTester, "card", "--record", JA, "--out", card.toString());
        assertEquals(0, r.exit(), r.err());
        try (PDDocument doc = Loader.loadPDF(card.toFile())) {
            assertEquals(1, doc.getNumberOfPages());
            String flat = folded(text(doc));
            assertTrue(flat.contains("佐藤花子"), flat);
            assertTrue(flat.contains("2026年12月1日"), "the planned treatment date: " + flat);
            assertTrue(flat.contains("デモ培養上清エクソソームUC-10") && flat.contains("UC10-2611-04"), flat);
            assertTrue(flat.contains(JA_BLOOD), flat);
            assertTrue(flat.contains("電話03-0000-0000"), flat);
            assertTrue(flat.contains("2026年11月21日に同意を撤回"), "a withdrawn consent's card is marked: " + flat);
            assertFalse(flat.contains("blood") || flat.contains("Treatment"), "Japanese only: " + flat);
        }
        CliTest.Run ofWithdrawal = run(asTester, "card", "--record", JA + "-withdrawal", "--out",
                tmp.resolve("w.pdf").toString());
        assertEquals(3, ofWithdrawal.exit(), ofWithdrawal.err());
        assertTrue(ofWithdrawal.err().contains(JA + "-withdrawal: is a withdrawal document; the take-home card is "
                + "the consent's (" + JA + ")"), ofWithdrawal.err());
        try (RecordStore store = TestAccounts.open(new DataDirectory(data), Examples.CLOCK, "check")) {
            assertEquals(List.of("card-issued " + JA + " {\"file\":\"" + card.toAbsolutePath()
                    + "\",\"languages\":\"ja\",\"withdrawn\":\"2026-11-21\"}"), TestAudit.entries(store,
                    "card-issued"));
        }
    }

    @Test
    void theCardIsNeverWrittenIntoTheDataDirectoryNorOverAFileNorForAnUnknownRecord() throws Exception {
        for (Path inside : new Path[] {data.resolve("card.pdf"), data.resolve("archive/2026/11/card.pdf"),
            tmp.resolve("elsewhere/../data/copies/card.pdf")}) {
            CliTest.Run r = run(asTester, "card", "--record", EN, "--out", inside.toString());
            assertEquals(3, r.exit(), inside + ": " + r.err());
            assertTrue(r.err().contains(inside + ": is inside the data directory " + data + ". The take-home card "
                    + "is the patient's, not the archive"), r.err());
            assertFalse(Files.exists(inside), "nothing was written: " + inside);
        }
        Path link = tmp.resolve("link-to-data");
        Files.createSymbolicLink(link, data);
        CliTest.Run viaLink = run(asTester, "card", "--record", EN, "--out", link.resolve("card.pdf").toString());
        assertEquals(3, viaLink.exit(), "a symbolic link does not hide the data directory: " + viaLink.err());

        Path existing = tmp.resolve("existing.pdf");
        Files.writeString(existing, "the patient's own file");
        CliTest.Run over = run(asTester, "card", "--record", EN, "--out", existing.toString());
        assertEquals(4, over.exit(), over.err());
        assertEquals("the patient's own file", Files.readString(existing, StandardCharsets.UTF_8));
        assertEquals(0, run(asTester, "card", "--record", EN, "--out", existing.toString(), "--overwrite").exit());

        CliTest.Run noFolder = run(asTester, "card", "--record", EN, "--out", tmp.resolve("no-such-folder/c.pdf")
                .toString());
        assertEquals(3, noFolder.exit(), noFolder.err());
        assertTrue(noFolder.err().contains(tmp.resolve("no-such-folder") + ": no such folder"), noFolder.err());
        assertFalse(Files.exists(tmp.resolve("no-such-folder")), "a mistyped folder is reported, not created");
        CliTest.Run empty = run(asTester, "card", "--record", EN, "--out", "");
        assertEquals(3, empty.exit(), empty.err());
        assertTrue(empty.err().contains("--out: give the card's file name"), empty.err());

        CliTest.Run unknown = run(asTester, "card", "--record", "no-such-id", "--out", tmp.resolve("u.pdf")
                .toString());
        assertEquals(3, unknown.exit());
        assertTrue(unknown.err().contains("no-such-id: no such record"), unknown.err());
        try (RecordStore store = TestAccounts.open(new DataDirectory(data), Examples.CLOCK, "check")) {
            assertEquals(1, TestAudit.entries(store, "card-issued").size(), "only the card written is audited");
        }
    }

    @Test
    void onlySomeoneWhoMaySeeTheRecordOrRecordedItTodayGetsTheCard() throws Exception {
        try (RecordStore store = TestAccounts.open(new DataDirectory(data), Examples.CLOCK, "set-up")) {
            store.addUser("admin2", EnumSet.of(Role.ADMINISTRATOR), null, "administrator pw".toCharArray());
            store.addUser("reception", EnumSet.of(Role.STAFF), null, "reception password".toCharArray());
        }
        CliTest.Run admin = run(Map.of("EXOCONSENT_USER", "admin2", "EXOCONSENT_PASSWORD", "administrator pw"),
                "card", "--record", EN, "--out", tmp.resolve("a.pdf").toString());
        assertEquals(5, admin.exit(), admin.err());
        assertTrue(admin.err().contains("admin2 (administrator) may not run exoconsent card: this needs the role"),
                admin.err()); // the command asked, not every action of its permission
        CliTest.Run staff = run(Map.of("EXOCONSENT_USER", "reception", "EXOCONSENT_PASSWORD", "reception password"),
                "card", "--record", EN, "--out", tmp.resolve("s.pdf").toString());
        assertEquals(5, staff.exit(), "staff who did not record this consent: " + staff.err());
        assertTrue(staff.err().contains("may give the patient's copy only of a record they may see, or of a "
                + "consent they recorded themselves today"), staff.err());
        CliTest.Run physician = run(Map.of("EXOCONSENT_USER", TestAccounts.PHYSICIAN, "EXOCONSENT_PASSWORD",
                TestAccounts.PHYSICIAN_PASSWORD), "card", "--record", EN, "--out", tmp.resolve("p.pdf").toString());
        assertEquals(0, physician.exit(), "the patient's own physician: " + physician.err());
        assertFalse(Files.exists(tmp.resolve("a.pdf")) || Files.exists(tmp.resolve("s.pdf")));
    }

    @Test
    void aCatalogTextWrittenBeforeTheCheckThatNoFontCanPrintIsRefusedNamingTheFieldNotAStackTrace() throws Exception {
        // a clinic name stored by an earlier release, before the catalog refused such characters
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("exoconsent.db"));
             var ps = c.prepareStatement("UPDATE clinic SET name = ?")) {
            ps.setString(1, "デモクリニック\uD83C\uDF38");
            ps.executeUpdate();
        }
        CliTest.Run card = run(asTester, "card", "--record", JA, "--out", tmp.resolve("c.pdf").toString());
        assertEquals(3, card.exit(), card.err());
        assertTrue(card.err().contains("clinic.name[ja]: U+1F338"), card.err());
        CliTest.Run leaflet = run(asTester, "templates", "leaflet", "--language", "ja", "--out",
                tmp.resolve("l.pdf").toString());
        assertEquals(3, leaflet.exit(), leaflet.err());
        assertTrue(leaflet.err().contains("clinic.name: U+1F338") && !leaflet.err().contains("\tat "),
                leaflet.err());
        assertFalse(Files.exists(tmp.resolve("c.pdf")) || Files.exists(tmp.resolve("l.pdf")));
    }

    @Test
    void aWithdrawalWhoseReasonOrReceiverShowsNothingIsRefused() {
        for (String[] bad : new String[][] {{"\uFE0F", "suzuki"}, {"電話で申し出", "\u3164"},
            {"電話で申し出", "Suzu\u202Eki"}}) {
            CliTest.Run w = run(asTester, "withdraw", "--record", JA, "--date", "2026-11-21", "--reason", bad[0],
                    "--received-by", bad[1]);
            assertEquals(3, w.exit(), w.err());
            assertTrue(w.err().contains("has no visible character") || w.err().contains("U+202E"), w.err());
        }
    }
}
