package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 §3, the trail cannot be rewritten or rolled back unnoticed: each attack done as an attacker or an accident
 * would (sqlite3-style edits through JDBC, files copied and deleted), then {@code records verify} as the clinic runs
 * it. Every one of these passed with 0 problems before the head was checked strictly and the anchor existed.
 */
class AnchorCliTest {
    private static final String JA = "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10";
    private static final String EN = "a3e9b0c2-5d41-4f6a-8b27-91c4d0e6f538";

    @TempDir
    Path tmp;

    private CliTest.Run run(String... args) {
        return CliTest.asTester(Map.of(), args);
    }

    private String data() {
        return tmp.resolve("store").toString();
    }

    private Path db() {
        return tmp.resolve("store/exoconsent.db");
    }

    private Path head() {
        return tmp.resolve("store/audit-head.txt");
    }

    /** A folder standing for another disk or a network share, and the anchor file in it. */
    private Path anchor() throws Exception {
        Path nas = Files.createDirectories(tmp.resolve("nas"));
        return nas.resolve("exoconsent-anchor.jsonl");
    }

    private void record(String example) {
        CliTest.Run r = run("record", "--data-dir", data(), "--session", Examples.sessionFile(example).toString());
        assertEquals(0, r.exit(), r.err());
    }

    private CliTest.Run setAnchor(Path file) {
        return run("settings", "set", "anchor", file.toString(), "--data-dir", data());
    }

    private CliTest.Run verify(String... extra) {
        List<String> args = new ArrayList<>(List.of("records", "verify", "--data-dir", data()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private static List<String> actions(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT action FROM audit ORDER BY seq")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private Connection sqlite() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + db());
    }

    private static long newestSeq(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT max(seq) FROM audit")) {
            return rs.getLong(1);
        }
    }

    @Test
    void aDeletedHeadFileIsDamageAndIsNeverRecreatedByTheNextCommand() throws Exception {
        record("complete-ja");
        assertEquals(0, verify().exit());
        Files.delete(head());
        // one audited command: before, it wrote a fresh head and the deletion was gone
        CliTest.Run recall = run("records", "recall", "--data-dir", data(), "--lot", "UC10-2611-04");
        assertEquals(0, recall.exit(), recall.err());
        assertTrue(recall.err().contains("Warning: audit log: the head file " + head() + " is missing"), recall.err());
        assertFalse(Files.exists(head()), "the head file is not re-created silently");
        CliTest.Run v = verify();
        assertEquals(1, v.exit(), v.out());
        assertTrue(v.out().contains("PROBLEM: audit log: the head file " + head() + " is missing"), v.out());
        assertFalse(Files.exists(head()));

        // the administrator, having checked the trail, accepts it: audited with the reason, and clean again
        CliTest.Run accept = run("records", "accept-head", "--data-dir", data(), "--reason",
                "audit-head.txt deleted by a cleaning script on 2026-11-21");
        assertEquals(0, accept.exit(), accept.err());
        CliTest.Run again = verify();
        assertEquals(0, again.exit(), again.out());
        try (Connection c = sqlite(); PreparedStatement ps = c.prepareStatement(
                "SELECT details FROM audit WHERE action = 'audit-head-accepted'")) {
            ResultSet rs = ps.executeQuery();
            assertTrue(rs.next());
            assertTrue(rs.getString(1).contains("cleaning script") && rs.getString(1).contains("is missing"),
                    rs.getString(1));
        }
        CliTest.Run nothing = run("records", "accept-head", "--data-dir", data(), "--reason", "again");
        assertEquals(3, nothing.exit());
        assertTrue(nothing.err().contains("the head file agrees with the audit trail; nothing to accept"),
                nothing.err());
    }

    @Test
    void cuttingTheTailAndRewritingTheHeadFileIsCaughtByTheAnchor() throws Exception {
        Path anchor = anchor();
        assertEquals(0, setAnchor(anchor).exit());
        record("complete-ja");
        long beforeSecond;
        try (Connection c = sqlite()) {
            beforeSecond = newestSeq(c);
        }
        record("complete-en");
        // the attacker removes the second consultation from the trail and the index, and rewrites the head file
        try (Connection c = sqlite(); Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER audit_no_delete");
            st.execute("DROP TRIGGER record_no_delete");
            st.executeUpdate("DELETE FROM audit WHERE seq > " + beforeSecond);
            st.executeUpdate("DELETE FROM record WHERE id = '" + EN + "'");
            try (ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit WHERE seq = " + beforeSecond)) {
                Files.writeString(head(), rs.getLong(1) + " " + rs.getString(2) + "\n");
            }
        }
        try (Stream<Path> pdfs = Files.walk(tmp.resolve("store/archive"))) {
            for (Path p : pdfs.filter(p -> p.toString().contains(EN)).toList()) {
                Files.delete(p);
            }
        }
        CliTest.Run v = verify();
        assertEquals(1, v.exit(), v.out());
        assertTrue(v.out().contains("PROBLEM: audit log: the anchor " + anchor + " recorded entry "), v.out());
        assertTrue(v.out().contains("but the trail ends at entry " + beforeSecond + ": the store was rolled back to "
                + "an earlier copy, or its trail cut"), v.out());
    }

    @Test
    void withoutAnAnchorVerifySaysWhatItCannotDetect() throws Exception {
        record("complete-ja");
        CliTest.Run v = verify();
        assertEquals(0, v.exit(), v.out());
        assertTrue(v.out().contains("Note: no anchor is set: a trail recomputed, cut with its head file, or rolled "
                + "back as a whole cannot be detected"), v.out());
    }

    @Test
    void aTrailRecomputedAsAWholeIsCaughtByTheAnchor() throws Exception {
        Path anchor = anchor();
        assertEquals(0, setAnchor(anchor).exit());
        record("complete-ja");
        record("complete-en");
        long edited;
        try (Connection c = sqlite(); Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER audit_no_update");
            try (ResultSet rs = st.executeQuery("SELECT seq FROM audit WHERE action = 'created' AND subject = '"
                    + JA + "'")) {
                edited = rs.getLong(1);
            }
            // the attacker rewrites who recorded the consent and recomputes every hash after it, and the head file
            st.executeUpdate("UPDATE audit SET actor = 'someone else' WHERE seq = " + edited);
            String prev = "0".repeat(64);
            long last = 0;
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT seq, at, actor, action, subject, details FROM audit ORDER BY "
                    + "seq")) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)});
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?")) {
                for (Object[] r : rows) {
                    String h = sha256(String.join("\u001f", prev, r[0].toString(), (String) r[1], (String) r[2],
                            (String) r[3], (String) r[4], (String) r[5]));
                    ps.setString(1, prev);
                    ps.setString(2, h);
                    ps.setLong(3, (Long) r[0]);
                    ps.executeUpdate();
                    prev = h;
                    last = (Long) r[0];
                }
            }
            Files.writeString(head(), last + " " + prev + "\n");
        }
        // the recomputed chain and head agree: nothing in the data directory shows the edit; the anchor does
        CliTest.Run v = verify();
        assertEquals(1, v.exit(), v.out());
        assertTrue(v.out().contains("is not the one the anchor " + anchor + " recorded on "), v.out());
        assertTrue(v.out().contains("the trail was rewritten"), v.out());
    }

    @Test
    void aDataDirectoryRolledBackToAnEarlierCopyIsCaughtByTheAnchorEvenWithItsSettingRemoved() throws Exception {
        Path anchor = anchor();
        assertEquals(0, setAnchor(anchor).exit());
        record("complete-ja");
        Path copy = tmp.resolve("copy-of-store");
        copyTree(Path.of(data()), copy);
        record("complete-en");
        deleteTree(Path.of(data()));
        copyTree(copy, Path.of(data()));

        CliTest.Run v = verify();
        assertEquals(1, v.exit(), v.out());
        assertTrue(v.out().contains("PROBLEM: audit log: the anchor " + anchor + " recorded entry "), v.out());
        assertTrue(v.out().contains("the store was rolled back to an earlier copy"), v.out());
        assertTrue(v.err().contains("so this one was rolled back to an earlier copy or was restored beside it; run "
                + "records verify"),
                v.err());

        // the attacker also removes the anchor setting: the copy the clinic keeps of its anchor still tells
        try (Connection c = sqlite(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM setting WHERE key = 'anchor'");
        }
        Path kept = tmp.resolve("usb/anchor-copy.jsonl");
        Files.createDirectories(kept.getParent());
        Files.copy(anchor, kept);
        CliTest.Run without = verify();
        assertEquals(1, without.exit(), without.out());
        assertTrue(without.out().contains("the setting was changed outside the product"), without.out());
        CliTest.Run with = verify("--anchor", kept.toString());
        assertEquals(1, with.exit(), with.out());
        // by now the rolled-back store has written entries of its own under the numbers the anchor holds
        assertTrue(with.out().contains("is not the one the anchor " + kept + " recorded on "), with.out());
        assertTrue(with.out().contains("the trail was rewritten, or the store rolled back to an earlier copy and "
                + "continued"), with.out());
    }

    @Test
    void aDatabaseRolledBackAloneNamesTheConsentItLost() throws Exception {
        record("complete-ja");
        Path oldDb = tmp.resolve("exoconsent.db.copy");
        Files.copy(db(), oldDb);
        record("complete-en");
        for (String suffix : List.of("-wal", "-shm")) {
            Files.deleteIfExists(Path.of(db() + suffix));
        }
        Files.copy(oldDb, db(), StandardCopyOption.REPLACE_EXISTING);
        CliTest.Run v = verify();
        assertEquals(1, v.exit(), v.out());
        assertTrue(v.out().contains("were removed from the end"), v.out());
        String lost = v.out().lines().filter(l -> l.contains(EN + ".pdf")).findFirst().orElse("");
        assertTrue(lost.startsWith("PROBLEM: ") && lost.contains("no record points to it, and no interrupted "
                + "recording left it"), v.out());
    }

    @Test
    void anUnreachableAnchorIsSaidAndTheGapIsAuditedWhenItIsBack() throws Exception {
        Path anchor = anchor();
        assertEquals(0, setAnchor(anchor).exit());
        record("complete-ja");
        Path share = anchor.getParent();
        Path unmounted = tmp.resolve("nas-unmounted");
        Files.move(share, unmounted);
        CliTest.Run r = run("record", "--data-dir", data(), "--session", Examples.sessionFile("complete-en")
                .toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("Warning: the anchor's folder " + share + " cannot be reached"), r.err());
        assertTrue(r.err().contains("Warning: the anchor " + anchor + " cannot be written"), r.err());
        assertTrue(r.err().contains("are not anchored; they will be when the anchor is reachable again"), r.err());
        assertFalse(Files.exists(share), "nothing is written onto the local disk in the share's place");

        Files.move(unmounted, share);
        CliTest.Run v = verify();
        assertEquals(0, v.exit(), v.out() + v.err());
        assertTrue(v.out().contains("Note: checked against the anchor " + anchor), v.out());
        try (Connection c = sqlite()) {
            assertTrue(actions(c).contains("anchor-gap"), actions(c).toString());
        }
        long lines = Files.readAllLines(anchor).size();
        try (Connection c = sqlite()) {
            // every entry after the gap is anchored again: the anchor's newest line is the trail's newest entry
            assertTrue(Files.readAllLines(anchor).get((int) lines - 1).contains("\"seq\":" + newestSeq(c)));
        }
    }

    @Test
    void anAnchorMustBeAnAbsoluteFileOutsideTheDataDirectoryInAnExistingFolder() throws Exception {
        record("complete-ja");
        CliTest.Run inside = setAnchor(Path.of(data(), "anchor.jsonl"));
        assertEquals(3, inside.exit());
        assertTrue(inside.err().contains("is inside the data directory"), inside.err());
        CliTest.Run relative = run("settings", "set", "anchor", "anchor.jsonl", "--data-dir", data());
        assertEquals(3, relative.exit());
        assertTrue(relative.err().contains("anchor: 'anchor.jsonl' is not an absolute path"), relative.err());
        CliTest.Run missing = setAnchor(tmp.resolve("not-mounted/anchor.jsonl"));
        assertEquals(3, missing.exit());
        assertTrue(missing.err().contains("anchor: the folder " + tmp.resolve("not-mounted") + " does not exist"),
                missing.err());
        Path other = anchor();
        Files.writeString(other, "{\"store\":\"another-clinic\",\"seq\":3,\"hash\":\"" + "a".repeat(64)
                + "\",\"at\":\"2026-11-01T00:00:00Z\"}\n");
        CliTest.Run foreign = setAnchor(other);
        assertEquals(3, foreign.exit());
        assertTrue(foreign.err().contains("holds the heads of another store (another-clinic)"), foreign.err());
        CliTest.Run show = run("settings", "show", "--data-dir", data());
        assertTrue(show.out().contains("anchor               none"), show.out());
    }

    @Test
    void aBackupOlderThanTheAnchorIsRestoredOnlyWhenTheLossIsAcceptedAndThenVerifiesWithTheLossNamed()
            throws Exception {
        Map<String, String> passphrase = Map.of("EXOCONSENT_BACKUP_PASSPHRASE", "correct horse battery staple");
        Path anchor = anchor();
        assertEquals(0, setAnchor(anchor).exit());
        record("complete-ja");
        Path older = tmp.resolve("older.exobackup");
        String headBefore = Files.readString(head()).strip();
        CliTest.Run b = CliTest.asTester(passphrase, "backup", "--data-dir", data(), "--out", older.toString());
        assertEquals(0, b.exit(), b.err());
        assertTrue(b.out().contains("Audit trail in this backup: newest entry " + headBefore.replace(" ",
                ", SHA-256 ")), b.out() + " / " + headBefore);
        // a trial restore of the freshest backup beside the clinic's data directory: no word about loss (only the
        // backup's own creation entry came after it), and it does not touch the clinic's anchor
        long anchoredBefore = Files.readAllLines(anchor).size();
        CliTest.Run trial = CliTest.asTester(passphrase, "restore", "--from", older.toString(), "--to",
                tmp.resolve("trial").toString());
        assertEquals(0, trial.exit(), trial.err());
        assertFalse(trial.err().contains("Warning:"), trial.err());
        assertTrue(trial.err().contains("the restored data directory no longer writes to the anchor " + anchor),
                trial.err());
        // the command it gives names the restored folder, not the one $EXOCONSENT_HOME names (README trial)
        assertTrue(trial.err().contains("continue the anchor there with: exoconsent settings set anchor " + anchor
                + " --after-restore --data-dir " + tmp.resolve("trial")), trial.err());
        assertEquals(anchoredBefore, Files.readAllLines(anchor).size(), "the trial restore wrote nothing there");
        CliTest.Run trialVerify = CliTest.asTester(Map.of(), "records", "verify", "--data-dir",
                tmp.resolve("trial").toString());
        assertEquals(0, trialVerify.exit(), trialVerify.out());
        assertEquals(0, verify().exit(), "the clinic's own data directory is untouched by the trial");

        record("complete-en"); // recorded after the backup
        CliTest.Run refused = CliTest.asTester(passphrase, "restore", "--from", older.toString(), "--to",
                tmp.resolve("restored").toString());
        assertEquals(1, refused.exit(), refused.err());
        assertTrue(refused.err().contains("the anchor " + anchor + " recorded entries up to "), refused.err());
        assertTrue(refused.err().contains("restoring it would lose the "), refused.err());
        assertTrue(refused.err().contains("--accept-loss"), refused.err());
        assertFalse(Files.exists(tmp.resolve("restored")), "nothing was restored");

        CliTest.Run accepted = CliTest.asTester(passphrase, "restore", "--from", older.toString(), "--to",
                tmp.resolve("restored").toString(), "--accept-loss");
        assertEquals(0, accepted.exit(), accepted.err());
        assertTrue(accepted.err().contains("are lost with this restore, as you accepted (audited)"), accepted.err());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("restored/exoconsent.db"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT details FROM audit WHERE action = 'restored'")) {
            assertTrue(rs.next());
            assertTrue(rs.getString(1).contains("\"anchoredUpTo\""), rs.getString(1));
        }
        // the restored copy now replaces the clinic's data directory: the anchor goes on only when told so
        String restored = tmp.resolve("restored").toString();
        CliTest.Run plain = CliTest.asTester(Map.of(), "settings", "set", "anchor", anchor.toString(), "--data-dir",
                restored);
        assertEquals(3, plain.exit(), plain.err());
        assertTrue(plain.err().contains("give --after-restore"), plain.err());
        CliTest.Run resumed = CliTest.asTester(Map.of(), "settings", "set", "anchor", anchor.toString(),
                "--after-restore", "--data-dir", restored);
        assertEquals(0, resumed.exit(), resumed.err());
        CliTest.Run v = CliTest.asTester(Map.of(), "records", "verify", "--data-dir", restored);
        assertEquals(0, v.exit(), v.out());
        assertTrue(v.out().contains("were lost when a restored copy of the data directory took its place"), v.out());
        // the data directory the clinic had used meanwhile is now, in the anchor's eyes, the one left behind
        CliTest.Run old = verify();
        assertEquals(1, old.exit(), old.out());
    }

    @Test
    void anEntryAppendedAfterTheAnchoredHeadAndBackdatedIsNamedAndTheUnanchoredEntriesNoted() throws Exception {
        Path anchor = anchor();
        assertEquals(0, setAnchor(anchor).exit());
        record("complete-ja");
        // the attacker appends a valid entry to the chain after the newest anchored head, dated earlier
        try (Connection c = sqlite(); Statement st = c.createStatement()) {
            long seq;
            String prev;
            try (ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")) {
                seq = rs.getLong(1) + 1;
                prev = rs.getString(2);
            }
            String at = "2026-01-01T00:00:00Z";
            String details = "{\"pdf\":\"2026/01/forged.pdf\"}";
            String hash = sha256(String.join("\u001f", prev, Long.toString(seq), at, "yamada [physician]", "created",
                    "forged", details));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit (seq, at, actor, action, subject, "
                    + "details, prev_hash, hash) VALUES (?, ?, 'yamada [physician]', 'created', 'forged', ?, ?, ?)")) {
                ps.setLong(1, seq);
                ps.setString(2, at);
                ps.setString(3, details);
                ps.setString(4, prev);
                ps.setString(5, hash);
                ps.executeUpdate();
            }
            Files.writeString(head(), seq + " " + hash + "\n");
        }
        CliTest.Run v = verify();
        assertEquals(1, v.exit(), v.out());
        assertTrue(v.out().contains("(created forged) is dated 2026-01-01T00:00:00Z, before the anchor " + anchor
                + " recorded entry "), v.out());
        assertTrue(v.out().contains("it was added to the trail afterwards, backdated"), v.out());
        assertTrue(v.out().contains("of the audit trail are not in the anchor " + anchor + " yet"), v.out());
    }

    @Test
    void anAnchorSettingChangedWithSqliteIsNamedAndTheTrailsAnchorStillChecked() throws Exception {
        Path anchor = anchor();
        assertEquals(0, setAnchor(anchor).exit());
        record("complete-ja");
        Path mine = Files.createDirectories(tmp.resolve("attacker")).resolve("empty.jsonl");
        Files.writeString(mine, "");
        try (Connection c = sqlite(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE setting SET value = '" + mine + "' WHERE key = 'anchor'");
        }
        CliTest.Run moved = verify();
        assertEquals(1, moved.exit(), moved.out());
        assertTrue(moved.out().contains("the anchor setting says " + mine + ", but the audit trail's last change of "
                + "it set " + anchor + ": the setting was changed outside the product"), moved.out());
        try (Connection c = sqlite(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM setting WHERE key = 'anchor'");
        }
        CliTest.Run removed = verify();
        assertEquals(1, removed.exit(), removed.out());
        assertTrue(removed.out().contains("the anchor setting says none, but the audit trail's last change of it set "
                + anchor), removed.out());
        assertTrue(removed.out().contains("Note: checked against the anchor " + anchor), removed.out());
    }

    @ProcessTest
    @Test
    void anAnchorThatIsAPipeADeviceOrASymbolicLinkIsRefused() throws Exception {
        record("complete-ja");
        Path share = anchor().getParent();
        Path fifo = share.resolve("fifo.jsonl");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CliTest.Run pipe = setAnchor(fifo);
        assertEquals(3, pipe.exit(), pipe.err());
        assertTrue(pipe.err().contains("is not a regular file"), pipe.err());
        CliTest.Run device = setAnchor(Path.of("/dev/null"));
        assertEquals(3, device.exit(), device.err());
        Path link = share.resolve("link.jsonl");
        Files.createSymbolicLink(link, Path.of(data(), "inside.jsonl"));
        CliTest.Run symlink = setAnchor(link);
        assertEquals(3, symlink.exit(), symlink.err());
        assertTrue(symlink.err().contains("is a symbolic link; an anchor must be a plain file"), symlink.err());
        assertFalse(Files.exists(Path.of(data(), "inside.jsonl")));
    }

    @Test
    void aHeadFileReplacedByAFolderIsReportedNotAFailureOfTheCommand() throws Exception {
        record("complete-ja");
        Files.delete(head());
        Files.createDirectories(head());
        CliTest.Run v = verify();
        assertEquals(1, v.exit(), v.out() + v.err());
        assertTrue(v.out().contains("PROBLEM: audit log: the head file " + head() + " cannot be read"), v.out());
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else if (!p.getFileName().toString().equals("exoconsent.lock")) {
                    Files.copy(p, t);
                }
            }
        }
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
