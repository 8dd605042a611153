package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PostgreSQL store's address as a clinic writes it (issue 17 §1): what is read, and what is refused and how. */
class PostgresLocationTest {
    @TempDir
    Path tmp;

    private final DeviceSettings none = DeviceSettings.none(Path.of("/etc/exoconsent/store.properties"));

    private PostgresLocation parse(String url) {
        return PostgresLocation.parse(url, "--store", none);
    }

    private String refusal(String url) {
        return assertThrows(StoreLocationException.class, () -> parse(url)).getMessage();
    }

    @Test
    void aLoopbackAddressGivesHostPortDatabaseUserAndPreferredTls() {
        PostgresLocation l = parse("postgresql://127.0.0.1:5544/exo?user=exo_app");
        assertEquals("127.0.0.1", l.host());
        assertEquals(5544, l.port());
        assertEquals("exo", l.database());
        assertEquals("exo_app", l.user());
        assertEquals(PostgresLocation.SslMode.PREFER, l.sslMode());
        assertNull(l.sslRootCert());
        assertEquals("jdbc:postgresql://127.0.0.1:5544/exo", l.jdbcUrl());
        assertEquals("127.0.0.1:5544", l.address());
    }

    @Test
    void theDefaultPortIs5432AndPostgresSchemeAndUserBeforeTheAtAreRead() {
        PostgresLocation l = parse("postgres://exo_owner@localhost/clinic");
        assertEquals(5432, l.port());
        assertEquals("exo_owner", l.user());
        assertEquals("localhost", l.host());
    }

    @Test
    void anIpv6LoopbackIsWrittenInBracketsAndIsOnThisComputer() {
        PostgresLocation l = parse("postgresql://[::1]:6000/exo?user=u");
        assertEquals("::1", l.host());
        assertTrue(l.loopback());
        assertEquals("[::1]:6000", l.address());
        assertEquals("jdbc:postgresql://[::1]:6000/exo", l.jdbcUrl());
    }

    @Test
    void offLoopbackWithoutSslmodeMeansVerifyFullWithTheGivenRootCertificate() {
        PostgresLocation l = parse("postgresql://db.clinic.lan/exo?user=exo_app&sslmode=verify-full"
                + "&sslrootcert=/etc/exoconsent/clinic-ca.crt");
        assertEquals(PostgresLocation.SslMode.VERIFY_FULL, l.sslMode());
        assertEquals("/etc/exoconsent/clinic-ca.crt", l.sslRootCert());
        assertEquals(PostgresLocation.SslMode.VERIFY_FULL, parse("postgresql://10.0.0.5/exo?user=u").sslMode());
        assertFalse(l.loopback());
    }

    @Test
    void percentEscapesAreDecodedAndTheAddressReadsBack() {
        PostgresLocation l = parse("postgresql://localhost/%E5%8F%97%E4%BB%98?user=a%2Bb");
        assertEquals("受付", l.database());
        assertEquals("a+b", l.user());
        assertEquals(l, parse(l.url()));
    }

    @Test
    void theDriverGetsAShortConnectTimeoutTheApplicationNameAndTheTlsMode() {
        PostgresLocation l = parse("postgresql://db.clinic.lan:5433/exo?user=exo_app&sslrootcert=ca.crt");
        Properties p = l.connectionProperties("s3cret".toCharArray(), "ExoConsent test");
        assertEquals("exo_app", p.getProperty("user"));
        assertEquals("s3cret", p.getProperty("password"));
        assertEquals("verify-full", p.getProperty("sslmode"));
        assertEquals("ca.crt", p.getProperty("sslrootcert"));
        assertEquals("ExoConsent test", p.getProperty("ApplicationName"));
        assertEquals("5", p.getProperty("connectTimeout"));
        assertEquals("5", p.getProperty("loginTimeout"), "the whole sign-in within the README's 5 s");
        assertEquals("5", p.getProperty("socketTimeout"), "each answer of the sign-in too");
        assertNull(l.connectionProperties(null, "x").getProperty("password"));
    }

    @Test
    void aPasswordBeforeTheAtIsRefusedAndNeverShown() {
        String m = refusal("postgresql://exo_owner:Tr0ub4dor@db.clinic.lan/exo");
        assertEquals("--store postgresql://exo_owner:***@db.clinic.lan/exo: a password does not belong in the "
                + "store's address (the command line and settings can be read by others); give it with PGPASSWORD or "
                + "in the password file (~/.pgpass, %APPDATA%\\postgresql\\pgpass.conf on Windows, or the file "
                + "PGPASSFILE names)", m);
        assertFalse(refusal("postgresql://u:pa/ss?w@rd@localhost/exo").contains("pa/ss"));
        assertFalse(refusal("postgresql://u:1234/x@localhost/exo").contains("1234"));
    }

    @Test
    void aPasswordParameterIsRefusedAndNeverShown() {
        String m = refusal("postgresql://localhost/exo?user=u&password=Tr0ub4dor");
        assertTrue(m.startsWith("--store postgresql://localhost/exo?user=u&password=***: a password does not belong"),
                m);
        assertFalse(m.contains("Tr0ub4dor"));
        assertFalse(refusal("postgresql://localhost/exo?PASSWORD=Tr0ub4dor&user=u").contains("Tr0ub4dor"));
    }

    @Test
    void anUnknownParameterIsRefusedNamingItAndTheKnownOnes() {
        assertEquals("--store postgresql://localhost/exo?user=u&connect_timeout=600: unknown parameter "
                + "\"connect_timeout\" (an address may carry only user, sslmode, sslrootcert)",
                refusal("postgresql://localhost/exo?user=u&connect_timeout=600"));
        assertTrue(refusal("postgresql://localhost/exo?user=u&user=v").endsWith("parameter \"user\" is given twice"));
        assertTrue(refusal("postgresql://localhost/exo?user=").endsWith("parameter \"user\" has no value"));
    }

    @Test
    void aMissingDatabaseOrUserIsRefused() {
        assertEquals("--store postgresql://localhost:5432?user=u: no database; give "
                + "postgresql://HOST[:PORT]/DATABASE?user=NAME", refusal("postgresql://localhost:5432?user=u"));
        assertEquals("--store postgresql://localhost/?user=u: no database; give "
                + "postgresql://HOST[:PORT]/DATABASE?user=NAME", refusal("postgresql://localhost/?user=u"));
        assertEquals("--store postgresql://localhost/exo: no user; add ?user=NAME (the PostgreSQL role this device "
                + "connects as)", refusal("postgresql://localhost/exo"));
        assertTrue(refusal("postgresql://u@localhost/exo?user=v").endsWith("the user is given twice (before the '@' "
                + "and as user=)"));
    }

    @Test
    void aBadPortIsRefusedNamingIt() {
        assertEquals("--store postgresql://localhost:99999/exo?user=u: port \"99999\" is not a port number (1 to "
                + "65535)", refusal("postgresql://localhost:99999/exo?user=u"));
        assertTrue(refusal("postgresql://localhost:0/exo?user=u").contains("port \"0\""));
        assertTrue(refusal("postgresql://localhost:54a/exo?user=u").contains("port \"54a\""));
        assertTrue(refusal("postgresql://localhost:/exo?user=u").contains("port \"\""));
    }

    @Test
    void otherAddressesAreRefusedNamingWhatIsWrong() {
        assertTrue(refusal("/var/lib/exoconsent").endsWith("not a PostgreSQL address; give "
                + "postgresql://HOST[:PORT]/DATABASE?user=NAME (a data directory is given with --data-dir or "
                + "EXOCONSENT_HOME)"));
        assertTrue(refusal("postgresql:///exo?user=u").endsWith("no host; give "
                + "postgresql://HOST[:PORT]/DATABASE?user=NAME"));
        assertTrue(refusal("postgresql://a,b/exo?user=u").contains("\"a,b\" is not a host name or IP address"));
        assertTrue(refusal("postgresql://::1/exo?user=u").contains("an IPv6 address is written in brackets"));
        assertTrue(refusal("postgresql://localhost/exo/x?user=u").contains("is not one database name"));
        assertTrue(refusal("postgresql://localhost/exo?user=u&sslmode=strict").contains("sslmode \"strict\" is "
                + "not one of disable, allow, prefer, require, verify-ca, verify-full"));
        assertTrue(refusal("postgresql://localhost/" + "d".repeat(64) + "?user=u").contains("the database name is "
                + "longer than PostgreSQL keeps (63 bytes)"));
        assertTrue(refusal("postgresql://localhost/exo?user=a%0Ab").contains("the user name contains a control"));
    }

    @Test
    void offLoopbackLessThanVerifyFullIsRefusedNamingTheSettingThatAllowsIt() {
        assertEquals("--store postgresql://db.clinic.lan/exo?user=u&sslmode=require: the server db.clinic.lan is "
                + "not on this computer, so the connection must be encrypted and the server's certificate checked "
                + "(sslmode=verify-full); sslmode=require is refused. Only this device's administrator can allow "
                + "less, for this host, in /etc/exoconsent/store.properties (allow-without-verify-full = "
                + "db.clinic.lan)", refusal("postgresql://db.clinic.lan/exo?user=u&sslmode=require"));
        assertTrue(refusal("postgresql://10.0.0.5/exo?user=u&sslmode=verify-ca").contains("sslmode=verify-ca is "
                + "refused"));
        assertTrue(refusal("postgresql://127.0.0.1.example.org/exo?user=u&sslmode=disable").contains("is not on "
                + "this computer"));
        assertEquals(PostgresLocation.SslMode.DISABLE, parse("postgresql://127.0.0.1/exo?user=u&sslmode=disable")
                .sslMode());
    }

    @Test
    void theAdministratorsSettingsFileAllowsLessForTheHostsItNamesOnly() throws Exception {
        Path file = tmp.resolve("store.properties");
        Files.writeString(file, "allow-without-verify-full = DB.clinic.lan, 10.0.0.5\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        DeviceSettings settings = DeviceSettings.read(file);
        assertEquals(PostgresLocation.SslMode.REQUIRE, PostgresLocation.parse(
                "postgresql://db.clinic.lan/exo?user=u&sslmode=require", "EXOCONSENT_STORE", settings).sslMode());
        StoreLocationException e = assertThrows(StoreLocationException.class, () -> PostgresLocation.parse(
                "postgresql://db2.clinic.lan/exo?user=u&sslmode=require", "EXOCONSENT_STORE", settings));
        assertTrue(e.getMessage().startsWith("EXOCONSENT_STORE postgresql://db2.clinic.lan/exo?user=u&sslmode=require:"
                + " the server db2.clinic.lan is not on this computer"), e.getMessage());
        assertTrue(e.getMessage().contains("in " + file + " ("), e.getMessage());
    }

    @Test
    void anAllowanceInAFileOthersMayChangeIsRefused() throws Exception {
        Path file = tmp.resolve("store.properties");
        Files.writeString(file, "allow-without-verify-full = db.clinic.lan\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        String m = assertThrows(StoreLocationException.class, () -> DeviceSettings.read(file)).getMessage();
        assertEquals(file + ": allow-without-verify-full counts only in a settings file that only the administrator "
                + "can change (owned by root, not writable by its group or others, nor its folder); " + file
                + " is owned by root with permissions rw-rw-rw-", m);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        assertTrue(assertThrows(StoreLocationException.class, () -> DeviceSettings.read(file)).getMessage()
                .endsWith(" is owned by nobody with permissions rw-r--r--"));
    }

    @Test
    void theSettingsFileNamesTheStoreAndRefusesAnUnknownSetting() throws Exception {
        Path file = tmp.resolve("store.properties");
        assertTrue(DeviceSettings.read(file).store().isEmpty()); // no file: no settings
        Files.writeString(file, "store = postgresql://localhost/exo?user=exo_app\n");
        assertEquals("postgresql://localhost/exo?user=exo_app", DeviceSettings.read(file).store().orElseThrow());
        StoreLocation l = StoreLocation.resolve(null, null, Map.of(), DeviceSettings.read(file));
        assertEquals("the PostgreSQL store localhost:5432/exo (user exo_app)", l.describe());
        Files.writeString(file, "stor = postgresql://localhost/exo?user=exo_app\n");
        assertEquals(file + ": unknown setting \"stor\" (this file holds only store, allow-without-verify-full and "
                + "keys)",
                assertThrows(StoreLocationException.class, () -> DeviceSettings.read(file)).getMessage());
    }

    @Test
    void optionsComeBeforeTheEnvironmentAndTheEnvironmentBeforeTheSettingsFile() throws Exception {
        Path file = tmp.resolve("store.properties");
        Files.writeString(file, "store = postgresql://localhost/from_file?user=u\n");
        DeviceSettings settings = DeviceSettings.read(file);
        Map<String, String> env = Map.of("EXOCONSENT_STORE", "postgresql://localhost/from_env?user=u");
        assertEquals("from_env", ((PostgresLocation) StoreLocation.resolve(null, null, env, settings)).database());
        assertEquals("from_option", ((PostgresLocation) StoreLocation.resolve(null,
                "postgresql://localhost/from_option?user=u", env, settings)).database());
        StoreLocation dir = StoreLocation.resolve(tmp.resolve("data"), null, env, settings);
        assertEquals(tmp.resolve("data"), ((StoreLocation.InDataDirectory) dir).directory().root());
        StoreLocation home = StoreLocation.resolve(null, null, Map.of("EXOCONSENT_HOME", tmp.toString()), settings);
        assertEquals(tmp, ((StoreLocation.InDataDirectory) home).directory().root());
        assertEquals("EXOCONSENT_STORE and EXOCONSENT_HOME are both set: unset one (EXOCONSENT_HOME names a data "
                + "directory, EXOCONSENT_STORE a PostgreSQL server), or give --data-dir or --store",
                assertThrows(StoreLocationException.class, () -> StoreLocation.resolve(null, null,
                        Map.of("EXOCONSENT_STORE", "postgresql://localhost/x?user=u", "EXOCONSENT_HOME", "/d"),
                        settings)).getMessage());
        assertTrue(assertThrows(StoreLocationException.class, () -> StoreLocation.resolve(null, null, Map.of(),
                DeviceSettings.read(writeStore(file, "postgresql://h/x?user=u&sslmode=disable")))).getMessage()
                .startsWith("store in " + file + " postgresql://h/x?user=u&sslmode=disable: the server h is not on"));
    }

    private static Path writeStore(Path file, String url) throws java.io.IOException {
        Files.writeString(file, "store = " + url + "\n");
        return file;
    }
}
