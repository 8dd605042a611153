package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's password by PostgreSQL's conventions (issue 17 §1): PGPASSWORD, else the password file, 0600 only. */
class PostgresPasswordTest {
    @TempDir
    Path tmp;

    private final PostgresLocation exo = PostgresLocation.parse("postgresql://db.clinic.lan:5433/exo?user=exo_owner",
            "--store", DeviceSettings.none(Path.of("/etc/exoconsent/store.properties")));

    private Path passFile(String text, String perms) throws Exception {
        Path f = tmp.resolve("pgpass");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    @Test
    void pgpasswordComesFirst() throws Exception {
        Path f = passFile("*:*:*:*:from-file\n", "rw-------");
        PostgresPassword p = PostgresPassword.find(exo, Map.of("PGPASSWORD", "from-env", "PGPASSFILE", f.toString()));
        assertArrayEquals("from-env".toCharArray(), p.password());
        assertEquals("PGPASSWORD", p.source());
        assertFalse(p.toString().contains("from-env"));
    }

    @Test
    void theFirstMatchingLineOfThePasswordFileGivesIt() throws Exception {
        Path f = passFile("# the clinic's server\n"
                + "db.clinic.lan:5432:exo:exo_owner:wrong-port\n"
                + "db.clinic.lan:5433:exo:exo_app:other-user\n"
                + "db.clinic.lan:5433:*:exo_owner:pa\\:ss\\\\word\n"
                + "*:*:*:*:too-late\n", "rw-------");
        PostgresPassword p = PostgresPassword.find(exo, Map.of("PGPASSFILE", f.toString()));
        assertArrayEquals("pa:ss\\word".toCharArray(), p.password());
        assertEquals("the password file " + f + ", line 4", p.source());
    }

    @Test
    void withoutPgpassfileTheFileInHomeGivesItAsLibpqDoes() throws Exception {
        // README trial of issue 17: a clinic's script sets HOME for the account that runs a device; libpq (since
        // PostgreSQL 15) and psql read $HOME/.pgpass, and so must we, not Java's user.home from the password database
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path f = home.resolve(".pgpass");
        Files.writeString(f, "*:*:*:exo_owner:from-home\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        PostgresPassword p = PostgresPassword.find(exo, Map.of("HOME", home.toString()));
        assertArrayEquals("from-home".toCharArray(), p.password());
        assertEquals("the password file " + f + ", line 1", p.source());
        assertEquals(Path.of(System.getProperty("user.home"), ".pgpass"), PostgresPassword.passwordFile(Map.of()),
                "no HOME (a service): the account's home folder");
    }

    @Test
    void noMatchingLineGivesNoPasswordAndSaysWhatWasLookedFor() throws Exception {
        Path f = passFile("otherhost:5433:exo:exo_owner:x\nmalformed line\n", "rw-------");
        PostgresPassword p = PostgresPassword.find(exo, Map.of("PGPASSFILE", f.toString()));
        assertNull(p.password());
        assertEquals("no password (neither PGPASSWORD nor a line for db.clinic.lan:5433:exo:exo_owner in " + f + ")",
                p.source());
        assertNull(PostgresPassword.find(exo, Map.of("PGPASSFILE", tmp.resolve("none").toString())).password());
    }

    @Test
    void aPasswordFileOthersMayReadIsRefusedAsPostgresqlWouldNotUseIt() throws Exception {
        Path f = passFile("*:*:*:*:secret\n", "rw-r--r--");
        StoreLocationException e = assertThrows(StoreLocationException.class,
                () -> PostgresPassword.find(exo, Map.of("PGPASSFILE", f.toString())));
        assertEquals(f + ": the PostgreSQL password file may be read or changed by others (rw-r--r--); PostgreSQL "
                + "does not use such a file. Make it yours alone: chmod 0600 " + f, e.getMessage());
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void aFolderAsPasswordFileIsRefused() {
        assertEquals(tmp + ": the PostgreSQL password file is not a regular file",
                assertThrows(StoreLocationException.class,
                        () -> PostgresPassword.find(exo, Map.of("PGPASSFILE", tmp.toString()))).getMessage());
    }

    @Test
    void escapedStarIsNotAWildcard() {
        assertNull(PostgresPassword.match("\\*:5433:exo:exo_owner:x", exo));
        assertEquals("x", PostgresPassword.match("*:5433:exo:exo_owner:x", exo));
        assertTrue(PostgresPassword.match("db.clinic.lan:5433:exo:exo_owner:", exo).isEmpty());
    }
}
