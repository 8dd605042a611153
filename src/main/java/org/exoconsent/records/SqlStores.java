package org.exoconsent.records;

import java.sql.Connection;

/**
 * What the SQLite store ({@link SqliteStores}) and the PostgreSQL store ({@link PostgresStores}) share: one connection
 * and the vendor-neutral areas over it ({@link SqlSettings}, {@link SqlAccounts}, {@link SqlSigningKeys}, {@link
 * SqlRecordsIndex}, {@link SqlAuditTrail}, {@link SqlCatalog}, {@link SqlTemplateVersions}) in the vendor's {@link
 * SqlDialect}. Each store adds its transactions, its document archive, its drafts and its backups, and gives where it
 * keeps the audit chain's head and the template versions' files ({@link AuditHeadStore}, {@link TemplateFileStore}).
 */
abstract class SqlStores implements Stores, Transactions {
    /** The one connection of this opening. */
    final Connection db;
    private final SqlSettings settings;
    private final SqlAccounts accounts;
    private final SqlSigningKeys signingKeys;
    private final SqlRecordsIndex recordsIndex;
    private final SqlAuditTrail auditTrail;
    private final SqlCatalog catalog;
    private final SqlTemplateVersions templateVersions;
    private final AuditHeadStore auditHead;
    private final TemplateFileStore templateFiles;

    /**
     * @param auditHead     where the vendor keeps the audit chain's head (SQLite: the head file; PostgreSQL: the row)
     * @param templateFiles where it keeps the template versions' files (SQLite: folders; PostgreSQL: a table)
     */
    SqlStores(Connection db, SqlDialect dialect, AuditHeadStore auditHead, TemplateFileStore templateFiles) {
        this.db = db;
        this.auditHead = auditHead;
        this.templateFiles = templateFiles;
        this.settings = new SqlSettings(db);
        this.accounts = new SqlAccounts(db, dialect);
        this.signingKeys = new SqlSigningKeys(db, dialect);
        this.auditTrail = new SqlAuditTrail(db);
        this.recordsIndex = new SqlRecordsIndex(db, dialect, auditTrail);
        this.catalog = new SqlCatalog(db);
        this.templateVersions = new SqlTemplateVersions(db, dialect);
    }

    @Override
    public AuditHeadStore auditHead() {
        return auditHead;
    }

    @Override
    public TemplateFileStore templateFiles() {
        return templateFiles;
    }

    @Override
    public Transactions transactions() {
        return this;
    }

    /** None: the embedded store's sign-in is checked by this program; {@link PostgresStores} gives the server's. */
    @Override
    public ServerSignIn serverSignIn() {
        return null;
    }

    @Override
    public SettingsStore settings() {
        return settings;
    }

    /** The settings area with its settings by name, for the marks kept beside the clinic's settings. */
    SqlSettings namedSettings() {
        return settings;
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }

    @Override
    public SigningKeyStore signingKeys() {
        return signingKeys;
    }

    @Override
    public RecordsIndex recordsIndex() {
        return recordsIndex;
    }

    @Override
    public AuditTrailStore auditTrail() {
        return auditTrail;
    }

    @Override
    public CatalogStore catalog() {
        return catalog;
    }

    @Override
    public TemplateVersionStore templateVersions() {
        return templateVersions;
    }
}
