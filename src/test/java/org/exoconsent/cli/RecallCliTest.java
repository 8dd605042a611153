package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 §5, "recall never misses a patient", through the command line on a new data directory: a lot registered
 * and recorded in full-width letters (as a Japanese input method types it) is the lot its ASCII spelling names, in
 * {@code records recall}, {@code export --lot} and the catalog's duplicate check, and the other way round; patient
 * numbers likewise; a recall that finds nothing says so in words and names the nearest lot numbers.
 */
class RecallCliTest {
    static final String UC = "デモ培養上清エクソソーム UC-10";
    static final String AD = "Demo Adipose EV Concentrate";
    static final String FULL_WIDTH = "ＬＯＴ－２０２６－０７Ａ";
    static final String ASCII = "LOT-2026-07A";
    /** The example consent (P-000123, demo lot UC10-2611-04). */
    static final String JA = "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10";
    static final String FULL_WIDTH_CONSENT = "0b5e7c2a-41d9-4e6f-8a3b-9c1d2e4f6a70";
    static final String LOWER_CASE_CONSENT = "5d8a1f3c-7e29-4b60-a4c5-2f9e8d7b1c03";

    @TempDir
    Path tmp;
    String data;

    private CliTest.Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", data));
        return CliTest.asTester(Map.of(), all.toArray(String[]::new));
    }

    /** The Japanese example as another consultation: its id, lot number as typed and patient number. */
    private Path session(String id, String lot, String expiry, String patientNumber) throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        json.put("id", id);
        ((ObjectNode) json.get("treatment").get("lot")).put("number", lot).put("expiry", expiry);
        ((ObjectNode) json.get("patient")).put("patientNumber", patientNumber);
        Path file = Path.of(data).resolveSibling(id + ".json"); // beside the data directory (the set-up's own)
        Files.write(file, Examples.bytes(json));
        return file;
    }

    /** The data directory's database, as an auditor or an attacker opens it with sqlite3. */
    private Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + Path.of(data, "exoconsent.db"));
    }

    private List<String> column(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = db()) {
            for (String s : statements) {
                c.createStatement().executeUpdate(s);
            }
        }
    }

    /**
     * The example consent on the demo lot, a full-width lot registered in the catalog and a consent recorded with
     * it, and a consent recorded with the demo lot in lower case, all of patient P-000123 written three ways.
     */
    @BeforeEach
    void consentsWithLotsAndPatientNumbersWrittenDifferently() throws Exception {
        data = tmp.resolve("clinic").toString();
        // set up once per JVM, copied into each test (TestAccounts#copied)
        CliTest.setUpOnce(data, "RecallCliTest: lots and patient numbers written differently", d -> data = d,
                this::consentsWithLotsAndPatientNumbersWrittenDifferentlyHere);
    }

    private void consentsWithLotsAndPatientNumbersWrittenDifferentlyHere() throws Exception {
        CliTest.Run lot = run("catalog", "add-lot", "--product", UC, "--lot", FULL_WIDTH, "--expiry", "2027-06-30");
        assertEquals(0, lot.exit(), lot.err());
        CliTest.Run r = run("record", "--session", Examples.sessionFile("complete-ja").toString(),
                session(FULL_WIDTH_CONSENT, FULL_WIDTH, "2027-06-30", "Ｐ－０００１２３").toString(),
                session(LOWER_CASE_CONSENT, "uc10-2611-04", "2027-05-31", "p-000123").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
    }

    @Test
    void aConsentRecordedWithAFullWidthLotIsFoundByItsAsciiSpellingInRecallAndExport() throws Exception {
        // kept as typed, compared by its key
        assertEquals(List.of(FULL_WIDTH + " lot-2026-07a"), column("SELECT lot_number || ' ' || lot_key FROM record "
                + "WHERE id = '" + FULL_WIDTH_CONSENT + "'"));

        for (String asked : List.of(ASCII, "lot-2026-07a", " " + FULL_WIDTH + " ")) {
            CliTest.Run recall = run("records", "recall", "--lot", asked);
            assertEquals(0, recall.exit(), recall.err());
            // the lot as the catalog holds it, not as typed
            assertTrue(recall.out().startsWith("Lot " + FULL_WIDTH + ": 1 record\n"), recall.out());
            assertTrue(recall.out().contains("document " + FULL_WIDTH_CONSENT + "\n"), recall.out());
        }

        Path csv = tmp.resolve("lot.csv");
        CliTest.Run export = run("export", "--format", "csv", "--lot", ASCII, "--out", csv.toString());
        assertEquals(0, export.exit(), export.err());
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        assertTrue(text.contains(FULL_WIDTH_CONSENT), text);
        assertTrue(text.contains(FULL_WIDTH), "the lot as it was recorded: " + text);
        assertEquals(2, text.lines().count(), "the header and the one consent: " + text);

        CliTest.Run verify = run("records", "verify");
        assertEquals(0, verify.exit(), verify.out());
        assertTrue(verify.out().contains("3 records checked, 0 problems"), verify.out());
    }

    @Test
    void anAsciiLotIsFoundByItsFullWidthOrLowerCaseSpellingAndALotTypedInLowerCaseIsTheCatalogsLot()
            throws Exception {
        CliTest.Run recall = run("records", "recall", "--lot", "ＵＣ１０－２６１１－０４");
        assertEquals(0, recall.exit(), recall.err());
        assertTrue(recall.out().startsWith("Lot UC10-2611-04: 2 records\n"), recall.out());
        assertTrue(recall.out().contains("document " + LOWER_CASE_CONSENT + "  (lot recorded as uc10-2611-04)"),
                recall.out());
        assertTrue(recall.out().contains("document " + JA), recall.out());
        assertTrue(recall.out().contains("document " + LOWER_CASE_CONSENT), recall.out());

        Path json = tmp.resolve("lot.json");
        CliTest.Run export = run("export", "--format", "json", "--lot", "uc10-2611-04", "--out", json.toString());
        assertEquals(0, export.exit(), export.err());
        String text = Files.readString(json);
        assertTrue(text.contains(JA) && text.contains(LOWER_CASE_CONSENT), text);
    }

    @Test
    void theCatalogRefusesALotItHoldsWrittenDifferentlyNamingTheLotItHolds() throws Exception {
        for (String other : List.of(ASCII, "lot-2026-07a", "LOT－2026－07A ")) {
            CliTest.Run add = run("catalog", "add-lot", "--product", UC, "--lot", other, "--expiry", "2027-06-30");
            assertEquals(ExitCodes.INVALID_INPUT, add.exit(), other);
            assertTrue(add.err().contains("lot " + other.strip() + " of product '" + UC + "': the catalog already holds lot "
                    + FULL_WIDTH + " of this product, the same number written differently"), add.err());
        }
        CliTest.Run exact = run("catalog", "add-lot", "--product", UC, "--lot", FULL_WIDTH, "--expiry", "2027-06-30");
        assertEquals(ExitCodes.INVALID_INPUT, exact.exit());
        assertTrue(exact.err().contains("is already in the catalog"), exact.err());
        assertEquals(List.of(FULL_WIDTH), column("SELECT number FROM lot WHERE number_key = 'lot-2026-07a'"));

        // another product may have a lot of the same number
        CliTest.Run ad = run("catalog", "add-lot", "--product", AD, "--lot", ASCII, "--expiry", "2027-06-30");
        assertEquals(0, ad.exit(), ad.err());
        // the table's own trigger refuses a second spelling added with sqlite3, even past the store
        try {
            sql("INSERT INTO lot (product_id, number, expiry, number_key) SELECT id, 'lot-2026-07A', "
                    + "'2027-06-30', 'lot-2026-07a' FROM product WHERE name = '" + AD + "'");
            throw new AssertionError("the trigger let a second spelling in");
        } catch (java.sql.SQLException e) {
            assertTrue(e.getMessage().contains("UNIQUE"), e.getMessage());
        }
    }

    @Test
    void aLotThatHasExpiredIsAddedForARecallAndTheAdministratorIsToldNoConsultationCanChooseIt() throws Exception {
        CliTest.Run add = run("catalog", "add-lot", "--product", UC, "--lot", "LOT-2024-01A", "--expiry", "2025-01-31");
        assertEquals(0, add.exit(), add.err());
        assertEquals("Added lot LOT-2024-01A of " + UC + " (expiry 2025-01-31)\nIts expiry date, 2025-01-31, has "
                + "passed (the clinic's date is 2026-11-21): a recall finds it, but no treatment can be confirmed on "
                + "it.\n", add.out());
        CliTest.Run recall = run("records", "recall", "--lot", "LOT-2024-01A");
        assertTrue(recall.out().contains("The catalog holds this lot: no patient has received it."), recall.out());
        // an expiry the store could not read back (outside the years 1800 to 9999) is refused, naming it
        for (String far : List.of("0001-01-01", "+999999999-12-31")) {
            CliTest.Run odd = run("catalog", "add-lot", "--product", UC, "--lot", "LOT-FAR", "--expiry", far);
            assertEquals(ExitCodes.INVALID_INPUT, odd.exit(), far + ": " + odd.out() + odd.err());
            assertTrue(odd.err().contains("lot LOT-FAR of product '" + UC + "': expiry " + far + " is not a date of "
                    + "the years 1800 to 9999; nothing was changed"), odd.err());
        }
        // a lot still usable is added without the word
        CliTest.Run usable = run("catalog", "add-lot", "--product", UC, "--lot", "LOT-2026-12A", "--expiry",
                "2026-11-21");
        assertEquals("Added lot LOT-2026-12A of " + UC + " (expiry 2026-11-21)\n", usable.out());
    }

    @Test
    void aRecallThatFindsNothingSaysSoAndNamesTheNearestLotNumbers() throws Exception {
        // a typing slip: the letter O for the digit zero
        CliTest.Run slip = run("records", "recall", "--lot", "LOT-2026-O7A");
        assertEquals(ExitCodes.INVALID_INPUT, slip.exit(), slip.out());
        List<String> lines = slip.out().lines().toList();
        assertEquals("No consent used lot LOT-2026-O7A.", lines.get(0));
        assertEquals("Neither the catalog nor any consent holds lot LOT-2026-O7A: check the number (a mistyped lot "
                + "number would hide every patient who received the lot).", lines.get(1));
        assertEquals("The nearest lot numbers:", lines.get(2));
        assertEquals("  " + FULL_WIDTH + "  product '" + UC + "'  1 consent", lines.get(3));
        assertTrue(lines.subList(4, lines.size()).stream().anyMatch(l -> l.equals("  UC10-2611-04  product '" + UC
                + "'  2 consents")), slip.out());
        assertFalse(slip.out().contains("record"), "no empty table: " + slip.out());

        // a lot of the catalog that no patient received: said, exit 0
        CliTest.Run add = run("catalog", "add-lot", "--product", UC, "--lot", "LOT-2026-08A", "--expiry",
                "2027-08-31");
        assertEquals(0, add.exit(), add.err());
        CliTest.Run unused = run("records", "recall", "--lot", "lot-2026-08a", "--product", UC);
        assertEquals(0, unused.exit(), unused.out());
        assertTrue(unused.out().startsWith("No consent used lot lot-2026-08a of product '" + UC + "'.\n"
                + "The catalog holds this lot: no patient has received it.\nOther lot numbers near it:\n  "
                + FULL_WIDTH + "  product '" + UC + "'  1 consent\n"), unused.out());

        // the right number under the wrong product: the lot of the other product comes first
        CliTest.Run product = run("records", "recall", "--lot", ASCII, "--product", AD);
        assertEquals(ExitCodes.INVALID_INPUT, product.exit(), product.out());
        assertTrue(product.out().contains("The nearest lot numbers:\n  " + FULL_WIDTH + "  product '" + UC
                + "'  1 consent\n"), product.out());

        // an export by that lot is refused as the recall is (review of issue 14 §3: it wrote an empty file, exit 0)
        Path csv = tmp.resolve("slip.csv");
        CliTest.Run export = run("export", "--format", "csv", "--lot", "LOT-2026-O7A", "--out", csv.toString());
        assertEquals(ExitCodes.INVALID_INPUT, export.exit(), export.err());
        assertTrue(export.err().contains("slip.csv: nothing was written.\nNo consent used lot LOT-2026-O7A.\nNeither "
                + "the catalog nor any consent holds lot LOT-2026-O7A: check the number"), export.err());
        assertTrue(export.err().contains("  " + FULL_WIDTH + "  product '" + UC + "'  1 consent\n"), export.err());
        assertTrue(!java.nio.file.Files.exists(csv), "nothing written");

        CliTest.Run blank = run("records", "recall", "--lot", " ");
        assertEquals(ExitCodes.USAGE, blank.exit(), blank.out());
        assertTrue(blank.err().contains("--lot: give the lot number to recall"), blank.err());

        // every recall is in the audit trail, with how many records it found
        assertEquals(List.of("LOT-2026-O7A 0", "lot-2026-08a 0", ASCII + " 0"), column("SELECT subject || ' ' || "
                + "json_extract(details, '$.records') FROM audit WHERE action = 'lot-recall' ORDER BY seq"));
    }

    @Test
    void patientNumbersWrittenDifferentlyAreOnePatientInTheSearchAndForARenewal() throws Exception {
        // a renewal names the earlier consent; its patient number written another way is the same patient
        ObjectNode json = Examples.json("complete-ja");
        String renewal = "9e4c2b7a-13d5-4f80-b6a9-7d2e5c8f0b14";
        json.put("id", renewal);
        json.put("previousConsent", JA);
        ((ObjectNode) json.get("patient")).put("patientNumber", "ｐ－０００１２３");
        Path file = tmp.resolve("renewal.json");
        Files.write(file, Examples.bytes(json));
        // and a patient whose number is digits only, typed in half-width digits
        String digits = "3c7f9a1e-6b24-4d58-9e03-a1b2c3d4e5f6";
        CliTest.Run r = run("record", "--session", file.toString(),
                session(digits, "UC10-2611-04", "2027-05-31", "000123").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(List.of(JA), column("SELECT refers_to FROM record WHERE id = '" + renewal + "'"));

        DataDirectory dir = new DataDirectory(Path.of(data));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "patient search")) {
            for (String typed : List.of("P-000123", "p-000123", "Ｐ－０００１２３", "ｐ－０００１")) {
                List<RecordStore.KnownPatient> found = store.findPatients(typed, 10);
                assertEquals(1, found.size(), typed + ": one patient, whichever way each of the four consents wrote "
                        + "the number: " + found);
            }
            List<RecordStore.KnownPatient> digitsOnly = store.findPatients("０００１２３", 10);
            assertEquals(1, digitsOnly.size(), digitsOnly.toString());
            assertEquals("000123", digitsOnly.get(0).patientNumber(), "shown as recorded");
            assertEquals(0, store.findPatients("P-000124", 10).size());
        }
        assertEquals(List.of("000123", "p-000123"), column("SELECT DISTINCT patient_key FROM record ORDER BY 1"));
    }

    @Test
    void anEditedKeyIsRefusedByTheTriggersAndNamedByRecordsVerify() throws Exception {
        try {
            sql("UPDATE record SET lot_key = 'lot-2026-07b' WHERE id = '" + FULL_WIDTH_CONSENT + "'");
            throw new AssertionError("the trigger let a key be changed");
        } catch (java.sql.SQLException e) {
            assertTrue(e.getMessage().contains("a signed record cannot be changed"), e.getMessage());
        }
        // with the trigger dropped: the consent would drop out of its lot's recall, and records verify says so
        sql("DROP TRIGGER record_keys_immutable",
                "UPDATE record SET lot_key = 'lot-2026-07b' WHERE id = '" + FULL_WIDTH_CONSENT + "'",
                "UPDATE record SET patient_key = 'p-999999' WHERE id = '" + JA + "'");
        CliTest.Run verify = run("records", "verify");
        assertEquals(ExitCodes.NOT_INTACT, verify.exit(), verify.out());
        assertTrue(verify.out().contains("PROBLEM: record " + FULL_WIDTH_CONSENT + " (patient Ｐ－０００１２３): lot_key "
                + "in the index is 'lot-2026-07b', but its lot_number '" + FULL_WIDTH + "' is compared as "
                + "'lot-2026-07a' (a recall of lot " + FULL_WIDTH + " would miss it)"), verify.out());
        assertTrue(verify.out().contains("PROBLEM: record " + JA + " (patient P-000123): patient_key in the index is "
                + "'p-999999', but its patient_number 'P-000123' is compared as 'p-000123'"), verify.out());
        assertTrue(verify.out().contains("3 records checked, 2 problems"), verify.out());
    }

    /** The reviewers' other spellings of LOT-2026-07A (issue 14 §5 review): box drawing, two-em dash, modifier minus. */
    static final List<String> OTHER_DASHES = List.of("LOT\u25002026\u250007A", "LOT\u2E3A2026-07A",
            "LOT\u02D72026\u02D707A", "LOT 2026-07A", " LOT\u30002026\u2212 07A ");

    @Test
    void aLotWrittenWithOtherDashesOrSpacesIsTheSameLotInTheCatalogAndInARecall() throws Exception {
        for (String other : OTHER_DASHES) {
            CliTest.Run add = run("catalog", "add-lot", "--product", UC, "--lot", other, "--expiry", "2027-06-30");
            assertEquals(ExitCodes.INVALID_INPUT, add.exit(), other + ": " + add.out());
            assertTrue(add.err().contains("the catalog already holds lot " + FULL_WIDTH + " of this product"),
                    add.err());
        }
        // a consent recorded with the IME's box-drawing line is in the recall of LOT-2026-07A
        String box = "7a2d4f6b-8c1e-4a3b-9d5f-0e1c2b3a4d5e";
        CliTest.Run r = run("record", "--session", session(box, OTHER_DASHES.get(0), "2027-06-30", "P-000777")
                .toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        CliTest.Run recall = run("records", "recall", "--lot", ASCII);
        assertEquals(0, recall.exit(), recall.out());
        assertTrue(recall.out().startsWith("Lot " + FULL_WIDTH + ": 2 records\n"), recall.out());
        assertTrue(recall.out().contains("document " + box + "  (lot recorded as " + OTHER_DASHES.get(0) + ")"),
                recall.out());
    }

    @Test
    void aLotOrPatientNumberMixingLatinWithCyrillicLettersIsRefusedWhereItIsEntered() throws Exception {
        String cyrillic = "L\u041E\u0422-2026-07\u0410";
        CliTest.Run add = run("catalog", "add-lot", "--product", UC, "--lot", cyrillic, "--expiry", "2027-06-30");
        assertEquals(ExitCodes.INVALID_INPUT, add.exit(), add.out());
        assertTrue(add.err().contains("lot number: '" + cyrillic + "' mixes Latin letters with U+041E '\u041E' "
                + "CYRILLIC CAPITAL LETTER O (Cyrillic)"), add.err());
        assertEquals(List.of(), column("SELECT number FROM lot WHERE number = '" + cyrillic + "'"));

        CliTest.Run lot = run("record", "--session", session("1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d", cyrillic,
                "2027-06-30", "P-000124").toString());
        assertEquals(ExitCodes.INVALID_INPUT, lot.exit(), lot.out() + lot.err());
        assertTrue((lot.out() + lot.err()).contains("treatment.lot.number: '" + cyrillic + "' mixes Latin letters "
                + "with U+041E"), lot.out() + lot.err());
        CliTest.Run patient = run("record", "--session", session("2c3d4e5f-6071-4b8c-9dae-1f2a3b4c5d6e", ASCII,
                "2027-06-30", "\u0420-000123").toString());
        assertEquals(ExitCodes.INVALID_INPUT, patient.exit(), patient.out() + patient.err());
        assertTrue((patient.out() + patient.err()).contains("patient.patientNumber: '\u0420-000123' is written with "
                + "U+0420 '\u0420' CYRILLIC CAPITAL LETTER ER (Cyrillic), which looks like a Latin letter"),
                patient.out() + patient.err());
        CliTest.Run mixed = run("record", "--session", session("3d4e5f60-7182-4c9d-8ebf-2a3b4c5d6e7f", ASCII,
                "2027-06-30", "P-0001\u0417").toString()); // З, a Cyrillic letter beside the Latin P
        assertEquals(ExitCodes.INVALID_INPUT, mixed.exit(), mixed.out() + mixed.err());
        assertTrue((mixed.out() + mixed.err()).contains("patient.patientNumber: 'P-0001\u0417' mixes Latin letters "
                + "with U+0417"), mixed.out() + mixed.err());
        assertEquals(List.of("3"), column("SELECT count(*) FROM record"));
    }

    @Test
    void aRecallThatFindsConsentsNamesTheLotsOneSlipAwayThatItDidNotInclude() throws Exception {
        String b = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";
        CliTest.Run lotB = run("catalog", "add-lot", "--product", UC, "--lot", "LOT-2026-07B", "--expiry", "2027-06-30");
        assertEquals(0, lotB.exit(), lotB.err());
        CliTest.Run r = run("record", "--session", session(b, "LOT-2026-07B", "2027-06-30", "P-000555").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        CliTest.Run ad = run("catalog", "add-lot", "--product", AD, "--lot", ASCII, "--expiry", "2027-06-30");
        assertEquals(0, ad.exit(), ad.err());

        CliTest.Run recall = run("records", "recall", "--lot", ASCII, "--product", UC);
        assertEquals(0, recall.exit(), recall.out());
        List<String> lines = recall.out().lines().toList();
        assertEquals("Lot " + FULL_WIDTH + " of " + UC + ": 1 record", lines.get(0));
        assertEquals(List.of("Also in the records: " + ASCII + " of product '" + AD + "' (0 consents) — the same "
                        + "number of another product? It was not included.",
                "Also in the records: LOT-2026-07B of product '" + UC + "' (1 consent) — a "
                        + "different lot? It was not included."), lines.subList(2, lines.size()));
        // a lot three slips away is not named
        assertFalse(recall.out().contains("UC10-2611-04"), recall.out());
    }

    @Test
    void aRecallOfAProductNobodyHoldsSaysSoWithTheNearestProductNames() {
        CliTest.Run recall = run("records", "recall", "--lot", ASCII, "--product", "Nonexistent");
        assertEquals(ExitCodes.INVALID_INPUT, recall.exit(), recall.out());
        assertTrue(recall.err().startsWith("There is no product 'Nonexistent' in the catalog or in any consent: "
                + "check the name.\nThe nearest product names: '"), recall.err());
        assertFalse(recall.out().contains("holds lot"), recall.out());
        CliTest.Run slip = run("records", "recall", "--lot", ASCII, "--product", "Demo Adipose EV Concentrat");
        assertEquals(ExitCodes.INVALID_INPUT, slip.exit());
        assertTrue(slip.err().contains("The nearest product names: '" + AD + "'"), slip.err());
    }

    @Test
    void aNewLotIsStoredWithoutTheSpacesAroundIt() throws Exception {
        CliTest.Run add = run("catalog", "add-lot", "--product", UC, "--lot", "  LOT-NEW-1  ", "--expiry", "2027-06-30");
        assertEquals(0, add.exit(), add.err());
        assertEquals(List.of("LOT-NEW-1|lot-new-1"), column("SELECT number || '|' || number_key FROM lot WHERE "
                + "number_key = 'lot-new-1'"));
        CliTest.Run show = run("catalog", "show");
        assertTrue(show.out().contains("  lot LOT-NEW-1  expires 2027-06-30\n"), show.out());
    }

    @Test
    void anEditedLotKeyIsNamedByRecordsVerify() throws Exception {
        try {
            sql("UPDATE lot SET number_key = 'zzz' WHERE number = '" + FULL_WIDTH + "'");
            throw new AssertionError("the trigger let a lot's key be changed");
        } catch (java.sql.SQLException e) {
            assertTrue(e.getMessage().contains("a lot's number cannot be changed"), e.getMessage());
        }
        sql("DROP TRIGGER lot_number_key_immutable", "UPDATE lot SET number_key = 'zzz' WHERE number = '"
                + FULL_WIDTH + "'");
        CliTest.Run verify = run("records", "verify");
        assertEquals(ExitCodes.NOT_INTACT, verify.exit(), verify.out());
        assertTrue(verify.out().contains("PROBLEM: catalog: lot " + FULL_WIDTH + " of product '" + UC + "': "
                + "number_key is 'zzz', but the number is compared as 'lot-2026-07a'"), verify.out());
    }

    @Test
    void theCatalogRefusesTextsEveryConsultationWouldRefuseNamingTheFieldAndTheLimit() throws Exception {
        String long300 = "長".repeat(300);
        CliTest.Run lot = run("catalog", "add-lot", "--product", UC, "--lot", long300, "--expiry", "2027-06-30");
        assertEquals(ExitCodes.INVALID_INPUT, lot.exit(), lot.out());
        assertTrue(lot.err().contains("lot number: 300 characters; at most 200"), lot.err());
        CliTest.Run physician = run("catalog", "add-physician", "--name", long300, "--licence", "999001");
        assertEquals(ExitCodes.INVALID_INPUT, physician.exit(), physician.out());
        assertTrue(physician.err().contains("physician name: 300 characters; at most 200"), physician.err());
        CliTest.Run licence = run("catalog", "add-physician", "--name", "山田 一郎", "--licence", "99\u0007");
        assertEquals(ExitCodes.INVALID_INPUT, licence.exit(), licence.out());
        assertTrue(licence.err().contains("physician licence number: contains U+0007"), licence.err());
        CliTest.Run product = run("catalog", "add-product", "--name", "X", "--manufacturer", "長".repeat(2001),
                "--source-cells", "cells", "--virus-test", "HIV", "--sterilisation", "unknown", "--origin", "unknown",
                "--supply", "unknown");
        assertEquals(ExitCodes.INVALID_INPUT, product.exit(), product.out());
        assertTrue(product.err().contains("product manufacturer: 2001 characters; at most 2000"), product.err());
        assertEquals(List.of("0"), column("SELECT count(*) FROM physician WHERE licence_number LIKE '99%'"));
    }
}
