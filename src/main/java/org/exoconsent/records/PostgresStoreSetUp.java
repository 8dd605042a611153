package org.exoconsent.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Setting up and upgrading a clinic's PostgreSQL store, and saying how it stands (issue 17 §1): {@code exoconsent
 * store init}, {@code store upgrade}, {@code store status}. Init and upgrade run with the database owner's
 * credentials (the address's user) and leave the schema to {@link PostgresSchema#migrate} (Flyway, then the
 * application role's least privilege); status runs as any role.
 */
public final class PostgresStoreSetUp {
    private PostgresStoreSetUp() {
    }

    /**
     * How a store stands, as seen by the connecting role.
     *
     * @param server        the server's version, e.g. {@code 15.14 (Debian 15.14-0+deb12u1)}
     * @param role          the role connected as ({@code current_user})
     * @param owner         the database's owner
     * @param schemaVersion the store's schema version, 0 for a database not set up yet
     * @param appRoles      the roles given the application's rights (may insert audit entries), sorted
     * @param deviceOf      the application role {@code role} is a member of (a device's own login role in the
     *                      clinic's group role), or null when it is none's member (or is the application role itself)
     * @param beyondDevices the roles other than the owner (and superusers) that may add a signing key (INSERT on
     *                      {@code signing_key}) or create objects in the database or its schema {@code public}:
     *                      none should (attack review of 2026-12-01: rights granted by hand to a device's own role,
     *                      or left to an earlier shared application role, survive {@code store upgrade}, which sets
     *                      only the named application role's); sorted, empty for a store not set up
     */
    public record Status(String server, String role, String owner, int schemaVersion, List<String> appRoles,
                         String deviceOf, List<String> beyondDevices) {
        /** Whether the connected role owns the database (may run init and upgrade). */
        public boolean isOwner() {
            return role.equals(owner);
        }
    }

    /**
     * Connects and reads how the store stands.
     *
     * @throws StoreException as {@link PostgresConnections#explain} says for a failed connection, or naming the
     *                        database when it cannot be read
     */
    public static Status status(PostgresLocation location, PostgresPassword password, String applicationName)
            throws StoreException {
        try (Connection c = PostgresConnections.open(location, password, applicationName)) {
            return status(c);
        } catch (SQLException e) {
            throw new StoreException(location.describe() + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static Status status(Connection c) throws SQLException, StoreException {
        String server = single(c, "SHOW server_version");
        String role = single(c, "SELECT current_user");
        String owner = single(c, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()");
        int version = PostgresSchema.version(c);
        List<String> apps = new ArrayList<>();
        if (version > 0) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT DISTINCT grantee FROM "
                    + "information_schema.role_table_grants WHERE table_schema = 'public' AND table_name = 'audit' "
                    + "AND privilege_type = 'INSERT' AND grantee <> (SELECT pg_get_userbyid(datdba) FROM pg_database "
                    + "WHERE datname = current_database()) ORDER BY grantee")) {
                while (rs.next()) {
                    apps.add(rs.getString(1));
                }
            }
        }
        String deviceOf = null;
        for (String app : apps) {
            if (!app.equals(role) && !role.equals(owner)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_has_role(current_user, ?, 'MEMBER')")) {
                    ps.setString(1, app);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getBoolean(1)) {
                            deviceOf = app;
                        }
                    }
                }
            }
        }
        List<String> beyond = new ArrayList<>();
        if (version > 0) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT r.rolname FROM pg_roles r "
                    + "WHERE NOT r.rolsuper AND r.rolname NOT LIKE 'pg\\_%' AND r.oid <> (SELECT datdba FROM "
                    + "pg_database WHERE datname = current_database()) AND (has_table_privilege(r.oid, "
                    + "'public.signing_key', 'INSERT') OR has_database_privilege(r.oid, current_database(), 'CREATE') "
                    + "OR has_schema_privilege(r.oid, 'public', 'CREATE')) ORDER BY r.rolname")) {
                while (rs.next()) {
                    beyond.add(rs.getString(1));
                }
            }
        }
        return new Status(server, role, owner, version, List.copyOf(apps), deviceOf, List.copyOf(beyond));
    }

    /**
     * What the administrator is told of {@link Status#beyondDevices}, or null when it is empty: the roles named, and
     * the statements that take the rights away (run as the owner).
     */
    public static String beyondDevicesWarning(Status s) {
        if (s.beyondDevices().isEmpty()) {
            return null;
        }
        String roles = String.join(", ", s.beyondDevices());
        return "Warning: role(s) " + roles + " may add a signing key to the store's registry or create objects in "
                + "its database, which only the owner (" + s.owner() + ") should; a device's password would then be "
                + "enough to register a key of its own. As the owner, for each role: REVOKE INSERT ON signing_key "
                + "FROM ROLE; REVOKE CREATE ON SCHEMA public FROM ROLE; REVOKE CREATE ON DATABASE "
                + "DATABASE FROM ROLE (a role that is a member of the owner: REVOKE that membership; an earlier "
                + "application role every device used: DROP it once no device uses it).";
    }

    /**
     * Sets up a new database as a clinic's store: its schema ({@link PostgresSchema#LATEST}) and {@code appRole}'s
     * rights, as the database's owner.
     *
     * @return the versions before (0) and after
     * @throws RefusedException (exit 3) when the database already holds ExoConsent's store (use upgrade) or other
     *                          tables (named), when the address's user does not own it, or as
     *                          {@link PostgresSchema#migrate} refuses (an application role missing, the owner or a
     *                          superuser; a server older than 15; not UTF8)
     * @throws StoreException   as {@link PostgresConnections#explain} says, or when the migration fails (nothing
     *                          of it stays)
     */
    public static PostgresSchema.Migration init(PostgresLocation location, PostgresPassword password,
                                                String appRole, String applicationName) throws StoreException {
        try (Connection c = PostgresConnections.open(location, password, applicationName)) {
            Status s = status(c);
            requireOwner(s, location);
            if (s.schemaVersion() > 0) {
                throw new RefusedException(location.describe() + " already holds ExoConsent's store (schema version "
                        + s.schemaVersion() + "); nothing was changed. 'exoconsent store upgrade' brings it up to "
                        + "date, 'exoconsent store status' says how it stands");
            }
            List<String> tables = otherTables(c);
            if (!tables.isEmpty()) {
                throw new RefusedException(location.describe() + " is not empty: it has the table(s) "
                        + String.join(", ", tables) + "; store init sets up a new, empty database (createdb -O "
                        + location.user() + " NAME); nothing was changed");
            }
        } catch (SQLException e) {
            throw new StoreException(location.describe() + ": cannot be read: " + e.getMessage(), e);
        }
        return PostgresSchema.migrate(PostgresConnections.dataSource(location, password, applicationName), appRole);
    }

    /**
     * Brings a store set up by an earlier release to this program's schema and sets the application role's rights
     * again, as the database's owner.
     *
     * @param appRole the application role, or null for the one the store has (refused when it has none or several)
     * @return the versions before and after ({@link PostgresSchema.Migration#unchanged} when nothing was pending)
     * @throws RefusedException (exit 3) for a database not set up yet (use init), one newer than this program, a user
     *                          that does not own it, or no single application role to keep
     * @throws StoreException   as {@link PostgresConnections#explain} says, or when a migration fails
     */
    public static PostgresSchema.Migration upgrade(PostgresLocation location, PostgresPassword password,
                                                   String appRole, String applicationName) throws StoreException {
        String role = appRole;
        try (Connection c = PostgresConnections.open(location, password, applicationName)) {
            Status s = status(c);
            requireOwner(s, location);
            if (s.schemaVersion() == 0) {
                throw new RefusedException(location.describe() + " is not set up yet; run 'exoconsent store init "
                        + "--app-role NAME' first");
            }
            PostgresSchema.refuseNewer(location.database(), s.schemaVersion());
            if (role == null) {
                if (s.appRoles().size() != 1) {
                    throw new RefusedException(location.describe() + " has " + (s.appRoles().isEmpty()
                            ? "no application role" : "several application roles (" + String.join(", ",
                            s.appRoles()) + ")") + "; name the one to keep with --app-role NAME");
                }
                role = s.appRoles().get(0);
            }
        } catch (SQLException e) {
            throw new StoreException(location.describe() + ": cannot be read: " + e.getMessage(), e);
        }
        return PostgresSchema.migrate(PostgresConnections.dataSource(location, password, applicationName), role);
    }

    private static void requireOwner(Status s, PostgresLocation location) throws RefusedException {
        if (!s.isOwner()) {
            throw new RefusedException(location.describe() + ": database " + location.database() + " is owned by "
                    + "role " + s.owner() + ", not by " + s.role() + "; run the store's set-up and upgrade as its "
                    + "owner (?user=" + s.owner() + ")");
        }
    }

    /** The tables, views and sequences of the database outside PostgreSQL's own schemas, as schema.name. */
    private static List<String> otherTables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname || '.' || cl.relname FROM pg_class cl JOIN "
                + "pg_namespace n ON n.oid = cl.relnamespace WHERE cl.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND "
                + "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1 "
                + "LIMIT 11"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(out.size() == 10 ? "…" : rs.getString(1));
            }
        }
        return out;
    }

    private static String single(Connection c, String query) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
