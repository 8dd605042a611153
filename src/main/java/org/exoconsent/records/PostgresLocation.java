package org.exoconsent.records;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A clinic's store on a PostgreSQL server (issue 17 §1), from an address
 * {@code postgresql://HOST[:PORT]/DATABASE?user=NAME[&sslmode=MODE][&sslrootcert=FILE]} (PostgreSQL's own URI form;
 * {@code postgres://} too). It holds no password: the password comes from PostgreSQL's own conventions
 * ({@link PostgresPassword}: {@code $PGPASSWORD}, else the password file).
 *
 * @param host        the server's host name or IP address (an IPv6 address without its brackets)
 * @param port        the server's TCP port, 5432 unless given
 * @param database    the database's name
 * @param user        the PostgreSQL role the device connects as
 * @param sslMode     how the connection is encrypted and the server checked ({@link SslMode}); off this computer
 *                    {@link SslMode#VERIFY_FULL} unless the device's administrator allowed less
 * @param sslRootCert the file of the certificate authorities that sign the server's certificate, or null for the
 *                    driver's default ({@code ~/.postgresql/root.crt}; {@code %APPDATA%\postgresql\root.crt})
 */
public record PostgresLocation(String host, int port, String database, String user, SslMode sslMode,
                               String sslRootCert) implements StoreLocation {
    /** PostgreSQL's port when the address gives none. */
    public static final int DEFAULT_PORT = 5432;
    /**
     * How long a connection may take to be made before the server is said to be unreachable, in seconds: 5, or the
     * system property {@value #CONNECT_TIMEOUT_PROPERTY} when it is a whole number from 1 to 120 (for tests whose
     * many JVMs share two loaded cores, and a very slow network; read once, when this class is loaded).
     */
    public static final int CONNECT_TIMEOUT_SECONDS = connectTimeoutSeconds();
    /** The system property that sets {@link #CONNECT_TIMEOUT_SECONDS}. */
    public static final String CONNECT_TIMEOUT_PROPERTY = "exoconsent.connectTimeoutSeconds";
    /**
     * How long a whole sign-in to the server (connection, TLS, authentication, the session's start) may take, in
     * seconds: the same as the connection, 5 s (the README's promise: a server that accepts the connection and never
     * answers is said within 5 s, attack review of issue 17). The driver's {@code loginTimeout} bounds the whole, its
     * {@code socketTimeout} each wait for the server's answer while signing in ({@link PostgresConnections} lifts that
     * one once signed in).
     */
    public static final int LOGIN_TIMEOUT_SECONDS = CONNECT_TIMEOUT_SECONDS;
    private static int connectTimeoutSeconds() {
        String v = System.getProperty("exoconsent.connectTimeoutSeconds");
        if (v != null && v.strip().matches("\\d{1,3}")) {
            int s = Integer.parseInt(v.strip());
            if (s >= 1 && s <= 120) {
                return s;
            }
        }
        return 5;
    }

    /** The longest name PostgreSQL keeps for a database or role (NAMEDATALEN - 1), in bytes of UTF-8. */
    public static final int MAX_NAME_BYTES = 63;
    /** The parameters an address may carry; anything else is refused. */
    public static final java.util.List<String> PARAMETERS = java.util.List.of("user", "sslmode", "sslrootcert");

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /** libpq's {@code sslmode} values, weakest first (PostgreSQL documentation, "SSL Support"). */
    public enum SslMode {
        DISABLE, ALLOW, PREFER, REQUIRE, VERIFY_CA, VERIFY_FULL;

        /** The value as written in an address and given to the driver: {@code verify-full}. */
        public String value() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static SslMode of(String value) {
            for (SslMode m : values()) {
                if (m.value().equals(value)) {
                    return m;
                }
            }
            return null;
        }
    }

    /** Checks the parts as {@link #parse} does; a location is never built with a part missing. */
    public PostgresLocation {
        if (host == null || host.isEmpty() || database == null || database.isEmpty() || user == null
                || user.isEmpty() || sslMode == null || port < 1 || port > 65535) {
            throw new IllegalArgumentException("a PostgreSQL location needs a host, a port from 1 to 65535, a "
                    + "database, a user and an sslmode");
        }
    }

    /**
     * Parses and checks a store's address; connects to nothing and reads no file but nothing else (the allowance
     * comes from {@code settings}, already read).
     *
     * @param url      the address, e.g. {@code postgresql://db.clinic.lan/exoconsent?user=exoconsent_app}
     * @param source   where it came from, as the refusal names it: {@code --store}, {@code EXOCONSENT_STORE}, or
     *                 {@code store in FILE}
     * @param settings this device's settings: whether its administrator allows less than
     *                 {@code sslmode=verify-full} to this host
     * @return the location; no sslmode given means {@code verify-full} off this computer and {@code prefer} on it
     * @throws StoreLocationException (exit 3) for a password in the address, an unknown or repeated parameter, no
     *                                database or user, a bad host or port, a name longer than PostgreSQL keeps, or
     *                                less than {@code verify-full} off this computer without the administrator's
     *                                allowance; the message names {@code source} and the address with any password
     *                                hidden
     */
    public static PostgresLocation parse(String url, String source, DeviceSettings settings) {
        String shown = source + " " + hidePassword(url == null ? "" : url);
        if (url == null || url.isBlank()) {
            throw new StoreLocationException(source + ": no address; give postgresql://HOST[:PORT]/DATABASE?user=NAME");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("postgresql://")) {
            rest = url.substring("postgresql://".length());
        } else if (lower.startsWith("postgres://")) {
            rest = url.substring("postgres://".length());
        } else {
            throw new StoreLocationException(shown + ": not a PostgreSQL address; give "
                    + "postgresql://HOST[:PORT]/DATABASE?user=NAME (a data directory is given with --data-dir or "
                    + "EXOCONSENT_HOME)");
        }
        if (passwordColon(rest) >= 0) {
            throw passwordRefused(shown);
        }
        if (rest.indexOf('#') >= 0) {
            throw new StoreLocationException(shown + ": an address has no '#' part");
        }
        int q = rest.indexOf('?');
        String query = q >= 0 ? rest.substring(q + 1) : "";
        String beforeQuery = q >= 0 ? rest.substring(0, q) : rest;
        int slash = beforeQuery.indexOf('/');
        String authority = slash >= 0 ? beforeQuery.substring(0, slash) : beforeQuery;
        String path = slash >= 0 ? beforeQuery.substring(slash + 1) : "";

        String userInAuthority = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            if (userInfo.indexOf(':') >= 0) {
                throw passwordRefused(shown);
            }
            userInAuthority = decode(userInfo, shown, "the user");
            authority = authority.substring(at + 1);
        }

        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new StoreLocationException(shown + ": the IPv6 address has no closing ']'");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new StoreLocationException(shown + ": after the IPv6 address only ':PORT' may follow");
                }
                portText = after.substring(1);
            }
            if (!IPV6.matcher(host).matches() || host.indexOf(':') < 0) {
                throw new StoreLocationException(shown + ": \"" + host + "\" is not an IPv6 address");
            }
        } else {
            int colon = authority.indexOf(':');
            if (colon >= 0 && authority.indexOf(':', colon + 1) >= 0) {
                throw new StoreLocationException(shown + ": an IPv6 address is written in brackets: "
                        + "postgresql://[ADDRESS]:PORT/DATABASE");
            }
            host = colon >= 0 ? authority.substring(0, colon) : authority;
            portText = colon >= 0 ? authority.substring(colon + 1) : null;
            if (host.isEmpty()) {
                throw new StoreLocationException(shown + ": no host; give postgresql://HOST[:PORT]/DATABASE?user=NAME");
            }
            if (!HOST_NAME.matcher(host).matches()) {
                throw new StoreLocationException(shown + ": \"" + host + "\" is not a host name or IP address "
                        + "(one server; letters, digits, '.', '-')");
            }
        }
        int port = DEFAULT_PORT;
        if (portText != null) {
            if (!PORT.matcher(portText).matches() || Integer.parseInt(portText) < 1
                    || Integer.parseInt(portText) > 65535) {
                throw new StoreLocationException(shown + ": port \"" + portText + "\" is not a port number (1 to "
                        + "65535)");
            }
            port = Integer.parseInt(portText);
        }

        if (path.indexOf('@') >= 0) { // USER:PASS/WORD@HOST read as HOST:PORT/PATH: the address is not shown
            throw new StoreLocationException(source + ": the address has an '@' after its host; a password does not "
                    + "belong in it (give it with PGPASSWORD or in the password file), and a database name with '@' "
                    + "is written %40");
        }
        if (path.isEmpty()) {
            throw new StoreLocationException(shown + ": no database; give postgresql://HOST[:PORT]/DATABASE?user=NAME");
        }
        String database = decode(path, shown, "the database");
        if (database.indexOf('/') >= 0 || path.indexOf('/') >= 0) {
            throw new StoreLocationException(shown + ": \"" + path + "\" is not one database name");
        }
        requireName(database, "database", shown);

        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.isEmpty() ? new String[0] : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String key = decode(eq >= 0 ? pair.substring(0, eq) : pair, shown, "a parameter");
            if (key.equalsIgnoreCase("password")) {
                throw passwordRefused(shown);
            }
            if (!PARAMETERS.contains(key)) {
                throw new StoreLocationException(shown + ": unknown parameter \"" + key + "\" (an address may "
                        + "carry only " + String.join(", ", PARAMETERS) + ")");
            }
            String value = eq >= 0 ? decode(pair.substring(eq + 1), shown, key) : "";
            if (value.isEmpty()) {
                throw new StoreLocationException(shown + ": parameter \"" + key + "\" has no value");
            }
            if (parameters.put(key, value) != null) {
                throw new StoreLocationException(shown + ": parameter \"" + key + "\" is given twice");
            }
        }
        String user = parameters.get("user");
        if (user != null && userInAuthority != null) {
            throw new StoreLocationException(shown + ": the user is given twice (before the '@' and as user=)");
        }
        if (user == null) {
            user = userInAuthority;
        }
        if (user == null || user.isEmpty()) {
            throw new StoreLocationException(shown + ": no user; add ?user=NAME (the PostgreSQL role this device "
                    + "connects as)");
        }
        requireName(user, "user", shown);

        boolean loopback = isLoopback(host);
        SslMode sslMode;
        String mode = parameters.get("sslmode");
        if (mode == null) {
            sslMode = loopback ? SslMode.PREFER : SslMode.VERIFY_FULL;
        } else {
            sslMode = SslMode.of(mode);
            if (sslMode == null) {
                throw new StoreLocationException(shown + ": sslmode \"" + mode + "\" is not one of disable, allow, "
                        + "prefer, require, verify-ca, verify-full");
            }
        }
        if (!loopback && sslMode != SslMode.VERIFY_FULL && !settings.allowsWithoutVerifyFull(host)) {
            throw new StoreLocationException(shown + ": the server " + host + " is not on this computer, so the "
                    + "connection must be encrypted and the server's certificate checked (sslmode=verify-full); "
                    + "sslmode=" + sslMode.value() + " is refused. Only this device's administrator can allow less, "
                    + "for this host, in " + settings.file() + " (" + DeviceSettings.ALLOW_WITHOUT_VERIFY_FULL + " = "
                    + host + ")");
        }
        return new PostgresLocation(host, port, database, user, sslMode, parameters.get("sslrootcert"));
    }

    /**
     * Whether {@code host} is this computer: {@code localhost}, or an IP address of the loopback network
     * ({@code 127.0.0.1}, {@code ::1}); a host name is never looked up.
     */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean literal = host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        if (!literal) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether the server is on this computer ({@link #isLoopback}). */
    public boolean loopback() {
        return isLoopback(host);
    }

    /** {@code HOST:PORT} as messages name the server ({@code [::1]:5432} for an IPv6 address). */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String describe() {
        return "the PostgreSQL store " + address() + "/" + database + " (user " + user + ")";
    }

    /** The address as {@link #parse} reads it back (no password: a location holds none). */
    public String url() {
        return "postgresql://" + address() + "/" + encode(database) + "?user=" + encode(user) + "&sslmode="
                + sslMode.value() + (sslRootCert == null ? "" : "&sslrootcert=" + encode(sslRootCert));
    }

    /** The address for the PostgreSQL JDBC driver: {@code jdbc:postgresql://HOST:PORT/DATABASE}, no parameters. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + address() + "/" + encode(database);
    }

    /**
     * What the JDBC driver is given beside {@link #jdbcUrl}: the user, the password if any, the sslmode and root
     * certificate file, the application name the server shows in {@code pg_stat_activity}, a connect timeout of
     * {@link #CONNECT_TIMEOUT_SECONDS} and a sign-in timeout of {@link #LOGIN_TIMEOUT_SECONDS} seconds, with a socket
     * timeout of as many seconds for the sign-in (an unreachable server, or one that accepts and never answers, is
     * said at once, not after minutes; {@link PostgresConnections} lifts the socket timeout once signed in), and TCP
     * keep-alive.
     *
     * @param password        the password ({@link PostgresPassword}), or null to let the server decide (trust)
     * @param applicationName e.g. {@code ExoConsent 1.6.0 (store init)}
     */
    public Properties connectionProperties(char[] password, String applicationName) {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", new String(password));
        }
        p.setProperty("sslmode", sslMode.value());
        if (sslRootCert != null) {
            p.setProperty("sslrootcert", sslRootCert);
        }
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        p.setProperty("loginTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
        p.setProperty("socketTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
        p.setProperty("tcpKeepAlive", "true");
        return p;
    }

    /** {@code url} with any password replaced by {@code ***}: before the '@' and as a {@code password=} parameter. */
    static String hidePassword(String url) {
        int start = url.indexOf("://");
        int colon = start < 0 ? -1 : passwordColon(url.substring(start + 3));
        String s = colon < 0 ? url
                : url.substring(0, start + 3 + colon) + ":***" + url.substring(url.lastIndexOf('@'));
        return s.replaceAll("(?i)([?&]password=)[^&#]*", "$1***");
    }

    /**
     * Where the password begins in what follows {@code ://} ({@code USER:PASSWORD@HOST…}), at its ':', or -1 when
     * there is none. Up to the last '@' (a password may hold '/', '?' or '@'), unless what precedes it is a host,
     * port and path ({@code HOST:5432/DB?sslrootcert=a@b}) or its ':' comes after a '/' or '?'.
     */
    private static int passwordColon(String rest) {
        int at = rest.lastIndexOf('@');
        if (at < 0) {
            return -1;
        }
        String before = rest.substring(0, at);
        int colon = before.indexOf(':');
        if (colon < 0 || before.substring(0, colon).matches(".*[/?].*") || before.matches("[^/]*:[0-9]*[/?].*")) {
            return -1;
        }
        return colon;
    }

    private static StoreLocationException passwordRefused(String shown) {
        return new StoreLocationException(shown + ": a password does not belong in the store's address (the "
                + "command line and settings can be read by others); give it with PGPASSWORD or in the password "
                + "file (~/.pgpass, %APPDATA%\\postgresql\\pgpass.conf on Windows, or the file PGPASSFILE names)");
    }

    private static void requireName(String name, String what, String shown) {
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new StoreLocationException(shown + ": the " + what + " name is longer than PostgreSQL keeps ("
                    + MAX_NAME_BYTES + " bytes)");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new StoreLocationException(shown + ": the " + what + " name contains a control character");
        }
    }

    private static String decode(String s, String shown, String what) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new StoreLocationException(shown + ": " + what + " has a bad %-escape (" + e.getMessage() + ")");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
