package org.exoconsent.records;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import org.exoconsent.consent.ClinicClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.Identifiers;
import org.exoconsent.consent.Ids;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionJson;
import org.exoconsent.files.OwnerOnly;
import org.exoconsent.pdf.ConsentDocuments;
import org.exoconsent.pdf.SignatureReport;
import org.exoconsent.pdf.SignatureVerifier;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.template.ConsentTemplate;

/**
 * The clinic's memory: signed consent PDFs in the archive folder (written once, never modified), their index in
 * SQLite, and the hash-chained audit log. A record is committed to the index only after its PDF is durably on
 * disk, so a crash leaves either a complete record or none (and possibly an orphan file, which is reported).
 * Readers and writers (issue 15 §2): any number of stores, in this program or others, are open on one data directory
 * at once. Reading never waits (SQLite's WAL mode: each read transaction sees one snapshot); every write runs in a
 * {@code BEGIN IMMEDIATE} transaction, so writers are serialised by SQLite's own write lock, which no file deleted by
 * hand can take away: a second writer waits its turn, up to the busy timeout ({@link BusyException}). Everything a
 * write does outside the database — the intent marker, the archived PDF, the template folder, the audit head file and
 * the anchor — is done while that write holds the lock: before its commit, or right after it, the lock taken again.
 */
public final class RecordStore implements AutoCloseable {

    /**
     * The data directory of an embedded SQLite store, for what is the data directory's alone (its owner-only check,
     * a lost database, an earlier release's files, the refusal of an output file inside it, backup and restore);
     * null for another vendor's store ({@link #open(Source, Clock, Principal, String)}), where each of these is skipped.
     */
    private final DataDirectory dir;
    /** The persistence, area by area (issue 15 §1): the SQLite store of the data directory, or another vendor's. */
    private final Stores stores;
    /** The store as messages name it: the data directory's folder, or another vendor's store (never a password). */
    private final String place;
    /**
     * The signing key files of this device (issue 17 §2): for SQLite the data directory's {@code keys/}; for another
     * vendor's store the device's own folder, given by whoever opens it.
     */
    private final org.exoconsent.pdf.KeyFiles keyFiles;
    /** Its transactions ({@link #write}, {@link #read}). */
    private final Transactions tx;
    /** Where the time comes from; only its instant counts (see {@link #clinicClock()} for the clinic's zone). */
    private final Clock clock;
    /**
     * Why this device may not sign or record, or null: its clock differs from the shared store's server by more than
     * {@link ServerClock#MAX_DIFFERENCE} (issue 17 §2); reading still works.
     */
    private String clockRefusal;
    /** Who is signed in; null only inside the static openers, before the sign-in is checked. */
    private Principal who;
    private String actor;
    /**
     * The clinic's clock and the documents checked, printed and signed with it: read from the settings when the store
     * opens, replaced when the zone changes; null (with {@link #clockProblem}) when the stored zone is unusable.
     */
    private volatile ClinicClock clinicClock;
    private volatile ConsentDocuments documents;
    private Exception clockProblem;
    private final boolean created;
    /** Whether this opening has already added any bundled template versions the library lacked. */
    private boolean bundledRegistered;
    /** The audit log: the store's audit trail with its head ({@link Stores#auditHead}). */
    private final AuditLog auditLog;

    /**
     * One opening of a store of any vendor, as {@link RecordStore}'s openers take it (issue 17: the app and the
     * command line open the embedded SQLite data directory or a PostgreSQL store the same way).
     *
     * @param stores     the opening, its schema up to date; the record store closes it when it is closed
     * @param place      the store as messages name it, e.g. {@code postgresql://host/db} (never with a password)
     * @param deviceKeys the signing key files of this device (issue 17 §2: each device that signs has its own key,
     *                   kept in its own folder, registered in the store)
     */
    public record Source(Stores stores, String place, org.exoconsent.pdf.KeyFiles deviceKeys) {
        public Source {
            java.util.Objects.requireNonNull(stores, "stores");
            java.util.Objects.requireNonNull(place, "place");
            java.util.Objects.requireNonNull(deviceKeys, "deviceKeys");
        }

        /**
         * An opening of the shared PostgreSQL store (issue 17) on one connection of the clinic's application role
         * ({@link PostgresStores#open}: the owner or a superuser refused, the schema must be this program's).
         *
         * @param app        connections as the application role (its password from PostgreSQL's own conventions)
         * @param server     the store as messages name it, e.g. {@code postgresql://db.clinic.lan/exoconsent} (never
         *                   a password)
         * @param deviceKeys the signing key files of this device, in a folder of its own
         * @throws StoreException when the server cannot be reached or refuses (said by {@link PostgresStores#open})
         */
        public static Source postgres(javax.sql.DataSource app, String server, org.exoconsent.pdf.KeyFiles deviceKeys)
                throws StoreException {
            return postgres(app, server, deviceKeys, PostgresStores.Role.APPLICATION);
        }

        /**
         * As {@link #postgres(javax.sql.DataSource, String, org.exoconsent.pdf.KeyFiles)}, accepting the roles
         * {@code role} says ({@link PostgresStores.Role#APPLICATION_OR_OWNER}: registering a signing key, attack
         * review of issue 17, F2).
         */
        public static Source postgres(javax.sql.DataSource connections, String server,
                                      org.exoconsent.pdf.KeyFiles deviceKeys, PostgresStores.Role role)
                throws StoreException {
            return new Source(PostgresStores.open(connections, server, role), server, deviceKeys);
        }

        /**
         * This opening, holding {@code who}'s server session in each of its transactions (the shared store's
         * schema 19 and 20: the server takes a change only from a signed-in session), for a use that writes through
         * the stores directly rather than through a {@link RecordStore} (the drafts of a shared store, opened for
         * each call). Nothing on the embedded store, whose sign-in keeps no session.
         *
         * @param who the person signed in on this device, or null (nothing held: reading only)
         * @return this source
         */
        public Source holding(Principal who) {
            Stores.ServerSignIn server = stores.serverSignIn();
            if (server != null && who != null) {
                server.useSession(who.session());
            }
            return this;
        }

        /**
         * Refuses, before anything is asked or written, an opening whose role may not register a signing key (a
         * device's role on a PostgreSQL store: attack review of issue 17, F2), saying to run {@code command} again
         * with the database owner's login.
         *
         * @param command the command as the person typed it, e.g. {@code keys register --label "Tablet 2"}
         * @throws RefusedException (exit 3) naming the role and the command to run instead; nothing was changed
         * @throws StoreException   when the store cannot be read
         */
        public void refuseKeyRegistration(String command) throws StoreException {
            try {
                RecordStore.refuseKeyRegistration(stores, place, command);
            } catch (SQLException e) {
                throw new StoreException(place + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Why role {@code role} may not register a signing key on the shared store {@code place}, and what to run instead:
     * the same command with the database owner's login (attack review of issue 17, F2; docs/SIGNING.md).
     */
    static String keyRegistrationRefusal(String place, String role, String owner, String command) {
        return place + ": role " + role + " cannot register a signing key: on a shared store only the database's "
                + "owner registers keys, with a login no device keeps (docs/SIGNING.md, \"Keys on a shared store\"); "
                + "nothing was changed. On this device, signed in as an ExoConsent administrator, run the same "
                + "command with the owner's login: exoconsent --store " + ShellWords.quote(ownerAddress(place, owner))
                + " " + command + " (the owner's password in PGPASSWORD for this one command, never kept in the "
                + "device's password file)";
    }

    /**
     * The store's address {@code place} with its {@code user=} naming the database's owner (OWNER, a placeholder for
     * the owner role's name), as the commands only the owner may run are told; a placeholder address for a store that
     * is not PostgreSQL's.
     */
    public static String ownerAddress(String place) {
        return ownerAddress(place, null);
    }

    /**
     * As {@link #ownerAddress(String)}, with the owner's role name {@code owner} in place of the placeholder when it is
     * known (read from the server) and safe in an address (letters, digits, {@code _ . -}).
     */
    public static String ownerAddress(String place, String owner) {
        String user = owner != null && owner.matches("[A-Za-z0-9_.-]{1,63}") ? owner : "OWNER";
        if (!place.startsWith("postgresql:")) {
            return "postgresql://HOST/DATABASE?user=" + user;
        }
        return place.matches(".*[?&]user=.*") ? place.replaceFirst("([?&])user=[^&]*", "$1user=" + user)
                : place + (place.contains("?") ? "&" : "?") + "user=" + user;
    }

    private RecordStore(DataDirectory dir, Source source, Clock clock, String actor, boolean created) {
        // actor: how the audit log names whoever is acting until a sign-in is checked
        this.dir = dir;
        this.stores = source.stores();
        this.place = source.place();
        this.keyFiles = source.deviceKeys();
        this.tx = stores.transactions();
        this.clock = clock;
        this.actor = actor;
        this.created = created;
        this.auditLog = new AuditLog(stores.auditTrail(), stores.auditHead());
        try {
            Settings settings = stores.settings().read();
            anchorDamage = settings.anchorDamage(); // said by every write's anchoring and by records verify
            anchorFile = anchorDamage == null ? settings.anchor() : null;
            anchorProblem = anchorDamage;
            useClinicClock(ClinicClock.of(clock, settings.timeZone()));
        } catch (SQLException | IllegalStateException e) { // said when a time is needed; the setting can be repaired
            clockProblem = e;
        }
    }

    /**
     * Opens (creating and migrating if needed) the store of a data directory. Takes no lock: other stores, of this
     * program or others, may be open on it too (issue 15 §2); a migration is exclusive ({@link Schema}), and a new
     * database is seeded once.
     */
    private static RecordStore openUnchecked(DataDirectory dir, Clock clock, String actor, String purpose)
            throws StoreException {
        return openUnchecked(dir, clock, actor, purpose, true);
    }

    /**
     * @param moveFiles whether an earlier release's files are moved into the database now ({@link
     *                  #moveSettingsFile}); not in a restore's staging folder, whose audit trail must end where the
     *                  backup's did until it is compared with the anchor: the restored data directory's first
     *                  opening moves them
     */
    private static RecordStore openUnchecked(DataDirectory dir, Clock clock, String actor, String purpose,
                                             boolean moveFiles) throws StoreException {
        // every opening, before anything in it is read or written: a link or another account's file refused, what
        // was open to other accounts narrowed, said and audited (issue 14 §1, §2)
        MovedDataDirectory.refuseMoved(dir); // its clinic is on a PostgreSQL store now (issue 17 §4)
        dir.keepPrivate();
        LostDatabaseException.refuseLost(dir); // nothing is created beside a lost database
        try {
            OwnerOnly.createDirectories(dir.archive());
            boolean fresh = !Files.exists(dir.database());
            // a data directory of a release before the registered signing keys (migration V10); version 0: a new
            // database (perhaps made by another program a moment ago), not an old one
            int version = fresh ? 0 : Schema.version(dir.database());
            boolean upgrading = version > 0 && version < KeyRegistry.SCHEMA_VERSION;
            SqliteStores stores = SqliteStores.open(dir);
            boolean seeded;
            try {
                // the database's own mark of a move: refused even when moved-to.txt was deleted (issue 17 §4)
                MovedDataDirectory.refuseMoved(dir, stores);
                // a new database is seeded in the write lock, decided there from its content: once, whichever of
                // two programs making it at once comes first (issue 15 §2)
                seeded = Catalog.seedDemoIfNew(stores, dir.root());
            } catch (SQLException e) {
                stores.close();
                throw new StoreException(dir.database() + ": " + e.getMessage(), e);
            } catch (StoreException | RuntimeException e) {
                stores.close();
                throw e;
            }
            RecordStore store = new RecordStore(dir, new Source(stores, dir.root().toString(), dir.keyFiles()), clock,
                    actor, seeded);
            try {
                store.registerKeysFoundOnUpgrade(upgrading);
                if (moveFiles) {
                    store.moveSettingsFile();
                }
            } catch (StoreException | RuntimeException e) {
                stores.close();
                throw e;
            }
            return store;
        } catch (IOException e) {
            throw new StoreException(dir.root() + ": cannot prepare the data directory: " + e.getMessage(), e);
        }
    }

    /** Runs the opener's check; on any failure the store is closed again. */
    private interface Check {
        void run(RecordStore store) throws StoreException, SQLException;
    }

    private static RecordStore openAnd(DataDirectory dir, Clock clock, String actor, String purpose, Check check)
            throws StoreException {
        return checked(openUnchecked(dir, clock, actor, purpose), check);
    }

    /** Runs the opener's check on an opened store and returns it; on any failure it is closed again. */
    private static RecordStore checked(RecordStore store, Check check) throws StoreException {
        try {
            check.run(store);
            return store;
        } catch (SQLException e) {
            store.close();
            throw store.dbFailure(e);
        } catch (StoreException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Opens the record store on an opening of any vendor's store (issue 17), seeding a new one's demo catalog once as
     * a new data directory's is. Nothing of a data directory is looked at: no owner-only check, no lost-database
     * check, no earlier release's files (those are the SQLite data directory's, see the {@link DataDirectory}
     * openers). On any failure the opening is closed.
     */
    private static RecordStore openUnchecked(Source source, Clock clock, String actor) throws StoreException {
        try {
            // the server's clock is the authority for what is recorded (issue 17 §2): measured once, as it opens
            ServerClock measured;
            try {
                measured = ServerClock.measure(source.stores(), clock, source.place());
            } catch (SQLException e) {
                throw source.stores().transactions().failure(e);
            }
            boolean seeded = Catalog.seedDemoIfNew(source.stores(), source.place());
            RecordStore store = new RecordStore(null, source, measured.clock(), actor, seeded);
            store.clockRefusal = measured.refusal();
            return store;
        } catch (StoreException | RuntimeException e) {
            source.stores().close();
            throw e;
        }
    }

    private static RecordStore openAnd(Source source, Clock clock, String actor, Check check)
            throws StoreException {
        return checked(openUnchecked(source, clock, actor), check);
    }

    /**
     * As {@link #signIn(DataDirectory, Clock, String, char[], String)}, on an opening of any vendor's store: the
     * same counting, lockout and audit of every attempt.
     *
     * @throws AccessDeniedException when the store has no users yet, or the sign-in is refused
     */
    public static RecordStore signIn(Source source, Clock clock, String name, char[] password) throws StoreException {
        try {
            refuseOverlongName(name);
        } catch (StoreException e) {
            source.stores().close();
            throw e;
        }
        return openAnd(source, clock, "sign-in:" + name, store -> store.checkPassword(name, password));
    }

    /**
     * Signs {@code who} out of the shared store's server: their session (schema 19) ends, so its token writes nothing
     * more. Nothing to do on the embedded store, whose sign-in keeps no session. A failure is ignored: the server
     * ends a session 12 hours after its sign-in anyway.
     *
     * @param source an opening of the store, closed here
     */
    public static void signOut(Source source, Principal who) {
        try (Stores stores = source.stores()) {
            Stores.ServerSignIn server = stores.serverSignIn();
            if (server != null && who != null) {
                server.endSession(who.session());
            }
        }
    }

    /** As {@link #open(DataDirectory, Clock, Principal, String)}, on an opening of any vendor's store. */
    public static RecordStore open(Source source, Clock clock, Principal who, String purpose) throws StoreException {
        Stores.ServerSignIn server = source.stores().serverSignIn();
        if (server != null) { // held from the opening's first transaction on: the server decides who writes (V19)
            server.useSession(who.session());
        }
        return openAnd(source, clock, who.actor(), store -> store.reopenAs(who));
    }

    /**
     * As {@link #createFirstAdministrator(DataDirectory, Clock, String, char[], String, String)}, on an opening of
     * any vendor's store: refused once any account exists.
     */
    public static RecordStore createFirstAdministrator(Source source, Clock clock, String name, char[] password,
                                                       String language) throws StoreException {
        Check first;
        try {
            first = firstAdministrator(clock, name, password, language);
        } catch (RuntimeException | StoreException e) {
            source.stores().close();
            throw e;
        }
        return openAnd(source, clock, "first-run", first);
    }

    /**
     * Signs in with a name and password and opens the store as that person. A wrong password is counted and
     * audited; the {@value Accounts#MAX_FAILURES}th in a row locks the account for 15 minutes. The message never
     * says whether the name exists.
     */
    public static RecordStore signIn(DataDirectory dir, Clock clock, String name, char[] password, String purpose)
            throws StoreException {
        refuseOverlongName(name);
        requireExisting(dir);
        return openAnd(dir, clock, "sign-in:" + name, purpose, store -> store.checkPassword(name, password));
    }

    /**
     * Refuses a data directory that does not exist yet: signing in never creates one.
     *
     * @throws LostDatabaseException when its database is missing beside an archive or audit head (restore it)
     * @throws AccessDeniedException when it has no database yet (create its first administrator)
     */
    public static void requireExisting(DataDirectory dir) throws StoreException {
        MovedDataDirectory.refuseMoved(dir);
        LostDatabaseException.refuseLost(dir);
        if (!Files.exists(dir.database())) {
            throw new AccessDeniedException(dir.root() + ": is not an ExoConsent data directory yet; create it with "
                    + "its first administrator (exoconsent users add --name NAME --role administrator "
                    + "--password-stdin)");
        }
    }

    /** Opens the store as someone already signed in; their roles are read again, so changes apply at once. */
    public static RecordStore open(DataDirectory dir, Clock clock, Principal who, String purpose)
            throws StoreException {
        return openAnd(dir, clock, who.actor(), purpose, store -> store.reopenAs(who));
    }

    /** Reads someone already signed in again, so that changes to their roles apply at once. */
    private void reopenAs(Principal who) throws StoreException, SQLException {
        Accounts.Row row = stores.accounts().find(who.name());
        if (row == null || !row.account().active()) {
            throw new AccessDeniedException(who.name() + ": this account no longer exists or is disabled");
        }
        signedIn(Principal.of(row.account()).withSession(who.session()));
    }

    /**
     * Creates the first administrator of a data directory that has no accounts yet, and opens the store as them.
     * Refused once any account exists: later accounts need an administrator.
     */
    public static RecordStore createFirstAdministrator(DataDirectory dir, Clock clock, String name, char[] password,
                                                       String purpose) throws StoreException {
        return createFirstAdministrator(dir, clock, name, password, purpose, null);
    }

    /**
     * As {@link #createFirstAdministrator(DataDirectory, Clock, String, char[], String)}, the administrator's staff
     * language set with the account (issue 16 §6; null: none).
     *
     * @throws IllegalArgumentException for a language other than ja or en (before anything is written)
     */
    public static RecordStore createFirstAdministrator(DataDirectory dir, Clock clock, String name, char[] password,
                                                       String purpose, String language) throws StoreException {
        return openAnd(dir, clock, "first-run", purpose, firstAdministrator(clock, name, password, language));
    }

    /**
     * The first administrator's check, its input checked before any opening: the account made in the write lock
     * unless another exists.
     */
    private static Check firstAdministrator(Clock clock, String name, char[] password, String language)
            throws StoreException {
        String lang = language == null ? null : Accounts.checkLanguage("language", language);
        Accounts.checkName(name);
        Passwords.checkStrength(password, name);
        String hash = Passwords.hash(password);
        return store -> {
            Principal admin = new Principal(name, EnumSet.of(Role.ADMINISTRATOR), null, lang);
            // the check in the write lock: two first runs at once make one administrator, the other is refused
            String digest = AccountsAgainstTrail.digest(hash); // records verify holds the stored hash against it
            store.changeAudited("user-added", name, lang == null ? Json.of("roles", "administrator", "first", true,
                    AccountsAgainstTrail.PASSWORD_DIGEST, digest) : Json.of("roles", "administrator", "first", true,
                    "language", lang, AccountsAgainstTrail.PASSWORD_DIGEST, digest), () -> {
                if (store.stores.accounts().count() > 0) {
                    throw new AccessDeniedException("this data directory already has users: only an administrator "
                            + "can add one (sign in with --user)");
                }
                store.stores.accounts().insert(name, EnumSet.of(Role.ADMINISTRATOR), null, hash,
                        store.clock.instant());
                if (lang != null) {
                    store.stores.accounts().updateLanguage(name, lang);
                }
            });
            Stores.ServerSignIn server = store.stores.serverSignIn();
            if (server == null) {
                store.signedIn(admin);
            } else { // the shared store's server opens the administrator's session as at every sign-in (V19)
                store.checkPassword(name, password);
            }
        };
    }

    /**
     * Whether the data directory has any account yet (the app then shows sign-in rather than the first run).
     *
     * @throws LostDatabaseException when its database is missing beside an archive or audit head: never a first run
     */
    public static boolean hasAccounts(DataDirectory dir, Clock clock) throws StoreException {
        MovedDataDirectory.refuseMoved(dir);
        LostDatabaseException.refuseLost(dir);
        if (!Files.exists(dir.database())) {
            return false;
        }
        try (RecordStore store = openUnchecked(dir, clock, "first-run check", "checking for users")) {
            return store.stores.accounts().count() > 0;
        } catch (SQLException e) {
            throw new StoreException(dir.database() + ": " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #hasAccounts(DataDirectory, Clock)}, on an opening of any vendor's store (issue 17), which is closed
     * again; nothing is written.
     */
    public static boolean hasAccounts(Source source, Clock clock) throws StoreException {
        // read only: a new store is seeded by the opening that makes its first administrator, which says so
        try (Stores stores = source.stores()) {
            Transactions tx = stores.transactions();
            try {
                tx.beginRead();
                try {
                    return stores.accounts().count() > 0;
                } finally {
                    tx.rollback();
                }
            } catch (SQLException e) {
                throw tx.failure(e);
            }
        }
    }

    private void signedIn(Principal p) {
        this.who = p;
        this.actor = p.actor();
    }

    private void checkPassword(String name, char[] password) throws StoreException, SQLException {
        String[] session = new String[1];
        Accounts.Account a = authenticate(name, password, session);
        Stores.ServerSignIn server = stores.serverSignIn();
        if (server != null) { // this opening's transactions hold the session from now on (V19)
            server.useSession(session[0]);
        }
        signedIn(Principal.of(a).withSession(session[0]));
    }

    /**
     * The one answer to every failed sign-in — an unknown name, a wrong password, a locked account, a disabled
     * account with a wrong password — so that no answer tells which names exist or which are locked (issue 14 §4).
     */
    static String refusedSignIn(String name) {
        return shownName(name) + ": wrong user name or password, or the account is locked or disabled (after "
                + Accounts.MAX_FAILURES + " wrong passwords in a row an account waits " + Accounts.LOCKOUT.toMinutes()
                + " minutes; an administrator can set a new password)";
    }

    /** The one answer ({@link #refusedSignIn}) as an exception a screen can say in its language. */
    private static SignInRefusedException refused(String name) {
        return new SignInRefusedException(SignInRefusedException.Kind.REFUSED, shownName(name), null,
                refusedSignIn(name));
    }

    /**
     * A user name as messages and the audit trail show it: whole up to the account-name limit
     * ({@link org.exoconsent.limits.InputLimits#MAX_ACCOUNT_NAME_CHARACTERS}), else its first characters, "…" and
     * its length in characters (a 120,000-character name is never stored or printed whole).
     */
    static String shownName(String name) {
        int max = org.exoconsent.limits.InputLimits.MAX_ACCOUNT_NAME_CHARACTERS;
        if (name == null || name.codePointCount(0, name.length()) <= max) {
            return name;
        }
        return name.substring(0, name.offsetByCodePoints(0, max)) + "… (" + name.codePointCount(0, name.length())
                + " characters)";
    }

    /**
     * Refuses, before any work (no password asked, no database opened, nothing written), a sign-in whose name is
     * longer than any account's can be, with the one answer to every failed sign-in: no account can be guessed by
     * it, so there is nothing to count, and its name is never stored (issue 14 §4).
     *
     * @throws SignInRefusedException (kind {@code REFUSED}) when {@code name} is over the account-name limit
     */
    public static void refuseOverlongName(String name) throws SignInRefusedException {
        if (name != null && name.codePointCount(0, name.length())
                > org.exoconsent.limits.InputLimits.MAX_ACCOUNT_NAME_CHARACTERS) {
            throw refused(name);
        }
    }

    /** A write a sign-in cannot go on without: the count of an attempt, or its audit entry. */
    private interface AttemptWrite {
        void run() throws StoreException, SQLException;
    }

    /**
     * Records something of a sign-in attempt; when it cannot be written (a full disk, a read-only folder), the
     * sign-in is refused whatever the password, so that no guess goes uncounted (issue 14 §4).
     *
     * @throws AccessDeniedException naming the cause and that nobody can sign in until there is room
     */
    private void recordAttempt(String name, AttemptWrite write) throws StoreException {
        try {
            write.run();
        } catch (BusyException e) {
            throw e; // nothing was written: the person tries again
        } catch (StoreException | SQLException e) {
            // the attempt's count may be written though its audit entry is not: never "nothing was changed"
            // the database's own words are never shown: one changed outside the product may say anything
            String why = diskFull(e) ? fullDisk() : e instanceof SQLException
                    ? "the database " + database() + " refused the write (changed outside the product? run "
                    + "records verify as another account, or restore a backup)" : e.getMessage();
            throw new SignInRefusedException(SignInRefusedException.Kind.UNRECORDABLE, shownName(name), place,
                    shownName(name) + ": sign-in refused: the attempt cannot be recorded, and nobody can sign in "
                            + "until it can: " + why);
        }
    }

    /**
     * Checks a person's password as sign-in does, and returns the account, or throws {@link AccessDeniedException}.
     * <ul>
     * <li>The attempt is counted <em>before</em> the password is checked ({@link Accounts#attempt}): when the count
     * cannot be written the sign-in is refused whatever the password, so a full disk never allows unlimited
     * guessing. A right password then clears the count (also a write, also refused when it fails).</li>
     * <li>Every failure gets the same answer ({@link #refusedSignIn}) after the same work: an unknown name is checked
     * against a decoy hash; a locked account's password is checked and ignored. Only after the right password is
     * a disabled account told that it is disabled; a locked account is never told (that would turn the lock into
     * an oracle for guesses during it).</li>
     * <li>Each failure is audited {@code sign-in-failed} with the real reason (unknown user, wrong password,
     * locked, disabled), as {@code sign-in:NAME}; the audit trail, not the person at the keyboard, learns why.</li>
     * </ul>
     */
    private Accounts.Account authenticate(String name, char[] password, String[] session)
            throws StoreException, SQLException {
        refuseOverlongName(name); // before any work, never stored whole
        Accounts.Row row = stores.accounts().find(name);
        if (row == null) {
            Passwords.matches(password, Passwords.decoy()); // the same work as a real check: names stay secret
            if (stores.accounts().count() == 0) {
                throw new AccessDeniedException(place + ": has no users yet; create the first administrator "
                        + "first (exoconsent users add --name NAME --role administrator --password-stdin)");
            }
            recordAttempt(name, () -> appendAudit("sign-in-failed", name, Json.of("reason", "unknown user")));
            throw refused(name);
        }
        Stores.ServerSignIn server = stores.serverSignIn();
        if (server != null) {
            return authenticateOnServer(server, name, row, password, session);
        }
        Accounts.Account a = row.account();
        Instant now = clock.instant();
        boolean locked = a.lockedUntil() != null && now.isBefore(a.lockedUntil());
        boolean[] locksNow = new boolean[1];
        if (!locked) {
            // counted in the write lock from the count as it is then: attempts of two programs at once both count
            recordAttempt(name, () -> writeUnaudited(() -> {
                Accounts.Row then = stores.accounts().find(name);
                locksNow[0] = Accounts.attempt(stores.accounts(), then == null ? row : then, now);
                return null;
            }));
        }
        boolean right = Passwords.matches(password, row.hash());
        if (locked) { // a locked_until that cannot be read locks too (Accounts.DAMAGED_LOCK); the trail names it
            throw refuseLocked(name, a);
        }
        if (!right) {
            throw refuseWrong(name, a, locksNow[0] ? now.plus(Accounts.LOCKOUT).toString() : null);
        }
        recordAttempt(name, () -> stores.accounts().clearSignInFailures(a.name()));
        if (!a.active()) {
            throw refuseDisabled(name, a);
        }
        return a;
    }

    /**
     * A locked account's attempt: audited {@code sign-in-failed} (locked, and any damage), then the one answer. Shared
     * by both stores' sign-ins; like the two below it always throws, its return type letting a caller write
     * {@code throw}.
     */
    private SignInRefusedException refuseLocked(String name, Accounts.Account a) throws StoreException {
        recordAttempt(name, () -> appendAudit("sign-in-failed", a.name(), a.damage() == null
                ? Json.of("reason", "locked") : Json.of("reason", "locked", "damage", a.damage())));
        throw refused(name);
    }

    /**
     * A wrong password: audited {@code sign-in-failed}, and {@code account-locked} when it locked the account, then the
     * one answer.
     *
     * @param lockedUntil when this attempt locked the account, until when (an ISO instant); else null
     */
    private SignInRefusedException refuseWrong(String name, Accounts.Account a, String lockedUntil)
            throws StoreException {
        recordAttempt(name, () -> appendAudit("sign-in-failed", a.name(), Json.of("reason",
                a.active() ? "wrong password" : "disabled, wrong password")));
        if (lockedUntil != null) {
            recordAttempt(name, () -> appendAudit("account-locked", a.name(), Json.of("until", lockedUntil)));
        }
        throw refused(name);
    }

    /** The right password of a disabled account: audited {@code sign-in-failed} (disabled), and told so. */
    private SignInRefusedException refuseDisabled(String name, Accounts.Account a) throws StoreException {
        recordAttempt(name, () -> appendAudit("sign-in-failed", a.name(), Json.of("reason", "disabled")));
        throw new SignInRefusedException(SignInRefusedException.Kind.DISABLED, a.name(), null, a.name()
                + ": this account is disabled; ask an administrator");
    }

    /**
     * {@link #authenticate} on the shared store, whose server checks the password (V19: attack review of issue 17,
     * F1 by F2's means): the device derives the hash from the typed password with the account's parameters and salt
     * (the stored hash it may not read), the server counts the attempt, compares, locks after {@value
     * Accounts#MAX_FAILURES} wrong passwords in a row for {@link Accounts#LOCKOUT} and opens a session for a right
     * password of an active account. The same answers and audit entries as on the embedded store.
     *
     * @param session gets the server session's token of a sign-in that succeeds; null for a password checked for a
     *                confirmation, whose session backs the one entry of the next write and is then ended (schema 22:
     *                {@link Stores.ServerSignIn#vouch})
     */
    private Accounts.Account authenticateOnServer(Stores.ServerSignIn server, String name, Accounts.Row row,
                                                  char[] password, String[] session)
            throws StoreException, SQLException {
        Accounts.Account a = row.account();
        String derived = Passwords.derivedHashPart(password, row.hash()); // the work of a check, as on SQLite
        if (a.lockedUntil() != null && clock.instant().isBefore(a.lockedUntil())) {
            // locked as read (a lock that cannot be read, or a damaged hash, locks too: Accounts.DAMAGED_LOCK): not
            // counted, as on the embedded store; the server refuses a session during a lock it wrote itself anyway
            throw refuseLocked(name, a);
        }
        Stores.Attempt[] attempt = new Stores.Attempt[1];
        recordAttempt(name, () -> {
            try {
                attempt[0] = server.signIn(a.name(), derived);
            } catch (SQLException e) {
                throw tx.failure(e); // a row lock held past the busy timeout: the store is busy, try again
            }
        });
        Stores.Attempt o = attempt[0];
        switch (o.outcome()) {
            case "signed-in" -> {
                if (session == null) { // a password checked for a confirmation: it backs that one entry (V22)
                    server.vouch(o.token());
                } else {
                    session[0] = o.token();
                }
                return a;
            }
            case "locked" -> throw refuseLocked(name, a);
            case "wrong" -> throw refuseWrong(name, a, o.locks() ? o.until() : null);
            case "disabled" -> throw refuseDisabled(name, a);
            default -> { // an account the device read but the server no longer holds: as an unknown name
                recordAttempt(name, () -> appendAudit("sign-in-failed", name, Json.of("reason", "unknown user")));
                throw refused(name);
            }
        }
    }

    /** Who is signed in. */
    public Principal principal() {
        return who;
    }

    /**
     * Ends, on this opening's connection, the shared store's server session of the person it signed in (schema 19):
     * for a sign-in that only checked a password for someone who stays signed in elsewhere (the unlocks:
     * {@code usecases.SignIn.checkPassword}). Nothing on the embedded store, whose sign-in keeps no session, or when
     * nobody is signed in. A failure is ignored: the server ends a session 12 hours after its sign-in anyway.
     */
    public void endServerSession() {
        Stores.ServerSignIn server = stores.serverSignIn();
        if (server != null && who != null) {
            server.endSession(who.session());
        }
    }

    /** Refuses, in the core, what the signed-in person's roles do not allow; the refusal is audited. */
    private void require(Permission p) throws AccessDeniedException {
        refuseUnless(p, null, p.description());
    }

    /**
     * As {@link #requireRole}, the refusal naming {@code action} ("export the audit trail") as the store's own check
     * of that operation names it (for a use case checking before any work).
     */
    public void require(Permission p, String action) throws AccessDeniedException {
        refuseUnless(p, action, action);
    }

    /**
     * Refuses what the signed-in person's roles do not allow, before any work: the refusal names the person, what
     * they may not do and the roles it needs, and is audited {@code access-refused} (actor: the person; subject:
     * the permission; details: what was asked and the roles it needs), so that probing beyond one's role leaves a
     * trace (issue 14 §4). An audit entry that cannot be written does not turn the refusal into a permission.
     *
     * @param asked what was asked, for the refusal and the audit entry (a command such as {@code audit export}: the
     *              refusal says "may not run exoconsent audit export"), or null (then it names the permission)
     * @throws AccessDeniedException when the person lacks {@code p} (or nobody is signed in)
     */
    public void requireRole(Permission p, String asked) throws AccessDeniedException {
        refuseUnless(p, asked, asked == null ? p.description() : "run exoconsent " + asked);
    }

    /** The refusal names {@code action}, what was asked, never another action of the same permission. */
    private void refuseUnless(Permission p, String asked, String action) throws AccessDeniedException {
        if (who == null) {
            throw new AccessDeniedException("not signed in");
        }
        if (!who.may(p)) {
            String needs = p.roles().stream().map(Role::label).collect(java.util.stream.Collectors.joining(" or "));
            auditRefusal(p.name().toLowerCase(Locale.ROOT).replace('_', '-'), Json.of("refused", p.description(),
                    "asked", asked, "needs", needs));
            throw new AccessDeniedException(who.name() + " (" + Accounts.rolesText(who.roles()) + ") may not "
                    + action + ": this needs the role " + needs + "; someone with that role does this, or an "
                    + "administrator gives the role (exoconsent users set-roles, or the administration screen)");
        }
    }

    /** Audits a refusal ({@code access-refused}); a failure to write it is left to the refusal that follows. */
    private void auditRefusal(String subject, String details) {
        try {
            appendAudit("access-refused", subject, details);
        } catch (StoreException | RuntimeException e) {
            // the refusal stands; the disk or the trail's problem is said by the next write or records verify
        }
    }

    // --- overview -----------------------------------------------------------------------------------------

    /**
     * The clinic at a glance: consents and withdrawals per month, and for each check question how often patients
     * answered it right the first time (a signal of how well it is explained).
     */
    public record Overview(java.util.SortedMap<String, Long> consentsPerMonth,
                           java.util.SortedMap<String, Long> withdrawalsPerMonth,
                           Map<String, FirstTime> firstTimeRight) {
    }

    /** Of {@code answered} patients, {@code right} chose the right answer at their first attempt. */
    public record FirstTime(long answered, long right) {
        public double share() {
            return answered == 0 ? 0 : (double) right / answered;
        }
    }

    /** The overview of the records the signed-in person may see (a physician: their own). */
    public Overview overview() throws StoreException {
        require(Permission.VIEW_RECORDS);
        String own = who.ownRecordsOnly();
        java.util.SortedMap<String, Long> consents;
        java.util.SortedMap<String, Long> withdrawals;
        Map<String, FirstTime> firstTime;
        try {
            consents = stores.recordsIndex().consentsPerMonth(own);
            // a withdrawal counts in the month it was recorded, in the clinic's calendar (recorded_at is an instant)
            withdrawals = stores.recordsIndex().withdrawalsPerMonth(own, clinicClock());
            firstTime = stores.recordsIndex().firstTimeRight(own);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        appendAudit("overview-viewed", "records", "{}");
        return new Overview(consents, withdrawals, firstTime);
    }

    // --- backup and restore -------------------------------------------------------------------------------

    /**
     * What {@link #backup} wrote: the file, its entries, size and SHA-256, the audit trail's head it holds (the newest
     * entry's sequence number and hash, as the clinic's anchor recorded it), the documents the index names that
     * it could not hold, one line each naming the document and why (empty for a backup that restores whole), the
     * rows changed outside the product that it holds and a restore refuses ({@code damaged}: a template version's or
     * an account's value that cannot be read; the backup will not restore until they are repaired), and the rows of a
     * PostgreSQL store changed outside the product that it left out because they are not records ({@code rowsLeftOut}:
     * drafts, and template files under an id, version or name the product never writes; it restores without them),
     * one line each as {@link DamagedRow} names a row (attack review of 2026-12-01, review of 2026-12-02).
     */
    public record BackupFile(Path file, int entries, long bytes, String sha256, long headSeq, String headHash,
                             List<String> leftOut, List<String> damaged, List<String> rowsLeftOut) {
        /** Whether the backup holds the whole store as the product wrote it: it restores, and nothing is missing. */
        public boolean whole() {
            return leftOut.isEmpty() && damaged.isEmpty() && rowsLeftOut.isEmpty();
        }

        /** Whether a restore would take it (no document left out, no damaged row a restore refuses). */
        public boolean restores() {
            return leftOut.isEmpty() && damaged.isEmpty();
        }
    }

    /**
     * The rows of {@code s} whose values cannot be read as the product wrote them and that a restore refuses
     * ({@link #verifySnapshot} names them as problems): each record's times, each account's damage,
     * each template version and signing key whose row cannot be read ({@link DamagedRow}), and each template version
     * no {@code template-added} entry records ({@link TemplateVersionsAgainstTrail}), one line each naming the
     * table, row, column and value. Database rows only, no document is read: cheap beside the backup.
     */
    private static List<String> unreadableRows(Stores s) throws SQLException, StoreException {
        List<String> out = new ArrayList<>();
        s.recordsIndex().eachFactsRow(row -> {
            String damage = SignedFactsCheck.timesDamage(row.columns());
            if (damage != null) {
                out.add(damage);
            }
        });
        try {
            KeyRegistry.againstTrail(s.signingKeys()); // its other problems are the trail's, not damage
        } catch (DamagedRow e) {
            out.add(e.getMessage());
        }
        for (Accounts.Account a : s.accounts().list()) {
            if (a.damage() != null) {
                out.add(a.damage());
            }
        }
        for (String[] held : s.templateVersions().held()) {
            try {
                s.templateVersions().find(held[0], held[1]);
            } catch (DamagedRow e) {
                out.add(e.getMessage());
            }
        }
        // a version's row no 'template-added' entry records: put in with SQL, never used (attack review of issue 17)
        out.addAll(TemplateVersionsAgainstTrail.problems(s.templateVersions(), s.auditTrail()));
        return out;
    }

    /**
     * What a restore of a copy of {@code s} would refuse, short of the audit chain and the documents: the
     * {@link #unreadableRows}, and every row the audit trail disagrees with as {@code records verify} holds them —
     * signing keys ({@link KeyRegistry#againstTrail}), accounts ({@link AccountsAgainstTrail}; its notes are not
     * refusals), settings ({@link SettingsAgainstTrail}), the active versions and who made them active
     * ({@link ActiveTemplatesAgainstTrail}), each version's files against its SHA-256 ({@link TemplateLibrary#check}),
     * the marks of corrected versions, the activation times and the lots' compared forms. Review of 2026-12-02: an
     * account's roles or an activation's actor changed with SQL, or a template file row added under a real version,
     * made a backup that said it would restore (exit 0) and whose restore then refused it. One line each, no line
     * twice; database rows and the template versions' files only, no signed document is read.
     */
    private static List<String> refusedByRestore(Stores s) throws SQLException, StoreException {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>(unreadableRows(s));
        List<String> problems = new ArrayList<>();
        try {
            problems.addAll(KeyRegistry.againstTrail(s.signingKeys()));
        } catch (DamagedRow e) {
            problems.add(e.getMessage());
        }
        AccountsAgainstTrail.check(s.accounts(), s.auditTrail(), problems, new ArrayList<>());
        SettingsAgainstTrail.check(s.settings(), s.auditTrail(), problems);
        ActiveTemplatesAgainstTrail.check(s.templateVersions(), s.auditTrail(), problems);
        versionFileProblems(s, problems, false); // a row that cannot be read: named by unreadableRows

        problems.addAll(s.templateVersions().checkCorrections());
        problems.addAll(s.templateVersions().activationTimeProblems());
        problems.addAll(s.catalog().lotKeyProblems());
        out.addAll(problems);
        return new ArrayList<>(out);
    }

    /**
     * Each template version's files against its SHA-256 ({@link TemplateLibrary#check}), each version's row on its
     * own: one whose time cannot be read is named when {@code nameDamage} (else left to whoever names it), the others
     * checked.
     */
    private static void versionFileProblems(Stores s, List<String> problems, boolean nameDamage)
            throws SQLException {
        for (String[] held : s.templateVersions().held()) {
            TemplateLibrary.Version v;
            try {
                v = s.templateVersions().find(held[0], held[1]);
            } catch (DamagedRow e) {
                if (nameDamage) {
                    problems.add(e.getMessage());
                }
                continue;
            }
            String problem = v == null ? null : TemplateLibrary.check(s.templateFiles(), v);
            if (problem != null) {
                problems.add(problem);
            }
        }
    }

    /**
     * Every value of {@code s} changed outside the product that {@code records verify} names as a problem and that a
     * copy of the store would carry as it is, one line each naming the table, row, column and value and its repair:
     * {@link #refusedByRestore} (records' times, accounts, signing keys, settings, template versions and their files,
     * the active versions, the lots' expiry and compared forms) and the audit trail's entries (a time that cannot be
     * read, an entry altered or missing: {@link AuditLog#verifyChain}). Database rows and template files only, no
     * signed document is read. {@link StoreMigration} refuses to copy such a store (brief C of issue 17: the copy was
     * committed, then refused by the new store's verification, and left behind in the new database).
     */
    static List<String> changedOutside(Stores s) throws SQLException, StoreException {
        List<String> out = new ArrayList<>(refusedByRestore(s));
        out.addAll(new AuditLog(s.auditTrail(), s.auditHead()).verifyChain());
        return out;
    }

    /**
     * Writes the whole data directory to one file (database snapshot, archive, audit head, keys, settings, drafts,
     * with SHA-256 sums), encrypted with AES-256-GCM under a key derived from {@code passphrase} (Argon2id;
     * {@link BackupCrypto}), reads it back through and checks it, and only then puts it in place. Administrators
     * only; audited ({@code backup-created}, the home screen's reminder counts from it). The passphrase is the
     * administrator's to keep: without it the backup cannot be restored.
     *
     * @throws IllegalArgumentException when the passphrase is missing or shorter than
     *                                  {@link BackupFormat#MIN_PASSPHRASE} characters (checked before any work)
     */
    public BackupFile backup(Path out, char[] passphrase) throws StoreException {
        require(Permission.BACKUP);
        if (dir == null && !(stores instanceof PostgresStores)) {
            throw new StoreException(place + ": a backup of this store is not made by this release (only of an "
                    + "embedded SQLite data directory or a PostgreSQL store); nothing was written");
        }
        if (dir != null) {
            OutsideDataDirectory.require(out, dir.root(), "The backup");
        }
        String weak = BackupFormat.passphraseProblem(passphrase);
        if (weak != null) {
            throw new IllegalArgumentException(weak + "; nothing was written");
        }
        Path target = out.toAbsolutePath();
        if (Files.exists(target)) {
            throw new RefusedException(out + ": already exists; nothing was written (choose another file)");
        }
        Path tmp = null;
        Path copied = null;
        try {
            OwnerOnly.createDirectories(target.getParent());
            tmp = OwnerOnly.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            AuditHead.Head[] at = new AuditHead.Head[1];
            List<String> leftOut = new ArrayList<>();
            List<String> damaged = new ArrayList<>();
            List<String> rowsLeftOut = new ArrayList<>();
            int entries;
            if (dir == null) {
                // issue 17 §4: one REPEATABLE READ snapshot of the whole shared store, copied into a data directory
                // of this backup's own (owner-only, beside the backup, removed after), written as every backup with
                // the MADE-FROM entry: it restores into a new PostgreSQL store or into a data directory alike
                copied = OwnerOnly.createTempDirectory(target.getParent(), "." + target.getFileName() + ".store-");
                DataDirectory copy = new DataDirectory(copied.resolve("data"));
                at[0] = SqlStoreCopy.intoDataDirectory((PostgresStores) stores, copy, rowsLeftOut);
                try (SqliteStores s = SqliteStores.open(copy)) {
                    // the copy is what the backup holds: its rows a restore would refuse, named
                    entries = Backup.write(copy, s, tmp, passphrase, () -> damaged.addAll(refusedByRestore(s)),
                            leftOut, Backup.POSTGRESQL);
                }
            } else {
                // the database, the head file, keys and templates of one moment: writers wait only while the
                // database is copied and those small files read; the archived documents the copy names, never
                // changed, are copied after, while others record (issue 15 §2)
                entries = Backup.write(dir, stores, tmp, passphrase, () -> {
                    at[0] = auditLog.newest(); // the trail's head in the backup (issue 13 §3)
                    damaged.addAll(refusedByRestore(stores)); // of the moment copied: what a restore would refuse
                }, leftOut);
            }
            AuditHead.Head head = at[0];
            List<String> problems = Backup.check(tmp, passphrase);
            if (!problems.isEmpty()) {
                throw new StoreException(out + ": the backup did not read back correctly; nothing was kept: "
                        + String.join("; ", problems));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            String sha = sha256(tmp);
            long size = Files.size(tmp);
            FileForTheClinic file = new FileForTheClinic(tmp, target, false, "the backup");
            tmp = null;
            long headSeq = head == null ? 0 : head.seq();
            String headHash = head == null ? AuditLog.GENESIS : head.hash();
            // put in place in the write that appends its entry: no backup without its entry (issue 15 §2)
            placeAudited(file, "backup-created", target.toString(), Json.of("entries", entries, "bytes", size, "sha256",
                    sha, "encrypted", true, "auditHead", headSeq + " " + headHash, "leftOut", leftOut.size(),
                    "damaged", damaged.size(), "rowsLeftOut", rowsLeftOut.size()));
            return new BackupFile(target, entries, size, sha, headSeq, headHash, List.copyOf(leftOut),
                    List.copyOf(damaged), List.copyOf(rowsLeftOut));
        } catch (SQLException e) {
            throw dbFailure(e);
        } catch (IOException e) {
            throw new StoreException(out + ": the backup could not be written: " + describe(e)
                    + "; nothing was kept", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temporary file holds nothing that is not in the data directory
                }
            }
            if (copied != null) {
                try {
                    Durable.deleteTree(copied); // this backup's own copy (created above)
                } catch (IOException ignored) {
                    // a leftover copy is hidden, owner-only and holds nothing that is not in the store
                }
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * For the home screen: the reminder when the last backup is older than the clinic's {@code backup-reminder-days}
     * (counted on this store's clock), else null. Only those who may back up are reminded; for others, null.
     */
    public BackupReminder backupReminder() throws StoreException {
        if (who == null || !who.may(Permission.BACKUP)) {
            return null;
        }
        try {
            return BackupReminder.due(stores.auditTrail(), stores.settings().read()
                    .intact(Settings.Key.BACKUP_REMINDER_DAYS).get(Settings.Key.BACKUP_REMINDER_DAYS), clock.instant());
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * What {@link #restore} put in place: the folder (null for a PostgreSQL store), its records, the kind of backup it
     * came from, the
     * verification of the restored store ({@code records verify}), and what the restore could not check (said to
     * the administrator; empty only when the backup was encrypted and compared with fingerprints and an anchor), and
     * what the anchor recorded after the backup, lost with the restore the administrator accepted (else null); {@code
     * store} names the store restored into, as messages name it (the folder, or {@code postgresql://host/db});
     * {@code keyCompared} whether the backup held a signing key and it was compared with the fingerprints the
     * administrator confirmed (false when none were given, or the backup holds no key: {@link #NO_SIGNING_KEY}).
     */
    public record Restored(Path dataDirectory, long records, BackupFormat.Kind kind, Verification verification,
                           List<String> notChecked, String lostWithTheRestore, String store, boolean keyCompared) {
        /**
         * What {@link #notChecked} says when fingerprints were given but the backup holds no signing key (a
         * PostgreSQL store's backup never does: each device keeps its own): only the documents were compared.
         */
        public static final String NO_SIGNING_KEY = "the backup holds no signing key of its own (the clinic signs "
                + "with a key kept elsewhere); only the documents' signatures were compared with the fingerprints "
                + "you gave";
    }

    /** {@link #restore(Path, DataDirectory, Clock, RestoreOptions)} of an unencrypted backup, comparing nothing. */
    public static Restored restore(Path backup, DataDirectory target, Clock clock) throws StoreException {
        return restore(backup, target, clock, RestoreOptions.NONE);
    }

    /**
     * Restores a backup into a new data directory, which must not exist or be an empty folder (otherwise
     * {@link ConflictException}, and nothing is touched). The backup is decrypted with the options' passphrase
     * (an unencrypted one from an earlier release is read as it is, and said to be so), unpacked into a staging
     * folder this restore creates — only the paths a data directory holds, within the size and expansion limits of
     * {@link BackupReader}, every entry against {@code SHA256SUMS} — then verified record by record with the audit
     * chain, every account against the audit trail, the signing key and every document against the fingerprints
     * the administrator confirmed, and the audit trail against the anchored head when one is given. Only a backup
     * that passes is moved into place, and the restore is audited in it ({@code restored}). On any failure only
     * what this restore created is removed. No sign-in: the backup's own accounts come with it.
     *
     * @throws AccessDeniedException when the passphrase does not open the backup
     * @throws RefusedException      naming the entry, line, record, key or account the backup was refused for
     * @throws ConflictException     when the target holds anything
     * @throws StoreException        when a file cannot be read or written
     */
    public static Restored restore(Path backup, DataDirectory target, Clock clock, RestoreOptions options)
            throws StoreException {
        Path root = target.root().toAbsolutePath();
        boolean rootExists;
        try {
            rootExists = Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (rootExists) {
                if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new ConflictException(root + ": is not a folder; a backup is restored only into a new "
                            + "folder, never over existing data", null);
                }
                java.nio.file.attribute.UserPrincipal owner = Files.getOwner(root,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (!owner.equals(OwnerOnly.currentOwner())) { // it could read or replace the restored data
                    throw new DataDirectory.NotOwnedException(root + ": belongs to the account " + owner.getName()
                            + ", not to the account that runs ExoConsent; nothing was restored. Restore into a new "
                            + "folder, or an administrator gives this one to the account that runs ExoConsent "
                            + "(chown ACCOUNT " + root + ")");
                }
                try (Stream<Path> s = Files.list(root)) {
                    if (s.findAny().isPresent()) {
                        throw new ConflictException(root + ": is not empty; a backup is restored only into a new "
                                + "folder, never over existing data", null);
                    }
                }
            }
        } catch (IOException e) {
            throw new StoreException(root + ": cannot be read: " + e.getMessage(), e);
        }
        List<String> notChecked = new ArrayList<>();
        Path staging = null;
        RestoreAnchor lost = null;
        try {
            OwnerOnly.createDirectories(root.getParent());
            // a folder of this restore's own: nothing anyone else made is ever deleted, even on failure
            staging = OwnerOnly.createTempDirectory(root.getParent(), "." + root.getFileName() + ".restoring-");
            BackupReader.Result read;
            try {
                read = BackupReader.read(backup, options.passphrase(), staging);
            } catch (BackupReader.Refused e) {
                throw new RefusedException(e.getMessage().endsWith("nothing was restored") ? e.getMessage()
                        + "." : e.getMessage() + "\nNothing was restored.");
            } catch (BackupCrypto.WrongPassphrase e) {
                throw new AccessDeniedException(backup + ": the passphrase does not open this backup; nothing was "
                        + "restored");
            }
            if (!read.problems().isEmpty()) {
                throw new RefusedException(String.join("\n", read.problems()) + "\nNothing was restored.");
            }
            if (read.kind() == BackupFormat.Kind.UNENCRYPTED) {
                notChecked.add("this backup is not encrypted (made by an earlier release, or by anyone who held "
                        + "it): nothing proves that your ExoConsent wrote it, and anyone who held it could read "
                        + "every patient's data; make a new, encrypted backup once it is restored");
            }
            DataDirectory staged = new DataDirectory(staging);
            long records;
            Verification v;
            try (RecordStore store = openUnchecked(staged, clock, "restore", "restore", false)) {
                store.anchorFile = null; // a staged copy never writes the clinic's anchor
                store.staged = true; // and is held against it by RestoreAnchor below, not by its verification
                AuditHead.Head backupHead = store.auditLog.newest(); // before verification adds its entry
                v = store.verifyEverything((d, t) -> { }, null);
                List<String> problems = new ArrayList<>(v.problems());
                problems.addAll(RestoreChecks.accountsAgainstTrail(store.stores.backups()));
                for (Path unused : RestoreChecks.unusedTemplateFolders(staged, store.stores)) {
                    Durable.deleteTree(unused); // in the staging folder: ours
                    try (Stream<Path> rest = Files.list(unused.getParent())) {
                        if (rest.findAny().isEmpty()) {
                            Files.delete(unused.getParent());
                        }
                    }
                    notChecked.add(staging.relativize(unused).toString().replace('\\', '/') + "/ was left out: no "
                            + "template version of the database is stored there, so nothing would ever use or "
                            + "check it");
                }
                if (options.expectedFingerprints().isEmpty()) {
                    notChecked.add("the backup's signing key was not confirmed by you (--expect-fingerprint): an "
                            + "attacker who made this backup could have added accounts or changed records and "
                            + "signed them with a key of their own");
                } else {
                    problems.addAll(RestoreChecks.fingerprints(staged, store.stores, options.expectedFingerprints(),
                            notChecked));
                }
                String anchor = RestoreChecks.anchoredHead(store.stores.backups(), options.expectedAuditHead());
                Path settingAnchor = store.stores.settings().read().anchor();
                Path anchorFile = options.anchor() != null ? options.anchor().toAbsolutePath().normalize()
                        : settingAnchor != null ? settingAnchor : Anchor.namedByTrail(store.stores.auditTrail());
                RestoreAnchor restoreAnchor = anchorFile == null ? null
                        : RestoreAnchor.check(store.stores, backupHead, anchorFile, options.anchor() != null,
                        options.acceptLoss(), problems, notChecked);
                if (restoreAnchor != null && restoreAnchor.lostEntries() > 0) {
                    lost = restoreAnchor;
                }
                if (options.expectedAuditHead() == null && restoreAnchor == null) {
                    notChecked.add("the audit trail was not compared with an anchor kept outside the backup: a "
                            + "backup older than your newest records, or one whose whole trail was rewritten, is "
                            + "not detected");
                } else if (anchor != null) {
                    problems.add(anchor);
                }
                if (!problems.isEmpty()) {
                    throw new RefusedException(backup + ": the restored data directory is not the clinic's, "
                            + "intact:\n" + String.join("\n", problems) + "\nNothing was restored.");
                }
                records = v.records();
                Path setAnchor = store.stores.settings().read().anchor();
                if (setAnchor != null) {
                    // a restored copy beside the clinic's data directory (a trial restore) must not write the
                    // clinic's anchor: its heads would fork the trail there. It is set again, consciously, when this
                    // copy replaces the clinic's data directory (setAnchor(file, true))
                    store.stores.settings().writeAnchor(null);
                    // the command names the restored folder (README trial of issue 17: without --data-dir it ran on
                    // $EXOCONSENT_HOME, the clinic's old folder, whose trail then disagreed with the anchor)
                    notChecked.add("the restored data directory no longer writes to the anchor " + setAnchor
                            + " (a copy beside the clinic's data directory must not); if it now replaces the "
                            + "clinic's data directory, continue the anchor there with: exoconsent settings set anchor "
                            + setAnchor + " --after-restore --data-dir " + target.root());
                }
                store.appendAudit("restored", backup.getFileName().toString(), Json.of("sha256", sha256(backup),
                        "records", records, "encrypted", read.kind() == BackupFormat.Kind.ENCRYPTED,
                        "fingerprintsConfirmed", !options.expectedFingerprints().isEmpty(),
                        "anchor", restoreAnchor == null ? null : restoreAnchor.file().toString(),
                        "backupEndsAt", restoreAnchor == null ? null : restoreAnchor.backupEndsAt(),
                        "anchoredUpTo", restoreAnchor == null ? null : restoreAnchor.anchoredUpTo(),
                        "anchorSettingCleared", setAnchor == null ? null : setAnchor.toString()));
            }
            if (rootExists) {
                OwnerOnly.restrict(root); // the administrator's empty folder becomes a data directory: theirs alone
                moveChildren(staging, root);
            } else {
                Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
                staging = null;
            }
            return new Restored(root, records, read.kind(), v, List.copyOf(notChecked),
                    lost == null || lost.lostEntries() <= 1 ? null : lost.describeLoss(), root.toString(),
                    !options.expectedFingerprints().isEmpty() && !notChecked.contains(Restored.NO_SIGNING_KEY));
        } catch (SQLException e) {
            throw new StoreException(backup + ": cannot be restored: " + e.getMessage() + "; nothing was restored",
                    e);
        } catch (IOException e) {
            throw new StoreException(backup + ": cannot be restored: " + e.getMessage() + "; nothing was restored",
                    e);
        } finally {
            if (staging != null) {
                try {
                    Durable.deleteTree(staging); // ours alone (created above)
                } catch (IOException ignored) {
                    // a leftover staging folder is hidden and not a data directory anyone uses
                }
            }
        }
    }

    /**
     * Restores a backup — of a PostgreSQL store or of a data directory, they are one format — into a new, empty
     * PostgreSQL store (issue 17 §4): one that {@code exoconsent store init} made and nothing has used yet (no row in
     * any of its tables: otherwise {@link ConflictException}, and nothing is touched). The backup is first restored
     * and checked exactly as into a new data directory ({@link #restore(Path, DataDirectory, Clock, RestoreOptions)}:
     * its passphrase, every entry against {@code SHA256SUMS}, every record and the audit chain, every account against
     * the audit trail, the fingerprints and the anchor the administrator gives; its {@code restored} entry appended),
     * in a folder of this account's alone that is removed afterwards; then that data directory is copied into the
     * store in ONE write transaction, which checks the copy before it commits — as many rows in every table, every
     * document's and template version's SHA-256, the same newest audit entry — and holds the store empty until then.
     * Drafts come back held by no device. No sign-in: the backup's own accounts come with it. {@code target} is
     * closed.
     *
     * @param target an opening of the new store, as the clinic's application role ({@link PostgresStores#open})
     * @param place  the store as messages name it (never a password)
     * @throws ConflictException     when the store holds anything (named), before and in the copy's transaction
     * @throws AccessDeniedException when the passphrase does not open the backup
     * @throws RefusedException      naming the entry, line, record, key or account the backup was refused for, or
     *                               what the copy did not hold (then nothing was stored)
     * @throws StoreException        when a file cannot be read or the server fails (nothing was stored)
     */
    public static Restored restore(Path backup, Stores target, String place, Clock clock, RestoreOptions options)
            throws StoreException {
        try (target) {
            if (!(target instanceof PostgresStores pg)) {
                throw new StoreException(place + ": a backup is restored into a data directory or a PostgreSQL "
                        + "store; nothing was restored");
            }
            try {
                refuseHoldings(pg, place);
            } catch (SQLException e) {
                throw pg.failure(e);
            }
            Path work;
            try {
                work = OwnerOnly.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")),
                        "exoconsent-restore-");
            } catch (IOException e) {
                throw new StoreException(backup + ": cannot be restored: no folder for its check: " + e.getMessage()
                        + "; nothing was restored", e);
            }
            try {
                DataDirectory staged = new DataDirectory(work.resolve("store"));
                Restored checked = restore(backup, staged, clock, options);
                try (SqliteStores from = SqliteStores.open(staged)) {
                    pg.beginWrite(); // the chain's head locked first: no other device writes meanwhile
                    try {
                        refuseHoldings(pg, place);
                        from.beginRead();
                        List<String> problems;
                        try {
                            problems = SqlStoreCopy.intoPostgres(from, staged, pg);
                        } finally {
                            from.rollback();
                        }
                        if (!problems.isEmpty()) {
                            throw new RefusedException(backup + ": the copy into " + place + " is not the backup's, "
                                    + "whole:\n" + String.join("\n", problems) + "\nNothing was restored.");
                        }
                        pg.commit();
                    } catch (SQLException e) {
                        pg.rollback();
                        throw new StoreException(backup + ": cannot be restored into " + pg.failure(e).getMessage()
                                + "; nothing was restored", e);
                    } catch (IOException e) {
                        pg.rollback();
                        throw new StoreException(backup + ": cannot be restored: " + e.getMessage()
                                + "; nothing was restored", e);
                    } catch (StoreException | RuntimeException e) {
                        pg.rollback();
                        throw e;
                    }
                }
                List<String> notChecked = new ArrayList<>();
                if (Files.isDirectory(staged.keys())) { // a data directory's backup carries its key files
                    notChecked.add("the backup's signing key files (keys/) were not put into " + place + ": a store "
                            + "holds no private key, each device keeps its own (its certificate registered in the "
                            + "store); restore the backup into a folder to take them out");
                }
                for (String n : checked.notChecked()) { // said of the check's folder, which is gone
                    notChecked.add(n.replace(staged.root().toString(), place).replace("restored data directory",
                            "restored store"));
                }
                return new Restored(null, checked.records(), checked.kind(), checked.verification(),
                        List.copyOf(notChecked), checked.lostWithTheRestore(), place, checked.keyCompared());
            } catch (SQLException e) {
                throw pg.failure(e);
            } finally {
                try {
                    Durable.deleteTree(work); // ours alone (created above)
                } catch (IOException ignored) {
                    // a leftover folder is owner-only and hidden in the temporary folder
                }
            }
        }
    }

    /** Refuses a store that holds anything of a clinic ({@link SqlStoreCopy#holdings}), naming what. */
    private static void refuseHoldings(PostgresStores pg, String place) throws SQLException, ConflictException {
        String held = SqlStoreCopy.holdings(pg);
        if (held != null) {
            throw new ConflictException(place + ": is not empty (" + held + "); a backup is restored only into a "
                    + "new store made with 'exoconsent store init', never over existing data; nothing was restored",
                    null);
        }
    }

    /**
     * Moves a verified staging folder's contents into the empty folder the administrator chose (kept, its
     * permissions narrowed to its owner's), the database last: until it arrives the folder is no data directory anyone could open.
     */
    private static void moveChildren(Path staging, Path root) throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(staging)) {
            children = s.sorted(java.util.Comparator.comparing(p -> p.getFileName().toString()
                    .equals(DataDirectory.DATABASE))).toList();
        }
        try (Stream<Path> s = Files.list(root)) {
            if (s.findAny().isPresent()) {
                throw new IOException(root + " is no longer empty");
            }
        }
        List<Path> moved = new ArrayList<>();
        try {
            for (Path c : children) {
                Path to = root.resolve(c.getFileName().toString());
                Files.move(c, to, StandardCopyOption.ATOMIC_MOVE);
                moved.add(to);
            }
        } catch (IOException e) {
            for (Path m : moved) { // ours: back into the staging folder, which is then removed
                Files.move(m, staging.resolve(m.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
    }

    // --- signing key and demo data ------------------------------------------------------------------------

    /**
     * Imports the clinic's own PKCS#12 signing key (from a certification authority) into the data directory;
     * from then on consents and withdrawals are signed with it. Audited with the certificate's subject and
     * SHA-256 fingerprint. Records signed before keep their signatures.
     */
    public org.exoconsent.pdf.SigningKey importSigningKey(Path p12, char[] password)
            throws StoreException, org.exoconsent.pdf.KeyException {
        return importSigningKey(p12, password, "imported clinic key");
    }

    /**
     * Imports the clinic's own PKCS#12 as {@link #importSigningKey(Path, char[])} does and registers it under
     * {@code label} from now (audited {@code signing-key-imported} and {@code key-registered}); a key registered
     * before stays as it was.
     */
    public org.exoconsent.pdf.SigningKey importSigningKey(Path p12, char[] password, String label)
            throws StoreException, org.exoconsent.pdf.KeyException {
        require(Permission.MANAGE_KEY);
        String checkedLabel = KeyRegistry.checkLabel(label);
        refuseKeyRegistration("keys import --p12 " + ShellWords.quote(p12.toString()) + " --label "
                + ShellWords.quote(checkedLabel)); // before the key file is stored on this device
        org.exoconsent.pdf.SigningKey key = org.exoconsent.pdf.SigningKeys.importKey(keyFiles, p12, password,
                clock.instant());
        appendAudit("signing-key-imported", key.certificate().getSubjectX500Principal().getName(), Json.of(
                "sha256", org.exoconsent.pdf.SigningKeys.fingerprint(key.certificate()), "notAfter",
                key.certificate().getNotAfter().toInstant().toString(), "file", p12.getFileName().toString()));
        try {
            if (stores.signingKeys().find(org.exoconsent.pdf.SigningKeys.fingerprint(key.certificate())) == null) {
                registerKey(key.certificate(), checkedLabel, clock.instant(), actor, false);
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        return key;
    }

    // --- registered signing keys (issue 13 §2; rules and checks in KeyRegistry) ----------------------------

    /** Inserts a key and its {@code key-registered} audit entry in one transaction. */
    private KeyRegistry.RegisteredKey registerKey(java.security.cert.X509Certificate cert, String label, Instant from,
                                                  String by, boolean upgrade) throws StoreException {
        KeyRegistry.RegisteredKey[] k = new KeyRegistry.RegisteredKey[1];
        audited(() -> {
            k[0] = KeyRegistry.insert(stores.signingKeys(), cert, label, from, by);
            return auditLog.appendTracked(clock.instant(), upgrade ? "upgrade" : actor,
                    "key-registered", k[0].fingerprint(), KeyRegistry.registeredDetails(k[0], upgrade));
        });
        return k[0];
    }

    /**
     * Registers a key from {@code from} as the signed-in person, whatever its certificate's dates, for tests and
     * tools that sign with a key made outside the data directory (audited {@code key-registered}); null when it is
     * registered already.
     */
    KeyRegistry.RegisteredKey registerKeyFrom(java.security.cert.X509Certificate cert, String label, Instant from)
            throws StoreException {
        try {
            if (stores.signingKeys().find(org.exoconsent.pdf.SigningKeys.fingerprint(cert)) != null) {
                return null;
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        return registerKey(cert, label, from, actor, false);
    }

    /**
     * On the first opening of a data directory made by a release before registered keys ({@code upgrading}: its
     * schema was older than V10; or, after an interrupted upgrade, it holds records but no key was ever registered),
     * registers the keys found in its keys/ folder — the self-signed key, the imported key and any imported key it
     * replaced — each from its certificate's notBefore, so the documents they signed before stay covered, and marks
     * the start of the registry: all in one transaction, audited {@code key-registered} (one per key) and
     * {@code key-registry-started} by {@code upgrade}. A key file that cannot be opened is left unregistered; the
     * documents it signed before are then noted by {@code records verify} as not cross-checkable.
     */
    private void registerKeysFoundOnUpgrade(boolean upgrading) throws StoreException {
        try {
            if (stores.signingKeys().anyEverRegistered() || !upgrading && !stores.signingKeys().holdsRecords()) {
                return;
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        List<KeyRegistry.Found> found = KeyRegistry.foundInDataDirectory(keyFiles);
        Instant now = clock.instant();
        audited(() -> {
            if (stores.signingKeys().anyEverRegistered()) {
                return null; // another program opening the upgraded data directory at the same time did it
            }
            List<String> registered = new ArrayList<>();
            for (KeyRegistry.Found f : found) {
                if (stores.signingKeys().find(org.exoconsent.pdf.SigningKeys.fingerprint(f.certificate())) != null) {
                    continue; // the same key under two names
                }
                KeyRegistry.RegisteredKey k = KeyRegistry.insert(stores.signingKeys(), f.certificate(), f.label(),
                        f.certificate().getNotBefore().toInstant(), "upgrade");
                auditLog.appendTracked(now, "upgrade", "key-registered", k.fingerprint(),
                        KeyRegistry.registeredDetails(k, true));
                registered.add(k.fingerprint());
            }
            return auditLog.appendTracked(now, "upgrade", KeyRegistry.REGISTRY_STARTED,
                    "signing keys", Json.of("upgrade", true, "registered", registered));
        });
    }

    /**
     * Moves the staff PIN of an earlier release's {@link DataDirectory#SETTINGS_FILE} into the settings table
     * ({@value Settings#STAFF_PIN}: the same salted hash, so the clinic keeps its PIN) and removes the file, audited
     * {@code settings-moved} by {@code upgrade} (details: {@code staffPin} {@code moved}, {@code none} when the file
     * held none, or {@code kept} when the table already had one — a move interrupted after its commit, or a PIN
     * set since: the table's is kept). The row and the entry are one transaction; the file is removed only after
     * it, so a crash in between leaves the file for the next opening and loses nothing; a file that another program
     * opening the data directory at the same moment removed between this one's look and its read was moved by that
     * program (nothing to do). Issue 15 §1.
     *
     * @throws StoreException naming the file when it cannot be read or holds a malformed PIN (nothing is changed)
     */
    private void moveSettingsFile() throws StoreException {
        Path file = dir.settingsFile();
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String moved;
        try {
            moved = StaffPin.fromSettingsFile(file);
        } catch (StoreException e) {
            if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                // another program opening this data directory at the same moment moved it (it removes the file only
                // after its row and entry are committed): nothing is left to move
                return;
            }
            throw e;
        }
        Instant now = clock.instant();
        audited(() -> {
            Settings held = stores.settings().read();
            String outcome = moved == null ? "none" : held.hasStaffPin() ? "kept" : "moved";
            if (outcome.equals("moved")) {
                stores.settings().writeStaffPin(moved);
            }
            // the digest of the hash the table holds now, for records verify (never the PIN or its hash)
            String pin = outcome.equals("moved") ? moved : outcome.equals("kept") ? held.staffPinHash() : null;
            return auditLog.appendTracked(now, "upgrade", "settings-moved",
                    DataDirectory.SETTINGS_FILE, pin == null
                            ? Json.of("staffPin", outcome, "to", "setting " + Settings.STAFF_PIN)
                            : Json.of("staffPin", outcome, "to", "setting " + Settings.STAFF_PIN,
                                    SettingsAgainstTrail.PIN_DIGEST, AccountsAgainstTrail.digest(pin)));
        });
        try {
            Files.delete(file);
            Durable.syncDirectory(dir.root());
        } catch (IOException e) {
            // moved and audited: the next opening finds the file again, keeps the table's PIN and removes it
        }
    }

    /** Whether the clinic has set a staff PIN; anyone signed in may ask (the home screen asks for one first). */
    public boolean hasStaffPin() throws StoreException {
        if (who == null) {
            throw new AccessDeniedException("not signed in");
        }
        try {
            return stores.settings().read().hasStaffPin();
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * Whether {@code pin} is the clinic's staff PIN (false when none is set); anyone signed in may ask. Slow (PBKDF2,
     * some 0.1 s): off the FX thread. Not audited here: the wizard audits every unlock attempt, and counts the wrong
     * ones (five in a row, then only the staff member's password unlocks).
     */
    public boolean staffPinMatches(String pin) throws StoreException {
        if (who == null) {
            throw new AccessDeniedException("not signed in");
        }
        try {
            return StaffPin.matches(stores.settings().read().staffPinHash(), pin);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * Whether {@code pin} has a staff PIN's form (4 to 8 ASCII digits), the rule {@link #setStaffPin} refuses by: the
     * faces check it first to say a refusal in the screen's language (review F9).
     */
    public static boolean isStaffPinWellFormed(String pin) {
        return StaffPin.wellFormed(pin);
    }

    /**
     * Sets the staff PIN (4 to 8 digits), kept as a salted hash in the settings table. The first PIN may be set by
     * anyone signed in (the home screen asks for it before the first consultation, as it always has); changing one
     * needs {@link Permission#MANAGE_SETTINGS} (administrators). Audited {@code settings:changed} with subject
     * {@value Settings#STAFF_PIN}, whether one was set before and the SHA-256 of the new salted hash
     * ({@value SettingsAgainstTrail#PIN_DIGEST}, which {@code records verify} holds the stored hash against, as it does
     * an account's password) — never the PIN or its hash.
     *
     * @throws IllegalArgumentException "a staff PIN has 4 to 8 digits"
     * @throws AccessDeniedException    when a PIN is set and the signed-in person may not change settings
     */
    public void setStaffPin(String pin) throws StoreException {
        if (who == null) {
            throw new AccessDeniedException("not signed in");
        }
        StaffPin.check(pin);
        boolean before;
        try {
            before = stores.settings().read().hasStaffPin();
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        if (before) {
            require(Permission.MANAGE_SETTINGS, "change the staff PIN");
        }
        String stored = StaffPin.hash(pin);
        changeAudited("settings:changed", Settings.STAFF_PIN, Json.of("from", before ? "set" : "none", "to",
                "set", SettingsAgainstTrail.PIN_DIGEST, AccountsAgainstTrail.digest(stored)),
                () -> stores.settings().writeStaffPin(stored));
    }

    /** How long before its making the data directory's self-signed key may sign (see {@link #clinicSigningKey}). */
    private static final java.time.Duration SELF_SIGNED_MARGIN = java.time.Duration.ofMinutes(5);

    /**
     * The key the clinic signs with from this data directory — its imported key, else its self-signed key, which is
     * created now (certificate valid, and registered, from five minutes before the clinic's clock, so that a
     * document checked moments before the key existed is within them) and registered when there is none. Whether it
     * may sign is checked when it signs ({@link #requireRegisteredSigner}).
     *
     * @throws org.exoconsent.pdf.KeyException when a key file cannot be opened or created
     */
    public org.exoconsent.pdf.SigningKeys.Created clinicSigningKey(String clinicName)
            throws StoreException, org.exoconsent.pdf.KeyException {
        return clinicSigningKey(clinicName, null);
    }

    /**
     * As {@link #clinicSigningKey(String)}, on a store shared by several devices (issue 17 §2) the key of this device,
     * in its own folder ({@link Source#deviceKeys}): a new self-signed key is never registered by the device (the
     * first device's neither; attack review of issue 17, F2): it signs nothing until an administrator registers it
     * with the database owner's login ({@code exoconsent --store postgresql://HOST/DB?user=OWNER keys register
     * --label LABEL} on that device), so a device whose key is not registered cannot record.
     *
     * @param clinicName  the clinic a new key names when the store holds no clinic profile; else the profile's name
     *                    is used (README trial of issue 17: a key made by rendering an example session was named
     *                    after the example's clinic, the demo's, for good)
     * @param deviceLabel how the registry names this device (null: "this device")
     */
    public org.exoconsent.pdf.SigningKeys.Created clinicSigningKey(String clinicName, String deviceLabel)
            throws StoreException, org.exoconsent.pdf.KeyException {
        if (who == null) {
            throw new AccessDeniedException("not signed in");
        }
        refuseWrongClock();
        String named = clinicName;
        try {
            Catalog.Clinic profile = stores.catalog().clinic();
            if (profile != null && profile.name() != null && !profile.name().isBlank()) {
                named = profile.name();
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        String clinic = named;
        // the certificate and its registration start a few minutes before it is made: a document checked (and so
        // dated) moments before the key existed — render checks while the sign-in runs — is signed within them
        Instant from = clock.instant().minus(SELF_SIGNED_MARGIN).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        boolean shared = dir == null;
        if (shared || Files.exists(keyFiles.imported(), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(keyFiles.selfSigned(), LinkOption.NOFOLLOW_LINKS)) {
            // opened (or, for a device's own folder, made) outside the store's write lock: reading a PKCS#12 file or
            // making an RSA key takes the CPU, and on a shared store the lock is every device's (the chain head)
            org.exoconsent.pdf.SigningKeys.Created opened = org.exoconsent.pdf.SigningKeys.clinicKey(keyFiles,
                    clinic, from);
            if (opened.createdNow() && !shared) { // a device's own key is registered by the owner (F2)
                try {
                    write(() -> registerSelfSigned(opened, from, deviceLabel));
                } catch (SQLException e) {
                    throw dbFailure(e);
                }
            }
            return opened;
        }
        // a data directory's first key, made and registered in the write lock: two programs starting at once make one
        // key, not one each
        org.exoconsent.pdf.KeyException[] failed = new org.exoconsent.pdf.KeyException[1];
        org.exoconsent.pdf.SigningKeys.Created[] made = new org.exoconsent.pdf.SigningKeys.Created[1];
        try {
            write(() -> {
                try {
                    made[0] = org.exoconsent.pdf.SigningKeys.clinicKey(keyFiles, clinic, from);
                } catch (org.exoconsent.pdf.KeyException e) {
                    failed[0] = e;
                    return null;
                }
                if (made[0].createdNow()) {
                    registerSelfSigned(made[0], from, deviceLabel);
                }
                return null;
            });
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        return made[0];
    }

    /**
     * In the write lock: registers a self-signed key made just now for a data directory (its one key). On a shared
     * store a device's key is never registered by the device, not even the first device's into an empty registry: the
     * devices' role cannot insert into the registry, and an administrator registers each key with the database
     * owner's login (attack review of issue 17, F2 and F4).
     */
    private Void registerSelfSigned(org.exoconsent.pdf.SigningKeys.Created made, Instant from, String deviceLabel)
            throws SQLException, StoreException {
        if (dir != null) {
            registerKey(made.key().certificate(), "self-signed key of this data directory", from, actor, false);
        }
        return null;
    }

    /**
     * Registers another key the clinic signs with (a second device, a renewed certificate), from now; audited
     * {@code key-registered}. Administrators only.
     *
     * @throws RefusedException when its certificate has expired, the key is too weak
     *                          ({@link org.exoconsent.pdf.SigningKeys#weakKey}), the key is registered already or was
     *                          retired (a retired key is never registered again), or the label is empty
     */
    public KeyRegistry.RegisteredKey registerSigningKey(org.exoconsent.pdf.SigningKey key, String label)
            throws StoreException {
        require(Permission.MANAGE_KEY);
        String l = KeyRegistry.checkLabel(label);
        refuseKeyRegistration("keys register --label " + ShellWords.quote(l));
        java.security.cert.X509Certificate cert = key.certificate();
        String fp = org.exoconsent.pdf.SigningKeys.fingerprint(cert);
        Instant now = clock.instant();
        try {
            KeyRegistry.RegisteredKey existing = stores.signingKeys().find(fp);
            if (existing != null) {
                throw new ConflictException(fp + ": this key is registered already as '" + existing.label() + "' ("
                        + existing.period(clinicClock()) + ")" + (existing.current() ? ""
                        : "; a retired key is never registered again: make or import a new key")
                        + "; nothing was changed", null);
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        String weak = org.exoconsent.pdf.SigningKeys.weakKey(cert);
        if (weak != null) {
            throw new RefusedException(fp + ": " + weak + "; nothing was changed");
        }
        if (now.isAfter(cert.getNotAfter().toInstant())) {
            throw new RefusedException(fp + ": its certificate expired on " + clinicClock().format(
                    cert.getNotAfter().toInstant()) + "; an expired key is not registered. Nothing was changed");
        }
        return registerKey(cert, l, now, actor, false);
    }

    /**
     * Refuses (exit 3) when this opening's role may not register a key: a device's role on a shared store (attack
     * review of issue 17, F2), told to run {@code command} with the owner's login; nothing is changed.
     */
    private void refuseKeyRegistration(String command) throws StoreException {
        try {
            refuseKeyRegistration(stores, place, command);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * The one check behind both refusals above: throws {@link RefusedException} (the role, and the command with the
     * owner's role as the server names it) when the opening's role may not register a key; nothing is written.
     */
    private static void refuseKeyRegistration(Stores stores, String place, String command)
            throws SQLException, RefusedException {
        String role = stores.signingKeys().registrationRefused();
        if (role != null) {
            throw new RefusedException(keyRegistrationRefusal(place, role, stores.signingKeys().databaseOwner(),
                    command));
        }
    }

    /**
     * Retires a registered key now: it signs nothing more, and documents it signed afterwards are reported by
     * {@code records verify}; what it signed before stays covered. Audited {@code key-retired}. Administrators only.
     *
     * @param fingerprint SHA-256 of its certificate, hex with or without colons
     * @throws RefusedException when no such key is registered or it is retired already
     */
    public KeyRegistry.RegisteredKey retireSigningKey(String fingerprint) throws StoreException {
        require(Permission.MANAGE_KEY);
        String fp;
        try {
            fp = KeyRegistry.normalise(fingerprint);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(e.getMessage() + "; nothing was changed");
        }
        Instant now = clock.instant();
        try {
            KeyRegistry.RegisteredKey k = stores.signingKeys().find(fp);
            if (k == null) {
                throw new RefusedException(fp + ": no registered signing key has this fingerprint (see: exoconsent "
                        + "keys show); nothing was changed");
            }
            if (!k.current()) {
                throw new ConflictException(fp + ": the key '" + k.label() + "' was retired already on "
                        + clinicClock().format(k.retiredAt()) + "; nothing was changed", null);
            }
            changeAudited("key-retired", fp, Json.of("label", k.label(), "at",
                    KeyRegistry.seconds(now).toString()),
                    () -> stores.signingKeys().retire(fp, KeyRegistry.seconds(now)));
            return stores.signingKeys().find(fp);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /** Every registered signing key, in the order they were registered (every signed-in person). */
    public List<KeyRegistry.RegisteredKey> signingKeys() throws StoreException {
        require(Permission.READ_CATALOG);
        try {
            return stores.signingKeys().list();
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * Why this device may not sign or record now, or null (issue 17 §2): on a shared store, its clock differs from the
     * database server's by more than {@link ServerClock#MAX_DIFFERENCE}; the message names both times and the
     * difference. Always null on a data directory, whose times are this computer's.
     */
    public String clockRefusal() {
        return clockRefusal;
    }

    /** @throws RefusedException (exit 3) when this device's clock is too far from the shared store's server's */
    private void refuseWrongClock() throws RefusedException {
        if (clockRefusal != null) {
            throw new RefusedException(clockRefusal);
        }
    }

    /** Signers checked on the store's thread by {@link #requireRegisteredSigner}: fingerprint → registered key. */
    private final Map<String, KeyRegistry.RegisteredKey> approvedSigners =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Refuses a key that may not sign now: one that is not registered, is retired, whose certificate has expired or
     * is not valid yet, or that the clinic's clock would have sign before its registration (call from the store's
     * thread; {@link #record}, {@link #prepare} and {@link #withdraw} check the key again as they sign).
     *
     * @param what how to name the key in the refusal (its file, or "the data directory's key")
     * @param file the keystore file, named in the command that registers it, or null
     * @throws KeyRefusedException with what is wrong and what to do
     */
    public void requireRegisteredSigner(org.exoconsent.pdf.SigningKey key, String what, Path file)
            throws StoreException {
        String fp = org.exoconsent.pdf.SigningKeys.fingerprint(key.certificate());
        try {
            KeyRegistry.RegisteredKey k = stores.signingKeys().find(fp);
            refuseSigner(k, key, clinicClock().instant(), what, file);
            approvedSigners.put(fp, k);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * What {@code verify --data-dir} would say is wrong with the key of a signed PDF (a rendered one, which any key
     * may sign: it is not a record): that it is not one of the registered signing keys, or that it signed outside its
     * registered period (a retired key; README trial of issue 17: render signed with a retired key and said nothing).
     *
     * @param pdf a signed PDF's bytes
     * @return the problem, in {@link KeyRegistry}'s words, or null when the key may sign now
     */
    public String signerProblem(byte[] pdf) throws StoreException {
        org.exoconsent.pdf.SignatureReport r = org.exoconsent.pdf.SignatureVerifier.verify(pdf);
        if (r.fingerprint() == null) {
            return "the document carries no signature";
        }
        try {
            KeyRegistry.RegisteredKey k = stores.signingKeys().find(r.fingerprint());
            if (k == null) {
                return "the certificate " + r.fingerprint() + " is not one of the clinic's registered signing keys";
            }
            return KeyRegistry.outsidePeriod(k, r, clinicClock());
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    private void refuseSigner(KeyRegistry.RegisteredKey k, org.exoconsent.pdf.SigningKey key, Instant at, String what,
                              Path file) throws StoreException {
        refuseWrongClock();
        // on a shared store a key without a file is this device's own, whatever the caller calls it (issue 17 §2)
        boolean deviceKey = dir == null && file == null;
        String refusal = KeyRegistry.signingRefusal(k, key.certificate(), at, clinicClock(), deviceKey
                ? "this device's signing key (in " + keyFiles.folder() + ")" : what, file, deviceKey ? place : null,
                deviceKey && k == null ? ownerOrNull() : null);
        if (refusal != null) {
            throw new KeyRefusedException(refusal);
        }
    }

    /**
     * The role that owns the shared store's database as the server names it (the one login that registers keys,
     * attack review of issue 17, F2), for the commands the product's messages give; null on a data directory, or when
     * it cannot be read (the messages then show the placeholder {@code OWNER}). Never refuses.
     */
    public String databaseOwner() {
        return ownerOrNull();
    }

    /**
     * The address a command registering a key runs with on this shared store: {@link #place()} with the owner's role
     * ({@link #databaseOwner()}, else {@code OWNER}) as its user, never with a password.
     */
    public String ownerAddress() {
        return ownerAddress(place, ownerOrNull());
    }

    /** The shared store's owner role as the server names it, or null when it cannot be read (the refusal says OWNER). */
    private String ownerOrNull() {
        try {
            return stores.signingKeys().databaseOwner();
        } catch (SQLException e) {
            return null; // the refusal stands; only its command shows the placeholder
        }
    }

    /** The registered key of a signer, from the checks of the store's thread, else read now. */
    private KeyRegistry.RegisteredKey registered(org.exoconsent.pdf.SigningKey key) throws StoreException {
        String fp = org.exoconsent.pdf.SigningKeys.fingerprint(key.certificate());
        KeyRegistry.RegisteredKey k = approvedSigners.get(fp);
        if (k != null) {
            return k;
        }
        try {
            return stores.signingKeys().find(fp);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * Removes the practice catalog a new data directory starts with (the demo physician, products and lots), for
     * a clinic that has set up its own. Records made while practising stay, as every record does. Audited
     * ({@code catalog:demo-removed}, with the counts removed) when anything was removed; when the demo catalog is
     * gone already, nothing is written (a second removal used to add an entry that removed nothing).
     *
     * @return what was removed and what the catalog holds afterwards for a consultation (active physicians, products,
     *         lots not expired on the clinic's date)
     */
    public Catalog.DemoRemoved removeDemoCatalog() throws StoreException {
        require(Permission.MANAGE_CATALOG);
        java.time.LocalDate today = clinicClock().today();
        try {
            return write(() -> {
                int[] removed = stores.catalog().removeDemo();
                if (removed[0] + removed[1] + removed[2] > 0) {
                    auditLog.appendTracked(clock.instant(), actor, "catalog:demo-removed", "demo catalog",
                            Json.of("physicians", removed[0], "products", removed[1], "lots", removed[2]));
                }
                List<Catalog.Physician> physicians = stores.catalog().physicians();
                List<Catalog.Product> products = stores.catalog().products();
                List<String> demoNames = Catalog.DEMO_PRODUCTS.stream().map(Catalog.Product::name).toList();
                return new Catalog.DemoRemoved(removed[0], removed[1], removed[2],
                        (int) physicians.stream().filter(Catalog.Physician::active).count(),
                        (int) physicians.stream().filter(p -> !p.active()).count(), products.size(),
                        (int) stores.catalog().lots().readable().stream().filter(l -> !l.expiry().isBefore(today))
                                .count(),
                        products.stream().map(Catalog.Product::name).filter(demoNames::contains).toList());
            });
        } catch (SQLException ex) {
            throw dbFailure(ex);
        }
    }

    // --- users ---------------------------------------------------------------------------------------------

    /** Every account (names, roles, state; never a hash). Administrators only. */
    public List<Accounts.Account> users() throws StoreException {
        require(Permission.MANAGE_USERS);
        try {
            return stores.accounts().list();
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /** Adds a person with their roles and first password; audited (without the password). */
    public void addUser(String name, Set<Role> roles, String physicianLicence, char[] password)
            throws StoreException {
        addUser(name, roles, physicianLicence, password, null);
    }

    /**
     * As {@link #addUser(String, Set, String, char[])}, with the person's staff language (issue 16 §6; null: none,
     * the computer's language is used), set in the same transaction and named in the {@code user-added} entry.
     *
     * @throws IllegalArgumentException for a language other than ja or en (before anything is written)
     */
    public void addUser(String name, Set<Role> roles, String physicianLicence, char[] password, String language)
            throws StoreException {
        require(Permission.MANAGE_USERS);
        String lang = language == null ? null : Accounts.checkLanguage("language of " + shownName(name), language);
        Accounts.checkName(name);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException(name + ": give at least one role");
        }
        if (roles.contains(Role.PHYSICIAN) && (physicianLicence == null || physicianLicence.isBlank())) {
            throw new IllegalArgumentException(name + ": a physician account needs --licence, the licence number "
                    + "in the catalog (it decides whose records the physician sees)");
        }
        Passwords.checkStrength(password, name);
        String hash = Passwords.hash(password);
        String digest = AccountsAgainstTrail.digest(hash); // records verify holds the stored hash against it
        changeAudited("user-added", name, lang == null
                ? Json.of("roles", Accounts.rolesText(roles), "licence", physicianLicence,
                        AccountsAgainstTrail.PASSWORD_DIGEST, digest)
                : Json.of("roles", Accounts.rolesText(roles), "licence", physicianLicence, "language", lang,
                        AccountsAgainstTrail.PASSWORD_DIGEST, digest), () -> {
                    String alike = Accounts.lookingAlike(stores.accounts(), name);
                    if (alike != null) {
                        throw new ConflictException(shownName(name) + ": an account of this name exists already ('"
                                + shownName(alike) + "'; names are compared in their plain form, ignoring case); "
                                + "nothing was changed", null);
                    }
                    stores.accounts().insert(name, roles, physicianLicence, hash, clock.instant());
                    if (lang != null) {
                        stores.accounts().updateLanguage(name, lang);
                    }
                });
    }

    /**
     * The licence of account {@code name} when it is a physician's account whose licence is not an active physician
     * of the clinic's catalog (such an account cannot confirm a treatment, and a consultation cannot name it: the
     * administrator who added it is told so; README trial of issue 17); null for any other account, or when the
     * catalog has it.
     *
     * @throws StoreException when there is no such account, or the store cannot be read
     */
    public String licenceOutsideCatalog(String name) throws StoreException {
        require(Permission.MANAGE_USERS);
        Accounts.Account a = existing(name);
        if (!a.roles().contains(Role.PHYSICIAN) || a.physicianLicence() == null) {
            return null;
        }
        try {
            return stores.catalog().physicians().stream().anyMatch(x -> x.active()
                    && x.licenceNumber().equals(a.physicianLicence())) ? null : a.physicianLicence();
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * Replaces a person's roles (and, when given, their physician licence); audited. The last active administrator
     * cannot lose the role; a physician needs a licence.
     */
    public void setRoles(String name, Set<Role> roles, String physicianLicence) throws StoreException {
        require(Permission.MANAGE_USERS);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException(name + ": give at least one role");
        }
        Accounts.Account a = existing(name);
        String licence = physicianLicence != null && !physicianLicence.isBlank() ? physicianLicence.strip()
                : a.physicianLicence();
        if (roles.contains(Role.PHYSICIAN) && licence == null) {
            throw new IllegalArgumentException(name + ": a physician account needs --licence, the licence number "
                    + "in the catalog (it decides whose records the physician sees)");
        }
        if (!roles.contains(Role.ADMINISTRATOR)) {
            refuseLastAdministrator(a);
        }
        changeAudited("user-roles-changed", a.name(), Json.of("from", Accounts.rolesText(a.roles()), "to",
                Accounts.rolesText(roles), "licence", licence), () -> {
                    stores.accounts().updateRoles(a.name(), roles, licence);
                });
    }

    /**
     * Sets a person's staff language, the language of the screens they use (issue 16 §6); audited
     * {@code user-language-set} with the language before and after. Anyone signed in sets their own (the sign-in
     * screen's language toggle); another person's needs {@link Permission#MANAGE_USERS}. Nothing is written when it
     * is the language the account has already.
     *
     * @param language "ja" or "en"
     * @throws IllegalArgumentException for another language (naming it), before anything is written
     * @throws RefusedException         when there is no such account
     * @throws AccessDeniedException    for another person's account without {@code MANAGE_USERS}
     */
    public void setLanguage(String name, String language) throws StoreException {
        String lang = Accounts.checkLanguage("language of " + shownName(name), language);
        if (who == null || !who.name().equalsIgnoreCase(name)) {
            require(Permission.MANAGE_USERS);
        }
        Accounts.Account a = existing(name);
        if (lang.equals(a.language())) {
            return;
        }
        changeAudited("user-language-set", a.name(), Json.of("from", a.language(), "to", lang),
                () -> stores.accounts().updateLanguage(a.name(), lang));
        if (who != null && who.name().equals(a.name())) {
            signedIn(Principal.of(existing(a.name())));
        }
    }

    /** Enables or disables an account (never deleted: the audit log names it); audited. */
    public void setActive(String name, boolean active) throws StoreException {
        require(Permission.MANAGE_USERS);
        Accounts.Account a = existing(name);
        if (!active) {
            refuseLastAdministrator(a);
        }
        changeAudited(active ? "user-enabled" : "user-disabled", a.name(), "{}",
                () -> stores.accounts().updateActive(a.name(), active));
    }

    /** Sets a new password (an administrator's reset; also lifts a lockout); audited without the password. */
    public void setPassword(String name, char[] password) throws StoreException {
        require(Permission.MANAGE_USERS);
        Accounts.Account a = existing(name);
        Passwords.checkStrength(password, a.name());
        String hash = Passwords.hash(password);
        changeAudited("user-password-set", a.name(), Json.of(AccountsAgainstTrail.PASSWORD_DIGEST,
                AccountsAgainstTrail.digest(hash)), () -> { // records verify holds the stored hash against it
            stores.accounts().updatePassword(a.name(), hash);
            stores.accounts().clearSignInFailures(a.name());
        });
    }

    private Accounts.Account existing(String name) throws StoreException {
        try {
            Accounts.Row row = stores.accounts().find(name);
            if (row == null) {
                throw new RefusedException(name + ": no such user; nothing was changed");
            }
            return row.account();
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    private void refuseLastAdministrator(Accounts.Account a) throws StoreException {
        if (!a.roles().contains(Role.ADMINISTRATOR) || !a.active()) {
            return;
        }
        try {
            long admins = stores.accounts().list().stream()
                    .filter(x -> x.active() && x.roles().contains(Role.ADMINISTRATOR)).count();
            if (admins <= 1) {
                throw new RefusedException(a.name() + ": is the last active administrator; add another first "
                        + "(exoconsent users add --name NAME --role administrator, or the administration screen). "
                        + "Nothing was changed");
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /** True when this store was created by {@link #open} (and seeded with the demo clinic). */
    public boolean createdNow() {
        return created;
    }

    /**
     * The data directory of an embedded SQLite store; null for another vendor's store (see {@link #place()}).
     */
    public DataDirectory directory() {
        return dir;
    }

    /** The store as messages name it: the data directory's folder, or another vendor's store (never a password). */
    public String place() {
        return place;
    }

    /** The signing key files of this device (issue 17 §2; for SQLite the data directory's {@code keys/}). */
    public org.exoconsent.pdf.KeyFiles keyFiles() {
        return keyFiles;
    }

    /** The database as messages name it: SQLite's file, or another vendor's store. */
    private String database() {
        return dir != null ? dir.database().toString() : place;
    }

    /** What a full disk is told: "the disk of PLACE is full: free space, then try again". */
    private String fullDisk() {
        return DiskFull.whatToDo(dir != null ? dir.root().toString() : place);
    }

    /**
     * Refuses an output file inside the data directory ({@link OutsideDataDirectory}); another vendor's store has no
     * folder on this device to keep it out of.
     */
    private void refuseInsideDataDirectory(Path out, String what) throws RefusedException {
        if (dir != null) {
            OutsideDataDirectory.require(out, dir.root(), what);
        }
    }

    /**
     * A physician confirms, with their own password on this device, the treatment a consultation was prepared with
     * (indication, product and lot, route, number of sessions), before the explanation starts (issue 11 §2; MHLW
     * 医政発0815第21号, 15 Aug 2025: a non-physician may prepare but not decide). The person signed in on the device
     * may be staff or the physician; the password is the physician's own, never the staff PIN.
     *
     * @param account  the physician's account name
     * @param password their password (checked like a sign-in: failures count towards the lockout and are audited)
     * @param draft    the prepared consultation: its physician must be this account's physician (same licence, an
     *                 active physician of the catalog)
     * @return the confirmation to keep in the session, timed by this store's clock; audited as
     *         {@code treatment-confirmed} with the consultation's id
     * @throws AccessDeniedException a wrong password, a locked or disabled account, an account without the role
     *                               physician, or a physician who is not the consultation's
     * @throws DamagedStoreException  when the catalog's row of the consultation's lot cannot be read (its expiry
     *                               cannot be checked), naming the lot, the damage and its repair
     */
    public ConsentSession.ConfirmedBy confirmTreatment(String account, char[] password, ConsentSession draft)
            throws StoreException {
        require(Permission.CONSULT);
        try {
            Accounts.Account a = authenticate(account == null ? "" : account.strip(), password, null);
            return confirmAs(a.name(), a.roles().contains(Role.PHYSICIAN) ? a.physicianLicence() : null, draft);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * The physician signed in (on the command line: {@code exoconsent confirm}) confirms the treatment of a prepared
     * consultation: they entered their own password to sign in. Refused, as {@link #confirmTreatment} refuses.
     *
     * @return the confirmation to keep in the session; audited as {@code treatment-confirmed}
     */
    public ConsentSession.ConfirmedBy confirmTreatmentAsSignedIn(ConsentSession draft) throws StoreException {
        require(Permission.CONSULT);
        try {
            return confirmAs(who.name(), who.physicianLicence(), draft);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * The confirmation by {@code account}, whose password was checked: refused (and the refusal audited) unless it
     * is a physician's account ({@code licence} not null) with the consultation's physician's licence, and an active
     * physician of the catalog.
     */
    private ConsentSession.ConfirmedBy confirmAs(String account, String licence, ConsentSession draft)
            throws StoreException, SQLException {
        if (licence == null) {
            audit("treatment-confirmation-refused", draft.id(), Json.of("account", account, "reason",
                    "not a physician"));
            throw new AccessDeniedException(account + ": only a physician can confirm a treatment; this account has "
                    + "no physician's role or licence; the consultation's physician confirms it with their own "
                    + "password");
        }
        ConsentSession.Physician chosen = draft.physician();
        if (chosen == null || !licence.equals(chosen.licenceNumber())) {
            audit("treatment-confirmation-refused", draft.id(), Json.of("account", account, "reason",
                    "another physician"));
            throw new AccessDeniedException(account + ": is the physician with licence " + licence + ", but this "
                    + "consultation's physician is " + (chosen == null ? "not chosen" : chosen.name() + " (licence "
                    + chosen.licenceNumber() + ")") + "; the physician who explains and signs confirms the treatment");
        }
        Catalog.Physician inCatalog = stores.catalog().physicians().stream()
                .filter(x -> x.licenceNumber().equals(licence) && x.active()).findFirst()
                .orElseThrow(() -> new AccessDeniedException(account + ": licence " + licence
                        + " is not an active physician of the clinic's catalog; an administrator adds the physician "
                        + "to it (exoconsent catalog add-physician, or the administration screen) or corrects the "
                        + "account's licence (exoconsent users set-roles)"));
        if (draft.treatment() != null && draft.treatment().product() != null && draft.treatment().lot() != null) {
            Catalog.Lot lot;
            try { // before the explanation, not after the signatures: a lot whose expiry cannot be read (issue 17)
                lot = catalogLot(draft, "consultation " + draft.id() + ": treatment.lot: the treatment cannot be "
                        + "confirmed on lot ");
            } catch (DamagedStoreException e) {
                audit("treatment-confirmation-refused", draft.id(), Json.of("account", account, "reason",
                        "lot unreadable (damaged)"));
                throw e;
            }
            // a lot that has expired by the clinic's date (the store's clock): registered for a recall, never used
            // (attack review of 2026-12-03: a session file naming a past consultation was confirmed on one)
            java.time.LocalDate today = clinicClock().today();
            if (lot != null && lot.expiry().isBefore(today)) {
                audit("treatment-confirmation-refused", draft.id(), Json.of("account", account, "reason",
                        "lot expired"));
                throw new RefusedException("consultation " + draft.id() + ": treatment.lot: the expiry date of lot "
                        + lot.number() + " of product '" + lot.product() + "', " + lot.expiry() + ", has passed (the "
                        + "clinic's date is " + today + "); an expired lot is not used for a treatment: choose a lot "
                        + "that has not expired; nothing was confirmed");
            }
        }
        String language = draft.template() == null || draft.template().language() == null ? Catalog.CATALOG_LANGUAGE
                : draft.template().language();
        refuseUnwrittenLanguage(draft, language);
        return confirmed(account, licence, inCatalog.name(language), draft);
    }

    /**
     * Refuses to start a consultation in a language the clinic has not written its texts in (issue 12 §2, "never a
     * mixed-language document"): the clinic's, the consultation's physician's and product's texts must exist in the
     * catalog, and the session's own copies of them must be in that language ({@link CompletenessCheck#languageProblems}).
     * The refusal names every missing text and who adds it where; nothing is changed.
     */
    private void refuseUnwrittenLanguage(ConsentSession s, String language) throws StoreException, SQLException {
        if (Catalog.CATALOG_LANGUAGE.equals(language)) {
            return;
        }
        String licence = s.physician() == null ? null : s.physician().licenceNumber();
        String product = s.treatment() == null || s.treatment().product() == null ? null
                : s.treatment().product().listedAs();
        List<Catalog.MissingText> missing = catalog().missingTexts(language, licence, product);
        List<String> problems = new ArrayList<>(CompletenessCheck.languageProblems(s));
        if (!missing.isEmpty()) {
            problems.add(0, MissingTexts.refusal(language, missing));
        }
        if (!problems.isEmpty()) {
            audit("treatment-confirmation-refused", s.id(), Json.of("reason", "texts missing in " + language));
            throw new RefusedException("consultation " + s.id() + " in " + Catalog.languageName(language)
                    + " refused; nothing was changed:\n  - " + String.join("\n  - ", problems));
        }
    }

    /**
     * Audits {@code treatment-confirmed} with the treatment confirmed and the account that prepared the consultation
     * (the draft's {@code preparedBy}, or, when nobody else prepared it, the confirming physician, as {@code exoconsent
     * confirm} then writes), and returns the confirmation.
     */
    private ConsentSession.ConfirmedBy confirmed(String account, String licence, String name, ConsentSession draft)
            throws StoreException {
        ClinicClock cc = clinicClock();
        Instant now = cc.instant();
        String preparedBy = draft.preparedBy() != null && draft.preparedBy().account() != null
                ? draft.preparedBy().account() : account;
        if (who == null) {
            throw new AccessDeniedException("not signed in");
        }
        // the session's confirmedBy.at is the entry's own time, by which recording finds the entry it names
        appendAudit(now, "treatment-confirmed", draft.id(), confirmationDetails(account, licence, draft.treatment(),
                preparedBy));
        return new ConsentSession.ConfirmedBy(account, name, licence, cc.at(now));
    }

    /**
     * What a {@code treatment-confirmed} entry records: who, the treatment as it was confirmed, and (since issue 14)
     * who prepared the consultation; {@code preparedBy} null gives the form of earlier releases, without it.
     */
    private static String confirmationDetails(String account, String licence, ConsentSession.Treatment t,
                                              String preparedBy) {
        String route = t == null || t.route() == null ? null : Ids.of(t.route());
        String lot = t == null || t.lot() == null ? null : t.lot().number();
        return preparedBy == null
                ? Json.of("physician", account, "licence", licence, "indication", t == null ? null : t.indication(),
                        "route", route, "lot", lot, "sessions", t == null ? null : t.sessions())
                : Json.of("physician", account, "licence", licence, "indication", t == null ? null : t.indication(),
                        "route", route, "lot", lot, "sessions", t == null ? null : t.sessions(), "preparedBy",
                        preparedBy);
    }

    /**
     * What differs between a {@code treatment-confirmed} entry's details ({@code confirmed}, the one the session names
     * by its time) and the confirmation its session needs ({@code expected}, from {@link #confirmationDetails}), as
     * "lot: A when yamada confirmed it, B now; …", for the refusal of a consultation changed after its confirmation
     * (README trial of issue 17: the refusal said only "no confirmation … for this treatment"); null when nothing
     * named differs or the details cannot be read.
     */
    private static String changedSinceConfirmation(String confirmed, String expected) {
        com.fasterxml.jackson.databind.JsonNode then;
        com.fasterxml.jackson.databind.JsonNode now;
        try {
            then = Json.read(confirmed);
            now = Json.read(expected);
        } catch (RuntimeException e) {
            return null;
        }
        String who = then.path("physician").asText("?");
        List<String> changes = new ArrayList<>();
        for (String field : List.of("physician", "licence", "indication", "route", "lot", "sessions", "preparedBy")) {
            if (!then.has(field)) {
                continue; // an entry of an earlier release names no preparation
            }
            String was = then.get(field).isNull() ? "none" : then.get(field).asText();
            String is = now.path(field).isMissingNode() || now.path(field).isNull() ? "none" : now.get(field).asText();
            if (!was.equals(is)) {
                changes.add((field.equals("preparedBy") ? "prepared by" : field) + ": " + was + " when " + who
                        + " confirmed it, " + is + " now");
            }
        }
        return changes.isEmpty() ? null : String.join("; ", changes);
    }

    /**
     * The account of the physician who confirmed {@code draft}'s treatment, checked by their own password (like a
     * sign-in: failures count towards the lockout and are audited): the one check behind every record a physician
     * makes for the PDF with their password (a minor's assent reason, a section explained again, the note that the
     * patient would not sign the informed refusal).
     *
     * @param refused        the audit action written when another account gives its password
     * @param refusedDetails the details of that entry, from the account's name
     * @param does           what only the confirming physician does, for the refusal's message
     * @throws AccessDeniedException a wrong password, or an account that is not the confirming physician's
     */
    private Accounts.Account confirmingPhysician(String account, char[] password, ConsentSession draft,
                                                 String refused,
                                                 java.util.function.Function<String, String> refusedDetails,
                                                 String does) throws StoreException, SQLException {
        Accounts.Account a = authenticate(account == null ? "" : account.strip(), password, null);
        ConsentSession.ConfirmedBy c = draft.confirmedBy();
        if (!a.roles().contains(Role.PHYSICIAN) || c == null || !a.name().equals(c.account())) {
            audit(refused, draft.id(), refusedDetails.apply(a.name()));
            throw new AccessDeniedException(a.name() + ": only the physician who confirmed the treatment ("
                    + (c == null ? "none yet" : c.account()) + ") " + does);
        }
        return a;
    }

    /**
     * The physician records, with their own password, why a minor patient does not sign their assent (issue 11 §3):
     * the reason is printed in the PDF as the physician's record, so staff cannot enter it for them.
     *
     * @param account  the physician's account: the one who confirmed the treatment
     * @param password their password (checked like a sign-in)
     * @param draft    the consultation (its confirmation names the physician)
     * @param reason   what the physician records, as typed (the completeness rules check it)
     * @return the record to keep in the session, timed by this store's clock; audited as
     *         {@code assent-reason-recorded}
     * @throws AccessDeniedException a wrong password, or an account that is not the confirming physician's
     */
    public ConsentSession.AssentNotSigned recordAssentReason(String account, char[] password, ConsentSession draft,
                                                             String reason) throws StoreException {
        require(Permission.CONSULT);
        try {
            Accounts.Account a = confirmingPhysician(account, password, draft, "assent-reason-refused",
                    name -> Json.of("account", name), "records why the patient does not sign");
            audit("assent-reason-recorded", draft.id(), Json.of("physician", a.name(), "reason", reason));
            return new ConsentSession.AssentNotSigned(reason == null ? null : reason.strip(), a.name(),
                    clinicClock().now());
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * The physician confirms, with their own password, that they explained a section again in person after the
     * patient answered its check question wrongly a third time (issue 16 §7; rule C5 of docs/SESSION.md): printed in
     * the PDF as the physician's record, so staff cannot enter it for them.
     *
     * @param account  the physician's account: the one who confirmed the treatment
     * @param password their password (checked like a sign-in: failures count towards the lockout and are audited)
     * @param draft    the consultation (its confirmation names the physician)
     * @param section  the section explained again
     * @param question the check question answered wrongly (for the audit entry)
     * @return the record to keep on the wrong answer, timed by this store's clock (the clinic's zone); audited as
     *         {@code section-explained-again}
     * @throws AccessDeniedException a wrong password, or an account that is not the confirming physician's (audited
     *                               {@code section-explained-again-refused})
     */
    public ConsentSession.ExplainedAgain recordExplainedAgain(String account, char[] password, ConsentSession draft,
                                                              String section, String question)
            throws StoreException {
        require(Permission.CONSULT);
        try {
            Accounts.Account a = confirmingPhysician(account, password, draft, "section-explained-again-refused",
                    name -> Json.of("account", name, "section", section),
                    "confirms that they explained the section again");
            ConsentSession.ConfirmedBy c = draft.confirmedBy();
            // one reading of the clock for the entry and the session, so that recording can match them
            Instant now = clock.instant();
            auditRepairs();
            audited(() -> auditLog.appendTracked(now, actor, "section-explained-again", draft.id(), Json.of(
                    "physician", a.name(), "section", section, "question", question)));
            return new ConsentSession.ExplainedAgain(section, a.name(), c.name(), c.licenceNumber(),
                    java.time.OffsetDateTime.ofInstant(now, clinicClock().zone()));
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * The physician records, with their own password, that the patient would not sign the informed refusal (issue
     * 16 §5), as {@link #recordAssentReason} records a minor's reason: only the physician who confirmed the
     * treatment; audited {@code refusal-not-signed} (or {@code refusal-note-refused}) with the note.
     *
     * @throws AccessDeniedException for a wrong password or another account than the confirming physician's
     */
    public org.exoconsent.consent.InformedRefusal.WouldNotSign recordRefusalNote(String account, char[] password,
                                                                                 ConsentSession draft, String note)
            throws StoreException {
        require(Permission.CONSULT);
        try {
            Accounts.Account a = confirmingPhysician(account, password, draft, "refusal-note-refused",
                    name -> Json.of("account", name), "records that the patient would not sign");
            // one reading of the clock for the entry and the note, so that recording can match them
            Instant now = clock.instant();
            auditRepairs();
            audited(() -> auditLog.appendTracked(now, actor, "refusal-not-signed", draft.id(), Json.of(
                    "physician", a.name(), "note", note)));
            return new org.exoconsent.consent.InformedRefusal.WouldNotSign(note == null ? null : note.strip(),
                    a.name(), java.time.OffsetDateTime.ofInstant(now, clinicClock().zone()));
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * Refuses a session (schema 2) whose confirming physician is not an account of this clinic with the role
     * physician and the licence the session names, or whose last consent is not the patient's recorded consent
     * with that date and template version (call from the store's thread).
     */
    public void refuseUnknownConfirmation(ConsentSession s, String source) throws SessionException, StoreException {
        require(Permission.CONSULT);
        try {
            ConsentSession.ConfirmedBy c = s.confirmedBy();
            if (c != null && c.account() != null) {
                Accounts.Row row = stores.accounts().find(c.account());
                if (row == null || !row.account().name().equals(c.account()) || !row.account().active()
                        || !row.account().roles().contains(Role.PHYSICIAN)
                        || !java.util.Objects.equals(row.account().physicianLicence(), c.licenceNumber())) {
                    throw new SessionException(source, List.of("confirmedBy.account: '" + c.account() + "' is not "
                            + "an active physician's account with licence " + c.licenceNumber() + " in this clinic"));
                }
            }
            if (c != null && c.account() != null) {
                // the proof that the physician entered their password for this consultation and this treatment:
                // the store's own entry, never a claim in a session file
                // since issue 14 the entry also names who prepared the consultation, so a session file cannot
                // credit the preparation to another account; an entry of an earlier release has no such name
                String prepared = s.preparedBy() == null ? null : s.preparedBy().account();
                String expected = confirmationDetails(c.account(), c.licenceNumber(), s.treatment(),
                        prepared == null ? c.account() : prepared);
                String earlier = confirmationDetails(c.account(), c.licenceNumber(), s.treatment(), null);
                List<AuditLog.Entry> confirmations = auditEntries("treatment-confirmed", s.id()); // newest first
                List<AuditLog.Entry> matching = confirmations.stream().filter(e -> expected.equals(e.details())
                        || earlier.equals(e.details())).toList();
                // the confirmation the session names, by its time (within CONFIRMATION_TIME_SLACK: before issue 17
                // the entry was stamped moments after the session's confirmedBy.at), else the newest
                AuditLog.Entry named = confirmations.stream().filter(e -> withinSlack(c.at(), e.at())).findFirst()
                        .orElse(confirmations.isEmpty() ? null : confirmations.get(0));
                if (matching.isEmpty()) {
                    String changed = named == null ? null : changedSinceConfirmation(named.details(), expected);
                    if (changed != null) {
                        throw new SessionException(source, List.of("confirmedBy: the consultation was changed "
                                + "after its confirmation (" + changed + "); the patient is explained and signs the "
                                + "treatment the physician confirmed: record the consultation with that treatment, "
                                + "or start it again from its preparation so that the physician confirms the "
                                + "changed treatment before the explanation"));
                    }
                    throw new SessionException(source, List.of("confirmedBy: the audit trail records no confirmation "
                            + "of consultation " + s.id() + " by " + c.account() + " for this treatment"
                            + (prepared == null ? "" : " prepared by " + prepared) + "; the "
                            + "physician confirms the treatment with their own password before the explanation (in "
                            + "the app, or: exoconsent confirm --session FILE on the prepared session, before anyone "
                            + "acknowledges or signs); a session whose explanation has begun is not confirmed any "
                            + "more: start the consultation again from its preparation"));
                }
                // the consultation confirmed for another treatment too: the session's must be the confirmation it
                // names by its time (README trial of issue 17: a changed treatment confirmed again after the patient
                // had signed was taken, and the PDF printed the first confirmation's time)
                if (matching.size() < confirmations.size()
                        && matching.stream().noneMatch(e -> withinSlack(c.at(), e.at()))) {
                    AuditLog.Entry other = named != null && !matching.contains(named) ? named
                            : confirmations.stream().filter(e -> !matching.contains(e)).findFirst().orElseThrow();
                    throw new SessionException(source, List.of("confirmedBy: consultation " + s.id() + " was "
                            + "confirmed at " + c.at() + " for another treatment ("
                            + java.util.Objects.requireNonNullElse(changedSinceConfirmation(other.details(),
                            expected), "other details") + "), and this treatment at "
                            + matching.get(0).at() + " (UTC), not at the time the session names; the patient "
                            + "is explained and signs the treatment the physician confirmed before the explanation: "
                            + "start the consultation again from its preparation"));
                }
            }
            refuseUnauditedExplanations(s, source);
            ConsentSession.PreparedBy p = s.preparedBy();
            if (p != null && p.account() != null) {
                Accounts.Row row = stores.accounts().find(p.account());
                if (row == null || !row.account().name().equals(p.account())) {
                    throw new SessionException(source, List.of("preparedBy.account: '" + p.account() + "' is not "
                            + "an account of this clinic"));
                }
            }
            ConsentSession.LastConsent l = s.lastConsent();
            if (l != null && l.documentId() != null) {
                RecordsIndex.Indexed r = stores.recordsIndex().find(l.documentId());
                String number = s.patient() == null ? null : s.patient().patientNumber();
                if (r == null || !"consent".equals(r.kind()) || !Identifiers.same(r.patientNumber(), number)) {
                    throw new SessionException(source, List.of("lastConsent.documentId: '" + l.documentId()
                            + "' is not a recorded consent of patient " + number));
                }
                java.time.LocalDate day = consultationDay(r);
                if (!day.equals(l.date()) || !r.templateVersion().equals(l.templateVersion())) {
                    throw new SessionException(source, List.of("lastConsent: the records say consent "
                            + l.documentId() + " was signed on " + day + " with template version "
                            + r.templateVersion() + ", not on " + l.date() + " with " + l.templateVersion()));
                }
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * Refuses a session whose check-question answers claim a second explanation by the physician ({@code
     * explainedAgain}, rule C5 of docs/SESSION.md, issue 16 §7) that the store did not audit: each needs the store's
     * own {@code section-explained-again} entry on the consultation's id with the same physician's account and
     * section, at the same time (compared to the coarser of the two texts' precisions), and must name the confirming
     * physician ({@code confirmedBy}: account, name and licence number). A claim in a session file is never proof that
     * the physician entered their password. Each entry proves one explanation.
     *
     * @throws SessionException naming the question, the attempt and the section
     */
    private void refuseUnauditedExplanations(ConsentSession s, String source) throws SessionException, SQLException {
        List<AuditLog.Entry> entries = null;
        Set<Long> used = new HashSet<>();
        ConsentSession.ConfirmedBy c = s.confirmedBy();
        for (int i = 0; i < s.checkQuestions().size(); i++) {
            ConsentSession.CheckQuestionAnswers q = s.checkQuestions().get(i);
            for (int j = 0; q != null && j < q.answers().size(); j++) {
                ConsentSession.Answer a = q.answers().get(j);
                ConsentSession.ExplainedAgain e = a == null ? null : a.explainedAgain();
                if (e == null) {
                    continue;
                }
                String f = "quiz[" + i + "].answers[" + j + "].explainedAgain";
                String what = " (question '" + q.question() + "', section '" + e.section() + "')";
                if (c == null || !java.util.Objects.equals(c.account(), e.account())
                        || !java.util.Objects.equals(c.name(), e.name())
                        || !java.util.Objects.equals(c.licenceNumber(), e.licenceNumber())) {
                    throw new SessionException(source, List.of(f + ": names " + e.name() + " (account " + e.account()
                            + ", licence " + e.licenceNumber() + "), not the physician who confirmed the treatment"
                            + (c == null ? " (none)" : " (" + c.name() + ", account " + c.account() + ", licence "
                            + c.licenceNumber() + ")") + what));
                }
                if (entries == null) {
                    entries = auditEntries("section-explained-again", s.id());
                }
                AuditLog.Entry match = auditedClaim(entries, used, e.account(), e.at(),
                        d -> java.util.Objects.equals(e.section(), d.path("section").asText(null)));
                if (match == null) {
                    throw new SessionException(source, List.of(f + ": the audit trail records no second explanation "
                            + "of consultation " + s.id() + " by " + e.account() + " at " + e.at() + what + "; the "
                            + "physician confirms it with their own password in the app when the patient answers "
                            + "wrongly a third time"));
                }
                used.add(match.seq());
            }
        }
    }

    /** The audit entries of {@code action} on {@code subject} (a consultation's id), newest first. */
    private List<AuditLog.Entry> auditEntries(String action, String subject) throws SQLException {
        List<AuditLog.Entry> found = new ArrayList<>();
        stores.auditTrail().newestFirst(List.of(new AuditTrailStore.Kind(action, subject)), found::add);
        return found;
    }

    /**
     * The first of {@code entries} not in {@code used} that backs a physician's claim in a session file: written for
     * {@code physician} (its {@code physician} detail) at {@code at} ({@link #sameTime}) and whose details also pass
     * {@code more}; or null. What re-explanations and the informed refusal's note are held against at recording.
     */
    private static AuditLog.Entry auditedClaim(List<AuditLog.Entry> entries, Set<Long> used, String physician,
                                               java.time.OffsetDateTime at,
                                               java.util.function.Predicate<com.fasterxml.jackson.databind.JsonNode>
                                                       more) {
        for (AuditLog.Entry en : entries) {
            var d = Json.read(en.details());
            if (!used.contains(en.seq()) && java.util.Objects.equals(physician, d.path("physician").asText(null))
                    && sameTime(at, en.at()) && more.test(d)) {
                return en;
            }
        }
        return null;
    }

    /**
     * How far a session's {@code confirmedBy.at} may lie from the time of the {@code treatment-confirmed} entry it
     * names: an entry of an earlier release was stamped moments after the session's time (two readings of the clock);
     * since issue 17 both are one reading. A later confirmation (of a treatment changed after the explanation) lies
     * further away and is not the one the session names.
     */
    static final java.time.Duration CONFIRMATION_TIME_SLACK = java.time.Duration.ofSeconds(5);

    /** Whether an audit entry's time ({@link Instant#toString}) lies within {@link #CONFIRMATION_TIME_SLACK} of {@code at}. */
    private static boolean withinSlack(java.time.OffsetDateTime at, String audited) {
        if (at == null || audited == null) {
            return false;
        }
        try {
            return java.time.Duration.between(at.toInstant(), Instant.parse(audited)).abs()
                    .compareTo(CONFIRMATION_TIME_SLACK) <= 0;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /**
     * Whether a session's time and an audit entry's time ({@link Instant#toString}) are the same instant, to the
     * coarser of the two precisions (a text without fraction: the second; otherwise as many digits as it has).
     */
    private static boolean sameTime(java.time.OffsetDateTime session, String audited) {
        if (session == null || audited == null) {
            return false;
        }
        Instant b;
        try {
            b = Instant.parse(audited);
        } catch (java.time.format.DateTimeParseException x) {
            return false;
        }
        Instant a = session.toInstant();
        int dot = audited.indexOf('.');
        int digits = dot < 0 ? 0 : audited.length() - dot - 2;
        int sessionDigits = a.getNano() == 0 ? 0 : a.getNano() % 1_000_000 == 0 ? 3 : a.getNano() % 1_000 == 0 ? 6 : 9;
        long unit = (long) Math.pow(10, 9 - Math.min(digits, sessionDigits));
        return a.getEpochSecond() == b.getEpochSecond() && a.getNano() / unit == b.getNano() / unit;
    }

    /**
     * Refuses a consent of a returning patient that does not show what changed (issue 11 §4): when the records hold
     * an earlier consent of the same patient number signed with a version the template lists material changes
     * since, the session must name that consent as {@code lastConsent} (the completeness check then requires the
     * "changes since" section to be acknowledged). Call from the store's thread.
     */
    public void refuseUnseenChanges(ConsentSession s, ConsentTemplate t, String source)
            throws SessionException, StoreException {
        require(Permission.CONSULT);
        if (s.lastConsent() != null || s.patient() == null || s.patient().patientNumber() == null
                || s.template() == null || t.format() < 3 || t.language(s.template().language()).isEmpty()) {
            return;
        }
        try {
            // ０００１２３ is patient 000123
            RecordsIndex.Indexed last = stores.recordsIndex().lastConsentOf(s.patient().patientNumber());
            if (last != null && !last.id().equals(s.id())) {
                String version = last.templateVersion();
                if (!t.materialChangesSince(version, s.template().language()).isEmpty()) {
                    java.time.LocalDate day = consultationDay(last);
                    throw new SessionException(source, List.of("lastConsent: missing; patient "
                            + s.patient().patientNumber() + " gave consent " + last.id() + " on " + day
                            + " with template version " + version + ", and the text has changed materially "
                            + "since: the patient first reads what changed (name that consent in lastConsent "
                            + "and have the section 'changes-since' acknowledged)"));
                }
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * The clinic's day of a record's consultation, whatever the offset it was stored with.
     *
     * @throws DamagedRow when the stored consultation_at is no time (changed with SQL): named with its repair, which
     *                    the caller's {@link #dbFailure} turns into a {@link DamagedStoreException}, never a raw
     *                    {@code DateTimeParseException}
     */
    private java.time.LocalDate consultationDay(RecordsIndex.Indexed r) throws SQLException, StoreException {
        return clinicClock().day(DamagedRow.offsetTime(r.consultationAt(), "record " + r.id(), "record", r.id(),
                "consultation_at", SqlRecordsIndex.CONSULTATION_AT_REPAIR));
    }

    /** The clinic's day of a time the index holds as ISO text (consultation_at), whatever its offset. */
    private java.time.LocalDate clinicDay(String isoTime) throws StoreException {
        return clinicClock().day(java.time.OffsetDateTime.parse(isoTime));
    }

    /**
     * What {@link #record} stored.
     *
     * @param id       the record's id
     * @param pdf      the signed PDF as a file to open or print: the data directory's own file, or on a shared store a
     *                 copy removed when the program ends (never a place to tell someone to look later)
     * @param document how messages name the stored document: its file in the data directory, or its row in the
     *                 shared store ({@link DocumentArchive#describe})
     * @param sha256   the PDF's SHA-256, hex
     * @param size     the PDF's size in bytes
     */
    public record Recorded(String id, Path pdf, String document, String sha256, long size) {
    }

    /**
     * Checks, renders, signs, archives, indexes and audits one consent session.
     *
     * @param source how to name the session in messages (usually its file)
     */
    public Recorded record(ConsentSession s, ConsentTemplate t, SigningKey key, String source)
            throws SessionException, StoreException {
        refuseBeforeRecording(s, t, source);
        requireRegisteredSigner(key, source + ": the signing key", null);
        return commit(prepare(s, t, key, source));
    }

    /**
     * Every check that needs the records, before a session is rendered and recorded: a new document id, a template
     * the library holds (not corrected), a lot of the catalog, a renewal of the same patient's consent, the
     * preparing and confirming accounts, and the patient's last consent (call from the store's thread; the app's
     * {@link #record} and the command line's batch both use it).
     */
    public void refuseBeforeRecording(ConsentSession s, ConsentTemplate t, String source)
            throws SessionException, StoreException {
        require(Permission.CONSULT);
        refuseIfRecorded(s, source);
        refuseUnusableTemplate(t, source);
        refuseUnknownLot(s, source);
        refuseOtherPhysician(s, source);
        refuseBadLink(s, source);
        refuseUnknownConfirmation(s, source);
        refuseUnseenChanges(s, t, source);
    }

    /**
     * A consent checked, rendered and signed, ready to be archived by {@link #commit}; {@code signer} is the SHA-256
     * fingerprint of the signing certificate ({@code AB:CD:…}, as {@code keys show} prints it), which the
     * {@code created} entry records (whichever key signed: the data directory's or a {@code --keystore}).
     */
    public record Prepared(ConsentSession session, ConsentTemplate template, byte[] pdf, String source,
                           String signer) {
    }

    /**
     * The slow, stateless half of recording: checks the session and renders and signs the PDF. Safe to call from
     * several threads at once; touches neither the archive nor the index.
     */
    public Prepared prepare(ConsentSession s, ConsentTemplate t, SigningKey key, String source)
            throws SessionException, StoreException {
        require(Permission.CONSULT);
        if (s.id() == null || !DraftStore.SAFE_ID.matcher(s.id()).matches()) {
            throw new SessionException(source, List.of("id: '" + s.id() + "' cannot name a record: use letters, "
                    + "digits, '.', '_' and '-' (at most 100)"));
        }
        ConsentDocuments docs = documents();
        ConsentDocuments.Unsigned u = docs.render(s, t, source);
        refuseSigner(registered(key), key, u.checkedAt(), source + ": the signing key", null); // the signing time
        return new Prepared(s, t, docs.sign(u, key), source,
                org.exoconsent.pdf.SigningKeys.fingerprint(key.certificate()));
    }

    /**
     * Refuses a session whose product and lot the clinic never registered in its catalog: a recall could not find
     * a patient whose lot is mistyped (call from the store's thread).
     *
     * @throws SessionException      naming {@code treatment.lot.number} for a lot the catalog does not hold, or
     *                               {@code treatment.lot.expiry} for an expiry other than the catalog's
     * @throws DamagedStoreException when the catalog's row of that lot cannot be read (its expiry changed outside the
     *                               product): its expiry cannot be checked, so nothing is recorded on it; the
     *                               message names the lot, the damage and its repair
     */
    public void refuseUnknownLot(ConsentSession s, String source) throws SessionException, StoreException {
        require(Permission.CONSULT);
        if (s.treatment() == null || s.treatment().product() == null || s.treatment().lot() == null) {
            return; // reported by the completeness check
        }
        String product = s.treatment().product().listedAs();
        String number = s.treatment().lot().number();
        try {
            Catalog.Lot lot = catalogLot(s, source + ": treatment.lot: nothing was recorded on lot ");
            java.util.Optional<String> lookAlike = Identifiers.mixedScriptProblem("treatment.lot.number", number);
            if (lot == null && lookAlike.isPresent()) { // LОТ-… with a Cyrillic О: say which letter is not Latin
                throw new SessionException(source, List.of(lookAlike.get()));
            }
            if (lot == null) {
                // a lot of another product, chosen with the wrong product (README trial of issue 17: the advice to
                // register it put one lot number under two products)
                List<String> holders = new ArrayList<>();
                for (Catalog.Product p : stores.catalog().products()) {
                    if (!p.name().equals(product) && lotOrNull(p.name(), number) != null) {
                        holders.add("'" + p.name() + "'");
                    }
                }
                if (!holders.isEmpty()) {
                    throw new SessionException(source, List.of("treatment.lot.number: lot '" + number + "' is in the "
                            + "clinic's catalog for product " + String.join(", ", holders) + ", not for '" + product
                            + "': check the product and the lot of the treatment (see: exoconsent catalog show)"));
                }
                throw new SessionException(source, List.of("treatment.lot.number: lot '" + number + "' of product '"
                        + product + "' is not in the clinic's catalog (see: exoconsent catalog show); register it "
                        + "first with: exoconsent catalog add-lot"));
            }
            if (!lot.expiry().equals(s.treatment().lot().expiry())) {
                throw new SessionException(source, List.of("treatment.lot.expiry: " + s.treatment().lot().expiry()
                        + " differs from the catalog's expiry of lot " + number + " (" + lot.expiry() + ")"));
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /** The catalog's lot {@code number} of {@code product}, or null when it has none or its row cannot be read. */
    private Catalog.Lot lotOrNull(String product, String number) throws SQLException {
        try {
            return stores.catalog().lot(product, number);
        } catch (DamagedRow damaged) {
            return null;
        }
    }

    /**
     * The catalog's lot of the session's treatment (its product and lot number as {@link CatalogStore#lot} finds
     * them), or null when the catalog has none; the session must name both.
     *
     * @param refused how the refusal begins, the lot's number then following ("…: nothing was recorded on lot ")
     * @throws DamagedStoreException when the catalog's row of that lot cannot be read: its expiry cannot be checked,
     *                               so nothing is done on it (issue 17); the message names the lot, the damage and
     *                               its repair
     */
    private Catalog.Lot catalogLot(ConsentSession s, String refused) throws SQLException, DamagedStoreException {
        String product = s.treatment().product().listedAs();
        String number = s.treatment().lot().number();
        try {
            return stores.catalog().lot(product, number);
        } catch (DamagedRow damaged) {
            throw new DamagedStoreException(refused + number + " of product '" + product + "': the catalog's expiry "
                    + "of it cannot be read, so it cannot be checked; " + damaged.getMessage());
        }
    }

    /**
     * Refuses a session whose physician is not an active physician of the clinic's catalog (a licence typed wrong
     * or made up, or a physician no longer offered), and a physician's session under another physician's licence:
     * a person who consults as a physician only (not staff) records only the consents they explain and sign
     * themselves, under their own licence (issue 14 §4). Staff record for any active physician of the catalog.
     * The second refusal is audited ({@code access-refused}). Call from the store's thread.
     *
     * @throws SessionException naming {@code physician.licenceNumber} when the licence is not an active catalog
     *                          physician's
     * @throws AccessDeniedException when a physician records under another physician's licence
     */
    public void refuseOtherPhysician(ConsentSession s, String source) throws SessionException, StoreException {
        require(Permission.CONSULT);
        if (s.physician() == null || s.physician().licenceNumber() == null) {
            return; // reported by the completeness check
        }
        String licence = s.physician().licenceNumber();
        try {
            Catalog.Physician listed = stores.catalog().physician(licence);
            if (listed == null || !listed.active()) {
                throw new SessionException(source, List.of("physician.licenceNumber: '" + licence + "' is not "
                        + (listed == null ? "a physician of the clinic's catalog" : "an active physician of the "
                        + "clinic's catalog (set inactive)") + "; a consent is recorded only under an active "
                        + "physician of the catalog (see: exoconsent catalog show)"));
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        if (!who.has(Role.STAFF) && who.has(Role.PHYSICIAN) && !licence.equals(who.physicianLicence())) {
            auditRefusal(s.id() == null ? "consent" : s.id(), Json.of("refused", "recording under another "
                    + "physician's licence", "licence", licence));
            throw new AccessDeniedException(source + ": " + who.name() + " (physician, licence "
                    + who.physicianLicence() + ") records only their own consultations; this session's physician "
                    + "has licence " + licence + ". Nothing was recorded");
        }
    }

    /**
     * Refuses a re-consent whose {@code previousConsent} is not a recorded consent of the same patient (call from
     * the store's thread). The refusal names only the session's own patient, never the patient number of the
     * document it names (which may be another physician's patient).
     */
    public void refuseBadLink(ConsentSession s, String source) throws SessionException, StoreException {
        require(Permission.CONSULT);
        String previous = s.previousConsent();
        if (previous == null) {
            return;
        }
        try {
            RecordsIndex.Indexed r = stores.recordsIndex().find(previous);
            String number = s.patient() == null ? null : s.patient().patientNumber();
            // one answer whether the id is unknown, a withdrawal or another patient's: nothing of another
            // patient's record is told
            if (r == null || !"consent".equals(r.kind()) || !Identifiers.same(r.patientNumber(), number)) {
                throw new SessionException(source, List.of("previousConsent: '" + previous
                        + "' is not a recorded consent of patient " + number + " (the patient of this session)"));
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /** Refuses a session whose document id is already in the index (call from the store's thread). */
    public void refuseIfRecorded(ConsentSession s, String source) throws StoreException {
        require(Permission.CONSULT);
        try {
            if (s.id() != null && exists(s.id())) {
                throw new AlreadyRecordedException(source + ": document " + s.id() + " is already recorded; "
                        + "nothing was changed");
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * The durable half of recording, one at a time: writes the PDF into the archive (flushed to disk), then
     * indexes and audits it in one transaction.
     */
    public Recorded commit(Prepared p) throws StoreException {
        require(Permission.CONSULT);
        ConsentSession s = p.session();
        refuseIfRecorded(s, p.source());
        byte[] pdf = p.pdf();
        String sha = sha256(pdf);
        ClinicClock cc = clinicClock();
        Path rel = archiveAndIndex(s.id(), archiveFile(s, cc), pdf, p.source(), file -> {
            Instant now = cc.instant();
            Catalog.Physician listed = stores.catalog().physician(s.physician().licenceNumber());
            stores.recordsIndex().insertConsent(RecordsIndex.NewConsent.of(s, p.template(), listed != null
                    ? listed.name() : s.physician().name(), now, cc, file.toString(), sha, pdf.length, snapshot(s)));
            return auditLog.appendTracked(now, actor, "created", s.id(), Json.of("pdf",
                    file.toString(), "sha256", sha, "lot", s.treatment().lot().number(), "patient",
                    s.patient().patientNumber(), "renews", s.previousConsent(), "preparedBy",
                    s.preparedBy() == null ? null : s.preparedBy().account(), "confirmedBy",
                    s.confirmedBy() == null ? null : s.confirmedBy().account(), "signer", p.signer()));
        });
        return new Recorded(s.id(), stores.documents().file(archiveName(rel)), stores.documents().describe(archiveName(rel)), sha, pdf.length);
    }

    /**
     * Checks, renders, signs, archives, indexes and audits an informed refusal (issue 16 §5): the document kept when
     * the patient declined after the explanation. Refused before anything is written, naming the field: every rule of
     * {@link org.exoconsent.consent.CompletenessCheck#refusalProblems} (R1–R7 of docs/SESSION.md), a document id
     * already recorded, a consultation already recorded as a consent, a template version the library does not hold
     * (or holds corrected), a lot not in the catalog, a physician not active in it (or another physician's licence for
     * a physician's account), a confirming account that is not the physician's. Then stored as a consent is: intent
     * marker, PDF durably into the archive ({@code archive/YYYY/MM/<id>.pdf}, by the consultation day), index row
     * (kind {@code refusal}) and audit entry {@code refusal-recorded} in one transaction.
     *
     * @param source how to name the refusal in messages (usually its file)
     * @throws SessionException naming the field when the refusal is incomplete or refused
     * @throws StoreException   when the store refuses (busy, full, permission) or fails
     */
    public Recorded recordRefusal(org.exoconsent.consent.InformedRefusal r, ConsentTemplate t, SigningKey key,
                                  String source) throws SessionException, StoreException {
        require(Permission.CONSULT);
        if (r.id() == null || !DraftStore.SAFE_ID.matcher(r.id()).matches()) {
            throw new SessionException(source, List.of("id: '" + r.id() + "' cannot name a record: use letters, "
                    + "digits, '.', '_' and '-' (at most 100)"));
        }
        ConsentSession s = r.consultation();
        if (s == null) {
            throw new SessionException(source, List.of("consultation: missing (the consultation the patient "
                    + "declined)"));
        }
        try {
            if (exists(r.id())) {
                throw new AlreadyRecordedException(source + ": document " + r.id() + " is already recorded; "
                        + "nothing was changed");
            }
            if (s.id() != null && exists(s.id())) {
                throw new SessionException(source, List.of("consultation.id: consultation " + s.id() + " is "
                        + "already recorded as a document (a consent is not declined afterwards: record a "
                        + "withdrawal); nothing was changed"));
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        refuseUnusableTemplate(t, source);
        refuseUnknownLot(s, source);
        refuseOtherPhysician(s, source);
        refuseUnknownConfirmation(s, source);
        refuseUnauditedRefusalNote(r, source);
        requireRegisteredSigner(key, source + ": the signing key", null);
        ClinicClock cc = clinicClock();
        byte[] pdf = new org.exoconsent.pdf.ConsentDocuments("ExoConsent", cc).refusal(r, t, key, source);
        String signer = org.exoconsent.pdf.SigningKeys.fingerprint(key.certificate());
        String sha = sha256(pdf);
        Path rel = archiveAndIndex(r.id(), archiveFile(s.withId(r.id()), cc), pdf, source, file -> {
            Instant now = cc.instant();
            Catalog.Physician listed = stores.catalog().physician(s.physician().licenceNumber());
            stores.recordsIndex().insertRefusal(RecordsIndex.NewConsent.ofRefusal(r, t, listed != null
                    ? listed.name() : s.physician().name(), now, cc, file.toString(), sha, pdf.length, snapshot(r)));
            auditLog.appendTracked(now, actor, REFUSAL_RECORDED, r.id(), Json.of("document", r.id(),
                    "pdf", file.toString(), "sha256", sha, "consultation", s.id(), "lot",
                    s.treatment() == null || s.treatment().lot() == null ? null : s.treatment().lot().number(),
                    "patient", s.patient().patientNumber(), "patientSigned", r.patientSide().isPresent(),
                    "confirmedBy", s.confirmedBy() == null ? null : s.confirmedBy().account(), "signer", signer));
            // the consultation ends as declined with its refusal, in the same transaction (docs/SESSION.md C11, C13)
            return auditLog.appendTracked(now, actor, CONSULTATION_ENDED, s.id(), Json.of("reason", "declined",
                    "words", null, "by", actor, "at", cc.at(now).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                    "refusal", r.id(), "draft", "removed: the informed refusal was recorded"));
        });
        return new Recorded(r.id(), stores.documents().file(archiveName(rel)), stores.documents().describe(archiveName(rel)), sha, pdf.length);
    }

    /**
     * Refuses an informed refusal whose note that the patient would not sign ({@code patientWouldNotSign}, rule R3 of
     * docs/SESSION.md) the store did not audit: it needs the store's own {@code refusal-not-signed} entry on the
     * consultation's id, by the same physician's account, at the same time (to the coarser of the two texts'
     * precisions, as {@link #refuseUnauditedExplanations}), and the account must be the confirming physician's. A
     * claim in a refusal file is never proof that the physician entered their password.
     *
     * @throws SessionException naming {@code patientWouldNotSign}
     */
    private void refuseUnauditedRefusalNote(org.exoconsent.consent.InformedRefusal r, String source)
            throws SessionException, StoreException {
        org.exoconsent.consent.InformedRefusal.WouldNotSign w = r.patientWouldNotSign();
        if (w == null) {
            return;
        }
        ConsentSession s = r.consultation();
        ConsentSession.ConfirmedBy c = s.confirmedBy();
        if (c == null || !java.util.Objects.equals(c.account(), w.account())) {
            throw new SessionException(source, List.of("patientWouldNotSign.account: '" + w.account() + "' is not "
                    + "the physician who confirmed the treatment" + (c == null ? " (none)" : " (" + c.account()
                    + ")")));
        }
        AuditLog.Entry found;
        try {
            found = auditedClaim(auditEntries("refusal-not-signed", s.id()), Set.of(), w.account(), w.at(), d -> true);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        if (found == null) {
            throw new SessionException(source, List.of("patientWouldNotSign: the audit trail records no note of "
                    + "consultation " + s.id() + " by " + w.account() + " at " + w.at() + " that the patient would "
                    + "not sign; the physician records it with their own password in the app"));
        }
    }

    /**
     * The audit action of a consultation's end before a consent was recorded ({@code EndConsultation}); the store
     * writes it itself, reason {@code declined}, with a recorded informed refusal (subject: the consultation's id).
     */
    static final String CONSULTATION_ENDED = "consultation-ended";

    /** The audit action of a recorded informed refusal (issue 16 §5); its subject is the refusal's document id. */
    public static final String REFUSAL_RECORDED = "refusal-recorded";

    /** An informed refusal as the index's snapshot keeps it: its JSON without the signature images. */
    static String snapshot(org.exoconsent.consent.InformedRefusal r) {
        List<ConsentSession.Signature> sigs = r.signatures().stream()
                .map(x -> new ConsentSession.Signature(x.role(), x.name(), x.at(), null, x.strokes())).toList();
        return new String(org.exoconsent.consent.RefusalJson.write(r.withSignatures(sigs)),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Indexes an archived document and appends its audit entry, inside the transaction of {@link #archiveAndIndex}. */
    private interface IndexWork {
        AuditLog.Entry index(Path archived) throws SQLException;
    }

    /**
     * The one order every signed document is stored in: an intent marker, the PDF durably in the archive, then its
     * index row and audit entry in one transaction, the audit head, and the marker removed. A crash anywhere
     * leaves a complete record or none (and at most a file that start-up reports).
     */
    private Path archiveAndIndex(String id, Path wanted, byte[] pdf, String source, IndexWork work)
            throws StoreException {
        return archiveAndIndex(id, wanted, pdf, source, () -> { }, work);
    }

    /** What must still hold when a document's write begins, checked in its transaction; throws when it does not. */
    private interface StillSo {
        void check() throws SQLException, StoreException;
    }

    /**
     * As {@link #archiveAndIndex(String, Path, byte[], String, IndexWork)}, first checking in the write's
     * transaction (in the write lock) that {@code stillSo} holds: what the document was made from may have changed
     * while it was signed (attack review of issue 17: two withdrawals of one consent at once, the second failed with
     * the database's primary-key message and left its PDF as an orphan). Nothing is archived when it does not.
     */
    private Path archiveAndIndex(String id, Path wanted, byte[] pdf, String source, StillSo stillSo, IndexWork work)
            throws StoreException {
        DocumentArchive archive = stores.documents();
        Path[] rel = new Path[1];
        try {
            // all of it in SQLite's write lock (issue 15 §2): no other program writes between the marker and the
            // commit, and start-up recovery, which takes the lock too, never takes this marker for a crash's
            write(() -> {
                stillSo.check();
                try {
                    archive.intend(id, archiveName(wanted));
                    rel[0] = storeFile(wanted, pdf);
                } catch (IOException e) {
                    intentDone(id);
                    throw new StoreException(source + ": the signed PDF could not be written to " + archive.location()
                            + " (" + describe(e) + "); nothing was recorded", e);
                }
                return work.index(rel[0]);
            }, !archive.keepsIntents() ? null : entry -> {
                if (rel[0].equals(wanted)) {
                    intentDone(id);
                } // else the marker stays: it names the leftover of the interrupted attempt that made this take -N
            });
        } catch (SQLException e) {
            if (rel[0] == null) {
                throw dbFailure(e);
            }
            throw new StoreException(source + ": the record could not be indexed (" + e.getMessage() + "). The PDF "
                    + "stays in the archive as " + rel[0] + " and will be reported as an orphan; nothing else "
                    + "changed", e);
        }
        return rel[0];
    }

    /** archive/YYYY/MM/ID.pdf, by the consultation day in the clinic's calendar. */
    private static Path archiveFile(ConsentSession s, ClinicClock cc) {
        var day = cc.day(s.startedAt());
        return Path.of(String.format("%04d", day.getYear()), String.format("%02d", day.getMonthValue()),
                s.id() + ".pdf");
    }

    /** Writes a new archive file; a leftover of an interrupted earlier attempt is kept and a new name used. */
    private Path storeFile(Path rel, byte[] pdf) throws IOException {
        String base = rel.getFileName().toString().replaceAll("\\.pdf$", "");
        Path candidate = rel;
        for (int n = 2; n < 1000; n++) {
            try {
                stores.documents().put(archiveName(candidate), pdf);
                return candidate;
            } catch (FileAlreadyExistsException e) {
                // a leftover of an interrupted attempt (something else in the way is another failure of put)
                candidate = rel.resolveSibling(base + "-" + n + ".pdf");
            }
        }
        throw new IOException(stores.documents().file(archiveName(rel)).getParent() + " holds too many leftovers of "
                + base + "; run records verify");
    }

    /** The archive's name of a document's relative path ({@code /}-separated, as the index keeps it). */
    private static String archiveName(Path rel) {
        return rel.toString().replace('\\', '/');
    }

    /** Removes a recording's intent; one that cannot be removed stays and is looked at by the next start. */
    private void intentDone(String id) {
        try {
            stores.documents().done(id);
        } catch (IOException ignored) {
            // an intent left behind names nothing more than the interrupted attempt: start-up clears it
        }
    }

    /** Whether a document id is taken ({@link RecordsIndex#exists}). */
    private boolean exists(String id) throws SQLException {
        return stores.recordsIndex().exists(id);
    }

    /** {@code base}, or {@code base-2}, {@code base-3}, … : the first document id no document has taken. */
    private String freeId(String base) throws SQLException {
        return stores.recordsIndex().freeId(base);
    }

    /** The session as recorded, without the signature images (they are in the PDF). */
    static String snapshot(ConsentSession s) {
        List<ConsentSession.Signature> sigs = s.signatures().stream()
                .map(x -> new ConsentSession.Signature(x.role(), x.name(), x.at(), null, x.strokes())).toList();
        ConsentSession without = s.withSignatures(sigs);
        return new String(SessionJson.write(without), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * What interrupted recordings left, found cheaply at start-up from their intent markers: archive files that no
     * record points to. Markers of recordings that completed and left nothing behind are removed; one whose attempt
     * left a file (the session was then recorded under {@code <id>-N.pdf}) stays, naming that leftover. Looked at
     * in the write lock (issue 15 §2): a marker of another program's recording under way is never seen, since it
     * writes its marker, its PDF and its record in the lock.
     */
    public List<Path> interrupted() throws StoreException {
        try {
            if (!stores.documents().anyIntent()) {
                return new ArrayList<>(); // no marker: nothing to look at, and no lock taken
            }
        } catch (IOException e) {
            throw new StoreException(stores.documents().location() + ": its intents cannot be read: "
                    + e.getMessage(), e);
        }
        try {
            return writeUnaudited(this::interruptedLocked);
        } catch (BusyException e) {
            return new ArrayList<>(); // another program is writing for long: the next start looks again
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    private List<Path> interruptedLocked() throws StoreException {
        DocumentArchive archive = stores.documents();
        return interruptedNames().stream().map(archive::file).toList();
    }

    /** {@link #interruptedLocked}'s documents by archive name (none is read). */
    private List<String> interruptedNames() throws StoreException {
        List<String> found = new ArrayList<>();
        DocumentArchive archive = stores.documents();
        try {
            for (Map.Entry<String, String> marker : archive.intents().entrySet()) {
                String id = marker.getKey();
                Set<String> indexed = new HashSet<>(stores.recordsIndex().archivedPathsOf(id));
                List<String> attempts;
                try {
                    attempts = archive.attempts(marker.getValue());
                } catch (IllegalArgumentException e) {
                    continue; // names no document of the archive: no recording of ours wrote it, nothing is read
                }
                List<String> leftovers = attempts.stream().filter(f -> !indexed.contains(f)).toList();
                if (!indexed.isEmpty() && leftovers.isEmpty()) {
                    archive.done(id); // the recording completed and left nothing behind
                    continue;
                }
                found.addAll(leftovers); // kept while the leftover is there: it is an interrupted attempt's, not damage
            }
        } catch (IOException e) {
            throw new StoreException(archive.location() + ": its intents cannot be read: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        return found;
    }

    /**
     * Every file in the archive that no record points to (a full scan, done by {@link #verify}): left by an
     * interrupted recording or put there by hand; never part of a record. Each is named as a person may be shown it
     * ({@link DocumentArchive#shown}: quoted, control characters escaped, cut at 120 characters, with the archive's
     * place): a file put there by hand may have any name. No document is read.
     *
     * @return the orphans' names as shown, sorted by archive name
     */
    public List<String> orphans() throws StoreException {
        Set<String> known;
        try {
            known = read(this::archivedPaths);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        DocumentArchive archive = stores.documents();
        return orphans(known).stream().map(archive::shown).toList();
    }

    /** The archive paths the index points to (records and corrections), as the connection sees them. */
    private Set<String> archivedPaths() throws SQLException {
        return stores.recordsIndex().archivedPaths();
    }

    /**
     * The temporary files a write killed midway left in the archive or its intent markers' folder ({@link Durable}'s
     * {@code .incoming-N.tmp}; never part of a record). Such files are written only in SQLite's write lock, so one
     * found while this program holds it ({@code inLock}) is provably stale and is removed; otherwise they are only
     * named. Either way a note says so.
     */
    private void leftTemporaryFiles(List<String> notes, boolean inLock) throws StoreException {
        DocumentArchive archive = stores.documents();
        List<String> left;
        try {
            left = archive.temporaries();
        } catch (IOException e) {
            throw new StoreException(archive.location() + ": cannot be listed: " + e.getMessage(), e);
        }
        if (left.isEmpty()) {
            return;
        }
        List<String> removed = new ArrayList<>();
        if (inLock) {
            for (String f : left) {
                try {
                    archive.remove(f);
                    removed.add(f);
                } catch (IOException e) {
                    // named below as left
                }
            }
        }
        if (!removed.isEmpty()) {
            notes.add("removed " + removed.size() + " temporary file" + (removed.size() == 1 ? "" : "s") + " left "
                    + "by an interrupted write (never part of a record): " + removed.stream().map(archive::file)
                    .map(Path::toString).collect(java.util.stream.Collectors.joining(", ")));
        }
        List<Path> kept = left.stream().filter(f -> !removed.contains(f)).map(archive::file).toList();
        if (!kept.isEmpty()) {
            notes.add(kept.size() + " temporary file" + (kept.size() == 1 ? "" : "s") + " left by an interrupted "
                    + "write (never part of a record; removed by a verification while no other program writes): "
                    + kept.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", ")));
        }
    }

    /** The archive names no record points to (names only: no document is read, whatever its size). */
    private List<String> orphans(Set<String> known) throws StoreException {
        List<String> orphans = new ArrayList<>();
        DocumentArchive archive = stores.documents();
        try {
            for (String name : archive.list()) {
                if (!known.contains(name)) {
                    orphans.add(name);
                }
            }
        } catch (IOException e) {
            throw new StoreException(archive.location() + ": cannot be listed: " + e.getMessage(), e);
        }
        return orphans;
    }

    /** Progress of a long verification: records checked so far and how many there are. */
    public interface Progress {
        void update(long done, long total);
    }

    /**
     * The result of {@link #verify}.
     *
     * @param records           the records (consents, refusals, withdrawals) checked
     * @param corrections       the corrections checked (each a signed PDF of its own)
     * @param problems          every problem: damage, the exit code is 1
     * @param orphans           archive files no record points to, each named as a person may be shown it
     *                          ({@link DocumentArchive#shown}: quoted, escaped, cut at 120 characters)
     * @param notCrossCheckable records whose signed PDF carries no facts to hold the index against (signed before they
     *                          were embedded, issue 13 §1): their hash and signature were checked, their index fields
     *                          could not be. Neither intact nor damaged; not a problem.
     * @param notes             what could not be checked, or what the trail was checked against (not damage)
     */
    public record Verification(long records, long withdrawals, long corrections, List<String> problems,
                               List<String> orphans, List<String> notCrossCheckable, List<String> notes,
                               String notAudited) {
        public Verification {
            problems = List.copyOf(problems);
            orphans = List.copyOf(orphans);
            notCrossCheckable = List.copyOf(notCrossCheckable);
            notes = List.copyOf(notes);
        }

        /** A check whose {@code verified} entry was written. */
        public Verification(long records, long withdrawals, long corrections, List<String> problems,
                            List<String> orphans, List<String> notCrossCheckable, List<String> notes) {
            this(records, withdrawals, corrections, problems, orphans, notCrossCheckable, notes, null);
        }

        /**
         * What was checked, as reports say it: "3 records checked", or "2 records, 1 withdrawal and 1 correction
         * checked" ({@link #documents()}).
         */
        public String checked() {
            return documents() + " checked";
        }

        /**
         * The signed documents, counted as an export and a restore count them: "2 records, 1 withdrawal and 1
         * correction"; a record is a consent or an informed refusal (one row of an export), and a withdrawal or
         * correction, a document that refers to one, is counted apart (README trials of issue 17: verify counted a
         * withdrawal as a record and left corrections out, the export did neither, the restore counted both ways).
         */
        public String documents() {
            return counted(records, "record", withdrawals, corrections);
        }

        /** "2 records", "2 records and 1 correction", "2 records, 1 withdrawal and 1 correction". */
        static String counted(long records, String record, long withdrawals, long corrections) {
            List<String> parts = new ArrayList<>();
            parts.add(records + " " + record + (records == 1 ? "" : "s"));
            if (withdrawals > 0) {
                parts.add(withdrawals + " withdrawal" + (withdrawals == 1 ? "" : "s"));
            }
            if (corrections > 0) {
                parts.add(corrections + " correction" + (corrections == 1 ? "" : "s"));
            }
            return parts.size() == 1 ? parts.get(0) : String.join(", ", parts.subList(0, parts.size() - 1))
                    + " and " + parts.get(parts.size() - 1);
        }

        /**
         * Why this check's own {@code verified} audit entry could not be written (a full disk), or null when it was:
         * the report stands; the entry is not written later.
         */
        @Override
        public String notAudited() {
            return notAudited;
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * Re-hashes every archived PDF, checks every digital signature, the audit chain, its head and the clinic's
     * anchor, holds the accounts, settings, template versions and active template versions against the audit trail
     * ({@link AccountsAgainstTrail}, {@link SettingsAgainstTrail}, {@link TemplateVersionsAgainstTrail},
     * {@link ActiveTemplatesAgainstTrail}), and lists
     * orphan files. The check itself is recorded in the audit log.
     */
    public Verification verify(Progress progress) throws StoreException {
        return verify(progress, null);
    }

    /**
     * As {@link #verify(Progress)}, and also against the heads of another anchor file (e.g. a copy the clinic keeps
     * offline): a trail shorter than, or different from, any head it holds is a problem.
     *
     * @param otherAnchor an anchor file to check besides the clinic's own, or null
     */
    public Verification verify(Progress progress, Path otherAnchor) throws StoreException {
        require(Permission.VERIFY_RECORDS);
        return verifyEverything(progress, otherAnchor);
    }

    /**
     * The verification of {@code records verify} on a store a clinic was just moved into ({@link StoreMigration},
     * issue 17 §4), opened as {@code store-migrate} rather than as a signed-in account (whoever moves the clinic holds
     * its data directory and the store's application role already); audited {@code verified} as every check is. The
     * opening is closed afterwards.
     */
    static Verification verifyMoved(Source source, Clock clock) throws StoreException {
        try (RecordStore store = openUnchecked(source, clock, "store-migrate")) {
            return store.verifyEverything((done, total) -> { }, null);
        }
    }

    /**
     * The audit trail against the clinic's anchor and {@code otherAnchor}: problems for disagreements, notes for
     * what was checked or could not be.
     */
    private void checkAnchors(Path otherAnchor, List<String> problems, List<String> notes) throws SQLException {
        if (staged) {
            return;
        }
        String id = stores.settings().storeId();
        java.util.LinkedHashSet<Path> files = new java.util.LinkedHashSet<>();
        Path byTrail = Anchor.namedByTrail(stores.auditTrail());
        if (anchorDamage != null) {
            problems.add(anchorDamage);
            if (byTrail != null) {
                files.add(byTrail); // the file the trail last set is still checked
            }
        } else if (!java.util.Objects.equals(byTrail, anchorFile)) {
            problems.add("the anchor setting says " + (anchorFile == null ? "none" : anchorFile) + ", but the audit "
                    + "trail's last change of it set " + (byTrail == null ? "none" : byTrail) + ": the setting was "
                    + "changed outside the product");
            if (byTrail != null) {
                files.add(byTrail);
            }
        }
        if (anchorFile != null) {
            files.add(anchorFile);
        } else if (byTrail == null && anchorDamage == null) {
            notes.add("no anchor is set: a trail recomputed, cut with its head file, or rolled back as a whole "
                    + "cannot be detected; an administrator sets one on another disk or share: exoconsent settings "
                    + "set anchor FILE");
        }
        if (otherAnchor != null) {
            files.add(otherAnchor.toAbsolutePath().normalize());
        }
        for (Path f : files) {
            List<Anchor.Line> lines;
            try {
                lines = Anchor.read(f);
            } catch (NoSuchFileException ex) {
                if (f.equals(otherAnchor == null ? null : otherAnchor.toAbsolutePath().normalize())) {
                    problems.add("anchor " + f + ": no such file");
                } else {
                    notes.add("the anchor " + f + " cannot be reached: the trail was not checked against it");
                }
                continue;
            } catch (IOException ex) {
                problems.add("anchor " + (ex instanceof Anchor.Malformed ? ex.getMessage() : f + ": cannot be read: "
                        + ex.getMessage()));
                continue;
            }
            Anchor.Comparison compared = Anchor.compare(stores.auditTrail(), f, lines, id);
            List<String> found = compared.problems();
            problems.addAll(found);
            notes.addAll(compared.notes());
            if (found.isEmpty()) {
                notes.add(lines.isEmpty() ? "the anchor " + f + " holds no head yet"
                        : "checked against the anchor " + f + ": " + lines.size() + " head" + (lines.size() == 1
                        ? "" : "s") + ", the newest entry " + lines.get(lines.size() - 1).seq() + " anchored "
                        + lines.get(lines.size() - 1).at());
            }
        }
    }

    /**
     * records verify, beside other programs (issue 15 §2): every fact of the database is read in one read
     * transaction (one snapshot), so the count and the problems are those of one moment, whatever is recorded
     * meanwhile; what is held against files outside the database — the head file, the anchor, the archive's files
     * no record points to, the intent markers — is then checked against a fresh read in the write lock, taken for
     * moments ({@link #crossCheck}), so that a record another program committed during the run is not taken for
     * damage. The verification's own audit entry is written last.
     */
    private Verification verifyEverything(Progress progress, Path otherAnchor) throws StoreException {
        List<String> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> notCrossCheckable = new ArrayList<>();
        verifyNotices.clear();
        long[] counted = new long[1];
        long[] counts = new long[2]; // corrections, withdrawals
        try {
            writeUnaudited(() -> stores.settings().storeId()); // made once, before the snapshot (a write: in the lock)
            read(() -> {
                counted[0] = verifySnapshot(counts, progress, problems, notCrossCheckable, notes);
                return null;
            });
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        long done = counted[0];
        List<String> orphans = new ArrayList<>(); // archive names: any name a file put there by hand has
        Set<String> interrupted = new HashSet<>();
        try {
            try {
                writeUnaudited(() -> {
                    crossCheck(otherAnchor, problems, notes, orphans, interrupted, true);
                    return null;
                });
            } catch (BusyException e) {
                // another program held the write lock longer than the busy timeout: checked in a fresh read
                // instead, the record it is writing may then show as an interrupted recording's file
                read(() -> {
                    crossCheck(otherAnchor, problems, notes, orphans, interrupted, false);
                    return null;
                });
                notes.add("another program was writing for long: the archive's files and the head were checked "
                        + "without waiting for it");
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        DocumentArchive archive = stores.documents();
        for (String o : orphans) {
            // a partial write (Durable's temporary file) or a PDF whose intent marker names it: a recording that
            // was interrupted, not a record
            // (only a folder archive has such files: on PostgreSQL a row under that name was put in with SQL, and
            // is counted like any other orphan; review of issue 17)
            boolean partialWrite = archive instanceof FolderArchive
                    && o.substring(o.lastIndexOf('/') + 1).matches("\\.incoming-\\d+\\.tmp");
            if (!interrupted.contains(o) && !partialWrite) {
                problems.add("document " + archive.shown(o) + ": this file is in the archive but no record points to "
                        + "it, and no interrupted "
                        + "recording left it (no intent marker): a record's index row was lost or removed (the "
                        + "database rolled back?), or the file was put there by hand");
            }
        }
        String notAudited = null;
        try { // the report stands even when its own entry cannot be written (a full disk: issue 14 §4)
            appendAudit("verified", "records", Json.of("records", done, "problems", problems.size(), "orphans",
                    orphans.size(), "notCrossCheckable", notCrossCheckable.size()));
        } catch (StoreException e) {
            notAudited = e.getMessage();
        }
        verifyNotices.forEach(fp -> notes.add("documents signed before this data directory registered its signing "
                + "keys (on upgrade) by key " + fp + ", which was never registered: their signatures are intact, but "
                + "not cross-checkable against the clinic's registered keys"));
        return new Verification(done - counts[1], counts[1], counts[0], problems, orphans.stream().map(archive::shown).toList(),
                notCrossCheckable, notes, notAudited);
    }

    /**
     * In the write lock, for moments, against a fresh read: the head file and the anchors against the trail, the
     * archive's files against the index, and the intent markers. Another program's write is then either committed
     * (its record, head and anchor written) or not begun: nothing of it is seen half done.
     */
    private void crossCheck(Path otherAnchor, List<String> problems, List<String> notes, List<String> orphans,
                            Set<String> interrupted, boolean inLock) throws SQLException, StoreException {
        String head = auditLog.headProblem();
        if (head != null) {
            problems.add(head);
        }
        if (!staged) {
            try {
                anchorFile = stores.settings().read().anchor();
            } catch (IllegalStateException ex) {
                // another setting is unusable (said where it is used); the anchor stays as it was read
            }
        }
        checkAnchors(otherAnchor, problems, notes);
        leftTemporaryFiles(notes, inLock);
        orphans.addAll(orphans(archivedPaths()));
        interrupted.addAll(interruptedNames());
    }

    /** The database's facts of {@link #verifyEverything}, in its snapshot; returns the index's rows checked, and in
     *  {@code counts} the corrections checked ([0]) and the withdrawals among the rows ([1]). */
    private long verifySnapshot(long[] counts, Progress progress, List<String> problems, List<String> notCrossCheckable,
                                List<String> notes) throws SQLException, StoreException {
        long total;
        long done = 0;
        {
            total = stores.recordsIndex().countAll();
            SignedFactsCheck facts = new SignedFactsCheck(stores.catalog().physicians());
            // the archive's files are read, hashed and their signatures checked on every core; what needs the
            // database (the signer against the registered keys, the index against the signed facts) stays on this
            // thread, in the records' order
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads,
                    r -> {
                        Thread t = new Thread(r, "records-verify");
                        t.setDaemon(true);
                        return t;
                    });
            try {
                java.util.ArrayDeque<Map.Entry<RecordsIndex.FactsRow,
                        java.util.concurrent.Future<FileCheck>>> ahead = new java.util.ArrayDeque<>();
                long[] checked = {0};
                // each row's file is checked ahead on the pool, at most 8 per core at a time: the rows stream
                stores.recordsIndex().eachFactsRow(row -> {
                    if ("withdrawal".equals(row.kind())) {
                        counts[1]++;
                    }
                    ahead.add(Map.entry(row, pool.submit(() -> checkFileBytes(row.id(), row.pdfPath(),
                            row.pdfSha256(), row.pdfSize()))));
                    if (ahead.size() >= 8 * threads) {
                        factsOfNext(ahead, facts, problems);
                        progress.update(++checked[0], total);
                    }
                });
                while (!ahead.isEmpty()) {
                    factsOfNext(ahead, facts, problems);
                    progress.update(++checked[0], total);
                }
                done = checked[0];
            } finally {
                pool.shutdownNow();
            }
            problems.addAll(auditLog.verifyChain()); // the head file: in crossCheck, against a fresh read
            problems.addAll(recordsAgainstTrail());
            problems.addAll(facts.finish());
            problems.addAll(stores.catalog().lotKeyProblems()); // lot.number_key, as facts checks the records' keys
            notCrossCheckable.addAll(facts.notCrossCheckable());
            problems.addAll(Corrections.verify(stores.recordsIndex(), stores.documents(), this::checkFile));
            counts[0] = stores.recordsIndex().corrections().size();
            problems.addAll(KeyRegistry.againstTrail(stores.signingKeys()));
            // the accounts and the settings as the trail leaves them (attack review of issue 17, F1 and F8)
            AccountsAgainstTrail.check(stores.accounts(), stores.auditTrail(), problems, notes);
            SettingsAgainstTrail.check(stores.settings(), stores.auditTrail(), problems);
            for (Accounts.Account a : stores.accounts().list()) { // a row's value that cannot be read, named
                if (a.damage() != null) {
                    problems.add(a.damage());
                }
            }
            ActiveTemplatesAgainstTrail.check(stores.templateVersions(), stores.auditTrail(), problems);
            versionFileProblems(stores, problems, true);
            problems.addAll(stores.templateVersions().checkCorrections());
            problems.addAll(stores.templateVersions().activationTimeProblems()); // read by no other command
            // each version's row against its 'template-added' entry: one put in with SQL is named (issue 17)
            problems.addAll(TemplateVersionsAgainstTrail.problems(stores.templateVersions(), stores.auditTrail()));
        }
        return done;
    }

    /** The oldest file check under way: waited for, its signer checked, and its row held against its facts. */
    private void factsOfNext(java.util.ArrayDeque<Map.Entry<RecordsIndex.FactsRow,
            java.util.concurrent.Future<FileCheck>>> ahead, SignedFactsCheck facts, List<String> problems)
            throws StoreException {
        var next = ahead.poll();
        FileCheck fc;
        try {
            fc = next.getValue().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("records verify was interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new StoreException("records verify failed: " + e.getCause(), e.getCause());
        }
        String problem = fc.problem();
        if (problem == null) {
            String signer = signerProblem(fc.checked().report());
            problem = signer == null ? null : fc.name() + ": " + signer;
        }
        if (problem != null) {
            problems.add(problem);
        }
        facts.record(next.getKey().columns(), problem == null ? fc.checked() : null);
    }

    /**
     * The index against the audit trail (issue 13 §1): every consent has its {@code created} entry, and every
     * withdrawal its {@code withdrawn} entry, with the SHA-256 the index holds; every such entry has its record; and
     * a consent is withdrawn exactly when a withdrawal document refers to it. An index row added, removed or edited
     * in place with {@code sqlite3} shows here even when its PDF is intact.
     *
     * @return one problem per disagreement, naming the record
     */
    private List<String> recordsAgainstTrail() throws SQLException {
        Map<String, String> trail = new java.util.HashMap<>(); // document id → SHA-256 the trail recorded
        List<String> problems = new ArrayList<>();
        stores.auditTrail().newestFirst(List.of(AuditTrailStore.Kind.of("created"), AuditTrailStore.Kind.of(
                "withdrawn"), AuditTrailStore.Kind.of("corrected"), AuditTrailStore.Kind.of(REFUSAL_RECORDED)), e -> {
            com.fasterxml.jackson.databind.JsonNode d = Json.read(e.details());
            String id = e.action().equals("created") || e.action().equals(REFUSAL_RECORDED) ? e.subject()
                    : d.path("document").asText(null);
            String sha = d.path("sha256").asText(null);
            if (id != null && trail.put(id, sha) != null) {
                problems.add(id + ": the audit trail records this document twice");
            }
            return true;
        });
        Map<String, String> withdrawnBy = new java.util.HashMap<>(); // consent id → withdrawal id
        List<String[]> consents = new ArrayList<>();
        stores.recordsIndex().eachDocument(r -> {
            String id = r.id();
            String inTrail = trail.remove(id);
            if (inTrail == null) {
                problems.add(id + ": the index holds this record but the audit trail never recorded it "
                        + "(no '" + ("consent".equals(r.kind()) ? "created" : "refusal".equals(r.kind())
                        ? REFUSAL_RECORDED : "withdrawn") + "' entry)");
            } else if (!inTrail.equalsIgnoreCase(r.pdfSha256())) {
                problems.add(id + ": the index's SHA-256 " + r.pdfSha256() + " is not the one the audit trail "
                        + "recorded (" + inTrail + ")");
            }
            if ("withdrawal".equals(r.kind()) && r.refersTo() != null) {
                withdrawnBy.put(r.refersTo(), id);
            } else if ("consent".equals(r.kind())) {
                consents.add(new String[] {id, r.status()});
            }
        });
        for (String[] c : consents) {
            boolean withdrawn = "withdrawn".equals(c[1]);
            if (withdrawn != withdrawnBy.containsKey(c[0])) {
                problems.add(c[0] + ": the index says '" + c[1] + "', but " + (withdrawn
                        ? "no withdrawal document refers to it" : "withdrawal " + withdrawnBy.get(c[0])
                        + " refers to it"));
            }
        }
        Corrections.againstTrail(stores.recordsIndex(), trail, problems);
        for (String missing : new java.util.TreeSet<>(trail.keySet())) {
            problems.add(missing + ": the audit trail recorded this document, but the index has no record of it");
        }
        return problems;
    }

    /**
     * Checks one record: its archived PDF against the index and its digital signature, and its index entry against
     * the facts its signed PDF carries, with the documents its status depends on (the withdrawals that refer to a
     * consent; a withdrawal's consent) and the corrections that refer to a consent. Returns null when intact (a record
     * signed before documents carried their facts is checked for hash and signature only), else the problems, joined
     * by "; ". Audited.
     */
    public String verifyOne(String id) throws StoreException {
        require(Permission.VIEW_RECORDS);
        archived(id); // refuses a record that does not exist or is another physician's
        List<String> problems = new ArrayList<>();
        try {
            SignedFactsCheck facts = new SignedFactsCheck(stores.catalog().physicians());
            for (RecordsIndex.FactsRow row : stores.recordsIndex().factsRowsAround(id)) {
                SignatureVerifier.Checked[] checked = new SignatureVerifier.Checked[1];
                String problem = checkFile(row.id(), row.pdfPath(), row.pdfSha256(), row.pdfSize(),
                        c -> checked[0] = c);
                if (problem != null) {
                    problems.add(problem);
                }
                facts.record(row.columns(), checked[0]);
            }
            problems.addAll(facts.finish());
            // a consent's corrections
            problems.addAll(Corrections.verify(stores.recordsIndex(), stores.documents(), this::checkFile, id));
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        String problem = problems.isEmpty() ? null : String.join("; ", problems);
        appendAudit("verified", id, Json.of("intact", problem == null));
        return problem;
    }

    /** The archived PDF of a record, to open or print; audited as a view of the record. */
    public Path pdf(String id) throws StoreException {
        require(Permission.VIEW_RECORDS);
        Path pdf = archivedFile(id, archived(id).path());
        appendAudit("record-opened", id, "{}");
        return pdf;
    }

    /**
     * The file of a record's archived PDF, to open, print or name.
     *
     * @throws StoreException when the index names no document of the archive (a path climbing out of it, changed
     *                        outside the product): nothing outside the archive is ever read or given
     */
    private Path archivedFile(String id, String rel) throws StoreException {
        try {
            return stores.documents().file(rel);
        } catch (IllegalArgumentException e) {
            throw new StoreException("record " + id + ": " + notADocument(rel) + "; nothing was read (run records "
                    + "verify)");
        }
    }

    /** What a record's problem says of an index row whose PDF path names no document of the archive. */
    private static String notADocument(String rel) {
        return "the index names '" + rel + "' as its PDF, which is no document of the archive (its row was changed "
                + "outside the product)";
    }

    /** Where a record's PDF is and what it must hash to. */
    private record Archived(String path, String sha256, long size) {
    }

    /** The index entry of one record the signed-in person may reach (a physician: their own patients'). */
    private Archived archived(String id) throws StoreException {
        try {
            RecordsIndex.Indexed r = stores.recordsIndex().find(id);
            if (r == null) {
                throw new RefusedException(id + ": no such record");
            }
            refuseOthersRecord(id, r.physicianLicence());
            return new Archived(r.pdfPath(), r.pdfSha256(), r.pdfSize());
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /** A physician may reach only their own patients' records. */
    private void refuseOthersRecord(String id, String licence) throws AccessDeniedException {
        if (who.ownRecordsOnly() != null && !who.ownRecordsOnly().equals(licence)) {
            auditRefusal(id, Json.of("refused", "another physician's record"));
            throw new AccessDeniedException(who.name() + " (physician) may reach only their own patients' records; "
                    + id + " is another physician's: that physician or a manager does this. Nothing was changed");
        }
    }

    private String checkFile(String id, String rel, String sha, long size) {
        return checkFile(id, rel, sha, size, null);
    }

    /**
     * One archived PDF read, hashed against the index and its signature checked, with the facts it carries: the
     * part of a record's verification that needs no database, so that it runs on every core.
     *
     * @param name    how problems name the record
     * @param problem the file's problem, or null when it is intact (then {@code checked} holds its signature and
     *                facts, for the signer's and the facts' checks)
     */
    private record FileCheck(String name, String problem, SignatureVerifier.Checked checked) {
    }

    private FileCheck checkFileBytes(String id, String rel, String sha, long size) {
        String f;
        try {
            f = stores.documents().describe(rel); // named, not copied: a shared store's document stays in it
        } catch (IllegalArgumentException e) {
            String name = "record " + id;
            return new FileCheck(name, name + ": " + notADocument(rel), null);
        }
        String name = "record " + id + " (" + f + ")";
        byte[] bytes;
        try {
            // a link or another account's file put in a month folder is refused by the archive (attack review of
            // issue 14) and named here
            bytes = stores.documents().read(rel);
        } catch (DocumentArchive.NotTheDocument e) {
            return new FileCheck(name, name + ": " + e.getMessage(), null);
        } catch (DocumentArchive.NotADocumentName e) { // inside the archive, but not YYYY/MM/ID.pdf
            return new FileCheck(name, name + ": " + notADocument(rel), null);
        } catch (NoSuchFileException e) {
            return new FileCheck(name, name + ": the archived PDF is missing", null);
        } catch (IOException e) {
            return new FileCheck(name, name + ": the archived PDF cannot be read: " + e.getMessage(), null);
        }
        if (bytes.length != size || !sha256(bytes).equals(sha)) {
            return new FileCheck(name, name + ": the archived PDF was altered (its SHA-256 no longer matches the "
                    + "index)", null);
        }
        SignatureVerifier.Checked checked = SignatureVerifier.verifyWithFacts(bytes);
        if (!checked.report().intact()) {
            return new FileCheck(name, name + ": the digital signature is not intact: " + String.join("; ",
                    checked.report().problems()), null);
        }
        return new FileCheck(name, null, checked);
    }

    /**
     * @param intact given the facts the PDF carries when it is intact (and so they are signed); null to skip
     *               reading them
     */
    private String checkFile(String id, String rel, String sha, long size,
                             java.util.function.Consumer<SignatureVerifier.Checked> intact) {
        FileCheck fc = checkFileBytes(id, rel, sha, size);
        if (fc.problem() != null) {
            return fc.problem();
        }
        String signer = signerProblem(fc.checked().report());
        if (signer != null) {
            return fc.name() + ": " + signer;
        }
        if (intact != null) {
            intact.accept(fc.checked());
        }
        return null;
    }

    /**
     * Whether a document's (intact) signature is by one of the clinic's registered keys, within its period
     * ({@link KeyRegistry#signerProblem}); null when it is. A document signed by an unregistered key before this
     * data directory registered its keys (on upgrade) is noted in {@link #verifyNotices}, not counted as damage.
     */
    private String signerProblem(SignatureReport r) {
        try {
            String p = KeyRegistry.signerProblem(stores.signingKeys(), r, clinicClock());
            if (p != null && r.signedAt() != null && stores.signingKeys().find(r.fingerprint()) == null) {
                Instant start = stores.signingKeys().registryStartOnUpgrade();
                if (start != null && r.signedAt().isBefore(start)) {
                    verifyNotices.add(r.fingerprint());
                    return null;
                }
            }
            return p;
        } catch (SQLException | StoreException e) {
            return "its signing key cannot be checked against the registered keys: " + e.getMessage();
        }
    }

    /** Fingerprints of keys never registered that signed documents before the registry began (see above). */
    private final java.util.Set<String> verifyNotices = new java.util.TreeSet<>();

    /** The record a withdrawal or a correction refers to, as the index holds it. */
    private record Original(String kind, String status, String snapshot, String sha256) {
    }

    /**
     * The record a withdrawal or correction refers to.
     *
     * @throws RefusedException when there is no such record
     * @throws AccessDeniedException when it is another physician's patient's and a physician is signed in
     */
    private Original original(String id) throws StoreException {
        try {
            RecordsIndex.Indexed r = stores.recordsIndex().find(id);
            if (r == null) {
                throw new RefusedException(id + ": no such record; nothing was changed");
            }
            refuseOthersRecord(id, r.physicianLicence());
            return new Original(r.kind(), r.status(), r.snapshot(), r.pdfSha256());
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * Checks a withdrawal before any key is loaded or anything is signed: the permission, the consent (its
     * physician's or a manager's), its status, the date, reason, receiver and signature image. The same checks
     * {@link #withdraw} makes; they read the store and write nothing (but the audited refusal of another physician's
     * patient's record).
     *
     * @throws RefusedException       naming the record or field, as {@link #withdraw}
     * @throws ConflictException      when the consent was already withdrawn
     * @throws AccessDeniedException when the person may not withdraw it
     */
    public void checkWithdrawal(String originalId, java.time.LocalDate date, String reason, String receivedBy,
                                String signaturePng) throws StoreException {
        withdrawalChecked(originalId, date, reason, receivedBy, signaturePng, clinicClock().instant());
    }

    /** A consent a withdrawal or correction refers to: its recorded session and its PDF's SHA-256. */
    private record OriginalConsent(ConsentSession session, String sha256) {
    }

    /** @param now the time the withdrawal is recorded at: its date may not be later than that day */
    private OriginalConsent withdrawalChecked(String originalId, java.time.LocalDate date, String reason,
                                              String receivedBy, String signaturePng, Instant now)
            throws StoreException {
        require(Permission.WITHDRAW);
        Original o = original(originalId);
        String kind = o.kind();
        String status = o.status();
        String snapshot = o.snapshot();
        String originalSha = o.sha256();
        if (!"consent".equals(kind)) {
            throw new RefusedException(originalId + ": is " + ("refusal".equals(kind) ? "an informed refusal"
                    : "a withdrawal") + ", not a consent; nothing was changed");
        }
        if ("withdrawn".equals(status)) {
            throw new ConflictException(originalId + ": this consent was already withdrawn; nothing was changed",
                    null);
        }
        ConsentSession original;
        try {
            original = SessionJson.read(snapshot.getBytes(java.nio.charset.StandardCharsets.UTF_8), originalId);
        } catch (SessionException e) {
            throw new StoreException(originalId + ": the recorded snapshot cannot be read: " + e.getMessage(), e);
        }
        ClinicClock cc = clinicClock();
        java.time.OffsetDateTime recordedAt = cc.at(now);
        List<String> problems = new ArrayList<>();
        if (date == null) {
            problems.add("date: missing");
        } else if (date.isBefore(cc.day(original.startedAt()))) {
            problems.add("date: " + date + " is before the consent was given (" + cc.day(original.startedAt())
                    + ")");
        } else if (date.isAfter(recordedAt.toLocalDate())) {
            problems.add("date: " + date + " is in the future");
        }
        if (reason == null || reason.isBlank()) {
            problems.add("reason: missing (write \"not given\" if the patient gave none)");
        }
        if (receivedBy == null || receivedBy.isBlank()) {
            problems.add("received by: missing (the staff member who received the withdrawal)");
        }
        org.exoconsent.pdf.PrintableText.fieldProblem("reason", reason, true).ifPresent(problems::add);
        org.exoconsent.pdf.PrintableText.fieldProblem("received by", receivedBy, false).ifPresent(problems::add);
        if (signaturePng != null) {
            String p = org.exoconsent.consent.CompletenessCheck.imageProblem(signaturePng);
            if (p != null) {
                problems.add("signature: " + p);
            }
        }
        if (!problems.isEmpty()) {
            throw new RefusedException("withdrawal of " + originalId + " refused; nothing was changed:\n  - "
                    + String.join("\n  - ", problems));
        }
        return new OriginalConsent(original, originalSha);
    }

    /**
     * Records a withdrawal of consent (同意撤回): a new signed document that refers to the original, which stays
     * untouched except that its status becomes "withdrawn".
     *
     * @param signaturePng the patient's or representative's signature as base64 PNG, or null (e.g. by telephone)
     */
    public Recorded withdraw(String originalId, java.time.LocalDate date, String reason, String receivedBy,
                             String signaturePng, SigningKey key) throws StoreException {
        // one reading of the clock for the check of the date and the time recorded (attack review: a clock stepped
        // back between two readings signed a withdrawal dated the day after its own recording)
        ClinicClock cc = clinicClock();
        Instant now = cc.instant();
        OriginalConsent checked = withdrawalChecked(originalId, date, reason, receivedBy, signaturePng, now);
        ConsentSession original = checked.session();
        String originalSha = checked.sha256();
        java.time.OffsetDateTime recordedAt = cc.at(now);
        refuseSigner(registered(key), key, now, "withdrawal of " + originalId + ": the signing key", null);
        String id;
        try {
            id = freeId(originalId + "-withdrawal"); // a consent recorded under that id must not block this one
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        org.exoconsent.consent.Withdrawal w = new org.exoconsent.consent.Withdrawal(id, original, originalSha, date,
                reason.strip(), receivedBy.strip(), recordedAt, signaturePng);
        byte[] pdf = org.exoconsent.pdf.PdfSigner.sign(new org.exoconsent.pdf.WithdrawalPdfRenderer("ExoConsent", cc)
                .render(w), key, recordedAt, "Withdrawal of consent " + originalId, original.clinic().name());
        String sha = sha256(pdf);
        Path rel0 = Path.of(String.format("%04d", date.getYear()), String.format("%02d", date.getMonthValue()),
                id + ".pdf");
        Path rel = archiveAndIndex(id, rel0, pdf, id, () -> {
            RecordsIndex.Indexed now0 = stores.recordsIndex().find(originalId);
            if (now0 != null && "withdrawn".equals(now0.status())) {
                throw new ConflictException(originalId + ": this consent was withdrawn meanwhile (on another device "
                        + "or by another program); nothing was changed", null);
            }
            if (stores.recordsIndex().find(id) != null) {
                throw new ConflictException(id + ": was recorded meanwhile (on another device or by another "
                        + "program); nothing was changed: try again", null);
            }
        }, file -> {
            stores.recordsIndex().insertWithdrawal(id, originalId, now, recordedAt, file.toString(), sha, pdf.length,
                    Json.of("withdraws", originalId, "date", date.toString(), "reason", reason.strip(),
                            "receivedBy", receivedBy.strip(), "signed", signaturePng != null));
            return auditLog.appendTracked(now, actor, "withdrawn", originalId, Json.of("document", id,
                    "pdf", file.toString(), "sha256", sha, "date", date.toString(), "signer",
                    org.exoconsent.pdf.SigningKeys.fingerprint(key.certificate())));
        });
        return new Recorded(id, stores.documents().file(archiveName(rel)), stores.documents().describe(archiveName(rel)), sha, pdf.length);
    }

    /**
     * Checks a correction before any key is loaded or anything is signed: the permission, the consent (its
     * physician's or a manager's), the field, the value, the reason and the receiver. The same checks
     * {@link #correct} makes; they read the store and write nothing (but the audited refusal of another physician's
     * patient's record).
     *
     * @throws RefusedException       naming the record, field or value, as {@link #correct}
     * @throws AccessDeniedException when the person may not correct it
     */
    public void checkCorrection(String originalId, String field, String value, String reason, String receivedBy)
            throws StoreException {
        correctionChecked(originalId, field, value, reason, receivedBy);
    }

    /** The value a field of consent {@code originalId} holds now: its newest correction's, else the consent's. */
    private String currentValue(String originalId, org.exoconsent.consent.Correction.Field f) throws SQLException {
        List<Corrections.Entry> earlier = stores.recordsIndex().correctionsOf(originalId).stream()
                .filter(e -> e.field() == f).toList();
        return earlier.isEmpty() ? stores.recordsIndex().indexedValue(originalId, f)
                : earlier.get(earlier.size() - 1).after();
    }

    /** A checked correction: the consent, the field, the value before and after, and the correction's free id. */
    private record CorrectionFacts(ConsentSession session, String sha256, org.exoconsent.consent.Correction.Field field,
                                   String before, String after, String id) {
    }

    private CorrectionFacts correctionChecked(String originalId, String field, String value, String reason,
                                              String receivedBy) throws StoreException {
        require(Permission.WITHDRAW);
        Original o = original(originalId);
        String kind = o.kind();
        String snapshot = o.snapshot();
        String originalSha = o.sha256();
        if (!"consent".equals(kind)) {
            throw new RefusedException(originalId + ": is a " + kind + " document, not a consent: a correction refers "
                    + "to the consent; nothing was changed");
        }
        org.exoconsent.consent.Correction.Field f = org.exoconsent.consent.Correction.Field.of(field).orElseThrow(() ->
                new RefusedException("correction of " + originalId + " refused; nothing was changed: field '" + field
                        + "' cannot be corrected; a correction changes one of " + org.exoconsent.consent.Correction
                        .Field.keys() + " (a mistyped name or contact detail; a wrong date of birth, treatment, "
                        + "product, lot or physician changes what was signed: record a withdrawal and a new "
                        + "consent)"));
        List<String> problems = new ArrayList<>();
        f.valueProblem(value).ifPresent(problems::add);
        if (problems.isEmpty()) {
            org.exoconsent.pdf.PrintableText.fieldProblem(f.key(), value, false).ifPresent(problems::add);
        }
        if (reason == null || reason.isBlank()) {
            problems.add("reason: missing (what was wrong, e.g. \"digits swapped when typed\")");
        } else if (reason.strip().codePointCount(0, reason.strip().length())
                > org.exoconsent.consent.CompletenessCheck.MAX_REASON_CHARACTERS) {
            problems.add("reason: at most " + org.exoconsent.consent.CompletenessCheck.MAX_REASON_CHARACTERS
                    + " characters");
        }
        if (receivedBy == null || receivedBy.isBlank()) {
            problems.add("received by: missing (the staff member who received the correction)");
        }
        org.exoconsent.pdf.PrintableText.fieldProblem("reason", reason, false).ifPresent(problems::add);
        org.exoconsent.pdf.PrintableText.fieldProblem("received by", receivedBy, false).ifPresent(problems::add);
        ConsentSession original;
        try {
            original = SessionJson.read(snapshot.getBytes(java.nio.charset.StandardCharsets.UTF_8), originalId);
        } catch (SessionException e) {
            throw new StoreException(originalId + ": the recorded snapshot cannot be read: " + e.getMessage(), e);
        }
        String before;
        String id;
        try {
            before = currentValue(originalId, f);
            id = freeId(Corrections.nextId(stores.recordsIndex(), originalId));
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        String after = value == null ? null : value.strip();
        if (problems.isEmpty() && after.equals(before)) {
            problems.add(f.key() + ": '" + after + "' is the value the record already holds; there is nothing to "
                    + "correct");
        }
        if (!problems.isEmpty()) {
            throw new RefusedException("correction of " + originalId + " refused; nothing was changed:\n  - "
                    + String.join("\n  - ", problems));
        }
        return new CorrectionFacts(original, originalSha, f, before, after, id);
    }

    /**
     * Records a correction of a patient's detail the clinic mistyped (issue 13 §1): a new signed document, in the
     * consent's language, that refers to the consent (its id and PDF SHA-256), names the field, the value before
     * (the consent's, or the previous correction's of that field) and after, the reason, who received it and when;
     * its facts embedded ({@code exoconsent-correction.json}). Archived, indexed in {@code correction} and audited
     * {@code corrected}; the consent's row and PDF are not touched. Permission as a withdrawal's (a physician for
     * their own patients, a manager).
     *
     * @param field one of {@link org.exoconsent.consent.Correction.Field#keys()}, e.g. {@code patient.phone}
     * @throws RefusedException naming the record, field or value, nothing written: an unknown record, a withdrawal
     *                          document, an unknown field, an unchanged value, a value the wizard would refuse or
     *                          that cannot be printed, a missing reason or receiver
     * @throws KeyRefusedException when the key is not a registered, current signing key
     */
    public Recorded correct(String originalId, String field, String value, String reason, String receivedBy,
                            SigningKey key) throws StoreException {
        CorrectionFacts checked = correctionChecked(originalId, field, value, reason, receivedBy);
        ConsentSession original = checked.session();
        String originalSha = checked.sha256();
        org.exoconsent.consent.Correction.Field f = checked.field();
        String before = checked.before();
        String after = checked.after();
        String id = checked.id();
        ClinicClock cc = clinicClock();
        Instant now = cc.instant();
        java.time.OffsetDateTime recordedAt = cc.at(now);
        refuseSigner(registered(key), key, now, "correction of " + originalId + ": the signing key", null);
        org.exoconsent.consent.Correction c = new org.exoconsent.consent.Correction(id, original, originalSha, f,
                before, after, reason.strip(), receivedBy.strip(), recordedAt);
        byte[] pdf = org.exoconsent.pdf.PdfSigner.sign(new org.exoconsent.pdf.CorrectionPdfRenderer("ExoConsent", cc)
                .render(c), key, recordedAt, "Correction of consent " + originalId, original.clinic().name());
        String sha = sha256(pdf);
        java.time.LocalDate day = recordedAt.toLocalDate();
        Path rel0 = Path.of(String.format("%04d", day.getYear()), String.format("%02d", day.getMonthValue()),
                id + ".pdf");
        Path rel = archiveAndIndex(id, rel0, pdf, id, () -> {
            String beforeNow = currentValue(originalId, f);
            if (!java.util.Objects.equals(beforeNow, before)
                    || !freeId(Corrections.nextId(stores.recordsIndex(), originalId)).equals(id)) {
                throw new ConflictException(originalId + ": was corrected meanwhile (on another device or by "
                        + "another program; " + f.key() + " is now '" + beforeNow + "'); nothing was changed: "
                        + "check the record and correct it again", null);
            }
        }, file -> {
            stores.recordsIndex().insertCorrection(c, now, file.toString(), sha, pdf.length);
            return auditLog.appendTracked(now, actor, "corrected", originalId, Json.of(
                    "document", id, "pdf", file.toString(), "sha256", sha, "field", f.key(), "signer",
                    org.exoconsent.pdf.SigningKeys.fingerprint(key.certificate())));
        });
        return new Recorded(id, stores.documents().file(archiveName(rel)), stores.documents().describe(archiveName(rel)), sha, pdf.length);
    }

    /**
     * Export formats: {@code XLSX} (Excel, every cell typed: the format a clinic manager opens), {@code CSV} (for
     * other tools; formula-like text cells prefixed with an apostrophe), {@code JSON} (each record with its signed
     * session), {@code ZIP} (the signed PDFs, records.csv, README.txt and the SHA256SUMS manifest).
     */
    public enum ExportFormat { XLSX, CSV, JSON, ZIP }

    /**
     * What {@link #export} wrote.
     *
     * @param verification for a ZIP export, {@code records verify} run when the export began (its problems are
     *                     written into the bundle's README.txt and SHA256SUMS); null for the other formats
     * @param missing      archived PDFs a ZIP export found missing and left out (named in the bundle)
     * @param warnings     what the export could not state as it should, though it was written: the active template
     *                     version that cannot be read (the purposes then written as their codes), named with its
     *                     damage; also on the Excel file's About sheet and in a ZIP's README.txt. Not empty: exit 1
     */
    public record Exported(Path file, long records, long bytes, String sha256, Verification verification,
                           List<String> missing, List<String> damaged, List<String> warnings) {
        public Exported {
            missing = List.copyOf(missing);
            damaged = List.copyOf(damaged);
            warnings = List.copyOf(warnings);
        }

        /** As the other constructor, with no warning. */
        public Exported(Path file, long records, long bytes, String sha256, Verification verification,
                        List<String> missing, List<String> damaged) {
            this(file, records, bytes, sha256, verification, missing, damaged, List.of());
        }

        /**
         * Whether a written record had a stored value that cannot be read ({@link #damaged} names each: table, row,
         * column, value, repair): the record is in the file, its field marked {@link RecordRow#UNREADABLE}.
         */
        public boolean hasDamage() {
            return !damaged.isEmpty();
        }

        /** Whether the records failed verification (or PDFs were missing) when this ZIP export was made. */
        public boolean failedVerification() {
            return verification != null && (!verification.ok() || !missing.isEmpty());
        }
    }

    /**
     * Writes the filtered records to {@code out} with {@link ExportHeaders#defaultFor} the format (complete or not at
     * all: a temporary file beside it is moved into place at the end) and records the export in the audit log. An
     * existing file is replaced only when asked.
     */
    public Exported export(ExportFormat format, RecordFilter filter, Path out, boolean replace)
            throws StoreException {
        return export(format, filter, out, replace, ExportHeaders.defaultFor(format), (done, total) -> { },
                () -> false);
    }

    /**
     * The active template whose purpose names an export writes (the records screen's), or null: purposes as codes.
     * One whose version row or files cannot be read (damaged: attack review of issue 17) does not stop the export
     * (the records are evidence): its damage goes into {@code warnings} and the purposes stay codes.
     */
    private ConsentTemplate exportTemplate(List<String> warnings) throws StoreException {
        String id = org.exoconsent.template.BundledTemplates.EXOSOME_THERAPY;
        require(Permission.READ_CATALOG);
        registerBundled();
        TemplateLibrary.Version v;
        try {
            v = stores.templateVersions().forNewConsultation(id);
        } catch (DamagedRow e) {
            warnings.add(exportTemplateWarning(id, e.getMessage()));
            return null;
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        if (v == null) {
            return null; // no version of it: the purposes stay codes, the export is not refused for that
        }
        try {
            return read(v);
        } catch (StoreException e) {
            warnings.add(exportTemplateWarning(id, e.getMessage()));
            return null;
        }
    }

    /** The warning of an export beside an active template version that cannot be read. */
    private static String exportTemplateWarning(String id, String damage) {
        return "the active version of template '" + id + "' cannot be read, so the purposes are written as their "
                + "codes, not its names: " + damage;
    }

    /** How many of the nearest lot numbers an export refused for an unknown lot names (as records recall). */
    public static final int NEAREST_LOTS = 5;

    /**
     * The newest whole-store {@code records verify} of the audit trail, which a CSV, Excel or JSON export states
     * (they do not verify: that takes minutes on a large archive). Not audited: it shows no patient's data.
     */
    public LastVerification lastVerification() throws StoreException {
        require(Permission.EXPORT);
        try {
            return LastVerification.read(stores.auditTrail());
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /** An export was cancelled by the person who started it; nothing was written. */
    public static final class ExportCancelledException extends StoreException {
        private static final long serialVersionUID = 1L;

        ExportCancelledException(Path out) {
            super(out + ": the export was cancelled; nothing was written");
        }
    }

    /** Thrown from the verification's progress to stop it when the person cancels a ZIP export. */
    private static final class CancelledWhileVerifying extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** As {@link #export(ExportFormat, RecordFilter, Path, boolean, ExportHeaders, Progress, BooleanSupplier)} with
     *  the format's default headers. */
    public Exported export(ExportFormat format, RecordFilter filter, Path out, boolean replace, Progress progress,
                           java.util.function.BooleanSupplier cancelled) throws StoreException {
        return export(format, filter, out, replace, ExportHeaders.defaultFor(format), progress, cancelled);
    }

    /**
     * Exports with progress (records done of the total) and cancellation, checked after each record. A cancelled
     * export leaves no file and no audit entry of an export. A ZIP export first runs {@code records verify} over the
     * whole store (its progress counts with the export's; it is audited as {@code verified}) and writes the result
     * into the bundle; a store that fails is still exported, since the bundle is evidence, and
     * {@link Exported#failedVerification} says so.
     *
     * @param headers the header row of an XLSX or CSV export (the ZIP's records.csv always has the column keys), and
     *                the language of the status, purpose and route words ({@link ExportWords}; keys: the codes)
     * @throws RefusedException nothing written, when {@code filter} names a lot that neither the catalog nor any
     *                          consent holds (as {@code records recall}: the message names the nearest lots)
     */
    public Exported export(ExportFormat format, RecordFilter filter, Path out, boolean replace, ExportHeaders headers,
                           Progress progress, java.util.function.BooleanSupplier cancelled) throws StoreException {
        require(Permission.EXPORT, "export records");
        refuseInsideDataDirectory(out, "The export");
        Path target = out.toAbsolutePath();
        if (Files.exists(target) && !replace) {
            throw new StoreException(out + ": already exists; nothing was written (choose another file or allow "
                    + "replacing it)");
        }
        refuseNamesHeldByNobody(filter, out); // before the ZIP's verification: limits before work (issue 16 §7)
        Verification verification = null;
        long[] verifyTotal = {0};
        long[] counted = {-1};
        // the ZIP's verification (its own snapshot) first; then the records counted and written from one snapshot
        // (issue 15 §2), whatever other programs record meanwhile
        if (format == ExportFormat.ZIP) {
            counted[0] = count(filter);
            long count = counted[0];
            try {
                verification = verifyEverything((done, total) -> {
                    verifyTotal[0] = total;
                    progress.update(done, total + count);
                    if (cancelled.getAsBoolean()) {
                        throw new CancelledWhileVerifying();
                    }
                }, null);
            } catch (CancelledWhileVerifying e) {
                throw new ExportCancelledException(out);
            }
        }
        ExportHeaders sheets = format == ExportFormat.ZIP ? ExportHeaders.JA : headers; // the ZIP's records.xlsx
        // before the snapshot: the first look at the templates may add the bundled versions (a write)
        List<String> warnings = new ArrayList<>();
        ExportWords words = ExportWords.of(sheets, sheets == ExportHeaders.KEYS ? null : exportTemplate(warnings));
        try {
            beginRead();
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        try {
            return exportSnapshot(format, filter, out, headers, progress, cancelled, target, verification,
                    verifyTotal[0], words, warnings);
        } finally {
            endRead();
        }
    }

    /**
     * Refuses an export whose physician, product or patient number neither the catalog nor any record holds (issue 16
     * §7): an empty file must not read as "this patient has no records" or "this physician recorded nothing" when the
     * name was mistyped. A name the catalog holds with no record is not refused (its export is empty, and true).
     *
     * @throws RefusedException naming the value, what it was compared with, and the names held (physicians, products)
     */
    private void refuseNamesHeldByNobody(RecordFilter filter, Path out) throws StoreException {
        try {
            RecordsIndex index = stores.recordsIndex();
            read(() -> {
                if (filter.physician() != null) {
                    refuseUnheld(out, "physician", filter.physician(), index.physicianNames(null));
                }
                if (filter.product() != null) {
                    refuseUnheld(out, "product", filter.product(), index.productNames(null));
                }
                if (filter.patientNumber() != null && index.patientDocuments(filter.patientNumber(), null).isEmpty()) {
                    throw new RefusedException(out + ": nothing was written. patient number '"
                            + filter.patientNumber() + "': no document of a patient with this number is in the "
                            + "records (compared as '" + Identifiers.key(filter.patientNumber()) + "': full-width "
                            + "forms, case, spaces and dashes do not matter)");
                }
                return null;
            });
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /** Refuses {@code name} when {@code held} lacks it: "physician 'X': no physician of this name … Physicians: …". */
    private static void refuseUnheld(Path out, String what, String name, Set<String> held) throws RefusedException {
        if (!held.contains(name)) {
            throw new RefusedException(out + ": nothing was written. " + what + " '" + name + "': no " + what
                    + " of this name is in the catalog or in any consent (names are compared exactly). "
                    + Character.toUpperCase(what.charAt(0)) + what.substring(1) + "s: " + (held.isEmpty() ? "none"
                    : String.join(", ", held)));
        }
    }

    private Exported exportSnapshot(ExportFormat format, RecordFilter filter, Path out, ExportHeaders headers,
                                    Progress progress, java.util.function.BooleanSupplier cancelled, Path target,
                                    Verification verification, long verified, ExportWords words,
                                    List<String> warnings) throws StoreException {
        long[] verifyTotal = {verified};
        long count = count(filter);
        if (count == 0 && filter.lot() != null) { // as records recall: a mistyped lot must not pass as "nobody"
            NearestLots near = nearestLots(filter.lot(), filter.product(), NEAREST_LOTS);
            if (!near.known()) {
                throw new RefusedException(out + ": nothing was written.\n" + String.join("\n", near.describe()));
            }
        }
        Exporter exporter = new Exporter(stores.recordsIndex(), exportBeside(), stores.documents(), clinicClock())
                .watched(count,
                (done, total) -> progress.update(verifyTotal[0] + done, verifyTotal[0] + total), cancelled);
        exporter.words(words).warnings(warnings);
        Path tmp = null;
        try {
            OwnerOnly.createDirectories(target.getParent());
            tmp = OwnerOnly.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long n;
            List<String> missing = List.of();
            try (OutputStream file = Files.newOutputStream(tmp);
                 OutputStream buffered = new BufferedOutputStream(file, 1 << 16);
                 DigestOutputStream digest = new DigestOutputStream(buffered, md)) {
                switch (format) {
                    case XLSX -> n = exporter.xlsx(filter, digest, headers);
                    case CSV -> n = exporter.csv(filter, digest, headers);
                    case JSON -> n = exporter.json(filter, digest);
                    case ZIP -> {
                        Exporter.Bundled b = exporter.zip(filter, digest, verification);
                        n = b.records();
                        missing = b.missing();
                    }
                    default -> throw new IllegalStateException(format.toString());
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            long size = Files.size(tmp);
            FileForTheClinic file = new FileForTheClinic(tmp, target, true, "the export");
            tmp = null;
            String sha = HexFormat.of().formatHex(md.digest());
            Exported done = new Exported(target, n, size, sha, verification, missing, exporter.damaged(), warnings);
            endRead(); // the snapshot is done with; the audit entry is a write
            requireSignedIn();
            placeAudited(file, "exported", format.name().toLowerCase(Locale.ROOT), verification == null ? Json.of("filter",
                    filter.describe(), "records", n, "file", target.toString(), "sha256", sha) : Json.of("filter",
                    filter.describe(), "records", n, "file", target.toString(), "sha256", sha, "verificationProblems",
                    verification.problems().size(), "missingPdfs", missing.size()));
            return done;
        } catch (SQLException e) {
            throw dbFailure(e);
        } catch (NoSuchFileException e) {
            throw new StoreException("an archived PDF is missing: " + e.getFile() + "; nothing was exported (run "
                    + "records verify)", e);
        } catch (Exporter.Cancelled e) {
            throw new ExportCancelledException(out);
        } catch (IOException e) {
            throw new StoreException(out + ": the export could not be written: " + e.getMessage()
                    + "; nothing was exported", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temporary file holds no record
                }
            }
        }
    }

    /** What an export states beside the records, read in its snapshot. */
    private Exporter.Beside exportBeside() {
        return new Exporter.Beside() {
            @Override
            public LastVerification lastVerification() throws SQLException {
                return LastVerification.read(stores.auditTrail());
            }

            @Override
            public List<KeyRegistry.RegisteredKey> keys() throws SQLException {
                return stores.signingKeys().list();
            }

            @Override
            public AuditHead.Head auditHead() throws SQLException {
                return auditLog.newest();
            }
        };
    }

    /**
     * The catalog as it is now.
     *
     * @param lots        every lot that can be read, by product name and then number
     * @param damagedLots every lot whose row cannot be read (its expiry changed outside the product), named with the
     *                    damage and its repair: shown as "unreadable (damaged)", never offered for a consultation
     *                    (issue 17: one such lot stops only itself, not the start page or the catalog's listing)
     */
    public record CatalogView(Catalog.Clinic clinic, List<Catalog.Physician> physicians, List<Catalog.Product> products,
                              List<Catalog.Lot> lots, List<Catalog.DamagedLot> damagedLots) {
        public CatalogView {
            damagedLots = List.copyOf(damagedLots);
        }

        /** A catalog none of whose lots is damaged. */
        public CatalogView(Catalog.Clinic clinic, List<Catalog.Physician> physicians, List<Catalog.Product> products,
                           List<Catalog.Lot> lots) {
            this(clinic, physicians, products, lots, List.of());
        }

        /**
         * The texts missing in {@code language} for a consultation with the physician of that licence and the
         * product of that name (each null: not chosen, left out), and always the clinic's (see
         * {@link Catalog#missingTexts}); empty for Japanese.
         */
        public List<Catalog.MissingText> missingTexts(String language, String licence, String product) {
            return Catalog.missingTexts(clinic, physicians.stream().filter(p -> p.licenceNumber().equals(licence))
                    .toList(), products.stream().filter(p -> p.name().equals(product)).toList(), language);
        }

        /** The texts missing in {@code language} for any consultation: the clinic's, active physicians', products'. */
        public List<Catalog.MissingText> missingTexts(String language) {
            return Catalog.missingTexts(clinic, physicians.stream().filter(Catalog.Physician::active).toList(),
                    products, language);
        }
    }

    /**
     * The clinic's profile only (null before it is set), none of the catalog's lots read: what a withdrawal, a card or
     * a key needs, which a lot whose expiry cannot be read must not stop (attack review of 2026-12-01).
     */
    public Catalog.Clinic clinic() throws StoreException {
        require(Permission.READ_CATALOG);
        try {
            return stores.catalog().clinic();
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * The whole catalog: clinic, physicians, products and lots. A lot whose expiry cannot be read does not stop it: it
     * is left out of {@link CatalogView#lots} and named in {@link CatalogView#damagedLots} (a caller that lists lots
     * shows it marked and says the damage; a consultation cannot be recorded on it, {@link #refuseUnknownLot}).
     *
     * @throws DamagedStoreException for other damage the catalog's rows hold
     */
    public CatalogView catalog() throws StoreException {
        require(Permission.READ_CATALOG);
        try {
            CatalogStore c = stores.catalog();
            Catalog.Lots lots = c.lots();
            return new CatalogView(c.clinic(), c.physicians(), c.products(), lots.readable(), lots.damaged());
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /** Sets the clinic profile (and drops the demo mark); audited as a catalog change. */
    public void setClinic(Catalog.Clinic clinic) throws StoreException {
        setClinic(clinic, false);
    }

    /**
     * Sets the clinic profile; audited as a catalog change. A blood-donation policy that states a period
     * ({@link BloodDonationPolicy}) is refused ({@link PolicyWarningException}, naming what it found; nothing is
     * changed) unless the administrator saves it anyway ({@code despiteWarning}); then the audit entry carries the
     * warning with what was found.
     */
    public void setClinic(Catalog.Clinic clinic, boolean despiteWarning) throws StoreException {
        require(Permission.MANAGE_CATALOG);
        List<String> found = new ArrayList<>(BloodDonationPolicy.periods(clinic.bloodDonationPolicy()));
        clinic.texts().values().forEach(t -> found.addAll(BloodDonationPolicy.periods(t.bloodDonationPolicy())));
        if (!found.isEmpty() && !despiteWarning) {
            throw new PolicyWarningException(found);
        }
        changeCatalog("clinic-updated", clinic.name(), Json.of("address", clinic.address(), "phone", clinic.phone(),
                "bloodDonationPolicy", clinic.bloodDonationPolicy(), "texts", clinic.texts().isEmpty() ? null
                        : clinic.texts(), "policyWarning", found.isEmpty() ? null
                        : "saved despite the warning: the policy states " + String.join(", ", found)),
                () -> stores.catalog().setClinic(clinic));
    }

    /**
     * Sets the clinic's name, address and blood-donation policy in a language other than Japanese (issue 12 §2);
     * audited as a catalog change. Refused (IllegalArgumentException, nothing changed) with no clinic profile yet, or
     * when a text is missing or not written in that language; a policy that states a period is refused
     * ({@link PolicyWarningException}) unless {@code despiteWarning}, as {@link #setClinic(Catalog.Clinic, boolean)}.
     */
    public void setClinicText(String language, Catalog.ClinicText text, boolean despiteWarning)
            throws StoreException {
        require(Permission.MANAGE_CATALOG);
        List<String> found = text == null ? List.of() : BloodDonationPolicy.periods(text.bloodDonationPolicy());
        if (!found.isEmpty() && !despiteWarning) {
            throw new PolicyWarningException(found);
        }
        changeCatalog("clinic-text-set", "clinic (" + language + ")", Json.of("language", language, "text", text,
                "policyWarning", found.isEmpty() ? null : "saved despite the warning: the policy states "
                        + String.join(", ", found)), () -> stores.catalog().setClinicText(language, text));
    }

    /**
     * Sets a physician's name in a language other than Japanese (in Latin letters for English); audited as a catalog
     * change. Refused (IllegalArgumentException) for an unknown licence or a name not written in that language.
     */
    public void setPhysicianName(String licenceNumber, String language, String name) throws StoreException {
        changeCatalog("physician-name-set", "physician with licence " + licenceNumber, Json.of("language", language,
                "name", name), () -> stores.catalog().setPhysicianName(licenceNumber, language, name));
    }

    /**
     * Sets a product's name, manufacturer, source cells, tests and storage in a language other than Japanese;
     * audited as a catalog change. Refused (IllegalArgumentException, nothing changed) for an unknown product or with
     * every problem of the texts ({@link Catalog#problems(Catalog.Product, String, Catalog.ProductText)}).
     */
    public void setProductText(String product, String language, Catalog.ProductText text) throws StoreException {
        changeCatalog("product-text-set", product, Json.of("language", language, "text", text),
                "the " + Catalog.languageName(language) + " name of product '" + product + "'",
                () -> stores.catalog().setProductText(product, language, text));
    }

    /**
     * What an administrator must be told at sign-in (issue 12 §2): for each language new consultations may be held
     * in (the languages of the template version they use) other than Japanese, the texts the clinic has not written
     * in it. Empty when every offered language is complete.
     */
    public List<MissingTexts> textNotices() throws StoreException {
        require(Permission.READ_CATALOG);
        ConsentTemplate t = templateForNewConsultation(org.exoconsent.template.BundledTemplates.EXOSOME_THERAPY);
        CatalogView c = catalog();
        List<MissingTexts> out = new ArrayList<>();
        for (String language : t.languages()) {
            List<Catalog.MissingText> missing = c.missingTexts(language);
            if (!missing.isEmpty()) {
                out.add(new MissingTexts(language, missing));
            }
        }
        return out;
    }

    /**
     * The texts the clinic has not written in one language a consultation may be held in.
     *
     * @param missing each text, with what it belongs to and where it is added
     */
    public record MissingTexts(String language, List<Catalog.MissingText> missing) {
        public MissingTexts {
            missing = List.copyOf(missing);
        }

        /**
         * The refusal of a consultation in {@code language} for these missing texts, in English: what is missing and
         * who adds it where (the administration screen's tabs, or the catalog commands).
         */
        public static String refusal(String language, List<Catalog.MissingText> missing) {
            String name = Catalog.languageName(language);
            java.util.Set<String> where = new java.util.LinkedHashSet<>();
            missing.forEach(m -> where.add(m.kind().where()));
            return "the clinic has not written its " + name + " texts for this consultation: " + String.join("; ",
                    missing.stream().map(Catalog.MissingText::describe).toList()) + ". An administrator adds them in "
                    + String.join(", ", where) + " (command line: exoconsent catalog set-clinic / set-physician / "
                    + "set-product with --name-" + language + " and the other -" + language + " options); a "
                    + "consultation is never held in two languages";
        }
    }

    /** Adds a physician (with their names in other languages, if given); audited as a catalog change. */
    public void addPhysician(Catalog.Physician p) throws StoreException {
        changeCatalog("physician-added", p.name(), p.names().isEmpty() ? Json.of("licence", p.licenceNumber())
                : Json.of("licence", p.licenceNumber(), "names", p.names()),
                "physician with licence " + p.licenceNumber(), () -> stores.catalog().addPhysician(p));
    }

    /**
     * Marks a physician inactive (not offered for new consultations; their records are untouched) or active again;
     * audited as a catalog change. An unknown licence is refused with IllegalArgumentException.
     */
    public void setPhysicianActive(String licenceNumber, boolean active) throws StoreException {
        require(Permission.MANAGE_CATALOG);
        Catalog.Physician known;
        try {
            known = licenceNumber == null ? null : stores.catalog().physician(licenceNumber);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        changeCatalog(active ? "physician-activated" : "physician-deactivated",
                known == null ? String.valueOf(licenceNumber) : known.name(), Json.of("licence", licenceNumber),
                () -> stores.catalog().setPhysicianActive(licenceNumber, active));
    }

    /** Adds a product to the catalog; audited as a catalog change. */
    public void addProduct(Catalog.Product p) throws StoreException {
        changeCatalog("product-added", p.name(), Json.of("manufacturer", p.manufacturer(), "sourceCells",
                p.sourceCells(), "virusTests", p.virusTests(), "sterilisation", p.sterilisation(), "origin",
                p.origin(), "supply", p.supply(), "texts", p.texts()),
                "product '" + p.name() + "'", () -> stores.catalog().addProduct(p));
    }

    /**
     * Says where a product's vesicles come from and how it reaches the clinic, for a product already in the catalog
     * (one registered before these fields existed is 'unknown'); audited as a catalog change with the values it
     * replaces. Refused (IllegalArgumentException) for an unknown product or value.
     */
    public void setProductOriginAndSupply(String name, String origin, String supply) throws StoreException {
        Catalog.Product before = catalog().products().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElse(null);
        changeCatalog("product-changed", name, Json.of("origin", origin, "supply", supply, "previousOrigin",
                before == null ? null : before.origin(), "previousSupply", before == null ? null : before.supply()),
                () -> stores.catalog().setProductOriginAndSupply(name, origin, supply));
    }

    /**
     * Adds a lot of a product to the catalog; audited as a catalog change.
     *
     * @throws ConflictException when the product already has this lot, also written differently (issue 14 §5:
     *                           ＬＯＴ－２０２６－０７Ａ beside LOT-2026-07A would split the lot's recall; compared by
     *                           {@link org.exoconsent.consent.Identifiers#key}); the message names the lot the
     *                           catalog holds. The number is stored without spaces around it, otherwise as typed
     *                           (full-width letters stay full-width: the catalog and the consents show what the
     *                           label was typed as; the key makes the two spellings one lot)
     */
    public void addLot(Catalog.Lot typed) throws StoreException {
        require(Permission.MANAGE_CATALOG);
        // stored without the spaces around it (the refusal below already treats them as the same number)
        Catalog.Lot lot = typed.number() == null ? typed
                : new Catalog.Lot(typed.product(), typed.number().strip(), typed.expiry(), typed.qc());
        try {
            Catalog.Lot same = lot.product() == null || lot.number() == null ? null
                    : stores.catalog().lot(lot.product(), lot.number());
            if (same != null && !same.number().equals(lot.number())) { // an exact duplicate: UNIQUE, as before
                throw new ConflictException("lot " + lot.number() + " of product '" + lot.product() + "': the "
                        + "catalog already holds lot " + same.number() + " of this product, the same number written "
                        + "differently (full-width or half-width characters, upper or lower case, spaces around "
                        + "it, other dashes or spaces between its parts); nothing was changed", null);
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        changeCatalog("lot-added", lot.product() + " / " + lot.number(), Json.of("expiry",
                lot.expiry() == null ? null : lot.expiry().toString(), "qc", lot.qc()),
                "lot " + lot.number() + " of product '" + lot.product() + "'", () -> stores.catalog().addLot(lot));
    }

    // --- consent template versions -------------------------------------------------------------------------

    /**
     * Every template version the clinic has, newest first per template, with the one new consultations use marked.
     * The versions bundled with this program are added on first use (and the first becomes active). A version whose
     * stored time or date cannot be read is listed all the same, that field null and the damage named in its
     * {@link TemplateLibrary.Version#damage} (brief C of issue 17): the caller shows it marked and names the damage.
     * So is a version no {@code template-added} entry of the audit trail records ({@link
     * TemplateLibrary.Version#addedOutside}: put in with SQL; never used).
     */
    public List<TemplateLibrary.Version> templates() throws StoreException {
        require(Permission.READ_CATALOG);
        registerBundled();
        try {
            // a version no 'template-added' entry records is listed, its damage named (attack review of issue 17)
            java.util.Set<String> audited = TemplateVersionsAgainstTrail.audited(stores.auditTrail());
            List<TemplateLibrary.Version> out = new ArrayList<>();
            for (TemplateLibrary.Version v : stores.templateVersions().listing()) {
                String outside = TemplateVersionsAgainstTrail.problem(v.id(), v.version(), v.sha256(), audited);
                if (outside != null) {
                    List<String> damage = new ArrayList<>(v.damage());
                    damage.add(outside);
                    v = new TemplateLibrary.Version(v.id(), v.version(), v.effectiveDate(), v.languages(),
                            v.sha256(), v.source(), v.addedAt(), v.addedBy(), v.active(), v.correctedBy(), damage);
                }
                out.add(v);
            }
            return out;
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * The version of template {@code id} that new consultations use, read and checked: the active one, or, when the
     * active one was found to contain errors, the version that corrects it (see {@link TemplateLibrary.Version}).
     * Refused when the clinic has no version, or when that version is in format 1 (before 1.1.0), whose signature
     * declarations are not part of the template.
     */
    public ConsentTemplate templateForNewConsultation(String id) throws StoreException {
        ConsentTemplate t = activeTemplate(id);
        if (t.format() < 2) {
            throw new RefusedException("template '" + id + "' version " + t.version() + " is in format 1 (made "
                    + "before 1.1.0): its signature declarations are not part of the template, so no consent can be "
                    + "signed with it; an administrator must activate a current version (exoconsent templates list)");
        }
        return t;
    }

    /**
     * The version of template {@code id} that new consultations use, read and checked, for showing its names of
     * purposes and questions (records screen, overview): like {@link #templateForNewConsultation} without the
     * format check.
     */
    public ConsentTemplate activeTemplate(String id) throws StoreException {
        require(Permission.READ_CATALOG);
        registerBundled();
        try {
            TemplateLibrary.Version v = stores.templateVersions().forNewConsultation(id);
            if (v == null) {
                throw new RefusedException("template '" + id + "': the clinic has no version of it (see: "
                        + "exoconsent templates list)");
            }
            return read(v);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * The version a session or draft names, read and checked, for signing: refused ({@link RefusedException}) when
     * that version was found to contain errors (the consultation must be restarted on the correction, so that the
     * patient hears the corrected text) or is in format 1; records already signed with it stay as they are.
     */
    public ConsentTemplate signingTemplate(String id, String version) throws StoreException {
        require(Permission.READ_CATALOG);
        registerBundled();
        TemplateLibrary.Version v = stored(id, version);
        refuseForSigning(v);
        ConsentTemplate t = read(v);
        if (t.format() < 2) {
            throw new RefusedException("template '" + id + "' version " + version + " is in format 1 (made before "
                    + "1.1.0): its signature declarations are not part of the template, so no consent can be signed "
                    + "with it; restart the consultation with a current version");
        }
        return t;
    }

    private static void refuseForSigning(TemplateLibrary.Version v) throws RefusedException {
        if (v.containsErrors()) {
            throw new RefusedException("template '" + v.id() + "' version " + v.version() + " contains errors "
                    + "corrected by version " + v.correctedBy().get(0) + ": no consent can be signed with it any "
                    + "more; restart the consultation with version " + v.correctedBy().get(0) + " so that the "
                    + "patient hears the corrected text (records already signed stay as they are)");
        }
    }

    /**
     * Refuses to record a consent whose template is not in the clinic's library with exactly this text (same id,
     * version and SHA-256: the records must always be traceable to a stored text), or is a version found to contain
     * errors. Call from the store's thread before rendering a batch; {@link #record} checks it itself.
     *
     * @param t the template the session will be rendered with (from the library, or from {@code --templates DIR})
     */
    public void refuseUnusableTemplate(ConsentTemplate t, String source) throws SessionException, StoreException {
        require(Permission.CONSULT);
        registerBundled(); // the corrections a bundled version brings are known before the first check
        try {
            TemplateLibrary.Version v = stores.templateVersions().find(t.id(), t.version());
            if (v == null) {
                throw new SessionException(source, List.of("template.version: template '" + t.id() + "' version "
                        + t.version() + " is not in the clinic's template library; import it first (exoconsent "
                        + "templates import DIR) so that the record can always be traced to its text"));
            }
            if (!v.sha256().equals(t.sha256())) {
                throw new SessionException(source, List.of("template.version: template '" + t.id() + "' version "
                        + t.version() + " differs from the text the clinic's library holds under that version "
                        + "(SHA-256 " + t.sha256() + ", library " + v.sha256() + "); a changed text needs a new "
                        + "version number"));
            }
            TemplateVersionsAgainstTrail.refuse(v, stores.auditTrail()); // a row put in with SQL: never used
            refuseForSigning(v);
        } catch (RefusedException e) {
            throw new SessionException(source, List.of("template.version: " + e.getMessage()));
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /** One version of the clinic's library as listed by {@link #templates}, or null when the clinic has not it. */
    public TemplateLibrary.Version templateVersion(String id, String version) throws StoreException {
        require(Permission.READ_CATALOG);
        registerBundled();
        try {
            return stores.templateVersions().find(id, version);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * What an administrator must be told at sign-in: for each template whose active version was found to contain
     * errors, that version, the version that corrects it, and what was corrected (in {@code language}, else the
     * correcting version's first language). Empty when there is nothing to tell; an administrator clears it by
     * activating the correction.
     */
    public List<TemplateNotice> templateNotices(String language) throws StoreException {
        require(Permission.READ_CATALOG);
        registerBundled();
        List<TemplateNotice> notices = new ArrayList<>();
        try {
            // a version no 'template-added' entry records is neither told about nor offered: records verify names it
            java.util.Set<String> audited = TemplateVersionsAgainstTrail.audited(stores.auditTrail());
            List<TemplateLibrary.Version> all = stores.templateVersions().list().stream().filter(x ->
                    TemplateVersionsAgainstTrail.problem(x.id(), x.version(), x.sha256(), audited) == null).toList();
            for (TemplateLibrary.Version v : all) {
                if (!v.active()) {
                    continue;
                }
                if (v.containsErrors()) {
                    TemplateLibrary.Version fix = stores.templateVersions().forNewConsultation(v.id());
                    ConsentTemplate t = read(fix);
                    notices.add(new TemplateNotice(v.id(), v.version(), fix.version(),
                            t.languageOrFirst(language).corrections(), TemplateNotice.Kind.CONTAINS_ERRORS, false));
                    continue;
                }
                // a newer version shipped with the program, not yet chosen: the clinic's choice stands until an
                // administrator reviews and activates it (issue 11: 1.2.0 after 1.1.0)
                TemplateLibrary.Version newest = all.stream().filter(x -> x.id().equals(v.id()) && x.bundled()
                        && TemplateLibrary.newerFirst(v.version(), x.version()) > 0)
                        .min((a, b) -> TemplateLibrary.newerFirst(a.version(), b.version())).orElse(null);
                if (newest != null) {
                    ConsentTemplate t = read(newest);
                    String lang = t.languageOrFirst(language).language();
                    notices.add(new TemplateNotice(v.id(), v.version(), newest.version(),
                            t.materialChangesSince(v.version(), lang), TemplateNotice.Kind.NEWER_VERSION,
                            read(v).format() < 3));
                }
            }
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        return notices;
    }

    /**
     * What an administrator is told about the active version of a template: it was found to contain errors (new
     * consultations already use {@code correction}), or the program brings a newer version the clinic has not
     * chosen yet (new consultations keep the active one). Either way the administrator is asked to review
     * {@code correction} and activate it.
     *
     * @param correction  the version to review and activate
     * @param corrections for {@link Kind#CONTAINS_ERRORS}, what the correction changed; for
     *                    {@link Kind#NEWER_VERSION}, the material changes since the active version (format 3), one
     *                    sentence each, in the language asked for
     * @param activeLacksAssent for {@link Kind#NEWER_VERSION}, whether the active version (format before 3) has no
     *                    sentence for a minor's own assent, so cannot be used for a patient under 18 (said only then:
     *                    review F12 found it said of 1.2.0, which has one)
     */
    public record TemplateNotice(String templateId, String activeVersion, String correction,
                                 List<String> corrections, Kind kind, boolean activeLacksAssent) {
        public TemplateNotice {
            corrections = List.copyOf(corrections);
        }

        /** Why the administrator is told. */
        public enum Kind { CONTAINS_ERRORS, NEWER_VERSION }
    }

    /**
     * One version of a template, read and checked: the one a session or a draft was made with, so that it is signed
     * with exactly the text the patient was shown, whichever version is active now.
     */
    public ConsentTemplate template(String id, String version) throws StoreException {
        require(Permission.READ_CATALOG);
        registerBundled();
        return read(stored(id, version));
    }

    /** The library's row of one version; refused, naming the versions the clinic has, when it has not that one. */
    private TemplateLibrary.Version stored(String id, String version) throws StoreException {
        try {
            TemplateLibrary.Version v = stores.templateVersions().find(id, version);
            if (v == null) {
                List<String> have = stores.templateVersions().list().stream().filter(x -> x.id().equals(id))
                        .map(TemplateLibrary.Version::version).toList();
                throw new RefusedException("template '" + id + "' version " + version + ": the clinic does not have "
                        + "it" + (have.isEmpty() ? "" : " (it has " + String.join(", ", have) + ")"));
            }
            return v;
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * A stored version; the bundled copy serves when it is the same text (it was checked when the program began).
     * Refused ({@link DamagedStoreException}, naming the version) when no {@code template-added} entry of the audit
     * trail records it with its SHA-256: its row was put into the store outside the product, so it is never used.
     */
    private ConsentTemplate read(TemplateLibrary.Version v) throws StoreException {
        try { // a row no 'template-added' entry records was put in with SQL: never used (attack review of issue 17)
            TemplateVersionsAgainstTrail.refuse(v, stores.auditTrail());
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        if (v.bundled()) {
            for (ConsentTemplate t : bundled()) {
                if (t.id().equals(v.id()) && t.version().equals(v.version()) && t.sha256().equals(v.sha256())) {
                    return t;
                }
            }
        }
        return TemplateLibrary.load(stores.templateFiles(), v);
    }

    private static List<ConsentTemplate> bundled() throws StoreException {
        try {
            return org.exoconsent.template.BundledTemplates.all();
        } catch (IOException | org.exoconsent.template.TemplateException e) {
            throw new StoreException("the program's own consent templates cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Adds the bundled template versions the library does not have yet; a template with no active version gets
     * the bundled one. Runs as part of whichever operation first needs the templates; audited.
     */
    private void registerBundled() throws StoreException {
        if (bundledRegistered) {
            return;
        }
        try {
            // which versions are held, none of their rows' times read: a damaged row of a version is named where it is
            // used, never by every command that looks for the bundled ones (attack review of 2026-12-01)
            Set<String> held = new HashSet<>();
            for (String[] v : stores.templateVersions().held()) {
                held.add(v[0] + " " + v[1]);
            }
            for (ConsentTemplate t : bundled()) {
                if (!held.contains(t.id() + " " + t.version())) {
                    // looked at again, copied in, indexed and audited in the write lock: another program adding
                    // the same version at the same time finds it there and neither deletes the other's folder
                    write(() -> {
                        if (stores.templateVersions().held().stream().anyMatch(v -> v[0].equals(t.id())
                                && v[1].equals(t.version()))) {
                            return null;
                        }
                        stores.templateFiles().put(t);
                        try {
                            boolean activate = stores.templateVersions().active(t.id()) == null;
                            Instant now = clock.instant();
                            stores.templateVersions().insert(t, "bundled", now, actor);
                            // a correction shipped with the program takes effect at once (issue 10)
                            stores.templateVersions().recordCorrections(t, now);
                            if (activate) {
                                stores.templateVersions().activate(t.id(), t.version(), now, actor);
                            }
                            return auditLog.appendTracked(now, actor, "template-added", t.id()
                                    + " " + t.version(), Json.of("source", "bundled", "sha256", t.sha256(),
                                    "effectiveDate", t.manifest().effectiveDate().toString(), "active", activate,
                                    "corrects", String.join(",", t.manifest().corrects())));
                        } catch (SQLException | RuntimeException e) {
                            stores.templateFiles().discard(t.id(), t.version()); // ours: still in the lock
                            throw e;
                        }
                    });
                }
            }
            bundledRegistered = true;
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /** Every text of a template's YAML files that the bundled fonts cannot print, named by file and path. */
    private static List<String> unprintableTemplateText(Path folder) throws StoreException {
        com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(x -> x.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                problems.addAll(org.exoconsent.pdf.PrintableText.problems(f.getFileName().toString(),
                        yaml.readTree(f.toFile())));
            }
        } catch (IOException e) {
            throw new StoreException(folder + ": cannot be read: " + e.getMessage(), e);
        }
        return problems;
    }

    /**
     * Imports a new template version from a folder: it must pass every check of docs/TEMPLATES.md, and its version
     * must be new (a changed text under a version the clinic already has is refused). The files are copied into
     * the data directory and checked again there. The version is not used until it is activated. Audited.
     */
    public TemplateLibrary.Version importTemplate(Path folder) throws StoreException,
            org.exoconsent.template.TemplateException {
        require(Permission.MANAGE_TEMPLATES);
        registerBundled();
        if (!Files.isDirectory(folder)) {
            throw new RefusedException(folder + ": no such folder; name a template folder (one with "
                    + org.exoconsent.template.TemplateLoader.MANIFEST + ")");
        }
        ConsentTemplate t = new org.exoconsent.template.TemplateLoader().load(folder);
        List<String> unprintable = unprintableTemplateText(t.folder());
        if (!unprintable.isEmpty()) {
            throw new RefusedException(folder + ": the template has characters no bundled font can print, so a "
                    + "consent would show holes; nothing was imported:\n  - " + String.join("\n  - ", unprintable));
        }
        try {
            TemplateLibrary.Version have = stores.templateVersions().find(t.id(), t.version());
            if (have != null) {
                throw new ConflictException(folder + ": template " + t.id() + " version " + t.version()
                        + (have.sha256().equals(t.sha256()) ? " is already in the library; nothing was changed"
                        : " is already in the library with a different text; give the new text a new version "
                        + "number in " + org.exoconsent.template.TemplateLoader.MANIFEST + "; nothing was changed"),
                        null);
            }
            java.util.Set<String> audited = TemplateVersionsAgainstTrail.audited(stores.auditTrail());
            for (TemplateLibrary.Version other : stores.templateVersions().list()) {
                if (!other.id().equals(t.id())) {
                    continue;
                }
                if (TemplateLibrary.newerFirst(other.version(), t.version()) == 0) {
                    throw new ConflictException(folder + ": version " + t.version() + " is the same number as "
                            + "version " + other.version() + " that the clinic already has; give the new text a "
                            + "new version number; nothing was changed", null);
                }
                if (TemplateVersionsAgainstTrail.problem(other.id(), other.version(), other.sha256(), audited) == null
                        && read(other).manifest().corrects().contains(t.version())) { // a row put in with SQL is not read
                    throw new RefusedException(folder + ": version " + t.version() + " of template " + t.id()
                            + " was found to contain errors (version " + other.version() + " corrects it); it "
                            + "cannot be imported; nothing was changed");
                }
            }
            // copied in, indexed and audited in the write lock, looked for again there (another program may have
            // imported the same version meanwhile: its folder is never replaced nor deleted)
            changeAudited("template-added", t.id() + " " + t.version(), Json.of("source", "imported",
                    "from", folder.toAbsolutePath().toString(), "sha256", t.sha256(), "effectiveDate",
                    t.manifest().effectiveDate().toString(), "corrects", String.join(",", t.manifest().corrects())),
                    () -> {
                        if (stores.templateVersions().find(t.id(), t.version()) != null) {
                            throw new ConflictException(folder + ": template " + t.id() + " version " + t.version()
                                    + " was added by another program meanwhile; nothing was changed", null);
                        }
                        stores.templateFiles().put(t);
                        try {
                            stores.templateVersions().insert(t, "imported", clock.instant(), actor);
                        } catch (SQLException | RuntimeException e) {
                            stores.templateFiles().discard(t.id(), t.version()); // ours: still in the lock
                            throw e;
                        }
                    });
            return stores.templateVersions().find(t.id(), t.version());
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * Makes one stored version the one new consultations use. Its files are checked first. Drafts and records keep
     * the version they were made with. Audited with the version it replaces.
     */
    public TemplateLibrary.Version activateTemplate(String id, String version) throws StoreException {
        require(Permission.MANAGE_TEMPLATES);
        registerBundled();
        TemplateLibrary.Version v = stored(id, version);
        if (v.containsErrors()) {
            throw new RefusedException("template '" + id + "' version " + version + " contains errors corrected by "
                    + "version " + v.correctedBy().get(0) + ": it cannot be used for new consultations again; "
                    + "activate " + v.correctedBy().get(0) + " or a later version");
        }
        ConsentTemplate chosen = read(v); // refuses a version whose files were changed
        if (chosen.format() < 2) {
            throw new RefusedException("template '" + id + "' version " + version + " is in format 1 (made before "
                    + "1.1.0): its signature declarations are not part of the template; import a current version");
        }
        try {
            TemplateLibrary.Version before = stores.templateVersions().active(id);
            if (before != null && before.version().equals(version)) {
                return v;
            }
            // the versions it corrects are marked as containing errors now that the clinic chose it (an imported
            // correction changes nothing before then)
            List<String> corrects = chosen.manifest().corrects();
            changeAudited("template-activated", id + " " + version, Json.of("previous", before == null ? null
                    : before.version(), "sha256", v.sha256(), "effectiveDate", v.effectiveDate().toString(),
                    "corrects", String.join(",", corrects)), () -> {
                        Instant now = clock.instant();
                        stores.templateVersions().activate(id, version, now, actor);
                        stores.templateVersions().recordCorrections(chosen, now);
                    });
            return stores.templateVersions().find(id, version);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * A leaflet to read at home (issue 11, section 6): the explanation of template {@code id} in {@code language},
     * for one product of the catalog and one route, or for all (variants labelled), with the clinic's profile and
     * no patient data; see {@link org.exoconsent.pdf.LeafletRenderer}. Audited ({@code leaflet-printed}).
     *
     * @param version the version to print, or null for the one new consultations use; a version found to contain
     *                errors, or in format 1, is refused ({@link RefusedException})
     * @param product a product name of the catalog, or null for every product; an unknown name is refused, naming
     *                the products the catalog has
     * @param route   the route, or null for every route
     * @param out     the PDF file to write (not digitally signed: it records nothing); an existing file is refused
     *                unless {@code overwrite}; the audit entry is written only once the file is
     * @return the number of bytes written
     */
    public long leaflet(String id, String version, String language, String product, ConsentSession.Route route,
                        Path out, boolean overwrite) throws StoreException {
        require(Permission.READ_CATALOG);
        refuseInsideDataDirectory(out, "The leaflet");
        if (Files.exists(out) && !overwrite) {
            throw new ConflictException(out + ": already exists; nothing was written (choose another file)", null);
        }
        ConsentTemplate t;
        if (version == null) {
            t = templateForNewConsultation(id);
        } else {
            TemplateLibrary.Version v = templateVersion(id, version);
            if (v != null && v.containsErrors()) {
                throw new RefusedException("template '" + id + "' version " + version + " contains errors corrected "
                        + "by version " + v.correctedBy().get(0) + ": print the leaflet of version "
                        + v.correctedBy().get(0) + " instead");
            }
            t = signingTemplate(id, version);
        }
        if (!t.languages().contains(language)) {
            throw new RefusedException("--language " + language + ": template " + id + " version " + t.version()
                    + " has the languages " + String.join(", ", t.languages()));
        }
        CatalogView c = catalog();
        ConsentSession.Product chosen = null;
        if (product != null) {
            chosen = c.products().stream().filter(p -> p.name().equals(product)).findFirst()
                    .map(p -> p.snapshot(language)).orElseThrow(() -> new RefusedException("--product " + product
                            + ": not in the clinic's catalog; it has: " + String.join(", ", c.products().stream()
                            .map(Catalog.Product::name).toList())));
        }
        List<Catalog.MissingText> missing = c.missingTexts(language, null, product);
        if (!missing.isEmpty()) {
            throw new RefusedException("leaflet in " + Catalog.languageName(language) + " refused; nothing was "
                    + "written: " + MissingTexts.refusal(language, missing));
        }
        byte[] pdf;
        try {
            org.exoconsent.pdf.PrintableText.require(c.clinic().snapshot(language), chosen);
            pdf = new org.exoconsent.pdf.LeafletRenderer("ExoConsent").render(t, language,
                    c.clinic().snapshot(language), chosen, route, clinicClock().today());
        } catch (org.exoconsent.pdf.UnprintableTextException e) {
            throw new RefusedException("leaflet in " + Catalog.languageName(language) + " refused; nothing was "
                    + "written: " + e.getMessage() + "; correct the text in the catalog (Administration)", e);
        }
        placeAudited(PatientCopies.prepare(out, pdf, overwrite, "the leaflet"), "leaflet-printed", t.id() + " " + t.version(), Json.of("language", language, "product", product,
                "route", route == null ? null : Ids.of(route), "file",
                out.toAbsolutePath().toString()));
        return pdf.length;
    }

    /**
     * The clinic's clock: this store's source of time in the clinic's time zone (the setting {@value
     * Settings#TIME_ZONE}, Asia/Tokyo by default), whatever the device's zone. Every time the store records, and
     * every consent or withdrawal it checks, prints and signs, is taken with it; the app and the command line take it
     * from here for what they show. Needs no permission (the zone is not confidential).
     *
     * @throws DamagedStoreException when the stored zone is no longer a known one (it names the value and the
     *                               repair; exit 1)
     * @throws StoreException        when the setting could not be read when the store was opened
     */
    public ClinicClock clinicClock() throws StoreException {
        ClinicClock c = clinicClock;
        if (c == null) {
            // a stored zone that cannot be used was changed outside the product (or left this Java's zone data):
            // damage the command line says with exit 1, as the other settings' (attack review of 2026-12-01: exit 4)
            // IllegalStateException: a stored zone no longer usable, damage (exit 1); else the setting's failed read
            throw clockProblem instanceof IllegalStateException
                    ? new DamagedStoreException(database() + ": " + clockProblem.getMessage())
                    : new StoreException(database() + ": " + clockProblem.getMessage());
        }
        return c;
    }

    private void useClinicClock(ClinicClock c) {
        documents = new ConsentDocuments("ExoConsent", c);
        clinicClock = c;
        clockProblem = null;
    }

    /** Consents checked, printed and signed with the clinic's clock (safe from several threads: see prepare). */
    private ConsentDocuments documents() throws StoreException {
        clinicClock();
        return documents;
    }

    /**
     * The clinic's time zone of a data directory, read without signing in (a time zone is not confidential), for
     * commands that show times but need no account ({@code exoconsent verify}): the setting {@value
     * Settings#TIME_ZONE}, or {@link ClinicClock#DEFAULT_ZONE} when the directory has no database yet, was made
     * before settings existed, or never set one. Takes no lock and changes nothing.
     *
     * @throws StoreException when the database cannot be read or the stored zone is no longer a known one
     */
    public static java.time.ZoneId clinicZone(DataDirectory dir) throws StoreException {
        if (!Files.isRegularFile(dir.database())) {
            return ClinicClock.DEFAULT_ZONE;
        }
        try {
            Settings settings = SqliteStores.settingsReadOnly(dir);
            return settings == null ? ClinicClock.DEFAULT_ZONE : settings.timeZone(); // null: made before V2
        } catch (SQLException e) {
            throw new StoreException(dir.database() + ": the clinic's time zone cannot be read: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new StoreException(dir.database() + ": " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #clinicZone(DataDirectory)}, from an opening of any vendor's store (issue 17), read without signing in
     * (the zone is not confidential); the opening is closed.
     *
     * @throws StoreException naming the store when its settings cannot be read
     */
    public static java.time.ZoneId clinicZone(Source source) throws StoreException {
        try (Stores stores = source.stores()) {
            Transactions tx = stores.transactions();
            tx.beginRead();
            try {
                return stores.settings().read().timeZone();
            } finally {
                tx.rollback();
            }
        } catch (SQLException | IllegalStateException e) {
            throw new StoreException(source.place() + ": the clinic's time zone cannot be read: " + e.getMessage(), e);
        }
    }

    // --- the patient's copy and the take-home card (issue 12, section 4) ---------------------------------------

    /** A record as the patient's copy and card need it. */
    private record CopySource(String id, String kind, String status, String snapshot, Archived archived,
                              String language, String refersTo) {
    }

    /**
     * The record {@code id} if the signed-in person may give the patient their copy of it: who may see it (a
     * manager; a physician, their own patients'), or who recorded this consent themselves, on the same day in the
     * clinic's calendar (staff at the end of the consultation).
     */
    private CopySource copySource(String id) throws StoreException {
        require(Permission.ISSUE_PATIENT_COPY);
        CopySource c;
        String licence;
        String recordedAt;
        try {
            RecordsIndex.Indexed r = stores.recordsIndex().find(id);
            if (r == null) {
                throw new RefusedException(id + ": no such record; nothing was given");
            }
            c = new CopySource(id, r.kind(), r.status(), r.snapshot(), new Archived(r.pdfPath(), r.pdfSha256(),
                    r.pdfSize()), r.language(), r.refersTo());
            licence = r.physicianLicence();
            recordedAt = r.recordedAt();
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        boolean seesIt = who.may(Permission.VIEW_RECORDS) && (who.ownRecordsOnly() == null
                || who.ownRecordsOnly().equals(licence));
        if (!seesIt && !recordedTodayBySignedIn(id, recordedAt)) {
            auditRefusal(id, Json.of("refused", "the patient's copy of a record they may not see"));
            throw new AccessDeniedException(who.name() + " (" + Accounts.rolesText(who.roles()) + ") may give the "
                    + "patient's copy only of a record they may see, or of a consent they recorded themselves today; "
                    + id + " is neither. Nothing was given");
        }
        return c;
    }

    /**
     * Whether the signed-in person recorded consent {@code id} ({@code created}) today, in the clinic's calendar. The
     * audit trail's {@code created} entry decides; the row's {@code recordedAt} only spares searching it for a record
     * of another day, and one that cannot be read (changed with SQL) spares nothing: the entry still decides, never a
     * raw parse error.
     */
    private boolean recordedTodayBySignedIn(String id, String recordedAt) throws StoreException {
        java.time.LocalDate today = clinicClock().today();
        java.time.LocalDate recordedOn;
        try {
            recordedOn = clinicClock().day(DamagedRow.instant(recordedAt, "record " + id, "record", id,
                    "recorded_at", SqlRecordsIndex.RECORDED_AT_REPAIR));
        } catch (DamagedRow e) {
            recordedOn = null;
        }
        if (recordedOn != null && !recordedOn.equals(today)) {
            return false; // the audit log is searched only for today's records: from its end
        }
        try {
            AuditLog.Entry created = stores.auditTrail().newest(new AuditTrailStore.Kind("created", id));
            return created != null && created.actor().startsWith(who.name() + " [")
                    && clinicDay(created.at()).equals(today);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /** The archived PDF's bytes, checked against the index: a copy is never given of a file that was altered. */
    private byte[] checkedPdf(CopySource c) throws StoreException {
        Path f = archivedFile(c.id(), c.archived().path());
        byte[] bytes;
        try {
            bytes = stores.documents().read(c.archived().path());
        } catch (DocumentArchive.NotADocumentName e) { // inside the archive, but not YYYY/MM/ID.pdf
            throw new StoreException("record " + c.id() + ": " + notADocument(c.archived().path()) + "; no copy was "
                    + "given (run records verify)", e);
        } catch (IOException e) {
            throw new StoreException("record " + c.id() + " (" + f + "): the archived PDF cannot be read: "
                    + describe(e) + "; no copy was given (run records verify)", e);
        }
        if (bytes.length != c.archived().size() || !sha256(bytes).equals(c.archived().sha256())) {
            throw new StoreException("record " + c.id() + " (" + f + "): the archived PDF was altered (its SHA-256 "
                    + "no longer matches the index); no copy was given (run records verify)");
        }
        return bytes;
    }

    /**
     * The signed PDF of a record (a consent or a withdrawal), to print as the patient's copy: exactly the archived
     * file's bytes, checked against the index. Reading it is not audited by itself; the print is, once the printer
     * has taken it ({@link #patientCopyPrinted}).
     *
     * @throws AccessDeniedException unless the person may give this record's copy (see {@link
     *                               Permission#ISSUE_PATIENT_COPY})
     * @throws RefusedException      for an unknown record
     * @throws StoreException        when the archived file is missing, unreadable or altered
     */
    public byte[] patientCopy(String id) throws StoreException {
        return checkedPdf(copySource(id));
    }

    /**
     * Saves the patient's copy of a record (the signed PDF, byte for byte) to {@code out}, outside the data
     * directory: the file is the patient's, not the archive. Audited ({@code patient-copy-saved}: the file and its
     * SHA-256, which is the archived record's).
     *
     * @param out       the file to write; a file inside the data directory is refused ({@link RefusedException})
     * @param overwrite whether an existing file may be replaced (else {@link ConflictException})
     * @return the file written
     */
    public Path savePatientCopy(String id, Path out, boolean overwrite) throws StoreException {
        CopySource c = copySource(id);
        if (dir != null) { // another vendor's store has no folder on this device to keep files out of
            PatientCopies.refuseInsideDataDirectory(out, dir.root(), "The patient's copy");
        }
        byte[] pdf = checkedPdf(c);
        placeAudited(PatientCopies.prepare(out, pdf, overwrite, "the patient's copy"), "patient-copy-saved", id, Json.of("file", out.toAbsolutePath().normalize().toString(),
                "sha256", c.archived().sha256(), "bytes", pdf.length));
        return out;
    }

    /**
     * Audits ({@code patient-copy-printed}) that the patient's copy of a record was handed to a printer.
     *
     * @param printer the printer's name as the system gives it
     * @param pages   the number of pages printed
     */
    public void patientCopyPrinted(String id, String printer, int pages) throws StoreException {
        CopySource c = copySource(id);
        appendAudit("patient-copy-printed", id, Json.of("printer", printer, "pages", pages, "sha256",
                c.archived().sha256()));
    }

    /**
     * The take-home card of a consent ({@link org.exoconsent.consent.TakeHomeCard}, laid out by
     * {@link org.exoconsent.pdf.TakeHomeCardRenderer}): one A6 page in the patient's language with Japanese
     * underneath, with the clinic's contact as the catalog has it now. A withdrawn consent's card is given too,
     * marked "consent withdrawn on DATE": a treatment may have been given before the withdrawal, and the advice on
     * blood donation then still holds. Not audited by itself: saving or printing it is ({@code card-issued}).
     *
     * @throws RefusedException for an unknown record or a withdrawal document (the card is the consent's)
     */
    public byte[] takeHomeCard(String id) throws StoreException {
        return card(copySource(id)).pdf();
    }

    /** Why a document that is not a consent has no take-home card, naming what it is. */
    private static String noCard(CopySource c) {
        return "refusal".equals(c.kind())
                ? c.id() + ": is an informed refusal (the patient declined the treatment after the explanation); it has "
                        + "no take-home card"
                : c.id() + ": is a " + c.kind() + " document; the take-home card is the consent's (" + c.refersTo()
                        + ")";
    }

    /** A card and what its audit entry says of it. */
    private record Card(byte[] pdf, org.exoconsent.consent.TakeHomeCard card) {
    }

    private Card card(CopySource c) throws StoreException {
        if (!"consent".equals(c.kind())) {
            throw new RefusedException(noCard(c) + "; nothing was given");
        }
        ConsentSession consent;
        try {
            consent = SessionJson.read(c.snapshot().getBytes(java.nio.charset.StandardCharsets.UTF_8), c.id());
        } catch (SessionException e) {
            throw new StoreException(c.id() + ": the recorded snapshot cannot be read: " + e.getMessage(), e);
        }
        java.time.LocalDate withdrawnOn = withdrawnOn(c);
        // the clinic and the product as the catalog writes them now in each language of the card (issue 12 §2)
        // not the lots: another lot's expiry that cannot be read must not stop this card (attack review of 2026-12-01)
        Catalog.Clinic now = clinic();
        List<Catalog.Product> products;
        try {
            products = stores.catalog().products();
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        Catalog.Product product = consent.treatment() == null || consent.treatment().product() == null ? null
                : products.stream().filter(p -> p.name().equals(consent.treatment().product().listedAs()))
                .findFirst().orElse(null);
        org.exoconsent.consent.TakeHomeCard card = org.exoconsent.consent.TakeHomeCard.of(consent,
                language -> now == null ? null : now.snapshot(language),
                language -> product == null || product.text(language) == null ? null : product.text(language).name(),
                withdrawnOn, clinicClock());
        try {
            return new Card(new org.exoconsent.pdf.TakeHomeCardRenderer("ExoConsent").render(card), card);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new RefusedException(c.id() + ": " + e.getMessage(), e);
        }
    }

    /** The day a consent was withdrawn, from its withdrawal document; null when it was not withdrawn. */
    private java.time.LocalDate withdrawnOn(CopySource c) throws StoreException {
        if (!"withdrawn".equals(c.status())) {
            return null;
        }
        try {
            List<RecordsIndex.Indexed> w = stores.recordsIndex().withdrawalsOf(c.id());
            return w.isEmpty() ? null : java.time.LocalDate.parse(new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(w.get(0).snapshot()).path("date").asText());
        } catch (SQLException e) {
            throw dbFailure(e);
        } catch (IOException | java.time.DateTimeException e) {
            throw new StoreException(c.id() + ": the date of its withdrawal cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Saves the take-home card of a consent to {@code out}, outside the data directory. Audited ({@code
     * card-issued}: the file, the card's languages, and the withdrawal date when the consent was withdrawn).
     *
     * @param out       the file to write; a file inside the data directory is refused ({@link RefusedException})
     * @param overwrite whether an existing file may be replaced (else {@link ConflictException})
     * @return the file written
     */
    public Path saveTakeHomeCard(String id, Path out, boolean overwrite) throws StoreException {
        CopySource c = copySource(id);
        if (dir != null) { // another vendor's store has no folder on this device to keep files out of
            PatientCopies.refuseInsideDataDirectory(out, dir.root(), "The take-home card");
        }
        Card card = card(c);
        placeAudited(PatientCopies.prepare(out, card.pdf(), overwrite, "the take-home card"), "card-issued", id, Json.of("file", out.toAbsolutePath().normalize().toString(), "languages",
                String.join(",", card.card().languages()), "withdrawn", card.card().withdrawnOn() == null ? null
                        : card.card().withdrawnOn().toString()));
        return out;
    }

    /**
     * Audits ({@code card-issued}) that a consent's take-home card was handed to a printer.
     *
     * @param printer the printer's name as the system gives it
     */
    public void takeHomeCardPrinted(String id, String printer) throws StoreException {
        CopySource c = copySource(id);
        if (!"consent".equals(c.kind())) {
            throw new RefusedException(noCard(c));
        }
        java.time.LocalDate withdrawn = withdrawnOn(c);
        appendAudit("card-issued", id, Json.of("printer", printer, "languages", String.join(",",
                org.exoconsent.consent.TakeHomeCard.languages(c.language())), "withdrawn", withdrawn == null ? null
                        : withdrawn.toString()));
    }

    /** The clinic's settings (reflection time, idle lock, time zone). */
    public Settings settings() throws StoreException {
        require(Permission.READ_CATALOG);
        try {
            return stores.settings().read();
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /** Changes one setting; the value is range-checked first; audited with the old and the new value. */
    public void setSetting(Settings.Key key, int value) throws StoreException {
        require(Permission.MANAGE_SETTINGS);
        key.parse(Integer.toString(value));
        Settings now = settings();
        Object old; // a damaged value (the repair) is audited as it was stored
        try {
            old = now.damage(key) == null ? now.get(key) : stores.settings().stored().get(key.settingName());
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        changeAudited("settings:changed", key.settingName(), Json.of("from", old, "to", value),
                () -> stores.settings().write(key, value));
    }

    /**
     * Changes the clinic's time zone (administrators); audited {@code settings:changed} with the old and the new
     * zone. From then on every time is recorded, counted and shown in it; what was recorded before keeps its
     * instants (and the signed PDFs their printed times).
     *
     * @param zone a region id, as {@link Settings#parseTimeZone} checks it (the command line and the app parse the
     *             typed text with it, so an unknown id is refused there, naming the value)
     */
    public void setTimeZone(java.time.ZoneId zone) throws StoreException {
        require(Permission.MANAGE_SETTINGS);
        java.time.ZoneId checked = Settings.parseTimeZone(zone == null ? null : zone.getId());
        Settings now = settings();
        String old = now.isDefaultTimeZone() ? ClinicClock.DEFAULT_ZONE.getId() + " (default)"
                : now.storedTimeZone();
        changeAudited("settings:changed", Settings.TIME_ZONE, Json.of("from", old, "to", checked.getId()),
                () -> stores.settings().writeTimeZone(checked));
        useClinicClock(ClinicClock.of(clock, checked));
    }

    /**
     * A patient of earlier consents, with their latest details and their last consent (its document id, the day it
     * was signed in the clinic's calendar, and its template version: a returning patient reads what changed since):
     * what the start screen fills in when the physician picks an existing patient.
     *
     * @param dateOfBirth         the last consent's stored birth date; null when it cannot be read ({@code damage})
     * @param lastConsultationDay the last consent's day; null when its stored time cannot be read ({@code damage})
     * @param representative      the legal representative of the last consent as its session recorded them (the
     *                            relationship mapped to the list for a session of schema 1 or 2), or null when there
     *                            was none or the session could not be read; carried to a new consultation, editable
     *                            (issue 16 §7)
     * @param language            the language of the last consent (its template language, e.g. {@code ja}); carried
     *                            over too
     * @param damage              each stored value of the last consent's row that cannot be read (changed with SQL),
     *                            named as {@link DamagedRow} names it (table, row, column, value, repair); empty for
     *                            an intact row. A damaged patient is still found (one damaged row stops no search),
     *                            but must not fill in a form: {@link #damaged()}
     */
    public record KnownPatient(String patientNumber, String name, String kana, java.time.LocalDate dateOfBirth,
                               String phone, String address, java.time.LocalDate lastConsultationDay,
                               String lastConsentId, String lastTemplateVersion,
                               ConsentSession.Representative representative, String language,
                               List<String> damage) {
        /** The damage as a list that cannot change; null reads as none. */
        public KnownPatient {
            damage = damage == null ? List.of() : List.copyOf(damage);
        }

        /** An intact patient's details (no damage). */
        public KnownPatient(String patientNumber, String name, String kana, java.time.LocalDate dateOfBirth,
                            String phone, String address, java.time.LocalDate lastConsultationDay,
                            String lastConsentId, String lastTemplateVersion,
                            ConsentSession.Representative representative, String language) {
            this(patientNumber, name, kana, dateOfBirth, phone, address, lastConsultationDay, lastConsentId,
                    lastTemplateVersion, representative, language, List.of());
        }

        /**
         * Whether a stored value of the last consent could not be read ({@link #damage} names it): the patient is
         * listed, marked, but their details must not fill in a form (the birth date or the last consent's day is
         * unknown).
         */
        public boolean damaged() {
            return !damage.isEmpty();
        }

        /** The patient's last consent, as a session names it. */
        public ConsentSession.LastConsent lastConsent() {
            return new ConsentSession.LastConsent(lastConsentId, lastConsultationDay, lastTemplateVersion);
        }
    }

    /**
     * Patients of earlier consents whose number starts with, or whose name or reading contains, the text; the
     * latest details of each (their last consent's, with its signed corrections applied; the search itself matches
     * the consents' own values), newest first. Patient numbers are compared by {@link Identifiers#key} (０００１２３
     * finds 000123, p-000123 finds P-000123), and one patient is one key, whichever way each consent wrote it.
     * A patient whose last consent holds a birth date or consultation time that cannot be read (changed with SQL) is
     * still found, {@link KnownPatient#damaged() marked} and the damage named; the others as usual. Audited, since
     * it shows patient data (how many were found, and how many of them were damaged when any were).
     */
    public List<KnownPatient> findPatients(String text, int limit) throws StoreException {
        require(Permission.CONSULT);
        String q = text == null ? "" : text.strip();
        if (q.isEmpty()) {
            return List.of();
        }
        List<KnownPatient> out;
        try {
            out = stores.recordsIndex().patients(q, limit, clinicClock());
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        long damaged = out.stream().filter(KnownPatient::damaged).count();
        audit("patient-search", q, damaged == 0 ? Json.of("found", out.size())
                : Json.of("found", out.size(), "damaged", damaged));
        return out;
    }

    private interface SqlWork {
        void run() throws SQLException, StoreException;
    }

    private void changeCatalog(String action, String subject, String details, SqlWork work) throws StoreException {
        changeCatalog(action, subject, details, subject, work);
    }

    /** A catalog change; {@code what} names the entry in the refusal when it would duplicate one. */
    private void changeCatalog(String action, String subject, String details, String what, SqlWork work)
            throws StoreException {
        require(Permission.MANAGE_CATALOG);
        changeAudited("catalog:" + action, subject, details, what, work);
    }

    private void changeAudited(String action, String subject, String details, SqlWork work) throws StoreException {
        changeAudited(action, subject, details, subject, work);
    }

    /**
     * Runs a change and its audit entry in one transaction. A change that would duplicate a unique entry is refused
     * with a ConflictException naming {@code what}.
     */
    private void changeAudited(String action, String subject, String details, String what, SqlWork work)
            throws StoreException {
        try {
            write(() -> {
                work.run();
                return auditLog.appendTracked(clock.instant(), actor, action, subject, details);
            });
        } catch (SQLException ex) {
            if (duplicate(ex)) {
                throw new ConflictException(what + ": " + (action.startsWith("user-")
                        ? "an account of this name exists already (names are compared in their plain form, ignoring case)"
                        : action.startsWith("catalog:") ? "is already in the catalog" : "exists already")
                        + "; nothing was changed", ex);
            }
            throw dbFailure(ex);
        }
    }

    /**
     * Whether {@code ex}, or an exception it wraps, is a unique key the change would duplicate: SQLite's
     * {@code UNIQUE constraint failed} (or the lot trigger's {@code RAISE(ABORT, 'UNIQUE: …')}, V12), PostgreSQL's
     * SQLSTATE 23505 {@code unique_violation} (attack review of 2026-12-01: on PostgreSQL a duplicate account name or
     * licence number ended in the server's raw message, exit 4).
     */
    static boolean duplicate(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException q && ("23505".equals(q.getSQLState())
                    || String.valueOf(q.getMessage()).contains("UNIQUE"))) {
                return true;
            }
        }
        return false;
    }

    /** How many consents match the filter. */
    public long count(RecordFilter filter) throws StoreException {
        require(Permission.VIEW_RECORDS);
        try {
            return stores.recordsIndex().count(filter, who.ownRecordsOnly());
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * One page of the records that match the filter and how many match in all, both read from one snapshot of the
     * store (so a page never shows rows its total does not count while other devices record); audited as
     * {@link #list} is ({@code records-viewed}).
     *
     * @param offset the first row, from 0
     * @param limit  how many rows at most
     * @throws AccessDeniedException when the person may not see records
     */
    public Listed listWithTotal(RecordFilter filter, int offset, int limit) throws StoreException {
        require(Permission.VIEW_RECORDS);
        Listed listed;
        try {
            listed = read(() -> new Listed(stores.recordsIndex().list(filter, who.ownRecordsOnly(), clinicClock(),
                    offset, limit), stores.recordsIndex().count(filter, who.ownRecordsOnly())));
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        appendAudit("records-viewed", filter.describe(), Json.of("offset", offset, "rows", listed.rows().size()));
        return listed;
    }

    /** A page of records ({@link #listWithTotal}) and how many records match the filter in all. */
    public record Listed(List<RecordRow> rows, long total) {
    }

    /** One page of the consents that match the filter, newest consultation first (for the manager's table). */
    public List<RecordRow> list(RecordFilter filter, int offset, int limit) throws StoreException {
        require(Permission.VIEW_RECORDS);
        List<RecordRow> rows;
        try {
            rows = stores.recordsIndex().list(filter, who.ownRecordsOnly(), clinicClock(), offset, limit);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        // records are patient data: who looked at which, and how many, is kept
        appendAudit("records-viewed", filter.describe(), Json.of("offset", offset, "rows", rows.size()));
        return rows;
    }

    /**
     * Every consent that used a lot (optionally of one product), with the patient's contact data; audited. The lot
     * is compared by {@link Identifiers#key}: LOT-2026-07A finds a consent recorded with ＬＯＴ－２０２６－０７Ａ. When
     * nothing is found, {@link #nearestLots} says whether the lot exists and which lot numbers are near it.
     */
    public List<RecordRow> recall(String lot, String product) throws StoreException {
        require(Permission.EXPORT, "recall a lot");
        List<RecordRow> rows;
        try {
            rows = stores.recordsIndex().recall(lot, product, clinicClock());
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        audit("lot-recall", lot, Json.of("product", product, "records", rows.size()));
        return rows;
    }

    /**
     * What a lot number that found no consent may have been meant as (issue 14 §5): whether the catalog or a consent
     * holds it, and the {@code limit} nearest other lot numbers, with their product and how many consents (that this
     * person may see) used each. Not audited: it shows no patient's data.
     */
    public NearestLots nearestLots(String lot, String product, int limit) throws StoreException {
        require(Permission.VIEW_RECORDS);
        try {
            return NearestLots.find(stores.recordsIndex(), lot, product, who.ownRecordsOnly(), limit);
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * Audits ({@code draft-restarted}) that a draft begun on template version {@code from} restarts from its first
     * section on version {@code to}, because {@code reason}: {@code contains-errors} (the version was found to
     * contain errors) or {@code not-confirmed} (begun before the physician's confirmation was recorded: schema 1).
     */
    public void draftRestarted(String draftId, String from, String to, String reason) throws StoreException {
        require(Permission.CONSULT);
        appendAudit("draft-restarted", draftId, Json.of("from", from, "to", to, "reason", reason));
    }

    /** The audit action of a draft kept on a device's own cache and brought to the store (issue 17 §3). */
    public static final String DRAFT_RESTORED_FROM_DEVICE = "draft-restored-from-device";

    /**
     * What became of a draft kept on a device when it was brought to the store: written as the draft
     * ({@code setAsideAs} null), or kept among the abandoned drafts under {@code setAsideAs} because {@code why}; at
     * the instant {@code at} (the store's clock: the draft's {@code savedAt} there).
     */
    public record FromDevice(String draftId, String setAsideAs, String why, Instant at) {
        /** Whether it is the store's draft now (else it was set aside beside whatever the store has). */
        public boolean asTheDraft() {
            return setAsideAs == null;
        }
    }

    /**
     * Brings a draft kept on a device's own cache while the store could not be reached ({@link DeviceDraftCache},
     * issue 17 §3) into the store, as a draft (never recorded: a physician records), with the audit entry
     * {@value #DRAFT_RESTORED_FROM_DEVICE} (subject the draft's id; the device, when it was kept there, when the
     * device last saved it in the store, and the outcome) in the same write. The safe rule: the device's copy
     * becomes the draft only when the store's draft is as the device last saw it — the same {@code savedAt} as
     * {@link DeviceDraftCache.Cached#savedInStore}, or, for a draft that never reached the store, no draft there —
     * and no other device holds it (not lapsed). Otherwise (changed meanwhile on another device, taken over, recorded,
     * ended or set aside) nothing of the store is overwritten: the device's copy is kept among the abandoned drafts
     * ({@link Drafts#setAsideInWrite}), beside what the store has, with the reason. The caller deletes its local copy
     * only after this returns (the write committed).
     *
     * @param holder the device that holds the draft from now (the open wizard's), or null (restored from the home
     *               screen: held by nobody)
     * @return what became of it
     * @throws AccessDeniedException when the signed-in person may not {@link Permission#CONSULT} (audited)
     * @throws StoreException        when the store cannot be written (nothing changed)
     */
    public FromDevice draftRestoredFromDevice(DeviceDraftCache.Cached cached, Device holder) throws StoreException {
        require(Permission.CONSULT);
        String id = DraftStore.checkedName(cached.draftId());
        FromDevice[] outcome = new FromDevice[1];
        auditRepairs();
        audited(() -> {
            Instant now = clock.instant();
            String why = null;
            if (exists(id)) {
                why = "it was recorded meanwhile";
            } else {
                DraftStore.Draft there;
                try {
                    there = stores.drafts().load(id);
                } catch (RefusedException none) {
                    there = null;
                }
                if (there == null && cached.savedInStore() != null) {
                    why = "the store no longer has it as a draft (recorded, ended or set aside meanwhile)";
                } else if (there != null && !there.savedAt().equals(cached.savedInStore())) {
                    why = "it was changed in the store since this device last saved it (saved there at "
                            + there.savedAt() + (there.savedBy() != null ? " by " + there.savedBy().label()
                            : there.hold() == null ? "" : " by " + there.hold().device().label()) + ")";
                } else if (there != null && there.heldElsewhere(cached.device(), now) != null) {
                    DraftStore.Hold h = there.heldElsewhere(cached.device(), now);
                    why = "another device holds it (" + h.device().label() + " since " + h.since() + ")";
                } else if (there != null && holder != null && there.heldElsewhere(holder, now) != null) {
                    DraftStore.Hold h = there.heldElsewhere(holder, now);
                    why = "another device holds it (" + h.device().label() + " since " + h.since() + ")";
                }
            }
            String asideAs = null;
            if (why == null) {
                stores.drafts().saveInWrite(cached.session(), cached.patientMode(), holder,
                        new Drafts.Seen(cached.savedInStore()), now);
            } else {
                asideAs = stores.drafts().setAsideInWrite(cached.session(), cached.patientMode(), "kept on device "
                        + cached.device().label() + " while the store could not be reached; not made the draft: "
                        + why, now);
            }
            outcome[0] = new FromDevice(id, asideAs, why, now);
            Object[] details = {"device", cached.device().id(), "device-label", cached.device().label(), "kept-at",
                cached.cachedAt().toString(), "last-saved-in-store", cached.savedInStore() == null ? null
                        : cached.savedInStore().toString(), "signatures", cached.session().signatures() == null ? 0
                        : cached.session().signatures().size(), "outcome", asideAs == null ? "the draft"
                        : "set aside as " + asideAs, "why", why};
            return auditLog.appendTracked(now, actor, DRAFT_RESTORED_FROM_DEVICE, id, Json.of(why == null
                    ? java.util.Arrays.copyOf(details, details.length - 2) : details));
        });
        return outcome[0];
    }

    /** The audit action of a wizard's copy of a draft set aside because the draft changed elsewhere (issue 17 §3). */
    public static final String DRAFT_CHANGED_ELSEWHERE = "draft-changed-elsewhere";

    /**
     * Keeps a device's copy of a draft that the store refused to save over ({@link DraftChangedElsewhereException}: a
     * desk whose hold lapsed while it slept, the tablet having saved the draft since) among the abandoned drafts
     * ({@link Drafts#setAsideInWrite}, with the reason), beside the store's draft, which is left exactly as it is; with
     * the audit entry {@value #DRAFT_CHANGED_ELSEWHERE} (subject the draft's id; this device, when it last saw the
     * draft, when and by which device it was saved since, the copy's signatures' count, where it is kept) in the same
     * write. Nothing is overwritten: the physician reopens the store's draft and may read the copy set aside.
     *
     * @param session     the device's copy (what its wizard held)
     * @param patientMode whether its wizard was in patient mode
     * @param device      the device whose save was refused
     * @param refused     the refusal, naming what changed
     * @return what became of the copy: set aside ({@link FromDevice#setAsideAs}), {@code why} the refusal's words
     * @throws AccessDeniedException when the signed-in person may not {@link Permission#CONSULT} (audited)
     * @throws StoreException        when the store cannot be written (nothing changed)
     */
    public FromDevice draftChangedElsewhere(ConsentSession session, boolean patientMode, Device device,
                                            DraftChangedElsewhereException refused) throws StoreException {
        require(Permission.CONSULT);
        String id = DraftStore.checkedName(session.id());
        FromDevice[] outcome = new FromDevice[1];
        auditRepairs();
        audited(() -> {
            Instant now = clock.instant();
            String why = refused.savedAt() == null
                    ? "the store no longer has it as a draft (recorded, ended or set aside meanwhile)"
                    : "it was saved in the store at " + refused.savedAt() + " by "
                            + (refused.savedBy() == null ? "another program" : refused.savedBy().label())
                            + " since this device last saw it";
            String asideAs = stores.drafts().setAsideInWrite(session, patientMode, "open on device "
                    + device.label() + "; not saved over the store's draft: " + why, now);
            outcome[0] = new FromDevice(id, asideAs, why, now);
            return auditLog.appendTracked(now, actor, DRAFT_CHANGED_ELSEWHERE, id, Json.of("device", device.id(),
                    "device-label", device.label(), "last-seen", refused.lastSeen() == null ? null
                            : refused.lastSeen().toString(), "saved-at", refused.savedAt() == null ? null
                            : refused.savedAt().toString(), "saved-by", refused.savedBy() == null ? null
                            : refused.savedBy().id(), "saved-by-label", refused.savedBy() == null ? null
                            : refused.savedBy().label(), "signatures", session.signatures() == null ? 0
                            : session.signatures().size(), "outcome", "set aside as " + asideAs));
        });
        return outcome[0];
    }

    /**
     * Takes draft {@code draftId} over for {@code device} (issue 17 §3: the tablet takes over the draft prepared on
     * the desk, staff told where it is open) and, when another device held it (not lapsed), audits
     * {@code draft-taken-over} with both devices ({@code from}, {@code from-label}, {@code held-since}, {@code to},
     * {@code to-label}) in the same write; the hold changes last, so a failure before leaves it where it was.
     *
     * @return the hold taken over, or null when none was (the draft was free, lapsed or already {@code device}'s)
     * @throws RefusedException      when there is no such draft
     * @throws AccessDeniedException when the signed-in person may not {@link Permission#CONSULT} (audited)
     */
    public DraftStore.Hold draftTakenOver(String draftId, Device device) throws StoreException {
        require(Permission.CONSULT);
        DraftStore.checkedName(draftId);
        DraftStore.Hold[] taken = new DraftStore.Hold[1];
        auditRepairs();
        audited(() -> {
            java.time.Instant now = clock.instant();
            DraftStore.Hold before = DraftStore.previous(stores.drafts().load(draftId).hold(), device, now);
            AuditLog.Entry e = before == null ? null : auditLog.appendTracked(now, actor, "draft-taken-over",
                    draftId, Json.of("from", before.device().id(), "from-label", before.device().label(),
                            "held-since", before.since().toString(), "to", device.id(), "to-label", device.label()));
            taken[0] = stores.drafts().takeOverInWrite(draftId, device, now);
            return e;
        });
        return taken[0];
    }

    /**
     * Audits the end of a consultation before it was recorded ({@code consultation-ended}, or {@code draft-abandoned}
     * for a draft discarded on the home screen; issue 16 §5) and, when {@code setAside}, moves its draft among the
     * abandoned drafts in the same write (kept with {@code reason} and the time, never deleted): either both happen or
     * neither. The entry's details are {@code details} with {@code draft}: {@code kept}, {@code set aside as NAME},
     * or {@code none} when there is no draft (ended on the start form before it was filled).
     *
     * @param details the entry's other details, as key and value pairs (reason, words, by, at, step …)
     * @return the name the draft is kept under among the abandoned drafts, or null when kept or there was none
     * @throws AccessDeniedException when the signed-in person may not {@link Permission#CONSULT} (audited)
     */
    public String consultationEnded(String action, String draftId, boolean setAside, String reason,
                                    Object... details) throws StoreException {
        require(Permission.CONSULT);
        if (draftId == null || !DraftStore.SAFE_ID.matcher(draftId).matches()) {
            throw new IllegalArgumentException("'" + draftId + "' cannot name a consultation");
        }
        String[] keptAs = new String[1];
        auditRepairs();
        audited(() -> {
            java.time.Instant now = clock.instant();
            String name = stores.drafts().asideName(draftId, now); // null: no draft
            Object[] all = java.util.Arrays.copyOf(details, details.length + 2);
            all[details.length] = "draft";
            all[details.length + 1] = name == null ? "none" : setAside ? "set aside as " + name : "kept";
            AuditLog.Entry e = auditLog.appendTracked(now, actor, action, draftId, Json.of(all));
            if (name != null && setAside) { // last: a failure before it leaves the draft where it was
                stores.drafts().abandonInWrite(draftId, name, reason, now);
                keptAs[0] = name;
            }
            return e;
        });
        return keptAs[0];
    }

    // --- the audit trail for an inspector (issue 13 §6; the work is in AuditTrail) -------------------------------

    /**
     * The newest {@code limit} entries of the audit trail that {@code filter} selects (times in the clinic's zone),
     * how many match in all, and the chain's head and verification. Whoever may export records may read it; each
     * reading is audited ({@code audit-viewed}, with the filter), as a page of records is.
     */
    public AuditTrail.View auditTrail(AuditTrail.Filter filter, int limit) throws StoreException {
        require(Permission.EXPORT, "read the audit trail");
        try {
            AuditTrail.View v = AuditTrail.view(auditLog, clinicClock(), filter, limit);
            appendAudit("audit-viewed", "audit trail", Json.of("filter", filter.describe(), "entries", v.total()));
            return v;
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /**
     * Writes the entries {@code filter} selects to {@code out} for an inspector: CSV (FILE.csv, Jackson CSV, UTF-8
     * with BOM) or PDF (FILE.pdf, headings in {@code language}), each with the clinic, the filter, the clinic's time
     * zone, the chain's head (newest sequence and hash) and whether the chain verifies. Complete or not at all; the
     * export is audited ({@code audit-exported}: format, filter, entries, file, SHA-256 and the head it printed).
     *
     * @throws RefusedException  for a file inside the data directory, of another extension, or in a missing folder
     * @throws ConflictException when the file exists and {@code overwrite} is false
     */
    public AuditTrail.Exported exportAuditTrail(AuditTrail.Filter filter, Path out, boolean overwrite,
                                                String language) throws StoreException {
        require(Permission.EXPORT, "export the audit trail");
        refuseInsideDataDirectory(out, "The audit trail");
        AuditTrail.Format format = AuditTrail.Format.of(out);
        String clinic = clinic().name(); // not catalog(): a damaged lot is not the trail's
        ClinicClock cc = clinicClock();
        byte[] bytes;
        long n;
        AuditTrail.Chain chain;
        try {
            List<AuditTrail.Entry> entries = new ArrayList<>();
            n = AuditTrail.each(stores.auditTrail(), cc, filter, entries::add);
            chain = AuditTrail.chain(auditLog);
            bytes = format == AuditTrail.Format.CSV
                    ? AuditTrail.csv(entries, AuditTrail.heading(clinic, filter, cc, actor, chain, n))
                    : AuditTrail.pdf(entries, clinic, filter, cc, actor, chain, language);
        } catch (SQLException e) {
            throw dbFailure(e);
        } catch (IOException e) {
            throw new StoreException(out + ": the audit trail cannot be written: " + e.getMessage(), e);
        }
        FileForTheClinic file = PatientCopies.prepare(out, bytes, overwrite, "the audit trail");
        String sha = sha256(bytes);
        String kind = format.name().toLowerCase(Locale.ROOT);
        placeAudited(file, "audit-exported", kind, Json.of("filter", filter.describe(), "entries", n, "file",
                out.toAbsolutePath().normalize().toString(), "sha256", sha, "head", chain.headSeq() + " "
                        + chain.headHash(), "verifies", chain.verifies()));
        return new AuditTrail.Exported(out, kind, n, bytes.length, sha, chain);
    }

    /** Appends an audit entry in its own transaction (as the signed-in person). */
    public void audit(String action, String subject, String details) throws StoreException {
        if (who == null) {
            throw new AccessDeniedException("not signed in");
        }
        appendAudit(action, subject, details);
    }

    /**
     * Writes the {@code permissions-repaired} audit entries (issue 14 §1) of what openings through this store's
     * {@link DataDirectory} object narrowed ({@link DataDirectory#keepPrivate}): the folder, how many files and
     * folders, those that could not be changed. Written just before the opening's next audit entry, as whoever acts
     * then (the signed-in person, or {@code sign-in:NAME} for a failed sign-in), or when a signed-in store is
     * closed having audited nothing else; never by an opening nobody signed in to (the app's first check for
     * accounts), whose write would come before a face listens for anchor problems: the repair then waits on the
     * {@code DataDirectory} for the sign-in that follows. One that cannot be written (a full disk) waits too.
     */
    private void auditRepairs() throws StoreException {
        if (dir == null) {
            return; // another vendor's store: no data directory was narrowed
        }
        List<OwnerOnly.Repair> waiting = new ArrayList<>(dir.takeUnaudited());
        try {
            while (!waiting.isEmpty()) {
                OwnerOnly.Repair r = waiting.get(0);
                audited(() -> auditLog.appendTracked(clock.instant(), actor,
                        "permissions-repaired", r.folder().toString(), Json.of("repaired", r.repaired(),
                                "notChanged", r.failed().isEmpty() ? null : r.failed())));
                waiting.remove(0);
            }
        } finally {
            for (int k = waiting.size() - 1; k >= 0; k--) {
                dir.keepUnaudited(waiting.get(k));
            }
        }
    }

    /**
     * Moves a file for the clinic into place with its audit entry, in one write (issue 15 §2): the entry appended
     * in SQLite's write lock, the file moved, then the commit. When the lock is not had ({@link BusyException}), the
     * entry cannot be written, the move fails or the commit fails, the file is removed (the temporary one, or the
     * one already moved) and the failure thrown: a file exists only with its entry.
     */
    private void placeAudited(FileForTheClinic file, String action, String subject, String details)
            throws StoreException {
        boolean done = false;
        try {
            auditRepairs();
            audited(() -> {
                AuditLog.Entry e = auditLog.appendTracked(clock.instant(), actor, action,
                        subject, details);
                file.place();
                return e;
            });
            done = true;
        } catch (BusyException e) {
            file.discard();
            throw new BusyException(place, file.target(), e.getCause());
        } catch (RefusedException | AccessDeniedException e) {
            file.discard();
            throw e;
        } catch (StoreException e) {
            if (!done && !e.getMessage().contains(STORED_BUT)) {
                file.discard();
                throw new StoreException(file.target() + " was not written: " + e.getMessage(), e);
            }
            throw e;
        } catch (RuntimeException e) {
            file.discard();
            throw e;
        }
    }

    /** Puts a file in place, whole or not at all (a temporary file moved into place), and returns where. */
    @FunctionalInterface
    public interface Placement {
        /** @throws IOException when it cannot be written; nothing is left behind */
        Path place() throws IOException;
    }

    /**
     * Writes a file outside the records (a rendered PDF, for instance) with its audit entry, in one write (issue 15
     * §2): {@code placement} runs in SQLite's write lock, the entry ({@code details} of the file placed) is appended,
     * then the commit. Kept waiting past the busy timeout, it writes nothing ({@link BusyException}); when the entry
     * or the commit fails, the file placed is deleted: a file exists only with its entry.
     *
     * @return the file placed
     * @throws IOException    when {@code placement} failed (nothing was written, nothing audited)
     * @throws StoreException when not signed in, busy, or the entry cannot be written (the file removed)
     */
    public Path placeAudited(String action, String subject, Placement placement,
                             java.util.function.Function<Path, String> details) throws IOException, StoreException {
        requireSignedIn();
        Path[] placed = new Path[1];
        try {
            auditRepairs();
            audited(() -> {
                try {
                    placed[0] = placement.place();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return auditLog.appendTracked(clock.instant(), actor, action, subject,
                        details.apply(placed[0]));
            });
            return placed[0];
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } catch (StoreException | RuntimeException e) {
            if (placed[0] != null && !(e instanceof StoreException se && se.getMessage().contains(STORED_BUT))) {
                try {
                    Files.deleteIfExists(placed[0]);
                } catch (IOException ignored) {
                    // the message below says the entry failed; a file that cannot be deleted is named there
                }
                if (e instanceof StoreException se) {
                    throw new StoreException(placed[0] + " was not kept: its audit entry could not be written: "
                            + se.getMessage(), se);
                }
            }
            throw e;
        }
    }

    /** How a write's failure after its commit begins (the head file and anchor not brought up to date). */
    private static final String STORED_BUT = ": the change is stored, but the audit trail's head file";

    private void requireSignedIn() throws AccessDeniedException {
        if (who == null) {
            throw new AccessDeniedException("not signed in");
        }
    }

    private void appendAudit(String action, String subject, String details) throws StoreException {
        appendAudit(clock.instant(), action, subject, details);
    }

    /** As {@link #appendAudit(String, String, String)}, the entry written at {@code at} (UTC). */
    private void appendAudit(Instant at, String action, String subject, String details) throws StoreException {
        auditRepairs();
        audited(() -> auditLog.appendTracked(at, actor, action, subject, details));
    }

    /** Work on the index that ends in an audit entry, which it returns (null: nothing was left to do). */
    private interface AuditedWork {
        AuditLog.Entry run() throws SQLException, StoreException;
    }

    /**
     * Runs {@code work} and its audit entry in one transaction (rolled back on any failure, the failure said in a
     * {@link StoreException}), then records the entry as the trail's head ({@link #writeHead}).
     */
    private AuditLog.Entry audited(AuditedWork work) throws StoreException {
        try {
            return write(work::run);
        } catch (SQLException ex) {
            throw dbFailure(ex);
        }
    }

    public long count() throws StoreException {
        require(Permission.VIEW_RECORDS);
        if (who.ownRecordsOnly() != null) {
            return count(RecordFilter.ALL);
        }
        try {
            return stores.recordsIndex().countAll();
        } catch (SQLException e) {
            throw dbFailure(e);
        }
    }

    /** For tests that attack the database file beneath the store (never used to write records). */
    SqliteStores sqliteStores() {
        return (SqliteStores) stores;
    }

    // --- transactions: readers beside the writer (issue 15 §2) ----------------------------------------------

    /** Work done in a transaction of this store; returns what it made (or null). */
    private interface Work<T> {
        T run() throws SQLException, StoreException;
    }

    /** What a write does right after its commit, in the write lock taken again at once. */
    private interface AfterCommit<T> {
        void run(T made) throws SQLException, StoreException;
    }

    /** Which transaction this store's connection is in: none, a read snapshot, or a write. */
    private enum InTransaction { NONE, READ, WRITE }

    private InTransaction inTransaction = InTransaction.NONE;
    /** The after-commit work of writes joined into the write under way. */
    private final List<Runnable> joinedAfter = new ArrayList<>();

    private <T> T write(Work<T> work) throws SQLException, StoreException {
        return write(work, null);
    }

    /**
     * A write that appends no audit entry (a sign-in's count of attempts, the look at the intent markers, the
     * verification's cross-checks): one {@code BEGIN IMMEDIATE} transaction, without bringing the head file or the
     * anchor up to date. Joins a write under way.
     */
    private <T> T writeUnaudited(Work<T> work) throws SQLException, StoreException {
        if (inTransaction == InTransaction.WRITE) {
            return work.run();
        }
        if (inTransaction == InTransaction.READ) {
            throw new IllegalStateException("a write inside a read snapshot");
        }
        beginWrite();
        try {
            T made = work.run();
            tx.commit();
            return made;
        } catch (SQLException | StoreException | RuntimeException e) {
            rollback();
            throw e;
        } finally {
            inTransaction = InTransaction.NONE;
        }
    }

    /**
     * Runs {@code work} in one write transaction ({@code BEGIN IMMEDIATE}: SQLite's write lock, waited for up to the
     * busy timeout, then {@link BusyException} and nothing changed), rolled back on any failure. First the audit
     * head file and the anchor are brought up to the newest committed entry ({@link #settle}: a program that
     * committed just before may not have written them yet); after the commit the lock is taken again at once for
     * {@code after} and the head and anchor of this write, so that they are written in commit order and no other
     * writer comes between. A write inside a write joins it.
     *
     * @throws IllegalStateException when called inside a read snapshot (a write there would see stale data)
     */
    private <T> T write(Work<T> work, AfterCommit<T> after) throws SQLException, StoreException {
        if (inTransaction == InTransaction.WRITE) {
            T made = work.run();
            if (after != null) {
                joinedAfter.add(() -> {
                    try {
                        after.run(made);
                    } catch (SQLException | StoreException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            return made;
        }
        if (inTransaction == InTransaction.READ) {
            throw new IllegalStateException("a write inside a read snapshot");
        }
        T made;
        List<Runnable> afterJoined;
        beginWrite();
        try {
            anchorReadInLock = false;
            settle(false, null);
            AuditHead.Head base = auditLog.newest();
            writeBase = base == null ? 0 : base.seq();
            made = work.run();
            tx.commit();
        } catch (SQLException | StoreException | RuntimeException e) {
            rollback();
            throw e;
        } finally {
            inTransaction = InTransaction.NONE;
            afterJoined = List.copyOf(joinedAfter);
            joinedAfter.clear();
        }
        // the change is committed: what follows must never say "nothing was changed"
        if (after == null && afterJoined.isEmpty() && stores.auditHead().changedWithItsEntry() && anchorReadInLock
                && anchorFile == null) {
            // nothing for a second transaction to do (issue 17 §5: the shared store committed twice per consent):
            // the head row committed with its entry, no work waits for after the commit, and no anchor was set
            // when this write took the lock (a device that sets one later anchors the head it finds, ours or after)
            writeBase = -1;
            return made;
        }
        for (int round = 0; round < 2; round++) {
            try {
                beginWrite();
            } catch (BusyException e) {
                throw new StoreException(place + STORED_BUT + " and "
                        + "anchor could not be brought up to date (another program kept the data directory busy); "
                        + "the next write does it", e);
            }
            boolean more;
            try {
                if (round == 0) {
                    if (after != null) {
                        after.run(made);
                    }
                    afterJoined.forEach(Runnable::run);
                }
                more = settle(true, made instanceof AuditLog.Entry e ? new AuditHead.Head(e.seq(), e.hash()) : null);
                tx.commit();
            } catch (SQLException e) {
                rollback();
                throw dbFailure(e);
            } catch (StoreException | RuntimeException e) {
                rollback();
                throw e;
            } finally {
                inTransaction = InTransaction.NONE;
            }
            if (!more) {
                break;
            }
        }
        writeBase = -1;
        return made;
    }

    /**
     * The trail's newest entry when the write under way began (after its first settle), or -1 outside one: the
     * entries after it are this write's own, committed and anchored together as one head, so an anchor that ends at
     * it missed nothing however many entries the write made.
     */
    private long writeBase = -1;

    private void beginWrite() throws SQLException, StoreException {
        tx.beginWrite();
        inTransaction = InTransaction.WRITE;
    }

    /**
     * Runs {@code work} in one read transaction: every query in it sees the same snapshot of the database, whatever
     * other programs commit meanwhile (WAL mode); it takes no lock and never makes a writer wait. Inside a
     * transaction already, it joins it.
     */
    private <T> T read(Work<T> work) throws SQLException, StoreException {
        if (inTransaction != InTransaction.NONE) {
            return work.run();
        }
        beginRead();
        try {
            return work.run();
        } finally {
            endRead();
        }
    }

    /** Starts a read snapshot ({@link #read}); ended by {@link #endRead}. */
    private void beginRead() throws SQLException {
        tx.beginRead();
        inTransaction = InTransaction.READ;
    }

    /** Ends the read snapshot, if one is open (nothing was written in it). */
    private void endRead() {
        if (inTransaction == InTransaction.READ) {
            inTransaction = InTransaction.NONE;
            rollback();
        }
    }

    /**
     * In the write lock: records the trail's newest committed entry as the head in the head file and in the anchor,
     * if the clinic set one (read again from the settings: another program may have set it) — only an entry that a
     * program of ours committed: the one the head file names as being committed ({@code next}: a damaged head is
     * never overwritten, see {@link AuditHead}), or {@code own}, this write's own entry. An entry added with
     * {@code sqlite3} is never anchored by it (the anchor would then vouch for it). Done at the start of every
     * audited write, for a program that committed and has not yet written them (or crashed before it), and right
     * after every commit ({@code afterCommit}).
     *
     * @return whether it appended an entry ({@code anchor-gap}) to the transaction, whose head is then to be settled
     */
    private boolean settle(boolean afterCommit, AuditHead.Head own) throws SQLException, StoreException {
        AuditHead.Head newest = auditLog.newest();
        if (newest == null) {
            return false;
        }
        boolean ours;
        try {
            ours = auditLog.writeHead(newest) || newest.equals(own);
        } catch (IOException ex) {
            if (diskFull(ex)) {
                // the full disk's message names the place already: one path per message
                throw new StoreException(fullDisk() + "; the audit entry is stored, the audit trail's head is not yet "
                        + "updated", ex);
            }
            throw new StoreException(stores.auditHead().name() + ": cannot be written: " + ex.getMessage()
                    + " (the record itself is stored)", ex);
        }
        if (!ours) {
            return false;
        }
        if (!staged) {
            try {
                anchorFile = stores.settings().read().anchor();
                anchorReadInLock = true;
            } catch (IllegalStateException ex) {
                // another setting is unusable (said where it is used); the anchor stays as it was read
            }
        } else {
            anchorReadInLock = true; // a staged copy has no anchor (restore)
        }
        return anchor(newest, afterCommit);
    }

    /** The anchor file, or null when none is set (read when the store opens, changed by {@link #setAnchor}). */
    private Path anchorFile;
    /**
     * Whether {@link #anchorFile} was read from the settings in the write lock of the write under way (by its first
     * {@link #settle}): only then may a write skip the transaction after its commit.
     */
    private boolean anchorReadInLock;
    /** Why the newest head could not be anchored, or null when it was (or no anchor is set). */
    private volatile String anchorProblem;
    /** The stored anchor's damage when it is no file's path ({@link Settings#anchorDamage}), else null. */
    private volatile String anchorDamage;
    /** Told each time the anchor goes from written to not written (or to another problem); never null. */
    private java.util.function.Consumer<String> anchorListener = problem -> { };

    /**
     * Whom to tell, at once, when the audit trail's head cannot be anchored (the command line prints it; the app
     * shows it): called once when a problem starts or changes, not for every write while it lasts.
     */
    public void onAnchorProblem(java.util.function.Consumer<String> listener) {
        anchorListener = listener == null ? problem -> { } : listener;
    }

    private void anchorProblem(String problem) {
        String before = anchorProblem;
        anchorProblem = problem;
        if (problem != null && !problem.equals(before)) {
            anchorListener.accept(problem);
        }
    }

    /**
     * Appends the head to the anchor, in the write lock ({@link #settle}), unless the anchor's newest line is this
     * head already (another program, or an earlier settle, wrote it). When the anchor cannot be written, says so
     * ({@link #anchorProblem()}) and carries on: the records are stored, and the next head written once the anchor
     * is back; the entries it missed are then audited as {@code anchor-gap} (appended to the transaction under way:
     * returns true). A head the anchor already has a later entry for (the store was rolled back) is still appended
     * and said.
     */
    private boolean anchor(AuditHead.Head e, boolean afterCommit) throws SQLException, StoreException {
        Path file = anchorFile;
        if (file == null) {
            anchorProblem = anchorDamage; // a stored anchor that is no path stays said
            return false;
        }
        String id = stores.settings().storeId();
        Anchor.Line last;
        try {
            last = Anchor.last(file);
            if (last != null && !last.store().equals(id)) {
                anchorProblem("the anchor " + file + " holds the heads of another store (" + last.store()
                        + "): the audit trail's new heads are not anchored; an administrator sets this store's own "
                        + "anchor file: exoconsent settings set anchor FILE");
                return false;
            }
            if (last != null && last.seq() == e.seq() && last.hash().equals(e.hash())) {
                anchorProblem = null;
                return false; // anchored already
            }
            if (resuming != null) {
                if (!afterCommit) {
                    return false; // the anchor is resumed with this write's own entry, after its commit
                }
                Anchor.appendRestored(file, id, e.seq(), e.hash(), clock.instant(), resuming.common());
                anchorProblem = null;
                return false; // the heads the anchor held after the common entry were recorded as lost (anchor-resumed)
            }
            Anchor.append(file, id, e.seq(), e.hash(), clock.instant());
        } catch (IOException ex) {
            anchorProblem("the anchor " + file + " cannot be written (" + describe(ex) + "): the audit trail's "
                    + "new heads (from entry " + e.seq() + ") are not anchored; they will be when the anchor is "
                    + "reachable again");
            return false;
        }
        if (last != null && last.seq() >= e.seq()) {
            anchorProblem("the anchor " + file + " had already recorded entry " + last.seq() + " (" + last.at()
                    + ") when this store wrote its entry " + e.seq() + ": another copy of this data directory went "
                    + "further, so this one was rolled back to an earlier copy or was restored beside it; run "
                    + "records verify");
            return false;
        }
        anchorProblem = null;
        // a gap: a committed head the anchor never had. After this write's commit the head before it must be the
        // anchor's (an informed refusal makes two entries in one write: 33 anchored, 35 the head, and no gap)
        long anchoredBefore = afterCommit && writeBase >= 0 ? writeBase : e.seq() - 1;
        if (last != null && last.seq() < anchoredBefore) {
            auditLog.appendTracked(clock.instant(), actor, "anchor-gap", "audit", Json.of(
                    "anchor", file.toString(), "anchoredUpTo", last.seq(), "resumedAt", e.seq()));
            return true;
        }
        return false;
    }

    /**
     * Why the audit trail's newest head is not in the anchor (unreachable, another store's file, a rolled-back
     * store), or null when it is or no anchor is set; for the command line and the home screen to say.
     */
    public String anchorProblem() {
        return anchorProblem;
    }

    /**
     * What is wrong with the audit trail's head or anchor, cheaply, for the command line and the home screen when a
     * store opens: the head file against the trail's newest entry, and an anchor that cannot be reached. Null when
     * nothing is.
     */
    public List<String> headNotices() throws StoreException {
        List<String> out = new ArrayList<>();
        try {
            String head = auditLog.headProblem();
            if (head != null) {
                out.add(head + "; run records verify");
            }
        } catch (SQLException ex) {
            throw dbFailure(ex);
        }
        Path file = anchorFile;
        if (anchorProblem != null) {
            out.add(anchorProblem);
        } else if (file != null && (file.getParent() == null || !Files.isDirectory(file.getParent()))) {
            out.add("the anchor's folder " + file.getParent() + " cannot be reached (is its disk or share "
                    + "mounted?): new heads of the audit trail cannot be anchored until it is");
        } else if (file != null && !Files.isWritable(Files.exists(file) ? file : file.getParent())) {
            out.add("the anchor " + file + " cannot be written (permission denied): new heads of the audit trail "
                    + "cannot be anchored until it can");
        }
        return out;
    }

    /**
     * Sets (or, given null, removes) the clinic's anchor file (administrators; audited; the new head is anchored at
     * once).
     *
     * @param file an absolute path outside the data directory, whose folder exists
     * @throws RefusedException naming the path when it is relative, inside the data directory, in a folder that does
     *                          not exist, or an existing file that is not this store's anchor
     */
    public void setAnchor(Path file) throws StoreException {
        setAnchor(file, false);
    }

    /**
     * As {@link #setAnchor(Path)}; with {@code afterRestore}, also for an anchor that holds heads this store's trail
     * does not hold — this data directory was restored from a backup (or is an older copy) and now replaces the
     * clinic's: the anchored entries after the last one both share are recorded as lost (audited
     * {@code anchor-resumed}, with them), and the anchor goes on from this store's head, marked {@code restoredFrom}.
     *
     * @throws RefusedException also when the anchor holds heads this trail lacks or differs from and
     *                          {@code afterRestore} is not given, naming them and the option
     */
    public void setAnchor(Path file, boolean afterRestore) throws StoreException {
        require(Permission.MANAGE_SETTINGS);
        Path checked = null;
        Anchor.Fork resumeFrom = null;
        if (file != null) {
            if (!file.isAbsolute()) {
                throw new RefusedException("anchor: '" + file + "' is not an absolute path; give the whole path of "
                        + "a file on another disk or a network share; nothing was changed");
            }
            checked = file.normalize();
            Path folder = checked.getParent();
            if (folder == null || !Files.isDirectory(folder)) {
                throw new RefusedException("anchor: the folder " + folder + " does not exist (mount the disk or "
                        + "share first); nothing was changed");
            }
            try {
                Path realFolder = folder.toRealPath();
                if (dir != null && realFolder.startsWith(dir.root().toRealPath())) {
                    throw new RefusedException("anchor: " + checked + " is inside the data directory " + dir.root()
                            + "; an anchor must be kept outside it (another disk or a network share), or it is "
                            + "rolled back with it; nothing was changed");
                }
                if (Files.isDirectory(checked)) {
                    throw new RefusedException("anchor: " + checked + " is a folder; name a file in it, e.g. "
                            + checked.resolve("exoconsent-anchor.jsonl") + "; nothing was changed");
                }
                Anchor.requirePlainFile(checked);
                Anchor.Line last = Anchor.last(checked);
                String id = stores.settings().storeId();
                if (last != null && !last.store().equals(id)) {
                    throw new RefusedException("anchor: " + checked + " holds the heads of another store ("
                            + last.store() + "); give each data directory its own anchor file; nothing was "
                            + "changed");
                }
                if (last != null) {
                    Anchor.Fork fork = Anchor.fork(stores.auditTrail(), Anchor.read(checked), id);
                    if (fork != null && !afterRestore) {
                        throw new RefusedException("anchor: " + checked + " recorded entries up to " + fork.anchoredUpTo()
                                + " (until " + fork.anchoredAt() + ") that this data directory's audit trail does not "
                                + "hold after entry " + fork.common() + ": it was restored from a backup or is an "
                                + "older copy. If it now replaces the clinic's data directory, give --after-restore "
                                + "(the anchored entries after " + fork.common() + " are recorded as lost); else set "
                                + "another anchor file; nothing was changed");
                    }
                    resumeFrom = fork == null ? null : fork;
                }
            } catch (IOException ex) {
                throw new RefusedException("anchor: " + checked + ": " + ex.getMessage() + "; nothing was changed");
            } catch (SQLException ex) {
                throw dbFailure(ex);
            }
        }
        Path old = anchorFile;
        String oldDamage = anchorDamage;
        Path to = checked;
        anchorFile = to;
        anchorDamage = null; // a damaged value is replaced (the repair)
        resuming = resumeFrom;
        try {
            if (resumeFrom != null) {
                changeAudited("anchor-resumed", Settings.ANCHOR, Json.of("anchor", to.toString(), "commonEntry",
                        resumeFrom.common(), "anchoredUpTo", resumeFrom.anchoredUpTo(), "lostEntries",
                        resumeFrom.anchoredUpTo() - resumeFrom.common()), () -> anchorWritten(to));
            } else {
                changeAudited("settings:changed", Settings.ANCHOR, Json.of("from", old == null ? null
                        : old.toString(), "to", to == null ? null : to.toString()), () -> anchorWritten(to));
            }
        } catch (StoreException | RuntimeException ex) {
            anchorFile = old;
            anchorDamage = oldDamage;
            throw ex;
        } finally {
            resuming = null;
        }
    }

    /**
     * Stores {@code to} as the anchor setting, in the write under way, and anchors to it from then on: the write's own
     * entry is appended to it after the commit. The write's first {@link #settle} had read the anchor set before
     * (none, for a first anchor), and a shared store skips the transaction after the commit when no anchor is set
     * ({@link #write}): the new anchor then stayed empty until the next write (the review of 2026-12-02 on
     * PostgreSQL, where the first {@code records verify} said it "cannot be reached").
     */
    private void anchorWritten(Path to) throws SQLException {
        stores.settings().writeAnchor(to);
        anchorFile = to;
    }

    /** A backup unpacked for a restore: its anchor is compared by the restore itself ({@link RestoreAnchor}). */
    private boolean staged;

    /** While {@link #setAnchor(Path, boolean)} resumes an anchor after a restore: where the two trails part. */
    private Anchor.Fork resuming;

    /**
     * Accepts the audit trail as it is as the new head (administrators; audited with what the head file held and
     * why): for a head file lost or replaced by accident, once the trail has been checked. Verification keeps
     * showing the acceptance; an anchor keeps showing any rollback it hid.
     *
     * @param reason why, in the administrator's words (required, one line)
     * @throws RefusedException when the head agrees with the trail (nothing to accept) or no reason is given
     */
    public void acceptHead(String reason) throws StoreException {
        require(Permission.MANAGE_SETTINGS);
        if (reason == null || reason.isBlank() || reason.contains("\n")) {
            throw new RefusedException("accept-head: give the reason on one line (--reason); nothing was changed");
        }
        try {
            write(() -> {
                String found = auditLog.headProblem();
                if (found == null) {
                    throw new RefusedException("accept-head: the head file agrees with the audit trail; nothing to "
                            + "accept, nothing was changed");
                }
                return auditLog.append(clock.instant(), actor, "audit-head-accepted", "audit",
                        Json.of("found", found, "reason", reason.strip()));
            }, e -> {
                try { // after the commit, in the write lock again (then the anchor, by settle)
                    auditLog.forceHead(e);
                } catch (IOException ex) {
                    throw new StoreException(stores.auditHead().name() + ": cannot be written: " + ex.getMessage(),
                            ex);
                }
            });
        } catch (SQLException ex) {
            throw dbFailure(ex);
        }
    }

    /** An I/O failure in words a clinic can act on. */
    static String describe(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left") || m.contains("ENOSPC")) {
            return "the disk is full";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + m;
        }
        return e.getClass().getSimpleName() + ": " + m;
    }

    private void rollback() {
        tx.rollback();
    }

    private StoreException dbFailure(SQLException e) {
        return tx.failure(e);
    }

    /**
     * Whether a failure is a full disk: the file system's, a {@link DiskFull} said already, or a database failure
     * among its causes that the store says is one ({@link Transactions#failure}).
     */
    private boolean diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && tx.failure(s) instanceof DiskFull) {
                return true;
            }
        }
        return DiskFull.is(e);
    }

    /** Lower-case hex SHA-256 of a file's bytes, as the index and the manifests record it. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (who != null && !staged) {
                auditRepairs(); // a signed-in opening that audited nothing else still leaves the repair in the trail
            }
        } catch (StoreException | RuntimeException e) {
            // a full disk: kept on the DataDirectory; the opening's warning said it
        }
        stores.close();
    }
}
