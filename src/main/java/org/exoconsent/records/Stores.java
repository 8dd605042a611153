package org.exoconsent.records;

/**
 * The persistence beneath {@link RecordStore}, area by area (issue 15 §1): one opening of a clinic's store, its
 * transactions and one store interface per area (records index, audit trail, document archive, accounts, catalog,
 * settings, template versions, drafts, signing keys). {@code RecordStore} and the use cases above it reach the
 * database only through these; each database vendor implements them ({@link SqliteStores} for the embedded SQLite
 * data directory; the PostgreSQL store of issue 17 beside it). Every area method runs in the transaction its caller
 * opened with {@link #transactions()} and says a database failure as a {@link java.sql.SQLException}, which the
 * caller turns into words with {@link Transactions#failure}.
 */
public interface Stores extends AutoCloseable {
    /** The transactions of this opening: every area below works inside the one its caller began. */
    Transactions transactions();

    /** The clinic's settings. */
    SettingsStore settings();

    /** The accounts: who may sign in, their roles, password hashes and sign-in failures. */
    AccountStore accounts();

    /** The registry of the clinic's signing keys (fingerprints, certificates, the period each signs). */
    SigningKeyStore signingKeys();

    /** The records index: consents, withdrawals and corrections as indexed, and what lists, recalls and exports read. */
    RecordsIndex recordsIndex();

    /**
     * The signed PDFs by archive name ({@link DocumentArchive}); its writes are made while the caller holds the
     * write lock ({@link Transactions#beginWrite}).
     */
    DocumentArchive documents();

    /**
     * The consultations in progress ({@link Drafts}); each change takes this opening's write lock for its moment
     * (call it outside a transaction of this opening).
     */
    Drafts drafts();

    /** The consistent copy of the database a backup holds, and the facts a restore checks ({@link Backups}). */
    Backups backups();

    /** The audit trail's entries (the chain over them is {@link AuditLog}'s). */
    AuditTrailStore auditTrail();

    /**
     * The audit chain's head, kept apart from the entries (issue 13 §3, issue 17 §3): SQLite's head file, PostgreSQL's
     * {@code audit_head} row; read and written by {@link AuditLog} alone, in the caller's write lock.
     */
    AuditHeadStore auditHead();

    /** The clinic's catalog: its profile, physicians, products and lots, with their texts in other languages. */
    CatalogStore catalog();

    /** The index of the clinic's consent template versions: which it has, which is active, which contain errors. */
    TemplateVersionStore templateVersions();

    /** The files of the template versions the index names ({@link TemplateFileStore}), put in the write lock. */
    TemplateFileStore templateFiles();

    /**
     * The store's own clock, read now, for a store shared by several devices (issue 17 §2: the database server's clock
     * is the authority for every recorded time; {@link ServerClock} measures this computer's offset from it when the
     * store opens). Null for a store whose times come from this computer's clock (the embedded SQLite data
     * directory).
     *
     * @throws java.sql.SQLException when the server cannot be asked
     */
    default java.time.Instant serverNow() throws java.sql.SQLException {
        return null;
    }

    /**
     * The server's sign-in (PostgreSQL, V19: attack review of issue 17, F1 by F2's means), or null for a store whose
     * sign-in is checked by this program (the embedded SQLite data directory, which only its own computer's account
     * can open). Not a default: a store wrapping another passes its sign-in through (a wrapper that answered null
     * would have its devices count wrong passwords themselves, which the server refuses: the benchmark's did).
     */
    ServerSignIn serverSignIn();

    /**
     * A sign-in checked by the database server, which then decides who may append an audit entry or change an account:
     * a device derives the Argon2id hash of the typed password with the account's parameters and salt ({@link
     * Passwords#derivedHashPart}), the server compares it with the hash the device may not read, counts the attempt and
     * opens a session; the opening then sets the session's token in each of its transactions.
     */
    interface ServerSignIn {
        /**
         * Counts a sign-in attempt and checks it (call it outside a transaction): the server counts it in a transaction
         * of its own and answers in a second one, once the count has committed (schema 19).
         *
         * @param name    the account's name as typed (compared ignoring the case of A–Z)
         * @param derived {@link Passwords#derivedHashPart} of the typed password, or null (matches nothing)
         * @return what the server decided
         * @throws java.sql.SQLException when the attempt cannot be counted (the sign-in is then refused)
         */
        Attempt signIn(String name, String derived) throws java.sql.SQLException;

        /**
         * Sets the session this opening's transactions hold from the next one on (null: none).
         *
         * @param token the token {@link #signIn} gave (64 hexadecimal digits), never shown or stored by this program
         */
        void useSession(String token);

        /**
         * Holds the session of a physician's password just checked for a confirmation (schema 22) in this opening's
         * next write transaction, whose entry naming that physician uses it up; the session is ended when that
         * transaction ends (or this opening closes), whether or not an entry used it.
         *
         * @param token the token {@link #signIn} gave for that check (64 hexadecimal digits)
         */
        void vouch(String token);

        /**
         * Ends a session on the server (signing out; a password checked for a confirmation); a failure is ignored (a
         * session ends on its own 12 hours after its sign-in).
         *
         * @param token a token {@link #signIn} gave; one of no live session changes nothing
         */
        void endSession(String token);
    }

    /**
     * What the server decided of a sign-in attempt.
     *
     * @param outcome {@code unknown}, {@code locked}, {@code wrong}, {@code disabled} or {@code signed-in}
     * @param locks   for {@code wrong}: whether this attempt locked the account
     * @param until   when it locked: until when (an ISO instant, UTC), else null
     * @param token   for {@code signed-in}: the session's token, else null
     */
    record Attempt(String outcome, boolean locks, String until, String token) {
    }

    /** Closes this opening; what was not committed is discarded by the database. */
    @Override
    void close();
}
