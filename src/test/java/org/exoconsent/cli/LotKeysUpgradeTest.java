package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exoconsent.testing.PreviousRelease;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 §5 on data directories of releases 1.2.0 and 1.3.0 (copies of src/test/resources/fixtures): migration
 * 12 computes the compared form of every lot and patient number already recorded, without changing a signed value;
 * a catalog that already holds one lot under two spellings (as a clinic's may: 1.2.0 refused only the exact
 * duplicate) upgrades, keeps both and shows them with a note, and refuses a third.
 */
class LotKeysUpgradeTest {
    /** The fixture's accounts, as the other upgrade tests sign in. */
    static final Clock CLOCK = UpgradeFrom120Test.CLOCK;
    static final Map<String, String> MANAGER = UpgradeTextsTest.MANAGER;
    static final Map<String, String> ADMIN = UpgradeTextsTest.ADMIN;
    static final String UC = "デモ培養上清エクソソーム UC-10";

    @TempDir
    Path tmp;
    Path data;

    record Run(int exit, String out, String err) {
    }

    private Run cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", data.toString()));
        int exit = ExoConsentCli.commandLine(env, CLOCK, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(err, true)).execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private List<String> column(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("exoconsent.db"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    /**
     * The 1.2.0 copy, with the demo lot registered a second time in full-width letters, as 1.2.0 allowed (its
     * UNIQUE constraint compared the numbers exactly).
     */
    @BeforeEach
    void aCopyOf120WithOneLotUnderTwoSpellings() throws Exception {
        data = PreviousRelease.copyTo(PreviousRelease.V1_2_0, tmp.resolve("clinic"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("exoconsent.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO lot (product_id, number, expiry) SELECT id, 'ＵＣ１０－２６１１－０４', "
                    + "'2027-05-31' FROM product WHERE name = '" + UC + "'");
        }
    }

    @Test
    void theUpgradeKeysEveryRecordAndLotAndKeepsBothSpellingsOfALot() throws Exception {
        List<String> before = column("SELECT id || '|' || lot_number || '|' || patient_number || '|' || snapshot "
                + "FROM record ORDER BY id");

        Run show = cli(ADMIN, "catalog", "show");
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("  " + UC + "  lot UC10-2611-04  expires 2027-05-31\n  " + UC
                + "  lot ＵＣ１０－２６１１－０４  expires 2027-05-31\n"), show.out());
        assertTrue(show.out().contains("Note: lots UC10-2611-04 and ＵＣ１０－２６１１－０４ of " + UC + " are one lot "
                + "number written differently, registered before this was refused; both are kept"), show.out());

        assertEquals(List.of("17"), column("SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history "
                + "WHERE success = 1"));
        assertEquals(before, column("SELECT id || '|' || lot_number || '|' || patient_number || '|' || snapshot "
                + "FROM record ORDER BY id"), "no signed value changed");
        assertEquals(List.of(), column("SELECT id FROM record WHERE lot_key IS NULL OR patient_key IS NULL"));
        assertEquals(List.of("ad-2609-17 p-000911", "ad-2609-17 p-000913", "uc10-2611-04 p-000123",
                "uc10-2611-04 p-000912"), column("SELECT DISTINCT lot_key || ' ' || patient_key FROM record "
                + "ORDER BY 1"));
        assertEquals(List.of("ad-2609-17", "uc10-2611-04", "uc10-2611-04"), column("SELECT number_key FROM lot "
                + "ORDER BY 1"));

        // a third spelling is refused, naming the lot the catalog holds written exactly so first
        Run add = cli(ADMIN, "catalog", "add-lot", "--product", UC, "--lot", "uc10-2611-04", "--expiry",
                "2027-05-31");
        assertEquals(ExitCodes.INVALID_INPUT, add.exit(), add.out());
        assertTrue(add.err().contains("the catalog already holds lot UC10-2611-04 of this product"), add.err());

        // the recall finds the lot's patients by either spelling; the records verify clean
        for (String lot : List.of("ＵＣ１０－２６１１－０４", "uc10-2611-04")) {
            Run recall = cli(MANAGER, "records", "recall", "--lot", lot);
            assertEquals(0, recall.exit(), recall.err());
            // as the catalog holds it: the spelling asked when it holds that one, else its first
            assertTrue(recall.out().startsWith("Lot " + (lot.equals("uc10-2611-04") ? "UC10-2611-04" : lot)
                    + ": 3 records\n"), recall.out());
        }
        Run verify = cli(MANAGER, "records", "verify");
        assertEquals(0, verify.exit(), verify.out());
        assertTrue(verify.out().contains(org.exoconsent.testing.UpgradeChecks.checked(
                PreviousRelease.RECORDS_1_2_0.size(), data) + ", 0 problems"), verify.out());
    }

    /**
     * The fixture of release 1.3.0 (src/test/resources/fixtures/datadir-1.3.0), made with exactly this fault: the
     * lot LOT-2026-07A of UC-10 registered again as ＬＯＴ－２０２６－０７Ａ and one consent recorded with each. With
     * 1.3.0 the recall of LOT-2026-07A listed 田中 一郎 and missed 𠮷田 優子; now it lists both, the catalog notes the
     * two spellings, and the index, keys included, verifies against the signed documents.
     */
    @Test
    void onTheFixtureOf130TheRecallOfLot2026_07AFindsThePatientRecordedWithItsFullWidthSpelling() throws Exception {
        FixtureCopy copy = new FixtureCopy(PreviousRelease.V1_3_0, tmp.resolve("130"), CLOCK);
        String ascii = PreviousRelease.LOT_ASCII_1_3_0;
        String fullWidth = PreviousRelease.LOT_FULL_WIDTH_1_3_0;
        for (String lot : List.of(ascii, fullWidth)) {
            FixtureCopy.Run recall = copy.cli(MANAGER, "records", "recall", "--lot", lot);
            assertEquals(0, recall.exit(), recall.err());
            assertTrue(recall.out().startsWith("Lot " + lot + ": 2 records\n"), recall.out());
            assertTrue(recall.out().contains("0012345  田中 一郎"), recall.out());
            assertTrue(recall.out().contains("P-000935  𠮷田 優子"), recall.out());
            // the consent recorded with the other spelling says which
            String otherPatient = lot.equals(ascii) ? "P-000935" : "0012345";
            String line = recall.out().lines().filter(l -> l.startsWith(otherPatient)).findFirst().orElseThrow();
            assertTrue(line.endsWith("  (lot recorded as " + (lot.equals(ascii) ? fullWidth : ascii) + ")"), line);
        }

        FixtureCopy.Run show = copy.cli(ADMIN, "catalog", "show");
        assertTrue(show.out().contains("Note: lots " + ascii + " and " + fullWidth + " of " + UC + " are one lot "
                + "number written differently"), show.out());
        FixtureCopy.Run add = copy.cli(ADMIN, "catalog", "add-lot", "--product", UC, "--lot", "lot-2026-07a",
                "--expiry", "2027-07-31");
        assertEquals(ExitCodes.INVALID_INPUT, add.exit(), add.out());

        // patient number 0012345 typed with full-width digits is found
        try (var staff = copy.signIn("sato", "staff-password-1")) {
            var found = staff.findPatients("００１２３４５", 5);
            assertEquals(1, found.size(), found.toString());
            assertEquals("0012345", found.get(0).patientNumber());
        }

        FixtureCopy.Run verify = copy.cli(MANAGER, "records", "verify");
        assertEquals(0, verify.exit(), verify.out());
        assertTrue(verify.out().contains(org.exoconsent.testing.UpgradeChecks.checked(
                PreviousRelease.RECORDS_1_3_0.size(), copy.dir.root()) + ", 0 problems"), verify.out());
    }
}
