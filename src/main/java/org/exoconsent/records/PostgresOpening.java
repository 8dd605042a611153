package org.exoconsent.records;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The one way a clinic's PostgreSQL store is opened as a {@link RecordStore.Source}, by the app and by the command
 * line alike (issue 17 §1, §3): the password found by PostgreSQL's own conventions ({@link PostgresPassword}), one
 * connection made within the connect timeout ({@link PostgresLocation#CONNECT_TIMEOUT_SECONDS} s) and, when it fails,
 * the failure said in words that name the server and what to check ({@link PostgresConnections#explain}); then the
 * store opened on that connection ({@link RecordStore.Source#postgres}: the application role's least privilege and
 * the schema's version checked), with this device's own signing key folder (issue 17 §2).
 */
public final class PostgresOpening {
    private PostgresOpening() {
    }

    /**
     * Opens {@code location} for one use of the store, as the app does: the password looked up in {@code env}, a
     * password file refused said as a {@link RefusedException}, the store named by its address ({@link
     * PostgresLocation#url}, never with a password), as the command line names it.
     *
     * @param env             the environment ({@code PGPASSWORD}, {@code PGPASSFILE}, {@code APPDATA})
     * @param deviceKeys      this device's signing key files, in a folder of its own (issue 17 §2)
     * @param applicationName what the server shows in {@code pg_stat_activity}
     * @return the opening; whoever takes it closes it (a {@link RecordStore} closes its source)
     * @throws StoreException for a server that cannot be reached or refuses (see {@link PostgresConnections#explain}),
     *                        a password file refused, a role that is the owner or a superuser, or a schema not this
     *                        program's
     */
    public static RecordStore.Source source(PostgresLocation location, Map<String, String> env,
                                            org.exoconsent.pdf.KeyFiles deviceKeys, String applicationName)
            throws StoreException {
        PostgresPassword password;
        try {
            password = PostgresPassword.find(location, env);
        } catch (StoreLocationException e) {
            throw new RefusedException(e.getMessage());
        }
        // named by its address, as the command line names it: the commands the store's messages give (the owner's
        // key registration) then run as copied, also from the app's screens
        return source(location, password, deviceKeys, applicationName, location.url());
    }

    /**
     * Opens {@code location} for one use of the store with a password already found ({@link PostgresPassword#find}).
     *
     * @param deviceKeys      this device's signing key files, in a folder of its own (issue 17 §2)
     * @param applicationName what the server shows in {@code pg_stat_activity}
     * @param place           the store as the store's messages name it ({@link RecordStore.Source#place}; never with
     *                        a password)
     * @return the opening; whoever takes it closes it (a {@link RecordStore} closes its source)
     * @throws StoreException for a server that cannot be reached or refuses (see {@link PostgresConnections#explain}),
     *                        a role that is the owner or a superuser, or a schema not this program's
     */
    public static RecordStore.Source source(PostgresLocation location, PostgresPassword password,
                                            org.exoconsent.pdf.KeyFiles deviceKeys, String applicationName,
                                            String place) throws StoreException {
        return source(location, password, deviceKeys, applicationName, place, PostgresStores.Role.APPLICATION);
    }

    /**
     * As {@link #source(PostgresLocation, PostgresPassword, org.exoconsent.pdf.KeyFiles, String, String)}, accepting
     * the roles {@code role} says: {@link PostgresStores.Role#APPLICATION_OR_OWNER} for registering a signing key,
     * which only the database's owner may do on a shared store (attack review of issue 17, F2).
     */
    public static RecordStore.Source source(PostgresLocation location, PostgresPassword password,
                                            org.exoconsent.pdf.KeyFiles deviceKeys, String applicationName,
                                            String place, PostgresStores.Role role) throws StoreException {
        Connection c = PostgresConnections.open(location, password, applicationName);
        return RecordStore.Source.postgres(new OneConnection(c), place, deviceKeys, role);
    }

    /** A data source that hands out the one connection already made (the opening's), once. */
    private static final class OneConnection implements DataSource {
        private Connection connection;

        OneConnection(Connection connection) {
            this.connection = connection;
        }

        @Override
        public synchronized Connection getConnection() throws SQLException {
            if (connection == null) {
                throw new SQLException("this opening's connection was already taken");
            }
            Connection c = connection;
            connection = null;
            return c;
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the opening's connection has its role already");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return PostgresLocation.LOGIN_TIMEOUT_SECONDS;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
