package org.exoconsent.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * The shared PostgreSQL store of issue 17 behind the store interfaces of {@link Stores}: one connection of the
 * clinic's application role (never the database's owner: {@link #open} refuses it), whose transactions are
 * PostgreSQL's. A write transaction first locks the audit chain's head ({@code SELECT … FROM audit_head FOR UPDATE},
 * issue 17 §3), so the writers of every device are serialised on that row and the audit chain never forks; it waits
 * for another writer's lock up to the product's busy timeout ({@code lock_timeout}), then says {@link BusyException}
 * naming the server; a read waits as long at most (the session's {@code lock_timeout}), then is said busy too.
 * Before it commits, the head row is set to the newest audit entry. A read transaction is {@code
 * REPEATABLE READ READ ONLY}: one snapshot, taken at once, no lock. The areas are the vendor-neutral ones of {@link
 * SqlStores} with {@link SqlDialect#POSTGRESQL}, the signed PDFs are the {@code document} table ({@link
 * PostgresDocuments}), the drafts the {@code draft} table ({@link PostgresDrafts}). Not for two threads at once.
 */
public final class PostgresStores extends SqlStores {
    /** SQLSTATE {@code lock_not_available}: a lock wait past {@code lock_timeout}. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** SQLSTATE {@code insufficient_privilege}: a right the role lacks, or a refusal of schema 19's triggers. */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** SQLSTATE {@code disk_full}. */
    private static final String DISK_FULL = "53100";

    private final String server;
    private final PostgresDocuments documents;
    private final PostgresDrafts drafts;
    private final PostgresBackups backups;
    /** Whether the transaction under way is a write one (its commit sets the chain's head first). */
    private boolean writing;
    /** Whether the head row named the trail's newest entry when the write transaction under way began. */
    private boolean headAgreed;
    /** The token of the server session this opening's transactions hold (V19), or null before a sign-in. */
    private String sessionToken;
    /**
     * The token of the session a password check for a physician's confirmation opened (schema 22), which the next
     * write transaction holds as {@code exoconsent.vouched} and which is ended when that transaction ends; or null.
     */
    private String vouchedToken;

    private PostgresStores(String server, Connection db) {
        super(db, SqlDialect.POSTGRESQL, new PostgresAuditHead(server, db), new PostgresTemplateFiles(server, db));
        this.server = server;
        this.documents = new PostgresDocuments(server, db);
        this.drafts = new PostgresDrafts(server, db, this);
        this.backups = new PostgresBackups(server, db);
    }

    /**
     * Opens the store on one connection of {@code app}, the clinic's application role (issue 17 §1). Its schema must
     * be this program's ({@link PostgresSchema#LATEST}: {@code exoconsent store init} or {@code store upgrade}, run
     * by the owner, made it so); nothing is migrated or granted here.
     *
     * @param app    connections as the application role (its password from PostgreSQL's own conventions)
     * @param server the store as messages name it, e.g. {@code postgresql://db.clinic.lan:5432/exoconsent} (never
     *               a password)
     * @throws RefusedException when the role is the database's owner, a member of it or a superuser (the least
     *                          privilege of issue 17 §1 would not hold), or the schema is older or newer than this
     *                          program's (both versions named); {@link StoreNotSetUpException} when it has no
     *                          schema yet (store init names the role to give)
     * @throws StoreException   when the server cannot be reached, refuses the role or the database is missing: said
     *                          plainly, with the server named
     */
    public static PostgresStores open(DataSource app, String server) throws StoreException {
        return open(app, server, Role.APPLICATION);
    }

    /**
     * Which role an opening accepts (attack review of issue 17, F2): the application role's least privilege for
     * everything a device does; the database's owner besides for registering a signing key, which only the owner may
     * ({@code keys register}, {@code keys import} with the owner's login); the owner alone for filling a new store
     * ({@code store migrate}, {@code backup restore --to postgresql://…}), which copies a key registry.
     */
    public enum Role {
        /** The clinic's application role (a device's login role in it); the owner and a superuser are refused. */
        APPLICATION,
        /** The application role or the database's owner (a superuser that does not own the database is refused). */
        APPLICATION_OR_OWNER,
        /** The database's owner only. */
        OWNER
    }

    /**
     * As {@link #open(DataSource, String)}, accepting the roles {@code role} says.
     *
     * @param connections connections as the role given in the store's address
     * @throws RefusedException as {@link #open(DataSource, String)}, and for {@link Role#OWNER} when the role does
     *                          not own the database (naming the role and the owner)
     */
    public static PostgresStores open(DataSource connections, String server, Role role) throws StoreException {
        Connection c;
        try {
            c = connections.getConnection();
        } catch (SQLException e) {
            throw unreachable(server, e);
        }
        try {
            c.setAutoCommit(true);
            String notOwner = checkRole(c, server, role);
            settleSession(c);
            int version = PostgresSchema.version(c);
            PostgresSchema.refuseNewer(server, version);
            if (version == 0) { // said first: store init comes before anything else
                throw new StoreNotSetUpException(server, role == Role.APPLICATION || notOwner != null
                        ? currentUser(c) : "APP_ROLE");
            }
            if (notOwner != null) {
                throw new RefusedException(notOwner);
            }
            if (version < PostgresSchema.LATEST) {
                throw new RefusedException(server + ": its schema is version " + version + ", older than this "
                        + "program's version " + PostgresSchema.LATEST + ": run exoconsent store "
                        + (version == 0 ? "init" : "upgrade") + " with the database owner's role first");
            }
            return new PostgresStores(server, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw unreachable(server, e);
        } catch (StoreException e) {
            closeQuietly(c);
            if (e.getCause() instanceof SQLException s && LOCK_NOT_AVAILABLE.equals(s.getSQLState())) {
                throw BusyException.sharedStore(server, s); // the schema's version waited past the busy timeout
            }
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** The role the connection signed in as. */
    private static String currentUser(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Refuses a connection whose role {@code role} does not accept: for the application role a superuser, the
     * database's owner or a member of the owner's role. For {@link Role#OWNER}, returns the refusal of any other role,
     * said once the schema is known to be set up; else null.
     */
    private static String checkRole(Connection c, String server, Role role) throws SQLException, RefusedException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT r.rolsuper, "
                + "pg_has_role(current_user, d.datdba, 'MEMBER'), current_user, d.datdba = r.oid, "
                + "pg_get_userbyid(d.datdba) FROM pg_roles r, pg_database d "
                + "WHERE r.rolname = current_user AND d.datname = current_database()")) {
            if (!rs.next()) {
                return null;
            }
            boolean owner = rs.getBoolean(4);
            if (role == Role.OWNER && !owner) {
                return server + ": role " + rs.getString(3) + " does not own the database; this is done with the "
                        + "database owner's login (user=" + rs.getString(5) + " in the store's address, its password "
                        + "in PGPASSWORD for this one command, never kept in the device's password file), as store "
                        + "init is";
            }
            if (role != Role.APPLICATION && owner) {
                return null;
            }
            if (rs.getBoolean(1) || rs.getBoolean(2)) {
                throw new RefusedException(server + ": role " + rs.getString(3) + " is "
                        + (rs.getBoolean(1) ? "a superuser" : "the database's owner or a member of it")
                        + ": the app and the command line connect with the clinic's application role, which cannot "
                        + "change or delete signed records (issue 17 §1)");
            }
            return null;
        }
    }

    /**
     * What this connection's session must be, set at once whatever the login role's own defaults say (attack review of
     * issue 17, F3): each device has its own login role, and a role may change its own defaults ({@code ALTER ROLE
     * tablet1 SET default_transaction_read_only = on}, another {@code search_path}, a {@code statement_timeout}); set
     * here for the session, they have no effect. The group role's defaults never apply to its members' sessions, and
     * the settings only a superuser may set ({@code session_replication_role}) no role of a device can set. The
     * driver sets the client's own ({@code client_encoding}, {@code DateStyle}, {@code TimeZone},
     * {@code extra_float_digits}, {@code application_name}) in the connection's start-up, which a role's defaults do
     * not override.
     */
    static final List<String> SESSION = List.of(
            "SET SESSION default_transaction_read_only = off",
            "SET SESSION default_transaction_isolation = 'read committed'",
            "SET SESSION default_transaction_deferrable = off",
            "SET SESSION search_path = public", // pg_catalog is searched first whatever the path
            "SET SESSION statement_timeout = 0",
            // lock_timeout: the busy timeout, set by settleSession (below)
            "SET SESSION idle_in_transaction_session_timeout = 0",
            "SET SESSION synchronous_commit = on",
            "SET SESSION standard_conforming_strings = on",
            "SET SESSION row_security = on");

    /**
     * Sets {@link #SESSION}, and {@code lock_timeout} to the busy timeout ({@link Schema#busyTimeoutMillis}): every
     * statement of this opening, a read too, waits at most that long for another session's lock (another device's
     * {@code LOCK TABLE setting IN ACCESS EXCLUSIVE MODE}, an upgrade of the database) and is then said busy
     * ({@link #failure}: {@link BusyException}) instead of leaving the screen frozen (attack review of issue 17).
     */
    private static void settleSession(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(String.join("; ", SESSION) + "; SET SESSION lock_timeout = '" + Schema.busyTimeoutMillis()
                    + "ms'");
        }
    }

    /**
     * A change the server's triggers (schemas 19 to 21) refused, in the store's words: when the transaction held no
     * signed-in session — the sign-in ended after 12 hours or at a sign-out — "sign in again"; otherwise (the session's
     * account lacks the role the change needs, an audit entry that does not continue the chain, ...) the server's own
     * reason first, so that a refusal that signing in again does not lift is not hidden behind "sign in again" (a
     * trigger that checks the account, not the session, cannot tell an ended sign-in from another account's).
     *
     * @param server the store's name as the person set it ({@code HOST:PORT/DATABASE})
     * @param e the server's refusal, SQLSTATE 42501 with a message naming a session
     * @return an {@link AccessDeniedException} (exit 5) naming the server and what to do
     */
    static AccessDeniedException sessionRefused(String server, SQLException e) {
        String said = String.valueOf(e.getMessage());
        if (said.contains("holds no signed-in session")) {
            return new AccessDeniedException(server + ": the server no longer holds your sign-in (a sign-in lasts 12 "
                    + "hours and ends when you sign out); nothing of this change was stored: sign in again");
        }
        return new AccessDeniedException(server + ": the server refused this change (" + serverReason(said)
                + "); nothing of it was stored. If your sign-in has ended (a sign-in lasts 12 hours and ends when "
                + "you sign out), sign in again; otherwise an administrator's account may make this change");
    }

    /** The first line of a server message without PostgreSQL's "ERROR: " prefix and its "Where:" context. */
    private static String serverReason(String said) {
        String reason = said.startsWith("ERROR: ") ? said.substring("ERROR: ".length()) : said;
        int end = reason.indexOf('\n');
        return end < 0 ? reason : reason.substring(0, end);
    }

    /** A failure to connect, in plain words: unreachable, the role refused, the database missing, or the server's. */
    private static StoreException unreachable(String server, SQLException e) {
        String state = String.valueOf(e.getSQLState());
        if (LOCK_NOT_AVAILABLE.equals(state)) {
            return BusyException.sharedStore(server, e);
        }
        if (INSUFFICIENT_PRIVILEGE.equals(state) && String.valueOf(e.getMessage()).contains("session")) {
            return sessionRefused(server, e); // schemas 19 to 21's triggers
        }
        String said = String.valueOf(e.getMessage());
        if ("28P01".equals(state) || "08004".equals(state) && said.contains("no password was provided")) {
            // a password refused or missing is the person's to fix, exit 5, as every other command says it (attack
            // review of 2026-12-01: store migrate and restore said "cannot be reached", exit 4)
            return new AccessDeniedException(server + ": the PostgreSQL server refused the role's sign-in (" + said
                    + "); check the role's name and its password (PGPASSWORD or the password file)");
        }
        if (state.startsWith("08")) {
            return new StoreException(server + ": the PostgreSQL server cannot be reached (" + e.getMessage()
                    + "); check that it is running and that this device can reach it", e);
        }
        if (state.startsWith("28")) {
            return new AccessDeniedException(server + ": the PostgreSQL server refused the role's sign-in ("
                    + e.getMessage() + "); check the role's name, its password (PGPASSWORD or the password file) and "
                    + "the server's pg_hba.conf");
        }
        if ("3D000".equals(state)) {
            return new StoreException(server + ": the database does not exist on that server (" + e.getMessage()
                    + ")", e);
        }
        return new StoreException(server + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the failure said is the first one
        }
    }

    /** The database server's {@code clock_timestamp()}, read outside any transaction of this opening (issue 17 §2). */
    @Override
    public java.time.Instant serverNow() throws SQLException {
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
        }
    }

    /** The store as messages name it (the server and database, never a password). */
    public String server() {
        return server;
    }






    /** The signed PDFs in the database's {@code document} table, written in the caller's write transaction. */
    @Override
    public DocumentArchive documents() {
        return documents;
    }

    /** The drafts in the database's {@code draft} table, each change in a write transaction of its own. */
    @Override
    public Drafts drafts() {
        return drafts;
    }

    @Override
    public Backups backups() {
        return backups;
    }





    /**
     * Begins a write transaction: its first statement locks the audit chain's head row, waiting for another device's
     * writer up to the busy timeout (issue 17 §3).
     *
     * @throws BusyException when another writer held the head longer than the busy timeout: nothing was begun
     */
    @Override
    public void beginWrite() throws SQLException, StoreException {
        notInATransaction();
        db.setAutoCommit(false);
        try (Statement st = db.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '" + Schema.busyTimeoutMillis() + "ms'");
            holdSession(true);
            // the head locked first; then, in a statement of its own, whether it names the trail's newest entry: read
            // under the lock (no other writer can append meanwhile) with a snapshot taken after it (READ COMMITTED: a
            // statement that waited for the lock still sees the trail as it was when it began, CI of 2026-12-01)
            long headSeq;
            String headHash;
            try (ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE")) {
                if (!rs.next()) {
                    throw new SQLException("the audit chain's head row is missing (the schema was changed outside "
                            + "ExoConsent)");
                }
                headSeq = rs.getLong(1);
                headHash = rs.getString(2);
            }
            try (ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")) {
                headAgreed = rs.next() ? headSeq == rs.getLong(1) && java.util.Objects.equals(headHash, rs.getString(2))
                        : headSeq == 0;
            }
            writing = true;
        } catch (SQLException e) {
            rollback();
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw BusyException.sharedStore(server, e);
            }
            throw e;
        }
    }

    /** Refuses to begin a transaction inside another (as SQLite does): its commit would end the caller's. */
    private void notInATransaction() throws SQLException {
        if (!db.getAutoCommit()) {
            throw new SQLException(server + ": a transaction of this opening is already under way");
        }
    }

    @Override
    public void beginRead() throws SQLException {
        notInATransaction();
        db.setAutoCommit(false);
        try (Statement st = db.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            st.executeQuery("SELECT 1").close(); // the snapshot is taken at the first query: now
            holdSession(false);
        } catch (SQLException e) {
            rollback();
            throw e;
        }
    }

    /**
     * Commits; a write one first sets the chain's head row to the newest audit entry, under the lock it holds, when
     * the row named the trail's newest entry as the transaction began. A row that did not (set back or forward with
     * SQL, attack review of issue 17, F9) is left as it is, so that {@code records verify} keeps naming it until an
     * administrator accepts the trail ({@code records accept-head}, which writes the row itself).
     */
    @Override
    public void commit() throws SQLException {
        if (writing && headAgreed) {
            try (Statement st = db.createStatement()) {
                st.executeUpdate("UPDATE audit_head SET seq = a.seq, hash = a.hash FROM (SELECT seq, hash FROM audit "
                        + "ORDER BY seq DESC LIMIT 1) a WHERE audit_head.id = 1 AND audit_head.seq <> a.seq");
            }
        }
        db.commit();
        boolean wrote = writing;
        writing = false;
        db.setAutoCommit(true);
        if (wrote) {
            endVouched();
        }
    }

    @Override
    public void rollback() {
        boolean wrote = writing;
        writing = false;
        try {
            if (!db.getAutoCommit()) {
                db.rollback();
                db.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // a broken connection: the server discards the transaction it had open
        }
        if (wrote) {
            endVouched();
        }
    }

    /**
     * Ends the session of a password checked for a confirmation once the write transaction that could use it has
     * ended (schema 22: an entry that used it has ended it already): one password check backs at most one write.
     */
    private void endVouched() {
        String token = vouchedToken;
        vouchedToken = null;
        if (token != null) {
            signOut(token);
        }
    }

    /** Ends a session on the server; a failure is ignored (a session ends on its own 12 hours after its sign-in). */
    private void signOut(String token) {
        try (PreparedStatement ps = db.prepareStatement("SELECT exoconsent_sign_out(?)")) {
            ps.setString(1, token);
            ps.executeQuery().close();
        } catch (SQLException ignored) {
            // the session ends on its own 12 hours after its sign-in
        }
    }

    /**
     * Says a failure in the store's words: {@link BusyException} for a lock wait past the busy timeout, {@link
     * AccessDeniedException} for a change the server took in no session that may make it (schema 19: the sign-in
     * ended after 12 hours or at a sign-out), the server's full disk, a lost connection plainly, otherwise the server's
     * message after the store's name (PostgreSQL's messages never hold the password).
     */
    @Override
    public StoreException failure(SQLException e) {
        if (e instanceof DamagedRow) { // a stored time that cannot be read: named, exit 1 (not intact)
            return new DamagedStoreException(e.getMessage());
        }
        String state = String.valueOf(e.getSQLState());
        if (LOCK_NOT_AVAILABLE.equals(state)) {
            return BusyException.sharedStore(server, e);
        }
        if (INSUFFICIENT_PRIVILEGE.equals(state) && String.valueOf(e.getMessage()).contains("session")) {
            return sessionRefused(server, e); // schemas 19 to 21's triggers
        }
        if (DISK_FULL.equals(state)) {
            return new StoreException(server + ": the database server's disk is full (" + e.getMessage()
                    + "); nothing of this change was stored", e);
        }
        // 08…: the connection failed; 57P01–57P03: the server ended it (shut down, restarted, the session terminated)
        if (state.startsWith("08") || state.startsWith("57P0")) {
            return new StoreUnreachableException(server + ": the connection to the PostgreSQL server was lost (" + e.getMessage()
                    + "); what was not committed was not stored, try again when the server can be reached", e);
        }
        return new StoreException(server + ": " + e.getMessage(), e);
    }

    /**
     * Sets the session's token for the transaction under way (its setting ends with it): V19's triggers read it; and,
     * in a write transaction, the token of a physician's password just checked for a confirmation, as {@code
     * exoconsent.vouched} (V22's trigger reads it).
     */
    private void holdSession(boolean write) throws SQLException {
        setForTheTransaction("exoconsent.session", sessionToken);
        setForTheTransaction("exoconsent.vouched", write ? vouchedToken : null);
    }

    /** Sets a setting of the transaction under way (it ends with it); nothing when {@code value} is null. */
    private void setForTheTransaction(String name, String value) throws SQLException {
        if (value == null) {
            return;
        }
        try (PreparedStatement ps = db.prepareStatement("SELECT set_config(?, ?, true)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.executeQuery().close();
        }
    }

    @Override
    public ServerSignIn serverSignIn() {
        return new ServerSignIn() {
            @Override
            public Attempt signIn(String name, String derived) throws SQLException {
                notInATransaction(); // each call commits on its own: the count before its answer (schema 19)
                String attempt;
                try (PreparedStatement ps = db.prepareStatement("SELECT exoconsent_sign_in(?, ?)")) {
                    ps.setString(1, name);
                    ps.setString(2, derived);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        attempt = rs.getString(1);
                    }
                }
                try (PreparedStatement ps = db.prepareStatement("SELECT outcome, locks, until, token FROM "
                        + "exoconsent_sign_in_outcome(?)")) {
                    ps.setString(1, attempt);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new SQLException(server + ": the server's sign-in answered nothing");
                        }
                        return new Attempt(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4));
                    }
                }
            }

            @Override
            public void useSession(String token) {
                sessionToken = token;
            }

            @Override
            public void vouch(String token) {
                endVouched();
                vouchedToken = token;
            }

            @Override
            public void endSession(String token) {
                if (token == null) {
                    return;
                }
                signOut(token);
                if (token.equals(sessionToken)) {
                    sessionToken = null;
                }
                if (token.equals(vouchedToken)) {
                    vouchedToken = null;
                }
            }
        };
    }

    @Override
    public void close() {
        rollback();
        endVouched();
        closeQuietly(db);
    }
}
