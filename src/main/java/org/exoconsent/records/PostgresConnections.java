package org.exoconsent.records;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Connections to a clinic's PostgreSQL store (issue 17 §1) with what {@link PostgresLocation#connectionProperties}
 * sets (TLS mode, a connect timeout of {@link PostgresLocation#CONNECT_TIMEOUT_SECONDS} (5) s, the whole sign-in and each
 * of its waits for the server bounded by the same {@link PostgresLocation#LOGIN_TIMEOUT_SECONDS} (5) s, the application
 * name), and a failure to connect said in words a clinic can act on: which server ({@code HOST:PORT}), which database and
 * role, and what to check. No message carries the password.
 */
public final class PostgresConnections {
    private PostgresConnections() {
    }

    /**
     * Connections for {@code location} as its user, with {@code password} ({@link PostgresPassword#find}). Each
     * connection's sign-in is bounded by {@link PostgresLocation#LOGIN_TIMEOUT_SECONDS} (5) s (connect, TLS, the server's
     * answers: a server that accepts and never answers is said as unreachable); once signed in, the socket timeout is
     * lifted (a long read or a backup is not cut; a wait for another device's lock is bounded by the store's busy
     * timeout instead, {@link PostgresStores}).
     *
     * @param applicationName what the server shows in {@code pg_stat_activity}, e.g. {@code ExoConsent 1.6 (store
     *                        init)}
     */
    public static DataSource dataSource(PostgresLocation location, PostgresPassword password,
                                        String applicationName) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(location.jdbcUrl());
        Properties p = location.connectionProperties(password.password(), applicationName);
        try {
            for (String name : p.stringPropertyNames()) {
                ds.setProperty(name, p.getProperty(name));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the PostgreSQL driver does not know a connection property: "
                    + e.getMessage(), e);
        }
        return new SignedIn(ds);
    }

    /** The driver's connections with the sign-in's socket timeout lifted once signed in. */
    private static final class SignedIn implements DataSource {
        private final PGSimpleDataSource ds;

        SignedIn(PGSimpleDataSource ds) {
            this.ds = ds;
        }

        private static Connection lifted(Connection c) throws SQLException {
            try {
                c.setNetworkTimeout(Runnable::run, 0);
                return c;
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }

        @Override
        public Connection getConnection() throws SQLException {
            return lifted(ds.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return lifted(ds.getConnection(username, password));
        }

        @Override
        public java.io.PrintWriter getLogWriter() {
            return ds.getLogWriter();
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) {
            ds.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) {
            ds.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() {
            return ds.getLoginTimeout();
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return ds.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return iface.isInstance(ds) ? iface.cast(ds) : ds.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return iface.isInstance(ds) || ds.isWrapperFor(iface);
        }
    }

    /**
     * Opens one connection, or says why not ({@link #explain}).
     *
     * @throws StoreException (see {@link #explain}) when the server cannot be reached or refuses the connection
     */
    public static Connection open(PostgresLocation location, PostgresPassword password, String applicationName)
            throws StoreException {
        try {
            return dataSource(location, password, applicationName).getConnection();
        } catch (SQLException e) {
            throw explain(e, location, password);
        }
    }

    /**
     * A failed connection in words: the server unreachable (down, wrong address or port, a firewall; said within the
     * connect timeout, {@link StoreUnreachableException}), a connection lost part-way (the same), its host unknown, or
     * TLS failing — {@link StoreException} (exit 4); the password refused,
     * none found, or the role not let in by the server's {@code pg_hba.conf} — {@link AccessDeniedException} (exit
     * 5); the database missing — {@link RefusedException} (exit 3). Each names {@code HOST:PORT}, and the database and
     * role where they matter, and what to check.
     */
    public static StoreException explain(SQLException e, PostgresLocation location, PostgresPassword password) {
        String server = "the PostgreSQL server at " + location.address();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (causedBy(e, UnknownHostException.class)) {
            return new StoreException(server + ": the host " + location.host() + " is not known to this device; "
                    + "check its name (or give the server's IP address)", e);
        }
        if (driverSaid(message, "Could not open SSL root certificate file {0}.")
                || driverSaid(message, "Could not read SSL root certificate file {0}.")) {
            return new StoreException(server + ": the certificate authorities that check the server's certificate "
                    + "(sslmode=" + location.sslMode().value() + ") cannot be read: " + message + " Give the file "
                    + "with sslrootcert=FILE in the store's address, or put it at ~/.postgresql/root.crt "
                    + "(%APPDATA%\\postgresql\\root.crt on Windows)", e);
        }
        if (causedBy(e, javax.net.ssl.SSLException.class)) {
            return new StoreException(server + ": the encrypted connection (sslmode=" + location.sslMode().value()
                    + ") failed: " + rootMessage(e) + "; check that the server's certificate names " + location.host()
                    + " and is signed by the certificate authority in "
                    + (location.sslRootCert() != null ? location.sslRootCert()
                    : "~/.postgresql/root.crt (or give sslrootcert=FILE)"), e);
        }
        if (driverSaid(message, "The server does not support SSL.")) {
            return new StoreException(server + " does not offer encrypted connections, which sslmode="
                    + location.sslMode().value() + " requires; turn on ssl in the server's postgresql.conf", e);
        }
        if (causedBy(e, ConnectException.class) || causedBy(e, NoRouteToHostException.class)
                || causedBy(e, SocketTimeoutException.class) || state.equals("08001")) {
            return new StoreUnreachableException("cannot reach " + server + " (" + rootMessage(e) + "; waited at most "
                    + PostgresLocation.CONNECT_TIMEOUT_SECONDS + " s): check that the server is running, that it "
                    + "listens on that address and port (listen_addresses and port in postgresql.conf), and that the "
                    + "network and any firewall between this device and the server let it through", e);
        }
        if (state.equals("08P01")) {
            return new StoreException(server + " did not answer as a PostgreSQL server (" + message + "): check "
                    + "the host and port of the store's address", e);
        }
        if (state.equals("28P01")) {
            return new AccessDeniedException(server + " refused the password of role " + location.user() + " for "
                    + "database " + location.database() + " (the password came from " + password.source() + "); "
                    + "check PGPASSWORD or the password file");
        }
        if (driverSaid(message, "The server requested SCRAM-based authentication, but no password was provided.")
                || driverSaid(message, "The server requested password-based authentication, but no password was "
                        + "provided by plugin {0}")
                || (state.equals("08004") && password.password() == null)) {
            return new AccessDeniedException(server + " asks role " + location.user() + " for a password, and there "
                    + "is " + password.source() + "; the database owner's password is typed for the one command that "
                    + "needs it (read -rsp 'Password: ' PGPASSWORD; echo; PGPASSWORD=\"$PGPASSWORD\" "
                    + "bin/exoconsent …) and never kept in a device's password file; a device's own role may have a "
                    + "line HOST:PORT:DATABASE:ROLE:PASSWORD in the password file (only you may read it: chmod 0600)");
        }
        if (state.equals("28000")) {
            return new AccessDeniedException(server + " does not let role " + location.user() + " into database "
                    + location.database() + " from this device (" + message + "); the server's administrator sets "
                    + "this in pg_hba.conf");
        }
        if (state.equals("3D000")) {
            return new RefusedException(server + " has no database " + location.database() + "; create it "
                    + "first (createdb -O OWNER " + location.database() + "), or check the name");
        }
        if (state.equals("08006") || state.equals("08003") || state.startsWith("57P0")) {
            // the connection was made and then lost (the server stopped or restarted, or the network dropped)
            return new StoreUnreachableException(server + ": the connection to the server was lost (" + message
                    + "); what was not committed was not stored, try again when the server can be reached", e);
        }
        return new StoreException("cannot connect to " + location.describe() + ": " + message, e);
    }

    /**
     * Whether the driver's {@code message} is the one it makes from {@code english} (the text in its source, with at
     * most one placeholder {@code {0}}), in English or in the language the driver speaks in this program: the
     * PostgreSQL driver translates its messages into the computer's language (on a clinic's Japanese computer
     * 「サーバはSSLをサポートしていません。」), and which failure it was must not depend on that (a slow-lane test,
     * 2026-12-01, found it matched on English words only). The longest part without the placeholder is compared.
     */
    static boolean driverSaid(String message, String english) {
        return message.contains(fixedPart(english, "{0}"))
                || message.contains(fixedPart(org.postgresql.util.GT.tr(english, MARK), MARK));
    }

    /** What the driver's translation puts where its placeholder was, to cut the text there. */
    private static final String MARK = "\u0001";

    /**
     * The longest part of {@code text} without {@code placeholder} (the whole text when it has none): a translation
     * may put the placeholder first.
     */
    private static String fixedPart(String text, String placeholder) {
        String longest = "";
        for (String part : text.split(java.util.regex.Pattern.quote(placeholder))) {
            if (part.strip().length() > longest.length()) {
                longest = part.strip();
            }
        }
        return longest.isEmpty() ? text : longest;
    }

    /**
     * Whether {@code e} says that a PostgreSQL server could not be reached (down, not listening, a firewall, an unknown
     * host, the connect timeout passed, or a connection the network dropped: SQLSTATE 08001 or 08006; the server
     * shutting down or ending the session: 57P01–57P03; or the product's own {@link StoreUnreachableException}, which
     * says the same), as opposed to a refusal by a server that answered (a password, a right, a rule of the store).
     * Issue 17 §3: only this keeps a draft on the device ({@link DeviceDraftCache}).
     */
    public static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoreUnreachableException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("57P0")) {
                return true;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException || t instanceof UnknownHostException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().equals("08001") || s.getSQLState().equals("08006"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
