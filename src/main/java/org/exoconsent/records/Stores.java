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

    /** Closes this opening; what was not committed is discarded by the database. */
    @Override
    void close();
}
