package org.exoconsent.records;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.exoconsent.consent.ClinicClock;

/**
 * One record as listed and exported: the index columns, not the PDF. {@code consultationAt} and {@code recordedAt}
 * are ISO 8601 times in the clinic's zone ({@link ClinicClock#iso}); the other dates are ISO days.
 */
@JsonPropertyOrder({"id", "status", "consultationAt", "recordedAt", "patientNumber", "patientName", "patientKana",
        "patientBirth", "patientPhone", "patientAddress", "representative", "physicianName", "physicianLicence",
        "indication", "route", "plannedDate", "productName", "lotNumber", "lotExpiry", "templateId",
        "templateVersion", "language", "pdfPath", "pdfSha256", "pdfSize"})
public record RecordRow(String id, String status, String consultationAt, String recordedAt, String patientNumber,
                        String patientName, String patientKana, String patientBirth, String patientPhone,
                        String patientAddress, String representative, String physicianName, String physicianLicence,
                        String indication, String route, String plannedDate, String productName, String lotNumber,
                        String lotExpiry, String templateId, String templateVersion, String language,
                        String pdfPath, String pdfSha256, long pdfSize) {

    static final String COLUMNS = "id, status, consultation_at, recorded_at, patient_number, patient_name, "
            + "patient_kana, patient_birth, patient_phone, patient_address, representative, physician_name, "
            + "physician_licence, indication, route, planned_date, product_name, lot_number, lot_expiry, template_id, "
            + "template_version, language, pdf_path, pdf_sha256, pdf_size";

    /**
     * The row under the cursor, its two times shown in the clinic's zone as ISO 8601 to the second
     * ({@code 2026-11-20T10:00:00+09:00}): the consultation (stored with the offset the session was written with) and
     * the recording (stored as an instant).
     */
    static RecordRow of(ResultSet rs, ClinicClock clock) throws SQLException {
        int i = 1;
        return new RecordRow(rs.getString(i++), rs.getString(i++),
                clock.iso(java.time.OffsetDateTime.parse(rs.getString(i++))),
                clock.iso(java.time.Instant.parse(rs.getString(i++))),
                rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++),
                rs.getLong(i));
    }
}
