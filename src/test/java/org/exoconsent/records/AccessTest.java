package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may do what, checked by the store itself; sign-in, lockout, and no password in plain text anywhere. */
class AccessTest {
    @TempDir
    Path tmp;

    /** A clock the test moves forward (for the lockout). */
    static final class MovingClock extends Clock {
        Instant now = Examples.CLOCK.instant();

        @Override
        public ZoneId getZone() {
            return Examples.CLOCK.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovingClock clock = new MovingClock();
    DataDirectory dir;
    static final String ADMIN_PW = "admin password 1";
    static final String DOCTOR_PW = TestAccounts.PHYSICIAN_PASSWORD;
    static final String OTHER_PW = TestAccounts.OTHER_PHYSICIAN_PASSWORD;
    static final String STAFF_PW = "staff password 4";
    static final String MANAGER_PW = "manager password 5";

    @BeforeEach
    void clinicWithOnePersonPerRole() throws Exception {
        dir = new DataDirectory(tmp.resolve("data"));
        // set up once per JVM and copied into each test (TestAccounts#copied): on a clock at Examples.CLOCK's instant,
        // which the set-up does not move
        if (!TestAccounts.copied(dir, "AccessTest: one person per role", Examples.CLOCK,
                d -> onePersonPerRole(d, new MovingClock()))) {
            onePersonPerRole(dir, clock);
        }
    }

    private static void onePersonPerRole(DataDirectory dir, Clock clock) throws Exception {
        try (RecordStore admin = RecordStore.createFirstAdministrator(dir, clock, "admin", ADMIN_PW.toCharArray(),
                "test")) {
            // with her name in Latin letters: she explains to an English-speaking patient below (issue 12 §2)
            admin.addPhysician(new Catalog.Physician("佐々木 恵", "654321", true,
                    java.util.Map.of("en", "Megumi Sasaki")));
            admin.addUser("yamada", EnumSet.of(Role.PHYSICIAN), "123456", DOCTOR_PW.toCharArray());
            admin.addUser("sasaki", EnumSet.of(Role.PHYSICIAN), "654321", OTHER_PW.toCharArray());
            admin.addUser("reception", EnumSet.of(Role.STAFF), null, STAFF_PW.toCharArray());
            admin.addUser("office", EnumSet.of(Role.MANAGER), null, MANAGER_PW.toCharArray());
        }
        // one consent by each physician
        try (RecordStore staff = RecordStore.signIn(dir, clock, "reception", STAFF_PW.toCharArray(), "test")) {
            TestAccounts.record(staff, Examples.session("complete-ja"), Examples.template(), Examples.key(), "yamada's");
            ObjectNode other = Examples.json("complete-en");
            other.put("id", "by-sasaki");
            other.putObject("physician").put("name", "Megumi Sasaki").put("licenceNumber", "654321");
            String confirmedAt = other.get("confirmedBy").get("at").asText();
            other.putObject("confirmedBy").put("account", "sasaki").put("name", "Megumi Sasaki")
                    .put("licenceNumber", "654321").put("at", confirmedAt);
            other.withArray("signatures").forEach(sig -> {
                if ("physician".equals(sig.get("role").asText())) {
                    ((ObjectNode) sig).put("name", "Megumi Sasaki");
                }
            });
            TestAccounts.record(staff, Examples.session(other), Examples.template(), Examples.key(), "sasaki's");
        }
    }

    private RecordStore signIn(String name, String password) throws StoreException {
        return RecordStore.signIn(dir, clock, name, password.toCharArray(), "test");
    }

    interface Action {
        void run(RecordStore store) throws Exception;
    }

    /** Which of the actions the person may do: the names of those the store allowed. */
    private List<String> allowed(String name, String password) throws Exception {
        List<String> ok = new ArrayList<>();
        List<Object[]> actions = List.of(
                new Object[] {"read catalog", (Action) RecordStore::catalog},
                new Object[] {"find patients", (Action) s -> s.findPatients("P-", 5)},
                new Object[] {"list records", (Action) s -> s.list(RecordFilter.ALL, 0, 10)},
                new Object[] {"verify", (Action) s -> s.verify((d, t) -> { })},
                new Object[] {"export", (Action) s -> s.export(RecordStore.ExportFormat.CSV, RecordFilter.ALL,
                        tmp.resolve(name + ".csv"), true)},
                new Object[] {"recall", (Action) s -> s.recall("UC10-2611-04", null)},
                new Object[] {"add lot", (Action) s -> s.addLot(new Catalog.Lot("デモ培養上清エクソソーム UC-10",
                        "L-" + name, LocalDate.parse("2028-01-31"), null))},
                new Object[] {"list templates", (Action) RecordStore::templates},
                new Object[] {"activate template", (Action) s -> s.activateTemplate("exosome-therapy", "1.3.0")},
                new Object[] {"set setting", (Action) s -> s.setSetting(Settings.Key.REFLECTION_MINUTES, 5)},
                new Object[] {"set time zone", (Action) s -> s.setTimeZone(java.time.ZoneId.of("Asia/Tokyo"))},
                new Object[] {"list users", (Action) RecordStore::users},
                new Object[] {"add user", (Action) s -> s.addUser("new-" + name, EnumSet.of(Role.STAFF), null,
                        "a new password 9".toCharArray())});
        for (Object[] a : actions) {
            try (RecordStore store = signIn(name, password)) {
                ((Action) a[1]).run(store);
                ok.add((String) a[0]);
            } catch (AccessDeniedException e) {
                assertTrue(e.getMessage().contains(name + " (") && e.getMessage().contains("may not"),
                        "the refusal names the person and what they may not do: " + e.getMessage());
            }
        }
        return ok;
    }

    @Test
    void eachRoleMayDoItsOwnWorkAndNothingElse() throws Exception {
        assertEquals(List.of("read catalog", "find patients", "list records", "list templates"),
                allowed("yamada", DOCTOR_PW));
        assertEquals(List.of("read catalog", "find patients", "list templates"), allowed("reception", STAFF_PW));
        assertEquals(List.of("read catalog", "list records", "verify", "export", "recall", "list templates"),
                allowed("office", MANAGER_PW));
        assertEquals(List.of("read catalog", "verify", "add lot", "list templates", "activate template",
                "set setting", "set time zone", "list users", "add user"), allowed("admin", ADMIN_PW));
    }

    @Test
    void aPhysicianSeesAndWithdrawsOnlyTheirOwnPatientsRecords() throws Exception {
        try (RecordStore yamada = signIn("yamada", DOCTOR_PW)) {
            List<RecordRow> rows = yamada.list(RecordFilter.ALL, 0, 10);
            assertEquals(List.of("123456"), rows.stream().map(RecordRow::physicianLicence).toList());
            assertEquals(1, yamada.count());
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> yamada.withdraw("by-sasaki",
                    LocalDate.parse("2026-11-21"), "changed mind", "yamada", null, Examples.key()));
            assertTrue(e.getMessage().contains("another physician's"), e.getMessage());
            try (Statement st = yamada.sqliteStores().connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT actor, details FROM audit WHERE action = 'access-refused' "
                         + "AND subject = 'by-sasaki'")) {
                assertTrue(rs.next(), "the refusal is audited");
                assertEquals("yamada [physician]", rs.getString(1));
                assertEquals("{\"refused\":\"another physician's record\"}", rs.getString(2));
            }
        }
        try (RecordStore office = signIn("office", MANAGER_PW)) {
            assertEquals(2, office.count(), "the manager sees every record");
        }
    }

    /** The example Japanese consultation under another id, with the physician's licence and name given. */
    private static ConsentSession consultation(String id, String licence, String name) {
        ObjectNode json = Examples.json("complete-ja");
        json.put("id", id);
        json.putObject("physician").put("name", name).put("licenceNumber", licence);
        return Examples.session(json);
    }

    @Test
    void aPhysicianRecordsOnlyUnderTheirOwnLicenceAndNobodyUnderALicenceTheCatalogDoesNotOffer() throws Exception {
        try (RecordStore yamada = signIn("yamada", DOCTOR_PW)) {
            AccessDeniedException other = assertThrows(AccessDeniedException.class, () -> yamada.record(
                    consultation("under-sasaki", "654321", "佐々木 恵"), Examples.template(), Examples.key(), "s.json"));
            assertEquals("s.json: yamada (physician, licence 123456) records only their own consultations; this "
                    + "session's physician has licence 654321. Nothing was recorded", other.getMessage());
            org.exoconsent.consent.SessionException unknown = assertThrows(
                    org.exoconsent.consent.SessionException.class, () -> yamada.record(
                            consultation("made-up", "999999", "山田 太郎"), Examples.template(), Examples.key(),
                            "m.json"));
            assertTrue(unknown.getMessage().contains("physician.licenceNumber: '999999' is not a physician of the "
                    + "clinic's catalog"), unknown.getMessage());
            try (Statement st = yamada.sqliteStores().connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT actor, details FROM audit WHERE action = 'access-refused' "
                         + "AND subject = 'under-sasaki'")) {
                assertTrue(rs.next(), "the refusal is audited");
                assertEquals("yamada [physician]", rs.getString(1));
                assertEquals("{\"refused\":\"recording under another physician's licence\",\"licence\":"
                        + "\"654321\"}", rs.getString(2));
            }
        }
        try (RecordStore admin = signIn("admin", ADMIN_PW)) {
            admin.setPhysicianActive("654321", false);
        }
        try (RecordStore staff = signIn("reception", STAFF_PW)) {
            org.exoconsent.consent.SessionException inactive = assertThrows(
                    org.exoconsent.consent.SessionException.class, () -> staff.record(
                            consultation("under-inactive", "654321", "佐々木 恵"), Examples.template(),
                            Examples.key(), "i.json"));
            assertTrue(inactive.getMessage().contains("physician.licenceNumber: '654321' is not an active physician "
                    + "of the clinic's catalog (set inactive)"), inactive.getMessage());
            try (Statement st = staff.sqliteStores().connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM record")) {
                assertEquals(2, rs.getLong(1), "nothing was recorded");
            }
        }
    }

    @Test
    void recordingNeedsAPhysicianOrStaff() throws Exception {
        try (RecordStore office = signIn("office", MANAGER_PW)) {
            ConsentSession s = Examples.session("complete-en");
            AccessDeniedException e = assertThrows(AccessDeniedException.class,
                    () -> TestAccounts.record(office, s, Examples.template(), Examples.key(), "x"));
            assertEquals("office (manager) may not run consultations or record consents: this needs the role "
                    + "physician or staff; someone with that role does this, or an administrator gives the role "
                    + "(exoconsent users set-roles, or the administration screen)", e.getMessage());
        }
    }

    @Test
    void fiveWrongPasswordsLockTheAccountForFifteenMinutesAndEachFailureIsAudited() throws Exception {
        for (int i = 1; i <= 4; i++) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> signIn("yamada", "guess"));
            assertEquals("yamada: wrong user name or password, or the account is locked or disabled"
                + " (after 5 wrong passwords in a row an account waits 15 minutes; an administrator "
                + "can set a new password)", e.getMessage());
        }
        AccessDeniedException fifth = assertThrows(AccessDeniedException.class, () -> signIn("yamada", "guess"));
        assertEquals(REFUSED, fifth.getMessage().replace("yamada", "NAME"), "the lock is not told");
        AccessDeniedException locked = assertThrows(AccessDeniedException.class, () -> signIn("yamada", DOCTOR_PW));
        assertEquals(REFUSED, locked.getMessage().replace("yamada", "NAME"), "even the right password is refused, "
                + "and the answer does not tell that it was right");
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        try (RecordStore yamada = signIn("yamada", DOCTOR_PW)) {
            assertEquals("yamada", yamada.principal().name());
        }
        try (RecordStore admin = signIn("admin", ADMIN_PW)) {
            List<String> seen = rows(admin, "SELECT action, details FROM audit WHERE subject = 'yamada' AND action "
                    + "IN ('sign-in-failed', 'account-locked') ORDER BY seq");
            assertEquals(7, seen.size(), seen.toString());
            assertEquals("sign-in-failed {\"reason\":\"wrong password\"}", seen.get(0));
            assertTrue(seen.get(5).startsWith("account-locked"), seen.toString());
            assertEquals("sign-in-failed {\"reason\":\"locked\"}", seen.get(6));
        }
    }

    /** Each row of a query, its columns joined by a space. */
    private static List<String> rows(RecordStore store, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = store.sqliteStores().connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                out.add(String.join(" ", row));
            }
        }
        return out;
    }

    /** The one answer to every failed sign-in, with the name replaced by NAME. */
    static final String REFUSED = "NAME: wrong user name or password, or the account is locked or disabled"
                + " (after 5 wrong passwords in a row an account waits 15 minutes; an administrator "
                + "can set a new password)";

    private String refusal(String name, String password) {
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> signIn(name, password));
        return e.getMessage().replace(name, "NAME");
    }

    @Test
    void aNameLongerThanAnyAccountsIsRefusedBeforeAnyWorkWithTheOneAnswerAndNeverStoredWhole() throws Exception {
        String huge = "x".repeat(120_000);
        long derivations = Passwords.derivations();
        List<String> trail;
        try (RecordStore admin = signIn("admin", ADMIN_PW)) {
            trail = rows(admin, "SELECT seq FROM audit");
        }
        derivations = Passwords.derivations() - derivations; // the administrator's own sign-in
        long before = Passwords.derivations();
        for (int i = 0; i < 11; i++) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> signIn(huge, "a guess"));
            assertEquals(REFUSED.replace("NAME", "x".repeat(64) + "… (120000 characters)"), e.getMessage(),
                    "the one answer, the name cut to the account-name limit with its length");
        }
        assertEquals(0, Passwords.derivations() - before, "refused before any work: no password checked");
        assertEquals(1, derivations);
        try (RecordStore admin = signIn("admin", ADMIN_PW)) {
            assertEquals(List.of(), rows(admin, "SELECT seq FROM audit WHERE actor LIKE '%xxxxxxxx%' "
                    + "OR subject LIKE '%xxxxxxxx%' OR details LIKE '%xxxxxxxx%'"), "nothing of the attempts stored");
            assertTrue(rows(admin, "SELECT seq FROM audit").containsAll(trail));
            // the limit is what users add allows: 64 characters, said in its refusal
            String longest = "n".repeat(org.exoconsent.limits.InputLimits.MAX_ACCOUNT_NAME_CHARACTERS);
            admin.addUser(longest, EnumSet.of(Role.STAFF), null, STAFF_PW.toCharArray());
            IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> admin.addUser(
                    longest + "n", EnumSet.of(Role.STAFF), null, STAFF_PW.toCharArray()));
            assertTrue(tooLong.getMessage().contains("must be 1 to 64 letters"), tooLong.getMessage());
        }
        signIn("n".repeat(64), STAFF_PW).close();
    }

    @Test
    void anUnknownNameGetsTheSameAnswerAsAWrongPassword() {
        assertEquals(REFUSED, refusal("nobody", "whatever"));
    }

    @Test
    void everyFailedSignInGetsOneAnswerAndOnlyTheRightPasswordHearsThatAnAccountIsDisabled() throws Exception {
        try (RecordStore admin = signIn("admin", ADMIN_PW)) {
            admin.setActive("reception", false);
        }
        assertEquals(REFUSED, refusal("nobody", "a wrong password"), "unknown name");
        assertEquals(REFUSED, refusal("office", "a wrong password"), "wrong password");
        assertEquals(REFUSED, refusal("reception", "a wrong password"), "disabled, wrong password");
        for (int i = 0; i < 5; i++) {
            assertEquals(REFUSED, refusal("yamada", "a wrong password"), "wrong password " + (i + 1));
        }
        assertEquals(REFUSED, refusal("yamada", DOCTOR_PW), "locked, even with the right password");
        for (int i = 0; i < 6; i++) {
            assertEquals(REFUSED, refusal("nobody", "a wrong password"), "an unknown name answers as a locked one");
        }
        AccessDeniedException told = assertThrows(AccessDeniedException.class, () -> signIn("reception", STAFF_PW));
        assertEquals("reception: this account is disabled; ask an administrator", told.getMessage(),
                "told only to whoever knows the password");
        try (RecordStore admin = signIn("admin", ADMIN_PW)) {
            List<String> seen = rows(admin, "SELECT actor, subject, details FROM audit WHERE action = "
                    + "'sign-in-failed' AND subject IN ('nobody', 'reception', 'office') ORDER BY seq");
            assertEquals("sign-in:nobody nobody {\"reason\":\"unknown user\"}", seen.get(0));
            assertEquals("sign-in:office office {\"reason\":\"wrong password\"}", seen.get(1));
            assertEquals("sign-in:reception reception {\"reason\":\"disabled, wrong password\"}", seen.get(2),
                    "the trail keeps the real reason");
            assertEquals("sign-in:reception reception {\"reason\":\"disabled\"}", seen.get(seen.size() - 1));
        }
    }

    @Test
    void anUnknownNameCostsOneArgon2idCheckWithTheParametersOfEveryNewHash() throws Exception {
        // in a fresh copy of the class, as at the start of a CLI run: getting the decoy derives nothing
        java.net.URL[] path = java.util.Arrays.stream(System.getProperty("java.class.path")
                .split(java.io.File.pathSeparator)).map(p -> {
                    try {
                        return java.nio.file.Path.of(p).toUri().toURL();
                    } catch (java.net.MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                }).toArray(java.net.URL[]::new);
        try (java.net.URLClassLoader fresh = new java.net.URLClassLoader(path, null)) {
            Class<?> copy = fresh.loadClass(Passwords.class.getName());
            java.lang.reflect.Method decoyOf = copy.getDeclaredMethod("decoy");
            java.lang.reflect.Method count = copy.getDeclaredMethod("derivations");
            decoyOf.setAccessible(true);
            count.setAccessible(true);
            assertEquals(Passwords.decoy(), decoyOf.invoke(null));
            assertEquals(0L, count.invoke(null), "the decoy is a constant, not derived on first use");
        }
        String decoy = Passwords.decoy();
        assertFalse(Passwords.matches("not-a-real-password".toCharArray(), decoy), "no password matches it");
        assertTrue(decoy.startsWith("$argon2id$v=19$m=" + Passwords.MEMORY_KIB + ",t=" + Passwords.ITERATIONS
                + ",p=" + Passwords.PARALLELISM + "$"), decoy);
        String real = Passwords.hash("a real password".toCharArray());
        assertEquals(real.substring(0, real.lastIndexOf('$', real.lastIndexOf('$') - 1)),
                decoy.substring(0, decoy.lastIndexOf('$', decoy.lastIndexOf('$') - 1)), "the same parameters");
        long before = Passwords.derivations();
        refusal("nobody", "a wrong password");
        assertEquals(1, Passwords.derivations() - before, "an unknown name runs one Argon2id check (the decoy's)");
        before = Passwords.derivations();
        refusal("office", "a wrong password");
        assertEquals(1, Passwords.derivations() - before, "as a wrong password does");
    }

    @Test
    void rolesAndDisablingApplyAtTheNextOpeningAndTheLastAdministratorStays() throws Exception {
        Principal reception;
        try (RecordStore s = signIn("reception", STAFF_PW)) {
            reception = s.principal();
        }
        try (RecordStore admin = signIn("admin", ADMIN_PW)) {
            admin.setRoles("reception", EnumSet.of(Role.STAFF, Role.MANAGER), null);
            RefusedException last = assertThrows(RefusedException.class, () -> admin.setActive("admin", false));
            assertTrue(last.getMessage().contains("last active administrator; add another first (exoconsent users "
                    + "add --name NAME --role administrator, or the administration screen)"), last.getMessage());
            assertThrows(RefusedException.class, () -> admin.setRoles("admin", EnumSet.of(Role.MANAGER), null));
        }
        try (RecordStore again = RecordStore.open(dir, clock, reception, "test")) {
            assertEquals(Set.of(Role.STAFF, Role.MANAGER), again.principal().roles(), "roles are read again");
            assertEquals(2, again.count());
        }
        try (RecordStore admin = signIn("admin", ADMIN_PW)) {
            admin.setActive("reception", false);
        }
        assertThrows(AccessDeniedException.class, () -> RecordStore.open(dir, clock, reception, "test"));
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> signIn("reception", STAFF_PW));
        assertEquals("reception: this account is disabled; ask an administrator", e.getMessage());
    }

    @Test
    void theFirstAdministratorCanBeCreatedOnlyOnceAndWeakPasswordsAreRefused() {
        AccessDeniedException again = assertThrows(AccessDeniedException.class,
                () -> RecordStore.createFirstAdministrator(dir, clock, "intruder", "long enough pw".toCharArray(),
                        "test"));
        assertTrue(again.getMessage().contains("already has users"), again.getMessage());
        DataDirectory fresh = new DataDirectory(tmp.resolve("fresh"));
        IllegalArgumentException weak = assertThrows(IllegalArgumentException.class,
                () -> RecordStore.createFirstAdministrator(fresh, clock, "admin", "short".toCharArray(), "test"));
        assertEquals("password for admin: too short; use at least 10 characters", weak.getMessage());
        assertFalse(Files.exists(fresh.database()), "nothing is created for a refused first run");
        AccessDeniedException none = assertThrows(AccessDeniedException.class,
                () -> RecordStore.signIn(fresh, clock, "admin", "whatever pw".toCharArray(), "test"));
        assertTrue(none.getMessage().contains("is not an ExoConsent data directory yet"), none.getMessage());
        assertFalse(Files.exists(fresh.database()), "signing in never creates a data directory");
    }

    @Test
    void noPasswordIsStoredInPlainTextAnywhereInTheDataDirectory() throws Exception {
        List<String> passwords = List.of(ADMIN_PW, DOCTOR_PW, OTHER_PW, STAFF_PW, MANAGER_PW);
        try (RecordStore admin = signIn("admin", ADMIN_PW)) {
            for (Accounts.Account a : admin.users()) {
                assertTrue(a.name().matches("[a-z]+"));
            }
            try (Statement st = admin.sqliteStores().connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT password_hash FROM account")) {
                while (rs.next()) {
                    assertTrue(rs.getString(1).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), rs.getString(1));
                }
            }
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir.root())) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().equals("exoconsent.db")));
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            String utf8 = new String(bytes, StandardCharsets.UTF_8);
            String utf16 = new String(bytes, StandardCharsets.UTF_16LE);
            for (String pw : passwords) {
                assertFalse(utf8.contains(pw) || utf16.contains(pw), f + " contains a password in plain text");
            }
        }
    }
}
