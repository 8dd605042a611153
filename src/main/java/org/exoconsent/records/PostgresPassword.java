package org.exoconsent.records;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/**
 * The password for a PostgreSQL store, by PostgreSQL's own conventions (libpq, "Environment Variables" and "The
 * Password File"; issue 17 §1): {@code $PGPASSWORD}, else the first matching line of the password file —
 * {@code $PGPASSFILE}, else {@code ~/.pgpass} ({@code %APPDATA%\postgresql\pgpass.conf} on Windows). Never a
 * command-line argument, never the store's address.
 *
 * <p>Read here rather than left to the JDBC driver: pgjdbc 42.7 reads the password file itself
 * ({@code PgPassParser}) but not {@code PGPASSWORD}, and it neither refuses a password file others may read nor reads
 * the environment a test or a command gives it. As libpq does, a password file that its group or others may read or
 * write is not used (libpq ignores it with a warning; here it is refused, naming the file, so that nobody wonders why
 * the password was not taken).
 *
 * @param password the password, or null when none was found (the server may still let the role in: trust)
 * @param source   where it came from, for messages: {@code PGPASSWORD}, {@code the password file FILE, line N}, or
 *                 {@code no password (neither PGPASSWORD nor a line for …)}
 */
public record PostgresPassword(char[] password, String source) {
    /** The environment variable of the password. */
    public static final String ENV = "PGPASSWORD";
    /** The environment variable naming the password file. */
    public static final String FILE_ENV = "PGPASSFILE";
    /** The largest password file read, in bytes. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;

    @Override
    public String toString() {
        return "PostgresPassword[" + source + "]"; // never the password
    }

    /**
     * Finds the password for {@code location}'s user, host, port and database.
     *
     * @param env the environment ({@code PGPASSWORD}, {@code PGPASSFILE}, {@code APPDATA})
     * @throws StoreLocationException (exit 3) for a password file that is not a regular file, that its group or others
     *                                may read or write (POSIX), that is larger than {@link #MAX_FILE_BYTES}, or that
     *                                cannot be read; the message names the file and what to do
     */
    public static PostgresPassword find(PostgresLocation location, Map<String, String> env) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return new PostgresPassword(fromEnv.toCharArray(), ENV);
        }
        Path file = passwordFile(env);
        if (!Files.exists(file)) {
            return new PostgresPassword(null, "no password (neither " + ENV + " nor a password file " + file + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw new StoreLocationException(file + ": the PostgreSQL password file is not a regular file");
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.remove(PosixFilePermission.OWNER_READ);
            perms.remove(PosixFilePermission.OWNER_WRITE);
            perms.remove(PosixFilePermission.OWNER_EXECUTE);
            if (!perms.isEmpty()) {
                throw new StoreLocationException(file + ": the PostgreSQL password file may be read or changed by "
                        + "others (" + java.nio.file.attribute.PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(file)) + "); PostgreSQL does not use such a file. Make "
                        + "it yours alone: chmod 0600 " + file);
            }
        } catch (UnsupportedOperationException e) {
            // Windows: the file lies in the user's own profile (%APPDATA%)
        } catch (IOException e) {
            throw new StoreLocationException(file + ": cannot read the PostgreSQL password file (" + e.getMessage()
                    + ")");
        }
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new StoreLocationException(file + ": the PostgreSQL password file is larger than "
                        + MAX_FILE_BYTES + " bytes");
            }
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    String password = match(line, location);
                    if (password != null) {
                        return new PostgresPassword(password.toCharArray(), "the password file " + file + ", line "
                                + n);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // removed meanwhile: as if it had not been there
        } catch (IOException e) {
            throw new StoreLocationException(file + ": cannot read the PostgreSQL password file (" + e.getMessage()
                    + ")");
        }
        return new PostgresPassword(null, "no password (neither " + ENV + " nor a line for " + location.host() + ":"
                + location.port() + ":" + location.database() + ":" + location.user() + " in " + file + ")");
    }

    /**
     * The password file libpq reads: {@code $PGPASSFILE}, else {@code %APPDATA%\postgresql\pgpass.conf} on Windows,
     * else {@code .pgpass} in {@code $HOME}, else (no {@code HOME}, as for a service) in the operating-system
     * account's home folder ({@code user.home}) — libpq's order since PostgreSQL 15 (commit 376ce3e, "Prefer $HOME
     * when looking up the current user's home directory").
     */
    public static Path passwordFile(Map<String, String> env) {
        String named = env.get(FILE_ENV);
        if (named != null && !named.isEmpty()) {
            return Path.of(named);
        }
        if (System.getProperty("os.name", "").startsWith("Windows") && env.get("APPDATA") != null) {
            return Path.of(env.get("APPDATA"), "postgresql", "pgpass.conf");
        }
        String home = env.get("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"), ".pgpass");
    }

    /**
     * The password of one line {@code hostname:port:database:username:password} if its first four fields match
     * ({@code *} matches anything; {@code \:} and {@code \\} are a colon and a backslash); null for a comment, a blank
     * line, a line with fewer fields, or no match.
     */
    static String match(String line, PostgresLocation location) {
        if (line.isBlank() || line.startsWith("#")) {
            return null;
        }
        String[] want = {location.host(), Integer.toString(location.port()), location.database(), location.user()};
        StringBuilder field = new StringBuilder();
        int index = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
                continue;
            }
            if (c == ':' && index < 4) {
                String f = field.toString();
                boolean wildcard = f.equals("*") && !line.substring(0, i).endsWith("\\*");
                if (!wildcard && !f.equals(want[index])) {
                    return null;
                }
                index++;
                field.setLength(0);
                continue;
            }
            field.append(c);
        }
        return index == 4 ? field.toString() : null;
    }
}
