package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.exoconsent.testing.PostgresServer;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;

/** A connection to a real PostgreSQL server as the store's address makes it (issue 17 §1). */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class PostgresConnectionsTest {
    @Test
    void theServerSeesTheApplicationNameTheRoleAndTheDatabaseOfTheAddress() throws Exception {
        ClinicDatabase db = PostgresServer.get().newClinicDatabase();
        PostgresLocation location = PostgresLocation.parse(db.storeUrl(db.app()), "--store",
                DeviceSettings.none(Path.of("/etc/exoconsent/store.properties")));
        PostgresPassword password = PostgresPassword.find(location, Map.of("PGPASSWORD", db.appPassword()));
        try (Connection c = PostgresConnections.open(location, password, "ExoConsent test (store status)");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT application_name, usename, datname FROM pg_stat_activity "
                     + "WHERE pid = pg_backend_pid()")) {
            rs.next();
            assertEquals("ExoConsent test (store status)", rs.getString(1));
            assertEquals(db.app(), rs.getString(2));
            assertEquals(db.database(), rs.getString(3));
        }
    }

    @Test
    void onceSignedInAReadLongerThanTheSignInTimeoutIsNotCut() throws Exception {
        ClinicDatabase db = PostgresServer.get().newClinicDatabase();
        PostgresLocation location = PostgresLocation.parse(db.storeUrl(db.app()), "--store",
                DeviceSettings.none(Path.of("/etc/exoconsent/store.properties")));
        PostgresPassword password = PostgresPassword.find(location, Map.of("PGPASSWORD", db.appPassword()));
        try (Connection c = PostgresConnections.open(location, password, "ExoConsent test (a long read)");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_sleep(" + (PostgresLocation.LOGIN_TIMEOUT_SECONDS + 1)
                     + "), 'done'")) {
            rs.next();
            assertEquals("done", rs.getString(2), "the sign-in's socket timeout was lifted");
            assertEquals(0, c.getNetworkTimeout());
        }
    }

    /**
     * A server that accepts the connection and never answers (a stopped process, a hung machine behind a live
     * network stack): every phase of connecting is bounded by the README's 5 s, and the failure names the server.
     * A plain socket that accepts and never writes a byte stands for it.
     */
    @Test
    void aServerThatAcceptsAndNeverAnswersIsSaidUnreachableWithinFiveSeconds() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = silent.accept();
                        synchronized (held) {
                            held.add(s);
                        }
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            for (String sslmode : List.of("disable", "prefer", "require")) {
                PostgresLocation location = PostgresLocation.parse("postgresql://127.0.0.1:" + silent.getLocalPort()
                        + "/clinic?user=exoconsent_app&sslmode=" + sslmode, "--store",
                        DeviceSettings.none(Path.of("/etc/exoconsent/store.properties")));
                PostgresPassword password = PostgresPassword.find(location, Map.of("PGPASSWORD", "not-used"));
                long start = System.nanoTime();

                StoreException e = assertThrows(StoreException.class,
                        () -> PostgresConnections.open(location, password, "ExoConsent test").close());

                double seconds = (System.nanoTime() - start) / 1e9;
                assertTrue(seconds < 6.5, "sslmode=" + sslmode + ": said after " + seconds + " s, not within 5 s");
                assertTrue(e.getMessage().startsWith("cannot reach the PostgreSQL server at 127.0.0.1:"
                        + silent.getLocalPort() + " ("), e.getMessage());
                assertTrue(e.getMessage().contains("waited at most 5 s"), e.getMessage());
                assertTrue(PostgresConnections.unreachable(e), "kept on the device as an unreachable server");
            }
        } finally {
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }
}
