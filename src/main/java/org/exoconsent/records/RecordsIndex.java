package org.exoconsent.records;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.InformedRefusal;
import org.exoconsent.consent.Correction;
import org.exoconsent.consent.Identifiers;
import org.exoconsent.consent.Ids;
import org.exoconsent.template.ConsentTemplate;

/**
 * The records index of the store (issue 15 §1): one row per signed consent and withdrawal (what lists, recalls and
 * exports read; the signed PDF in the archive is the record), and one row per signed correction of a patient's detail
 * (issue 13 §1). Ids are document ids ({@code ATK-000}, {@code ATK-000-withdrawal}, {@code ATK-000-correction-1});
 * times read back as text are as stored: a consultation's time ISO 8601 with the offset of the clinic's zone when
 * it was recorded, a recording time an ISO 8601 instant (UTC). Lot and patient numbers are compared by
 * {@link Identifiers#key}. A physician limited to their own records is given as {@code ownLicence} (their licence
 * number; null: every record). Runs in the caller's transaction ({@link Transactions}); a long read (an export, a
 * verification) is given row by row to a handler, never held in memory whole. Refuses nothing itself: the checks are
 * {@link RecordStore}'s; a row the database's constraints refuse is an {@link SQLException}.
 */
public interface RecordsIndex {

    /**
     * One indexed consent or withdrawal, as looked up by id.
     *
     * @param kind           {@code consent} or {@code withdrawal}
     * @param status         {@code active} or {@code withdrawn} (a withdrawal is always {@code active})
     * @param refersTo       a withdrawal's consent, a re-consent's previous consent, else null
     * @param recordedAt     ISO 8601 instant (UTC)
     * @param consultationAt ISO 8601 with the clinic's offset (a withdrawal: when it was recorded)
     * @param pdfPath        the archived PDF, relative to the archive, with '/'
     * @param pdfSize        in bytes
     * @param snapshot       a consent's signed session (JSON, without the signature images); a withdrawal's facts
     */
    record Indexed(String id, String kind, String status, String refersTo, String recordedAt, String consultationAt,
                   String patientNumber, String templateVersion, String physicianLicence, String language,
                   String pdfPath, String pdfSha256, long pdfSize, String snapshot) {
    }

    /**
     * A consent's index row as recording writes it (every column but kind and status: a new consent is
     * {@code active}).
     *
     * @param recordedAt     ISO 8601 instant (UTC)
     * @param consultationAt ISO 8601 in the clinic's zone (its days are the clinic's calendar days)
     * @param lotKey         {@link Identifiers#key} of {@code lotNumber}
     * @param patientKey     {@link Identifiers#key} of {@code patientNumber}
     */
    record NewConsent(String id, String refersTo, String recordedAt, String consultationAt, String patientNumber,
                      String patientName, String patientKana, String patientBirth, String patientPhone,
                      String patientAddress, String representative, String physicianName, String physicianLicence,
                      String indication, String route, String plannedDate, String productName, String lotNumber,
                      String lotExpiry, String templateId, String templateVersion, String templateSha256,
                      String language, String pdfPath, String pdfSha256, long pdfSize, String snapshot,
                      String lotKey, String patientKey) {

        /**
         * The row of a signed session: the consultation's time in the clinic's zone ({@code clock}), the
         * representative's relationship in the catalog's language, the lot's and patient's compared forms.
         *
         * @param physicianName the name the index keeps: the catalog's for the session's licence, else the session's
         * @param recordedAt    when it is recorded
         * @param pdfPath       the archived PDF, relative to the archive (any separator; stored with '/')
         * @param snapshot      the session as recorded ({@link RecordStore#snapshot})
         */
        static NewConsent of(ConsentSession s, ConsentTemplate t, String physicianName, Instant recordedAt,
                             ClinicClock clock, String pdfPath, String pdfSha256, long pdfSize, String snapshot) {
            ConsentSession.Treatment tr = s.treatment();
            return new NewConsent(s.id(), s.previousConsent(), recordedAt.toString(),
                    clock.at(s.startedAt()).toString(), s.patient().patientNumber(), s.patient().name(),
                    s.patient().kana(), s.patient().dateOfBirth().toString(), s.patient().phone(),
                    s.patient().address(),
                    // the index is the clinic's: the representative's relationship and the physician's name in its
                    // language
                    s.representative() == null ? null : s.representative().name() + " ("
                            + new org.exoconsent.consent.Words(Catalog.CATALOG_LANGUAGE)
                            .relationship(s.representative()) + ")",
                    physicianName, s.physician().licenceNumber(), tr.indication(), Ids.of(tr.route()),
                    tr.plannedDate().toString(), tr.product().listedAs(), tr.lot().number(),
                    tr.lot().expiry().toString(), t.id(), t.version(), t.sha256(), s.template().language(),
                    pdfPath.replace('\\', '/'), pdfSha256, pdfSize, snapshot,
                    // the compared forms (issue 14 §5): a recall by LOT-2026-07A finds ＬＯＴ－２０２６－０７Ａ
                    Identifiers.key(tr.lot().number()), Identifiers.key(s.patient().patientNumber()));
        }

        /**
         * The row of a signed informed refusal (issue 16 §5): the declined consultation's columns under the
         * refusal's own id, no {@code refers_to}, and the refusal as recorded as its snapshot.
         *
         * @param snapshot the refusal's JSON without signature images ({@link RecordStore#snapshot(InformedRefusal)})
         */
        static NewConsent ofRefusal(InformedRefusal r, ConsentTemplate t, String physicianName, Instant recordedAt,
                                    ClinicClock clock, String pdfPath, String pdfSha256, long pdfSize,
                                    String snapshot) {
            NewConsent c = of(r.consultation().withId(r.id()), t, physicianName, recordedAt, clock, pdfPath,
                    pdfSha256, pdfSize, snapshot);
            return new NewConsent(c.id(), null, c.recordedAt(), c.consultationAt(), c.patientNumber(),
                    c.patientName(), c.patientKana(), c.patientBirth(), c.patientPhone(), c.patientAddress(),
                    c.representative(), c.physicianName(), c.physicianLicence(), c.indication(), c.route(),
                    c.plannedDate(), c.productName(), c.lotNumber(), c.lotExpiry(), c.templateId(),
                    c.templateVersion(), c.templateSha256(), c.language(), c.pdfPath(), c.pdfSha256(), c.pdfSize(),
                    c.snapshot(), c.lotKey(), c.patientKey());
        }
    }

    /**
     * A record as {@code records verify} holds it against its signed document: {@code columns} maps the names of
     * the index's columns ({@code id, kind, status, refers_to, consultation_at, patient_number, patient_name,
     * patient_kana, patient_birth, patient_phone, patient_address, representative, physician_name,
     * physician_licence, indication, route, planned_date, product_name, lot_number, lot_expiry, template_id,
     * template_version, template_sha256, language, pdf_path, pdf_sha256, pdf_size, snapshot, lot_key,
     * patient_key}) to their values as text, as stored (an edited value included); {@code pdfSize} is the size
     * in bytes the index holds.
     */
    record FactsRow(Map<String, String> columns, long pdfSize) {
        public FactsRow {
            columns = java.util.Collections.unmodifiableMap(columns); // made for this row: not copied (100,000 rows)
        }

        /** The document id. */
        public String id() {
            return columns.get("id");
        }

        /** The archived PDF, relative to the archive. */
        public String pdfPath() {
            return columns.get("pdf_path");
        }

        /** The archived PDF's SHA-256 as the index holds it. */
        public String pdfSha256() {
            return columns.get("pdf_sha256");
        }

        /** {@code consent}, {@code refusal}, {@code withdrawal}, or what a damaged row holds. */
        public String kind() {
            return columns.get("kind");
        }
    }

    /** A record as the audit trail is held against it: kind, status, the consent it refers to, its PDF's hash. */
    record DocumentRow(String id, String kind, String status, String refersTo, String pdfSha256) {
    }

    /**
     * A lot of the catalog, as a recall compares it.
     *
     * @param key {@link Identifiers#key} of {@code number} (null only in a database edited by hand)
     */
    record CatalogLot(String product, String number, String key) {
    }

    /**
     * The consents of one lot of one product.
     *
     * @param key      the lot's compared form (null only in a database edited by hand)
     * @param number   the first of its numbers as written (by text order)
     * @param consents how many consents used it
     */
    record UsedLot(String product, String key, String number, long consents) {
    }

    /**
     * One document of a patient, of whatever kind the index holds (issue 16 §7: a patient's request to see their
     * records).
     *
     * @param kind       {@code consent}, {@code withdrawal}, {@code correction}, or any kind a later release indexes
     * @param refersTo   the consent a withdrawal or correction refers to, a re-consent's previous consent, else null
     * @param recordedAt ISO 8601 instant (UTC)
     * @param pdfPath    the archived PDF, relative to the archive, with '/'
     * @param pdfSize    in bytes
     */
    record PatientDocument(String id, String kind, String refersTo, String recordedAt, String pdfPath,
                           String pdfSha256, long pdfSize) {
    }

    /** Handles one row of a long read; may stop it by throwing. */
    @FunctionalInterface
    interface RowHandler<T, E extends Exception> {
        void row(T row) throws E;
    }

    /** Handles one consent of {@link #each}: the row as listed and, when asked for, its signed session (JSON). */
    @FunctionalInterface
    interface ListedHandler<E extends Exception> {
        void row(RecordRow row, String snapshot) throws E;
    }

    // --- recording -----------------------------------------------------------------------------------------

    /** Indexes a signed consent ({@code active}). */
    void insertConsent(NewConsent row) throws SQLException;

    /** Indexes a signed informed refusal (kind {@code refusal}, {@code active}; issue 16 §5, migration V13). */
    void insertRefusal(NewConsent row) throws SQLException;

    /**
     * Indexes a signed withdrawal of consent {@code consentId} — its patient, physician, treatment and template
     * columns copied from the consent's row — and sets the consent's status to {@code withdrawn}.
     *
     * @param recordedAt     when it was recorded
     * @param consultationAt the same instant in the clinic's zone (a withdrawal's day is that of its recording)
     * @param pdfPath        the archived PDF, relative to the archive (stored with '/')
     * @param facts          the withdrawal's facts (JSON: withdraws, date, reason, receivedBy, signed)
     */
    void insertWithdrawal(String id, String consentId, Instant recordedAt, OffsetDateTime consultationAt,
                          String pdfPath, String pdfSha256, long pdfSize, String facts) throws SQLException;

    /** Indexes a signed correction, recorded at {@code recordedAt} (stored as an ISO 8601 instant). */
    void insertCorrection(Correction c, Instant recordedAt, String pdfPath, String pdfSha256, long pdfSize)
            throws SQLException;

    /**
     * Whether a document id is taken by a consent, a withdrawal or a correction, ignoring letter case (ATK-000 and
     * atk-000 would be one file on Windows and macOS, and one document to a reader).
     */
    boolean exists(String id) throws SQLException;

    /** {@code base}, or {@code base-2}, {@code base-3}, … : the first document id no document has taken. */
    default String freeId(String base) throws SQLException {
        String id = base;
        for (int n = 2; exists(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    // --- looking up ------------------------------------------------------------------------------------------

    /** The consent or withdrawal {@code id} (exactly as written), or null when the index holds none. */
    Indexed find(String id) throws SQLException;

    /** The withdrawals that refer to consent {@code consentId} (one, unless the index was edited). */
    List<Indexed> withdrawalsOf(String consentId) throws SQLException;

    /**
     * The patient's newest consent (by consultation time), the patient number compared by {@link Identifiers#key},
     * or null when there is none.
     */
    Indexed lastConsentOf(String patientNumber) throws SQLException;

    /** A record's indexed value of a correctable field (its own row, corrections not applied), or null. */
    String indexedValue(String id, Correction.Field field) throws SQLException;

    /** The archive paths the index points to (consents, withdrawals and corrections), as stored. */
    Set<String> archivedPaths() throws SQLException;

    /** The archive paths of the consent, withdrawal or correction {@code id} (exactly as written). */
    List<String> archivedPathsOf(String id) throws SQLException;

    // --- lists, counts, recall and export ---------------------------------------------------------------------

    /** How many consents match {@code filter} (limited to {@code ownLicence}'s when it is given). */
    long count(RecordFilter filter, String ownLicence) throws SQLException;

    /** How many rows the index holds: consents and withdrawals (not corrections). */
    long countAll() throws SQLException;

    /**
     * One page of the consents that match {@code filter}, newest consultation first (then by id), with the newest
     * signed corrections applied ({@link RecordRow}); times shown in {@code clock}'s zone.
     *
     * @param offset rows skipped; {@code limit}: at most this many
     */
    List<RecordRow> list(RecordFilter filter, String ownLicence, ClinicClock clock, int offset, int limit)
            throws SQLException;

    /**
     * Gives each consent that matches {@code filter} to {@code handler}, oldest consultation first (then by id), one
     * at a time (memory stays flat however many there are), with the newest signed corrections applied.
     *
     * @param withSnapshot whether the handler is given each consent's signed session (else null)
     * @return how many were given
     * @throws E what the handler threw: the read stops there
     */
    <E extends Exception> long each(RecordFilter filter, boolean withSnapshot, ClinicClock clock,
                                    ListedHandler<E> handler) throws SQLException, E;

    /**
     * Every consent that used lot {@code lot} (compared by {@link Identifiers#key}), of {@code product} when given,
     * oldest consultation first, corrections applied.
     */
    List<RecordRow> recall(String lot, String product, ClinicClock clock) throws SQLException;

    /** The catalog's lots with their products, in the order they were added. */
    List<CatalogLot> catalogLots() throws SQLException;

    /** The lots the consents used, by product and compared form (limited to {@code ownLicence}'s consents). */
    List<UsedLot> usedLots(String ownLicence) throws SQLException;

    /** Every product name of the catalog and of the consents (limited to {@code ownLicence}'s), sorted. */
    Set<String> productNames(String ownLicence) throws SQLException;

    /** Every physician's name of the catalog and of the consents (limited to {@code ownLicence}'s), sorted. */
    Set<String> physicianNames(String ownLicence) throws SQLException;

    /**
     * Every document the index holds of the patient whose number has the {@link Identifiers#key} of
     * {@code patientNumber}: their consents, withdrawals and documents of any other kind, and the corrections of
     * these; oldest recording first (then by id). Limited to the documents of {@code ownLicence}'s consents when it is
     * given. Empty when the index holds none.
     */
    List<PatientDocument> patientDocuments(String patientNumber, String ownLicence) throws SQLException;

    /**
     * Patients of earlier consents whose compared number starts with {@link Identifiers#key} of {@code text}, or
     * whose name or reading contains {@code text} (every character literal, none a wildcard), one per compared
     * patient number, newest consultation first: their last consent's details with its signed corrections applied.
     *
     * @param text  stripped, not empty
     * @param clock the clinic's calendar for the last consultation's day
     */
    List<RecordStore.KnownPatient> patients(String text, int limit, ClinicClock clock) throws SQLException;

    // --- the overview ----------------------------------------------------------------------------------------

    /** Consents per month of their consultation ({@code 2026-11}), as the clinic's calendar had it then. */
    SortedMap<String, Long> consentsPerMonth(String ownLicence) throws SQLException;

    /**
     * Withdrawals per month they were recorded in, in {@code clock}'s calendar (a physician: the withdrawals of
     * their consents).
     */
    SortedMap<String, Long> withdrawalsPerMonth(String ownLicence, ClinicClock clock) throws SQLException;

    /**
     * For each check question (its text) the consents' sessions asked: how many answered it, and how many right at
     * their first attempt; by question text. A session that is not JSON is left out.
     */
    Map<String, RecordStore.FirstTime> firstTimeRight(String ownLicence) throws SQLException;

    // --- corrections -------------------------------------------------------------------------------------------

    /** Every correction, oldest first (by the time it was recorded, then id). */
    List<Corrections.Entry> corrections() throws SQLException;

    /** The corrections of one consent, oldest first. */
    List<Corrections.Entry> correctionsOf(String recordId) throws SQLException;

    // --- verification -------------------------------------------------------------------------------------------

    /**
     * Gives every consent and withdrawal to {@code handler} as {@link FactsRow}, in the order they were recorded
     * (then by id), one at a time.
     *
     * @throws E what the handler threw: the read stops there
     */
    <E extends Exception> void eachFactsRow(RowHandler<FactsRow, E> handler) throws SQLException, E;

    /**
     * The {@link FactsRow}s of one record and the documents its status depends on: the record, the withdrawals that
     * refer to it, and the consent it withdraws; in the order they were recorded.
     */
    List<FactsRow> factsRowsAround(String id) throws SQLException;

    /** Gives every consent and withdrawal to {@code handler}, in the order they were recorded (then by id). */
    <E extends Exception> void eachDocument(RowHandler<DocumentRow, E> handler) throws SQLException, E;
}
