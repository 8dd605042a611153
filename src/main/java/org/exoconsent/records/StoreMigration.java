package org.exoconsent.records;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.TemplateException;

/**
 * Moves a one-room clinic from its SQLite data directory into a new PostgreSQL store (issue 17 §4, {@code exoconsent
 * store migrate --from DATA_DIR --to postgresql://…?user=OWNER}): everything is copied in ONE write transaction of
 * the database's owner (the key registry is copied too, and only the owner may insert into it: attack review of
 * issue 17, F2), checked inside it (counts per area, every document's SHA-256 against the index and the source's
 * file, the audit trail entry by entry), committed, checked again by {@code records verify} on the new store, and
 * only then the data directory is marked as moved ({@link MovedDataDirectory}). While it runs the data directory's
 * write lock is held, so nothing can be recorded there that would not be copied.
 *
 * <p>Kept exactly: the settings (the store id, the clinic's identity, and the anchor setting: the anchor file's heads
 * stay in the copied chain, so it stays valid), accounts with their password hashes and lock state, the signing-key
 * registry, the catalog with its texts (its row ids are the new database's own; nothing outside the catalog names
 * them), the template versions with their files, the records and corrections index rows as stored, every PDF byte
 * for byte, the drafts (set-aside ones included) and the audit trail with the same numbers, times and hashes; then
 * one new entry {@value #MIGRATED} is appended on the new store. The data directory's signing key files are not
 * copied: on a shared store each device signs with its own key (issue 17 §2); the registry naming them is.
 */
public final class StoreMigration {
    /** The audit entry appended on the new store after the copy (subject: the new store's URL). */
    public static final String MIGRATED = "store-migrated";

    /** The areas counted before and after: the tables of the one copier ({@link SqlStoreCopy#TABLES}). */
    static final List<String> TABLES = SqlStoreCopy.TABLES;

    /** The tables that must be empty in the new database: what a clinic's store holds once it has been used. */
    private static final List<String> MUST_BE_EMPTY = List.of("record", "correction", "account", "audit", "document",
            "draft", "signing_key", "template_version", "clinic", "physician", "product");

    private StoreMigration() {
    }

    /**
     * What was moved.
     *
     * @param counts    rows per table of {@link #TABLES} (equal in both stores), plus {@code document} (the PDFs)
     *                  and {@code draft} (in progress and set aside)
     * @param headSeq   the source's audit head: the number of its newest entry (the new store's is one more)
     * @param headHash  that entry's hash
     * @param movedTo   the new store's URL, without a password
     * @param movedAt   when (an instant, UTC)
     */
    public record Moved(Map<String, Long> counts, long headSeq, String headHash, String movedTo, Instant movedAt) {
        public Moved {
            counts = Map.copyOf(counts);
        }
    }

    /**
     * The copy or a check failed: nothing was marked. {@link #committed()} says whether the new database holds the
     * copy (a check after the commit failed: it is left for inspection) or was rolled back (it is still empty).
     */
    public static final class NotMoved extends StoreException {
        private static final long serialVersionUID = 1L;
        private final boolean committed;
        private final List<String> differences;

        NotMoved(String message, boolean committed, List<String> differences) {
            super(message + (differences.isEmpty() ? "" : ":\n  " + String.join("\n  ", differences)));
            this.committed = committed;
            this.differences = List.copyOf(differences);
        }

        /** Whether the new database kept the copy (left for inspection) rather than being rolled back. */
        public boolean committed() {
            return committed;
        }

        /** Each difference found, in words. */
        public List<String> differences() {
            return differences;
        }
    }

    /**
     * Moves the clinic of {@code from} into the new store at {@code app} (issue 17 §4).
     *
     * @param from   a data directory of this release or an earlier one (brought up to date by its usual opening)
     * @param app    connections as the new store's OWNER ({@link PostgresConnections#dataSource}): the copy holds the
     *               signing-key registry, which only the owner may fill (attack review of issue 17, F2)
     * @param url    the new store's URL without a password ({@link PostgresLocation#url}), as the moved data
     *               directory names it
     * @param server the new store as messages name it ({@link PostgresLocation#describe})
     * @param clock  the time of the {@value #MIGRATED} entry and of the mark
     * @throws RefusedException when the role does not own the database, the data directory was moved already, has no database, its audit head disagrees
     *                          with its trail, or the new database already holds records, accounts or audit
     *                          entries (two clinics are never merged): nothing written
     * @throws NotMoved         when a check found a difference: nothing marked; rolled back, or (a difference found
     *                          by records verify after the commit) the new database left for inspection
     * @throws StoreException   when either store cannot be opened, read or written: nothing marked
     */
    public static Moved migrate(DataDirectory from, DataSource app, String url, String server, Clock clock)
            throws StoreException {
        MovedDataDirectory.refuseMoved(from);
        RecordStore.requireExisting(from);
        RecordStore.hasAccounts(from, clock); // the usual opening: an earlier release's brought up to date
        try (SqliteStores source = SqliteStores.open(from); PostgresStores target = PostgresStores.open(app, server,
                PostgresStores.Role.OWNER)) {
            return migrate(from, source, target, url, server, clock);
        }
    }

    private static Moved migrate(DataDirectory from, SqliteStores source, PostgresStores target, String url,
                                 String server, Clock clock) throws StoreException {
        Map<String, Long> counts = new LinkedHashMap<>();
        AuditHead.Head head;
        AuditLog.Entry migrated;
        Instant now = clock.instant();
        try {
            source.beginWrite();
            source.settings().storeId(); // the clinic's identity, made now if this data directory never had one
            source.commit();
            source.beginWrite(); // held to the end: nothing is recorded here that the copy would miss
        } catch (SQLException e) {
            source.rollback();
            throw source.failure(e);
        }
        try {
            try {
                head = sourceHead(from, source);
                refuseChanged(from, source);
                target.beginWrite();
            } catch (SQLException e) {
                throw new StoreException(from.root() + ": " + e.getMessage(), e);
            }
            try {
                refuseUsed(target, server);
                copy(from, source, target, counts);
                migrated = new AuditLog(target.auditTrail(), target.auditHead()).append(now, "store-migrate",
                        MIGRATED, url, Json.of("from", from.root().toString(), "to", url, "records",
                                counts.get("record"), "corrections", counts.get("correction"), "documents",
                                counts.get("document"), "auditEntries", counts.get("audit"), "accounts",
                                counts.get("account")));
                List<String> differences = check(from, source, target, head);
                if (!differences.isEmpty()) {
                    throw new NotMoved(from.root() + ": not moved; the copy differs from the data directory, so "
                            + "it was rolled back (the new database is still empty) and nothing was marked",
                            false, differences);
                }
                target.commit();
            } catch (SQLException e) {
                target.rollback();
                throw new NotMoved(server + ": not moved; the copy failed and was rolled back (the new database is "
                        + "still empty), nothing was marked: " + target.failure(e).getMessage(), false, List.of());
            } catch (IOException | TemplateException e) {
                target.rollback();
                throw new NotMoved(from.root() + ": not moved; the copy failed and was rolled back (the new database "
                        + "is still empty), nothing was marked: " + e.getMessage(), false, List.of());
            } catch (StoreException | RuntimeException e) {
                target.rollback();
                throw e;
            }
            List<String> after = checkCommitted(from, target, server, migrated, clock);
            if (!after.isEmpty()) {
                throw new NotMoved(server + ": not marked as moved; records verify on the new store found problems "
                        + "after the copy was committed. The data directory is unchanged and still the clinic's; "
                        + "the new database is left for inspection (drop it and make a new one with store init "
                        + "before moving again)", true, after);
            }
            mark(from, source, url, now, migrated);
        } finally {
            source.rollback(); // the data directory's write lock given back (after the mark's commit: nothing open)
        }
        return new Moved(counts, head.seq(), head.hash(), url, now);
    }

    /** The source's audit head: its trail's newest entry, refused when the head file disagrees with the trail. */
    private static AuditHead.Head sourceHead(DataDirectory from, SqliteStores source) throws SQLException,
            RefusedException {
        AuditLog log = new AuditLog(source.auditTrail(), source.auditHead());
        AuditHead.Head newest = log.newest();
        String problem = AuditHead.problem(source.auditHead(), newest);
        if (problem != null) {
            throw new RefusedException(from.root() + ": not moved: " + problem + "; run exoconsent records verify "
                    + "on the data directory and settle it first");
        }
        return newest == null ? AuditHead.Head.EMPTY : newest;
    }

    /**
     * Refuses, before anything is copied, a data directory holding values changed outside the product
     * ({@link RecordStore#changedOutside}: a record's, an audit entry's or a template version's time, a lot's expiry):
     * the copy would carry them, and the new store's {@code records verify} would then refuse it after its commit,
     * leaving a new database to drop (brief C of issue 17). Each is named with its repair; the data directory is
     * neither changed nor marked and stays the clinic's.
     *
     * @throws NotMoved naming each value (exit 1 on the command line)
     */
    private static void refuseChanged(DataDirectory from, SqliteStores source) throws SQLException, StoreException {
        List<String> changed = RecordStore.changedOutside(source);
        if (!changed.isEmpty()) {
            throw new NotMoved(from.root() + ": not moved: the data directory holds " + changed.size() + " "
                    + (changed.size() == 1 ? "problem" : "problems") + " records verify names (values changed "
                    + "outside ExoConsent), which the copy would carry; nothing was copied and nothing was marked (the "
                    + "new database is still empty, the data directory is still the clinic's): repair each as its "
                    + "line says, then run store migrate again", false, changed);
        }
    }

    /** Refuses a database that a clinic has used already (issue 17 §4: never merge two clinics). */
    private static void refuseUsed(PostgresStores target, String server) throws SQLException, RefusedException {
        List<String> held = new ArrayList<>();
        for (String table : MUST_BE_EMPTY) {
            long n = SqlStoreCopy.count(target, table);
            if (n > 0) {
                held.add(n + " " + table + " row" + (n == 1 ? "" : "s"));
            }
        }
        if (!held.isEmpty()) {
            throw new RefusedException(server + ": not moved: this database already holds " + String.join(", ", held)
                    + "; store migrate copies a clinic only into a new database made by exoconsent store init (two "
                    + "clinics are never merged)");
        }
    }

    // --- the copy ------------------------------------------------------------------------------------------------

    private static void copy(DataDirectory from, SqliteStores source, PostgresStores target, Map<String, Long> counts)
            throws SQLException, IOException, StoreException, TemplateException {
        List<String> rows = new ArrayList<>(TABLES);
        rows.remove("audit"); // entry by entry through the areas, after the rest
        counts.putAll(SqlStoreCopy.tables(source.db, target.db, true, rows));
        copyTemplateFiles(source, target);
        counts.put("audit", copyAudit(source, target));
        long documents = 0;
        for (Backups.Document d : source.backups().documents()) {
            target.documents().put(d.name(), source.documents().read(d.name()));
            documents++;
        }
        counts.put("document", documents);
        counts.put("draft", SqlStoreCopy.drafts(from, target, false));
    }

    /** The audit trail entry by entry, through the areas, with the same numbers, times and hashes. */
    private static long copyAudit(SqliteStores source, PostgresStores target) throws SQLException {
        long[] n = new long[1];
        SQLException[] failed = new SQLException[1];
        source.auditTrail().each(e -> {
            try {
                target.auditTrail().append(e);
                n[0]++;
                return true;
            } catch (SQLException x) {
                failed[0] = x;
                return false;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
        return n[0];
    }

    /** Each template version's files, read back checked from the data directory and put into the new store. */
    private static void copyTemplateFiles(SqliteStores source, PostgresStores target) throws SQLException,
            IOException, TemplateException, StoreException {
        for (String[] v : source.templateVersions().held()) { // copied, not interpreted: no time of the row is read
            ConsentTemplate t = source.templateFiles().read(v[0], v[1]);
            if (t == null) {
                throw new IOException(DamagedStoreException.plain(source.templateFiles().where(v[0], v[1]),
                        Integer.MAX_VALUE)
                        + ": the files of template " + DamagedStoreException.plain(v[0] + " version " + v[1])
                        + " are missing");
            }
            target.templateFiles().put(t);
        }
    }

    // --- the checks ----------------------------------------------------------------------------------------------

    /**
     * Inside the copy's transaction: rows per table equal; every document the index names present in the new
     * store, its SHA-256 equal to the index's and to the data directory's file; the drafts; the audit trail entry by
     * entry up to the source's head, then the one migration entry after it.
     */
    private static List<String> check(DataDirectory from, SqliteStores source, PostgresStores target,
                                      AuditHead.Head head) throws SQLException, IOException, StoreException {
        List<String> differences = new ArrayList<>();
        for (String table : TABLES) {
            long a = SqlStoreCopy.count(source, table);
            long b = SqlStoreCopy.count(target, table) - ("audit".equals(table) ? 1 : 0);
            if (a != b) {
                differences.add(table + ": " + a + " rows in the data directory, " + b + " in the new store");
            }
        }
        Map<String, String> index = SqlStoreCopy.indexedDocuments(source);
        for (Map.Entry<String, String> d : index.entrySet()) {
            String fromFile = RecordStore.sha256(source.documents().read(d.getKey()));
            String copied = RecordStore.sha256(target.documents().read(d.getKey()));
            if (!d.getValue().equalsIgnoreCase(fromFile)) {
                differences.add(from.archive().resolve(d.getKey()) + ": its SHA-256 is " + fromFile + ", the "
                        + "index says " + d.getValue() + " (the document was changed after it was recorded)");
            }
            if (!copied.equals(fromFile)) {
                differences.add(d.getKey() + ": the copy's SHA-256 " + copied + " differs from the data directory's "
                        + fromFile);
            }
        }
        long documents = SqlStoreCopy.count(target, "document");
        if (documents != index.size()) {
            differences.add("document: the index names " + index.size() + " documents, the new store holds "
                    + documents);
        }
        int drafts = source.drafts().list().size();
        long copiedDrafts = SqlStoreCopy.countWhere(target, "draft", "abandoned_at IS NULL");
        if (drafts != copiedDrafts) {
            differences.add("draft: " + drafts + " in progress in the data directory, " + copiedDrafts
                    + " in the new store");
        }
        compareTrails(source, target, head, differences);
        return differences;
    }

    /** The two trails entry by entry up to the source's head; after it the new store has the migration entry only. */
    private static void compareTrails(SqliteStores source, PostgresStores target, AuditHead.Head head,
                                      List<String> differences) throws SQLException {
        List<String> found = new ArrayList<>();
        SQLException[] failed = new SQLException[1];
        source.auditTrail().each(e -> {
            try {
                String hash = target.auditTrail().hash(e.seq());
                if (!e.hash().equals(hash)) {
                    found.add("audit entry " + e.seq() + ": hash " + e.hash() + " in the data directory, "
                            + hash + " in the new store");
                }
            } catch (SQLException x) {
                failed[0] = x;
                return false;
            }
            return found.size() < 20;
        });
        if (failed[0] != null) {
            throw failed[0];
        }
        differences.addAll(found);
        List<AuditLog.Entry> after = new ArrayList<>();
        target.auditTrail().eachAfter(head.seq(), after::add);
        if (after.size() != 1 || !MIGRATED.equals(after.get(0).action())
                || !head.hash().equals(after.get(0).prevHash())) {
            differences.add("audit: after the data directory's head (entry " + head.seq() + ") the new store should "
                    + "hold its " + MIGRATED + " entry alone, it holds " + after.size() + " entries");
        }
    }

    /**
     * After the commit: the new store's chain head is the migration entry, and records verify on the new store
     * (through a {@link RecordStore.Source} opening, as every device opens it) finds no problem.
     */
    private static List<String> checkCommitted(DataDirectory from, PostgresStores target, String server,
                                               AuditLog.Entry migrated, Clock clock) throws StoreException {
        List<String> problems = new ArrayList<>();
        try {
            AuditHead.Read r = target.auditHead().read();
            AuditHead.Head kept = r == null ? null : r.committed();
            if (kept == null || kept.seq() != migrated.seq() || !kept.hash().equals(migrated.hash())) {
                problems.add("the new store's chain head is " + kept + ", not the " + MIGRATED + " entry "
                        + migrated.seq());
            }
        } catch (IOException e) {
            problems.add("the new store's chain head cannot be read: " + e.getMessage());
        }
        RecordStore.Verification v = RecordStore.verifyMoved(new RecordStore.Source(target, server, from.keyFiles()),
                clock);
        problems.addAll(v.problems());
        return problems;
    }

    /**
     * Marks the data directory as moved, last ({@link MovedDataDirectory}): the setting in its database, committed in
     * the write transaction held since the copy began (nothing else was written in it), then the file beside it,
     * owner-only. Either mark alone refuses every later opening.
     */
    private static void mark(DataDirectory from, SqliteStores source, String url, Instant at,
                             AuditLog.Entry migrated) throws StoreException {
        String text = MovedDataDirectory.text(url, at, migrated.seq() - 1, migrated.prevHash());
        String inDatabase = null;
        try {
            MovedDataDirectory.writeSetting(source, text);
            source.commit();
        } catch (SQLException e) {
            inDatabase = e.getMessage();
        }
        String inFile = null;
        try {
            MovedDataDirectory.writeFile(from, text);
        } catch (IOException e) {
            inFile = e.getMessage();
        }
        if (inDatabase != null || inFile != null) {
            throw new StoreException(from.root() + ": the clinic was copied to " + url + " and checked, but "
                    + (inDatabase != null && inFile != null ? "the data directory could not be marked as moved ("
                    + from.database() + ": " + inDatabase + "; " + DataDirectory.MOVED_TO + ": " + inFile + ")"
                    : inDatabase != null ? "its database could not be marked as moved (" + inDatabase + "; "
                    + DataDirectory.MOVED_TO + " was written)"
                    : DataDirectory.MOVED_TO + " could not be written (" + inFile + "; its database is marked as "
                    + "moved)") + ": do not record in it any more");
        }
    }
}
