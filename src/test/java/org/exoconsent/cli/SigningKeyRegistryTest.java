package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.pdf.ConsentDocuments;
import org.exoconsent.pdf.SignatureReport;
import org.exoconsent.pdf.SignatureVerifier;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.pdf.SigningKeys;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 §2, "only the clinic's registered keys sign, and verify says whose key it was", through the command line
 * as a clinic (and an attacker with the product's commands, {@code sqlite3} and a key of their own) would use it.
 * Each attack passed on the release before: {@code record --keystore} archived consents signed with any key, an
 * expired one too; {@code records verify} accepted an archived PDF signed by any key; {@code verify FILE} said
 * INTACT for a consent re-signed with a new self-signed key of the clinic's name.
 */
class SigningKeyRegistryTest {
    /** The consultation of the example complete-ja, as recorded. */
    static final String JA = "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10";
    static final String EN = "a3e9b0c2-5d41-4f6a-8b27-91c4d0e6f538";

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** As CliTest: "tester" (every role) signs in; the sessions of a record are confirmed by their physician. */
    private Run run(Clock clock, Map<String, String> env, String... args) {
        List<String> list = List.of(args);
        int i = list.indexOf("--data-dir");
        Path data = Path.of(list.get(i + 1));
        if (!args[0].equals("verify")) {
            try {
                TestAccounts.everyone(new DataDirectory(data), clock);
                if (args[0].equals("record")) {
                    int s = list.indexOf("--session");
                    List<Path> files = new ArrayList<>();
                    for (int j = s + 1; j < list.size() && !list.get(j).startsWith("--"); j++) {
                        files.add(Path.of(list.get(j)));
                    }
                    TestAccounts.confirmFiles(new DataDirectory(data), Examples.CLOCK, files);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Map<String, String> withUser = new HashMap<>(env);
        withUser.putIfAbsent("EXOCONSENT_USER", TestAccounts.NAME);
        withUser.putIfAbsent("EXOCONSENT_PASSWORD", TestAccounts.PASSWORD);
        return raw(clock, withUser, args);
    }

    private static Run raw(Clock clock, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ExoConsentCli.commandLine(env, clock, new java.io.ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run run(String... args) {
        return run(Examples.CLOCK, Map.of(), args);
    }

    private static final Map<String, String> KEYSTORE_PASSWORD = Map.of("EXOCONSENT_KEYSTORE_PASSWORD", "pw");

    private String data() {
        return tmp.resolve("data").toString();
    }

    private String[] record(String example, String... extra) {
        return Stream.concat(Stream.of("record", "--data-dir", data(), "--session",
                Examples.sessionFile(example).toString()), Stream.of(extra)).toArray(String[]::new);
    }

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneId.of("Asia/Tokyo"));
    }

    private Path archived(String id) {
        return tmp.resolve("data/archive/2026/11/" + id + ".pdf");
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("data/exoconsent.db"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    @Test
    void recordWithAKeystoreTheClinicNeverRegisteredIsRefusedNamingItsFingerprintAndHowToRegisterIt()
            throws Exception {
        SigningKey own = TestKeys.make("CN=Clinic Tablet 2, O=Clinic, C=JP", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2028-01-01T00:00:00Z"));
        Path p12 = TestKeys.p12(tmp.resolve("tablet2.p12"), own, "pw");
        String fp = SigningKeys.fingerprint(own.certificate());

        Run refused = run(Examples.CLOCK, KEYSTORE_PASSWORD, record("complete-ja", "--keystore", p12.toString()));
        assertEquals(3, refused.exit(), refused.all());
        assertTrue(refused.err().contains("--keystore " + p12 + ": is not one of the clinic's registered signing keys "
                + "(certificate SHA-256 " + fp), refused.err());
        assertTrue(refused.err().contains("exoconsent keys register --keystore " + p12 + " --label LABEL"),
                refused.err());
        assertFalse(Files.exists(archived(JA)), "nothing was archived");
        assertEquals(0, count("SELECT count(*) FROM record"), "nothing was indexed");

        // a withdrawal is signed only with a registered key too
        assertEquals(0, run(record("complete-en")).exit(), "recorded with the data directory's own key");
        Run withdraw = run(Examples.CLOCK, KEYSTORE_PASSWORD, "withdraw", "--data-dir", data(), "--record", EN,
                "--date", "2026-11-21", "--reason", "telephoned", "--received-by", "reception", "--keystore",
                p12.toString());
        assertEquals(3, withdraw.exit(), withdraw.all());
        assertTrue(withdraw.err().contains("is not one of the clinic's registered signing keys (certificate SHA-256 "
                + fp), withdraw.err());
        assertEquals(0, count("SELECT count(*) FROM record WHERE kind = 'withdrawal' OR status = 'withdrawn'"));

        // an administrator registers it; then it signs, and records verify finds every document the clinic's
        Run registered = run(Examples.CLOCK, KEYSTORE_PASSWORD, "keys", "register", "--data-dir", data(),
                "--keystore", p12.toString(), "--label", "tablet 2");
        assertEquals(0, registered.exit(), registered.all());
        assertTrue(registered.out().contains("Registered 'tablet 2': certificate SHA-256 " + fp), registered.out());
        assertEquals(1, count("SELECT count(*) FROM audit WHERE action = 'key-registered' AND subject = '" + fp
                + "' AND details LIKE '%\"label\":\"tablet 2\"%'"));
        Run recorded = run(Examples.CLOCK, KEYSTORE_PASSWORD, record("complete-ja", "--keystore", p12.toString()));
        assertEquals(0, recorded.exit(), recorded.all());
        assertEquals(fp, SignatureVerifier.verify(Files.readAllBytes(archived(JA))).fingerprint());
        assertEquals(1, count("SELECT count(*) FROM audit WHERE action = 'created' AND subject = '" + JA
                + "' AND details LIKE '%\"signer\":\"" + fp + "\"%'"), "the created entry names the --keystore's key");
        Run verify = run("records", "verify", "--data-dir", data());
        assertEquals(0, verify.exit(), verify.all());
        assertTrue(verify.out().contains("2 records checked, 0 problems"), verify.out());

        Run again = run(Examples.CLOCK, KEYSTORE_PASSWORD, "keys", "register", "--data-dir", data(), "--keystore",
                p12.toString(), "--label", "tablet 2 again");
        assertEquals(3, again.exit(), again.all());
        assertTrue(again.err().contains(fp + ": this key is registered already as 'tablet 2'"), again.err());
    }

    @Test
    void recordWithAnExpiredKeyOrAClockSetBackBeforeTheKeysStartIsRefusedWithItsDatesAndWhatToDo()
            throws Exception {
        // registered in May, while its certificate was valid; it expired at the end of June
        SigningKey expired = TestKeys.make("CN=Old Clinic Key, O=Clinic, C=JP", Instant.parse("2025-07-01T00:00:00Z"),
                Instant.parse("2026-06-30T00:00:00Z"));
        Path oldP12 = TestKeys.p12(tmp.resolve("old.p12"), expired, "pw");
        Run registered = run(at("2026-05-01T00:00:00Z"), KEYSTORE_PASSWORD, "keys", "register", "--data-dir", data(),
                "--keystore", oldP12.toString(), "--label", "clinic key 2025");
        assertEquals(0, registered.exit(), registered.all());

        Run refused = run(Examples.CLOCK, KEYSTORE_PASSWORD, record("complete-ja", "--keystore", oldP12.toString()));
        assertEquals(3, refused.exit(), refused.all());
        assertTrue(refused.err().contains("is valid from 2025-07-01 09:00 (+09:00) to 2026-06-30 09:00 (+09:00): it "
                + "expired before now (2026-11-21 12:00 (+09:00)), and an expired certificate signs nothing; nothing "
                + "was signed. Make or import a new key and register it"), refused.err());
        assertFalse(Files.exists(archived(JA)));

        // a key registered on the 25th: the clinic's clock set back to the 21st must not sign with it
        SigningKey later = TestKeys.make("CN=New Clinic Key, O=Clinic, C=JP", Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2028-11-01T00:00:00Z"));
        Path newP12 = TestKeys.p12(tmp.resolve("new.p12"), later, "pw");
        assertEquals(0, run(at("2026-11-25T00:00:00Z"), KEYSTORE_PASSWORD, "keys", "register", "--data-dir", data(),
                "--keystore", newP12.toString(), "--label", "clinic key 2026").exit());
        Run setBack = run(Examples.CLOCK, KEYSTORE_PASSWORD, record("complete-ja", "--keystore", newP12.toString()));
        assertEquals(3, setBack.exit(), setBack.all());
        assertTrue(setBack.err().contains("the clinic's clock says 2026-11-21 12:00 (+09:00), before the key was "
                + "registered (2026-11-25 09:00 (+09:00)); a document is never signed before its key's start"),
                setBack.err());

        // a certificate that starts in December, registered in December: not before its start either
        SigningKey notYet = TestKeys.make("CN=December Key, O=Clinic, C=JP", Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2028-12-01T00:00:00Z"));
        Path decP12 = TestKeys.p12(tmp.resolve("dec.p12"), notYet, "pw");
        assertEquals(0, run(at("2026-12-02T00:00:00Z"), KEYSTORE_PASSWORD, "keys", "register", "--data-dir", data(),
                "--keystore", decP12.toString(), "--label", "december").exit());
        Run early = run(Examples.CLOCK, KEYSTORE_PASSWORD, record("complete-ja", "--keystore", decP12.toString()));
        assertEquals(3, early.exit(), early.all());
        assertTrue(early.err().contains("before the start of its certificate (its certificate (SHA-256 "
                + SigningKeys.fingerprint(notYet.certificate()) + ") is valid from 2026-12-01 09:00 (+09:00)"),
                early.err());
        assertEquals(0, count("SELECT count(*) FROM record"), "nothing was recorded");

        // an expired key is not registered at all
        SigningKey older = TestKeys.make("CN=Older, O=Clinic, C=JP", Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2025-01-01T00:00:00Z"));
        Run noRegistration = run(Examples.CLOCK, KEYSTORE_PASSWORD, "keys", "register", "--data-dir", data(),
                "--keystore", TestKeys.p12(tmp.resolve("older.p12"), older, "pw").toString(), "--label", "older");
        assertEquals(3, noRegistration.exit(), noRegistration.all());
        assertTrue(noRegistration.err().contains("its certificate expired on 2025-01-01 09:00 (+09:00)"),
                noRegistration.err());
    }

    @Test
    void aConsentReSignedWithANewSelfSignedKeyOfTheClinicsNameIsNotTheClinicsAndRecordsVerifyNamesTheKey()
            throws Exception {
        assertEquals(0, run(record("complete-ja")).exit());
        byte[] original = Files.readAllBytes(archived(JA));
        SignatureReport clinic = SignatureVerifier.verify(original);
        assertTrue(clinic.selfSigned());

        // the attacker: a new key with exactly the clinic's certificate subject, and the same consent signed with it
        SigningKey attacker = TestKeys.make(clinic.signer(), Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2036-01-01T00:00:00Z"));
        String attackerFp = SigningKeys.fingerprint(attacker.certificate());
        byte[] forged = new ConsentDocuments("ExoConsent", ClinicClock.of(Examples.CLOCK, ZoneId.of("Asia/Tokyo")))
                .renderAndSign(SessionJson.read(Examples.sessionFile("complete-ja")), Examples.template(), attacker,
                        "forgery");
        Path forgedFile = tmp.resolve("forged.pdf");
        Files.write(forgedFile, forged);

        // the signature alone is intact: verify says so, and prints whose key it was
        Run plain = raw(Examples.CLOCK, Map.of(), "verify", forgedFile.toString());
        assertEquals(0, plain.exit(), plain.all());
        assertTrue(plain.out().contains(": INTACT"), plain.out());
        assertTrue(plain.out().contains("  key:         not checked: whose key signed is not known without the "
                + "clinic's registered keys (--data-dir DIR) or the fingerprint you keep (--expect-fingerprint HEX)"),
                "what was not checked is said: " + plain.out());
        assertTrue(plain.out().contains("signer:      " + clinic.signer()), plain.out());
        assertTrue(plain.out().contains("certificate: SHA-256 " + attackerFp), plain.out());

        Run withData = run("verify", forgedFile.toString(), "--data-dir", data());
        assertEquals(1, withData.exit(), withData.all());
        // the headline says first that it is not accepted, not "INTACT" above the problem (re-trial of issue 17)
        assertTrue(withData.out().startsWith(forgedFile + ": NOT ACCEPTED: the signature is intact, but not by the "
                + "key expected (the problem is below)\n"), withData.out());
        assertTrue(withData.out().contains("the certificate " + attackerFp + " is not one of the clinic's registered "
                + "signing keys"), withData.out());
        Run expecting = raw(Examples.CLOCK, Map.of(), "verify", forgedFile.toString(), "--expect-fingerprint",
                clinic.fingerprint());
        assertEquals(1, expecting.exit(), expecting.all());
        assertTrue(expecting.out().startsWith(forgedFile + ": NOT ACCEPTED: "), expecting.out());
        assertTrue(expecting.out().contains("signed with certificate " + attackerFp + ", not the one expected ("
                + clinic.fingerprint() + "): check the fingerprint you gave against the one you keep; if it is "
                + "right, this is not the key you expected"), expecting.out());

        // the clinic's own document is recognised both ways (the fingerprint as typed: lower case, no colons)
        Run own = run("verify", archived(JA).toString(), "--data-dir", data(), "--expect-fingerprint",
                clinic.fingerprint().replace(":", "").toLowerCase(java.util.Locale.ROOT));
        assertEquals(0, own.exit(), own.all());
        assertTrue(own.out().contains("one of the clinic's registered signing keys: 'self-signed key of this data "
                + "directory'"), own.out());
        assertTrue(own.out().contains("the certificate is the one expected (" + clinic.fingerprint() + ")"),
                own.out());
        // a fingerprint mistyped: a usage error before the document is read, never an INTACT first (README trial)
        Run mistyped = run("verify", archived(JA).toString(), "--expect-fingerprint", "DE:A7:6E");
        assertEquals(2, mistyped.exit(), mistyped.all());
        assertEquals("", mistyped.out(), "nothing is said of the document");
        assertEquals("--expect-fingerprint: 'DE:A7:6E' is not a SHA-256 fingerprint (64 hex digits, colons allowed); "
                + "the document was not checked\n", mistyped.err());

        // the attacker replaces the archived PDF and its index hash with sqlite3
        Files.write(archived(JA), forged);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("data/exoconsent.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("DROP TRIGGER record_immutable");
            st.executeUpdate("UPDATE record SET pdf_sha256 = '" + RecordStore.sha256(forged) + "', pdf_size = "
                    + forged.length + " WHERE id = '" + JA + "'");
        }
        Run bad = run("records", "verify", "--data-dir", data());
        assertEquals(1, bad.exit(), bad.all());
        assertTrue(bad.out().contains("PROBLEM: record " + JA + " (" + archived(JA) + "): signed by a key that is not "
                + "one of the clinic's registered signing keys (certificate SHA-256 " + attackerFp), bad.out());

        // and registering their key with sqlite3 (no audit entry) is named as well
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("data/exoconsent.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO signing_key (fingerprint, label, subject, not_before, not_after, "
                    + "registered_from, registered_by, certificate) VALUES ('" + attackerFp + "', 'clinic key', '"
                    + clinic.signer().replace("'", "''") + "', '2026-01-01T00:00:00Z', '2036-01-01T00:00:00Z', "
                    + "'2026-01-01T00:00:00Z', 'admin', 'x')");
        }
        Run registeredBySqlite = run("records", "verify", "--data-dir", data());
        assertEquals(1, registeredBySqlite.exit(), registeredBySqlite.all());
        assertTrue(registeredBySqlite.out().contains("signing key " + attackerFp + " ('clinic key'): registered in the "
                + "database, but the audit trail never recorded its registration"), registeredBySqlite.out());
    }

    @Test
    void aDocumentSignedOutsideItsKeysRegisteredPeriodIsReportedAsAlteredAndARetiredKeySignsNothingMore()
            throws Exception {
        SigningKey key = TestKeys.make("CN=Clinic Key, O=Clinic, C=JP", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:00:00Z"));
        Path p12 = TestKeys.p12(tmp.resolve("clinic.p12"), key, "pw");
        String fp = SigningKeys.fingerprint(key.certificate());
        assertEquals(0, run(at("2026-11-20T00:00:00Z"), KEYSTORE_PASSWORD, "keys", "register", "--data-dir", data(),
                "--keystore", p12.toString(), "--label", "clinic key").exit());
        assertEquals(0, run(Examples.CLOCK, KEYSTORE_PASSWORD, record("complete-ja", "--keystore", p12.toString()))
                .exit());
        assertEquals(0, run("records", "verify", "--data-dir", data()).exit());

        // someone holding the key signs the consent again, dated before the key was registered, and swaps it in
        ConsentDocuments documents = new ConsentDocuments("ExoConsent", ClinicClock.of(Examples.CLOCK,
                ZoneId.of("Asia/Tokyo")));
        ConsentDocuments.Unsigned u = documents.render(SessionJson.read(Examples.sessionFile("complete-ja")),
                Examples.template(), "backdated");
        byte[] backdated = documents.sign(new ConsentDocuments.Unsigned(u.session(), u.template(), u.pdf(),
                Instant.parse("2026-10-01T00:00:00Z"), u.clock()), key);
        byte[] original = Files.readAllBytes(archived(JA));
        Files.write(archived(JA), backdated);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("data/exoconsent.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("DROP TRIGGER record_immutable");
            st.executeUpdate("UPDATE record SET pdf_sha256 = '" + RecordStore.sha256(backdated) + "', pdf_size = "
                    + backdated.length + " WHERE id = '" + JA + "'");
        }
        Run bad = run("records", "verify", "--data-dir", data());
        assertEquals(1, bad.exit(), bad.all());
        assertTrue(bad.out().contains("PROBLEM: record " + JA + " (" + archived(JA) + "): signed at 2026-10-01 09:00 "
                + "(+09:00), outside the registered period of its key 'clinic key' (SHA-256 " + fp + ", 2026-11-20 "
                + "09:00 (+09:00) – current)"), bad.out());
        Files.write(archived(JA), original);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("data/exoconsent.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE record SET pdf_sha256 = '" + RecordStore.sha256(original) + "', pdf_size = "
                    + original.length + " WHERE id = '" + JA + "'");
        }

        // retired on the 22nd: it signs nothing more, and what it signed before stays covered
        Run retired = run(at("2026-11-22T00:00:00Z"), Map.of(), "keys", "retire", "--data-dir", data(), fp);
        assertEquals(0, retired.exit(), retired.all());
        assertTrue(retired.out().contains("Retired 'clinic key' (certificate SHA-256 " + fp + "): it signed "
                + "2026-11-20 09:00 (+09:00) – retired 2026-11-22 09:00 (+09:00)"), retired.out());
        Run refused = run(at("2026-11-23T00:00:00Z"), KEYSTORE_PASSWORD, "withdraw", "--data-dir", data(), "--record",
                JA, "--date", "2026-11-22", "--reason", "telephoned", "--received-by", "reception", "--keystore",
                p12.toString());
        assertEquals(3, refused.exit(), refused.all());
        assertTrue(refused.err().contains("the key 'clinic key' was retired on 2026-11-22 09:00 (+09:00) and signs "
                + "nothing more"), refused.err());
        // render, whose PDF is no record, still signs with it, and says what verify will say (README trial)
        Path rendered = tmp.resolve("rendered.pdf");
        Run render = run(at("2026-11-23T00:00:00Z"), KEYSTORE_PASSWORD, "render", "--data-dir", data(), "--session",
                Examples.sessionFile("complete-en").toString(), "--out", rendered.toString(), "--keystore",
                p12.toString());
        assertEquals(0, render.exit(), render.all());
        assertTrue(render.err().contains("Warning: ") && render.err().contains("retired") && render.err().contains(
                ": verify --data-dir calls this document not the clinic's, and this key cannot sign a record "
                + "(exoconsent keys show lists the keys that can)"), render.err());
        Run renderedVerify = run(at("2026-11-23T00:00:00Z"), Map.of(), "verify", rendered.toString(), "--data-dir",
                data());
        assertEquals(1, renderedVerify.exit(), "as the warning said: " + renderedVerify.all());
        Run verify = run(at("2026-11-23T00:00:00Z"), Map.of(), "records", "verify", "--data-dir", data());
        assertEquals(0, verify.exit(), verify.all());
        assertEquals(1, count("SELECT count(*) FROM audit WHERE action = 'key-retired' AND subject = '" + fp + "'"));

        Run twice = run(at("2026-11-23T00:00:00Z"), Map.of(), "keys", "retire", "--data-dir", data(), fp);
        assertEquals(3, twice.exit(), twice.all());
        assertTrue(twice.err().contains("was retired already on 2026-11-22 09:00 (+09:00)"), twice.err());
        Run unknown = run("keys", "retire", "--data-dir", data(), "AB:CD");
        assertEquals(3, unknown.exit(), unknown.all());
        assertTrue(unknown.err().contains("'AB:CD' is not a SHA-256 fingerprint"), unknown.err());
        // the registry refuses changes other than one retirement, and any deletion, even with sqlite3
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("data/exoconsent.db"));
             Statement st = c.createStatement()) {
            for (String sql : new String[] {"UPDATE signing_key SET retired_at = NULL WHERE fingerprint = '" + fp + "'",
                "UPDATE signing_key SET registered_from = '2020-01-01T00:00:00Z'",
                "DELETE FROM signing_key WHERE fingerprint = '" + fp + "'"}) {
                java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                        () -> st.executeUpdate(sql), sql);
                assertTrue(e.getMessage().contains("a registered signing key cannot be"), e.getMessage());
            }
        }
    }

    @Test
    void keysShowListsTheRegisteredKeysAndFlagsACertificateThatExpiresWithin60Days() throws Exception {
        SigningKey soon = TestKeys.make("CN=Reception PC, O=Clinic, C=JP", Instant.parse("2025-12-21T03:00:00Z"),
                Examples.CLOCK.instant().plus(Duration.ofDays(30)));
        SigningKey later = TestKeys.make("CN=Tablet, O=Clinic, C=JP", Instant.parse("2026-01-01T00:00:00Z"),
                Examples.CLOCK.instant().plus(Duration.ofDays(90)));
        for (Object[] k : new Object[][] {{soon, "reception PC"}, {later, "tablet"}}) {
            Path p12 = TestKeys.p12(tmp.resolve(k[1] + ".p12"), (SigningKey) k[0], "pw");
            assertEquals(0, run(Examples.CLOCK, KEYSTORE_PASSWORD, "keys", "register", "--data-dir", data(),
                    "--keystore", p12.toString(), "--label", (String) k[1]).exit());
        }
        Run show = run("keys", "show", "--data-dir", data());
        assertEquals(0, show.exit(), show.all());
        String fpSoon = SigningKeys.fingerprint(soon.certificate());
        String fpLater = SigningKeys.fingerprint(later.certificate());
        assertTrue(show.out().contains("* reception PC  [EXPIRES in 30 days, on 2026-12-21 12:00 (+09:00): make or "
                + "import a new key and register it before then]\n  SHA-256 " + fpSoon), show.out());
        assertTrue(show.out().contains("* tablet\n  SHA-256 " + fpLater + "\n  subject CN=Tablet,O=Clinic,C=JP\n  "
                + "certificate valid 2026-01-01 09:00 (+09:00) to 2027-02-19 12:00 (+09:00)\n  signs 2026-11-21 12:00 "
                + "(+09:00) – current (registered by tester"), show.out());
    }

    @Test
    void anUpgradedDataDirectoryRegistersTheKeyFoundThereFromItsCertificatesStartAndVerifiesClean()
            throws Exception {
        Path copy = PreviousRelease.copyTo(PreviousRelease.V1_2_0, tmp.resolve("data"));
        Map<String, String> manager = Map.of("EXOCONSENT_USER", "suzuki", "EXOCONSENT_PASSWORD", "manager-password-1");
        Clock twoDaysLater = at("2026-12-02T01:00:00Z");
        Run verify = raw(twoDaysLater, manager, "records", "verify", "--data-dir", copy.toString());
        assertEquals(0, verify.exit(), verify.all());
        assertTrue(verify.out().contains("5 records and 1 withdrawal checked, 0 problems, 0 orphan files"), verify.out());
        assertFalse(verify.out().contains("NOTICE"), verify.out());

        String fixtureKey = "AB:AE:E0:3E:43:F7:7D:70:E0:9F:01:79:45:2B:84:67:91:44:B0:24:9D:66:2B:CF:D6:7B:F7:85:EB:"
                + "75:B1:E0";
        Run show = raw(twoDaysLater, manager, "keys", "show", "--data-dir", copy.toString());
        assertEquals(0, show.exit(), show.all());
        assertTrue(show.out().contains("Registered signing keys (1):\n* self-signed key of this data directory\n"
                + "  SHA-256 " + fixtureKey), show.out());
        assertTrue(show.out().contains("signs 2026-11-30 09:43 (+09:00) – current (registered on upgrade)"),
                show.out());
        assertEquals(1, count("SELECT count(*) FROM audit WHERE action = 'key-registered' AND actor = 'upgrade' AND "
                + "subject = '" + fixtureKey + "' AND details LIKE '%\"from\":\"2026-11-30T00:43:02Z\"%' AND details "
                + "LIKE '%\"upgrade\":true%'"));

        // the old records verify against the registered key one by one, with no account
        Run one = raw(twoDaysLater, Map.of(), "verify", copy.resolve("archive/2026/11/"
                + "3f6b9d2e-8c41-4a7e-b5d0-2e9a7c1f4b63.pdf").toString(), "--data-dir", copy.toString());
        assertEquals(0, one.exit(), one.all());
        assertTrue(one.out().contains("one of the clinic's registered signing keys"), one.out());

        assertEquals(1, count("SELECT count(*) FROM audit WHERE action = 'key-registry-started' AND actor = 'upgrade'"));
        // opened again: registered once, not again
        assertEquals(0, raw(twoDaysLater, manager, "records", "verify", "--data-dir", copy.toString()).exit());
        assertEquals(1, count("SELECT count(*) FROM signing_key"));
        assertEquals(1, count("SELECT count(*) FROM audit WHERE action = 'key-registered'"));
    }

    @Test
    void recordsSignedBeforeTheUpgradeByAKeyNeverKeptInTheDataDirectoryAreNotedNotCountedAsDamage() throws Exception {
        // a clinic of 1.2.0 that signed with a keystore kept elsewhere: no key in keys/ to register on upgrade
        Path copy = PreviousRelease.copyTo(PreviousRelease.V1_2_0, tmp.resolve("data"));
        try (Stream<Path> files = Files.walk(copy.resolve("keys"))) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
        Map<String, String> manager = Map.of("EXOCONSENT_USER", "suzuki", "EXOCONSENT_PASSWORD", "manager-password-1");
        Run verify = raw(at("2026-12-02T01:00:00Z"), manager, "records", "verify", "--data-dir", copy.toString());
        assertEquals(0, verify.exit(), verify.all());
        assertTrue(verify.out().contains("5 records and 1 withdrawal checked, 0 problems"), verify.out());
        assertTrue(verify.out().contains("Note: documents signed before this data directory registered its signing "
                + "keys (on upgrade) by key AB:AE:E0:3E:43:F7:7D:70:E0:9F:01:79:45:2B:84:67:91:44:B0:24:9D:66:2B:CF:D6:"
                + "7B:F7:85:EB:75:B1:E0, which was never registered: their signatures are intact, but not "
                + "cross-checkable against the clinic's registered keys"), verify.out());
        assertEquals(0, count("SELECT count(*) FROM signing_key"));

        // and from now on no unregistered key signs
        SigningKey attacker = TestKeys.make("CN=Someone, C=JP", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:00:00Z"));
        Path p12 = TestKeys.p12(tmp.resolve("someone.p12"), attacker, "pw");
        Map<String, String> env = new HashMap<>(KEYSTORE_PASSWORD);
        env.putAll(Map.of("EXOCONSENT_USER", "yamada", "EXOCONSENT_PASSWORD", "physician-password-1"));
        Run refused = raw(at("2026-12-02T01:00:00Z"), env, "withdraw", "--data-dir", copy.toString(), "--record",
                "3f6b9d2e-8c41-4a7e-b5d0-2e9a7c1f4b63", "--date", "2026-12-01", "--reason", "telephoned",
                "--received-by", "reception", "--keystore", p12.toString());
        assertEquals(3, refused.exit(), refused.all());
        assertTrue(refused.err().contains("is not one of the clinic's registered signing keys"), refused.err());
    }

    /**
     * A data directory's first key names the clinic as its profile says, whatever clinic the first session signed
     * with it names (README trial of issue 17: rendering the README's example after set-clinic made the clinic's
     * only key, for good, in the demo clinic's name).
     */
    @Test
    void theFirstKeyNamesTheClinicOfTheProfileNotThatOfTheSessionItFirstSigns() throws Exception {
        Run set = run("catalog", "set-clinic", "--data-dir", data(), "--name", "さくら皮膚科クリニック", "--address",
                "大阪府大阪市北区1-1", "--phone", "06-0000-0000", "--blood-donation-policy",
                "献血の前に、この治療を受けたことを必ず申し出てください。");
        assertEquals(0, set.exit(), set.err());
        Path out = tmp.resolve("example.pdf");
        Run render = run("render", "--data-dir", data(), "--session", Examples.sessionFile("complete-ja").toString(),
                "--out", out.toString());
        assertEquals(0, render.exit(), render.all());
        assertTrue(render.err().contains("a self-signed key was created"), render.err());
        // the document prints the example's clinic, not the profile's: said (README trial of issue 17)
        assertTrue(render.err().contains("Note: " + Examples.sessionFile("complete-ja") + " names the clinic 'デモ"),
                render.err());
        assertTrue(render.err().contains("this store's clinic profile is 'さくら皮膚科クリニック'. A consultation "
                + "started in the app takes the profile's."), render.err());
        Run show = run("keys", "show", "--data-dir", data());
        assertTrue(show.out().contains("subject C=JP,O=さくら皮膚科クリニック,CN=さくら皮膚科クリニック (ExoConsent "
                + "self-signed)"), show.out());
        assertFalse(show.out().contains("デモクリニック"), "the example session's clinic names no key: " + show.out());
        assertFalse(show.out().contains("SIGNS NO RECORD"), show.out());
        // its only key retired, keys show says it signs nothing and how to sign again (README trial)
        java.util.regex.Matcher fp = java.util.regex.Pattern.compile("certificate SHA-256 ([0-9A-F:]{95})")
                .matcher(show.out());
        assertTrue(fp.find(), show.out());
        assertEquals(0, run("keys", "retire", "--data-dir", data(), fp.group(1)).exit());
        Run after = run("keys", "show", "--data-dir", data());
        assertTrue(after.out().contains("  THIS KEY SIGNS NO RECORD: it is retired. Make or import a new key and "
                + "register it (exoconsent keys import --p12 FILE --password-stdin stores and registers the clinic's "
                + "key; docs/SIGNING.md)"), after.out());
    }
}
