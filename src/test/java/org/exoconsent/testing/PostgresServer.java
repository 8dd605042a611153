package org.exoconsent.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for the tests (issue 17 §5): Debian's {@code postgresql} package (which {@code .ci/run}
 * installs), started once per test JVM, lazily, on a free loopback port in a temporary folder under {@code /tmp}, as
 * the {@code postgres} account ({@code initdb} and {@code pg_ctl} refuse root) through {@code runuser}; stopped
 * ({@code pg_ctl -m fast stop}) and its folder removed by a shutdown hook. Clients authenticate with SCRAM-SHA-256
 * over TCP on 127.0.0.1, as a clinic's devices do. The server runs with {@code fsync=off}: what a crash of the test
 * machine would lose is not what these tests are about, and it keeps them fast on a shared machine. A benchmark that
 * reports figures for a clinic sets the system property {@value #DURABLE} to {@code true} before the first
 * {@link #get()}: the server then runs with PostgreSQL's durable defaults ({@code fsync=on}, {@code
 * full_page_writes=on}, {@code synchronous_commit=on}), as a clinic's server does.
 *
 * <p>Without the server binaries ({@code /usr/lib/postgresql/VERSION/bin}, the highest version) or {@code runuser},
 * or when the tests are not run as root, {@link #get()} skips the test (JUnit's assumption) with a message saying
 * what is missing; with {@code CI=true} it fails instead. A test that uses it starts a process: mark it
 * {@link ProcessTest}.
 */
public final class PostgresServer {
    /** Where Debian installs the server binaries, one folder per major version. */
    private static final Path DEBIAN = Path.of("/usr/lib/postgresql");
    /** The system property that asks for a durable server (for benchmark figures): {@code true} or unset. */
    public static final String DURABLE = "exoconsent.postgres.durable";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer running;
    private static String unavailable;

    private final Path bin;
    private final Path folder;
    private final Path data;
    private final int port;
    private final String superuserPassword;

    /**
     * A fresh database for one test, with its two fresh roles (issue 17 §1): the owner (owns the database, runs the
     * migrations: {@code PostgresSchema.migrate(ownerDataSource(), app())}) and the clinic's application role (no
     * right in the database until the migration grants its least privilege; not a member of the owner, not a
     * superuser). Passwords are random, 32 characters.
     *
     * @param host          {@code 127.0.0.1}
     * @param port          the server's port
     * @param database      the database's name ({@code clinic_N})
     * @param owner         the owner role's name ({@code clinic_N_owner})
     * @param ownerPassword its password
     * @param app           the application role's name ({@code clinic_N_app})
     * @param appPassword   its password
     */
    public record ClinicDatabase(String host, int port, String database, String owner, String ownerPassword,
                                 String app, String appPassword) {
        /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE} (no user or password in it). */
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        /** The store URL for a role: {@code postgresql://127.0.0.1:PORT/DATABASE?user=ROLE}. */
        public String storeUrl(String role) {
            return "postgresql://" + host + ":" + port + "/" + database + "?user=" + role;
        }

        /** A new connection as the owner (auto-commit on; the caller closes it). */
        public Connection ownerConnection() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), credentials(owner, ownerPassword));
        }

        /** A new connection as the application role (auto-commit on; the caller closes it). */
        public Connection appConnection() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), credentials(app, appPassword));
        }

        /** Connections as the owner, for Flyway ({@code PostgresSchema.migrate}). */
        public DataSource ownerDataSource() {
            return dataSource(owner, ownerPassword);
        }

        /** Connections as the application role. */
        public DataSource appDataSource() {
            return dataSource(app, appPassword);
        }

        /**
         * The accounts of the server's live sessions (schema 19's {@code exoconsent_session}, read by the owner),
         * sorted, one per session.
         */
        public List<String> liveSessions() throws SQLException {
            List<String> out = new ArrayList<>();
            try (Connection owner = ownerConnection(); Statement st = owner.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT account FROM exoconsent_session "
                         + "WHERE expires_at > now() ORDER BY account")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }

        private DataSource dataSource(String user, String password) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setServerNames(new String[] {host});
            ds.setPortNumbers(new int[] {port});
            ds.setDatabaseName(database);
            ds.setUser(user);
            ds.setPassword(password);
            return ds;
        }
    }

    private PostgresServer(Path bin, Path folder, int port, String superuserPassword) {
        this.bin = bin;
        this.folder = folder;
        this.data = folder.resolve("data");
        this.port = port;
        this.superuserPassword = superuserPassword;
    }

    /**
     * The running server, started on the first call (about 2 s) and shared by every later call in this JVM.
     *
     * @throws org.opentest4j.TestAbortedException (the test is skipped) when no server can be started here, saying
     *                                             why; with {@code CI=true} an {@link AssertionError} instead
     */
    public static synchronized PostgresServer get() {
        if (running == null && unavailable == null) {
            try {
                running = start();
            } catch (Missing e) {
                unavailable = e.getMessage();
            } catch (IOException | InterruptedException | SQLException e) {
                unavailable = "the PostgreSQL server for the tests did not start: " + e;
            }
        }
        if (running == null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(unavailable + " (CI=true: .ci/run installs the postgresql package; run as root)");
            }
            Assumptions.abort(unavailable);
        }
        return running;
    }

    /** {@code 127.0.0.1}: the server listens on loopback only. */
    public String host() {
        return "127.0.0.1";
    }

    /** The server's TCP port. */
    public int port() {
        return port;
    }

    /** The folder of the server's binaries ({@code /usr/lib/postgresql/VERSION/bin}). */
    public Path binaries() {
        return bin;
    }

    /**
     * A new connection as the superuser {@code postgres} to {@code database} (for a test that must make roles or
     * databases of its own; auto-commit on; the caller closes it).
     */
    public Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host() + ":" + port + "/" + database,
                credentials("postgres", superuserPassword));
    }

    /**
     * A fresh UTF8 database and its two fresh login roles for one test ({@link ClinicDatabase}): nothing in it yet,
     * PUBLIC's default rights as PostgreSQL gives them (PostgresSchema revokes them).
     */
    public ClinicDatabase newClinicDatabase() throws SQLException {
        String name = "clinic_" + DATABASES.incrementAndGet();
        String owner = name + "_owner";
        String app = name + "_app";
        String ownerPassword = password();
        String appPassword = password();
        try (Connection c = superuser("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + owner + " LOGIN PASSWORD '" + ownerPassword + "'");
            st.execute("CREATE ROLE " + app + " LOGIN PASSWORD '" + appPassword + "'");
            st.execute("CREATE DATABASE " + name + " OWNER " + owner + " ENCODING 'UTF8' TEMPLATE template0");
        }
        return new ClinicDatabase(host(), port, name, owner, ownerPassword, app, appPassword);
    }

    private static Properties credentials(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return p;
    }

    /** 32 random characters of base64url (no quote, so they can stand in SQL text). */
    private static String password() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Why no server can be started on this machine. */
    private static final class Missing extends Exception {
        private static final long serialVersionUID = 1L;

        Missing(String message) {
            super(message);
        }
    }

    private static PostgresServer start() throws Missing, IOException, InterruptedException, SQLException {
        Path bin = binaries(DEBIAN);
        Path runuser = Stream.of(Path.of("/usr/sbin/runuser"), Path.of("/sbin/runuser"), Path.of("/usr/bin/runuser"))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new Missing("runuser (util-linux) is not installed: the PostgreSQL server for "
                        + "the tests runs as the postgres account"));
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new Missing("the PostgreSQL server for the tests is started as the postgres account, which needs "
                    + "root (running as " + System.getProperty("user.name") + ")");
        }
        UserPrincipalLookupService users = Path.of("/").getFileSystem().getUserPrincipalLookupService();
        java.nio.file.attribute.UserPrincipal postgres;
        GroupPrincipal group;
        try {
            postgres = users.lookupPrincipalByName("postgres");
            group = users.lookupPrincipalByGroupName("postgres");
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw new Missing("there is no postgres account (the postgresql package makes it)");
        }
        Path folder = Files.createTempDirectory(Path.of("/tmp"), "exoconsent-pg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            PostgresServer server = start(bin, runuser, folder, postgres, group);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.stop(runuser);
                removeQuietly(folder);
            }, "postgres-stop"));
            return server;
        } catch (IOException | InterruptedException | SQLException | RuntimeException e) {
            removeQuietly(folder);
            throw e;
        }
    }

    private static PostgresServer start(Path bin, Path runuser, Path folder,
                                        java.nio.file.attribute.UserPrincipal postgres, GroupPrincipal group)
            throws IOException, InterruptedException, SQLException {
        PosixFileAttributeView view = Files.getFileAttributeView(folder, PosixFileAttributeView.class);
        view.setOwner(postgres);
        view.setGroup(group);
        String superuserPassword = password();
        Path pwfile = folder.resolve("superuser-password");
        Files.writeString(pwfile, superuserPassword + "\n", StandardCharsets.US_ASCII);
        Files.getFileAttributeView(pwfile, PosixFileAttributeView.class).setOwner(postgres);
        Path sockets = Files.createDirectory(folder.resolve("sockets"));
        Files.getFileAttributeView(sockets, PosixFileAttributeView.class).setOwner(postgres);
        Path data = folder.resolve("data");
        run(folder, List.of(runuser.toString(), "-u", "postgres", "--", bin.resolve("initdb").toString(), "-D",
                data.toString(), "-A", "scram-sha-256", "--pwfile=" + pwfile, "-U", "postgres", "-E", "UTF8",
                "--locale=C", "--no-sync"));
        Files.delete(pwfile);
        Path log = folder.resolve("server.log");
        // a port free a moment ago may be taken before the server binds it: a few tries
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                run(folder, List.of(runuser.toString(), "-u", "postgres", "--", bin.resolve("pg_ctl").toString(),
                        "-D", data.toString(), "-l", log.toString(), "-o", "-p " + port + " -k " + sockets
                                + " -c listen_addresses=127.0.0.1" + (Boolean.getBoolean(DURABLE) ? ""
                                : " -c fsync=off -c full_page_writes=off"),
                        "-w", "-t", "60", "start"));
            } catch (IOException e) {
                last = e;
                continue;
            }
            PostgresServer server = new PostgresServer(bin, folder, port, superuserPassword);
            try (Connection c = server.superuser("postgres")) {
                if (c.isValid(10)) { // reachable over TCP with the password
                    return server;
                }
                throw new SQLException("the server started on port " + port + " does not answer");
            } catch (SQLException e) {
                server.stop(runuser);
                throw e;
            }
        }
        throw last;
    }

    /** The highest version's {@code bin} folder holding initdb and pg_ctl. */
    private static Path binaries(Path root) throws Missing, IOException {
        if (!Files.isDirectory(root)) {
            throw new Missing("PostgreSQL's server is not installed (no " + root + "; Debian's package postgresql)");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> version(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new Missing("PostgreSQL's server is not installed (no " + root
                            + "/VERSION/bin/initdb; Debian's package postgresql)"));
        }
    }

    /** A folder name such as {@code 15} or {@code 9.6} as a number to compare (unknown names first). */
    private static double version(String name) {
        try {
            return Double.parseDouble(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void stop(Path runuser) {
        try {
            run(folder, List.of(runuser.toString(), "-u", "postgres", "--", bin.resolve("pg_ctl").toString(), "-D",
                    data.toString(), "-m", "fast", "-w", "stop"));
        } catch (IOException | InterruptedException e) {
            System.err.println("the tests' PostgreSQL server did not stop: " + e.getMessage());
        }
    }

    /** Runs a command in {@code folder}; its output, when it fails, is in the exception's message. */
    private static void run(Path folder, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).directory(folder.toFile()).redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": exit " + p.exitValue() + ": "
                    + new String(out, StandardCharsets.UTF_8).strip());
        }
    }

    /** Removes the server's folder (after the server stopped). */
    private static void removeQuietly(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println(folder + ": not removed: " + e.getMessage());
        }
    }
}
