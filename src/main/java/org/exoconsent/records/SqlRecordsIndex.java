package org.exoconsent.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.Correction;
import org.exoconsent.consent.Identifiers;
import org.exoconsent.consent.SessionJson;

/**
 * The records index, in SQL of either store ({@link SqlDialect}): the tables {@code record} (consents and withdrawals;
 * SQLite migration V1, its lot and patient keys V12) and {@code correction} (V11), with the catalog's {@code lot} and
 * {@code product} for a recall's nearest lots. The lists and counts compare {@code consultation_at} as text (it starts
 * with the clinic's date), so that the index on it is used.
 */
final class SqlRecordsIndex implements RecordsIndex {
    /** The columns of a {@link RecordRow}, in its order. */
    static final String ROW_COLUMNS = "id, status, consultation_at, recorded_at, patient_number, patient_name, "
            + "patient_kana, patient_birth, patient_phone, patient_address, representative, physician_name, "
            + "physician_licence, indication, route, planned_date, product_name, lot_number, lot_expiry, template_id, "
            + "template_version, language, pdf_path, pdf_sha256, pdf_size, kind";

    /** The columns of a {@link RecordsIndex.FactsRow}. */
    static final String FACTS_COLUMNS = "id, kind, status, refers_to, consultation_at, patient_number, patient_name, "
            + "patient_kana, patient_birth, patient_phone, patient_address, representative, physician_name, "
            + "physician_licence, indication, route, planned_date, product_name, lot_number, lot_expiry, template_id, "
            + "template_version, template_sha256, language, pdf_path, pdf_sha256, pdf_size, snapshot, lot_key, "
            + "patient_key, recorded_at";

    /** The columns of an {@link RecordsIndex.Indexed}, in its order. */
    private static final String INDEXED_COLUMNS = "id, kind, status, refers_to, recorded_at, consultation_at, "
            + "patient_number, template_version, physician_licence, language, pdf_path, pdf_sha256, pdf_size, snapshot";

    private static final String CORRECTION_COLUMNS = "id, refers_to, field, before, after, reason, received_by, "
            + "recorded_at, pdf_path, pdf_sha256, pdf_size";

    private final Connection db;
    private final SqlDialect dialect;
    private final AuditTrailStore trail;

    /**
     * @param trail the audit trail of the same connection: a correction is applied only when it recorded it
     *              ({@link Corrections#latest})
     */
    SqlRecordsIndex(Connection db, SqlDialect dialect, AuditTrailStore trail) {
        this.db = db;
        this.dialect = dialect;
        this.trail = trail;
    }

    // --- recording -----------------------------------------------------------------------------------------

    @Override
    public void insertConsent(NewConsent r) throws SQLException {
        insert("consent", r);
    }

    @Override
    public void insertRefusal(NewConsent r) throws SQLException {
        insert("refusal", r);
    }

    private void insert(String kind, NewConsent r) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO record (id, kind, status, refers_to, "
                + "recorded_at, consultation_at, patient_number, patient_name, patient_kana, patient_birth, "
                + "patient_phone, patient_address, representative, physician_name, physician_licence, indication, "
                + "route, planned_date, product_name, lot_number, lot_expiry, template_id, template_version, "
                + "template_sha256, language, pdf_path, pdf_sha256, pdf_size, snapshot, lot_key, patient_key) "
                + "VALUES (?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            ps.setString(i++, r.id());
            ps.setString(i++, kind);
            ps.setString(i++, r.refersTo());
            ps.setString(i++, r.recordedAt());
            ps.setString(i++, r.consultationAt());
            ps.setString(i++, r.patientNumber());
            ps.setString(i++, r.patientName());
            ps.setString(i++, r.patientKana());
            ps.setString(i++, r.patientBirth());
            ps.setString(i++, r.patientPhone());
            ps.setString(i++, r.patientAddress());
            ps.setString(i++, r.representative());
            ps.setString(i++, r.physicianName());
            ps.setString(i++, r.physicianLicence());
            ps.setString(i++, r.indication());
            ps.setString(i++, r.route());
            ps.setString(i++, r.plannedDate());
            ps.setString(i++, r.productName());
            ps.setString(i++, r.lotNumber());
            ps.setString(i++, r.lotExpiry());
            ps.setString(i++, r.templateId());
            ps.setString(i++, r.templateVersion());
            ps.setString(i++, r.templateSha256());
            ps.setString(i++, r.language());
            ps.setString(i++, r.pdfPath());
            ps.setString(i++, r.pdfSha256());
            ps.setLong(i++, r.pdfSize());
            ps.setString(i++, r.snapshot());
            ps.setString(i++, r.lotKey());
            ps.setString(i, r.patientKey());
            ps.executeUpdate();
        }
    }

    @Override
    public void insertWithdrawal(String id, String consentId, Instant recordedAt, OffsetDateTime consultationAt,
                                 String pdfPath, String pdfSha256, long pdfSize, String facts) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO record (id, kind, status, refers_to, "
                + "recorded_at, consultation_at, patient_number, patient_name, patient_kana, patient_birth, "
                + "patient_phone, patient_address, representative, physician_name, physician_licence, indication, "
                + "route, planned_date, product_name, lot_number, lot_expiry, template_id, template_version, "
                + "template_sha256, language, pdf_path, pdf_sha256, pdf_size, snapshot, lot_key, patient_key) "
                + "SELECT ?, 'withdrawal', "
                + "'active', id, ?, ?, patient_number, patient_name, patient_kana, patient_birth, patient_phone, "
                + "patient_address, representative, physician_name, physician_licence, indication, route, "
                + "planned_date, product_name, lot_number, lot_expiry, template_id, template_version, "
                + "template_sha256, language, ?, ?, ?, ?, lot_key, patient_key FROM record WHERE id = ?")) {
            ps.setString(1, id);
            ps.setString(2, recordedAt.toString());
            ps.setString(3, consultationAt.toString());
            ps.setString(4, pdfPath.replace('\\', '/'));
            ps.setString(5, pdfSha256);
            ps.setLong(6, pdfSize);
            ps.setString(7, facts);
            ps.setString(8, consentId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = db.prepareStatement("UPDATE record SET status = 'withdrawn' WHERE id = ?")) {
            ps.setString(1, consentId);
            ps.executeUpdate();
        }
    }

    @Override
    public void insertCorrection(Correction c, Instant recordedAt, String pdfPath, String pdfSha256, long pdfSize)
            throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO correction (id, refers_to, field, before, after, "
                + "reason, received_by, recorded_at, language, pdf_path, pdf_sha256, pdf_size) VALUES (?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            ps.setString(i++, c.id());
            ps.setString(i++, c.original().id());
            ps.setString(i++, c.field().key());
            ps.setString(i++, c.before());
            ps.setString(i++, c.after());
            ps.setString(i++, c.reason());
            ps.setString(i++, c.receivedBy());
            ps.setString(i++, recordedAt.toString());
            ps.setString(i++, c.original().template().language());
            ps.setString(i++, pdfPath.replace('\\', '/'));
            ps.setString(i++, pdfSha256);
            ps.setLong(i, pdfSize);
            ps.executeUpdate();
        }
    }

    @Override
    public boolean exists(String id) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT 1 FROM record WHERE "
                + dialect.equalsIgnoringCase("id") + " UNION ALL SELECT 1 FROM correction WHERE "
                + dialect.equalsIgnoringCase("id") + " LIMIT 1")) {
            ps.setString(1, id);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    // --- looking up ------------------------------------------------------------------------------------------

    @Override
    public Indexed find(String id) throws SQLException {
        List<Indexed> found = indexed("SELECT " + INDEXED_COLUMNS + " FROM record WHERE id = ?", id);
        return found.isEmpty() ? null : found.get(0);
    }

    @Override
    public List<Indexed> withdrawalsOf(String consentId) throws SQLException {
        return indexed("SELECT " + INDEXED_COLUMNS + " FROM record WHERE refers_to = ? AND kind = 'withdrawal'",
                consentId);
    }

    @Override
    public Indexed lastConsentOf(String patientNumber) throws SQLException {
        List<Indexed> found = indexed("SELECT " + INDEXED_COLUMNS + " FROM record WHERE kind = 'consent' AND "
                + "patient_key = ? ORDER BY consultation_at DESC LIMIT 1", Identifiers.key(patientNumber));
        return found.isEmpty() ? null : found.get(0);
    }

    private List<Indexed> indexed(String sql, String param) throws SQLException {
        List<Indexed> found = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int i = 1;
                    found.add(new Indexed(rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                            rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                            rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                            rs.getLong(i++), rs.getString(i)));
                }
            }
        }
        return found;
    }

    @Override
    public String indexedValue(String id, Correction.Field field) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT " + field.column() + " FROM record WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Override
    public Set<String> archivedPaths() throws SQLException {
        Set<String> known = new HashSet<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT pdf_path FROM record UNION ALL SELECT pdf_path FROM correction")) {
            while (rs.next()) {
                known.add(rs.getString(1));
            }
        }
        return known;
    }

    @Override
    public List<String> archivedPathsOf(String id) throws SQLException {
        List<String> paths = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT pdf_path FROM record WHERE id = ? "
                + "UNION ALL SELECT pdf_path FROM correction WHERE id = ?")) {
            ps.setString(1, id);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    paths.add(rs.getString(1));
                }
            }
        }
        return paths;
    }

    // --- lists, counts, recall and export ---------------------------------------------------------------------

    /**
     * The WHERE clause of a filter (with leading " WHERE ": it always selects consents and informed refusals, the
     * documents a patient signs at a consultation; withdrawals show as their consent's status) and its parameters, in
     * order; limited to one physician's records when {@code ownLicence} is given. An informed refusal carries the
     * lot of the declined consultation, so a recall of that lot lists it, with its kind (issue 16 §5).
     */
    String where(RecordFilter f, List<Object> params, String ownLicence) throws SQLException {
        List<String> clauses = new ArrayList<>();
        clauses.add("kind IN ('consent', 'refusal')");
        if (ownLicence != null) {
            clauses.add("physician_licence = ?");
            params.add(ownLicence);
        }
        // consultation_at is ISO text that starts with the clinic's date, so plain comparisons use the index
        if (f.from() != null) {
            clauses.add("consultation_at >= ?");
            params.add(f.from().toString());
        }
        if (f.to() != null) {
            clauses.add("consultation_at < ?");
            params.add(f.to().plusDays(1).toString());
        }
        if (f.physician() != null) {
            clauses.add("physician_name = ?");
            params.add(f.physician());
        }
        if (f.product() != null) {
            clauses.add("product_name = ?");
            params.add(f.product());
        }
        if (f.lot() != null) { // however it is written (issue 14 §5): ＬＯＴ－２０２６－０７Ａ is LOT-2026-07A
            clauses.add("lot_key = ?");
            params.add(Identifiers.key(f.lot()));
        }
        if (f.status() != null) {
            clauses.add("status = ?");
            params.add(f.status());
        }
        if (f.indication() != null) {
            clauses.add("indication = ?");
            params.add(f.indication());
        }
        if (f.patientNumber() != null) { // one patient exactly, however the number is written
            clauses.add("patient_key = ?");
            params.add(Identifiers.key(f.patientNumber()));
        }
        if (f.patient() != null) { // a part of the number, name or reading; a corrected name or reading too
            String number = Identifiers.key(f.patient());
            String text = Identifiers.textKey(f.patient());
            clauses.add("(instr(patient_key, ?) > 0 OR instr(" + TEXT_KEY + "(patient_name), ?) > 0 "
                    + "OR instr(" + TEXT_KEY + "(patient_kana), ?) > 0 OR id IN (SELECT refers_to FROM correction "
                    + "WHERE field IN ('patient.name', 'patient.kana') AND instr(" + TEXT_KEY + "(after), ?) > 0))");
            params.add(number);
            params.add(text);
            params.add(text);
            params.add(text);
        }
        return " WHERE " + String.join(" AND ", clauses);
    }

    /**
     * The SQL function that gives {@link Identifiers#textKey} of a text: SQLite's connection defines it ({@link
     * SqliteStores}: SQLite has no NFKC of its own), PostgreSQL's schema holds it (V14).
     */
    static final String TEXT_KEY = "exoconsent_text_key";

    @Override
    public long count(RecordFilter filter, String ownLicence) throws SQLException {
        List<Object> params = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT count(*) FROM record"
                + where(filter, params, ownLicence))) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public long countAll() throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM record")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public List<RecordRow> list(RecordFilter filter, String ownLicence, ClinicClock clock, int offset, int limit)
            throws SQLException {
        List<Object> params = new ArrayList<>();
        // issue 16 §7: without a criterion that has an index of its own, SQLite's planner read every row (their
        // signed sessions with them) and sorted them for one page; walking the consultation index from the newest
        // reads a page's rows only (measured: 20 ms → 1 ms on 10,000 rows, more with real sessions)
        boolean byDay = filter.physician() == null && filter.product() == null && filter.lot() == null
                && filter.status() == null && filter.indication() == null && filter.patientNumber() == null;
        String sql = "SELECT " + ROW_COLUMNS + " FROM record" + (byDay ? dialect.indexedBy("record_consultation") : "")
                + where(filter, params, ownLicence) + " ORDER BY consultation_at DESC, id LIMIT ? OFFSET ?";
        List<RecordRow> rows = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            var corrections = Corrections.latest(this, trail); // a corrected detail is shown with its correction's id
            int i = 0;
            for (; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            ps.setInt(++i, limit);
            ps.setInt(++i, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RecordRow row = row(rs, clock);
                    rows.add(corrections.apply(row));
                }
            }
        }
        return rows;
    }

    @Override
    public <E extends Exception> long each(RecordFilter filter, boolean withSnapshot, ClinicClock clock,
                                           ListedHandler<E> handler) throws SQLException, E {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT " + ROW_COLUMNS + (withSnapshot ? ", snapshot" : "") + " FROM record"
                + where(filter, params, null) + " ORDER BY consultation_at, id";
        long n = 0;
        // the newest signed correction of a patient's detail is shown in place of the consent's value, named
        var corrections = Corrections.latest(this, trail);
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RecordRow row = row(rs, clock);
                    handler.row(corrections.apply(row),
                            withSnapshot ? rs.getString("snapshot") : null);
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public List<RecordRow> recall(String lot, String product, ClinicClock clock) throws SQLException {
        List<RecordRow> rows = new ArrayList<>();
        each(new RecordFilter(null, null, null, product, lot, null), false, clock,
                (RecordRow row, String snapshot) -> rows.add(row));
        return rows;
    }

    /**
     * What repairs a record's row whose value cannot be read (a patient's birth date): none of the product's commands
     * rewrites a signed record's row; its signed PDF holds the true values, which {@code records verify} compares.
     */
    static final String RECORD_REPAIR = "no command rewrites a signed record's row: its signed PDF holds the true "
            + "value (exoconsent records verify compares the row with it and names what the signed document says); "
            + SqlRecordsIndex.BY_THE_DATABASE_ADMINISTRATOR;

    /** How the true value is put back: by hand, past the trigger that keeps a signed row. */
    static final String BY_THE_DATABASE_ADMINISTRATOR = "an administrator of the database sets the column back to it "
            + "with SQL (the devices' role cannot: on PostgreSQL the database's owner does it, on a data directory "
            + "sqlite3 with the record_immutable trigger set aside), and records verify then checks the row against "
            + "its signed PDF";

    /**
     * What repairs a record's {@code recorded_at}: the audit trail's entry that recorded the document was written with
     * the same instant ({@code created}, {@code refusal-recorded}; a withdrawal's {@code withdrawn}, whose subject is
     * its consent, and its signed PDF's {@code recordedAt}).
     */
    static final String RECORDED_AT_REPAIR = "no command rewrites a signed record's row: the true value is the time of "
            + "the audit trail's entry that recorded the document, written at the same instant (its 'created' or "
            + "'refusal-recorded' entry, a withdrawal's 'withdrawn' entry of its consent: exoconsent audit export "
            + "--subject ID); " + BY_THE_DATABASE_ADMINISTRATOR;

    /**
     * What repairs a record's {@code consultation_at}: the signed document states the consultation's start (a
     * withdrawal's: its recording time), and {@code records verify} names it beside the row's value.
     */
    static final String CONSULTATION_AT_REPAIR = "no command rewrites a signed record's row: the true value is in its "
            + "signed PDF (exoconsent records verify names it: 'consultation_at in the index is …, the signed document "
            + "says …'); " + BY_THE_DATABASE_ADMINISTRATOR;

    /**
     * The row under the cursor ({@link #ROW_COLUMNS}), its two times shown in the clinic's zone as ISO 8601 to the
     * second ({@code 2026-11-20T10:00:00+09:00}): the consultation (stored with the offset the session was written
     * with) and the recording (stored as an instant).
     */
    private static RecordRow row(ResultSet rs, ClinicClock clock) throws SQLException {
        String id = rs.getString(1);
        List<String> damage = new ArrayList<>(0);
        String consultation = readable(damage, () -> clock.iso(DamagedRow.offsetTime(rs.getString(3),
                "record " + id, "record", id, "consultation_at", CONSULTATION_AT_REPAIR)));
        String recorded = readable(damage, () -> clock.iso(DamagedRow.instant(rs.getString(4), "record " + id,
                "record", id, "recorded_at", RECORDED_AT_REPAIR)));
        int i = 5; // after id, status and the two times
        return new RecordRow(id, rs.getString(2), consultation, recorded,
                rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                rs.getLong(i++), null, rs.getString(i), damage);
    }

    /** A value read from a row that may be damaged. */
    private interface Read {
        String value() throws SQLException;
    }

    /**
     * {@code read}'s value, or {@link RecordRow#UNREADABLE} with its damage added to {@code damage}: the row is listed
     * all the same (attack review of 2026-12-01: one damaged row must never hide the others of a recall).
     */
    private static String readable(List<String> damage, Read read) throws SQLException {
        try {
            return read.value();
        } catch (DamagedRow e) {
            damage.add(e.getMessage());
            return RecordRow.UNREADABLE;
        }
    }

    @Override
    public List<CatalogLot> catalogLots() throws SQLException {
        List<CatalogLot> lots = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT p.name, l.number, l.number_key FROM lot l JOIN "
                + "product p ON p.id = l.product_id ORDER BY l.id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                lots.add(new CatalogLot(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return lots;
    }

    @Override
    public List<UsedLot> usedLots(String ownLicence) throws SQLException {
        List<UsedLot> lots = new ArrayList<>();
        eachRow("SELECT product_name, lot_key, min(lot_number), count(*) FROM record WHERE kind = 'consent'"
                + (ownLicence == null ? "" : " AND physician_licence = ?") + " GROUP BY product_name, lot_key",
                ownLicence, rs -> lots.add(new UsedLot(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getLong(4))));
        return lots;
    }

    @Override
    public Set<String> productNames(String ownLicence) throws SQLException {
        return names("product", "product_name", ownLicence);
    }

    /** The names of the catalog's {@code table} and the consents' {@code column} (of {@code ownLicence}'s), sorted. */
    private Set<String> names(String table, String column, String ownLicence) throws SQLException {
        Set<String> names = new TreeSet<>();
        eachRow("SELECT name FROM " + table + " UNION SELECT DISTINCT " + column + " FROM record WHERE kind = "
                + "'consent'" + (ownLicence == null ? "" : " AND physician_licence = ?"), ownLicence, rs -> {
                    if (rs.getString(1) != null) {
                        names.add(rs.getString(1));
                    }
                });
        return names;
    }

    @Override
    public Set<String> physicianNames(String ownLicence) throws SQLException {
        return names("physician", "physician_name", ownLicence);
    }

    @Override
    public List<PatientDocument> patientDocuments(String patientNumber, String ownLicence) throws SQLException {
        List<PatientDocument> found = new ArrayList<>();
        // every kind the index holds (consents, withdrawals and any kind added later), then the corrections of
        // those documents, oldest first
        String mine = ownLicence == null ? "" : " AND physician_licence = ?";
        try (PreparedStatement ps = db.prepareStatement("SELECT id, kind, refers_to, recorded_at, pdf_path, "
                + "pdf_sha256, pdf_size FROM record WHERE patient_key = ?" + mine + " UNION ALL "
                + "SELECT id, 'correction', refers_to, recorded_at, pdf_path, pdf_sha256, pdf_size FROM correction "
                + "WHERE refers_to IN (SELECT id FROM record WHERE patient_key = ?" + mine + ") "
                + "ORDER BY 4, 1")) {
            int i = 1;
            String key = Identifiers.key(patientNumber);
            ps.setString(i++, key);
            if (ownLicence != null) {
                ps.setString(i++, ownLicence);
            }
            ps.setString(i++, key);
            if (ownLicence != null) {
                ps.setString(i, ownLicence);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new PatientDocument(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7)));
                }
            }
        }
        return found;
    }

    @Override
    public List<RecordStore.KnownPatient> patients(String text, int limit, ClinicClock clock) throws SQLException {
        String like = "%" + likeLiteral(text) + "%";
        String prefix = likeLiteral(Identifiers.key(text)) + "%";
        // each patient's newest matching consent (the newest first): a window, which both stores' SQL has, over the
        // matching consents' ids and times only; the rows (their sessions) are read for the patients listed
        String likeOp = dialect.likeIgnoringCase();
        String sql = "SELECT r.patient_number, r.patient_name, r.patient_kana, r.patient_birth, r.patient_phone, "
                + "r.patient_address, r.consultation_at, r.id, r.template_version, r.language, r.snapshot FROM (SELECT "
                + "id, consultation_at, row_number() OVER (PARTITION BY patient_key ORDER BY consultation_at DESC, id) "
                + "AS newest FROM record WHERE kind = 'consent' AND (patient_key " + likeOp + " ? ESCAPE '\\' OR "
                + "patient_name " + likeOp + " ? ESCAPE '\\' OR patient_kana " + likeOp + " ? ESCAPE '\\')) AS m "
                + "JOIN record r ON r.id = m.id WHERE m.newest = 1 ORDER BY m.consultation_at DESC, m.id LIMIT ?";
        List<RecordStore.KnownPatient> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, prefix);
            ps.setString(2, like);
            ps.setString(3, like);
            ps.setInt(4, limit);
            // the last consent's details as signed corrections left them, so a new consent starts from them
            var corrections = Corrections.latest(this, trail);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(8);
                    java.util.function.BiFunction<Correction.Field, String, String> v =
                            (f, indexed) -> corrections.value(id, f, indexed);
                    // a birth date or consultation time that cannot be read (changed with SQL) stops only its own
                    // hit: listed with the value null and the damage named, never a value guessed from it; a
                    // correction the trail never recorded is left out and named so
                    List<String> damage = new ArrayList<>(corrections.unaudited().getOrDefault(id, List.of()));
                    java.time.LocalDate birth = null;
                    java.time.LocalDate day = null;
                    try {
                        birth = DamagedRow.date(rs.getString(4), "record " + id, "record", id, "patient_birth",
                                RECORD_REPAIR);
                    } catch (DamagedRow e) {
                        damage.add(e.getMessage());
                    }
                    try {
                        day = clock.day(DamagedRow.offsetTime(rs.getString(7), "record " + id, "record", id,
                                "consultation_at", CONSULTATION_AT_REPAIR));
                    } catch (DamagedRow e) {
                        damage.add(e.getMessage());
                    }
                    out.add(new RecordStore.KnownPatient(rs.getString(1),
                            v.apply(Correction.Field.NAME, rs.getString(2)),
                            v.apply(Correction.Field.KANA, rs.getString(3)), birth,
                            v.apply(Correction.Field.PHONE, rs.getString(5)),
                            v.apply(Correction.Field.ADDRESS, rs.getString(6)), day, id, rs.getString(9),
                            lastRepresentative(rs.getString(11), id), rs.getString(10), damage));
                }
            }
        }
        return out;
    }

    /**
     * The legal representative a consent's snapshot names (issue 16 §7: carried to the patient's next consultation),
     * or null when it names none; a snapshot that cannot be read gives null too (the form is then filled in by hand,
     * and the record's own check reports the snapshot).
     */
    private static ConsentSession.Representative lastRepresentative(String snapshot, String id) {
        if (snapshot == null) {
            return null;
        }
        try {
            return SessionJson.read(snapshot.getBytes(java.nio.charset.StandardCharsets.UTF_8), "record " + id)
                    .representative();
        } catch (org.exoconsent.consent.SessionException e) {
            return null;
        }
    }

    /** The text as a literal for {@code LIKE ... ESCAPE '\'}. */
    private static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /**
     * Runs {@code sql}, whose one parameter is {@code ownLicence} when it is given (else it has none), giving each row
     * under the cursor to {@code reader}.
     */
    private void eachRow(String sql, String ownLicence, RowHandler<ResultSet, SQLException> reader)
            throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            if (ownLicence != null) {
                ps.setString(1, ownLicence);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.row(rs);
                }
            }
        }
    }

    // --- the overview ----------------------------------------------------------------------------------------

    @Override
    public SortedMap<String, Long> consentsPerMonth(String ownLicence) throws SQLException {
        SortedMap<String, Long> months = new TreeMap<>();
        eachRow("SELECT substr(consultation_at, 1, 7), count(*) FROM record WHERE kind = 'consent'"
                + (ownLicence == null ? "" : " AND physician_licence = ?") + " GROUP BY 1", ownLicence,
                // a consultation time that is not one (changed with SQL) is counted, under a plain mark, not as a month
                rs -> months.merge(rs.getString(1) != null && rs.getString(1).matches("\\d{4}-\\d{2}")
                        ? rs.getString(1) : RecordRow.UNREADABLE, rs.getLong(2), Long::sum));
        return months;
    }

    @Override
    public SortedMap<String, Long> withdrawalsPerMonth(String ownLicence, ClinicClock clock) throws SQLException {
        SortedMap<String, Long> months = new TreeMap<>();
        // a withdrawal counts in the month it was recorded, in the clinic's calendar (recorded_at is an instant)
        eachRow("SELECT recorded_at, id FROM record WHERE kind = 'withdrawal'" + (ownLicence == null ? ""
                : " AND refers_to IN (SELECT id FROM record WHERE physician_licence = ?)"), ownLicence,
                rs -> {
                    String month;
                    try {
                        month = java.time.YearMonth.from(clock.day(DamagedRow.instant(rs.getString(1), "record "
                                + rs.getString(2), "record", rs.getString(2), "recorded_at", RECORDED_AT_REPAIR)))
                                .toString();
                    } catch (DamagedRow e) { // counted, under a plain mark: one damaged row stops no count
                        month = RecordRow.UNREADABLE;
                    }
                    months.merge(month, 1L, Long::sum);
                });
        return months;
    }

    @Override
    public Map<String, RecordStore.FirstTime> firstTimeRight(String ownLicence) throws SQLException {
        Map<String, RecordStore.FirstTime> firstTime = new LinkedHashMap<>();
        eachRow(dialect.firstTimeRight(ownLicence != null), ownLicence,
                rs -> firstTime.put(rs.getString(1), new RecordStore.FirstTime(rs.getLong(2), rs.getLong(3))));
        return firstTime;
    }

    // --- corrections -------------------------------------------------------------------------------------------

    @Override
    public List<Corrections.Entry> corrections() throws SQLException {
        List<Corrections.Entry> all = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT " + CORRECTION_COLUMNS
                + " FROM correction ORDER BY recorded_at, length(id), id")) {
            while (rs.next()) {
                all.add(correction(rs));
            }
        }
        return all;
    }

    @Override
    public List<Corrections.Entry> correctionsOf(String recordId) throws SQLException {
        List<Corrections.Entry> found = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT " + CORRECTION_COLUMNS + " FROM correction WHERE "
                + "refers_to = ? ORDER BY recorded_at, length(id), id")) {
            ps.setString(1, recordId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(correction(rs));
                }
            }
        }
        return found;
    }

    private static Corrections.Entry correction(ResultSet rs) throws SQLException {
        // a field name the CHECK constraint would refuse can only come from an edited row: kept as null, and named
        // by verify
        return new Corrections.Entry(rs.getString(1), rs.getString(2),
                Correction.Field.of(rs.getString(3)).orElse(null), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getLong(11));
    }

    // --- verification -------------------------------------------------------------------------------------------

    @Override
    public <E extends Exception> void eachFactsRow(RowHandler<FactsRow, E> handler) throws SQLException, E {
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + FACTS_COLUMNS + " FROM record ORDER BY recorded_at, id")) {
            while (rs.next()) {
                handler.row(factsRow(rs));
            }
        }
    }

    @Override
    public List<FactsRow> factsRowsAround(String id) throws SQLException {
        List<FactsRow> rows = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT " + FACTS_COLUMNS + " FROM record WHERE "
                + "id = ? OR (kind = 'withdrawal' AND refers_to = ?) "
                + "OR id = (SELECT refers_to FROM record WHERE id = ? AND kind = 'withdrawal') ORDER BY recorded_at, id")) {
            for (int i = 1; i <= 3; i++) {
                ps.setString(i, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(factsRow(rs));
                }
            }
        }
        return rows;
    }

    /** One row as {@link #FACTS_COLUMNS} read it: column → value, and the PDF's size. */
    private static FactsRow factsRow(ResultSet rs) throws SQLException {
        Map<String, String> row = new LinkedHashMap<>();
        for (String c : FACTS_COLUMNS.split(", ")) {
            row.put(c, rs.getString(c));
        }
        return new FactsRow(row, rs.getLong("pdf_size"));
    }

    @Override
    public <E extends Exception> void eachDocument(RowHandler<DocumentRow, E> handler) throws SQLException, E {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT id, kind, status, refers_to, "
                + "pdf_sha256 FROM record ORDER BY recorded_at, id")) {
            while (rs.next()) {
                handler.row(new DocumentRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)));
            }
        }
    }
}
