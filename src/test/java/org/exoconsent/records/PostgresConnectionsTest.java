package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
